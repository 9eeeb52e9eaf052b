/**
 * The TypeScript files of a Pulumi program, parsed together in one in-memory project, and the
 * facts about them that adding a resource needs: which logical names are taken, which variable a
 * declaration is bound to, how the file imports `@pulumi/aws`. Files can be replaced in memory,
 * so import-unmanaged can add a declaration and then let a template build on it before anything
 * is written.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Node, Project, SyntaxKind, type NewExpression, type SourceFile } from 'ts-morph';
import { decline, type Decline } from '../props/decline.ts';
import { literalResourceName } from '../props/find-declaration.ts';
import { fromLf, lineEndingOf, toLf, type LineEnding } from '../props/text-edit.ts';

export interface ProgramFile {
  absolute: string;
  /** Relative to the checkout, with `/`: what a FileEdit names. */
  repoPath: string;
  /** Relative to the program directory, with `/`: what a scan's `iac.path` names. */
  programPath: string;
  /** The file as read from disk: a FileEdit's `before`. */
  original: string;
  ending: LineEnding;
  /** The current text, LF line endings (what edits are computed on). */
  text: string;
  sourceFile: SourceFile;
}

export interface Program {
  files: ProgramFile[];
  /** Replaces a file's current (LF) text in memory. */
  update(absolute: string, text: string): ProgramFile;
  byAbsolute(absolute: string): ProgramFile | undefined;
}

const SKIPPED_DIRS = new Set(['node_modules', 'bin', 'dist', 'build']);

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
}

function slash(path: string): string {
  return path.split(sep).join('/');
}

export function loadProgram(programDir: string, checkoutDir: string): Program {
  const project = new Project({ useInMemoryFileSystem: true, skipFileDependencyResolution: true });
  const files = new Map<string, ProgramFile>();
  function load(absolute: string, original: string, ending: LineEnding, text: string): ProgramFile {
    const programPath = slash(relative(programDir, absolute));
    const sourceFile = project.createSourceFile(`/program/${programPath}`, text, { overwrite: true });
    const file = { absolute, repoPath: slash(relative(checkoutDir, absolute)), programPath, original, ending, text, sourceFile };
    files.set(absolute, file);
    return file;
  }
  function update(absolute: string, text: string): ProgramFile {
    const previous = files.get(absolute);
    if (!previous) throw new Error(`${absolute} is not a file of the program`);
    return load(absolute, previous.original, previous.ending, text);
  }
  const paths: string[] = [];
  walk(programDir, paths);
  for (const path of paths.sort()) {
    const original = readFileSync(path, 'utf8');
    const ending = lineEndingOf(original);
    load(path, original, ending, toLf(original, ending));
  }
  return {
    get files() {
      return [...files.values()];
    },
    update,
    byAbsolute: (absolute) => files.get(absolute),
  };
}

/** Every literal logical name any `new` in the program uses: a new resource must not reuse one. */
export function usedResourceNames(program: Program): Set<string> {
  const names = new Set<string>();
  for (const file of program.files) {
    for (const expression of file.sourceFile.getDescendantsOfKind(SyntaxKind.NewExpression)) {
      const name = literalResourceName(expression);
      if (name !== undefined) names.add(name);
    }
  }
  return names;
}

/** `<base>`, else `<base>-2`, `<base>-3`, ...: deterministic and collision-free. */
export function freeName(base: string, used: ReadonlySet<string>): string {
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await'.split(
    ' ',
  ),
);

/** Identifiers already spelled anywhere in the file (a superset of what is in scope: safe to avoid). */
function identifiersIn(sourceFile: SourceFile): Set<string> {
  return new Set(sourceFile.getDescendantsOfKind(SyntaxKind.Identifier).map((identifier) => identifier.getText()));
}

/** A fresh variable name for a resource: `access-logs` → `accessLogs` (then `accessLogs2`, ...). */
export function freeIdentifier(resourceName: string, sourceFile: SourceFile, taken: ReadonlySet<string> = new Set()): string {
  const words = resourceName.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let base = words.map((word, i) => (i === 0 ? word.charAt(0).toLowerCase() + word.slice(1) : word.charAt(0).toUpperCase() + word.slice(1))).join('');
  if (base === '' || /^[0-9]/.test(base)) base = `resource${base}`;
  const used = identifiersIn(sourceFile);
  const free = (name: string) => !used.has(name) && !taken.has(name) && !RESERVED.has(name);
  if (free(base)) return base;
  for (let i = 2; ; i++) if (free(`${base}${i}`)) return `${base}${i}`;
}

/** The outermost expression that still is the `new` (through parentheses and type assertions). */
function outermost(expression: NewExpression): Node {
  let node: Node = expression;
  for (;;) {
    const parent = node.getParent();
    if (parent && (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent) || Node.isSatisfiesExpression(parent))) node = parent;
    else return node;
  }
}

export type Binding =
  | { kind: 'variable'; name: string; statement: Node }
  /** A bare `new ...;` statement: a `const` can be put in front of it. */
  | { kind: 'statement'; statement: Node };

/** How code can refer to the resource the expression declares. */
export function bindingOf(expression: NewExpression, where: string): Binding | Decline {
  const node = outermost(expression);
  const parent = node.getParent();
  if (parent && Node.isVariableDeclaration(parent) && parent.getInitializer() === node) {
    const name = parent.getNameNode();
    const statement = parent.getFirstAncestorByKind(SyntaxKind.VariableStatement);
    if (Node.isIdentifier(name) && statement) return { kind: 'variable', name: name.getText(), statement };
  }
  if (parent && Node.isExpressionStatement(parent)) return { kind: 'statement', statement: parent };
  return decline('no-variable', `${where}: the declaration is not bound to a variable (it sits inside \`${parent?.getKindName() ?? 'code'}\`), so a companion cannot reference it`);
}

/** How the file names `@pulumi/aws` classes: `aws.s3.` or `s3.` (named module import), or undefined when it does not import it. */
export function awsPrefix(sourceFile: SourceFile, module: string): string | undefined {
  for (const declaration of sourceFile.getImportDeclarations()) {
    if (declaration.getModuleSpecifierValue() !== '@pulumi/aws' || declaration.isTypeOnly()) continue;
    const namespace = declaration.getNamespaceImport();
    if (namespace) return `${namespace.getText()}.${module}.`;
    const named = declaration.getNamedImports().find((specifier) => specifier.getName() === module && !specifier.isTypeOnly());
    if (named) return `${named.getAliasNode()?.getText() ?? module}.`;
  }
  return undefined;
}

/** Offset after the last import (start of the file when there is none): where a new import goes. */
export function importInsertionPoint(sourceFile: SourceFile): number {
  const imports = sourceFile.getImportDeclarations();
  return imports.length === 0 ? 0 : imports[imports.length - 1].getEnd();
}

/** The file's current text in its own line endings: what goes to disk and into a FileEdit's `after`. */
export function diskText(file: ProgramFile, text: string = file.text): string {
  return fromLf(text, file.ending);
}
