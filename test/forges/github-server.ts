/**
 * A local HTTP server that answers the GitHub REST calls sweep makes, in GitHub's wire format:
 * repository, user, label, ref, commit-status and error bodies (and response headers) are the
 * recordings in @octokit/fixtures; pull requests, git objects, comparisons and check runs are
 * typed against GitHub's OpenAPI description (@octokit/openapi-types), so a field GitHub always
 * sends cannot be missing here. Behind it is an in-memory repository (fake-git.ts).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { components } from '@octokit/openapi-types';
import { FakeGit } from './fake-git.ts';

type Schemas = components['schemas'];
interface Recorded {
  method: string;
  path: string;
  status: number;
  response: unknown;
  headers: Record<string, string | number>;
}

const require = createRequire(import.meta.url);
const SCENARIOS = join(dirname(require.resolve('@octokit/fixtures/package.json')), 'scenarios', 'api.github.com');
function recording(scenario: string): Recorded[] {
  return JSON.parse(readFileSync(join(SCENARIOS, scenario, 'normalized-fixture.json'), 'utf8')) as Recorded[];
}

const REPOSITORY = recording('get-repository')[0];
const LABEL = (recording('labels').find((r) => r.method === 'post')!.response) as Schemas['label'];
const COMBINED_STATUS = recording('create-status').find((r) => r.path.endsWith('/status'))!.response as Schemas['combined-commit-status'];
const VALIDATION_FAILED = recording('errors')[0];
const HEADERS = Object.fromEntries(Object.entries(REPOSITORY.headers).filter(([k]) => !['content-length', 'connection', 'etag', 'last-modified'].includes(k))) as Record<string, string>;

export interface FakePull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
  state: 'open' | 'closed';
  merged: boolean;
  mergedAt: string | null;
  closedAt: string | null;
  mergeSha: string | null;
  labels: string[];
  comments: string[];
  nodeId: string;
}

export interface FakeCheck {
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | null;
}

export interface RateLimitAnswer {
  status: 403 | 429;
  headers: Record<string, string>;
  message: string;
}

export interface FakeGithub {
  url: string;
  owner: string;
  repo: string;
  git: FakeGit;
  pulls: Map<number, FakePull>;
  checks: Map<string, FakeCheck[]>;
  /** Answered (in order) before any real handling: rate-limit responses. */
  rateLimits: RateLimitAnswer[];
  requests: string[];
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body?: unknown, extra: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...HEADERS, ...extra, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

export async function startFakeGithub(options: { owner?: string; repo?: string; files?: Record<string, string> } = {}): Promise<FakeGithub> {
  const owner = options.owner ?? 'acme';
  const name = options.repo ?? 'infra';
  const git = new FakeGit();
  const initial = git.change(undefined, options.files ?? { 'index.ts': 'export const a = 1;\n' }, 'initial');
  git.refs.set('heads/main', initial.sha);
  const pulls = new Map<number, FakePull>();
  const checks = new Map<string, FakeCheck[]>();
  const rateLimits: RateLimitAnswer[] = [];
  const requests: string[] = [];
  let base = '';

  const recordedRepo = REPOSITORY.response as Schemas['full-repository'];
  const user = recordedRepo.owner as Schemas['simple-user'];
  const repository = { ...recordedRepo, name, full_name: `${owner}/${name}`, default_branch: 'main', owner: { ...user, login: owner } } as unknown as Schemas['repository'];
  const api = () => `${base}/repos/${owner}/${name}`;

  const notFound = (res: ServerResponse) => send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' } satisfies Schemas['basic-error']);

  function refBody(ref: string, sha: string): Schemas['git-ref'] {
    return { ref: `refs/${ref}`, node_id: 'MDA6RW50aXR5MQ==', url: `${api()}/git/refs/${ref}`, object: { sha, type: 'commit', url: `${api()}/git/commits/${sha}` } };
  }

  function gitCommitBody(sha: string): Schemas['git-commit'] {
    const c = git.commits.get(sha)!;
    const person = { ...c.author };
    return {
      sha,
      node_id: 'MDA6RW50aXR5MQ==',
      url: `${api()}/git/commits/${sha}`,
      html_url: `https://github.com/${owner}/${name}/commit/${sha}`,
      author: person,
      committer: person,
      message: c.message,
      tree: { sha: c.tree, url: `${api()}/git/trees/${c.tree}` },
      parents: c.parents.map((p) => ({ sha: p, url: `${api()}/git/commits/${p}`, html_url: `https://github.com/${owner}/${name}/commit/${p}` })),
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
    };
  }

  function commitBody(sha: string): Schemas['commit'] {
    const c = git.commits.get(sha)!;
    return {
      url: `${api()}/commits/${sha}`,
      sha,
      node_id: 'MDA6RW50aXR5MQ==',
      html_url: `https://github.com/${owner}/${name}/commit/${sha}`,
      comments_url: `${api()}/commits/${sha}/comments`,
      commit: {
        url: `${api()}/git/commits/${sha}`,
        author: c.author,
        committer: c.author,
        message: c.message,
        comment_count: 0,
        tree: { sha: c.tree, url: `${api()}/git/trees/${c.tree}` },
        verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
      },
      author: null,
      committer: null,
      parents: c.parents.map((p) => ({ sha: p, url: `${api()}/commits/${p}` })),
    };
  }

  function pullBody(pull: FakePull): Schemas['pull-request'] {
    const headSha = git.refs.get(`heads/${pull.head}`) ?? pull.mergeSha ?? '';
    const baseSha = git.refs.get(`heads/${pull.base}`) ?? '';
    const html = `https://github.com/${owner}/${name}/pull/${pull.number}`;
    const link = (href: string) => ({ href });
    const ahead = headSha && baseSha ? git.between(baseSha, headSha).length : 0;
    return {
      url: `${api()}/pulls/${pull.number}`,
      id: 1000 + pull.number,
      node_id: pull.nodeId,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: `${api()}/issues/${pull.number}`,
      commits_url: `${api()}/pulls/${pull.number}/commits`,
      review_comments_url: `${api()}/pulls/${pull.number}/comments`,
      review_comment_url: `${api()}/pulls/comments{/number}`,
      comments_url: `${api()}/issues/${pull.number}/comments`,
      statuses_url: `${api()}/statuses/${headSha}`,
      number: pull.number,
      state: pull.state,
      locked: false,
      title: pull.title,
      user,
      body: pull.body,
      labels: pull.labels.map((l, i) => ({ ...LABEL, id: 2000 + i, name: l, url: `${api()}/labels/${encodeURIComponent(l)}` })),
      milestone: null,
      created_at: '2026-01-05T09:00:00Z',
      updated_at: '2026-01-05T09:00:00Z',
      closed_at: pull.closedAt,
      merged_at: pull.mergedAt,
      merge_commit_sha: pull.mergeSha,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: { label: `${owner}:${pull.head}`, ref: pull.head, repo: repository, sha: headSha, user },
      base: { label: `${owner}:${pull.base}`, ref: pull.base, repo: repository, sha: baseSha, user },
      _links: {
        comments: link(`${api()}/issues/${pull.number}/comments`),
        commits: link(`${api()}/pulls/${pull.number}/commits`),
        statuses: link(`${api()}/statuses/${headSha}`),
        html: link(html),
        issue: link(`${api()}/issues/${pull.number}`),
        review_comments: link(`${api()}/pulls/${pull.number}/comments`),
        review_comment: link(`${api()}/pulls/comments{/number}`),
        self: link(`${api()}/pulls/${pull.number}`),
      },
      author_association: 'MEMBER',
      auto_merge: null,
      draft: pull.draft,
      merged: pull.merged,
      mergeable: pull.state === 'open' ? true : null,
      rebaseable: true,
      mergeable_state: pull.draft ? 'draft' : 'clean',
      merged_by: pull.merged ? user : null,
      comments: pull.comments.length,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: ahead,
      additions: 1,
      deletions: 1,
      changed_files: 1,
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    requests.push(`${method} ${url.pathname}`);
    const limit = rateLimits.shift();
    if (limit) return send(res, limit.status, { message: limit.message, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' }, limit.headers);

    if (method === 'POST' && url.pathname === '/graphql') {
      const { variables } = await readJson(req);
      const pull = [...pulls.values()].find((p) => p.nodeId === variables?.id);
      if (!pull) return send(res, 200, { data: null, errors: [{ type: 'NOT_FOUND', message: `Could not resolve to a node with the global id of '${variables?.id}'` }] });
      pull.draft = false;
      return send(res, 200, { data: { markPullRequestReadyForReview: { pullRequest: { isDraft: false } } } });
    }
    const prefix = `/repos/${owner}/${name}`;
    if (!url.pathname.startsWith(prefix)) return notFound(res);
    const path = decodeURIComponent(url.pathname.slice(prefix.length));
    let m: RegExpExecArray | null;

    if (method === 'GET' && path === '') return send(res, 200, repository);
    if (method === 'GET' && (m = /^\/git\/ref\/(heads\/.+)$/.exec(path))) {
      const sha = git.refs.get(m[1]);
      return sha ? send(res, 200, refBody(m[1], sha)) : notFound(res);
    }
    if (method === 'POST' && path === '/git/refs') {
      const body = await readJson(req);
      const ref = String(body.ref).replace(/^refs\//, '');
      if (git.refs.has(ref)) return send(res, 422, { message: 'Reference already exists', documentation_url: 'https://docs.github.com/rest/git/refs#create-a-reference' });
      if (!git.commits.has(body.sha)) return send(res, 422, { message: 'Object does not exist', documentation_url: 'https://docs.github.com/rest/git/refs#create-a-reference' });
      git.refs.set(ref, body.sha);
      return send(res, 201, refBody(ref, body.sha));
    }
    if (method === 'PATCH' && (m = /^\/git\/refs\/(heads\/.+)$/.exec(path))) {
      const body = await readJson(req);
      if (!git.refs.has(m[1])) return send(res, 422, { message: 'Reference does not exist', documentation_url: 'https://docs.github.com/rest/git/refs#update-a-reference' });
      const current = git.refs.get(m[1])!;
      if (!body.force && !git.ancestors(body.sha).has(current)) return send(res, 422, { message: 'Update is not a fast forward', documentation_url: 'https://docs.github.com/rest/git/refs#update-a-reference' });
      git.refs.set(m[1], body.sha);
      return send(res, 200, refBody(m[1], body.sha));
    }
    if (method === 'GET' && (m = /^\/git\/commits\/([0-9a-f]{40})$/.exec(path))) return git.commits.has(m[1]) ? send(res, 200, gitCommitBody(m[1])) : notFound(res);
    if (method === 'POST' && path === '/git/blobs') {
      const body = await readJson(req);
      const sha = git.blob(Buffer.from(body.content, body.encoding === 'base64' ? 'base64' : 'utf8'));
      return send(res, 201, { url: `${api()}/git/blobs/${sha}`, sha } satisfies Schemas['short-blob']);
    }
    if (method === 'POST' && path === '/git/trees') {
      const body = await readJson(req);
      const baseTree = body.base_tree ? git.trees.get(body.base_tree) : new Map();
      if (!baseTree) return send(res, 422, VALIDATION_FAILED.response);
      const entries = new Map(baseTree);
      for (const e of body.tree as { path: string; mode: string; sha: string | null }[]) {
        if (e.sha === null) entries.delete(e.path);
        else entries.set(e.path, { mode: e.mode, blob: e.sha });
      }
      const sha = git.tree(entries);
      const tree = [...entries.entries()].map(([p, e]) => ({ path: p, mode: e.mode, type: 'blob', sha: e.blob, size: git.blobs.get(e.blob)?.length, url: `${api()}/git/blobs/${e.blob}` }));
      return send(res, 201, { sha, url: `${api()}/git/trees/${sha}`, truncated: false, tree } satisfies Schemas['git-tree']);
    }
    if (method === 'POST' && path === '/git/commits') {
      const body = await readJson(req);
      const commit = git.commit(body.tree, body.parents, body.message, body.author);
      return send(res, 201, gitCommitBody(commit.sha));
    }
    if (method === 'GET' && (m = /^\/compare\/([^.]+)\.\.\.(.+)$/.exec(path))) {
      const [from, to] = [m[1], m[2]].map((ref) => git.refs.get(`heads/${ref}`) ?? ref);
      if (!git.commits.has(from) || !git.commits.has(to)) return notFound(res);
      const ahead = git.between(from, to);
      const behind = git.between(to, from);
      const body: Schemas['commit-comparison'] = {
        url: `${api()}/compare/${m[1]}...${m[2]}`,
        html_url: `https://github.com/${owner}/${name}/compare/${m[1]}...${m[2]}`,
        permalink_url: `https://github.com/${owner}/${name}/compare/${m[1]}...${m[2]}`,
        diff_url: `https://github.com/${owner}/${name}/compare/${m[1]}...${m[2]}.diff`,
        patch_url: `https://github.com/${owner}/${name}/compare/${m[1]}...${m[2]}.patch`,
        base_commit: commitBody(from),
        merge_base_commit: commitBody(ahead[0]?.parents[0] ?? from),
        status: ahead.length && behind.length ? 'diverged' : ahead.length ? 'ahead' : behind.length ? 'behind' : 'identical',
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits: ahead.map((c) => commitBody(c.sha)),
        files: [],
      };
      return send(res, 200, body);
    }
    if (method === 'GET' && path === '/pulls') {
      const head = url.searchParams.get('head')?.split(':')[1];
      const state = url.searchParams.get('state') ?? 'open';
      const list = [...pulls.values()].filter((p) => (state === 'all' || p.state === state) && (!head || p.head === head));
      return send(res, 200, list.map(pullBody));
    }
    if (method === 'POST' && path === '/pulls') {
      const body = await readJson(req);
      if (!git.refs.has(`heads/${body.head}`)) return send(res, 422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }], documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request' });
      if ([...pulls.values()].some((p) => p.head === body.head && p.state === 'open')) {
        return send(res, 422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${owner}:${body.head}.` }], documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request' });
      }
      const number = pulls.size + 1;
      const pull: FakePull = { number, head: body.head, base: body.base, title: body.title, body: body.body ?? '', draft: Boolean(body.draft), state: 'open', merged: false, mergedAt: null, closedAt: null, mergeSha: null, labels: [], comments: [], nodeId: `PR_kwDO${number}` };
      pulls.set(number, pull);
      return send(res, 201, pullBody(pull));
    }
    if ((m = /^\/pulls\/(\d+)(\/merge)?$/.exec(path))) {
      const pull = pulls.get(Number(m[1]));
      if (!pull) return notFound(res);
      if (method === 'GET' && !m[2]) return send(res, 200, pullBody(pull));
      if (method === 'PATCH' && !m[2]) {
        const body = await readJson(req);
        if (body.title !== undefined) pull.title = body.title;
        if (body.body !== undefined) pull.body = body.body;
        if (body.state === 'closed' && pull.state === 'open') Object.assign(pull, { state: 'closed', closedAt: new Date().toISOString() });
        return send(res, 200, pullBody(pull));
      }
      if (method === 'PUT' && m[2]) {
        if (pull.draft) return send(res, 405, { message: 'Pull Request is still a draft', documentation_url: 'https://docs.github.com/rest/pulls/pulls#merge-a-pull-request' });
        if (pull.state !== 'open') return send(res, 405, { message: 'Pull Request is not mergeable', documentation_url: 'https://docs.github.com/rest/pulls/pulls#merge-a-pull-request' });
        const merge = git.merge(pull.base, git.refs.get(`heads/${pull.head}`)!, `Merge pull request #${pull.number} from ${owner}/${pull.head}`);
        Object.assign(pull, { state: 'closed', merged: true, mergedAt: new Date().toISOString(), closedAt: new Date().toISOString(), mergeSha: merge.sha });
        return send(res, 200, { sha: merge.sha, merged: true, message: 'Pull Request successfully merged' } satisfies Schemas['pull-request-merge-result']);
      }
    }
    if ((m = /^\/issues\/(\d+)\/(labels|comments)$/.exec(path))) {
      const pull = pulls.get(Number(m[1]));
      if (!pull) return notFound(res);
      const body = await readJson(req);
      if (m[2] === 'comments') {
        pull.comments.push(body.body);
        return send(res, 201, { id: pull.comments.length, node_id: 'IC_1', url: `${api()}/issues/comments/${pull.comments.length}`, html_url: `https://github.com/${owner}/${name}/pull/${pull.number}#issuecomment-${pull.comments.length}`, body: body.body, user, created_at: '2026-01-05T09:00:00Z', updated_at: '2026-01-05T09:00:00Z', issue_url: `${api()}/issues/${pull.number}`, author_association: 'MEMBER' } satisfies Schemas['issue-comment']);
      }
      pull.labels = method === 'PUT' ? [...body.labels] : [...new Set([...pull.labels, ...body.labels])];
      return send(res, method === 'PUT' ? 200 : 200, pull.labels.map((l, i) => ({ ...LABEL, id: 2000 + i, name: l })));
    }
    if (method === 'GET' && (m = /^\/commits\/([^/]+)\/(check-runs|status)$/.exec(path))) {
      const sha = m[1];
      const runs = checks.get(sha) ?? [];
      if (m[2] === 'status') return send(res, 200, { ...COMBINED_STATUS, sha, state: 'pending', statuses: [], total_count: 0 });
      const body: Schemas['check-run'][] = runs.map((r, i) => ({
        id: 3000 + i,
        head_sha: sha,
        node_id: 'CR_1',
        external_id: null,
        url: `${api()}/check-runs/${3000 + i}`,
        html_url: `https://github.com/${owner}/${name}/runs/${3000 + i}`,
        details_url: null,
        status: r.status,
        conclusion: r.conclusion,
        started_at: '2026-01-05T09:00:00Z',
        completed_at: r.status === 'completed' ? '2026-01-05T09:05:00Z' : null,
        output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: `${api()}/check-runs/${3000 + i}/annotations` },
        name: r.name,
        check_suite: { id: 4000 },
        app: null,
        pull_requests: [],
      }));
      return send(res, 200, { total_count: body.length, check_runs: body });
    }
    return notFound(res);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => send(res, 500, { message: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url: base,
    owner,
    repo: name,
    git,
    pulls,
    checks,
    rateLimits,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
