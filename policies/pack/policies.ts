/**
 * Turns library rules into the policy objects a Pulumi `PolicyPack` serves. The validators are
 * the rules' own functions (the same ones sweep's runner calls); only the descriptive fields are
 * rebuilt, keeping what @pulumi/policy's `Policy` interface knows and dropping sweep-only ones
 * (examples, controls, kind, ...), which the analyzer would otherwise copy into diagnostics.
 * Pure functions: index.ts reads the environment and starts the pack.
 */
import type {
  EnforcementLevel,
  PolicyComplianceFramework,
  PolicyPackArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from '@pulumi/policy';
import type { Catalog } from '../catalog/types.ts';
import { FRAMEWORKS, type Framework, type Rule } from '../rule.ts';
import { plainRemediation } from './remediate.ts';

export type PackPolicy = ResourceValidationPolicy | StackValidationPolicy;

export const ENFORCEMENT_LEVELS = ['advisory', 'mandatory', 'remediate', 'disabled'] as const satisfies readonly EnforcementLevel[];

/** What a pack run selects; index.ts reads it from the environment. */
export interface PackOptions {
  /** Only rules mapped to any of these frameworks (`SWEEP_PACK_FRAMEWORKS`). Empty = every rule. */
  frameworks: Framework[];
  /**
   * Replaces every rule's default level (`SWEEP_PACK_ENFORCEMENT`), e.g. `advisory` to roll the
   * pack out without blocking. A level in the `--policy-pack-config` file still wins per policy.
   * @defaultValue each rule's own level: mandatory for critical and high, advisory otherwise
   */
  enforcement?: EnforcementLevel;
}

/** What @pulumi/policy's server and the Pulumi service accept as a policy (and pack) name. */
const NAME = /^[a-zA-Z0-9-_.]{1,100}$/;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Reads `SWEEP_PACK_FRAMEWORKS` (comma-separated framework keys) and `SWEEP_PACK_ENFORCEMENT`. */
export function packOptionsFromEnv(env: Record<string, string | undefined>): PackOptions {
  const frameworks = list(env.SWEEP_PACK_FRAMEWORKS);
  for (const key of frameworks) {
    if (!(FRAMEWORKS as readonly string[]).includes(key)) {
      throw new Error(`SWEEP_PACK_FRAMEWORKS: unknown framework "${key}" (use any of ${FRAMEWORKS.join(', ')})`);
    }
  }
  const enforcement = env.SWEEP_PACK_ENFORCEMENT?.trim() || undefined;
  if (enforcement !== undefined && !(ENFORCEMENT_LEVELS as readonly string[]).includes(enforcement)) {
    throw new Error(`SWEEP_PACK_ENFORCEMENT: unknown level "${enforcement}" (use one of ${ENFORCEMENT_LEVELS.join(', ')})`);
  }
  return { frameworks: frameworks as Framework[], enforcement: enforcement as EnforcementLevel | undefined };
}

/**
 * The one framework a single-framework pack reports to Pulumi (Pulumi's `framework` field holds
 * one; rules map to several, so it is only set when the selection names exactly one).
 */
function frameworkOf(rule: Rule, catalog: Catalog | undefined): PolicyComplianceFramework | undefined {
  if (catalog === undefined) return undefined;
  const ids = rule.controls.filter((c) => c.framework === catalog.framework).map((c) => c.control);
  const titles = ids.map((id) => catalog.controls.find((control) => control.id === id)?.title ?? id);
  return { name: catalog.name, version: catalog.version, reference: ids.join(', '), specification: titles.join(' | ') };
}

/** One rule as a PolicyPack policy: the rule's validators with Pulumi's descriptive fields only. */
export function toPackPolicy(rule: Rule, options: { enforcement?: EnforcementLevel; catalog?: Catalog } = {}): PackPolicy {
  const common = {
    name: rule.id,
    description: rule.title,
    displayName: rule.title,
    enforcementLevel: options.enforcement ?? rule.enforcementLevel,
    severity: rule.severity,
    // Controls as tags (`pci-dss:3.5.1`) so Pulumi Cloud can filter by them.
    tags: rule.controls.map((c) => `${c.framework}:${c.control}`),
    remediationSteps: rule.remediation,
    ...(rule.configSchema ? { configSchema: rule.configSchema } : {}),
  };
  const framework = frameworkOf(rule, options.catalog);
  if (framework) Object.assign(common, { framework });
  if (rule.kind === 'stack') return { ...common, validateStack: rule.validateStack };
  return {
    ...common,
    validateResource: rule.validateResource,
    // Runs only where config sets the policy's level to `remediate`: Pulumi then rewrites the inputs.
    ...(rule.remediateResource ? { remediateResource: plainRemediation(rule.remediateResource) } : {}),
  };
}

/**
 * The policies a pack serves: the selected rules, after the checks @pulumi/policy's server makes
 * with `process.exit(1)` and the Pulumi service makes on publish, so a bad library fails here
 * with the rule's name instead.
 */
export function packPolicies(rules: readonly Rule[], catalogs: readonly Catalog[], options: PackOptions): PackPolicy[] {
  const frameworks = new Set(options.frameworks);
  const selected = rules.filter((rule) => frameworks.size === 0 || rule.controls.some((c) => frameworks.has(c.framework)));
  if (selected.length === 0) {
    throw new Error(`SWEEP_PACK_FRAMEWORKS=${options.frameworks.join(',')} selects no rule: the library maps no rule to it yet`);
  }
  const seen = new Set<string>();
  for (const rule of selected) {
    if (!NAME.test(rule.id) || rule.id === 'all') throw new Error(`rule "${rule.id}" cannot be a Pulumi policy name`);
    if (seen.has(rule.id)) throw new Error(`rule id "${rule.id}" appears twice: Pulumi policy names must be unique`);
    seen.add(rule.id);
    const schema = rule.configSchema;
    if (schema?.properties?.enforcementLevel !== undefined || schema?.required?.includes('enforcementLevel')) {
      throw new Error(`rule "${rule.id}" declares config "enforcementLevel", which Pulumi reserves`);
    }
  }
  const only = options.frameworks.length === 1 ? catalogs.find((c) => c.framework === options.frameworks[0]) : undefined;
  return selected.map((rule) => toPackPolicy(rule, { enforcement: options.enforcement, catalog: only }));
}

/** The PolicyPack arguments: the policies plus the pack-level fallback level. */
export function packArgs(rules: readonly Rule[], catalogs: readonly Catalog[], options: PackOptions): PolicyPackArgs {
  const frameworks = options.frameworks.length > 0 ? options.frameworks.join(', ') : 'all frameworks';
  return {
    policies: packPolicies(rules, catalogs, options),
    enforcementLevel: options.enforcement ?? 'advisory',
    displayName: 'sweep',
    description: `sweep compliance rules (${frameworks}) at deploy time; critical and high severity block by default.`,
    tags: options.frameworks.length > 0 ? [...options.frameworks] : [...FRAMEWORKS],
  };
}
