/**
 * The `llm` fixer, for the long tail no deterministic strategy covers. It sends the model only
 * the files that declare the group's resources (secrets swapped for placeholders), the rule's
 * own text, and the violations fenced as untrusted data; it asks for search/replace edits as
 * structured output, applies them to those files only, and states the intended end state
 * (intended.ts) for verification to hold it to. Expected failures (model, edits) are outcomes
 * with a kebab code; on a failed verification the caller calls `fix` once more with `feedback`,
 * then sends the group to needs_human.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type OpenAI from 'openai';
import pLimit, { type LimitFunction } from 'p-limit';
import { capturePulumiProgram, type CaptureOptions, type ProgramCapture } from '../../sources/pulumi-program/index.ts';
import type { FileEdit, FixGroup, FixOutcome, Fixer, FixTarget } from '../types.ts';
import { baselineCapture, type BaselineCache } from '../verify/baseline.ts';
import { applyEdits } from './edits.ts';
import { expectedEndStates, intendedForEdits } from './intended.ts';
import { requestEdits } from './model.ts';
import { buildMessages, type PromptViolation } from './prompt.ts';
import { createVault, redactSource, redactValue, scrubText, type SecretVault } from './redact.ts';
import type { PolicySettings } from './rule-args.ts';

export interface LlmFixerOptions {
  client: OpenAI;
  model: string;
  /** Shared limit on concurrent model requests (a p-limit instance), or a concurrency for a new one. @defaultValue 4 */
  limit?: LimitFunction | number;
  /** A declaring file larger than this is not sent; the group goes to a person. @defaultValue 100_000 */
  maxFileBytes?: number;
  /** Per model request. @defaultValue 120_000 */
  timeoutMs?: number;
  /** Longest `retry-after` honoured on a 429. @defaultValue 30_000 */
  maxRetryWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Fence nonce per request. @defaultValue 12 random hex digits */
  nonce?: () => string;
  /** Per-policy settings the scan ran with: the rule's remediation depends on them (a minimum retention, say). */
  policyConfig?: PolicySettings;
  /** Shared with verification, so the baseline captured for the group is not captured again. @defaultValue defaultBaselineCache */
  cache?: BaselineCache;
  /** The pre-fix capture (for the rule's end state). @defaultValue baselineCapture with `cache` */
  baseline?: (programDir: string, options: { stack: string }) => Promise<ProgramCapture>;
  /** Captures the edited program when the end state must be derived. @defaultValue capturePulumiProgram */
  capture?: (dir: string, options?: CaptureOptions) => Promise<ProgramCapture>;
}

const STRATEGY = 'llm';

function fail(code: string, reason: string, tokens?: FixOutcome['tokens']): FixOutcome {
  return { ok: false, strategy: STRATEGY, code, reason, ...(tokens ? { tokens } : {}) };
}

/** The program-relative path of a target's declaring file, if it stays inside the program directory. */
function declaringFile(group: FixGroup, target: FixTarget): string | undefined {
  const path = target.resource.iac.path;
  if (!path || isAbsolute(path)) return undefined;
  const absolute = resolve(group.programDir, path);
  const rel = relative(resolve(group.programDir), absolute);
  // iac paths come from state files and scans: never let one point the fixer outside the checkout.
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

function violationFor(target: FixTarget, file: string, vault: SecretVault, props: Record<string, unknown>, expected?: Record<string, unknown>): PromptViolation {
  return {
    resource: scrubText(target.resource.name, vault),
    type: target.resource.type,
    file,
    line: target.resource.iac.line,
    message: scrubText(target.message, vault),
    props: redactValue(props, vault),
    ...(expected ? { expected: redactValue(expected, vault) } : {}),
  };
}

export function createLlmFixer(options: LlmFixerOptions): Fixer {
  const limit = typeof options.limit === 'function' ? options.limit : pLimit(options.limit ?? 4);
  const maxFileBytes = options.maxFileBytes ?? 100_000;
  const nonce = options.nonce ?? (() => randomBytes(6).toString('hex'));
  const baselineOf = options.baseline ?? ((dir: string, opts: { stack: string }) => baselineCapture(dir, { ...opts, cache: options.cache }));
  const capture = options.capture ?? capturePulumiProgram;

  function applies(group: FixGroup): boolean {
    return group.targets.length > 0 && group.targets.every((target) => target.resource.iac.kind === 'pulumi' && target.resource.urn && declaringFile(group, target));
  }

  async function fix(group: FixGroup, feedback?: string): Promise<FixOutcome> {
    const files = new Map<string, string>();
    for (const target of group.targets) {
      const file = declaringFile(group, target);
      if (!file) return fail('no-declaration', `${target.resource.name} has no declaring file inside ${group.programDir} (iac.path ${JSON.stringify(target.resource.iac.path)})`);
      if (files.has(file)) continue;
      let text: string;
      try {
        text = await readFile(join(group.programDir, file), 'utf8');
      } catch {
        return fail('no-declaration', `${file}, which declares ${target.resource.name}, does not exist in the checkout`);
      }
      if (Buffer.byteLength(text) > maxFileBytes) return fail('file-too-large', `${file} is ${Buffer.byteLength(text)} bytes, over the ${maxFileBytes}-byte limit for sending to a model`);
      files.set(file, text);
    }

    const stack = group.targets[0].resource.iac.stack ?? 'dev';
    const baseline = await baselineOf(group.programDir, { stack });
    const expected = await expectedEndStates(group.rule, group.targets, baseline, options.policyConfig);
    const byUrn = new Map(baseline.resources.map((resource) => [resource.urn, resource]));

    const vault = createVault();
    const redacted = new Map([...files].map(([path, text]) => [path, redactSource(path, text, vault)]));
    const violations = group.targets.map((target) => {
      const urn = target.resource.urn!;
      return violationFor(target, declaringFile(group, target)!, vault, byUrn.get(urn)?.inputs ?? target.resource.props, expected.get(urn));
    });
    const messages = buildMessages({ rule: group.rule, violations, files: redacted, feedback: feedback && scrubText(feedback, vault), nonce: nonce() });

    const answer = await limit(() =>
      requestEdits({ client: options.client, model: options.model, messages, timeoutMs: options.timeoutMs, maxRetryWaitMs: options.maxRetryWaitMs, sleep: options.sleep }),
    );
    if (!answer.ok) return fail(answer.code, answer.reason, answer.tokens);
    const tokens = answer.tokens;

    const applied = applyEdits(files, answer.answer.edits, vault);
    if (!applied.ok) {
      const why = applied.code === 'no-edits' ? `${applied.reason}: ${scrubText(answer.answer.explanation, vault)}` : applied.reason;
      return fail(applied.code, why, tokens);
    }
    const edits: FileEdit[] = [];
    for (const [file, after] of applied.texts) {
      const absolute = join(group.programDir, file);
      edits.push({ path: relative(group.checkoutDir, absolute).split(sep).join('/'), before: files.get(file)!, after });
      await writeFile(absolute, after);
    }

    const intended = await intendedForEdits({ rule: group.rule, targets: group.targets, baseline, expected, programDir: group.programDir, capture, settings: options.policyConfig });
    if (!intended.ok) {
      // Leave the checkout as it was, so the next strategy (or the retry) starts clean.
      for (const [file, before] of files) if (applied.texts.has(file)) await writeFile(join(group.programDir, file), before);
      return fail(intended.code, intended.reason, tokens);
    }
    return {
      ok: true,
      strategy: STRATEGY,
      edits,
      intended: intended.intended,
      ...(tokens ? { tokens } : {}),
      notes: [`model ${options.model}: ${scrubText(answer.answer.explanation, vault)}`, ...answer.notes, ...intended.notes],
    };
  }

  return { name: STRATEGY, applies, fix };
}

export { applyEdits, type ApplyResult, type SearchReplace } from './edits.ts';
export { requestEdits, retryAfterMs, type ModelFailureCode, type ModelResult } from './model.ts';
export { buildMessages, EDITS_JSON_SCHEMA, RESPONSE_FORMAT, fence } from './prompt.ts';
export { createVault, redactSource, redactValue, restoreSecrets, scrubText, type SecretVault } from './redact.ts';
export { checkResource, remediatedProps, type PolicySettings } from './rule-args.ts';
