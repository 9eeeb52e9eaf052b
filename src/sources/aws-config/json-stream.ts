/**
 * Streams a JSON document whose top level is an object with one (or more) large arrays in it: an
 * AWS Config snapshot's `configurationItems`, a `kubectl get -o json` List's `items`. Elements of
 * the named arrays come out one by one as they are parsed (stream-json's tokenizer and
 * Assembler), every other top-level field comes out whole, so memory holds one element at a time
 * however large the file is.
 *
 * The tokenizer's own errors carry no position. A file is therefore read a second time through
 * stream-json's verifier when parsing fails (the error path only: verifying costs twice what
 * parsing does); stdin cannot be re-read, so there the verifier runs alongside the parser.
 */
import Assembler from 'stream-json/assembler.js';
import { jsonParser, type Token } from 'stream-json/parser.js';
import { jsonVerifier } from 'stream-json/utils/verifier.js';
import { SweepError } from '../../errors.ts';
import type { TextInput } from './input.ts';

export type JsonEvent =
  | { kind: 'field'; key: string; value: unknown }
  /** A streamed array starts (so an empty one is still seen). */
  | { kind: 'array'; key: string }
  | { kind: 'item'; key: string; index: number; value: unknown };

export interface StreamOptions {
  /** Top-level keys whose array value is streamed element by element. */
  arrays: ReadonlySet<string>;
  /** What the document should be, for the top-level error: `an AWS Config export`. */
  expected: string;
  /** Hints for syntax errors: one for empty or truncated input, one for anything else. */
  hints: { truncated: string; invalid: string };
}

// stream-chain's protocol values, registered globally (Symbol.for) so any library can speak it:
// a flushable stage is called with `none` at the end of input and returns `many(values)` batches.
const NONE = Symbol.for('object-stream.none');
const MANY = Symbol.for('object-stream.many');

type Stage = (input: string | typeof NONE) => unknown;

function tokensOf(output: unknown): Token[] {
  if (output === NONE || output === undefined) return [];
  if ((output as Record<symbol, unknown>)[MANY] === 1) return (output as { values: Token[] }).values;
  return [output as Token];
}

interface VerifierFailure {
  message: string;
  line: number;
  pos: number;
}

function isVerifierFailure(error: unknown): error is VerifierFailure {
  return error instanceof Error && typeof (error as Partial<VerifierFailure>).line === 'number';
}

function syntaxError(input: TextInput, options: StreamOptions, cause: unknown, truncated: boolean): SweepError {
  const raw = cause instanceof Error ? cause.message : String(cause);
  const detail = raw.replace(/^ERROR at \d+ \(\d+, \d+\): /, '').replace(/^(Verifier|Parser) (cannot parse input: |has )?/, '');
  const reason = truncated ? `the text ends before the JSON does (${detail})` : detail;
  const where = isVerifierFailure(cause) ? ` at line ${cause.line}, column ${cause.pos}` : '';
  return new SweepError('source-invalid-json', `invalid JSON in ${input.origin}${where}: ${reason}`, {
    cause,
    hint: truncated ? options.hints.truncated : options.hints.invalid,
  });
}

/** Re-reads a file through the verifier to say where its JSON breaks. */
async function locate(input: TextInput, options: StreamOptions, parserError: unknown): Promise<SweepError> {
  if (!input.replayable) return syntaxError(input, options, parserError, false);
  const verify = jsonVerifier() as Stage;
  for await (const chunk of input.chunks()) {
    try {
      verify(chunk);
    } catch (error) {
      return syntaxError(input, options, error, false);
    }
  }
  try {
    verify(NONE);
  } catch (error) {
    return syntaxError(input, options, error, true);
  }
  return syntaxError(input, options, parserError, false);
}

function scalar(token: Token): { value: unknown } | undefined {
  switch (token.name) {
    case 'stringValue':
      return { value: token.value };
    case 'numberValue':
      return { value: Number(token.value) };
    case 'nullValue':
      return { value: null };
    case 'trueValue':
      return { value: true };
    case 'falseValue':
      return { value: false };
    default:
      return undefined;
  }
}

/**
 * The tokenizer's strings are slices of its input buffer, and V8 keeps the whole buffer (a 1 MB
 * chunk) alive as long as any slice of it is: one bucket name held by the scan for its stack
 * rules would pin the chunk it came from, and a long import would pin the whole file. Strings
 * V8 would slice (13 characters and up) are therefore copied out: concatenating forces a flat
 * copy, and the slice after it refers to that copy, not to the chunk.
 */
function unslice(value: string): string {
  return value.length < 13 ? value : (' ' + value).slice(1);
}

type State = 'start' | 'key' | 'value' | 'field' | 'array' | 'element' | 'end';

/**
 * Yields the document's events in file order, a chunk's worth at a time. Throws a SweepError
 * naming the input (and line and column) when the text is not JSON, is truncated, or its top
 * level is not an object.
 */
export async function* streamJsonObject(input: TextInput, options: StreamOptions): AsyncGenerator<JsonEvent[]> {
  const parse = jsonParser({ streamValues: false }) as Stage;
  const verify = input.replayable ? undefined : (jsonVerifier() as Stage);
  const assembler = new Assembler();
  let state: State = 'start';
  let key = '';
  let index = 0;

  const consume = (tokens: Token[], events: JsonEvent[]) => {
    for (const token of tokens) {
      if (token.name === 'stringValue') token.value = unslice(token.value);
      switch (state) {
        case 'start':
          if (token.name !== 'startObject') {
            throw new SweepError('source-invalid-format', `${input.origin} is not ${options.expected}: its top level is not a JSON object`, {
              hint: options.hints.invalid,
            });
          }
          state = 'key';
          break;
        case 'key':
          if (token.name === 'keyValue') {
            key = token.value;
            state = 'value';
          } else if (token.name === 'endObject') {
            state = 'end';
          }
          break;
        case 'value': {
          if (token.name === 'startArray' && options.arrays.has(key)) {
            events.push({ kind: 'array', key });
            state = 'array';
            index = 0;
            break;
          }
          const leaf = scalar(token);
          if (leaf) {
            events.push({ kind: 'field', key, value: leaf.value });
            state = 'key';
          } else {
            assembler.consume(token);
            state = 'field';
          }
          break;
        }
        case 'field':
          assembler.consume(token);
          if (assembler.done) {
            events.push({ kind: 'field', key, value: assembler.current });
            state = 'key';
          }
          break;
        case 'array': {
          if (token.name === 'endArray') {
            state = 'key';
            break;
          }
          const leaf = scalar(token);
          if (leaf) {
            events.push({ kind: 'item', key, index: index++, value: leaf.value });
          } else {
            assembler.consume(token);
            state = 'element';
          }
          break;
        }
        case 'element':
          assembler.consume(token);
          if (assembler.done) {
            events.push({ kind: 'item', key, index: index++, value: assembler.current });
            state = 'array';
          }
          break;
        case 'end':
          break;
      }
    }
  };

  for await (const chunk of input.chunks()) {
    const events: JsonEvent[] = [];
    let tokens: Token[];
    try {
      verify?.(chunk);
      tokens = tokensOf(parse(chunk));
    } catch (error) {
      throw verify ? syntaxError(input, options, error, false) : await locate(input, options, error);
    }
    consume(tokens, events);
    if (events.length > 0) yield events;
  }
  let rest: Token[];
  try {
    verify?.(NONE);
    rest = tokensOf(parse(NONE));
  } catch (error) {
    throw verify ? syntaxError(input, options, error, true) : await locate(input, options, error);
  }
  const events: JsonEvent[] = [];
  consume(rest, events);
  if (events.length > 0) yield events;
}
