/**
 * Values as TypeScript source, and source as values. A fix may only overwrite code that is a
 * plain literal (replacing `tags(...)` or `vpnCidr` with its evaluated value would silently drop
 * the logic that produced it), so `isPureLiteral` is the gate every replacement passes; `render`
 * writes new values in the file's own quote style and indentation.
 */
import { Node, SyntaxKind, ts, type Expression, type SourceFile } from 'ts-morph';
import { isPlainObject } from './diff.ts';

export type Quote = '"' | "'";

/** Code to write verbatim inside a rendered value (`receipts.id`): templates reference variables. */
export class RawCode {
  constructor(readonly code: string) {}
}

export function raw(code: string): RawCode {
  return new RawCode(code);
}

export interface RenderStyle {
  quote: Quote;
  /** One indentation step (`"    "`, `"  "`, `"\t"`). */
  unit: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Past this width an object or array is written one entry per line. */
const INLINE_WIDTH = 120;

/** The quote most string literals in the file use (double when there are none). */
export function quoteStyle(sourceFile: SourceFile): Quote {
  let single = 0;
  let double = 0;
  for (const literal of sourceFile.getDescendantsOfKind(SyntaxKind.StringLiteral)) {
    if (literal.getText().startsWith("'")) single++;
    else double++;
  }
  return single > double ? "'" : '"';
}

/** The indentation step the file uses, from the smallest indentation of any line (4 spaces when flat). */
export function indentUnit(text: string): string {
  let smallest: string | undefined;
  for (const line of text.split('\n')) {
    const match = /^([ \t]+)\S/.exec(line);
    if (!match) continue;
    // Block-comment continuation lines (` * text`) are indented by one space: not a step.
    if (line.trimStart().startsWith('*')) continue;
    if (match[1].startsWith('\t')) return '\t';
    if (smallest === undefined || match[1].length < smallest.length) smallest = match[1];
  }
  return smallest ?? '    ';
}

export function styleOf(sourceFile: SourceFile): RenderStyle {
  return { quote: quoteStyle(sourceFile), unit: indentUnit(sourceFile.getFullText()) };
}

export function quoteString(value: string, quote: Quote): string {
  const json = JSON.stringify(value);
  if (quote === '"') return json;
  // Re-quote JSON's escaping for single quotes: unescape \" and escape '.
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function propertyKey(key: string, quote: Quote): string {
  return IDENTIFIER.test(key) ? key : quoteString(key, quote);
}

/**
 * The value as TypeScript source. `indent` is the indentation of the line the value starts on;
 * nested lines get one more `unit`. Throws on values no literal can express (functions, NaN).
 */
export function render(value: unknown, style: RenderStyle, indent = ''): string {
  if (value instanceof RawCode) return value.code;
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return quoteString(value, style.quote);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a literal`);
    return String(value);
  }
  const inner = indent + style.unit;
  if (Array.isArray(value)) {
    const items = value.map((item) => render(item, style, inner));
    const inline = `[${items.join(', ')}]`;
    if (!inline.includes('\n') && inline.length + indent.length <= INLINE_WIDTH) return inline;
    return `[\n${items.map((item) => `${inner}${item},`).join('\n')}\n${indent}]`;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    const items = entries.map(([key, item]) => `${propertyKey(key, style.quote)}: ${render(item, style, inner)}`);
    const inline = `{ ${items.join(', ')} }`;
    if (!inline.includes('\n') && inline.length + indent.length <= INLINE_WIDTH) return inline;
    return `{\n${items.map((item) => `${inner}${item},`).join('\n')}\n${indent}}`;
  }
  throw new Error(`cannot write a ${typeof value} as a literal`);
}

/** A resource's argument object, one property per line, as declarations are written (`{}` when empty). */
export function renderArguments(args: Record<string, unknown>, style: RenderStyle, indent: string): string {
  const entries = Object.entries(args).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return '{}';
  const inner = indent + style.unit;
  const lines = entries.map(([key, value]) => `${inner}${propertyKey(key, style.quote)}: ${render(value, style, inner)},`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** `x`, `(x)`, `x as const`, `x satisfies T`, `x!` → `x`: wrappers that do not change the value. */
export function unwrap(node: Expression): Expression {
  let current: Expression = node;
  for (;;) {
    if (Node.isParenthesizedExpression(current) || Node.isAsExpression(current) || Node.isSatisfiesExpression(current)) {
      current = current.getExpression();
    } else if (Node.isNonNullExpression(current)) {
      current = current.getExpression();
    } else {
      return current;
    }
  }
}

/** A property name we can compare with a key: identifiers, string and numeric literals; computed names are not. */
export function staticPropertyName(node: Node): string | undefined {
  const name = Node.isPropertyAssignment(node) || Node.isShorthandPropertyAssignment(node) ? node.getNameNode() : undefined;
  if (!name) return undefined;
  if (Node.isIdentifier(name) || Node.isPrivateIdentifier(name)) return name.getText();
  if (Node.isStringLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name)) return name.getLiteralValue();
  if (Node.isNumericLiteral(name)) return String(name.getLiteralValue());
  return undefined;
}

/**
 * True when the expression is data written out in full: strings without substitutions, numbers,
 * booleans, null, `undefined`, and arrays/objects of those. Such code carries no logic a
 * replacement could lose.
 */
export function isPureLiteral(node: Expression): boolean {
  const value = unwrap(node);
  switch (value.getKind()) {
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
    case SyntaxKind.NumericLiteral:
    case SyntaxKind.TrueKeyword:
    case SyntaxKind.FalseKeyword:
    case SyntaxKind.NullKeyword:
      return true;
    case SyntaxKind.Identifier:
      return value.getText() === 'undefined';
    case SyntaxKind.PrefixUnaryExpression: {
      const prefix = value.asKindOrThrow(SyntaxKind.PrefixUnaryExpression);
      const operator = prefix.getOperatorToken();
      return (operator === SyntaxKind.MinusToken || operator === SyntaxKind.PlusToken) && Node.isNumericLiteral(prefix.getOperand());
    }
    case SyntaxKind.ArrayLiteralExpression:
      return value
        .asKindOrThrow(SyntaxKind.ArrayLiteralExpression)
        .getElements()
        .every((element) => !Node.isSpreadElement(element) && !Node.isOmittedExpression(element) && isPureLiteral(element));
    case SyntaxKind.ObjectLiteralExpression:
      return value
        .asKindOrThrow(SyntaxKind.ObjectLiteralExpression)
        .getProperties()
        .every((property) => Node.isPropertyAssignment(property) && staticPropertyName(property) !== undefined && isPureLiteral(property.getInitializerOrThrow()));
    default:
      return false;
  }
}

/** Parse errors of a TypeScript text (syntax only: no types, no imports resolved). */
export function syntaxErrors(text: string, fileName: string): string[] {
  const output = ts.transpileModule(text, { fileName, reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } });
  return (output.diagnostics ?? []).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}
