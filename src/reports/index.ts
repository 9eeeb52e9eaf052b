/**
 * The report registry — format → writer, listed explicitly — and `exportReport`, the one entry
 * point the CLI (`sweep report`) and the HTTP API use: resolve the request, open a read-only
 * snapshot, run the writer into a buffered output.
 */
import type { Framework } from '../../policies/rule.ts';
import type { Store } from '../db/store.ts';
import { usageError } from '../errors.ts';
import { csvWriter } from './csv.ts';
import { htmlWriter } from './html.ts';
import { jsonWriter } from './json.ts';
import { ocsfWriter } from './ocsf.ts';
import { oscalWriter } from './oscal.ts';
import { buildScope, withSnapshot } from './rows.ts';
import { sarifWriter, GITHUB_MAX_RESULTS_PER_RUN } from './sarif.ts';
import { createOutput, type TextTarget } from './sink.ts';
import { REPORT_FORMATS, type ReportContext, type ReportFormat, type ReportRequest, type ReportStats, type ReportWriter } from './types.ts';

export { REPORT_FORMATS, type ReportFormat, type ReportRequest, type ReportStats, type ReportWriter } from './types.ts';
export { writeFileAtomically, type TextTarget } from './sink.ts';

export const reportWriters: { readonly [F in ReportFormat]: ReportWriter } = {
  csv: csvWriter,
  json: jsonWriter,
  sarif: sarifWriter,
  ocsf: ocsfWriter,
  oscal: oscalWriter,
  html: htmlWriter,
};

/** Rows per cursor fetch: small enough to keep batches in the young generation, large enough to amortise round trips. */
export const DEFAULT_BATCH_SIZE = 2000;

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** Checks a request before anything is opened or written; throws a usage error naming the flag. */
export function reportWriterFor(request: Pick<ReportRequest, 'format' | 'filter'>): ReportWriter {
  if (!isReportFormat(request.format)) throw usageError(`--format must be one of ${REPORT_FORMATS.join(', ')} (got "${request.format}")`);
  const writer = reportWriters[request.format];
  if (writer.needsFramework && !request.filter.framework) {
    throw usageError(`--format ${request.format} describes one framework: add --framework <key>`);
  }
  return writer;
}

export interface ExportOptions {
  /** Running row count after each batch. */
  onProgress?: (rows: number) => void;
}

/** Writes one report to `target`. The caller owns the target (and its atomicity, see writeFileAtomically). */
export async function exportReport(store: Store, request: ReportRequest, target: TextTarget, options: ExportOptions = {}): Promise<ReportStats> {
  const writer = reportWriterFor(request);
  const out = createOutput(target);
  return withSnapshot(store, async (snapshot) => {
    const context: ReportContext = {
      snapshot,
      filter: request.filter,
      repo: request.repo,
      framework: request.filter.framework as Framework | undefined,
      batchSize: request.batchSize ?? DEFAULT_BATCH_SIZE,
      maxResultsPerRun: request.maxResultsPerRun ?? GITHUB_MAX_RESULTS_PER_RUN,
      now: request.now ?? new Date(),
      scope: (defaultStatuses) => buildScope(request.filter, { repo: request.repo, defaultStatuses }),
      progress: (rows) => options.onProgress?.(rows),
    };
    return writer.write(context, out);
  });
}
