/**
 * `--format csv`: one row per violation, RFC 4180 (comma-separated, CRLF line ends, fields with a
 * comma, quote, CR or LF enclosed in double quotes with inner quotes doubled), UTF-8 without BOM.
 *
 * Formula-injection guard: spreadsheet programs execute a cell that starts with `=`, `+`, `-`, `@`
 * (and, in some, a tab or carriage return). Resource names, tags-derived text and messages come
 * from the estate, i.e. from anyone who can name a bucket, so every text cell starting with one of
 * those characters gets a leading `'` (OWASP's recommendation), which spreadsheets show as text.
 * Numeric columns (ids, scan numbers) are never prefixed.
 */
import type { ReportRow } from './rows.ts';
import { violationRows } from './rows.ts';
import type { ReportWriter } from './types.ts';

export const CSV_COLUMNS = [
  'id',
  'fingerprint',
  'resource_key',
  'resource_name',
  'resource_type',
  'account',
  'region',
  'rule_id',
  'rule_title',
  'severity',
  'status',
  'change',
  'owner',
  'due_at',
  'controls',
  'remediation',
  'iac_repo',
  'iac_location',
  'pr_url',
  'first_seen_scan',
  'first_seen_at',
  'last_seen_scan',
  'last_seen_at',
  'resolved_at',
  'resolved_how',
  'suppression_reason',
  'suppression_approved_by',
  'suppression_expires_at',
  'message',
] as const;

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV text cell: guarded against formula injection, then quoted per RFC 4180 when needed. */
export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

function csvNumber(value: number | null): string {
  return value === null ? '' : String(value);
}

function iacLocation(row: ReportRow): string | null {
  if (!row.iac.path) return null;
  return row.iac.line ? `${row.iac.path}:${row.iac.line}` : row.iac.path;
}

export function csvLine(row: ReportRow): string {
  return [
    csvNumber(row.id),
    csvText(row.fingerprint),
    csvText(row.resource.key),
    csvText(row.resource.name),
    csvText(row.resource.type),
    csvText(row.resource.account),
    csvText(row.resource.region),
    csvText(row.rule.id),
    csvText(row.rule.title),
    csvText(row.severity),
    csvText(row.status),
    csvText(row.change),
    csvText(row.owner),
    csvText(row.dueAt),
    csvText(row.controls.join(';')),
    csvText(row.remediation),
    csvText(row.iac.repo),
    csvText(iacLocation(row)),
    csvText(row.pullRequest?.url),
    csvNumber(row.firstSeen.scan),
    csvText(row.firstSeen.at),
    csvNumber(row.lastSeen.scan),
    csvText(row.lastSeen.at),
    csvText(row.resolvedAt),
    csvText(row.resolvedHow),
    csvText(row.suppression?.reason),
    csvText(row.suppression?.approvedBy),
    csvText(row.suppression?.expiresAt),
    csvText(row.message),
  ].join(',');
}

export const csvWriter: ReportWriter = {
  format: 'csv',
  description: 'one row per violation (spreadsheets, BI tools)',
  extension: 'csv',
  mediaType: 'text/csv; charset=utf-8',
  needsFramework: false,
  async write(context, out) {
    out.push(CSV_COLUMNS.join(',') + '\r\n');
    let count = 0;
    for await (const batch of violationRows(context.snapshot, context.scope(), context)) {
      for (const row of batch) out.push(csvLine(row) + '\r\n');
      count += batch.length;
      await out.flush();
      context.progress(count);
    }
    await out.flush();
    return { violations: count, notes: [] };
  },
};
