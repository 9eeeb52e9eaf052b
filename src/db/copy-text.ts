/**
 * Encoding for PostgreSQL's COPY text format: tab-separated, `\N` for null, backslash escapes.
 * Used by both backends, so the same rows land the same way in Postgres and PGlite.
 */
export type CopyValue = string | number | boolean | null | undefined | Date | object;

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES = /[\\\t\n\r]/g;
const JSON_ESCAPE = /\\(u[0-9a-fA-F]{4}|[^u])/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One JSON escape (`\n`, `\\`, `\u00e9`) as COPY text: its backslashes doubled; `\u0000` dropped. */
function copyJsonEscape(_: string, escape: string): string {
  if (escape === 'u0000') return '';
  return escape === '\\' ? '\\\\\\\\' : '\\\\' + escape;
}

function escapeText(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPES, (ch) => ESCAPED[ch]) : value;
}

export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escapeText(value.includes('\u0000') ? value.replaceAll('\u0000', '') : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  // jsonb: JSON cannot hold a raw NUL in text either; \u0000 escapes are rejected by jsonb, so drop them.
  // JSON.stringify escapes every control character, so a backslash is the only byte left to escape.
  // Escapes are matched whole and left to right, so an escaped backslash before "u0000" is kept.
  const json = JSON.stringify(value);
  return json.includes('\\') ? json.replace(JSON_ESCAPE, copyJsonEscape) : json;
}

export function copyLine(values: readonly CopyValue[]): string {
  return values.map(copyField).join('\t');
}
