/**
 * Drives a JsonScanner over one input's chunks and turns every failure into a SweepError that
 * names the input and the position: the byte where a truncated input ends, or the line, column
 * and byte of a syntax error (found by re-reading the file with stream-json's verifier, on this
 * failure path only; stdin cannot be re-read, so there it is the byte range of the chunk).
 */
import { StringDecoder } from 'node:string_decoder';
import verifyFile from 'stream-json/file/verifier.js';
import { isSweepError, SweepError } from '../../errors.ts';
import type { JsonScanner, StreamedElement } from './json-scanner.ts';

export interface ChunkInput {
  /** Absolute file path or `stdin`; named in every error. */
  origin: string;
  /** Set for files: the position of a syntax error is then pinpointed by re-reading the file. */
  path?: string;
  open(): AsyncIterable<Buffer | string>;
}

/** What the messages say: what the input should have been, and what the user can do about it. */
export interface InputMessages {
  /** `a Pulumi stack export`: finishes "<file> is empty: expected …". */
  expected: string;
  hints: {
    /** For empty and truncated input: how to produce the file again. */
    truncated: string;
    /** For any other syntax error. */
    invalid: string;
    /** For I/O failures. */
    unreadable: string;
  };
}

interface Where {
  /** Byte offsets of the chunk being parsed when the error surfaced. */
  start: number;
  end: number;
  /** The error surfaced when the input ended: the JSON stopped mid-value. */
  atEnd: boolean;
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Drop the tokenizer's own prefixes: the SweepError states the position itself.
  return message.replace(/^ERROR at \d+ \(\d+, \d+\): /, '').replace(/^(Parser|Verifier) (cannot parse input: |has )/, '');
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** An I/O failure while reading (a file removed or unreadable after it was listed). */
export function unreadableInput(input: ChunkInput, error: unknown, messages: InputMessages): SweepError {
  if (errorCode(error) === 'ENOENT') {
    return new SweepError('source-not-found', `no such file: ${input.origin}`, { cause: error, hint: messages.hints.unreadable });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new SweepError('source-unreadable', `cannot read ${input.origin}: ${reason}`, { cause: error, hint: messages.hints.unreadable });
}

/** The verifier's exact position in a file, or undefined when it finds nothing (or cannot read it). */
async function exactPosition(path: string): Promise<{ line: number; column: number; offset: number; reason: string } | undefined> {
  try {
    await verifyFile(path);
    return undefined;
  } catch (error) {
    const found = error as { line?: unknown; pos?: unknown; offset?: unknown };
    if (typeof found.line !== 'number' || typeof found.pos !== 'number' || typeof found.offset !== 'number') return undefined;
    return { line: found.line, column: found.pos, offset: found.offset, reason: reasonOf(error) };
  }
}

async function syntaxError(input: ChunkInput, error: unknown, where: Where, messages: InputMessages): Promise<SweepError> {
  if (where.atEnd) {
    const message =
      where.end === 0
        ? `${input.origin} is empty: expected ${messages.expected}`
        : `${input.origin}: the JSON ends unexpectedly at byte ${where.end} (${reasonOf(error)}); the file looks truncated`;
    return new SweepError('source-truncated', message, { cause: error, hint: messages.hints.truncated });
  }
  const exact = input.path === undefined ? undefined : await exactPosition(input.path);
  const position = exact ? `line ${exact.line}, column ${exact.column} (byte ${exact.offset})` : `bytes ${where.start}–${where.end}`;
  return new SweepError('source-invalid-json', `invalid JSON in ${input.origin} at ${position}: ${exact?.reason ?? reasonOf(error)}`, {
    cause: error,
    hint: messages.hints.invalid,
  });
}

/**
 * Yields the streamed elements of one input as the scanner completes them, chunk by chunk (an
 * empty chunk's worth is not yielded). Whatever the scanner's plan throws passes through.
 */
export async function* scanInput(input: ChunkInput, scanner: JsonScanner, messages: InputMessages): AsyncGenerator<StreamedElement[]> {
  const decoder = new StringDecoder('utf8');
  let offset = 0;
  let first = true;
  const feed = async (text: string, start: number): Promise<StreamedElement[]> => {
    // PowerShell redirection and some editors prepend a byte-order mark JSON does not allow.
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    try {
      return scanner.feed(text);
    } catch (error) {
      if (isSweepError(error)) throw error;
      throw await syntaxError(input, error, { start, end: offset, atEnd: false }, messages);
    }
  };
  try {
    for await (const chunk of input.open()) {
      const start = offset;
      offset += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      const elements = await feed(typeof chunk === 'string' ? chunk : decoder.write(chunk), start);
      if (elements.length > 0) yield elements;
    }
  } catch (error) {
    if (isSweepError(error)) throw error;
    throw unreadableInput(input, error, messages);
  }
  const tail = await feed(decoder.end(), offset);
  if (tail.length > 0) yield tail;
  let last: StreamedElement[];
  try {
    last = scanner.end();
  } catch (error) {
    if (isSweepError(error)) throw error;
    throw await syntaxError(input, error, { start: offset, end: offset, atEnd: true }, messages);
  }
  if (last.length > 0) yield last;
}
