/**
 * What a connection is: a name, the cloud CLI it drives, and that CLI's non-secret settings. The
 * same schema checks what `sweep connections add` writes and what the `connection` source reads
 * back (a row edited by hand gets a clear error, not a half-configured scan). Credentials are
 * never part of it: they reach the CLI from the caller's environment, an env file (by path) or a
 * Pulumi ESC environment (by reference).
 */
import { z } from 'zod';
import { SweepError } from '../errors.ts';

export const CLI_KINDS = ['aws', 'gcloud', 'az', 'kubectl'] as const;
export type CliKind = (typeof CLI_KINDS)[number];

/** Kebab case, like every other id sweep shows; short enough to sit in a resource key. */
export const CONNECTION_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const MAX_NAME_LENGTH = 63;

const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region such as us-east-1');
/** `pulumi env run` takes `[<org>/][<project>/]<env>`; we ask for at least project/env so the reference is unambiguous. */
const escRef = z.string().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+){1,2}$/, 'expected <org>/<project>/<environment>');
const plain = z.string().min(1).max(256).regex(/^[^\s]+$/, 'must not contain spaces');

export const connectionConfigSchema = z.strictObject({
  /** aws: regions to read regional services in; default AWS_REGION / AWS_DEFAULT_REGION or us-east-1. */
  regions: z.array(region).min(1).optional(),
  /** aws: named profile (`--profile`). */
  profile: plain.optional(),
  /** kubectl: kubeconfig context (`--context`); also the scope of the resources read. */
  context: plain.optional(),
  /** gcloud: project (`--project`); default the CLI's configured project. */
  project: plain.optional(),
  /** az: subscription (`--subscription`); default the CLI's current subscription. */
  subscription: plain.optional(),
  /** Absolute path of a dotenv file whose variables the CLI gets. Only the path is stored. */
  envFile: z.string().min(1).optional(),
  /** Pulumi ESC environment the CLI runs inside (`pulumi env run <ref> -- <cli> ...`). */
  esc: escRef.optional(),
  /** Per-call timeout; default 60. */
  timeoutSeconds: z.number().int().positive().max(3600).optional(),
  /** CLI processes running at once; default 4. */
  concurrency: z.number().int().positive().max(64).optional(),
});

export type ConnectionConfig = z.infer<typeof connectionConfigSchema>;

/** Which settings make sense for which CLI: a `--context` on an aws connection is a mistake worth naming. */
export const SETTINGS_BY_KIND: Record<CliKind, readonly (keyof ConnectionConfig)[]> = {
  aws: ['regions', 'profile'],
  kubectl: ['context'],
  gcloud: ['project'],
  az: ['subscription'],
};

export function isCliKind(value: string): value is CliKind {
  return (CLI_KINDS as readonly string[]).includes(value);
}

/** Checks a connection row read back from the database; a bad one names the connection and the field. */
export function parseStoredConfig(name: string, kind: string, config: unknown): { kind: CliKind; config: ConnectionConfig } {
  if (!isCliKind(kind)) {
    throw new SweepError('connection-invalid', `connection "${name}" has unknown kind "${kind}"; known: ${CLI_KINDS.join(', ')}`, {
      hint: `Re-create it: sweep connections remove ${name} && sweep connections add ${name} --cli <${CLI_KINDS.join('|')}>`,
    });
  }
  const parsed = connectionConfigSchema.safeParse(config ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SweepError('connection-invalid', `connection "${name}" has an invalid setting ${issue.path.join('.') || '(config)'}: ${issue.message}`, {
      hint: `Re-create it with \`sweep connections remove ${name}\` and \`sweep connections add ${name} ...\`.`,
    });
  }
  return { kind, config: parsed.data };
}
