/** Cloud SQL instance input shape (@pulumi/gcp `sql.DatabaseInstance`) and its nested blocks. */
import { dig, setIn } from './k8s-workload.ts';
import { present, record } from './values.ts';

export const DATABASE_INSTANCE = 'gcp:sql/databaseInstance:DatabaseInstance';

export interface DatabaseInstanceProps {
  databaseVersion: string;
  masterInstanceName: string;
  settings: {
    tier?: string;
    ipConfiguration?: {
      ipv4Enabled?: boolean;
      privateNetwork?: string;
      requireSsl?: boolean;
      sslMode?: string;
      authorizedNetworks?: { name?: string; value?: string; expirationTime?: string }[];
    };
    backupConfiguration?: { enabled?: boolean; pointInTimeRecoveryEnabled?: boolean; binaryLogEnabled?: boolean; startTime?: string };
  };
}

/** A read replica: backups and some settings come from its primary. */
export function isReplica(props: Record<string, unknown>): boolean {
  return present(props.masterInstanceName);
}

export function ipConfiguration(props: Record<string, unknown>): unknown {
  return dig(props, 'settings', 'ipConfiguration');
}

/** The instance with fields of settings.ipConfiguration replaced (or, with `undefined`, removed). */
export function withIpConfiguration(props: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...(record(ipConfiguration(props)) ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return setIn(props, ['settings', 'ipConfiguration'], next);
}
