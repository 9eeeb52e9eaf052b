/**
 * `npm run bench:scan -- --resources N [--stacks S] [--database-url URL] [--keep] [--estate DIR]`
 * Generates a synthetic Pulumi estate of N resources, scans it into real Postgres (a fresh
 * database, dropped afterwards unless --keep), and prints JSON: throughput per phase and peak RSS.
 * `--estate DIR` generates into DIR once and reuses it on later runs (it is then kept), so a
 * profiling loop does not pay for generation each time.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogs, rules } from '../../policies/index.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { syncLibrary } from '../../src/engine/library.ts';
import { runScan } from '../../src/engine/scan.ts';
import { sourceRegistry } from '../../src/sources/index.ts';
import { createTestDatabase } from '../../test/support/stores.ts';
import { generateEstate } from '../estate/generate.ts';
import { benchArgs, numberArg, peakRssMb } from './args.ts';
import { measureScanBaselines } from './baselines-scan.ts';

export interface ScanBenchResult {
  benchmark: 'scan';
  resources: number;
  files: number;
  violations: number;
  evaluations: number;
  generateMs: number;
  scanMs: number;
  timings: Record<string, number>;
  resourcesPerSec: number;
  evaluationsPerSec: number;
  violationsWrittenPerSec: number;
  /** Raw baselines on the same data (see baselines-scan.ts, run in their own process) and the scan's ratio to them (1 = as fast as raw). */
  baselines: { parseMs: number; copyMs: number; evaluateMs: number; evaluateCalls: number; peakRssMb: number };
  ratios: { persistVsCopy: number; scanVsParseAndCopy: number; evaluateVsBareLoop: number };
  /** Peak RSS of the scanning process (generation + scan); the baselines' is their own. */
  peakRssMb: number;
}

export async function benchScan(options: {
  resources: number;
  stacks: number;
  databaseUrl?: string;
  keep?: boolean;
  estate?: string;
}): Promise<ScanBenchResult> {
  const dir = options.estate ?? (await mkdtemp(join(tmpdir(), 'sweep-bench-scan-')));
  const database = options.databaseUrl ? undefined : await createTestDatabase();
  const store = await openPostgres(options.databaseUrl ?? database!.url);
  try {
    const generated = performance.now();
    const estate = await reuseOrGenerate(dir, options);
    const generateMs = performance.now() - generated;
    await syncLibrary(store, rules, catalogs);
    const started = performance.now();
    const report = await runScan(
      { store, sources: sourceRegistry, context: { cwd: process.cwd() } },
      { sources: [{ kind: 'pulumi-state', target: dir }], rules, packs: [], trigger: 'manual', actor: 'bench' },
    );
    const scanMs = performance.now() - started;
    const scanPeakRssMb = peakRssMb();
    const resources = report.sources.reduce((n, s) => n + s.read, 0);
    const baselines = await measureScanBaselines(dir, options.databaseUrl ?? database!.url);
    const { parseMs, copyMs } = baselines;
    // Persistence is every batch's COPY + merge (most of it hidden behind the read) plus the final resolution.
    const persistMs = report.timings.writeMs + report.timings.reconcileMs;
    const seconds = scanMs / 1000;
    return {
      benchmark: 'scan',
      resources,
      files: estate.files.length,
      violations: report.counts.new,
      evaluations: report.evaluations,
      generateMs: Math.round(generateMs),
      scanMs: Math.round(scanMs),
      timings: { ...report.timings },
      resourcesPerSec: Math.round(resources / seconds),
      evaluationsPerSec: Math.round(report.evaluations / seconds),
      violationsWrittenPerSec: Math.round(report.counts.new / seconds),
      baselines: {
        parseMs: Math.round(parseMs),
        copyMs: Math.round(copyMs),
        evaluateMs: Math.round(baselines.evaluateMs),
        evaluateCalls: baselines.evaluateCalls,
        peakRssMb: baselines.peakRssMb,
      },
      ratios: {
        persistVsCopy: Number((copyMs / persistMs).toFixed(2)),
        scanVsParseAndCopy: Number(((parseMs + copyMs) / scanMs).toFixed(2)),
        evaluateVsBareLoop: Number((baselines.evaluateMs / Math.max(1, report.timings.evaluateMs)).toFixed(2)),
      },
      peakRssMb: scanPeakRssMb,
    };
  } finally {
    await store.close();
    if (!options.keep) await database?.drop();
    if (!options.estate) await rm(dir, { recursive: true, force: true });
  }
}

const ESTATE_STAMP = 'estate.stamp';

/** A kept estate is reused only when it was generated with the same size and stack count. */
async function reuseOrGenerate(dir: string, options: { resources: number; stacks: number }): Promise<{ files: string[] }> {
  const stamp = `${options.resources}/${options.stacks}`;
  const existing = await readFile(join(dir, ESTATE_STAMP), 'utf8').catch(() => undefined);
  if (existing === stamp) return { files: (await readdir(dir)).filter((f) => f.endsWith('.json') && !f.endsWith('.tags.json')) };
  const estate = await generateEstate({ resources: options.resources, stacks: options.stacks, seed: 7, outDir: dir });
  await writeFile(join(dir, ESTATE_STAMP), stamp);
  return estate;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = benchArgs(process.argv.slice(2));
  const result = await benchScan({
    resources: numberArg(args, 'resources', 100_000),
    stacks: numberArg(args, 'stacks', 10),
    databaseUrl: args.get('database-url'),
    keep: args.has('keep'),
    estate: args.get('estate'),
  });
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}
