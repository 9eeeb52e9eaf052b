// Pull requests: state, approval, checks, the violations each carries, a link to the forge, and
// Approve for drafts held for approval (operators).
import { get, post, qs } from '../lib/api.js';
import { clear, fmt, h, toast, when } from '../lib/dom.js';

function checksCell(checks) {
  const state = checks?.state;
  if (!state) return h('span', { class: 'muted' }, '–');
  const kind = state === 'success' || state === 'passed' ? 'ok' : state === 'failure' || state === 'failed' ? 'bad' : 'wait';
  return h('span', { class: `pill ${kind}` }, state);
}

export function render(main, ctx) {
  const tbody = h('tbody');
  const more = h('button', { type: 'button', hidden: true }, 'Load more');
  const pendingOnly = h('input', { type: 'checkbox' });
  let next = null;
  const table = h(
    'table',
    { class: 'panel', 'data-testid': 'prs-table' },
    h('thead', {}, h('tr', {}, ['id', 'repo', 'pull request', 'state', 'approval', 'checks', 'violations', 'updated', ''].map((c) => h('th', {}, c)))),
    tbody,
  );
  main.append(h('h1', {}, 'Pull requests'), h('div', { class: 'toolbar' }, h('label', {}, pendingOnly, ' only those waiting for approval')), table, h('div', { class: 'toolbar' }, more));

  function row(pr) {
    const title = pr.url ? h('a', { href: pr.url, target: '_blank', rel: 'noopener noreferrer' }, pr.title) : h('span', {}, pr.title);
    const by = Object.entries(pr.violations.byStatus).map(([s, n]) => `${s} ${fmt(n)}`).join(', ');
    return h(
      'tr',
      { dataset: { pr: pr.id } },
      h('td', {}, pr.number ? `#${pr.number}` : String(pr.id)),
      h('td', {}, pr.repo, h('div', { class: 'muted mono' }, pr.branch)),
      h('td', {}, title, pr.heldBy ? h('div', { class: 'muted' }, `held by ${pr.heldBy} until ${when(pr.scheduledFor)}`) : null, pr.lastError ? h('div', { class: 'error' }, pr.lastError) : null),
      h('td', {}, h('span', { class: 'status' }, pr.draft ? `${pr.state} (draft)` : pr.state)),
      h('td', {}, pr.approval, pr.approvedBy ? h('div', { class: 'muted' }, `by ${pr.approvedBy}`) : pr.approvalReason ? h('div', { class: 'muted' }, pr.approvalReason) : null),
      h('td', {}, checksCell(pr.checks)),
      h('td', {}, fmt(pr.violations.total), h('div', { class: 'muted' }, by)),
      h('td', {}, when(pr.updatedAt)),
      h('td', {}, ctx.can('operator') && pr.approval === 'pending' ? h('button', { class: 'primary', type: 'button', onclick: () => approve(pr.id) }, 'Approve') : null),
    );
  }

  async function approve(id) {
    try {
      await post(`/api/v1/prs/${id}/approve`);
      toast(`pull request ${id} approved`);
      await load(true);
    } catch (error) {
      toast(error.message, 'error');
    }
  }

  async function load(first) {
    if (first) {
      clear(tbody);
      next = null;
    }
    const page = await get(`/api/v1/prs${qs({ limit: 50, cursor: first ? undefined : next, pending: pendingOnly.checked ? 'true' : undefined })}`);
    for (const pr of page.items) tbody.append(row(pr));
    if (first && page.items.length === 0) tbody.append(h('tr', {}, h('td', { colspan: 9, class: 'muted' }, 'No pull requests yet: they appear when a remediation run verifies fixes.')));
    next = page.nextCursor;
    more.hidden = !next;
    table.dataset.loaded = 'true';
  }

  more.addEventListener('click', () => load(false).catch((e) => toast(e.message, 'error')));
  pendingOnly.addEventListener('change', () => load(true).catch((e) => toast(e.message, 'error')));
  load(true).catch((error) => toast(error.message, 'error'));
}
