/**
 * The `kubernetes` source: `kubectl get <kinds> -A -o json` output (a `List`, or one object) and
 * multi-document YAML manifests, from a file, a folder (`*.json`, `*.yaml`, `*.yml`) or stdin.
 *
 * Which cluster: kubectl records no context in its output, so the target names it. By default
 * each file is the cluster its base name says (`prod-cluster.json` → `prod-cluster`; stdin →
 * `stdin`); a `<cluster>=` prefix names it for the whole target (`kubernetes:prod=./dumps`,
 * `kubernetes:prod=-`). The scope is `kubernetes:<cluster>`, so scanning one cluster never
 * resolves another's findings.
 *
 * JSON is streamed item by item; a YAML file is read whole but composed one document at a time.
 * Objects from YAML manifests point at their file and line (`iac.path`, `iac.line`) for fixers.
 */
import { stat } from 'node:fs/promises';
import { basename, relative, resolve } from 'node:path';
import { listInputs, type TextInput } from '../aws-config/input.ts';
import { streamJsonObject, type StreamOptions } from '../aws-config/json-stream.ts';
import { BATCH_LIMIT } from '../aws-config/batch.ts';
import type { Resource, SourceDocument } from '../resource.ts';
import type { Source, SourceContext } from '../source.ts';
import { kubernetesScope, mapObject, type ObjectOrigin } from './map.ts';
import { readManifests } from './yaml.ts';

export { BATCH_LIMIT } from '../aws-config/batch.ts';
export { mapObject, kubernetesScope } from './map.ts';
export { KNOWN_KINDS } from './kinds.ts';

const EXTENSIONS = ['.json', '.yaml', '.yml'];
const CLUSTER_PREFIX = /^([A-Za-z0-9][A-Za-z0-9._-]*)=(.+)$/;

const targetHint =
  'Pass `kubectl get <kinds> -A -o json` output or manifests: a file, a folder of *.json/*.yaml files, or `-` for stdin; ' +
  'prefix `<cluster>=` to name the cluster (`prod=./dump.json`).';

const jsonOptions: StreamOptions = {
  arrays: new Set(['items']),
  expected: 'kubectl JSON output',
  hints: {
    truncated: 'The file is empty or truncated; re-run `kubectl get <kinds> -A -o json > <cluster>.json` and let it finish.',
    invalid: targetHint,
  },
};

/** Splits `prod=./dump.json` into cluster and path, unless the whole target is itself an existing path. */
async function splitTarget(target: string, cwd: string): Promise<{ cluster?: string; path: string }> {
  const match = CLUSTER_PREFIX.exec(target);
  if (!match) return { path: target };
  const exists = await stat(resolve(cwd, target)).then(
    () => true,
    () => false,
  );
  return exists ? { path: target } : { cluster: match[1], path: match[2] };
}

function clusterOf(input: TextInput): string {
  if (!input.path) return 'stdin';
  const name = basename(input.path);
  const extension = EXTENSIONS.find((candidate) => name.endsWith(candidate));
  return extension ? name.slice(0, -extension.length) : name;
}

/** Stdin has no extension: its first non-blank character tells JSON (`{`) from YAML. */
async function sniff(input: TextInput): Promise<{ format: 'json' | 'yaml'; input: TextInput }> {
  if (input.path) return { format: input.path.endsWith('.json') ? 'json' : 'yaml', input };
  const iterator = input.chunks()[Symbol.asyncIterator]();
  const head: string[] = [];
  let format: 'json' | 'yaml' = 'yaml';
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
    const text = next.value.trimStart();
    if (text === '') continue;
    format = text.startsWith('{') ? 'json' : 'yaml';
    break;
  }
  async function* chunks(): AsyncIterable<string> {
    yield* head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { format, input: { ...input, chunks } };
}

async function readText(input: TextInput): Promise<string> {
  let text = '';
  for await (const chunk of input.chunks()) text += chunk;
  return text;
}

interface Located {
  object: unknown;
  at: ObjectOrigin;
}

/** `kubectl get` JSON: a List's items as they stream, or the one object the file holds. */
async function* jsonObjects(input: TextInput, cluster: string): AsyncIterable<Located> {
  const envelope: Record<string, unknown> = {};
  let isList = false;
  for await (const events of streamJsonObject(input, jsonOptions)) {
    for (const event of events) {
      if (event.kind === 'field') envelope[event.key] = event.value;
      else if (event.kind === 'array') isList = true;
      else yield { object: withListType(event.value, envelope), at: { origin: input.origin, cluster, where: `items[${event.index}]` } };
    }
  }
  if (!isList) yield { object: envelope, at: { origin: input.origin, cluster, where: 'at the top level' } };
}

/**
 * Typed lists from the API (`kubectl get --raw`, `DeploymentList`) leave `apiVersion` and `kind`
 * off their items; the list names them (before its items, in the API's field order).
 */
function withListType(item: unknown, envelope: Record<string, unknown>): unknown {
  const listKind = envelope.kind;
  if (typeof listKind !== 'string' || listKind === 'List' || !listKind.endsWith('List')) return item;
  if (typeof item !== 'object' || item === null || Array.isArray(item) || 'kind' in item) return item;
  return { apiVersion: envelope.apiVersion, kind: listKind.slice(0, -'List'.length), ...item };
}

async function* yamlObjects(input: TextInput, cluster: string, cwd: string): AsyncIterable<Located> {
  const text = await readText(input);
  const iacPath = input.path ? relative(cwd, input.path) : undefined;
  for (const { object, line, where } of readManifests(text, input.origin)) {
    yield { object, at: { origin: input.origin, cluster, where, iacPath, line: iacPath ? line : undefined } };
  }
}

/** Yields each file's objects in documents of at most BATCH_LIMIT, one cluster scope per file (or per target). */
export async function* readKubernetes(target: string, context: SourceContext): AsyncIterable<SourceDocument> {
  const { cluster: named, path } = await splitTarget(target, context.cwd);
  const inputs = await listInputs(path, context, { kind: 'kubernetes', extensions: EXTENSIONS, hint: targetHint });
  let seen = new Set<string>();
  let seenCluster: string | undefined;
  for (const listed of inputs) {
    const cluster = named ?? clusterOf(listed);
    // A key seen twice in one cluster (the same object in two dumps) is kept once, first wins.
    if (cluster !== seenCluster) {
      seen = new Set();
      seenCluster = cluster;
    }
    const { format, input } = await sniff(listed);
    const scope = kubernetesScope(cluster);
    const objects = format === 'json' ? jsonObjects(input, cluster) : yamlObjects(input, cluster, context.cwd);
    let batch: Resource[] = [];
    for await (const { object, at } of objects) {
      const resource = mapObject(object, at);
      if (seen.has(resource.key)) continue;
      seen.add(resource.key);
      batch.push(resource);
      if (batch.length >= BATCH_LIMIT) {
        yield { origin: input.origin, scope, resources: batch };
        batch = [];
      }
    }
    if (batch.length > 0) yield { origin: input.origin, scope, resources: batch };
  }
}

export const kubernetesSource: Source = {
  kind: 'kubernetes',
  description: '`kubectl get -A -o json` output or YAML manifests: a file, a folder, or - for stdin; `<cluster>=` names the cluster',
  read: readKubernetes,
};
