/**
 * Webhook notifications: a JSON POST to the URL in the config file's `notifications.webhook`,
 * with retries (exponential backoff, or the receiver's Retry-After), a per-attempt timeout, and
 * every failure logged. A notification never fails the scan it reports on: delivery problems are
 * returned as a value, written to the log, and recorded in the audit log by host only — the URL's
 * path and query and the headers can hold tokens, so they never leave this module.
 */
import { z } from 'zod';
import type { SqlExecutor } from '../db/store.ts';

export const webhookSchema = z
  .object({
    url: z
      .string()
      .url('notifications.webhook.url must be a URL')
      .refine((url) => /^https?:\/\//i.test(url), 'notifications.webhook.url must be http:// or https://'),
    /** Sent with every POST; `${NAME}` is replaced from the worker's environment, so tokens stay out of the file. */
    headers: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export const notificationsSchema = z.object({ webhook: webhookSchema.optional() }).strict();

export type WebhookConfig = z.infer<typeof webhookSchema>;
export type NotificationsConfig = z.infer<typeof notificationsSchema>;

export interface WebhookOptions {
  /** Attempts in all, the first included. @defaultValue 3 */
  attempts: number;
  /** Wait before the second attempt; doubles each time. @defaultValue 1000 */
  baseDelayMs: number;
  /** Per attempt, connection to last byte. @defaultValue 10000 */
  timeoutMs: number;
  /** Cap on any wait, Retry-After included, so a receiver cannot park a worker. @defaultValue 60000 */
  maxDelayMs: number;
}

export const WEBHOOK_DEFAULTS: WebhookOptions = { attempts: 3, baseDelayMs: 1_000, timeoutMs: 10_000, maxDelayMs: 60_000 };

export interface WebhookDeps {
  fetch: typeof fetch;
  /** One line per failed attempt (the worker writes it to stderr). */
  log(line: string): void;
  /** Where `notification.failed` is recorded. */
  db: SqlExecutor;
  actor: string;
  env: NodeJS.ProcessEnv;
  sleep?: (ms: number) => Promise<void>;
}

export type DeliveryResult =
  | { ok: true; host: string; attempts: number; status: number }
  | { ok: false; host: string; attempts: number; code: 'webhook-rejected' | 'webhook-unreachable' | 'webhook-config'; errors: string[] };

/** 408, 425, 429 and 5xx are worth another try; any other 4xx will fail the same way again. */
function retryable(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function expandHeaders(headers: Record<string, string> | undefined, env: NodeJS.ProcessEnv): Record<string, string> {
  const expanded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    expanded[name] = value.replace(/\$\{(\w+)\}/g, (_, variable: string) => {
      const found = env[variable];
      // The message names the header and variable, never a value.
      if (found === undefined) throw new Error(`header ${name} uses \${${variable}}, which is not set in the worker's environment`);
      return found;
    });
  }
  return expanded;
}

/** A fetch error's own words, minus anything that could carry the URL's path or query. */
function describe(error: unknown, url: URL): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const text = (error as Error).name === 'TimeoutError' ? 'timed out' : [(error as Error).message, cause?.code ?? cause?.message].filter(Boolean).join(': ');
  return text.split(url.href).join(url.host);
}

/** POSTs `payload` as JSON; retries, logs and audits failures; never throws for a delivery problem. */
export async function postWebhook(
  deps: WebhookDeps,
  webhook: WebhookConfig,
  payload: { event: string } & Record<string, unknown>,
  options: Partial<WebhookOptions> = {},
): Promise<DeliveryResult> {
  const settings = { ...WEBHOOK_DEFAULTS, ...options };
  const url = new URL(webhook.url);
  const host = url.host;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const errors: string[] = [];
  let code: 'webhook-rejected' | 'webhook-unreachable' | 'webhook-config' = 'webhook-unreachable';
  let attempts = 0;
  let headers: Record<string, string> = {};
  try {
    headers = expandHeaders(webhook.headers, deps.env);
  } catch (error) {
    code = 'webhook-config';
    errors.push((error as Error).message);
    deps.log(`notification ${payload.event} to ${host} not sent: ${(error as Error).message}`);
  }
  const body = JSON.stringify(payload);
  while (code !== 'webhook-config' && attempts < settings.attempts) {
    attempts++;
    let wait = settings.baseDelayMs * 2 ** (attempts - 1);
    let again = true;
    try {
      const response = await deps.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'sweep-notifications', ...headers },
        body,
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      // Drain the body so the connection is released even when nobody reads it.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true, host, attempts, status: response.status };
      errors.push(`HTTP ${response.status}`);
      again = retryable(response.status);
      code = again ? 'webhook-unreachable' : 'webhook-rejected';
      wait = retryAfterMs(response.headers.get('retry-after')) ?? wait;
    } catch (error) {
      errors.push(describe(error, url));
      code = 'webhook-unreachable';
    }
    const last = !again || attempts >= settings.attempts;
    wait = Math.min(wait, settings.maxDelayMs);
    deps.log(
      `notification ${payload.event} to ${host} failed (attempt ${attempts}/${settings.attempts}): ${errors.at(-1)}` +
        (last ? '; giving up' : `; retrying in ${Math.round(wait / 100) / 10}s`),
    );
    if (last) break;
    await sleep(wait);
  }
  await deps.db.query(`insert into audit_log (actor, action, target, details) values ($1, 'notification.failed', $2, $3)`, [
    deps.actor,
    `webhook ${host}`,
    JSON.stringify({ host, event: payload.event, code, attempts, errors, scanId: (payload.scan as { id?: number } | undefined)?.id ?? null }),
  ]);
  return { ok: false, host, attempts, code, errors };
}
