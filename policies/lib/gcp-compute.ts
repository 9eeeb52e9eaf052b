/** Compute Engine instance input shape (@pulumi/gcp `compute.Instance`) and its metadata keys. */
import { dig } from './k8s-workload.ts';
import { isSecret, record } from './values.ts';

export const INSTANCE = 'gcp:compute/instance:Instance';

export interface InstanceProps {
  name: string;
  machineType: string;
  zone: string;
  bootDisk: { initializeParams?: { image?: string } };
  metadata: Record<string, string>;
  serviceAccount: { email?: string; scopes?: string[] };
  shieldedInstanceConfig: { enableSecureBoot?: boolean; enableVtpm?: boolean; enableIntegrityMonitoring?: boolean };
}

/** A metadata key's value as Compute Engine reads booleans (TRUE/true/1/yes/on); undefined when unset or masked. */
export function metadataFlag(props: Record<string, unknown>, key: string): boolean | undefined {
  const value = dig(props, 'metadata', key);
  if (value === undefined || value === null || isSecret(value)) return undefined;
  if (typeof value === 'boolean') return value;
  return ['true', '1', 'yes', 'y', 'on'].includes(String(value).trim().toLowerCase());
}

export function metadataMasked(props: Record<string, unknown>, key: string): boolean {
  return isSecret(props.metadata) || isSecret(dig(props, 'metadata', key));
}

/** The instance with one metadata key set, the others kept. */
export function withMetadata(props: Record<string, unknown>, key: string, value: string): Record<string, unknown> {
  return { ...props, metadata: { ...(record(props.metadata) ?? {}), [key]: value } };
}
