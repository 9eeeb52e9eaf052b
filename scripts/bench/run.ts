/**
 * `npm run bench [-- --quick] [-- --only scan,api]`: runs every benchmark, each in its own child
 * process (so peak RSS is per stage), and writes one JSON file plus a readable table under
 * bench-output/. Full sizes follow the performance targets (1,000,000 resources for scan and
 * import, 1,000,000 violations for api and export, 100,000 for remediate); --quick is a tenth.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { benchArgs } from './args.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** One line of the suite's table: a stage's headline figures, and how they compare with its targets. */
export interface Summary {
  throughput: string;
  p50?: number;
  p95?: number;
  peakRssMb?: number;
  /** Baseline time over ours, per baseline (1 = as fast as the raw operation). */
  vsBaseline: Record<string, number>;
  /** Each target and whether this run met it. */
  targets: { name: string; ok: boolean }[];
}

interface Stage {
  name: string;
  script: string;
  args: (scale: number) => string[];
  summarize: (result: any) => Summary;
}

const RSS_LIMIT_MB = 1536;
const rssTarget = (mb: number | undefined) => ({ name: `peak RSS < ${RSS_LIMIT_MB} MB`, ok: (mb ?? 0) < RSS_LIMIT_MB });
const perSec = (n: number, unit: string) => `${Math.round(n).toLocaleString('en-US')} ${unit}/s`;

/** Every benchmark, by name (an explicit list), with what its table line shows. */
const STAGES: Stage[] = [
  {
    name: 'scan',
    script: 'scripts/bench/scan.ts',
    args: (s) => ['--resources', String(1_000_000 * s)],
    summarize: (r) => ({
      throughput: `${perSec(r.resourcesPerSec, 'resources')} (${(r.scanMs / 1000).toFixed(1)} s)`,
      peakRssMb: r.peakRssMb,
      vsBaseline: { 'parse+copy': r.ratios.scanVsParseAndCopy, copy: r.ratios.persistVsCopy, 'bare evaluate': r.ratios.evaluateVsBareLoop },
      targets: [
        ...(r.resources >= 1_000_000 ? [{ name: 'scan of 1M < 90 s', ok: r.scanMs < 90_000 }] : []),
        { name: 'scan >= 0.5x parse+copy', ok: r.ratios.scanVsParseAndCopy >= 0.5 },
        rssTarget(r.peakRssMb),
      ],
    }),
  },
  {
    name: 'import',
    script: 'scripts/bench/import.ts',
    args: (s) => ['--resources', String(1_000_000 * s)],
    summarize: (r) => ({
      throughput: perSec(r.resourcesPerSec, 'resources'),
      peakRssMb: r.peakRssMb,
      vsBaseline: r.ratios,
      targets: [rssTarget(r.peakRssMb)],
    }),
  },
  {
    name: 'remediate',
    script: 'scripts/bench/remediate.ts',
    args: (s) => ['--violations', String(100_000 * s)],
    summarize: (r) => ({
      throughput: `${perSec(r.groupedAndEnqueuedPerSec, 'violations')} grouped+enqueued`,
      peakRssMb: r.peakRssMb,
      vsBaseline: { addBulk: r.enqueueVsRawAddBulk },
      targets: [{ name: 'enqueue >= 0.8x addBulk', ok: r.enqueueVsRawAddBulk >= 0.8 }, rssTarget(r.peakRssMb)],
    }),
  },
  {
    name: 'api',
    script: 'scripts/bench/api.ts',
    args: (s) => ['--violations', String(1_000_000 * s)],
    summarize: (r) => {
      const worst = r.endpoints.reduce((a: { p95: number }, b: { p95: number }) => (b.p95 > a.p95 ? b : a));
      return {
        throughput: `${r.endpoints.length} endpoints; slowest p95: ${worst.endpoint}`,
        p50: Math.max(...r.endpoints.map((e: { p50: number }) => e.p50)),
        p95: worst.p95,
        peakRssMb: r.peakRssMb,
        vsBaseline: {},
        targets: [{ name: 'every endpoint p95 < 100 ms', ok: worst.p95 < 100 }, rssTarget(r.peakRssMb)],
      };
    },
  },
  {
    name: 'export',
    script: 'scripts/bench/export.ts',
    args: (s) => ['--violations', String(1_000_000 * s)],
    summarize: (r) => ({
      throughput: `${perSec(r.rowsPerSec, 'rows')} (${r.fileMb} MB)`,
      peakRssMb: r.peakRssMb,
      vsBaseline: r.vsCopy === undefined ? {} : { 'COPY to csv': r.vsCopy },
      targets: [rssTarget(r.peakRssMb)],
    }),
  },
  {
    name: 'prs',
    script: 'scripts/bench/prs.ts',
    args: (s) => ['--groups', String(Math.max(100, 1_000 * s))],
    summarize: (r) => ({
      throughput: `${r.prsPerSec} PRs/s`,
      peakRssMb: r.peakRssMb,
      vsBaseline: {},
      targets: [rssTarget(r.peakRssMb)],
    }),
  },
];

/** The last top-level JSON object a bench printed (they may print a table before it). */
export function lastJson(stdout: string): unknown {
  const lines = stdout.split('\n');
  for (let start = lines.length - 1; start >= 0; start--) {
    if (!lines[start].startsWith('{')) continue;
    for (let end = lines.length; end > start; end--) {
      try {
        return JSON.parse(lines.slice(start, end).join('\n'));
      } catch {
        // keep looking
      }
    }
  }
  throw new Error('the benchmark printed no JSON result');
}

function row(name: string, result: unknown, stage: Stage): string[] {
  const error = (result as { error?: string }).error;
  if (error) return [name, '-', '-', '-', '-', '-', `ERROR ${error}`];
  const summary = stage.summarize(result);
  const ratios = Object.entries(summary.vsBaseline).map(([k, v]) => `${v}x ${k}`).join(', ') || '-';
  const missed = summary.targets.filter((t) => !t.ok).map((t) => t.name);
  return [
    name,
    summary.throughput,
    summary.p50 === undefined ? '-' : String(summary.p50),
    summary.p95 === undefined ? '-' : String(summary.p95),
    summary.peakRssMb === undefined ? '-' : String(summary.peakRssMb),
    ratios,
    missed.length === 0 ? `all met (${summary.targets.length})` : `MISSED: ${missed.join('; ')}`,
  ];
}

async function main(): Promise<void> {
  const args = benchArgs(process.argv.slice(2));
  const scale = args.has('quick') ? 0.1 : 1;
  const only = args.get('only')?.split(',');
  const results: Record<string, unknown> = {};
  for (const stage of STAGES.filter((s) => !only || only.includes(s.name))) {
    process.stderr.write(`bench ${stage.name}...\n`);
    const started = Date.now();
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', stage.script, ...stage.args(scale)], {
        cwd: ROOT,
        maxBuffer: 256 << 20,
        timeout: 60 * 60_000,
      });
      results[stage.name] = { ...(lastJson(stdout) as object), wallMs: Date.now() - started };
    } catch (error) {
      results[stage.name] = { error: (error as Error).message.split('\n')[0], wallMs: Date.now() - started };
    }
  }
  const header = ['STAGE', 'THROUGHPUT', 'P50 MS', 'P95 MS', 'PEAK RSS MB', 'VS RAW BASELINE', 'TARGETS'];
  const rows = [header, ...STAGES.filter((s) => s.name in results).map((s) => row(s.name, results[s.name], s))];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const table = rows.map((cells) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';

  await mkdir(`${ROOT}/bench-output`, { recursive: true });
  const base = `${ROOT}/bench-output/bench-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverage: loadavg() };
  await writeFile(`${base}.json`, JSON.stringify({ scale, machine, results }, null, 2) + '\n');
  await writeFile(`${base}.txt`, table);
  process.stdout.write(table + `\nfull results: ${base}.json (table: ${base}.txt)\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
