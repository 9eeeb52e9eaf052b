/**
 * Applies property changes to a Terraform `resource "type" "name" { ... }` block. Pulumi's
 * camelCase names map back to Terraform's snake_case (the bridge's rule, with the plural block
 * names of src/sources/terraform-state/type-table.ts reversed), and nested Pulumi objects map to:
 * - nested blocks the type table lists (`metadata_options { ... }`), or single nested blocks
 *   already present in the file: edited in place, created when missing;
 * - repeated blocks (`ingress { ... }`): an element is found by comparing its scanned values with
 *   each block's literal attributes (Terraform sets have no order the state preserves), and only
 *   edited in place;
 * - attributes holding literals (`tags = { ... }`, `cidr_blocks = [...]`): rewritten whole.
 * Anything else (expressions, `count`/`for_each`, creating repeated blocks, a key that may be a
 * block or an argument) is declined with `hcl-unsupported` or `computed-value`.
 */
import { MAP_ATTRIBUTES, TYPE_TABLE, type BlockShape, type BlockShapes } from '../../sources/terraform-state/type-table.ts';
import { snakeToCamel } from '../../sources/terraform-state/names.ts';
import { decline, isDecline, type Decline } from './decline.ts';
import { deepEqual, isPlainObject, pathText, type PropertyChange, type PropertyPath } from './diff.ts';
import { hclLiteral, lineNumberOf, parseHcl, renderHcl, type HclAttribute, type HclBlock, type HclItem } from './hcl.ts';
import { applyEdits, indentAt, isTrivia, lineEndOf, lineStartOf, startsLine, type TextEdit } from './text-edit.ts';

export interface HclTarget {
  /** The Terraform resource name (`analytics`), or an address ending in it (`aws_db_instance.analytics`). */
  name: string;
  /** The file, as named in reasons. */
  path: string;
  line?: number;
  /** The scanned (Pulumi-shaped) props: repeated blocks are matched against them. */
  before: Record<string, unknown>;
}

function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (char) => `_${char.toLowerCase()}`);
}

/** The Terraform name for a Pulumi property at this level, or undefined when the mapping is not certain. */
function terraformName(key: string, shapes: BlockShapes | undefined): string | undefined {
  for (const [name, shape] of Object.entries(shapes ?? {})) if (shape.name === key) return name;
  const snake = camelToSnake(key);
  return snakeToCamel(snake) === key ? snake : undefined;
}

function shortName(name: string): string {
  const tail = name.slice(name.lastIndexOf('.') + 1);
  return tail.replace(/\[[^\]]*\]$/, '');
}

function resourceBlocks(items: HclItem[]): HclBlock[] {
  return items.filter((item): item is HclBlock => item.kind === 'block' && item.type === 'resource' && item.labels.length === 2);
}

/** The resource block for the target: by name, the scan's line choosing among namesakes of different types. */
export function findResourceBlock(text: string, items: HclItem[], target: Pick<HclTarget, 'name' | 'path' | 'line'>): HclBlock | Decline {
  const name = shortName(target.name);
  const candidates = resourceBlocks(items).filter((block) => block.labels[1] === name);
  if (candidates.length === 0) return decline('no-declaration', `no resource block named "${name}" in ${target.path}`);
  if (candidates.length === 1) return candidates[0];
  const line = target.line;
  const atLine = line === undefined ? [] : candidates.filter((block) => lineNumberOf(text, block.start) === line);
  if (atLine.length === 1) return atLine[0];
  return decline('no-declaration', `${target.path} has ${candidates.length} resource blocks named "${name}" and none at line ${line ?? '(none given)'}`);
}

function attributesOf(block: HclBlock, name: string): HclAttribute[] {
  return block.items.filter((item): item is HclAttribute => item.kind === 'attribute' && item.name === name);
}

function blocksOf(block: HclBlock, type: string): HclBlock[] {
  return block.items.filter((item): item is HclBlock => item.kind === 'block' && item.type === type);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b) && a.every((x) => typeof x !== 'object') && b.every((x) => typeof x !== 'object')) {
    // Terraform sets come back from state in their own order.
    return deepEqual([...a].map(String).sort(), [...b].map(String).sort());
  }
  return deepEqual(a, b);
}

/** The one repeated block whose literal attributes all agree with the scanned element. */
function matchElement(text: string, blocks: HclBlock[], element: unknown, shapes: BlockShapes | undefined): HclBlock | undefined {
  if (!isPlainObject(element)) return undefined;
  const matches = blocks.filter((block) => {
    let compared = 0;
    for (const item of block.items) {
      if (item.kind !== 'attribute') continue;
      const parsed = hclLiteral(text, item.valueStart, item.valueEnd);
      if (!parsed.literal) continue;
      const key = shapes?.[item.name]?.name ?? snakeToCamel(item.name);
      if (!sameValue(element[key], parsed.value)) return false;
      compared++;
    }
    return compared > 0;
  });
  return matches.length === 1 ? matches[0] : undefined;
}

function nestedValue(keys: PropertyPath, value: unknown): unknown | undefined {
  let out = value;
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i];
    if (typeof key !== 'string') return undefined;
    out = { [key]: out };
  }
  return out;
}

/** The change applied to a plain value (the literal of an attribute), or undefined when the path does not fit it. */
function changeValue(value: unknown, path: PropertyPath, change: PropertyChange): { value: unknown } | undefined {
  if (path.length === 0) return change.kind === 'remove' ? { value: undefined } : { value: change.after };
  const [head, ...rest] = path;
  if (Array.isArray(value) && typeof head === 'number') {
    const copy = [...value];
    if (rest.length === 0 && change.kind === 'insert') copy.splice(head, 0, change.after);
    else if (rest.length === 0 && change.kind === 'remove') copy.splice(head, 1);
    else {
      const inner = changeValue(copy[head], rest, change);
      if (!inner) return undefined;
      copy[head] = inner.value;
    }
    return { value: copy };
  }
  if (isPlainObject(value) && typeof head === 'string') {
    const inner = changeValue(value[head], rest, change);
    if (!inner) return undefined;
    const copy = { ...value };
    if (inner.value === undefined) delete copy[head];
    else copy[head] = inner.value;
    return { value: copy };
  }
  if (value === undefined && typeof head === 'string' && change.kind === 'set') {
    const nested = nestedValue(rest, change.after);
    return nested === undefined ? undefined : { value: { [head]: nested } };
  }
  return undefined;
}

function hasObjects(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => typeof item === 'object' && item !== null);
  return false;
}

interface Style {
  unit: string;
}

/** Lines of a new nested block for a Pulumi object, or a reason it cannot be written as one. */
function blockLines(name: string, value: Record<string, unknown>, shape: BlockShape | undefined, indent: string, style: Style): string[] | string {
  const inner = indent + style.unit;
  const attributes: [string, string][] = [];
  const blocks: string[][] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const tfName = terraformName(key, shape?.blocks);
    if (!tfName) return `cannot map "${key}" to a Terraform name`;
    const subShape = shape?.blocks?.[tfName];
    if (isPlainObject(item) && !MAP_ATTRIBUTES.has(tfName)) {
      if (!subShape) return `cannot tell whether "${tfName}" is a block or an argument`;
      const lines = blockLines(tfName, item, subShape, inner, style);
      if (typeof lines === 'string') return lines;
      blocks.push(lines);
    } else if (hasObjects(item)) {
      if (!subShape || subShape.single) return `cannot write the list "${tfName}" as blocks`;
      for (const element of item as unknown[]) {
        if (!isPlainObject(element)) return `"${tfName}" mixes blocks and values`;
        const lines = blockLines(tfName, element, subShape, inner, style);
        if (typeof lines === 'string') return lines;
        blocks.push(lines);
      }
    } else {
      attributes.push([tfName, renderHcl(item)]);
    }
  }
  // terraform fmt aligns the `=` of consecutive one-line arguments.
  const width = Math.max(0, ...attributes.map(([key]) => key.length));
  const lines = [`${indent}${name} {`, ...attributes.map(([key, text]) => `${inner}${key.padEnd(width)} = ${text}`)];
  for (const block of blocks) lines.push(...(lines.length > 1 ? [''] : []), ...block);
  lines.push(`${indent}}`);
  return lines;
}

function itemEnd(item: HclItem): number {
  return item.kind === 'attribute' ? item.valueEnd : item.close + 1;
}

function bodyIndent(text: string, block: HclBlock, style: Style): string {
  const first = block.items[0];
  return first ? indentAt(text, first.start) : indentAt(text, block.start) + style.unit;
}

function oneLine(text: string, block: HclBlock): boolean {
  return !text.slice(block.open, block.close).includes('\n');
}

/** Inserts `key = value` after the block's last argument (aligned with it), or first in the block. */
function insertAttribute(text: string, block: HclBlock, name: string, value: unknown, style: Style, where: string): TextEdit | Decline {
  if (oneLine(text, block)) return decline('hcl-unsupported', `${where}: the one-line block "${block.type}" cannot take a second argument`);
  const indent = bodyIndent(text, block, style);
  const attributes = block.items.filter((item): item is HclAttribute => item.kind === 'attribute');
  const last = attributes.at(-1);
  let key = name;
  if (last) {
    const column = last.equals - lineStartOf(text, last.equals);
    const nameEnd = last.start + last.name.length;
    if (last.equals > nameEnd + 1 && indent.length + name.length < column) key = name.padEnd(column - indent.length - 1);
  }
  const at = last ? lineEndOf(text, last.valueEnd) : lineEndOf(text, block.open);
  return { start: at, end: at, text: `\n${indent}${key} = ${renderHcl(value)}` };
}

function insertBlock(text: string, block: HclBlock, name: string, value: Record<string, unknown>, shape: BlockShape | undefined, style: Style, where: string): TextEdit | Decline {
  if (oneLine(text, block)) return decline('hcl-unsupported', `${where}: the one-line block "${block.type}" cannot take a nested block`);
  const lines = blockLines(name, value, shape, bodyIndent(text, block, style), style);
  if (typeof lines === 'string') return decline('hcl-unsupported', `${where}: ${lines}`);
  const last = block.items.at(-1);
  const at = last ? lineEndOf(text, itemEnd(last)) : lineEndOf(text, block.open);
  return { start: at, end: at, text: `${last ? '\n' : ''}\n${lines.join('\n')}` };
}

function removeAttribute(text: string, attribute: HclAttribute, where: string): TextEdit | Decline {
  const end = lineEndOf(text, attribute.valueEnd);
  if (!startsLine(text, attribute.start) || !isTrivia(text.slice(attribute.valueEnd, end), true)) {
    return decline('hcl-unsupported', `${where}: "${attribute.name}" shares its line with other code`);
  }
  return { start: lineStartOf(text, attribute.start), end: Math.min(end + 1, text.length), text: '' };
}

/** The edit for one change inside the resource block. */
function editFor(text: string, resource: HclBlock, change: PropertyChange, before: Record<string, unknown>, style: Style, where: string): TextEdit | Decline {
  const shapes = TYPE_TABLE[resource.labels[0]]?.blocks;
  let block = resource;
  let blockShapes: BlockShapes | undefined = shapes;
  let scanned: unknown = before;
  const path = change.path;
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth];
    const here = path.slice(0, depth + 1);
    if (typeof segment !== 'string') return decline('hcl-unsupported', `${where}: cannot address ${pathText(here)} in the block`);
    const tfName = terraformName(segment, blockShapes);
    if (!tfName) return decline('hcl-unsupported', `${where}: cannot map ${pathText(here)} to a Terraform name`);
    const rest = path.slice(depth + 1);
    const attributes = attributesOf(block, tfName);
    const nested = blocksOf(block, tfName);
    const shape = blockShapes?.[tfName];

    if (attributes.length > 0) {
      const attribute = attributes[attributes.length - 1];
      const parsed = hclLiteral(text, attribute.valueStart, attribute.valueEnd);
      const code = text.slice(attribute.valueStart, attribute.valueEnd).replace(/\s+/g, ' ');
      if (!parsed.literal) return decline('computed-value', `${where}: ${tfName} is computed by \`${code.slice(0, 80)}\`; replacing it with a literal would drop that logic`);
      if (!MAP_ATTRIBUTES.has(tfName) && (isPlainObject(parsed.value) || hasObjects(parsed.value)) && rest.length > 0) {
        return decline('hcl-unsupported', `${where}: ${tfName} holds objects written as an argument; edit it by hand`);
      }
      const changed = changeValue(parsed.value, rest, change);
      if (!changed) return decline('hcl-unsupported', `${where}: ${pathText(change.path)} does not fit the value of ${tfName}`);
      if (changed.value === undefined) return removeAttribute(text, attribute, where);
      return { start: attribute.valueStart, end: attribute.valueEnd, text: renderHcl(changed.value) };
    }

    if (nested.length > 0) {
      if (rest.length === 0) return decline('hcl-unsupported', `${where}: replacing or removing the "${tfName}" block(s) whole is left to a person`);
      const next = rest[0];
      if (typeof next === 'number') {
        const element = Array.isArray(record(scanned)?.[segment]) ? (record(scanned)![segment] as unknown[])[next] : undefined;
        const match = matchElement(text, nested, element, shape?.blocks);
        if (!match) return decline('hcl-unsupported', `${where}: cannot tell which "${tfName}" block is ${pathText(path.slice(0, depth + 2))}`);
        if (rest.length === 1) return decline('hcl-unsupported', `${where}: adding or removing "${tfName}" blocks is left to a person`);
        block = match;
        scanned = element;
        depth++;
      } else {
        if (nested.length > 1) return decline('hcl-unsupported', `${where}: "${tfName}" is repeated; cannot tell which one to edit`);
        block = nested[0];
        scanned = record(scanned)?.[segment];
      }
      blockShapes = shape?.blocks;
      continue;
    }

    // Neither an argument nor a block of that name: add one (or nothing to remove).
    if (change.kind === 'remove') return { start: 0, end: 0, text: '' };
    if (change.kind === 'insert') return decline('hcl-unsupported', `${where}: cannot add an element to ${pathText(here)}, which the block does not set`);
    const value = nestedValue(rest, change.after);
    if (value === undefined) return decline('hcl-unsupported', `${where}: cannot create ${pathText(change.path)}`);
    if (isPlainObject(value) && !MAP_ATTRIBUTES.has(tfName)) {
      if (!shape) {
        return decline('hcl-unsupported', `${where}: cannot tell whether "${tfName}" is a block or an argument of ${resource.labels[0]}`);
      }
      return insertBlock(text, block, tfName, value, shape, style, where);
    }
    if (hasObjects(value)) return decline('hcl-unsupported', `${where}: creating repeated "${tfName}" blocks is left to a person`);
    return insertAttribute(text, block, tfName, value, style, where);
  }
  return decline('hcl-unsupported', `${where}: nothing to edit`);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return isPlainObject(value) ? value : undefined;
}

function blockAddress(block: HclBlock): string {
  return `${block.labels[0]}.${block.labels[1]}`;
}

function indentUnitOf(text: string): string {
  const match = /\n([ \t]+)\S/.exec(text);
  return match?.[1].startsWith('\t') ? '\t' : match ? match[1] : '  ';
}

/** The file text with all changes applied to the target's resource block, or why not. */
export function applyHclChanges(text: string, target: HclTarget, changes: readonly PropertyChange[]): string | Decline {
  const style: Style = { unit: indentUnitOf(text) };
  let current = text;
  let scanned = target.before;
  for (const change of changes) {
    let items: HclItem[];
    try {
      items = parseHcl(current);
    } catch (error) {
      return decline('edit-failed', `${target.path} is not valid HCL: ${error instanceof Error ? error.message : String(error)}`);
    }
    const block = findResourceBlock(current, items, target);
    if (isDecline(block)) return block;
    const where = `${target.path}:${lineNumberOf(current, block.start)} (${blockAddress(block)})`;
    const meta = block.items.find((item) => item.kind === 'attribute' && (item.name === 'count' || item.name === 'for_each'));
    if (meta) return decline('computed-value', `${where} uses ${(meta as HclAttribute).name}: one edit would change every instance`);
    const edit = editFor(current, block, change, scanned, style, where);
    if (isDecline(edit)) return edit;
    current = applyEdits(current, [edit]);
    // Later changes find their blocks by content, which now includes this change.
    scanned = (changeValue(scanned, change.path, change)?.value as Record<string, unknown> | undefined) ?? scanned;
  }
  return current;
}
