/**
 * The state file envelope: which format versions sweep reads and what to tell the user when a file
 * is something else. Only format version 4 is read: every Terraform since 0.12 writes it (and
 * upgrades older states to it on `terraform state pull`); versions 1–3 carry a different layout
 * (`modules[].resources{}` with flat string attributes) and anything newer is unknown to us.
 */
import { SweepError } from '../../errors.ts';

export const SUPPORTED_STATE_VERSION = 4;

export const stateHint =
  'Pass raw Terraform state: `terraform state pull > <workspace>.tfstate` (Terraform ≥ 0.12 writes format version 4), a folder of such files, or `-` for stdin.';

/** Rejects a `version` other than 4 as soon as it is read. */
export function checkVersion(origin: string, version: unknown): void {
  if (version === SUPPORTED_STATE_VERSION) return;
  if (typeof version !== 'number') {
    throw new SweepError('source-invalid-state', `${origin} is not a Terraform state: "version" is ${JSON.stringify(version)}, not a number`, {
      hint: stateHint,
    });
  }
  const why =
    version < SUPPORTED_STATE_VERSION
      ? 'it was written by Terraform older than 0.12'
      : 'it is newer than sweep understands';
  throw new SweepError(
    'source-unsupported-version',
    `${origin}: unsupported Terraform state version ${version} (${why}); sweep reads state format version 4`,
    {
      hint:
        version < SUPPORTED_STATE_VERSION
          ? 'Run `terraform state pull > state.tfstate` with Terraform ≥ 0.12: it upgrades the state and prints format version 4.'
          : 'Run `terraform state pull > state.tfstate` with a Terraform release that still writes format version 4, or upgrade sweep.',
    },
  );
}

/** `terraform show -json` output looks like state but is a different document; say so at once. */
export function rejectShowJson(origin: string): never {
  throw new SweepError('source-invalid-state', `${origin} is \`terraform show -json\` output, not a Terraform state file`, {
    hint: stateHint,
  });
}

/** The end of a file that never said which version it is. */
export function missingVersion(origin: string): SweepError {
  return new SweepError('source-invalid-state', `${origin} is not a Terraform state: it has no "version" field`, {
    hint: stateHint,
  });
}
