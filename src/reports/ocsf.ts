/**
 * `--format ocsf`: OCSF 1.1.0 Compliance Finding events (class 2003, category 2 Findings), one JSON
 * object per line (JSON Lines / NDJSON) — the shape SIEM and data-lake pipelines (Security Lake,
 * Splunk, OpenSearch) ingest event by event, and streamable without an enclosing array.
 *
 * Mapping: activity from the last scan's diff (new → Create, still open or reopened → Update,
 * resolved → Close); `status_id` 1 New (open, assigned), 2 In Progress (queued … failed),
 * 3 Suppressed, 4 Resolved; `compliance.status_id` 3 Fail (1 Pass once resolved) with
 * `standards` = the frameworks' names and `requirements` = `framework:control`;
 * `finding_info.uid` = the violation fingerprint; times are epoch milliseconds. The cloud account
 * goes in `cloud.account.uid` (the cloud profile); sweep-only fields (owner, due date, exception,
 * PR, IaC location) go in `unmapped.sweep`.
 */
import { catalogFor } from '../../policies/index.ts';
import type { Framework } from '../../policies/rule.ts';
import { PRODUCT } from './product.ts';
import { violationRows, type ReportRow } from './rows.ts';
import type { ReportWriter } from './types.ts';
import { uuidV5 } from './uuid.ts';

export const OCSF_VERSION = '1.1.0';
export const COMPLIANCE_FINDING = { class_uid: 2003, class_name: 'Compliance Finding', category_uid: 2, category_name: 'Findings' } as const;

const ACTIVITY = {
  new: { id: 1, name: 'Create' },
  reopened: { id: 2, name: 'Update' },
  unchanged: { id: 2, name: 'Update' },
  resolved: { id: 3, name: 'Close' },
} as const;

const SEVERITY: Record<string, { id: number; name: string }> = {
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};

export function ocsfStatus(status: string): { id: number; name: string } {
  if (status === 'open' || status === 'assigned') return { id: 1, name: 'New' };
  if (status === 'suppressed') return { id: 3, name: 'Suppressed' };
  if (status === 'resolved') return { id: 4, name: 'Resolved' };
  return { id: 2, name: 'In Progress' };
}

const PROVIDERS: Record<string, string> = { aws: 'AWS', gcp: 'GCP', azure: 'Azure', kubernetes: 'Kubernetes' };

function epochMs(iso: string | null): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

function standardsOf(controls: string[]): string[] {
  const names = new Set<string>();
  for (const ref of controls) {
    const framework = ref.slice(0, ref.indexOf(':')) as Framework;
    names.add(catalogFor(framework)?.name ?? framework);
  }
  return names.size > 0 ? [...names] : [`${PRODUCT.name} policy library`];
}

/** An ARN names its partition (aws, aws-cn, aws-us-gov); nothing else does reliably. */
function partitionOf(nativeId: string | null): string | undefined {
  return nativeId?.startsWith('arn:') ? nativeId.split(':')[1] || undefined : undefined;
}

function drop<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as T;
}

export function ocsfEvent(row: ReportRow) {
  const activity = ACTIVITY[row.change];
  const severity = SEVERITY[row.severity] ?? { id: 0, name: 'Unknown' };
  const status = ocsfStatus(row.status);
  const resolved = row.status === 'resolved';
  const time = epochMs(resolved ? row.resolvedAt : row.lastSeen.at) ?? epochMs(row.lastSeen.at) ?? 0;
  const provider = row.resource.provider ? (PROVIDERS[row.resource.provider] ?? row.resource.provider) : undefined;
  return drop({
    activity_id: activity.id,
    activity_name: activity.name,
    category_uid: COMPLIANCE_FINDING.category_uid,
    category_name: COMPLIANCE_FINDING.category_name,
    class_uid: COMPLIANCE_FINDING.class_uid,
    class_name: COMPLIANCE_FINDING.class_name,
    type_uid: COMPLIANCE_FINDING.class_uid * 100 + activity.id,
    type_name: `${COMPLIANCE_FINDING.class_name}: ${activity.name}`,
    severity_id: severity.id,
    severity: severity.name,
    status_id: status.id,
    status: status.name,
    status_detail: row.status,
    time,
    message: row.message,
    compliance: {
      standards: standardsOf(row.controls),
      requirements: row.controls,
      control: row.rule.id,
      status_id: resolved ? 1 : 3,
      status: resolved ? 'Pass' : 'Fail',
    },
    finding_info: drop({
      uid: row.fingerprint,
      title: row.rule.title,
      desc: row.message,
      types: ['Policy Violation'],
      first_seen_time: epochMs(row.firstSeen.at),
      last_seen_time: epochMs(row.lastSeen.at),
    }),
    resources: [
      drop({
        uid: row.resource.key,
        name: row.resource.name,
        type: row.resource.type,
        region: row.resource.region ?? undefined,
        cloud_partition: partitionOf(row.resource.nativeId),
        data: drop({ native_type: row.resource.nativeType, native_id: row.resource.nativeId, iac: row.iac.path ? row.iac : undefined }),
      }),
    ],
    cloud: provider
      ? drop({ provider, region: row.resource.region ?? undefined, account: row.resource.account ? { uid: row.resource.account } : undefined })
      : undefined,
    remediation: row.remediation ? { desc: row.remediation } : undefined,
    metadata: {
      uid: uuidV5(`ocsf:${row.fingerprint}:${row.lastSeen.scan}:${row.status}`),
      version: OCSF_VERSION,
      product: { name: PRODUCT.name, vendor_name: PRODUCT.vendor, version: PRODUCT.version },
      ...(provider ? { profiles: ['cloud'] } : {}),
    },
    unmapped: {
      sweep: drop({
        violation_id: row.id,
        change: row.change,
        owner: row.owner,
        due_at: row.dueAt,
        suppression: row.suppression,
        pull_request: row.pullRequest,
        resolved_how: row.resolvedHow,
      }),
    },
  });
}

export const ocsfWriter: ReportWriter = {
  format: 'ocsf',
  description: 'OCSF 1.1.0 Compliance Finding events, one JSON object per line',
  extension: 'ocsf.jsonl',
  mediaType: 'application/x-ndjson',
  needsFramework: false,
  async write(context, out) {
    let count = 0;
    for await (const batch of violationRows(context.snapshot, context.scope(), context)) {
      for (const row of batch) out.push(JSON.stringify(ocsfEvent(row)) + '\n');
      count += batch.length;
      await out.flush();
      context.progress(count);
    }
    return { violations: count, notes: [] };
  },
};
