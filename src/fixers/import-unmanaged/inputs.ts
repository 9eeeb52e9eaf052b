/**
 * Which properties a resource class accepts as inputs, read from the installed @pulumi/aws's own
 * declarations: `<module>/<name>.d.ts` holds `<Class>Args`, and nested object types it names
 * (`inputs.ec2.SecurityGroupIngress`) live in `types/input.d.ts`. An unmanaged resource's bag
 * (from AWS Config, a CLI) also holds outputs (`arn`, `ownerId`, `tagsAll`) and fields the
 * provider does not model; writing those into `new X(...)` would not compile, so they are
 * dropped, at every level whose type the declarations describe.
 *
 * `types/input.d.ts` is 5 MB: only the text of the one namespace and interface needed is parsed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ts } from 'ts-morph';
import { isPlainObject } from '../props/diff.ts';

/** Property name → its declared type text. */
export type InputShape = ReadonlyMap<string, string>;

export interface InputSchema {
  /** The class's `Args` properties, or undefined when the SDK has no such resource. */
  resourceInputs(type: string): InputShape | undefined;
  /** The bag with only input properties (recursively where nested types are known), and the paths dropped. */
  filter(type: string, props: Record<string, unknown>): { props: Record<string, unknown>; dropped: string[] } | undefined;
}

export function awsSdkRoot(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('@pulumi/aws/package.json'));
  } catch {
    return undefined;
  }
}

/** `aws:ec2/securityGroup:SecurityGroup` → `{ module: 'ec2', file: 'securityGroup', className: 'SecurityGroup' }`. */
export function tokenParts(type: string): { module: string; file: string; className: string } | undefined {
  const match = /^aws:([A-Za-z0-9]+)\/([A-Za-z0-9]+):([A-Za-z0-9]+)$/.exec(type);
  return match ? { module: match[1], file: match[2], className: match[3] } : undefined;
}

function interfaceMembers(source: string, name: string): InputShape | undefined {
  const file = ts.createSourceFile('shape.d.ts', source, ts.ScriptTarget.Latest, false);
  let members: InputShape | undefined;
  const visit = (node: ts.Node): void => {
    if (members) return;
    if (ts.isInterfaceDeclaration(node) && node.name.text === name) {
      const out = new Map<string, string>();
      for (const member of node.members) {
        if (!ts.isPropertySignature(member) || !member.type) continue;
        const key = ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : undefined;
        if (key !== undefined) out.set(key, member.type.getText(file));
      }
      members = out;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return members;
}

/** The nested input type a property's declared type names (`inputs.ec2.SecurityGroupIngress`), if exactly one. */
function nestedReference(typeText: string): { namespace: string; name: string } | undefined {
  const matches = [...typeText.matchAll(/inputs\.([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)(\.[A-Za-z0-9_]+)?/g)];
  if (matches.length !== 1 || matches[0][3] !== undefined) return undefined;
  return { namespace: matches[0][1], name: matches[0][2] };
}

export function createInputSchema(sdkRoot: string | undefined = awsSdkRoot()): InputSchema {
  const resources = new Map<string, InputShape | undefined>();
  const nested = new Map<string, InputShape | undefined>();
  let inputText: string | undefined;

  function resourceInputs(type: string): InputShape | undefined {
    if (resources.has(type)) return resources.get(type);
    const parts = tokenParts(type);
    const path = parts && sdkRoot ? join(sdkRoot, parts.module, `${parts.file}.d.ts`) : undefined;
    const shape = path && existsSync(path) ? interfaceMembers(readFileSync(path, 'utf8'), `${parts!.className}Args`) : undefined;
    resources.set(type, shape);
    return shape;
  }

  function nestedShape(namespace: string, name: string): InputShape | undefined {
    const key = `${namespace}.${name}`;
    if (nested.has(key)) return nested.get(key);
    let shape: InputShape | undefined;
    const path = sdkRoot ? join(sdkRoot, 'types', 'input.d.ts') : undefined;
    if (path && existsSync(path)) {
      inputText ??= readFileSync(path, 'utf8');
      const start = inputText.indexOf(`\nexport declare namespace ${namespace} {\n`);
      if (start >= 0) {
        const next = inputText.indexOf('\nexport declare namespace ', start + 1);
        const section = inputText.slice(start, next < 0 ? undefined : next);
        const open = section.indexOf(`\n    interface ${name} {\n`);
        const close = open < 0 ? -1 : section.indexOf('\n    }\n', open);
        if (open >= 0 && close >= 0) shape = interfaceMembers(section.slice(open, close + 6), name);
      }
    }
    nested.set(key, shape);
    return shape;
  }

  function filterValue(value: unknown, typeText: string, path: string, dropped: string[]): unknown {
    const reference = nestedReference(typeText);
    const shape = reference && nestedShape(reference.namespace, reference.name);
    if (!shape) return value;
    if (Array.isArray(value)) return value.map((item, i) => (isPlainObject(item) ? filterObject(item, shape, `${path}[${i}]`, dropped) : item));
    return isPlainObject(value) ? filterObject(value, shape, path, dropped) : value;
  }

  function filterObject(object: Record<string, unknown>, shape: InputShape, path: string, dropped: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(object)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      const typeText = shape.get(key);
      if (typeText === undefined) dropped.push(childPath);
      else if (value !== undefined) out[key] = filterValue(value, typeText, childPath, dropped);
    }
    return out;
  }

  return {
    resourceInputs,
    filter(type, props) {
      const shape = resourceInputs(type);
      if (!shape) return undefined;
      const dropped: string[] = [];
      return { props: filterObject(props, shape, '', dropped), dropped };
    },
  };
}
