/**
 * The `import-unmanaged` strategy, for resources no code declares (`iac.kind = none`, found by
 * AWS Config or a CLI scan): each is declared in Pulumi TypeScript with the `import` option,
 * appended to one chosen file of the program, and born fixed:
 * - a rule with `remediateResource`: the declaration is written from the fixed bag;
 * - a rule with a known `template`: the companion is added after the new declaration.
 * Only input properties the class accepts are written (see inputs.ts). A bag holding a secret is
 * declined: the marker must never reach code, and the real value has to come from a secret store.
 *
 * `intended.added` holds the urns of every declared and companion resource; nothing existing
 * changes. Edited files are written into the checkout unless `write: false`.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { PolicyConfig } from '../../engine/runner.ts';
import { readPulumiProject } from '../../sources/pulumi-program/project.ts';
import { SECRET_MARKER } from '../../sources/resource.ts';
import type { FileEdit, Fixer, FixGroup, FixOutcome, FixTarget } from '../types.ts';
import { decline, isDecline, type Decline } from '../props/decline.ts';
import { containsMarker } from '../props/diff.ts';
import { syntaxErrors } from '../props/literal.ts';
import { remediateTarget } from '../props/remediate.ts';
import { applyEdits } from '../props/text-edit.ts';
import { addCompanions, type CompanionRequest } from '../templates/index.ts';
import { diskText, loadProgram, type Program, type ProgramFile } from '../templates/program.ts';
import { templateRegistry, type CompanionTemplate } from '../templates/registry.ts';
import { declaresResource, importEdits } from './generate.ts';
import { createInputSchema, tokenParts, type InputSchema } from './inputs.ts';

export { createInputSchema, type InputSchema } from './inputs.ts';

export const STRATEGY = 'import-unmanaged';

export interface ImportUnmanagedOptions {
  /**
   * The file new declarations are appended to, relative to the checkout (`infra/index.ts`).
   * @defaultValue the program's entry file (Pulumi.yaml `main`, else index.ts)
   */
  importInto?: string;
  /** The stack the new urns belong to. @defaultValue the target's `iac.stack`, else `dev` */
  stack?: string;
  /** Per-policy settings for the property fix. @defaultValue each rule's schema defaults */
  policyConfig?: PolicyConfig;
  /** Templates by name. @defaultValue templateRegistry */
  templates?: ReadonlyMap<string, CompanionTemplate>;
  /** Input shapes; pass one to share its cache between fixers. @defaultValue read from the installed @pulumi/aws */
  inputs?: InputSchema;
  /** Write the edited files into the checkout. @defaultValue true */
  write?: boolean;
}

function declined(outcome: Decline): FixOutcome {
  return { ok: false, strategy: STRATEGY, code: outcome.code, reason: outcome.reason };
}

/** The file to append to, or why there is none. */
function importFile(group: FixGroup, program: Program, options: ImportUnmanagedOptions, stack: string): ProgramFile | Decline {
  let absolute: string;
  if (options.importInto !== undefined) {
    absolute = isAbsolute(options.importInto) ? options.importInto : join(group.checkoutDir, options.importInto);
  } else {
    try {
      absolute = readPulumiProject(group.programDir, stack).main;
    } catch (error) {
      return decline('no-import-file', `no file to declare imports in: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const file = program.byAbsolute(absolute);
  if (file) return file;
  const shown = relative(group.checkoutDir, absolute);
  return decline(
    'no-import-file',
    existsSync(absolute) ? `${shown} is not a TypeScript file of the program at ${group.programDir}` : `${shown} does not exist in the checkout; pass an existing program file as importInto`,
  );
}

export function createImportUnmanagedFixer(options: ImportUnmanagedOptions = {}): Fixer {
  const templates = options.templates ?? templateRegistry;
  const inputs = options.inputs ?? createInputSchema();

  function applies(group: FixGroup): boolean {
    const { rule } = group;
    const fixable = (rule.kind === 'resource' && typeof rule.remediateResource === 'function') || (rule.template !== undefined && templates.has(rule.template));
    return fixable && group.targets.length > 0 && group.targets.every((target) => target.resource.iac.kind === 'none');
  }

  /** The props to declare the target with: inputs only, fixed when the rule has a property fix. */
  async function declaredProps(group: FixGroup, target: FixTarget): Promise<{ props: Record<string, unknown>; dropped: string[] } | Decline> {
    const { resource } = target;
    const filtered = inputs.filter(resource.type, resource.props);
    if (!filtered) return decline('unsupported-type', `@pulumi/aws has no resource ${resource.type} to declare "${resource.name}" with`);
    let props = filtered.props;
    const { rule } = group;
    if (rule.kind === 'resource' && typeof rule.remediateResource === 'function') {
      const fixed = await remediateTarget(rule, { ...target, resource: { ...resource, props } }, options.policyConfig);
      if (isDecline(fixed)) return fixed;
      props = fixed.props;
    }
    if (containsMarker(props, SECRET_MARKER)) {
      return decline('secret-value', `"${resource.name}" has secret inputs sweep cannot see; declare it by hand with the values from the secret store`);
    }
    return { props, dropped: filtered.dropped };
  }

  async function fix(group: FixGroup): Promise<FixOutcome> {
    const { rule } = group;
    const hasPropertyFix = rule.kind === 'resource' && typeof rule.remediateResource === 'function';
    const template = rule.template === undefined ? undefined : templates.get(rule.template);
    if (!hasPropertyFix && !template) {
      return declined(decline('no-property-fix', `policy ${rule.id} has neither a property fix nor a known template: importing alone would not fix it`));
    }
    const program = loadProgram(group.programDir, group.checkoutDir);
    const stack = options.stack ?? group.targets.find((target) => target.resource.iac.stack)?.resource.iac.stack ?? 'dev';
    const file = importFile(group, program, options, stack);
    if (isDecline(file)) return declined(file);
    let project: string;
    try {
      project = readPulumiProject(group.programDir, stack).name;
    } catch (error) {
      return declined(decline('no-import-file', `${group.programDir} is not a Pulumi project: ${error instanceof Error ? error.message : String(error)}`));
    }
    const prefix = `urn:pulumi:${stack}::${project}::`;
    const added: string[] = [];
    const notes: string[] = [];
    const requests: CompanionRequest[] = [];
    const taken = new Set<string>();
    let current = file;

    for (const target of group.targets) {
      const { resource } = target;
      if (resource.iac.kind !== 'none') return declined(decline('not-unmanaged', `"${resource.name}" is already declared in code (${resource.iac.kind})`));
      const parts = tokenParts(resource.type);
      if (!parts) return declined(decline('unsupported-type', `only AWS resources can be imported; "${resource.name}" is ${resource.type}`));
      if (!resource.nativeId) return declined(decline('no-import-id', `"${resource.name}" has no native id to import it by`));
      if (program.files.some((candidate) => declaresResource(candidate, parts.className, resource.name))) {
        return declined(decline('already-declared', `the program already declares a ${parts.className} named "${resource.name}"; rescan before importing`));
      }
      const declared = await declaredProps(group, target);
      if (isDecline(declared)) return declined(declared);
      const edits = importEdits(current, { ...parts, name: resource.name, importId: resource.nativeId, props: declared.props }, taken);
      current = program.update(current.absolute, applyEdits(current.text, edits));
      added.push(`${prefix}${resource.type}::${resource.name}`);
      notes.push(
        `declared ${parts.className} "${resource.name}" with import "${resource.nativeId}" in ${current.repoPath}` +
          (declared.dropped.length > 0 ? ` (left out non-inputs: ${declared.dropped.join(', ')})` : ''),
      );
      if (template) requests.push({ parent: { type: resource.type, name: resource.name }, file: current, urnPrefix: prefix });
    }

    const texts = new Map<ProgramFile, string>([[current, current.text]]);
    if (template) {
      // The companions attach to the declarations just written, in the same in-memory file.
      const companions = addCompanions(program, template, requests.map((request) => ({ ...request, file: current })));
      if (isDecline(companions)) return declined(companions);
      for (const [changed, text] of companions.texts) texts.set(changed, text);
      added.push(...companions.added);
      notes.push(...companions.notes);
    }
    const edits: FileEdit[] = [];
    for (const [changed, text] of texts) {
      const errors = syntaxErrors(text, changed.repoPath);
      if (errors.length > 0) return declined(decline('edit-failed', `the import left ${changed.repoPath} unparsable: ${errors[0]}`));
      edits.push({ path: changed.repoPath, before: changed.original, after: diskText(changed, text) });
    }
    if (options.write ?? true) for (const [changed] of texts) await writeFile(changed.absolute, edits.find((edit) => edit.path === changed.repoPath)!.after);
    return { ok: true, strategy: STRATEGY, edits, intended: { changed: [], added }, notes };
  }

  return { name: STRATEGY, applies, fix };
}
