/**
 * IAM users get permissions only through groups (CIS AWS 1.15): no inline user policies
 * (aws.iam.UserPolicy), no managed policies attached to users directly (aws.iam.UserPolicyAttachment,
 * or aws.iam.PolicyAttachment with `users`). The finding is reported on the user when the stack
 * declares it, otherwise on the grant. No property fix: moving the permissions to a group changes
 * other resources, and which group fits is a decision for the account's owners.
 */
import * as aws from '@pulumi/aws';
import type { PolicyResource } from '@pulumi/policy';
import { controls } from '../../lib/controls.ts';
import { aliasesOf } from '../../lib/references.ts';
import { items, pulumiTypes, text } from '../../lib/values.ts';
import { stackRule } from '../../rule.ts';

const USER_TYPES = pulumiTypes(aws.iam.User);
const INLINE_TYPES = pulumiTypes(aws.iam.UserPolicy);
const USER_ATTACHMENT_TYPES = pulumiTypes(aws.iam.UserPolicyAttachment);
const ATTACHMENT_TYPES = pulumiTypes(aws.iam.PolicyAttachment);

interface Grant {
  grant: PolicyResource;
  /** What the grant names as its user(s): dependency urns or user names. */
  users: { urn?: string; name?: string }[];
  what: string;
}

function grants(resources: readonly PolicyResource[]): Grant[] {
  const found: Grant[] = [];
  for (const resource of resources) {
    const single = INLINE_TYPES.has(resource.type) || USER_ATTACHMENT_TYPES.has(resource.type);
    const property = single ? 'user' : ATTACHMENT_TYPES.has(resource.type) ? 'users' : undefined;
    if (property === undefined) continue;
    const dependencies = resource.propertyDependencies?.[property] ?? [];
    const names = single ? [resource.props.user] : items(resource.props.users);
    const users =
      dependencies.length > 0
        ? dependencies.map((dependency) => ({ urn: dependency.urn }))
        : names.flatMap((name) => (text(name) ? [{ name: text(name) }] : []));
    if (users.length === 0) continue;
    const what = INLINE_TYPES.has(resource.type)
      ? `inline policy "${text(resource.props.name) ?? resource.name}"`
      : `policy attachment "${resource.name}" (${text(resource.props.policyArn) ?? 'policy'})`;
    found.push({ grant: resource, users, what });
  }
  return found;
}

export const awsIamUserPermissionsThroughGroups = stackRule({
  id: 'aws-iam-user-permissions-through-groups',
  title: 'IAM users receive permissions only through groups',
  severity: 'low',
  rationale:
    'Permissions granted to individual users drift apart, are missed in access reviews and stay behind when the person changes role. Granting through groups keeps access tied to a job function that can be reviewed and revoked in one place.',
  remediation:
    'Attach the policy to a group for the user\'s job function (aws.iam.GroupPolicyAttachment), add the user to the group (aws.iam.UserGroupMembership) and delete the UserPolicy or user attachment.',
  controls: controls({
    'cis-aws': ['1.15'],
    'nist-800-53': ['AC-2', 'AC-6'],
    'pci-dss': ['7.2.2'],
    hitrust: ['01.c'],
    'iso-27001': ['A.5.15', 'A.5.18'],
    soc2: ['CC6.3'],
  }),
  resourceTypes: [...USER_TYPES, ...INLINE_TYPES, ...USER_ATTACHMENT_TYPES, ...ATTACHMENT_TYPES],
  validate(args, report) {
    const users = new Map<string, PolicyResource>();
    for (const user of args.resources) {
      if (!USER_TYPES.has(user.type)) continue;
      users.set(`urn:${user.urn}`, user);
      for (const alias of aliasesOf(user, ['name'])) users.set(alias, user);
    }
    const byTarget = new Map<string, { label: string; whats: string[] }>();
    for (const { grant, users: named, what } of grants(args.resources)) {
      for (const ref of named) {
        const user = ref.urn !== undefined ? users.get(`urn:${ref.urn}`) : users.get(ref.name ?? '');
        const urn = user?.urn ?? grant.urn;
        const label = user ? (text(user.props.name) ?? user.name) : (ref.name ?? 'unknown');
        const entry = byTarget.get(urn) ?? { label, whats: [] };
        entry.whats.push(what);
        byTarget.set(urn, entry);
      }
    }
    for (const [urn, { label, whats }] of byTarget) {
      report(`IAM user "${label}" gets permissions directly instead of through a group: ${whats.join(', ')}`, urn);
    }
  },
  examples: {
    pass: [
      [
        { type: 'aws:iam/user:User', name: 'alice', props: { name: 'alice' } },
        { type: 'aws:iam/userGroupMembership:UserGroupMembership', name: 'alice-groups', props: { user: 'alice', groups: ['developers'] } },
        { type: 'aws:iam/policyAttachment:PolicyAttachment', name: 'dev-read', props: { policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', groups: ['developers'] } },
      ],
    ],
    fail: [
      [
        { type: 'aws:iam/user:User', name: 'alice', props: { name: 'alice' } },
        {
          type: 'aws:iam/userPolicy:UserPolicy',
          name: 'alice-s3',
          props: { user: 'alice', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }) },
        },
      ],
      // The user is managed elsewhere: the attachment itself is reported.
      [{ type: 'aws:iam/userPolicyAttachment:UserPolicyAttachment', name: 'bob-admin', props: { user: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } }],
      [
        { type: 'aws:iam/user:User', name: 'carol', props: { name: 'carol' } },
        { type: 'aws:iam/policyAttachment:PolicyAttachment', name: 'billing', props: { policyArn: 'arn:aws:iam::aws:policy/job-function/Billing', users: ['carol'], groups: ['finance'] } },
      ],
    ],
  },
});
