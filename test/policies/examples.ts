/**
 * Turns a rule's examples into what the engine sees: canonical resources in a SourceDocument
 * (role custom, provider aws, key `test:ex:<name>`, source test), and, for property fixes, the
 * ResourceValidationArgs @pulumi/policy would pass to `remediateResource`.
 */
import type { PolicyResourceOptions, ResourceValidationArgs } from '@pulumi/policy';
import type { ExampleResource, Rule } from '../../policies/rule.ts';
import type { Resource, SourceDocument } from '../../src/sources/resource.ts';

export const EXAMPLE_SCOPE = 'test:ex';

export function exampleKey(name: string): string {
  return `${EXAMPLE_SCOPE}:${name}`;
}

export function exampleResource(example: ExampleResource): Resource {
  return {
    key: exampleKey(example.name),
    type: example.type,
    nativeType: example.type,
    name: example.name,
    provider: 'aws',
    props: example.props,
    tags: {},
    iac: { kind: 'none' },
    role: 'custom',
    source: 'test',
  };
}

export function exampleDocument(examples: readonly ExampleResource[]): SourceDocument {
  return { origin: 'test', scope: EXAMPLE_SCOPE, resources: examples.map(exampleResource) };
}

/** What the runner passes as config when none is given: each configSchema property's default. */
export function configDefaults(rule: Rule): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(rule.configSchema?.properties ?? {})) {
    const value = (schema as { default?: unknown }).default;
    if (value !== undefined) defaults[name] = value;
  }
  return defaults;
}

const options = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
} as unknown as PolicyResourceOptions;

function typeOf(resourceClass: unknown): unknown {
  return (resourceClass as { __pulumiType?: unknown }).__pulumiType;
}

export function validationArgs(rule: Rule, example: ExampleResource): ResourceValidationArgs {
  const config = configDefaults(rule);
  return {
    type: example.type,
    props: example.props as Record<string, any>,
    urn: exampleKey(example.name),
    name: example.name,
    opts: options,
    stackTags: new Map(),
    isType: (resourceClass) => typeOf(resourceClass) === example.type,
    asType: (resourceClass) => (typeOf(resourceClass) === example.type ? (example.props as any) : undefined),
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string) => {
      throw new Error(`not applicable: ${reason ?? ''}`);
    },
  };
}

/** Replaces every leaf value (strings, numbers, booleans) with the marker, keeping the shape. */
export function maskLeaves(value: unknown, marker: string): unknown {
  if (Array.isArray(value)) return value.map((item) => maskLeaves(item, marker));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskLeaves(item, marker)]));
  }
  return marker;
}

/** The example with its props transformed; names (and so keys) kept. */
export function withProps(example: ExampleResource, props: Record<string, unknown>): ExampleResource {
  return { ...example, props };
}
