/**
 * Terraform's own names for things: resource instance addresses (`module.vpc.aws_subnet.private["a"]`),
 * module paths, and provider configuration addresses (`provider["registry.terraform.io/hashicorp/aws"].west`).
 * String slicing only: these run once per resource instance of very large states.
 */
import type { CloudProvider } from '../resource.ts';

/** `[0]` for count, `["a"]` for for_each, nothing for a single instance: Terraform's address syntax. */
export function indexSuffix(indexKey: unknown): string {
  if (typeof indexKey === 'number') return `[${indexKey}]`;
  if (typeof indexKey === 'string') return `[${JSON.stringify(indexKey)}]`;
  return '';
}

/** `module.vpc` + `aws_subnet` + `private` + `["a"]` → `module.vpc.aws_subnet.private["a"]`. */
export function instanceAddress(module: string, type: string, name: string, indexKey: unknown): string {
  return `${module === '' ? '' : `${module}.`}${type}.${name}${indexSuffix(indexKey)}`;
}

/**
 * The module calls of a module instance address, index keys dropped: `module.app["eu"].module.db`
 * → `["app", "db"]`. Index keys can hold any string, so the scan skips quoted text rather than split.
 */
export function moduleCalls(module: string): string[] {
  const calls: string[] = [];
  let i = 0;
  while (i < module.length) {
    if (!module.startsWith('module.', i)) return calls;
    let end = i + 'module.'.length;
    while (end < module.length && module[end] !== '.' && module[end] !== '[') end++;
    calls.push(module.slice(i + 'module.'.length, end));
    i = end;
    if (module[i] === '[') {
      let inString = false;
      for (i++; i < module.length; i++) {
        const char = module[i];
        if (inString) {
          if (char === '\\') i++;
          else if (char === '"') inString = false;
        } else if (char === '"') inString = true;
        else if (char === ']') break;
      }
      i++;
    }
    if (module[i] === '.') i++;
  }
  return calls;
}

/**
 * The provider's type name from a provider configuration address: `aws` from
 * `provider["registry.terraform.io/hashicorp/aws"].west`, `module.x.provider["…/google"]` and the
 * legacy (Terraform 0.12) `provider.aws.west`.
 */
export function providerTypeName(address: unknown): string | undefined {
  if (typeof address !== 'string') return undefined;
  const quoted = address.indexOf('provider["');
  if (quoted >= 0) {
    const start = quoted + 'provider["'.length;
    const end = address.indexOf('"]', start);
    if (end < 0) return undefined;
    const source = address.slice(start, end);
    return source.slice(source.lastIndexOf('/') + 1) || undefined;
  }
  const legacy = address.lastIndexOf('provider.');
  if (legacy < 0) return undefined;
  const rest = address.slice(legacy + 'provider.'.length);
  const dot = rest.indexOf('.');
  return (dot < 0 ? rest : rest.slice(0, dot)) || undefined;
}

/** The cloud a Terraform provider talks to; the type's prefix (`google_…`) decides when the address says nothing. */
export function cloudOfProvider(providerName: string | undefined, terraformType: string): CloudProvider {
  const name = providerName ?? terraformType.split('_', 1)[0];
  switch (name) {
    case 'aws':
    case 'awscc':
      return 'aws';
    case 'google':
    case 'google-beta':
      return 'gcp';
    case 'azurerm':
    case 'azuread':
    case 'azapi':
      return 'azure';
    case 'kubernetes':
      return 'kubernetes';
    default:
      return 'other';
  }
}
