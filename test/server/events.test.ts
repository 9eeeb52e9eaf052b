import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './support.ts';

let api: ApiFixture;
beforeAll(async () => {
  api = await startApiFixture();
});
afterAll(async () => {
  await api?.close();
});

interface Sse {
  next(name: string, predicate?: (data: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): void;
}

/** A minimal event-stream reader over fetch (EventSource is a browser API). */
async function listen(url: string, token: string): Promise<Sse> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const seen: { event: string; data: any }[] = [];
  let buffer = '';
  const waiters = new Set<() => void>();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) seen.push({ event, data: JSON.parse(data) });
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // aborted
    }
  })();
  let cursor = 0;
  return {
    async next(name, predicate = () => true, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (cursor < seen.length) {
          const item = seen[cursor++];
          if (item.event === name && predicate(item.data)) return item.data;
        }
        if (Date.now() > deadline) throw new Error(`no ${name} event within ${timeoutMs} ms (saw ${seen.map((s) => s.event).join(', ')})`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
          setTimeout(wake, 200);
        });
      }
    },
    close: () => controller.abort(),
  };
}

describe('server-sent events', () => {
  it('streams run progress as the fixes ledger moves, scans as they finish, and backlog changes', async () => {
    expect((await api.call('GET', '/api/v1/events')).status).toBe(401);
    const stream = await listen(`${api.url}/api/v1/events`, api.tokens.viewer);
    try {
      await stream.next('hello');
      const started = await api.call('POST', '/api/v1/remediations', { token: api.tokens.operator, body: { filter: { severity: ['high'] }, assignToAi: true, groupSize: 1 } });
      const { runId, groups } = started.body;
      expect(groups).toBeGreaterThan(2);
      const queued = await stream.next('run', (p) => p.runId === runId);
      expect(queued).toMatchObject({ status: 'queued', groups: { queued: groups }, finished: false });
      // The counts changed (violations moved to assigned, then queued).
      await stream.next('backlog');

      // What a worker does to the ledger, done by hand: two groups verified by remediate-props.
      await api.store.query(
        `update fixes set status = 'verified', strategy = 'remediate-props', finished_at = now()
         where id in (select id from fixes where run_id = $1 order by id limit 2)`,
        [runId],
      );
      const moved = await stream.next('run', (p) => p.runId === runId && p.groups.verified === 2);
      expect(moved.strategies).toEqual({ 'remediate-props': { verified: 2 } });
      await stream.next('queues');

      const scan = await api.call('POST', '/api/v1/scans', { token: api.tokens.operator, body: {} });
      const finished = await stream.next('scan-finished', (s) => s.id === scan.body.scanId);
      expect(finished).toMatchObject({ status: 'succeeded', trigger: 'api', counts: { new: 0 } });
    } finally {
      stream.close();
    }
  });
});
