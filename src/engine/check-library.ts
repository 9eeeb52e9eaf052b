/**
 * The policy library's own gate: ids, catalogs, control mappings, and every rule's examples and
 * property fix run through sweep's real runner. `scripts/check-library.ts` prints the problems
 * for CI (one line each, non-zero exit); test/policies/check-library.test.ts runs the same
 * functions on the real library and on deliberately broken ones. Expected failures are values
 * with a stable code, never exceptions: a rule that throws is reported as `example-threw`.
 */
import type { PolicyResourceOptions, ResourceValidationArgs } from '@pulumi/policy';
import type { Catalog } from '../../policies/catalog/types.ts';
import type { ExampleResource, ResourceRule, Rule } from '../../policies/rule.ts';
import type { CloudProvider, Resource, SourceDocument } from '../sources/resource.ts';
import { createRunner, type EvaluationResult } from './runner.ts';

export type ProblemCode =
  | 'duplicate-rule-id'
  | 'invalid-rule-id'
  | 'duplicate-catalog'
  | 'duplicate-control'
  | 'unknown-control'
  | 'missing-examples'
  | 'pass-example-reported'
  | 'fail-example-not-reported'
  | 'example-threw'
  | 'fix-not-clearing'
  | 'fix-threw'
  | 'fix-unused';

export interface Problem {
  code: ProblemCode;
  /** The rule at fault, when one is. */
  ruleId?: string;
  /** The catalog at fault, when one is. */
  framework?: string;
  message: string;
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SCOPE = 'check:example';

/** One line per problem: `<rule or framework>: <code>: <message>`. */
export function formatProblem(problem: Problem): string {
  return `${problem.ruleId ?? problem.framework ?? 'library'}: ${problem.code}: ${problem.message}`;
}

export function checkIds(rules: readonly Rule[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) problems.push({ code: 'duplicate-rule-id', ruleId: rule.id, message: 'another rule has the same id' });
    seen.add(rule.id);
    if (!KEBAB.test(rule.id)) {
      problems.push({ code: 'invalid-rule-id', ruleId: rule.id, message: 'ids are kebab-case: lowercase letters and digits joined by single hyphens' });
    }
  }
  return problems;
}

export function checkCatalogs(catalogs: readonly Catalog[]): Problem[] {
  const problems: Problem[] = [];
  const frameworks = new Set<string>();
  for (const catalog of catalogs) {
    if (frameworks.has(catalog.framework)) {
      problems.push({ code: 'duplicate-catalog', framework: catalog.framework, message: `two catalogs claim framework ${catalog.framework}` });
    }
    frameworks.add(catalog.framework);
    const ids = new Set<string>();
    for (const control of catalog.controls) {
      if (ids.has(control.id)) problems.push({ code: 'duplicate-control', framework: catalog.framework, message: `control ${control.id} is listed twice` });
      ids.add(control.id);
    }
  }
  return problems;
}

/** Every control a rule maps to exists in its framework's catalog. */
export function checkControls(rules: readonly Rule[], catalogs: readonly Catalog[]): Problem[] {
  const problems: Problem[] = [];
  const byFramework = new Map<string, Catalog>();
  for (const catalog of catalogs) if (!byFramework.has(catalog.framework)) byFramework.set(catalog.framework, catalog);
  for (const rule of rules) {
    for (const { framework, control } of rule.controls) {
      const catalog = byFramework.get(framework);
      if (!catalog) {
        problems.push({ code: 'unknown-control', ruleId: rule.id, message: `maps to ${framework} ${control}, but there is no ${framework} catalog` });
      } else if (!catalog.controls.some((c) => c.id === control)) {
        problems.push({ code: 'unknown-control', ruleId: rule.id, message: `maps to ${framework} ${control}, which the ${catalog.name} catalog lacks` });
      }
    }
  }
  return problems;
}

function providerOf(type: string): CloudProvider {
  const prefix = type.split(':')[0];
  if (prefix === 'aws' || prefix === 'gcp' || prefix === 'kubernetes') return prefix;
  return prefix.startsWith('azure') ? 'azure' : 'other';
}

function exampleKey(name: string): string {
  return `${SCOPE}:${name}`;
}

function exampleDocument(examples: readonly ExampleResource[]): SourceDocument {
  const resources: Resource[] = examples.map((example) => ({
    key: exampleKey(example.name),
    type: example.type,
    nativeType: example.type,
    name: example.name,
    provider: providerOf(example.type),
    props: example.props,
    tags: {},
    iac: { kind: 'none' },
    role: 'custom',
    source: 'example',
  }));
  return { origin: 'examples', scope: SCOPE, resources };
}

function stacksOf(rule: Rule, which: 'pass' | 'fail'): ExampleResource[][] {
  return rule.kind === 'stack' ? rule.examples[which] : rule.examples[which].map((example) => [example]);
}

function describeStack(stack: readonly ExampleResource[]): string {
  return stack.map((example) => `${example.type} "${example.name}"`).join(' + ');
}

function evaluate(rule: Rule, stack: readonly ExampleResource[]): Promise<EvaluationResult> {
  return createRunner([rule]).evaluate(exampleDocument(stack));
}

/** Each rule has a pass and a fail example; pass examples report nothing, fail examples report. */
export async function checkExamples(rules: readonly Rule[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const rule of rules) {
    if (rule.examples.pass.length === 0 || rule.examples.fail.length === 0) {
      const missing = rule.examples.pass.length === 0 ? 'pass' : 'fail';
      problems.push({ code: 'missing-examples', ruleId: rule.id, message: `has no ${missing} example (each rule needs at least one of each)` });
    }
    for (const which of ['pass', 'fail'] as const) {
      for (const stack of stacksOf(rule, which)) {
        const result = await evaluate(rule, stack);
        for (const failure of result.failures) {
          problems.push({ code: 'example-threw', ruleId: rule.id, message: `threw on ${which} example ${describeStack(stack)}: ${failure.message}` });
        }
        if (result.failures.length > 0) continue;
        if (which === 'pass' && result.findings.length > 0) {
          const message = result.findings[0].message;
          problems.push({ code: 'pass-example-reported', ruleId: rule.id, message: `pass example ${describeStack(stack)} reported: ${message}` });
        }
        if (which === 'fail' && result.findings.length === 0) {
          problems.push({ code: 'fail-example-not-reported', ruleId: rule.id, message: `fail example ${describeStack(stack)} reported nothing` });
        }
      }
    }
  }
  return problems;
}

const OPTIONS = Object.freeze({
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
}) as PolicyResourceOptions;

/** What the runner passes as config when none is given: each configSchema property's default. */
function configDefaults(rule: Rule): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(rule.configSchema?.properties ?? {})) {
    const value = (schema as { default?: unknown }).default;
    if (value !== undefined) defaults[name] = value;
  }
  return defaults;
}

function remediationArgs(rule: ResourceRule, example: ExampleResource): ResourceValidationArgs {
  const config = configDefaults(rule);
  const typeOf = (resourceClass: unknown) => (resourceClass as { __pulumiType?: unknown }).__pulumiType;
  const props = structuredClone(example.props) as Record<string, any>;
  return {
    type: example.type,
    props,
    urn: exampleKey(example.name),
    name: example.name,
    opts: OPTIONS,
    stackTags: new Map(),
    isType: (resourceClass) => typeOf(resourceClass) === example.type,
    asType: (resourceClass) => (typeOf(resourceClass) === example.type ? (props as any) : undefined),
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`not applicable: ${reason ?? ''}`);
    },
  };
}

/**
 * A rule's property fix, applied to each of its fail examples, leaves a resource the rule no longer
 * reports; and it applies to at least one of them (else the rule should not claim a property fix).
 */
export async function checkFixes(rules: readonly Rule[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const rule of rules) {
    if (rule.kind !== 'resource' || rule.remediateResource === undefined) continue;
    let applied = 0;
    for (const example of rule.examples.fail) {
      let props: Record<string, any> | void | undefined;
      try {
        props = await rule.remediateResource(remediationArgs(rule, example));
      } catch (error) {
        problems.push({ code: 'fix-threw', ruleId: rule.id, message: `remediateResource threw on "${example.name}": ${(error as Error)?.message ?? error}` });
        continue;
      }
      if (props === undefined) continue;
      applied++;
      const result = await evaluate(rule, [{ ...example, props }]);
      if (result.failures.length > 0 || result.findings.length > 0) {
        const still = result.failures[0]?.message ?? result.findings[0].message;
        problems.push({ code: 'fix-not-clearing', ruleId: rule.id, message: `fixed "${example.name}" still fails: ${still}` });
      }
    }
    if (applied === 0 && rule.examples.fail.length > 0) {
      problems.push({ code: 'fix-unused', ruleId: rule.id, message: 'has remediateResource but fixes none of its fail examples' });
    }
  }
  return problems;
}

/** Every check, in a stable order: ids, catalogs, mappings, examples, fixes. */
export async function checkLibrary(rules: readonly Rule[], catalogs: readonly Catalog[]): Promise<Problem[]> {
  return [
    ...checkIds(rules),
    ...checkCatalogs(catalogs),
    ...checkControls(rules, catalogs),
    ...(await checkExamples(rules)),
    ...(await checkFixes(rules)),
  ];
}
