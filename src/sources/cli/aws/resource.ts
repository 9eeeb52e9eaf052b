/**
 * Canonical resources from AWS CLI answers, keyed exactly as the `aws-config` source keys them
 * (src/sources/aws-config/map.ts), so a resource seen by both is one resource with one set of
 * violations: `aws:<account>:<ARN>`; `aws:<account>:<CloudFormation type>/<id>` for the few
 * without an ARN (the account public access block, the password policy); and companions under
 * their owner, `aws:<account>:<bucket ARN>#encryption`. Props are Pulumi input-shaped (camelCase,
 * as @pulumi/aws names them), which is all the policies read.
 */
import { z } from 'zod';
import type { Resource } from '../../resource.ts';
import { CONNECTION_SOURCE_KIND } from '../kind.ts';
import { compact } from '../props.ts';

export interface AwsAccount {
  account: string;
  /** `aws`, `aws-cn`, `aws-us-gov`: ARNs we build must match the ones AWS prints. */
  partition: string;
  /** `aws:<account>` */
  scope: string;
}

export const tagList = z.array(z.object({ Key: z.string(), Value: z.string().nullish() })).nullish();

/** AWS `[{Key, Value}]` as a plain map; `aws:`-prefixed system tags are kept (they tell who created the resource). */
export function tagsOf(tags: z.infer<typeof tagList>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) out[tag.Key] = tag.Value ?? '';
  return out;
}

export function arnOf(account: AwsAccount, service: string, region: string, resource: string): string {
  return `arn:${account.partition}:${service}:${region}:${account.account}:${resource}`;
}

export function awsKey(account: AwsAccount, id: string): string {
  return `${account.scope}:${id}`;
}

/** The args of a regional call. */
export function inRegion(region: string, args: readonly string[]): string[] {
  return [...args, '--region', region];
}

export interface AwsResourceInput {
  /** ARN, `<CloudFormation type>/<id>` for resources without one, or `<owner ARN>#<part>` for a companion. */
  id: string;
  type: string;
  nativeType: string;
  name: string;
  region?: string;
  nativeId: string;
  props: Record<string, unknown>;
  tags?: Record<string, string>;
  /** Keys of the resources this one configures (a bucket companion's bucket). */
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
}

export function awsResource(account: AwsAccount, input: AwsResourceInput): Resource {
  const tags = input.tags ?? {};
  const props = compact({ ...input.props, tags: Object.keys(tags).length > 0 ? tags : undefined });
  const resource: Resource = {
    key: awsKey(account, input.id),
    type: input.type,
    nativeType: input.nativeType,
    name: input.name,
    provider: 'aws',
    account: account.account,
    region: input.region,
    nativeId: input.nativeId,
    props,
    tags,
    iac: { kind: 'none' },
    role: 'custom',
    source: CONNECTION_SOURCE_KIND,
  };
  if (input.dependencies) resource.dependencies = input.dependencies;
  if (input.propertyDependencies) resource.propertyDependencies = input.propertyDependencies;
  return resource;
}
