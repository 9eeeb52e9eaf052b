// Ops (admins): every queue's counts, paused state, active and failed jobs, pause / resume; and
// the API tokens (create, revoke).
import { api, get, post } from '../lib/api.js';
import { confirmDialog, fmt, h, replace, toast, when } from '../lib/dom.js';

function jobs(title, list) {
  if (list.length === 0) return h('p', { class: 'muted' }, `no ${title} jobs`);
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, ['job', 'name', 'run', 'group', 'attempts', 'started', 'reason'].map((c) => h('th', {}, c)))),
    h('tbody', {}, list.map((j) => h('tr', {}, h('td', { class: 'mono' }, j.id ?? ''), h('td', {}, j.name), h('td', {}, j.runId ?? '–'), h('td', { class: 'mono' }, j.groupKey ?? ''), h('td', { class: 'num' }, fmt(j.attemptsMade)), h('td', {}, when(j.processedOn)), h('td', { class: 'error' }, j.failedReason ?? '')))),
  );
}

export function render(main) {
  const queues = h('div', { class: 'grid', 'data-testid': 'ops-queues' }, h('p', { class: 'muted' }, 'Loading…'));
  const tokens = h('div', { class: 'panel', 'data-testid': 'ops-tokens' });
  main.append(h('h1', {}, 'Ops'), queues, h('h2', { class: 'spaced' }, 'API tokens'), tokens);

  async function toggle(name, paused) {
    try {
      await post(`/api/v1/admin/queues/${name}/${paused ? 'resume' : 'pause'}`);
      toast(`queue ${name} ${paused ? 'resumed' : 'paused'}`);
      await load();
    } catch (error) {
      toast(error.message, 'error');
    }
  }

  async function loadQueues() {
    const { queues: list } = await get('/api/v1/admin/queues');
    replace(queues, 
      list.map((q) =>
        h(
          'div',
          { class: 'panel', dataset: { queue: q.queue } },
          h('div', { class: 'toolbar' }, h('h2', {}, `queue ${q.queue}`), h('span', { class: `pill ${q.paused ? 'bad' : 'ok'}` }, q.paused ? 'paused' : 'running'), h('button', { type: 'button', onclick: () => toggle(q.queue, q.paused) }, q.paused ? 'Resume' : 'Pause')),
          h('p', { class: 'muted' }, q.counts ? Object.entries(q.counts).map(([k, v]) => `${k} ${fmt(v)}`).join(' · ') : '', q.completedPerMinute === null ? '' : ` · ${q.completedPerMinute}/min`),
          h('h2', {}, 'active'),
          jobs('active', q.active),
          h('h2', {}, 'failed (latest 20)'),
          jobs('failed', q.failed),
        ),
      ),
    );
    queues.dataset.loaded = 'true';
  }

  async function loadTokens() {
    const { items } = await get('/api/v1/tokens');
    const name = h('input', { placeholder: 'name', size: 16 });
    const role = h('select', {}, ['viewer', 'operator', 'admin'].map((r) => h('option', { value: r }, r)));
    const create = async () => {
      try {
        const created = await post('/api/v1/tokens', { name: name.value.trim(), role: role.value });
        await confirmDialog({ title: `Token "${created.name}" (${created.role})`, body: [h('p', {}, 'Copy it now: it is not shown again.'), h('code', { class: 'mono' }, created.token)], confirm: 'Done' });
        await loadTokens();
      } catch (error) {
        toast(error.message, 'error');
      }
    };
    const revoke = async (token) => {
      if (!(await confirmDialog({ title: `Revoke "${token}"?`, body: h('p', {}, 'Its API calls and dashboard sessions stop at once.'), confirm: 'Revoke', danger: true }))) return;
      try {
        await api('DELETE', `/api/v1/tokens/${encodeURIComponent(token)}`);
        await loadTokens();
      } catch (error) {
        toast(error.message, 'error');
      }
    };
    replace(tokens, 
      h('div', { class: 'toolbar' }, name, role, h('button', { class: 'primary', type: 'button', onclick: create }, 'Create token')),
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, ['name', 'role', 'created by', 'created', 'last used', 'revoked', ''].map((c) => h('th', {}, c)))),
        h('tbody', {}, items.map((t) => h('tr', {}, h('td', {}, t.name), h('td', {}, t.role), h('td', {}, t.createdBy), h('td', {}, when(t.createdAt)), h('td', {}, when(t.lastUsedAt)), h('td', {}, when(t.revokedAt)), h('td', {}, t.revokedAt ? null : h('button', { type: 'button', onclick: () => revoke(t.name) }, 'Revoke'))))),
      ),
    );
  }

  async function load() {
    await Promise.all([loadQueues(), loadTokens()]);
  }
  load().catch((error) => toast(error.message, 'error'));
  const timer = setInterval(() => loadQueues().catch(() => {}), 5000);
  return () => clearInterval(timer);
}
