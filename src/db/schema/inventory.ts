/** Sources, scans and the resources they saw. */
import { bigserial, bigint, index, jsonb, pgTable, text, timestamp, integer } from 'drizzle-orm/pg-core';

/** Named sources (`production-aws`): a kind plus its configuration; credentials never stored here. */
export const connections = pgTable('connections', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull().unique(),
  kind: text('kind').notNull(),
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
  notes: text('notes'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type ScanStatus = 'running' | 'succeeded' | 'partial' | 'failed';
export type ScanTrigger = 'manual' | 'schedule' | 'api';

export const scans = pgTable(
  'scans',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    trigger: text('trigger').$type<ScanTrigger>().notNull(),
    sources: jsonb('sources').$type<string[]>().notNull(),
    packs: jsonb('packs').$type<string[]>().notNull().default([]),
    status: text('status').$type<ScanStatus>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** resources, evaluations, new, open, resolved, reopened, per-source counts, policy errors. */
    counts: jsonb('counts').$type<Record<string, unknown>>().notNull().default({}),
    error: text('error'),
  },
  (t) => [index('scans_started_idx').on(t.startedAt)],
);

/** Latest state per resource key. Rows are never deleted: a resource that vanished gets deleted_at. */
export const resources = pgTable(
  'resources',
  {
    key: text('key').primaryKey(),
    scope: text('scope').notNull(),
    type: text('type').notNull(),
    nativeType: text('native_type').notNull(),
    name: text('name').notNull(),
    provider: text('provider').notNull(),
    account: text('account'),
    region: text('region'),
    urn: text('urn'),
    nativeId: text('native_id'),
    role: text('role').notNull(),
    parentKey: text('parent_key'),
    source: text('source').notNull(),
    props: jsonb('props').$type<Record<string, unknown>>().notNull(),
    tags: jsonb('tags').$type<Record<string, string>>().notNull(),
    iac: jsonb('iac').$type<Record<string, unknown>>().notNull(),
    firstSeenScan: bigint('first_seen_scan', { mode: 'number' }).notNull(),
    lastSeenScan: bigint('last_seen_scan', { mode: 'number' }).notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('resources_scope_idx').on(t.scope),
    index('resources_type_idx').on(t.type),
    index('resources_account_idx').on(t.account),
  ],
);

/** Which scopes (stacks, accounts) a scan read: reconciliation resolves only inside them. */
export const scanScopes = pgTable(
  'scan_scopes',
  {
    scanId: bigint('scan_id', { mode: 'number' }).notNull(),
    scope: text('scope').notNull(),
    resources: integer('resources').notNull(),
  },
  (t) => [index('scan_scopes_scan_idx').on(t.scanId)],
);

/** (rule, resource) pairs the config file's include/exclude patterns took out of a scan: counted, listable. */
export const scanExclusions = pgTable(
  'scan_exclusions',
  {
    scanId: bigint('scan_id', { mode: 'number' }).notNull(),
    policyId: text('policy_id').notNull(),
    resourceKey: text('resource_key').notNull(),
    pattern: text('pattern').notNull(),
  },
  (t) => [index('scan_exclusions_scan_idx').on(t.scanId, t.policyId)],
);
