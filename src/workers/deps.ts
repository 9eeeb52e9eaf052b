/**
 * Builds what the workers need from configuration: the fixers in strategy order, verification
 * with its caches, and the repo map. Everything is created here and passed down; no module
 * keeps a global client.
 */
import { dirname } from 'node:path';
import { rules } from '../../policies/index.ts';
import type { Config } from '../config/index.ts';
import { loadConfigFile, runnerSettings } from '../config/file.ts';
import type { Store } from '../db/store.ts';
import OpenAI from 'openai';
import pLimit from 'p-limit';
import { createLlmFixer } from '../fixers/llm/index.ts';
import { createImportUnmanagedFixer } from '../fixers/import-unmanaged/index.ts';
import { createRemediatePropsFixer } from '../fixers/props/index.ts';
import { createTemplatesFixer } from '../fixers/templates/index.ts';
import type { Fixer } from '../fixers/types.ts';
import { checkBaseline, createBaselineCache, verifyFix } from '../fixers/verify/index.ts';
import type { FixGroupDeps } from '../remediation/fix-group.ts';
import { buildPrServices } from '../prs/services.ts';
import { workerActor, type WorkerDeps } from './index.ts';

export interface WorkerBuildOptions {
  store: Store;
  config: Pick<Config, 'configFile' | 'home' | 'openaiBaseUrl' | 'openaiApiKey' | 'model'> & { githubToken?: string };
  /** Where forge tokens are read from (the config file names the variables). @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
  cwd: string;
  /** `remediate --import-into <repo-file>` for unmanaged resources. */
  importInto?: string;
  /** Model requests at once in this process. @defaultValue 2 */
  llmConcurrency?: number;
}

export async function buildWorkerDeps(options: WorkerBuildOptions): Promise<FixGroupDeps & Pick<WorkerDeps, 'prs'>> {
  const file = loadConfigFile(options.cwd, options.config.configFile, options.config.home);
  const settings = runnerSettings(file, new Set(rules.map((rule) => rule.id)), file.path);
  const cache = createBaselineCache();
  // Strategy order (DESIGN.md): deterministic property fixes, companion templates, the model, then
  // imports of unmanaged resources (which apply the property fix or template to the new code).
  const fixers: Fixer[] = [
    createRemediatePropsFixer({ policyConfig: settings.config }),
    createTemplatesFixer({}),
  ];
  // The model is the long tail: only when one is configured, and bounded per process.
  const { openaiBaseUrl, openaiApiKey, model } = options.config;
  if (openaiBaseUrl || openaiApiKey) {
    const client = new OpenAI({ baseURL: openaiBaseUrl, apiKey: openaiApiKey ?? 'unused', maxRetries: 0 });
    fixers.push(createLlmFixer({ client, model, limit: pLimit(options.llmConcurrency ?? 2), cache, policyConfig: settings.config }));
  }
  if (options.importInto) fixers.push(createImportUnmanagedFixer({ importInto: options.importInto, policyConfig: settings.config }));
  return {
    store: options.store,
    rules,
    fixers,
    repos: file.repos,
    // Repo paths in the config file are relative to the file itself.
    cwd: file.path ? dirname(file.path) : options.cwd,
    actor: workerActor(),
    prs: buildPrServices({ store: options.store, file, env: options.env ?? process.env, githubToken: options.config.githubToken, cwd: options.cwd, actor: workerActor() }),
    async baseline(programDir) {
      const check = await checkBaseline(programDir, { cache });
      return check.ok ? { ok: true, capture: check.capture } : { ok: false, code: check.code, detail: check.reason };
    },
    verify: (input) => verifyFix({ ...input, cache, runnerOptions: { config: settings.config, scopes: settings.scopes } }),
  };
}
