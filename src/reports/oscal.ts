/**
 * `--format oscal --framework <key>`: an OSCAL 1.1.2 assessment-results document for one framework.
 *
 * results[0] holds: `local-definitions.inventory-items` (one per resource with a violation),
 * `reviewed-controls` (every control of the framework a policy maps to), `observations` (one per
 * exported violation: open and suppressed by default; method TEST, the resource as subject,
 * collected at the last scan that saw it) and `findings` (one per reviewed control, target
 * `objective-id` `<control-id>_obj`, state `not-satisfied` when an open violation is credited to it,
 * `related-observations` linking those violations). OSCAL arrays must not be empty, so empty ones
 * are left out.
 *
 * Identifiers: every UUID is a v5 UUID of a stable key (fingerprint, resource key, control), so a
 * re-export of the same scan is byte-identical. Control ids become OSCAL tokens the way NIST's own
 * OSCAL catalogs write them (`SC-28(1)` → `sc-28.1`); ids that cannot start a token (CIS `2.1.1`,
 * PCI `3.5.1`) are prefixed with the framework key (`cis-aws_2.1.1`); the original id is kept as a
 * `control-id` prop. `import-ap` points at a placeholder (sweep produces no assessment plan).
 * Written as a stream in three cursor passes over one snapshot: inventory, observations, findings.
 */
import type { Framework } from '../../policies/rule.ts';
import { OPEN_STATUSES } from '../violations/filter.ts';
import { controlStatuses, frameworkName, type ControlStatus } from './framework.ts';
import { PRODUCT } from './product.ts';
import { latestScan, violationRows, type ReportRow, type Scope, type Snapshot } from './rows.ts';
import type { ReportOutput } from './sink.ts';
import type { ReportContext, ReportWriter } from './types.ts';
import { uuidV5 } from './uuid.ts';

export const OSCAL_VERSION = '1.1.2';
/** Namespace of sweep's own props (OSCAL props without `ns` belong to NIST's vocabulary). */
export const SWEEP_OSCAL_NS = 'urn:sweep:oscal';
export const IMPORT_AP_PLACEHOLDER = './assessment-plan.json';

export function oscalControlId(framework: string, control: string): string {
  let id = control
    .toLowerCase()
    .replace(/\(([a-z0-9]+)\)/g, '.$1')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  if (!/^[a-z_]/.test(id)) id = `${framework}_${id}`;
  return id;
}

/** OSCAL prop values are single-line, non-empty, without surrounding whitespace. */
function prop(name: string, value: string | null | undefined, ns: string | undefined = SWEEP_OSCAL_NS) {
  const clean = (value ?? '').replace(/\s+/g, ' ').trim();
  return clean === '' ? undefined : { name, ...(ns ? { ns } : {}), value: clean };
}

function props(...entries: (ReturnType<typeof prop>)[]) {
  const present = entries.filter((entry) => entry !== undefined);
  return present.length > 0 ? { props: present } : {};
}

function observation(row: ReportRow, now: string) {
  const where = row.iac.path ? `${row.iac.repo ? `${row.iac.repo}: ` : ''}${row.iac.path}${row.iac.line ? `:${row.iac.line}` : ''}` : undefined;
  const exception = row.status === 'suppressed'
    ? `Accepted exception${row.suppression?.reason ? `: ${row.suppression.reason}` : ''}` +
      `${row.suppression?.approvedBy ? ` (approved by ${row.suppression.approvedBy}${row.suppression.expiresAt ? `, expires ${row.suppression.expiresAt}` : ''})` : ''}`
    : undefined;
  return {
    uuid: uuidV5(`oscal:observation:${row.fingerprint}`),
    title: row.rule.title,
    description: row.message,
    ...props(prop('policy-id', row.rule.id), prop('severity', row.severity), prop('status', row.status), prop('fingerprint', row.fingerprint), prop('owner', row.owner), prop('due-at', row.dueAt)),
    methods: ['TEST'],
    types: ['finding'],
    subjects: [{ 'subject-uuid': uuidV5(`oscal:inventory-item:${row.resource.key}`), type: 'inventory-item', title: row.resource.key }],
    ...(where ? { 'relevant-evidence': [{ description: `Declared in ${where}` }] } : {}),
    collected: row.lastSeen.at ?? now,
    ...(exception ? { remarks: exception } : {}),
  };
}

function findingHead(framework: Framework, status: ControlStatus): string {
  const id = oscalControlId(framework, status.control);
  const satisfied = status.state === 'satisfied';
  const exceptions = status.suppressed > 0 ? ` ${status.suppressed} violation(s) are accepted exceptions.` : '';
  const finding = {
    uuid: uuidV5(`oscal:finding:${framework}:${status.control}`),
    title: `${status.control} ${status.title}`.trim(),
    description: satisfied
      ? `No open violation of the ${status.policies} sweep polic${status.policies === 1 ? 'y' : 'ies'} mapped to ${status.control}.${exceptions}`
      : `${status.open} open violation(s) of the ${status.policies} sweep polic${status.policies === 1 ? 'y' : 'ies'} mapped to ${status.control}.${exceptions}`,
    ...props(prop('control-id', status.control), prop('family', status.family)),
    target: { type: 'objective-id', 'target-id': `${id}_obj`, status: { state: status.state, reason: satisfied ? 'pass' : 'fail' } },
  };
  // The object stays open: related-observations stream after it.
  return JSON.stringify(finding).slice(0, -1);
}

/** Pulls rows one by one out of batched cursor output (the findings pass merges it with the controls). */
function rowReader<T>(batches: AsyncGenerator<T[]>) {
  let batch: T[] = [];
  let index = 0;
  return {
    async peek(): Promise<T | undefined> {
      while (index >= batch.length) {
        const next = await batches.next();
        if (next.done) return undefined;
        batch = next.value;
        index = 0;
      }
      return batch[index];
    },
    take(): void {
      index++;
    },
  };
}

async function writeInventory(context: ReportContext, scope: Scope, out: ReportOutput): Promise<void> {
  let first = true;
  const query = `select distinct on (v.resource_key) v.resource_key, r.name, v.resource_type, v.account, r.region
    from violations v left join resources r on r.key = v.resource_key where ${scope.where} order by v.resource_key`;
  type Row = { resource_key: string; name: string | null; resource_type: string; account: string | null; region: string | null };
  for await (const batch of context.snapshot.cursor<Row>(query, scope.params, context.batchSize)) {
    for (const row of batch) {
      const item = {
        uuid: uuidV5(`oscal:inventory-item:${row.resource_key}`),
        description: `${row.resource_type} ${row.name ?? row.resource_key}`,
        ...props(prop('asset-id', row.resource_key, undefined), prop('resource-type', row.resource_type), prop('account', row.account), prop('region', row.region)),
      };
      out.push((first ? '"local-definitions":{"inventory-items":[\n' : ',\n') + JSON.stringify(item));
      first = false;
    }
    await out.flush();
  }
  if (!first) out.push(']},');
}

async function writeFindings(snapshot: Snapshot, framework: Framework, statuses: ControlStatus[], scope: Scope, batchSize: number, out: ReportOutput): Promise<void> {
  const n = scope.params.length;
  const reader = rowReader(
    snapshot.cursor<{ control: string; fingerprint: string }>(
      `select pc.control, v.fingerprint from violations v
         join policy_controls pc on pc.policy_id = v.policy_id and pc.framework = $${n + 1}
       where ${scope.where}
       order by array_position($${n + 2}::text[], pc.control), v.id`,
      [...scope.params, framework, statuses.map((s) => s.control)],
      batchSize,
    ),
  );
  out.push('"findings":[');
  for (const [index, status] of statuses.entries()) {
    out.push(`${index === 0 ? '\n' : ',\n'}${findingHead(framework, status)}`);
    let related = 0;
    for (let row = await reader.peek(); row && row.control === status.control; row = await reader.peek()) {
      out.push(`${related === 0 ? ',"related-observations":[' : ','}{"observation-uuid":"${uuidV5(`oscal:observation:${row.fingerprint}`)}"}`);
      related++;
      reader.take();
      if (related % batchSize === 0) await out.flush();
    }
    out.push(related > 0 ? ']}' : '}');
  }
  out.push(']');
}

export const oscalWriter: ReportWriter = {
  format: 'oscal',
  description: 'OSCAL 1.1.2 assessment results for one framework',
  extension: 'oscal.json',
  mediaType: 'application/oscal+json',
  needsFramework: true,
  defaultStatuses: [...OPEN_STATUSES, 'suppressed'],
  async write(context, out) {
    const framework = context.framework!;
    const { snapshot } = context;
    const scope = context.scope([...OPEN_STATUSES, 'suppressed']);
    const scan = await latestScan(snapshot);
    const now = context.now.toISOString();
    const statuses = await controlStatuses(snapshot, framework, scope);
    const name = frameworkName(framework);
    const filterKey = JSON.stringify({ ...context.filter, repo: context.repo });
    const satisfied = statuses.filter((s) => s.state === 'satisfied').length;

    const metadata = {
      title: `sweep assessment results: ${name}`,
      'last-modified': scan?.finishedAt ?? scan?.startedAt ?? now,
      version: scan ? `scan-${scan.id}` : 'no-scan',
      'oscal-version': OSCAL_VERSION,
      ...props(prop('framework', framework), prop('tool', `${PRODUCT.name} ${PRODUCT.version}`)),
    };
    const head = {
      uuid: uuidV5(`oscal:assessment-results:${framework}:${filterKey}`),
      metadata,
      'import-ap': { href: IMPORT_AP_PLACEHOLDER, remarks: 'Placeholder: sweep assesses from its policy library and produces no assessment plan; point this at yours.' },
    };
    const result = {
      uuid: uuidV5(`oscal:result:${framework}:${filterKey}:${scan?.id ?? 'none'}`),
      title: `${name}: automated control assessment`,
      description:
        `Policy evaluation of the cloud estate by ${PRODUCT.name}${scan ? ` (scan ${scan.id})` : ''}. ` +
        `${satisfied} of ${statuses.length} covered controls have no open violation. A control is not satisfied when at least one ` +
        `open violation of a policy mapped to it exists; accepted exceptions (suppressions) are reported but do not fail it.`,
      start: scan?.startedAt ?? now,
      ...(scan?.finishedAt ? { end: scan.finishedAt } : {}),
    };
    const selection =
      statuses.length > 0
        ? { description: `Controls of ${name} that sweep policies map to.`, 'include-controls': statuses.map((s) => ({ 'control-id': oscalControlId(framework, s.control) })) }
        : { description: `No sweep policy maps to a control of ${name}; nothing was assessed.` };

    out.push(`{"assessment-results":${JSON.stringify(head).slice(0, -1)},"results":[${JSON.stringify(result).slice(0, -1)},`);
    await writeInventory(context, scope, out);
    out.push(`"reviewed-controls":${JSON.stringify({ 'control-selections': [selection] })}`);

    let count = 0;
    for await (const batch of violationRows(snapshot, scope, context)) {
      for (const row of batch) out.push((count++ === 0 ? ',"observations":[\n' : ',\n') + JSON.stringify(observation(row, now)));
      await out.flush();
      context.progress(count);
    }
    if (count > 0) out.push(']');
    if (statuses.length > 0) {
      out.push(',');
      await writeFindings(snapshot, framework, statuses, scope, context.batchSize, out);
    }
    out.push('}]}}\n');
    await out.flush();
    return { violations: count, notes: [] };
  },
};
