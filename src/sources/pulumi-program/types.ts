/** Shapes shared by the parent (capture.ts), the child runner, and toStackExport. */

/** One resource the program registered, as the mock monitor saw it. Secrets are already replaced. */
export interface CapturedResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  /** The mock id (`<name>-id`) for custom resources. */
  id?: string;
  parent?: string;
  /** Explicit provider reference `<provider urn>::<provider id>`; absent means the default provider. */
  provider?: string;
  /** Inputs as the engine received them: resource references arrive as mock ids, secrets as SECRET_MARKER. */
  inputs: Record<string, unknown>;
  /** The state the mocks returned (inputs plus a plausible `arn` for AWS). */
  outputs: Record<string, unknown>;
  /** Read with `Resource.get()` rather than managed. */
  external?: boolean;
  /** Urns this resource depends on, and per input property, as the SDK reported them to the engine. */
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  /** Where `new` was called, relative to the program directory. */
  source?: { path: string; line: number; column: number };
}

export interface ProgramCapture {
  /** Absolute program directory. */
  dir: string;
  project: string;
  stack: string;
  resources: CapturedResource[];
  /** Versions of the provider packages the program resolved, e.g. `{ aws: '7.48.0' }`. */
  packages: Record<string, string>;
  /** Non-secret stack config the program ran with (`aws:region`, ...). */
  config: Record<string, string>;
  durationMs: number;
}

/** What the parent sends the runner (argv[2], JSON). */
export interface RunnerRequest {
  dir: string;
  main: string;
  project: string;
  stack: string;
  config: Record<string, string>;
  secretKeys: string[];
}

export type RunnerMessage =
  | { ok: true; resources: CapturedResource[]; packages: Record<string, string> }
  | { ok: false; error: string };

/** The runner's error when the program called `pulumi.log.error` but did not throw; its output holds the detail. */
export const LOGGED_ERRORS = 'the program logged errors';
