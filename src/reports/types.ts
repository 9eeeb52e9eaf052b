/**
 * The report-writer contract. A writer streams one format from a read-only snapshot of the
 * database into a buffered text output; it never holds the whole backlog in memory (exports of a
 * million violations run through a server-side cursor, batch by batch).
 */
import type { Framework } from '../../policies/rule.ts';
import type { ViolationStatus } from '../db/schema/index.ts';
import type { ViolationFilter } from '../violations/filter.ts';
import type { ReportOutput } from './sink.ts';
import type { Scope, Snapshot } from './rows.ts';

export const REPORT_FORMATS = ['csv', 'json', 'sarif', 'ocsf', 'oscal', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What to export. The filter is the one `sweep violations` takes (src/violations/filter.ts). */
export interface ReportRequest {
  format: ReportFormat;
  filter: ViolationFilter;
  /** Only violations whose resource is declared in this IaC repository (`owner/name` or a local path). */
  repo?: string;
  /** Rows per cursor fetch. @defaultValue 2000 */
  batchSize?: number;
  /** SARIF only: results per run before a new run starts. @defaultValue 25000 (GitHub's hard cap) */
  maxResultsPerRun?: number;
  /** The export's clock, for `generated` stamps. @defaultValue new Date() */
  now?: Date;
}

/** Everything a writer needs, resolved once by `exportReport`. */
export interface ReportContext {
  snapshot: Snapshot;
  filter: ViolationFilter;
  repo?: string;
  framework?: Framework;
  batchSize: number;
  maxResultsPerRun: number;
  now: Date;
  /** The violations in the export: the filter, plus `defaultStatuses` when the filter names no status. */
  scope(defaultStatuses?: readonly ViolationStatus[]): Scope;
  /** Called after each batch with the running row count (the CLI shows it as progress). */
  progress(rows: number): void;
}

export interface ReportStats {
  /** Violations written (for oscal/html: violations the document accounts for). */
  violations: number;
  /** Things the reader of the file should know (e.g. SARIF results left out for lack of a file). */
  notes: string[];
}

export interface ReportWriter {
  format: ReportFormat;
  description: string;
  /** File extension and media type, for `--out` defaults and the HTTP API. */
  extension: string;
  mediaType: string;
  /** oscal and html describe one framework: they need `--framework`. */
  needsFramework: boolean;
  /** Statuses exported when the filter names none (e.g. SARIF leaves resolved violations out). */
  defaultStatuses?: readonly ViolationStatus[];
  write(context: ReportContext, out: ReportOutput): Promise<ReportStats>;
}
