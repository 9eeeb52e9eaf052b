import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSweepError, type SweepError } from '../../src/errors.ts';
import {
  capturePulumiProgram,
  pulumiProgramSource,
  toStackExport,
  type CapturedResource,
  type ProgramCapture,
} from '../../src/sources/pulumi-program/index.ts';
import { mapStackExport, pulumiStateSource, type StackExport } from '../../src/sources/pulumi-state/index.ts';
import { SECRET_MARKER, type SourceDocument } from '../../src/sources/resource.ts';
import type { Source } from '../../src/sources/source.ts';

const programDir = fileURLToPath(new URL('../fixtures/sources/program', import.meta.url));

async function readAll(source: Source, target: string, cwd: string): Promise<SourceDocument[]> {
  const documents: SourceDocument[] = [];
  for await (const document of source.read(target, { cwd })) documents.push(document);
  return documents;
}

async function captureError(dir: string, options: { timeoutMs?: number } = {}): Promise<SweepError> {
  try {
    await capturePulumiProgram(dir, options);
  } catch (error) {
    if (isSweepError(error)) return error;
    throw error;
  }
  throw new Error(`expected the program in ${dir} to fail`);
}

function find(capture: ProgramCapture, type: string, name: string): CapturedResource {
  const found = capture.resources.find((resource) => resource.type === type && resource.name === name);
  if (!found) throw new Error(`no ${type} ${name} in ${capture.resources.map((r) => r.urn).join(', ')}`);
  return found;
}

/** The 1-based line and column of `new aws.<module>.<Class>("<name>"` in the program text. */
function declaration(text: string, resource: CapturedResource): { line: number; column: number } {
  const module = resource.type.slice('aws:'.length, resource.type.indexOf('/'));
  const className = resource.type.slice(resource.type.lastIndexOf(':') + 1);
  const needle = `new aws.${module}.${className}("${resource.name}"`;
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  return { line: index + 1, column: lines[index].indexOf(needle) + 1 };
}

describe('pulumi-program: capturing the fixture program', () => {
  let capture: ProgramCapture;
  beforeAll(async () => {
    capture = await capturePulumiProgram(programDir);
  });

  it('captures every resource with project, stack and mock ids', () => {
    expect(capture).toMatchObject({ dir: programDir, project: 'storefront', stack: 'dev' });
    expect(capture.resources.map((resource) => resource.type).sort()).toEqual([
      'aws:ec2/securityGroup:SecurityGroup',
      'aws:s3/bucket:Bucket',
      'aws:secretsmanager/secret:Secret',
      'aws:secretsmanager/secretVersion:SecretVersion',
      'aws:ssm/parameter:Parameter',
    ]);
    const bucket = find(capture, 'aws:s3/bucket:Bucket', 'assets');
    expect(bucket).toMatchObject({ urn: 'urn:pulumi:dev::storefront::aws:s3/bucket:Bucket::assets', custom: true, id: 'assets-id' });
    expect(bucket.inputs).toEqual({ tags: { team: 'storefront', env: 'dev' } });
    expect(capture.packages.aws).toMatch(/^\d+\.\d+\.\d+/);
    expect(capture.config).toEqual({ 'aws:region': 'us-west-2' });
  });

  it('delivers references to other resources as their mock ids', () => {
    const version = find(capture, 'aws:secretsmanager/secretVersion:SecretVersion', 'db-credentials');
    const parameter = find(capture, 'aws:ssm/parameter:Parameter', 'api-key');
    const secret = find(capture, 'aws:secretsmanager/secret:Secret', 'db-credentials');
    expect(version.inputs.secretId).toBe('db-credentials-id');
    expect(parameter.inputs.description).toBe('read by the web tier (web-id)');
    expect(secret.inputs.tags).toEqual({ bucket: 'assets-id' });
  });

  it('records which resources each input came from, and pulumi-state turns them into keys', () => {
    const version = find(capture, 'aws:secretsmanager/secretVersion:SecretVersion', 'db-credentials');
    const secretUrn = 'urn:pulumi:dev::storefront::aws:secretsmanager/secret:Secret::db-credentials';
    expect(version.propertyDependencies).toEqual({ secretId: [secretUrn] });
    expect(version.dependencies).toContain(secretUrn);
    const [document] = mapStackExport(toStackExport(capture), { origin: 'memory', source: 'pulumi-state' });
    const mapped = document.resources.find((r) => r.type === 'aws:secretsmanager/secretVersion:SecretVersion')!;
    expect(mapped.propertyDependencies).toEqual({ secretId: [`pulumi:storefront/dev:${secretUrn}`] });
  });

  it('replaces pulumi.secret() values and secure config with the marker', () => {
    const parameter = find(capture, 'aws:ssm/parameter:Parameter', 'api-key');
    const version = find(capture, 'aws:secretsmanager/secretVersion:SecretVersion', 'db-credentials');
    expect(parameter.inputs).toEqual({ type: 'SecureString', value: SECRET_MARKER, description: 'read by the web tier (web-id)' });
    expect(version.inputs.secretString).toBe(SECRET_MARKER);
    expect(JSON.stringify(capture)).not.toContain('sk_live_fixture_4f9a');
  });

  it('records where each resource is declared: the `new` in index.ts', async () => {
    const text = await readFile(join(programDir, 'index.ts'), 'utf8');
    for (const resource of capture.resources) {
      expect(resource.source, resource.urn).toEqual({ path: 'index.ts', ...declaration(text, resource) });
    }
  });

  it('exports a real version 3 deployment with a stack root and a default aws provider', () => {
    const exported: StackExport = toStackExport(capture, { project: 'storefront', stack: 'dev', time: new Date('2025-01-02T03:04:05Z') });
    expect(exported.version).toBe(3);
    expect(exported.deployment.manifest).toMatchObject({ time: '2025-01-02T03:04:05.000Z', version: expect.stringMatching(/^v3\./) });
    expect(exported.deployment.manifest?.magic).toMatch(/^[0-9a-f]{64}$/);
    const [stack, provider, ...rest] = exported.deployment.resources;
    expect(stack).toMatchObject({ urn: 'urn:pulumi:dev::storefront::pulumi:pulumi:Stack::storefront-dev', custom: false });
    expect(provider.type).toBe('pulumi:providers:aws');
    expect(provider.urn).toMatch(/::pulumi:providers:aws::default_\d+_\d+_\d+$/);
    expect(provider.inputs).toMatchObject({ region: 'us-west-2' });
    const bucket = rest.find((resource) => resource.type === 'aws:s3/bucket:Bucket');
    expect(bucket).toMatchObject({
      id: 'assets-id',
      parent: stack.urn,
      provider: `${provider.urn}::${provider.id}`,
      sourcePosition: expect.stringMatching(/^project:\/\/\/index\.ts#7,\d+$/),
    });
  });

  it('renames urns when exported under another stack name', () => {
    const exported = toStackExport(capture, { stack: 'prod' });
    const documents = mapStackExport(exported, { origin: 'storefront-prod.json' });
    expect(documents.map((document) => document.scope)).toEqual(['pulumi:storefront/prod']);
    for (const resource of exported.deployment.resources) {
      expect(resource.urn.startsWith('urn:pulumi:prod::storefront::'), resource.urn).toBe(true);
      if (resource.provider) expect(resource.provider.startsWith('urn:pulumi:prod::storefront::')).toBe(true);
    }
  });

  it('round-trips through pulumi-state to the same keys and props as the pulumi-program source', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sweep-program-export-'));
    try {
      await writeFile(join(dir, 'storefront-dev.json'), JSON.stringify(toStackExport(capture), null, 2));
      const [fromState] = await readAll(pulumiStateSource, 'storefront-dev.json', dir);
      const [fromProgram] = await readAll(pulumiProgramSource, programDir, process.cwd());
      const shape = (document: SourceDocument) =>
        document.resources.map(({ key, type, props, parentKey, region, account, iac }) => ({
          key,
          type,
          props,
          parentKey,
          region,
          account,
          position: [iac.path, iac.line, iac.column],
        }));
      expect(new Set(fromProgram.resources.map((resource) => resource.source))).toEqual(new Set(['pulumi-program']));
      expect(fromProgram.scope).toBe('pulumi:storefront/dev');
      expect(fromProgram.resources[0].iac.repo).toBe(programDir);
      expect(shape(fromState)).toEqual(shape(fromProgram));
      for (const captured of capture.resources) {
        const resource = fromState.resources.find((candidate) => candidate.key === `pulumi:storefront/dev:${captured.urn}`);
        expect(resource?.props, captured.urn).toEqual(captured.inputs);
        expect(resource).toMatchObject({ region: 'us-west-2', role: 'custom', provider: 'aws' });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('pulumi-program: programs outside sweep, and failures', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'sweep-program-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  async function program(name: string, index: string, packageJson = '{ "name": "scratch", "main": "index.ts" }'): Promise<string> {
    const dir = join(scratch, name);
    await cp(join(programDir, 'Pulumi.yaml'), join(dir, 'Pulumi.yaml'));
    await writeFile(join(dir, 'package.json'), packageJson);
    await writeFile(join(dir, 'index.ts'), index);
    return dir;
  }

  it.concurrent('resolves @pulumi packages from sweep when the program has no node_modules (CommonJS and ESM)', async ({ expect }) => {
    const reference = await capturePulumiProgram(programDir);
    for (const type of ['commonjs', 'module']) {
      const dir = join(scratch, `copy-${type}`);
      await cp(programDir, dir, { recursive: true });
      await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'storefront', main: 'index.ts', type }));
      const copy = await capturePulumiProgram(dir);
      expect(copy.resources.map((r) => [r.urn, r.source, r.inputs])).toEqual(reference.resources.map((r) => [r.urn, r.source, r.inputs]));
    }
  });

  it.concurrent('captures components, explicit providers, Resource.get() and exported-function programs', async ({ expect }) => {
    const dir = await program(
      'components',
      [
        'import * as pulumi from "@pulumi/pulumi";',
        'import * as aws from "@pulumi/aws";',
        'class Site extends pulumi.ComponentResource {',
        '  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {',
        '    super("acme:web:Site", name, {}, opts);',
        '    new aws.s3.Bucket(`${name}-content`, {}, { parent: this });',
        '  }',
        '}',
        'const east = new aws.Provider("east", { region: "us-east-2" });',
        'new Site("docs", { provider: east });',
        'aws.s3.Bucket.get("legacy", "legacy-bucket");',
        'export = async () => {',
        '  new aws.sqs.Queue("jobs", {}, { provider: east });',
        '};',
      ].join('\n'),
    );
    const capture = await capturePulumiProgram(dir);
    const provider = find(capture, 'pulumi:providers:aws', 'east');
    const site = find(capture, 'acme:web:Site', 'docs');
    const content = find(capture, 'aws:s3/bucket:Bucket', 'docs-content');
    const legacy = find(capture, 'aws:s3/bucket:Bucket', 'legacy');
    const queue = find(capture, 'aws:sqs/queue:Queue', 'jobs');
    const providerRef = `${provider.urn}::east-id`;
    expect(site).toMatchObject({ custom: false, source: { path: 'index.ts', line: 10 } });
    expect(site.id).toBeUndefined();
    expect(content).toMatchObject({ parent: site.urn, provider: providerRef, source: { path: 'index.ts', line: 6 } });
    expect(content.urn).toBe('urn:pulumi:dev::storefront::acme:web:Site$aws:s3/bucket:Bucket::docs-content');
    // Positions come from the program, not from inside @pulumi/aws where the SDK's own guess lands.
    expect(provider.source).toMatchObject({ path: 'index.ts', line: 9 });
    expect(legacy).toMatchObject({ external: true, id: 'legacy-bucket', source: { path: 'index.ts', line: 11 } });
    expect(queue).toMatchObject({ provider: providerRef, source: { path: 'index.ts', line: 13 } });

    const documents = await readAll(pulumiProgramSource, dir, scratch);
    const byName = new Map(documents[0].resources.map((resource) => [resource.name, resource]));
    expect(byName.get('east')).toMatchObject({ role: 'provider', region: 'us-east-2' });
    expect(byName.get('docs')).toMatchObject({ role: 'component', parentKey: byName.get('storefront-dev')?.key });
    expect(byName.get('docs-content')).toMatchObject({ role: 'custom', region: 'us-east-2', parentKey: byName.get('docs')?.key });
    expect(byName.get('jobs')).toMatchObject({ region: 'us-east-2', account: '123456789012' });
    expect(byName.get('legacy')).toMatchObject({ region: 'us-east-1' });
  });

  it.concurrent('names the folder and the error when the program throws', async ({ expect }) => {
    const dir = await program(
      'throws',
      'import * as aws from "@pulumi/aws";\nnew aws.s3.Bucket("logs");\nthrow new Error("no subnet configured for stack dev");\n',
    );
    const error = await captureError(dir);
    expect(error.code).toBe('program-failed');
    expect(error.message).toContain(dir);
    expect(error.message).toContain('no subnet configured for stack dev');
  });

  it.concurrent('names the folder and the location when the program does not compile', async ({ expect }) => {
    const dir = await program('syntax', 'import * as aws from "@pulumi/aws";\nconst bucket = new aws.s3.Bucket("logs", {;\n');
    const error = await captureError(dir);
    expect(error.code).toBe('program-failed');
    expect(error.message).toContain(dir);
    expect(error.message).toMatch(/index\.ts:2/);
  });

  it.concurrent('stops a program that runs past the timeout', async ({ expect }) => {
    const dir = await program(
      'hangs',
      'export = async () => {\n  await new Promise((resolve) => setTimeout(resolve, 60_000));\n};\n',
    );
    const error = await captureError(dir, { timeoutMs: 3_000 });
    expect(error.code).toBe('program-timeout');
    expect(error.message).toContain(dir);
  });

  it.concurrent('calls a folder without Pulumi.yaml not a Pulumi project', async ({ expect }) => {
    const error = await captureError(scratch);
    expect(error.code).toBe('program-not-found');
    expect(error.message).toContain(scratch);
  });
});
