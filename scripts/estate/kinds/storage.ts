/**
 * S3 with @pulumi/aws v7's split resources: a Bucket plus its encryption, versioning,
 * public-access-block and access-logging companions. A misconfigured unit is a bucket missing one
 * or more of them; the bucket is the misconfigured resource. (Logs go to the landing zone's log
 * bucket, which is not part of the stack.)
 */
import { made, tagsFor, urnOf, type GeneratedResource, type StackContext, type UnitKind } from '../model.ts';

export const BUCKET = 'aws:s3/bucket:Bucket';
export const BUCKET_SSE = 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration';
export const BUCKET_VERSIONING = 'aws:s3/bucketVersioning:BucketVersioning';
export const BUCKET_PAB = 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock';
export const BUCKET_LOGGING = 'aws:s3/bucketLogging:BucketLogging';

const PURPOSES = ['uploads', 'exports', 'assets', 'archive', 'reports', 'backups', 'artifacts', 'statements', 'media', 'raw'];

type Companion = 'sse' | 'versioning' | 'pab' | 'logging';

const ALL_COMPANIONS: readonly Companion[] = ['sse', 'versioning', 'pab', 'logging'];

/** Companion sets of a misconfigured bucket: each lacks at least one. */
const BAD_VARIANTS: ReadonlyArray<readonly Companion[]> = [
  [],
  ['versioning'],
  ['sse', 'versioning'],
  ['pab'],
  ['sse', 'pab', 'logging'],
  ['sse', 'versioning', 'pab'],
  ['versioning', 'pab', 'logging'],
];

function bucketUnit(ctx: StackContext, name: string, companions: ReadonlySet<Companion>, violate: boolean): GeneratedResource[] {
  const { rng, region } = ctx;
  const physical = `${ctx.project}-${name}-${rng.alnum(7)}`.slice(0, 63);
  const bucketUrn = urnOf(ctx, BUCKET, name);
  const deps = { bucket: [bucketUrn] };
  const out: GeneratedResource[] = [
    made(
      BUCKET,
      name,
      physical,
      { __defaults: [], bucket: physical, forceDestroy: false, tags: tagsFor(ctx, { 'data-classification': rng.pick(['internal', 'confidential', 'public']) }) },
      {
        arn: `arn:aws:s3:::${physical}`,
        bucketDomainName: `${physical}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${physical}.s3.${region}.amazonaws.com`,
        hostedZoneId: 'Z3AQBSTGFYJSTF',
        objectLockEnabled: false,
        requestPayer: 'BucketOwner',
        region,
      },
      violate,
    ),
  ];
  if (companions.has('sse')) {
    const kms = rng.chance(0.6);
    const rules = [
      kms
        ? { applyServerSideEncryptionByDefault: { kmsMasterKeyId: ctx.shared.kmsKeyArn, sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true }
        : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
    ];
    out.push(made(BUCKET_SSE, `${name}-sse`, physical, { __defaults: [], bucket: physical, rules }, { expectedBucketOwner: '', region }, false, deps));
  }
  if (companions.has('versioning')) {
    out.push(
      made(
        BUCKET_VERSIONING,
        `${name}-versioning`,
        physical,
        { __defaults: [], bucket: physical, versioningConfiguration: { status: 'Enabled' } },
        { expectedBucketOwner: '', versioningConfiguration: { mfaDelete: '', status: 'Enabled' }, region },
        false,
        deps,
      ),
    );
  }
  if (companions.has('pab')) {
    out.push(
      made(
        BUCKET_PAB,
        `${name}-pab`,
        physical,
        { __defaults: [], blockPublicAcls: true, blockPublicPolicy: true, bucket: physical, ignorePublicAcls: true, restrictPublicBuckets: true },
        { region, skipDestroy: false },
        false,
        deps,
      ),
    );
  }
  if (companions.has('logging')) {
    out.push(
      made(
        BUCKET_LOGGING,
        `${name}-logging`,
        physical,
        { __defaults: [], bucket: physical, targetBucket: ctx.shared.accessLogBucket, targetPrefix: `${physical}/` },
        { expectedBucketOwner: '', targetGrants: [], region },
        false,
        deps,
      ),
    );
  }
  return out;
}

export const s3Bucket: UnitKind = {
  id: 's3-bucket',
  weight: 6,
  goodSize: 1 + ALL_COMPANIONS.length,
  badSize: BAD_VARIANTS.reduce((sum, v) => sum + 1 + v.length, 0) / BAD_VARIANTS.length,
  badViolating: 1,
  maxSize: 5,
  build(ctx, { service, n, violate }) {
    const name = `${service}-${ctx.rng.pick(PURPOSES)}-${n}`;
    return bucketUnit(ctx, name, new Set(violate ? ctx.rng.pick(BAD_VARIANTS) : ALL_COMPANIONS), violate);
  },
};
