/**
 * Readers for property bags that may come from any source: a Pulumi program, a state file, a
 * Terraform export, AWS Config. Values can be missing, secret-masked, spelled as strings, or (for
 * Terraform nested blocks) wrapped in one-element arrays. Each reader returns `undefined` for
 * "unknown", and validators never report a violation on an unknown value they cannot see.
 */

/**
 * What sources put in place of every secret value. It mirrors `SECRET_MARKER` in
 * src/sources/resource.ts; the library keeps its own copy so it never imports engine code, and
 * test/policies keeps the two equal.
 */
export const SECRET_MARKER = '[secret]';

export function isSecret(value: unknown): boolean {
  return value === SECRET_MARKER;
}

/** true/false, also when a string-typed export spells them `"true"`/`"false"`. */
export function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** A finite number, also when spelled as a numeric string. */
export function count(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '' && !isSecret(value)) {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** A non-empty string that is not the secret marker. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && !isSecret(value) ? value : undefined;
}

/** Set to something, possibly a secret we cannot read: validators give such values the benefit of the doubt. */
export function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** A list, or a single object standing for a one-element list (inline blocks are written both ways). */
export function many(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value !== null && typeof value === 'object' ? [value] : [];
}

/** The elements of a list; anything else is an empty list. */
export function items(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A plain object; a one-element array of one is unwrapped (Terraform nested blocks). */
export function record(value: unknown): Record<string, unknown> | undefined {
  const candidate = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (candidate === null || typeof candidate !== 'object' || Array.isArray(candidate)) return undefined;
  return candidate as Record<string, unknown>;
}

/** The type token @pulumi/policy attaches to resource classes (the same thing `isType` compares). */
export function pulumiType(resourceClass: unknown): string {
  const type = (resourceClass as { __pulumiType?: unknown }).__pulumiType;
  if (typeof type !== 'string') throw new Error('resource class has no __pulumiType');
  return type;
}

export function pulumiTypes(...resourceClasses: unknown[]): ReadonlySet<string> {
  return new Set(resourceClasses.map(pulumiType));
}

/** Quotes a value for a message, or says it is unset. */
export function shown(value: unknown): string {
  if (value === undefined || value === null) return 'unset';
  return JSON.stringify(value);
}
