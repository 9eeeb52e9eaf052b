/**
 * Yields to the event loop. A scan's CPU-bound work (evaluating, encoding) runs in slices with a
 * turn between them, so the database writes queued behind it get their next statement or COPY
 * chunk out instead of waiting for the whole batch to finish.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Resources (or findings) evaluated or encoded between two turns. */
export const TURN_SLICE = 500;
