/**
 * Just enough HCL (Terraform's native syntax) to edit resource blocks safely: the structure
 * (blocks with labels, attributes with the exact span of their value expression), and literal
 * values (strings without interpolation, numbers, bools, null, lists and objects of those).
 * Expressions are skipped by bracket, string, template and heredoc matching, never evaluated, so
 * any valid file parses; an attribute whose value is not a literal is simply reported as such.
 */

export interface HclAttribute {
  kind: 'attribute';
  name: string;
  /** Offset of the name. */
  start: number;
  /** Offset of `=`. */
  equals: number;
  valueStart: number;
  /** Offset just past the value expression (trailing spaces and comments excluded). */
  valueEnd: number;
}

export interface HclBlock {
  kind: 'block';
  type: string;
  labels: string[];
  /** Offset of the block type keyword. */
  start: number;
  /** Offsets of `{` and `}`. */
  open: number;
  close: number;
  items: HclItem[];
}

export type HclItem = HclAttribute | HclBlock;

export class HclSyntaxError extends Error {}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_-]/;

function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

function fail(text: string, pos: number, problem: string): never {
  throw new HclSyntaxError(`line ${lineOf(text, pos)}: ${problem}`);
}

/** Skips spaces, tabs, carriage returns and comments; newlines too when `newlines`. */
function skip(text: string, pos: number, newlines: boolean): number {
  let at = pos;
  for (;;) {
    const char = text[at];
    if (char === ' ' || char === '\t' || char === '\r' || (newlines && char === '\n')) at++;
    else if (char === '#' || (char === '/' && text[at + 1] === '/')) {
      while (at < text.length && text[at] !== '\n') at++;
    } else if (char === '/' && text[at + 1] === '*') {
      const close = text.indexOf('*/', at + 2);
      if (close < 0) fail(text, at, 'unterminated /* comment');
      at = close + 2;
    } else return at;
  }
}

function readIdentifier(text: string, pos: number): number {
  if (!IDENT_START.test(text[pos] ?? '')) return pos;
  let at = pos + 1;
  while (at < text.length && IDENT_PART.test(text[at])) at++;
  return at;
}

/** Offset past a quoted string starting at `pos` (which holds `"`), templates included. */
function scanQuoted(text: string, pos: number): number {
  let at = pos + 1;
  while (at < text.length) {
    const char = text[at];
    if (char === '\\') at += 2;
    else if (char === '"') return at + 1;
    else if (char === '\n') fail(text, pos, 'unterminated string');
    else if ((char === '$' || char === '%') && text[at + 1] === char && text[at + 2] === '{') at += 3;
    else if ((char === '$' || char === '%') && text[at + 1] === '{') at = scanExpression(text, at + 2, '}') + 1;
    else at++;
  }
  return fail(text, pos, 'unterminated string');
}

/** Offset past a heredoc starting at `pos` (which holds `<<`), or undefined when it is not one. */
function scanHeredoc(text: string, pos: number): number | undefined {
  const match = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(text.slice(pos, pos + 200));
  if (!match) return undefined;
  const marker = match[1];
  let at = pos + match[0].length;
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end < 0 ? text.length : end);
    if (line.trim() === marker) return at + line.length;
    if (end < 0) break;
    at = end + 1;
  }
  return fail(text, pos, `unterminated heredoc <<${marker}`);
}

/**
 * Offset where the expression starting at `pos` ends: at a newline outside brackets (attribute
 * values), or at the unmatched `stop` bracket (template interpolations), or at an unmatched
 * closing bracket (a one-line block's `}`).
 */
function scanExpression(text: string, pos: number, stop?: string): number {
  const stack: string[] = [];
  let at = pos;
  let lastSignificant = pos;
  while (at < text.length) {
    const char = text[at];
    if (char === '"') {
      at = scanQuoted(text, at);
      lastSignificant = at;
      continue;
    }
    if (char === '<' && text[at + 1] === '<') {
      const end = scanHeredoc(text, at);
      if (end !== undefined) {
        at = end;
        lastSignificant = at;
        continue;
      }
    }
    if (char === '#' || (char === '/' && (text[at + 1] === '/' || text[at + 1] === '*'))) {
      at = skip(text, at, false);
      continue;
    }
    if (char === '\n' && stack.length === 0 && stop === undefined) return lastSignificant;
    if (char === '(' || char === '[' || char === '{') stack.push(char === '(' ? ')' : char === '[' ? ']' : '}');
    else if (char === ')' || char === ']' || char === '}') {
      if (stack.length === 0) {
        if (stop !== undefined && char !== stop) fail(text, at, `unexpected "${char}"`);
        return stop !== undefined ? at : lastSignificant;
      }
      if (stack.pop() !== char) fail(text, at, `unbalanced "${char}"`);
    }
    at++;
    if (!/\s/.test(char)) lastSignificant = at;
  }
  if (stack.length > 0 || stop !== undefined) fail(text, pos, 'unterminated expression');
  return lastSignificant;
}

function readLabel(text: string, pos: number): { label: string; end: number } | undefined {
  if (text[pos] === '"') {
    const end = scanQuoted(text, pos);
    return { label: JSON.parse(text.slice(pos, end)) as string, end };
  }
  const end = readIdentifier(text, pos);
  return end > pos ? { label: text.slice(pos, end), end } : undefined;
}

function parseBody(text: string, pos: number, closing: boolean): { items: HclItem[]; end: number } {
  const items: HclItem[] = [];
  let at = pos;
  for (;;) {
    at = skip(text, at, true);
    if (at >= text.length) {
      if (closing) fail(text, pos, 'block is never closed');
      return { items, end: at };
    }
    if (text[at] === '}') {
      if (!closing) fail(text, at, 'unexpected "}"');
      return { items, end: at };
    }
    const start = at;
    const nameEnd = readIdentifier(text, at);
    if (nameEnd === at) fail(text, at, `unexpected "${text[at]}"`);
    const name = text.slice(start, nameEnd);
    let next = skip(text, nameEnd, false);
    if (text[next] === '=' && text[next + 1] !== '=') {
      const valueStart = skip(text, next + 1, false);
      const valueEnd = scanExpression(text, valueStart);
      items.push({ kind: 'attribute', name, start, equals: next, valueStart, valueEnd });
      at = valueEnd;
      continue;
    }
    const labels: string[] = [];
    while (text[next] !== '{') {
      const label = readLabel(text, next);
      if (!label) fail(text, next, `expected "=" or a block after "${name}"`);
      labels.push(label.label);
      next = skip(text, label.end, false);
    }
    const body = parseBody(text, next + 1, true);
    items.push({ kind: 'block', type: name, labels, start, open: next, close: body.end, items: body.items });
    at = body.end + 1;
  }
}

/** The file's top-level items. Throws HclSyntaxError (with a line) on text that is not HCL. */
export function parseHcl(text: string): HclItem[] {
  return parseBody(text, 0, false).items;
}

// --- literal values ---------------------------------------------------------------------------

class NotLiteral extends Error {}

function unescapeString(body: string): string {
  if (/(^|[^$])\$\{/.test(body) || /(^|[^%])%\{/.test(body)) throw new NotLiteral();
  return body.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{').replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, escape: string) => {
    switch (escape[0]) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(escape.slice(1), 16));
      default:
        return escape;
    }
  });
}

function literalAt(text: string, pos: number, end: number): { value: unknown; end: number } {
  const at = skip(text, pos, true);
  const char = text[at];
  if (char === '"') {
    const close = scanQuoted(text, at);
    return { value: unescapeString(text.slice(at + 1, close - 1)), end: close };
  }
  const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, end));
  if (number && !IDENT_PART.test(text[at + number[0].length] ?? '')) return { value: Number(number[0]), end: at + number[0].length };
  const word = text.slice(at, readIdentifier(text, at));
  if (word === 'true' || word === 'false') return { value: word === 'true', end: at + word.length };
  if (word === 'null') return { value: null, end: at + word.length };
  if (char === '[') {
    const items: unknown[] = [];
    let next = skip(text, at + 1, true);
    while (text[next] !== ']') {
      const item = literalAt(text, next, end);
      items.push(item.value);
      next = skip(text, item.end, true);
      if (text[next] === ',') next = skip(text, next + 1, true);
      else if (text[next] !== ']') throw new NotLiteral();
    }
    return { value: items, end: next + 1 };
  }
  if (char === '{') {
    const object: Record<string, unknown> = {};
    let next = skip(text, at + 1, true);
    while (text[next] !== '}') {
      let key: string;
      if (text[next] === '"') {
        const close = scanQuoted(text, next);
        key = unescapeString(text.slice(next + 1, close - 1));
        next = close;
      } else {
        const keyEnd = readIdentifier(text, next);
        if (keyEnd === next) throw new NotLiteral();
        key = text.slice(next, keyEnd);
        next = keyEnd;
      }
      next = skip(text, next, false);
      if (text[next] !== '=' && text[next] !== ':') throw new NotLiteral();
      const item = literalAt(text, next + 1, end);
      Object.defineProperty(object, key, { value: item.value, enumerable: true, writable: true, configurable: true });
      next = skip(text, item.end, true);
      if (text[next] === ',') next = skip(text, next + 1, true);
    }
    return { value: object, end: next + 1 };
  }
  throw new NotLiteral();
}

/** The value of a literal expression, or undefined (`{ literal: false }`) for references, calls, interpolation. */
export function hclLiteral(text: string, start: number, end: number): { literal: true; value: unknown } | { literal: false } {
  try {
    const parsed = literalAt(text, start, end);
    if (skip(text, parsed.end, true) < end) return { literal: false };
    return { literal: true, value: parsed.value };
  } catch (error) {
    if (error instanceof NotLiteral || error instanceof HclSyntaxError) return { literal: false };
    throw error;
  }
}

// --- writing values ---------------------------------------------------------------------------

export function hclString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, '$${')
    .replace(/%\{/g, '%%{');
  return `"${escaped}"`;
}

function hclKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : hclString(key);
}

/** A value as an HCL expression (objects as `{ key = value }`). Throws on what HCL cannot hold. */
export function renderHcl(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} in HCL`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(renderHcl).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([key, item]) => `${hclKey(key)} = ${renderHcl(item)}`).join(', ')} }`;
  }
  throw new Error(`cannot write a ${typeof value} in HCL`);
}

export function lineNumberOf(text: string, pos: number): number {
  return lineOf(text, pos);
}
