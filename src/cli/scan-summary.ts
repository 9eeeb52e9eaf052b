import type { ScanReport } from '../engine/scan.ts';
import type { BacklogSummary } from '../violations/summary.ts';
import type { CliContext } from './context.ts';
import { formatTable } from './table.ts';

/** The human summary `sweep scan` and `sweep demo` print after a scan. */
export function printScanSummary(context: CliContext, report: ScanReport, backlog: BacklogSummary): void {
  const c = report.counts;
  const resources = report.sources.reduce((n, s) => n + s.read, 0);
  context.print(
    `scan ${report.scanId} ${report.status} in ${(report.durationMs / 1000).toFixed(1)}s: ` +
      `${resources} resources from ${report.sources.length} source(s), ${report.rules} rules, ${report.evaluations} evaluations`,
  );
  for (const source of report.sources) {
    const outcome = source.error ? `FAILED: ${source.error}` : `${source.findings} findings`;
    context.print(
      `  ${source.source}: ${source.read} read, ${source.mapped} mapped, ${source.unknownTypes} unknown types, ` +
        `${source.error ? 1 : 0} errors — ${outcome}`,
    );
  }
  if (report.status === 'partial') context.print('scan is PARTIAL: the failed sources were not reconciled (their stored state is unchanged)');
  const excluded = Object.entries(report.excluded);
  if (excluded.length > 0) {
    const total = excluded.reduce((n, [, count]) => n + count, 0);
    context.print(`excluded by config: ${total} (${excluded.map(([policy, count]) => `${policy} ${count}`).join(', ')}); list them with \`sweep exclusions --scan ${report.scanId}\``);
  }
  context.print(`violations: ${c.new} new, ${c.open} still open, ${c.reopened} reopened, ${c.resolved} resolved`);
  const s = backlog.bySeverity;
  context.print(`open by severity: critical ${s.critical}  high ${s.high}  medium ${s.medium}  low ${s.low}  (total ${backlog.total})`);
  context.print('');
  context.print(
    formatTable(
      ['FRAMEWORK', 'OPEN VIOLATIONS', 'FAILING CONTROLS'],
      backlog.byFramework.map((f) => [f.framework, String(f.violations), `${f.failingControls} of ${f.coveredControls} covered`]),
    ),
  );
  for (const error of report.policyErrors) {
    const where = error.first.resourceKey ? ` on ${error.first.resourceKey}` : '';
    context.print(`policy error: ${error.policyId} threw ${error.count}x (first${where} in ${error.first.origin}: ${error.first.message})`);
  }
}
