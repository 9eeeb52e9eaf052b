/**
 * What a running server does on a timer: fold the count deltas (so reading them stays a few
 * hundred rows) and release violations whose suppression expired. Both are safe beside other
 * writers and beside another server doing the same.
 */
import type { Store } from '../db/store.ts';
import { compactCounts } from '../violations/counts.ts';
import { expireSuppressions } from '../violations/suppress.ts';

export function startMaintenance(store: Store, options: { clock: () => Date; log: (line: string) => void; everyMs?: number }): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await compactCounts(store);
      const released = await expireSuppressions(store, 'system:suppression-expiry', options.clock());
      if (released > 0) options.log(`${released} violations back in the backlog: their suppression expired`);
    } catch (error) {
      options.log(`maintenance failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, options.everyMs ?? 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
