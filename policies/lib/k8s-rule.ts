/**
 * Rules over several Kubernetes kinds at once. One concern (say, privileged containers) applies
 * to every kind that embeds a pod template, but `tokenRule` takes one type token. `kindsRule`
 * builds one rule whose `validateResource` is an array with one validator per token, each
 * carrying `__pulumiType` (so sweep's runner indexes it by type, as @pulumi/policy's typed
 * validators are) and checking `args.type` itself (so the Pulumi CLI, which calls every validator
 * for every resource, gets the same answers). `remediateResource` is one function that dispatches
 * on `args.type`: @pulumi/policy allows one remediation per policy. It runs `remediate` only for a
 * resource the rule's own validator reports.
 *
 * `resourceType` (singular, required by ResourceRule) is the first token; `resourceTypes` lists
 * them all and is what listings and the policies table show.
 */
import type { PolicyConfigSchema, ReportViolation, ResourceValidationArgs } from '@pulumi/policy';
import { policyFields, type ResourceExamples, type ResourceRule, type RuleMeta } from '../rule.ts';

export function kindsRule<TProps extends Record<string, any>>(
  spec: Omit<RuleMeta, 'resourceTypes'> & {
    resourceTypes: readonly string[];
    configSchema?: PolicyConfigSchema;
    validate: (props: Partial<TProps>, args: ResourceValidationArgs, report: ReportViolation) => void;
    remediate?: (props: Partial<TProps>, args: ResourceValidationArgs) => Record<string, any> | undefined;
    examples: ResourceExamples;
  },
): ResourceRule {
  const { resourceTypes, validate, remediate, ...meta } = spec;
  if (resourceTypes.length === 0) throw new Error(`rule ${meta.id} names no resource type`);
  const types = new Set(resourceTypes);
  const validateResource = resourceTypes.map((type) =>
    Object.assign(
      (args: ResourceValidationArgs, report: ReportViolation) => {
        if (args.type === type) validate(args.props as Partial<TProps>, args, report);
      },
      { __pulumiType: type },
    ),
  );
  // The Pulumi CLI calls a remediation for every resource, compliant or not: only a resource the
  // rule reports gets a new property bag, so a fix never rewrites settings that already pass.
  const remediateResource = remediate
    ? (args: ResourceValidationArgs) => {
        if (!types.has(args.type)) return undefined;
        let violated = false;
        validate(args.props as Partial<TProps>, args, () => {
          violated = true;
        });
        return violated ? remediate(args.props as Partial<TProps>, args) : undefined;
      }
    : undefined;
  return {
    ...meta,
    kind: 'resource',
    ...policyFields(meta),
    resourceType: resourceTypes[0],
    resourceTypes: [...resourceTypes],
    validateResource,
    ...(remediateResource ? { remediateResource } : {}),
  };
}
