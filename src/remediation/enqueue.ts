/**
 * Enqueueing a run: one BullMQ flow per PR batch, the `open-pr` parent waiting for its `fix-group`
 * children. Job ids derive from run, key and round, so enqueueing the same batches twice adds
 * nothing. Flows go out in chunks (one MULTI each on Redis), two in flight there: the next chunk
 * is built while Redis runs the previous one.
 */
import { JOBS, jobOptions, parseJobData } from '../queue/catalog.ts';
import { addFlows, type TwoLevelFlow } from '../queue/flows.ts';
import { fixJobId, prJobId } from '../queue/ids.ts';
import type { QueueRuntime } from '../queue/runtime.ts';
import type { PlannedBatch } from './plan.ts';

/**
 * Jobs per insert. Everything a chunk builds stays alive until its MULTI returns, so large
 * chunks turn into garbage-collector work; small ones into round trips and per-MULTI setup.
 */
const CHUNK_JOBS = 250;

/** Safe to call twice. */
export async function enqueueRun(runtime: QueueRuntime, runId: number, batches: PlannedBatch[], round = 0): Promise<void> {
  const toFlow = (batch: PlannedBatch): TwoLevelFlow => ({
    queue: JOBS['open-pr'].queue,
    name: 'open-pr',
    data: parseJobData('open-pr', { runId, batchKey: batch.batchKey, groupKeys: batch.groups.map((g) => g.groupKey) }),
    opts: jobOptions('open-pr', prJobId(runId, batch.batchKey, round)),
    children: batch.groups.map((group) => ({
      queue: JOBS['fix-group'].queue,
      name: 'fix-group',
      data: parseJobData('fix-group', { runId, groupKey: group.groupKey, batchKey: batch.batchKey, policyId: group.policyId, violationIds: group.violationIds }),
      // A failed group must not fail the PR: the parent still runs and opens it from the verified rest.
      opts: { ...jobOptions('fix-group', fixJobId(runId, group.groupKey, round)), ignoreDependencyOnFailure: true },
    })),
  });
  const chunks = chunkByJobs(batches, CHUNK_JOBS);
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < chunks.length) {
      const chunk = chunks[next++];
      try {
        await addFlows(runtime, chunk.map(toFlow));
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  // One at a time on the Postgres backends: the embedded one serves every connection from one PGlite session.
  const inFlight = runtime.kind === 'redis' ? 2 : 1;
  await Promise.all(Array.from({ length: Math.min(inFlight, chunks.length) }, lane));
}

/** Consecutive batches, at most `size` jobs (a parent and its children) per chunk unless one batch alone is more. */
function chunkByJobs(batches: PlannedBatch[], size: number): PlannedBatch[][] {
  const chunks: PlannedBatch[][] = [];
  let current: PlannedBatch[] = [];
  let jobs = 0;
  for (const batch of batches) {
    const count = batch.groups.length + 1;
    if (current.length > 0 && jobs + count > size) {
      chunks.push(current);
      current = [];
      jobs = 0;
    }
    current.push(batch);
    jobs += count;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
