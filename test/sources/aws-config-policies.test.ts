/**
 * What AWS Config records reaches the rules: documents built by the aws-config source from the
 * fixture exports, evaluated by sweep's runner with the real policy library. In particular the S3
 * stack rules must see the bucket settings Config keeps in `supplementaryConfiguration`.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../policies/index.ts';
import { createRunner, type EvaluationResult } from '../../src/engine/runner.ts';
import { awsConfigSource } from '../../src/sources/aws-config/index.ts';
import type { SourceDocument } from '../../src/sources/resource.ts';

const exportsDir = fileURLToPath(new URL('../fixtures/sources/aws-config/exports', import.meta.url));
const A = '111122223333';
const S3_BUCKET_RULES = ['aws-s3-bucket-encryption', 'aws-s3-bucket-versioning', 'aws-s3-bucket-public-access-block', 'aws-s3-bucket-access-logging'];

/** One document per account: the batches of a scope merged, as the scan evaluates stack rules over them. */
async function accountDocuments(target: string): Promise<Map<string, SourceDocument>> {
  const byScope = new Map<string, SourceDocument>();
  for await (const document of awsConfigSource.read(target, { cwd: exportsDir })) {
    const merged = byScope.get(document.scope);
    if (merged) merged.resources.push(...document.resources);
    else byScope.set(document.scope, { ...document, resources: [...document.resources] });
  }
  return byScope;
}

describe('aws-config resources under the policy library', () => {
  let result: EvaluationResult;
  const found = (policyId: string) => result.findings.filter((finding) => finding.policyId === policyId).map((finding) => finding.resourceKey).sort();
  const key = (suffix: string) => `aws:${A}:${suffix}`;

  beforeAll(async () => {
    const documents = await accountDocuments('.');
    result = await createRunner(rules).evaluate(documents.get(`aws:${A}`)!);
  });

  it('runs every rule without a failure', () => {
    expect(result.failures).toEqual([]);
  });

  it('passes a bucket whose four settings Config recorded and fails one without them', () => {
    const secure = key('arn:aws:s3:::acme-payments-data');
    const legacy = key('arn:aws:s3:::acme-legacy-uploads');
    for (const policyId of S3_BUCKET_RULES) {
      expect(found(policyId), policyId).not.toContain(secure);
      expect(found(policyId), policyId).toContain(legacy);
    }
  });

  it('judges the recorded settings, not just their presence', () => {
    const reports = key('arn:aws:s3:::acme-eu-reports');
    // Versioning Suspended, a public access block with two settings off, no logging; encrypted with AES256.
    expect(found('aws-s3-bucket-versioning')).toContain(reports);
    expect(found('aws-s3-public-access-block-all-enabled')).toEqual([`${reports}#public-access-block`]);
    expect(found('aws-s3-bucket-public-access-block')).not.toContain(reports);
    expect(found('aws-s3-bucket-encryption')).not.toContain(reports);
    // The access-log bucket receives other buckets' logs, so it needs none of its own.
    expect(found('aws-s3-bucket-access-logging')).not.toContain(key('arn:aws:s3:::acme-access-logs'));
  });

  it('catches world-open SSH and RDP from ipPermissions', () => {
    expect(found('aws-ec2-security-group-no-public-ssh')).toEqual([key(`arn:aws:ec2:us-east-1:${A}:security-group/sg-0a1b2c3d4e5f60789`)]);
    expect(found('aws-ec2-security-group-no-public-rdp')).toEqual([key(`arn:aws:ec2:eu-west-1:${A}:security-group/sg-0eu00000000000001`)]);
  });

  it('catches full-admin documents after URL-decoding, in managed and inline policies', () => {
    expect(found('aws-iam-policy-no-full-admin')).toEqual([key(`arn:aws:iam::${A}:policy/legacy-admin`)]);
    expect(found('aws-iam-role-policy-no-full-admin')).toEqual([key(`arn:aws:iam::${A}:role/ci-deployer#policy/deploy-everything`)]);
    const message = result.findings.find((finding) => finding.policyId === 'aws-iam-policy-no-full-admin')?.message;
    expect(message).toContain('statement "BreakGlass"');
  });

  it('reads RDS, EBS, EC2, CloudTrail and KMS settings', () => {
    const db = key(`arn:aws:rds:us-east-1:${A}:db:orders-db`);
    for (const policyId of ['aws-rds-instance-not-public', 'aws-rds-instance-storage-encrypted', 'aws-rds-instance-multi-az', 'aws-rds-instance-backup-retention', 'aws-rds-instance-deletion-protection']) {
      expect(found(policyId), policyId).toEqual([db]);
    }
    expect(found('aws-ebs-volume-encrypted')).toEqual([key(`arn:aws:ec2:us-east-1:${A}:volume/vol-0123456789abcdef0`)]);
    expect(found('aws-ec2-instance-imdsv2')).toEqual([key(`arn:aws:ec2:us-east-1:${A}:instance/i-0abc123def4567890`)]);
    const trail = key(`arn:aws:cloudtrail:us-east-1:${A}:trail/management-events`);
    for (const policyId of ['aws-cloudtrail-multi-region', 'aws-cloudtrail-log-file-validation', 'aws-cloudtrail-kms-encryption']) {
      expect(found(policyId), policyId).toEqual([trail]);
    }
    // The trail writes to acme-payments-data, which logs its access through the BucketLogging companion.
    expect(found('aws-cloudtrail-bucket-access-logging')).toEqual([]);
    // The snapshot's key records rotation off; the batch-get key records it on.
    expect(found('aws-kms-key-rotation')).toEqual([key(`arn:aws:kms:us-east-1:${A}:key/1f2e3d4c-5b6a-4789-9abc-def012345678`)]);
  });

  it('leaves unknown types alone', () => {
    expect(result.findings.some((finding) => finding.resourceKey.includes(':function:thumbnailer'))).toBe(false);
  });
});
