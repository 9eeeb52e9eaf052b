/**
 * The data of a `scan` job, as a schedule's template stores it: what to scan and what to do after.
 * Kept beside the schedules code and imported by the job catalog.
 */
import { z } from 'zod';
import { FRAMEWORKS } from '../../policies/rule.ts';
import { violationFilterSchema } from '../violations/filter.ts';

/** Schedule names become BullMQ scheduler and job ids: no `:` (BullMQ's key separator), no spaces. */
export const SCHEDULE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export const scanJobData = z
  .object({
    schedule: z.string().regex(SCHEDULE_NAME, 'a schedule name: letters, digits, ".", "_" and "-"'),
    /** `kind:target` specs, exactly as `sweep scan --source` takes them. */
    sources: z.array(z.string().min(3)).default([]),
    /** Named connections; with `allConnections` every connection that exists when the job runs. */
    connections: z.array(z.string().min(1)).default([]),
    allConnections: z.boolean().default(false),
    packs: z.array(z.enum(FRAMEWORKS)).default([]),
    /** `--then-remediate`: assign what matches (in the scanned scopes) to `ai` and start a run. */
    thenRemediate: violationFilterSchema.optional(),
    /** Where `schedule add` ran: relative source targets resolve against it, as they did for the user. */
    cwd: z.string().min(1).optional(),
  })
  .strict()
  .refine((d) => d.sources.length > 0 || d.connections.length > 0 || d.allConnections, {
    message: 'a scheduled scan needs at least one source or connection',
    path: ['sources'],
  });

export type ScanJobData = z.infer<typeof scanJobData>;
