/**
 * A scan streams what it read into its transaction one COPY per source batch, so memory stays
 * bounded by the batches in flight. A resource whose key is not stored yet (every resource of a
 * first scan) is copied straight into `resources`; one already stored goes to a temp stage that
 * reconcile.ts upserts after each stack (or MERGE_ROWS rows, scan.ts) and empties. Findings are
 * always staged. `stage_scopes` keeps every scope read until the end, where resolution needs it.
 */
import type { Tx } from '../db/store.ts';
import { copyLine } from '../db/copy-text.ts';
import type { Resource } from '../sources/resource.ts';
import type { Exclusion, Finding } from './runner.ts';
import { fingerprint } from './fingerprint.ts';
import { nextTurn, TURN_SLICE } from './turn.ts';

export async function createStage(tx: Tx): Promise<void> {
  // A merge sorts up to MERGE_ROWS staged rows by key; the default 4 MB would spill them to disk.
  await tx.query(`set local work_mem = '128MB'`);
  await tx.query(`
    create temp table stage_resources (
      seq bigserial, key text not null, scope text not null, type text not null,
      native_type text not null, name text not null, provider text not null, account text, region text, urn text,
      native_id text, role text not null, parent_key text, source text not null, props jsonb not null,
      tags jsonb not null, iac jsonb not null, first_seen_scan bigint not null, last_seen_scan bigint not null
    ) on commit drop`);
  await tx.query(`
    create temp table stage_violations (
      fingerprint text not null, policy_id text not null, resource_key text not null,
      scope text not null, resource_type text not null, account text, severity text not null, message text not null,
      owner text
    ) on commit drop`);
  await tx.query(`create temp table stage_scopes (scope text not null, resources integer not null) on commit drop`);
}

/**
 * One batch as COPY text. It is encoded on the Node side before its write is queued, so the
 * database's share of a batch is ingesting and merging, never waiting on JSON encoding.
 */
export interface EncodedBatch {
  scope: string;
  /** Resources read in this batch (unset for a stack's findings, which add no resources). */
  resources?: number;
  /** The key of each resource line, same order; unique within the batch. */
  resourceKeys: string[];
  resourceLines: string[];
  findingLines: string[];
}

export async function encodeBatch(batch: {
  scanId: number;
  scope: string;
  /** The batch's resources; unset for the findings of stack rules. */
  resources?: readonly Resource[];
  findings: readonly Finding[];
  /** Every resource a finding names (the batch, or the stack rules' view). */
  lookup: ReadonlyMap<string, Resource>;
  ownerOf?: (resource: Resource | undefined, policyId: string) => string | undefined;
}): Promise<EncodedBatch> {
  const resources = batch.resources ? lastCopies(batch.resources) : [];
  const resourceLines: string[] = [];
  for (const r of resources) {
    resourceLines.push(resourceLine(batch.scanId, batch.scope, r));
    if (resourceLines.length % TURN_SLICE === 0) await nextTurn();
  }
  const findingLines: string[] = [];
  for (const f of batch.findings) {
    findingLines.push(findingLine(batch.scope, f, batch.lookup, batch.ownerOf));
    if (findingLines.length % TURN_SLICE === 0) await nextTurn();
  }
  return { scope: batch.scope, resources: batch.resources?.length, resourceKeys: resources.map((r) => r.key), resourceLines, findingLines };
}

/** A key read twice in one batch keeps its last copy, as it does across batches (reconcile.ts). */
function lastCopies(resources: readonly Resource[]): readonly Resource[] {
  const byKey = new Map<string, Resource>();
  for (const resource of resources) {
    byKey.delete(resource.key);
    byKey.set(resource.key, resource);
  }
  return byKey.size === resources.length ? resources : [...byKey.values()];
}

const RESOURCE_COLUMNS =
  'key, scope, type, native_type, name, provider, account, region, urn, native_id, role, parent_key, source, props, tags, iac, first_seen_scan, last_seen_scan';

/** Which of `keys` are stored already (this transaction's own earlier rows included). */
async function storedKeys(tx: Tx, keys: readonly string[]): Promise<Set<string>> {
  const rows = await tx.query<{ key: string }>('select key from resources where key = any($1::text[])', [keys]);
  return new Set(rows.map((row) => row.key));
}

export async function stageBatch(tx: Tx, batch: EncodedBatch): Promise<void> {
  if (batch.resources !== undefined) {
    await tx.query('insert into stage_scopes (scope, resources) values ($1, $2)', [batch.scope, batch.resources]);
  }
  if (batch.resourceLines.length > 0) {
    // New keys skip the stage: one COPY instead of a COPY, a sort and an upsert.
    const stored = await storedKeys(tx, batch.resourceKeys);
    const fresh: string[] = [];
    const known: string[] = [];
    batch.resourceLines.forEach((line, i) => (stored.has(batch.resourceKeys[i]) ? known : fresh).push(line));
    if (fresh.length > 0) await tx.copyFrom(`COPY resources (${RESOURCE_COLUMNS}) FROM STDIN`, fresh);
    if (known.length > 0) await tx.copyFrom(`COPY stage_resources (${RESOURCE_COLUMNS}) FROM STDIN`, known);
  }
  if (batch.findingLines.length > 0) {
    await tx.copyFrom(
      'COPY stage_violations (fingerprint, policy_id, resource_key, scope, resource_type, account, severity, message, owner) FROM STDIN',
      batch.findingLines,
    );
  }
}

/**
 * Runs staging writes behind the read, in order: a batch's COPY and its stack's merge go to the
 * server while the next batches are read and evaluated, so Node's parsing and Postgres's ingest
 * use both cores. Up to `maxQueuedChars` of COPY text may wait (a merge takes seconds; the read
 * goes on meanwhile) before `write` makes the reader wait. After a write fails the rest are
 * skipped; the failure surfaces at the next `write` or at `flush`, and aborts the transaction.
 */
export interface StageWriter {
  /** Queues `task`; `chars` is the COPY text it holds, for the memory bound. */
  write(task: () => Promise<void>, chars: number): Promise<void>;
  /** Waits for every queued write; rethrows the first failure. */
  flush(): Promise<void>;
  /** Waits for every queued write without rethrowing (the caller is already failing). */
  settle(): Promise<void>;
  /** How long writes have been running, in milliseconds (the database's share of the scan). */
  readonly busyMs: number;
}

/** About 12 batches of 5,000 resources: enough to keep reading through a stack's merge. */
export const MAX_QUEUED_CHARS = 64 * 1024 * 1024;

export function createStageWriter(maxQueuedChars = MAX_QUEUED_CHARS): StageWriter {
  let tail: Promise<void> = Promise.resolve();
  const queue: { done: Promise<void>; chars: number }[] = [];
  let queuedChars = 0;
  let failure: { error: unknown } | undefined;
  let busyMs = 0;
  const run = async (task: () => Promise<void>) => {
    if (failure) return;
    const started = performance.now();
    try {
      await task();
    } catch (error) {
      failure ??= { error };
    } finally {
      busyMs += performance.now() - started;
    }
  };
  const check = () => {
    if (failure) throw failure.error;
  };
  return {
    async write(task, chars) {
      check();
      // `run` never rejects, so the chain keeps its order and nothing is ever unhandled.
      tail = tail.then(() => run(task));
      queue.push({ done: tail, chars });
      queuedChars += chars;
      // Writes finish in order: waiting on the oldest frees its share of the bound.
      while (queue.length > 1 && queuedChars > maxQueuedChars) {
        const oldest = queue.shift()!;
        await oldest.done;
        queuedChars -= oldest.chars;
      }
      check();
    },
    async flush() {
      await tail;
      check();
    },
    settle: () => tail,
    get busyMs() {
      return busyMs;
    },
  };
}

export async function saveExclusions(tx: Tx, scanId: number, exclusions: readonly Exclusion[]): Promise<void> {
  if (exclusions.length === 0) return;
  await tx.copyFrom(
    'COPY scan_exclusions (scan_id, policy_id, resource_key, pattern) FROM STDIN',
    exclusions.map((e) => copyLine([scanId, e.policyId, e.resourceKey, e.pattern])),
  );
}

function resourceLine(scanId: number, scope: string, r: Resource): string {
  return copyLine([
    r.key, scope, r.type, r.nativeType, r.name, r.provider, r.account, r.region, r.urn, r.nativeId,
    r.role, r.parentKey, r.source, r.props, r.tags, r.iac, scanId, scanId,
  ]);
}

function findingLine(
  scope: string,
  f: Finding,
  resources: ReadonlyMap<string, Resource>,
  ownerOf?: (resource: Resource | undefined, policyId: string) => string | undefined,
): string {
  const resource = resources.get(f.resourceKey);
  return copyLine([
    fingerprint(f.policyId, f.resourceKey),
    f.policyId,
    f.resourceKey,
    scope,
    resource?.type ?? 'pulumi:pulumi:Stack',
    resource?.account,
    f.severity,
    f.message,
    ownerOf?.(resource, f.policyId),
  ]);
}
