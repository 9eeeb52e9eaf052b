// The dashboard shell: session check, login, hash routing to one page module at a time, and the
// live event stream. Pages export `render(main, ctx)` and may return a cleanup function.
import { api, get, onLoggedOut, setCsrf } from './lib/api.js';
import { clear, h, replace } from './lib/dom.js';
import { connectEvents, disconnectEvents } from './lib/events.js';
import * as overview from './pages/overview.js';
import * as violations from './pages/violations.js';
import * as remediation from './pages/remediation.js';
import * as prs from './pages/prs.js';
import * as scans from './pages/scans.js';
import * as ops from './pages/ops.js';

const PAGES = { overview, violations, remediation, prs, scans, ops };
const ROLES = ['viewer', 'operator', 'admin'];

const main = document.getElementById('main');
let session = null;
let cleanup = null;

function can(role) {
  return session !== null && ROLES.indexOf(session.role) >= ROLES.indexOf(role);
}

function showLogin(message) {
  session = null;
  setCsrf(null);
  disconnectEvents();
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  cleanup?.();
  cleanup = null;
  const input = h('input', { type: 'password', name: 'token', id: 'token', autocomplete: 'off', placeholder: 'sweep_…', required: true });
  const error = h('p', { class: 'error', 'data-testid': 'login-error' }, message ?? '');
  const form = h(
    'form',
    {
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          const result = await api('POST', '/api/v1/session', { token: input.value.trim() });
          setCsrf(result.csrfToken);
          start({ name: result.name, role: result.role });
        } catch (err) {
          error.textContent = err.message;
        }
      },
    },
    h('label', { class: 'field', for: 'token' }, 'API token', input),
    h('button', { class: 'primary', type: 'submit' }, 'Log in'),
    error,
    h('p', { class: 'muted' }, 'Create a token with ', h('code', {}, 'sweep tokens create --name <you> --role viewer|operator|admin'), '.'),
  );
  replace(main, h('div', { class: 'panel login' }, h('h1', {}, 'Log in to sweep'), form));
  input.focus();
}

function route() {
  if (!session) return;
  const [name, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const page = PAGES[name] ? name : 'overview';
  if (page === 'ops' && !can('admin')) {
    location.hash = '#/overview';
    return;
  }
  for (const link of document.querySelectorAll('#nav a')) link.classList.toggle('active', link.dataset.page === page);
  cleanup?.();
  clear(main);
  const result = PAGES[page].render(main, { can, session, args: rest });
  cleanup = typeof result === 'function' ? result : null;
}

function start(who) {
  session = who;
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  document.getElementById('who-name').textContent = who.name;
  document.getElementById('who-role').textContent = who.role;
  for (const link of document.querySelectorAll('#nav a[data-role]')) link.hidden = !can(link.dataset.role);
  connectEvents(document.getElementById('live'));
  route();
}

document.getElementById('logout').addEventListener('click', async () => {
  await api('DELETE', '/api/v1/session').catch(() => {});
  showLogin('Logged out.');
});
window.addEventListener('hashchange', route);
onLoggedOut(() => showLogin('Your session ended; log in again.'));

// An existing session (the cookie survives reloads): ask who we are, and get the CSRF token back.
get('/api/v1/session')
  .then((who) => {
    setCsrf(who.csrfToken ?? null);
    start(who);
  })
  .catch(() => showLogin());
