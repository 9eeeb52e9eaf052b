/**
 * Finds the `new X.Y.Z("name", { ... })` that declares a resource. The scan's line comes from a
 * stack frame (or a state's source position), which may point at `new`, at the start of the
 * statement (`export const x =` on the line above), or be a few lines stale; the resource name
 * and class are what make the match certain, so a candidate must name the resource with a
 * literal and construct the right class, and the line only chooses among such candidates.
 */
import { Node, SyntaxKind, type NewExpression, type SourceFile } from 'ts-morph';
import { decline, type Decline } from './decline.ts';
import { unwrap } from './literal.ts';

export interface DeclarationQuery {
  /** Pulumi type token, e.g. `aws:s3/bucket:Bucket`. */
  type: string;
  /** The resource's logical name (the first constructor argument). */
  name: string;
  /** The file, as named in reasons. */
  path: string;
  line?: number;
  column?: number;
}

/** How far a stale line may be from the declaration it meant. */
const LINE_SLACK = 3;

/** `aws:s3/bucket:Bucket` → `Bucket`. */
export function classNameOf(type: string): string | undefined {
  const at = type.lastIndexOf(':');
  return at < 0 ? undefined : type.slice(at + 1) || undefined;
}

/** `aws:s3/bucket:Bucket` → `s3`; undefined for tokens without a module. */
export function moduleOf(type: string): string | undefined {
  const match = /^[^:]+:([^/:]+)\/[^:]+:[^:]+$/.exec(type);
  return match?.[1];
}

/** The class a `new` constructs, by its last name: `aws.s3.Bucket` → `Bucket`. */
export function calleeName(expression: NewExpression): string | undefined {
  const callee = expression.getExpression();
  if (Node.isPropertyAccessExpression(callee)) return callee.getName();
  if (Node.isIdentifier(callee)) return callee.getText();
  return undefined;
}

/** The resource name when the first argument is a literal string; undefined when it is computed. */
export function literalResourceName(expression: NewExpression): string | undefined {
  const first = expression.getArguments()[0];
  if (!first || !Node.isExpression(first)) return undefined;
  const name = unwrap(first);
  if (Node.isStringLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name)) return name.getLiteralValue();
  return undefined;
}

/** The statement holding the expression (`export const x = new ...;`), whose first line a location may name. */
export function enclosingStatement(node: Node): Node {
  return node.getFirstAncestor((ancestor) => Node.isStatement(ancestor)) ?? node;
}

function lineRange(expression: NewExpression): [number, number] {
  return [enclosingStatement(expression).getStartLineNumber(), expression.getEndLineNumber()];
}

function distance(expression: NewExpression, line: number): number {
  const [from, to] = lineRange(expression);
  return line < from ? from - line : line > to ? line - to : 0;
}

/** Every `new` of the class in the file, with its literal name when it has one. */
export function constructionsOf(sourceFile: SourceFile, className: string | undefined): NewExpression[] {
  return sourceFile.getDescendantsOfKind(SyntaxKind.NewExpression).filter((expression) => className === undefined || calleeName(expression) === className);
}

export function findDeclaration(sourceFile: SourceFile, query: DeclarationQuery): NewExpression | Decline {
  const className = classNameOf(query.type);
  const where = query.line === undefined ? query.path : `${query.path}:${query.line}`;
  const constructions = constructionsOf(sourceFile, className);
  const candidates = constructions.filter((expression) => literalResourceName(expression) === query.name);

  if (candidates.length === 0) {
    const computed = constructions.find(
      (expression) => literalResourceName(expression) === undefined && query.line !== undefined && distance(expression, query.line) === 0,
    );
    if (computed) {
      const nameText = computed.getArguments()[0]?.getText() ?? '(no name)';
      return decline(
        'no-declaration',
        `${where} constructs ${className} with a computed name (${nameText}), so it cannot be confirmed as "${query.name}"; one declaration may stand for several resources`,
      );
    }
    return decline('no-declaration', `no \`new ${className ?? query.type}("${query.name}", ...)\` found in ${query.path}`);
  }
  if (query.line === undefined) {
    if (candidates.length === 1) return candidates[0];
    return decline('no-declaration', `${query.path} declares "${query.name}" ${candidates.length} times and the scan gave no line to choose`);
  }

  const line = query.line;
  const covering = candidates.filter((expression) => distance(expression, line) === 0);
  if (covering.length === 1) return covering[0];
  if (covering.length > 1) {
    const column = query.column;
    const exact = column === undefined ? [] : covering.filter((expression) => expression.getStartLinePos() + column - 1 === expression.getStart());
    if (exact.length === 1) return exact[0];
    return decline('no-declaration', `${where} holds ${covering.length} declarations of "${query.name}"`);
  }
  const near = candidates
    .map((expression) => ({ expression, distance: distance(expression, line) }))
    .sort((a, b) => a.distance - b.distance);
  if (near.length === 1 || (near[0].distance <= LINE_SLACK && near[1].distance > near[0].distance)) return near[0].expression;
  return decline('no-declaration', `no declaration of "${query.name}" at ${where} (found ${near.length}, none on that line)`);
}
