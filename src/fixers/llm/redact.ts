/**
 * Keeps secrets out of everything sent to a model. Captured props already carry the marker for
 * Pulumi secrets, but the program's source text does not: a literal inside `pulumi.secret("…")`
 * sits in the very file the model must edit. Such literals (and string values of secret-named
 * properties, and anything shaped like a cloud key) are swapped for placeholders before sending,
 * and the placeholders are swapped back in the model's edits before they are applied.
 */
import ts from 'typescript';
import { SECRET_MARKER } from '../../sources/resource.ts';

/** Property and variable names whose string values are treated as secrets. */
export const SECRET_NAME = /pass(?:word|wd|phrase)?$|^pwd$|secret|token|api[-_]?key|private[-_]?key|access[-_]?key|credential|connection[-_]?string|auth[-_]?key|signing[-_]?key/i;

/** Values that are secrets whatever they are called: cloud access keys, private keys, vendor tokens. */
const SECRET_SHAPES = [
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g,
  /\bsk-[A-Za-z0-9_-]{20,}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g,
];

export const PLACEHOLDER_PREFIX = '__SWEEP_SECRET_';

export interface SecretVault {
  /** placeholder → the source text it stands for */
  byToken: Map<string, string>;
  /** source text → placeholder, so one secret has one placeholder in every file */
  byValue: Map<string, string>;
}

export function createVault(): SecretVault {
  return { byToken: new Map(), byValue: new Map() };
}

function tokenFor(vault: SecretVault, original: string): string {
  let token = vault.byValue.get(original);
  if (!token) {
    token = `${PLACEHOLDER_PREFIX}${vault.byValue.size + 1}__`;
    vault.byValue.set(original, token);
    vault.byToken.set(token, original);
  }
  return token;
}

function nameOf(node: ts.Node): string | undefined {
  if (ts.isIdentifier(node) || ts.isStringLiteral(node) || ts.isPrivateIdentifier(node)) return node.text;
  return undefined;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** Is this literal a secret by where it sits: an argument of `secret(…)`, or the value of a secret-named property or variable. */
function isSecretPosition(node: ts.Expression): boolean {
  let parent = node.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent))) parent = parent.parent;
  if (!parent) return false;
  if (ts.isCallExpression(parent)) return calleeName(parent) === 'secret';
  if (ts.isPropertyAssignment(parent) || ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isBindingElement(parent)) {
    const name = parent.name && nameOf(parent.name);
    return name !== undefined && parent.initializer !== undefined && SECRET_NAME.test(name);
  }
  return false;
}

/** Returns the file text with secrets replaced by placeholders recorded in `vault`. */
export function redactSource(fileName: string, text: string, vault: SecretVault): string {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const spans: { start: number; end: number }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      // The text between the quotes, escapes and all: restored byte for byte.
      if (node.text !== '' && isSecretPosition(node)) spans.push({ start: node.getStart(source) + 1, end: node.getEnd() - 1 });
      return;
    }
    if (ts.isTemplateExpression(node)) {
      if (isSecretPosition(node)) {
        spans.push({ start: node.getStart(source) + 1, end: node.getEnd() - 1 });
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let redacted = '';
  let at = 0;
  for (const span of spans.sort((a, b) => a.start - b.start)) {
    if (span.start < at) continue;
    redacted += text.slice(at, span.start) + tokenFor(vault, text.slice(span.start, span.end));
    at = span.end;
  }
  redacted += text.slice(at);
  for (const shape of SECRET_SHAPES) redacted = redacted.replace(shape, (match) => tokenFor(vault, match));
  return redacted;
}

/** Swaps placeholders back for the source text they stand for. */
export function restoreSecrets(text: string, vault: SecretVault): string {
  if (!text.includes(PLACEHOLDER_PREFIX)) return text;
  let restored = text;
  for (const [token, original] of vault.byToken) restored = restored.split(token).join(original);
  return restored;
}

/** Any known secret or secret-shaped value inside free text is replaced by the marker. */
export function scrubText(text: string, vault: SecretVault): string {
  let scrubbed = text;
  for (const original of vault.byValue.keys()) if (original.length >= 4) scrubbed = scrubbed.split(original).join(SECRET_MARKER);
  for (const shape of SECRET_SHAPES) scrubbed = scrubbed.replace(shape, SECRET_MARKER);
  return scrubbed;
}

/**
 * A copy of a property bag fit for a model: strings under secret-named keys become the marker
 * (numbers and booleans stay: `minimumPasswordLength: 8` is what a password rule is about), and
 * every string is scrubbed of known and secret-shaped values.
 */
export function redactValue(value: unknown, vault: SecretVault, key?: string): unknown {
  if (typeof value === 'string') return key !== undefined && SECRET_NAME.test(key) ? SECRET_MARKER : scrubText(value, vault);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, vault, key));
  if (typeof value === 'object' && value !== null) {
    if (key !== undefined && SECRET_NAME.test(key)) return SECRET_MARKER;
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redactValue(item, vault, name)]));
  }
  return value;
}
