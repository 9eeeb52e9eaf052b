/**
 * Which state files a target names (a file, a folder of `*.tfstate`/`*.json`, or `-` for stdin)
 * and how to read each as a stream of chunks, never as one string: a 1 GB state must not have to
 * fit in memory. Every failure names the file.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { SweepError } from '../../errors.ts';
import { stateHint } from './header.ts';

export interface StateInput {
  /** Absolute file path or `stdin`; named in every error. */
  origin: string;
  /** Set for files: the position of a JSON error is then pinpointed by re-reading the file. */
  path?: string;
  /** Stands in for the lineage in keys when a state has none: the file's workspace name. */
  workspace: string;
  open(): AsyncIterable<Buffer | string>;
}

// 64 KiB reads: each chunk's tokens then die young; 1 MiB chunks cost a third more CPU in GC
// (measured with test/sources/bench-terraform-state.ts).
const CHUNK_BYTES = 1 << 16;

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

export function unreadable(path: string, error: unknown): SweepError {
  const reason = error instanceof Error ? error.message : String(error);
  return new SweepError('source-unreadable', `cannot read ${path}: ${reason}`, { cause: error, hint: stateHint });
}

/**
 * `prod.tfstate` → `prod`; Terraform's own names (`terraform.tfstate`, and the per-workspace
 * `terraform.tfstate.d/<workspace>/terraform.tfstate`) → their folder's name.
 */
export function workspaceOf(path: string): string {
  const name = basename(path).replace(/\.(tfstate|json)$/, '');
  if (name !== 'terraform' && name !== 'default') return name;
  const folder = basename(dirname(path));
  return folder === '' || folder === '.' ? name : folder;
}

function fileInput(path: string): StateInput {
  return {
    origin: path,
    path,
    workspace: workspaceOf(path),
    open: () => createReadStream(path, { highWaterMark: CHUNK_BYTES }),
  };
}

function isStateFileName(name: string): boolean {
  return name.endsWith('.tfstate') || name.endsWith('.json');
}

/** The inputs a target names, folder entries sorted by name (`*.tfstate.backup` files are not states to scan). */
export async function listStateInputs(
  target: string,
  context: { cwd: string; stdin?: NodeJS.ReadableStream },
): Promise<StateInput[]> {
  if (target === '-') {
    const stdin = context.stdin;
    if (!stdin) {
      throw new SweepError('source-no-stdin', 'terraform-state: target `-` reads stdin, but no stdin is available here', {
        hint: 'Pass the state as a file path instead.',
      });
    }
    return [{ origin: 'stdin', workspace: 'stdin', open: () => stdin as AsyncIterable<Buffer | string> }];
  }
  const path = resolve(context.cwd, target);
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') throw new SweepError('source-not-found', `no such file or folder: ${path}`, { hint: stateHint });
    throw unreadable(path, error);
  }
  if (!info.isDirectory()) return [fileInput(path)];
  let names: string[];
  try {
    names = await readdir(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  const states = names.filter(isStateFileName).sort();
  if (states.length === 0) {
    throw new SweepError('source-not-found', `no Terraform states (*.tfstate, *.json) in folder ${path}`, { hint: stateHint });
  }
  return states.map((name) => fileInput(join(path, name)));
}
