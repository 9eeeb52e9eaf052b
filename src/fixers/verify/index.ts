/**
 * Verification of a fix before it reaches a pull request: type-check, run under Pulumi mocks,
 * re-run all policies, diff against the pre-fix capture. See verify.ts for the layer order.
 */
export { verifyFix, type VerifyInput } from './verify.ts';
export {
  baselineCapture,
  checkBaseline,
  createBaselineCache,
  defaultBaselineCache,
  programContentHash,
  type BaselineCache,
  type BaselineCheck,
  type BaselineOptions,
  type CaptureFn,
} from './baseline.ts';
export { createTypecheckCache, typecheckProgram, type TypecheckCache, type TypecheckOptions, type TypecheckResult } from './typecheck.ts';
export { deepEqual, diffCaptures, leafDiff, WHOLE_RESOURCE, type DiffResult, type PropertyDiff } from './diff.ts';
export { comparePolicies, evaluateCapture, type CaptureEvaluation, type PolicyComparison } from './policies.ts';
