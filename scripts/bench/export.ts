/**
 * `npm run bench:export -- [--violations N] [--format csv] [--database-url URL] [--keep] [--out FILE]`
 * Generates N violations (default 1,000,000) with generate_series straight into a fresh Postgres
 * database — resources, violations across every policy of the library, one event each, owners, due
 * dates, an exception, resolved rows — then times one export to a file and prints JSON with the
 * duration, throughput, file size and peak RSS (process.resourceUsage().maxRSS). The generation
 * runs inside the server, so the peak RSS is the export's. The raw baseline is psql's
 * `\copy (select * from violations) to … csv` of the same table: the export does that plus the
 * joins (controls, exceptions, PRs) and the format's own encoding.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogs, rules } from '../../policies/index.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import type { Store } from '../../src/db/store.ts';
import { syncLibrary } from '../../src/engine/library.ts';
import { exportReport, isReportFormat, writeFileAtomically, type ReportFormat } from '../../src/reports/index.ts';
import { createTestDatabase } from '../../test/support/stores.ts';
import { benchArgs, numberArg, peakRssMb } from './args.ts';

export interface ExportBenchResult {
  benchmark: 'export';
  format: ReportFormat;
  violations: number;
  generateMs: number;
  exportMs: number;
  rowsPerSec: number;
  fileMb: number;
  rssBeforeExportMb: number;
  peakRssMb: number;
  /** psql `\copy … to csv` of the violations table, and its time over the export's (1 = as fast). */
  copyMs: number;
  vsCopy: number;
}

async function copyBaseline(databaseUrl: string, dir: string): Promise<number> {
  const file = join(dir, 'violations-copy.csv');
  const started = performance.now();
  await promisify(execFile)('psql', [databaseUrl, '-q', '-c', `\\copy (select * from violations) to '${file}' with (format csv, header)`]);
  const ms = performance.now() - started;
  await rm(file);
  return ms;
}

const STACKS = 50;

/** Four violations per resource, spread over all policies; statuses and owners mixed like a real backlog. */
async function generate(store: Store, violations: number): Promise<void> {
  const resources = Math.ceil(violations / 4);
  const policyIds = rules.map((rule) => rule.id);
  await store.query(`insert into scans (trigger, sources, packs, status, started_at, finished_at, counts) values
    ('schedule', '["bench"]', '[]', 'succeeded', now() - interval '1 day', now() - interval '1 day' + interval '5 minutes', '{"counts":{"new":${violations}}}'),
    ('schedule', '["bench"]', '[]', 'succeeded', now() - interval '1 hour', now() - interval '55 minutes', '{"counts":{"new":0,"open":${violations}}}')`);
  await store.query(`insert into suppressions (reason, approved_by, created_by, expires_at)
    values ('Accepted for the migration window, "legacy" estate', 'ciso@example.com', 'bench', now() + interval '90 days')`);
  await store.query(`insert into pull_requests (forge, repo, branch, batch_key, number, url, title, body, state)
    values ('github', 'acme/infra', 'sweep/bench', 'bench', 1, 'https://github.com/acme/infra/pull/1', 'bench', 'bench', 'open')`);
  await store.query(
    `insert into resources (key, scope, type, native_type, name, provider, account, region, urn, native_id, role, source,
       props, tags, iac, first_seen_scan, last_seen_scan)
     select 'pulumi:bench/s' || (g % ${STACKS}) || ':urn:pulumi:s::bench::aws:s3/bucket:Bucket::b' || g,
       'pulumi:bench/s' || (g % ${STACKS}), 'aws:s3/bucket:Bucket', 'aws:s3/bucket:Bucket',
       case when g % 1000 = 0 then 'bucket, "quoted" =' || g else 'bucket-' || g end,
       'aws', lpad((g % 20)::text, 12, '1'), 'us-east-1', 'urn:pulumi:s::bench::aws:s3/bucket:Bucket::b' || g, 'b' || g,
       'custom', 'bench', '{}', '{}',
       jsonb_build_object('kind', 'pulumi', 'repo', 'acme/infra', 'path', 'stacks/s' || (g % ${STACKS}) || '/index.ts', 'line', 1 + g % 900),
       1, 2
     from generate_series(1, $1::int) g`,
    [resources],
  );
  await store.query(
    `insert into violations (fingerprint, policy_id, resource_key, scope, resource_type, account, severity, status, message,
       assignee, due_at, first_seen_scan, last_seen_scan, resolved_at, resolved_how, suppression_id, pull_request_id)
     select md5(p.id || r.key), p.id, r.key, r.scope, r.type, r.account, p.severity,
       case when g % 20 = 0 then 'resolved' when g % 25 = 1 then 'suppressed' when g % 7 = 0 then 'assigned'
            when g % 101 = 0 then 'fix_proposed' else 'open' end,
       r.name || ': ' || p.title,
       case when g % 7 = 0 then 'team-' || (g % 13) end,
       case when g % 3 = 0 then now() + (g % 180) * interval '1 day' end,
       case when g % 10 = 0 then 2 else 1 end, case when g % 20 = 0 then 1 else 2 end,
       case when g % 20 = 0 then now() - interval '1 hour' end, case when g % 20 = 0 then 'passing' end,
       case when g % 25 = 1 then 1 end, case when g % 101 = 0 then 1 end
     from generate_series(1, $1::int) g
       join policies p on p.id = ($2::text[])[1 + g % $3::int]
       join resources r on r.key = 'pulumi:bench/s' || (((g - 1) / 4 + 1) % ${STACKS}) || ':urn:pulumi:s::bench::aws:s3/bucket:Bucket::b' || ((g - 1) / 4 + 1)
     on conflict (fingerprint) do nothing`,
    [violations, policyIds, policyIds.length],
  );
  await store.query(`insert into violation_events (violation_id, scan_id, actor, from_status, to_status, reason, at)
    select id, first_seen_scan, 'bench', null, 'open', 'detected', now() - interval '1 day' from violations`);
  await store.query('analyze');
}

export async function benchExport(options: { violations: number; format: ReportFormat; databaseUrl?: string; keep?: boolean; out?: string }): Promise<ExportBenchResult> {
  const database = options.databaseUrl ? undefined : await createTestDatabase();
  const store = await openPostgres(options.databaseUrl ?? database!.url);
  const dir = await mkdtemp(join(tmpdir(), 'sweep-bench-export-'));
  const out = options.out ?? join(dir, `backlog.${options.format}`);
  try {
    await syncLibrary(store, rules, catalogs);
    const generated = performance.now();
    await generate(store, options.violations);
    const generateMs = performance.now() - generated;
    const [{ n }] = await store.query<{ n: number | string }>('select count(*) as n from violations');
    const rssBeforeExportMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
    const started = performance.now();
    const stats = await writeFileAtomically(out, (target) =>
      exportReport(store, { format: options.format, filter: options.format === 'oscal' || options.format === 'html' ? { framework: 'nist-800-53' } : {} }, target),
    );
    const exportMs = performance.now() - started;
    const size = (await stat(out)).size;
    const copyMs = await copyBaseline(options.databaseUrl ?? database!.url, dir);
    return {
      benchmark: 'export',
      format: options.format,
      violations: Number(n),
      generateMs: Math.round(generateMs),
      exportMs: Math.round(exportMs),
      rowsPerSec: Math.round(stats.violations / (exportMs / 1000)),
      fileMb: Math.round(size / 1024 / 1024),
      rssBeforeExportMb,
      peakRssMb: peakRssMb(),
      copyMs: Math.round(copyMs),
      vsCopy: Number((copyMs / exportMs).toFixed(2)),
    };
  } finally {
    await store.close();
    if (!options.keep) await database?.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = benchArgs(process.argv.slice(2));
  const format = args.get('format') ?? 'csv';
  if (!isReportFormat(format)) throw new Error(`--format must be a report format (got ${format})`);
  const result = await benchExport({
    violations: numberArg(args, 'violations', 1_000_000),
    format,
    databaseUrl: args.get('database-url'),
    keep: args.has('keep'),
    out: args.get('out'),
  });
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}
