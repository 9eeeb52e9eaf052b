/**
 * The source registry: an explicit map from kind to plugin (no discovery), and the parser for the
 * `kind:target` specs users type (`pulumi-state:./exports`, `pulumi-program:./infra`).
 */
import { SweepError, usageError } from '../errors.ts';
import { awsConfigSource } from './aws-config/index.ts';
import { connectionSource } from './cli/index.ts';
import { kubernetesSource } from './kubernetes/index.ts';
import { pulumiProgramSource } from './pulumi-program/index.ts';
import { pulumiStateSource } from './pulumi-state/index.ts';
import { terraformStateSource } from './terraform-state/index.ts';
import type { Source } from './source.ts';

export type { Source, SourceContext } from './source.ts';

const registry = {
  'pulumi-state': pulumiStateSource,
  'pulumi-program': pulumiProgramSource,
  'terraform-state': terraformStateSource,
  connection: connectionSource,
  'aws-config': awsConfigSource,
  kubernetes: kubernetesSource,
} satisfies Record<string, Source>;

export type SourceKind = keyof typeof registry;

/** Every source plugin by kind; a new source is one import and one line in `registry`. */
export const sourceRegistry: ReadonlyMap<string, Source> = new Map(Object.entries(registry));

export interface SourceSpec {
  kind: SourceKind;
  target: string;
}

function isSourceKind(kind: string): kind is SourceKind {
  return Object.hasOwn(registry, kind);
}

function knownKinds(): string {
  return Object.keys(registry).join(', ');
}

/** Splits at the first `:` so targets keep theirs (`pulumi-state:C:/exports`). Usage errors exit 2. */
export function parseSourceSpec(spec: string): SourceSpec {
  const colon = spec.indexOf(':');
  if (colon <= 0 || colon === spec.length - 1) {
    throw usageError(
      `invalid source "${spec}": expected <kind>:<target>`,
      `For example pulumi-state:./stack.json or pulumi-program:./infra. Known kinds: ${knownKinds()}.`,
    );
  }
  const kind = spec.slice(0, colon);
  const target = spec.slice(colon + 1);
  if (!isSourceKind(kind)) {
    throw new SweepError('unknown-source-kind', `unknown source kind "${kind}" in "${spec}"; known kinds: ${knownKinds()}`, {
      hint: 'Use one of the known kinds as the part before the colon.',
      exitCode: 2,
    });
  }
  return { kind, target };
}

/** The plugin for a kind; parseSourceSpec has already rejected unknown kinds. */
export function getSource(kind: SourceKind): Source {
  return registry[kind];
}
