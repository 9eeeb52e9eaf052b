/**
 * Two-level flows (a parent waiting for its children) inserted through the FlowProducer's backend:
 * the same entries and the same atomic `addFlow` (one MULTI on Redis, one statement on Postgres)
 * that FlowProducer.addBulk hands it, without FlowProducer's per-node machinery — a queue object
 * with its own sibling backend and keys, a trace and a few promises for every node of every flow,
 * which a profile of a 16,000-flow run showed costing about a quarter of the enqueue's CPU.
 */
import { EventEmitter } from 'node:events';
import { Job, type FlowProducer, type JobsOptions, type MinimalQueue, type ParentKeyOpts } from 'bullmq';
import { backendQueueName, type QueueRuntime } from './runtime.ts';

export interface FlowNode {
  /** The queue as the catalog names it (`fix`, `pr`), not as the backend does. */
  queue: string;
  name: string;
  data: unknown;
  opts: JobsOptions & { jobId: string };
}

export interface TwoLevelFlow extends FlowNode {
  children: FlowNode[];
}

export async function addFlows(runtime: QueueRuntime, flows: readonly TwoLevelFlow[]): Promise<void> {
  const producer = runtime.flowProducer();
  await producer.waitUntilReady();
  const queues = new Map<string, MinimalQueue>();
  const queue = (name: string) => queues.get(name) ?? queues.set(name, flowQueue(producer, backendQueueName(runtime, name))).get(name)!;
  const entries: ReturnType<Job['toFlowEntry']>[] = [];
  for (const flow of flows) {
    const parentQueue = queue(flow.queue);
    const parent = new Job(parentQueue, flow.name, flow.data, flow.opts, flow.opts.jobId);
    entries.push(parent.toFlowEntry({ addToWaitingChildren: true }));
    // What FlowProducer gives each child: the parent's reference, and the set that tracks it.
    const link = { id: flow.opts.jobId, queue: parentQueue.qualifiedName };
    const linkKeys: ParentKeyOpts = { parentKey: `${link.queue}:${link.id}`, parentDependenciesKey: `${parentQueue.toKey(link.id)}:dependencies` };
    for (const node of flow.children) {
      const child = new Job(queue(node.queue), node.name, node.data, { ...node.opts, parent: link }, node.opts.jobId);
      entries.push(child.toFlowEntry(linkKeys));
    }
  }
  const results = await producer.getBackend().addFlow(entries);
  results.forEach(([error, code], i) => {
    if (error) throw error;
    if (typeof code === 'number' && code < 0) throw new Error(`job ${entries[i].jobData.name} ${entries[i].jobId}: the queue refused it (BullMQ code ${code})`);
  });
}

/** The queue a Job is built against: what FlowProducer makes for each node, made once per queue. */
function flowQueue(producer: FlowProducer, name: string): MinimalQueue {
  const backend = producer.getBackend().forQueue(name);
  // Building an entry reads the queue's identity and backend only; its events go nowhere.
  return Object.assign(new EventEmitter(), {
    name,
    qualifiedName: backend.qualifiedName,
    keys: backend.keys,
    toKey: (type: string) => backend.toKey(type),
    opts: { connection: {} },
    closing: undefined,
    backend,
    waitUntilReady: () => producer.waitUntilReady(),
    trace: async <T>(_kind: unknown, _operation: string, _destination: string, callback: () => Promise<T> | T) => callback(),
  });
}
