/**
 * Applies one property change to a resource declaration's argument object in TypeScript source.
 * The path is followed through object and array literals in the code; the change lands on the
 * deepest node the path reaches. What may be edited:
 * - a property or element whose current code is a pure literal (see literal.ts) is replaced or
 *   removed; one computed by code (`tags(...)`, `vpnCidr`, `` `${env}-x` ``) is not, since the
 *   replacement would drop that logic (`computed-value`);
 * - a missing property is added (missing parent objects are created), unless a spread or computed
 *   key in that object could be what supplies it (`spread-argument`);
 * - a property followed by a spread is not edited: the spread may override it (`spread-argument`).
 */
import { Node, type ArrayLiteralExpression, type Expression, type NewExpression, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';
import { decline, isDecline, type Decline } from './decline.ts';
import { pathText, type PropertyChange, type PropertyPath } from './diff.ts';
import { isPureLiteral, render, staticPropertyName, unwrap, type RenderStyle } from './literal.ts';
import { applyEdits, indentAt, insertItem, removeItem, type ListShape, type TextEdit } from './text-edit.ts';

export interface EditContext {
  style: RenderStyle;
  /** `database.ts:53 ("analytics-db")`: how reasons name the declaration. */
  where: string;
}

type Container = ObjectLiteralExpression | ArrayLiteralExpression;

function listShape(node: Container): ListShape {
  const items = Node.isObjectLiteralExpression(node) ? node.getProperties() : node.getElements();
  return {
    open: node.getStart(),
    close: node.getEnd() - 1,
    items: items.map((item) => ({ start: item.getStart(), end: item.getEnd() })),
  };
}

interface PropertyLookup {
  /** Index among the object's members of the last member with this name. */
  index: number;
  member?: Node;
  /** A spread or computed key after the match (or anywhere, with no match) that may set the key. */
  opaque?: Node;
}

function isOpaqueMember(member: Node): boolean {
  if (Node.isSpreadAssignment(member)) return true;
  return staticPropertyName(member) === undefined;
}

function lookup(object: ObjectLiteralExpression, key: string): PropertyLookup {
  const members = object.getProperties();
  let index = -1;
  for (let i = 0; i < members.length; i++) if (staticPropertyName(members[i]) === key) index = i;
  const opaque = members.slice(index + 1).find(isOpaqueMember);
  return { index, member: index < 0 ? undefined : members[index], opaque };
}

function opaqueReason(opaque: Node, path: PropertyPath, context: EditContext): Decline {
  const what = Node.isSpreadAssignment(opaque) ? `the spread \`${opaque.getText()}\`` : `the computed member \`${opaque.getText().slice(0, 60)}\``;
  return decline('spread-argument', `${context.where}: ${pathText(path)} may come from ${what}, so editing the literal would not decide its value`);
}

function computedReason(node: Node, path: PropertyPath, context: EditContext): Decline {
  const code = node.getText().replace(/\s+/g, ' ');
  return decline(
    'computed-value',
    `${context.where}: ${pathText(path)} is computed by \`${code.length > 80 ? `${code.slice(0, 77)}...` : code}\`; replacing it with a literal would drop that logic`,
  );
}

/** The value to write when the path's tail (string keys only) does not exist in code yet. */
function nestedValue(keys: PropertyPath, value: unknown): unknown | undefined {
  let out = value;
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i];
    if (typeof key !== 'string') return undefined;
    out = { [key]: out };
  }
  return out;
}

function renderProperty(key: string, value: unknown, style: RenderStyle): (indent: string) => string {
  const name = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : render(key, style);
  return (indent) => `${name}: ${render(value, style, indent)}`;
}

/** Edits for one change inside the argument object, or why it cannot be made. */
function editsFor(text: string, args: ObjectLiteralExpression, change: PropertyChange, context: EditContext): TextEdit[] | Decline {
  const { path } = change;
  const { style } = context;
  let container: Container = args;
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth];
    const last = depth === path.length - 1;
    const here = path.slice(0, depth + 1);

    if (Node.isObjectLiteralExpression(container)) {
      if (typeof segment !== 'string') return computedReason(container, here, context);
      const found = lookup(container, segment);
      if (found.opaque) return opaqueReason(found.opaque, here, context);
      if (!found.member) {
        if (change.kind === 'remove') return []; // Already absent from the code.
        const value = change.kind === 'insert' ? undefined : nestedValue(path.slice(depth + 1), change.after);
        if (value === undefined) {
          return decline('computed-value', `${context.where}: the code does not spell out ${pathText(here)}, so ${pathText(path)} has nowhere to go`);
        }
        return insertItem(text, listShape(container), container.getProperties().length, renderProperty(segment, value, style), style.unit);
      }
      if (!Node.isPropertyAssignment(found.member)) return computedReason(found.member, here, context);
      const initializer = found.member.getInitializerOrThrow();
      if (last) {
        if (!isPureLiteral(initializer)) return computedReason(initializer, here, context);
        if (change.kind === 'remove') return [removeItem(text, listShape(container), found.index)];
        if (change.kind === 'insert') return computedReason(initializer, here, context);
        const inner = unwrap(initializer);
        return [{ start: inner.getStart(), end: inner.getEnd(), text: render(change.after, style, indentAt(text, inner.getStart())) }];
      }
      const next = unwrap(initializer);
      if (!Node.isObjectLiteralExpression(next) && !Node.isArrayLiteralExpression(next)) return computedReason(initializer, here, context);
      container = next;
      continue;
    }

    // An array literal: elements are addressed by index, which a spread before them shifts.
    if (typeof segment !== 'number') return computedReason(container, here, context);
    const elements = container.getElements();
    const spread = elements.slice(0, Math.min(segment + 1, elements.length)).find((element) => Node.isSpreadElement(element));
    if (spread) return opaqueReason(spread, here, context);
    if (last && change.kind === 'insert') {
      if (segment > elements.length) return computedReason(container, here, context);
      return insertItem(text, listShape(container), segment, (indent) => render(change.after, style, indent), style.unit);
    }
    const element = elements[segment];
    if (!element || Node.isOmittedExpression(element)) return computedReason(container, here, context);
    if (last) {
      if (!isPureLiteral(element as Expression)) return computedReason(element, here, context);
      if (change.kind === 'remove') return [removeItem(text, listShape(container), segment)];
      const inner = unwrap(element as Expression);
      return [{ start: inner.getStart(), end: inner.getEnd(), text: render(change.after, style, indentAt(text, inner.getStart())) }];
    }
    const next = unwrap(element as Expression);
    if (!Node.isObjectLiteralExpression(next) && !Node.isArrayLiteralExpression(next)) return computedReason(element, here, context);
    container = next;
  }
  // An empty path: the whole argument bag, which diffProps never produces.
  return computedReason(args, path, context);
}

/**
 * The argument object of the declaration, or why there is none to edit. A declaration without
 * one (`new aws.s3.Bucket("x")`) gets an empty `{}` added first, returned as new text.
 */
export function argumentObject(expression: NewExpression, context: EditContext): ObjectLiteralExpression | { text: string } | Decline {
  const args = expression.getArguments();
  const bag = args[1];
  if (!bag) {
    const first = args[0];
    if (!first) return decline('args-not-literal', `${context.where}: the declaration has no arguments`);
    const text = expression.getSourceFile().getFullText();
    return { text: `${text.slice(0, first.getEnd())}, {}${text.slice(first.getEnd())}` };
  }
  const object = Node.isExpression(bag) ? unwrap(bag) : undefined;
  if (object && Node.isObjectLiteralExpression(object)) return object;
  const code = bag.getText().replace(/\s+/g, ' ');
  return decline(
    'args-not-literal',
    `${context.where}: the resource's arguments are \`${code.length > 60 ? `${code.slice(0, 57)}...` : code}\`, not an object literal; the fix would have to edit whatever builds them`,
  );
}

/** The new file text with the change applied to the declaration starting at `start`, or why not. */
export function applyChange(
  parse: (text: string) => SourceFile,
  text: string,
  start: number,
  change: PropertyChange,
  context: EditContext,
): string | Decline {
  let current = text;
  for (let attempt = 0; attempt < 2; attempt++) {
    const sourceFile = parse(current);
    const expression = sourceFile.getDescendants().find((node): node is NewExpression => Node.isNewExpression(node) && node.getStart() === start);
    if (!expression) return decline('edit-failed', `${context.where}: lost track of the declaration while editing`);
    const args = argumentObject(expression, context);
    if (isDecline(args)) return args;
    if (!Node.isNode(args)) {
      current = args.text;
      continue;
    }
    const edits = editsFor(current, args, change, context);
    if (!Array.isArray(edits)) return edits;
    return applyEdits(current, edits);
  }
  return decline('edit-failed', `${context.where}: could not add an argument object`);
}
