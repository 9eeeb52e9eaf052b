/**
 * One structured-output request to the model, with every expected failure turned into a value.
 * The client's own retries are switched off per request (`maxRetries: 0`): a 429 is retried here,
 * exactly once, after the server's `retry-after` (capped), so one group never waits unboundedly
 * and the wait is visible in the outcome. Uses `chat.completions.create` rather than `.parse`:
 * `.parse` throws on truncation and bad JSON, and we want to classify those ourselves.
 */
import OpenAI from 'openai';
import type { TokenUsage } from '../types.ts';
import { editsAnswer, RESPONSE_FORMAT, type EditsAnswer } from './prompt.ts';

export type ModelFailureCode = 'model-timeout' | 'model-rate-limited' | 'model-http-error' | 'model-unreachable' | 'model-garbage' | 'model-refused';

export type ModelResult =
  | { ok: true; answer: EditsAnswer; tokens?: TokenUsage; notes: string[] }
  | { ok: false; code: ModelFailureCode; reason: string; tokens?: TokenUsage };

export interface ModelRequest {
  client: OpenAI;
  model: string;
  messages: { role: 'system' | 'user'; content: string }[];
  /** Per attempt. @defaultValue 120_000 */
  timeoutMs?: number;
  /** Longest `retry-after` honoured; a longer one fails at once. @defaultValue 30_000 */
  maxRetryWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_RETRY_WAIT_MS = 1_000;

function addUsage(total: TokenUsage | undefined, usage: OpenAI.CompletionUsage | undefined | null): TokenUsage | undefined {
  if (!usage) return total;
  return { input: (total?.input ?? 0) + (usage.prompt_tokens ?? 0), output: (total?.output ?? 0) + (usage.completion_tokens ?? 0) };
}

/** `retry-after-ms`, then `retry-after` as seconds or an HTTP date (what the API and proxies send). */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

function interpret(completion: OpenAI.ChatCompletion, tokens: TokenUsage | undefined, notes: string[]): ModelResult {
  const choice = Array.isArray(completion?.choices) ? completion.choices[0] : undefined;
  if (!choice?.message) return { ok: false, code: 'model-garbage', reason: 'the model response has no message (not a chat completion)', tokens };
  const { message } = choice;
  if (message.refusal) return { ok: false, code: 'model-refused', reason: `the model refused: ${preview(message.refusal)}`, tokens };
  if (choice.finish_reason === 'content_filter') return { ok: false, code: 'model-refused', reason: 'the answer was stopped by the content filter', tokens };
  if (choice.finish_reason === 'length') return { ok: false, code: 'model-garbage', reason: 'the answer was cut off at the token limit (incomplete JSON)', tokens };
  if (typeof message.content !== 'string' || message.content.trim() === '') return { ok: false, code: 'model-garbage', reason: 'the model answered with no content', tokens };
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.content);
  } catch {
    return { ok: false, code: 'model-garbage', reason: `the answer is not JSON: ${preview(message.content)}`, tokens };
  }
  const checked = editsAnswer.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ok: false, code: 'model-garbage', reason: `the answer does not match the edits schema: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`.trim(), tokens };
  }
  return { ok: true, answer: checked.data, tokens, notes };
}

export async function requestEdits(request: ModelRequest): Promise<ModelResult> {
  const sleep = request.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const timeoutMs = request.timeoutMs ?? 120_000;
  const maxWait = request.maxRetryWaitMs ?? 30_000;
  const notes: string[] = [];
  let tokens: TokenUsage | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      const completion = await request.client.chat.completions.create(
        { model: request.model, messages: request.messages, response_format: RESPONSE_FORMAT },
        { timeout: timeoutMs, maxRetries: 0 },
      );
      tokens = addUsage(tokens, completion?.usage);
      return interpret(completion, tokens, notes);
    } catch (error) {
      if (error instanceof OpenAI.APIConnectionTimeoutError) {
        return { ok: false, code: 'model-timeout', reason: `the model did not answer within ${timeoutMs} ms`, tokens };
      }
      if (error instanceof OpenAI.RateLimitError) {
        const wait = retryAfterMs(error.headers) ?? DEFAULT_RETRY_WAIT_MS;
        if (attempt === 1 && wait <= maxWait) {
          notes.push(`rate-limited; retried after ${Math.round(wait)} ms`);
          await sleep(wait);
          continue;
        }
        const why = attempt === 1 ? `it asks to retry after ${Math.round(wait / 1000)} s, over the ${Math.round(maxWait / 1000)} s cap` : 'again after one retry';
        return { ok: false, code: 'model-rate-limited', reason: `the model API rate-limited the request (${why}): ${preview(error.message)}`, tokens };
      }
      if (error instanceof OpenAI.APIConnectionError) {
        return { ok: false, code: 'model-unreachable', reason: `cannot reach the model API: ${preview(error.message)}`, tokens };
      }
      if (error instanceof OpenAI.APIError) {
        return { ok: false, code: 'model-http-error', reason: `the model API answered HTTP ${error.status ?? '?'}: ${preview(error.message)}`, tokens };
      }
      // A 200 that says it is JSON and is not: the client's own JSON.parse throws.
      if (error instanceof SyntaxError) return { ok: false, code: 'model-garbage', reason: `the response body is not JSON: ${preview(error.message)}`, tokens };
      throw error;
    }
  }
}
