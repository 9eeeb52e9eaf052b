/**
 * Who owns a new violation, and when it is due. Assignment rules come from the config file and
 * apply, first match wins, to violations a scan finds for the first time:
 *
 * ```yaml
 * ownership:
 *   rules:
 *     - fromTag: owner                       # the resource's `owner` tag names the owner
 *     - match: { account: ["123456789012"] }
 *       owner: payments-platform
 *     - match: { policy: ["aws-iam-*"], framework: ["pci-dss"] }
 *       owner: security-team
 *   slas: { critical: 7, high: 30, medium: 90, low: 180 }   # days from first seen
 * ```
 */
import { z } from 'zod';
import type { Rule, Severity } from '../../policies/rule.ts';
import { compilePattern } from '../engine/patterns.ts';
import type { Resource } from '../sources/resource.ts';

const list = z.array(z.string().min(1)).optional();

export const ownershipRuleSchema = z.union([
  z.object({ fromTag: z.string().min(1) }).strict(),
  z
    .object({
      match: z
        .object({ account: list, stack: list, policy: list, framework: list, tags: z.record(z.string(), z.string()).optional() })
        .strict(),
      owner: z.string().min(1),
    })
    .strict(),
]);

export const DEFAULT_SLAS: Record<Severity, number> = { critical: 7, high: 30, medium: 90, low: 180 };

export const ownershipSchema = z
  .object({
    rules: z.array(ownershipRuleSchema).default([]),
    slas: z
      .object({ critical: z.number().positive(), high: z.number().positive(), medium: z.number().positive(), low: z.number().positive() })
      .partial()
      .default({}),
  })
  .strict();

export type Ownership = z.infer<typeof ownershipSchema>;
export type OwnerOf = (resource: Resource | undefined, rule: Rule) => string | undefined;

export function slaDays(ownership: Ownership | undefined): Record<Severity, number> {
  return { ...DEFAULT_SLAS, ...(ownership?.slas ?? {}) };
}

/** Compiles the rules once; the returned function runs per finding on the scan's hot path. */
export function compileOwnership(ownership: Ownership | undefined): OwnerOf {
  const rules = (ownership?.rules ?? []).map((rule) => {
    if ('fromTag' in rule) return (resource: Resource | undefined) => resource?.tags[rule.fromTag] || undefined;
    const m = rule.match;
    const policies = m.policy?.map(compilePattern);
    return (resource: Resource | undefined, policy: Rule) => {
      if (m.account && !m.account.includes(resource?.account ?? '')) return undefined;
      if (m.stack && !m.stack.includes(resource?.iac.stack ?? '')) return undefined;
      if (policies && !policies.some((p) => p.test(policy.id, policy.id))) return undefined;
      if (m.framework && !policy.controls.some((c) => m.framework!.includes(c.framework))) return undefined;
      if (m.tags && !Object.entries(m.tags).every(([k, v]) => resource?.tags[k] === v)) return undefined;
      return rule.owner;
    };
  });
  return (resource, policy) => {
    for (const owner of rules) {
      const found = owner(resource, policy);
      if (found) return found;
    }
    return undefined;
  };
}
