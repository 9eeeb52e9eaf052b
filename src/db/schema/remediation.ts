/** Remediation runs, the fixes they produced, and the pull requests that carry them. */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const remediationRuns = pgTable('remediation_runs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  status: text('status').notNull(),
  filter: jsonb('filter').$type<Record<string, unknown>>().notNull().default({}),
  options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
  counts: jsonb('counts').$type<Record<string, unknown>>().notNull().default({}),
  tokensIn: integer('tokens_in').notNull().default(0),
  tokensOut: integer('tokens_out').notNull().default(0),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

export const fixes = pgTable(
  'fixes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: bigint('run_id', { mode: 'number' }).notNull(),
    groupKey: text('group_key').notNull(),
    strategy: text('strategy'),
    status: text('status').notNull(),
    patch: text('patch'),
    verification: jsonb('verification').$type<Record<string, unknown>>(),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    durationMs: integer('duration_ms'),
    error: text('error'),
    /** Violations in the group and how many of them the fix closes. */
    violations: integer('violations').notNull().default(0),
    /** The commit the fix was made and verified on: a PR carries it only while that is still the base. */
    baseSha: text('base_sha'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  // One fix per group per run: a retried or re-enqueued job finds its fix instead of making another.
  (t) => [uniqueIndex('fixes_run_group_idx').on(t.runId, t.groupKey)],
);

/**
 * PR lifecycle as sweep tracks it, whatever the forge: `scheduled` (held by a limit or a forge rate
 * limit until `scheduled_for`), `open` (on the forge; `draft` says whether it awaits approval),
 * `merged`, `closed` (without merging), `error` (the forge refused; `last_error` says why).
 */
export type PullRequestState = 'scheduled' | 'open' | 'merged' | 'closed' | 'error';
/** `not-required` (ready for review), `pending` (a draft until `sweep prs approve`), `approved`. */
export type PullRequestApproval = 'not-required' | 'pending' | 'approved';

export const pullRequests = pgTable(
  'pull_requests',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The run that last wrote the PR. */
    runId: bigint('run_id', { mode: 'number' }),
    forge: text('forge').notNull(),
    repo: text('repo').notNull(),
    branch: text('branch').notNull(),
    baseBranch: text('base_branch'),
    batchKey: text('batch_key').notNull(),
    number: integer('number'),
    url: text('url'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    state: text('state').$type<PullRequestState>().notNull(),
    draft: boolean('draft').notNull().default(false),
    approval: text('approval').$type<PullRequestApproval>().notNull().default('not-required'),
    /** Why the approval mode made it a draft (`manual mode`, `IAM change`, ...). */
    approvalReason: text('approval_reason'),
    approvedBy: text('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    labels: jsonb('labels').$type<string[]>().notNull().default([]),
    /** sha256 of title + body + the patches: an unchanged PR is never pushed or edited again. */
    fingerprint: text('fingerprint'),
    /** The fixes whose commits the branch carries, in commit order. */
    fixIds: jsonb('fix_ids').$type<number[]>().notNull().default([]),
    headSha: text('head_sha'),
    baseSha: text('base_sha'),
    /** Set when a commit not authored by sweep appears on the branch: sweep never touches it again. */
    pushedByPerson: text('pushed_by_person'),
    /** The limit holding a scheduled PR (`open-per-repo`, `new-per-hour`, `fleet-per-minute`, `forge-rate-limit`). */
    heldBy: text('held_by'),
    scheduledFor: timestamp('scheduled_for', { withTimezone: true }),
    /** Check runs / pipelines on the head commit: { state, runs: [...], headSha, readAt }. */
    checks: jsonb('checks').$type<Record<string, unknown>>().notNull().default({}),
    closedReason: text('closed_reason'),
    lastError: text('last_error'),
    /** A short lease so two workers never write the same branch at once. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    mergedAt: timestamp('merged_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    syncedAt: timestamp('synced_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('pull_requests_repo_idx').on(t.forge, t.repo, t.state),
    index('pull_requests_opened_idx').on(t.openedAt),
    // One live PR per branch: a second run of the same batch updates it instead of opening another.
    uniqueIndex('pull_requests_live_branch_idx')
      .on(t.forge, t.repo, t.branch)
      .where(sql`state in ('scheduled', 'open', 'error')`),
  ],
);

/**
 * The `local` forge's own records: what GitHub or GitLab would keep server-side. A local PR is a
 * branch in the repository plus this row; `pull_requests` tracks it like any other forge's PR.
 */
export const localPullRequests = pgTable(
  'local_pull_requests',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Absolute path of the repository. */
    repo: text('repo').notNull(),
    head: text('head').notNull(),
    base: text('base').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    state: text('state').$type<'open' | 'closed' | 'merged'>().notNull(),
    draft: boolean('draft').notNull().default(false),
    labels: jsonb('labels').$type<string[]>().notNull().default([]),
    mergeSha: text('merge_sha'),
    closedReason: text('closed_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    mergedAt: timestamp('merged_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('local_pull_requests_repo_idx').on(t.repo, t.head)],
);
