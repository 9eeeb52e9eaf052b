/**
 * The optional config file (`sweep.yaml` in the working directory, or `--config <file>` /
 * SWEEP_CONFIG). It holds what is too structured for flags: per-policy settings today.
 *
 * ```yaml
 * repos:
 *   acme/infra: { path: ../infra }    # where the code behind a stack's vcs tags is checked out
 *   acme/platform:                    # PRs on a hosted forge (default: local, the checkout itself)
 *     path: ../platform
 *     forge: github                   # local | github | gitlab
 *     remote: acme/platform           # owner/name (GitHub) or project path (GitLab); default: the key
 *     base: main                      # base branch; default: the forge's default branch
 * forges:
 *   github: { url: https://api.github.com, tokenEnv: GITHUB_TOKEN }
 *   gitlab: { url: https://gitlab.example.com, tokenEnv: GITLAB_TOKEN }
 * prs:
 *   approval: balanced                # manual | balanced | auto (per run: remediate --approval)
 *   limits: { openPerRepo: 10, newPerHourPerRepo: 2, fleetPerMinute: 30 }   # 0 = no limit
 *   labels: [sweep]
 *   syncEveryMinutes: 15
 * policies:
 *   aws-rds-instance-backup-retention:
 *     enforcementLevel: advisory      # mandatory | advisory | disabled (disabled: never run)
 *     minRetentionDays: 14            # any other key is the rule's own config (getConfig)
 *     exclude: ["scratch-*"]          # resource names (or keys, when the pattern has a colon)
 *     include: ["prod-*"]             # when set, only matching resources are checked
 * ```
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { SweepError } from '../errors.ts';
import { ownershipSchema } from '../violations/ownership.ts';
import { notificationsSchema } from '../notifications/webhook.ts';

const patterns = z.array(z.string().min(1)).optional();

export const policySettingsSchema = z
  .object({
    enforcementLevel: z.enum(['mandatory', 'advisory', 'remediate', 'disabled']).optional(),
    include: patterns,
    exclude: patterns,
  })
  .catchall(z.unknown());

export const FORGE_KINDS = ['local', 'github', 'gitlab'] as const;
export const APPROVAL_MODES = ['manual', 'balanced', 'auto'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

export const repoSettingsSchema = z
  .object({
    /** Local checkout of the repository (relative to the config file's directory or absolute). */
    path: z.string().min(1),
    /** Where its pull requests go. @defaultValue local (a branch + record in the checkout itself) */
    forge: z.enum(FORGE_KINDS).optional(),
    /** `owner/name` on GitHub, the project path or id on GitLab. @defaultValue the repos: key */
    remote: z.string().min(1).optional(),
    /** Base branch of its PRs. @defaultValue the forge's default branch */
    base: z.string().min(1).optional(),
  })
  .strict();

const forgeSettingsSchema = z
  .object({
    /** API root: GitHub (`https://api.github.com`, GHE `https://<host>/api/v3`) or the GitLab instance. */
    url: z.string().url().optional(),
    /** The environment variable holding the token (never the token itself in a file). */
    tokenEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name').optional(),
    /** Longest rate-limit wait served in-process; longer ones schedule the PR. @defaultValue 10 */
    maxWaitSeconds: z.number().int().nonnegative().optional(),
  })
  .strict();

const limit = (fallback: number) => z.number().int().nonnegative().default(fallback);

export const prSettingsSchema = z
  .object({
    approval: z.enum(APPROVAL_MODES).default('balanced'),
    /** 0 switches a limit off. */
    limits: z
      .object({ openPerRepo: limit(10), newPerHourPerRepo: limit(2), fleetPerMinute: limit(30) })
      .strict()
      .prefault({}),
    labels: z.array(z.string().min(1)).default(['sweep']),
    /** How often the scheduled `sync-prs` job reads PR states. */
    syncEveryMinutes: z.number().int().positive().default(15),
    /** Who sweep's commits are authored by: a commit by anyone else marks the branch as a person's. */
    author: z.object({ name: z.string().min(1), email: z.string().min(3) }).strict().default({ name: 'sweep', email: 'sweep@sweep.invalid' }),
  })
  .strict();

export type PrSettings = z.infer<typeof prSettingsSchema>;

export const configFileSchema = z
  .object({
    policies: z.record(z.string(), policySettingsSchema).default({}),
    /** `owner/name` (as the Pulumi stack's vcs tags name it) → where sweep finds and fixes its code. */
    repos: z.record(z.string(), repoSettingsSchema).default({}),
    /** Assignment rules and SLAs applied to new violations on every scan (see src/violations/ownership.ts). */
    ownership: ownershipSchema.optional(),
    /** `webhook: { url, headers? }`: a JSON summary after every scheduled scan (src/notifications/webhook.ts). */
    notifications: notificationsSchema.optional(),
    /** Hosted forges' API roots and the env variables holding their tokens (src/forges). */
    forges: z.object({ github: forgeSettingsSchema.optional(), gitlab: forgeSettingsSchema.optional() }).strict().default({}),
    /** Pull request approval mode, limits, labels and sync interval (src/prs). */
    prs: prSettingsSchema.prefault({}),
  })
  .strict();

export type ConfigFile = z.infer<typeof configFileSchema>;
export type PolicySettings = z.infer<typeof policySettingsSchema>;

export const DEFAULT_CONFIG_FILE = 'sweep.yaml';

/**
 * Reads the config file: `explicit` must exist; otherwise `sweep.yaml` in `cwd`, then in sweep's
 * home (where `sweep demo` writes its own), is used when present, and an empty config when
 * neither is. Errors name the file and the offending path.
 */
export function loadConfigFile(cwd: string, explicit?: string, home?: string): ConfigFile & { path?: string } {
  const fallback = [join(cwd, DEFAULT_CONFIG_FILE), ...(home ? [join(resolve(cwd, home), DEFAULT_CONFIG_FILE)] : [])];
  const path = explicit ? resolve(cwd, explicit) : (fallback.find((candidate) => existsSync(candidate)) ?? fallback[0]);
  if (!existsSync(path)) {
    if (explicit) throw new SweepError('config-missing', `config file ${path} does not exist`, { hint: 'check the --config path' });
    return configFileSchema.parse({});
  }
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SweepError('config-invalid', `${path}: not valid YAML: ${(error as Error).message.split('\n')[0]}`, {
      hint: 'fix the YAML syntax at the line named',
    });
  }
  const parsed = configFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SweepError('config-invalid', `${path}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`, {
      hint: 'see the README section "Configuration file" for the accepted keys',
    });
  }
  return { ...parsed.data, path };
}

/** Splits each policy's settings into sweep's own keys and the rule's config values. */
export function runnerSettings(file: ConfigFile, knownPolicies: ReadonlySet<string>, path = DEFAULT_CONFIG_FILE) {
  const config: Record<string, Record<string, unknown>> = {};
  const scopes: Record<string, { include?: string[]; exclude?: string[] }> = {};
  const disabled = new Set<string>();
  for (const [policyId, settings] of Object.entries(file.policies)) {
    if (!knownPolicies.has(policyId)) {
      throw new SweepError('config-invalid', `${path}: policies.${policyId}: no such policy`, {
        hint: 'run `sweep policies` for the ids; a typo here would silently change nothing',
      });
    }
    const { enforcementLevel, include, exclude, ...values } = settings;
    if (enforcementLevel === 'disabled') disabled.add(policyId);
    if (include || exclude) scopes[policyId] = { include, exclude };
    if (Object.keys(values).length > 0) config[policyId] = values;
  }
  return { config, scopes, disabled };
}
