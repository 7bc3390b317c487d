// What the window shows at start, around the normal screens, when the data
// itself is the news:
// - the start-up failure screen (#startup-error) when the data file can't be
//   opened, with the offer to put back the newest good automatic copy when
//   the file is damaged (#startup-restore);
// - the banner on every screen while the sample shop is on show (#demo-banner);
// - the one-off message after Mend switched data and reloaded itself (a
//   restore, the sample shop, back to the owner's data), kept in
//   sessionStorage across the reload (#data-notice).
//
// Switching data always reloads the window, so every screen, cache and the
// sidebar start again from the data now in use.

import { restoreBackup, leaveDemo } from '../api.js';
import { h, replace, append, prepend } from '../dom.js';
import { date, plural } from '../format.js';
import { showError, clearError } from '../feedback.js';
import { getActor, setActor, setIncidentFilter } from '../state.js';
import { busy } from './form.js';

const NOTICE_KEY = 'mend.data.notice';
/** The owner's own "You are" choice, put aside while the sample shop (with its own staff) is on show. */
const OWN_ACTOR_KEY = 'mend.actor.own';

const $ = (id) => document.getElementById(id);

// ---- Switching data --------------------------------------------------------

/**
 * Reloads the window on Today after the data in use changed, and shows
 * `message` once the app is back. Filters kept for the session are cleared:
 * they belonged to the other data.
 */
export function reloadAfterSwitch(message) {
  if (message) sessionStorage.setItem(NOTICE_KEY, message);
  setIncidentFilter({});
  history.replaceState(null, '', '#/today');
  location.reload();
}

/** Puts the owner's "You are" choice aside before the sample shop opens (once). */
export function setOwnActorAside() {
  if (localStorage.getItem(OWN_ACTOR_KEY) === null) localStorage.setItem(OWN_ACTOR_KEY, String(getActor() || ''));
  setActor(null);
}

/** Switches from the sample shop back to the owner's data and reloads; `button` shows the wait. */
export async function backToOwnData(button) {
  if (button?.disabled) return;
  const done = button ? busy(button, 'Switching…') : () => {};
  try {
    await leaveDemo();
  } catch (err) {
    done();
    showError(err, 'Mend could not switch back to your data');
    return;
  }
  const own = Number(localStorage.getItem(OWN_ACTOR_KEY));
  localStorage.removeItem(OWN_ACTOR_KEY);
  setActor(Number.isInteger(own) && own > 0 ? own : null);
  reloadAfterSwitch('You are back on your own data. The sample shop is kept aside for another time.');
}

// ---- After the reload ------------------------------------------------------

/** Shows (once) the message left by reloadAfterSwitch, above the screen, until dismissed or the next screen. */
export function showPendingNotice() {
  const message = sessionStorage.getItem(NOTICE_KEY);
  sessionStorage.removeItem(NOTICE_KEY);
  const main = $('main');
  if (!message || !main) return;
  const dismiss = h('button', { type: 'button', class: 'link-button', id: 'data-notice-dismiss' }, 'Dismiss');
  const notice = h('div', { id: 'data-notice', class: 'data-notice', role: 'status' }, h('p', null, message), dismiss);
  const remove = () => {
    notice.remove();
    window.removeEventListener('hashchange', remove);
  };
  dismiss.addEventListener('click', remove);
  window.addEventListener('hashchange', remove);
  const view = $('view');
  if (view && view.parentNode === main) main.insertBefore(notice, view);
  else prepend(main, notice);
}

/** The banner at the top of every screen while the sample shop is on show. */
export function showDemoBanner() {
  const main = $('main');
  if (!main || $('demo-banner')) return;
  const leave = h('button', { type: 'button', id: 'demo-leave', class: 'button small demo-leave' }, 'Back to my data');
  leave.addEventListener('click', () => backToOwnData(leave));
  prepend(main, 
    h('div', { id: 'demo-banner', class: 'demo-banner', role: 'region', 'aria-label': 'Sample shop' },
      h('p', null, h('strong', null, 'You are looking at a sample shop.'),
        ' Everything here is made up; your own data is kept apart and untouched.'),
      leave),
  );
}

// ---- Damage found while in use ---------------------------------------------

/**
 * When a call answers that the data file is damaged (ui/api.js raises
 * `mend:data-damaged`), a notice above the screen offers the good copy: the
 * button reloads the window, which then shows the damaged-file screen with its
 * restore offer. What was typed stays on screen until the owner chooses.
 */
export function showDamageNotice() {
  const main = $('main');
  if (!main || $('damage-notice')) return;
  const reload = h('button', { type: 'button', id: 'damage-reload', class: 'button small primary' }, 'See the good copy');
  reload.addEventListener('click', () => {
    history.replaceState(null, '', '#/today');
    location.reload();
  });
  const notice = h('div', { id: 'damage-notice', class: 'data-notice', role: 'alert' },
    h('p', null, 'Mend found damage in your data file, so it can no longer save. What you typed is still on screen. Mend keeps good copies of your data and can put the newest one back.'),
    reload);
  const view = $('view');
  if (view && view.parentNode === main) main.insertBefore(notice, view);
  else prepend(main, notice);
  reload.focus();
}

if (typeof window !== 'undefined' && window.addEventListener) {
  window.addEventListener('mend:data-damaged', showDamageNotice);
}

// ---- The start-up failure screen -------------------------------------------

/**
 * Replaces the whole window with the explanation of why the data can't be
 * opened. `recovery` (from appInfo) is the newest good automatic copy, offered
 * when the data file is damaged.
 */
export function showStartupFailure({ message, dbPath = null, recovery = null }) {
  document.body.classList.remove('booting');
  $('app')?.remove();
  $('boot-message')?.remove();
  $('startup-error')?.remove();
  const screen = recovery ? damagedScreen(message, dbPath, recovery) : plainScreen(message, dbPath);
  append(document.body, screen);
  (screen.querySelector('#startup-restore') || screen.querySelector('h1'))?.focus();
}

function plainScreen(message, dbPath) {
  return h('main', { id: 'startup-error', class: 'startup-error', role: 'alert' },
    h('h1', { tabindex: '-1' }, 'Mend cannot open your data'),
    h('p', { class: 'startup-message' }, message || 'Mend could not open its database.'),
    fileLine(dbPath),
    h('p', { class: 'small muted' }, 'You can close Mend now. If this keeps happening, ask whoever set up this computer for help.'));
}

function fileLine(dbPath) {
  return dbPath ? h('p', { class: 'small muted' }, 'Your data file: ', h('code', { id: 'startup-db-path' }, dbPath)) : null;
}

/** "12 incidents and 5 customers, from 3 Jan 2026 to 19 Nov 2026" (or without the range when empty). */
export function contentsLine(info) {
  const counts = `${plural(info.incidents, 'incident')} and ${plural(info.customers, 'customer')}`;
  const first = date(info.first_incident);
  const last = date(info.last_incident);
  if (!first || !last) return counts;
  return first === last ? `${counts}, all on ${first}` : `${counts}, from ${first} to ${last}`;
}

/** The lead sentence of the damaged-file screen: an empty or missing file (a failed sync, a full disk) says so. */
function whatIsWrong(message) {
  if (/the file is empty/.test(message || '')) return 'Your data file is empty: nothing is left in it. Mend has not changed it.';
  if (/the file is missing/.test(message || '')) return 'Your data file is missing from the data folder.';
  return 'The file looks damaged. Mend has not changed it.';
}

function damagedScreen(message, dbPath, recovery) {
  const day = date(recovery.date);
  const button = h('button', { type: 'button', id: 'startup-restore', class: 'button primary' },
    `Restore the copy from ${day} (${plural(recovery.incidents, 'incident')}, ${plural(recovery.customers, 'customer')})`);
  const failure = h('p', { id: 'startup-restore-error', class: 'startup-restore-error', role: 'alert', hidden: true });

  button.addEventListener('click', async () => {
    if (button.disabled) return;
    failure.hidden = true;
    const done = busy(button, 'Restoring the copy…');
    try {
      const info = await restoreBackup({ from: 'automatic', file_name: recovery.file_name });
      reloadAfterSwitch(`Your data is back as it was on ${day}: ${contentsLine(info)}. The damaged file is kept aside in the data folder.`);
    } catch (err) {
      done();
      clearError();
      replace(failure, `${err.message || 'The copy could not be restored.'} Nothing has been changed.`);
      failure.hidden = false;
      button.focus();
    }
  });

  return h('main', { id: 'startup-error', class: 'startup-error startup-recovery' },
    h('div', { role: 'alert' },
      h('h1', { tabindex: '-1' }, 'Mend cannot open your data'),
      h('p', { class: 'startup-message' }, whatIsWrong(message))),
    h('section', { class: 'recovery-offer', 'aria-labelledby': 'recovery-title' },
      h('h2', { id: 'recovery-title' }, 'Mend has a good copy'),
      h('p', null, `Mend made an automatic copy of your data on ${day}: ${contentsLine(recovery)}.`),
      h('p', { class: 'small muted' },
        'Restoring puts that copy in place of the damaged file. The damaged file is moved aside in the data folder, not deleted. ',
        'Anything entered after the copy was made is not in it.'),
      h('div', { class: 'recovery-actions' }, button),
      failure),
    h('details', { class: 'startup-details small muted' },
      h('summary', null, 'Details for whoever helps you'),
      h('p', { id: 'startup-technical' }, message || ''),
      fileLine(dbPath)),
    h('p', { class: 'small muted' }, 'If you would rather not restore now, you can close Mend: nothing has been changed.'));
}
