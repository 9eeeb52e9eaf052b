import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../support/stores.ts';
import { buildBacklog, exportText, EXCEPTION_REASON, SCOPE } from './support/backlog.ts';

describe('ocsf export against Postgres', () => {
  let db: TestStore;
  let events: any[];
  beforeAll(async () => {
    db = await openTestStore('postgres');
    await buildBacklog(db.store);
    const { text } = await exportText(db.store, { format: 'ocsf', filter: {} });
    expect(text.endsWith('\n')).toBe(true);
    events = text.trimEnd().split('\n').map((line) => JSON.parse(line));
  });
  afterAll(async () => {
    await db.close();
  });

  const eventFor = (resource: string, rule: string) => events.find((e) => e.resources[0].uid === `${SCOPE}:${resource}` && e.compliance.control === rule);

  it('writes one Compliance Finding event (class 2003) per violation, as JSON Lines', async () => {
    const [{ n }] = await db.store.query<{ n: number | string }>('select count(*) as n from violations');
    expect(events).toHaveLength(Number(n));
    for (const event of events) {
      // The attributes OCSF 1.1.0 requires of a Compliance Finding.
      for (const field of ['activity_id', 'category_uid', 'class_uid', 'compliance', 'finding_info', 'metadata', 'severity_id', 'time', 'type_uid']) {
        expect(event, field).toHaveProperty(field);
      }
      expect(event).toMatchObject({ class_uid: 2003, class_name: 'Compliance Finding', category_uid: 2, category_name: 'Findings' });
      expect(event.type_uid).toBe(event.class_uid * 100 + event.activity_id);
      expect(event.metadata).toMatchObject({ version: '1.1.0', product: { name: 'sweep', vendor_name: 'sweep' } });
      expect(event.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isInteger(event.time) && event.time > 1_600_000_000_000).toBe(true);
      expect(event.finding_info.uid).toMatch(/^[0-9a-f]{32}$/);
      expect(event.finding_info.title).toBeTruthy();
      expect(event.compliance.standards.length).toBeGreaterThan(0);
      expect(event.cloud).toMatchObject({ provider: 'AWS', account: { uid: '123456789012' }, region: 'us-east-1' });
    }
  });

  it('maps severity, finding status, activity and compliance status from the violation', () => {
    expect(eventFor('newest', 'bucket-private')).toMatchObject({
      activity_id: 1,
      activity_name: 'Create',
      type_uid: 200301,
      severity_id: 5,
      severity: 'Critical',
      status_id: 1,
      status: 'New',
      compliance: {
        standards: ['CIS Amazon Web Services Foundations Benchmark v3.0.0', 'NIST SP 800-53 Rev. 5', 'PCI DSS v4.0'],
        requirements: ['cis-aws:2.1.4', 'nist-800-53:SC-28(1)', 'pci-dss:3.5.1'],
        control: 'bucket-private',
        status: 'Fail',
        status_id: 3,
      },
      remediation: { desc: 'set private' },
    });
    expect(eventFor('logs', 'bucket-encrypted')).toMatchObject({ activity_id: 2, severity_id: 4, status_id: 1, unmapped: { sweep: { owner: 'team-storage', due_at: '2027-01-15T00:00:00.000Z' } } });
    expect(eventFor('data', 'bucket-versioned')).toMatchObject({ severity_id: 3, status_id: 2, status: 'In Progress', status_detail: 'fix_proposed' });
    expect(eventFor('legacy', 'bucket-encrypted')).toMatchObject({
      status_id: 3,
      status: 'Suppressed',
      unmapped: { sweep: { suppression: { reason: EXCEPTION_REASON, approvedBy: 'ciso@acme.example' } } },
    });
    const resolved = eventFor('tmp', 'bucket-encrypted');
    expect(resolved).toMatchObject({ activity_id: 3, activity_name: 'Close', type_uid: 200303, status_id: 4, status: 'Resolved', compliance: { status: 'Pass', status_id: 1 } });
    expect(resolved.time).toBeGreaterThanOrEqual(resolved.finding_info.first_seen_time);
  });

  it('carries first/last seen times and the resource with its IaC location', () => {
    const fresh = eventFor('fresh', 'bucket-versioned');
    expect(fresh.finding_info.first_seen_time).toBeLessThanOrEqual(fresh.finding_info.last_seen_time);
    expect(fresh.resources).toEqual([
      {
        uid: `${SCOPE}:fresh`,
        name: 'fresh',
        type: 'aws:s3/bucket:Bucket',
        region: 'us-east-1',
        data: { native_type: 'aws:s3/bucket:Bucket', native_id: 'fresh', iac: { kind: 'pulumi', repo: 'acme/infra', path: 'storage/fresh.ts', line: 50 } },
      },
    ]);
  });
});
