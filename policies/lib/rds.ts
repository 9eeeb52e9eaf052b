/**
 * Aurora instances take storage encryption, backups, Multi-AZ and deletion protection from their
 * cluster (aws.rds.Cluster), so instance-level rules about those leave them alone rather than
 * report settings the instance cannot have.
 */
import { present, text } from './values.ts';

export function isAurora(props: { engine?: unknown }): boolean {
  return text(props.engine)?.startsWith('aurora') ?? false;
}

/** A read replica inherits encryption and backups from its source. */
export function isReplica(props: { replicateSourceDb?: unknown }): boolean {
  return present(props.replicateSourceDb);
}
