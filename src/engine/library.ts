/**
 * Writes the policy library (rules, catalogs, mappings) into the policies / controls /
 * policy_controls tables so listings and exports can filter by framework and control in SQL.
 * Idempotent; runs in one transaction so a reader never sees half a library.
 */
import type { Catalog } from '../../policies/catalog/types.ts';
import type { Rule } from '../../policies/rule.ts';
import type { Store } from '../db/store.ts';
import { copyLine } from '../db/copy-text.ts';

export async function syncLibrary(store: Store, rules: readonly Rule[], catalogs: readonly Catalog[]): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.query('delete from policy_controls');
    await tx.query('delete from controls');
    await tx.query(`create temp table stage_policies (like policies) on commit drop`);
    await tx.copyFrom(
      'COPY stage_policies (id, kind, title, severity, rationale, remediation, resource_types, has_property_fix, template) FROM STDIN',
      rules.map((rule) =>
        copyLine([
          rule.id,
          rule.kind,
          rule.title,
          rule.severity,
          rule.rationale,
          rule.remediation,
          rule.resourceTypes,
          rule.kind === 'resource' && rule.remediateResource !== undefined,
          rule.template ?? null,
        ]),
      ),
    );
    // Rules that left the library keep their row: old violations still point at them.
    await tx.query(`
      insert into policies select * from stage_policies
      on conflict (id) do update set kind = excluded.kind, title = excluded.title, severity = excluded.severity,
        rationale = excluded.rationale, remediation = excluded.remediation, resource_types = excluded.resource_types,
        has_property_fix = excluded.has_property_fix, template = excluded.template`);
    await tx.copyFrom(
      'COPY controls (framework, control, title, family) FROM STDIN',
      catalogs.flatMap((catalog) => catalog.controls.map((c) => copyLine([catalog.framework, c.id, c.title, c.family]))),
    );
    const mappings = new Set<string>();
    for (const rule of rules) for (const c of rule.controls) mappings.add(copyLine([rule.id, c.framework, c.control]));
    await tx.copyFrom('COPY policy_controls (policy_id, framework, control) FROM STDIN', mappings);
  });
}
