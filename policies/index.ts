/**
 * The policy library's registry: every rule and control catalog, listed explicitly (no runtime
 * discovery), so a reader finds a rule by its id and a missing import fails the type-check.
 * `rules` is sorted by id; test/policies checks that, and every rule's ids, controls and examples.
 */
import { awsRules } from './aws/index.ts';
import { azureRules } from './azure/index.ts';
import { gcpRules } from './gcp/index.ts';
import { kubernetesRules } from './kubernetes/index.ts';
import { cisAws } from './catalog/cis-aws.ts';
import { cisKubernetes } from './catalog/cis-kubernetes.ts';
import { hitrust } from './catalog/hitrust.ts';
import { iso27001 } from './catalog/iso-27001.ts';
import { nist80053 } from './catalog/nist-800-53.ts';
import { pciDss } from './catalog/pci-dss.ts';
import { soc2 } from './catalog/soc2.ts';
import type { Catalog, Control } from './catalog/types.ts';
import type { Framework, Rule } from './rule.ts';

export type { Catalog, Control } from './catalog/types.ts';
export type { ControlRef, Framework, ResourceRule, Rule, Severity, StackRule } from './rule.ts';

/** Every rule, sorted by id. */
export const rules: readonly Rule[] = [...awsRules, ...kubernetesRules, ...gcpRules, ...azureRules].sort((a, b) =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
);

/** One catalog per framework key. */
export const catalogs: readonly Catalog[] = [cisAws, cisKubernetes, hitrust, iso27001, nist80053, pciDss, soc2];

const rulesById = new Map(rules.map((rule) => [rule.id, rule]));
const catalogsByFramework = new Map(catalogs.map((catalog) => [catalog.framework, catalog]));

export function ruleById(id: string): Rule | undefined {
  return rulesById.get(id);
}

export function catalogFor(framework: Framework): Catalog | undefined {
  return catalogsByFramework.get(framework);
}

/** The catalog entry a rule's control reference points at, or undefined when the catalog lacks it. */
export function controlFor(framework: Framework, id: string): Control | undefined {
  return catalogFor(framework)?.controls.find((control) => control.id === id);
}
