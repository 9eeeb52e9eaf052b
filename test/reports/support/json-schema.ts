/**
 * A small JSON Schema validator (draft-04/07) for exactly the keywords the fixtures under
 * test/fixtures/reports use. It returns every error with its JSON pointer, so a failing test says
 * which result or observation broke which rule.
 */
import { readFileSync } from 'node:fs';

type Schema = Record<string, any> | boolean;

export interface SchemaError {
  path: string;
  message: string;
}

const FORMATS: Record<string, (value: string) => boolean> = {
  // RFC 3339 date-time with a required offset.
  'date-time': (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
  uri: (v) => /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$/.test(v),
  // A URI reference: no whitespace, no raw backslashes; relative references allowed.
  'uri-reference': (v) => !/[\s\\]/.test(v),
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

export function createValidator(root: Record<string, any>): (value: unknown) => SchemaError[] {
  const patterns = new Map<string, RegExp>();
  const regex = (pattern: string) => {
    let compiled = patterns.get(pattern);
    if (!compiled) {
      compiled = new RegExp(pattern, 'u');
      patterns.set(pattern, compiled);
    }
    return compiled;
  };
  const resolve = (ref: string): Schema => {
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported (got ${ref})`);
    let node: any = root;
    for (const part of ref.slice(2).split('/')) node = node?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
    return node;
  };

  function validate(schema: Schema, value: unknown, path: string, errors: SchemaError[]): void {
    if (schema === true) return;
    if (schema === false) {
      errors.push({ path, message: 'no value is allowed here' });
      return;
    }
    if (schema.$ref) {
      validate(resolve(schema.$ref), value, path, errors);
      return;
    }
    if (schema.type !== undefined) {
      const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (!types.some((t) => matchesType(value, t))) {
        errors.push({ path, message: `expected ${types.join(' or ')}, got ${typeOf(value)}` });
        return;
      }
    }
    if (schema.enum && !schema.enum.some((option: unknown) => option === value)) {
      errors.push({ path, message: `${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}` });
    }
    if (typeof value === 'string') {
      if (schema.pattern && !regex(schema.pattern).test(value)) errors.push({ path, message: `${JSON.stringify(value)} does not match ${schema.pattern}` });
      if (schema.format && FORMATS[schema.format] && !FORMATS[schema.format](value)) {
        errors.push({ path, message: `${JSON.stringify(value)} is not a valid ${schema.format}` });
      }
    }
    if (typeof value === 'number') {
      if (schema.minimum !== undefined && value < schema.minimum) errors.push({ path, message: `${value} < minimum ${schema.minimum}` });
      if (schema.maximum !== undefined && value > schema.maximum) errors.push({ path, message: `${value} > maximum ${schema.maximum}` });
    }
    if (Array.isArray(value)) {
      if (schema.minItems !== undefined && value.length < schema.minItems) errors.push({ path, message: `fewer than ${schema.minItems} items` });
      if (schema.uniqueItems) {
        const seen = new Set(value.map((item) => JSON.stringify(item)));
        if (seen.size !== value.length) errors.push({ path, message: 'items are not unique' });
      }
      if (schema.items) value.forEach((item, i) => validate(schema.items, item, `${path}/${i}`, errors));
    }
    if (typeOf(value) === 'object') {
      const object = value as Record<string, unknown>;
      for (const key of schema.required ?? []) if (!(key in object)) errors.push({ path, message: `missing required property "${key}"` });
      const properties: Record<string, Schema> = schema.properties ?? {};
      for (const [key, child] of Object.entries(object)) {
        const childPath = `${path}/${escapePointer(key)}`;
        if (key in properties) validate(properties[key], child, childPath, errors);
        else if (schema.additionalProperties === false) errors.push({ path, message: `property "${key}" is not allowed` });
        else if (typeof schema.additionalProperties === 'object') validate(schema.additionalProperties, child, childPath, errors);
      }
    }
    if (schema.allOf) for (const sub of schema.allOf) validate(sub, value, path, errors);
    if (schema.anyOf && !schema.anyOf.some((sub: Schema) => check(sub, value, path).length === 0)) {
      errors.push({ path, message: `matches none of anyOf: ${check(schema.anyOf[0], value, path)[0]?.message ?? ''}` });
    }
    if (schema.oneOf && schema.oneOf.filter((sub: Schema) => check(sub, value, path).length === 0).length !== 1) {
      errors.push({ path, message: 'does not match exactly one of oneOf' });
    }
  }

  function check(schema: Schema, value: unknown, path: string): SchemaError[] {
    const errors: SchemaError[] = [];
    validate(schema, value, path, errors);
    return errors;
  }

  return (value) => check(root, value, '');
}

export function loadSchema(relativeToRepo: string): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`../../../${relativeToRepo}`, import.meta.url), 'utf8'));
}
