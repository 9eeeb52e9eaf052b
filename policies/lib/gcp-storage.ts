/** Cloud Storage input shapes (@pulumi/gcp `storage.Bucket`, `BucketIAMMember`, `BucketIAMBinding`). */

export interface BucketProps {
  name: string;
  location: string;
  uniformBucketLevelAccess: boolean;
  publicAccessPrevention: string;
  versioning: { enabled?: boolean };
  logging: { logBucket?: string; logObjectPrefix?: string };
  encryption: { defaultKmsKeyName?: string };
}

export const BUCKET = 'gcp:storage/bucket:Bucket';

/** IAM principals that mean "anyone" (allUsers) or "anyone with a Google account" (allAuthenticatedUsers). */
const PUBLIC_PRINCIPALS = new Set(['allusers', 'allauthenticatedusers']);

export function isPublicPrincipal(member: unknown): boolean {
  return typeof member === 'string' && PUBLIC_PRINCIPALS.has(member.trim().toLowerCase());
}
