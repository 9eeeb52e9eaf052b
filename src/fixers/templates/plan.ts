/**
 * Plans one companion resource: where it goes (right after the parent's statement, or after the
 * log bucket's when that is declared later in the same file, so no variable is read before it is
 * initialised), what it is called, and the text edits that add it, a `const` for a parent that
 * has none, and any import the new code needs. Edits are offsets into the file as it is, so all
 * plans for one file can be applied together.
 */
import { dirname, relative, sep } from 'node:path';
import { Node, SyntaxKind } from 'ts-morph';
import { decline, isDecline, type Decline } from '../props/decline.ts';
import { calleeName, findDeclaration } from '../props/find-declaration.ts';
import { quoteString, renderArguments, styleOf, type RenderStyle } from '../props/literal.ts';
import { indentAt, lineEndOf, type TextEdit } from '../props/text-edit.ts';
import { argumentValue, findLogBucket, resolveRelativeImport, type BucketDeclaration } from './log-bucket.ts';
import { awsPrefix, bindingOf, freeIdentifier, freeName, importInsertionPoint, type Program, type ProgramFile } from './program.ts';
import type { CompanionTemplate } from './registry.ts';

export interface CompanionParent {
  type: string;
  name: string;
  line?: number;
  column?: number;
}

export interface CompanionPlan {
  file: ProgramFile;
  edits: TextEdit[];
  /** Imports the new code needs, keyed so two plans in one file add each once. */
  imports: Map<string, TextEdit>;
  name: string;
}

/** A specifier for `to` in the style `from` already uses for relative imports (extensionless, `.js` or `.ts`). */
function importSpecifier(from: ProgramFile, to: ProgramFile): string {
  const styles = from.sourceFile
    .getImportDeclarations()
    .map((declaration) => declaration.getModuleSpecifierValue())
    .filter((specifier) => specifier.startsWith('.'));
  const extension = styles.find((specifier) => /\.(js|ts)$/.test(specifier))?.match(/\.(js|ts)$/)?.[0] ?? '';
  const path = relative(dirname(from.absolute), to.absolute).split(sep).join('/').replace(/\.(ts|tsx|mts)$/, '');
  return `${path.startsWith('.') ? '' : './'}${path}${extension}`;
}

/** The edit importing the log bucket into the parent's file, nothing when it is already in scope, or why it cannot be. */
function logBucketImport(program: Program, file: ProgramFile, bucket: BucketDeclaration, style: RenderStyle): { name: string; edit?: TextEdit } | Decline {
  if (bucket.file === file) return { name: bucket.variable };
  for (const declaration of file.sourceFile.getImportDeclarations()) {
    if (resolveRelativeImport(program, file, declaration.getModuleSpecifierValue()) !== bucket.file) continue;
    const named = declaration.getNamedImports().find((specifier) => specifier.getName() === bucket.variable);
    if (named) return { name: named.getAliasNode()?.getText() ?? bucket.variable };
  }
  const importsParent = bucket.file.sourceFile
    .getImportDeclarations()
    .some((declaration) => resolveRelativeImport(program, bucket.file, declaration.getModuleSpecifierValue()) === file);
  if (importsParent) {
    return decline('no-log-bucket', `${bucket.file.repoPath} (declaring log bucket "${bucket.resourceName}") imports ${file.repoPath}; importing it back would be circular`);
  }
  const taken = file.sourceFile.getDescendantsOfKind(SyntaxKind.Identifier).some((identifier) => identifier.getText() === bucket.variable);
  if (taken) return decline('no-log-bucket', `${file.repoPath} already uses the name ${bucket.variable}, which the log bucket would be imported as`);
  const at = importInsertionPoint(file.sourceFile);
  const line = `import { ${bucket.variable} } from ${quoteString(importSpecifier(file, bucket.file), style.quote)};`;
  return { name: bucket.variable, edit: { start: at, end: at, text: at === 0 ? `${line}\n` : `\n${line}` } };
}

/** An existing companion of the template's classes whose `bucket` is the parent variable. */
function existingCompanion(file: ProgramFile, template: CompanionTemplate, variable: string): string | undefined {
  for (const expression of file.sourceFile.getDescendantsOfKind(SyntaxKind.NewExpression)) {
    const className = calleeName(expression);
    if (!className || !template.existingClasses.includes(className)) continue;
    const value = argumentValue(expression, 'bucket')?.getText().replace(/\s+/g, '');
    if (value === `${variable}.id` || value === `${variable}.bucket` || value === variable) {
      return `${file.repoPath}:${expression.getStartLineNumber()}`;
    }
  }
  return undefined;
}

export function planCompanion(
  program: Program,
  file: ProgramFile,
  parent: CompanionParent,
  template: CompanionTemplate,
  usedNames: Set<string>,
  takenIdentifiers: Set<string>,
): CompanionPlan | Decline {
  const sourceFile = file.sourceFile;
  const declaration = findDeclaration(sourceFile, { type: parent.type, name: parent.name, path: file.repoPath, line: parent.line, column: parent.column });
  if (isDecline(declaration)) return declaration;
  const where = `${file.repoPath}:${declaration.getStartLineNumber()} ("${parent.name}")`;
  const binding = bindingOf(declaration, where);
  if (isDecline(binding)) return binding;
  const style = styleOf(sourceFile);
  const edits: TextEdit[] = [];
  const imports = new Map<string, TextEdit>();

  let variable: string;
  if (binding.kind === 'variable') {
    variable = binding.name;
    const existing = existingCompanion(file, template, variable);
    if (existing) {
      return decline('companion-exists', `${where} already has a ${template.className} at ${existing}; its settings need a property fix, not a second one`);
    }
  } else {
    variable = freeIdentifier(parent.name, sourceFile, takenIdentifiers);
    takenIdentifiers.add(variable);
    edits.push({ start: binding.statement.getStart(), end: binding.statement.getStart(), text: `const ${variable} = ` });
  }

  let anchor: Node = binding.statement;
  let logBucket: string | undefined;
  if (template.needs === 'log-bucket') {
    const bucket = findLogBucket(program, file, parent.name);
    if (isDecline(bucket)) return bucket;
    const imported = logBucketImport(program, file, bucket, style);
    if (isDecline(imported)) return imported;
    logBucket = imported.name;
    if (imported.edit) imports.set(`log:${imported.name}`, imported.edit);
    if (bucket.file === file && bucket.statement.getStart() > anchor.getStart()) {
      // The companion reads both variables: it must come after the later declaration, in the same scope.
      if (!Node.isSourceFile(anchor.getParent())) {
        return decline('no-log-bucket', `${where}: log bucket "${bucket.resourceName}" is declared after the bucket, outside its scope`);
      }
      anchor = bucket.statement;
    }
  }

  let prefix = awsPrefix(sourceFile, template.module);
  if (prefix === undefined) {
    const alias = freeIdentifier('aws', sourceFile, takenIdentifiers);
    prefix = `${alias}.${template.module}.`;
    const at = importInsertionPoint(sourceFile);
    const line = `import * as ${alias} from ${quoteString('@pulumi/aws', style.quote)};`;
    imports.set(`aws:${alias}`, { start: at, end: at, text: at === 0 ? `${line}\n` : `\n${line}` });
  }

  const name = freeName(`${parent.name}-${template.suffix}`, usedNames);
  usedNames.add(name);
  const statement = anchor;
  const indent = indentAt(file.text, statement.getStart());
  const args = template.args({ parent: variable, parentName: parent.name, logBucket });
  const text = `new ${prefix}${template.className}(${quoteString(name, style.quote)}, ${renderArguments(args, style, indent)});`;
  const at = lineEndOf(file.text, statement.getEnd());
  edits.push({ start: at, end: at, text: `\n\n${indent}${text}` });
  return { file, edits, imports, name };
}

/** `urn:pulumi:<stack>::<project>::` of the parent, for the urns of what is added next to it. */
export function urnPrefix(urn: string | undefined, stack?: string, project?: string): string | undefined {
  const match = urn === undefined ? null : /^urn:pulumi:(.+?)::(.+?)::/.exec(urn);
  if (match) return `urn:pulumi:${match[1]}::${match[2]}::`;
  return stack && project ? `urn:pulumi:${stack}::${project}::` : undefined;
}
