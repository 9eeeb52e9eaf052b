/**
 * Applies a model's search/replace edits to the allowed files, in memory. Each `search` must
 * occur exactly once (after earlier edits to the same file), so an edit lands where the model
 * saw it or not at all; paths outside the allowed set are refused outright. Placeholders are
 * restored before matching, and afterwards every secret must still be in the file exactly as
 * often as before: an edit may move around a secret but never rewrite, drop or invent one.
 */
import { PLACEHOLDER_PREFIX, restoreSecrets, type SecretVault } from './redact.ts';

export interface SearchReplace {
  path: string;
  search: string;
  replace: string;
}

export type ApplyResult =
  | { ok: true; texts: Map<string, string> }
  | { ok: false; code: 'edit-outside-files' | 'edit-not-applied' | 'edit-touches-secret' | 'no-edits'; reason: string };

function occurrences(text: string, search: string): number {
  let count = 0;
  for (let at = text.indexOf(search); at >= 0; at = text.indexOf(search, at + 1)) count++;
  return count;
}

/** `./a.ts` and `a.ts` name the same file; anything else must match the listed path exactly. */
function normalise(path: string): string {
  return path.trim().replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

/**
 * @param originals program-relative path → original (unredacted) text of every allowed file
 * @returns the changed texts of the files the edits touched
 */
export function applyEdits(originals: ReadonlyMap<string, string>, edits: readonly SearchReplace[], vault: SecretVault): ApplyResult {
  if (edits.length === 0) return { ok: false, code: 'no-edits', reason: 'the model proposed no edits' };
  const texts = new Map<string, string>();
  for (const [index, edit] of edits.entries()) {
    const path = normalise(edit.path);
    const original = originals.get(path);
    if (original === undefined) {
      return {
        ok: false,
        code: 'edit-outside-files',
        reason: `edit ${index + 1} targets ${JSON.stringify(edit.path)}, which is not one of the files it may change (${[...originals.keys()].join(', ')})`,
      };
    }
    const search = restoreSecrets(edit.search, vault);
    const replace = restoreSecrets(edit.replace, vault);
    const current = texts.get(path) ?? original;
    const count = search === '' ? 0 : occurrences(current, search);
    if (count !== 1) {
      const why = search === '' ? 'its search text is empty' : count === 0 ? 'its search text is not in the file' : `its search text occurs ${count} times`;
      return { ok: false, code: 'edit-not-applied', reason: `edit ${index + 1} on ${path} cannot be applied: ${why}` };
    }
    const at = current.indexOf(search);
    texts.set(path, current.slice(0, at) + replace + current.slice(at + search.length));
  }
  for (const [path, text] of texts) {
    if (text.includes(PLACEHOLDER_PREFIX)) {
      return { ok: false, code: 'edit-touches-secret', reason: `the edit to ${path} writes a secret placeholder that does not stand for any redacted value` };
    }
    const original = originals.get(path)!;
    for (const secret of vault.byValue.keys()) {
      // Too short to tell apart from ordinary code (and too short to be much of a secret).
      if (secret.length < 4) continue;
      if (occurrences(text, secret) !== occurrences(original, secret)) {
        return { ok: false, code: 'edit-touches-secret', reason: `the edit to ${path} changes or removes a redacted secret value; secrets are changed by people, not by sweep` };
      }
    }
  }
  return { ok: true, texts };
}
