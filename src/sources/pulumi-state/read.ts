/**
 * Finding and reading stack export files: a single file, a folder of `*.json` exports, or stdin.
 * Exports are opened as streams of chunks, never read whole (stream.ts parses them as they come);
 * the small sidecar tag files are read whole. Every failure names the file.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SweepError } from '../../errors.ts';
import type { ChunkInput } from '../stream/scan-input.ts';
import { jsonErrorOffset } from './json-error.ts';

export interface ExportInput extends ChunkInput {
  /** Absolute path of the sidecar tags file, for file inputs. */
  tagsPath?: string;
}

const TAGS_SUFFIX = '.tags.json';
// 64 KiB reads: each chunk's tokens then die young (terraform-state measured 1 MiB chunks costing
// a third more CPU in GC).
const CHUNK_BYTES = 1 << 16;

export const targetHint =
  'Pass a file written by `pulumi stack export --file <stack>.json`, a folder of such files, or `-` to read stdin.';

/** `prod.json` → `prod.tags.json`: the output of `pulumi stack tag ls --json`, saved beside the export. */
export function sidecarTagsPath(exportPath: string): string {
  return exportPath.endsWith('.json') ? exportPath.slice(0, -'.json'.length) + TAGS_SUFFIX : exportPath + TAGS_SUFFIX;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function unreadable(path: string, error: unknown): SweepError {
  const reason = error instanceof Error ? error.message : String(error);
  return new SweepError('source-unreadable', `cannot read ${path}: ${reason}`, { cause: error, hint: targetHint });
}

function fileInput(path: string): ExportInput {
  return {
    origin: path,
    path,
    tagsPath: sidecarTagsPath(path),
    open: () => createReadStream(path, { highWaterMark: CHUNK_BYTES }),
  };
}

/**
 * Lists the exports a target names, in a stable order (folder entries sorted by name). The
 * `*.tags.json` sidecars in a folder are not exports and are left out.
 */
export async function listExportInputs(
  target: string,
  context: { cwd: string; stdin?: NodeJS.ReadableStream },
): Promise<ExportInput[]> {
  if (target === '-') {
    const stdin = context.stdin;
    if (!stdin) {
      throw new SweepError('source-no-stdin', 'pulumi-state: target `-` reads stdin, but no stdin is available here', {
        hint: 'Pass the export as a file path instead.',
      });
    }
    return [{ origin: 'stdin', open: () => stdin as AsyncIterable<Buffer | string> }];
  }
  const path = resolve(context.cwd, target);
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      throw new SweepError('source-not-found', `no such file or folder: ${path}`, { hint: targetHint });
    }
    throw unreadable(path, error);
  }
  if (!info.isDirectory()) return [fileInput(path)];
  let names: string[];
  try {
    names = await readdir(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  const exports = names.filter((name) => name.endsWith('.json') && !name.endsWith(TAGS_SUFFIX)).sort();
  if (exports.length === 0) {
    throw new SweepError('source-not-found', `no stack exports (*.json) in folder ${path}`, { hint: targetHint });
  }
  return exports.map((name) => fileInput(join(path, name)));
}

/** 1-based line and column of a character offset, for JSON errors in multi-megabyte files. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** JSON.parse with an error that names the file and the line and column where the JSON breaks (sidecars). */
export function parseJson(text: string, origin: string): unknown {
  // PowerShell redirection and some editors prepend a byte-order mark JSON.parse rejects.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const offset = jsonErrorOffset(body) ?? body.length;
    const truncated = offset >= body.trimEnd().length;
    const { line, column } = lineAndColumn(body, offset);
    throw new SweepError('source-invalid-json', `invalid JSON in ${origin} at line ${line}, column ${column}: ${reason}`, {
      cause: error,
      hint: truncated
        ? 'The file is empty or truncated; re-run `pulumi stack export --file <stack>.json` and let it finish.'
        : 'Pass the unmodified output of `pulumi stack export`.',
    });
  }
}

/** Reads the optional sidecar; a missing one means "no stack tags", a broken one is an error. */
export async function readStackTags(tagsPath: string | undefined): Promise<Record<string, string>> {
  if (!tagsPath) return {};
  let text: string;
  try {
    text = await readFile(tagsPath, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return {};
    throw unreadable(tagsPath, error);
  }
  const json = parseJson(text, tagsPath);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SweepError('source-invalid-tags', `${tagsPath} is not a stack tag object`, {
      hint: 'Save the output of `pulumi stack tag ls --json` there, or delete the file.',
    });
  }
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(json)) {
    if (typeof value === 'string') tags[key] = value;
  }
  return tags;
}
