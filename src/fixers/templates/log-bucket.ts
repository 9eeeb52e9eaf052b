/**
 * Choosing the bucket that receives server access logs, for the access-logging template. sweep
 * does not create one: a log bucket needs its own retention, policy and owner, and an estate
 * almost always has one already. The evidence, strongest first:
 * 1. a bucket some BucketLogging already names as `targetBucket` (the team's choice, in code);
 * 2. a bucket named like one (`access-logs`, `s3-logs`, `log-bucket`; not a CloudTrail bucket).
 * Only buckets bound to a top-level variable qualify (a companion must be able to reference it);
 * one in another file must be exported, and gets imported. No candidate → `no-log-bucket`.
 */
import { dirname, join, normalize } from 'node:path';
import { Node, SyntaxKind, type NewExpression } from 'ts-morph';
import { decline, isDecline, type Decline } from '../props/decline.ts';
import { calleeName, literalResourceName } from '../props/find-declaration.ts';
import { unwrap } from '../props/literal.ts';
import { bindingOf, type Program, type ProgramFile } from './program.ts';

export interface BucketDeclaration {
  file: ProgramFile;
  variable: string;
  resourceName: string;
  /** The top-level statement declaring it. */
  statement: Node;
  exported: boolean;
}

const BUCKET_CLASSES = new Set(['Bucket', 'BucketV2']);
const LOGGING_CLASSES = new Set(['BucketLogging', 'BucketLoggingV2']);
const LOG_NAME = /access[-_]?logs?|server[-_]?logs?|s3[-_]?logs?|log[-_]?bucket|logs?[-_]?bucket/i;
const TRAIL_NAME = /cloudtrail|trail/i;

function topLevelBuckets(file: ProgramFile): BucketDeclaration[] {
  const out: BucketDeclaration[] = [];
  for (const expression of file.sourceFile.getDescendantsOfKind(SyntaxKind.NewExpression)) {
    const className = calleeName(expression);
    const resourceName = literalResourceName(expression);
    if (!className || !BUCKET_CLASSES.has(className) || resourceName === undefined) continue;
    const binding = bindingOf(expression, file.repoPath);
    if (isDecline(binding) || binding.kind !== 'variable' || !Node.isSourceFile(binding.statement.getParent())) continue;
    const exported = Node.isVariableStatement(binding.statement) && binding.statement.isExported();
    out.push({ file, variable: binding.name, resourceName, statement: binding.statement, exported });
  }
  return out;
}

/** `X` when the expression is `X.id`, `X.bucket` or `X`. */
function referencedVariable(expression: Node | undefined): string | undefined {
  if (!expression || !Node.isExpression(expression)) return undefined;
  const value = unwrap(expression);
  if (Node.isIdentifier(value)) return value.getText();
  if (Node.isPropertyAccessExpression(value) && ['id', 'bucket'].includes(value.getName())) {
    const object = value.getExpression();
    return Node.isIdentifier(object) ? object.getText() : undefined;
  }
  return undefined;
}

/** The value of `key` in a `new`'s argument object, when it is written there. */
export function argumentValue(expression: NewExpression, key: string): Node | undefined {
  const bag = expression.getArguments()[1];
  const object = bag && Node.isExpression(bag) ? unwrap(bag) : undefined;
  if (!object || !Node.isObjectLiteralExpression(object)) return undefined;
  const property = object.getProperty(key);
  if (property && Node.isPropertyAssignment(property)) return property.getInitializer();
  if (property && Node.isShorthandPropertyAssignment(property)) return property.getNameNode();
  return undefined;
}

/** The file a relative import specifier in `from` points at. */
export function resolveRelativeImport(program: Program, from: ProgramFile, specifier: string): ProgramFile | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = normalize(join(dirname(from.absolute), specifier)).replace(/\.(js|mjs|cjs)$/, '');
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}.mts`, join(base, 'index.ts')];
  return program.files.find((file) => candidates.includes(file.absolute));
}

/** Where `name` used in `file` is declared, through the file's own declarations and its relative named imports. */
function resolveVariable(program: Program, file: ProgramFile, name: string, buckets: BucketDeclaration[]): BucketDeclaration | undefined {
  const local = buckets.find((bucket) => bucket.file === file && bucket.variable === name);
  if (local) return local;
  for (const declaration of file.sourceFile.getImportDeclarations()) {
    const specifier = declaration.getNamedImports().find((named) => (named.getAliasNode()?.getText() ?? named.getName()) === name);
    if (!specifier) continue;
    const target = resolveRelativeImport(program, file, declaration.getModuleSpecifierValue());
    return buckets.find((bucket) => bucket.file === target && bucket.variable === specifier.getName() && bucket.exported);
  }
  return undefined;
}

export function findLogBucket(program: Program, parentFile: ProgramFile, parentName: string): BucketDeclaration | Decline {
  const buckets = program.files.flatMap(topLevelBuckets);
  const targeted = new Map<BucketDeclaration, number>();
  for (const file of program.files) {
    for (const expression of file.sourceFile.getDescendantsOfKind(SyntaxKind.NewExpression)) {
      const className = calleeName(expression);
      if (!className || !LOGGING_CLASSES.has(className)) continue;
      const variable = referencedVariable(argumentValue(expression, 'targetBucket'));
      const bucket = variable === undefined ? undefined : resolveVariable(program, file, variable, buckets);
      if (bucket) targeted.set(bucket, (targeted.get(bucket) ?? 0) + 1);
    }
  }
  const usable = (bucket: BucketDeclaration) => bucket.resourceName !== parentName && (bucket.file === parentFile || bucket.exported);
  const ranked = [...targeted.entries()].filter(([bucket]) => usable(bucket)).sort((a, b) => b[1] - a[1] || a[0].resourceName.localeCompare(b[0].resourceName));
  if (ranked.length > 0) return ranked[0][0];
  const named = buckets
    .filter((bucket) => usable(bucket) && LOG_NAME.test(`${bucket.resourceName} ${bucket.variable}`) && !TRAIL_NAME.test(bucket.resourceName))
    .sort((a, b) => Number(b.file === parentFile) - Number(a.file === parentFile) || a.resourceName.localeCompare(b.resourceName));
  if (named.length > 0) return named[0];
  if (buckets.some((bucket) => bucket.resourceName === parentName && targeted.has(bucket))) {
    return decline('no-log-bucket', `"${parentName}" is itself the access-log target; logging it into itself would loop`);
  }
  return decline(
    'no-log-bucket',
    `no log bucket for "${parentName}"'s access logs: no bucket in the program is a BucketLogging targetBucket or is named like a log bucket (access-logs); declare one (exported, with its own retention) and rerun`,
  );
}
