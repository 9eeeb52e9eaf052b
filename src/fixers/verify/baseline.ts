/**
 * The pre-fix side of verification: the baseline capture every fix is diffed against, and the
 * check that the untouched program type-checks at all. Both are cached by the program's content
 * hash (plus stack), not by its directory: every fix group gets its own throwaway checkout of the
 * same commit, and re-capturing (~1.5 s) or re-checking it per group would be wasted work. A
 * content hash rather than git HEAD also covers a dirty or git-less checkout.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Rule } from '../../../policies/rule.ts';
import type { RunnerOptions } from '../../engine/runner.ts';
import { isSweepError } from '../../errors.ts';
import { capturePulumiProgram, firstLines, type CaptureOptions, type ProgramCapture } from '../../sources/pulumi-program/index.ts';
import type { CaptureEvaluation } from './policies.ts';
import { createTypecheckCache, typecheckProgram, type TypecheckCache, type TypecheckResult } from './typecheck.ts';

/** Directories that never hold program source: dependencies, VCS data, build output. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.pulumi', 'bin', 'dist', '.sweep']);

export type CaptureFn = (dir: string, options?: CaptureOptions) => Promise<ProgramCapture>;

export interface BaselineCache {
  captures: Map<string, Promise<ProgramCapture>>;
  typechecks: Map<string, TypecheckResult>;
  typecheck: TypecheckCache;
  /** Policy results per baseline capture object (verify.ts), weak so captures dropped from `captures` go too. */
  evaluations: WeakMap<ProgramCapture, { rules: readonly Rule[]; config?: RunnerOptions['config']; scopes?: RunnerOptions['scopes']; evaluation: Promise<CaptureEvaluation> }>;
  /** Entries kept per map (oldest dropped first). @defaultValue 16 */
  max: number;
}

export function createBaselineCache(options: { max?: number; typecheck?: TypecheckCache } = {}): BaselineCache {
  return { captures: new Map(), typechecks: new Map(), evaluations: new WeakMap(), typecheck: options.typecheck ?? createTypecheckCache(), max: options.max ?? 16 };
}

/**
 * One cache per process, shared by every verification a worker runs; exported (not hidden) so a
 * caller can pass its own and tests can start cold.
 */
export const defaultBaselineCache: BaselineCache = createBaselineCache();

function remember<V>(map: Map<string, V>, key: string, value: V, max: number): V {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as string);
  return value;
}

/** sha256 over every file's relative path and bytes, in a stable order. */
export function programContentHash(programDir: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string, prefix: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name), rel);
      } else if (entry.isFile()) {
        hash.update(`${rel}\u0000`).update(readFileSync(join(dir, entry.name))).update('\u0000');
      }
    }
  };
  walk(resolve(programDir), '');
  return hash.digest('hex');
}

export interface BaselineOptions {
  /** Stack the program runs as (urns and Pulumi.<stack>.yaml). @defaultValue 'dev' */
  stack?: string;
  timeoutMs?: number;
  cache?: BaselineCache;
  capture?: CaptureFn;
}

/**
 * The capture of the untouched program, from the cache when the same content (and stack) was
 * captured before, with `dir` set to this checkout. Throws the capture's SweepError, if any.
 */
export async function baselineCapture(programDir: string, options: BaselineOptions = {}): Promise<ProgramCapture> {
  const cache = options.cache ?? defaultBaselineCache;
  const stack = options.stack ?? 'dev';
  const dir = resolve(programDir);
  const key = `${programContentHash(dir)}|${stack}`;
  let pending = cache.captures.get(key);
  if (!pending) {
    const capture = options.capture ?? capturePulumiProgram;
    pending = remember(cache.captures, key, capture(dir, { stack, timeoutMs: options.timeoutMs }), cache.max);
    // A failed capture is not cached: the next group may run after a transient fault (a killed child).
    const mine = pending;
    mine.catch(() => {
      if (cache.captures.get(key) === mine) cache.captures.delete(key);
    });
  }
  const captured = await pending;
  return captured.dir === dir ? captured : { ...captured, dir };
}

export type BaselineCheck =
  | { ok: true; capture: ProgramCapture; typecheck: TypecheckResult }
  | { ok: false; code: 'baseline-typecheck-failed' | 'baseline-capture-failed'; reason: string; typecheck?: TypecheckResult };

/**
 * Checks the untouched program before any fixer runs: it must type-check and run under mocks.
 * A program broken at the base commit is reported as such, so the group is skipped rather than
 * every fix being blamed for an error it did not make.
 */
export async function checkBaseline(programDir: string, options: BaselineOptions = {}): Promise<BaselineCheck> {
  const cache = options.cache ?? defaultBaselineCache;
  const dir = resolve(programDir);
  const key = programContentHash(dir);
  const typecheck = cache.typechecks.get(key) ?? remember(cache.typechecks, key, typecheckProgram(dir, { cache: cache.typecheck }), cache.max);
  if (!typecheck.ok) {
    return {
      ok: false,
      code: 'baseline-typecheck-failed',
      reason: `the program in ${dir} does not type-check before any change (${typecheck.errors} error${typecheck.errors === 1 ? '' : 's'}): ${typecheck.diagnostics.join('; ')}`,
      typecheck,
    };
  }
  try {
    const capture = await baselineCapture(dir, { ...options, cache });
    return { ok: true, capture, typecheck };
  } catch (error) {
    if (!isSweepError(error)) throw error;
    return { ok: false, code: 'baseline-capture-failed', reason: `the program in ${dir} fails under Pulumi mocks before any change: ${firstLines(error.message, 4)}`, typecheck };
  }
}
