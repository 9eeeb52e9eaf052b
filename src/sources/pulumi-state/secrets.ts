import { PULUMI_SECRET_SIG_VALUE, PULUMI_SECRET_SIGNATURE, SECRET_MARKER } from '../resource.ts';

/**
 * Replaces every Pulumi secret (`{ "4dabf…": "1b47…", "ciphertext" | "plaintext" | "value": … }`)
 * with SECRET_MARKER, at any depth. Copy-on-write: containers without secrets are returned as
 * they are, so the common case (no secrets) allocates nothing on the hot path. The signature alone
 * decides: an envelope with an unexpected payload field is still a secret.
 */
export function redactSecrets(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return redactArray(value);
  const record = value as Record<string, unknown>;
  if (record[PULUMI_SECRET_SIGNATURE] === PULUMI_SECRET_SIG_VALUE) return SECRET_MARKER;
  let copy: Record<string, unknown> | undefined;
  for (const key in record) {
    const item = record[key];
    if (typeof item !== 'object' || item === null) continue;
    const next = redactSecrets(item);
    if (next === item) continue;
    copy ??= { ...record };
    // defineProperty, not assignment: a `__proto__` key from JSON.parse must stay a plain key.
    Object.defineProperty(copy, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return copy ?? record;
}

function redactArray(items: unknown[]): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item !== 'object' || item === null) continue;
    const next = redactSecrets(item);
    if (next === item) continue;
    copy ??= items.slice();
    copy[i] = next;
  }
  return copy ?? items;
}

/** Redacts a property bag; the result is always a plain object (an absent bag becomes `{}`). */
export function redactProps(props: Record<string, unknown> | undefined): Record<string, unknown> {
  if (props === undefined || props === null || typeof props !== 'object') return {};
  const redacted = redactSecrets(props);
  // A whole bag marked secret has no shape left to keep; policies then see no properties.
  return typeof redacted === 'object' ? (redacted as Record<string, unknown>) : {};
}
