/**
 * The one violation filter, shared by `sweep violations`, `assign`, `suppress`, `report` and the API.
 * It compiles to a parameterised WHERE clause: values never enter the SQL text.
 */
import { z } from 'zod';
import { FRAMEWORKS, SEVERITIES } from '../../policies/rule.ts';
import { VIOLATION_STATUSES } from '../db/schema/index.ts';

const list = <T extends z.ZodTypeAny>(item: T) => z.array(item).optional();

export const violationFilterSchema = z
  .object({
    framework: z.enum(FRAMEWORKS).optional(),
    control: z.string().min(1).optional(),
    severity: list(z.enum(SEVERITIES)),
    status: list(z.enum(VIOLATION_STATUSES)),
    policy: list(z.string().min(1)),
    type: list(z.string().min(1)),
    account: list(z.string().min(1)),
    scope: list(z.string().min(1)),
    assignee: list(z.string().min(1)),
    ids: list(z.number().int().positive()),
    /** Open (backlog) violations past their SLA due date. */
    overdue: z.boolean().optional(),
  })
  .strict()
  .refine((f) => f.control === undefined || f.framework !== undefined, {
    message: '--control needs --framework (control ids are per framework)',
    path: ['control'],
  });

export type ViolationFilter = z.infer<typeof violationFilterSchema>;

/** Statuses that count as the open backlog. */
export const OPEN_STATUSES = ['open', 'assigned', 'queued', 'fixing', 'fix_proposed', 'fix_merged', 'needs_human', 'failed'] as const;

export interface CompiledFilter {
  where: string;
  params: unknown[];
}

/** `alias` is the violations table alias in the surrounding query; `firstParam` the next $n. */
export function compileFilter(filter: ViolationFilter, alias = 'v', firstParam = 1): CompiledFilter {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  // One value is compiled as `=`: Postgres reads a composite index (account, severity rank, id) in
  // order for `=`, but not for `= any(array)`, which would sort every matching row instead.
  const anyOf = (column: string, values: readonly unknown[] | undefined, cast = 'text') => {
    if (!values || values.length === 0) return;
    if (values.length === 1) clauses.push(`${alias}.${column} = ${param(values[0])}::${cast}`);
    else clauses.push(`${alias}.${column} = any(${param(values)}::${cast}[])`);
  };
  anyOf('severity', filter.severity);
  anyOf('status', filter.status);
  anyOf('policy_id', filter.policy);
  anyOf('resource_type', filter.type);
  anyOf('account', filter.account);
  anyOf('scope', filter.scope);
  anyOf('assignee', filter.assignee);
  anyOf('id', filter.ids, 'bigint');
  if (filter.overdue) {
    clauses.push(`${alias}.due_at < now() and ${alias}.status = any(${param([...OPEN_STATUSES])}::text[])`);
  }
  if (filter.framework) {
    const control = filter.control ? ` and pc.control = ${param(filter.control)}` : '';
    clauses.push(
      `exists (select 1 from policy_controls pc where pc.policy_id = ${alias}.policy_id and pc.framework = ${param(filter.framework)}${control})`,
    );
  }
  return { where: clauses.length > 0 ? clauses.join(' and ') : 'true', params };
}
