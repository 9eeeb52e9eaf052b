/** Pieces several routes share: cursors, page sizes, bulk targets, the filter from a query string. */
import { z } from 'zod';
import type { QueueRuntime } from '../../queue/runtime.ts';
import { violationFilterSchema, type ViolationFilter } from '../../violations/filter.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiError, invalid } from '../http.ts';

/** Cursors are opaque to clients: base64url JSON of where the last page ended. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ApiError(400, 'invalid-cursor', 'the cursor is not one this API handed out', { hint: 'start again without cursor' });
  return parsed.data;
}

export const pageFields = {
  limit: z.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
};

/** The filter fields of a query object, checked by the one filter schema (with its cross-field rules). */
export function filterFromQuery(query: Record<string, unknown>): ViolationFilter {
  const picked = Object.fromEntries(Object.keys(violationFilterSchema.shape).filter((k) => query[k] !== undefined).map((k) => [k, query[k]]));
  const parsed = violationFilterSchema.safeParse(picked);
  if (!parsed.success) throw invalid('query', parsed.error);
  return parsed.data;
}

/** The CLI's filter flags as query parameters (lists: repeat the key or separate with commas). */
export const filterQueryShape = violationFilterSchema.shape;

export const MAX_BULK_IDS = 50_000;

/** Bulk writes act on `filter` (everything matching, now) or on `ids` (what the user ticked). */
export const bulkTargetShape = {
  filter: violationFilterSchema.optional(),
  ids: z.array(z.number().int().positive()).min(1).max(MAX_BULK_IDS).optional(),
  /** Count what would change, change nothing. */
  dryRun: z.boolean().optional(),
};

export function exactlyOneTarget(body: { filter?: unknown; ids?: unknown }): boolean {
  return (body.filter === undefined) !== (body.ids === undefined);
}

export const oneTargetMessage = { message: 'give either "filter" or "ids", not both and not neither', path: ['filter'] };

export function targetFilter(body: { filter?: ViolationFilter; ids?: number[] }): ViolationFilter {
  return body.ids ? { ids: body.ids } : (body.filter ?? {});
}

export function requireQueue(deps: ServerDeps): QueueRuntime {
  if (!deps.queue) throw new ApiError(503, 'queue-unavailable', 'this server has no queue to put remediation work on', { hint: '`sweep serve` opens the queue: REDIS_URL, DATABASE_URL or the embedded one' });
  return deps.queue;
}

export function numericParam(params: Record<string, string>, name: string): number {
  const value = params[name];
  if (!/^\d{1,15}$/.test(value ?? '') || Number(value) <= 0) throw new ApiError(400, 'invalid-request', `path.${name}: expected a positive integer`);
  return Number(value);
}

export const iso = (value: Date | string | null | undefined): string | null => (value === null || value === undefined ? null : new Date(value).toISOString());
