/**
 * Aggregates the dashboard reads instead of scanning the violations table per request.
 * Both are written by database triggers (installed by `installBacklogAggregates`, see
 * src/violations/counts.ts), so every writer — scans, CLI, workers, the API — keeps them exact
 * in its own transaction without knowing they exist.
 */
import { bigint, bigserial, date, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Signed deltas of the number of violations per (policy, severity, status): a trigger appends one
 * row per key a statement changed, and compaction folds them back into one row per key.
 * Append-only writes mean no hot counter rows to lock, so concurrent writers never wait on (or
 * deadlock over) the counts. `sum(n)` per key is the exact count.
 */
export const violationCountDeltas = pgTable(
  'violation_count_deltas',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    policyId: text('policy_id').notNull(),
    severity: text('severity').notNull(),
    status: text('status').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [index('violation_count_deltas_key_idx').on(t.policyId, t.severity, t.status)],
);

/**
 * The same deltas keyed by SLA due date (UTC day) instead of policy: SLA breaches are "due before
 * now", which moves with the clock, so they are counted per day and only today's partial day is
 * read from the violations table (a small range of a partial index).
 */
export const violationDueDeltas = pgTable('violation_due_deltas', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  severity: text('severity').notNull(),
  status: text('status').notNull(),
  dueDay: date('due_day', { mode: 'string' }).notNull(),
  n: bigint('n', { mode: 'number' }).notNull(),
});

/** The open backlog when each scan finished: the burndown series. Written by a trigger on `scans`. */
export const backlogSnapshots = pgTable(
  'backlog_snapshots',
  {
    scanId: bigint('scan_id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    open: integer('open').notNull(),
    bySeverity: jsonb('by_severity').$type<Record<string, number>>().notNull(),
  },
  (t) => [index('backlog_snapshots_at_idx').on(t.at)],
);
