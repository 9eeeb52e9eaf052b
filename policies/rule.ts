/**
 * What a rule is: a plain @pulumi/policy policy object (so the same object runs in the Pulumi CLI
 * through policies/pack) plus sweep's metadata as typed data. No engine code lives here.
 */
import {
  remediateResourceOfType,
  validateResourceOfType,
  type EnforcementLevel,
  type PolicyConfigSchema,
  type ReportViolation,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationArgs,
  type StackValidationPolicy,
} from '@pulumi/policy';
import type { Resource as PulumiResource, Unwrap } from '@pulumi/pulumi';

export const FRAMEWORKS = ['cis-aws', 'cis-kubernetes', 'nist-800-53', 'pci-dss', 'hitrust', 'iso-27001', 'soc2'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One control a rule helps satisfy, with the id exactly as the standard writes it (`2.1.1`, `SC-28`, `A.8.24`). */
export interface ControlRef {
  framework: Framework;
  control: string;
}

/** A resource as a rule's examples describe it: enough for any harness to build validation args. */
export interface ExampleResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
}

export interface RuleMeta {
  /** kebab-case, unique, stable: it is part of every violation fingerprint. */
  id: string;
  title: string;
  severity: Severity;
  /** Why the finding matters (shown to auditors and in PR bodies). */
  rationale: string;
  /** What to change, in words (the fixers do it in code). */
  remediation: string;
  controls: ControlRef[];
  /** Pulumi type tokens the rule looks at. */
  resourceTypes: string[];
  /** For rules fixed by adding a companion resource: the template that does it. */
  template?: string;
}

/** Resource rules: a passing and a failing example, each one resource. */
export interface ResourceExamples {
  pass: ExampleResource[];
  fail: ExampleResource[];
}

/** Stack rules: each example is a whole (small) stack. */
export interface StackExamples {
  pass: ExampleResource[][];
  fail: ExampleResource[][];
}

/**
 * What a rule file declares when a factory in policies/lib supplies the logic: its own metadata and
 * examples, as data. The factory adds the resource type, the validator, the fix and any config.
 */
export type RuleDeclaration = Omit<RuleMeta, 'resourceTypes'> & { examples: ResourceExamples };

export type ResourceRule = ResourceValidationPolicy &
  RuleMeta & { kind: 'resource'; resourceType: string; examples: ResourceExamples };
export type StackRule = StackValidationPolicy & RuleMeta & { kind: 'stack'; examples: StackExamples };
export type Rule = ResourceRule | StackRule;

export type ResourceClass<TResource extends PulumiResource, TArgs> = {
  new (name: string, args: TArgs, ...rest: any[]): TResource;
};

/** A declaration whose rule file also names the resource class (`aws.rds.Cluster`) the factory's check applies to. */
export type ClassRuleDeclaration<TResource extends PulumiResource, TArgs> = RuleDeclaration & { resource: ResourceClass<TResource, TArgs> };

/** Critical and high block a deployment by default; the rest advise. */
export function defaultEnforcement(severity: Severity): EnforcementLevel {
  return severity === 'critical' || severity === 'high' ? 'mandatory' : 'advisory';
}

/** The fields @pulumi/policy reads, derived from the metadata so the two never disagree. */
export function policyFields(
  meta: Pick<RuleMeta, 'id' | 'title' | 'remediation' | 'severity'>,
): Pick<ResourceValidationPolicy, 'name' | 'description' | 'remediationSteps' | 'enforcementLevel'> {
  return {
    name: meta.id,
    description: meta.title,
    remediationSteps: meta.remediation,
    enforcementLevel: defaultEnforcement(meta.severity),
  };
}

function pulumiTypeOf(resourceClass: unknown): string {
  const type = (resourceClass as { __pulumiType?: unknown }).__pulumiType;
  if (typeof type !== 'string' || type === '') throw new Error('resource class has no __pulumiType');
  return type;
}

/**
 * Builds a rule over one resource type. `validate` gets the typed input props; `remediate`, where a
 * change of the resource's own properties fixes it, returns the whole new property bag.
 */
export function resourceRule<TResource extends PulumiResource, TArgs>(
  spec: Omit<RuleMeta, 'resourceTypes'> & {
    /** Settings the rule reads through `args.getConfig()`; each property's `default` is what the runner passes. */
    configSchema?: PolicyConfigSchema;
    resource: ResourceClass<TResource, TArgs>;
    validate: (props: Unwrap<NonNullable<TArgs>>, args: ResourceValidationArgs, report: ReportViolation) => void;
    remediate?: (props: Unwrap<NonNullable<TArgs>>, args: ResourceValidationArgs) => Record<string, any> | undefined;
    examples: ResourceExamples;
  },
): ResourceRule {
  const { resource, validate, remediate, ...meta } = spec;
  const resourceType = pulumiTypeOf(resource);
  return {
    ...meta,
    kind: 'resource',
    ...policyFields(meta),
    resourceType,
    resourceTypes: [resourceType],
    validateResource: validateResourceOfType(resource, validate),
    ...(remediate ? { remediateResource: remediateResourceOfType(resource, remediate) } : {}),
  };
}

/**
 * Builds a rule over one resource type named by its Pulumi type token, for providers whose SDK
 * sweep does not install (Kubernetes, GCP, Azure): `TProps` is written by hand from the
 * provider's input shape. The validators carry `__pulumiType` like @pulumi/policy's typed ones,
 * so the harness indexes them the same way, and they also check the type themselves, so the
 * Pulumi CLI (which calls every validator for every resource) gets the same answers.
 */
export function tokenRule<TProps extends Record<string, any>>(
  spec: Omit<RuleMeta, 'resourceTypes'> & {
    resourceType: string;
    configSchema?: PolicyConfigSchema;
    validate: (props: Partial<TProps>, args: ResourceValidationArgs, report: ReportViolation) => void;
    remediate?: (props: Partial<TProps>, args: ResourceValidationArgs) => Record<string, any> | undefined;
    examples: ResourceExamples;
  },
): ResourceRule {
  const { resourceType, validate, remediate, ...meta } = spec;
  const validateResource = Object.assign(
    (args: ResourceValidationArgs, report: ReportViolation) => {
      if (args.type === resourceType) validate(args.props as Partial<TProps>, args, report);
    },
    { __pulumiType: resourceType },
  );
  const remediateResource = remediate
    ? Object.assign((args: ResourceValidationArgs) => (args.type === resourceType ? remediate(args.props as Partial<TProps>, args) : undefined), {
        __pulumiType: resourceType,
      })
    : undefined;
  return {
    ...meta,
    kind: 'resource',
    ...policyFields(meta),
    resourceType,
    resourceTypes: [resourceType],
    validateResource,
    ...(remediateResource ? { remediateResource } : {}),
  };
}

/**
 * Builds a rule over a whole stack, for checks that span resources (a bucket and its companion
 * encryption or public-access-block resources). Report with the offending resource's urn.
 */
export function stackRule(
  spec: RuleMeta & {
    configSchema?: PolicyConfigSchema;
    validate: (args: StackValidationArgs, report: ReportViolation) => void;
    examples: StackExamples;
  },
): StackRule {
  const { validate, ...meta } = spec;
  return {
    ...meta,
    kind: 'stack',
    ...policyFields(meta),
    validateStack: validate,
  };
}
