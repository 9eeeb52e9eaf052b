/**
 * API Gateway stages (REST, and HTTP/WebSocket in apigatewayv2) share the `accessLogSettings`
 * block. The destination is a log group (or Firehose stream) that must exist and that API
 * Gateway may write to, so the access-logging fix is a template, not a property edit.
 */
import type { Resource as PulumiResource } from '@pulumi/pulumi';
import { resourceRule, type ClassRuleDeclaration, type ResourceRule } from '../rule.ts';
import { present, record } from './values.ts';

/** A rule that the stage writes access logs (`accessLogSettings.destinationArn` is set). */
export function stageAccessLoggingRule<TResource extends PulumiResource, TArgs extends { accessLogSettings?: unknown } | undefined>(
  spec: ClassRuleDeclaration<TResource, TArgs> & {
    /** What the message calls the stage: `API Gateway stage`. */
    subject: string;
  },
): ResourceRule {
  const { resource, subject, ...declaration } = spec;
  return resourceRule({
    ...declaration,
    resource,
    validate(props, _args, report) {
      if (!present(record(props.accessLogSettings)?.destinationArn)) {
        report(`${subject} writes no access logs: accessLogSettings.destinationArn is unset`);
      }
    },
  });
}
