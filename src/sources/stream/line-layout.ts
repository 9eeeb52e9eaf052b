/**
 * Where an array element probably ends, read from how exports are laid out, at the cost of a
 * native `indexOf` instead of a scan of every character: either the element is one line (`{…},`
 * then a newline, as in compact-per-line files), or it is indented and its closing bracket starts
 * a line at the opening line's indentation (`JSON.stringify(…, null, 4)`, the Pulumi CLI). It is
 * only a guess: the caller keeps it when JSON.parse accepts the slice, which proves it, since a
 * slice that starts at the element's opening bracket and parses whole ends at its matching one.
 */
import { COMMA, NEWLINE } from './chars.ts';

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/** `{` → `}`, `[` → `]`: two code points on. */
function closerOf(opener: number): number {
  return opener + 2;
}

export class LineLayout {
  private indent = '';
  private needle = '';

  /** The index just past the guessed end of the container opening at `text[at]`, or -1 without a guess in `text`. */
  end(text: string, at: number): number {
    const opener = text.charCodeAt(at);
    const newline = text.indexOf('\n', at + 1);
    if (newline < 0) return -1;
    let last = newline - 1;
    while (isBlank(text.charCodeAt(last))) last--;
    if (text.charCodeAt(last) === COMMA) {
      last--;
      while (isBlank(text.charCodeAt(last))) last--;
    }
    if (text.charCodeAt(last) === closerOf(opener)) return last + 1;
    if (last !== at) return -1;
    return this.indented(text, at, newline);
  }

  /** The opening bracket ends its line: find the next line that is the same indentation and the closer. */
  private indented(text: string, at: number, newline: number): number {
    let lineStart = at;
    while (lineStart > 0 && isBlank(text.charCodeAt(lineStart - 1))) lineStart--;
    if (lineStart === 0 || text.charCodeAt(lineStart - 1) !== NEWLINE) return -1;
    const indent = text.slice(lineStart, at);
    if (indent !== this.indent || this.needle.charCodeAt(this.needle.length - 1) !== closerOf(text.charCodeAt(at))) {
      this.indent = indent;
      this.needle = '\n' + indent + String.fromCharCode(closerOf(text.charCodeAt(at)));
    }
    const found = text.indexOf(this.needle, newline);
    return found < 0 ? -1 : found + this.needle.length;
  }
}
