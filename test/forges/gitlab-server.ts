/**
 * A local HTTP server answering the GitLab REST (v4) calls sweep makes through @gitbeaker/rest, in
 * GitLab's JSON shapes (snake_case; bodies typed against gitbeaker's schemas of GitLab's API, so a
 * field GitLab always sends cannot be missing): projects, branches, commits with actions
 * (`start_sha` + `force`), compare, merge requests (`Draft:` titles, `state_event`, accept), notes,
 * head pipelines, and 429 rate limits with `Retry-After` / `RateLimit-*` headers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { BranchSchema, ExpandedCommitSchema, ExpandedMergeRequestSchema, ExpandedPipelineSchema, MergeRequestNoteSchema, RepositoryCompareSchema, SimpleProjectSchema, SimpleUserSchema } from '@gitbeaker/rest';
import { FakeGit, type FakeCommit } from './fake-git.ts';

export interface FakeMr {
  iid: number;
  source: string;
  target: string;
  title: string;
  description: string;
  state: 'opened' | 'closed' | 'merged';
  labels: string[];
  notes: string[];
  mergedAt: string | null;
  closedAt: string | null;
  mergeSha: string | null;
}

export interface FakeGitlab {
  url: string;
  project: string;
  git: FakeGit;
  mrs: Map<number, FakeMr>;
  /** sha → pipeline status (`success`, `failed`, `running`, ...). */
  pipelines: Map<string, string>;
  rateLimits: { headers: Record<string, string> }[];
  requests: string[];
  close(): Promise<void>;
}

const DRAFT = /^\s*(\[draft\]|\(draft\)|draft:|draft\s*-)\s*/i;

async function readJson(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'max-age=0, private, must-revalidate', 'x-request-id': '01HQ', ...headers, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export async function startFakeGitlab(options: { project?: string; files?: Record<string, string> } = {}): Promise<FakeGitlab> {
  const project = options.project ?? 'acme/infra';
  const git = new FakeGit();
  git.refs.set('heads/main', git.change(undefined, options.files ?? { 'index.ts': 'export const a = 1;\n' }, 'initial').sha);
  const mrs = new Map<number, FakeMr>();
  const pipelines = new Map<string, string>();
  const rateLimits: { headers: Record<string, string> }[] = [];
  const requests: string[] = [];
  let base = '';
  const web = () => `${base}/${project}`;
  const user: SimpleUserSchema = { id: 1, name: 'Sweep Bot', username: 'sweep-bot', state: 'active', avatar_url: '', web_url: 'http://127.0.0.1/sweep-bot', created_at: '2026-01-05T09:00:00.000Z' };

  const projectBody = (): SimpleProjectSchema => ({
    id: 42,
    web_url: web(),
    name: project.split('/').at(-1)!,
    path: project.split('/').at(-1)!,
    description: null,
    name_with_namespace: project.replace('/', ' / '),
    path_with_namespace: project,
    created_at: '2026-01-05T09:00:00.000Z',
    default_branch: 'main',
    topics: [],
    ssh_url_to_repo: `git@gitlab.example.com:${project}.git`,
    http_url_to_repo: `${web()}.git`,
    readme_url: `${web()}/-/blob/main/README.md`,
    forks_count: 0,
    avatar_url: null,
    star_count: 0,
    last_activity_at: '2026-01-05T09:00:00.000Z',
    namespace: { id: 7, name: project.split('/')[0], path: project.split('/')[0], kind: 'group', full_path: project.split('/')[0], avatar_url: null, web_url: `${base}/groups/${project.split('/')[0]}` },
  });

  const commitBody = (c: FakeCommit): ExpandedCommitSchema => ({
    id: c.sha,
    short_id: c.sha.slice(0, 8),
    title: c.message.split('\n')[0],
    message: c.message,
    author_name: c.author.name,
    author_email: c.author.email,
    authored_date: c.author.date,
    committer_name: c.author.name,
    committer_email: c.author.email,
    committed_date: c.author.date,
    created_at: c.author.date,
    parent_ids: c.parents,
    web_url: `${web()}/-/commit/${c.sha}`,
    last_pipeline: { id: 0, ref: '', sha: c.sha, status: pipelines.get(c.sha) ?? 'success' },
    stats: { additions: 1, deletions: 1, total: 2 },
    status: pipelines.get(c.sha) ?? 'success',
  });

  const branchBody = (name: string): BranchSchema => {
    const { web_url: _, created_at: __, ...commit } = commitBody(git.commits.get(git.refs.get(`heads/${name}`)!)!);
    return { name, merged: false, protected: name === 'main', default: name === 'main', developers_can_push: false, developers_can_merge: false, can_push: true, web_url: `${web()}/-/tree/${name}`, commit };
  };

  const pipelineBody = (sha: string, status: string): ExpandedPipelineSchema => ({
    id: 500,
    iid: 1,
    project_id: 42,
    sha,
    ref: 'refs/merge-requests/1/head',
    status,
    source: 'merge_request_event',
    created_at: '2026-01-05T09:00:00.000Z',
    updated_at: '2026-01-05T09:05:00.000Z',
    web_url: `${web()}/-/pipelines/500`,
    before_sha: '0000000000000000000000000000000000000000',
    tag: false,
    user,
    started_at: '2026-01-05T09:00:10.000Z',
    finished_at: '2026-01-05T09:05:00.000Z',
    duration: 290,
    detailed_status: { icon: `status_${status}`, text: status, label: status, group: status, tooltip: status, has_details: true, details_path: `/${project}/-/pipelines/500`, favicon: `favicon_status_${status}` },
  });

  const mrBody = (mr: FakeMr): ExpandedMergeRequestSchema => {
    const sha = git.refs.get(`heads/${mr.source}`) ?? '';
    const draft = DRAFT.test(mr.title);
    const pipeline = pipelines.get(sha);
    return {
      id: 900 + mr.iid,
      iid: mr.iid,
      project_id: 42,
      title: mr.title,
      description: mr.description,
      state: mr.state,
      created_at: '2026-01-05T09:00:00.000Z',
      updated_at: '2026-01-05T09:00:00.000Z',
      web_url: `${web()}/-/merge_requests/${mr.iid}`,
      merged_by: mr.state === 'merged' ? user : null,
      merged_at: mr.mergedAt,
      closed_by: mr.state === 'closed' ? user : null,
      closed_at: mr.closedAt,
      target_branch: mr.target,
      source_branch: mr.source,
      user_notes_count: mr.notes.length,
      upvotes: 0,
      downvotes: 0,
      author: user,
      assignees: [],
      assignee: null,
      reviewers: [],
      source_project_id: 42,
      target_project_id: 42,
      labels: mr.labels,
      draft,
      work_in_progress: draft,
      milestone: null,
      merge_when_pipeline_succeeds: false,
      merge_status: 'can_be_merged',
      detailed_merge_status: draft ? 'draft_status' : mr.state === 'opened' ? 'mergeable' : 'not_open',
      sha,
      merge_commit_sha: mr.mergeSha,
      squash_commit_sha: null,
      discussion_locked: null,
      should_remove_source_branch: null,
      force_remove_source_branch: false,
      reference: `!${mr.iid}`,
      references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${project}!${mr.iid}` },
      time_stats: { time_estimate: 0, total_time_spent: 0, human_time_estimate: null, human_total_time_spent: null },
      squash: false,
      task_completion_status: { count: 0, completed_count: 0 },
      prepared_at: '2026-01-05T09:00:00.000Z',
      has_conflicts: false,
      blocking_discussions_resolved: true,
      approvals_before_merge: null,
      subscribed: true,
      changes_count: '1',
      latest_build_started_at: null,
      latest_build_finished_at: null,
      first_deployed_to_production_at: null,
      pipeline: null,
      head_pipeline: pipeline ? pipelineBody(sha, pipeline) : null,
      diff_refs: { base_sha: git.refs.get(`heads/${mr.target}`) ?? '', head_sha: sha, start_sha: git.refs.get(`heads/${mr.target}`) ?? '' },
      merge_error: null,
      first_contribution: false,
      user: { can_merge: true },
    };
  };

  const notFound = (res: ServerResponse, what = '404 Not found') => send(res, 404, { message: what });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    requests.push(`${method} ${url.pathname}${url.search}`);
    if (req.headers['private-token'] !== 'test-token') return send(res, 401, { message: '401 Unauthorized' });
    const limit = rateLimits.shift();
    if (limit) return send(res, 429, { message: 'Retry later' }, { ...limit.headers, 'content-type': 'text/plain' });
    const prefix = `/api/v4/projects/${encodeURIComponent(project)}`;
    if (!url.pathname.startsWith(prefix)) return notFound(res, '404 Project Not Found');
    // Branch names arrive percent-encoded (sweep/x/dev → sweep%2Fx%2Fdev).
    const rest = url.pathname.slice(prefix.length);
    let m: RegExpExecArray | null;
    if (method === 'GET' && rest === '') return send(res, 200, projectBody());

    if ((m = /^\/repository\/branches\/([^/]+)$/.exec(rest))) {
      const name = decodeURIComponent(m[1]);
      if (!git.refs.has(`heads/${name}`)) return notFound(res, '404 Branch Not Found');
      if (method === 'GET') return send(res, 200, branchBody(name));
      if (method === 'DELETE') {
        git.refs.delete(`heads/${name}`);
        res.writeHead(204).end();
        return;
      }
    }
    if (method === 'POST' && rest === '/repository/branches') {
      const body = { ...Object.fromEntries(url.searchParams), ...(await readJson(req)) };
      if (git.refs.has(`heads/${body.branch}`)) return send(res, 400, { message: 'Branch already exists' });
      const sha = git.refs.get(`heads/${body.ref}`) ?? body.ref;
      if (!git.commits.has(sha)) return send(res, 400, { message: 'Invalid reference name' });
      git.refs.set(`heads/${body.branch}`, sha);
      return send(res, 201, branchBody(body.branch));
    }
    if (method === 'POST' && rest === '/repository/commits') {
      const body = await readJson(req);
      const exists = git.refs.has(`heads/${body.branch}`);
      let parent: string | undefined;
      if (body.start_sha || body.start_branch) {
        if (exists && !body.force) return send(res, 400, { message: `A branch called '${body.branch}' already exists. Switch to that branch in order to make changes` });
        parent = body.start_sha ?? git.refs.get(`heads/${body.start_branch}`);
      } else {
        if (!exists) return send(res, 400, { message: 'You can only create or edit files when you are on a branch' });
        parent = git.refs.get(`heads/${body.branch}`);
      }
      if (!parent || !git.commits.has(parent)) return send(res, 400, { message: 'Invalid start_sha' });
      const tree = git.treeOf(parent);
      const files: Record<string, string | null> = {};
      for (const action of body.actions as { action: string; file_path: string; content?: string; encoding?: string }[]) {
        const present = tree.has(action.file_path);
        if (action.action === 'create' && present) return send(res, 400, { message: `A file with this name already exists` });
        if ((action.action === 'update' || action.action === 'delete') && !present) return send(res, 400, { message: `A file with this name doesn't exist` });
        files[action.file_path] = action.action === 'delete' ? null : Buffer.from(action.content ?? '', action.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
      }
      const commit = git.change(parent, files, body.commit_message, { name: body.author_name ?? user.name, email: body.author_email ?? 'sweep-bot@gitlab.example.com' });
      git.refs.set(`heads/${body.branch}`, commit.sha);
      return send(res, 201, commitBody(commit));
    }
    if (method === 'GET' && rest === '/repository/compare') {
      const resolve = (ref: string | null) => (ref ? (git.refs.get(`heads/${ref}`) ?? ref) : '');
      const from = resolve(url.searchParams.get('from'));
      const to = resolve(url.searchParams.get('to'));
      if (!git.commits.has(from) || !git.commits.has(to)) return notFound(res, '404 Ref Not Found');
      const commits = git.between(from, to).map((c) => {
        const { message: _, ...condensed } = commitBody(c);
        return condensed;
      });
      const { message: __, ...head } = commitBody(git.commits.get(to)!);
      return send(res, 200, { commit: head, commits, diffs: [], compare_timeout: false, compare_same_ref: from === to, web_url: `${web()}/-/compare/${from}...${to}` } satisfies RepositoryCompareSchema);
    }
    if (rest === '/merge_requests') {
      if (method === 'GET') {
        const state = url.searchParams.get('state');
        const source = url.searchParams.get('source_branch');
        return send(res, 200, [...mrs.values()].filter((mr) => (!state || mr.state === state) && (!source || mr.source === source)).map(mrBody), { 'x-page': '1', 'x-per-page': '20', 'x-total': String(mrs.size), 'x-total-pages': '1' });
      }
      if (method === 'POST') {
        const body = await readJson(req);
        if (!git.refs.has(`heads/${body.source_branch}`)) return send(res, 422, { message: ['Source branch does not exist'] });
        if ([...mrs.values()].some((mr) => mr.source === body.source_branch && mr.state === 'opened')) {
          return send(res, 409, { message: [`Another open merge request already exists for this source branch: !${[...mrs.values()].find((mr) => mr.source === body.source_branch)!.iid}`] });
        }
        const iid = mrs.size + 1;
        const mr: FakeMr = { iid, source: body.source_branch, target: body.target_branch, title: body.title, description: body.description ?? '', state: 'opened', labels: body.labels ? String(body.labels).split(',').filter(Boolean) : [], notes: [], mergedAt: null, closedAt: null, mergeSha: null };
        mrs.set(iid, mr);
        return send(res, 201, mrBody(mr));
      }
    }
    if ((m = /^\/merge_requests\/(\d+)(\/merge|\/notes)?$/.exec(rest))) {
      const mr = mrs.get(Number(m[1]));
      if (!mr) return notFound(res);
      if (method === 'GET' && !m[2]) return send(res, 200, mrBody(mr));
      if (method === 'PUT' && !m[2]) {
        const body = await readJson(req);
        if (body.title !== undefined) mr.title = body.title;
        if (body.description !== undefined) mr.description = body.description;
        if (body.labels !== undefined) mr.labels = String(body.labels).split(',').filter(Boolean);
        if (body.add_labels !== undefined) mr.labels = [...new Set([...mr.labels, ...String(body.add_labels).split(',').filter(Boolean)])];
        if (body.state_event === 'close' && mr.state === 'opened') Object.assign(mr, { state: 'closed', closedAt: new Date().toISOString() });
        return send(res, 200, mrBody(mr));
      }
      if (method === 'PUT' && m[2] === '/merge') {
        if (DRAFT.test(mr.title)) return send(res, 405, { message: '405 Method Not Allowed' });
        if (mr.state !== 'opened') return send(res, 405, { message: '405 Method Not Allowed' });
        const merge = git.merge(mr.target, git.refs.get(`heads/${mr.source}`)!, `Merge branch '${mr.source}' into '${mr.target}'`);
        Object.assign(mr, { state: 'merged', mergedAt: new Date().toISOString(), mergeSha: merge.sha });
        return send(res, 200, mrBody(mr));
      }
      if (method === 'POST' && m[2] === '/notes') {
        const body = await readJson(req);
        mr.notes.push(body.body);
        const note: MergeRequestNoteSchema = {
          id: mr.notes.length, body: body.body, author: user, created_at: '2026-01-05T09:00:00.000Z', updated_at: '2026-01-05T09:00:00.000Z',
          system: false, noteable_id: 900 + mr.iid, noteable_type: 'MergeRequest', noteable_iid: mr.iid, resolvable: false, confidential: false, internal: false,
          attachment: null, project_id: 42, commands_changes: {},
        } as unknown as MergeRequestNoteSchema;
        return send(res, 201, note);
      }
    }
    return notFound(res);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => send(res, 500, { message: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { url: base, project, git, mrs, pipelines, rateLimits, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
