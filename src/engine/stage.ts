/**
 * A scan streams what it read into temp tables inside its transaction, one COPY per source
 * batch, so memory stays bounded by the largest batch; reconcile.ts merges what is staged into
 * the real tables with set-based SQL after each stack (or MERGE_ROWS rows, scan.ts) and empties
 * the stage. `stage_scopes` keeps every scope read until the end, where resolution needs it.
 */
import type { Tx } from '../db/store.ts';
import { copyLine } from '../db/copy-text.ts';
import type { Resource } from '../sources/resource.ts';
import type { Exclusion, Finding } from './runner.ts';
import { fingerprint } from './fingerprint.ts';

export async function createStage(tx: Tx): Promise<void> {
  // A merge sorts up to MERGE_ROWS staged rows by key; the default 4 MB would spill them to disk.
  await tx.query(`set local work_mem = '128MB'`);
  await tx.query(`
    create temp table stage_resources (
      seq bigserial, key text not null, scope text not null, type text not null,
      native_type text not null, name text not null, provider text not null, account text, region text, urn text,
      native_id text, role text not null, parent_key text, source text not null, props jsonb not null,
      tags jsonb not null, iac jsonb not null
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
  resourceLines: string[];
  findingLines: string[];
}

export function encodeBatch(batch: {
  scope: string;
  /** The batch's resources; unset for the findings of stack rules. */
  resources?: readonly Resource[];
  findings: readonly Finding[];
  /** Every resource a finding names (the batch, or the stack rules' view). */
  lookup: ReadonlyMap<string, Resource>;
  ownerOf?: (resource: Resource | undefined, policyId: string) => string | undefined;
}): EncodedBatch {
  return {
    scope: batch.scope,
    resources: batch.resources?.length,
    resourceLines: batch.resources ? [...resourceLines(batch.scope, batch.resources)] : [],
    findingLines: [...findingLines(batch.scope, batch.findings, batch.lookup, batch.ownerOf)],
  };
}

export async function stageBatch(tx: Tx, batch: EncodedBatch): Promise<void> {
  if (batch.resources !== undefined) {
    await tx.query('insert into stage_scopes (scope, resources) values ($1, $2)', [batch.scope, batch.resources]);
  }
  if (batch.resourceLines.length > 0) {
    await tx.copyFrom(
      'COPY stage_resources (key, scope, type, native_type, name, provider, account, region, urn, native_id, role, parent_key, source, props, tags, iac) FROM STDIN',
      batch.resourceLines,
    );
  }
  if (batch.findingLines.length > 0) {
    await tx.copyFrom(
      'COPY stage_violations (fingerprint, policy_id, resource_key, scope, resource_type, account, severity, message, owner) FROM STDIN',
      batch.findingLines,
    );
  }
}

/**
 * Runs staging writes one batch behind the read: a batch's COPY goes to the server while the next
 * batch is read and evaluated, so Node's parsing and Postgres's ingest use both cores. At most one
 * write is in flight (memory stays bounded by two batches); one that fails surfaces at the next
 * `write` or at `flush`, and the transaction is aborted with it anyway.
 */
export interface StageWriter {
  write(task: () => Promise<void>): Promise<void>;
  /** Waits for the write in flight; rethrows its failure. */
  flush(): Promise<void>;
  /** Waits for the write in flight without rethrowing (the caller is already failing). */
  settle(): Promise<void>;
  /** How long writes have been running, in milliseconds (the database's share of the scan). */
  readonly busyMs: number;
}

export function createStageWriter(): StageWriter {
  let inflight: Promise<void> = Promise.resolve();
  let busyMs = 0;
  const timed = async (task: () => Promise<void>) => {
    const started = performance.now();
    try {
      await task();
    } finally {
      busyMs += performance.now() - started;
    }
  };
  return {
    async write(task) {
      await inflight;
      inflight = timed(task);
      // Observed here so a failure is never "unhandled" while the next batch is being read.
      inflight.catch(() => {});
    },
    flush: () => inflight,
    settle: () => inflight.catch(() => {}),
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

function* resourceLines(scope: string, resources: readonly Resource[]): Generator<string> {
  for (const r of resources) {
    yield copyLine([
      r.key, scope, r.type, r.nativeType, r.name, r.provider, r.account, r.region, r.urn, r.nativeId,
      r.role, r.parentKey, r.source, r.props, r.tags, r.iac,
    ]);
  }
}

function* findingLines(
  scope: string,
  findings: readonly Finding[],
  resources: ReadonlyMap<string, Resource>,
  ownerOf?: (resource: Resource | undefined, policyId: string) => string | undefined,
): Generator<string> {
  for (const f of findings) {
    const resource = resources.get(f.resourceKey);
    yield copyLine([
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
}
