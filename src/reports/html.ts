/**
 * `--format html --framework <key>`: a self-contained, printable compliance report for one
 * framework — score (covered controls without an open violation), controls table, open violations
 * by severity, the trend over the last scans (inline SVG), the most severe open violations, and
 * the accepted exceptions with reasons and expiry. One file: inline CSS (with @media print), no
 * scripts, fonts or images to fetch; every estate- or user-supplied string is escaped.
 */
import { OPEN_STATUSES } from '../violations/filter.ts';
import { controlStatuses, frameworkName, type ControlStatus } from './framework.ts';
import { scoreOf, trendChart } from './html-chart.ts';
import { exceptions, openBySeverity, topOpenViolations, trend, type ExceptionRow, type OpenViolation, type TrendPoint } from './html-data.ts';
import { html, raw, type SafeHtml } from './html-template.ts';
import { PRODUCT } from './product.ts';
import { latestScan, type ScanMeta } from './rows.ts';
import type { ReportWriter } from './types.ts';

export const TREND_SCANS = 12;
export const TOP_VIOLATIONS = 100;
export const MAX_EXCEPTIONS = 500;
const DAY_MS = 86_400_000;

const CSS = raw(`
:root { --ink:#1b1f24; --muted:#5b6470; --line:#d8dde3; --ok:#1a7f37; --bad:#cf222e; --warn:#9a6700;
  --critical:#8b0000; --high:#cf222e; --medium:#bc4c00; --low:#5b6470; }
* { box-sizing: border-box; }
body { font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.muted { color: var(--muted); } .meta { color: var(--muted); margin: 0 0 16px; }
.cards { display: flex; gap: 16px; flex-wrap: wrap; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; min-width: 180px; }
.card .big { font-size: 32px; font-weight: 600; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; white-space: nowrap; }
.badge.satisfied { background: var(--ok); } .badge.not-satisfied { background: var(--bad); }
.badge.critical { background: var(--critical); } .badge.high { background: var(--high); } .badge.medium { background: var(--medium); } .badge.low { background: var(--low); }
.bar { height: 12px; background: var(--bad); border-radius: 2px; } .bar.critical { background: var(--critical); } .bar.medium { background: var(--medium); } .bar.low { background: var(--low); }
.nowrap { white-space: nowrap; }
.expired { color: var(--bad); font-weight: 600; } .soon { color: var(--warn); font-weight: 600; }
code, .key { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; word-break: break-all; }
svg.trend { width: 100%; max-width: 720px; height: auto; }
svg .grid { stroke: var(--line); stroke-width: 1; } svg .axis { fill: var(--muted); font-size: 11px; }
svg polyline { fill: none; stroke-width: 2; } svg polyline.open, svg circle.open { stroke: var(--bad); } svg circle.open { fill: var(--bad); }
svg polyline.score, svg circle.score { stroke: var(--ok); } svg circle.score { fill: var(--ok); }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  h2 { break-after: avoid; } tr, .card, svg { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  @page { size: A4; margin: 14mm; }
}
`);

function percent(value: number | null): string {
  return value === null ? 'n/a' : `${value}%`;
}

function expiry(row: ExceptionRow, now: Date): SafeHtml {
  if (!row.expiresAt) return html`<span class="soon">never (permanent)</span>`;
  const left = Date.parse(row.expiresAt) - now.getTime();
  if (left < 0) return html`<span class="expired">${row.expiresAt.slice(0, 10)} (expired)</span>`;
  if (left < 30 * DAY_MS) return html`<span class="soon">${row.expiresAt.slice(0, 10)} (in ${Math.ceil(left / DAY_MS)} days)</span>`;
  return html`${row.expiresAt.slice(0, 10)}`;
}

function controlsTable(statuses: ControlStatus[]): SafeHtml {
  if (statuses.length === 0) return html`<p class="muted">No sweep policy maps to a control of this framework.</p>`;
  return html`<table><thead><tr><th>Control</th><th>Title</th><th>Family</th><th class="num">Policies</th><th class="num">Open</th><th class="num">Exceptions</th><th>Status</th></tr></thead><tbody>
    ${statuses.map(
      (s) => html`<tr><td class="nowrap"><strong>${s.control}</strong></td><td>${s.title}</td><td class="muted">${s.family}</td><td class="num">${s.policies}</td>
        <td class="num">${s.open}</td><td class="num">${s.suppressed}</td>
        <td><span class="badge ${s.state}">${s.state === 'satisfied' ? 'Satisfied' : 'Not satisfied'}</span></td></tr>`,
    )}
  </tbody></table>`;
}

function severityTable(counts: Record<string, number>): SafeHtml {
  const max = Math.max(1, ...Object.values(counts));
  return html`<table><thead><tr><th>Severity</th><th class="num">Open</th><th style="width:60%"></th></tr></thead><tbody>
    ${Object.entries(counts).map(
      ([severity, n]) => html`<tr><td><span class="badge ${severity}">${severity}</span></td><td class="num">${n}</td>
        <td><div class="bar ${severity}" style="width:${((100 * n) / max).toFixed(1)}%"></div></td></tr>`,
    )}
  </tbody></table>`;
}

function trendTable(points: TrendPoint[], covered: number): SafeHtml {
  if (points.length === 0) return html``;
  return html`<table><thead><tr><th>Scan</th><th>Started</th><th class="num">Open violations</th><th class="num">Failing controls</th><th class="num">Score</th></tr></thead><tbody>
    ${points.map(
      (p) => html`<tr><td>#${p.scan}</td><td>${p.at}</td><td class="num">${p.open}</td><td class="num">${p.failingControls}</td>
        <td class="num">${percent(scoreOf(covered, p.failingControls))}</td></tr>`,
    )}
  </tbody></table>`;
}

function violationsTable(rows: OpenViolation[], total: number): SafeHtml {
  if (rows.length === 0) return html`<p class="muted">No open violations.</p>`;
  return html`<table><thead><tr><th>Severity</th><th>Policy</th><th>Resource</th><th>Location</th><th>Owner</th><th>Due</th></tr></thead><tbody>
    ${rows.map(
      (v) => html`<tr><td><span class="badge ${v.severity}">${v.severity}</span></td><td>${v.title}<br><code>${v.policyId}</code></td>
        <td>${v.resourceName}<br><span class="key">${v.resourceKey}</span></td><td><code>${v.location ?? '-'}</code></td>
        <td>${v.owner ?? '-'}</td><td class="nowrap">${v.dueAt ? v.dueAt.slice(0, 10) : '-'}</td></tr>`,
    )}
  </tbody></table>
  ${total > rows.length ? html`<p class="muted">Showing the ${rows.length} most severe of ${total} open violations; the CSV export lists all.</p>` : ''}`;
}

function exceptionsTable(rows: ExceptionRow[], now: Date): SafeHtml {
  if (rows.length === 0) return html`<p class="muted">No accepted exceptions cover violations in this report.</p>`;
  return html`<table><thead><tr><th>#</th><th>Reason</th><th>Approved by</th><th>Recorded</th><th>Expires</th><th class="num">Violations</th></tr></thead><tbody>
    ${rows.map(
      (e) => html`<tr><td>${e.id}</td><td>${e.reason}</td><td>${e.approvedBy}</td><td>${e.createdAt.slice(0, 10)} by ${e.createdBy}</td>
        <td class="nowrap">${expiry(e, now)}</td><td class="num">${e.violations}</td></tr>`,
    )}
  </tbody></table>`;
}

function scanLine(scan: ScanMeta | null): string {
  if (!scan) return 'no completed scan yet';
  const c = scan.counts;
  return `scan #${scan.id} started ${scan.startedAt}${c.new !== undefined ? ` (${c.new} new, ${c.open} still open, ${c.reopened} reopened, ${c.resolved} resolved)` : ''}`;
}

export const htmlWriter: ReportWriter = {
  format: 'html',
  description: 'a printable, self-contained compliance report for one framework',
  extension: 'html',
  mediaType: 'text/html; charset=utf-8',
  needsFramework: true,
  defaultStatuses: [...OPEN_STATUSES, 'suppressed'],
  async write(context, out) {
    const framework = context.framework!;
    const { snapshot, now } = context;
    const scope = context.scope([...OPEN_STATUSES, 'suppressed']);
    const name = frameworkName(framework);
    const scan = await latestScan(snapshot);
    const statuses = await controlStatuses(snapshot, framework, scope);
    const severities = await openBySeverity(snapshot, scope);
    const points = await trend(snapshot, framework, context.scope(), TREND_SCANS);
    const top = await topOpenViolations(snapshot, scope, TOP_VIOLATIONS);
    const accepted = await exceptions(snapshot, scope, MAX_EXCEPTIONS);
    const covered = statuses.length;
    const failing = statuses.filter((s) => s.state === 'not-satisfied').length;
    const open = Object.values(severities).reduce((a, b) => a + b, 0);
    const excepted = accepted.reduce((n, e) => n + e.violations, 0);
    const filterText = Object.entries({ ...context.filter, ...(context.repo ? { repo: context.repo } : {}) })
      .filter(([key]) => key !== 'framework')
      .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
      .join(' ');

    const page = html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name} compliance report</title><style>${CSS}</style></head>
<body>
<header><h1>${name}: compliance report</h1>
<p class="meta">Generated ${now.toISOString()} by ${PRODUCT.name} ${PRODUCT.version} from ${scanLine(scan)}.${filterText ? ` Filter: ${filterText}.` : ''}</p></header>
<section class="cards">
  <div class="card"><div class="muted">Score</div><div class="big">${percent(scoreOf(covered, failing))}</div><div>${covered - failing} of ${covered} covered controls have no open violation</div></div>
  <div class="card"><div class="muted">Open violations</div><div class="big">${open}</div><div>${failing} control(s) not satisfied</div></div>
  <div class="card"><div class="muted">Accepted exceptions</div><div class="big">${accepted.length}</div><div>covering ${excepted} violation(s)</div></div>
</section>
<h2>Open violations by severity</h2>${severityTable(severities)}
<h2>Trend over the last ${points.length} scan(s)</h2>${trendChart(points, covered)}${trendTable(points, covered)}
<h2>Controls</h2>${controlsTable(statuses)}
<h2>Most severe open violations</h2>${violationsTable(top, open)}
<h2>Exceptions</h2>${exceptionsTable(accepted, now)}
${accepted.length === MAX_EXCEPTIONS ? html`<p class="muted">Only the first ${MAX_EXCEPTIONS} exceptions are listed.</p>` : ''}
<footer>A control is covered when at least one sweep policy maps to it, and satisfied when no open violation of those policies
exists in this report's scope. Accepted exceptions (suppressions with a reason and an approver) do not fail a control.
Controls of ${name} that no policy maps to are not assessed. The trend replays the recorded violation events up to the end of each scan.</footer>
</body></html>
`;
    out.push(page.text);
    await out.flush();
    context.progress(open);
    return { violations: open + excepted, notes: [] };
  },
};
