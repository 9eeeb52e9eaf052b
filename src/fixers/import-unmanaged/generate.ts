/**
 * The code that adopts an unmanaged resource: `new aws.<module>.<Class>("<name>", { ...inputs },
 * { import: "<id>" })`, appended to the chosen file, with the `@pulumi/aws` import added when the
 * file lacks one. `pulumi up` then takes the existing resource over instead of creating it.
 */
import { SyntaxKind } from 'ts-morph';
import { literalResourceName, calleeName } from '../props/find-declaration.ts';
import { quoteString, renderArguments, styleOf } from '../props/literal.ts';
import type { TextEdit } from '../props/text-edit.ts';
import { awsPrefix, freeIdentifier, importInsertionPoint, type ProgramFile } from '../templates/program.ts';

export interface ImportDeclaration {
  module: string;
  className: string;
  name: string;
  importId: string;
  props: Record<string, unknown>;
}

/** True when the file already declares a resource of this class with this logical name. */
export function declaresResource(file: ProgramFile, className: string, name: string): boolean {
  return file.sourceFile
    .getDescendantsOfKind(SyntaxKind.NewExpression)
    .some((expression) => calleeName(expression) === className && literalResourceName(expression) === name);
}

/** Edits appending the declaration (and the aws import when needed); `taken` collects identifiers used across calls. */
export function importEdits(file: ProgramFile, declaration: ImportDeclaration, taken: Set<string>): TextEdit[] {
  const { sourceFile, text } = file;
  const style = styleOf(sourceFile);
  const edits: TextEdit[] = [];
  let prefix = awsPrefix(sourceFile, declaration.module);
  if (prefix === undefined) {
    const alias = taken.has('aws') ? freeIdentifier('aws', sourceFile, taken) : freeIdentifier('aws', sourceFile);
    taken.add(alias);
    prefix = `${alias}.${declaration.module}.`;
    const at = importInsertionPoint(sourceFile);
    const line = `import * as ${alias} from ${quoteString('@pulumi/aws', style.quote)};`;
    edits.push({ start: at, end: at, text: at === 0 ? `${line}\n` : `\n${line}` });
  }
  const variable = freeIdentifier(declaration.name, sourceFile, taken);
  taken.add(variable);
  const args = renderArguments(declaration.props, style, '');
  const options = `{ import: ${quoteString(declaration.importId, style.quote)} }`;
  const code = [
    '',
    '// Adopted by sweep: this resource existed in the account without code; `import` takes it over as is.',
    `const ${variable} = new ${prefix}${declaration.className}(${quoteString(declaration.name, style.quote)}, ${args}, ${options});`,
    '',
  ].join('\n');
  const end = text.length;
  edits.push({ start: end, end, text: text.endsWith('\n') || text === '' ? code : `\n${code}` });
  return edits;
}
