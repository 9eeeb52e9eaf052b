/** Everything the HTTP app needs, created by the caller (`sweep serve`, tests) and passed in. */
import type { Store } from '../db/store.ts';
import type { QueueRuntime } from '../queue/runtime.ts';
import type { EventHub } from './events.ts';
import type { ApprovePullRequest } from './prs.ts';
import type { QueueStats } from './queues.ts';
import type { ScanLauncher } from './scans.ts';

export interface ServerDeps {
  store: Store;
  /** Absent: remediation writes answer 503 (no queue to put the work on). */
  queue?: QueueRuntime;
  queueStats?: QueueStats;
  events: EventHub;
  /** Absent: `POST /scans` answers 503. */
  scans?: ScanLauncher;
  clock: () => Date;
  /** Mark the session cookie Secure (the server is reached over https, e.g. behind a proxy). */
  secureCookies: boolean;
  /** Approves a PR awaiting approval (the PR engine's approvePr, acting as the given actor). */
  approvePullRequest: ApprovePullRequest;
  log: (line: string) => void;
}
