import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../scripts/estate/generate.ts';
import { sweep } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/stores.ts';

let dir: string;
let database: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sweep-cli-'));
  database = await createTestDatabase();
  env = { DATABASE_URL: database.url, SWEEP_ACTOR: 'test' };
  await generateEstate({ resources: 300, stacks: 2, seed: 11, outDir: join(dir, 'estate') });
});

afterAll(async () => {
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('sweep scan and sweep violations on Postgres', () => {
  it('scans a folder of stack exports, then lists and filters what it found', async () => {
    const scan = await sweep(['scan', '--source', `pulumi-state:${join(dir, 'estate')}`, '--json'], { env, cwd: dir });
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(0);
    const report = scan.json().scan;
    expect(report.sources[0]).toMatchObject({ documents: 2, read: 304, mapped: 304, unknownTypes: 0 });
    expect(report.counts.new).toBeGreaterThan(50);

    const again = await sweep(['scan', '--source', `pulumi-state:${join(dir, 'estate')}`, '--json'], { env, cwd: dir });
    expect(again.json().scan.counts).toMatchObject({ new: 0, open: report.counts.new, resolved: 0 });

    const all = await sweep(['violations', '--json', '--limit', '100000'], { env, cwd: dir });
    const { violations } = all.json();
    expect(violations).toHaveLength(report.counts.new);
    const first = violations[0];
    expect(Object.keys(first).sort()).toEqual(
      ['assignee', 'controls', 'fingerprint', 'iac', 'id', 'message', 'policy', 'resource', 'severity', 'status'].sort(),
    );
    expect(Object.keys(first.resource).sort()).toEqual(['key', 'name', 'nativeId', 'source', 'type', 'urn'].sort());
    expect(first.iac.path).toBe('index.ts');
    expect(first.resource.source).toBe('pulumi-state');
    expect(first.controls.length).toBeGreaterThan(0);
    // Most severe first.
    const ranks = violations.map((v: { severity: string }) => ['critical', 'high', 'medium', 'low'].indexOf(v.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

    const critical = (await sweep(['violations', '--severity', 'critical', '--json', '--limit', '100000'], { env, cwd: dir })).json().violations;
    expect(critical.length).toBe(violations.filter((v: { severity: string }) => v.severity === 'critical').length);

    const sample = violations.find((v: { controls: { framework: string }[] }) => v.controls.some((c) => c.framework === 'pci-dss'));
    const control = sample.controls.find((c: { framework: string }) => c.framework === 'pci-dss').control;
    const byControl = (await sweep(['violations', '--framework', 'pci-dss', '--control', control, '--json', '--limit', '100000'], { env, cwd: dir })).json().violations;
    expect(byControl.length).toBeGreaterThan(0);
    for (const v of byControl) expect(v.controls).toContainEqual({ framework: 'pci-dss', control });

    const byPolicy = (await sweep(['violations', '--policy', first.policy, '--type', first.resource.type, '--status', 'open', '--json', '--limit', '100000'], { env, cwd: dir })).json().violations;
    expect(byPolicy.length).toBe(violations.filter((v: { policy: string }) => v.policy === first.policy).length);

    const text = await sweep(['violations', '--limit', '3'], { env, cwd: dir });
    expect(text.stdout).toMatch(/SEVERITY\s+STATUS\s+POLICY/);
    expect(text.stdout).toMatch(/3 violations \(first 3; use --limit\)/);
  });

  it('exits 3 with --fail-on when open violations at or above the severity exist', async () => {
    const result = await sweep(['scan', '--source', `pulumi-state:${join(dir, 'estate')}`, '--fail-on', 'high'], { env, cwd: dir });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/open violations at or above high/);
    expect(result.stdout).toMatch(/^scan \d+ succeeded/);
  });

  it('reads a stack export from stdin', async () => {
    const files = (await import('node:fs')).readdirSync(join(dir, 'estate')).filter((f) => f.endsWith('.json'));
    const text = await readFile(join(dir, 'estate', files[0]), 'utf8');
    const result = await sweep(['scan', '--source', 'pulumi-state:-', '--json'], { env, cwd: dir, stdin: text });
    expect(result.code).toBe(0);
    expect(result.json().scan.sources[0].documents).toBe(1);
  });

  it('gives one clear line naming the file for bad input, and stores nothing from it', async () => {
    const before = (await sweep(['violations', '--json', '--limit', '100000'], { env, cwd: dir })).json().violations.length;
    await writeFile(join(dir, 'broken.json'), '{"version": 3, "deployment": {"resources": [');
    await writeFile(join(dir, 'v9.json'), JSON.stringify({ version: 9, deployment: { resources: [] } }));
    await writeFile(
      join(dir, 'untyped.json'),
      JSON.stringify({ version: 3, deployment: { manifest: {}, resources: [{ urn: 'urn:pulumi:dev::p::aws:s3/bucket:Bucket::b', custom: true }] } }),
    );
    const cases: [string, RegExp][] = [
      ['missing.json', /missing\.json/],
      ['broken.json', /broken\.json/],
      ['v9.json', /v9\.json.*9/],
      ['untyped.json', /untyped\.json.*(type|urn:pulumi:dev::p::aws:s3\/bucket:Bucket::b)/],
    ];
    for (const [file, pattern] of cases) {
      const result = await sweep(['scan', '--source', `pulumi-state:${join(dir, file)}`], { env, cwd: dir });
      expect(result.code, file).toBe(1);
      expect(result.stdout, file).toBe('');
      expect(result.stderr.trim().split('\n'), file).toHaveLength(1);
      expect(result.stderr, file).toMatch(pattern);
    }
    const after = (await sweep(['violations', '--json', '--limit', '100000'], { env, cwd: dir })).json().violations.length;
    expect(after).toBe(before);
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [
      ['scan'],
      ['scan', '--source', 'nonsense:./x'],
      ['scan', '--source', `pulumi-state:${dir}`, '--fail-on', 'urgent'],
      ['scan', '--source', `pulumi-state:${dir}`, '--pack', 'hipaa'],
      ['violations', '--severity', 'huge'],
      ['violations', '--control', '2.1.1'],
      ['violations', '--bogus'],
      ['frobnicate'],
    ]) {
      const result = await sweep(args, { env, cwd: dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).not.toBe('');
    }
  });

  it('lists policies and applies migrations on demand', async () => {
    const policies = (await sweep(['policies', '--json'], { env, cwd: dir })).json();
    expect(policies.policies.length).toBeGreaterThanOrEqual(15);
    const pci = (await sweep(['policies', '--framework', 'pci-dss', '--json'], { env, cwd: dir })).json();
    for (const p of pci.policies) expect(p.controls.some((c: { framework: string }) => c.framework === 'pci-dss')).toBe(true);
    // The server trusts local connections, so a password in the URL is accepted and must never be printed.
    const withPassword = new URL(database.url);
    withPassword.password = 's3cret-pw';
    const migrate = await sweep(['db', 'migrate'], { env: { ...env, DATABASE_URL: withPassword.toString() }, cwd: dir });
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toMatch(/postgres at postgres:\/\/postgres:\*\*\*@.*: schema up to date \(2 migrations applied\)/);
    expect(migrate.stdout + migrate.stderr).not.toContain('s3cret-pw');
  });

  it('applies the config file: rule config, exclusions (listed), disabled policies; rejects unknown ids', async () => {
    const work = join(dir, 'configured');
    await (await import('node:fs/promises')).mkdir(work, { recursive: true });
    const db = await createTestDatabase();
    const local = { ...env, DATABASE_URL: db.url };
    try {
      const base = await sweep(['scan', '--source', `pulumi-state:${join(dir, 'estate')}`, '--json'], { env: local, cwd: work });
      const byPolicy = (await sweep(['violations', '--json', '--limit', '100000'], { env: local, cwd: work }))
        .json()
        .violations.reduce((m: Record<string, string[]>, v: { policy: string; resource: { name: string } }) => {
          (m[v.policy] ??= []).push(v.resource.name);
          return m;
        }, {});
      const [excludedPolicy, names] = Object.entries(byPolicy).find(([, n]) => (n as string[]).length >= 2) as [string, string[]];
      const disabledPolicy = Object.keys(byPolicy).find((p) => p !== excludedPolicy)!;
      await writeFile(
        join(work, 'sweep.yaml'),
        `policies:\n  ${excludedPolicy}:\n    exclude: ["${names[0]}"]\n  ${disabledPolicy}:\n    enforcementLevel: disabled\n`,
      );
      const configured = await sweep(['scan', '--source', `pulumi-state:${join(dir, 'estate')}`], { env: local, cwd: work });
      expect(configured.code).toBe(0);
      expect(configured.stdout).toMatch(new RegExp(`excluded by config: 1 \\(${excludedPolicy} 1\\)`));
      const listed = (await sweep(['exclusions', '--json'], { env: local, cwd: work })).json().exclusions;
      expect(listed).toEqual([expect.objectContaining({ policy: excludedPolicy, pattern: names[0] })]);
      // The excluded resource's violation is resolved (it is out of the rule's scope); the disabled policy was not run, so its violations stay.
      const open = (await sweep(['violations', '--status', 'open', '--json', '--limit', '100000'], { env: local, cwd: work })).json().violations;
      expect(open.filter((v: { policy: string }) => v.policy === excludedPolicy)).toHaveLength(names.length - 1);
      expect(open.filter((v: { policy: string }) => v.policy === disabledPolicy)).toHaveLength(byPolicy[disabledPolicy].length);
      const [resolved] = (await sweep(['violations', '--status', 'resolved', '--policy', excludedPolicy, '--json'], { env: local, cwd: work })).json().violations;
      expect(resolved.resource.name).toBe(names[0]);
      expect(base.code).toBe(0);

      await writeFile(join(work, 'typo.yaml'), 'policies:\n  aws-no-such-rule:\n    exclude: ["x"]\n');
      const typo = await sweep(['--config', 'typo.yaml', 'scan', '--source', `pulumi-state:${join(dir, 'estate')}`], { env: local, cwd: work });
      expect(typo.code).toBe(1);
      expect(typo.stderr).toMatch(/typo\.yaml: policies\.aws-no-such-rule: no such policy/);
    } finally {
      await db.drop();
    }
  });

  it('with --keep-going scans the good sources, reports the bad one, marks the scan partial and exits 1', async () => {
    const db = await createTestDatabase();
    const local = { ...env, DATABASE_URL: db.url };
    try {
      const args = ['scan', '--source', `pulumi-state:${join(dir, 'estate')}`, '--source', `pulumi-state:${join(dir, 'nope.json')}`];
      const strict = await sweep(args, { env: local, cwd: dir });
      expect(strict.code).toBe(1);
      expect((await sweep(['violations', '--json'], { env: local, cwd: dir })).json().violations).toHaveLength(0);

      const lenient = await sweep([...args, '--keep-going'], { env: local, cwd: dir });
      expect(lenient.code).toBe(1);
      expect(lenient.stdout).toMatch(/nope\.json: 0 read, 0 mapped, 0 unknown types, 1 errors — FAILED: .*nope\.json/);
      expect(lenient.stdout).toMatch(/scan is PARTIAL/);
      expect((await sweep(['violations', '--json'], { env: local, cwd: dir })).json().violations.length).toBeGreaterThan(0);
    } finally {
      await db.drop();
    }
  });
});
