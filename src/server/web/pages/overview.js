// Overview: open backlog by severity, SLA breaches, the burndown, compliance per framework, the
// oldest open violations. Refreshes itself when the counts change (backlog / scan-finished events).
import { get } from '../lib/api.js';
import { burndownChart } from '../lib/chart.js';
import { ageDays, bar, day, fmt, h, pct, replace, severityBadge } from '../lib/dom.js';
import { on } from '../lib/events.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low'];

function card(label, value, attrs = {}) {
  return h('div', { class: `panel card ${attrs.class ?? ''}` }, h('div', { class: 'label' }, label), h('div', { class: 'n', 'data-testid': attrs.testid }, fmt(value)));
}

function view(summary, burndown) {
  const cards = h(
    'div',
    { class: 'grid cards' },
    card('open', summary.open, { testid: 'open-total' }),
    SEVERITIES.map((s) => card(s, summary.bySeverity[s] ?? 0, { class: s, testid: `open-${s}` })),
    card('SLA breached', summary.sla.breached, { class: 'breach', testid: 'sla-breached' }),
    card('due in 7 days', summary.sla.dueIn7Days, { testid: 'sla-soon' }),
  );
  const frameworks = h(
    'table',
    { 'data-testid': 'frameworks' },
    h('thead', {}, h('tr', {}, h('th', {}, 'framework'), h('th', {}, 'compliance'), h('th', { class: 'num' }, 'score'), h('th', { class: 'num' }, 'failing / covered controls'), h('th', { class: 'num' }, 'open violations'))),
    h(
      'tbody',
      {},
      summary.frameworks.map((f) =>
        h(
          'tr',
          { dataset: { framework: f.framework } },
          h('td', {}, h('a', { href: `#/violations/framework=${encodeURIComponent(f.framework)}` }, f.framework)),
          h('td', {}, bar(f.score, { class: 'score' })),
          h('td', { class: 'num', 'data-testid': `score-${f.framework}` }, pct(f.score)),
          h('td', { class: 'num' }, `${fmt(f.failingControls)} / ${fmt(f.coveredControls)}`),
          h('td', { class: 'num', 'data-testid': `violations-${f.framework}` }, fmt(f.violations)),
        ),
      ),
    ),
  );
  const oldest = h(
    'table',
    { 'data-testid': 'oldest' },
    h('thead', {}, h('tr', {}, h('th', {}, 'id'), h('th', {}, 'severity'), h('th', {}, 'policy'), h('th', {}, 'resource'), h('th', { class: 'num' }, 'age (days)'), h('th', {}, 'due'))),
    h(
      'tbody',
      {},
      summary.oldest.map((v) =>
        h('tr', {}, h('td', {}, String(v.id)), h('td', {}, severityBadge(v.severity)), h('td', {}, v.policy), h('td', {}, v.resource), h('td', { class: 'num' }, fmt(ageDays(v.createdAt))), h('td', {}, day(v.dueAt))),
      ),
    ),
  );
  const breaches = h(
    'div',
    { class: 'kv' },
    SEVERITIES.map((s) => [h('span', {}, severityBadge(s)), h('span', { 'data-testid': `sla-${s}` }, fmt(summary.sla.bySeverity[s] ?? 0))]),
  );
  return [
    h('h1', {}, 'Overview'),
    cards,
    h('div', { class: 'grid two' }, h('div', { class: 'panel' }, h('h2', {}, 'Burndown: open violations per scan'), burndownChart(burndown.points)), h('div', { class: 'panel' }, h('h2', {}, 'SLA breaches (due date passed)'), breaches, h('h2', { class: 'spaced' }, 'Oldest open'), oldest)),
    h('div', { class: 'panel' }, h('h2', {}, 'Compliance per framework (controls with no open violation / controls covered)'), frameworks),
    h('p', { class: 'muted' }, `as of ${summary.asOf.replace('T', ' ').slice(0, 19)} UTC`),
  ];
}

export function render(main) {
  const root = h('div', { 'data-testid': 'overview' }, h('p', { class: 'muted' }, 'Loading…'));
  main.append(root);
  let timer = null;
  const load = async () => {
    const [summary, burndown] = await Promise.all([get('/api/v1/summary'), get('/api/v1/burndown')]);
    replace(root, ...view(summary, burndown));
    root.dataset.loaded = 'true';
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => load().catch(() => {}), 800);
  };
  load().catch((error) => replace(root, h('p', { class: 'error' }, error.message)));
  const offs = [on('backlog', soon), on('scan-finished', soon)];
  return () => {
    clearTimeout(timer);
    offs.forEach((off) => off());
  };
}
