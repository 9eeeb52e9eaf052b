/**
 * Terraform attributes → a Pulumi input-shaped property bag: camelCase names, `MaxItems: 1` blocks
 * unwrapped from their one-element lists, plural names where Pulumi uses them (type-table.ts), maps
 * of user keys (tags) copied as they are. Unset attributes (`null` in state) are left out, as a
 * Pulumi program leaves out what it does not set.
 *
 * The bag holds every attribute the state records, inputs and computed ones alike (`arn`, `id`,
 * `owner_id` → `ownerId`): state has no marker telling them apart, and policies only read inputs.
 * Blocks of types the table does not describe keep Terraform's list-of-one shape; policy helpers
 * (`record()` in policies/lib/values.ts) read both.
 */
import { DROPPED_ATTRIBUTES, MAP_ATTRIBUTES, type BlockShape, type BlockShapes } from './type-table.ts';
import { snakeToCamel } from './names.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function setProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, not assignment: a `__proto__` key from parsed JSON must stay a plain key.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function convertValue(name: string, value: unknown, shape: BlockShape | undefined): unknown {
  if (MAP_ATTRIBUTES.has(name)) return value;
  if (Array.isArray(value)) {
    if (shape?.single && value.length <= 1) return value.length === 0 ? undefined : convertValue(name, value[0], { blocks: shape.blocks });
    return value.map((item) => (isRecord(item) ? convertObject(item, shape?.blocks) : item));
  }
  if (isRecord(value)) return convertObject(value, shape?.blocks);
  return value;
}

function convertObject(object: Record<string, unknown>, blocks: BlockShapes | undefined, topLevel = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in object) {
    const value = object[key];
    if (value === null || value === undefined || (topLevel && DROPPED_ATTRIBUTES.has(key))) continue;
    const shape = blocks?.[key];
    const converted = convertValue(key, value, shape);
    if (converted !== undefined) setProperty(out, shape?.name ?? snakeToCamel(key), converted);
  }
  return out;
}

/** The Pulumi-shaped bag for a resource's (already redacted) attributes. */
export function toPulumiProps(attributes: Record<string, unknown>, blocks: BlockShapes | undefined): Record<string, unknown> {
  return convertObject(attributes, blocks, true);
}
