/**
 * Deploy-time remediation (a policy configured `enforcementLevel: remediate`) with the library's
 * own `remediateResource` functions.
 *
 * @pulumi/policy 1.21 hands a remediation its inputs behind two proxies, unknown-checking over
 * secrets-preserving. The secrets one breaks every species-creating Array method the library's
 * fixes use (`map`, `filter`, `slice`): "'get' on proxy: property 'prototype' is a read-only and
 * non-configurable data property" (pulumi-policy#442 fixed only the unknown-checking proxy). So
 * the pack gives each remediation a plain copy of the inputs, with secrets unwrapped, and marks
 * secret again, in the result, whatever was secret in the inputs. Unknown preview values stay the
 * engine's sentinel strings, which travel back to the engine unchanged.
 */
import { Secret, type ResourceRemediation, type ResourceValidationArgs } from '@pulumi/policy';

// @pulumi/policy's `getSpecialProxyTarget` (proxy.ts, internal): the key both its proxies answer
// with their target, and what its own serializer uses to unwrap them.
const PROXY_TARGET = '__getSpecialProxyTarget';

function unproxied(value: unknown): unknown {
  let current = value;
  // Two layers today; the bound only guards against a proxy that answers with itself.
  for (let depth = 0; depth < 8 && current !== null && typeof current === 'object'; depth++) {
    const target = (current as Record<string, unknown>)[PROXY_TARGET];
    if (target === undefined || target === current) break;
    current = target;
  }
  return current;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Arrays and plain objects copied, secrets unwrapped; assets, archives and primitives as they are. */
export function plainCopy(value: unknown): unknown {
  const raw = unproxied(value);
  if (raw instanceof Secret) return plainCopy(raw.value);
  if (Array.isArray(raw)) return raw.map(plainCopy);
  if (isPlainObject(raw)) return Object.fromEntries(Object.entries(raw).map(([key, item]) => [key, plainCopy(item)]));
  return raw;
}

/** `after`, with every value whose place held a secret in `before` wrapped as a secret again. */
export function keepSecrets(before: unknown, after: unknown): unknown {
  const raw = unproxied(before);
  if (raw instanceof Secret) return after instanceof Secret || after === undefined ? after : new Secret(after);
  if (Array.isArray(raw) && Array.isArray(after)) return after.map((item, i) => keepSecrets(raw[i], item));
  if (isPlainObject(raw) && isPlainObject(after)) {
    return Object.fromEntries(Object.entries(after).map(([key, item]) => [key, keepSecrets(raw[key], item)]));
  }
  return after;
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

/** The remediation, run on a plain copy of the inputs; keeps the type token the server filters on. */
export function plainRemediation(remediate: ResourceRemediation): ResourceRemediation {
  const wrapped: ResourceRemediation = (args: ResourceValidationArgs) => {
    const props = plainCopy(args.props) as Record<string, any>;
    const plainArgs: ResourceValidationArgs = { ...args, props, asType: ((cls: any) => (args.isType(cls) ? props : undefined)) as any };
    const finish = (next: unknown) => (next === undefined ? undefined : (keepSecrets(args.props, next) as Record<string, any>));
    const result = remediate(plainArgs);
    return isPromise(result) ? result.then(finish) : finish(result);
  };
  const type = (remediate as { __pulumiType?: unknown }).__pulumiType;
  return typeof type === 'string' ? Object.assign(wrapped, { __pulumiType: type }) : wrapped;
}
