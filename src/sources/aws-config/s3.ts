/**
 * S3 buckets. Since @pulumi/aws v7 a bucket's encryption, versioning, public-access block,
 * logging and policy are separate resources whose `bucket` input names the bucket, and the S3
 * rules are stack rules that look for those companions (policies/lib/s3.ts). AWS Config records
 * all of them inside the bucket's item, in `supplementaryConfiguration`, so each one present
 * becomes a synthetic companion resource: the same split shape a Pulumi program or state has.
 *
 * Config records some settings even when nothing was configured (versioning `Off`, logging with
 * a null destination, a null policy); those produce no companion, as no resource would exist.
 */
import type { Companion, Mapped } from './mapping.ts';
import type { ConfigItem } from './item.ts';
import { compact, isRecord, list, record, rename, str } from './values.ts';

interface CompanionSpec {
  part: string;
  suffix: string;
  type: string;
  /** The companion's props (without `bucket`), or undefined when the configuration sets nothing. */
  props(config: Record<string, unknown>): Record<string, unknown> | undefined;
}

function encryptionRules(config: Record<string, unknown>): Record<string, unknown> | undefined {
  const rules = list(config.rules).flatMap((entry) => {
    const rule = record(entry);
    if (!rule) return [];
    const byDefault = record(rule.applyServerSideEncryptionByDefault);
    return [
      compact({
        applyServerSideEncryptionByDefault: byDefault
          ? compact({ sseAlgorithm: byDefault.sseAlgorithm, kmsMasterKeyId: byDefault.kmsMasterKeyID ?? byDefault.kmsMasterKeyId })
          : undefined,
        bucketKeyEnabled: rule.bucketKeyEnabled,
      }),
    ];
  });
  return rules.length > 0 ? { rules } : undefined;
}

function versioning(config: Record<string, unknown>): Record<string, unknown> | undefined {
  const status = str(config.status);
  // `Off` is a bucket that never had versioning: no BucketVersioning exists for it.
  if (status === undefined || status === 'Off') return undefined;
  const mfaDelete = config.isMfaDeleteEnabled === true ? 'Enabled' : config.isMfaDeleteEnabled === false ? 'Disabled' : undefined;
  return { versioningConfiguration: compact({ status, mfaDelete }) };
}

const PUBLIC_ACCESS_SETTINGS = {
  blockPublicAcls: 'blockPublicAcls',
  blockPublicPolicy: 'blockPublicPolicy',
  ignorePublicAcls: 'ignorePublicAcls',
  restrictPublicBuckets: 'restrictPublicBuckets',
} as const;

/** Each supplementary configuration that stands for a companion resource, in the order they are emitted. */
const COMPANIONS: readonly CompanionSpec[] = [
  {
    part: 'ServerSideEncryptionConfiguration',
    suffix: 'encryption',
    type: 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
    props: encryptionRules,
  },
  { part: 'BucketVersioningConfiguration', suffix: 'versioning', type: 'aws:s3/bucketVersioning:BucketVersioning', props: versioning },
  {
    part: 'PublicAccessBlockConfiguration',
    suffix: 'public-access-block',
    type: 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
    props: (config) => rename(config, PUBLIC_ACCESS_SETTINGS),
  },
  {
    part: 'BucketLoggingConfiguration',
    suffix: 'logging',
    type: 'aws:s3/bucketLogging:BucketLogging',
    props: (config) =>
      str(config.destinationBucketName) ? compact({ targetBucket: config.destinationBucketName, targetPrefix: config.logFilePrefix }) : undefined,
  },
  {
    part: 'BucketPolicy',
    suffix: 'policy',
    type: 'aws:s3/bucketPolicy:BucketPolicy',
    props: (config) => (str(config.policyText) ? { policy: config.policyText } : undefined),
  },
];

export function mapBucket(item: ConfigItem): Mapped {
  const bucket = str(item.configuration.name) ?? item.resourceName ?? item.resourceId;
  const objectLock = record(item.supplementary.ObjectLockConfiguration);
  const props = compact({ bucket, objectLockEnabled: objectLock?.objectLockEnabled === 'Enabled' ? true : undefined });
  const companions: Companion[] = [];
  for (const spec of COMPANIONS) {
    const config = item.supplementary[spec.part];
    if (!isRecord(config)) continue;
    const own = spec.props(config);
    if (!own) continue;
    companions.push({
      suffix: spec.suffix,
      type: spec.type,
      part: spec.part,
      name: `${bucket}-${spec.suffix}`,
      // Every bucket companion is imported by the bucket's name.
      nativeId: bucket,
      props: { bucket, ...own },
      ownerProps: ['bucket'],
    });
  }
  return { props, companions };
}

/** The account-wide block (`AWS::S3::AccountPublicAccessBlock`), which covers every bucket when all four settings are on. */
export function mapAccountPublicAccessBlock(item: ConfigItem): Mapped {
  return { props: { accountId: item.account, ...rename(item.configuration, PUBLIC_ACCESS_SETTINGS) } };
}
