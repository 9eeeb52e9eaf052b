/**
 * IAM types. Config records policy documents the way the IAM API returns them: URL-encoded
 * (RFC 3986) JSON strings, `%7B%22Version%22...`. Pulumi's `policy` inputs are the JSON text,
 * so documents are decoded here, once, before any rule reads them.
 *
 * Inline policies sit inside the role's (user's, group's) item; Pulumi models each as its own
 * resource (`aws.iam.RolePolicy` with `role` naming the role), which is what the inline-policy
 * rule checks, so each becomes a companion resource.
 */
import type { Companion, Mapped } from './mapping.ts';
import type { ConfigItem } from './item.ts';
import { compact, list, record, str } from './values.ts';

/** The JSON text of a policy document, decoded when URL-encoded; undefined when absent. */
export function policyText(value: unknown): string | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  // Already JSON (a hand-built export, an API that decoded it): keep it as written.
  if (text.trimStart().startsWith('{')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray `%` that is not an escape: the rule's own parser decides what it can read.
    return text;
  }
}

/** The managed policy's default version document: the one IAM enforces. */
function defaultVersionDocument(config: Record<string, unknown>): string | undefined {
  const versions = list(config.policyVersionList).map((entry) => record(entry) ?? {});
  const byFlag = versions.find((version) => version.isDefaultVersion === true);
  const byId = versions.find((version) => version.versionId !== undefined && version.versionId === config.defaultVersionId);
  return policyText((byFlag ?? byId)?.document);
}

export function mapPolicy(item: ConfigItem): Mapped {
  const config = item.configuration;
  return {
    props: compact({
      name: config.policyName ?? item.resourceName,
      path: config.path,
      description: config.description,
      policy: defaultVersionDocument(config),
    }),
  };
}

interface InlineSpec {
  /** Config's list of inline policies: `rolePolicyList`. */
  part: string;
  /** Pulumi type of one inline policy. */
  type: string;
  /** Its input naming the owner: `role`, `user`, `group`. */
  ownerProp: string;
}

function inlinePolicies(item: ConfigItem, owner: string, spec: InlineSpec): Companion[] {
  const seen = new Set<string>();
  return list(item.configuration[spec.part]).flatMap((entry): Companion[] => {
    const inline = record(entry);
    const name = str(inline?.policyName);
    if (!inline || !name || seen.has(name)) return [];
    seen.add(name);
    return [
      {
        suffix: `policy/${name}`,
        type: spec.type,
        part: spec.part,
        name: `${owner}-${name}`,
        // `pulumi import` takes `<owner>:<policy name>` for inline policies.
        nativeId: `${owner}:${name}`,
        props: compact({ name, [spec.ownerProp]: owner, policy: policyText(inline.policyDocument) }),
        ownerProps: [spec.ownerProp],
      },
    ];
  });
}

const ROLE_INLINE: InlineSpec = { part: 'rolePolicyList', type: 'aws:iam/rolePolicy:RolePolicy', ownerProp: 'role' };
const USER_INLINE: InlineSpec = { part: 'userPolicyList', type: 'aws:iam/userPolicy:UserPolicy', ownerProp: 'user' };
const GROUP_INLINE: InlineSpec = { part: 'groupPolicyList', type: 'aws:iam/groupPolicy:GroupPolicy', ownerProp: 'group' };

export function mapRole(item: ConfigItem): Mapped {
  const config = item.configuration;
  const name = str(config.roleName) ?? item.resourceName ?? item.resourceId;
  return {
    props: compact({
      name,
      path: config.path,
      description: config.description,
      assumeRolePolicy: policyText(config.assumeRolePolicyDocument),
      maxSessionDuration: config.maxSessionDuration,
      permissionsBoundary: record(config.permissionsBoundary)?.permissionsBoundaryArn,
    }),
    companions: inlinePolicies(item, name, ROLE_INLINE),
  };
}

export function mapUser(item: ConfigItem): Mapped {
  const config = item.configuration;
  const name = str(config.userName) ?? item.resourceName ?? item.resourceId;
  return {
    props: compact({ name, path: config.path, permissionsBoundary: record(config.permissionsBoundary)?.permissionsBoundaryArn }),
    companions: inlinePolicies(item, name, USER_INLINE),
  };
}

export function mapGroup(item: ConfigItem): Mapped {
  const config = item.configuration;
  const name = str(config.groupName) ?? item.resourceName ?? item.resourceId;
  return {
    props: compact({ name, path: config.path }),
    companions: inlinePolicies(item, name, GROUP_INLINE),
  };
}
