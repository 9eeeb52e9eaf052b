/**
 * Synthetic Pulumi estate for benchmarks: `generateEstate` writes one or more real
 * `pulumi stack export` files (deployment version 3) with a realistic mix of AWS resources, about
 * `violatingShare` of them misconfigured in ways the standard rules catch. Deterministic from the
 * seed (its own PRNG, a fixed clock) and streamed, so a million resources fit in a few hundred MB.
 *
 * What counts: `resources` is the number of resources the caller asked for, excluding each stack's
 * `pulumi:pulumi:Stack` root and its default `pulumi:providers:aws` provider (two more per file).
 * A resource counts as misconfigured when one of these holds (test/scripts/estate.test.ts checks
 * the files against exactly this list):
 *   - aws:s3/bucket:Bucket without a BucketServerSideEncryptionConfiguration, BucketVersioning,
 *     BucketPublicAccessBlock or BucketLogging companion (matched by its `bucket` input) in its stack
 *   - aws:ec2/securityGroup:SecurityGroup with an ingress block open to 0.0.0.0/0 or ::/0 on 22,
 *     3389 or all ports; aws:vpc/securityGroupIngressRule with cidrIpv4 0.0.0.0/0 on 22 or 3389
 *   - aws:ebs/volume:Volume with `encrypted` false
 *   - aws:ec2/instance:Instance whose metadataOptions.httpTokens is not "required" (or absent)
 *   - aws:rds/instance:Instance unencrypted, publicly accessible, or keeping under 7 days of backups
 *   - aws:iam/policy:Policy allowing Action "*" on Resource "*"
 *   - aws:kms/key:Key with enableKeyRotation false
 *   - aws:cloudtrail/trail:Trail without log file validation or not multi-region
 * Route tables, subnets, lambdas, roles, log groups and aliases are never misconfigured, so the
 * share has a ceiling (~0.5 with the default mix); larger requests are clamped to it.
 *
 * Existing files in `outDir` are overwritten when their name comes up again and otherwise left alone.
 *
 * CLI: node --import tsx scripts/estate/generate.ts --resources N --out <dir> [--stacks S] [--seed X] [--share 0.3]
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { KINDS } from './kinds/index.ts';
import type { StackContext, UnitKind } from './model.ts';
import { createRng, deriveSeed, type Rng } from './prng.ts';
import { openStack } from './writer.ts';

export interface EstateOptions {
  /** Resources to generate across all stacks (stack roots and providers not counted). */
  resources: number;
  /** Directory the export files go to (created if missing). */
  outDir: string;
  /** @defaultValue 1 */
  stacks?: number;
  /** @defaultValue 1 */
  seed?: number;
  /** Fraction of resources to misconfigure. @defaultValue 0.3 */
  violatingShare?: number;
}

export interface EstateResult {
  files: string[];
  /** Resources written, stack roots and providers excluded (always equals the request). */
  resources: number;
  /** Of those, how many were misconfigured on purpose. */
  violating: number;
  byType: Record<string, number>;
  bytes: number;
  ms: number;
}

const PROJECTS = [
  'payments-api', 'ledger', 'checkout-web', 'fraud-detection', 'data-platform', 'identity', 'notifications', 'billing',
  'reporting', 'merchant-portal', 'payouts', 'kyc-service', 'search', 'webhooks', 'risk-engine', 'settlement',
];
const ENVS = ['prod', 'staging', 'dev'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const SERVICES = [
  'payments', 'ledger', 'checkout', 'billing', 'auth', 'search', 'notify', 'orders', 'inventory', 'reporting', 'fraud',
  'kyc', 'payouts', 'gateway', 'webhooks', 'risk', 'settle', 'disputes', 'fx', 'tokens',
];
const TEAMS = [
  ['payments', 'CC-2300'], ['platform', 'CC-1100'], ['data', 'CC-3100'], ['security', 'CC-4000'], ['growth', 'CC-5200'], ['risk', 'CC-2600'],
] as const;
/** Deployments per stack: resources share the timestamps of the update that created them. */
const DEPLOYS = 24;
const EPOCH = Date.UTC(2023, 0, 2, 9, 0, 0);
const DAY = 86_400_000;

/**
 * Probability that a unit is misconfigured so that, in expectation, `share` of all resources are.
 * Per unit of weight w: resources w·(g + p·(b − g)), misconfigured w·p·v; solve share = ratio.
 */
export function unitViolationProbability(kinds: readonly UnitKind[], share: number): number {
  if (share <= 0) return 0;
  let good = 0;
  let delta = 0;
  let violating = 0;
  for (const k of kinds) {
    good += k.weight * k.goodSize;
    delta += k.weight * (k.badSize - k.goodSize);
    violating += k.weight * k.badViolating;
  }
  return Math.min(1, (share * good) / (violating - share * delta));
}

function picker(kinds: readonly UnitKind[]): (rng: Rng) => UnitKind {
  const total = kinds.reduce((s, k) => s + k.weight, 0);
  const cumulative = kinds.map(((acc) => (k: UnitKind) => (acc += k.weight / total))(0));
  return (rng) => {
    const x = rng.next();
    for (let i = 0; i < kinds.length; i++) if (x < cumulative[i]) return kinds[i];
    return kinds[kinds.length - 1];
  };
}

function stackIdentity(index: number): { project: string; stack: string } {
  const project = PROJECTS[index % PROJECTS.length];
  const round = Math.floor(index / (PROJECTS.length * ENVS.length));
  return {
    project: round === 0 ? project : `${project}-${round + 1}`,
    stack: ENVS[Math.floor(index / PROJECTS.length) % ENVS.length],
  };
}

function stackContext(seed: number, index: number, accounts: Record<string, string>): StackContext {
  const rng = createRng(deriveSeed(seed, index));
  const { project, stack } = stackIdentity(index);
  const region = rng.pick(REGIONS);
  const account = accounts[stack];
  const [team, costCenter] = rng.pick(TEAMS);
  const azs = ['a', 'b', 'c'].map((z) => region + z);
  return {
    rng,
    project,
    stack,
    region,
    account,
    urnPrefix: `urn:pulumi:${stack}::${project}::`,
    team,
    costCenter,
    owner: `${team}-team@acme.example`,
    shared: {
      kmsKeyArn: `arn:aws:kms:${region}:${account}:key/${rng.uuid()}`,
      vpcId: `vpc-${rng.hex(17)}`,
      subnetIds: azs.map(() => `subnet-${rng.hex(17)}`),
      azs,
      accessLogBucket: `acme-${stack}-${region}-access-logs`,
      trailBucket: `acme-${stack}-cloudtrail`,
      instanceProfile: `${project}-${stack}-app`,
    },
  };
}

export async function generateEstate(options: EstateOptions): Promise<EstateResult> {
  const started = performance.now();
  const { resources, outDir } = options;
  const stacks = options.stacks ?? 1;
  const seed = options.seed ?? 1;
  const share = options.violatingShare ?? 0.3;
  if (!Number.isInteger(resources) || resources < 0) throw new RangeError(`resources must be a non-negative integer, got ${resources}`);
  if (!Number.isInteger(stacks) || stacks < 1) throw new RangeError(`stacks must be a positive integer, got ${stacks}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!(share >= 0 && share <= 1)) throw new RangeError(`violatingShare must be within [0, 1], got ${share}`);
  await mkdir(outDir, { recursive: true });

  const seedRng = createRng(seed);
  const accounts = Object.fromEntries(ENVS.map((env) => [env, String(100_000_000_000 + (seedRng.u32() % 800_000_000) * 1000 + seedRng.int(0, 999))]));
  const p = unitViolationProbability(KINDS, share);
  const pickUnit = picker(KINDS);
  const pickSingle = picker(KINDS.filter((k) => k.maxSize === 1));

  const result: EstateResult = { files: [], resources: 0, violating: 0, byType: {}, bytes: 0, ms: 0 };
  for (let s = 0; s < stacks; s++) {
    const count = Math.floor(resources / stacks) + (s < resources % stacks ? 1 : 0);
    const ctx = stackContext(seed, s, accounts);
    const { rng } = ctx;
    const start = EPOCH + rng.int(0, 400) * DAY;
    const deploys = Array.from({ length: DEPLOYS }, (_, i) => new Date(start + i * 3 * DAY + rng.int(0, 36_000_000)).toISOString());
    const services = Array.from({ length: rng.int(3, 6) }, () => rng.pick(SERVICES));

    const file = join(outDir, `${ctx.project}.${ctx.stack}.json`);
    const writer = await openStack(file, ctx, deploys[0], deploys[DEPLOYS - 1]);
    let written = 0;
    let line = 8;
    for (let n = 0; written < count; n++) {
      let kind = pickUnit(rng);
      if (kind.maxSize > count - written) kind = pickSingle(rng);
      const unit = kind.build(ctx, { service: rng.pick(services), n, violate: rng.chance(p) });
      const deploy = Math.floor((written * DEPLOYS) / Math.max(count, 1));
      const created = deploys[deploy];
      const modified = deploys[Math.min(DEPLOYS - 1, deploy + (rng.chance(0.2) ? rng.int(1, 4) : 0))];
      for (const r of unit) {
        line += rng.int(4, 16);
        await writer.add(r, created, modified, line);
        if (r.violating) result.violating++;
        result.byType[r.type] = (result.byType[r.type] ?? 0) + 1;
      }
      written += unit.length;
    }
    const { bytes } = await writer.close();
    result.files.push(file);
    result.resources += written;
    result.bytes += bytes;
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        resources: { type: 'string' },
        out: { type: 'string' },
        stacks: { type: 'string' },
        seed: { type: 'string' },
        share: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const usage = 'usage: node --import tsx scripts/estate/generate.ts --resources N --out <dir> [--stacks S] [--seed X] [--share 0.3]\n';
  const resources = Number(values.resources);
  if (!values.out || !Number.isInteger(resources) || resources < 0) {
    process.stderr.write(usage);
    return 2;
  }
  try {
    const result = await generateEstate({
      resources,
      outDir: resolve(values.out),
      stacks: values.stacks === undefined ? undefined : Number(values.stacks),
      seed: values.seed === undefined ? undefined : Number(values.seed),
      violatingShare: values.share === undefined ? undefined : Number(values.share),
    });
    const { files, bytes, ms, violating } = result;
    process.stdout.write(`${JSON.stringify({ files, resources: result.resources, violating, bytes, ms })}\n`);
    return 0;
  } catch (error) {
    if (error instanceof RangeError) {
      process.stderr.write(`${error.message}\n${usage}`);
      return 2;
    }
    process.stderr.write(`estate generation failed: ${(error as Error).message}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
