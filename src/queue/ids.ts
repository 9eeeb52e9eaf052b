import * as crypto from 'node:crypto';

// One-shot `crypto.hash` (Node ≥ 20.12) is several times cheaper than a Hash object per id,
// which shows when a run enqueues tens of thousands of jobs; same digest either way.
const sha256 =
  typeof crypto.hash === 'function'
    ? (text: string) => crypto.hash('sha256', text, 'hex')
    : (text: string) => crypto.createHash('sha256').update(text).digest('hex');

function short(text: string): string {
  return sha256(text).slice(0, 20);
}

/**
 * Deterministic job ids: the same run and group always make the same id, so enqueueing a run
 * twice adds nothing and can never make a second PR. `round` changes only on `remediate resume`.
 * (BullMQ ids may not contain `:`.)
 */
export function fixJobId(runId: number, groupKey: string, round = 0): string {
  return `run${runId}-r${round}-fix-${short(groupKey)}`;
}

export function prJobId(runId: number, batchKey: string, round = 0): string {
  return `run${runId}-r${round}-pr-${short(batchKey)}`;
}
