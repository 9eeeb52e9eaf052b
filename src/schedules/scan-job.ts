/**
 * The `scan` job: what a schedule (or `schedule run-now`) runs on a worker. In order:
 *   1. release suppressions whose expiry has passed (the "scheduled check" — even when the scan
 *      itself is then skipped);
 *   2. claim the sources (claim.ts): when a scan of the same sources is still running, skip with
 *      the reason recorded (audit row `scan.skipped`, and the job's return value);
 *   3. scan exactly as `sweep scan` does, with trigger `schedule`;
 *   4. with `thenRemediate`, assign the matches to `ai` and start a remediation run;
 *   5. POST the `scan.finished` summary to the configured webhook (never fails the job).
 * A scan that throws fails the job (BullMQ retries it once); the last attempt notifies first.
 */
import type { Job } from 'bullmq';
import { catalogs, rules } from '../../policies/index.ts';
import { loadConfigFile, runnerSettings } from '../config/file.ts';
import { connectionSourceRequests, preloadConnectionLookup } from '../connections/store.ts';
import type { Store } from '../db/store.ts';
import { syncLibrary } from '../engine/library.ts';
import { runScan, type SourceRequest } from '../engine/scan.ts';
import { selectRules } from '../engine/select.ts';
import { isSweepError, SweepError } from '../errors.ts';
import { scanFinishedEvent, type ScanFinishedEvent } from '../notifications/scan-finished.ts';
import { postWebhook, type DeliveryResult, type WebhookConfig, type WebhookOptions } from '../notifications/webhook.ts';
import { JOBS, parseJobData } from '../queue/catalog.ts';
import type { QueueRuntime } from '../queue/runtime.ts';
import { parseSourceSpec, sourceRegistry } from '../sources/index.ts';
import { expireSuppressions } from '../violations/suppress.ts';
import { claimScan } from './claim.ts';
import type { ScanJobData } from './scan-data.ts';
import { remediateAfterScan, type RemediationStarted } from './then-remediate.ts';

/** What a worker needs to run scheduled scans; built by `sweep worker` (src/cli/worker.ts). */
export interface ScanJobDeps {
  store: Store;
  /** For `--then-remediate`: the run's jobs go to the same queues. */
  runtime: QueueRuntime;
  /** The worker's working directory and config flags: the config file is read per job, so edits apply without a restart. */
  cwd: string;
  configFile?: string;
  home?: string;
  env: NodeJS.ProcessEnv;
  /** One line per notable event (skips, notification failures); the worker writes them to stderr. */
  log(line: string): void;
  fetch?: typeof fetch;
  webhook?: Partial<WebhookOptions>;
}

export type ScanJobResult =
  | {
      outcome: 'scanned';
      schedule: string;
      scanId: number;
      status: string;
      counts: ScanFinishedEvent['counts'];
      unsuppressed: number;
      remediation: RemediationStarted | null;
      notification: DeliveryResult | null;
      /** When the scheduler meant this run to start (ms), for schedules; absent for run-now. */
      scheduledFor?: number;
    }
  | { outcome: 'skipped'; schedule: string; code: 'already-running'; reason: string; runningScanId: number; unsuppressed: number; scheduledFor?: number };

async function resolveSources(store: Store, data: ScanJobData): Promise<SourceRequest[]> {
  const files = data.sources.map((spec) => parseSourceSpec(spec));
  const wantsConnections = data.allConnections || data.connections.length > 0;
  return [...files, ...(wantsConnections ? await connectionSourceRequests(store, data.allConnections ? [] : data.connections) : [])];
}

/** Never throws: the scan has committed, and a retry of the job would only scan again. */
async function notify(deps: ScanJobDeps, webhook: WebhookConfig | undefined, actor: string, event: ScanFinishedEvent): Promise<DeliveryResult | null> {
  if (!webhook) return null;
  try {
    return await postWebhook({ fetch: deps.fetch ?? fetch, log: deps.log, db: deps.store, actor, env: deps.env }, webhook, { ...event }, deps.webhook);
  } catch (error) {
    deps.log(`schedule ${event.scan.schedule}: notification not sent: ${(error as Error).message}`);
    return null;
  }
}

/** Runs one scheduled scan; `final` says whether BullMQ will retry it if it throws. */
export async function runScheduledScan(
  deps: ScanJobDeps,
  data: ScanJobData,
  meta: { jobId?: string; final: boolean; scheduledFor?: number },
): Promise<ScanJobResult> {
  const { store } = deps;
  const actor = `schedule:${data.schedule}`;
  const when = meta.scheduledFor === undefined ? {} : { scheduledFor: meta.scheduledFor };
  const unsuppressed = await expireSuppressions(store, actor);

  const file = loadConfigFile(deps.cwd, deps.configFile, deps.home);
  const settings = runnerSettings(file, new Set(rules.map((rule) => rule.id)), file.path);
  const selected = selectRules(rules, { packs: data.packs }).filter((rule) => !settings.disabled.has(rule.id));
  if (selected.length === 0) throw new SweepError('no-policies', `schedule ${data.schedule}: no policy matches packs ${data.packs.join(', ')}`);
  const sources = await resolveSources(store, data);
  const labels = sources.map((s) => `${s.kind}:${s.target}`);

  const claim = await claimScan(store, { labels, packs: data.packs, staleAfterMs: JOBS.scan.timeoutMs });
  if (!claim.ok) {
    const reason = `scan ${claim.runningScanId} of the same sources has been running since ${claim.startedAt}`;
    deps.log(`schedule ${data.schedule}: skipped, ${reason}`);
    await store.query(`insert into audit_log (actor, action, target, details) values ($1, 'scan.skipped', $2, $3)`, [
      actor,
      `schedule ${data.schedule}`,
      JSON.stringify({ schedule: data.schedule, jobId: meta.jobId ?? null, code: claim.code, reason, runningScanId: claim.runningScanId, sources: labels }),
    ]);
    return { outcome: 'skipped', schedule: data.schedule, code: claim.code, reason, runningScanId: claim.runningScanId, unsuppressed, ...when };
  }

  const scanId = claim.scanId;
  try {
    await syncLibrary(store, rules, catalogs);
    await runScan(
      // No stdin: a worker has none to offer (`pulumi-state:-` fails with a message saying so).
      { store, sources: sourceRegistry, context: { cwd: data.cwd ?? deps.cwd, env: deps.env, connection: await preloadConnectionLookup(store) } },
      {
        sources,
        rules: selected,
        packs: data.packs,
        trigger: 'schedule',
        actor,
        runner: { config: settings.config, scopes: settings.scopes },
        ownership: file.ownership,
        scanId,
      },
    );
  } catch (error) {
    // runScan marks its row failed itself; this covers a failure before it got that far.
    const message = isSweepError(error) ? error.message : `internal error: ${(error as Error).message}`;
    await store.query(`update scans set status = 'failed', finished_at = now(), error = $2 where id = $1 and status = 'running'`, [scanId, message]).catch(() => {});
    if (meta.final) {
      const event = await scanFinishedEvent(store, scanId, { schedule: data.schedule, unsuppressed, remediation: null }).catch(() => undefined);
      if (event) await notify(deps, file.notifications?.webhook, actor, event);
    }
    throw error;
  }

  const remediation = data.thenRemediate
    ? await remediateAfterScan({ store, runtime: deps.runtime, actor }, { schedule: data.schedule, scanId, filter: data.thenRemediate })
    : null;
  const event = await scanFinishedEvent(store, scanId, {
    schedule: data.schedule,
    unsuppressed,
    remediation: remediation && { runId: remediation.runId, violations: remediation.violations, groups: remediation.groups },
  });
  await store.query(`insert into audit_log (actor, action, target, details) values ($1, 'scan.scheduled', $2, $3)`, [
    actor,
    `scan ${scanId}`,
    JSON.stringify({ schedule: data.schedule, jobId: meta.jobId ?? null, status: event.scan.status, counts: event.counts, remediationRunId: remediation?.runId ?? null }),
  ]);
  const notification = await notify(deps, file.notifications?.webhook, actor, event);
  return { outcome: 'scanned', schedule: data.schedule, scanId, status: event.scan.status, counts: event.counts, unsuppressed, remediation, notification, ...when };
}

/** The worker's entry point: validates the payload and derives the retry/schedule facts from the job. */
export async function handleScanJob(deps: ScanJobDeps | undefined, job: Job): Promise<ScanJobResult> {
  const data = parseJobData('scan', job.data, job.id);
  if (!deps) throw new Error(`job scan ${job.id ?? ''}: this worker was started without scan dependencies (run \`sweep worker\` to serve the scan queue)`);
  const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  // Scheduler jobs carry the time they were due; run-now jobs do not.
  const scheduledFor = job.repeatJobKey ? (job.opts as { prevMillis?: number }).prevMillis : undefined;
  return runScheduledScan(deps, data, { jobId: job.id, final, scheduledFor });
}
