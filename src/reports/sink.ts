/**
 * Where report text goes: a buffered output over any writable target (stdout, a file, an HTTP
 * response), flushed once per batch with backpressure, and `writeFileAtomically`, which writes to a
 * temporary file beside the destination and renames it into place only when the export finished —
 * a failed export never leaves half a file where a complete one is expected.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SweepError } from '../errors.ts';

/** The subset of a Node Writable (or the CLI's stdout) a report needs. */
export interface TextTarget {
  write(chunk: string): unknown;
  once?(event: 'drain', listener: () => void): unknown;
}

export interface ReportOutput {
  /** Appends text to the buffer (cheap; no I/O). */
  push(text: string): void;
  /** Hands the buffer to the target and waits for it to drain when the target asks for that. */
  flush(): Promise<void>;
}

export function createOutput(target: TextTarget): ReportOutput {
  let buffer: string[] = [];
  return {
    push(text) {
      buffer.push(text);
    },
    async flush() {
      if (buffer.length === 0) return;
      const chunk = buffer.join('');
      buffer = [];
      // A false return is Node's backpressure signal; waiting keeps memory bounded on slow readers.
      if (target.write(chunk) === false && typeof target.once === 'function') {
        await new Promise<void>((resolve) => target.once!('drain', resolve));
      }
    },
  };
}

/**
 * Runs `fn` with a target writing to `<dir>/.<name>.<random>.tmp`, then fsyncs and renames it to
 * `path`. On any failure the temporary file is removed and `path` is left as it was.
 */
export async function writeFileAtomically<T>(path: string, fn: (target: TextTarget) => Promise<T>): Promise<T> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  // A large buffer lets the disk write one batch while the next is being formatted.
  const stream = createWriteStream(temp, { flags: 'wx', encoding: 'utf8', highWaterMark: 1 << 23 });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => {});
  try {
    await Promise.race([once(stream, 'open'), failed]).catch((error: Error) => {
      throw new SweepError('report-out-unwritable', `cannot write ${path}: ${error.message}`, {
        hint: 'check that the directory exists and is writable',
        cause: error,
      });
    });
    const result = await Promise.race([fn(stream), failed]);
    const closed = once(stream, 'close');
    await Promise.race([new Promise<void>((resolve) => stream.end(resolve)), failed]);
    await closed;
    // fsync before the rename: after a crash the name must never point at a file still in the page cache.
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    return result;
  } catch (error) {
    stream.destroy();
    await unlink(temp).catch(() => {});
    throw error;
  }
}
