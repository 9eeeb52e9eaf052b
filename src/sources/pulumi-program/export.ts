/**
 * Writes a capture as the deployment (version 3) `pulumi stack export` would print after
 * `pulumi up`: a pulumi:pulumi:Stack root parenting top-level resources, one default provider per
 * package that custom resources use without an explicit provider, and `project:///path#line,column`
 * source positions. pulumi-state reads it back to the same keys and props as the capture.
 * Secrets were replaced by the marker during capture, so the export carries no secrets provider.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isProviderType, packageOfType } from '../pulumi-state/locate.ts';
import { makeUrn } from '../pulumi-state/urn.ts';
import type { DeploymentResource, StackExport } from '../pulumi-state/schema.ts';
import { DEFAULT_MOCK_REGION } from './mocks.ts';
import type { CapturedResource, ProgramCapture } from './types.ts';

export interface StackExportOptions {
  /** Rewrites the urns when it differs from the captured project. @defaultValue the captured project */
  project?: string;
  /** Rewrites the urns when it differs from the captured stack. @defaultValue the captured stack */
  stack?: string;
  /** Manifest and created/modified time. @defaultValue now */
  time?: Date;
}

const STACK_TYPE = 'pulumi:pulumi:Stack';

/** A stable uuid-shaped provider id, so exports of the same program are byte-identical but for times. */
function stableId(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function sourcePosition(source: CapturedResource['source'], dir: string): string | undefined {
  if (!source) return undefined;
  // The engine writes positions inside the project as project:///; anything outside keeps its file path.
  const uri = source.path.startsWith('../') ? pathToFileURL(resolve(dir, source.path)).href : `project:///${source.path}`;
  return `${uri}#${source.line},${source.column}`;
}

interface DefaultProvider {
  resource: DeploymentResource;
  ref: string;
}

function defaultProvider(pkg: string, capture: ProgramCapture, stack: string, project: string, time: string): DefaultProvider {
  const version = capture.packages[pkg];
  const name = version ? `default_${version.replace(/[.-]/g, '_')}` : 'default';
  const urn = makeUrn(stack, project, `pulumi:providers:${pkg}`, name);
  const id = stableId(urn);
  const inputs: Record<string, unknown> = {};
  const region = capture.config[`${pkg}:region`] ?? (pkg === 'aws' ? DEFAULT_MOCK_REGION : undefined);
  if (region) inputs.region = region;
  if (pkg === 'aws') {
    inputs.skipCredentialsValidation = 'false';
    inputs.skipRegionValidation = 'true';
  }
  if (version) inputs.version = version;
  const resource: DeploymentResource = {
    urn,
    custom: true,
    id,
    type: `pulumi:providers:${pkg}`,
    inputs,
    outputs: { ...inputs },
    created: time,
    modified: time,
  };
  return { resource, ref: `${urn}::${id}` };
}

export function toStackExport(capture: ProgramCapture, options: StackExportOptions = {}): StackExport {
  const project = options.project ?? capture.project;
  const stack = options.stack ?? capture.stack;
  const time = (options.time ?? new Date()).toISOString();
  const fromPrefix = `urn:pulumi:${capture.stack}::${capture.project}::`;
  const toPrefix = `urn:pulumi:${stack}::${project}::`;
  // Works on urns and on provider references (`<urn>::<id>`) alike: both start with the prefix.
  const rename = (urn: string): string =>
    fromPrefix !== toPrefix && urn.startsWith(fromPrefix) ? toPrefix + urn.slice(fromPrefix.length) : urn;

  const stackUrn = makeUrn(stack, project, STACK_TYPE, `${project}-${stack}`);
  const stackResource: DeploymentResource = {
    urn: stackUrn,
    custom: false,
    type: STACK_TYPE,
    outputs: {},
    created: time,
    modified: time,
  };
  const providers = new Map<string, DefaultProvider>();
  const resources: DeploymentResource[] = [];
  for (const captured of capture.resources) {
    const usesDefault = captured.custom && !captured.provider && !isProviderType(captured.type);
    let provider = captured.provider === undefined ? undefined : rename(captured.provider);
    if (usesDefault) {
      const pkg = packageOfType(captured.type);
      let entry = providers.get(pkg);
      if (!entry) {
        entry = defaultProvider(pkg, capture, stack, project, time);
        providers.set(pkg, entry);
      }
      provider = entry.ref;
    }
    resources.push({
      urn: rename(captured.urn),
      custom: captured.custom,
      id: captured.custom ? captured.id : undefined,
      type: captured.type,
      inputs: captured.inputs,
      outputs: captured.outputs,
      parent: captured.parent === undefined ? stackUrn : rename(captured.parent),
      provider,
      external: captured.external,
      dependencies: captured.dependencies?.map(rename),
      propertyDependencies:
        captured.propertyDependencies &&
        Object.fromEntries(Object.entries(captured.propertyDependencies).map(([key, urns]) => [key, urns.map(rename)])),
      sourcePosition: sourcePosition(captured.source, capture.dir),
      created: time,
      modified: time,
    });
  }
  const version = `v${capture.packages.pulumi ?? '3.0.0'}`;
  return {
    version: 3,
    deployment: {
      manifest: { time, magic: createHash('sha256').update(version).digest('hex'), version },
      // Engine order: the stack, then default providers, then resources (already dependency-ordered).
      resources: [stackResource, ...[...providers.values()].map((entry) => entry.resource), ...resources],
    },
  };
}
