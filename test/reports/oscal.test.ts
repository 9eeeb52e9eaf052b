import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oscalControlId } from '../../src/reports/oscal.ts';
import { exportReport } from '../../src/reports/index.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';
import { buildBacklog, exportText, EXCEPTION_REASON, SCOPE } from './support/backlog.ts';
import { createValidator, loadSchema } from './support/json-schema.ts';

const validateOscal = createValidator(loadSchema('test/fixtures/reports/oscal-1.1.2-assessment-results.subset.schema.json'));

describe('OSCAL control ids', () => {
  it('follows NIST OSCAL catalog ids and prefixes ids that cannot start a token', () => {
    expect(oscalControlId('nist-800-53', 'SC-28')).toBe('sc-28');
    expect(oscalControlId('nist-800-53', 'SC-28(1)')).toBe('sc-28.1');
    expect(oscalControlId('iso-27001', 'A.8.24')).toBe('a.8.24');
    expect(oscalControlId('soc2', 'CC6.1')).toBe('cc6.1');
    expect(oscalControlId('cis-aws', '2.1.4')).toBe('cis-aws_2.1.4');
    expect(oscalControlId('hitrust', '09.s')).toBe('hitrust_09.s');
  });
});

describe('oscal export against Postgres', () => {
  let db: TestStore;
  beforeAll(async () => {
    db = await openTestStore('postgres');
    await buildBacklog(db.store);
  });
  afterAll(async () => {
    await db.close();
  });

  async function oscal(filter: Parameters<typeof exportText>[1]['filter'], batchSize?: number) {
    const { text, stats } = await exportText(db.store, { format: 'oscal', filter, batchSize });
    return { doc: JSON.parse(text), text, stats };
  }

  it('is an assessment-results document (OSCAL 1.1.2) with all required fields', async () => {
    const { doc } = await oscal({ framework: 'nist-800-53' }, 2);
    expect(validateOscal(doc)).toEqual([]);
    const ar = doc['assessment-results'];
    expect(ar.metadata).toMatchObject({ 'oscal-version': '1.1.2', title: expect.stringContaining('NIST SP 800-53 Rev. 5') });
    expect(ar.metadata.version).toMatch(/^scan-\d+$/);
    expect(ar['import-ap'].href).toBeTruthy();
    expect(ar.results).toHaveLength(1);
    const [result] = ar.results;
    for (const field of ['uuid', 'title', 'description', 'start', 'reviewed-controls']) expect(result, field).toHaveProperty(field);
    expect(result['reviewed-controls']['control-selections'][0]['include-controls']).toEqual([{ 'control-id': 'sc-28' }, { 'control-id': 'sc-28.1' }]);
  });

  it('has one finding per reviewed control, not satisfied while an open violation is credited to it', async () => {
    const { doc } = await oscal({ framework: 'nist-800-53' });
    const [result] = doc['assessment-results'].results;
    expect(result.findings.map((f: any) => f.target)).toEqual([
      { type: 'objective-id', 'target-id': 'sc-28_obj', status: { state: 'not-satisfied', reason: 'fail' } },
      { type: 'objective-id', 'target-id': 'sc-28.1_obj', status: { state: 'not-satisfied', reason: 'fail' } },
    ]);
    expect(result.findings[0].props).toContainEqual({ name: 'control-id', ns: 'urn:sweep:oscal', value: 'SC-28' });
    // Narrowing the evidence to medium violations leaves SC-28(1) (a critical-only policy) satisfied.
    const medium = (await oscal({ framework: 'nist-800-53', severity: ['medium'] })).doc;
    expect(validateOscal(medium)).toEqual([]);
    const states = medium['assessment-results'].results[0].findings.map((f: any) => [f.props[0].value, f.target.status.state]);
    expect(states).toEqual([
      ['SC-28', 'not-satisfied'],
      ['SC-28(1)', 'satisfied'],
    ]);
    expect(medium['assessment-results'].results[0].findings[1]).not.toHaveProperty('related-observations');
  });

  it('links observations to findings and resources to observations, open and suppressed violations alike', async () => {
    const { doc, stats } = await oscal({ framework: 'nist-800-53' }, 2);
    const [result] = doc['assessment-results'].results;
    const [{ n }] = await db.store.query<{ n: number | string }>(`select count(*) as n from violations where status <> 'resolved'`);
    expect(result.observations).toHaveLength(Number(n));
    expect(stats.violations).toBe(Number(n));
    const observations = new Set(result.observations.map((o: any) => o.uuid));
    const items = new Set(result['local-definitions']['inventory-items'].map((i: any) => i.uuid));
    const related = result.findings.flatMap((f: any) => (f['related-observations'] ?? []).map((r: any) => r['observation-uuid']));
    expect(related.length).toBeGreaterThan(0);
    for (const uuid of related) expect(observations.has(uuid)).toBe(true);
    // Every observation supports at least one finding.
    expect(new Set(related)).toEqual(observations);
    for (const observation of result.observations) {
      expect(observation.methods).toEqual(['TEST']);
      expect(items.has(observation.subjects[0]['subject-uuid'])).toBe(true);
    }
    const legacy = result.observations.find((o: any) => o.subjects[0].title === `${SCOPE}:legacy`);
    expect(legacy.remarks).toContain(EXCEPTION_REASON);
    expect(legacy.props).toContainEqual({ name: 'status', ns: 'urn:sweep:oscal', value: 'suppressed' });
    expect(result.findings[0].description).toMatch(/1 violation\(s\) are accepted exceptions/);
  });

  it('derives every UUID from stable keys, so a re-export is byte-identical', async () => {
    const first = await oscal({ framework: 'nist-800-53' });
    const second = await oscal({ framework: 'nist-800-53' }, 1);
    expect(second.text).toBe(first.text);
    const uuids = first.text.match(/[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g) ?? [];
    expect(uuids.length).toBeGreaterThan(10);
  });

  it('writes token control ids for frameworks whose ids start with a digit', async () => {
    const { doc } = await oscal({ framework: 'pci-dss' });
    expect(validateOscal(doc)).toEqual([]);
    expect(doc['assessment-results'].results[0]['reviewed-controls']['control-selections'][0]['include-controls']).toEqual([{ 'control-id': 'pci-dss_3.5.1' }]);
  });

  it('stays valid when no policy maps to the framework', async () => {
    const { doc } = await oscal({ framework: 'cis-kubernetes' });
    expect(validateOscal(doc)).toEqual([]);
    const [result] = doc['assessment-results'].results;
    expect(result).not.toHaveProperty('findings');
    expect(result).not.toHaveProperty('observations');
  });

  it('needs --framework', async () => {
    await expect(exportReport(db.store, { format: 'oscal', filter: {} }, { write: () => true })).rejects.toMatchObject({ code: 'usage', exitCode: 2 });
  });
});
