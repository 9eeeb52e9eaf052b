/**
 * One fix-group job: the group's violations in one program, fixed in a throwaway checkout by the
 * first strategy whose result passes verification. The fixes row is the ledger: a retried,
 * stalled or re-enqueued job that finds it finished returns what it recorded, so a group is
 * fixed exactly once however often its job runs.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Rule } from '../../policies/rule.ts';
import type { Store } from '../db/store.ts';
import type { Fixer, FixGroup, FixTarget, IntendedChange, VerificationReport, FileEdit, TokenUsage } from '../fixers/types.ts';
import type { ProgramCapture } from '../sources/pulumi-program/types.ts';
import type { JobData } from '../queue/catalog.ts';
import { baseCommit, checkoutPatch, createCheckout, findProgramDir, linkNodeModules } from './checkout.ts';
import { resolveRepo, type RepoMap } from './repos.ts';

export type BaselineResult = { ok: true; capture: ProgramCapture } | { ok: false; code: string; detail: string };

export interface VerifyInput {
  checkoutDir: string;
  programDir: string;
  baseline: ProgramCapture;
  rules: readonly Rule[];
  targets: FixTarget[];
  intended: IntendedChange;
}

export interface FixGroupDeps {
  store: Store;
  rules: readonly Rule[];
  fixers: readonly Fixer[];
  repos: RepoMap;
  cwd: string;
  actor: string;
  /** Baseline capture + type-check of the untouched program (cached by the caller per program and commit). */
  baseline(programDir: string, commit: string): Promise<BaselineResult>;
  verify(input: VerifyInput): Promise<VerificationReport>;
}

export type FixStatus = 'verified' | 'rejected' | 'skipped' | 'failed' | 'cancelled';

/**
 * The model API is rate-limiting us: the whole fix queue should pause (every worker, every
 * machine) rather than each job burning its attempts. The worker turns this into BullMQ's
 * queue-wide rate limit and re-runs the job later; the ledger still says `running`.
 */
export class ModelRateLimited extends Error {
  constructor(readonly waitMs: number, message: string) {
    super(message);
  }
}

/** How long the queue pauses when the model rate-limits and named no longer wait. */
export const MODEL_RATE_LIMIT_PAUSE_MS = 60_000;

export interface FixGroupResult {
  groupKey: string;
  fixId: number;
  status: FixStatus;
  strategy?: string;
  reason?: string;
  violations: number;
}

interface Attempt {
  strategy: string;
  ok: boolean;
  code?: string;
  reason?: string;
  verification?: VerificationReport;
}

const TERMINAL: readonly string[] = ['verified', 'rejected', 'skipped', 'failed', 'cancelled'];

export async function runFixGroup(deps: FixGroupDeps, data: JobData<'fix-group'>, final: boolean): Promise<FixGroupResult> {
  const { store } = deps;
  const [fix] = await store.query<{ id: number; status: string; strategy: string | null; error: string | null; violations: number; run_status: string }>(
    `select f.id, f.status, f.strategy, f.error, f.violations, r.status as run_status
     from fixes f join remediation_runs r on r.id = f.run_id where f.run_id = $1 and f.group_key = $2`,
    [data.runId, data.groupKey],
  );
  if (!fix) throw new Error(`job fix-group: run ${data.runId} has no group ${data.groupKey}`);
  const fixId = Number(fix.id);
  if (TERMINAL.includes(fix.status)) {
    return { groupKey: data.groupKey, fixId, status: fix.status as FixStatus, strategy: fix.strategy ?? undefined, reason: fix.error ?? undefined, violations: fix.violations };
  }
  if (fix.run_status === 'cancelled') {
    await finish(deps, fixId, data, { status: 'cancelled', reason: 'run cancelled' });
    return { groupKey: data.groupKey, fixId, status: 'cancelled', reason: 'run cancelled', violations: fix.violations };
  }
  await store.query(`update remediation_runs set status = 'running', started_at = coalesce(started_at, now()) where id = $1 and status = 'queued'`, [data.runId]);
  await transition(store, fixId, ['queued'], 'fixing', deps.actor, `fixing (run ${data.runId})`);
  await store.query(`update fixes set status = 'running' where id = $1`, [fixId]);

  const started = Date.now();
  try {
    const outcome = await fixInCheckout(deps, data, fixId);
    await finish(deps, fixId, data, { ...outcome, durationMs: Date.now() - started });
    return { groupKey: data.groupKey, fixId, status: outcome.status, strategy: outcome.strategy, reason: outcome.reason, violations: fix.violations };
  } catch (error) {
    if (error instanceof ModelRateLimited) throw error;
    if (!final) throw error; // BullMQ retries; the ledger still says `running`, so the retry picks up here.
    const reason = `job fix-group ${data.groupKey} failed: ${(error as Error).message}`;
    await finish(deps, fixId, data, { status: 'failed', reason, durationMs: Date.now() - started });
    return { groupKey: data.groupKey, fixId, status: 'failed', reason, violations: fix.violations };
  }
}

interface Outcome {
  status: FixStatus;
  strategy?: string;
  reason?: string;
  patch?: string;
  verification?: VerificationReport;
  attempts?: Attempt[];
  tokens?: TokenUsage;
  durationMs?: number;
  /** The commit the fix was made on: a PR regenerates the fix when its base has moved past it. */
  base?: string;
}

async function loadTargets(store: Store, fixId: number): Promise<FixTarget[]> {
  const rows = await store.query<{ id: number; policy_id: string; message: string; key: string; type: string; name: string; urn: string | null; native_id: string | null; props: Record<string, unknown>; iac: FixTarget['resource']['iac'] }>(
    `select v.id, v.policy_id, v.message, r.key, r.type, r.name, r.urn, r.native_id, r.props, r.iac
     from violations v join resources r on r.key = v.resource_key where v.fix_id = $1 and v.status = 'fixing' order by v.id`,
    [fixId],
  );
  return rows.map((row) => ({
    violationId: Number(row.id),
    policyId: row.policy_id,
    message: row.message,
    resource: { key: row.key, type: row.type, name: row.name, urn: row.urn ?? undefined, nativeId: row.native_id ?? undefined, props: row.props, iac: row.iac },
  }));
}

async function fixInCheckout(deps: FixGroupDeps, data: JobData<'fix-group'>, fixId: number): Promise<Outcome> {
  const rule = deps.rules.find((r) => r.id === data.policyId);
  if (!rule) return { status: 'skipped', reason: `policy ${data.policyId} is no longer in the library` };
  const targets = await loadTargets(deps.store, fixId);
  if (targets.length === 0) return { status: 'skipped', reason: 'no violation of the group is still waiting for a fix' };
  const iac = targets[0].resource.iac;
  const repoDir = resolveRepo(iac.repo, deps.repos, deps.cwd);
  if (!repoDir) {
    return {
      status: 'skipped',
      reason: iac.kind === 'none'
        ? 'unmanaged resource: run remediate with --import-into <repo>/<file> to bring it into code first'
        : `no local checkout for repo ${iac.repo ?? '(unknown)'}: map it under repos: in sweep.yaml`,
    };
  }
  const originalProgram = findProgramDir(repoDir, iac.path);
  if (!originalProgram) return { status: 'skipped', reason: `no Pulumi.yaml above ${iac.path ?? 'the repo root'} in ${repoDir}` };
  const base = await baseCommit(repoDir);
  const baseline = await deps.baseline(originalProgram, base);
  if (!baseline.ok) return { status: 'skipped', reason: `${baseline.code}: ${baseline.detail}` };

  const checkout = await createCheckout(repoDir, base);
  try {
    const programDir = join(checkout.dir, relative(repoDir, originalProgram));
    await linkNodeModules(originalProgram, programDir);
    const group: FixGroup = { groupKey: data.groupKey, rule, checkoutDir: checkout.dir, programDir, targets };
    const attempts: Attempt[] = [];
    const tokens: TokenUsage = { input: 0, output: 0 };
    for (const fixer of deps.fixers) {
      if (!fixer.applies(group)) continue;
      let feedback: string | undefined;
      // A model gets one retry with the failure explained; deterministic strategies get one try.
      for (let round = 0; round < (fixer.name === 'llm' ? 2 : 1); round++) {
        const result = await fixer.fix(group, feedback);
        tokens.input += result.tokens?.input ?? 0;
        tokens.output += result.tokens?.output ?? 0;
        if (!result.ok) {
          if (result.code === 'model-rate-limited') throw new ModelRateLimited(MODEL_RATE_LIMIT_PAUSE_MS, result.reason);
          attempts.push({ strategy: fixer.name, ok: false, code: result.code, reason: result.reason });
          break;
        }
        await applyEdits(checkout.dir, result.edits);
        const verification = await deps.verify({ checkoutDir: checkout.dir, programDir, baseline: baseline.capture, rules: deps.rules, targets, intended: result.intended });
        attempts.push({ strategy: fixer.name, ok: verification.ok, reason: verification.reason, verification });
        if (verification.ok) {
          const patch = await checkoutPatch(checkout.dir);
          return { status: 'verified', strategy: fixer.name, patch, verification, attempts, tokens, base };
        }
        await revertEdits(checkout.dir, result.edits);
        feedback = verification.reason;
      }
    }
    const last = attempts.at(-1);
    const reason = attempts.length === 0
      ? `no strategy applies to ${rule.id} (no property fix, no template, no model configured)`
      : attempts.map((a) => `${a.strategy}: ${a.code ? `${a.code}: ` : ''}${a.reason ?? 'rejected'}`).join('; ');
    return { status: 'rejected', strategy: last?.strategy, reason, verification: last?.verification, attempts, tokens };
  } finally {
    await checkout.cleanup();
  }
}

/** Edits name files relative to the checkout root. */
async function applyEdits(checkoutDir: string, edits: FileEdit[]): Promise<void> {
  for (const edit of edits) {
    const path = join(checkoutDir, edit.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, edit.after);
  }
}

async function revertEdits(checkoutDir: string, edits: FileEdit[]): Promise<void> {
  for (const edit of edits) {
    const path = join(checkoutDir, edit.path);
    if (edit.before === '' && (await readFile(path, 'utf8').catch(() => undefined)) !== undefined) await rm(path);
    else await writeFile(path, edit.before);
  }
}

/** Moves the group's violations from any of `from` to `to`, one event each. */
async function transition(store: Store, fixId: number, from: string[], to: string, actor: string, reason: string): Promise<void> {
  await store.query(
    `with target as (select id, status from violations where fix_id = $1 and status = any($2::text[]) for update),
     moved as (update violations v set status = $3, reason = case when $3 in ('needs_human', 'failed') then $5 else v.reason end, updated_at = now()
               from target t where v.id = t.id returning v.id, t.status as from_status)
     insert into violation_events (violation_id, actor, from_status, to_status, reason) select id, $4, from_status, $3, $5 from moved`,
    [fixId, from, to, actor, reason],
  );
}

async function finish(deps: FixGroupDeps, fixId: number, data: JobData<'fix-group'>, outcome: Outcome): Promise<void> {
  const { store } = deps;
  await store.query(
    `update fixes set status = $2, strategy = $3, patch = $4, verification = $5, tokens_in = $6, tokens_out = $7,
       duration_ms = $8, error = $9, base_sha = $10, finished_at = now() where id = $1`,
    [
      fixId,
      outcome.status,
      outcome.strategy ?? null,
      outcome.patch ?? null,
      JSON.stringify({ report: outcome.verification ?? null, attempts: outcome.attempts?.map(({ verification, ...a }) => ({ ...a, layers: verification?.layers })) ?? [] }),
      outcome.tokens?.input ?? 0,
      outcome.tokens?.output ?? 0,
      outcome.durationMs ?? null,
      outcome.status === 'verified' ? null : outcome.reason ?? null,
      outcome.base ?? null,
    ],
  );
  const to = outcome.status === 'verified' ? 'fix_proposed' : outcome.status === 'failed' ? 'failed' : outcome.status === 'cancelled' ? 'assigned' : 'needs_human';
  const why = outcome.status === 'verified' ? `verified fix by ${outcome.strategy} (run ${data.runId})` : outcome.reason ?? outcome.status;
  await transition(store, fixId, ['fixing', 'queued'], to, deps.actor, why);
  await store.query(
    `update remediation_runs set tokens_in = tokens_in + $2, tokens_out = tokens_out + $3 where id = $1`,
    [data.runId, outcome.tokens?.input ?? 0, outcome.tokens?.output ?? 0],
  );
}
