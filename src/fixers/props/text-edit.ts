/**
 * Plain text edits at known offsets, plus the line-aware helpers that keep an edit looking like
 * the code around it: a new property goes on its own line with its neighbours' indentation when
 * the list is one-per-line, a removed one takes its whole line (trailing comment included), and
 * nothing outside the edited span moves. Everything else in the file stays byte-for-byte.
 */

/** A file's line ending, when it uses CRLF throughout; anything else is edited as it is, with LF. */
export type LineEnding = '\n' | '\r\n';

export function lineEndingOf(text: string): LineEnding {
  return text.includes('\r\n') && !/(^|[^\r])\n/.test(text) ? '\r\n' : '\n';
}

/** Edits are computed on LF text; a CRLF file is converted for the edit and back after it. */
export function toLf(text: string, ending: LineEnding): string {
  return ending === '\r\n' ? text.replace(/\r\n/g, '\n') : text;
}

export function fromLf(text: string, ending: LineEnding): string {
  return ending === '\r\n' ? text.replace(/\n/g, '\r\n') : text;
}

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits (any order given). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const edit of sorted) {
    if (edit.end > limit) throw new Error(`overlapping edits at ${edit.start}-${edit.end}`);
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    limit = edit.start;
  }
  return out;
}

export function lineStartOf(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** Offset of the newline ending the line that holds `pos` (or the text's end). */
export function lineEndOf(text: string, pos: number): number {
  const at = text.indexOf('\n', pos);
  return at < 0 ? text.length : at;
}

export function indentAt(text: string, pos: number): string {
  const start = lineStartOf(text, pos);
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** True when only whitespace precedes `pos` on its line. */
export function startsLine(text: string, pos: number): boolean {
  return text.slice(lineStartOf(text, pos), pos).trim() === '';
}

/** True when the span holds only whitespace and comments (`//`, `/* *\/`; `#` too when `hash`). */
export function isTrivia(span: string, hash = false): boolean {
  let rest = span.replace(/\/\*[\s\S]*?\*\//g, '');
  rest = rest.replace(/\/\/[^\n]*/g, '');
  if (hash) rest = rest.replace(/#[^\n]*/g, '');
  return rest.trim() === '';
}

/** Offset just past whitespace and comments from `pos` (TypeScript comment syntax). */
export function skipTrivia(text: string, pos: number): number {
  let at = pos;
  for (;;) {
    while (at < text.length && /\s/.test(text[at])) at++;
    if (text.startsWith('//', at)) at = lineEndOf(text, at);
    else if (text.startsWith('/*', at)) {
      const close = text.indexOf('*/', at + 2);
      at = close < 0 ? text.length : close + 2;
    } else return at;
  }
}

/** The offset of the comma after an item (past trivia), or undefined when the item is last without one. */
export function commaAfter(text: string, end: number): number | undefined {
  const at = skipTrivia(text, end);
  return text[at] === ',' ? at : undefined;
}

/** The offset of the comma before an item (past trivia, backwards), for removing a last item. */
export function commaBefore(text: string, start: number): number | undefined {
  let at = start - 1;
  while (at >= 0 && /\s/.test(text[at])) at--;
  return text[at] === ',' ? at : undefined;
}

export interface ListItem {
  start: number;
  end: number;
}

export interface ListShape {
  /** Offset of `{` or `[`. */
  open: number;
  /** Offset of `}` or `]`. */
  close: number;
  items: readonly ListItem[];
}

/**
 * The edit that inserts `render(indent)` as item `index` of a comma-separated list. One-per-line
 * lists get a new line with the neighbours' indentation (and a trailing comma when the list uses
 * them); inline lists get `, item`.
 */
export function insertItem(text: string, list: ListShape, index: number, render: (indent: string) => string, unit: string): TextEdit[] {
  const { items } = list;
  if (items.length === 0) {
    const inner = text.slice(list.open + 1, list.close);
    if (inner.trim() === '') {
      const pad = text[list.open] === '{' ? ' ' : '';
      return [{ start: list.open + 1, end: list.close, text: `${pad}${render(indentAt(text, list.open))}${pad}` }];
    }
    // Only comments inside: keep them, put the item on its own line after the bracket.
    const indent = indentAt(text, list.open) + unit;
    return [{ start: list.open + 1, end: list.open + 1, text: `\n${indent}${render(indent)},` }];
  }
  const multiline = startsLineAfter(text, list.open, items[0].start);
  if (index < items.length) {
    const before = items[index];
    if (multiline && startsLine(text, before.start)) {
      const indent = indentAt(text, before.start);
      return [{ start: lineStartOf(text, before.start), end: lineStartOf(text, before.start), text: `${indent}${render(indent)},\n` }];
    }
    return [{ start: before.start, end: before.start, text: `${render(indentAt(text, before.start))}, ` }];
  }
  const last = items[items.length - 1];
  const comma = commaAfter(text, last.end);
  const afterLast = comma === undefined ? last.end : comma + 1;
  const lineEnd = lineEndOf(text, afterLast);
  if (multiline && startsLine(text, last.start) && isTrivia(text.slice(afterLast, lineEnd)) && lineEnd < list.close) {
    const indent = indentAt(text, last.start);
    const edits: TextEdit[] = [{ start: lineEnd, end: lineEnd, text: `\n${indent}${render(indent)}${comma === undefined ? '' : ','}` }];
    if (comma === undefined) edits.push({ start: last.end, end: last.end, text: ',' });
    return edits;
  }
  const indent = indentAt(text, last.start);
  if (comma !== undefined) return [{ start: comma + 1, end: comma + 1, text: ` ${render(indent)},` }];
  return [{ start: last.end, end: last.end, text: `, ${render(indent)}` }];
}

/** True when the first item is on a later line than the opening bracket: the list is written one item per line. */
function startsLineAfter(text: string, open: number, firstStart: number): boolean {
  return text.slice(open, firstStart).includes('\n');
}

/** The edit that removes item `index` with its comma, taking its whole line when it has one to itself. */
export function removeItem(text: string, list: ListShape, index: number): TextEdit {
  const item = list.items[index];
  const comma = commaAfter(text, item.end);
  const afterItem = comma === undefined ? item.end : comma + 1;
  const lineEnd = lineEndOf(text, afterItem);
  if (startsLine(text, item.start) && isTrivia(text.slice(afterItem, lineEnd)) && lineEnd < list.close) {
    return { start: lineStartOf(text, item.start), end: lineEnd + 1, text: '' };
  }
  if (comma !== undefined) {
    let end = comma + 1;
    while (text[end] === ' ') end++;
    return { start: item.start, end, text: '' };
  }
  const previous = commaBefore(text, item.start);
  if (previous !== undefined) return { start: previous, end: item.end, text: '' };
  return { start: item.start, end: item.end, text: '' };
}
