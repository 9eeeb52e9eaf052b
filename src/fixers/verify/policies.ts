/**
 * The `policies` layer: runs every rule (not only the group's) over the baseline and the changed
 * program, mapped exactly as the pulumi-program source maps them, and compares the findings.
 * A fix passes when each target violation is gone and nothing is reported after the fix that
 * was not reported before, anywhere in the program: fixing one resource by breaking another is
 * the deceptive fix this layer exists to catch.
 */
import type { Rule } from '../../../policies/rule.ts';
import { createRunner, type Finding, type PolicyFailure, type RunnerOptions } from '../../engine/runner.ts';
import { toStackExport, type ProgramCapture } from '../../sources/pulumi-program/index.ts';
import { mapDeployment } from '../../sources/pulumi-state/map.ts';
import type { Resource } from '../../sources/resource.ts';
import type { FixTarget, IntendedChange } from '../types.ts';

export interface CaptureEvaluation {
  findings: Finding[];
  failures: PolicyFailure[];
  /** Canonical resources by key, to name a finding's resource. */
  resources: Map<string, Resource>;
}

export async function evaluateCapture(capture: ProgramCapture, rules: readonly Rule[], options: RunnerOptions = {}): Promise<CaptureEvaluation> {
  const runner = createRunner(rules, options);
  const documents = mapDeployment(toStackExport(capture).deployment, { origin: capture.dir, source: 'pulumi-program', repo: capture.dir });
  const evaluation: CaptureEvaluation = { findings: [], failures: [], resources: new Map() };
  for (const document of documents) {
    const result = await runner.evaluate(document);
    evaluation.findings.push(...result.findings);
    evaluation.failures.push(...result.failures);
    for (const resource of document.resources) evaluation.resources.set(resource.key, resource);
  }
  return evaluation;
}

export interface PolicyComparison {
  ok: boolean;
  detail: string;
  reason?: string;
}

function findingId(policyId: string, resourceKey: string | undefined): string {
  return `${policyId}\u0000${resourceKey ?? ''}`;
}

function describeFinding(finding: Finding, evaluation: CaptureEvaluation): string {
  const resource = evaluation.resources.get(finding.resourceKey);
  const what = resource ? `${resource.name} (${resource.type})` : finding.resourceKey;
  return `${finding.policyId} on ${what}: ${finding.message}`;
}

/**
 * The urn each target is checked on after the fix. A target scanned from the program or its
 * stack has its urn; one without (an unmanaged resource the fix imports) is looked for among
 * the resources the fix adds, by type, then by name.
 */
function targetUrn(target: FixTarget, intended: IntendedChange, after: CaptureEvaluation): string | undefined {
  if (target.resource.urn) return target.resource.urn;
  const added = [...after.resources.values()].filter((resource) => resource.urn && intended.added.includes(resource.urn) && resource.type === target.resource.type);
  if (added.length === 1) return added[0].urn;
  return added.find((resource) => resource.name === target.resource.name)?.urn;
}

export function comparePolicies(
  targets: readonly FixTarget[],
  intended: IntendedChange,
  before: CaptureEvaluation,
  after: CaptureEvaluation,
): PolicyComparison {
  const urnOfKey = (evaluation: CaptureEvaluation, key: string) => evaluation.resources.get(key)?.urn ?? key;
  const afterByUrn = new Map(after.findings.map((finding) => [findingId(finding.policyId, urnOfKey(after, finding.resourceKey)), finding]));

  const remaining: string[] = [];
  const unlocated: string[] = [];
  const urnsBefore = new Set([...before.resources.values()].map((resource) => resource.urn));
  const urnsAfter = new Set([...after.resources.values()].map((resource) => resource.urn));
  for (const target of targets) {
    const urn = targetUrn(target, intended, after);
    // A urn the program never registered (another stack or project name) would pass as "gone": refuse it.
    // One registered before and not after was removed; the diff layer names that.
    if (urn === undefined || (!urnsAfter.has(urn) && !urnsBefore.has(urn))) {
      unlocated.push(`${target.policyId} on ${target.resource.name}${urn ? ` (${urn})` : ''}`);
      continue;
    }
    const finding = afterByUrn.get(findingId(target.policyId, urn));
    if (finding) remaining.push(describeFinding(finding, after));
  }
  if (unlocated.length > 0) {
    const listed = unlocated.join('; ');
    return {
      ok: false,
      detail: `the program does not register the target resource: ${listed}`,
      reason: `cannot check the target violation, the program does not register its resource (${listed}); is the program captured as the target's stack and project?`,
    };
  }
  if (remaining.length > 0) {
    return { ok: false, detail: `target violation still present: ${remaining.join('; ')}`, reason: `the target violation is still reported after the fix: ${remaining.join('; ')}` };
  }

  const existed = new Set(before.findings.map((finding) => findingId(finding.policyId, urnOfKey(before, finding.resourceKey))));
  const introduced = after.findings.filter((finding) => !existed.has(findingId(finding.policyId, urnOfKey(after, finding.resourceKey))));
  if (introduced.length > 0) {
    const listed = introduced.slice(0, 3).map((finding) => describeFinding(finding, after)).join('; ');
    return { ok: false, detail: `${introduced.length} new violation(s): ${listed}`, reason: `the fix introduces a violation that did not exist before: ${listed}` };
  }

  // A rule that throws on the changed program could be hiding a violation: not proof of a clean result.
  const failedBefore = new Set(before.failures.map((failure) => findingId(failure.policyId, failure.resourceKey && urnOfKey(before, failure.resourceKey))));
  const newFailures = after.failures.filter((failure) => !failedBefore.has(findingId(failure.policyId, failure.resourceKey && urnOfKey(after, failure.resourceKey))));
  if (newFailures.length > 0) {
    const listed = newFailures.slice(0, 3).map((failure) => `${failure.policyId}: ${failure.message}`).join('; ');
    return { ok: false, detail: `policy evaluation failed after the fix: ${listed}`, reason: `a policy fails to evaluate on the changed program: ${listed}` };
  }
  const resolved = before.findings.length - (after.findings.length - introduced.length);
  return {
    ok: true,
    detail: `${targets.length} target violation(s) gone; ${after.findings.length} violation(s) after vs ${before.findings.length} before (${resolved} resolved), none new; ${after.resources.size} resources, all rules`,
  };
}
