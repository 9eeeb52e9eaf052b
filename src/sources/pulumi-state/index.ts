/**
 * The `pulumi-state` source: `pulumi stack export` JSON (deployment versions 3 and 4) from a file,
 * a folder of exports, or stdin (`-`). Stack tags, which exports do not contain, come from an
 * optional sidecar `<export>.tags.json` holding the output of `pulumi stack tag ls --json`.
 * Exports are streamed, never held whole: a 1 GB export is read in documents of
 * DEFAULT_BATCH_SIZE resources with the stack's scope (stream.ts).
 */
import type { SourceDocument } from '../resource.ts';
import type { Source, SourceContext } from '../source.ts';
import { mapDeployment } from './map.ts';
import { listExportInputs, readStackTags } from './read.ts';
import { parseStackExport } from './schema.ts';
import { streamExport } from './stream.ts';

export { mapDeployment, type MapOptions } from './map.ts';
export { parseStackExport, SUPPORTED_DEPLOYMENT_VERSIONS } from './schema.ts';
export type { Deployment, DeploymentManifest, DeploymentResource, StackExport } from './schema.ts';
export { redactSecrets } from './secrets.ts';
export { sidecarTagsPath } from './read.ts';
export { DEFAULT_BATCH_SIZE } from './stream.ts';

export interface ReadOptions {
  /** Resources per document. @defaultValue DEFAULT_BATCH_SIZE */
  batchSize?: number;
}

/** Maps an already-parsed export (e.g. from an API) exactly as a file would be mapped, in one document per stack. */
export function mapStackExport(
  json: unknown,
  options: { origin: string; source?: string; stackTags?: Record<string, string>; repo?: string },
): SourceDocument[] {
  const deployment = parseStackExport(json, options.origin);
  return mapDeployment(deployment, { ...options, source: options.source ?? 'pulumi-state' });
}

/** Reads every export the target names, one after another, each streamed in batches. */
export async function* readPulumiState(
  target: string,
  context: SourceContext,
  options: ReadOptions = {},
): AsyncIterable<SourceDocument> {
  const inputs = await listExportInputs(target, context);
  for (const input of inputs) {
    const stackTags = await readStackTags(input.tagsPath);
    yield* streamExport(input, { stackTags, batchSize: options.batchSize });
  }
}

export const pulumiStateSource: Source = {
  kind: 'pulumi-state',
  description: '`pulumi stack export` JSON: a file, a folder of *.json exports, or - for stdin',
  read: (target, context) => readPulumiState(target, context),
};
