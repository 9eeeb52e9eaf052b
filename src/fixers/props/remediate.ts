/**
 * Runs a rule's `remediateResource` on a scanned resource, with the validation args sweep's own
 * runner would build (same config defaults and overrides), and checks what comes back.
 */
import type { Rule } from '../../../policies/rule.ts';
import { validationArgsFor, type PolicyConfig } from '../../engine/runner.ts';
import { SECRET_MARKER } from '../../sources/resource.ts';
import type { FixTarget } from '../types.ts';
import { decline, type Decline } from './decline.ts';
import { containsMarker, diffProps, isPlainObject, pathText, writtenValue, type PropertyChange } from './diff.ts';

export interface PropertyFix {
  ok: true;
  /** The whole fixed bag, as the rule returned it. */
  props: Record<string, unknown>;
  changes: PropertyChange[];
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The rule's fixed bag for the target and the changes it makes, or why there is none to apply. */
export async function remediateTarget(rule: Rule, target: FixTarget, config: PolicyConfig = {}): Promise<PropertyFix | Decline> {
  const { resource } = target;
  if (rule.kind !== 'resource' || typeof rule.remediateResource !== 'function') {
    return decline('no-property-fix', `policy ${rule.id} has no property-level fix (remediateResource)`);
  }
  if (!rule.resourceTypes.includes(resource.type)) {
    return decline('not-applicable', `policy ${rule.id} does not apply to ${resource.type} "${resource.name}"`);
  }
  // A copy: a rule that mutates its input must not change what the scan stored.
  const props = structuredClone(resource.props);
  let result: unknown;
  try {
    result = await rule.remediateResource(validationArgsFor({ ...resource, props }, rule, config));
  } catch (error) {
    return decline('remediation-failed', `policy ${rule.id}'s fix threw on "${resource.name}": ${message(error)}`);
  }
  if (result === undefined || result === null) {
    return decline(
      'remediation-declined',
      `policy ${rule.id} has no deterministic fix for "${resource.name}" (${target.message}); it needs a person or the llm strategy`,
    );
  }
  if (!isPlainObject(result)) return decline('remediation-failed', `policy ${rule.id}'s fix returned a ${typeof result}, not a property bag`);
  const changes = diffProps(resource.props, result);
  if (changes.length === 0) {
    return decline('no-change', `policy ${rule.id}'s fix leaves "${resource.name}" as scanned; the violation may be stale (rescan first)`);
  }
  const secret = changes.find((change) => containsMarker(writtenValue(change), SECRET_MARKER));
  if (secret) {
    return decline(
      'secret-value',
      `the fix for "${resource.name}" would write the secret marker into ${pathText(secret.path)}; secrets are never written into code`,
    );
  }
  return { ok: true, props: result, changes };
}
