/**
 * Reads one export as a stream: the scanner (src/sources/stream) hands over one
 * `deployment.resources[]` entry at a time, entry.ts maps it, and the resources go out in
 * documents of at most `batchSize` with the stack's scope (the batching contract in resource.ts).
 * Memory holds one batch, one input chunk and the urns seen, whatever the file size.
 */
import { createScopeBatcher } from '../aws-config/batch.ts';
import type { SourceDocument } from '../resource.ts';
import { createJsonScanner } from '../stream/json-scanner.ts';
import { scanInput, type InputMessages } from '../stream/scan-input.ts';
import { createExportPlan } from './envelope.ts';
import { createEntryMapper, type EntryMapper } from './entry.ts';
import { targetHint, type ExportInput } from './read.ts';

/** Resources per yielded document: bounds memory and gives the scan steady progress on huge stacks. */
export const DEFAULT_BATCH_SIZE = 5_000;

const messages: InputMessages = {
  expected: 'a Pulumi stack export',
  hints: {
    truncated: 'The file is empty or truncated; re-run `pulumi stack export --file <stack>.json` and let it finish.',
    invalid: 'Pass the unmodified output of `pulumi stack export`; a file edited by hand or cut short mid-write is not an export.',
    unreadable: targetHint,
  },
};

function withStack(document: SourceDocument, mapper: EntryMapper): SourceDocument {
  return { origin: document.origin, scope: document.scope, stack: mapper.stackOf(document.scope), resources: document.resources };
}

/**
 * Yields the export's resources in batches. A hand-merged file with several stacks keeps each
 * stack's documents consecutive (the scan evaluates stack rules when the scope changes): the
 * batcher holds the resources of any stack but the first until the file ends.
 */
export async function* streamExport(
  input: ExportInput,
  options: { stackTags: Record<string, string>; batchSize?: number },
): AsyncGenerator<SourceDocument> {
  const { origin } = input;
  const plan = createExportPlan(origin);
  const scanner = createJsonScanner(plan);
  const mapper = createEntryMapper({ origin, source: 'pulumi-state', stackTags: options.stackTags });
  // Urns are unique (entry.ts rejects repeats), so the batcher's own key set would only cost memory.
  const batcher = createScopeBatcher({ limit: Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE), dedupe: false });
  for await (const elements of scanInput(input, scanner, messages)) {
    for (const element of elements) {
      const mapped = mapper.map(element.value, element.index);
      if (!mapped) continue;
      for (const document of batcher.add(mapped.scope, origin, [mapped.resource])) yield withStack(document, mapper);
    }
  }
  plan.finish();
  for (const document of batcher.finish()) yield withStack(document, mapper);
}
