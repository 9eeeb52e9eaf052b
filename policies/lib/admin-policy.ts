/** Shared check for IAM policy resources (managed and inline) that grant `"*"` on `"*"`. */
import { fullAdminStatement, policyDocument } from './iam.ts';
import { text } from './values.ts';

/** The violation message for a policy document that grants full administrator access, or undefined. */
export function fullAdminFinding(kind: string, name: unknown, policy: unknown): string | undefined {
  const document = policyDocument(policy);
  if (!document) return undefined;
  const statement = fullAdminStatement(document);
  if (!statement) return undefined;
  const sid = text(statement.Sid);
  const which = sid ? `statement "${sid}"` : 'a statement';
  const label = text(name) ? ` "${text(name)}"` : '';
  return `${kind}${label} grants full administrator access: ${which} allows Action "*" on Resource "*"`;
}
