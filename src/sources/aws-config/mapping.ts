/**
 * What a per-type mapper returns: the resource's Pulumi input props, and the companion resources
 * Pulumi models separately from it (an S3 bucket's versioning, a role's inline policies), which
 * AWS Config records inside the one configuration item.
 */
import type { ConfigItem } from './item.ts';

export interface Companion {
  /** Appended to the owner's key after `#`: `versioning`, `policy/<name>`. */
  suffix: string;
  /** Pulumi type token. */
  type: string;
  /** Where Config keeps it: `BucketVersioningConfiguration`, `rolePolicyList`. */
  part: string;
  name: string;
  /** The id `pulumi import` takes for it. */
  nativeId?: string;
  props: Record<string, unknown>;
  /** Input properties that name the owner (`bucket`, `role`); they become propertyDependencies on it. */
  ownerProps: readonly string[];
}

export interface Mapped {
  props: Record<string, unknown>;
  companions?: Companion[];
}

export interface TypeMapping {
  /** Pulumi type token, e.g. `aws:s3/bucket:Bucket`. */
  type: string;
  /** The item field `pulumi import` takes as the id; `resourceId` when unset. */
  importId?: 'resourceId' | 'resourceName' | 'arn';
  /** False for types without a `tags` input; otherwise the item's tags are copied into props. */
  tags?: boolean;
  map(item: ConfigItem): Mapped;
}
