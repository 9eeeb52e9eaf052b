/**
 * `--format json`: `{"format":"sweep-violations","version":1,"generated":…,"scan":{…},
 * "filter":{…},"violations":[…],"count":N}`. Written as a stream: the head, then each row as it is
 * fetched, then the tail — so `count` comes last and the document is valid only once complete
 * (with `--out` the file appears only then).
 */
import { latestScan, violationRows } from './rows.ts';
import type { ReportWriter } from './types.ts';

export const JSON_FORMAT_VERSION = 1;

export const jsonWriter: ReportWriter = {
  format: 'json',
  description: 'the CSV rows as objects, plus the latest scan and its diff',
  extension: 'json',
  mediaType: 'application/json',
  needsFramework: false,
  async write(context, out) {
    const scan = await latestScan(context.snapshot);
    const filter = { ...context.filter, ...(context.repo ? { repo: context.repo } : {}) };
    out.push(
      `{"format":"sweep-violations","version":${JSON_FORMAT_VERSION},"generated":${JSON.stringify(context.now.toISOString())},` +
        `"scan":${JSON.stringify(scan)},"filter":${JSON.stringify(filter)},"violations":[`,
    );
    let count = 0;
    for await (const batch of violationRows(context.snapshot, context.scope(), context)) {
      for (const row of batch) {
        out.push((count === 0 ? '\n' : ',\n') + JSON.stringify(row));
        count++;
      }
      await out.flush();
      context.progress(count);
    }
    out.push(`${count === 0 ? '' : '\n'}],"count":${count}}\n`);
    await out.flush();
    return { violations: count, notes: [] };
  },
};
