/**
 * Instance metadata service settings, shared by instances and launch templates (same block shape).
 * IMDSv1 answers any local HTTP GET, so an SSRF bug in an application hands out the instance
 * role's credentials; IMDSv2 requires a session token obtained with a PUT.
 */
import type { Resource as PulumiResource } from '@pulumi/pulumi';
import { resourceRule, type ClassRuleDeclaration, type ResourceRule } from '../rule.ts';
import { isSecret, record, shown } from './values.ts';

/** Why the metadata options allow IMDSv1, or undefined when they do not. */
export function imdsv1Allowed(metadataOptions: unknown): string | undefined {
  const options = record(metadataOptions);
  const tokens = options?.httpTokens;
  // A disabled endpoint serves neither version; a masked value we cannot judge.
  if (options?.httpEndpoint === 'disabled' || tokens === 'required' || isSecret(tokens)) return undefined;
  return tokens === undefined ? 'metadataOptions.httpTokens is unset (defaults to "optional")' : `metadataOptions.httpTokens is ${shown(tokens)}`;
}

/** The metadata options with session tokens required, everything else kept. */
export function requireTokens(metadataOptions: unknown): Record<string, unknown> {
  return { ...(record(metadataOptions) ?? {}), httpTokens: 'required' };
}

/** A rule that `resource` (an instance, or a template instances start from) requires IMDSv2; the fix sets httpTokens. */
export function imdsv2Rule<TResource extends PulumiResource, TArgs extends { metadataOptions?: unknown } | undefined>(
  spec: ClassRuleDeclaration<TResource, TArgs> & {
    /** What the message calls the resource: `EC2 instance`. */
    subject: string;
  },
): ResourceRule {
  const { resource, subject, ...declaration } = spec;
  return resourceRule({
    ...declaration,
    resource,
    validate(props, _args, report) {
      const why = imdsv1Allowed(props.metadataOptions);
      if (why) report(`${subject} allows IMDSv1: ${why}`);
    },
    remediate(props) {
      return { ...props, metadataOptions: requireTokens(props.metadataOptions) };
    },
  });
}
