/** The kubectl, gcloud and az collectors against their fake CLIs. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SweepError } from '../../src/errors.ts';
import type { ConnectionRecord, SourceContext } from '../../src/sources/source.ts';
import { byName, createSandbox, lookupOf, readDocuments, readError, ROOT, testSource, type Sandbox } from './support.ts';

let sandbox: Sandbox;

beforeEach(async () => {
  sandbox = await createSandbox();
});

afterEach(async () => {
  await sandbox.cleanup();
});

function contextFor(record: ConnectionRecord, extra: NodeJS.ProcessEnv = {}): SourceContext {
  return { cwd: ROOT, env: { ...sandbox.env, ...extra }, connection: lookupOf(record) };
}

describe('kubectl connection', () => {
  const cluster: ConnectionRecord = { name: 'prod-cluster', kind: 'kubectl', config: { context: 'prod-eks' } };

  it('reads workloads, network and RBAC kinds in one call and maps them as the kubernetes source does', async () => {
    const [document] = await readDocuments(testSource(), 'prod-cluster', contextFor(cluster));
    expect(document).toMatchObject({ origin: 'connection:prod-cluster', scope: 'kubernetes:prod-eks' });
    const calls = await sandbox.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0].args).toEqual([
      'get',
      'deployments,statefulsets,daemonsets,pods,services,ingresses,serviceaccounts,roles,clusterroles,rolebindings,clusterrolebindings,networkpolicies,namespaces',
      '-A',
      '-o',
      'json',
      '--context',
      'prod-eks',
    ]);

    const web = byName(document.resources, 'kubernetes:apps/v1:Deployment', 'web');
    expect(web).toMatchObject({
      key: 'kubernetes:prod-eks:apps/Deployment/shop/web',
      nativeType: 'Deployment',
      nativeId: 'shop/web',
      provider: 'kubernetes',
      tags: { app: 'web', team: 'storefront' },
      iac: { kind: 'none' },
      source: 'connection',
    });
    // Declared shape only: no status, no server-set metadata, no last-applied copy of itself.
    expect(web.props.status).toBeUndefined();
    expect(web.props.metadata).toEqual({
      labels: { app: 'web', team: 'storefront' },
      name: 'web',
      namespace: 'shop',
    });
    expect((web.props.spec as any).template.spec.containers[0].securityContext.privileged).toBe(true);

    expect(byName(document.resources, 'kubernetes:core/v1:Service', 'web').type).toBe('kubernetes:core/v1:Service');
    expect(byName(document.resources, 'kubernetes:networking.k8s.io/v1:Ingress', 'web').key).toBe('kubernetes:prod-eks:networking.k8s.io/Ingress/shop/web');
    expect(byName(document.resources, 'kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding', 'ci-admin').key).toBe(
      'kubernetes:prod-eks:rbac.authorization.k8s.io/ClusterRoleBinding//ci-admin',
    );
    // A bare pod is kept; a pod its ReplicaSet owns is the Deployment's business.
    const pods = document.resources.filter((r) => r.nativeType === 'Pod').map((r) => r.name);
    expect(pods).toEqual(['debug-shell']);
  });

  it('scopes by the connection name when it uses the current context', async () => {
    const current: ConnectionRecord = { name: 'dev-cluster', kind: 'kubectl', config: {} };
    const [document] = await readDocuments(testSource(), 'dev-cluster', contextFor(current));
    expect(document.scope).toBe('kubernetes:dev-cluster');
    expect((await sandbox.calls())[0].args).not.toContain('--context');
  });

  it('retries when the API server answers 429, and names the call when it keeps doing so', async () => {
    await readDocuments(testSource(), 'prod-cluster', contextFor(cluster, { FAKE_THROTTLE_OP: 'get', FAKE_THROTTLE_TIMES: '2' }));
    expect(await sandbox.calls()).toHaveLength(3);

    const error = (await readError(testSource(), 'prod-cluster', contextFor(cluster, { FAKE_THROTTLE_OP: 'get', FAKE_THROTTLE_TIMES: 'always' }))) as SweepError;
    expect(error.code).toBe('cli-throttled');
    expect(error.message).toContain('connection "prod-cluster": `kubectl get deployments,');
    expect(error.message).toContain('TooManyRequests');
  });

  it('explains an unknown context', async () => {
    const wrong: ConnectionRecord = { name: 'gone', kind: 'kubectl', config: { context: 'decommissioned' } };
    const error = (await readError(testSource(), 'gone', contextFor(wrong))) as SweepError;
    expect(error.code).toBe('cli-failed');
    expect(error.message).toContain('context "decommissioned" does not exist');
    expect(error.hint).toMatch(/credentials/);
  });
});

describe('gcloud connection', () => {
  it('reads buckets and firewall rules of the configured project', async () => {
    const record: ConnectionRecord = { name: 'prod-gcp', kind: 'gcloud', config: {} };
    const [document] = await readDocuments(testSource(), 'prod-gcp', contextFor(record));
    expect(document.scope).toBe('gcp:acme-prod');
    const calls = (await sandbox.calls()).map((call) => call.args.join(' '));
    expect(calls[0]).toBe('config get-value project --format=json --quiet');
    expect(calls.slice(1).sort()).toEqual([
      'compute firewall-rules list --project acme-prod --format=json --quiet',
      'storage buckets list --project acme-prod --format=json --quiet',
    ]);

    expect(byName(document.resources, 'gcp:storage/bucket:Bucket', 'acme-prod-assets')).toMatchObject({
      key: 'gcp:acme-prod:storage.googleapis.com/projects/_/buckets/acme-prod-assets',
      provider: 'gcp',
      account: 'acme-prod',
      region: 'us',
      tags: { team: 'web' },
      props: {
        name: 'acme-prod-assets',
        project: 'acme-prod',
        location: 'US',
        storageClass: 'STANDARD',
        uniformBucketLevelAccess: false,
        publicAccessPrevention: 'inherited',
        versioning: { enabled: false },
        softDeletePolicy: { retentionDurationSeconds: 604800 },
        labels: { team: 'web' },
      },
    });
    expect(byName(document.resources, 'gcp:storage/bucket:Bucket', 'acme-prod-backups').props).toMatchObject({
      encryption: { defaultKmsKeyName: 'projects/acme-prod/locations/us/keyRings/data/cryptoKeys/backups' },
      logging: { logBucket: 'acme-prod-logs', logObjectPrefix: 'backups' },
      versioning: { enabled: true },
    });
    expect(byName(document.resources, 'gcp:compute/firewall:Firewall', 'allow-ssh').props).toEqual({
      name: 'allow-ssh',
      project: 'acme-prod',
      network: 'https://www.googleapis.com/compute/v1/projects/acme-prod/global/networks/default',
      direction: 'INGRESS',
      priority: 1000,
      disabled: false,
      sourceRanges: ['0.0.0.0/0'],
      allows: [{ protocol: 'tcp', ports: ['22'] }],
    });
    expect(byName(document.resources, 'gcp:compute/firewall:Firewall', 'allow-web').props).toMatchObject({
      allows: [{ protocol: 'tcp', ports: ['443', '8000-8100'] }, { protocol: 'icmp' }],
      logConfig: { metadata: 'EXCLUDE_ALL_METADATA' },
      targetTags: ['web'],
    });
  });

  it('passes --project when the connection names one', async () => {
    const record: ConnectionRecord = { name: 'prod-gcp', kind: 'gcloud', config: { project: 'acme-prod' } };
    await readDocuments(testSource(), 'prod-gcp', contextFor(record));
    const calls = await sandbox.calls();
    expect(calls).toHaveLength(2);
    for (const call of calls) expect(call.args.slice(-2)).toEqual(['--project', 'acme-prod']);
  });
});

describe('az connection', () => {
  it('reads storage accounts and network security groups of the current subscription', async () => {
    const record: ConnectionRecord = { name: 'prod-azure', kind: 'az', config: {} };
    const [document] = await readDocuments(testSource(), 'prod-azure', contextFor(record));
    const subscription = '0b1f6471-1bf0-4dda-aec3-111122223333';
    expect(document.scope).toBe(`azure:${subscription}`);
    expect((await sandbox.calls()).map((call) => call.args.join(' ')).sort()).toEqual([
      'account show -o json --only-show-errors',
      'network nsg list -o json --only-show-errors',
      'storage account list -o json --only-show-errors',
    ]);

    expect(byName(document.resources, 'azure-native:storage:StorageAccount', 'acmeshopdata')).toMatchObject({
      key: `azure:${subscription}:/subscriptions/${subscription}/resourcegroups/shop-rg/providers/microsoft.storage/storageaccounts/acmeshopdata`,
      provider: 'azure',
      account: subscription,
      region: 'westeurope',
      tags: { team: 'shop' },
      props: {
        accountName: 'acmeshopdata',
        resourceGroupName: 'Shop-RG',
        kind: 'StorageV2',
        sku: { name: 'Standard_LRS' },
        enableHttpsTrafficOnly: false,
        minimumTlsVersion: 'TLS1_0',
        allowBlobPublicAccess: true,
        networkRuleSet: { defaultAction: 'Allow', bypass: 'AzureServices' },
        encryption: { keySource: 'Microsoft.Storage', services: { blob: { enabled: true, keyType: 'Account' } } },
      },
    });
    expect(byName(document.resources, 'azure-native:network:NetworkSecurityGroup', 'shop-nsg').props).toEqual({
      networkSecurityGroupName: 'shop-nsg',
      resourceGroupName: 'Shop-RG',
      location: 'westeurope',
      securityRules: [
        {
          name: 'rdp',
          protocol: 'Tcp',
          access: 'Allow',
          direction: 'Inbound',
          priority: 100,
          sourcePortRange: '*',
          destinationPortRange: '3389',
          sourceAddressPrefix: 'Internet',
          destinationAddressPrefix: '*',
        },
      ],
    });
  });

  it('passes --subscription and explains a permission error', async () => {
    const record: ConnectionRecord = { name: 'prod-azure', kind: 'az', config: { subscription: 'acme-production' } };
    const error = (await readError(testSource(), 'prod-azure', contextFor(record, { FAKE_FAIL_OP: 'network nsg list' }))) as SweepError;
    expect(error.message).toContain('`az network nsg list`');
    expect(error.message).toContain('AuthorizationFailed');
    expect(error.hint).toContain('Reader');
    for (const call of await sandbox.calls()) expect(call.args.slice(-2)).toEqual(['--subscription', 'acme-production']);
  });
});
