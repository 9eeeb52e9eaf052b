/**
 * A small gcloud collector: Cloud Storage buckets and VPC firewall rules of one project, mapped
 * to `gcp:storage/bucket:Bucket` and `gcp:compute/firewall:Firewall` with the inputs @pulumi/gcp
 * names. `gcloud storage buckets list` prints its own snake_case view of a bucket
 * (`uniform_bucket_level_access`, `versioning_enabled`); `compute ... list` prints the API's
 * camelCase resource. Keys use the Cloud Asset Inventory resource name, which any other GCP source
 * can derive too: `gcp:<project>:storage.googleapis.com/projects/_/buckets/<name>`.
 */
import { z } from 'zod';
import { SweepError } from '../../../errors.ts';
import type { Resource, SourceDocument } from '../../resource.ts';
import type { CliRunner } from '../exec.ts';
import { CONNECTION_SOURCE_KIND } from '../kind.ts';
import { compact } from '../props.ts';

const optionalText = z.string().nullish();
const buckets = z.array(
  z.object({
    name: z.string(),
    location: optionalText,
    default_storage_class: optionalText,
    uniform_bucket_level_access: z.boolean().nullish(),
    public_access_prevention: optionalText,
    versioning_enabled: z.boolean().nullish(),
    default_kms_key: optionalText,
    logging_config: z.object({ logBucket: optionalText, logObjectPrefix: optionalText }).nullish(),
    soft_delete_policy: z.object({ retentionDurationSeconds: z.union([z.string(), z.number()]).nullish() }).nullish(),
    labels: z.record(z.string(), z.string()).nullish(),
  }),
);
const portRule = z.object({ IPProtocol: z.string(), ports: z.array(z.string()).nullish() });
const firewalls = z.array(
  z.object({
    name: z.string(),
    id: z.union([z.string(), z.number()]).nullish(),
    network: optionalText,
    description: optionalText,
    direction: optionalText,
    priority: z.number().nullish(),
    disabled: z.boolean().nullish(),
    sourceRanges: z.array(z.string()).nullish(),
    destinationRanges: z.array(z.string()).nullish(),
    sourceTags: z.array(z.string()).nullish(),
    targetTags: z.array(z.string()).nullish(),
    sourceServiceAccounts: z.array(z.string()).nullish(),
    targetServiceAccounts: z.array(z.string()).nullish(),
    allowed: z.array(portRule).nullish(),
    denied: z.array(portRule).nullish(),
    logConfig: z.object({ enable: z.boolean().nullish(), metadata: optionalText }).nullish(),
  }),
);

export interface GcloudCollectOptions {
  project?: string;
  origin: string;
  connection: string;
}

function gcpResource(project: string, input: Omit<Resource, 'provider' | 'account' | 'iac' | 'role' | 'source' | 'key'> & { id: string }): Resource {
  const { id, ...rest } = input;
  return { ...rest, key: `gcp:${project}:${id}`, provider: 'gcp', account: project, iac: { kind: 'none' }, role: 'custom', source: CONNECTION_SOURCE_KIND };
}

async function resolveProject(runner: CliRunner, options: GcloudCollectOptions): Promise<string> {
  if (options.project) return options.project;
  const configured = await runner.json(['config', 'get-value', 'project'], z.string().nullish());
  if (!configured) {
    throw new SweepError('connection-no-project', `connection "${options.connection}": gcloud has no default project`, {
      hint: `Re-create the connection with --project <id> (sweep connections remove ${options.connection}).`,
    });
  }
  return configured;
}

export async function collectGcloud(runner: CliRunner, options: GcloudCollectOptions): Promise<SourceDocument[]> {
  const project = await resolveProject(runner, options);
  const inProject = (args: string[]) => [...args, '--project', project];
  const [bucketList, firewallList] = await Promise.all([
    runner.json(inProject(['storage', 'buckets', 'list']), buckets),
    runner.json(inProject(['compute', 'firewall-rules', 'list']), firewalls),
  ]);
  const resources: Resource[] = [];
  for (const bucket of bucketList) {
    const labels = bucket.labels ?? {};
    resources.push(
      gcpResource(project, {
        id: `storage.googleapis.com/projects/_/buckets/${bucket.name}`,
        type: 'gcp:storage/bucket:Bucket',
        nativeType: 'storage.googleapis.com/Bucket',
        name: bucket.name,
        region: bucket.location?.toLowerCase(),
        nativeId: bucket.name,
        props: compact({
          name: bucket.name,
          project,
          location: bucket.location,
          storageClass: bucket.default_storage_class,
          uniformBucketLevelAccess: bucket.uniform_bucket_level_access ?? false,
          publicAccessPrevention: bucket.public_access_prevention,
          versioning: { enabled: bucket.versioning_enabled ?? false },
          encryption: bucket.default_kms_key ? { defaultKmsKeyName: bucket.default_kms_key } : undefined,
          logging: bucket.logging_config?.logBucket ? bucket.logging_config : undefined,
          softDeletePolicy: bucket.soft_delete_policy?.retentionDurationSeconds != null
            ? { retentionDurationSeconds: Number(bucket.soft_delete_policy.retentionDurationSeconds) }
            : undefined,
          labels: Object.keys(labels).length > 0 ? labels : undefined,
        }),
        tags: labels,
      }),
    );
  }
  const rules = (list: z.infer<typeof portRule>[] | null | undefined) => list?.map((rule) => compact({ protocol: rule.IPProtocol, ports: rule.ports }));
  for (const firewall of firewallList) {
    resources.push(
      gcpResource(project, {
        id: `compute.googleapis.com/projects/${project}/global/firewalls/${firewall.name}`,
        type: 'gcp:compute/firewall:Firewall',
        nativeType: 'compute.googleapis.com/Firewall',
        name: firewall.name,
        region: 'global',
        nativeId: `projects/${project}/global/firewalls/${firewall.name}`,
        props: compact({
          name: firewall.name,
          project,
          network: firewall.network,
          description: firewall.description || undefined,
          direction: firewall.direction,
          priority: firewall.priority,
          disabled: firewall.disabled,
          sourceRanges: firewall.sourceRanges,
          destinationRanges: firewall.destinationRanges,
          sourceTags: firewall.sourceTags,
          targetTags: firewall.targetTags,
          sourceServiceAccounts: firewall.sourceServiceAccounts,
          targetServiceAccounts: firewall.targetServiceAccounts,
          allows: rules(firewall.allowed),
          denies: rules(firewall.denied),
          // In Pulumi a logConfig block turns logging on; there is no `enable` input.
          logConfig: firewall.logConfig?.enable ? { metadata: firewall.logConfig.metadata ?? 'INCLUDE_ALL_METADATA' } : undefined,
        }),
        tags: {},
      }),
    );
  }
  return [{ origin: options.origin, scope: `gcp:${project}`, resources }];
}
