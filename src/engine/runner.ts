/**
 * sweep's own policy harness. It builds @pulumi/policy's validation args itself instead of
 * starting a PolicyPack (which opens a gRPC server and never exits). Validators are indexed by
 * the type token @pulumi/policy attaches to typed validators (`__pulumiType`), so a resource only
 * meets the validators of its own type and `notApplicable` never has to throw on the hot path.
 *
 * Resource rules run per document (a source's bounded batch); stack rules run once per stack over
 * the resources of the types they declare, which the scan accumulates across the stack's batches.
 */
import type {
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  StackValidationArgs,
} from '@pulumi/policy';
import type { ResourceRule, Rule, Severity, StackRule } from '../../policies/rule.ts';
import type { Resource, SourceDocument } from '../sources/resource.ts';
import { compilePattern, type CompiledPattern } from './patterns.ts';
import { nextTurn } from './turn.ts';

export interface Finding {
  policyId: string;
  resourceKey: string;
  severity: Severity;
  message: string;
}

/** A policy that threw: recorded on the scan, never a crashed scan. */
export interface PolicyFailure {
  policyId: string;
  resourceKey?: string;
  origin: string;
  message: string;
}

/** A (rule, resource) pair the config file took out of the rule's scope: counted and listable. */
export interface Exclusion {
  policyId: string;
  resourceKey: string;
  pattern: string;
}

export interface EvaluationResult {
  findings: Finding[];
  failures: PolicyFailure[];
  exclusions: Exclusion[];
  /** Validator invocations (resource × applicable rule, plus one per stack rule per stack). */
  evaluations: number;
}

/** Per-policy configuration values (`getConfig()`), as a Pulumi policy pack config file gives them. */
export type PolicyConfig = Record<string, Record<string, unknown>>;

/** Which resources a rule applies to, by name (or key, for patterns with a colon). */
export interface RuleScope {
  include?: string[];
  exclude?: string[];
}

export interface RunnerOptions {
  config?: PolicyConfig;
  scopes?: Record<string, RuleScope>;
}

export interface StackInfo {
  scope: string;
  origin: string;
  tags?: Record<string, string>;
}

interface IndexedValidator {
  rule: ResourceRule;
  validate: ResourceValidation;
}

class NotApplicable extends Error {}

const defaultOptions: PolicyResourceOptions = Object.freeze({
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
}) as PolicyResourceOptions;

function typeOfClass(resourceClass: unknown): unknown {
  return (resourceClass as { __pulumiType?: unknown }).__pulumiType;
}

function notApplicable(reason?: string): never {
  throw new NotApplicable(reason ?? 'not applicable');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

/** The urn a policy sees: the real one for Pulumi resources, the stable key for everything else. */
export function policyUrn(resource: Resource): string {
  return resource.urn ?? resource.key;
}

function configFor(rule: Rule, config: PolicyConfig): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(rule.configSchema?.properties ?? {})) {
    const value = (schema as { default?: unknown }).default;
    if (value !== undefined) defaults[name] = value;
  }
  return { ...defaults, ...(config[rule.id] ?? {}) };
}

/**
 * The validation args a rule sees for one resource outside a scan: what the fixers hand
 * `remediateResource` (config defaults from the rule's schema, overridden by `config`), so a fix
 * is computed with exactly the settings the violation was found with.
 */
export function validationArgsFor(
  resource: Pick<Resource, 'key' | 'type' | 'name' | 'props'> & { urn?: string },
  rule: Rule,
  config: PolicyConfig = {},
  stackTags: Record<string, string> = {},
): ResourceValidationArgs {
  const settings = configFor(rule, config);
  const props = resource.props as Record<string, any>;
  return {
    type: resource.type,
    props,
    urn: resource.urn ?? resource.key,
    name: resource.name,
    opts: defaultOptions,
    stackTags: new Map(Object.entries(stackTags)),
    isType: (resourceClass) => typeOfClass(resourceClass) === resource.type,
    asType: (resourceClass) => (typeOfClass(resourceClass) === resource.type ? (props as any) : undefined),
    getConfig: <T extends object>() => settings as T,
    notApplicable,
  };
}

/**
 * The args one resource's validators see during a scan. A class, not an object literal of arrow
 * functions: a scan builds one per resource, and methods on the prototype cost nothing per
 * instance. Remediation keeps the plain object of validationArgsFor: policies/pack/remediate.ts
 * copies its args with a spread, which prototype methods would not survive.
 */
class ResourceArgs implements ResourceValidationArgs {
  readonly type: string;
  readonly props: Record<string, any>;
  readonly urn: string;
  readonly name: string;
  readonly opts = defaultOptions;
  readonly notApplicable = notApplicable;
  /** The settings of the rule being evaluated (set before each validator runs). */
  config: Record<string, unknown> = {};

  constructor(
    resource: Resource,
    readonly stackTags: ReadonlyMap<string, string>,
  ) {
    this.type = resource.type;
    this.props = resource.props as Record<string, any>;
    this.urn = policyUrn(resource);
    this.name = resource.name;
  }

  isType(resourceClass: unknown): boolean {
    return typeOfClass(resourceClass) === this.type;
  }

  asType(resourceClass: unknown): any {
    return typeOfClass(resourceClass) === this.type ? this.props : undefined;
  }

  getConfig<T extends object>(): T {
    return this.config as T;
  }
}

/** A rule's report callback for one resource. */
function reporter(findings: Finding[], rule: Rule, resourceKey: string): ReportViolation {
  return (message) => {
    findings.push({ policyId: rule.id, resourceKey, severity: rule.severity, message });
  };
}

/** Decides, per rule, whether a resource is in scope; returns the pattern that excluded it. */
type ScopeCheck = (resource: Resource) => string | undefined;

function scopeCheck(scope: RuleScope | undefined): ScopeCheck | undefined {
  if (!scope || (!scope.include?.length && !scope.exclude?.length)) return undefined;
  const include = (scope.include ?? []).map(compilePattern);
  const exclude = (scope.exclude ?? []).map(compilePattern);
  const first = (patterns: CompiledPattern[], resource: Resource) => patterns.find((p) => p.test(resource.name, resource.key));
  return (resource) => {
    if (include.length > 0 && !first(include, resource)) return `not in include: ${include.map((p) => p.source).join(', ')}`;
    return first(exclude, resource)?.source;
  };
}

export interface Runner {
  readonly rules: readonly Rule[];
  /** Types some stack rule declares: the only resources a scan keeps for `evaluateStack`. */
  readonly stackTypes: ReadonlySet<string>;
  evaluateResources(document: SourceDocument): Promise<EvaluationResult>;
  evaluateStack(stack: StackInfo, resources: readonly Resource[]): Promise<EvaluationResult>;
  /** Both, for a document that holds a whole stack. */
  evaluate(document: SourceDocument): Promise<EvaluationResult>;
}

export function createRunner(rules: readonly Rule[], options: RunnerOptions = {}): Runner {
  const byType = new Map<string, IndexedValidator[]>();
  const untyped: IndexedValidator[] = [];
  const stackRules: StackRule[] = [];
  const configs = new Map(rules.map((rule) => [rule.id, configFor(rule, options.config ?? {})]));
  const scopes = new Map(rules.map((rule) => [rule.id, scopeCheck(options.scopes?.[rule.id])]));
  const stackTypes = new Set<string>();

  for (const rule of rules) {
    if (rule.kind === 'stack') {
      stackRules.push(rule);
      for (const type of rule.resourceTypes) stackTypes.add(type);
      continue;
    }
    const validators = rule.validateResource === undefined ? [] : [rule.validateResource].flat();
    for (const validate of validators) {
      const type = typeOfClass(validate);
      if (typeof type !== 'string') {
        untyped.push({ rule, validate });
        continue;
      }
      const list = byType.get(type) ?? [];
      list.push({ rule, validate });
      byType.set(type, list);
    }
  }

  async function evaluateResources(document: SourceDocument): Promise<EvaluationResult> {
    const result: EvaluationResult = { findings: [], failures: [], exclusions: [], evaluations: 0 };
    const pending: Promise<void>[] = [];
    const stackTags: ReadonlyMap<string, string> = new Map(Object.entries(document.stack?.tags ?? {}));
    const fail = (rule: Rule, error: unknown, resourceKey: string) => {
      if (error instanceof NotApplicable) return;
      result.failures.push({ policyId: rule.id, resourceKey, origin: document.origin, message: errorMessage(error) });
    };

    for (const resource of document.resources) {
      if (resource.role !== 'custom') continue;
      const validators = byType.get(resource.type);
      if (validators === undefined && untyped.length === 0) continue;
      const args = new ResourceArgs(resource, stackTags);
      for (const validator of validators === undefined ? untyped : untyped.length === 0 ? validators : [...validators, ...untyped]) {
        const rule = validator.rule;
        const excludedBy = scopes.get(rule.id)?.(resource);
        if (excludedBy !== undefined) {
          result.exclusions.push({ policyId: rule.id, resourceKey: resource.key, pattern: excludedBy });
          continue;
        }
        args.config = configs.get(rule.id) ?? {};
        result.evaluations++;
        try {
          const outcome = validator.validate(args, reporter(result.findings, rule, resource.key));
          if (isPromise(outcome)) pending.push(outcome.then(undefined, (error) => fail(rule, error, resource.key)));
        } catch (error) {
          fail(rule, error, resource.key);
        }
      }
    }
    await Promise.all(pending);
    result.findings = dedupe(result.findings);
    return result;
  }

  async function evaluateStack(stack: StackInfo, resources: readonly Resource[]): Promise<EvaluationResult> {
    const result: EvaluationResult = { findings: [], failures: [], exclusions: [], evaluations: 0 };
    const evaluated = resources.filter((resource) => resource.role === 'custom');
    if (stackRules.length === 0 || evaluated.length === 0) return result;
    const byUrn = new Map(evaluated.map((resource) => [policyUrn(resource), resource]));
    const policyResources = toPolicyResources(evaluated);
    const rootKey = `${stack.scope}:stack`;
    const stackTags: ReadonlyMap<string, string> = new Map(Object.entries(stack.tags ?? {}));
    const pending: Promise<void>[] = [];
    const fail = (rule: Rule, error: unknown) => {
      if (error instanceof NotApplicable) return;
      result.failures.push({ policyId: rule.id, origin: stack.origin, message: errorMessage(error) });
    };
    for (const rule of stackRules) {
      // Each stack rule reads the whole stack; a turn between them keeps a scan's writes moving.
      await nextTurn();
      const types = new Set(rule.resourceTypes);
      const args: StackValidationArgs = {
        resources: policyResources.filter((resource) => types.has(resource.type)),
        stackTags,
        getConfig: <T extends object>() => (configs.get(rule.id) ?? {}) as T,
        notApplicable,
      };
      const inScope = scopes.get(rule.id);
      const report: ReportViolation = (message, urn) => {
        const resource = urn === undefined ? undefined : byUrn.get(urn);
        const excludedBy = resource && inScope?.(resource);
        if (resource && excludedBy !== undefined) {
          result.exclusions.push({ policyId: rule.id, resourceKey: resource.key, pattern: excludedBy });
          return;
        }
        result.findings.push({ policyId: rule.id, resourceKey: resource?.key ?? rootKey, severity: rule.severity, message });
      };
      result.evaluations++;
      try {
        const outcome = rule.validateStack(args, report);
        if (isPromise(outcome)) pending.push(outcome.then(undefined, (error) => fail(rule, error)));
      } catch (error) {
        fail(rule, error);
      }
    }
    await Promise.all(pending);
    result.findings = dedupe(result.findings);
    return result;
  }

  async function evaluate(document: SourceDocument): Promise<EvaluationResult> {
    const own = await evaluateResources(document);
    const stack = await evaluateStack(
      { scope: document.scope, origin: document.origin, tags: document.stack?.tags },
      document.resources.filter((resource) => stackTypes.has(resource.type)),
    );
    return {
      findings: [...own.findings, ...stack.findings],
      failures: [...own.failures, ...stack.failures],
      exclusions: [...own.exclusions, ...stack.exclusions],
      evaluations: own.evaluations + stack.evaluations,
    };
  }

  return { rules, stackTypes, evaluateResources, evaluateStack, evaluate };
}

/** A rule may report the same resource twice (two validators, two messages): one violation, first message wins. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const id = `${finding.policyId}\u0000${finding.resourceKey}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function toPolicyResources(resources: Resource[]): PolicyResource[] {
  const byKey = new Map<string, PolicyResource>();
  for (const resource of resources) {
    const type = resource.type;
    const props = resource.props as Record<string, any>;
    byKey.set(resource.key, {
      type,
      props,
      urn: policyUrn(resource),
      name: resource.name,
      opts: defaultOptions,
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass) => typeOfClass(resourceClass) === type,
      asType: (resourceClass) => (typeOfClass(resourceClass) === type ? (props as any) : undefined),
    });
  }
  const resolve = (keys: readonly string[] | undefined) =>
    (keys ?? []).map((key) => byKey.get(key)).filter((found): found is PolicyResource => found !== undefined);
  for (const resource of resources) {
    const policyResource = byKey.get(resource.key)!;
    const parent = resource.parentKey === undefined ? undefined : byKey.get(resource.parentKey);
    if (parent) policyResource.parent = parent;
    if (resource.dependencies) policyResource.dependencies = resolve(resource.dependencies);
    if (resource.propertyDependencies) {
      policyResource.propertyDependencies = Object.fromEntries(
        Object.entries(resource.propertyDependencies).map(([property, keys]) => [property, resolve(keys)]),
      );
    }
  }
  return [...byKey.values()];
}
