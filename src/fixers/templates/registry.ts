/**
 * Companion templates by the name rules give in `template`. Each adds one resource that points
 * at the violating resource (`bucket: <variable>.id`), with the settings the rule asks for and
 * nothing more: a template is the smallest resource that makes the rule pass. Versioning,
 * encryption (SSE-S3), public-access block, access logging (into an existing log bucket, see
 * log-bucket.ts) and a TLS-only bucket policy.
 *
 * Not here (the rule's group declines with `unknown-template` and moves on to the llm strategy):
 * `cloudtrail-kms-key` and `cloudwatch-log-group-kms-key`, whose key policy must name the
 * account's principals and the service's conditions — a decision for a person, not a template.
 */
import { raw, type RawCode } from '../props/literal.ts';

export interface TemplateContext {
  /** Code for the parent resource (a variable name). */
  parent: string;
  /** The parent's logical name. */
  parentName: string;
  /** Code for the log bucket (templates with `needs: 'log-bucket'`). */
  logBucket?: string;
}

export type TemplateValue = string | number | boolean | RawCode | TemplateValue[] | { [key: string]: TemplateValue };

export interface CompanionTemplate {
  name: string;
  /** Pulumi type token of the added resource. */
  type: string;
  /** Module and class under `@pulumi/aws`. */
  module: string;
  className: string;
  /** The added resource is named `<parent name>-<suffix>`. */
  suffix: string;
  /** Types the parent may have. */
  parentTypes: readonly string[];
  /** Classes that, already pointing at the parent, mean a companion exists and needs a property fix instead. */
  existingClasses: readonly string[];
  needs?: 'log-bucket';
  args(context: TemplateContext): Record<string, TemplateValue>;
}

const BUCKETS = ['aws:s3/bucket:Bucket', 'aws:s3/bucketV2:BucketV2'] as const;

const templates: readonly CompanionTemplate[] = [
  {
    name: 's3-bucket-versioning',
    type: 'aws:s3/bucketVersioning:BucketVersioning',
    module: 's3',
    className: 'BucketVersioning',
    suffix: 'versioning',
    parentTypes: BUCKETS,
    existingClasses: ['BucketVersioning', 'BucketVersioningV2'],
    args: ({ parent }) => ({ bucket: raw(`${parent}.id`), versioningConfiguration: { status: 'Enabled' } }),
  },
  {
    name: 's3-bucket-encryption',
    type: 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
    module: 's3',
    className: 'BucketServerSideEncryptionConfiguration',
    suffix: 'sse',
    parentTypes: BUCKETS,
    existingClasses: ['BucketServerSideEncryptionConfiguration', 'BucketServerSideEncryptionConfigurationV2'],
    // SSE-S3: needs no key policy, so it can never lock readers out; moving to a KMS key is a deliberate later step.
    args: ({ parent }) => ({ bucket: raw(`${parent}.id`), rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] }),
  },
  {
    name: 's3-bucket-public-access-block',
    type: 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
    module: 's3',
    className: 'BucketPublicAccessBlock',
    suffix: 'pab',
    parentTypes: BUCKETS,
    existingClasses: ['BucketPublicAccessBlock'],
    args: ({ parent }) => ({
      bucket: raw(`${parent}.id`),
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
  },
  {
    name: 's3-bucket-access-logging',
    type: 'aws:s3/bucketLogging:BucketLogging',
    module: 's3',
    className: 'BucketLogging',
    suffix: 'logging',
    parentTypes: BUCKETS,
    existingClasses: ['BucketLogging', 'BucketLoggingV2'],
    needs: 'log-bucket',
    args: ({ parent, parentName, logBucket }) => ({
      bucket: raw(`${parent}.id`),
      targetBucket: raw(`${logBucket}.id`),
      targetPrefix: `${parentName}/`,
    }),
  },
  {
    name: 's3-bucket-policy-deny-http',
    type: 'aws:s3/bucketPolicy:BucketPolicy',
    module: 's3',
    className: 'BucketPolicy',
    suffix: 'policy',
    parentTypes: BUCKETS,
    // A bucket has one policy: with one already there, the statement belongs in it (a person or the llm strategy).
    existingClasses: ['BucketPolicy'],
    args: ({ parent }) => ({
      bucket: raw(`${parent}.id`),
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [raw(`${parent}.arn`), raw(`${parent}.arn.apply((arn) => \`\${arn}/*\`)`)],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
    }),
  },
];

/** Every template by name: the registry is this explicit list. */
export const templateRegistry: ReadonlyMap<string, CompanionTemplate> = new Map(templates.map((template) => [template.name, template]));
