/**
 * The policy library check: ids, control mappings against the catalogs, and every rule's own
 * examples run through the real runner, including its property fix. A rule that fails here
 * would produce wrong violations or a fix that does not fix.
 */
import { describe, expect, it } from 'vitest';
import { catalogFor, catalogs, controlFor, ruleById, rules } from '../../policies/index.ts';
import { SECRET_MARKER as LIBRARY_SECRET_MARKER } from '../../policies/lib/values.ts';
import { FRAMEWORKS, SEVERITIES, type ExampleResource, type Rule } from '../../policies/rule.ts';
import { createRunner, type EvaluationResult } from '../../src/engine/runner.ts';
import { SECRET_MARKER } from '../../src/sources/resource.ts';
import { configDefaults, exampleDocument, exampleKey, maskLeaves, validationArgs, withProps } from './examples.ts';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function stacksOf(rule: Rule, which: 'pass' | 'fail'): ExampleResource[][] {
  return rule.kind === 'stack' ? rule.examples[which] : rule.examples[which].map((example) => [example]);
}

async function evaluate(rule: Rule, stack: readonly ExampleResource[]): Promise<EvaluationResult> {
  return createRunner([rule]).evaluate(exampleDocument(stack));
}

function describeStack(stack: readonly ExampleResource[]): string {
  return stack.map((example) => `${example.type} ${example.name} ${JSON.stringify(example.props)}`).join('; ');
}

describe('policy library', () => {
  it('has unique, kebab-case rule ids, listed in id order', () => {
    const ids = rules.map((rule) => rule.id);
    expect(new Set(ids).size, 'duplicate rule id').toBe(ids.length);
    for (const id of ids) expect(id, `rule id "${id}" is not kebab-case`).toMatch(KEBAB);
    expect(ids).toEqual([...ids].sort());
  });

  it('has one catalog per framework, each with unique control ids, titles and families', () => {
    expect(catalogs.map((catalog) => catalog.framework).sort()).toEqual([...FRAMEWORKS].sort());
    for (const catalog of catalogs) {
      const ids = catalog.controls.map((control) => control.id);
      expect(new Set(ids).size, `${catalog.framework} repeats a control id`).toBe(ids.length);
      expect(catalog.name).toContain(catalog.version);
      for (const control of catalog.controls) {
        expect(control.title.trim(), `${catalog.framework} ${control.id} has no title`).not.toBe('');
        expect(control.family?.trim(), `${catalog.framework} ${control.id} has no family`).toBeTruthy();
      }
    }
  });

  it('maps every rule only to controls its framework catalog lists', () => {
    for (const rule of rules) {
      expect(rule.controls.length, `${rule.id} maps to no control`).toBeGreaterThan(0);
      for (const { framework, control } of rule.controls) {
        expect(controlFor(framework, control), `${rule.id} maps to ${framework} ${control}, which its catalog lacks`).toBeDefined();
      }
      const pairs = rule.controls.map(({ framework, control }) => `${framework} ${control}`);
      expect(new Set(pairs).size, `${rule.id} lists a control twice`).toBe(pairs.length);
    }
  });

  it('gives every rule its metadata and at least one pass and one fail example', () => {
    for (const rule of rules) {
      expect(SEVERITIES).toContain(rule.severity);
      for (const field of [rule.title, rule.rationale, rule.remediation]) expect(field.trim(), rule.id).not.toBe('');
      expect(rule.resourceTypes.length, `${rule.id} names no resource type`).toBeGreaterThan(0);
      expect(rule.examples.pass.length, `${rule.id} has no pass example`).toBeGreaterThan(0);
      expect(rule.examples.fail.length, `${rule.id} has no fail example`).toBeGreaterThan(0);
      if (rule.template !== undefined) expect(rule.template, rule.id).toMatch(KEBAB);
    }
  });

  it('finds rules by id and catalogs by framework', () => {
    for (const rule of rules) expect(ruleById(rule.id)).toBe(rule);
    expect(ruleById('no-such-rule')).toBeUndefined();
    for (const framework of FRAMEWORKS) expect(catalogFor(framework)?.framework).toBe(framework);
  });

  it('masks secrets with the same marker the sources use', () => {
    expect(LIBRARY_SECRET_MARKER).toBe(SECRET_MARKER);
  });
});

describe.each(rules.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
  it('reports nothing on its pass examples', async () => {
    for (const stack of stacksOf(rule, 'pass')) {
      const result = await evaluate(rule, stack);
      expect(result.failures, describeStack(stack)).toEqual([]);
      expect(result.findings, `pass example reported: ${describeStack(stack)}`).toEqual([]);
    }
  });

  it('reports each fail example with a message', async () => {
    for (const stack of stacksOf(rule, 'fail')) {
      const result = await evaluate(rule, stack);
      expect(result.failures, describeStack(stack)).toEqual([]);
      expect(result.findings.length, `fail example not reported: ${describeStack(stack)}`).toBeGreaterThan(0);
      for (const finding of result.findings) {
        expect(finding.policyId).toBe(rule.id);
        expect(finding.message.length).toBeGreaterThan(10);
        if (rule.kind === 'resource') expect(finding.resourceKey).toBe(exampleKey(stack[0].name));
        else expect(stack.map((example) => exampleKey(example.name))).toContain(finding.resourceKey);
      }
    }
  });

  it('validates synchronously', () => {
    // The runner accepts promises, but a sync validator keeps scans at >100k resources/s.
    if (rule.kind === 'stack') {
      const config = configDefaults(rule);
      const args = { resources: [], stackTags: new Map(), getConfig: <T extends object>() => config as T, notApplicable: () => undefined as never };
      const result = rule.validateStack(args, () => {});
      expect(result, 'validateStack must not return a promise').toBeUndefined();
      return;
    }
    for (const example of rule.examples.fail) {
      for (const validate of [rule.validateResource ?? []].flat()) {
        const result = validate(validationArgs(rule, example), () => {});
        expect(result, 'validateResource must not return a promise').toBeUndefined();
      }
    }
  });

  it('tolerates missing properties and secret-masked values', async () => {
    const variants: ExampleResource[][] = [];
    for (const stack of [...stacksOf(rule, 'fail'), ...stacksOf(rule, 'pass')]) {
      variants.push(stack.map((example) => withProps(example, {})));
      variants.push(stack.map((example) => withProps(example, maskLeaves(example.props, SECRET_MARKER) as Record<string, unknown>)));
    }
    for (const stack of variants) {
      const result = await evaluate(rule, stack);
      expect(result.failures, `validator threw on ${describeStack(stack)}`).toEqual([]);
    }
  });

  // Rules without a property fix are fixed by a template or by hand; only the others get this check.
  const fixable = rule.kind === 'resource' && rule.remediateResource !== undefined ? rule : undefined;
  if (fixable) {
    it('fixes its own violation with the property bag it returns', async () => {
      const rule = fixable;
      if (!rule.remediateResource) throw new Error('unreachable');
      let fixed = 0;
      for (const example of rule.examples.fail) {
        const before = structuredClone(example.props);
        const props = await rule.remediateResource(validationArgs(rule, example));
        expect(example.props, 'remediateResource must not mutate its input').toEqual(before);
        if (props === undefined) continue;
        fixed++;
        const result = await evaluate(rule, [withProps(example, props)]);
        expect(result.failures).toEqual([]);
        expect(result.findings, `fix of ${example.name} left ${JSON.stringify(props)}`).toEqual([]);
      }
      expect(fixed, 'no fail example got a property fix').toBeGreaterThan(0);
    });
  }
});
