/**
 * Cuts a stream of resources into documents of at most `limit` resources while keeping each
 * scope's documents consecutive, which the scan relies on: it evaluates stack rules when the
 * scope changes, over everything the scope's batches held.
 *
 * A snapshot covers one account, so the common case streams: the first scope seen is the current
 * one and its batches go out as they fill. Items of any other scope (an aggregator's export mixing
 * accounts) are held per scope until the whole target has been read, because the current scope
 * may still recur and must not be split around them. Memory is then bounded by those other
 * accounts' resources, not by one batch; that is the price of never evaluating an account's
 * stack rules on half of it.
 *
 * An item's resources (a bucket and its companions) always land in one batch, and an item seen
 * again (IAM's global resources appear in every region's snapshot; overlapping exports) is kept
 * once: the first occurrence wins (see BatcherOptions.dedupe).
 */
import type { Resource, SourceDocument } from '../resource.ts';

export const BATCH_LIMIT = 5_000;

export interface ScopeBatcher {
  /** Adds one item's resources (owner first); returns the documents that are complete. */
  add(scope: string, origin: string, resources: Resource[]): SourceDocument[];
  /** Everything still held: the current scope's last batch, then each other scope in first-seen order. */
  finish(): SourceDocument[];
}

export interface BatcherOptions {
  /** @defaultValue BATCH_LIMIT */
  limit?: number;
  /**
   * Drop items whose key was seen before. Needed when a target holds several exports (IAM's global
   * resources repeat in every region's snapshot); one command's output never repeats a resource,
   * and the set costs ~250 bytes per item, so a single file skips it.
   * @defaultValue true
   */
  dedupe?: boolean;
}

export function createScopeBatcher(options: BatcherOptions = {}): ScopeBatcher {
  const limit = options.limit ?? BATCH_LIMIT;
  const dedupe = options.dedupe ?? true;
  let current: string | undefined;
  let open: SourceDocument | undefined;
  const held = new Map<string, SourceDocument[]>();
  // Keys carry their scope, so one set covers every account.
  const seen = new Set<string>();

  function isRepeat(key: string): boolean {
    if (!dedupe) return false;
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  }

  /** Appends to the last document of `batches` when it has room and the same origin, else starts one. */
  function append(batches: SourceDocument[], scope: string, origin: string, resources: Resource[]): SourceDocument | undefined {
    const last = batches.at(-1);
    if (last && last.origin === origin && last.resources.length + resources.length <= limit) {
      for (const resource of resources) last.resources.push(resource);
      return undefined;
    }
    const next: SourceDocument = { origin, scope, resources: [...resources] };
    batches.push(next);
    return next;
  }

  return {
    add(scope, origin, resources) {
      if (resources.length === 0 || isRepeat(resources[0].key)) return [];
      current ??= scope;
      if (scope !== current) {
        const batches = held.get(scope) ?? [];
        held.set(scope, batches);
        append(batches, scope, origin, resources);
        return [];
      }
      const batches = open ? [open] : [];
      const started = append(batches, scope, origin, resources);
      if (!started) return [];
      const done = open ? [open] : [];
      open = started;
      return done;
    },
    finish() {
      const documents = open ? [open] : [];
      for (const batches of held.values()) documents.push(...batches);
      open = undefined;
      current = undefined;
      held.clear();
      return documents;
    },
  };
}
