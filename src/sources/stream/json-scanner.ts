/**
 * A bounded-memory JSON scanner for documents with one huge array nested in a small envelope (a
 * Pulumi export's `deployment.resources`, a state's `resources`). A `ScanPlan` decides, per
 * container of the envelope, whether to walk into it, stream its elements, build it whole, or
 * skip it. The envelope's grammar is checked here character by character; every value that is
 * not walked (a streamed element, an assembled container, a scalar, a key) is located by
 * value-capture.ts and handed to JSON.parse whole, which builds it natively and checks its syntax.
 * A streamed element's end is first looked up from the line layout (line-layout.ts), which skips
 * the character scan for the files the CLI writes; JSON.parse accepting the slice confirms it.
 * Memory holds one input chunk plus the value being captured, whatever the document's size.
 *
 * Syntax errors are plain Errors (scan-input.ts adds the position); whatever a plan throws (a
 * SweepError about the document's shape) passes through unchanged.
 */
import { CLOSE_BRACE, CLOSE_BRACKET, COLON as COLON_CHAR, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './chars.ts';
import { LineLayout } from './line-layout.ts';
import { ValueCapture } from './value-capture.ts';

/** Keys of objects and indices of arrays from the top level down; `[]` is the document itself. */
export type JsonPath = readonly (string | number)[];

/**
 * What to do with a container of the envelope: `walk` into it (its members reach the plan),
 * `stream` an array's elements, `assemble` it whole (one `value` call), or `skip` it unbuilt.
 */
export type ContainerAction = 'walk' | 'stream' | 'assemble' | 'skip';

export interface ScanPlan {
  /** A container starts at `path` outside any streamed array. May throw to reject the document. */
  open(path: JsonPath, kind: 'object' | 'array'): ContainerAction;
  /** A scalar, or an assembled container, at `path` outside any streamed array. */
  value(path: JsonPath, value: unknown): void;
}

export interface StreamedElement {
  /** Path of the streamed array. */
  array: JsonPath;
  /** Position in that array, from 0. */
  index: number;
  value: unknown;
}

export interface JsonScanner {
  /** Feeds the next piece of text; returns the elements it completed. */
  feed(text: string): StreamedElement[];
  /** Ends the input; throws when the JSON is incomplete. */
  end(): StreamedElement[];
  /** Elements completed so far, over every streamed array. */
  readonly elements: number;
}

/**
 * A container of the envelope being read: walked (members reach the plan), streamed (members are
 * the elements), or skipped (members are parsed, to check their syntax, and dropped).
 */
interface Frame {
  path: JsonPath;
  kind: 'object' | 'array';
  role: 'walk' | 'stream' | 'skip';
  /** The key or index the next member goes to. */
  next: string | number;
}

/** What the envelope expects next (`Expect`), and what an error says it expected. */
const VALUE = 0;
const VALUE_OR_CLOSE = 1;
const KEY_OR_CLOSE = 2;
const KEY = 3;
const COLON = 4;
const COMMA_OR_CLOSE = 5;
const DONE = 6;
type Expect = number;

const EXPECTED: readonly string[] = [
  'expected a value',
  "expected a value or ']'",
  "expected a key or '}'",
  'expected a key',
  "expected ':'",
  "expected ',' or a closing bracket",
  'expected the end of the input',
];

/** Elements in a row the line layout may miss (one ends each chunk) before the scanner stops asking it. */
const GUESS_LIMIT = 8;

function isWhitespace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** `-`, a digit, or the first letter of `true`, `false`, `null`. */
function startsBare(c: number): boolean {
  return c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110;
}

function unexpected(c: number, expect: Expect): Error {
  return new Error(`unexpected ${JSON.stringify(String.fromCharCode(c))}: ${EXPECTED[expect]}`);
}

export function createJsonScanner(plan: ScanPlan): JsonScanner {
  const frames: Frame[] = [];
  const capture = new ValueCapture();
  const layout = new LineLayout();
  /** Streamed elements in a row whose end the line layout did not give: past the limit, it is not tried again. */
  let misses = 0;
  let expect: Expect = VALUE;
  /** The value being captured is a key, or a container the plan asked to assemble. */
  let capturingKey = false;
  let assembling = false;
  let elements = 0;
  let out: StreamedElement[] = [];

  function childPath(): JsonPath {
    const top = frames.at(-1);
    return top ? [...top.path, top.next] : [];
  }

  /** A member of the top container (or the document) is complete. */
  function advance(): void {
    const top = frames.at(-1);
    if (!top) {
      expect = DONE;
      return;
    }
    if (top.kind === 'array') top.next = (top.next as number) + 1;
    expect = COMMA_OR_CLOSE;
  }

  /** A value the envelope was waiting for is complete. */
  function deliver(value: unknown): void {
    if (capturingKey) {
      capturingKey = false;
      frames[frames.length - 1].next = value as string;
      expect = COLON;
      return;
    }
    const top = frames.at(-1);
    if (assembling || !top || top.role === 'walk') {
      assembling = false;
      plan.value(childPath(), value);
    } else if (top.role === 'stream') {
      out.push({ array: top.path, index: top.next as number, value });
      elements++;
    }
    advance();
  }

  /** An element whose end the line layout gives, parsed; the index after it, or -1 to scan it instead. */
  function guessed(text: string, at: number): number {
    const end = layout.end(text, at);
    if (end < 0) {
      misses++;
      return -1;
    }
    let value: unknown;
    try {
      value = JSON.parse(text.slice(at, end));
    } catch {
      // A layout the guess does not fit (or a syntax error, which the scan will report).
      misses = GUESS_LIMIT;
      return -1;
    }
    misses = 0;
    deliver(value);
    return end;
  }

  /** Captures the value starting at `text[at]`; the index to go on from, or -1 when it continues past this text. */
  function take(text: string, at: number): number {
    if (misses < GUESS_LIMIT && frames.at(-1)?.role === 'stream') {
      const c = text.charCodeAt(at);
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        const end = guessed(text, at);
        if (end >= 0) return end;
      }
    }
    capture.begin(text, at);
    const end = capture.scan(text, at + 1);
    if (end >= 0) deliver(JSON.parse(capture.take(text, end)));
    return end;
  }

  /** A container starts at `text[at]` where a value is expected. */
  function open(text: string, at: number, kind: 'object' | 'array'): number {
    const top = frames.at(-1);
    if (top && top.role !== 'walk') return take(text, at);
    const path = childPath();
    const action = plan.open(path, kind);
    if (action === 'assemble') {
      assembling = true;
      return take(text, at);
    }
    // `stream` on an object is a plan bug, but skipping it loses nothing a plan asked to keep whole.
    const role = action === 'walk' ? 'walk' : action === 'stream' && kind === 'array' ? 'stream' : 'skip';
    frames.push({ path, kind, role, next: kind === 'array' ? 0 : '' });
    expect = kind === 'array' ? VALUE_OR_CLOSE : KEY_OR_CLOSE;
    return at + 1;
  }

  function close(c: number, kind: 'object' | 'array'): void {
    const top = frames.at(-1);
    if (!top || top.kind !== kind) throw unexpected(c, expect);
    frames.pop();
    advance();
  }

  function run(text: string): StreamedElement[] {
    out = [];
    const n = text.length;
    let i = 0;
    if (capture.active) {
      const end = capture.scan(text, 0);
      if (end < 0) return out;
      deliver(JSON.parse(capture.take(text, end)));
      i = end;
    }
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isWhitespace(c)) {
        i++;
        continue;
      }
      switch (expect) {
        case VALUE:
        case VALUE_OR_CLOSE:
          if (c === OPEN_BRACE) i = open(text, i, 'object');
          else if (c === OPEN_BRACKET) i = open(text, i, 'array');
          else if (c === QUOTE || startsBare(c)) i = take(text, i);
          else if (c === CLOSE_BRACKET && expect === VALUE_OR_CLOSE) {
            close(c, 'array');
            i++;
          } else throw unexpected(c, expect);
          if (i < 0) return out;
          break;
        case KEY_OR_CLOSE:
        case KEY:
          if (c === QUOTE) {
            capturingKey = true;
            i = take(text, i);
            if (i < 0) return out;
          } else if (c === CLOSE_BRACE && expect === KEY_OR_CLOSE) {
            close(c, 'object');
            i++;
          } else throw unexpected(c, expect);
          break;
        case COLON:
          if (c !== COLON_CHAR) throw unexpected(c, expect);
          expect = VALUE;
          i++;
          break;
        case COMMA_OR_CLOSE:
          if (c === COMMA) expect = frames[frames.length - 1].kind === 'array' ? VALUE : KEY;
          else if (c === CLOSE_BRACKET) close(c, 'array');
          else if (c === CLOSE_BRACE) close(c, 'object');
          else throw unexpected(c, expect);
          i++;
          break;
        case DONE:
          throw unexpected(c, expect);
      }
    }
    return out;
  }

  function end(): StreamedElement[] {
    out = [];
    const bare = capture.takeAtEnd();
    if (bare !== undefined) deliver(JSON.parse(bare));
    else if (capture.active) throw new Error('the input ends inside a string or container');
    if (expect !== DONE) throw new Error(EXPECTED[expect]);
    return out;
  }

  return {
    feed: run,
    end,
    get elements() {
      return elements;
    },
  };
}
