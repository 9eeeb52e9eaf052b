/**
 * Deterministic name-based UUIDs (RFC 4122 version 5: SHA-1 of namespace + name). Exports derive
 * every identifier from stable keys (fingerprints, resource keys, control ids), so exporting the
 * same backlog twice produces byte-identical ids and re-exports diff cleanly.
 */
import { createHash } from 'node:crypto';

/** sweep's namespace: the v5 UUID of its project URL in RFC 4122's URL namespace. */
export const SWEEP_NAMESPACE = uuidV5('https://github.com/sweep', '6ba7b811-9dad-11d1-80b4-00c04fd430c8');

export function uuidV5(name: string, namespace: string = SWEEP_NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replaceAll('-', ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
