/**
 * The pull request a batch becomes, as text: title and Markdown body (summary, violations table,
 * controls per framework, verification layers, property diff per resource, how to reproduce), and
 * the fingerprint that decides whether an open PR needs touching at all (Renovate's
 * pr-fingerprint: identical title + body + patches means no push and no edit).
 *
 * Everything that comes from the estate (resource names, property values) is data: it is quoted
 * into code spans with Markdown's special characters neutralised, so a tag value cannot inject
 * links, mentions or HTML into a PR.
 */
import { createHash } from 'node:crypto';

export interface PrBodyViolation {
  id: number;
  resourceName: string;
  resourceType: string;
  urn?: string;
  policyId: string;
  severity: string;
  /** `path:line` in the repo. */
  location?: string;
}

export interface PrBodyLayer {
  layer: string;
  ok: boolean;
  durationMs: number;
  detail: string;
}

export interface PrBodyFix {
  fixId: number;
  groupKey: string;
  strategy: string;
  violations: number;
  layers: PrBodyLayer[];
  /** urn → property path → [before, after] */
  propertyDiff: Record<string, Record<string, [unknown, unknown]>>;
}

export interface PrBodyInput {
  policy: { id: string; title: string; severity: string; rationale?: string };
  stack: string;
  repo: string;
  branch: string;
  baseBranch: string;
  forge: string;
  violations: PrBodyViolation[];
  controls: { framework: string; control: string }[];
  fixes: PrBodyFix[];
  /** Why the PR is a draft awaiting `sweep prs approve`, when it is. */
  awaitingApproval?: string;
  /** The Pulumi project folder inside the repo (for the reproduce commands); '' is the root. */
  programDir?: string;
  /** The checkout path for the local forge's reproduce commands. */
  checkout?: string;
}

export interface RenderedPr {
  title: string;
  body: string;
  /** Rows left out to stay under the forge's body limit. */
  omitted: { violations: number; resources: number };
}

/** GitHub rejects bodies over 65,536 characters; GitLab allows more. Leave room for edits. */
export const DEFAULT_BODY_LIMIT = 60_000;

const SEVERITY_MARK: Record<string, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦' };

/** A code span that no value can break out of. */
export function code(text: string, max = 120): string {
  let clean = text.replace(/[\r\n\t]+/g, ' ').replace(/`/g, "'").replace(/\|/g, '\\|');
  if (clean.length > max) clean = `${clean.slice(0, max - 1)}…`;
  return `\`${clean || ' '}\``;
}

function plain(text: string, max = 200): string {
  const clean = text.replace(/[\r\n]+/g, ' ').replace(/[<>]/g, '').replace(/\|/g, '\\|').replace(/@/g, '@\u200b');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function value(v: unknown): string {
  return v === undefined ? '_(unset)_' : code(JSON.stringify(v) ?? 'undefined', 160);
}

function resourceOfUrn(urn: string): { type: string; name: string } {
  const parts = urn.split('::');
  return { type: parts.at(-2)?.split('$').at(-1) ?? '', name: parts.at(-1) ?? urn };
}

export function renderTitle(input: Pick<PrBodyInput, 'policy' | 'stack' | 'violations'>): string {
  const n = input.violations.length;
  const title = `[sweep] ${input.policy.title} — ${input.stack} (${n} violation${n === 1 ? '' : 's'})`;
  return title.length > 250 ? `${title.slice(0, 249)}…` : title;
}

function summary(input: PrBodyInput): string[] {
  const n = input.violations.length;
  const commits = input.fixes.length;
  const lines = [
    `**sweep** fixes ${n} violation${n === 1 ? '' : 's'} of ${code(input.policy.id)} (${SEVERITY_MARK[input.policy.severity] ?? ''} ${input.policy.severity}) — ${plain(input.policy.title)} — in stack ${code(input.stack)} of ${code(input.repo)}, in ${commits} verified commit${commits === 1 ? '' : 's'}.`,
  ];
  if (input.policy.rationale) lines.push('', `> Why: ${plain(input.policy.rationale, 600)}`);
  if (input.awaitingApproval) {
    lines.push('', `> [!IMPORTANT]\n> Draft awaiting approval (${plain(input.awaitingApproval)}): approve with \`sweep prs approve <id>\` (the id \`sweep prs list\` shows).`);
  }
  return lines;
}

function violationsTable(input: PrBodyInput, limit: number): string[] {
  const rows = input.violations.slice(0, limit).map((v) =>
    `| ${code(v.resourceName, 60)} | ${code(v.resourceType, 70)} | ${code(v.policyId, 60)} | ${v.severity} | ${v.location ? code(v.location, 60) : '-'} |`,
  );
  const more = input.violations.length - rows.length;
  return [
    '### Violations fixed',
    '',
    '| Resource | Type | Rule | Severity | Location |',
    '|---|---|---|---|---|',
    ...rows,
    ...(more > 0 ? [``, `…and ${more} more (\`sweep prs show\` lists them all).`] : []),
  ];
}

function controlsTable(input: PrBodyInput): string[] {
  const byFramework = new Map<string, string[]>();
  for (const c of input.controls) {
    const list = byFramework.get(c.framework) ?? [];
    if (!list.includes(c.control)) list.push(c.control);
    byFramework.set(c.framework, list);
  }
  if (byFramework.size === 0) return [];
  return [
    '### Controls closed',
    '',
    '| Framework | Controls |',
    '|---|---|',
    ...[...byFramework.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([framework, controls]) => `| ${framework} | ${controls.map((c) => code(c)).join(', ')} |`),
  ];
}

function verificationTable(input: PrBodyInput): string[] {
  const layers = ['typecheck', 'mocks', 'policies', 'diff'];
  const rows = input.fixes.map((fix, index) => {
    const cells = layers.map((name) => {
      const layer = fix.layers.find((l) => l.layer === name);
      if (!layer) return '—';
      return `${layer.ok ? '✅' : '❌'} ${(layer.durationMs / 1000).toFixed(1)}s`;
    });
    return `| ${index + 1} | ${fix.violations} | ${code(fix.strategy)} | ${cells.join(' | ')} |`;
  });
  const details = input.fixes.flatMap((fix, index) => fix.layers.map((l) => `- commit ${index + 1}, ${l.layer}: ${plain(l.detail, 240)}`));
  return [
    '### Verification',
    '',
    'Each commit was verified on its own before this PR was opened: type-checked, run under Pulumi mocks, re-checked against **all** policies (the targets are gone, nothing new appears), and its captured inputs diffed against the base (nothing outside the intended change moved).',
    '',
    `| Commit | Violations | Strategy | ${layers.join(' | ')} |`,
    `|---|---|---|${layers.map(() => '---').join('|')}|`,
    ...rows,
    '',
    '<details><summary>Layer details</summary>',
    '',
    ...details,
    '',
    '</details>',
  ];
}

function propertyDiff(input: PrBodyInput, limit: number): { lines: string[]; shown: number; total: number } {
  const entries = input.fixes.flatMap((fix) => Object.entries(fix.propertyDiff));
  const lines = ['### Property changes', ''];
  for (const [urn, changes] of entries.slice(0, limit)) {
    const { type, name } = resourceOfUrn(urn);
    lines.push(`<details><summary>${code(name, 80)} (${code(type, 80)})</summary>`, '', '| Property | Before | After |', '|---|---|---|');
    for (const [path, [before, after]] of Object.entries(changes)) lines.push(`| ${code(path, 80)} | ${value(before)} | ${value(after)} |`);
    lines.push('', '</details>');
  }
  const more = entries.length - Math.min(limit, entries.length);
  if (more > 0) lines.push('', `…and ${more} more resources (\`sweep prs show\` has the full diff).`);
  if (entries.length === 0) lines.push('_No input property changed (the fix adds resources only)._');
  return { lines, shown: Math.min(limit, entries.length), total: entries.length };
}

function reproduce(input: PrBodyInput): string[] {
  const program = input.programDir ? input.programDir : '.';
  const fetch = input.forge === 'local'
    ? `git -C ${input.checkout ?? '<repo>'} worktree add ../sweep-review ${input.branch} && cd ../sweep-review`
    : `git fetch origin ${input.branch} && git checkout ${input.branch}`;
  return [
    '### Reproduce locally',
    '',
    '```sh',
    fetch,
    `npx sweep scan --source pulumi-program:${program} --policy ${input.policy.id}   # the violations are gone`,
    `pulumi preview --cwd ${program} --policy-pack <sweep>/policies/pack           # the same rules at deploy time`,
    '```',
  ];
}

/** Renders title and body, shrinking the longest sections until the body fits `limit`. */
export function renderPr(input: PrBodyInput, limit = DEFAULT_BODY_LIMIT): RenderedPr {
  const title = renderTitle(input);
  const marker = `<!-- sweep: branch=${input.branch.replace(/-->/g, '')} policy=${input.policy.id} -->`;
  let violationRows = input.violations.length;
  let diffRows = Number.POSITIVE_INFINITY;
  for (;;) {
    const diff = propertyDiff(input, diffRows);
    const body = [
      ...summary(input),
      '',
      ...violationsTable(input, violationRows),
      '',
      ...controlsTable(input),
      '',
      ...verificationTable(input),
      '',
      ...diff.lines,
      '',
      ...reproduce(input),
      '',
      marker,
    ].join('\n');
    if (body.length <= limit || (violationRows === 0 && diff.shown === 0)) {
      return { title, body, omitted: { violations: input.violations.length - violationRows, resources: diff.total - diff.shown } };
    }
    // Property diffs go first (they are in the commits anyway), then violation rows.
    if (diff.shown > 0) diffRows = Math.floor(diff.shown / 2);
    else violationRows = Math.floor(violationRows / 2);
  }
}

/**
 * Identical title, body, labels, base and patches ⇒ identical fingerprint ⇒ no push, no edit. (Draft
 * state is not in it: once a PR is open only `sweep prs approve` changes that.)
 */
export function prFingerprint(parts: { title: string; body: string; labels: string[]; baseSha: string; patches: string[] }): string {
  const hash = createHash('sha256');
  for (const part of [parts.title, parts.body, parts.labels.join(','), parts.baseSha, ...parts.patches]) hash.update(part).update('\0');
  return hash.digest('hex');
}
