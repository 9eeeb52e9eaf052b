/**
 * The fixer contract. A fix group is one policy's violations in one program (repo × stack ×
 * policy); a fixer edits files in a throwaway checkout of that repo and says what it meant to
 * change, so verification can hold it to exactly that. Expected failures are values with a
 * stable kebab `code` and a reason a person can act on; exceptions are bugs.
 */
import type { Rule } from '../../policies/rule.ts';
import type { IacLocation } from '../sources/resource.ts';

/** One violation in the group, with what the scan stored about its resource. */
export interface FixTarget {
  violationId: number;
  policyId: string;
  message: string;
  resource: {
    key: string;
    type: string;
    name: string;
    urn?: string;
    nativeId?: string;
    /** Input-shaped props as last scanned (secrets are the marker). */
    props: Record<string, unknown>;
    iac: IacLocation;
  };
}

export interface FixGroup {
  /** Deterministic: `<repo>|<stack>|<policy>[|<part>]`. */
  groupKey: string;
  rule: Rule;
  /** A throwaway checkout of the repo at the base commit; fixers edit files here. */
  checkoutDir: string;
  /** The Pulumi project directory inside the checkout (holds Pulumi.yaml). */
  programDir: string;
  targets: FixTarget[];
}

/** A whole-file edit, repo-relative path. */
export interface FileEdit {
  path: string;
  before: string;
  after: string;
}

/**
 * What the fixer intends, per resource (by the urn the program registers it under): the complete
 * expected input bag after the fix. Verification requires the captured inputs to equal it, and
 * every other resource's inputs to stay as they were. `added` lists urns of resources the fix
 * creates on purpose (templates, imports); nothing else may appear or disappear.
 */
export interface IntendedChange {
  changed: { urn: string; props: Record<string, unknown> }[];
  added: string[];
}

export interface TokenUsage {
  input: number;
  output: number;
}

export type FixOutcome =
  | {
      ok: true;
      strategy: string;
      edits: FileEdit[];
      intended: IntendedChange;
      tokens?: TokenUsage;
      notes?: string[];
    }
  | {
      ok: false;
      strategy: string;
      /** Stable kebab code, e.g. `no-declaration`, `spread-argument`, `model-refused`. */
      code: string;
      reason: string;
      tokens?: TokenUsage;
    };

/** Layers, in order; each is recorded on the fix and shown in the PR. */
export type VerificationLayer = 'typecheck' | 'mocks' | 'policies' | 'diff';

export interface LayerResult {
  layer: VerificationLayer;
  ok: boolean;
  durationMs: number;
  /** What was checked or what went wrong, one or a few lines. */
  detail: string;
}

export interface VerificationReport {
  ok: boolean;
  layers: LayerResult[];
  /** When not ok: the first failing layer's reason, phrased for `needs_human`. */
  reason?: string;
  /** Per-resource property diff (urn → { path: [before, after] }) for the PR body. */
  propertyDiff: Record<string, Record<string, [unknown, unknown]>>;
}

export interface Fixer {
  /** `remediate-props` | `templates` | `llm` | `import-unmanaged` */
  name: string;
  /** Cheap check: could this strategy apply to the group at all? */
  applies(group: FixGroup): boolean;
  /** `feedback` is the previous attempt's verification failure, for a strategy that can retry (llm). */
  fix(group: FixGroup, feedback?: string): Promise<FixOutcome>;
}
