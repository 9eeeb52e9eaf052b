/**
 * `--format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub, Azure DevOps, IDE viewers).
 *
 * - One `tool.driver.rules[]` entry per policy in the export: shortDescription = title,
 *   fullDescription = rationale, help = remediation, `properties.tags` = `security` + the controls,
 *   `properties.security-severity` for GitHub's severity badge, `defaultConfiguration.level`.
 * - One result per violation: `ruleId` + `ruleIndex`, level from severity, the IaC file and line
 *   (repo-relative, `%SRCROOT%`) plus the resource as a logical location, `partialFingerprints`
 *   `{"sweep/v1": fingerprint}`, `baselineState` from the last scan's diff (new, or reopened → new;
 *   still open → unchanged; resolved → absent, with kind `pass`), suppressed violations carry an
 *   `external`/`accepted` suppression with the reason as justification.
 * - Resolved violations are left out unless `--status` asks for them.
 * - GitHub accepts at most 25,000 results per run and 20 runs per upload, and rejects results
 *   without a file: with `--repo <repo>` the export is upload-ready (only that repo's violations
 *   with a file, locations relative to its root); beyond 25,000 results it is split into runs with
 *   distinct `automationDetails.id` categories (`sweep/<framework|all>/part-N/`).
 */
import type { Framework } from '../../policies/rule.ts';
import { OPEN_STATUSES } from '../violations/filter.ts';
import { PRODUCT } from './product.ts';
import { countRows, latestScan, violationRows, type ReportRow, type Scope, type Snapshot } from './rows.ts';
import { sarifLocation } from './sarif-location.ts';
import type { ReportWriter } from './types.ts';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** GitHub code scanning's hard limits per upload. */
export const GITHUB_MAX_RESULTS_PER_RUN = 25_000;
export const GITHUB_MAX_RUNS = 20;
export const GITHUB_MAX_TAGS_PER_RULE = 20;

type Level = 'error' | 'warning' | 'note' | 'none';

const LEVELS: Record<string, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
/** GitHub maps > 9.0 to critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Record<string, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

export function sarifLevel(severity: string): Level {
  return LEVELS[severity] ?? 'warning';
}

interface RuleRow {
  policy_id: string;
  title: string | null;
  severity: string | null;
  rationale: string | null;
  remediation: string | null;
  controls: string | null;
}

async function rulesInScope(snapshot: Snapshot, scope: Scope, framework?: Framework): Promise<RuleRow[]> {
  const params = [...scope.params];
  let controlsWhere = '';
  if (framework) {
    params.push(framework);
    controlsWhere = `and pc.framework = $${params.length}`;
  }
  return snapshot.query<RuleRow>(
    `select u.policy_id, p.title, p.severity, p.rationale, p.remediation,
       (select string_agg(pc.framework || ':' || pc.control, ';' order by pc.framework, pc.control)
        from policy_controls pc where pc.policy_id = u.policy_id ${controlsWhere}) as controls
     from (select distinct v.policy_id from violations v where ${scope.where}) u
       left join policies p on p.id = u.policy_id
     order by u.policy_id`,
    params,
  );
}

function reportingDescriptor(rule: RuleRow) {
  const controls = rule.controls ? rule.controls.split(';') : [];
  const severity = rule.severity ?? 'medium';
  const remediation = rule.remediation ?? '';
  return {
    id: rule.policy_id,
    name: rule.policy_id,
    shortDescription: { text: rule.title ?? rule.policy_id },
    fullDescription: { text: rule.rationale || rule.title || rule.policy_id },
    help: {
      text: remediation,
      markdown: `**Remediation:** ${remediation}${controls.length > 0 ? `\n\n**Controls:** ${controls.join(', ')}` : ''}`,
    },
    defaultConfiguration: { level: sarifLevel(severity) },
    properties: {
      // GitHub shows security-severity only for rules tagged `security`, and rejects > 20 tags.
      tags: ['security', ...controls].slice(0, GITHUB_MAX_TAGS_PER_RULE),
      'security-severity': SECURITY_SEVERITY[severity] ?? '5.5',
      precision: 'very-high',
      'sweep/severity': severity,
      'sweep/controls': controls,
    },
  };
}

const BASELINE = { new: 'new', reopened: 'new', unchanged: 'unchanged', resolved: 'absent' } as const;

function present<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}

export function sarifResult(row: ReportRow, ruleIndex: number) {
  const resolved = row.status === 'resolved';
  const suppressed = row.status === 'suppressed';
  return {
    ruleId: row.rule.id,
    ruleIndex,
    ...(resolved ? { kind: 'pass' as const, level: 'none' as const } : { level: sarifLevel(row.severity) }),
    message: { text: row.message },
    locations: [sarifLocation(row)],
    partialFingerprints: { 'sweep/v1': row.fingerprint },
    baselineState: BASELINE[row.change],
    ...(suppressed
      ? {
          suppressions: [
            {
              kind: 'external' as const,
              status: 'accepted' as const,
              ...(row.suppression?.reason ? { justification: row.suppression.reason } : {}),
              properties: present({
                'sweep/suppressionId': row.suppression?.id,
                'sweep/approvedBy': row.suppression?.approvedBy,
                'sweep/expiresAt': row.suppression?.expiresAt,
              }),
            },
          ],
        }
      : {}),
    provenance: present({ firstDetectionTimeUtc: row.firstSeen.at ?? undefined, lastDetectionTimeUtc: row.lastSeen.at ?? undefined }),
    properties: present({
      'sweep/violationId': row.id,
      'sweep/status': row.status,
      'sweep/change': row.change,
      'sweep/severity': row.severity,
      'sweep/resourceKey': row.resource.key,
      'sweep/resourceType': row.resource.type,
      'sweep/account': row.resource.account,
      'sweep/region': row.resource.region,
      'sweep/owner': row.owner,
      'sweep/dueAt': row.dueAt,
      'sweep/controls': row.controls,
      'sweep/pullRequest': row.pullRequest?.url,
    }),
  };
}

/** Resolved violations are history, not findings: a code-scanning upload must not list them. */
const SARIF_STATUSES = [...OPEN_STATUSES, 'suppressed'] as const;

export const sarifWriter: ReportWriter = {
  format: 'sarif',
  description: 'SARIF 2.1.0 for code scanning (GitHub-ready with --repo)',
  extension: 'sarif',
  mediaType: 'application/sarif+json',
  needsFramework: false,
  defaultStatuses: SARIF_STATUSES,
  async write(context, out) {
    const { snapshot, framework } = context;
    const notes: string[] = [];
    let scope = context.scope(SARIF_STATUSES);
    const hasFile = `exists (select 1 from resources rl where rl.key = v.resource_key and coalesce(rl.iac->>'path', '') <> '')`;
    const unlocated = await countRows(snapshot, { where: `${scope.where} and not ${hasFile}`, params: scope.params });
    if (context.repo !== undefined) {
      // Upload mode: GitHub rejects the whole file for one result without a file, so those stay out.
      if (unlocated > 0) notes.push(`${unlocated} violation(s) in ${context.repo} have no IaC file and are not in the SARIF (GitHub needs a file for every result)`);
      scope = { where: `${scope.where} and ${hasFile}`, params: scope.params };
    } else if (unlocated > 0) {
      notes.push(`${unlocated} result(s) have no IaC file, only the cloud resource as a logical location: GitHub code scanning rejects such files — export with --repo <owner/name> to upload`);
    }
    const total = await countRows(snapshot, scope);
    const max = context.maxResultsPerRun;
    const parts = Math.max(1, Math.ceil(total / max));
    if (parts > 1) notes.push(`${total} results split into ${parts} runs of at most ${max} (one category each)`);
    if (parts > GITHUB_MAX_RUNS) notes.push(`${parts} runs exceed GitHub's ${GITHUB_MAX_RUNS} per upload: narrow the export with filters`);

    const rules = (await rulesInScope(snapshot, scope, framework)).map(reportingDescriptor);
    const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
    const driver = JSON.stringify({ name: PRODUCT.name, organization: PRODUCT.vendor, semanticVersion: PRODUCT.version, rules });
    const scan = await latestScan(snapshot);
    const category = `sweep/${framework ?? 'all'}/`;
    const openRun = (part: number) => {
      const properties = { 'sweep/scan': scan, 'sweep/filter': { ...context.filter, ...(context.repo ? { repo: context.repo } : {}) }, 'sweep/part': part, 'sweep/parts': parts };
      const id = parts === 1 ? category : `${category}part-${part}/`;
      out.push(`{"tool":{"driver":${driver}},"automationDetails":{"id":${JSON.stringify(id)}},"columnKind":"utf16CodeUnits",` + `"properties":${JSON.stringify(properties)},"results":[`);
    };

    out.push(`{"$schema":${JSON.stringify(SARIF_SCHEMA_URI)},"version":"2.1.0","runs":[`);
    let part = 1;
    let inRun = 0;
    let count = 0;
    openRun(part);
    for await (const batch of violationRows(snapshot, scope, context)) {
      for (const row of batch) {
        if (inRun === max) {
          out.push(']},\n');
          openRun(++part);
          inRun = 0;
        }
        out.push((inRun === 0 ? '\n' : ',\n') + JSON.stringify(sarifResult(row, ruleIndex.get(row.rule.id) ?? -1)));
        inRun++;
        count++;
      }
      await out.flush();
      context.progress(count);
    }
    out.push(']}]}\n');
    await out.flush();
    return { violations: count, notes };
  },
};
