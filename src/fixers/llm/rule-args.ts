/**
 * Calling one rule on one resource outside the runner: the rule's remediateResource (the end
 * state an LLM fix must reach when the rule has one), and its validator with a recording proxy
 * (which top-level properties the rule looks at, the only ones a derived fix may move).
 */
import type { PolicyResourceOptions, ResourceValidationArgs } from '@pulumi/policy';
import type { Rule } from '../../../policies/rule.ts';

export interface RuleSubject {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
}

class NotApplicable extends Error {}

const OPTIONS = Object.freeze({
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
}) as unknown as PolicyResourceOptions;

function typeOf(resourceClass: unknown): unknown {
  return (resourceClass as { __pulumiType?: unknown }).__pulumiType;
}

/** Per-policy settings, as the scan's runner got them (`{ [policyId]: { setting: value } }`). */
export type PolicySettings = Record<string, Record<string, unknown>>;

/** The schema defaults overlaid with the configured values: exactly what the runner's getConfig() returns. */
function configOf(rule: Rule, settings: PolicySettings = {}): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(rule.configSchema?.properties ?? {})) {
    const value = (schema as { default?: unknown }).default;
    if (value !== undefined) defaults[name] = value;
  }
  return { ...defaults, ...(settings[rule.id] ?? {}) };
}

export function validationArgs(rule: Rule, subject: RuleSubject, settings?: PolicySettings): ResourceValidationArgs {
  const config = configOf(rule, settings);
  return {
    type: subject.type,
    props: subject.props as Record<string, any>,
    urn: subject.urn,
    name: subject.name,
    opts: OPTIONS,
    stackTags: new Map(),
    isType: (resourceClass) => typeOf(resourceClass) === subject.type,
    asType: (resourceClass) => (typeOf(resourceClass) === subject.type ? (subject.props as any) : undefined),
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason ?? 'not applicable');
    },
  };
}

/** The rule's fixed property bag for the resource, or undefined when it has no property fix for it. */
export async function remediatedProps(rule: Rule, subject: RuleSubject, settings?: PolicySettings): Promise<Record<string, unknown> | undefined> {
  if (rule.kind !== 'resource' || !rule.remediateResource) return undefined;
  try {
    // A deep copy: a remediation that mutates its input must not rewrite the baseline.
    const props = structuredClone(subject.props);
    const fixed = await rule.remediateResource(validationArgs(rule, { ...subject, props }, settings));
    return fixed ?? undefined;
  } catch (error) {
    if (error instanceof NotApplicable) return undefined;
    throw error;
  }
}

export interface RuleCheck {
  violated: boolean;
  messages: string[];
  /** Top-level properties the validator read (every key, when it enumerated the bag). */
  read: Set<string>;
}

/** Runs the rule's resource validators on the props, recording what they report and read. */
export async function checkResource(rule: Rule, subject: RuleSubject, settings?: PolicySettings): Promise<RuleCheck> {
  const read = new Set<string>();
  const messages: string[] = [];
  if (rule.kind !== 'resource') return { violated: false, messages, read };
  const props = new Proxy(subject.props, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === 'string') read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      for (const key of Reflect.ownKeys(target)) if (typeof key === 'string') read.add(key);
      return Reflect.ownKeys(target);
    },
  });
  const args = validationArgs(rule, { ...subject, props }, settings);
  for (const validate of [rule.validateResource].flat()) {
    if (!validate) continue;
    try {
      await validate(args, (message) => messages.push(message));
    } catch (error) {
      if (!(error instanceof NotApplicable)) throw error;
    }
  }
  return { violated: messages.length > 0, messages, read };
}
