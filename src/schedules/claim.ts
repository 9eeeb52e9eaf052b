/**
 * "A scan already running for the same sources is not started twice." Scheduled scans claim their
 * sources: under a Postgres advisory transaction lock keyed by the source set, look for a scan of
 * the same sources still `running` (started within the scan job's time limit — an older one is a
 * crashed worker's leftover), and if there is none insert this scan's `running` row before the
 * lock is released at commit. Two claims for the same sources therefore serialize, and the second
 * sees the first's row: no window between check and insert.
 *
 * Manual (`sweep scan`) and API scans insert their row without the lock. A scheduled scan still
 * sees theirs once inserted; the only race left is a manual scan started in the same few
 * milliseconds as a scheduled one, which then both run — the result is still correct (each scan
 * commits atomically), only redundant.
 */
import type { Store } from '../db/store.ts';

export type ScanClaim = { ok: true; scanId: number } | { ok: false; code: 'already-running'; runningScanId: number; startedAt: string };

/** The same set of sources whatever the order they were given in. */
export function sourcesKey(labels: readonly string[]): string {
  return [...new Set(labels)].sort().join('\n');
}

export async function claimScan(
  store: Store,
  input: { labels: string[]; packs: string[]; staleAfterMs: number },
): Promise<ScanClaim> {
  const labels = [...new Set(input.labels)].sort();
  return store.transaction(async (tx) => {
    // Two-key form: the first names what is locked, so other advisory lock users never collide.
    await tx.query(`select pg_advisory_xact_lock(hashtext('sweep:scan-sources'), hashtext($1))`, [sourcesKey(labels)]);
    const [running] = await tx.query<{ id: number | string; started_at: Date | string }>(
      `select id, started_at from scans
       where status = 'running' and sources @> $1::jsonb and sources <@ $1::jsonb
         and started_at > now() - make_interval(secs => $2::double precision)
       order by id desc limit 1`,
      [JSON.stringify(labels), input.staleAfterMs / 1000],
    );
    if (running) return { ok: false, code: 'already-running', runningScanId: Number(running.id), startedAt: new Date(running.started_at).toISOString() };
    const [row] = await tx.query<{ id: number | string }>(
      `insert into scans (trigger, sources, packs, status) values ('schedule', $1, $2, 'running') returning id`,
      [JSON.stringify(labels), JSON.stringify(input.packs)],
    );
    return { ok: true, scanId: Number(row.id) };
  });
}
