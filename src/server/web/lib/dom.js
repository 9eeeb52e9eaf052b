// Tiny DOM helpers. Text always goes in as text nodes (never innerHTML), so data from the API
// (resource names, tags, messages) cannot inject markup. No inline styles: the CSP forbids them.

/** h('td', { class: 'num', dataset: { id: 3 }, onclick }, 'text', childNode, [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Replaces the children of `el` (arrays are flattened; Node.append would print them as text). */
export function replace(el, ...children) {
  return append(clear(el), children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export const fmt = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'));
export const pct = (x) => `${(x * 100).toFixed(1)}%`;
export const day = (iso) => (iso ? iso.slice(0, 10) : '–');
export const when = (iso) => (iso ? iso.replace('T', ' ').slice(0, 16) : '–');

export function ageDays(iso, now = Date.now()) {
  return iso ? Math.max(0, Math.floor((now - Date.parse(iso)) / 86_400_000)) : null;
}

export function severityBadge(severity) {
  return h('span', { class: `sev ${severity}` }, severity);
}

/** A progress bar; `fraction` 0..1. The width is set through the CSSOM (allowed by the CSP). */
export function bar(fraction, attrs = {}) {
  const fill = h('span');
  fill.style.width = `${Math.round(Math.max(0, Math.min(1, fraction)) * 1000) / 10}%`;
  const { class: extra = '', ...rest } = attrs;
  const el = h('div', { ...rest, class: `bar ${extra}`, role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 }, fill);
  el.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
  el.dataset.progress = String(fraction);
  return el;
}

export function setBar(el, fraction) {
  el.firstChild.style.width = `${Math.round(Math.max(0, Math.min(1, fraction)) * 1000) / 10}%`;
  el.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
  el.dataset.progress = String(fraction);
}

let toastTimer;
export function toast(message, kind = 'info') {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = `toast ${kind}`;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (el.hidden = true), kind === 'error' ? 8000 : 4000);
}

/** A modal: resolves true on confirm, false on cancel. `body` is a node or nodes. */
export function confirmDialog({ title, body, confirm = 'Confirm', danger = false }) {
  return new Promise((resolve) => {
    const close = (answer) => {
      backdrop.remove();
      resolve(answer);
    };
    const ok = h('button', { class: danger ? 'danger' : 'primary', type: 'button', 'data-testid': 'confirm', onclick: () => close(true) }, confirm);
    const backdrop = h(
      'div',
      { class: 'dialog-backdrop', onkeydown: (e) => e.key === 'Escape' && close(false) },
      h('div', { class: 'dialog', role: 'dialog', 'aria-modal': 'true' }, h('h2', {}, title), body, h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => close(false) }, 'Cancel'), ok)),
    );
    document.body.append(backdrop);
    ok.focus();
  });
}
