/**
 * Finds where one JSON value ends in text that arrives in chunks, and keeps that value's text so
 * it can go to JSON.parse whole. Only what locates the end is tracked: strings (with backslash
 * escapes), and the brackets open inside containers. Everything else (numbers, literals, escapes,
 * control characters) is left for JSON.parse to check. Scanning resumes where the last chunk ran
 * out, so a value spread over many chunks is read once, and its earlier pieces are joined once.
 */

import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './chars.ts';

/** Characters that can continue a number or a literal (`true`, `false`, `null`). */
function isBareChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 46 || c === 43 || c === 45;
}

/** Whether the run of backslashes ending just before `end` (and not before `floor`) has odd length. */
function oddBackslashes(text: string, floor: number, end: number): boolean {
  let k = end - 1;
  while (k >= floor && text.charCodeAt(k) === BACKSLASH) k--;
  return ((end - 1 - k) & 1) === 1;
}

export class ValueCapture {
  /** A value is being captured (begun and not yet ended). */
  active = false;
  /** The value is a number or literal: it ends at the first character that cannot continue it. */
  private bare = false;
  private inString = false;
  /** The last chunk ended inside a string on an unpaired backslash: the next character is escaped. */
  private escaped = false;
  /** Open brackets inside the value, innermost last: a closing one must match. */
  private readonly opens: number[] = [];
  private depth = 0;
  /** Where the value starts in the current chunk (0 once it has continued from an earlier chunk). */
  private start = 0;
  /** The value's text from earlier chunks. */
  private readonly pieces: string[] = [];

  /** Starts capturing the value whose first character is `text[at]`. */
  begin(text: string, at: number): void {
    const c = text.charCodeAt(at);
    this.active = true;
    this.start = at;
    this.depth = 0;
    this.inString = c === QUOTE;
    this.bare = !this.inString && c !== OPEN_BRACE && c !== OPEN_BRACKET;
    this.escaped = false;
    if (c === OPEN_BRACE || c === OPEN_BRACKET) this.opens[this.depth++] = c;
  }

  /**
   * Scans `text` from `from`: the index just past the value's end, or -1 when the text runs out
   * first (its part of the value is kept, and the next chunk continues from its start).
   */
  scan(text: string, from: number): number {
    const end = this.bare ? this.scanBare(text, from) : this.scanNested(text, from);
    if (end >= 0) return end;
    if (this.start < text.length) this.pieces.push(text.slice(this.start));
    this.start = 0;
    return -1;
  }

  /** The captured value's text, ending at `end` of the chunk `scan` found it in; ends the capture. */
  take(text: string, end: number): string {
    this.active = false;
    const tail = text.slice(this.start, end);
    if (this.pieces.length === 0) return tail;
    this.pieces.push(tail);
    const whole = this.pieces.join('');
    this.pieces.length = 0;
    return whole;
  }

  /** At the end of the input: the text of a number or literal still open, which the end completes. */
  takeAtEnd(): string | undefined {
    if (!this.active || !this.bare) return undefined;
    return this.take('', 0);
  }

  private scanBare(text: string, from: number): number {
    for (let i = from; i < text.length; i++) if (!isBareChar(text.charCodeAt(i))) return i;
    return -1;
  }

  private scanNested(text: string, from: number): number {
    const n = text.length;
    const opens = this.opens;
    let depth = this.depth;
    let inString = this.inString;
    let i = from;
    if (this.escaped && i < n) {
      this.escaped = false;
      i++;
    }
    // Backslashes before `floor` were already paired up (or are outside the string).
    let floor = i;
    while (i < n) {
      if (inString) {
        const quote = text.indexOf('"', i);
        if (quote < 0) {
          this.escaped = oddBackslashes(text, floor, n);
          i = n;
          break;
        }
        i = quote + 1;
        if (oddBackslashes(text, floor, quote)) continue;
        inString = false;
        if (depth === 0) return this.ended(i);
        continue;
      }
      const c = text.charCodeAt(i++);
      if (c === QUOTE) {
        inString = true;
        floor = i;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        opens[depth++] = c;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        // `}` and `]` are two code points after `{` and `[`.
        if (depth === 0 || opens[--depth] !== c - 2) throw new Error(`unexpected '${String.fromCharCode(c)}'`);
        if (depth === 0) return this.ended(i);
      }
    }
    this.depth = depth;
    this.inString = inString;
    return -1;
  }

  private ended(end: number): number {
    this.inString = false;
    this.depth = 0;
    return end;
  }
}
