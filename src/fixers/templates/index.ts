/**
 * The `templates` strategy: for rules fixed by adding a companion resource (`rule.template`), a
 * declaration of that resource is inserted right after the violating resource's statement,
 * referencing its variable. The parent itself is not changed (`intended.changed` is empty); every
 * added resource's urn is in `intended.added`. Pulumi TypeScript only: Terraform targets decline
 * with `unsupported-iac`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Fixer, FixGroup, FixOutcome } from '../types.ts';
import { decline, isDecline, type Decline } from '../props/decline.ts';
import { syntaxErrors } from '../props/literal.ts';
import { resolveSource } from '../props/source-files.ts';
import { applyEdits, type TextEdit } from '../props/text-edit.ts';
import { planCompanion, urnPrefix, type CompanionParent } from './plan.ts';
import { diskText, loadProgram, usedResourceNames, type Program, type ProgramFile } from './program.ts';
import { templateRegistry, type CompanionTemplate } from './registry.ts';

export { templateRegistry, type CompanionTemplate, type TemplateContext } from './registry.ts';
export { loadProgram, type Program, type ProgramFile } from './program.ts';

export const STRATEGY = 'templates';

export interface TemplatesOptions {
  /** Templates by name. @defaultValue templateRegistry */
  templates?: ReadonlyMap<string, CompanionTemplate>;
  /** Write the edited files into the checkout. @defaultValue true */
  write?: boolean;
}

export interface CompanionRequest {
  parent: CompanionParent;
  file: ProgramFile;
  /** `urn:pulumi:<stack>::<project>::` for the added resource's urn. */
  urnPrefix: string;
}

export interface CompanionResult {
  /** New text per changed file. */
  texts: Map<ProgramFile, string>;
  added: string[];
  notes: string[];
}

/** Adds the template's companion for every request, in memory; the program's files are left as they were. */
export function addCompanions(program: Program, template: CompanionTemplate, requests: readonly CompanionRequest[]): CompanionResult | Decline {
  const usedNames = usedResourceNames(program);
  const taken = new Map<ProgramFile, Set<string>>();
  const byFile = new Map<ProgramFile, { edits: TextEdit[]; imports: Map<string, TextEdit> }>();
  const added: string[] = [];
  const notes: string[] = [];
  for (const request of requests) {
    const identifiers = taken.get(request.file) ?? new Set<string>();
    taken.set(request.file, identifiers);
    const plan = planCompanion(program, request.file, request.parent, template, usedNames, identifiers);
    if (isDecline(plan)) return plan;
    const entry = byFile.get(request.file) ?? { edits: [], imports: new Map<string, TextEdit>() };
    entry.edits.push(...plan.edits);
    for (const [key, edit] of plan.imports) entry.imports.set(key, edit);
    byFile.set(request.file, entry);
    added.push(`${request.urnPrefix}${template.type}::${plan.name}`);
    notes.push(`added ${template.className} "${plan.name}" for "${request.parent.name}" in ${request.file.repoPath}`);
  }
  const texts = new Map<ProgramFile, string>();
  for (const [file, { edits, imports }] of byFile) {
    const text = applyEdits(file.text, [...edits, ...imports.values()]);
    const errors = syntaxErrors(text, file.repoPath);
    if (errors.length > 0) return decline('edit-failed', `adding ${template.className} left ${file.repoPath} unparsable: ${errors[0]}`);
    texts.set(file, text);
  }
  return { texts, added, notes };
}

function declined(outcome: Decline): FixOutcome {
  return { ok: false, strategy: STRATEGY, code: outcome.code, reason: outcome.reason };
}

/** Each target as a companion request, or the first reason one cannot be. */
function requestsFor(group: FixGroup, program: Program, template: CompanionTemplate): CompanionRequest[] | Decline {
  const requests: CompanionRequest[] = [];
  for (const target of group.targets) {
    const { resource } = target;
    const { iac } = resource;
    if (iac.kind === 'none') return decline('unmanaged', `"${resource.name}" is not managed by code; the import-unmanaged strategy declares it first`);
    if (iac.kind !== 'pulumi') return decline('unsupported-iac', `the ${template.name} template writes Pulumi TypeScript; "${resource.name}" is managed by ${iac.kind}`);
    if (!template.parentTypes.includes(resource.type)) {
      return decline('not-applicable', `the ${template.name} template attaches to ${template.parentTypes.join(' or ')}, not ${resource.type} "${resource.name}"`);
    }
    if (!iac.path) return decline('no-source', `the scan recorded no source file for "${resource.name}" (${resource.key})`);
    const source = resolveSource(group, iac.path);
    const file = source && program.byAbsolute(source.absolute);
    if (!file) return decline('no-source', `${iac.path} (declaring "${resource.name}") is not a TypeScript file of the program at ${group.programDir}`);
    const prefix = urnPrefix(resource.urn, iac.stack, iac.project);
    if (!prefix) return decline('no-urn', `"${resource.name}" has no urn (and no stack and project) to name the added resource by`);
    requests.push({ parent: { type: resource.type, name: resource.name, line: iac.line, column: iac.column }, file, urnPrefix: prefix });
  }
  return requests;
}

export function createTemplatesFixer(options: TemplatesOptions = {}): Fixer {
  const templates = options.templates ?? templateRegistry;

  function applies(group: FixGroup): boolean {
    const name = group.rule.template;
    return (
      name !== undefined &&
      templates.has(name) &&
      group.targets.length > 0 &&
      group.targets.every((target) => target.resource.iac.kind === 'pulumi' && Boolean(target.resource.iac.path))
    );
  }

  async function fix(group: FixGroup): Promise<FixOutcome> {
    const name = group.rule.template;
    if (name === undefined) return declined(decline('unknown-template', `policy ${group.rule.id} is not fixed by a companion template`));
    const template = templates.get(name);
    if (!template) {
      return declined(decline('unknown-template', `no template named "${name}" (policy ${group.rule.id}); known: ${[...templates.keys()].join(', ')}`));
    }
    const program = loadProgram(group.programDir, group.checkoutDir);
    const requests = requestsFor(group, program, template);
    if (isDecline(requests)) return declined(requests);
    const result = addCompanions(program, template, requests);
    if (isDecline(result)) return declined(result);
    const edits = [...result.texts].map(([file, after]) => ({ path: file.repoPath, before: file.original, after: diskText(file, after) }));
    if (options.write ?? true) for (const edit of edits) await writeFile(join(group.checkoutDir, edit.path), edit.after);
    return { ok: true, strategy: STRATEGY, edits, intended: { changed: [], added: result.added }, notes: result.notes };
  }

  return { name: STRATEGY, applies, fix };
}
