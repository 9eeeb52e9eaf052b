/**
 * S3 buckets and the companion resources that configure them. Since @pulumi/aws v7 encryption,
 * versioning, the public access block and access logging are separate resources whose `bucket`
 * input names the bucket, and the S3 rules are stack rules that look for those companions (see
 * policies/lib/s3.ts). So each setting the CLI reports becomes a companion, with
 * `propertyDependencies.bucket` holding the bucket's key, and a setting AWS says is absent
 * (`ServerSideEncryptionConfigurationNotFoundError`, `NoSuchPublicAccessBlockConfiguration`, an
 * empty answer) becomes no companion: exactly what a program without that resource looks like.
 */
import { z } from 'zod';
import type { Resource } from '../../resource.ts';
import type { CliRunner } from '../exec.ts';
import { awsKey, awsResource, inRegion, type AwsAccount } from './resource.ts';

const buckets = z.object({
  Buckets: z.array(z.object({ Name: z.string(), BucketRegion: z.string().nullish() })),
});
const location = z.object({ LocationConstraint: z.string().nullish() });
const encryption = z.object({
  ServerSideEncryptionConfiguration: z.object({
    Rules: z.array(
      z.object({
        ApplyServerSideEncryptionByDefault: z
          .object({ SSEAlgorithm: z.string(), KMSMasterKeyID: z.string().nullish() })
          .nullish(),
        BucketKeyEnabled: z.boolean().nullish(),
      }),
    ),
  }),
});
const versioning = z.object({ Status: z.string().nullish(), MFADelete: z.string().nullish() });
const blockSettings = z.object({
  BlockPublicAcls: z.boolean().nullish(),
  IgnorePublicAcls: z.boolean().nullish(),
  BlockPublicPolicy: z.boolean().nullish(),
  RestrictPublicBuckets: z.boolean().nullish(),
});
const publicAccessBlock = z.object({ PublicAccessBlockConfiguration: blockSettings });
const logging = z.object({
  LoggingEnabled: z.object({ TargetBucket: z.string(), TargetPrefix: z.string().nullish() }).nullish(),
});

const SSE_TYPE = 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration';
const VERSIONING_TYPE = 'aws:s3/bucketVersioning:BucketVersioning';
const BLOCK_TYPE = 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock';
const LOGGING_TYPE = 'aws:s3/bucketLogging:BucketLogging';
const ACCOUNT_BLOCK_TYPE = 'aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock';

/** `get-bucket-location` answers null for us-east-1 and the legacy `EU` for eu-west-1. */
export function bucketRegion(constraint: string | null | undefined): string {
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

function blockProps(settings: z.infer<typeof blockSettings>): Record<string, unknown> {
  return {
    blockPublicAcls: settings.BlockPublicAcls ?? false,
    blockPublicPolicy: settings.BlockPublicPolicy ?? false,
    ignorePublicAcls: settings.IgnorePublicAcls ?? false,
    restrictPublicBuckets: settings.RestrictPublicBuckets ?? false,
  };
}

async function collectBucket(runner: CliRunner, account: AwsAccount, home: string, name: string, listedRegion: string | null | undefined): Promise<Resource[]> {
  let region = listedRegion ?? undefined;
  if (!region) {
    // A bucket deleted since list-buckets is simply gone.
    const answer = await runner.optional(inRegion(home, ['s3api', 'get-bucket-location', '--bucket', name]), location, ['NoSuchBucket']);
    if (!answer) return [];
    region = bucketRegion(answer.LocationConstraint);
  }
  const call = (op: string) => inRegion(region, ['s3api', op, '--bucket', name]);
  const [sse, versions, block, logs] = await Promise.all([
    runner.optional(call('get-bucket-encryption'), encryption, ['ServerSideEncryptionConfigurationNotFoundError']),
    runner.json(call('get-bucket-versioning'), versioning),
    runner.optional(call('get-public-access-block'), publicAccessBlock, ['NoSuchPublicAccessBlockConfiguration']),
    runner.json(call('get-bucket-logging'), logging),
  ]);

  const arn = `arn:${account.partition}:s3:::${name}`;
  const bucketKey = awsKey(account, arn);
  // Suffixes and parts are the ones the aws-config source uses for the same companions.
  const companion = (type: string, part: string, suffix: string, props: Record<string, unknown>) =>
    awsResource(account, {
      id: `${arn}#${suffix}`,
      type,
      nativeType: `AWS::S3::Bucket#${part}`,
      name: `${name}-${suffix}`,
      region,
      // Pulumi imports every bucket companion by the bucket's name.
      nativeId: name,
      props: { bucket: name, ...props },
      dependencies: [bucketKey],
      propertyDependencies: { bucket: [bucketKey] },
    });

  const found = [
    awsResource(account, {
      id: arn,
      type: 'aws:s3/bucket:Bucket',
      nativeType: 'AWS::S3::Bucket',
      name,
      region,
      nativeId: name,
      props: { bucket: name },
    }),
  ];
  if (sse) {
    const rules = sse.ServerSideEncryptionConfiguration.Rules.map((rule) => ({
      applyServerSideEncryptionByDefault: rule.ApplyServerSideEncryptionByDefault
        ? { sseAlgorithm: rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm, kmsMasterKeyId: rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID }
        : undefined,
      bucketKeyEnabled: rule.BucketKeyEnabled,
    }));
    found.push(companion(SSE_TYPE, 'ServerSideEncryptionConfiguration', 'encryption', { rules }));
  }
  // A bucket whose versioning was never configured answers with nothing: no companion.
  if (versions.Status) {
    found.push(
      companion(VERSIONING_TYPE, 'BucketVersioningConfiguration', 'versioning', {
        versioningConfiguration: { status: versions.Status, mfaDelete: versions.MFADelete },
      }),
    );
  }
  if (block) found.push(companion(BLOCK_TYPE, 'PublicAccessBlockConfiguration', 'public-access-block', blockProps(block.PublicAccessBlockConfiguration)));
  if (logs.LoggingEnabled) {
    found.push(
      companion(LOGGING_TYPE, 'BucketLoggingConfiguration', 'logging', {
        targetBucket: logs.LoggingEnabled.TargetBucket,
        targetPrefix: logs.LoggingEnabled.TargetPrefix,
      }),
    );
  }
  return found;
}

/** `home` serves the account-wide calls; each bucket's own calls go to its region (no redirects). */
export async function collectBuckets(runner: CliRunner, account: AwsAccount, home: string): Promise<Resource[]> {
  const answer = await runner.json(inRegion(home, ['s3api', 'list-buckets']), buckets);
  const perBucket = await Promise.all(answer.Buckets.map((bucket) => collectBucket(runner, account, home, bucket.Name, bucket.BucketRegion)));
  return perBucket.flat();
}

/** The account-wide block, which covers every bucket when all four settings are on. */
export async function collectAccountPublicAccessBlock(runner: CliRunner, account: AwsAccount, region: string): Promise<Resource[]> {
  const answer = await runner.optional(
    inRegion(region, ['s3control', 'get-public-access-block', '--account-id', account.account]),
    publicAccessBlock,
    ['NoSuchPublicAccessBlockConfiguration'],
  );
  if (!answer) return [];
  return [
    awsResource(account, {
      id: `AWS::S3::AccountPublicAccessBlock/${account.account}`,
      type: ACCOUNT_BLOCK_TYPE,
      nativeType: 'AWS::S3::AccountPublicAccessBlock',
      name: 'account-public-access-block',
      nativeId: account.account,
      props: { accountId: account.account, ...blockProps(answer.PublicAccessBlockConfiguration) },
    }),
  ];
}
