/** `scan --repo`: each resource of a state points at the `.tf` file and line that declares it. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IacLocation, SourceDocument } from '../../src/sources/resource.ts';
import type { SourceContext } from '../../src/sources/source.ts';
import { moduleCalls } from '../../src/sources/terraform-state/address.ts';
import { indexRepo, readTerraformState } from '../../src/sources/terraform-state/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = 'test/fixtures/sources/terraform-state';
const repo = join(root, fixtures, 'repo');

describe('terraform-state source: --repo', () => {
  let documents: SourceDocument[];
  let iacOf: (address: string) => IacLocation;

  beforeAll(async () => {
    documents = [];
    const context: SourceContext = { cwd: root, repo: `${fixtures}/repo` };
    for await (const document of readTerraformState(`${fixtures}/estate`, context)) documents.push(document);
    const resources = documents.flatMap((document) => document.resources);
    iacOf = (address) => {
      const found = resources.find((resource) => resource.key.endsWith(`:${address}`));
      if (!found) throw new Error(`no resource ${address}`);
      return found.iac;
    };
  });

  it('finds root resources, whatever the spacing and quoting of the block header', () => {
    expect(iacOf('aws_s3_bucket.data')).toEqual({ kind: 'terraform', project: 'root', repo, path: 'main.tf', line: 16 });
    expect(iacOf('aws_s3_bucket.logs')).toMatchObject({ path: 'main.tf', line: 21 });
    expect(iacOf('aws_security_group.bastion[0]')).toMatchObject({ path: 'main.tf', line: 25 });
    expect(iacOf('aws_db_instance.orders')).toMatchObject({ path: 'database.tf', line: 2 });
  });

  it('follows local module sources into their folder', () => {
    expect(iacOf('module.vpc.aws_security_group.this')).toEqual({
      kind: 'terraform',
      project: 'module.vpc',
      repo,
      path: 'modules/vpc/main.tf',
      line: 16,
    });
    expect(iacOf('module.vpc.aws_subnet.private["a"]')).toMatchObject({ path: 'modules/vpc/main.tf', line: 9 });
    // A one-line module block: module "gcp" { source = "./modules/gcp" }.
    expect(iacOf('module.gcp.google_storage_bucket.assets')).toMatchObject({ path: 'modules/gcp/main.tf', line: 1 });
  });

  it('leaves the path out for what the repository does not declare', () => {
    expect(iacOf('aws_s3_bucket.trail')).toEqual({ kind: 'terraform', project: 'root', repo });
  });

  it('prefers the repository root over other root modules, and finds what only they declare', () => {
    expect(iacOf('aws_s3_bucket.data')).toMatchObject({ path: 'main.tf' });
    expect(iacOf('aws_s3_bucket.assets')).toMatchObject({ path: 'envs/staging/main.tf', line: 6 });
  });

  it('records no location without --repo', async () => {
    for await (const document of readTerraformState(`${fixtures}/estate/staging.json`, { cwd: root })) {
      expect(document.resources[0].iac).toEqual({ kind: 'terraform', project: 'root' });
    }
  });
});

describe('terraform-state repo index', () => {
  it('skips .terraform/ copies, comments and registry modules; resolves ../ sources; tolerates nested modules', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sweep-tf-repo-'));
    try {
      await mkdir(join(dir, 'envs/prod'), { recursive: true });
      await mkdir(join(dir, 'modules/app/modules/db'), { recursive: true });
      await mkdir(join(dir, '.terraform/modules/app'), { recursive: true });
      await writeFile(
        join(dir, 'envs/prod/main.tf'),
        ['module "app" {', '  source = "../../modules/app"', '  settings = { a = "{" }', '}', '', 'module "dns" {', '  source = "git::https://example.com/dns.git"', '}', ''].join('\n'),
      );
      await writeFile(
        join(dir, 'modules/app/main.tf'),
        ['# resource "aws_db_instance" "main" {', 'module "db" {', '  source = "./modules/db"', '}', ''].join('\n'),
      );
      await writeFile(join(dir, 'modules/app/modules/db/db.tf'), ['', '', 'resource "aws_db_instance" "main" {', '}', ''].join('\n'));
      await writeFile(join(dir, '.terraform/modules/app/main.tf'), 'resource "aws_db_instance" "main" {\n}\n');
      const index = await indexRepo(dir);
      expect(index.locate(['app', 'db'], 'aws_db_instance', 'main')).toEqual({ path: 'modules/app/modules/db/db.tf', line: 3 });
      expect(index.locate(['app'], 'aws_db_instance', 'main')).toBeUndefined();
      expect(index.locate(['dns'], 'aws_route53_zone', 'this')).toBeUndefined();
      expect(index.locate([], 'aws_db_instance', 'main')).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('terraform-state module addresses', () => {
  it('reads the module calls of an address, index keys dropped', () => {
    expect(moduleCalls('')).toEqual([]);
    expect(moduleCalls('module.vpc')).toEqual(['vpc']);
    expect(moduleCalls('module.app["eu.west"].module.db[0]')).toEqual(['app', 'db']);
    expect(moduleCalls('module.app["a]b"].module.db')).toEqual(['app', 'db']);
  });
});
