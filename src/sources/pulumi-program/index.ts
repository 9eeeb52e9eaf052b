/**
 * The `pulumi-program` source: runs a Pulumi TypeScript program offline (mocks, child process) and
 * maps what it would deploy exactly as pulumi-state maps the equivalent stack export, so keys
 * match a later scan of the real stack's export. Paths are relative to the program directory,
 * which is recorded as the repo (a local path).
 */
import { resolve } from 'node:path';
import type { SourceDocument } from '../resource.ts';
import type { Source, SourceContext } from '../source.ts';
import { mapDeployment } from '../pulumi-state/map.ts';
import { capturePulumiProgram, type CaptureOptions } from './capture.ts';
import { toStackExport } from './export.ts';

export { capturePulumiProgram, firstLines, type CaptureOptions } from './capture.ts';
export { toStackExport, type StackExportOptions } from './export.ts';
export type { CapturedResource, ProgramCapture } from './types.ts';

/** Builds the source with fixed capture options (stack name, timeout); the registry uses the defaults. */
export function createPulumiProgramSource(options: CaptureOptions = {}): Source {
  async function* read(target: string, context: SourceContext): AsyncIterable<SourceDocument> {
    const dir = resolve(context.cwd, target);
    const capture = await capturePulumiProgram(dir, options);
    const exported = toStackExport(capture);
    yield* mapDeployment(exported.deployment, { origin: dir, source: 'pulumi-program', repo: dir });
  }
  return {
    kind: 'pulumi-program',
    description: `a Pulumi TypeScript program folder, run offline under mocks (stack "${options.stack ?? 'dev'}")`,
    read,
  };
}

export const pulumiProgramSource: Source = createPulumiProgramSource();
