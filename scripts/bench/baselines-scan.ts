/**
 * Raw baselines for the scan benchmark, measured on the same data in the same run:
 * - parse: plain JSON.parse of every export file;
 * - copy: the rows the scan persisted, loaded again with psql's `\copy` into an empty twin table;
 * - evaluate: the same validator functions called in a bare loop over the same resources.
 *
 * `node --import tsx scripts/bench/baselines-scan.ts --dir D --database-url U` runs all three in
 * their own process (JSON.parse of a whole export holds it in memory at once, which is the point
 * of a baseline and not the scan's peak) and prints the figures as JSON.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { rules as libraryRules } from '../../policies/index.ts';
import type { Rule } from '../../policies/rule.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import type { Store } from '../../src/db/store.ts';
import { mapStackExport } from '../../src/sources/pulumi-state/index.ts';
import { benchArgs, peakRssMb } from './args.ts';

const run = promisify(execFile);

export async function parseBaseline(dir: string): Promise<number> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json') && !f.endsWith('.tags.json'));
  const started = performance.now();
  for (const file of files) JSON.parse(await readFile(join(dir, file), 'utf8'));
  return performance.now() - started;
}

/** Times `\copy` of the persisted resources and violations into empty twins, through psql. */
export async function copyBaseline(store: Store, databaseUrl: string, dir: string): Promise<number> {
  let total = 0;
  for (const table of ['resources', 'violations']) {
    const file = join(dir, `${table}.tsv`);
    await run('psql', [databaseUrl, '-q', '-c', `\\copy ${table} to '${file}'`]);
    await store.query(`drop table if exists ${table}_twin`);
    await store.query(`create table ${table}_twin (like ${table} including defaults)`);
    const started = performance.now();
    await run('psql', [databaseUrl, '-q', '-c', `\\copy ${table}_twin from '${file}'`]);
    total += performance.now() - started;
    await store.query(`drop table ${table}_twin`);
    await rm(file);
  }
  return total;
}

/** The validators alone: args built once per resource, no indexing, no staging, no findings kept. */
export async function evaluateBaseline(dir: string, rules: readonly Rule[]): Promise<{ ms: number; calls: number }> {
  const byType = new Map<string, ((args: any, report: any) => unknown)[]>();
  for (const rule of rules) {
    if (rule.kind !== 'resource') continue;
    for (const validate of [rule.validateResource ?? []].flat()) {
      const type = (validate as { __pulumiType?: string }).__pulumiType;
      if (type) byType.set(type, [...(byType.get(type) ?? []), validate as never]);
    }
  }
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json') && !f.endsWith('.tags.json'));
  let ms = 0;
  let calls = 0;
  const noop = () => {};
  for (const file of files) {
    const documents = mapStackExport(JSON.parse(await readFile(join(dir, file), 'utf8')), { origin: file });
    const started = performance.now();
    for (const document of documents) {
      for (const resource of document.resources) {
        const validators = byType.get(resource.type);
        if (!validators) continue;
        const args = { type: resource.type, props: resource.props, urn: resource.urn, name: resource.name, isType: () => true, getConfig: () => ({}) };
        for (const validate of validators) {
          validate(args, noop);
          calls++;
        }
      }
    }
    ms += performance.now() - started;
  }
  return { ms, calls };
}

export interface ScanBaselines {
  parseMs: number;
  copyMs: number;
  evaluateMs: number;
  evaluateCalls: number;
  peakRssMb: number;
}

/** Runs the three baselines in a child process (see the header) and returns what it printed. */
export async function measureScanBaselines(dir: string, databaseUrl: string): Promise<ScanBaselines> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--dir', dir, '--database-url', databaseUrl], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as ScanBaselines;
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, JSON.stringify(value, null, 2) + '\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = benchArgs(process.argv.slice(2));
  const dir = args.get('dir');
  const url = args.get('database-url');
  if (!dir || !url) throw new Error('usage: baselines-scan.ts --dir <estate> --database-url <url>');
  const store = await openPostgres(url, { migrate: false });
  try {
    const parseMs = await parseBaseline(dir);
    const copyMs = await copyBaseline(store, url, dir);
    const bare = await evaluateBaseline(dir, libraryRules);
    const result: ScanBaselines = { parseMs, copyMs, evaluateMs: bare.ms, evaluateCalls: bare.calls, peakRssMb: peakRssMb() };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await store.close();
  }
}
