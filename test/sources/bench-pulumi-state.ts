/**
 * Mapping throughput for a synthetic 100k-resource stack export (not a test: timings belong in
 * benchmarks). Run: node --import tsx test/sources/bench-pulumi-state.ts [resources]
 * (or `… measure <export.json>` for an export you already have).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mapDeployment, readPulumiState, type DeploymentResource, type StackExport } from '../../src/sources/pulumi-state/index.ts';

const SECRET = { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', ciphertext: 'v1:abc:def' };

/** A stack shaped like a large real one: components, two providers, nested inputs, some secrets. */
export function syntheticExport(count: number): StackExport {
  const prefix = 'urn:pulumi:prod::estate::';
  const stackUrn = `${prefix}pulumi:pulumi:Stack::estate-prod`;
  const providers = ['eu-west-1', 'us-east-1'].map((region) => ({
    urn: `${prefix}pulumi:providers:aws::${region}`,
    custom: true,
    id: `id-${region}`,
    type: 'pulumi:providers:aws',
    inputs: { region, version: '7.48.0' },
    outputs: { region, version: '7.48.0' },
    parent: stackUrn,
  }));
  const resources: DeploymentResource[] = [{ urn: stackUrn, custom: false, type: 'pulumi:pulumi:Stack' }, ...providers];
  for (let i = 0; resources.length < count; i++) {
    const component = `${prefix}acme:app:Service::svc-${i}`;
    const provider = providers[i % 2];
    const region = provider.inputs.region;
    const position = (line: number) => `project:///services/svc-${i % 50}.ts#${line},7`;
    resources.push(
      { urn: component, custom: false, type: 'acme:app:Service', parent: stackUrn, sourcePosition: position(3) },
      {
        urn: `${prefix}acme:app:Service$aws:s3/bucket:Bucket::svc-${i}-data`,
        custom: true,
        id: `svc-${i}-data-a1b2c3`,
        type: 'aws:s3/bucket:Bucket',
        inputs: { bucket: `svc-${i}-data-a1b2c3`, forceDestroy: false, tags: { team: `team-${i % 40}`, env: 'prod', service: `svc-${i}` } },
        outputs: { arn: `arn:aws:s3:::svc-${i}-data-a1b2c3`, bucket: `svc-${i}-data-a1b2c3`, region },
        parent: component,
        provider: `${provider.urn}::${provider.id}`,
        sourcePosition: position(10),
      },
      {
        urn: `${prefix}acme:app:Service$aws:ec2/securityGroup:SecurityGroup::svc-${i}-sg`,
        custom: true,
        id: `sg-${i.toString(16).padStart(17, '0')}`,
        type: 'aws:ec2/securityGroup:SecurityGroup',
        inputs: {
          description: `svc-${i}`,
          ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['10.0.0.0/8'] }],
          egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }],
          tags: { team: `team-${i % 40}` },
        },
        outputs: { arn: `arn:aws:ec2:${region}:111122223333:security-group/sg-${i}` },
        parent: component,
        provider: `${provider.urn}::${provider.id}`,
        sourcePosition: position(20),
      },
      {
        urn: `${prefix}acme:app:Service$aws:rds/instance:Instance::svc-${i}-db`,
        custom: true,
        id: `svc-${i}-db`,
        type: 'aws:rds/instance:Instance',
        inputs: { engine: 'postgres', instanceClass: 'db.t3.medium', password: SECRET, storageEncrypted: i % 3 !== 0, tags: { team: `team-${i % 40}` } },
        outputs: { arn: `arn:aws:rds:${region}:111122223333:db:svc-${i}-db` },
        parent: component,
        provider: `${provider.urn}::${provider.id}`,
        sourcePosition: position(30),
      },
    );
  }
  resources.length = count;
  return { version: 3, deployment: { manifest: { time: new Date().toISOString(), magic: '', version: 'v3.248.0' }, resources } };
}

/** Reads one export the way a scan does (file → documents) and maps a second parse on its own, three times. */
async function measure(file: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  for (let run = 1; run <= 3; run++) {
    let started = performance.now();
    let resources = 0;
    for await (const document of readPulumiState(file, { cwd: dirname(file) })) resources += document.resources.length;
    const endToEndMs = performance.now() - started;
    started = performance.now();
    const parsed = JSON.parse(text) as StackExport;
    const parseMs = performance.now() - started;
    started = performance.now();
    mapDeployment(parsed.deployment, { origin: file, source: 'pulumi-state' });
    const mapMs = performance.now() - started;
    console.log(
      `run ${run}${run === 1 ? ' (cold process)' : ''}: ${resources} resources, ${(text.length / 1e6).toFixed(1)} MB; ` +
        `file → documents ${endToEndMs.toFixed(0)} ms; JSON.parse ${parseMs.toFixed(0)} ms + map ${mapMs.toFixed(0)} ms ` +
        `(${Math.round(resources / (mapMs / 1000)).toLocaleString('en')} resources/s mapped)`,
    );
  }
}

async function main(): Promise<void> {
  const [mode, arg] = process.argv.slice(2);
  if (mode === 'measure') return measure(arg);
  const count = Number(mode ?? 100_000);
  const dir = await mkdtemp(join(tmpdir(), 'sweep-bench-'));
  const file = join(dir, 'estate-prod.json');
  try {
    await writeFile(file, JSON.stringify(syntheticExport(count)));
    // Measure in a fresh process: the generator's garbage would otherwise be collected on our clock.
    spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'measure', file], { stdio: 'inherit' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
