import { createHash } from 'node:crypto';

/** One violation per (policy, resource): the same pair always has the same fingerprint. */
export function fingerprint(policyId: string, resourceKey: string): string {
  return createHash('sha256').update(policyId).update('\u0000').update(resourceKey).digest('hex').slice(0, 32);
}
