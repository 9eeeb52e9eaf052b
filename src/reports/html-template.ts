/**
 * A tagged template that escapes every interpolated value unless it is already SafeHtml. Resource
 * names, tags, messages and exception reasons come from the estate and from people; building the
 * page only through `html\`…\`` means none of them can be interpreted as markup (`<script>` in a
 * bucket name prints as text).
 */
const SAFE: unique symbol = Symbol('safe-html');

export interface SafeHtml {
  readonly [SAFE]: true;
  readonly text: string;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}

/** Marks trusted markup (only literals written in this folder). */
export function raw(text: string): SafeHtml {
  return { [SAFE]: true, text };
}

function isSafe(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && SAFE in value;
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (isSafe(value)) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return raw(out);
}
