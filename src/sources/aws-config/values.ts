/**
 * Small readers for AWS Config configurations: the API's values may be missing, null, or empty
 * strings where Pulumi's inputs would simply be unset. Every writer here drops those, so props
 * hold only what the resource actually declares.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A non-empty string, else undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Unset (undefined, null, empty string) as opposed to a real value such as `false` or `0`. */
export function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** Copies the set entries only; the result is what a person would have written in a program. */
export function compact(entries: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (isUnset(value)) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out;
}

/**
 * Renames fields by a table (`{ dBInstanceClass: 'instanceClass' }`), dropping unset values.
 * Tables are data so a reader sees the whole Config → Pulumi mapping of a type in one place.
 */
export function rename(source: Record<string, unknown>, table: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const from in table) {
    const value = source[from];
    if (!isUnset(value)) out[table[from]] = value;
  }
  return out;
}

function lowerFirst(key: string): string {
  const first = key.charCodeAt(0);
  return first >= 0x41 && first <= 0x5a ? key[0].toLowerCase() + key.slice(1) : key;
}

/**
 * `{ MetadataOptions: { HttpTokens } }` → `{ metadataOptions: { httpTokens } }`, recursively,
 * dropping unset values. Newer Config types record CloudFormation's PascalCase shapes, whose
 * names are otherwise the ones Pulumi uses.
 */
export function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (isUnset(entry)) continue;
    Object.defineProperty(out, lowerFirst(key), { value: camelKeys(entry), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The last `/`-separated part of an ARN: `arn:aws:iam::1:instance-profile/web` → `web`. */
export function arnName(arn: unknown): string | undefined {
  const text = str(arn);
  if (!text) return undefined;
  const slash = text.lastIndexOf('/');
  return slash < 0 ? undefined : text.slice(slash + 1) || undefined;
}
