/**
 * Terraform records which attributes are sensitive per instance, in `sensitive_attributes`; the
 * values themselves sit in plain text beside them. Every such value is replaced by SECRET_MARKER
 * here, on the raw attributes and before anything else reads them.
 *
 * Forms read:
 * - state v4 as written by Terraform ≥ 0.15 (`statefile/version4.go` marshalPaths): a list of
 *   paths, each a list of steps `{"type":"get_attr","value":"password"}` or
 *   `{"type":"index","value":{"value":0,"type":"number"}}` (the key as cty JSON with its type);
 *   a bare index key (`"value":0`) is accepted too;
 * - the object mask `terraform show -json` writes as `sensitive_values` (`{"password":true}`),
 *   accepted in the same field because hand-converted states carry it.
 * A step or shape we cannot follow redacts everything under the point it reaches: an unreadable
 * path must never leave its secret in place.
 *
 * Safety net (redactByName): values of attributes named like secrets (password, secret,
 * private_key) are redacted whatever the state says, because providers do not always mark them
 * (older schemas, provider bugs) and a state edited by hand may have lost its marks. Only strings are
 * touched, so settings such as `minimum_password_length` (a number) stay readable for policies, and
 * references (`secret_id`, `*_arn`, `*_name`) are left alone: they name a secret, they are not one.
 */
import { SECRET_MARKER } from '../resource.ts';

type Container = Record<string, unknown> | unknown[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

/** The container key a step addresses, or undefined when the step is not one we can follow. */
function stepKey(step: unknown): string | number | undefined {
  if (!isRecord(step)) return undefined;
  if (step.type === 'get_attr') return typeof step.value === 'string' ? step.value : undefined;
  if (step.type !== 'index') return undefined;
  const key = isRecord(step.value) && 'value' in step.value ? step.value.value : step.value;
  return typeof key === 'string' || typeof key === 'number' ? key : undefined;
}

function read(container: Container, key: string | number): unknown {
  if (Array.isArray(container)) return typeof key === 'number' ? container[key] : undefined;
  return Object.hasOwn(container, key) ? container[key] : undefined;
}

function write(container: Container, key: string | number, value: unknown): void {
  if (Array.isArray(container)) {
    if (typeof key === 'number') container[key] = value;
  } else if (Object.hasOwn(container, key)) {
    container[key] = value;
  }
}

/** Replaces every value in a container (used when a path cannot be followed to its end). */
function redactAll(container: Container): void {
  if (Array.isArray(container)) container.fill(SECRET_MARKER);
  else for (const key of Object.keys(container)) container[key] = SECRET_MARKER;
}

function redactPath(attributes: Record<string, unknown>, path: unknown): void {
  if (!Array.isArray(path) || path.length === 0) {
    redactAll(attributes);
    return;
  }
  let container: Container = attributes;
  for (let i = 0; i < path.length; i++) {
    const key = stepKey(path[i]);
    // A set element addressed by value, or a step type from a future Terraform: hide the whole container.
    if (key === undefined || (Array.isArray(container) && typeof key !== 'number')) {
      redactAll(container);
      return;
    }
    const value = read(container, key);
    if (value === undefined || value === null) return;
    if (i === path.length - 1 || !isContainer(value)) {
      write(container, key, SECRET_MARKER);
      return;
    }
    container = value;
  }
}

function redactMask(value: Container, mask: unknown): void {
  if (mask === true) {
    redactAll(value);
    return;
  }
  if (!isContainer(mask)) return;
  for (const [key, submask] of Object.entries(mask)) {
    const index = Array.isArray(value) ? Number(key) : key;
    const item = read(value, index);
    if (item === undefined || item === null || submask === false) continue;
    if (submask === true || !isContainer(item)) write(value, index, SECRET_MARKER);
    else redactMask(item, submask);
  }
}

/** Redacts, in place, every attribute `sensitive_attributes` names. */
export function redactSensitive(attributes: Record<string, unknown>, sensitive: unknown): void {
  if (sensitive === undefined || sensitive === null) return;
  if (Array.isArray(sensitive)) {
    for (const path of sensitive) redactPath(attributes, path);
  } else if (isRecord(sensitive)) {
    redactMask(attributes, sensitive);
  } else {
    redactAll(attributes);
  }
}

const SECRET_NAME = /password|secret|private_?key/i;
// References to secrets are not secrets: `secret_id`, `secret_arn`, `master_user_secret_kms_key_id`
// name the thing, and policies join on them (a rotation's secretId finds its secret).
const REFERENCE_NAME = /(?:_id|_ids|_arn|_arns|_name|_names|Id|Ids|Arn|Arns|Name|Names)$/;

function namesSecret(key: string): boolean {
  return SECRET_NAME.test(key) && !REFERENCE_NAME.test(key);
}

function redactStrings(value: Container): void {
  const keys = Array.isArray(value) ? value.keys() : Object.keys(value);
  for (const key of keys) {
    const item = read(value, key);
    if (typeof item === 'string' && item !== '' && item !== SECRET_MARKER) write(value, key, SECRET_MARKER);
    else if (isContainer(item)) redactStrings(item);
  }
}

/** The safety net: redacts, in place, string values under attributes named like secrets, at any depth. */
export function redactByName(value: Container): void {
  const keys = Array.isArray(value) ? value.keys() : Object.keys(value);
  for (const key of keys) {
    const item = read(value, key);
    if (!isContainer(item) && typeof item !== 'string') continue;
    if (typeof key === 'string' && namesSecret(key)) {
      if (typeof item === 'string') {
        if (item !== '' && item !== SECRET_MARKER) write(value, key, SECRET_MARKER);
      } else {
        redactStrings(item);
      }
    } else if (isContainer(item)) {
      redactByName(item);
    }
  }
}
