/**
 * Minimum TLS version on Azure resources that keep it in one top-level property (SQL servers,
 * storage accounts), where unset means the service still accepts TLS 1.0 and 1.1. Each service
 * spells the versions its own way (`1.2`, `TLS1_2`), so the rule file names them. A masked value
 * is not reported. App Service keeps the setting in siteConfig and defaults to 1.2: its own rule.
 */
import { tokenRule, type ResourceRule, type RuleDeclaration } from '../rule.ts';
import { isSecret, shown, text } from './values.ts';

/** A rule that `property` is 1.2 or later; the fix writes `fix`. */
export function minimumTlsRule<TProps extends Record<string, any>>(
  spec: RuleDeclaration & {
    resourceType: string;
    property: keyof TProps & string;
    /** The values that mean TLS 1.2 or later, as the service spells them. */
    modern: readonly string[];
    /** The value the fix writes. */
    fix: string;
    /** What the message calls the resource: `Storage account`. */
    subject: string;
    /** What the message adds for an unset value, when the service documents it: `TLS 1.0`. */
    unsetMeans?: string;
  },
): ResourceRule {
  const { resourceType, property, modern, fix, subject, unsetMeans, ...declaration } = spec;
  const accepted = new Set(modern);
  const outdated = (props: Partial<TProps>): boolean => !isSecret(props[property]) && !accepted.has(text(props[property]) ?? '');
  return tokenRule<TProps>({
    ...declaration,
    resourceType,
    validate(props, _args, report) {
      if (!outdated(props)) return;
      const note = unsetMeans !== undefined && props[property] === undefined ? ` (${unsetMeans})` : '';
      report(`${subject} accepts TLS older than 1.2: ${property} is ${shown(props[property])}${note}`);
    },
    remediate(props) {
      return outdated(props) ? { ...props, [property]: fix } : undefined;
    },
  });
}
