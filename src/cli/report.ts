/**
 * `sweep report --format csv|json|sarif|ocsf|oscal|html [--framework <key>] [<filters>] [--repo <repo>] [--out <file>]`
 * Streams the export to stdout, or with --out to a temporary file renamed into place when the
 * export completed (a failed export leaves no file, and an existing one untouched).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { exportReport, REPORT_FORMATS, reportWriterFor, writeFileAtomically, type ReportRequest } from '../reports/index.ts';
import type { CliContext } from './context.ts';
import { addFilterOptions, filterFromFlags, type FilterFlags } from './options.ts';

interface ReportFlags extends FilterFlags {
  format: string;
  repo?: string;
  out?: string;
}

export function registerReport(program: Command, context: CliContext): void {
  const command = program
    .command('report')
    .description('export violations for auditors and tools (csv, json, sarif, ocsf, oscal, html)')
    .requiredOption('--format <format>', `one of ${REPORT_FORMATS.join(', ')}; oscal and html need --framework`);
  addFilterOptions(command)
    .option('--repo <repo>', 'only violations declared in this IaC repository (owner/name); makes SARIF GitHub upload-ready')
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .action(async (flags: ReportFlags) => {
      const request: ReportRequest = { format: flags.format as ReportRequest['format'], filter: filterFromFlags(flags), repo: flags.repo };
      // Usage problems (unknown format, missing --framework) surface before the database is opened.
      reportWriterFor(request);
      const onProgress = (rows: number) => context.progress(`report: ${rows} violations exported`);
      const stats = await context.withStore((store) =>
        flags.out
          ? writeFileAtomically(resolve(context.io.cwd, flags.out), (target) => exportReport(store, request, target, { onProgress }))
          : exportReport(store, request, context.io.stdout, { onProgress }),
      );
      if (context.io.stderr.isTTY) context.io.stderr.write('\r\x1b[K');
      for (const note of stats.notes) context.io.stderr.write(`sweep: note: ${note}\n`);
      if (flags.out) context.print(`wrote ${flags.format} report of ${stats.violations} violations to ${flags.out}`);
    });
}
