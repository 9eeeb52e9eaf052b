/**
 * One Kubernetes object → one canonical resource. Props are the object as @pulumi/kubernetes
 * takes it (apiVersion, kind, metadata, spec, data, rules, ...) without what the cluster writes
 * back: `status`, and the metadata that changes on every write (managedFields, resourceVersion,
 * uid, creationTimestamp, generation) or repeats the object (the last-applied annotation, which
 * for a Secret is its data in plain text). Secrets keep their keys, never their values.
 */
import { SweepError } from '../../errors.ts';
import { SECRET_MARKER, type IacLocation, type Resource } from '../resource.ts';
import { KNOWN_KINDS, splitApiVersion } from './kinds.ts';

export const SOURCE_KIND = 'kubernetes';

export interface ObjectOrigin {
  /** File path or `stdin`, for errors. */
  origin: string;
  cluster: string;
  /** How the object is located: a manifest's file relative to the working directory and its line. */
  iacPath?: string;
  line?: number;
  /** `#<n>` or `line <n>`: where in the input the object is, for errors. */
  where: string;
}

const NOISY_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink', 'deletionTimestamp'];

/** Annotations written by tools on every apply or rollout: they differ between scans without any change. */
const NOISY_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision'];

/** Fields of a Secret (and its `*Data` siblings) whose values are the secret. */
const SECRET_FIELDS = ['data', 'stringData'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function kubernetesScope(cluster: string): string {
  return `${SOURCE_KIND}:${cluster}`;
}

function cleanMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(metadata)) {
    if (!NOISY_METADATA.includes(field)) clean[field] = value;
  }
  if (isRecord(clean.annotations)) {
    const annotations: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(clean.annotations)) {
      if (!NOISY_ANNOTATIONS.includes(name)) annotations[name] = value;
    }
    if (Object.keys(annotations).length > 0) clean.annotations = annotations;
    else delete clean.annotations;
  }
  return clean;
}

function redactValues(value: unknown): unknown {
  if (!isRecord(value)) return value === undefined || value === null ? value : SECRET_MARKER;
  const redacted: Record<string, unknown> = {};
  for (const key of Object.keys(value)) redacted[key] = SECRET_MARKER;
  return redacted;
}

function propsOf(object: Record<string, unknown>, metadata: Record<string, unknown>, isSecret: boolean): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(object)) {
    if (field === 'status') continue;
    if (field === 'metadata') props.metadata = cleanMetadata(metadata);
    else if (isSecret && SECRET_FIELDS.includes(field)) props[field] = redactValues(value);
    else props[field] = value;
  }
  return props;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') out[key] = entry;
  return out;
}

/** Objects the Pulumi Kubernetes provider created carry its annotations or its managed-by label. */
function managedByPulumi(metadata: Record<string, unknown>): boolean {
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  if (labels['app.kubernetes.io/managed-by'] === 'pulumi') return true;
  return isRecord(metadata.annotations) && Object.keys(metadata.annotations).some((name) => name.startsWith('pulumi.com/'));
}

function invalidObject(at: ObjectOrigin, problem: string): SweepError {
  return new SweepError('source-invalid-resource', `${at.origin}: object ${at.where} ${problem}`, {
    hint: 'Pass `kubectl get <kinds> -A -o json` output or Kubernetes manifests; move other YAML (Helm values, Chart.yaml) out of the folder.',
  });
}

/** Maps one object; throws a SweepError naming the input and position when it is not a Kubernetes object. */
export function mapObject(object: unknown, at: ObjectOrigin): Resource {
  if (!isRecord(object)) throw invalidObject(at, 'is not a mapping');
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || apiVersion === '' || typeof kind !== 'string' || kind === '') {
    throw invalidObject(at, 'is not a Kubernetes object: it has no "apiVersion" and "kind"');
  }
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') throw invalidObject(at, `(${kind}) has no metadata.name`);
  const { group, version } = splitApiVersion(apiVersion);
  const known = KNOWN_KINDS.get(`${group}/${kind}`);
  const declared = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  // A namespaced object in a manifest without a namespace lands in `default` when applied.
  const namespace = known ? (known.namespaced ? (declared ?? 'default') : '') : (declared ?? '');
  const scope = kubernetesScope(at.cluster);
  const iac: IacLocation = { kind: managedByPulumi(metadata) ? 'pulumi' : 'none' };
  if (at.iacPath !== undefined) {
    iac.path = at.iacPath;
    iac.line = at.line;
  }
  const resource: Resource = {
    // join() builds one flat string; a template literal leaves a tree of parts that a set of
    // seen keys (one per object of a million-object dump) would hold on to.
    key: [scope, ':', group, '/', kind, '/', namespace, '/', name].join(''),
    type: `kubernetes:${group}/${version}:${kind}`,
    nativeType: kind,
    name,
    provider: 'kubernetes',
    account: at.cluster,
    nativeId: namespace === '' ? name : `${namespace}/${name}`,
    props: propsOf(object, metadata, group === 'core' && kind === 'Secret'),
    tags: stringMap(metadata.labels),
    iac,
    role: 'custom',
    source: SOURCE_KIND,
  };
  if (!known) resource.unknownType = true;
  return resource;
}
