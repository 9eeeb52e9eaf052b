/**
 * The pulumi-state source streams exports: bounded documents of one scope, the same resources a
 * parsed export maps to, and errors that say where a file breaks. Memory and speed are measured
 * in scripts/bench/import.ts, not here.
 */
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate } from '../../scripts/estate/generate.ts';
import { isSweepError, type SweepError } from '../../src/errors.ts';
import { DEFAULT_BATCH_SIZE, mapStackExport, pulumiStateSource, readPulumiState } from '../../src/sources/pulumi-state/index.ts';
import type { SourceDocument } from '../../src/sources/resource.ts';
import type { SourceContext } from '../../src/sources/source.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sweep-pulumi-stream-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readAll(target: string, context: SourceContext = { cwd: dir }, batchSize?: number): Promise<SourceDocument[]> {
  const documents: SourceDocument[] = [];
  for await (const document of readPulumiState(target, context, { batchSize })) documents.push(document);
  return documents;
}

/** The error a read ends with, and the documents it yielded before it. */
async function readUntilError(target: string, context: SourceContext = { cwd: dir }): Promise<{ error: SweepError; before: SourceDocument[] }> {
  const before: SourceDocument[] = [];
  try {
    for await (const document of pulumiStateSource.read(target, context)) before.push(document);
  } catch (error) {
    if (isSweepError(error)) return { error, before };
    throw error;
  }
  throw new Error(`expected ${target} to fail`);
}

async function writeJson(name: string, value: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(value));
  return path;
}

const prefix = 'urn:pulumi:dev::shop::';
const stackEntry = { urn: `${prefix}pulumi:pulumi:Stack::shop-dev`, custom: false, type: 'pulumi:pulumi:Stack' };

function bucket(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { urn: `${prefix}aws:s3/bucket:Bucket::${name}`, custom: true, id: name, type: 'aws:s3/bucket:Bucket', inputs: { bucket: name }, ...extra };
}

describe('pulumi-state streaming: a generated export of 12,000 resources', () => {
  let file: string;
  let text: string;
  let documents: SourceDocument[];

  beforeAll(async () => {
    const estate = await generateEstate({ resources: 12_000, seed: 3, outDir: join(dir, 'estate') });
    file = estate.files[0];
    text = await readFile(file, 'utf8');
    documents = await readAll(file);
  });

  it('yields at least three consecutive documents of one scope, each within the batch size', () => {
    expect(documents.length).toBeGreaterThanOrEqual(3);
    expect(new Set(documents.map((document) => document.scope)).size).toBe(1);
    for (const document of documents) {
      expect(document.origin).toBe(file);
      expect(document.resources.length).toBeGreaterThan(0);
      expect(document.resources.length).toBeLessThanOrEqual(DEFAULT_BATCH_SIZE);
      expect(document.stack).toEqual(documents[0].stack);
    }
  });

  it('gives the same resources, in the same order, as mapping the parsed export', () => {
    const [parsed] = mapStackExport(JSON.parse(text), { origin: file });
    const streamed = documents.flatMap((document) => document.resources);
    expect(streamed.map((resource) => resource.key)).toEqual(parsed.resources.map((resource) => resource.key));
    expect(streamed).toEqual(parsed.resources);
    expect(documents[0].scope).toBe(parsed.scope);
  });

  it('reads the same export from stdin in small chunks', async () => {
    const bytes = Buffer.from(text);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 4099) }, (_, i) => bytes.subarray(i * 4099, (i + 1) * 4099));
    const fromStdin = await readAll('-', { cwd: dir, stdin: Readable.from(chunks) });
    expect(fromStdin.every((document) => document.origin === 'stdin')).toBe(true);
    expect(fromStdin.flatMap((d) => d.resources.map((r) => r.key))).toEqual(documents.flatMap((d) => d.resources.map((r) => r.key)));
  });

  it('calls an export cut off mid-resources truncated, naming the file and the byte where it ends', async () => {
    const cut = join(dir, 'cut.json');
    await writeFile(cut, text);
    const size = Math.floor(Buffer.byteLength(text) * 0.7);
    await truncate(cut, size);
    const { error, before } = await readUntilError(cut);
    expect(error.code).toBe('source-truncated');
    expect(error.message).toContain(cut);
    expect(error.message).toContain(`byte ${size}`);
    expect(error.message).toMatch(/looks truncated/);
    expect(error.hint).toMatch(/pulumi stack export/);
    // The batches read before the cut went out; the scan fails as a whole before it commits.
    expect(before.length).toBeGreaterThan(0);
  });
});

describe('pulumi-state streaming: provider regions', () => {
  it('resolves a region from a provider listed before the resource, and falls back to outputs or the ARN for one listed after', async () => {
    const provider = (name: string, region: string) => ({
      urn: `${prefix}pulumi:providers:aws::${name}`,
      custom: true,
      id: `${name}-id`,
      type: 'pulumi:providers:aws',
      inputs: { region },
    });
    const ref = (name: string) => `${prefix}pulumi:providers:aws::${name}::${name}-id`;
    const path = await writeJson('regions.json', {
      version: 3,
      deployment: {
        resources: [
          stackEntry,
          provider('east', 'us-east-1'),
          bucket('early', { provider: ref('east') }),
          bucket('late-arn', { provider: ref('west'), outputs: { arn: 'arn:aws:sqs:ap-south-1:111122223333:q' } }),
          bucket('late-outputs', { provider: ref('west'), outputs: { region: 'ca-central-1' } }),
          bucket('late-bare', { provider: ref('west') }),
          provider('west', 'eu-west-1'),
          bucket('after', { provider: ref('west') }),
        ],
      },
    });
    const [document] = await readAll(path);
    const region = (name: string) => document.resources.find((resource) => resource.name === name)?.region;
    expect(region('early')).toBe('us-east-1');
    expect(region('late-arn')).toBe('ap-south-1');
    expect(region('late-outputs')).toBe('ca-central-1');
    expect(region('late-bare')).toBeUndefined();
    expect(region('after')).toBe('eu-west-1');
  });
});

describe('pulumi-state streaming: envelopes and batches', () => {
  it('reads an export whose version comes after the deployment (keys sorted by jq -S)', async () => {
    const path = join(dir, 'sorted.json');
    await writeFile(path, `{"deployment":{"resources":${JSON.stringify([stackEntry, bucket('logs')])}},"version":4}`);
    const [document] = await readAll(path);
    expect(document.resources.map((resource) => resource.name)).toEqual(['shop-dev', 'logs']);
  });

  it('rejects an unsupported or missing version even when it comes after the resources', async () => {
    const late = join(dir, 'late-v5.json');
    await writeFile(late, `{"deployment":{"resources":${JSON.stringify([stackEntry])}},"version":5}`);
    const unsupported = await readUntilError(late);
    expect(unsupported.error.code).toBe('source-unsupported-version');
    expect(unsupported.error.message).toContain('late-v5.json');
    const missing = await readUntilError(await writeJson('no-version.json', { deployment: { resources: [stackEntry] } }));
    expect(missing.error.code).toBe('source-invalid-export');
    expect(missing.error.message).toContain('"version"');
  });

  it('rejects an unsupported version placed first before mapping any resource', async () => {
    const { error, before } = await readUntilError(await writeJson('v2.json', { version: 2, deployment: { resources: [stackEntry] } }));
    expect(error.code).toBe('source-unsupported-version');
    expect(before).toEqual([]);
  });

  it('rejects a document that is not an export object, and a "resources" that is not an array', async () => {
    const array = await readUntilError(await writeJson('array.json', [stackEntry]));
    expect(array.error.code).toBe('source-invalid-export');
    expect(array.error.message).toContain('expected a JSON object');
    const notArray = await readUntilError(await writeJson('object.json', { version: 3, deployment: { resources: {} } }));
    expect(notArray.error.message).toContain('"resources" is not an array');
  });

  it('names the line, column and byte of a syntax error deep in the file', async () => {
    const resources = Array.from({ length: 2_000 }, (_, i) => JSON.stringify(bucket(`b-${i}`)));
    resources[1_500] = resources[1_500].replace('"custom":true', '"custom":tru');
    const path = join(dir, 'syntax.json');
    await writeFile(path, `{"version":3,"deployment":{"resources":[\n${[JSON.stringify(stackEntry), ...resources].join(',\n')}\n]}}`);
    const { error } = await readUntilError(path);
    expect(error.code).toBe('source-invalid-json');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/line 1503, column \d+ \(byte \d+\)/);
  });

  it('finds a urn repeated in a later batch and names its index', async () => {
    const resources = [stackEntry, ...Array.from({ length: 30 }, (_, i) => bucket(`b-${i}`)), bucket('b-3')];
    const path = await writeJson('repeat.json', { version: 3, deployment: { resources } });
    const documents: SourceDocument[] = [];
    await expect(
      (async () => {
        for await (const document of readPulumiState(path, { cwd: dir }, { batchSize: 10 })) documents.push(document);
      })(),
    ).rejects.toThrow(/resource #31 \(urn urn:pulumi:dev::shop::aws:s3\/bucket:Bucket::b-3\) repeats a urn/);
    expect(documents.length).toBe(3);
  });

  it('keeps the documents of each stack of a hand-merged export consecutive', async () => {
    const other = (name: string) => ({ ...bucket(name), urn: `urn:pulumi:prod::shop::aws:s3/bucket:Bucket::${name}` });
    const resources = [stackEntry, bucket('a'), other('x'), bucket('b'), other('y'), bucket('c'), bucket('d')];
    const path = await writeJson('merged.json', { version: 3, deployment: { resources } });
    const documents = await readAll(path, { cwd: dir }, 2);
    expect(documents.map((document) => [document.scope, document.resources.map((resource) => resource.name)])).toEqual([
      ['pulumi:shop/dev', ['shop-dev', 'a']],
      ['pulumi:shop/dev', ['b', 'c']],
      ['pulumi:shop/dev', ['d']],
      ['pulumi:shop/prod', ['x', 'y']],
    ]);
    expect(documents[3].stack).toEqual({ project: 'shop', name: 'prod', tags: {} });
  });

  it('yields nothing for an export whose resources are all pending deletion or absent', async () => {
    const path = await writeJson('empty.json', { version: 3, deployment: { resources: [{ ...bucket('old'), delete: true }] } });
    expect(await readAll(path)).toEqual([]);
  });
});
