import { SEVERITIES, type Framework, type Rule, type Severity } from '../../policies/rule.ts';
import { usageError } from '../errors.ts';

export interface RuleSelection {
  /** Frameworks (`--pack`): a rule is selected when it maps to any of them. Empty = all. */
  packs?: Framework[];
  policies?: string[];
  excludePolicies?: string[];
  /** Minimum severity. */
  severity?: Severity;
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

/** The rules a scan runs. Unknown policy ids are a usage error, not an empty scan. */
export function selectRules(rules: readonly Rule[], selection: RuleSelection): Rule[] {
  const known = new Set(rules.map((rule) => rule.id));
  for (const id of [...(selection.policies ?? []), ...(selection.excludePolicies ?? [])]) {
    if (!known.has(id)) throw usageError(`unknown policy "${id}"`, 'run `sweep policies` to list policy ids');
  }
  const packs = new Set(selection.packs ?? []);
  const only = new Set(selection.policies ?? []);
  const excluded = new Set(selection.excludePolicies ?? []);
  const minimum = selection.severity ? severityRank(selection.severity) : 0;
  return rules.filter(
    (rule) =>
      (packs.size === 0 || rule.controls.some((control) => packs.has(control.framework))) &&
      (only.size === 0 || only.has(rule.id)) &&
      !excluded.has(rule.id) &&
      severityRank(rule.severity) >= minimum,
  );
}
