/**
 * Streams a Terraform state's JSON with bounded memory: stream-json's tokenizer turns text into
 * tokens, this state machine keeps the scalar header fields (`version`, `lineage`, …), assembles
 * one `resources[]` entry at a time into a plain object, and skips everything else (`outputs`,
 * `check_results`) without building it. Memory is one resource entry plus one input chunk,
 * whatever the file size.
 *
 * Driven synchronously per chunk (no per-token promise), so throughput is the tokenizer's.
 * Syntax errors surface as the tokenizer's plain Errors; read.ts turns them into SweepErrors with
 * the file position. Shape errors (a `resources` that is not an array, an entry that is not an
 * object) are SweepErrors from here.
 */
import { jsonParser } from 'stream-json/parser.js';
import Assembler from 'stream-json/assembler.js';
import { SweepError } from '../../errors.ts';
import { stateHint } from './header.ts';

/** stream-chain's end-of-input marker: a registered symbol, so it needs no import of that package. */
const END_OF_INPUT = Symbol.for('object-stream.none');

type Token = { name: string; value?: unknown };

export interface StateHeader {
  /** The header's scalars as read so far (`version`, `terraform_version`, `serial`, `lineage`, `format_version`). */
  fields: Record<string, unknown>;
  /**
   * The fields as they stood when the `resources` array started: what keys are built from, so the
   * lineage a key uses never depends on where chunk boundaries fall.
   */
  beforeResources?: Record<string, unknown>;
  /** True once a `resources` key was seen at all. */
  hasResources: boolean;
}

export interface StateScanner {
  readonly header: StateHeader;
  /** Feeds the next piece of text; returns the resource entries it completed (raw objects). */
  feed(text: string): unknown[];
  /** Ends the input; throws (the tokenizer's error) when the JSON is incomplete. */
  end(): unknown[];
  /** Number of `resources[]` entries completed so far. */
  readonly entries: number;
}

type Mode = 'start' | 'top' | 'skip' | 'resources' | 'resource' | 'done';

/**
 * `onHeaderField` runs as soon as a top-level scalar arrives, so a wrong `version` is rejected
 * before the rest of a large file is read.
 */
export function createStateScanner(origin: string, onHeaderField: (key: string, value: unknown) => void): StateScanner {
  const tokenize = jsonParser({ streamValues: false }) as unknown as (chunk: unknown) => unknown;
  const assembler = new Assembler();
  const header: StateHeader = { fields: {}, hasResources: false };
  let mode: Mode = 'start';
  let key: string | undefined;
  let skipDepth = 0;
  let entries = 0;

  function shapeError(problem: string): SweepError {
    return new SweepError('source-invalid-state', `${origin}: ${problem}`, { hint: stateHint });
  }

  function onToken(token: Token, out: unknown[]): void {
    const name = token.name;
    switch (mode) {
      case 'start':
        if (name !== 'startObject') throw shapeError('is not a Terraform state: expected a JSON object');
        mode = 'top';
        return;
      case 'top':
        if (name === 'keyValue') {
          key = token.value as string;
        } else if (name === 'endObject') {
          mode = 'done';
        } else if (name === 'startObject' || name === 'startArray') {
          if (key === 'resources') {
            if (name !== 'startArray') throw shapeError('"resources" is not an array');
            header.hasResources = true;
            header.beforeResources ??= { ...header.fields };
            mode = 'resources';
          } else {
            mode = 'skip';
            skipDepth = 1;
          }
        } else if (key !== undefined) {
          if (key === 'resources') {
            if (name !== 'nullValue') throw shapeError('"resources" is not an array');
            header.hasResources = true;
          } else {
            const value = name === 'numberValue' ? Number(token.value) : token.value;
            header.fields[key] = value;
            onHeaderField(key, value);
          }
        }
        return;
      case 'skip':
        if (name === 'startObject' || name === 'startArray') skipDepth++;
        else if ((name === 'endObject' || name === 'endArray') && --skipDepth === 0) mode = 'top';
        return;
      case 'resources':
        if (name === 'endArray') {
          mode = 'top';
          return;
        }
        if (name !== 'startObject') throw shapeError(`resource #${entries} is not an object`);
        assembler.consume(token as never);
        mode = 'resource';
        return;
      case 'resource':
        assembler.consume(token as never);
        if (assembler.done) {
          out.push(assembler.current);
          entries++;
          mode = 'resources';
        }
        return;
      case 'done':
        return;
    }
  }

  function run(result: unknown): unknown[] {
    const out: unknown[] = [];
    const tokens = (result as { values?: Token[] } | undefined)?.values;
    if (tokens) for (let i = 0; i < tokens.length; i++) onToken(tokens[i], out);
    return out;
  }

  return {
    header,
    feed: (text) => run(tokenize(text)),
    end: () => run(tokenize(END_OF_INPUT)),
    get entries() {
      return entries;
    },
  };
}
