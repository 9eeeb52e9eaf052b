/**
 * Shared arrangement for the connection tests: the fake CLIs of test/fixtures/cli/bin first on
 * PATH, fake credentials in the environment, a scratch directory where the fakes record what they
 * were asked and how many of them ran at once, and the connection source with test-sized delays.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnectionSource, type ConnectionSourceOptions } from '../../src/sources/cli/index.ts';
import type { Resource, SourceDocument } from '../../src/sources/resource.ts';
import type { ConnectionRecord, Source, SourceContext } from '../../src/sources/source.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FAKE_BIN = join(ROOT, 'test/fixtures/cli/bin');

/** Credentials the fakes get; none may ever show up in an error, a row or a log. */
export const SECRETS = {
  accessKeyId: 'AKIAQFAKEKEY7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKEKEYzz',
  envFileToken: 'FwoGZXIvYXdzEFAKEenvfileSessionToken0001',
  escSecret: 'esc/Secret+Value/FromPulumiCloud9999',
};

export interface Sandbox {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Every CLI invocation the fakes saw, in order. */
  calls(): Promise<{ cli: string; args: string[]; esc: string | null }[]>;
  /** How many fakes were running at once, one number per invocation. */
  concurrency(): Promise<number[]>;
  cleanup(): Promise<void>;
}

export async function createSandbox(extra: NodeJS.ProcessEnv = {}): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'sweep-connections-'));
  const log = join(dir, 'calls.jsonl');
  await writeFile(log, '');
  const env: NodeJS.ProcessEnv = {
    PATH: `${FAKE_BIN}:${process.env.PATH}`,
    HOME: dir,
    AWS_ACCESS_KEY_ID: SECRETS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SECRETS.secretAccessKey,
    FAKE_CLI_LOG: log,
    FAKE_CLI_STATE: dir,
    ...extra,
  };
  return {
    dir,
    env,
    async calls() {
      const text = await readFile(log, 'utf8');
      return text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    },
    async concurrency() {
      const text = await readFile(join(dir, 'concurrency.log'), 'utf8').catch(() => '');
      return text.split('\n').filter(Boolean).map(Number);
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export function lookupOf(...records: ConnectionRecord[]): (name: string) => Promise<ConnectionRecord | undefined> {
  return async (name) => records.find((record) => record.name === name);
}

/** The source with retries measured in milliseconds, so throttling tests take no time. */
export function testSource(options: ConnectionSourceOptions = {}): Source {
  return createConnectionSource({ retry: { maxAttempts: 4, baseDelayMs: 2, maxDelayMs: 10 }, ...options });
}

export async function readDocuments(source: Source, target: string, context: SourceContext): Promise<SourceDocument[]> {
  const documents: SourceDocument[] = [];
  for await (const document of source.read(target, context)) documents.push(document);
  return documents;
}

export async function readError(source: Source, target: string, context: SourceContext): Promise<Error> {
  try {
    await readDocuments(source, target, context);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the read to fail');
}

export function byName(resources: Resource[], type: string, name: string): Resource {
  const found = resources.find((resource) => resource.type === type && resource.name === name);
  if (!found) throw new Error(`no ${type} named ${name} among ${resources.map((r) => `${r.type}:${r.name}`).join(', ')}`);
  return found;
}
