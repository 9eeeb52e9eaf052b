/** The backlog: one row per (policy, resource) fingerprint, its trail of events, and exceptions. */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const VIOLATION_STATUSES = [
  'open',
  'assigned',
  'queued',
  'fixing',
  'fix_proposed',
  'fix_merged',
  'resolved',
  'suppressed',
  'needs_human',
  'failed',
] as const;
export type ViolationStatus = (typeof VIOLATION_STATUSES)[number];

/** OPEN_STATUSES (src/violations/filter.ts) as SQL, for partial indexes; test/server/schema.test.ts keeps them equal. */
const OPEN_STATUS_LIST = sql.raw(`('open', 'assigned', 'queued', 'fixing', 'fix_proposed', 'fix_merged', 'needs_human', 'failed')`);

/** Severity as a sort rank (1 = critical), the expression list.ts orders by. */
const SEVERITY_RANK = (t: { severity: AnyPgColumn }) => sql`array_position(array['critical','high','medium','low']::text[], ${t.severity})`;

export const violations = pgTable(
  'violations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    fingerprint: text('fingerprint').notNull().unique(),
    policyId: text('policy_id').notNull(),
    resourceKey: text('resource_key').notNull(),
    /** Denormalised from the resource so listing filters need no join. */
    scope: text('scope').notNull(),
    resourceType: text('resource_type').notNull(),
    account: text('account'),
    severity: text('severity').notNull(),
    status: text('status').$type<ViolationStatus>().notNull(),
    message: text('message').notNull(),
    assignee: text('assignee'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    firstSeenScan: bigint('first_seen_scan', { mode: 'number' }).notNull(),
    lastSeenScan: bigint('last_seen_scan', { mode: 'number' }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** `passing` (the resource now complies), `resource-deleted`, `fix-merged`. */
    resolvedHow: text('resolved_how'),
    suppressionId: bigint('suppression_id', { mode: 'number' }),
    remediationRunId: bigint('remediation_run_id', { mode: 'number' }),
    fixId: bigint('fix_id', { mode: 'number' }),
    pullRequestId: bigint('pull_request_id', { mode: 'number' }),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('violations_status_severity_idx').on(t.status, t.severity, t.id),
    index('violations_policy_idx').on(t.policyId, t.status),
    index('violations_resource_idx').on(t.resourceKey),
    // The explorer's default order (most severe first, then id) as an index, so its first page and
    // every cursor page are an index range read instead of a sort of the whole table; one stack,
    // account, type or assignee in that order likewise (filter.ts compiles a single value as `=`).
    index('violations_severity_rank_idx').on(SEVERITY_RANK(t), t.id),
    index('violations_scope_idx').on(t.scope, SEVERITY_RANK(t), t.id),
    index('violations_type_idx').on(t.resourceType, SEVERITY_RANK(t), t.id),
    index('violations_account_idx').on(t.account, SEVERITY_RANK(t), t.id),
    index('violations_assignee_idx').on(t.assignee, SEVERITY_RANK(t), t.id).where(sql`${t.assignee} is not null`),
    index('violations_run_idx').on(t.remediationRunId, t.status).where(sql`${t.remediationRunId} is not null`),
    index('violations_pull_request_idx').on(t.pullRequestId).where(sql`${t.pullRequestId} is not null`),
    // A fix's violations (fix jobs, PR batches, regeneration) without scanning the backlog.
    index('violations_fix_idx').on(t.fixId).where(sql`${t.fixId} is not null`),
    // Oldest open and SLA breaches on the overview; the status list is OPEN_STATUSES (filter.ts).
    index('violations_open_age_idx').on(t.createdAt, t.id).where(sql`${t.status} in ${OPEN_STATUS_LIST}`),
    // (due_at, severity): today's breaches by severity come from the index alone, no heap reads.
    index('violations_open_due_idx').on(t.dueAt, t.severity).where(sql`${t.status} in ${OPEN_STATUS_LIST}`),
  ],
);

/** Append-only: every transition, who made it, and why. */
export const violationEvents = pgTable(
  'violation_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    violationId: bigint('violation_id', { mode: 'number' }).notNull(),
    scanId: bigint('scan_id', { mode: 'number' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
  },
  (t) => [
    index('violation_events_violation_idx').on(t.violationId, t.id),
    // A scan's diff (what it opened, resolved, reopened) without reading every event.
    index('violation_events_scan_idx').on(t.scanId, t.id).where(sql`${t.scanId} is not null`),
  ],
);

export const suppressions = pgTable('suppressions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  filter: jsonb('filter').$type<Record<string, unknown>>(),
  violationIds: jsonb('violation_ids').$type<number[]>(),
  reason: text('reason').notNull(),
  approvedBy: text('approved_by').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});
