/**
 * Checks a schedule's cron pattern and time zone before it reaches BullMQ, which would otherwise
 * accept an empty pattern and fail only when a worker computes the next run.
 */
import { getNextMillis } from 'bullmq';
import { usageError } from '../errors.ts';

/** Throws a usage error (exit 2) naming the bad pattern or zone; returns the next run time. */
export function validateCron(pattern: string, tz: string | undefined, now: Date = new Date()): Date {
  if (tz !== undefined) {
    try {
      // Intl knows the IANA zone database; cron-parser's own error for a bad zone is unreadable.
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
    } catch {
      throw usageError(`--tz "${tz}" is not a known time zone`, 'use an IANA name such as Europe/Paris or UTC');
    }
  }
  const fields = pattern.trim().split(/\s+/).filter(Boolean);
  if (fields.length < 5 || fields.length > 6) {
    throw usageError(`--cron "${pattern}" needs 5 fields (minute hour day month weekday) or 6 with seconds first`, 'e.g. "0 2 * * *" for 02:00 every day');
  }
  let next: number | undefined;
  try {
    next = getNextMillis(now.getTime(), { pattern: fields.join(' '), tz });
  } catch (error) {
    throw usageError(`--cron "${pattern}" is not a valid cron pattern: ${(error as Error).message}`, 'e.g. "0 2 * * *" for 02:00 every day');
  }
  if (next === undefined || Number.isNaN(next)) throw usageError(`--cron "${pattern}" never fires`);
  return new Date(next);
}
