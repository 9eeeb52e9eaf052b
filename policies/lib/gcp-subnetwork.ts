/** VPC subnetwork input shape (@pulumi/gcp `compute.Subnetwork`). */
import { isSecret, text } from './values.ts';

export const SUBNETWORK = 'gcp:compute/subnetwork:Subnetwork';

export interface SubnetworkProps {
  ipCidrRange: string;
  network: string;
  region: string;
  purpose: string;
  privateIpGoogleAccess: boolean;
  logConfig: { aggregationInterval?: string; flowSampling?: number; metadata?: string };
}

/**
 * Proxy-only, Private Service Connect and Private NAT subnets carry no VM traffic: they support
 * neither flow logs nor Private Google Access. An unset purpose is PRIVATE (ordinary VMs).
 */
export function carriesVmTraffic(props: Record<string, unknown>): boolean {
  if (isSecret(props.purpose)) return false;
  const purpose = text(props.purpose) ?? 'PRIVATE';
  return purpose === 'PRIVATE' || purpose === 'PRIVATE_RFC_1918';
}
