/**
 * Finding and reading the files a target names, as text chunks: a single file, a folder of files
 * with the accepted extensions, or stdin (`-`). Nothing is read whole, so a multi-gigabyte export
 * streams through in bounded memory. Shared by the aws-config and kubernetes sources.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { SweepError } from '../../errors.ts';

export interface TextInput {
  /** Absolute file path or `stdin`; named in every error. */
  origin: string;
  /** Absolute path for file inputs (stdin has none). */
  path?: string;
  /** Text chunks in order; call again to read a file a second time (stdin cannot be re-read). */
  chunks(): AsyncIterable<string>;
  /** True when `chunks()` may be called again, which locating a JSON error after the fact needs. */
  replayable: boolean;
}

export interface ListOptions {
  /** Source kind, for messages: `aws-config`. */
  kind: string;
  /** Accepted file name endings in a folder, e.g. `.json`, `.json.gz`. */
  extensions: readonly string[];
  /** What to pass instead; ends every not-found error. */
  hint: string;
}

const CHUNK_SIZE = 1 << 20;

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

export function unreadable(path: string, error: unknown, hint: string): SweepError {
  const reason = error instanceof Error ? error.message : String(error);
  return new SweepError('source-unreadable', `cannot read ${path}: ${reason}`, { cause: error, hint });
}

/** Decodes bytes to text across chunk boundaries (a multi-byte character may straddle two reads). */
async function* decode(stream: AsyncIterable<unknown>): AsyncIterable<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of stream) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    // PowerShell redirection and some editors prepend a byte-order mark no JSON parser accepts.
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const rest = decoder.end();
  if (rest.length > 0) yield rest;
}

/** `pipe` does not forward errors: a missing file must fail the gunzip stream we iterate. */
function gunzip(file: NodeJS.ReadableStream & { destroy(): void }): AsyncIterable<unknown> {
  const unzip = createGunzip();
  file.on('error', (error) => unzip.destroy(error));
  return file.pipe(unzip);
}

function fileInput(path: string, hint: string): TextInput {
  const gzipped = path.endsWith('.gz');
  async function* chunks(): AsyncIterable<string> {
    const file = createReadStream(path, { highWaterMark: CHUNK_SIZE });
    try {
      // AWS Config delivers snapshots to S3 as `.json.gz`; reading them as they are saves a step.
      yield* decode(gzipped ? gunzip(file) : file);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') throw new SweepError('source-not-found', `no such file: ${path}`, { hint });
      if (errorCode(error)?.startsWith('Z_')) {
        throw new SweepError('source-invalid-gzip', `${path} is not a complete gzip file: ${(error as Error).message}`, {
          cause: error,
          hint: 'Download the snapshot again, or pass the uncompressed JSON.',
        });
      }
      throw unreadable(path, error, hint);
    } finally {
      file.destroy();
    }
  }
  return { origin: path, path, chunks, replayable: true };
}

/** Lists the inputs a target names, folder entries sorted by name so every read sees the same order. */
export async function listInputs(
  target: string,
  context: { cwd: string; stdin?: NodeJS.ReadableStream },
  options: ListOptions,
): Promise<TextInput[]> {
  const { kind, extensions, hint } = options;
  if (target === '-') {
    const stdin = context.stdin;
    if (!stdin) {
      throw new SweepError('source-no-stdin', `${kind}: target \`-\` reads stdin, but no stdin is available here`, {
        hint: 'Pass the export as a file path instead.',
      });
    }
    return [{ origin: 'stdin', chunks: () => decode(stdin as AsyncIterable<unknown>), replayable: false }];
  }
  const path = resolve(context.cwd, target);
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') throw new SweepError('source-not-found', `no such file or folder: ${path}`, { hint });
    throw unreadable(path, error, hint);
  }
  if (!info.isDirectory()) return [fileInput(path, hint)];
  let names: string[];
  try {
    names = await readdir(path);
  } catch (error) {
    throw unreadable(path, error, hint);
  }
  const accepted = names.filter((name) => extensions.some((extension) => name.endsWith(extension))).sort();
  if (accepted.length === 0) {
    throw new SweepError('source-not-found', `no ${extensions.map((e) => `*${e}`).join(', ')} files in folder ${path}`, { hint });
  }
  return accepted.map((name) => fileInput(join(path, name), hint));
}
