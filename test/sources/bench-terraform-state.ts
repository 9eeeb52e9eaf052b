/**
 * Import throughput and peak memory for a ~1 GB Terraform state (not a test: timings belong in
 * benchmarks). Writes the state to /tmp with a streaming writer (the generator never holds it),
 * then imports it in a fresh process and prints resources/s and peak RSS.
 *
 *   node --import tsx test/sources/bench-terraform-state.ts [resources=1000000]
 *   node --import tsx test/sources/bench-terraform-state.ts measure <state.tfstate>
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readTerraformState } from '../../src/sources/terraform-state/index.ts';

const AWS = 'provider["registry.terraform.io/hashicorp/aws"]';
const ACCOUNT = '111122223333';

function rule(from: number, to: number, cidr: string) {
  return { cidr_blocks: [cidr], description: '', from_port: from, ipv6_cidr_blocks: [], prefix_list_ids: [], protocol: 'tcp', security_groups: [], self: false, to_port: to };
}

/** The i-th resource block: security groups, buckets with companions, volumes, DB instances, in modules and counts. */
export function syntheticEntry(i: number): Record<string, unknown> {
  const region = i % 3 === 0 ? 'us-east-1' : 'eu-west-1';
  const module = i % 4 === 0 ? `module.svc_${i % 97}` : undefined;
  const tags = { team: `team-${i % 40}` };
  const tagsAll = { ...tags, 'managed-by': 'terraform' };
  const base = { ...(module ? { module } : {}), mode: 'managed', provider: AWS };
  const instance = (attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    schema_version: 1,
    attributes,
    sensitive_attributes: [],
    private: 'eyJzY2hlbWFfdmVyc2lvbiI6IjEifQ==',
    ...extra,
  });
  switch (i % 4) {
    case 0:
      return {
        ...base,
        type: 'aws_security_group',
        name: `sg_${i}`,
        instances: [
          instance({
            arn: `arn:aws:ec2:${region}:${ACCOUNT}:security-group/sg-${i.toString(16).padStart(17, '0')}`,
            description: `svc-${i}`,
            id: `sg-${i.toString(16).padStart(17, '0')}`,
            ingress: [i % 50 === 0 ? rule(22, 22, '0.0.0.0/0') : rule(443, 443, '10.0.0.0/8')],
            name: `svc-${i}`,
            name_prefix: '',
            owner_id: ACCOUNT,
            region,
            revoke_rules_on_delete: false,
            tags,
            tags_all: tagsAll,
            timeouts: null,
            vpc_id: 'vpc-0a1b2c3d4e5f60718',
          }),
        ],
      };
    case 1:
      return {
        ...base,
        type: 'aws_s3_bucket',
        name: `data_${i}`,
        instances: [
          instance({
            arn: `arn:aws:s3:::svc-${i}-data`,
            bucket: `svc-${i}-data`,
            force_destroy: false,
            id: `svc-${i}-data`,
            region,
            server_side_encryption_configuration: [
              { rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: '', sse_algorithm: 'AES256' }], bucket_key_enabled: false }] },
            ],
            tags,
            tags_all: tagsAll,
            versioning: [{ enabled: false, mfa_delete: false }],
          }),
        ],
      };
    case 2:
      // count = 2: two instances of one block.
      return {
        ...base,
        type: 'aws_ebs_volume',
        name: `data_${i}`,
        instances: [0, 1].map((index) =>
          instance(
            {
              arn: `arn:aws:ec2:${region}:${ACCOUNT}:volume/vol-${i}-${index}`,
              availability_zone: `${region}a`,
              encrypted: i % 3 !== 0,
              id: `vol-${i}-${index}`,
              iops: 3000,
              kms_key_id: '',
              size: 100,
              snapshot_id: '',
              tags,
              tags_all: tagsAll,
              throughput: 125,
              type: 'gp3',
            },
            { index_key: index },
          ),
        ),
      };
    default:
      return {
        ...base,
        type: 'aws_db_instance',
        name: `db_${i}`,
        instances: [
          instance(
            {
              arn: `arn:aws:rds:${region}:${ACCOUNT}:db:svc-${i}`,
              backup_retention_period: i % 5,
              deletion_protection: i % 2 === 0,
              engine: 'postgres',
              id: `db-${i}`,
              identifier: `svc-${i}`,
              instance_class: 'db.t3.medium',
              multi_az: false,
              password: `synthetic-password-${i}`,
              publicly_accessible: i % 7 === 0,
              storage_encrypted: i % 3 !== 0,
              tags,
              tags_all: tagsAll,
            },
            { sensitive_attributes: [[{ type: 'get_attr', value: 'password' }]] },
          ),
        ],
      };
  }
}

/** Writes a state of `count` resource instances the way Terraform formats it, respecting backpressure. */
async function writeState(file: string, count: number): Promise<number> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('{\n  "version": 4,\n  "terraform_version": "1.9.8",\n  "serial": 1,\n  "lineage": "bench-0000-lineage",\n  "outputs": {},\n  "resources": [\n');
  let instances = 0;
  for (let i = 0; instances < count; i++) {
    const entry = syntheticEntry(i);
    instances += (entry.instances as unknown[]).length;
    const text = JSON.stringify(entry, null, 2).replace(/\n/g, '\n    ');
    await write(`${i === 0 ? '' : ',\n'}    ${text}`);
  }
  await write('\n  ],\n  "check_results": null\n}\n');
  out.end();
  await once(out, 'finish');
  return instances;
}

async function measure(file: string): Promise<void> {
  const { size } = await stat(file);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let resources = 0;
  let documents = 0;
  for await (const document of readTerraformState(file, { cwd: process.cwd() })) {
    resources += document.resources.length;
    documents++;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  // CPU time too: on a shared machine wall time measures the neighbours as much as the import.
  console.log(
    `${resources.toLocaleString('en')} resources in ${documents} documents from ${(size / 1e9).toFixed(2)} GB: ` +
      `${seconds.toFixed(1)} s wall (${Math.round(resources / seconds).toLocaleString('en')} resources/s, ` +
      `${(size / 1e6 / seconds).toFixed(0)} MB/s), ${cpuSeconds.toFixed(1)} s CPU ` +
      `(${Math.round(resources / cpuSeconds).toLocaleString('en')} resources/CPU-s), peak RSS ${peakRssMb.toFixed(0)} MB`,
  );
}

async function main(): Promise<void> {
  const [mode, arg] = process.argv.slice(2);
  if (mode === 'measure') return measure(arg);
  const count = Number(mode ?? 1_000_000);
  const dir = await mkdtemp(join(tmpdir(), 'sweep-bench-tfstate-'));
  const file = join(dir, 'estate.tfstate');
  try {
    const started = performance.now();
    const written = await writeState(file, count);
    const { size } = await stat(file);
    console.log(`wrote ${written.toLocaleString('en')} instances, ${(size / 1e9).toFixed(2)} GB in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    // Measure in a fresh process: the generator's garbage and RSS would otherwise count against the import.
    spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'measure', file], { stdio: 'inherit' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
