/** Option parsing shared by commands: repeatable flags, enums checked with a usage error (exit 2). */
import { FRAMEWORKS, SEVERITIES, type Framework, type Severity } from '../../policies/rule.ts';
import { VIOLATION_STATUSES } from '../db/schema/index.ts';
import { usageError } from '../errors.ts';
import { violationFilterSchema, type ViolationFilter } from '../violations/filter.ts';

/** Commander accumulator for repeatable options; also splits `a,b`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

export function oneOf<T extends string>(flag: string, allowed: readonly T[], value: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw usageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

export function parseSeverity(flag: string, value: string): Severity {
  return oneOf(flag, SEVERITIES, value);
}

export function parseFrameworks(values: string[] | undefined): Framework[] {
  return (values ?? []).map((value) => oneOf('--pack', FRAMEWORKS, value));
}

export function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw usageError(`${flag} must be a positive integer (got "${value}")`);
  return n;
}

export interface FilterFlags {
  framework?: string;
  control?: string;
  severity?: string[];
  status?: string[];
  policy?: string[];
  type?: string[];
  account?: string[];
  owner?: string[];
  overdue?: boolean;
}

/** The filter flags every listing and bulk command takes. */
export function addFilterOptions<T extends { option(flags: string, description: string, fn?: any): T }>(command: T): T {
  return command
    .option('--framework <key>', `framework: ${FRAMEWORKS.join(', ')}`)
    .option('--control <id>', 'control id within --framework, e.g. 2.1.1, SC-28')
    .option('--severity <level...>', `one or more of ${SEVERITIES.join(', ')}`, collect)
    .option('--status <status...>', `one or more of ${VIOLATION_STATUSES.join(', ')}`, collect)
    .option('--policy <id...>', 'policy ids', collect)
    .option('--type <token...>', 'resource type tokens, e.g. aws:s3/bucket:Bucket', collect)
    .option('--account <id...>', 'cloud accounts', collect)
    .option('--owner <name...>', 'assignees (owners, teams, or ai)', collect)
    .option('--overdue', 'only open violations past their SLA due date');
}

export function filterFromFlags(flags: FilterFlags): ViolationFilter {
  if (flags.framework !== undefined) oneOf('--framework', FRAMEWORKS, flags.framework);
  for (const s of flags.severity ?? []) parseSeverity('--severity', s);
  for (const s of flags.status ?? []) oneOf('--status', VIOLATION_STATUSES, s);
  const parsed = violationFilterSchema.safeParse({
    framework: flags.framework,
    control: flags.control,
    severity: flags.severity,
    status: flags.status,
    policy: flags.policy,
    type: flags.type,
    account: flags.account,
    assignee: flags.owner,
    overdue: flags.overdue,
  });
  if (!parsed.success) throw usageError(parsed.error.issues[0].message);
  return parsed.data;
}
