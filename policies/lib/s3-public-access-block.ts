/**
 * S3 public access blocks, account-level (`aws.s3.AccountPublicAccessBlock`) or per bucket
 * (`aws.s3.BucketPublicAccessBlock`): both have the same four settings, and each one left off
 * reopens one path to public data (new public ACLs, existing public ACLs, public policies,
 * cross-account access through a public policy).
 */
import { flag, isSecret } from './values.ts';

export const PUBLIC_ACCESS_BLOCK_SETTINGS = ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'] as const;

type Settings = { [setting in (typeof PUBLIC_ACCESS_BLOCK_SETTINGS)[number]]?: unknown };

/** The settings a block leaves off. The provider defaults every setting to false, so an unset one is off; a masked one we cannot judge. */
export function settingsOff(props: Settings): string[] {
  return PUBLIC_ACCESS_BLOCK_SETTINGS.filter((setting) => flag(props[setting]) !== true && !isSecret(props[setting]));
}

/** The block with all four settings on, everything else kept. */
export function allSettingsOn<TProps extends Settings>(props: TProps): TProps & Record<keyof Settings, true> {
  return { ...props, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
}
