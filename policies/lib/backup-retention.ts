/**
 * Automated backups kept for at least a configurable number of days (config `minRetentionDays`,
 * default 7, at most the 35 AWS allows). One factory serves every resource with a retention
 * property (RDS clusters and instances, ElastiCache replication groups): the rule file names the
 * property and how to describe it when unset; the check, message and fix are shared. The fix
 * raises the retention to the minimum and never lowers it.
 */
import type { PolicyConfigSchema, ResourceValidationArgs } from '@pulumi/policy';
import type { Resource as PulumiResource, Unwrap } from '@pulumi/pulumi';
import { resourceRule, type ClassRuleDeclaration, type ResourceRule } from '../rule.ts';
import { count, isSecret } from './values.ts';

const DEFAULT_MIN_DAYS = 7;

function minDays(args: ResourceValidationArgs): number {
  return count(args.getConfig<{ minRetentionDays?: unknown }>().minRetentionDays) ?? DEFAULT_MIN_DAYS;
}

function minDaysConfig(property: string): PolicyConfigSchema {
  return {
    properties: {
      minRetentionDays: { type: 'integer', minimum: 1, maximum: 35, default: DEFAULT_MIN_DAYS, description: `Minimum ${property} in days.` },
    },
  };
}

/** A rule that `property` keeps backups for at least `minRetentionDays`; the fix raises it to that. */
export function backupRetentionRule<TResource extends PulumiResource, TArgs>(
  spec: ClassRuleDeclaration<TResource, TArgs> & {
    /** The retention property, in days. */
    property: keyof Unwrap<NonNullable<TArgs>> & string;
    /** What the message calls the resource: `RDS cluster`. */
    subject: string;
    /** How the message shows an unset retention: `unset (default 1 day)`. */
    unset: string;
    /** Zero turns backups off (ElastiCache): the message says so instead of `0 days`. */
    zeroIsOff?: boolean;
    /** Resources the rule leaves alone (their backups are kept elsewhere). */
    skip?: (props: Unwrap<NonNullable<TArgs>>) => boolean;
  },
): ResourceRule {
  const { resource, property, subject, unset, zeroIsOff = false, skip, ...declaration } = spec;
  return resourceRule({
    ...declaration,
    configSchema: minDaysConfig(property),
    resource,
    validate(props, args, report) {
      if (skip?.(props) || isSecret(props[property])) return;
      const days = count(props[property]);
      const required = minDays(args);
      if (days !== undefined && days >= required) return;
      const actual = days === undefined ? unset : zeroIsOff && days === 0 ? '0 (backups off)' : `${days} day${days === 1 ? '' : 's'}`;
      report(`${subject} ${property} is ${actual}; at least ${required} days required`);
    },
    remediate(props, args) {
      return Object.assign({}, props, { [property]: Math.max(count(props[property]) ?? 0, minDays(args)) });
    },
  });
}
