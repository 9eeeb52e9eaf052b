/**
 * Terraform state evaluated by the real policy library: each mapped resource meets the rules of
 * its Pulumi type, and a misconfigured resource read from state gets the same findings as the
 * same resource declared in a Pulumi program.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../policies/index.ts';
import { createRunner, type Finding } from '../../src/engine/runner.ts';
import type { Resource, SourceDocument } from '../../src/sources/resource.ts';
import { readTerraformState } from '../../src/sources/terraform-state/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const LINEAGE = '7e1b2c4d-0a1f-4c2e-9b7a-3f5d8e6a1c90';

/** A resource as a Pulumi program would declare it (a pulumi-state resource, urn and all). */
function pulumiTwin(type: string, name: string, props: Record<string, unknown>): Resource {
  const urn = `urn:pulumi:prod::estate::${type}::${name}`;
  return {
    key: `pulumi:estate/prod:${urn}`,
    type,
    nativeType: type,
    name,
    provider: 'aws',
    urn,
    props,
    tags: {},
    iac: { kind: 'pulumi', project: 'estate', stack: 'prod', path: 'index.ts', line: 1 },
    role: 'custom',
    source: 'pulumi-state',
  };
}

function findingsOf(result: { findings: Finding[] }, key: string): { policyId: string; message: string }[] {
  return result.findings
    .filter((finding) => finding.resourceKey === key)
    .map(({ policyId, message }) => ({ policyId, message }))
    .sort((a, b) => a.policyId.localeCompare(b.policyId));
}

describe('terraform-state resources under the real rules', () => {
  const runner = createRunner(rules);
  let documents: SourceDocument[];
  let findings: Finding[];

  beforeAll(async () => {
    documents = [];
    for await (const document of readTerraformState('test/fixtures/sources/terraform-state/estate/prod.tfstate', { cwd: root })) {
      documents.push(document);
    }
    findings = [];
    for (const document of documents) findings.push(...(await runner.evaluate(document)).findings);
  });

  const key = (address: string) => `terraform:${LINEAGE}:${address}`;
  const policiesOf = (address: string) =>
    findings
      .filter((finding) => finding.resourceKey === key(address))
      .map((finding) => finding.policyId)
      .sort();

  it('finds every misconfiguration the fixture holds, on the resource that holds it', () => {
    expect(policiesOf('aws_security_group.bastion[0]')).toEqual(['aws-ec2-security-group-no-public-ssh']);
    expect(policiesOf('aws_vpc_security_group_ingress_rule.rdp')).toEqual(['aws-vpc-ingress-rule-no-public-rdp']);
    expect(policiesOf('aws_instance.web[0]')).toEqual(['aws-ec2-instance-imdsv2']);
    expect(policiesOf('aws_instance.web[1]')).toEqual([]);
    expect(policiesOf('aws_launch_template.workers')).toEqual(['aws-ec2-launch-template-imdsv2']);
    expect(policiesOf('aws_ebs_volume.data')).toEqual(['aws-ebs-volume-encrypted']);
    expect(policiesOf('aws_kms_key.data')).toEqual(['aws-kms-key-rotation']);
    expect(policiesOf('aws_iam_policy.admin')).toEqual(['aws-iam-policy-no-full-admin']);
    expect(policiesOf('aws_iam_role_policy.app')).toEqual(['aws-iam-role-policy-no-full-admin']);
    expect(policiesOf('aws_iam_account_password_policy.strict')).toEqual([
      'aws-iam-password-policy-min-length',
      'aws-iam-password-policy-reuse-prevention',
    ]);
    expect(policiesOf('aws_cloudtrail.org')).toEqual([
      'aws-cloudtrail-kms-encryption',
      'aws-cloudtrail-log-file-validation',
      'aws-cloudtrail-multi-region',
    ]);
    expect(policiesOf('aws_s3_bucket_public_access_block.logs')).toEqual(['aws-s3-public-access-block-all-enabled']);
    expect(policiesOf('module.vpc.aws_security_group.this')).toEqual([]);
  });

  it('joins S3 buckets with their companion resources by bucket name', () => {
    // data: encryption, versioning, logging and public access block companions, all in order.
    expect(policiesOf('aws_s3_bucket.data')).toEqual([]);
    // logs: receives access logs (exempt from logging), versioning Suspended.
    expect(policiesOf('aws_s3_bucket.logs')).toEqual(['aws-s3-bucket-versioning']);
    // trail: no companions at all, and CloudTrail writes to it.
    expect(policiesOf('aws_s3_bucket.trail')).toEqual([
      'aws-cloudtrail-bucket-access-logging',
      'aws-s3-bucket-access-logging',
      'aws-s3-bucket-public-access-block',
      'aws-s3-bucket-versioning',
    ]);
  });

  it('gives a misconfigured security group, RDS instance and EBS volume the findings of their Pulumi twins', async () => {
    const twins: [string, Resource][] = [
      [
        'aws_security_group.bastion[0]',
        pulumiTwin('aws:ec2/securityGroup:SecurityGroup', 'bastion', {
          description: 'bastion access',
          vpcId: 'vpc-0a1b2c3d4e5f60718',
          ingress: [
            { protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'], description: 'ssh' },
            { protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['10.0.0.0/8'] },
          ],
          egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }],
        }),
      ],
      [
        'aws_db_instance.orders',
        // The program states every setting the state records, as a careful author would.
        pulumiTwin('aws:rds/instance:Instance', 'orders', {
          identifier: 'orders',
          engine: 'postgres',
          engineVersion: '16.4',
          port: 5432,
          storageType: 'gp2',
          autoMinorVersionUpgrade: true,
          iamDatabaseAuthenticationEnabled: false,
          performanceInsightsEnabled: false,
          monitoringInterval: 0,
          copyTagsToSnapshot: false,
          caCertIdentifier: 'rds-ca-rsa2048-g1',
          instanceClass: 'db.t3.micro',
          allocatedStorage: 20,
          username: 'orders_admin',
          password: '[secret]',
          publiclyAccessible: true,
          storageEncrypted: false,
          backupRetentionPeriod: 1,
          multiAz: false,
          deletionProtection: false,
          skipFinalSnapshot: true,
        }),
      ],
      [
        'aws_ebs_volume.data',
        pulumiTwin('aws:ebs/volume:Volume', 'data', { availabilityZone: 'eu-west-1a', size: 100, type: 'gp3', encrypted: false }),
      ],
    ];
    const twinResult = await runner.evaluate({ origin: 'twins', scope: 'pulumi:estate/prod', resources: twins.map(([, twin]) => twin) });
    const stateResult = { findings };
    for (const [address, twin] of twins) {
      const fromState = findingsOf(stateResult, key(address));
      expect(fromState.length, address).toBeGreaterThan(0);
      expect(fromState, address).toEqual(findingsOf(twinResult, twin.key));
    }
  });

  it('reads the camelCase props the rules read', () => {
    const resources = documents.flatMap((document) => document.resources);
    const props = (address: string) => resources.find((resource) => resource.key === key(address))!.props;
    expect(props('aws_security_group.bastion[0]').ingress).toContainEqual(
      expect.objectContaining({ cidrBlocks: ['0.0.0.0/0'], fromPort: 22, toPort: 22, protocol: 'tcp', ipv6CidrBlocks: [] }),
    );
    expect(props('aws_vpc_security_group_ingress_rule.rdp')).toMatchObject({ cidrIpv4: '0.0.0.0/0', fromPort: 3389, toPort: 3389, ipProtocol: 'tcp' });
    expect(props('aws_instance.web[0]').metadataOptions).toEqual({
      httpEndpoint: 'enabled',
      httpProtocolIpv6: 'disabled',
      httpPutResponseHopLimit: 1,
      httpTokens: 'optional',
      instanceMetadataTags: 'disabled',
    });
    expect(props('aws_instance.web[0]').rootBlockDevice).toMatchObject({ encrypted: true, volumeSize: 8, volumeType: 'gp3' });
    expect(props('aws_instance.web[0]').ebsBlockDevices).toEqual([expect.objectContaining({ deviceName: '/dev/sdf', encrypted: true })]);
    expect(props('aws_launch_template.workers')).toMatchObject({
      metadataOptions: { httpTokens: 'optional' },
      blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: 'true', volumeSize: 20 } }],
      iamInstanceProfile: { name: 'workers' },
      monitoring: { enabled: true },
    });
    expect(props('aws_db_instance.orders')).toMatchObject({
      storageEncrypted: false,
      publiclyAccessible: true,
      multiAz: false,
      backupRetentionPeriod: 1,
      deletionProtection: false,
      replicateSourceDb: '',
      engine: 'postgres',
    });
    expect(props('aws_ebs_volume.data')).toMatchObject({ encrypted: false, kmsKeyId: '', snapshotId: '' });
    expect(props('aws_kms_key.data')).toMatchObject({ enableKeyRotation: false, customerMasterKeySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT' });
    expect(props('aws_cloudtrail.org')).toMatchObject({
      s3BucketName: 'acme-prod-trail',
      isMultiRegionTrail: false,
      enableLogFileValidation: false,
      eventSelectors: [{ dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }], readWriteType: 'All' }],
    });
    expect(props('aws_iam_account_password_policy.strict')).toMatchObject({ minimumPasswordLength: 8, passwordReusePrevention: 0 });
    expect(typeof props('aws_iam_policy.admin').policy).toBe('string');
    expect(props('aws_iam_role_policy.app')).toMatchObject({ role: 'app', name: 'app-admin' });
    expect(props('aws_s3_bucket.data')).toMatchObject({
      bucket: 'acme-prod-data',
      versioning: { enabled: false, mfaDelete: false },
      serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, bucketKeyEnabled: false } },
      grants: [expect.objectContaining({ permissions: ['FULL_CONTROL'] })],
    });
    expect(props('aws_s3_bucket.data')).not.toHaveProperty('logging');
    expect(props('aws_s3_bucket_server_side_encryption_configuration.data')).toMatchObject({
      bucket: 'acme-prod-data',
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true }],
    });
    expect(props('aws_s3_bucket_versioning.data')).toMatchObject({ bucket: 'acme-prod-data', versioningConfiguration: { status: 'Enabled' } });
    expect(props('aws_s3_bucket_logging.data')).toMatchObject({
      bucket: 'acme-prod-data',
      targetBucket: 'acme-prod-logs',
      targetPrefix: 'acme-prod-data/',
      targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'EventTime' } },
    });
    expect(props('aws_s3_bucket_public_access_block.logs')).toMatchObject({ bucket: 'acme-prod-logs', blockPublicPolicy: false, blockPublicAcls: true });
  });
});
