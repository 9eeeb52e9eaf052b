/**
 * Reading IAM policy documents, which arrive as JSON strings (state files, Terraform, AWS Config)
 * or as objects (Pulumi programs passing an `aws.iam.PolicyDocument`).
 */
import { isSecret, record } from './values.ts';

export function policyDocument(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === 'string') {
    if (isSecret(value)) return undefined;
    try {
      return record(JSON.parse(value));
    } catch {
      // An unparsable document is a finding for IAM itself, not for this library.
      return undefined;
    }
  }
  return record(value);
}

export function statements(document: Record<string, unknown>): Record<string, unknown>[] {
  const raw = document.Statement;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.flatMap((statement) => {
    const parsed = record(statement);
    return parsed ? [parsed] : [];
  });
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The first statement that allows every action on every resource (CIS 1.16's `"*:*"`), or
 * undefined. Conditions do not make such a statement acceptable: a conditional administrator is
 * still an administrator, and the benchmark audits the Action/Resource pair alone.
 */
export function fullAdminStatement(document: Record<string, unknown>): Record<string, unknown> | undefined {
  return statements(document).find((statement) => {
    const effect = typeof statement.Effect === 'string' ? statement.Effect.toLowerCase() : '';
    if (effect !== 'allow') return false;
    const actions = strings(statement.Action);
    const resources = strings(statement.Resource);
    return actions.some((action) => action === '*' || action === '*:*') && resources.includes('*');
  });
}
