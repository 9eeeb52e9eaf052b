/**
 * IAM, which is global: users, customer-managed policies with their default version's document,
 * and the account password policy. AWS managed policies (`--scope Local` leaves them out) are
 * not the account's to fix. The calls still name a region: it is how the CLI picks the partition
 * (GovCloud and China have their own IAM endpoints).
 */
import { z } from 'zod';
import type { Resource } from '../../resource.ts';
import type { CliRunner } from '../exec.ts';
import { awsResource, inRegion, tagList, tagsOf, type AwsAccount } from './resource.ts';

const users = z.object({
  Users: z.array(
    z.object({
      UserName: z.string(),
      Arn: z.string(),
      UserId: z.string().nullish(),
      Path: z.string().nullish(),
      PermissionsBoundary: z.object({ PermissionsBoundaryArn: z.string().nullish() }).nullish(),
      Tags: tagList,
    }),
  ),
});
const policies = z.object({
  Policies: z.array(
    z.object({
      PolicyName: z.string(),
      Arn: z.string(),
      PolicyId: z.string().nullish(),
      Path: z.string().nullish(),
      DefaultVersionId: z.string(),
      Description: z.string().nullish(),
      Tags: tagList,
    }),
  ),
});
const policyVersion = z.object({
  PolicyVersion: z.object({
    Document: z
      .union([z.string(), z.record(z.string(), z.unknown())])
      .refine((document) => decodePolicyDocument(document) !== undefined, 'not a policy document (JSON, plain or URL-encoded)'),
  }),
});
const passwordPolicy = z.object({
  PasswordPolicy: z.object({
    MinimumPasswordLength: z.number().nullish(),
    RequireSymbols: z.boolean().nullish(),
    RequireNumbers: z.boolean().nullish(),
    RequireUppercaseCharacters: z.boolean().nullish(),
    RequireLowercaseCharacters: z.boolean().nullish(),
    AllowUsersToChangePassword: z.boolean().nullish(),
    MaxPasswordAge: z.number().nullish(),
    PasswordReusePrevention: z.number().nullish(),
    HardExpiry: z.boolean().nullish(),
  }),
});

/**
 * The IAM API returns policy documents URL-encoded. botocore decodes them for the CLI, but older
 * builds and other wrappers print the raw string, so all three forms are accepted: an object, a
 * URL-encoded string, plain JSON text. The result is the JSON string Pulumi's `policy` input takes.
 */
export function decodePolicyDocument(document: string | Record<string, unknown>): string | undefined {
  if (typeof document !== 'string') return JSON.stringify(document);
  for (const candidate of [document, safeDecode(document)]) {
    if (candidate === undefined) continue;
    try {
      return JSON.stringify(JSON.parse(candidate));
    } catch {
      // try the next form
    }
  }
  return undefined;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, '%20'));
  } catch {
    return undefined;
  }
}

export async function collectUsers(runner: CliRunner, account: AwsAccount, region: string): Promise<Resource[]> {
  const answer = await runner.json(inRegion(region, ['iam', 'list-users']), users);
  return answer.Users.map((user) =>
    awsResource(account, {
      id: user.Arn,
      type: 'aws:iam/user:User',
      nativeType: 'AWS::IAM::User',
      name: user.UserName,
      nativeId: user.UserName,
      props: { name: user.UserName, path: user.Path, permissionsBoundary: user.PermissionsBoundary?.PermissionsBoundaryArn },
      tags: tagsOf(user.Tags),
    }),
  );
}

export async function collectPolicies(runner: CliRunner, account: AwsAccount, region: string): Promise<Resource[]> {
  const answer = await runner.json(inRegion(region, ['iam', 'list-policies', '--scope', 'Local']), policies);
  return Promise.all(
    answer.Policies.map(async (policy) => {
      const version = await runner.json(
        inRegion(region, ['iam', 'get-policy-version', '--policy-arn', policy.Arn, '--version-id', policy.DefaultVersionId]),
        policyVersion,
      );
      return awsResource(account, {
        id: policy.Arn,
        type: 'aws:iam/policy:Policy',
        nativeType: 'AWS::IAM::ManagedPolicy',
        name: policy.PolicyName,
        nativeId: policy.Arn,
        props: {
          name: policy.PolicyName,
          path: policy.Path,
          description: policy.Description,
          policy: decodePolicyDocument(version.PolicyVersion.Document)!,
        },
        tags: tagsOf(policy.Tags),
      });
    }),
  );
}

/** No password policy (`NoSuchEntity`) yields no resource, as a program that declares none would. */
export async function collectPasswordPolicy(runner: CliRunner, account: AwsAccount, region: string): Promise<Resource[]> {
  const answer = await runner.optional(inRegion(region, ['iam', 'get-account-password-policy']), passwordPolicy, ['NoSuchEntity']);
  if (!answer) return [];
  const policy = answer.PasswordPolicy;
  const type = 'aws:iam/accountPasswordPolicy:AccountPasswordPolicy';
  return [
    awsResource(account, {
      id: `AWS::IAM::AccountPasswordPolicy/${account.account}`,
      type,
      nativeType: 'AWS::IAM::AccountPasswordPolicy',
      name: 'account-password-policy',
      nativeId: account.account,
      props: {
        minimumPasswordLength: policy.MinimumPasswordLength,
        requireSymbols: policy.RequireSymbols,
        requireNumbers: policy.RequireNumbers,
        requireUppercaseCharacters: policy.RequireUppercaseCharacters,
        requireLowercaseCharacters: policy.RequireLowercaseCharacters,
        allowUsersToChangePassword: policy.AllowUsersToChangePassword,
        maxPasswordAge: policy.MaxPasswordAge,
        passwordReusePrevention: policy.PasswordReusePrevention,
        hardExpiry: policy.HardExpiry,
      },
    }),
  ];
}
