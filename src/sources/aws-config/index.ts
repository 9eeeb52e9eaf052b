/**
 * The `aws-config` source: AWS Config's view of an account, from a file, a folder of files
 * (`*.json`, `*.json.gz`), or stdin (`-`). Three shapes are read:
 * - a configuration snapshot as Config delivers it to S3: `{ fileVersion, configSnapshotId, configurationItems }`
 *   (and `get-resource-config-history` output, which shares the `configurationItems` key);
 * - `aws configservice batch-get-resource-config`: `{ baseConfigurationItems }`;
 * - `aws configservice select-resource-config` (or `select-aggregate-resource-config`): `{ Results }`,
 *   each result a JSON string holding the selected fields.
 * Items are streamed one at a time and yielded in batches per account (see batch.ts).
 */
import { SweepError } from '../../errors.ts';
import type { SourceDocument } from '../resource.ts';
import type { Source, SourceContext } from '../source.ts';
import { listInputs, type TextInput } from './input.ts';
import { normalizeItem } from './item.ts';
import { streamJsonObject, type StreamOptions } from './json-stream.ts';
import { mapItem, scopeOf } from './map.ts';
import { createScopeBatcher, type ScopeBatcher } from './batch.ts';

export { BATCH_LIMIT } from './batch.ts';
export { mapItem, keyOf, scopeOf } from './map.ts';
export { normalizeItem, type ConfigItem } from './item.ts';
export { TYPE_MAPPINGS } from './types.ts';

/** Snapshot file versions sweep understands (Config has written 1.0 since 2014). */
export const SUPPORTED_FILE_VERSIONS: readonly string[] = ['1.0'];

const ITEM_ARRAYS = new Set(['configurationItems', 'baseConfigurationItems', 'Results']);

const targetHint =
  'Pass a configuration snapshot (or the JSON output of `aws configservice batch-get-resource-config` or ' +
  '`select-resource-config`), a folder of them, or `-` to read stdin.';

const streamOptions: StreamOptions = {
  arrays: ITEM_ARRAYS,
  expected: 'an AWS Config export',
  hints: {
    truncated: 'The file is empty or truncated; download the snapshot again (or re-run the `aws configservice` command) and let it finish.',
    invalid: targetHint,
  },
};

function checkFileVersion(value: unknown, origin: string): void {
  const version = typeof value === 'string' ? value : String(value);
  if (SUPPORTED_FILE_VERSIONS.includes(version)) return;
  throw new SweepError(
    'source-unsupported-version',
    `${origin}: unsupported AWS Config snapshot fileVersion ${JSON.stringify(value)}; sweep reads ${SUPPORTED_FILE_VERSIONS.join(', ')}`,
    { hint: 'Export the resources with `aws configservice batch-get-resource-config` instead, which sweep also reads.' },
  );
}

/** A select result is a JSON string; tools that decode it already pass the object through. */
function selectResult(value: unknown, origin: string, index: number): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new SweepError('source-invalid-resource', `${origin}: Results[${index}] is not a JSON string: ${(error as Error).message}`, {
      cause: error,
      hint: 'Pass the unmodified output of `aws configservice select-resource-config --output json`.',
    });
  }
}

async function* readInput(input: TextInput, batcher: ScopeBatcher): AsyncIterable<SourceDocument> {
  let found = false;
  for await (const events of streamJsonObject(input, streamOptions)) {
    for (const event of events) {
      if (event.kind === 'field') {
        if (event.key === 'fileVersion') checkFileVersion(event.value, input.origin);
        continue;
      }
      found = true;
      if (event.kind === 'array') continue;
      const raw = event.key === 'Results' ? selectResult(event.value, input.origin, event.index) : event.value;
      const item = normalizeItem(raw, input.origin, event.index);
      if (!item) continue;
      yield* batcher.add(scopeOf(item.account), input.origin, mapItem(item));
    }
  }
  if (!found) {
    throw new SweepError(
      'source-invalid-format',
      `${input.origin} is not an AWS Config export: it has no "configurationItems", "baseConfigurationItems" or "Results"`,
      { hint: targetHint },
    );
  }
}

/** Reads every input the target names, in order, and yields documents of at most BATCH_LIMIT resources. */
export async function* readAwsConfig(target: string, context: SourceContext): AsyncIterable<SourceDocument> {
  const inputs = await listInputs(target, context, { kind: 'aws-config', extensions: ['.json', '.json.gz'], hint: targetHint });
  const batcher = createScopeBatcher({ dedupe: inputs.length > 1 });
  for (const input of inputs) yield* readInput(input, batcher);
  yield* batcher.finish();
}

export const awsConfigSource: Source = {
  kind: 'aws-config',
  description: 'AWS Config snapshots or `aws configservice batch-get-resource-config`/`select-resource-config` JSON: a file, a folder, or - for stdin',
  read: readAwsConfig,
};
