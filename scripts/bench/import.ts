/**
 * `npm run bench:import -- [--resources N] [--quick] [--sources a,b] [--parse-limit-mb 512] [--keep]`
 *
 * Import throughput and peak memory of every file source (pulumi-state, terraform-state,
 * aws-config, kubernetes). For each: write a file of N resources in the source's real format with
 * a streaming writer (the generators of scripts/estate and test/sources/bench-*.ts), then, each in
 * a fresh process so peak RSS is its own, import it through the registered Source and run a raw
 * baseline on the same file (baselines.ts). Prints one JSON object on stdout and a table on
 * stderr. N defaults to 100,000 (`--quick`: 10,000). CPU time is reported beside wall time: on a
 * shared machine wall time measures the neighbours as much as the import, so ratios use CPU.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchArgs, numberArg } from './args.ts';
import { chooseBaseline, runBaseline, type BaselineKind, type BaselineResult } from './baselines.ts';

export const FILE_SOURCES = ['pulumi-state', 'terraform-state', 'aws-config', 'kubernetes'] as const;
export type FileSource = (typeof FILE_SOURCES)[number];

interface Generated {
  file: string;
  /** What the generator counted: resources (pulumi), instances (terraform), items, objects. */
  written: number;
  bytes: number;
  generateMs: number;
}

export interface ImportMeasure {
  resources: number;
  documents: number;
  largestDocument: number;
  scopes: number;
  wallMs: number;
  cpuMs: number;
  /** RSS once the source's modules are loaded, before reading: the part of the peak that is not the import's. */
  rssBeforeMb: number;
  peakRssMb: number;
}

export interface SourceBench {
  source: FileSource;
  file: { bytes: number; written: number; generateMs: number };
  import: ImportMeasure;
  baseline: BaselineResult;
  resourcesPerSec: number;
  resourcesPerCpuSec: number;
  mbPerSec: number;
  mbPerCpuSec: number;
  /** Baseline time over import time on the same file (1 = as fast as the raw parse). */
  ratio: { cpu: number; wall: number };
}

export interface ImportBenchResult {
  benchmark: 'import';
  resources: number;
  /** Over every source: resources imported per wall second, and the highest peak RSS. */
  resourcesPerSec: number;
  peakRssMb: number;
  /** Per source, import CPU time over its baseline's. */
  ratios: Record<string, number>;
  sources: SourceBench[];
}

/** Writes `head`, the items joined by `separator`, then `tail`, in ~1 MiB writes that wait for the disk. */
async function writeArrayDocument(path: string, head: string, separator: string, items: Iterable<string>, tail: string): Promise<number> {
  const out = createWriteStream(path);
  const failed = once(out, 'error').then(([error]) => {
    throw error;
  });
  failed.catch(() => {});
  let buffer = head;
  let first = true;
  const flush = async () => {
    const chunk = buffer;
    buffer = '';
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
  };
  for (const item of items) {
    buffer += first ? item : separator + item;
    first = false;
    if (buffer.length >= 1 << 20) await flush();
  }
  buffer += tail;
  await flush();
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  return out.bytesWritten;
}

function* repeatItems(count: number, item: (i: number) => unknown): Iterable<string> {
  for (let i = 0; i < count; i++) yield JSON.stringify(item(i));
}

/** Terraform indents its state by two spaces; instances, not blocks, are what a state's resources count. */
function* terraformEntries(count: number, entry: (i: number) => Record<string, unknown>, counted: { instances: number }): Iterable<string> {
  for (let i = 0; counted.instances < count; i++) {
    const block = entry(i);
    counted.instances += (block.instances as unknown[]).length;
    yield '    ' + JSON.stringify(block, null, 2).replace(/\n/g, '\n    ');
  }
}

/** The generators are loaded here, in the parent only, so the measuring children carry none of them. */
async function generate(kind: FileSource, dir: string, count: number): Promise<Generated> {
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  let file: string;
  let written = count;
  switch (kind) {
    case 'pulumi-state': {
      const { generateEstate } = await import('../estate/generate.ts');
      const estate = await generateEstate({ resources: count, stacks: 1, seed: 7, outDir: dir });
      file = estate.files[0];
      break;
    }
    case 'terraform-state': {
      const { syntheticEntry } = await import('../../test/sources/bench-terraform-state.ts');
      file = join(dir, 'estate.tfstate');
      const counted = { instances: 0 };
      const head = '{\n  "version": 4,\n  "terraform_version": "1.9.8",\n  "serial": 1,\n  "lineage": "bench-0000-lineage",\n  "outputs": {},\n  "resources": [\n';
      await writeArrayDocument(file, head, ',\n', terraformEntries(count, syntheticEntry, counted), '\n  ],\n  "check_results": null\n}\n');
      written = counted.instances;
      break;
    }
    case 'aws-config': {
      const { syntheticItem } = await import('../../test/sources/bench-aws-config.ts');
      // Named like the snapshots Config delivers to S3.
      file = join(dir, '111122223333_Config_ConfigSnapshot_bench.json');
      await writeArrayDocument(file, '{"fileVersion":"1.0","configSnapshotId":"bench","configurationItems":[', ',', repeatItems(count, syntheticItem), ']}');
      break;
    }
    case 'kubernetes': {
      const { syntheticObject } = await import('../../test/sources/bench-kubernetes.ts');
      // kubectl indents its output; compact JSON only drops whitespace the tokenizer would skip.
      file = join(dir, 'bench-cluster.json');
      const tail = '],"kind":"List","metadata":{"resourceVersion":""}}';
      await writeArrayDocument(file, '{"apiVersion":"v1","items":[', ',', repeatItems(count, syntheticObject), tail);
      break;
    }
  }
  const { size } = await stat(file);
  return { file, written, bytes: size, generateMs: Math.round(performance.now() - started) };
}

/** Child side: reads the file through the registered Source, as a scan would, counting what comes out. */
async function measureImport(kind: FileSource, file: string): Promise<ImportMeasure> {
  const { sourceRegistry } = await import('../../src/sources/index.ts');
  const source = sourceRegistry.get(kind);
  if (!source) throw new Error(`no source ${kind} in the registry`);
  const rssBeforeMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  const scopes = new Set<string>();
  let resources = 0;
  let documents = 0;
  let largestDocument = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for await (const document of source.read(file, { cwd: dirname(file) })) {
    documents++;
    resources += document.resources.length;
    largestDocument = Math.max(largestDocument, document.resources.length);
    scopes.add(document.scope);
  }
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    resources,
    documents,
    largestDocument,
    scopes: scopes.size,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((used.user + used.system) / 1000),
    rssBeforeMb,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

/** Runs this script in a fresh process for one measurement and returns what it printed. */
function inChild<T>(args: string[]): T {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`bench child ${args.join(' ')} failed with status ${child.status ?? child.signal}`);
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}

function perSecond(amount: number, ms: number): number {
  return ms > 0 ? amount / (ms / 1000) : 0;
}

async function benchSource(kind: FileSource, dir: string, count: number, parseLimitBytes: number, keep: boolean): Promise<SourceBench> {
  process.stderr.write(`${kind}: writing ${count.toLocaleString('en')} resources…\n`);
  const generated = await generate(kind, join(dir, kind), count);
  try {
    process.stderr.write(`${kind}: ${(generated.bytes / 1e6).toFixed(0)} MB written in ${(generated.generateMs / 1000).toFixed(1)} s; importing…\n`);
    const measured = inChild<ImportMeasure>(['--child', 'import', '--kind', kind, '--file', generated.file]);
    const kindOfBaseline = await chooseBaseline(generated.file, parseLimitBytes);
    process.stderr.write(`${kind}: baseline (${kindOfBaseline})…\n`);
    const baseline = inChild<BaselineResult>(['--child', 'baseline', '--baseline', kindOfBaseline, '--file', generated.file]);
    const mb = generated.bytes / 1e6;
    return {
      source: kind,
      file: { bytes: generated.bytes, written: generated.written, generateMs: generated.generateMs },
      import: measured,
      baseline,
      resourcesPerSec: Math.round(perSecond(measured.resources, measured.wallMs)),
      resourcesPerCpuSec: Math.round(perSecond(measured.resources, measured.cpuMs)),
      mbPerSec: Number(perSecond(mb, measured.wallMs).toFixed(1)),
      mbPerCpuSec: Number(perSecond(mb, measured.cpuMs).toFixed(1)),
      ratio: {
        cpu: Number((baseline.cpuMs / Math.max(1, measured.cpuMs)).toFixed(2)),
        wall: Number((baseline.wallMs / Math.max(1, measured.wallMs)).toFixed(2)),
      },
    };
  } finally {
    if (!keep) await rm(join(dir, kind), { recursive: true, force: true });
  }
}

export async function benchImport(options: {
  resources: number;
  sources?: readonly FileSource[];
  parseLimitBytes?: number;
  keep?: boolean;
}): Promise<ImportBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'sweep-bench-import-'));
  const results: SourceBench[] = [];
  try {
    // One source at a time, each file deleted before the next is written: a million-resource run
    // needs one ~1.5 GB file on disk at a time, not four.
    for (const kind of options.sources ?? FILE_SOURCES) {
      results.push(await benchSource(kind, dir, options.resources, options.parseLimitBytes ?? 512 * 2 ** 20, options.keep ?? false));
    }
  } finally {
    if (!options.keep) await rm(dir, { recursive: true, force: true });
    else process.stderr.write(`files kept in ${dir}\n`);
  }
  const resources = results.reduce((n, r) => n + r.import.resources, 0);
  const wallMs = results.reduce((n, r) => n + r.import.wallMs, 0);
  return {
    benchmark: 'import',
    resources: options.resources,
    resourcesPerSec: Math.round(perSecond(resources, wallMs)),
    peakRssMb: Math.max(0, ...results.map((r) => r.import.peakRssMb)),
    ratios: Object.fromEntries(results.map((r) => [r.source, r.ratio.cpu])),
    sources: results,
  };
}

export function formatTable(result: ImportBenchResult): string {
  const header = ['source', 'file MB', 'resources', 'docs', 'res/s', 'MB/s', 'wall s', 'CPU s', 'res/CPU-s', 'peak RSS MB', 'baseline', 'base CPU s', 'base RSS MB', 'vs base (CPU)'];
  const rows = result.sources.map((s) => [
    s.source,
    (s.file.bytes / 1e6).toFixed(0),
    s.import.resources.toLocaleString('en'),
    String(s.import.documents),
    s.resourcesPerSec.toLocaleString('en'),
    s.mbPerSec.toFixed(1),
    (s.import.wallMs / 1000).toFixed(1),
    (s.import.cpuMs / 1000).toFixed(1),
    s.resourcesPerCpuSec.toLocaleString('en'),
    String(s.import.peakRssMb),
    s.baseline.baseline,
    (s.baseline.cpuMs / 1000).toFixed(1),
    String(s.baseline.peakRssMb),
    s.ratio.cpu.toFixed(2),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 || i === 10 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function isFileSource(kind: string): kind is FileSource {
  return (FILE_SOURCES as readonly string[]).includes(kind);
}

async function main(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const child = args.get('child');
  const file = args.get('file') ?? '';
  if (child === 'import') {
    const kind = args.get('kind') ?? '';
    if (!isFileSource(kind)) throw new Error(`--kind must be one of ${FILE_SOURCES.join(', ')}`);
    process.stdout.write(JSON.stringify(await measureImport(kind, file)) + '\n');
    return;
  }
  if (child === 'baseline') {
    process.stdout.write(JSON.stringify(await runBaseline(file, args.get('baseline') as BaselineKind)) + '\n');
    return;
  }
  const sources = args.get('sources')?.split(',') ?? [...FILE_SOURCES];
  const unknown = sources.filter((kind) => !isFileSource(kind));
  if (unknown.length > 0) throw new Error(`unknown --sources ${unknown.join(', ')}; file sources are ${FILE_SOURCES.join(', ')}`);
  const result = await benchImport({
    resources: Math.round(numberArg(args, 'resources', args.has('quick') ? 10_000 : 100_000)),
    sources: sources as FileSource[],
    parseLimitBytes: numberArg(args, 'parse-limit-mb', 512) * 2 ** 20,
    keep: args.has('keep'),
  });
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  process.stderr.write('\n' + formatTable(result) + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main(process.argv.slice(2));
