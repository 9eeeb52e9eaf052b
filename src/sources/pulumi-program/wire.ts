/**
 * Turns the engine wire format (the protobuf Struct a RegisterResourceRequest carries, as plain
 * JavaScript) into the plain JSON a stack export holds. Decoding the wire format ourselves, rather
 * than calling @pulumi/pulumi's deserializeProperties, keeps secrets visible as envelopes (so they
 * can be replaced here, inside the child, before anything leaves it) and keeps this module free of
 * a runtime dependency on whichever @pulumi/pulumi copy the program loaded.
 */
import { PULUMI_SECRET_SIG_VALUE, PULUMI_SECRET_SIGNATURE, SECRET_MARKER } from '../resource.ts';

/** Signature values from @pulumi/pulumi runtime/rpc.ts (part of the engine protocol). */
const RESOURCE_REFERENCE_SIG = '5cf8f73096256a8f31e491e813e4eb8e';
const OUTPUT_VALUE_SIG = 'd0e6a833031e9bbcd3f4e8bde6ca49a4';
const UNKNOWN_VALUE = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

export function fromWire(value: unknown): unknown {
  if (value === UNKNOWN_VALUE) return undefined;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(fromWire);
  const record = value as Record<string, unknown>;
  const signature = record[PULUMI_SECRET_SIGNATURE];
  if (signature === PULUMI_SECRET_SIG_VALUE) return SECRET_MARKER;
  if (signature === RESOURCE_REFERENCE_SIG) {
    // A resource passed as an input: custom resources are referred to by id, components by urn.
    const id = fromWire(record.id);
    return typeof id === 'string' && id !== '' ? id : record.urn;
  }
  if (signature === OUTPUT_VALUE_SIG) return record.secret === true ? SECRET_MARKER : fromWire(record.value);
  const plain: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    const next = fromWire(item);
    if (next !== undefined) plain[key] = next;
  }
  return plain;
}

export function propsFromWire(value: unknown): Record<string, unknown> {
  const plain = fromWire(value);
  return typeof plain === 'object' && plain !== null && !Array.isArray(plain) ? (plain as Record<string, unknown>) : {};
}
