// Violations explorer: the CLI's filters, sort, cursor pages ("Load more"), select rows or every
// violation matching the filter, then assign / suppress / remediate — each action first asks the
// API how many rows it would change (dryRun) and shows that count before confirming.
import { get, post, qs } from '../lib/api.js';
import { clear, confirmDialog, fmt, h, severityBadge, toast, when, replace } from '../lib/dom.js';

const PAGE = 50;
const LIST_KEYS = ['severity', 'status', 'policy', 'type', 'account', 'assignee'];

function parseArgs(arg, openStatuses) {
  const filter = { status: [...openStatuses] };
  if (!arg) return filter;
  for (const [key, value] of new URLSearchParams(arg)) {
    if (LIST_KEYS.includes(key)) filter[key] = value.split(',').filter(Boolean);
    else filter[key] = value;
  }
  return filter;
}

function checkboxes(name, values, checked) {
  return h('fieldset', { 'data-testid': `filter-${name}` }, h('legend', {}, name), values.map((v) => h('label', {}, h('input', { type: 'checkbox', name, value: v, checked: checked.includes(v) }), v)));
}

function splitList(text) {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

export function render(main, ctx) {
  const state = { filter: {}, sort: 'severity', items: [], next: null, selected: new Set(), allMatching: false, total: null, catalog: null };
  const root = h('div', { 'data-testid': 'explorer' });
  const form = h('form', { class: 'filters panel' });
  const summary = h('div', { class: 'toolbar' });
  const bulk = h('div', { class: 'bulk', 'data-testid': 'bulk-bar', hidden: true });
  const tbody = h('tbody');
  const more = h('button', { type: 'button', 'data-testid': 'load-more', onclick: () => loadPage(false) }, 'Load more');
  const table = h(
    'table',
    { class: 'panel', 'data-testid': 'violations-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, h('input', { type: 'checkbox', 'data-testid': 'select-page', title: 'select this page', onchange: (e) => selectPage(e.target.checked) })),
        ['id', 'severity', 'status', 'policy', 'resource', 'location', 'assignee', 'controls'].map((c) => h('th', {}, c)),
      ),
    ),
    tbody,
  );
  root.append(h('h1', {}, 'Violations'), form, summary, bulk, table, h('div', { class: 'toolbar' }, more));
  main.append(root);

  function buildForm() {
    const c = state.catalog;
    const f = state.filter;
    replace(form, 
      h('label', {}, 'framework', h('select', { name: 'framework' }, h('option', { value: '' }, 'any'), c.frameworks.map((x) => h('option', { value: x, selected: f.framework === x }, x)))),
      h('label', {}, 'control', h('input', { name: 'control', value: f.control ?? '', placeholder: 'e.g. SC-28', size: 8 })),
      checkboxes('severity', c.severities, f.severity ?? []),
      checkboxes('status', c.statuses, f.status ?? []),
      h('label', {}, 'policy', h('select', { name: 'policy' }, h('option', { value: '' }, 'any'), c.policies.map((p) => h('option', { value: p.id, selected: (f.policy ?? []).includes(p.id) }, p.id)))),
      h('label', {}, 'resource type', h('input', { name: 'type', value: (f.type ?? []).join(','), placeholder: 'aws:s3/bucket:Bucket' })),
      h('label', {}, 'account', h('input', { name: 'account', value: (f.account ?? []).join(','), size: 14 })),
      h('label', {}, 'assignee', h('input', { name: 'assignee', value: (f.assignee ?? []).join(','), size: 10 })),
      h('label', {}, 'sort', h('select', { name: 'sort' }, c.sorts.map((s) => h('option', { value: s, selected: state.sort === s }, s === 'severity' ? 'most severe first' : s)))),
      h('button', { class: 'primary', type: 'submit', 'data-testid': 'apply-filters' }, 'Apply'),
    );
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    state.filter = {
      framework: data.get('framework') || undefined,
      control: data.get('control')?.trim() || undefined,
      severity: data.getAll('severity'),
      status: data.getAll('status'),
      policy: data.get('policy') ? [data.get('policy')] : [],
      type: splitList(data.get('type') ?? ''),
      account: splitList(data.get('account') ?? ''),
      assignee: splitList(data.get('assignee') ?? ''),
    };
    state.sort = data.get('sort') || 'severity';
    reload();
  });

  function apiFilter() {
    const out = {};
    for (const [key, value] of Object.entries(state.filter)) {
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
      out[key] = value;
    }
    return out;
  }

  async function reload() {
    state.items = [];
    state.next = null;
    state.selected.clear();
    state.allMatching = false;
    clear(tbody);
    renderBulk();
    state.total = null;
    renderSummary();
    const counted = get(`/api/v1/violations/count${qs(apiFilter())}`).then((r) => {
      state.total = r.count;
      renderSummary();
      renderBulk();
    });
    await Promise.all([loadPage(true), counted]).catch((error) => toast(error.message, 'error'));
  }

  async function loadPage(first) {
    const cursor = first ? undefined : state.next;
    if (!first && !cursor) return;
    const page = await get(`/api/v1/violations${qs({ ...apiFilter(), sort: state.sort, limit: PAGE, cursor })}`);
    state.items.push(...page.items);
    state.next = page.nextCursor;
    for (const v of page.items) tbody.append(row(v));
    more.hidden = !state.next;
    root.dataset.loaded = 'true';
    renderSummary();
  }

  function row(v) {
    const box = h('input', {
      type: 'checkbox',
      'data-testid': 'select-row',
      checked: state.allMatching || state.selected.has(v.id),
      onclick: (e) => e.stopPropagation(),
      onchange: (e) => {
        if (e.target.checked) state.selected.add(v.id);
        else state.selected.delete(v.id);
        state.allMatching = false;
        tr.classList.toggle('selected', e.target.checked);
        renderBulk();
      },
    });
    const location = v.iac.path ? `${v.iac.path}${v.iac.line ? `:${v.iac.line}` : ''}` : '–';
    const tr = h(
      'tr',
      { class: 'clickable', dataset: { id: v.id }, onclick: () => showDetail(v.id) },
      h('td', {}, box),
      h('td', {}, String(v.id)),
      h('td', {}, severityBadge(v.severity)),
      h('td', {}, h('span', { class: 'status', 'data-testid': 'row-status' }, v.status)),
      h('td', {}, v.policy),
      h('td', { title: v.resource.key }, v.resource.name ?? v.resource.key),
      h('td', { class: 'mono' }, location),
      h('td', { 'data-testid': 'row-assignee' }, v.assignee ?? '–'),
      h('td', { title: v.controls.map((c) => `${c.framework} ${c.control}`).join(', ') }, String(v.controls.length)),
    );
    return tr;
  }

  function selectPage(checked) {
    for (const tr of tbody.children) {
      const id = Number(tr.dataset.id);
      if (checked) state.selected.add(id);
      else state.selected.delete(id);
      tr.querySelector('input').checked = checked;
      tr.classList.toggle('selected', checked);
    }
    if (!checked) state.allMatching = false;
    renderBulk();
  }

  function renderSummary() {
    replace(summary, 
      h('span', { 'data-testid': 'match-count' }, state.total === null ? 'counting…' : `${fmt(state.total)} matching`),
      h('span', { class: 'muted' }, `showing ${fmt(state.items.length)}`),
    );
  }

  function target() {
    return state.allMatching ? { filter: apiFilter() } : { ids: [...state.selected] };
  }

  function renderBulk() {
    const n = state.allMatching ? state.total : state.selected.size;
    bulk.hidden = !n;
    if (!n) return clear(bulk);
    const assignee = h('input', { placeholder: 'ai or owner', size: 12, 'data-testid': 'assign-to', value: 'ai' });
    replace(bulk, 
      h('span', { class: 'count', 'data-testid': 'selected-count' }, state.allMatching ? `all ${fmt(n)} matching selected` : `${fmt(n)} selected`),
      !state.allMatching && state.total !== null && state.total > state.selected.size
        ? h('button', { type: 'button', 'data-testid': 'select-all-matching', onclick: () => ((state.allMatching = true), selectPage(true), renderBulk()) }, `Select all ${fmt(state.total)} matching`)
        : null,
      h('button', { type: 'button', onclick: () => selectPage(false) }, 'Clear'),
      ctx.can('operator')
        ? [
            h('span', { class: 'muted' }, '|'),
            assignee,
            h('button', { class: 'primary', type: 'button', 'data-testid': 'assign', onclick: () => assign(assignee.value.trim()) }, 'Assign'),
            h('button', { type: 'button', 'data-testid': 'suppress', onclick: suppress }, 'Suppress…'),
            h('button', { type: 'button', 'data-testid': 'remediate', onclick: remediate }, 'Remediate'),
          ]
        : h('span', { class: 'muted' }, 'your role can only read'),
    );
  }

  async function assign(to) {
    if (!to) return toast('say who to assign to (ai or an owner)', 'error');
    try {
      const preview = await post('/api/v1/violations/assign', { ...target(), to, dryRun: true });
      const ok = await confirmDialog({
        title: `Assign to ${to}`,
        body: h('p', { 'data-testid': 'confirm-count' }, `${fmt(preview.matched)} violations will be assigned to ${to}`, preview.matched === 0 ? ' (none of the selection can be assigned in its current status)' : '.'),
        confirm: `Assign ${fmt(preview.matched)}`,
      });
      if (!ok) return;
      const result = await post('/api/v1/violations/assign', { ...target(), to });
      toast(`assigned ${fmt(result.changed)} violations to ${to} (${fmt(result.matched)} matched)`);
      await reload();
    } catch (error) {
      toast(error.message, 'error');
    }
  }

  async function suppress() {
    const reason = h('textarea', { rows: 3, placeholder: 'why this risk is accepted', 'data-testid': 'suppress-reason' });
    const approver = h('input', { placeholder: 'who approved it', 'data-testid': 'suppress-approver' });
    const expires = h('input', { type: 'date', 'data-testid': 'suppress-expires', value: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10) });
    const ok = await confirmDialog({
      title: 'Suppress (accept the risk until a date)',
      body: h('div', { class: 'grid' }, h('label', { class: 'field' }, 'reason', reason), h('label', { class: 'field' }, 'approved by', approver), h('label', { class: 'field' }, 'expires', expires)),
      confirm: 'Continue',
    });
    if (!ok) return;
    const body = { ...target(), reason: reason.value.trim(), approvedBy: approver.value.trim(), expiresAt: expires.value };
    try {
      const preview = await post('/api/v1/violations/suppress', { ...body, dryRun: true });
      const sure = await confirmDialog({
        title: 'Confirm suppression',
        body: h('p', { 'data-testid': 'confirm-count' }, `${fmt(preview.matched)} violations will be suppressed until ${body.expiresAt}.`),
        confirm: `Suppress ${fmt(preview.matched)}`,
        danger: true,
      });
      if (!sure) return;
      const result = await post('/api/v1/violations/suppress', body);
      toast(`suppressed ${fmt(result.changed)} violations (suppression ${result.suppressionId ?? '–'})`);
      await reload();
    } catch (error) {
      toast(error.message, 'error');
    }
  }

  async function remediate() {
    try {
      const preview = await post('/api/v1/remediations', { ...target(), assignToAi: true, dryRun: true });
      const ok = await confirmDialog({
        title: 'Remediate',
        body: h('p', { 'data-testid': 'confirm-count' }, `Up to ${fmt(preview.violations)} violations will be assigned to ai and fixed: grouped, fixed, verified, and batched into pull requests.`),
        confirm: 'Start run',
      });
      if (!ok) return;
      const run = await post('/api/v1/remediations', { ...target(), assignToAi: true });
      toast(`run ${run.runId}: ${fmt(run.violations)} violations in ${fmt(run.groups)} groups`);
      location.hash = '#/remediation';
    } catch (error) {
      toast(error.message, 'error');
    }
  }

  async function showDetail(id) {
    document.querySelector('.side')?.remove();
    const panel = h('aside', { class: 'side', 'data-testid': 'violation-detail' }, h('p', { class: 'muted' }, 'Loading…'));
    document.body.append(panel);
    const { violation: v, events } = await get(`/api/v1/violations/${id}`);
    replace(panel, 
      h('div', { class: 'toolbar' }, h('h2', {}, `Violation ${v.id}`), h('button', { type: 'button', onclick: () => panel.remove() }, 'Close')),
      h(
        'div',
        { class: 'kv' },
        ['policy', v.policy, 'severity', severityBadge(v.severity), 'status', v.status, 'assignee', v.assignee ?? '–', 'message', v.message, 'resource', v.resource.key, 'type', v.resource.type, 'IaC', v.iac.path ? `${v.iac.repo ?? ''} ${v.iac.path}:${v.iac.line ?? ''}` : 'unmanaged', 'due', when(v.dueAt), 'controls', v.controls.map((c) => `${c.framework} ${c.control}`).join(', ')].map((x, i) => (i % 2 === 0 ? h('strong', {}, x) : h('span', {}, x))),
      ),
      h('h2', {}, 'Trail'),
      h('table', {}, h('tbody', {}, events.map((e) => h('tr', {}, h('td', {}, when(e.at)), h('td', {}, `${e.from ?? '∅'} → ${e.to}`), h('td', {}, e.actor), h('td', {}, e.reason ?? ''))))),
    );
  }

  get('/api/v1/catalog')
    .then((catalog) => {
      state.catalog = catalog;
      state.filter = parseArgs(ctx.args[0], catalog.openStatuses);
      buildForm();
      return reload();
    })
    .catch((error) => toast(error.message, 'error'));

  return () => document.querySelector('.side')?.remove();
}
