/**
 * The AWS collector: who we are (`sts get-caller-identity`), then the regional services in each
 * requested region and the global ones (S3, IAM) once, all read-only. The whole account is one
 * document with scope `aws:<account>`, because the S3 rules join buckets with their companions
 * and a stack rule only sees one document.
 */
import { z } from 'zod';
import type { Resource, SourceDocument } from '../../resource.ts';
import type { CliRunner } from '../exec.ts';
import { collectTrails } from './cloudtrail.ts';
import { collectInstances, collectSecurityGroups, collectVolumes } from './ec2.ts';
import { collectPasswordPolicy, collectPolicies, collectUsers } from './iam.ts';
import { collectKeys } from './kms.ts';
import { collectDbInstances } from './rds.ts';
import { inRegion, type AwsAccount } from './resource.ts';
import { collectAccountPublicAccessBlock, collectBuckets } from './s3.ts';

const identity = z.object({ Account: z.string().regex(/^\d{12}$/), Arn: z.string().startsWith('arn:') });

const REGIONAL = [collectSecurityGroups, collectVolumes, collectInstances, collectDbInstances, collectTrails, collectKeys];

export interface AwsCollectOptions {
  /** Regions for regional services; the first also serves the global ones (STS, S3 listing, IAM, s3control). */
  regions: readonly string[];
  /** Names the document's origin (`connection:<name>`). */
  origin: string;
}

/** Regions from the connection, else the environment's default region, else us-east-1. */
export function awsRegions(configured: readonly string[] | undefined, env: NodeJS.ProcessEnv): string[] {
  if (configured && configured.length > 0) return [...new Set(configured)];
  return [env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1'];
}

export async function collectAws(runner: CliRunner, options: AwsCollectOptions): Promise<SourceDocument[]> {
  // Global services still get a region: it is how the CLI picks the partition's endpoints.
  const [home] = options.regions;
  const caller = await runner.json(inRegion(home, ['sts', 'get-caller-identity']), identity);
  const account: AwsAccount = { account: caller.Account, partition: caller.Arn.split(':')[1], scope: `aws:${caller.Account}` };
  const batches = await Promise.all([
    ...options.regions.flatMap((region) => REGIONAL.map((collect) => collect(runner, account, region))),
    collectBuckets(runner, account, home),
    collectAccountPublicAccessBlock(runner, account, home),
    collectUsers(runner, account, home),
    collectPolicies(runner, account, home),
    collectPasswordPolicy(runner, account, home),
  ]);
  // Keys are ARNs, unique per account; this only guards against an API listing one thing twice.
  const byKey = new Map<string, Resource>();
  for (const resource of batches.flat()) if (!byKey.has(resource.key)) byKey.set(resource.key, resource);
  return [{ origin: options.origin, scope: account.scope, resources: [...byKey.values()] }];
}
