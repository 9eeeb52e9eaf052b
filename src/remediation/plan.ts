/**
 * Planning a remediation run: violations assigned to `ai` are grouped by repo × stack × policy
 * (a batch: one branch, one PR), and batches split into groups of at most `groupSize` violations
 * (one fix-group job each). Keys are deterministic, so planning the same violations twice gives
 * the same groups, job ids and branch names.
 */
export interface PlanCandidate {
  id: number;
  policyId: string;
  severity: string;
  /** `owner/name`, a local path, or (for unmanaged resources) the scope. */
  repo: string;
  stack: string;
}

export interface PlannedGroup {
  groupKey: string;
  batchKey: string;
  policyId: string;
  violationIds: number[];
}

export interface PlannedBatch {
  batchKey: string;
  repo: string;
  stack: string;
  policyId: string;
  groups: PlannedGroup[];
}

export interface PlanLimits {
  /** Blast radius: at most this many violations in the run (most severe first). */
  maxViolations?: number;
  /** At most this many PR batches (most severe first). */
  maxPrs?: number;
  /** Violations per fix-group job. @defaultValue 50 */
  groupSize?: number;
}

const RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** The branch a batch lands on: `sweep/<policy>/<stack>`. */
export function branchFor(batch: Pick<PlannedBatch, 'policyId' | 'stack'>): string {
  const safe = (text: string) => text.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'default';
  return `sweep/${safe(batch.policyId)}/${safe(batch.stack)}`;
}

export function planBatches(candidates: readonly PlanCandidate[], limits: PlanLimits = {}): PlannedBatch[] {
  const groupSize = limits.groupSize ?? 50;
  const ordered = [...candidates].sort((a, b) => (RANK[a.severity] ?? 9) - (RANK[b.severity] ?? 9) || a.id - b.id);
  const capped = limits.maxViolations === undefined ? ordered : ordered.slice(0, limits.maxViolations);
  const batches = new Map<string, PlannedBatch & { ids: number[] }>();
  for (const candidate of capped) {
    const batchKey = `${candidate.repo}|${candidate.stack}|${candidate.policyId}`;
    let batch = batches.get(batchKey);
    if (!batch) {
      batch = { batchKey, repo: candidate.repo, stack: candidate.stack, policyId: candidate.policyId, groups: [], ids: [] };
      batches.set(batchKey, batch);
    }
    batch.ids.push(candidate.id);
  }
  // Map insertion order is severity order, so maxPrs keeps the most severe batches.
  const kept = [...batches.values()].slice(0, limits.maxPrs ?? Number.POSITIVE_INFINITY);
  return kept.map(({ ids, ...batch }) => {
    const sorted = [...ids].sort((a, b) => a - b);
    const groups: PlannedGroup[] = [];
    for (let start = 0, part = 1; start < sorted.length; start += groupSize, part++) {
      groups.push({
        groupKey: sorted.length > groupSize ? `${batch.batchKey}|part${part}` : batch.batchKey,
        batchKey: batch.batchKey,
        policyId: batch.policyId,
        violationIds: sorted.slice(start, start + groupSize),
      });
    }
    return { ...batch, groups };
  });
}
