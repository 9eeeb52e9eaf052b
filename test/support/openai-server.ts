/**
 * A local stand-in for the hosted model: a real HTTP server on 127.0.0.1 speaking the OpenAI
 * chat-completions wire format (`POST /v1/chat/completions`), so tests drive the real openai
 * client. Each test scripts it with a queue of responses or a handler, and reads back the
 * requests it received (to assert what was, and was not, sent).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received. */
  raw: string;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: any;
}

export interface Usage {
  prompt: number;
  completion: number;
}

export type ScriptedResponse =
  | {
      kind: 'completion';
      content?: string | null;
      refusal?: string | null;
      toolCalls?: { id: string; name: string; arguments: string }[];
      finishReason?: 'stop' | 'length' | 'content_filter' | 'tool_calls';
      /** null sends no usage block. @defaultValue { prompt: 120, completion: 40 } */
      usage?: Usage | null;
      delayMs?: number;
    }
  | {
      kind: 'error';
      status: number;
      message: string;
      type?: string;
      code?: string | null;
      param?: string | null;
      headers?: Record<string, string>;
      delayMs?: number;
    }
  /** Anything at all, e.g. an HTML error page from a proxy. */
  | { kind: 'raw'; status: number; body: string; contentType?: string; delayMs?: number };

export type Handler = (request: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>;

export interface OpenAiServer {
  /** `http://127.0.0.1:<port>/v1`: the client's baseURL. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Responses served in order, one per request; the handler (if any) serves the rest. */
  enqueue(...responses: ScriptedResponse[]): void;
  handle(handler: Handler): void;
  close(): Promise<void>;
}

/** A completion whose content is the JSON of `value` (what structured output returns). */
export function jsonCompletion(value: unknown, usage?: Usage): ScriptedResponse {
  return { kind: 'completion', content: JSON.stringify(value), usage };
}

export function refusal(text: string, usage?: Usage): ScriptedResponse {
  return { kind: 'completion', content: null, refusal: text, usage };
}

/** The 429 the API sends, with the real error body and a `retry-after` in seconds. */
export function rateLimited(retryAfterSeconds: number): ScriptedResponse {
  return {
    kind: 'error',
    status: 429,
    message: 'Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.',
    type: 'requests',
    code: 'rate_limit_exceeded',
    headers: { 'retry-after': String(retryAfterSeconds) },
  };
}

export function serverError(): ScriptedResponse {
  return { kind: 'error', status: 500, message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error' };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (response.destroyed || response.writableEnded) return;
  response.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${Math.random().toString(16).slice(2)}`, ...headers });
  response.end(body);
}

function completionBody(request: RecordedRequest, scripted: Extract<ScriptedResponse, { kind: 'completion' }>, sequence: number): string {
  const usage = scripted.usage === undefined ? { prompt: 120, completion: 40 } : scripted.usage;
  const toolCalls = scripted.toolCalls?.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
  return JSON.stringify({
    id: `chatcmpl-test${sequence}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: typeof request.body?.model === 'string' ? request.body.model : 'gpt-test',
    system_fingerprint: 'fp_test',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: scripted.content ?? null,
          refusal: scripted.refusal ?? null,
          annotations: [],
          ...(toolCalls ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: scripted.finishReason ?? (toolCalls ? 'tool_calls' : 'stop'),
      },
    ],
    ...(usage === null
      ? {}
      : { usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion } }),
  });
}

export async function startOpenAiServer(): Promise<OpenAiServer> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedResponse[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let handler: Handler | undefined;

  const server = createServer(async (incoming, response) => {
    const raw = await readBody(incoming);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const recorded: RecordedRequest = { method: incoming.method ?? '', path: incoming.url ?? '', headers: incoming.headers, raw, body };
    requests.push(recorded);
    const sequence = requests.length;
    if (recorded.method !== 'POST' || recorded.path !== '/v1/chat/completions') {
      send(response, 404, JSON.stringify({ error: { message: `Invalid URL (${recorded.method} ${recorded.path})`, type: 'invalid_request_error', param: null, code: null } }));
      return;
    }
    const scripted: ScriptedResponse = queue.shift() ?? (handler ? await handler(recorded) : { kind: 'error', status: 500, message: 'openai-server: no scripted response left', type: 'server_error' });
    const reply = () => {
      switch (scripted.kind) {
        case 'completion':
          send(response, 200, completionBody(recorded, scripted, sequence));
          return;
        case 'error':
          send(
            response,
            scripted.status,
            JSON.stringify({ error: { message: scripted.message, type: scripted.type ?? 'invalid_request_error', param: scripted.param ?? null, code: scripted.code ?? null } }),
            scripted.headers,
          );
          return;
        case 'raw':
          send(response, scripted.status, scripted.body, { 'content-type': scripted.contentType ?? 'text/html' });
          return;
      }
    };
    if (!scripted.delayMs) return reply();
    const timer = setTimeout(() => {
      timers.delete(timer);
      reply();
    }, scripted.delayMs);
    timers.add(timer);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...responses) => queue.push(...responses),
    handle: (next) => {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
