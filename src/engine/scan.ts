/**
 * A scan: read every source, evaluate the selected rules on each batch as it arrives, stage the
 * results, and reconcile them with the stored backlog — all in one transaction, so a scan that
 * fails (a malformed file, a lost connection) leaves the previous state intact. With `keepGoing`
 * a source that fails is rolled back to the savepoint it started at and reported; the others
 * still land and the scan is marked `partial` (a failed source's stacks are then not reconciled).
 */
import type { Rule } from '../../policies/rule.ts';
import type { Store, Tx } from '../db/store.ts';
import type { ScanTrigger } from '../db/schema/index.ts';
import { isSweepError } from '../errors.ts';
import type { Resource, SourceDocument } from '../sources/resource.ts';
import type { Source, SourceContext } from '../sources/source.ts';
import { emptyCounts, mergeStaged, resolveUnseen, type MergeInput, type ReconcileCounts } from './reconcile.ts';
import { createRunner, type EvaluationResult, type Exclusion, type PolicyFailure, type Runner, type RunnerOptions, type StackInfo } from './runner.ts';
import {
  createStage,
  createStageWriter,
  encodeBatch,
  saveExclusions,
  stageBatch,
  type EncodedBatch,
  type StageWriter,
} from './stage.ts';
import { nextTurn, TURN_SLICE } from './turn.ts';
import { compileOwnership, slaDays, type Ownership } from '../violations/ownership.ts';
import { expireSuppressions } from '../violations/suppress.ts';

export interface SourceRequest {
  kind: string;
  target: string;
}

export interface ScanRequest {
  sources: SourceRequest[];
  rules: readonly Rule[];
  /** Framework keys the rules were selected by, recorded on the scan. */
  packs: string[];
  trigger: ScanTrigger;
  actor: string;
  /** Rule config values and include/exclude scopes from the config file. */
  runner?: RunnerOptions;
  /** Let the other sources land when one fails; the scan is then `partial`. */
  keepGoing?: boolean;
  /** Assignment rules and SLAs for new violations. */
  ownership?: Ownership;
  /**
   * A `scans` row (status running) the caller already inserted: a scheduled scan claims its
   * sources under a lock before scanning (src/schedules/claim.ts). Unset: runScan inserts one.
   */
  scanId?: number;
}

export interface ScanDeps {
  store: Store;
  sources: ReadonlyMap<string, Source>;
  context: SourceContext;
  /** Called after each batch; the CLI turns it into a progress line on a TTY. */
  onProgress?: (progress: { source: string; documents: number; resources: number }) => void;
}

export interface SourceStats {
  source: string;
  documents: number;
  /** Resources read from the source, and how many of those the mapper knew the type of. */
  read: number;
  mapped: number;
  unknownTypes: number;
  evaluated: number;
  findings: number;
  /** Set when the source failed (only with keepGoing; otherwise the scan fails). */
  error?: string;
}

export interface PolicyErrorSummary {
  policyId: string;
  count: number;
  /** The first failure, enough to reproduce: which resource, in which file, what it threw. */
  first: PolicyFailure;
}

/**
 * Where the time went, in milliseconds: reading + mapping sources, policies, staging, resolution.
 * A batch's COPY and merge run while the next batches are read, so `stageMs` is only encoding the
 * batch as COPY text plus the time the read waited on the database; `reconcileMs` is the final
 * resolution of what was not seen; `writeMs` is how long the batches' COPY + merge ran in all
 * (hidden behind the read or not).
 */
export interface ScanTimings {
  readMs: number;
  evaluateMs: number;
  stageMs: number;
  reconcileMs: number;
  writeMs: number;
}

export interface ScanReport {
  scanId: number;
  status: 'succeeded' | 'partial';
  durationMs: number;
  rules: number;
  evaluations: number;
  counts: ReconcileCounts;
  sources: SourceStats[];
  policyErrors: PolicyErrorSummary[];
  /** Exclusions by policy; the pairs themselves are in scan_exclusions. */
  excluded: Record<string, number>;
  timings: ScanTimings;
}

function summarizeFailures(failures: PolicyFailure[]): PolicyErrorSummary[] {
  const byPolicy = new Map<string, PolicyErrorSummary>();
  for (const failure of failures) {
    const summary = byPolicy.get(failure.policyId);
    if (summary) summary.count++;
    else byPolicy.set(failure.policyId, { policyId: failure.policyId, count: 1, first: failure });
  }
  return [...byPolicy.values()];
}

function countBy(exclusions: readonly Exclusion[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const exclusion of exclusions) counts[exclusion.policyId] = (counts[exclusion.policyId] ?? 0) + 1;
  return counts;
}

/** What one source contributed; discarded whole when the source fails under keepGoing. */
interface SourceYield {
  evaluations: number;
  /** What its merges did to resources and violations. */
  counts: ReconcileCounts;
  failures: PolicyFailure[];
  exclusions: Exclusion[];
}

export async function runScan(deps: ScanDeps, request: ScanRequest): Promise<ScanReport> {
  const { store } = deps;
  const started = Date.now();
  const labels = request.sources.map((s) => `${s.kind}:${s.target}`);
  // Exceptions past their expiry go back to the backlog (an event each) before this scan counts
  // it, so every scan — CLI, API, schedule — sees them reopen; this is its own small transaction.
  await expireSuppressions(store, request.actor);
  const scanId =
    request.scanId ??
    Number(
      (
        await store.query<{ id: number }>(
          `insert into scans (trigger, sources, packs, status) values ($1, $2, $3, 'running') returning id`,
          [request.trigger, JSON.stringify(labels), JSON.stringify(request.packs)],
        )
      )[0].id,
    );
  const runner = createRunner(request.rules, request.runner);
  const owner = compileOwnership(request.ownership);
  const rulesById = new Map(request.rules.map((rule) => [rule.id, rule]));
  const ownerOf = (resource: Resource | undefined, policyId: string) => owner(resource, rulesById.get(policyId)!);
  const timings: ScanTimings = { readMs: 0, evaluateMs: 0, stageMs: 0, reconcileMs: 0, writeMs: 0 };
  const stats: SourceStats[] = [];
  const kept: SourceYield[] = [];

  const merge = { scanId, actor: request.actor, slaDays: slaDays(request.ownership) };

  try {
    const counts = await store.transaction(async (tx) => {
      await createStage(tx);
      for (const [part, spec] of request.sources.entries()) {
        const source = deps.sources.get(spec.kind);
        if (!source) throw new Error(`source kind ${spec.kind} is not registered`);
        const stat: SourceStats = { source: labels[part], documents: 0, read: 0, mapped: 0, unknownTypes: 0, evaluated: 0, findings: 0 };
        stats.push(stat);
        const produced: SourceYield = { evaluations: 0, failures: [], exclusions: [], counts: emptyCounts() };
        // A source's batches are merged as they arrive; under keepGoing a failed source is taken
        // back out whole by rolling back to the savepoint it started at.
        if (request.keepGoing) await tx.query('savepoint sweep_source');
        try {
          await scanSource({ tx, runner, merge, timings, stat, produced, ownerOf, onProgress: deps.onProgress }, source.read(spec.target, deps.context));
          if (request.keepGoing) await tx.query('release savepoint sweep_source');
          kept.push(produced);
        } catch (error) {
          if (!request.keepGoing || !isSweepError(error)) throw error;
          await tx.query('rollback to savepoint sweep_source');
          await tx.query('release savepoint sweep_source');
          stat.error = error.message;
        }
      }
      const mark = performance.now();
      await saveExclusions(tx, scanId, kept.flatMap((k) => k.exclusions));
      const counts = emptyCounts();
      for (const produced of kept) for (const key of Object.keys(counts) as (keyof ReconcileCounts)[]) counts[key] += produced.counts[key];
      await resolveUnseen(tx, { scanId, policyIds: request.rules.map((r) => r.id), actor: request.actor }, counts);
      timings.reconcileMs += performance.now() - mark;
      return counts;
    });
    for (const phase of Object.keys(timings) as (keyof ScanTimings)[]) timings[phase] = Math.round(timings[phase]);
    const report: ScanReport = {
      scanId,
      status: stats.some((s) => s.error) ? 'partial' : 'succeeded',
      durationMs: Date.now() - started,
      rules: request.rules.length,
      evaluations: kept.reduce((n, k) => n + k.evaluations, 0),
      counts,
      sources: stats,
      policyErrors: summarizeFailures(kept.flatMap((k) => k.failures)),
      excluded: countBy(kept.flatMap((k) => k.exclusions)),
      timings,
    };
    const { scanId: _, status, ...stored } = report;
    await store.query(`update scans set status = $2, finished_at = now(), counts = $3, error = $4 where id = $1`, [
      scanId,
      status,
      JSON.stringify(stored),
      stats.filter((s) => s.error).map((s) => `${s.source}: ${s.error}`).join('\n') || null,
    ]);
    return report;
  } catch (error) {
    const message = isSweepError(error) ? error.message : `internal error: ${(error as Error).message}`;
    await store
      .query(`update scans set status = 'failed', finished_at = now(), error = $2 where id = $1`, [scanId, message])
      .catch(() => {});
    throw error;
  }
}

/**
 * Staged rows merged at once, at most. A merge inserts its rows in key order, so each index page
 * it touches is touched once; merging every 5,000-resource batch instead scattered writes over
 * indexes larger than the server's buffers (at a million resources the database's share of the
 * scan went from 158 s to 132 s with this bound, on a loaded machine).
 */
export const MERGE_ROWS = 50_000;

/**
 * Evaluates a document TURN_SLICE resources at a time with a turn of the event loop between
 * slices: the queued writes get their next statement out while the batch is still being evaluated.
 */
async function evaluateInSlices(runner: Runner, document: SourceDocument): Promise<EvaluationResult> {
  const { resources } = document;
  if (resources.length <= TURN_SLICE) return runner.evaluateResources(document);
  const total: EvaluationResult = { findings: [], failures: [], exclusions: [], evaluations: 0 };
  for (let start = 0; start < resources.length; start += TURN_SLICE) {
    const part = await runner.evaluateResources({ ...document, resources: resources.slice(start, start + TURN_SLICE) });
    total.findings.push(...part.findings);
    total.failures.push(...part.failures);
    total.exclusions.push(...part.exclusions);
    total.evaluations += part.evaluations;
    await nextTurn();
  }
  return total;
}

interface SourceScan {
  tx: Tx;
  runner: Runner;
  merge: MergeInput;
  timings: ScanTimings;
  stat: SourceStats;
  produced: SourceYield;
  ownerOf: (resource: Resource | undefined, policyId: string) => string | undefined;
  onProgress?: ScanDeps['onProgress'];
}

/**
 * Reads one source batch by batch. Resource rules run per batch; the resources stack rules look
 * at are kept per stack (consecutive batches with one scope) and evaluated when the stack ends.
 */
async function scanSource(scan: SourceScan, documents: AsyncIterable<SourceDocument>): Promise<void> {
  const writer = createStageWriter();
  try {
    await readSource(scan, documents, writer);
    const mark = performance.now();
    await writer.flush();
    scan.timings.stageMs += performance.now() - mark;
  } finally {
    await writer.settle();
    scan.timings.writeMs += writer.busyMs;
  }
}

async function readSource(scan: SourceScan, documents: AsyncIterable<SourceDocument>, writer: StageWriter): Promise<void> {
  const { tx, runner, merge, timings, stat, produced, ownerOf } = scan;
  let stack: { info: StackInfo; resources: Map<string, Resource> } | undefined;
  let mark = performance.now();
  const lap = (phase: keyof ScanTimings) => {
    const now = performance.now();
    timings[phase] += now - mark;
    mark = now;
  };
  const absorb = (result: { evaluations: number; failures: PolicyFailure[]; exclusions: Exclusion[]; findings: unknown[] }) => {
    produced.evaluations += result.evaluations;
    produced.failures.push(...result.failures);
    produced.exclusions.push(...result.exclusions);
    stat.findings += result.findings.length;
  };
  // Batches are staged as they come and merged a stack (or MERGE_ROWS staged rows) at a time.
  let staged = 0;
  const write = (batch: EncodedBatch, endOfStack: boolean) => {
    staged += batch.resourceLines.length + batch.findingLines.length;
    const mergeNow = endOfStack || staged >= MERGE_ROWS;
    if (mergeNow) staged = 0;
    const chars = batch.resourceLines.reduce((n, line) => n + line.length, 0) + batch.findingLines.reduce((n, line) => n + line.length, 0);
    return writer.write(async () => {
      await stageBatch(tx, batch);
      if (mergeNow) await mergeStaged(tx, merge, produced.counts);
    }, chars);
  };
  const finishStack = async () => {
    if (!stack) return;
    mark = performance.now();
    const result = await runner.evaluateStack(stack.info, [...stack.resources.values()]);
    lap('evaluateMs');
    await write(await encodeBatch({ scanId: merge.scanId, scope: stack.info.scope, findings: result.findings, lookup: stack.resources, ownerOf }), true);
    lap('stageMs');
    absorb(result);
    stack = undefined;
  };

  for await (const document of documents) {
    lap('readMs');
    if (stack && stack.info.scope !== document.scope) await finishStack();
    stack ??= { info: { scope: document.scope, origin: document.origin, tags: document.stack?.tags }, resources: new Map() };
    for (const resource of document.resources) {
      if (runner.stackTypes.has(resource.type)) stack.resources.set(resource.key, resource);
    }
    mark = performance.now();
    const result = await evaluateInSlices(runner, document);
    lap('evaluateMs');
    const lookup = new Map(document.resources.map((r) => [r.key, r]));
    const batch = await encodeBatch({ scanId: merge.scanId, scope: document.scope, resources: document.resources, findings: result.findings, lookup, ownerOf });
    await write(batch, false);
    lap('stageMs');
    absorb(result);
    stat.documents++;
    for (const resource of document.resources) {
      stat.read++;
      if (resource.unknownType) stat.unknownTypes++;
      if (resource.role === 'custom') stat.evaluated++;
    }
    stat.mapped = stat.read - stat.unknownTypes;
    scan.onProgress?.({ source: stat.source, documents: stat.documents, resources: stat.read });
    mark = performance.now();
  }
  await finishStack();
}
