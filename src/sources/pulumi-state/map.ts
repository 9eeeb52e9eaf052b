/**
 * Maps a parsed deployment (a program's preview, an export held in memory) to canonical
 * resources: one pass builds the provider → region index from every provider, a second maps each
 * entry (entry.ts). Files are not read this way: stream.ts maps them entry by entry as they are
 * parsed.
 */
import type { SourceDocument } from '../resource.ts';
import { createEntryMapper, providerRegion, type MapOptions } from './entry.ts';
import type { Deployment } from './schema.ts';

export type { MapOptions } from './entry.ts';

function providerRegions(resources: readonly unknown[]): Map<string, string> {
  const regions = new Map<string, string>();
  for (const entry of resources) {
    const provider = providerRegion(entry);
    if (provider) regions.set(provider[0], provider[1]);
  }
  return regions;
}

/**
 * Returns one document per stack found in the deployment (a stack export holds exactly one;
 * several only appear in hand-merged files). Resources pending deletion are skipped.
 */
export function mapDeployment(deployment: Deployment, options: MapOptions): SourceDocument[] {
  const resources: readonly unknown[] = deployment.resources;
  const mapper = createEntryMapper(options, providerRegions(resources));
  const documents = new Map<string, SourceDocument>();
  for (let index = 0; index < resources.length; index++) {
    const mapped = mapper.map(resources[index], index);
    if (!mapped) continue;
    let document = documents.get(mapped.scope);
    if (!document) {
      document = { origin: options.origin, scope: mapped.scope, stack: mapper.stackOf(mapped.scope), resources: [] };
      documents.set(mapped.scope, document);
    }
    document.resources.push(mapped.resource);
  }
  return [...documents.values()];
}
