/**
 * Expected reasons a deterministic fixer gives up, as values: a stable kebab `code` for the
 * worker's exhaustive handling and a `reason` naming the file, line and resource so a person can
 * pick the violation up where the fixer stopped.
 */

/** Codes shared by the codemod fixers (remediate-props, templates, import-unmanaged). */
export type DeclineCode =
  // The rule or its result
  | 'no-property-fix'
  | 'not-applicable'
  | 'remediation-declined'
  | 'remediation-failed'
  | 'no-change'
  | 'secret-value'
  // Finding the code
  | 'unmanaged'
  | 'no-source'
  | 'no-declaration'
  // Editing it
  | 'args-not-literal'
  | 'spread-argument'
  | 'computed-value'
  | 'hcl-unsupported'
  | 'edit-failed'
  // Templates
  | 'unknown-template'
  | 'unsupported-iac'
  | 'no-variable'
  | 'companion-exists'
  | 'no-log-bucket'
  | 'no-urn'
  // Imports
  | 'not-unmanaged'
  | 'unsupported-type'
  | 'no-import-id'
  | 'no-import-file'
  | 'already-declared';

export interface Decline {
  ok: false;
  code: DeclineCode;
  reason: string;
}

export function decline(code: DeclineCode, reason: string): Decline {
  return { ok: false, code, reason };
}

export function isDecline(value: unknown): value is Decline {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;
}
