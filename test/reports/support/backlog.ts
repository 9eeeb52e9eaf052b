/**
 * A backlog built the way production builds one: three real scans of an inline estate (new,
 * still open, resolved by passing and by deletion, reopened), then the writes other commands make
 * — an assignment with a due date, an accepted exception, a PR link. Resource names carry the
 * hostile text exports must neutralise: markup, a spreadsheet formula, quotes and commas.
 */
import { catalogs } from '../../../policies/index.ts';
import type { Rule } from '../../../policies/rule.ts';
import type { Store } from '../../../src/db/store.ts';
import { syncLibrary } from '../../../src/engine/library.ts';
import { runScan } from '../../../src/engine/scan.ts';
import type { Resource, SourceDocument } from '../../../src/sources/resource.ts';
import { exportReport, type ReportRequest, type ReportStats } from '../../../src/reports/index.ts';
import { assignViolations } from '../../../src/violations/assign.ts';
import { suppressViolations } from '../../../src/violations/suppress.ts';
import { bucket, documentOf, flagRule, inlineSource } from '../../support/inline.ts';

export const SCOPE = 'pulumi:acme/prod';
export const REPO = 'acme/infra';
export const SCRIPT_NAME = '<script>alert("x")</script>,evil';
export const FORMULA_NAME = '=HYPERLINK("http://evil.example","click")';
export const EXCEPTION_REASON = 'Vendor-managed bucket; contract ends <2027> & data moves';

export const RULES: Rule[] = [
  flagRule('bucket-encrypted', 'encrypted', 'high'),
  flagRule('bucket-versioned', 'versioned', 'medium'),
  {
    ...flagRule('bucket-private', 'private', 'critical'),
    title: 'Buckets block public access',
    controls: [
      { framework: 'cis-aws', control: '2.1.4' },
      { framework: 'pci-dss', control: '3.5.1' },
      { framework: 'nist-800-53', control: 'SC-28(1)' },
    ],
  },
];

function located(name: string, props: Record<string, unknown>, path: string, line: number): Resource {
  return { ...bucket(SCOPE, name, props), iac: { kind: 'pulumi', repo: REPO, path, line } };
}

const ok = { encrypted: true, versioned: true, private: true };

function estate(scan: 1 | 2 | 3): SourceDocument[] {
  const resources: Resource[] = [
    located('logs', { private: true }, 'storage/logs.ts', 12),
    located('data', { encrypted: true, private: true }, 'storage/data.ts', 4),
    located(SCRIPT_NAME, { encrypted: true, versioned: true }, 'storage/hostile.ts', 7),
    located(FORMULA_NAME, { versioned: true, private: true }, 'modules/my bucket.ts', 3),
    // Unmanaged: no IaC file, so SARIF can only name the cloud resource.
    { ...bucket(SCOPE, 'unmanaged', { encrypted: true, versioned: true }), iac: { kind: 'none' } },
    located('legacy', { versioned: true, private: true }, 'storage/legacy.ts', 20),
    // Open in scan 1, passing in scan 2, failing again in scan 3: reopened.
    located('flip', scan === 2 ? ok : { ...ok, encrypted: false }, 'storage/flip.ts', 30),
  ];
  if (scan === 1) resources.push(located('tmp', { private: true }, 'storage/tmp.ts', 40));
  if (scan >= 2) resources.push(located('fresh', { encrypted: true, private: true }, 'storage/fresh.ts', 50));
  if (scan === 3) resources.push(located('newest', { encrypted: true, versioned: true }, 'storage/newest.ts', 60));
  return [documentOf(SCOPE, resources)];
}

async function scan(store: Store, n: 1 | 2 | 3): Promise<void> {
  await runScan(
    { store, sources: new Map([['inline', inlineSource({ [`scan-${n}`]: estate(n) })]]), context: { cwd: process.cwd() } },
    { sources: [{ kind: 'inline', target: `scan-${n}` }], rules: RULES, packs: [], trigger: 'manual', actor: 'test' },
  );
}

async function idsOf(store: Store, resource: string): Promise<number[]> {
  const rows = await store.query<{ id: number | string }>('select id from violations where resource_key = $1 order by id', [`${SCOPE}:${resource}`]);
  return rows.map((r) => Number(r.id));
}

export interface Backlog {
  suppressionId: number;
  prUrl: string;
}

export async function buildBacklog(store: Store): Promise<Backlog> {
  await syncLibrary(store, RULES, catalogs);
  await scan(store, 1);
  await scan(store, 2);
  await scan(store, 3);

  await assignViolations(store, { ids: await idsOf(store, 'logs') }, 'team-storage', 'test', 'owner of the log buckets');
  await store.query(`update violations set due_at = '2027-01-15T00:00:00Z' where resource_key = $1`, [`${SCOPE}:logs`]);

  const suppressed = await suppressViolations(
    store,
    { filter: { ids: await idsOf(store, 'legacy') }, reason: EXCEPTION_REASON, approvedBy: 'ciso@acme.example', expiresAt: new Date('2027-03-01T00:00:00Z'), actor: 'alice' },
    // A fixed clock: the expiry must lie in the future of "now" whenever the suite runs.
    new Date('2026-06-01T00:00:00Z'),
  );
  const suppressionId = suppressed.suppressionId!;

  const prUrl = 'https://github.com/acme/infra/pull/7';
  const [pr] = await store.query<{ id: number | string }>(
    `insert into pull_requests (forge, repo, branch, batch_key, number, url, title, body, state)
     values ('github', 'acme/infra', 'sweep/bucket-versioned/prod', 'bucket-versioned/prod', 7, $1, 'Enable versioning', 'body', 'open') returning id`,
    [prUrl],
  );
  await store.query(`update violations set pull_request_id = $1, status = 'fix_proposed' where resource_key = $2 and policy_id = 'bucket-versioned'`, [
    Number(pr.id),
    `${SCOPE}:data`,
  ]);
  return { suppressionId, prUrl };
}

/** Runs an export into a string. */
export async function exportText(store: Store, request: ReportRequest): Promise<{ text: string; stats: ReportStats }> {
  let text = '';
  const stats = await exportReport(store, request, { write: (chunk: string) => (text += chunk) });
  return { text, stats };
}
