/**
 * Approving a pull request through the API is the PR engine's `approvePr` (src/prs/actions.ts) —
 * the same as `sweep prs approve`: a draft awaiting approval becomes ready for review on its forge,
 * with the audit row — acting as the token's name. The services are built per call because the
 * actor is part of them (and the config file is re-read, as the CLI would).
 */
import type { Config } from '../config/index.ts';
import { loadConfigFile } from '../config/file.ts';
import type { Store } from '../db/store.ts';
import { approvePr } from '../prs/actions.ts';
import { buildPrServices } from '../prs/services.ts';
import { ApiError } from './http.ts';

export interface ApproveOutcome {
  id: number;
  approval: string;
  approvedBy: string | null;
  approvedAt: string | null;
}

export type ApprovePullRequest = (id: number, actor: string) => Promise<ApproveOutcome>;

export interface PrApprovalOptions {
  store: Store;
  config: Pick<Config, 'configFile' | 'home' | 'githubToken'>;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export function prEngineApproval(options: PrApprovalOptions): ApprovePullRequest {
  return async (id, actor) => {
    const file = loadConfigFile(options.cwd, options.config.configFile, options.config.home);
    const services = buildPrServices({ store: options.store, file, env: options.env, githubToken: options.config.githubToken, cwd: options.cwd, actor });
    const result = await approvePr(services, id);
    if (!result.ok) throw new ApiError(result.code === 'not-found' ? 404 : 409, result.code, result.message, { hint: result.hint });
    const [row] = await options.store.query<{ approved_at: Date | null }>('select approved_at from pull_requests where id = $1', [id]);
    return {
      id,
      approval: result.pr.approval,
      approvedBy: result.pr.approvedBy,
      approvedAt: row?.approved_at ? new Date(row.approved_at).toISOString() : null,
    };
  };
}
