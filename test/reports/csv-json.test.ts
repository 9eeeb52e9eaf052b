import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvText } from '../../src/reports/csv.ts';
import { instant } from '../../src/reports/rows.ts';
import { BACKENDS, openTestStore, type TestStore } from '../support/stores.ts';
import { buildBacklog, exportText, EXCEPTION_REASON, FORMULA_NAME, REPO, SCOPE, SCRIPT_NAME, type Backlog } from './support/backlog.ts';
import { csvObjects, parseCsv } from './support/formats.ts';

describe('csv cells', () => {
  it('quotes per RFC 4180 and neutralises formulas', () => {
    expect(csvText('plain')).toBe('plain');
    expect(csvText('a,b')).toBe('"a,b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('two\nlines')).toBe('"two\nlines"');
    expect(csvText('=1+2')).toBe("'=1+2");
    expect(csvText('+SUM(A1)')).toBe("'+SUM(A1)");
    expect(csvText('-2')).toBe("'-2");
    expect(csvText('@cmd')).toBe("'@cmd");
    expect(csvText('\tx')).toBe("'\tx");
    expect(csvText('=HYPERLINK("u","x")')).toBe(`"'=HYPERLINK(""u"",""x"")"`);
    expect(csvText(null)).toBe('');
  });
});

describe('timestamps', () => {
  it('prints every instant as UTC with milliseconds, whatever precision Postgres rendered', () => {
    expect(instant('2026-11-22T00:45:23.562123+00:00')).toBe('2026-11-22T00:45:23.562Z');
    expect(instant('2026-11-22T00:45:23.5+00:00')).toBe('2026-11-22T00:45:23.500Z');
    expect(instant('2026-11-22T00:45:23+00:00')).toBe('2026-11-22T00:45:23.000Z');
    expect(instant('2026-11-22T02:45:23.5+02:00')).toBe('2026-11-22T00:45:23.500Z');
    expect(instant(null)).toBeNull();
  });
});

describe.each(BACKENDS)('csv and json exports on %s', (backend) => {
  let db: TestStore;
  let backlog: Backlog;
  beforeAll(async () => {
    db = await openTestStore(backend);
    backlog = await buildBacklog(db.store);
  });
  afterAll(async () => {
    await db.close();
  });

  it('csv: one RFC 4180 row per violation, with owner, due date, controls, IaC, PR, exception and history', async () => {
    // A batch size of 3 makes the cursor fetch several times.
    const { text, stats } = await exportText(db.store, { format: 'csv', filter: {}, batchSize: 3 });
    const records = parseCsv(text);
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    const rows = csvObjects(text);
    const [{ n }] = await db.store.query<{ n: number | string }>('select count(*) as n from violations');
    expect(rows).toHaveLength(Number(n));
    expect(stats.violations).toBe(Number(n));
    expect(rows.map((r) => Number(r.id))).toEqual([...rows.map((r) => Number(r.id))].sort((a, b) => a - b));

    const byKey = (resource: string, rule: string) => rows.find((r) => r.resource_key === `${SCOPE}:${resource}` && r.rule_id === rule)!;
    const logs = byKey('logs', 'bucket-encrypted');
    expect(logs).toMatchObject({
      resource_name: 'logs',
      resource_type: 'aws:s3/bucket:Bucket',
      account: '123456789012',
      region: 'us-east-1',
      rule_title: 'encrypted must be true',
      severity: 'high',
      status: 'assigned',
      owner: 'team-storage',
      due_at: '2027-01-15T00:00:00.000Z',
      controls: 'nist-800-53:SC-28',
      remediation: 'set encrypted',
      iac_repo: REPO,
      iac_location: 'storage/logs.ts:12',
      first_seen_scan: '1',
      last_seen_scan: '3',
      message: 'logs: encrypted is not true',
    });
    expect(byKey('newest', 'bucket-private')).toMatchObject({ change: 'new', controls: 'cis-aws:2.1.4;nist-800-53:SC-28(1);pci-dss:3.5.1' });
    expect(byKey('flip', 'bucket-encrypted')).toMatchObject({ change: 'reopened', status: 'open' });
    expect(byKey('tmp', 'bucket-encrypted')).toMatchObject({ status: 'resolved', change: 'resolved', resolved_how: 'resource-deleted' });
    expect(byKey('tmp', 'bucket-encrypted').resolved_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(byKey('legacy', 'bucket-encrypted')).toMatchObject({
      status: 'suppressed',
      suppression_reason: EXCEPTION_REASON,
      suppression_approved_by: 'ciso@acme.example',
      suppression_expires_at: '2027-03-01T00:00:00.000Z',
    });
    expect(byKey('data', 'bucket-versioned')).toMatchObject({ status: 'fix_proposed', pr_url: backlog.prUrl });
    expect(byKey('unmanaged', 'bucket-private')).toMatchObject({ iac_repo: '', iac_location: '' });
  });

  it('csv: hostile names survive quoting, and formulas are prefixed with a quote', async () => {
    const { text } = await exportText(db.store, { format: 'csv', filter: {} });
    const rows = csvObjects(text);
    const script = rows.find((r) => r.resource_name.includes('<script>'))!;
    expect(script.resource_name).toBe(SCRIPT_NAME);
    const formula = rows.find((r) => r.resource_name.includes('HYPERLINK'))!;
    expect(formula.resource_name).toBe(`'${FORMULA_NAME}`);
    expect(formula.message.startsWith(`'=HYPERLINK`)).toBe(true);
    expect(formula.iac_location).toBe('modules/my bucket.ts:3');
    // No cell a spreadsheet would evaluate.
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('csv: takes the violation filters, and --framework narrows the controls column', async () => {
    const critical = csvObjects((await exportText(db.store, { format: 'csv', filter: { severity: ['critical'] } })).text);
    expect(new Set(critical.map((r) => r.severity))).toEqual(new Set(['critical']));
    const pci = csvObjects((await exportText(db.store, { format: 'csv', filter: { framework: 'pci-dss' } })).text);
    expect(pci.length).toBeGreaterThan(0);
    expect(new Set(pci.map((r) => r.controls))).toEqual(new Set(['pci-dss:3.5.1']));
    const repo = csvObjects((await exportText(db.store, { format: 'csv', filter: {}, repo: REPO })).text);
    expect(repo.every((r) => r.iac_repo === REPO)).toBe(true);
    expect(repo.some((r) => r.resource_name === 'unmanaged')).toBe(false);
  });

  it('json: the same rows as objects, plus the latest scan and its diff', async () => {
    const csv = csvObjects((await exportText(db.store, { format: 'csv', filter: {} })).text);
    const { text, stats } = await exportText(db.store, { format: 'json', filter: {}, batchSize: 4 });
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({ format: 'sweep-violations', version: 1, count: csv.length, filter: {} });
    expect(stats.violations).toBe(csv.length);
    const [latest] = await db.store.query<{ id: number | string }>('select max(id) as id from scans');
    expect(doc.scan).toMatchObject({ id: Number(latest.id), status: 'succeeded', trigger: 'manual' });
    expect(doc.scan.counts).toMatchObject({ new: 1, reopened: 1 });
    expect(doc.scan.startedAt).toMatch(/Z$/);
    expect(doc.violations.map((v: any) => String(v.id))).toEqual(csv.map((r) => r.id));

    const legacy = doc.violations.find((v: any) => v.resource.key === `${SCOPE}:legacy`);
    expect(legacy).toMatchObject({
      status: 'suppressed',
      suppression: { id: backlog.suppressionId, reason: EXCEPTION_REASON, approvedBy: 'ciso@acme.example', expiresAt: '2027-03-01T00:00:00.000Z' },
      iac: { kind: 'pulumi', repo: REPO, path: 'storage/legacy.ts', line: 20 },
      controls: ['nist-800-53:SC-28'],
    });
    const data = doc.violations.find((v: any) => v.resource.key === `${SCOPE}:data`);
    expect(data.pullRequest).toEqual({ url: backlog.prUrl, state: 'open' });
    const script = doc.violations.find((v: any) => v.resource.name === SCRIPT_NAME);
    expect(script.resource.name).toBe(SCRIPT_NAME);
  });

  it('json: an empty selection is still a complete document', async () => {
    const { text } = await exportText(db.store, { format: 'json', filter: { account: ['000000000000'] } });
    expect(JSON.parse(text)).toMatchObject({ violations: [], count: 0 });
  });
});
