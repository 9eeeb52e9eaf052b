import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRelativeUri } from '../../src/reports/sarif-location.ts';
import { scannedDemo, type ScannedDemo } from '../support/demo-estate.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';
import { buildBacklog, exportText, EXCEPTION_REASON, REPO, SCOPE } from './support/backlog.ts';
import { githubSarifProblems } from './support/formats.ts';
import { createValidator, loadSchema } from './support/json-schema.ts';

const validateSarif = createValidator(loadSchema('test/fixtures/reports/sarif-2.1.0.subset.schema.json'));

function results(log: any): any[] {
  return log.runs.flatMap((run: any) => run.results);
}

describe('repo-relative SARIF uris', () => {
  it('keeps clean relative paths, encodes them, and refuses what GitHub cannot resolve', () => {
    expect(repoRelativeUri('acme/infra', 'storage/logs.ts')).toBe('storage/logs.ts');
    expect(repoRelativeUri('acme/infra', './modules/my bucket.ts')).toBe('modules/my%20bucket.ts');
    expect(repoRelativeUri('/src/infra', '/src/infra/main.tf')).toBe('main.tf');
    expect(repoRelativeUri('acme/infra', 'a\\b.ts')).toBe('a/b.ts');
    expect(repoRelativeUri('acme/infra', '/etc/passwd')).toBeUndefined();
    expect(repoRelativeUri('acme/infra', '../outside.ts')).toBeUndefined();
    expect(repoRelativeUri('acme/infra', 'C:/x.ts')).toBeUndefined();
    expect(repoRelativeUri('acme/infra', null)).toBeUndefined();
  });
});

describe('sarif export against Postgres', () => {
  let db: TestStore;
  beforeAll(async () => {
    db = await openTestStore('postgres');
    await buildBacklog(db.store);
  });
  afterAll(async () => {
    await db.close();
  });

  it('validates against the SARIF 2.1.0 schema: one rule per policy, one result per open or suppressed violation', async () => {
    const { text, stats } = await exportText(db.store, { format: 'sarif', filter: {} });
    const log = JSON.parse(text);
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs).toHaveLength(1);
    const [run] = log.runs;
    expect(run.tool.driver.name).toBe('sweep');
    expect(run.automationDetails.id).toBe('sweep/all/');
    expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual(['bucket-encrypted', 'bucket-private', 'bucket-versioned']);
    const privateRule = run.tool.driver.rules[1];
    expect(privateRule).toMatchObject({
      shortDescription: { text: 'Buckets block public access' },
      fullDescription: { text: 'test' },
      help: { text: 'set private' },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'cis-aws:2.1.4', 'nist-800-53:SC-28(1)', 'pci-dss:3.5.1'], 'security-severity': '9.5' },
    });
    // Resolved violations are history, not findings.
    const [{ n }] = await db.store.query<{ n: number | string }>(`select count(*) as n from violations where status <> 'resolved'`);
    expect(run.results).toHaveLength(Number(n));
    expect(stats.violations).toBe(Number(n));

    const logs = run.results.find((r: any) => r.properties['sweep/resourceKey'] === `${SCOPE}:logs` && r.ruleId === 'bucket-encrypted');
    expect(logs).toMatchObject({
      level: 'error',
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: 'storage/logs.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 12 } },
          logicalLocations: [{ fullyQualifiedName: `${SCOPE}:logs`, kind: 'resource' }],
        },
      ],
      baselineState: 'unchanged',
      properties: { 'sweep/owner': 'team-storage', 'sweep/dueAt': '2027-01-15T00:00:00.000Z', 'sweep/status': 'assigned' },
    });
    const [fp] = await db.store.query<{ fingerprint: string }>(`select fingerprint from violations where resource_key = $1 and policy_id = 'bucket-encrypted'`, [`${SCOPE}:logs`]);
    expect(logs.partialFingerprints).toEqual({ 'sweep/v1': fp.fingerprint });
  });

  it('marks suppressed violations as accepted external suppressions and maps the scan diff to baselineState', async () => {
    const log = JSON.parse((await exportText(db.store, { format: 'sarif', filter: {} })).text);
    const byResource = (name: string) => results(log).filter((r) => r.properties['sweep/resourceKey'] === `${SCOPE}:${name}`);
    const [legacy] = byResource('legacy');
    expect(legacy.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: EXCEPTION_REASON,
        properties: { 'sweep/suppressionId': expect.any(Number), 'sweep/approvedBy': 'ciso@acme.example', 'sweep/expiresAt': '2027-03-01T00:00:00.000Z' },
      },
    ]);
    expect(results(log).filter((r) => r.suppressions)).toHaveLength(1);
    expect(byResource('newest')[0].baselineState).toBe('new');
    expect(byResource('flip')[0]).toMatchObject({ baselineState: 'new', properties: { 'sweep/change': 'reopened' } });
    expect(byResource('fresh')[0].baselineState).toBe('unchanged');

    const withResolved = JSON.parse((await exportText(db.store, { format: 'sarif', filter: { status: ['resolved'] } })).text);
    expect(validateSarif(withResolved)).toEqual([]);
    expect(results(withResolved).length).toBe(2);
    for (const result of results(withResolved)) expect(result).toMatchObject({ kind: 'pass', level: 'none', baselineState: 'absent' });
  });

  it('falls back to a logical location for a resource without IaC, which GitHub would reject', async () => {
    const { text, stats } = await exportText(db.store, { format: 'sarif', filter: {} });
    const log = JSON.parse(text);
    expect(stats.notes).toEqual([expect.stringMatching(/^1 result\(s\) have no IaC file.*--repo <owner\/name>/)]);
    const [unmanaged] = results(log).filter((r) => r.properties['sweep/resourceKey'] === `${SCOPE}:unmanaged`);
    expect(unmanaged.locations).toEqual([{ logicalLocations: [{ name: 'unmanaged', fullyQualifiedName: `${SCOPE}:unmanaged`, kind: 'resource' }] }]);
    expect(githubSarifProblems(log)).toEqual([expect.stringContaining('expected a physical location')]);
  });

  it('with --repo, is upload-ready for GitHub code scanning: every result located in that repo, relative to its root', async () => {
    const { text, stats } = await exportText(db.store, { format: 'sarif', filter: {}, repo: REPO });
    const log = JSON.parse(text);
    expect(validateSarif(log)).toEqual([]);
    expect(githubSarifProblems(log)).toEqual([]);
    const uris = results(log).map((r) => r.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris).toContain('modules/my%20bucket.ts');
    expect(uris.every((uri) => !uri.startsWith('/'))).toBe(true);
    expect(results(log).some((r) => r.properties['sweep/resourceKey'] === `${SCOPE}:unmanaged`)).toBe(false);
    expect(stats.notes).toEqual([]);
  });

  it('splits into runs of at most maxResultsPerRun, each with its own category', async () => {
    const { text, stats } = await exportText(db.store, { format: 'sarif', filter: {}, repo: REPO, maxResultsPerRun: 3, batchSize: 2 });
    const log = JSON.parse(text);
    expect(validateSarif(log)).toEqual([]);
    expect(githubSarifProblems(log)).toEqual([]);
    const total = results(log).length;
    expect(log.runs).toHaveLength(Math.ceil(total / 3));
    expect(log.runs.every((run: any) => run.results.length <= 3 && run.results.length > 0)).toBe(true);
    expect(log.runs.map((run: any) => run.automationDetails.id)).toEqual(log.runs.map((_: unknown, i: number) => `sweep/all/part-${i + 1}/`));
    expect(stats.notes[0]).toMatch(/split into \d+ runs/);
    // Same results, same order as the single-run export.
    const single = JSON.parse((await exportText(db.store, { format: 'sarif', filter: {}, repo: REPO })).text);
    expect(results(log).map((r) => r.partialFingerprints)).toEqual(results(single).map((r: any) => r.partialFingerprints));
  });
});

describe('sarif export of the demo estate', () => {
  let demo: ScannedDemo;
  beforeAll(async () => {
    demo = await scannedDemo();
  });
  afterAll(async () => {
    await demo.close();
  });

  it('locates every result at a real file and line of the demo repository', async () => {
    const { text, stats } = await exportText(demo.store, { format: 'sarif', filter: {}, repo: 'acme/acme-infra' });
    const log = JSON.parse(text);
    expect(validateSarif(log)).toEqual([]);
    expect(githubSarifProblems(log)).toEqual([]);
    expect(stats.violations).toBeGreaterThan(10);
    for (const result of results(log)) {
      const { uri } = result.locations[0].physicalLocation.artifactLocation;
      const file = join(demo.estate.repoDir, decodeURIComponent(uri));
      expect(existsSync(file), `${uri} exists in the repo`).toBe(true);
      const lines = readFileSync(file, 'utf8').split('\n').length;
      expect(result.locations[0].physicalLocation.region.startLine).toBeLessThanOrEqual(lines);
    }
  });
});
