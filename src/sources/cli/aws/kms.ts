/**
 * Customer-managed KMS keys in one region. AWS-managed keys (`aws/s3`, ...) are rotated by AWS and
 * cannot be changed, so they are skipped; so are keys pending deletion, which KMS refuses to
 * describe the rotation of. Rotation status is asked only where rotation exists (symmetric
 * encryption keys in KMS itself), because elsewhere the call fails by design.
 */
import { z } from 'zod';
import type { Resource } from '../../resource.ts';
import type { CliRunner } from '../exec.ts';
import { awsResource, inRegion, type AwsAccount } from './resource.ts';

const keys = z.object({ Keys: z.array(z.object({ KeyId: z.string(), KeyArn: z.string().nullish() })) });
const aliases = z.object({ Aliases: z.array(z.object({ AliasName: z.string(), TargetKeyId: z.string().nullish() })) });
const describeKey = z.object({
  KeyMetadata: z.object({
    KeyId: z.string(),
    Arn: z.string(),
    Description: z.string().nullish(),
    KeyUsage: z.string().nullish(),
    KeyState: z.string().nullish(),
    KeyManager: z.string().nullish(),
    Enabled: z.boolean().nullish(),
    KeySpec: z.string().nullish(),
    CustomerMasterKeySpec: z.string().nullish(),
    MultiRegion: z.boolean().nullish(),
    CustomKeyStoreId: z.string().nullish(),
    XksKeyConfiguration: z.object({ Id: z.string().nullish() }).nullish(),
    Origin: z.string().nullish(),
  }),
});
const rotation = z.object({ KeyRotationEnabled: z.boolean(), RotationPeriodInDays: z.number().nullish() });

const NOT_DESCRIBABLE = new Set(['PendingDeletion', 'PendingReplicaDeletion']);

export async function collectKeys(runner: CliRunner, account: AwsAccount, region: string): Promise<Resource[]> {
  const [listed, named] = await Promise.all([
    runner.json(inRegion(region, ['kms', 'list-keys']), keys),
    runner.json(inRegion(region, ['kms', 'list-aliases']), aliases),
  ]);
  const aliasOf = new Map<string, string>();
  for (const alias of named.Aliases) {
    if (alias.TargetKeyId && !aliasOf.has(alias.TargetKeyId)) aliasOf.set(alias.TargetKeyId, alias.AliasName.replace(/^alias\//, ''));
  }
  const described = await Promise.all(
    listed.Keys.map((key) => runner.json(inRegion(region, ['kms', 'describe-key', '--key-id', key.KeyId]), describeKey)),
  );
  const customer = described
    .map((answer) => answer.KeyMetadata)
    .filter((key) => key.KeyManager !== 'AWS' && !NOT_DESCRIBABLE.has(key.KeyState ?? ''));
  return Promise.all(
    customer.map(async (key) => {
      const spec = key.KeySpec ?? key.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
      const rotatable = spec === 'SYMMETRIC_DEFAULT' && (key.KeyUsage ?? 'ENCRYPT_DECRYPT') === 'ENCRYPT_DECRYPT' && !key.CustomKeyStoreId && key.Origin !== 'EXTERNAL';
      const status = rotatable
        ? await runner.json(inRegion(region, ['kms', 'get-key-rotation-status', '--key-id', key.KeyId]), rotation)
        : undefined;
      return awsResource(account, {
        id: key.Arn,
        type: 'aws:kms/key:Key',
        nativeType: 'AWS::KMS::Key',
        name: aliasOf.get(key.KeyId) ?? key.KeyId,
        region,
        nativeId: key.KeyId,
        props: {
          description: key.Description || undefined,
          keyUsage: key.KeyUsage,
          customerMasterKeySpec: spec,
          isEnabled: key.Enabled,
          multiRegion: key.MultiRegion,
          customKeyStoreId: key.CustomKeyStoreId,
          xksKeyId: key.XksKeyConfiguration?.Id,
          enableKeyRotation: status?.KeyRotationEnabled,
          rotationPeriodInDays: status?.KeyRotationEnabled ? status.RotationPeriodInDays : undefined,
        },
      });
    }),
  );
}
