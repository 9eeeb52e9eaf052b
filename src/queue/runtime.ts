/**
 * One code path, three engines: BullMQ on Redis when REDIS_URL is set (production; workers scale
 * across machines); otherwise BullMQ's PostgreSQL backend on DATABASE_URL; otherwise the same
 * backend on the embedded PGlite, served to it over pglite-socket (BullMQ needs real connections,
 * several of them: LISTEN plus a pool). Everything above this file only sees `QueueRuntime`.
 */
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { FlowProducer, Queue, Worker, createPostgresBackend, withBackend, type Processor, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { Store } from '../db/store.ts';

export interface QueueRuntime {
  kind: 'redis' | 'postgres' | 'pglite';
  /** Namespaces every queue (Redis key prefix / queue name prefix), so tests and tenants never collide. */
  prefix: string;
  queue(name: string): Queue;
  flowProducer(): FlowProducer;
  worker(name: string, processor: Processor, options?: Partial<WorkerOptions>): Worker;
  close(): Promise<void>;
}

export interface QueueRuntimeOptions {
  redisUrl?: string;
  databaseUrl?: string;
  store: Store;
  prefix?: string;
  /** Connection errors workers report; those raised while closing (shutdown races) are dropped. */
  onError?: (error: Error) => void;
}

type Closeable = { close(): Promise<unknown> };

/** Routes a worker's error events, except the ones its own shutdown provokes. */
function watchErrors(worker: Worker, closing: () => boolean, onError: (error: Error) => void): Worker {
  worker.on('error', (error) => {
    if (!closing() && !worker.closing) onError(error);
  });
  return worker;
}

export async function openQueueRuntime(options: QueueRuntimeOptions): Promise<QueueRuntime> {
  const prefix = options.prefix ?? 'sweep';
  const closeables: Closeable[] = [];
  let closing = false;
  const isClosing = () => closing;
  const onError = options.onError ?? ((error: Error) => process.stderr.write(`sweep queue: ${error.message}\n`));
  const queues = new Map<string, Queue>();
  let flows: FlowProducer | undefined;

  if (options.redisUrl) {
    // maxRetriesPerRequest: null is what BullMQ requires for blocking worker connections.
    const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    const runtime: QueueRuntime = {
      kind: 'redis',
      prefix,
      queue(name) {
        let queue = queues.get(name);
        if (!queue) {
          queue = new Queue(name, { connection, prefix });
          queues.set(name, queue);
          closeables.push(queue);
        }
        return queue;
      },
      flowProducer() {
        flows ??= new FlowProducer({ connection, prefix });
        if (!closeables.includes(flows)) closeables.push(flows);
        return flows;
      },
      worker(name, processor, workerOptions) {
        const worker = watchErrors(new Worker(name, processor, { connection, prefix, ...workerOptions }), isClosing, onError);
        closeables.push(worker);
        return worker;
      },
      async close() {
        closing = true;
        await closeAll(closeables);
        connection.disconnect();
      },
    };
    return runtime;
  }

  let server: PGLiteSocketServer | undefined;
  let connectionString = options.databaseUrl;
  if (!connectionString) {
    if (!options.store.embedded) throw new Error('the embedded queue needs the embedded (PGlite) store');
    server = new PGLiteSocketServer({ db: options.store.embedded, port: 0, host: '127.0.0.1', maxConnections: 16 });
    await server.start();
    connectionString = `postgres://postgres@${server.getServerConn()}/postgres`;
  }
  const classes = withBackend(createPostgresBackend);
  // The pglite-socket multiplexer ignores the search_path startup option: BullMQ's tables go to public there.
  const connection = { connectionString, migrate: true, schema: server ? 'public' : 'bullmq', max: 4 };
  const prefixed = (name: string) => `${prefix}-${name}`;
  const runtime: QueueRuntime = {
    kind: server ? 'pglite' : 'postgres',
    prefix,
    queue(name) {
      let queue = queues.get(name);
      if (!queue) {
        queue = new classes.Queue(prefixed(name), { connection }) as unknown as Queue;
        queues.set(name, queue);
        closeables.push(queue);
      }
      return queue;
    },
    flowProducer() {
      flows ??= new classes.FlowProducer({ connection }) as unknown as FlowProducer;
      if (!closeables.includes(flows)) closeables.push(flows);
      return flows;
    },
    worker(name, processor, workerOptions) {
      const worker = watchErrors(new classes.Worker(prefixed(name), processor, { connection, ...workerOptions } as never) as unknown as Worker, isClosing, onError);
      closeables.push(worker);
      return worker;
    },
    async close() {
      closing = true;
      await closeAll(closeables);
      await server?.stop();
    },
  };
  return runtime;
}

/** The queue name as the backend knows it (the Postgres backend has no key prefix, so it goes in the name). */
export function backendQueueName(runtime: QueueRuntime, name: string): string {
  return runtime.kind === 'redis' ? name : `${runtime.prefix}-${name}`;
}

async function closeAll(closeables: Closeable[]): Promise<void> {
  // Workers first (they may still be finishing a job), then producers and queues.
  const workers = closeables.filter((c) => c instanceof Worker || 'isRunning' in (c as object));
  const rest = closeables.filter((c) => !workers.includes(c));
  await Promise.allSettled(workers.map((c) => c.close()));
  await Promise.allSettled(rest.map((c) => c.close()));
}
