/**
 * Drives a state scanner over one input's chunks and turns every failure into a SweepError that
 * names the file and the position: the line and column of a syntax error (found by re-reading the
 * file up to it with stream-json's verifier, only on this failure path), or the byte where a
 * truncated file ends.
 */
import { StringDecoder } from 'node:string_decoder';
import verifyFile from 'stream-json/file/verifier.js';
import { isSweepError, SweepError } from '../../errors.ts';
import type { StateInput } from './inputs.ts';
import { unreadable } from './inputs.ts';
import type { StateScanner } from './scanner.ts';

interface Where {
  /** Byte offset of the chunk being parsed when the error surfaced, and of its end. */
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

/** The verifier's exact position for a file, or undefined when it finds nothing (or cannot read). */
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

async function syntaxError(input: StateInput, error: unknown, where: Where): Promise<SweepError> {
  if (where.atEnd) {
    const message =
      where.end === 0
        ? `${input.origin} is empty: expected a Terraform state`
        : `${input.origin}: the JSON ends unexpectedly at byte ${where.end} (${reasonOf(error)}); the file looks truncated`;
    return new SweepError('source-truncated', message, {
      cause: error,
      hint: 'Re-run `terraform state pull > <workspace>.tfstate` and let it finish (check the disk did not fill up), then scan again.',
    });
  }
  const exact = input.path === undefined ? undefined : await exactPosition(input.path);
  const position = exact
    ? `line ${exact.line}, column ${exact.column} (byte ${exact.offset})`
    : `bytes ${where.start}–${where.end}`;
  return new SweepError('source-invalid-json', `invalid JSON in ${input.origin} at ${position}: ${exact?.reason ?? reasonOf(error)}`, {
    cause: error,
    hint: 'Pass the unmodified output of `terraform state pull`; a file edited by hand or cut short mid-write is not valid state.',
  });
}

/** Yields the resource entries of one input as the scanner completes them, chunk by chunk. */
export async function* scanInput(input: StateInput, scanner: StateScanner): AsyncGenerator<unknown[]> {
  const decoder = new StringDecoder('utf8');
  let offset = 0;
  let first = true;
  const feed = async (text: string, start: number): Promise<unknown[]> => {
    // PowerShell redirection prepends a byte-order mark the tokenizer rejects.
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    try {
      return scanner.feed(text);
    } catch (error) {
      if (isSweepError(error)) throw error;
      throw await syntaxError(input, error, { start, end: offset, atEnd: false });
    }
  };
  try {
    for await (const chunk of input.open()) {
      const start = offset;
      offset += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      const entries = await feed(typeof chunk === 'string' ? chunk : decoder.write(chunk), start);
      if (entries.length > 0) yield entries;
    }
  } catch (error) {
    if (isSweepError(error)) throw error;
    throw unreadable(input.origin, error);
  }
  const tail = await feed(decoder.end(), offset);
  if (tail.length > 0) yield tail;
  let last: unknown[];
  try {
    last = scanner.end();
  } catch (error) {
    if (isSweepError(error)) throw error;
    throw await syntaxError(input, error, { start: offset, end: offset, atEnd: true });
  }
  if (last.length > 0) yield last;
}
