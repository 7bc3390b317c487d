// The shell: start-up, hash router, sidebar (business name, actor picker)
// and the keyboard shortcuts that work everywhere.

import { appInfo, notifyDue, startupProbe } from './api.js';
import { state, activeStaff, getActor, setActor, setAppNow } from './state.js';
import { h, replace, isTypingTarget } from './dom.js';
import { showError, clearError, confirmDialog, dropStaleToast } from './feedback.js';
import { showStartupFailure, showDemoBanner, showPendingNotice } from './views/startup.js';

const $ = (id) => document.getElementById(id);

// Each screen is loaded only when it is first shown.
const ROUTES = [
  { re: /^#\/today$/, nav: 'today', load: () => import('./views/today.js') },
  { re: /^#\/log$/, nav: 'log', load: () => import('./views/log.js') },
  { re: /^#\/incidents$/, nav: 'incidents', load: () => import('./views/incidents.js') },
  { re: /^#\/incidents\/(\d+)$/, nav: 'incidents', load: () => import('./views/incident.js') },
  { re: /^#\/customers$/, nav: 'customers', load: () => import('./views/customers.js') },
  { re: /^#\/customers\/import$/, nav: 'customers', load: () => import('./views/import.js') },
  { re: /^#\/customers\/duplicates$/, nav: 'customers', load: () => import('./views/duplicates.js') },
  { re: /^#\/customers\/merge\/(\d+)\/(\d+)$/, nav: 'customers', load: () => import('./views/duplicates.js') },
  { re: /^#\/customers\/(new|\d+)$/, nav: 'customers', load: () => import('./views/customer.js') },
  { re: /^#\/insights$/, nav: 'insights', load: () => import('./views/insights.js') },
  { re: /^#\/settings$/, nav: 'settings', load: () => import('./views/settings.js') },
  { re: /^#\/settings\/data$/, nav: 'settings', load: () => import('./views/data.js') },
  { re: /^#\/settings\/playbooks\/(new|\d+)$/, nav: 'settings', load: () => import('./views/playbook-editor.js') },
];

const NAV_KEYS = ['#/today', '#/log', '#/incidents', '#/customers', '#/insights', '#/settings'];

/** The screen on show: { hash, controller } where controller may have isDirty() and leave(). */
let current = null;
let renderToken = 0;

function currentHash() {
  const hash = location.hash;
  return hash && hash !== '#' && hash !== '#/' ? hash : '#/today';
}

/** Goes to `hash`; onHashChange asks first when the screen on show has unsaved changes. */
function go(hash) {
  if (location.hash !== hash) location.hash = hash;
}

async function onHashChange() {
  const hash = currentHash();
  if (current && hash === current.hash) return;
  if (current?.controller?.isDirty?.()) {
    // Put the address back while we ask, so nothing moves behind the dialog.
    history.replaceState(null, '', current.hash);
    const leave = await confirmDialog('You have changes that are not saved yet. Leave this page and lose them?', {
      ok: 'Leave without saving',
      cancel: 'Stay here',
      danger: true,
    });
    if (!leave) return;
    current.controller.isDirty = () => false;
    history.pushState(null, '', hash);
  }
  await render(hash);
}

async function render(hash) {
  const token = ++renderToken;
  const route = ROUTES.find((r) => r.re.test(hash));
  current?.controller?.leave?.();
  current = { hash, controller: null };
  clearError();
  dropStaleToast();
  markNav(route?.nav);

  const host = $('view');
  if (!route) {
    replace(
      host,
      h('section', { class: 'view' },
        h('h1', { tabindex: '-1' }, 'Page not found'),
        h('p', null, 'There is nothing at this address. ', h('a', { href: '#/today' }, 'Go to Today'), '.')),
    );
    focusHeading(host);
    return;
  }

  let mod;
  try {
    mod = await route.load();
  } catch (err) {
    if (token === renderToken) showError('This screen could not be opened. Please restart Mend.');
    console.error(err);
    return;
  }
  if (token !== renderToken) return;

  const root = h('section', { class: 'view' });
  replace(host, root);
  const params = hash.match(route.re).slice(1);
  try {
    current.controller = mod.render(root, ...params) || null;
  } catch (err) {
    showError(err);
    console.error(err);
  }
  host.scrollTop = 0;
  document.querySelector('.main')?.scrollTo?.(0, 0);
  if (!host.contains(document.activeElement)) focusHeading(host);
}

function focusHeading(host) {
  const heading = host.querySelector('h1');
  if (heading) {
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

function markNav(name) {
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.route === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

// ---- Sidebar -------------------------------------------------------------

function showShopName() {
  $('shop-name').textContent = state.settings.business_name || '';
}

async function fillActorPicker() {
  const select = $('actor');
  const hint = $('actor-hint');
  let staff = [];
  try {
    staff = await activeStaff();
  } catch (err) {
    showError(err, 'Could not load the staff list');
  }
  const actor = getActor();
  const known = staff.some((s) => s.id === actor);
  if (actor && !known) setActor(null);
  replace(
    select,
    h('option', { value: '' }, staff.length ? 'Pick your name' : 'No staff yet'),
    staff.map((s) => h('option', { value: String(s.id), selected: s.id === actor }, s.name)),
  );
  select.value = known ? String(actor) : '';
  if (!staff.length) {
    replace(hint, 'Add staff names in ', h('a', { href: '#/settings' }, 'Settings'), '.');
    hint.hidden = false;
  } else {
    hint.hidden = true;
  }
}

// ---- Keyboard ------------------------------------------------------------

function onKeyDown(e) {
  if (document.querySelector('dialog[open]')) return;
  const key = e.key;
  const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && key.toLowerCase() === 'n') {
    e.preventDefault();
    go('#/log');
  } else if (plain && (key === 'n' || key === 'N') && !isTypingTarget(e.target)) {
    e.preventDefault();
    go('#/log');
  } else if (plain && key === '/' && !isTypingTarget(e.target)) {
    const search = document.querySelector('#view [data-search]');
    if (search) {
      e.preventDefault();
      search.focus();
      search.select?.();
    }
  } else if (e.altKey && !e.ctrlKey && !e.metaKey && /^[1-6]$/.test(key)) {
    e.preventDefault();
    go(NAV_KEYS[Number(key) - 1]);
  }
}

// ---- Desktop reminders -------------------------------------------------------

const REMINDER_MS = 60_000;
const REMINDER_DELAY_MS = 3_000;

/** Asks the backend to show reminders for calls and promises that became due. */
function remindDue() {
  notifyDue().catch((err) => console.warn('Reminders could not be checked', err));
}

// ---- Startup probe (scripts/startup-probe.sh) ------------------------------

/** Resolves once nothing in `host` says "Loading…" any more: the first screen has its data. */
function whenLoaded(host) {
  const loaded = () => !host.querySelector('.loading');
  if (loaded()) return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!loaded()) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(host, { childList: true, subtree: true });
  });
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

/** Waits for Today's data, then two frames (so it is on screen, not just in the DOM), and reports. */
async function reportStartup() {
  await whenLoaded($('view'));
  await nextFrame();
  await nextFrame();
  startupProbe().catch((err) => console.error('The startup probe failed', err));
}

// ---- Start-up ------------------------------------------------------------

async function start() {
  // Fetch the first screen's modules while app_info is on its way, not after it: render()
  // imports the same module again and gets it at once. A failure is reported by render().
  ROUTES.find((r) => r.re.test(currentHash()))?.load().catch(() => {});
  let info;
  try {
    info = await appInfo();
  } catch (err) {
    showStartupFailure({ message: err.message || 'Mend could not start.' });
    return;
  }
  if (info.startup_error) {
    showStartupFailure({
      message: info.startup_error.message || 'Mend could not open its database.',
      dbPath: info.db_path,
      recovery: info.startup_error.kind === 'unreadable' ? info.recovery || null : null,
    });
    return;
  }
  state.info = info;
  setAppNow(info.now);
  state.settings = info.settings || state.settings;
  document.title = 'Mend';
  showShopName();

  $('actor').addEventListener('change', (e) => setActor(e.target.value ? Number(e.target.value) : null));
  $('error-dismiss').addEventListener('click', clearError);
  window.addEventListener('mend:staff-changed', fillActorPicker);
  window.addEventListener('mend:settings-changed', showShopName);
  window.addEventListener('hashchange', onHashChange);
  document.addEventListener('keydown', onKeyDown);

  document.body.classList.remove('booting');
  $('boot-message').remove();
  if (info.demo) showDemoBanner();
  showPendingNotice();
  const first = currentHash();
  if (location.hash !== first) history.replaceState(null, '', first);
  await Promise.all([render(first), fillActorPicker()]);
  if (info.startup_probe) reportStartup();
  // Reminders: once the first screen is up (the check reads the whole call list and shows
  // notifications, work the first paint does not need), then every minute while Mend is open.
  setTimeout(remindDue, REMINDER_DELAY_MS);
  setInterval(remindDue, REMINDER_MS);
}

start();
