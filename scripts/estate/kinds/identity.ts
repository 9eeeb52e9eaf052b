/**
 * IAM policies (misconfigured: Action "*" on Resource "*"), KMS keys (misconfigured: rotation off)
 * and CloudTrail trails (misconfigured: no log file validation and/or single-region).
 */
import { made, tagsFor, type UnitKind } from '../model.ts';

export const IAM_POLICY = 'aws:iam/policy:Policy';
export const KMS_KEY = 'aws:kms/key:Key';
export const TRAIL = 'aws:cloudtrail/trail:Trail';

const SCOPED_ACTIONS: ReadonlyArray<{ actions: string[]; resource: (region: string, account: string, service: string) => string }> = [
  { actions: ['s3:GetObject', 's3:PutObject'], resource: (_r, _a, s) => `arn:aws:s3:::${s}-uploads/*` },
  { actions: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'], resource: (r, a, s) => `arn:aws:sqs:${r}:${a}:${s}-events` },
  { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], resource: (r, a, s) => `arn:aws:dynamodb:${r}:${a}:table/${s}` },
  { actions: ['secretsmanager:GetSecretValue'], resource: (r, a, s) => `arn:aws:secretsmanager:${r}:${a}:secret:${s}/*` },
  { actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resource: (r, a) => `arn:aws:kms:${r}:${a}:key/*` },
];

export const iamPolicy: UnitKind = {
  id: 'iam-policy',
  weight: 6,
  goodSize: 1,
  badSize: 1,
  badViolating: 1,
  maxSize: 1,
  build(ctx, { service, n, violate }) {
    const { rng, region, account } = ctx;
    const name = `${service}-${violate ? rng.pick(['deploy', 'admin', 'ci', 'break-glass']) : rng.pick(['read', 'writer', 'app', 'worker'])}-policy-${n}`;
    const physical = `${name}-${rng.alnum(7)}`;
    const scoped = rng.pick(SCOPED_ACTIONS);
    const statement = violate
      ? [{ Action: rng.chance(0.5) ? '*' : ['*'], Effect: 'Allow', Resource: '*' }]
      : [{ Action: scoped.actions, Effect: 'Allow', Resource: scoped.resource(region, account, service), Sid: 'Scoped' }];
    const policy = JSON.stringify({ Statement: statement, Version: '2012-10-17' });
    const arn = `arn:aws:iam::${account}:policy/${physical}`;
    return [
      made(
        IAM_POLICY,
        name,
        arn,
        { __defaults: ['name'], description: `${service} ${violate ? 'deployment' : 'application'} permissions`, name: physical, path: '/', policy, tags: tagsFor(ctx) },
        { arn, attachmentCount: rng.int(0, 3), namePrefix: '', policyId: `ANPA${rng.alnum(17, true)}` },
        violate,
      ),
    ];
  },
};

export const kmsKey: UnitKind = {
  id: 'kms-key',
  weight: 3,
  goodSize: 1,
  badSize: 1,
  badViolating: 1,
  maxSize: 1,
  build(ctx, { service, n, violate }) {
    const { rng, region, account } = ctx;
    const keyId = rng.uuid();
    const arn = `arn:aws:kms:${region}:${account}:key/${keyId}`;
    return [
      made(
        KMS_KEY,
        `${service}-key-${n}`,
        keyId,
        { __defaults: [], deletionWindowInDays: 30, description: `${service} data key`, enableKeyRotation: !violate, tags: tagsFor(ctx) },
        {
          arn,
          bypassPolicyLockoutSafetyCheck: false,
          customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
          isEnabled: true,
          keyId,
          keyUsage: 'ENCRYPT_DECRYPT',
          multiRegion: false,
          region,
          rotationPeriodInDays: violate ? 0 : 365,
        },
        violate,
      ),
    ];
  },
};

export const cloudTrail: UnitKind = {
  id: 'cloudtrail-trail',
  weight: 0.5,
  goodSize: 1,
  badSize: 1,
  badViolating: 1,
  maxSize: 1,
  build(ctx, { service, n, violate }) {
    const { rng, region, account } = ctx;
    const name = `${service}-trail-${n}`;
    const physical = `${name}-${rng.alnum(7)}`;
    const arn = `arn:aws:cloudtrail:${region}:${account}:trail/${physical}`;
    const noValidation = violate && rng.chance(0.7);
    const singleRegion = violate && (!noValidation || rng.chance(0.5));
    return [
      made(
        TRAIL,
        name,
        arn,
        {
          __defaults: [],
          enableLogFileValidation: !noValidation,
          includeGlobalServiceEvents: true,
          isMultiRegionTrail: !singleRegion,
          kmsKeyId: ctx.shared.kmsKeyArn,
          name: physical,
          s3BucketName: ctx.shared.trailBucket,
          tags: tagsFor(ctx),
        },
        { arn, enableLogging: true, homeRegion: region, isOrganizationTrail: false, region, s3KeyPrefix: '', snsTopicName: '' },
        violate,
      ),
    ];
  },
};
