/**
 * verifyFix: holds a fixer's edits to what it said it intended, before anything reaches a PR.
 * Layers run in order (typecheck → mocks → policies → diff) and each is timed and recorded.
 * A failed typecheck or capture stops the run (there is nothing to evaluate); once a capture
 * exists, policies and diff both run, so the report (and the retry feedback) says everything
 * that is wrong, while `reason` names the first failing layer's problem.
 */
import type { Rule } from '../../../policies/rule.ts';
import type { RunnerOptions } from '../../engine/runner.ts';
import { isSweepError } from '../../errors.ts';
import { capturePulumiProgram, firstLines, type ProgramCapture } from '../../sources/pulumi-program/index.ts';
import type { FixTarget, IntendedChange, LayerResult, VerificationLayer, VerificationReport } from '../types.ts';
import { defaultBaselineCache, type BaselineCache, type CaptureFn } from './baseline.ts';
import { diffCaptures } from './diff.ts';
import { comparePolicies, evaluateCapture, type CaptureEvaluation } from './policies.ts';
import { typecheckProgram } from './typecheck.ts';

export interface VerifyInput {
  checkoutDir: string;
  programDir: string;
  /** The untouched program's capture (baselineCapture / checkBaseline). */
  baseline: ProgramCapture;
  /** Every rule in force, not only the group's: a new violation of any of them rejects the fix. */
  rules: readonly Rule[];
  targets: readonly FixTarget[];
  intended: IntendedChange;
  /** Limit for the mocks run. @defaultValue 120_000 */
  timeoutMs?: number;
  /** Policy config and scopes, as the scan used them. */
  runnerOptions?: RunnerOptions;
  /** Parsed-declaration and baseline caches. @defaultValue defaultBaselineCache */
  cache?: BaselineCache;
  capture?: CaptureFn;
  /** Milliseconds, for layer durations. @defaultValue performance.now */
  now?: () => number;
}

const REASON_PREFIX: Record<VerificationLayer, string> = {
  typecheck: 'the changed program does not type-check',
  mocks: 'the changed program does not run under Pulumi mocks',
  policies: 'policy check failed',
  diff: 'the change does not match what the fix intended',
};

/**
 * The baseline's findings are the same for every fix of one program: evaluated once per capture,
 * rule list and policy settings (compared by identity: callers build them once per worker).
 */
function evaluateBaseline(cache: BaselineCache, baseline: ProgramCapture, rules: readonly Rule[], options: RunnerOptions = {}): Promise<CaptureEvaluation> {
  const cached = cache.evaluations.get(baseline);
  if (cached && cached.rules === rules && cached.config === options.config && cached.scopes === options.scopes) return cached.evaluation;
  const evaluation = evaluateCapture(baseline, rules, options);
  cache.evaluations.set(baseline, { rules, config: options.config, scopes: options.scopes, evaluation });
  return evaluation;
}

export async function verifyFix(input: VerifyInput): Promise<VerificationReport> {
  const now = input.now ?? (() => performance.now());
  const cache = input.cache ?? defaultBaselineCache;
  const layers: LayerResult[] = [];
  let reason: string | undefined;
  let propertyDiff: VerificationReport['propertyDiff'] = {};

  const record = (layer: VerificationLayer, started: number, ok: boolean, detail: string, why?: string) => {
    layers.push({ layer, ok, durationMs: Math.round(now() - started), detail });
    if (!ok && reason === undefined) reason = `${REASON_PREFIX[layer]}: ${why ?? detail}`;
  };
  const report = (): VerificationReport => ({ ok: reason === undefined && layers.every((layer) => layer.ok), layers, reason, propertyDiff });

  let started = now();
  const typecheck = typecheckProgram(input.programDir, { cache: cache.typecheck, relativeTo: input.checkoutDir });
  record(
    'typecheck',
    started,
    typecheck.ok,
    typecheck.ok
      ? `${typecheck.files} files, no errors (${typecheck.config})`
      : `${typecheck.errors} error${typecheck.errors === 1 ? '' : 's'}: ${typecheck.diagnostics.join('; ')}`,
  );
  if (!typecheck.ok) return report();

  started = now();
  let after: ProgramCapture;
  try {
    const capture = input.capture ?? capturePulumiProgram;
    after = await capture(input.programDir, { stack: input.baseline.stack, timeoutMs: input.timeoutMs });
  } catch (error) {
    if (!isSweepError(error)) throw error;
    record('mocks', started, false, firstLines(error.message, 6));
    return report();
  }
  if (after.resources.length === 0) {
    record('mocks', started, false, `the program registers no resources (${input.baseline.resources.length} before)`);
    return report();
  }
  record('mocks', started, true, `${after.resources.length} resources registered (${input.baseline.resources.length} before) in ${after.durationMs} ms`);

  started = now();
  const [before, evaluated] = await Promise.all([
    evaluateBaseline(cache, input.baseline, input.rules, input.runnerOptions),
    evaluateCapture(after, input.rules, input.runnerOptions),
  ]);
  const policies = comparePolicies(input.targets, input.intended, before, evaluated);
  record('policies', started, policies.ok, policies.detail, policies.reason);

  started = now();
  const diff = diffCaptures(input.baseline, after, input.intended);
  propertyDiff = diff.propertyDiff;
  record('diff', started, diff.ok, diff.detail, diff.reason);
  return report();
}
