/**
 * Terraform attribute names → Pulumi property names. Pulumi's bridge names every property as the
 * camelCase of the Terraform name (`enable_log_file_validation` → `enableLogFileValidation`,
 * `cidr_ipv4` → `cidrIpv4`), so one rule covers everything but the plurals type-table.ts lists.
 */

const SNAKE_IDENTIFIER = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;

// A state repeats the same few hundred attribute names millions of times; convert each once.
const converted = new Map<string, string>();

/**
 * `multi_az` → `multiAz`. Only lower-case snake identifiers are converted: anything else
 * (`Name`, `MY_VAR`, `kubernetes.io/role`) is data, not an attribute name, and kept as written.
 */
export function snakeToCamel(name: string): string {
  const cached = converted.get(name);
  if (cached !== undefined) return cached;
  let result = name;
  if (SNAKE_IDENTIFIER.test(name)) {
    const parts = name.split('_');
    result = parts[0];
    for (let i = 1; i < parts.length; i++) result += parts[i].charAt(0).toUpperCase() + parts[i].slice(1);
  }
  // Bounded: known maps are copied verbatim, but user keys nested elsewhere could still grow it.
  if (converted.size < 50_000) converted.set(name, result);
  return result;
}
