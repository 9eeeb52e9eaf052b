import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScan, type ScanRequest } from '../../src/engine/scan.ts';
import type { Store } from '../../src/db/store.ts';
import type { Rule } from '../../policies/rule.ts';
import type { SourceDocument } from '../../src/sources/resource.ts';
import { BACKENDS, openTestStore, type TestStore } from '../support/stores.ts';
import { bucket, companionRule, documentOf, flagRule, inlineSource, throwingRule, versioningOf } from '../support/inline.ts';

const encrypted = flagRule('bucket-encrypted', 'encrypted');
const versioned = flagRule('bucket-versioned', 'versioned', 'medium');

async function scan(
  store: Store,
  docs: Record<string, SourceDocument[]>,
  targets: string[],
  rules: Rule[] = [encrypted, versioned],
  extra: Partial<ScanRequest> = {},
) {
  const request: ScanRequest = {
    ...extra,
    sources: targets.map((target) => ({ kind: 'inline', target })),
    rules,
    packs: [],
    trigger: 'manual',
    actor: 'test',
  };
  return runScan({ store, sources: new Map([['inline', inlineSource(docs)]]), context: { cwd: process.cwd() } }, request);
}

async function statuses(store: Store) {
  const rows = await store.query<{ policy_id: string; resource_key: string; status: string; resolved_how: string | null }>(
    'select policy_id, resource_key, status, resolved_how from violations order by policy_id, resource_key',
  );
  return rows.map((r) => `${r.policy_id} ${r.resource_key} ${r.status}${r.resolved_how ? ` (${r.resolved_how})` : ''}`);
}

describe.each(BACKENDS)('scan reconciliation on %s', (backend) => {
  let db: TestStore;
  beforeEach(async () => {
    db = await openTestStore(backend);
  });
  afterEach(async () => {
    await db.close();
  });

  it('records new violations, then still-open, resolved (passing or deleted) and reopened ones', async () => {
    const { store } = db;
    const a = 'pulumi:acme/dev';
    const first = await scan(store, { s: [documentOf(a, [bucket(a, 'logs', {}), bucket(a, 'data', { encrypted: true }), bucket(a, 'tmp', {})])] }, ['s']);
    expect(first.counts).toMatchObject({ resources: 3, new: 5, open: 0, reopened: 0, resolved: 0 });

    const second = await scan(store, { s: [documentOf(a, [bucket(a, 'logs', {}), bucket(a, 'data', { encrypted: true }), bucket(a, 'tmp', {})])] }, ['s']);
    expect(second.counts).toMatchObject({ new: 0, open: 5, reopened: 0, resolved: 0 });

    // logs gets encrypted, tmp disappears.
    const third = await scan(store, { s: [documentOf(a, [bucket(a, 'logs', { encrypted: true }), bucket(a, 'data', { encrypted: true })])] }, ['s']);
    expect(third.counts).toMatchObject({ new: 0, open: 2, reopened: 0, resolved: 3, resourcesDeleted: 1 });
    expect(await statuses(store)).toEqual([
      `bucket-encrypted ${a}:logs resolved (passing)`,
      `bucket-encrypted ${a}:tmp resolved (resource-deleted)`,
      `bucket-versioned ${a}:data open`,
      `bucket-versioned ${a}:logs open`,
      `bucket-versioned ${a}:tmp resolved (resource-deleted)`,
    ]);

    const fourth = await scan(store, { s: [documentOf(a, [bucket(a, 'logs', {}), bucket(a, 'data', { encrypted: true })])] }, ['s']);
    expect(fourth.counts).toMatchObject({ new: 0, open: 2, reopened: 1, resolved: 0 });

    const events = await store.query<{ from_status: string | null; to_status: string; n: number | string }>(
      `select from_status, to_status, count(*) as n from violation_events group by 1, 2 order by 1 nulls first, 2`,
    );
    expect(events.map((e) => `${e.from_status ?? '-'}>${e.to_status}:${Number(e.n)}`)).toEqual([
      '->open:5',
      'open>resolved:3',
      'resolved>open:1',
    ]);
    const [resource] = await store.query<{ deleted_at: Date | null; first_seen_scan: number; last_seen_scan: number }>(
      `select deleted_at, first_seen_scan, last_seen_scan from resources where key = $1`,
      [`${a}:tmp`],
    );
    expect(resource.deleted_at).not.toBeNull();
    expect(Number(resource.last_seen_scan)).toBe(second.scanId);
  });

  it('resolves only inside the scopes and policies the scan covered', async () => {
    const { store } = db;
    const a = 'pulumi:acme/dev';
    const b = 'pulumi:acme/prod';
    await scan(store, { s: [documentOf(a, [bucket(a, 'x', {})]), documentOf(b, [bucket(b, 'y', {})])] }, ['s']);
    // Scanning only stack a, with only the versioning rule: b's and encryption's violations stay.
    const report = await scan(store, { a: [documentOf(a, [bucket(a, 'x', { versioned: true })])] }, ['a'], [versioned]);
    expect(report.counts).toMatchObject({ resolved: 1, new: 0, open: 0 });
    expect(await statuses(store)).toEqual([
      `bucket-encrypted ${a}:x open`,
      `bucket-encrypted ${b}:y open`,
      `bucket-versioned ${a}:x resolved (passing)`,
      `bucket-versioned ${b}:y open`,
    ]);
  });

  it('a scan that fails midway leaves the stored state untouched', async () => {
    const { store } = db;
    const a = 'pulumi:acme/dev';
    const ok = await scan(store, { s: [documentOf(a, [bucket(a, 'x', {})])] }, ['s']);
    const before = await statuses(store);
    await expect(scan(store, { 's!': [documentOf(a, [bucket(a, 'x', { encrypted: true, versioned: true })])] }, ['s!'])).rejects.toThrow(
      /broke mid-read/,
    );
    expect(await statuses(store)).toEqual(before);
    const scans = await store.query<{ id: number; status: string; error: string | null }>('select id, status, error from scans order by id');
    expect(scans.map((s) => s.status)).toEqual(['succeeded', 'failed']);
    expect(scans[1].error).toMatch(/broke mid-read/);
    const [resources] = await store.query<{ n: number | string }>('select count(*) as n from resources where last_seen_scan > $1', [ok.scanId]);
    expect(Number(resources.n)).toBe(0);
  });

  it('records a policy that throws as a policy error and still scans', async () => {
    const { store } = db;
    const a = 'pulumi:acme/dev';
    const report = await scan(store, { s: [documentOf(a, [bucket(a, 'x', {}), bucket(a, 'y', {})])] }, ['s'], [encrypted, throwingRule('broken-rule')]);
    expect(report.counts.new).toBe(2);
    expect(report.policyErrors).toEqual([
      { policyId: 'broken-rule', count: 2, first: { policyId: 'broken-rule', resourceKey: `${a}:x`, origin: `inline:${a}`, message: 'boom' } },
    ]);
    const [row] = await store.query<{ counts: { policyErrors: unknown[] } }>('select counts from scans where id = $1', [report.scanId]);
    expect(row.counts.policyErrors).toHaveLength(1);
  });

  it('runs stack rules once over all batches of a stack, and resource rules per batch', async () => {
    const { store } = db;
    const a = 'pulumi:acme/dev';
    // The companion for "logs" arrives two batches after the bucket it names.
    const batches = [
      documentOf(a, [bucket(a, 'logs', { encrypted: true }), bucket(a, 'data', {})]),
      documentOf(a, [bucket(a, 'tmp', { encrypted: true })]),
      documentOf(a, [versioningOf(a, 'logs')]),
    ];
    const report = await scan(store, { s: batches }, ['s'], [encrypted, companionRule('bucket-companion')]);
    expect(report.sources[0]).toMatchObject({ documents: 3, read: 4, mapped: 4, unknownTypes: 0 });
    expect(await statuses(store)).toEqual([
      `bucket-companion ${a}:data open`,
      `bucket-companion ${a}:tmp open`,
      `bucket-encrypted ${a}:data open`,
    ]);
    const [scope] = await store.query<{ resources: number }>('select resources from scan_scopes where scan_id = $1', [report.scanId]);
    expect(Number(scope.resources)).toBe(4);
  });

  it('keeps the last copy of a resource read twice, in one batch or across batches, and counts its violations once', async () => {
    const { store } = db;
    const a = 'pulumi:acme/dev';
    // Two files of one stack (a hand-merged export beside the real one): each batch is merged on its own.
    const batches = [
      documentOf(a, [bucket(a, 'logs', {}), bucket(a, 'logs', { encrypted: true, versioned: false })]),
      documentOf(a, [bucket(a, 'data', {})]),
      documentOf(a, [bucket(a, 'data', { versioned: true }), bucket(a, 'logs', { encrypted: true })]),
    ];
    const report = await scan(store, { s: batches }, ['s']);
    // Rules run on every copy as it is read: the first copy of "logs" was unencrypted.
    expect(report.counts).toMatchObject({ resources: 2, new: 4, open: 0, reopened: 0, resolved: 0 });
    const props = await store.query<{ key: string; props: Record<string, unknown> }>('select key, props from resources order by key');
    expect(props).toEqual([
      { key: `${a}:data`, props: { versioned: true } },
      { key: `${a}:logs`, props: { encrypted: true } },
    ]);
    // Found again in a later batch of the same scan: still one violation and one event each.
    expect(await statuses(store)).toEqual([
      `bucket-encrypted ${a}:data open`,
      `bucket-encrypted ${a}:logs open`,
      `bucket-versioned ${a}:data open`,
      `bucket-versioned ${a}:logs open`,
    ]);
    const [events] = await store.query<{ n: number | string }>('select count(*) as n from violation_events');
    expect(Number(events.n)).toBe(4);
  });

  it('copies new resources straight in and updates stored ones, whichever stack they were stored under', async () => {
    const { store } = db;
    const a = 'pulumi:acme/dev';
    const b = 'pulumi:acme/prod';
    const first = await scan(store, { s: [documentOf(a, [bucket(a, 'x', {}), bucket(a, 'y', {})])] }, ['s']);
    // The same key now arrives in stack b (a resource moved between stacks), next to a changed and a new one.
    const moved = { ...bucket(a, 'x', { encrypted: true }), name: 'x-moved' };
    const second = await scan(
      store,
      { s: [documentOf(a, [bucket(a, 'y', { versioned: true }), bucket(a, 'z', {})]), documentOf(b, [moved])] },
      ['s'],
    );
    expect(second.counts).toMatchObject({ resources: 3, resourcesDeleted: 0 });
    const rows = await store.query<{ key: string; scope: string; name: string; props: object; first_seen_scan: number; last_seen_scan: number }>(
      'select key, scope, name, props, first_seen_scan, last_seen_scan from resources order by key',
    );
    const [one, two] = [first.scanId, second.scanId].map(Number);
    expect(rows.map((r) => ({ ...r, first_seen_scan: Number(r.first_seen_scan), last_seen_scan: Number(r.last_seen_scan) }))).toEqual([
      { key: `${a}:x`, scope: b, name: 'x-moved', props: { encrypted: true }, first_seen_scan: one, last_seen_scan: two },
      { key: `${a}:y`, scope: a, name: 'y', props: { versioned: true }, first_seen_scan: one, last_seen_scan: two },
      { key: `${a}:z`, scope: a, name: 'z', props: {}, first_seen_scan: two, last_seen_scan: two },
    ]);
  });

  it('with keepGoing, lands the sources that worked and marks the scan partial', async () => {
    const { store } = db;
    const a = 'pulumi:acme/dev';
    const b = 'pulumi:acme/prod';
    await scan(store, { s: [documentOf(b, [bucket(b, 'old', {})])] }, ['s']);
    const docs = { good: [documentOf(a, [bucket(a, 'x', {})])], 'bad!': [documentOf(b, [bucket(b, 'new', {})])] };
    await expect(scan(store, docs, ['good', 'bad!'])).rejects.toThrow(/broke mid-read/);

    const report = await scan(store, docs, ['good', 'bad!'], [encrypted, versioned], { keepGoing: true });
    expect(report.status).toBe('partial');
    expect(report.sources[1].error).toMatch(/inline source bad! broke mid-read/);
    // Stack b was not reconciled: "old" stays open and "new" was never stored.
    expect(await statuses(store)).toEqual([
      `bucket-encrypted ${a}:x open`,
      `bucket-encrypted ${b}:old open`,
      `bucket-versioned ${a}:x open`,
      `bucket-versioned ${b}:old open`,
    ]);
    const [row] = await store.query<{ status: string; error: string }>('select status, error from scans where id = $1', [report.scanId]);
    expect(row.status).toBe('partial');
    expect(row.error).toBe('inline:bad!: inline source bad! broke mid-read');
  });

  it('counts and records resources a config pattern excludes from a rule', async () => {
    const { store } = db;
    const a = 'pulumi:acme/dev';
    const report = await scan(store, { s: [documentOf(a, [bucket(a, 'tmp-1', {}), bucket(a, 'tmp-2', {}), bucket(a, 'data', {})])] }, ['s'], [encrypted], {
      runner: { scopes: { 'bucket-encrypted': { exclude: ['tmp-*'] } } },
    });
    expect(report.excluded).toEqual({ 'bucket-encrypted': 2 });
    expect(await statuses(store)).toEqual([`bucket-encrypted ${a}:data open`]);
    const rows = await store.query<{ resource_key: string; pattern: string }>(
      'select resource_key, pattern from scan_exclusions where scan_id = $1 order by resource_key',
      [report.scanId],
    );
    expect(rows).toEqual([
      { resource_key: `${a}:tmp-1`, pattern: 'tmp-*' },
      { resource_key: `${a}:tmp-2`, pattern: 'tmp-*' },
    ]);
  });
});
