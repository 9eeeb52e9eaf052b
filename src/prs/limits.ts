/**
 * PR creation limits, checked and consumed in one short transaction under an advisory lock so
 * concurrent workers never overshoot: open PRs per repo, new PRs per hour per repo, creations per
 * minute across the fleet. A held PR gets the time its slot frees (its place in the queue of PRs
 * already waiting counts), so `sweep prs list` can say when it will open.
 */
import type { Store } from '../db/store.ts';
import type { PrSettings } from '../config/file.ts';

export type PrLimits = PrSettings['limits'];

export type SlotResult =
  | { ok: true }
  | { ok: false; heldBy: 'open-per-repo' | 'new-per-hour' | 'fleet-per-minute'; until: Date; detail: string };

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Reserves a creation slot for PR `prId` (sets its opened_at), or says which limit holds it and until when. */
export async function reserveSlot(
  store: Store,
  input: { prId: number; forge: string; repo: string; limits: PrLimits; now: Date; recheckMs: number },
): Promise<SlotResult> {
  const { prId, forge, repo, limits, now } = input;
  return store.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('sweep:pr-limits'))`);
    // Waiting in line: PRs of this repo held before this one (by id) go first.
    const [ahead] = await tx.query<{ n: number | string }>(
      `select count(*) as n from pull_requests where forge = $1 and repo = $2 and state = 'scheduled' and opened_at is null
         and held_by in ('open-per-repo', 'new-per-hour') and id < $3`,
      [forge, repo, prId],
    );
    const queued = Number(ahead.n);
    if (limits.openPerRepo > 0) {
      const [open] = await tx.query<{ n: number | string }>(
        `select count(*) as n from pull_requests where forge = $1 and repo = $2 and state in ('open', 'scheduled', 'error') and opened_at is not null and id <> $3`,
        [forge, repo, prId],
      );
      if (Number(open.n) >= limits.openPerRepo) {
        // Nobody knows when a person merges or closes one: look again at the next sync.
        return { ok: false, heldBy: 'open-per-repo', until: new Date(now.getTime() + input.recheckMs), detail: `${open.n} of ${limits.openPerRepo} open PRs in ${repo}` };
      }
    }
    if (limits.newPerHourPerRepo > 0) {
      const recent = await tx.query<{ opened_at: Date | string }>(
        `select opened_at from pull_requests where forge = $1 and repo = $2 and opened_at > $3 and id <> $4 order by opened_at`,
        [forge, repo, new Date(now.getTime() - HOUR), prId],
      );
      if (recent.length + queued >= limits.newPerHourPerRepo) {
        const frees = recent.map((r) => new Date(r.opened_at).getTime() + HOUR);
        const slot = frees[queued % Math.max(frees.length, 1)] ?? now.getTime() + HOUR;
        const until = new Date(Math.max(slot + Math.floor(queued / Math.max(limits.newPerHourPerRepo, 1)) * HOUR, now.getTime() + 1000));
        return { ok: false, heldBy: 'new-per-hour', until, detail: `${recent.length} of ${limits.newPerHourPerRepo} new PRs this hour in ${repo}${queued ? `, ${queued} waiting ahead` : ''}` };
      }
    }
    if (limits.fleetPerMinute > 0) {
      const recent = await tx.query<{ opened_at: Date | string }>(
        `select opened_at from pull_requests where opened_at > $1 and id <> $2 order by opened_at`,
        [new Date(now.getTime() - MINUTE), prId],
      );
      if (recent.length >= limits.fleetPerMinute) {
        const until = new Date(new Date(recent[0].opened_at).getTime() + MINUTE);
        return { ok: false, heldBy: 'fleet-per-minute', until, detail: `${recent.length} of ${limits.fleetPerMinute} PR creations this minute across all repos` };
      }
    }
    await tx.query(`update pull_requests set opened_at = $2, held_by = null, scheduled_for = null where id = $1`, [prId, now]);
    return { ok: true };
  });
}

/** Gives a reserved slot back (the forge refused to open the PR). */
export async function releaseSlot(store: Store, prId: number): Promise<void> {
  await store.query(`update pull_requests set opened_at = null where id = $1 and number is null`, [prId]);
}
