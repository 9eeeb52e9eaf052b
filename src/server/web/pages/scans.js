// Scans: history with new vs resolved per scan (and the open backlog after each), a scan's diff,
// and "Scan now" for operators (the server's configured sources or every connection).
import { get, post, qs } from '../lib/api.js';
import { fmt, h, replace, severityBadge, toast, when } from '../lib/dom.js';
import { on } from '../lib/events.js';

export function render(main, ctx) {
  const tbody = h('tbody');
  const detail = h('div');
  const scanNow = ctx.can('operator') ? h('button', { class: 'primary', type: 'button', 'data-testid': 'scan-now', onclick: start }, 'Scan now') : null;
  const table = h(
    'table',
    { class: 'panel', 'data-testid': 'scans-table' },
    h('thead', {}, h('tr', {}, ['scan', 'started', 'trigger', 'status', 'duration', 'new', 'resolved', 'reopened', 'open after', 'sources'].map((c, i) => h('th', { class: i >= 5 && i <= 8 ? 'num' : '' }, c)))),
    tbody,
  );
  main.append(h('div', { class: 'toolbar' }, h('h1', {}, 'Scans'), scanNow), table, detail);

  function row(s) {
    return h(
      'tr',
      { class: 'clickable', dataset: { scan: s.id }, onclick: () => showDiff(s.id) },
      h('td', {}, String(s.id)),
      h('td', {}, when(s.startedAt)),
      h('td', {}, s.trigger),
      h('td', {}, h('span', { class: 'status' }, s.status), s.error ? h('div', { class: 'error' }, s.error) : null),
      h('td', {}, s.durationMs === null ? '–' : `${(s.durationMs / 1000).toFixed(1)} s`),
      h('td', { class: 'num', 'data-testid': 'scan-new' }, fmt(s.new)),
      h('td', { class: 'num', 'data-testid': 'scan-resolved' }, fmt(s.resolved)),
      h('td', { class: 'num' }, fmt(s.reopened)),
      h('td', { class: 'num' }, fmt(s.openAfter)),
      h('td', { class: 'mono' }, s.sources.join(' ')),
    );
  }

  async function load() {
    const page = await get('/api/v1/scans?limit=100');
    replace(tbody, page.items.map(row));
    table.dataset.loaded = 'true';
  }

  async function showDiff(id, change) {
    const diff = await get(`/api/v1/scans/${id}/diff${qs({ limit: 100, change })}`);
    const one = await get(`/api/v1/scans/${id}`);
    const t = one.transitions;
    const tab = (name, label) => h('button', { type: 'button', class: change === name ? 'primary' : '', onclick: () => showDiff(id, name) }, label);
    replace(detail, 
      h(
        'div',
        { class: 'panel', 'data-testid': 'scan-diff' },
        h('div', { class: 'toolbar' }, h('h2', {}, `Scan ${id}: what changed`), tab(undefined, 'all'), tab('new', `new ${fmt(t.new ?? 0)}`), tab('resolved', `resolved ${fmt(t.resolved ?? 0)}`), tab('reopened', `reopened ${fmt(t.reopened ?? 0)}`)),
        h(
          'table',
          {},
          h('thead', {}, h('tr', {}, ['change', 'violation', 'severity', 'policy', 'resource', 'now', 'why'].map((c) => h('th', {}, c)))),
          h('tbody', {}, diff.items.map((d) => h('tr', {}, h('td', {}, d.change), h('td', {}, String(d.violationId)), h('td', {}, severityBadge(d.severity)), h('td', {}, d.policy), h('td', { class: 'mono' }, d.resource), h('td', {}, d.status), h('td', {}, d.reason ?? '')))),
        ),
        diff.nextCursor ? h('p', { class: 'muted' }, 'first 100 shown (the API pages through the rest)') : null,
      ),
    );
  }

  async function start() {
    try {
      const started = await post('/api/v1/scans', {});
      toast(`scan ${started.scanId ?? ''} started: ${started.sources.join(', ')}`);
      await load();
    } catch (error) {
      toast(error.message, 'error');
    }
  }

  load().catch((error) => toast(error.message, 'error'));
  const offs = [on('scan-started', () => load().catch(() => {})), on('scan-finished', (scan) => (toast(`scan ${scan.id} ${scan.status}`), load().catch(() => {})))];
  return () => offs.forEach((off) => off());
}
