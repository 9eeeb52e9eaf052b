/**
 * The repository behind the fake GitHub and GitLab servers: blobs (real git blob shas), flat trees
 * (path → mode + blob), commits and refs, in memory. Enough git for a forge: write commits on top
 * of a parent, list what a branch adds to a base, merge a branch into the base.
 */
import { createHash } from 'node:crypto';

export interface TreeEntry {
  mode: string;
  blob: string;
}
export type Tree = Map<string, TreeEntry>;

export interface FakeCommit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; date: string };
}

export class FakeGit {
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, Tree>();
  readonly commits = new Map<string, FakeCommit>();
  readonly refs = new Map<string, string>();
  private clock = Date.parse('2026-01-05T09:00:00Z');

  blob(content: Buffer | string): string {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const sha = createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
    this.blobs.set(sha, data);
    return sha;
  }

  tree(entries: Tree): string {
    const sorted = [...entries.entries()].sort(([a], [b]) => a.localeCompare(b));
    const sha = createHash('sha1').update(`tree ${JSON.stringify(sorted)}`).digest('hex');
    this.trees.set(sha, new Map(sorted));
    return sha;
  }

  commit(tree: string, parents: string[], message: string, author = { name: 'Acme Platform Team', email: 'platform@acme.example' }): FakeCommit {
    const date = new Date((this.clock += 1000)).toISOString();
    const sha = createHash('sha1').update(`commit ${tree} ${parents.join(',')} ${message} ${author.email} ${date}`).digest('hex');
    const commit = { sha, tree, parents, message, author: { ...author, date } };
    this.commits.set(sha, commit);
    return commit;
  }

  /** Mirrors a commit of a real repository (same sha) with its files, as if it had been pushed here. */
  mirror(sha: string, files: Record<string, string>, message = 'mirrored'): FakeCommit {
    const entries: Tree = new Map(Object.entries(files).map(([path, content]) => [path, { mode: '100644', blob: this.blob(content) }]));
    const commit = { sha, tree: this.tree(entries), parents: [], message, author: { name: 'Acme Platform Team', email: 'platform@acme.example', date: '2026-01-05T09:00:00.000Z' } };
    this.commits.set(sha, commit);
    return commit;
  }

  /** A commit changing files (null deletes) on top of `parent`. */
  change(parent: string | undefined, files: Record<string, string | null>, message: string, author?: { name: string; email: string }): FakeCommit {
    const entries: Tree = new Map(parent ? this.treeOf(parent) : []);
    for (const [path, content] of Object.entries(files)) {
      if (content === null) entries.delete(path);
      else entries.set(path, { mode: '100644', blob: this.blob(content) });
    }
    return this.commit(this.tree(entries), parent ? [parent] : [], message, author);
  }

  treeOf(commitSha: string): Tree {
    const commit = this.commits.get(commitSha);
    if (!commit) throw new Error(`no commit ${commitSha}`);
    return this.trees.get(commit.tree)!;
  }

  fileAt(ref: string, path: string): string | undefined {
    const sha = this.refs.get(`heads/${ref}`) ?? (this.commits.has(ref) ? ref : undefined);
    if (!sha) return undefined;
    const entry = this.treeOf(sha).get(path);
    return entry ? this.blobs.get(entry.blob)?.toString('utf8') : undefined;
  }

  ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(this.commits.get(next)?.parents ?? []));
    }
    return seen;
  }

  /** Commits reachable from head but not from base, oldest first (git log base..head). */
  between(base: string, head: string): FakeCommit[] {
    const exclude = this.ancestors(base);
    const out: FakeCommit[] = [];
    let cursor: string | undefined = head;
    while (cursor && !exclude.has(cursor)) {
      const commit: FakeCommit = this.commits.get(cursor)!;
      out.unshift(commit);
      cursor = commit.parents[0];
    }
    return out;
  }

  /** A merge commit of `head` into `baseRef`: the base tree plus what the branch changed since it forked. */
  merge(baseRef: string, head: string, message: string, author = { name: 'Reviewer', email: 'reviewer@acme.example' }): FakeCommit {
    const baseSha = this.refs.get(`heads/${baseRef}`)!;
    const added = this.between(baseSha, head);
    const fork = added[0]?.parents[0] ?? baseSha;
    const entries: Tree = new Map(this.treeOf(baseSha));
    const before = this.treeOf(fork);
    const after = this.treeOf(head);
    for (const path of new Set([...before.keys(), ...after.keys()])) {
      const a = before.get(path);
      const b = after.get(path);
      if (a?.blob === b?.blob) continue;
      if (b) entries.set(path, b);
      else entries.delete(path);
    }
    const commit = this.commit(this.tree(entries), [baseSha, head], message, author);
    this.refs.set(`heads/${baseRef}`, commit.sha);
    return commit;
  }
}
