/**
 * The `terraform-state` source: Terraform state format version 4 (`terraform state pull`, or a
 * backend's `*.tfstate`) from a file, a folder of `*.tfstate`/`*.json` states, or stdin (`-`).
 * Each state is streamed (never held whole in memory) and yielded in batches of `batchSize`
 * resources that share the state's scope `terraform:<lineage>`; the engine evaluates stack rules
 * over a scope's batches together (see SourceDocument). Decisions are written down in README.md
 * beside this file.
 */
import { resolve } from 'node:path';
import { SweepError } from '../../errors.ts';
import type { Resource, SourceDocument } from '../resource.ts';
import type { Source, SourceContext } from '../source.ts';
import { createTokenResolver, type TokenResolver } from './derive.ts';
import { checkVersion, missingVersion, rejectShowJson, stateHint } from './header.ts';
import { listStateInputs, type StateInput } from './inputs.ts';
import { mapEntry, SOURCE_KIND, type MapContext } from './map.ts';
import { scanInput } from './read.ts';
import { indexRepo, type RepoIndex } from './repo-index.ts';
import { createStateScanner } from './scanner.ts';

export { mapEntry, type MapContext } from './map.ts';
export { TYPE_TABLE, MAP_ATTRIBUTES, type TypeMapping, type BlockShape } from './type-table.ts';
export { createTokenResolver, tokenCandidates, type TokenResolver } from './derive.ts';
export { indexRepo, type RepoIndex, type Declaration } from './repo-index.ts';
export { SUPPORTED_STATE_VERSION } from './header.ts';

/** Resources per yielded document: bounds memory and gives the scan steady progress on huge states. */
export const DEFAULT_BATCH_SIZE = 5_000;

export interface ReadOptions {
  /** @defaultValue DEFAULT_BATCH_SIZE */
  batchSize?: number;
  /** @defaultValue a resolver checking derived tokens against the installed @pulumi/aws */
  tokens?: TokenResolver;
}

/**
 * One repository index per scan: sources of one scan share their SourceContext, so keying the
 * cache on it indexes a repo once however many states the scan reads, and drops it with the scan.
 */
const repoIndexes = new WeakMap<SourceContext, Map<string, Promise<RepoIndex>>>();

function repoIndexFor(context: SourceContext, root: string): Promise<RepoIndex> {
  let byRoot = repoIndexes.get(context);
  if (!byRoot) {
    byRoot = new Map();
    repoIndexes.set(context, byRoot);
  }
  let index = byRoot.get(root);
  if (!index) {
    index = indexRepo(root).catch((error: unknown) => {
      throw new SweepError('source-repo-unreadable', `cannot index the Terraform files of --repo ${root}: ${(error as Error).message}`, {
        cause: error,
        hint: 'Pass the folder of a repository checkout to --repo.',
      });
    });
    byRoot.set(root, index);
  }
  return index;
}

async function* readInput(
  input: StateInput,
  options: { batchSize: number; tokens: TokenResolver; repo?: MapContext['repo']; lineages: Map<string, string> },
): AsyncGenerator<SourceDocument> {
  const { origin } = input;
  const scanner = createStateScanner(origin, (key, value) => {
    if (key === 'version') checkVersion(origin, value);
    else if (key === 'format_version') rejectShowJson(origin);
  });
  let context: MapContext | undefined;
  // Keys use the lineage written before `resources` (Terraform writes it first; `jq -S` sorts it
  // first too); a state without one, or with it after, falls back to the file's workspace name.
  const contextNow = (): MapContext => {
    if (context) return context;
    const { beforeResources, fields } = scanner.header;
    const lineage = (beforeResources ?? fields).lineage;
    const id = typeof lineage === 'string' && lineage !== '' ? lineage : input.workspace;
    const other = options.lineages.get(id);
    if (other !== undefined) {
      throw new SweepError('source-duplicate-state', `${origin} is the same Terraform state as ${other} (lineage ${id})`, {
        hint: 'Scan one copy of each state: remove backups and older copies from the folder.',
      });
    }
    options.lineages.set(id, origin);
    context = { origin, scope: `terraform:${id}`, tokens: options.tokens, repo: options.repo };
    return context;
  };

  let batch: Resource[] = [];
  let yielded = 0;
  let index = 0;
  for await (const entries of scanInput(input, scanner)) {
    const mapContext = contextNow();
    for (const entry of entries) {
      for (const resource of mapEntry(entry, index++, mapContext)) batch.push(resource);
      if (batch.length >= options.batchSize) {
        yield { origin, scope: mapContext.scope, resources: batch };
        yielded++;
        batch = [];
      }
    }
  }
  if (scanner.header.fields.version === undefined) throw missingVersion(origin);
  if (!scanner.header.hasResources && scanner.entries === 0 && !('lineage' in scanner.header.fields)) {
    throw new SweepError('source-invalid-state', `${origin} is not a Terraform state: it has neither "lineage" nor "resources"`, {
      hint: stateHint,
    });
  }
  // An empty state still yields its scope, so a scan resolves what `terraform destroy` removed.
  if (batch.length > 0 || yielded === 0) yield { origin, scope: contextNow().scope, resources: batch };
}

/** Reads every state the target names, one after another, each streamed in batches. */
export async function* readTerraformState(
  target: string,
  context: SourceContext,
  options: ReadOptions = {},
): AsyncIterable<SourceDocument> {
  const inputs = await listStateInputs(target, context);
  const root = context.repo === undefined ? undefined : resolve(context.cwd, context.repo);
  const repo = root === undefined ? undefined : { root, index: await repoIndexFor(context, root) };
  const shared = {
    batchSize: Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE),
    tokens: options.tokens ?? createTokenResolver(),
    repo,
    lineages: new Map<string, string>(),
  };
  for (const input of inputs) yield* readInput(input, shared);
}

export const terraformStateSource: Source = {
  kind: SOURCE_KIND,
  description: 'Terraform state (format version 4, `terraform state pull`): a file, a folder of *.tfstate/*.json, or - for stdin',
  read: (target, context) => readTerraformState(target, context),
};
