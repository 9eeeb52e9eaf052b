// Remediation: queue depth and throughput per queue, and every run with a progress bar that moves
// live (the `run` events carry the run's progress straight from the fixes ledger), its outcome per
// strategy, and cancel / resume for operators.
import { get, post } from '../lib/api.js';
import { bar, clear, fmt, h, setBar, toast, when, replace } from '../lib/dom.js';
import { on } from '../lib/events.js';

const DONE = ['verified', 'rejected', 'skipped', 'failed', 'cancelled'];

function doneGroups(progress) {
  return DONE.reduce((n, s) => n + (progress.groups[s] ?? 0), 0);
}

function queueCard(q) {
  const c = q.counts;
  return h(
    'div',
    { class: 'panel card', 'data-testid': `queue-${q.queue}` },
    h('div', { class: 'label' }, `queue ${q.queue} (${q.backend})`),
    h('div', { class: 'n', 'data-testid': `queue-${q.queue}-depth` }, fmt((c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0) + (c['waiting-children'] ?? 0))),
    h('div', { class: 'muted' }, `waiting · ${fmt(c.active)} active · ${fmt(c.completed)} done · ${fmt(c.failed)} failed`),
    h('div', { class: 'muted' }, q.completedPerMinute === null ? 'throughput: measuring…' : `throughput: ${q.completedPerMinute}/min`),
  );
}

function strategies(progress) {
  const rows = Object.entries(progress.strategies);
  if (rows.length === 0) return h('span', { class: 'muted' }, 'no finished groups yet');
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, h('th', {}, 'strategy'), h('th', { class: 'num' }, 'fixed'), h('th', { class: 'num' }, 'rejected'), h('th', { class: 'num' }, 'skipped/failed'))),
    h('tbody', {}, rows.map(([name, c]) => h('tr', {}, h('td', {}, name), h('td', { class: 'num' }, fmt(c.verified ?? 0)), h('td', { class: 'num' }, fmt(c.rejected ?? 0)), h('td', { class: 'num' }, fmt((c.skipped ?? 0) + (c.failed ?? 0)))))),
  );
}

export function render(main, ctx) {
  const queues = h('div', { class: 'grid cards', 'data-testid': 'queues' });
  const runs = h('div', { class: 'panel runs', 'data-testid': 'runs' }, h('p', { class: 'muted' }, 'Loading…'));
  const rows = new Map();
  main.append(h('h1', {}, 'Remediation'), h('h2', {}, 'Queues'), queues, h('h2', { class: 'spaced' }, 'Runs'), runs);

  function runRow(run) {
    const progress = run.progress;
    const total = progress.total.groups || 0;
    const done = doneGroups(progress);
    const meter = bar(total === 0 ? 1 : done / total, { class: 'big', 'data-testid': `run-${run.id}-bar` });
    const label = h('span', { 'data-testid': `run-${run.id}-label` }, `${fmt(done)} / ${fmt(total)} groups`);
    const status = h('span', { class: 'status', 'data-testid': `run-${run.id}-status` }, progress.status);
    const violations = h('div', { class: 'muted' });
    const outcome = h('div');
    const actions = h('div', { class: 'toolbar' });
    const el = h(
      'div',
      { class: 'run', dataset: { run: run.id } },
      h('div', {}, h('strong', {}, `run ${run.id} `), status, h('div', { class: 'muted' }, `by ${run.createdBy}`), h('div', { class: 'muted' }, when(run.createdAt))),
      h('div', {}, meter, h('div', {}, label), violations, actions),
      outcome,
    );
    const update = (p) => {
      const t = p.total.groups || 0;
      const d = doneGroups(p);
      setBar(meter, t === 0 ? 1 : d / t);
      label.textContent = `${fmt(d)} / ${fmt(t)} groups (${fmt(p.groups.verified ?? 0)} fixed, ${fmt(p.groups.running ?? 0)} running)`;
      status.textContent = p.status;
      violations.textContent = Object.entries(p.violations).map(([s, n]) => `${s} ${fmt(n)}`).join(' · ') || `${fmt(p.total.violations)} violations`;
      replace(outcome, strategies(p));
      clear(actions);
      if (ctx.can('operator') && !p.finished) actions.append(h('button', { type: 'button', 'data-testid': `run-${run.id}-cancel`, onclick: () => act(run.id, 'cancel') }, 'Cancel'));
      if (ctx.can('operator') && (p.status === 'cancelled' || (p.groups.queued ?? 0) + (p.groups.cancelled ?? 0) > 0 && p.finished))
        actions.append(h('button', { type: 'button', onclick: () => act(run.id, 'resume') }, 'Resume'));
    };
    update(progress);
    rows.set(run.id, update);
    return el;
  }

  async function act(id, action) {
    try {
      const result = await post(`/api/v1/remediations/${id}/${action}`);
      toast(action === 'cancel' ? `run ${id} cancelled; ${fmt(result.returned)} violations back to assigned` : `run ${id} resumed: ${fmt(result.groups)} groups re-enqueued`);
      await load();
    } catch (error) {
      toast(error.message, 'error');
    }
  }

  async function load() {
    const [list, q] = await Promise.all([get('/api/v1/remediations?limit=20'), get('/api/v1/queues').catch(() => ({ queues: [] }))]);
    rows.clear();
    replace(runs, list.items.length ? list.items.map(runRow) : h('p', { class: 'muted' }, 'No runs yet. Select violations in the explorer and choose Remediate.'));
    replace(queues, q.queues.map(queueCard));
    runs.dataset.loaded = 'true';
  }

  load().catch((error) => toast(error.message, 'error'));
  const offs = [
    on('run', (progress) => {
      const update = rows.get(progress.runId);
      if (update) update(progress);
      else load().catch(() => {});
    }),
    on('queues', ({ queues: list }) => replace(queues, list.map(queueCard))),
  ];
  return () => offs.forEach((off) => off());
}
