/**
 * Scans started through the API. The wiring is the CLI's (`sweep scan`): config file settings,
 * rule selection, connections, library sync, runScan — with trigger `api` and the token's name as
 * the actor. What an API caller may scan is limited to named connections (configured by admins)
 * or the sources the server was started with (`sweep serve --source`): a token never names a path
 * on the server's disk. One API scan runs at a time per server; it runs in the background and
 * announces itself on the event stream when it finishes.
 */
import { z } from 'zod';
import { catalogs, rules } from '../../policies/index.ts';
import { FRAMEWORKS, SEVERITIES } from '../../policies/rule.ts';
import { loadConfigFile, runnerSettings } from '../config/file.ts';
import { connectionSourceRequests, preloadConnectionLookup } from '../connections/store.ts';
import type { Store } from '../db/store.ts';
import { syncLibrary } from '../engine/library.ts';
import { runScan, type ScanReport, type SourceRequest } from '../engine/scan.ts';
import { selectRules } from '../engine/select.ts';
import { sourceRegistry } from '../sources/index.ts';
import { ApiError } from './http.ts';

export const scanRequestSchema = z
  .object({
    /** Connection names; empty or absent: the server's own sources, else every connection. */
    connections: z.array(z.string().min(1)).max(100).optional(),
    packs: z.array(z.enum(FRAMEWORKS)).optional(),
    policies: z.array(z.string().min(1)).optional(),
    severity: z.enum(SEVERITIES).optional(),
    keepGoing: z.boolean().optional(),
  })
  .strict();

export type ApiScanRequest = z.infer<typeof scanRequestSchema>;

export interface ScanLauncher {
  /** Starts a scan in the background; resolves with its id once the scans row exists. */
  start(request: ApiScanRequest, actor: string): Promise<{ scanId: number | null; sources: string[] }>;
  running(): boolean;
  /** Resolves when the scan in flight (if any) has ended. */
  idle(): Promise<void>;
}

export interface ScanLauncherOptions {
  store: Store;
  cwd: string;
  env: NodeJS.ProcessEnv;
  home: string;
  configFile?: string;
  /** `sweep serve --source kind:target`: what a scan without connections reads. */
  defaultSources: SourceRequest[];
  onFinished(result: { report?: ScanReport; error?: Error }): void;
}

export function createScanLauncher(options: ScanLauncherOptions): ScanLauncher {
  const { store } = options;
  let inFlight: Promise<void> | undefined;

  async function sourcesFor(request: ApiScanRequest): Promise<SourceRequest[]> {
    if (request.connections && request.connections.length > 0) return connectionSourceRequests(store, request.connections);
    if (options.defaultSources.length > 0) return options.defaultSources;
    return connectionSourceRequests(store, []);
  }

  return {
    running: () => inFlight !== undefined,
    idle: async () => {
      await inFlight;
    },
    async start(request, actor) {
      if (inFlight) throw new ApiError(409, 'scan-running', 'a scan started through the API is still running', { hint: 'wait for its scan-finished event' });
      const file = loadConfigFile(options.cwd, options.configFile, options.home);
      const settings = runnerSettings(file, new Set(rules.map((rule) => rule.id)), file.path);
      const selected = selectRules(rules, { packs: request.packs ?? [], policies: request.policies, severity: request.severity }).filter(
        (rule) => !settings.disabled.has(rule.id),
      );
      if (selected.length === 0) throw new ApiError(400, 'no-policies', 'no policy matches the selection', { hint: 'GET /api/v1/openapi.json; see `sweep policies`' });
      const sources = await sourcesFor(request);
      const labels = sources.map((s) => `${s.kind}:${s.target}`);
      const [{ before }] = await store.query<{ before: number | null }>('select max(id) as before from scans');
      await store.query(`insert into audit_log (actor, action, target, details) values ($1, 'scan.start', null, $2)`, [
        actor,
        JSON.stringify({ sources: labels, packs: request.packs ?? [], policies: request.policies ?? null, severity: request.severity ?? null }),
      ]);
      await syncLibrary(store, rules, catalogs);
      const work = (async () => {
        try {
          const report = await runScan(
            { store, sources: sourceRegistry, context: { cwd: options.cwd, env: options.env, connection: await preloadConnectionLookup(store) } },
            {
              sources,
              rules: selected,
              packs: request.packs ?? [],
              trigger: 'api',
              actor,
              runner: { config: settings.config, scopes: settings.scopes },
              keepGoing: request.keepGoing,
              ownership: file.ownership,
            },
          );
          options.onFinished({ report });
        } catch (error) {
          options.onFinished({ error: error as Error });
        }
      })();
      inFlight = work.finally(() => {
        inFlight = undefined;
      });
      // runScan inserts the scans row before its transaction starts; wait briefly to return its id.
      for (let i = 0; i < 40; i++) {
        const [row] = await store.query<{ id: number }>(`select id from scans where trigger = 'api' and id > $1 order by id limit 1`, [Number(before ?? 0)]);
        if (row) return { scanId: Number(row.id), sources: labels };
        if (!inFlight) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return { scanId: null, sources: labels };
    },
  };
}
