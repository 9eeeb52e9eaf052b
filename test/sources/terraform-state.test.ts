import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SweepError } from '../../src/errors.ts';
import type { Resource, SourceDocument } from '../../src/sources/resource.ts';
import type { SourceContext } from '../../src/sources/source.ts';
import { readTerraformState, type ReadOptions } from '../../src/sources/terraform-state/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = 'test/fixtures/sources/terraform-state';
const PROD_LINEAGE = '7e1b2c4d-0a1f-4c2e-9b7a-3f5d8e6a1c90';

async function readAll(target: string, context: Partial<SourceContext> = {}, options?: ReadOptions): Promise<SourceDocument[]> {
  const documents: SourceDocument[] = [];
  for await (const document of readTerraformState(target, { cwd: root, ...context }, options)) documents.push(document);
  return documents;
}

async function readError(target: string, context: Partial<SourceContext> = {}): Promise<SweepError> {
  try {
    await readAll(target, context);
  } catch (error) {
    expect(error).toBeInstanceOf(SweepError);
    return error as SweepError;
  }
  throw new Error(`reading ${target} did not fail`);
}

function byAddress(resources: Resource[], address: string): Resource {
  const found = resources.find((resource) => resource.key === `terraform:${PROD_LINEAGE}:${address}`);
  if (!found) throw new Error(`no resource ${address}`);
  return found;
}

describe('terraform-state source: reading a state', () => {
  let documents: SourceDocument[];
  let prod: Resource[];

  beforeAll(async () => {
    documents = await readAll(`${fixtures}/estate`);
    prod = documents.filter((document) => document.scope === `terraform:${PROD_LINEAGE}`).flatMap((document) => document.resources);
  });

  it('reads every *.tfstate and *.json state of a folder, one scope per lineage', () => {
    expect(documents.map((document) => [document.origin.slice(root.length), document.scope])).toEqual([
      [`${fixtures}/estate/prod.tfstate`, `terraform:${PROD_LINEAGE}`],
      [`${fixtures}/estate/staging.json`, 'terraform:0c9d8e7f-6a5b-4c3d-2e1f-a0b9c8d7e6f5'],
    ]);
  });

  it('keys root and module resources by their Terraform address, with count and for_each keys', () => {
    const addresses = prod.map((resource) => resource.key.slice(`terraform:${PROD_LINEAGE}:`.length));
    expect(addresses).toContain('aws_s3_bucket.data');
    expect(addresses).toContain('aws_instance.web[0]');
    expect(addresses).toContain('aws_instance.web[1]');
    expect(addresses).toContain('module.vpc.aws_subnet.private["a"]');
    expect(addresses).toContain('module.vpc.aws_subnet.private["b"]');
    expect(addresses).toContain('module.vpc.aws_security_group.this');
    const subnet = byAddress(prod, 'module.vpc.aws_subnet.private["b"]');
    expect(subnet).toMatchObject({
      name: 'private["b"]',
      nativeType: 'aws_subnet',
      type: 'aws:ec2/subnet:Subnet',
      nativeId: 'subnet-0a1b2c3d4e5f60bb2',
      iac: { kind: 'terraform', project: 'module.vpc' },
      region: 'eu-west-1',
      account: '111122223333',
      source: 'terraform-state',
      role: 'custom',
    });
    expect(byAddress(prod, 'aws_instance.web[0]')).toMatchObject({ name: 'web[0]', iac: { kind: 'terraform', project: 'root' } });
  });

  it('skips data sources', () => {
    expect(prod.some((resource) => resource.nativeType === 'aws_ami')).toBe(false);
    expect(prod).toHaveLength(30);
  });

  it('keeps a type the mapper does not know, flagged, with its raw attributes', () => {
    const bucket = byAddress(prod, 'module.gcp.google_storage_bucket.assets');
    expect(bucket).toMatchObject({ type: 'google_storage_bucket', nativeType: 'google_storage_bucket', unknownType: true, provider: 'gcp', account: 'acme-prod' });
    expect(bucket.props).toMatchObject({ uniform_bucket_level_access: true, storage_class: 'STANDARD' });
    expect(bucket.tags).toEqual({ team: 'web', 'goog-terraform-provisioned': 'true' });
    const password = byAddress(prod, 'random_password.db');
    expect(password).toMatchObject({ type: 'random_password', unknownType: true, provider: 'other' });
  });

  it('derives tokens for other AWS types and converts their attributes generically', () => {
    const cluster = byAddress(prod, 'aws_ecs_cluster.main');
    expect(cluster.type).toBe('aws:ecs/cluster:Cluster');
    // Without a table entry, blocks keep Terraform's list shape (policy readers accept both).
    expect(cluster.props).toMatchObject({ name: 'main', setting: [{ name: 'containerInsights', value: 'enabled' }] });
    expect(cluster.props.configuration).toEqual([{ executeCommandConfiguration: [{ kmsKeyId: '', logConfiguration: [], logging: 'DEFAULT' }], managedStorageConfiguration: [] }]);
    expect(byAddress(prod, 'aws_sqs_queue.jobs').props).toMatchObject({ sqsManagedSseEnabled: true, visibilityTimeoutSeconds: 30 });
    expect(byAddress(prod, 'module.vpc.aws_vpc.this').type).toBe('aws:ec2/vpc:Vpc');
  });

  it('renames the attributes Pulumi names differently', () => {
    const lambda = byAddress(prod, 'aws_lambda_function.api');
    expect(lambda.type).toBe('aws:lambda/function:Function');
    expect(lambda.props).toMatchObject({ name: 'api', code: 'api.zip', memorySize: 256, tracingConfig: { mode: 'PassThrough' } });
    expect(lambda.props).not.toHaveProperty('functionName');
  });

  it('takes tags from tags_all (provider default_tags included), keys verbatim', () => {
    expect(byAddress(prod, 'aws_s3_bucket.data').tags).toEqual({ team: 'data', 'managed-by': 'terraform' });
    expect(byAddress(prod, 'aws_s3_bucket.data').props.tagsAll).toEqual({ team: 'data', 'managed-by': 'terraform' });
  });

  it('records dependencies as keys of the resources they name', () => {
    expect(byAddress(prod, 'aws_s3_bucket_versioning.data').dependencies).toEqual([`terraform:${PROD_LINEAGE}:aws_s3_bucket.data`]);
  });
});

describe('terraform-state source: secrets', () => {
  let everything: string;
  let prod: Resource[];

  beforeAll(async () => {
    const documents = await readAll(`${fixtures}/estate/prod.tfstate`);
    prod = documents.flatMap((document) => document.resources);
    everything = JSON.stringify(documents);
  });

  it('replaces every path sensitive_attributes lists, however deep', () => {
    expect(byAddress(prod, 'aws_db_instance.orders').props.password).toBe('[secret]');
    // A path through a list index and a map key: environment[0].variables["API_TOKEN"].
    expect(byAddress(prod, 'aws_lambda_function.api').props.environment).toEqual({
      variables: { API_TOKEN: '[secret]', DB_PASSWORD: '[secret]', LOG_LEVEL: 'info' },
    });
    expect(byAddress(prod, 'random_password.db').props).toMatchObject({ result: '[secret]', bcrypt_hash: '[secret]', length: 24 });
  });

  it('never lets a secret value or a sensitive output out of the source', () => {
    for (const secret of ['hunter2-fixture-db', 'tok_live_fixture_91c2', 'lambda-db-fixture-pw', 'Zq7!fixture-random-result', 'prod-output-secret-fixture', '$2a$10$fixture']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('redacts attributes named like secrets even when the state does not mark them, and leaves numeric settings', () => {
    // DB_PASSWORD is not in sensitive_attributes: the name-based safety net catches it.
    expect(JSON.stringify(byAddress(prod, 'aws_lambda_function.api').props)).not.toContain('lambda-db-fixture-pw');
    expect(byAddress(prod, 'aws_iam_account_password_policy.strict').props).toMatchObject({ minimumPasswordLength: 8, passwordReusePrevention: 0 });
  });

  it('keeps references to secrets, which policies join on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sweep-tfstate-'));
    try {
      const arn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbC123';
      const state = stateWith([
        instanceOf('aws_secretsmanager_secret_rotation', 'db', { id: arn, secret_id: arn, rotation_enabled: true, rotation_rules: [{ automatically_after_days: 30 }] }),
        instanceOf('aws_secretsmanager_secret_version', 'db', { id: `${arn}|v1`, secret_id: arn, secret_string: 'plain-secret-string-fixture' }),
      ]);
      await writeFile(join(dir, 'state.tfstate'), JSON.stringify(state));
      const [document] = await readAll(join(dir, 'state.tfstate'));
      expect(document.resources[0].props).toEqual({ id: arn, secretId: arn, rotationEnabled: true, rotationRules: { automaticallyAfterDays: 30 } });
      expect(document.resources[1].props).toMatchObject({ secretId: arn, secretString: '[secret]' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads the object-mask form and index steps into lists', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sweep-tfstate-'));
    try {
      const state = stateWith([
        instanceOf('aws_db_instance', 'masked', { password: 'mask-form-secret', port: 5432, master_user_secret: [{ secret_arn: 'arn:x', kms_key_id: 'k' }] }, { password: true }),
        instanceOf('aws_security_group', 'listed', { ingress: [{ cidr_blocks: ['10.9.9.9/32'], from_port: 22, to_port: 22, protocol: 'tcp' }] }, [
          [{ type: 'get_attr', value: 'ingress' }, { type: 'index', value: { value: 0, type: 'number' } }, { type: 'get_attr', value: 'cidr_blocks' }],
        ]),
      ]);
      await writeFile(join(dir, 'state.tfstate'), JSON.stringify(state));
      const [document] = await readAll(join(dir, 'state.tfstate'));
      expect(document.resources[0].props.password).toBe('[secret]');
      expect(document.resources[0].props.port).toBe(5432);
      expect(document.resources[1].props.ingress).toEqual([{ cidrBlocks: '[secret]', fromPort: 22, toPort: 22, protocol: 'tcp' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function instanceOf(type: string, name: string, attributes: Record<string, unknown>, sensitive: unknown = [], extra: Record<string, unknown> = {}) {
  return {
    mode: 'managed',
    type,
    name,
    provider: 'provider["registry.terraform.io/hashicorp/aws"]',
    instances: [{ schema_version: 0, attributes, sensitive_attributes: sensitive, ...extra }],
  };
}

function stateWith(resources: unknown[], lineage = 'lineage-test-0001'): Record<string, unknown> {
  return { version: 4, terraform_version: '1.9.8', serial: 1, lineage, outputs: {}, resources, check_results: null };
}

describe('terraform-state source: shapes Terraform writes', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweep-tfstate-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a state whose keys are sorted (`jq -S`: version after resources)', async () => {
    const text = await readFile(join(root, fixtures, 'estate/staging.json'), 'utf8');
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const sorted = Object.fromEntries(Object.keys(parsed).sort().map((key) => [key, parsed[key]]));
    await writeFile(join(dir, 'sorted.json'), JSON.stringify(sorted, null, 2));
    const [document] = await readAll(join(dir, 'sorted.json'));
    expect(Object.keys(sorted).at(-1)).toBe('version');
    expect(document.scope).toBe('terraform:0c9d8e7f-6a5b-4c3d-2e1f-a0b9c8d7e6f5');
    expect(document.resources.map((resource) => resource.type)).toEqual(['aws:s3/bucket:Bucket']);
  });

  it('still rejects a wrong version that comes after the resources', async () => {
    await writeFile(join(dir, 'late.json'), JSON.stringify({ lineage: 'x', resources: [], version: 5 }));
    const error = await readError(join(dir, 'late.json'));
    expect(error.code).toBe('source-unsupported-version');
  });

  it('reads stdin', async () => {
    const text = await readFile(join(root, fixtures, 'estate/staging.json'));
    const stdin = Readable.from([text.subarray(0, 100), text.subarray(100)]);
    const [document] = await readAll('-', { stdin });
    expect(document.origin).toBe('stdin');
    expect(document.resources[0].key).toBe('terraform:0c9d8e7f-6a5b-4c3d-2e1f-a0b9c8d7e6f5:aws_s3_bucket.assets');
  });

  it('yields an empty state as an empty document of its scope, so destroyed resources resolve', async () => {
    await writeFile(join(dir, 'empty.tfstate'), JSON.stringify(stateWith([], 'lineage-empty')));
    expect(await readAll(join(dir, 'empty.tfstate'))).toEqual([{ origin: join(dir, 'empty.tfstate'), scope: 'terraform:lineage-empty', resources: [] }]);
  });

  it('falls back to the file name when a state has no lineage', async () => {
    const state = stateWith([instanceOf('aws_ebs_volume', 'scratch', { id: 'vol-1', encrypted: true })]);
    delete state.lineage;
    await writeFile(join(dir, 'payments.tfstate'), JSON.stringify(state));
    const [document] = await readAll(join(dir, 'payments.tfstate'));
    expect(document.resources[0].key).toBe('terraform:payments:aws_ebs_volume.scratch');
  });

  it('skips deposed objects and reads 0.11-era attributes_flat', async () => {
    const state = stateWith([
      instanceOf('aws_ebs_volume', 'old', { id: 'vol-new', encrypted: true }),
      {
        mode: 'managed',
        type: 'aws_security_group',
        name: 'legacy',
        provider: 'provider.aws',
        instances: [
          {
            schema_version: 1,
            attributes_flat: { id: 'sg-1', 'ingress.#': '1', 'ingress.2541437006.from_port': '22', 'ingress.2541437006.to_port': '22', 'ingress.2541437006.protocol': 'tcp', 'ingress.2541437006.cidr_blocks.#': '1', 'ingress.2541437006.cidr_blocks.0': '0.0.0.0/0', 'tags.%': '1', 'tags.Name': 'legacy' },
          },
        ],
      },
    ]);
    (state.resources as { instances: unknown[] }[])[0].instances.push({ schema_version: 0, deposed: '00000001', attributes: { id: 'vol-old', encrypted: false } });
    await writeFile(join(dir, 'legacy.tfstate'), JSON.stringify(state));
    const [document] = await readAll(join(dir, 'legacy.tfstate'));
    expect(document.resources.map((resource) => resource.nativeId)).toEqual(['vol-new', 'sg-1']);
    expect(document.resources[1].props).toMatchObject({ ingress: [{ fromPort: '22', toPort: '22', protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'] }], tags: { Name: 'legacy' } });
  });
});

describe('terraform-state source: batches', () => {
  it('splits a large state into documents of one scope, in order, with every resource once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sweep-tfstate-'));
    try {
      const resources = Array.from({ length: 12_000 }, (_, i) => instanceOf('aws_ebs_volume', `v${i}`, { id: `vol-${i}`, encrypted: i % 2 === 0, availability_zone: 'eu-west-1a' }));
      await writeFile(join(dir, 'big.tfstate'), JSON.stringify(stateWith(resources, 'lineage-big'), null, 2));
      const documents = await readAll(join(dir, 'big.tfstate'));
      expect(documents.length).toBeGreaterThanOrEqual(3);
      expect(new Set(documents.map((document) => document.scope))).toEqual(new Set(['terraform:lineage-big']));
      const keys = documents.flatMap((document) => document.resources.map((resource) => resource.key));
      expect(keys).toHaveLength(12_000);
      expect(new Set(keys).size).toBe(12_000);
      expect(keys[11_999]).toBe('terraform:lineage-big:aws_ebs_volume.v11999');
      const small = await readAll(join(dir, 'big.tfstate'), {}, { batchSize: 1_000 });
      expect(small.map((document) => document.resources.length)).toEqual(Array(12).fill(1_000));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('terraform-state source: errors name the file and what to do', () => {
  it('reports a missing file', async () => {
    const error = await readError(`${fixtures}/nope.tfstate`);
    expect(error.code).toBe('source-not-found');
    expect(error.message).toContain('nope.tfstate');
  });

  it('reports bad JSON with its line, column and byte offset', async () => {
    const error = await readError(`${fixtures}/invalid/bad-json.tfstate`);
    expect(error.code).toBe('source-invalid-json');
    expect(error.message).toMatch(/^invalid JSON in .*bad-json\.tfstate at line 26, column 30 \(byte \d+\): expected a value$/);
  });

  it('reports a truncated file with the byte where it ends', async () => {
    const size = (await readFile(join(root, fixtures, 'invalid/truncated.tfstate'))).length;
    const error = await readError(`${fixtures}/invalid/truncated.tfstate`);
    expect(error.code).toBe('source-truncated');
    expect(error.message).toContain(`truncated.tfstate: the JSON ends unexpectedly at byte ${size}`);
    expect(error.message).toContain('looks truncated');
    expect(error.hint).toContain('terraform state pull');
  });

  it('reports a truncated stdin stream too', async () => {
    const text = await readFile(join(root, fixtures, 'invalid/truncated.tfstate'));
    const error = await readError('-', { stdin: Readable.from([text]) });
    expect(error.message).toContain('stdin: the JSON ends unexpectedly');
  });

  it('reports bad JSON on stdin with the byte range it is in', async () => {
    const text = await readFile(join(root, fixtures, 'invalid/bad-json.tfstate'));
    const error = await readError('-', { stdin: Readable.from([text.subarray(0, 500), text.subarray(500)]) });
    expect(error.code).toBe('source-invalid-json');
    expect(error.message).toBe(`invalid JSON in stdin at bytes 500–${text.length}: expected a value`);
  });

  it('rejects state format version 3 and says how to get version 4', async () => {
    const error = await readError(`${fixtures}/invalid/v3.tfstate`);
    expect(error.code).toBe('source-unsupported-version');
    expect(error.message).toMatch(/v3\.tfstate: unsupported Terraform state version 3/);
    expect(error.hint).toContain('terraform state pull');
    expect(error.hint).toContain('0.12');
  });

  it('recognises `terraform show -json` output', async () => {
    const error = await readError(`${fixtures}/invalid/show.json`);
    expect(error.message).toContain('is `terraform show -json` output');
  });

  it('rejects two copies of the same state in one read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sweep-tfstate-'));
    try {
      const text = await readFile(join(root, fixtures, 'estate/staging.json'), 'utf8');
      await writeFile(join(dir, 'a.tfstate'), text);
      await writeFile(join(dir, 'b.tfstate'), text);
      const error = await readError(dir);
      expect(error.code).toBe('source-duplicate-state');
      expect(error.message).toContain('b.tfstate is the same Terraform state as');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the broken resource in a malformed entry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sweep-tfstate-'));
    try {
      await writeFile(join(dir, 's.tfstate'), JSON.stringify(stateWith([{ mode: 'managed', type: 'aws_s3_bucket', name: 'b', instances: 'nope' }])));
      const error = await readError(join(dir, 's.tfstate'));
      expect(error.message).toMatch(/s\.tfstate: resource aws_s3_bucket\.b has "instances" that is not an array/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
