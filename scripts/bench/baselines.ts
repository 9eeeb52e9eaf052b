/**
 * What reading a file costs with nothing of sweep in the way, measured on the very file an import
 * benchmark reads, so "the import takes N× the baseline" compares like with like on a busy machine.
 * A JSON file small enough to be one string is read and `JSON.parse`d whole (what the sources did
 * before they streamed); a larger one cannot be (V8 caps strings at ~512 MiB), so its baseline is
 * stream-json's tokenizer alone over the same 64 KiB chunks, the floor of any streaming import.
 * YAML is `yaml.parseAllDocuments` on the whole text.
 */
import { constants } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { jsonParser, type Token } from 'stream-json/parser.js';
import { parseAllDocuments } from 'yaml';

export type BaselineKind = 'JSON.parse' | 'stream-json tokens' | 'yaml.parseAllDocuments';

export interface BaselineResult {
  baseline: BaselineKind;
  /** Top-level values parsed, tokens counted, or YAML documents: proof the work was done. */
  units: number;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
}

const CHUNK_BYTES = 1 << 16;
const NONE = Symbol.for('object-stream.none');
const MANY = Symbol.for('object-stream.many');

/** Parses whole when the text fits in one string and under `parseLimitBytes`; tokenizes otherwise. */
export async function chooseBaseline(file: string, parseLimitBytes: number): Promise<BaselineKind> {
  const { size } = await stat(file);
  if (/\.ya?ml$/.test(file)) return 'yaml.parseAllDocuments';
  return size <= Math.min(parseLimitBytes, constants.MAX_STRING_LENGTH) ? 'JSON.parse' : 'stream-json tokens';
}

function tokenCount(output: unknown): number {
  if (output === NONE || output === undefined) return 0;
  if ((output as Record<symbol, unknown>)[MANY] === 1) return (output as { values: Token[] }).values.length;
  return 1;
}

async function countTokens(file: string): Promise<number> {
  const tokenize = jsonParser({ streamValues: false }) as unknown as (input: string | typeof NONE) => unknown;
  const decoder = new StringDecoder('utf8');
  let tokens = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) tokens += tokenCount(tokenize(decoder.write(chunk as Buffer)));
  tokens += tokenCount(tokenize(decoder.end()));
  return tokens + tokenCount(tokenize(NONE));
}

async function parseWhole(file: string, kind: BaselineKind): Promise<number> {
  const text = await readFile(file, 'utf8');
  if (kind === 'yaml.parseAllDocuments') return parseAllDocuments(text).length;
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null ? Object.keys(value).length : 1;
}

/** Runs one baseline; call it in a fresh process, so its peak RSS is its own. */
export async function runBaseline(file: string, kind: BaselineKind): Promise<BaselineResult> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const units = kind === 'stream-json tokens' ? await countTokens(file) : await parseWhole(file, kind);
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    baseline: kind,
    units,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((used.user + used.system) / 1000),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
