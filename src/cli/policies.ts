/**
 * `sweep policies`: the policy library, read straight from the registry (no database).
 *   sweep policies [list] [--framework <key>] [--severity <level...>] [--json]
 *   sweep policies show <id> [--json]
 *   sweep policies coverage [--framework <key>] [--json]
 * `list` is the default subcommand, so the options reach whichever subcommand is named instead
 * of being taken by the parent.
 */
import type { Command } from 'commander';
import { catalogs, controlFor, ruleById, rules } from '../../policies/index.ts';
import type { Catalog } from '../../policies/catalog/types.ts';
import { FRAMEWORKS, SEVERITIES, type Framework, type Rule, type Severity } from '../../policies/rule.ts';
import { usageError } from '../errors.ts';
import type { CliContext } from './context.ts';
import { collect, oneOf, parseSeverity } from './options.ts';
import { formatTable } from './table.ts';

export type FixKind = 'property' | 'template' | 'none';

/** How a violation of the rule gets fixed: a property edit, a companion-resource template, or by hand / the model. */
export function fixKind(rule: Rule): FixKind {
  if (rule.kind === 'resource' && rule.remediateResource !== undefined) return 'property';
  return rule.template ? 'template' : 'none';
}

function toJson(rule: Rule) {
  return {
    id: rule.id,
    kind: rule.kind,
    title: rule.title,
    severity: rule.severity,
    resourceTypes: rule.resourceTypes,
    controls: rule.controls,
    rationale: rule.rationale,
    remediation: rule.remediation,
    propertyFix: rule.kind === 'resource' && rule.remediateResource !== undefined,
    template: rule.template ?? null,
  };
}

/** Everything about one rule, with its controls' catalog titles. */
export function describeRule(rule: Rule) {
  const config = Object.entries(rule.configSchema?.properties ?? {}).map(([name, schema]) => {
    const { type, default: defaultValue, description } = schema as { type?: unknown; default?: unknown; description?: unknown };
    return { name, type: type ?? null, default: defaultValue ?? null, description: description ?? null };
  });
  return {
    ...toJson(rule),
    enforcementLevel: rule.enforcementLevel ?? null,
    fix: fixKind(rule),
    config,
    examples: { pass: rule.examples.pass.length, fail: rule.examples.fail.length },
    controls: rule.controls.map(({ framework, control }) => {
      const entry = controlFor(framework, control);
      return { framework, control, title: entry?.title ?? null, family: entry?.family ?? null };
    }),
  };
}

export interface FrameworkCoverage {
  framework: Framework;
  name: string;
  version: string;
  /** Controls in the catalog. */
  controls: number;
  /** Catalog controls at least one rule maps to. */
  covered: number;
  /** Rules mapped to the framework. */
  rules: number;
  uncovered: { id: string; title: string; family: string }[];
  /** Control ids rules map to that the catalog lacks (scripts/check-library.ts fails on these). */
  unknown: string[];
}

/** Per framework: how many of its catalog's controls the library's rules reach. */
export function coverage(ruleList: readonly Rule[], catalog: Catalog): FrameworkCoverage {
  const mapped = ruleList.filter((rule) => rule.controls.some((c) => c.framework === catalog.framework));
  const ids = new Set(mapped.flatMap((rule) => rule.controls.filter((c) => c.framework === catalog.framework).map((c) => c.control)));
  const known = new Set(catalog.controls.map((control) => control.id));
  const uncovered = catalog.controls.filter((control) => !ids.has(control.id));
  return {
    framework: catalog.framework,
    name: catalog.name,
    version: catalog.version,
    controls: catalog.controls.length,
    covered: catalog.controls.length - uncovered.length,
    rules: mapped.length,
    uncovered: uncovered.map(({ id, title, family }) => ({ id, title, family })),
    unknown: [...ids].filter((id) => !known.has(id)).sort(),
  };
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${Math.round((part / whole) * 100)}%`;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * Up to three ids close to a mistyped one: most shared words first (`sg-no-public-ssh` finds
 * `security-group-no-public-ssh`), then fewest edits.
 */
function suggestions(id: string): string[] {
  const words = new Set(id.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean));
  const scored = rules.map((rule) => ({
    id: rule.id,
    shared: rule.id.split('-').filter((word) => words.has(word)).length,
    edits: distance(id.toLowerCase(), rule.id),
  }));
  return scored
    .filter((c) => c.edits <= 3 || (words.size > 0 && c.shared >= Math.ceil(words.size / 2)))
    .sort((a, b) => b.shared - a.shared || a.edits - b.edits || (a.id < b.id ? -1 : 1))
    .slice(0, 3)
    .map((c) => c.id);
}

/** `key  value` lines with the keys aligned. */
function keyValues(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([key]) => key.length));
  return rows.map(([key, value]) => `${key.padEnd(width)}  ${value}`).join('\n');
}

function frameworkFlag(value: string | undefined): Framework | undefined {
  return value === undefined ? undefined : oneOf('--framework', FRAMEWORKS, value);
}

function registerList(policies: Command, context: CliContext): void {
  policies
    .command('list', { isDefault: true })
    .description('list the rules (the default)')
    .option('--framework <key>', `only rules mapped to this framework: ${FRAMEWORKS.join(', ')}`)
    .option('--severity <level...>', `only rules of these severities: ${SEVERITIES.join(', ')}`, collect)
    .option('--json', 'machine-readable output')
    // Excess words are taken here (list is the default) so a mistyped subcommand gets a clear error.
    .allowExcessArguments(true)
    .action((flags: { framework?: string; severity?: string[]; json?: boolean }, command: Command) => {
      if (command.args.length > 0) {
        throw usageError(`unknown policies subcommand "${command.args[0]}"`, 'use `sweep policies [list]`, `show <id>` or `coverage`');
      }
      const framework = frameworkFlag(flags.framework);
      const severities = new Set<Severity>((flags.severity ?? []).map((value) => parseSeverity('--severity', value)));
      const selected = rules.filter(
        (rule) =>
          (!framework || rule.controls.some((c) => c.framework === framework)) && (severities.size === 0 || severities.has(rule.severity)),
      );
      if (flags.json) {
        context.printJson({
          policies: selected.map(toJson),
          catalogs: catalogs.map((c) => ({ framework: c.framework, name: c.name, controls: c.controls.length })),
        });
        return;
      }
      const fixLabel: Record<FixKind, string> = { property: 'props', template: 'template', none: '-' };
      context.print(
        formatTable(
          ['ID', 'SEVERITY', 'FIX', 'CONTROLS', 'TITLE'],
          selected.map((rule) => [
            rule.id,
            rule.severity,
            fixLabel[fixKind(rule)],
            rule.controls
              .filter((c) => !framework || c.framework === framework)
              .map((c) => `${c.framework}:${c.control}`)
              .join(' '),
            rule.title,
          ]),
        ),
      );
      context.print(`${selected.length} policies (details: sweep policies show <id>)`);
    });
}

function registerShow(policies: Command, context: CliContext): void {
  policies
    .command('show')
    .description('everything about one rule: metadata, controls, resource types, fix, config, examples')
    .argument('<id>', 'policy id, as `sweep policies` lists it')
    .option('--json', 'machine-readable output')
    .action((id: string, flags: { json?: boolean }) => {
      const rule = ruleById(id);
      if (!rule) {
        const close = suggestions(id);
        const hint = close.length > 0 ? `did you mean ${close.join(', ')}? ` : '';
        throw usageError(`unknown policy "${id}"`, `${hint}run \`sweep policies\` to list policy ids`);
      }
      const detail = describeRule(rule);
      if (flags.json) {
        context.printJson({ policy: detail });
        return;
      }
      const fixText: Record<FixKind, string> = {
        property: 'property edit (remediateResource)',
        template: `companion resource (template ${rule.template})`,
        none: 'none deterministic (by hand or the model)',
      };
      context.print(`${detail.id}  ${detail.title}`);
      context.print();
      context.print(
        keyValues([
          ['kind', `${detail.kind} rule`],
          ['severity', `${detail.severity} (${detail.enforcementLevel ?? 'advisory'} in the policy pack)`],
          ['resources', detail.resourceTypes.join(', ')],
          ['fix', fixText[detail.fix]],
          ['examples', `${detail.examples.pass} pass, ${detail.examples.fail} fail`],
          ...detail.config.map((c): [string, string] => [
            'config',
            `${c.name}${c.type ? ` (${String(c.type)})` : ''}${c.default !== null ? ` default ${JSON.stringify(c.default)}` : ''}${c.description ? `: ${String(c.description)}` : ''}`,
          ]),
        ]),
      );
      context.print();
      context.print(`Why: ${detail.rationale}`);
      context.print(`Fix: ${detail.remediation}`);
      context.print();
      context.print(
        formatTable(
          ['FRAMEWORK', 'CONTROL', 'TITLE'],
          detail.controls.map((c) => [c.framework, c.control, c.title ?? '(not in the catalog)']),
          100,
        ),
      );
    });
}

function registerCoverage(policies: Command, context: CliContext): void {
  policies
    .command('coverage')
    .description('per framework: catalog controls, those at least one rule covers, and those none does')
    .option('--framework <key>', `only this framework: ${FRAMEWORKS.join(', ')}`)
    .option('--json', 'machine-readable output')
    .action((flags: { framework?: string; json?: boolean }) => {
      const framework = frameworkFlag(flags.framework);
      const report = catalogs.filter((c) => !framework || c.framework === framework).map((catalog) => coverage(rules, catalog));
      if (flags.json) {
        context.printJson({ frameworks: report });
        return;
      }
      context.print(
        formatTable(
          ['FRAMEWORK', 'CONTROLS', 'COVERED', '%', 'RULES', 'CATALOG'],
          report.map((r) => [r.framework, String(r.controls), String(r.covered), percent(r.covered, r.controls), String(r.rules), r.name]),
        ),
      );
      for (const r of report) {
        context.print();
        if (r.uncovered.length === 0) {
          context.print(`${r.framework}: every catalog control has a rule`);
        } else {
          context.print(`${r.framework}: ${r.uncovered.length} control${r.uncovered.length === 1 ? '' : 's'} without a rule`);
          context.print(formatTable(['CONTROL', 'TITLE'], r.uncovered.map((c) => [c.id, c.title]), 100));
        }
        if (r.unknown.length > 0) context.print(`${r.framework}: rules map to ids the catalog lacks: ${r.unknown.join(', ')}`);
      }
    });
}

export function registerPolicies(program: Command, context: CliContext): void {
  const policies = program.command('policies').description('the policy library: list, show <id>, coverage');
  registerList(policies, context);
  registerShow(policies, context);
  registerCoverage(policies, context);
}
