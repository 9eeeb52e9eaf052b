import type { SourceDocument } from './resource.ts';

/** What a source may use besides its target: the caller's stdin (for target `-`) and working directory. */
export interface SourceContext {
  /** Read when the target is `-`; absent when the caller has no stdin to offer (a worker, the API). */
  stdin?: NodeJS.ReadableStream;
  /** Relative targets resolve against this, not `process.cwd()`, so callers stay in control. */
  cwd: string;
  /** Environment for child processes (cloud CLIs); defaults to `process.env`. Tests put fake CLIs on its PATH. */
  env?: NodeJS.ProcessEnv;
  /** `scan --repo <dir>`: the repository checkout that IaC paths resolve in (Terraform `.tf` lookup). */
  repo?: string;
  /** Looks up a named connection (`sweep connections add`) for the `connection` source. */
  connection?: (name: string) => Promise<ConnectionRecord | undefined>;
}

/** A named live source: which CLI, and its non-secret settings (credentials come from the environment). */
export interface ConnectionRecord {
  name: string;
  /** `aws` | `gcloud` | `az` | `kubectl` */
  kind: string;
  config: Record<string, unknown>;
  notes?: string | null;
}

/**
 * A source plugin: it turns one target (a file, a folder, a program directory, `-` for stdin)
 * into canonical resources. `read` yields one document per stack (or account snapshot) as soon
 * as it is ready, so a folder of large exports never has to sit in memory at once. Failures the
 * user can act on (missing file, bad JSON, unknown version) are thrown as SweepErrors naming the
 * input; a source never yields a half-read document.
 */
export interface Source {
  /** Registry key and the `kind` in a `kind:target` spec, e.g. `pulumi-state`. */
  kind: string;
  /** One line for `sweep scan --help` and error messages listing the known kinds. */
  description: string;
  read(target: string, context: SourceContext): AsyncIterable<SourceDocument>;
}
