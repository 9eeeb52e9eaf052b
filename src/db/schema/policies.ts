/** The policy library as rows, synced from policies/ at start so SQL can filter by framework and control. */
import { boolean, jsonb, pgTable, primaryKey, text, index } from 'drizzle-orm/pg-core';

export const policies = pgTable('policies', {
  id: text('id').primaryKey(),
  kind: text('kind').$type<'resource' | 'stack'>().notNull(),
  title: text('title').notNull(),
  severity: text('severity').notNull(),
  rationale: text('rationale').notNull(),
  remediation: text('remediation').notNull(),
  resourceTypes: jsonb('resource_types').$type<string[]>().notNull(),
  hasPropertyFix: boolean('has_property_fix').notNull(),
  template: text('template'),
});

export const controls = pgTable(
  'controls',
  {
    framework: text('framework').notNull(),
    control: text('control').notNull(),
    title: text('title').notNull(),
    family: text('family').notNull(),
  },
  (t) => [primaryKey({ columns: [t.framework, t.control] })],
);

export const policyControls = pgTable(
  'policy_controls',
  {
    policyId: text('policy_id').notNull(),
    framework: text('framework').notNull(),
    control: text('control').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.policyId, t.framework, t.control] }),
    index('policy_controls_control_idx').on(t.framework, t.control),
  ],
);
