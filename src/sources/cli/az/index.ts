/**
 * A small az collector: storage accounts and network security groups of one subscription, mapped
 * to `azure-native:storage:StorageAccount` and `azure-native:network:NetworkSecurityGroup` with
 * the inputs azure-native names (`accountName`, `resourceGroupName`, `securityRules`, ...). Keys use
 * the ARM resource id, lower-cased because ARM ids are case-insensitive and the CLI does not
 * preserve their case consistently: `azure:<subscription>:/subscriptions/.../storageaccounts/x`.
 */
import { z } from 'zod';
import type { Resource, SourceDocument } from '../../resource.ts';
import type { CliRunner } from '../exec.ts';
import { CONNECTION_SOURCE_KIND } from '../kind.ts';
import { compact, nonEmpty } from '../props.ts';

const optionalText = z.string().nullish();
const optionalList = z.array(z.string()).nullish();
const account = z.object({ id: z.string().min(1), name: optionalText });
const armResource = {
  id: z.string().startsWith('/subscriptions/'),
  name: z.string(),
  location: optionalText,
  resourceGroup: z.string(),
  tags: z.record(z.string(), z.string()).nullish(),
};
const storageAccounts = z.array(
  z.object({
    ...armResource,
    kind: optionalText,
    sku: z.object({ name: z.string() }).nullish(),
    enableHttpsTrafficOnly: z.boolean().nullish(),
    minimumTlsVersion: optionalText,
    allowBlobPublicAccess: z.boolean().nullish(),
    allowSharedKeyAccess: z.boolean().nullish(),
    publicNetworkAccess: optionalText,
    encryption: z
      .object({
        keySource: optionalText,
        requireInfrastructureEncryption: z.boolean().nullish(),
        services: z.record(z.string(), z.object({ enabled: z.boolean().nullish(), keyType: optionalText }).nullish()).nullish(),
      })
      .nullish(),
    networkRuleSet: z
      .object({
        defaultAction: optionalText,
        bypass: optionalText,
        ipRules: z.array(z.object({ ipAddressOrRange: z.string(), action: optionalText })).nullish(),
        virtualNetworkRules: z.array(z.object({ virtualNetworkResourceId: z.string(), action: optionalText })).nullish(),
      })
      .nullish(),
  }),
);
const securityRule = z.object({
  name: z.string(),
  protocol: optionalText,
  access: optionalText,
  direction: optionalText,
  priority: z.number().nullish(),
  description: optionalText,
  sourcePortRange: optionalText,
  destinationPortRange: optionalText,
  sourceAddressPrefix: optionalText,
  destinationAddressPrefix: optionalText,
  sourcePortRanges: optionalList,
  destinationPortRanges: optionalList,
  sourceAddressPrefixes: optionalList,
  destinationAddressPrefixes: optionalList,
});
const securityGroups = z.array(z.object({ ...armResource, securityRules: z.array(securityRule).nullish() }));

export interface AzCollectOptions {
  origin: string;
}

function azureResource(subscription: string, input: Omit<Resource, 'provider' | 'account' | 'iac' | 'role' | 'source' | 'key'>): Resource {
  return {
    ...input,
    key: `azure:${subscription}:${input.nativeId!.toLowerCase()}`,
    provider: 'azure',
    account: subscription,
    iac: { kind: 'none' },
    role: 'custom',
    source: CONNECTION_SOURCE_KIND,
  };
}

export async function collectAz(runner: CliRunner, options: AzCollectOptions): Promise<SourceDocument[]> {
  const current = await runner.json(['account', 'show'], account);
  const subscription = current.id;
  const [accounts, groups] = await Promise.all([
    runner.json(['storage', 'account', 'list'], storageAccounts),
    runner.json(['network', 'nsg', 'list'], securityGroups),
  ]);
  const resources: Resource[] = [];
  for (const storage of accounts) {
    const rules = storage.networkRuleSet;
    resources.push(
      azureResource(subscription, {
        type: 'azure-native:storage:StorageAccount',
        nativeType: 'Microsoft.Storage/storageAccounts',
        name: storage.name,
        region: storage.location ?? undefined,
        nativeId: storage.id,
        props: compact({
          accountName: storage.name,
          resourceGroupName: storage.resourceGroup,
          location: storage.location,
          kind: storage.kind,
          sku: storage.sku ? { name: storage.sku.name } : undefined,
          enableHttpsTrafficOnly: storage.enableHttpsTrafficOnly,
          minimumTlsVersion: storage.minimumTlsVersion,
          allowBlobPublicAccess: storage.allowBlobPublicAccess,
          allowSharedKeyAccess: storage.allowSharedKeyAccess,
          publicNetworkAccess: storage.publicNetworkAccess,
          encryption: storage.encryption,
          networkRuleSet: rules
            ? {
                defaultAction: rules.defaultAction,
                bypass: rules.bypass,
                // azure-native spells it iPAddressOrRange; the CLI prints ipAddressOrRange.
                ipRules: nonEmpty(rules.ipRules?.map((rule) => ({ iPAddressOrRange: rule.ipAddressOrRange, action: rule.action }))),
                virtualNetworkRules: nonEmpty(rules.virtualNetworkRules),
              }
            : undefined,
          tags: storage.tags,
        }),
        tags: storage.tags ?? {},
      }),
    );
  }
  for (const group of groups) {
    resources.push(
      azureResource(subscription, {
        type: 'azure-native:network:NetworkSecurityGroup',
        nativeType: 'Microsoft.Network/networkSecurityGroups',
        name: group.name,
        region: group.location ?? undefined,
        nativeId: group.id,
        props: compact({
          networkSecurityGroupName: group.name,
          resourceGroupName: group.resourceGroup,
          location: group.location,
          securityRules: (group.securityRules ?? []).map((rule) => ({
            ...rule,
            sourcePortRanges: nonEmpty(rule.sourcePortRanges),
            destinationPortRanges: nonEmpty(rule.destinationPortRanges),
            sourceAddressPrefixes: nonEmpty(rule.sourceAddressPrefixes),
            destinationAddressPrefixes: nonEmpty(rule.destinationAddressPrefixes),
          })),
          tags: group.tags,
        }),
        tags: group.tags ?? {},
      }),
    );
  }
  return [{ origin: options.origin, scope: `azure:${subscription}`, resources }];
}
