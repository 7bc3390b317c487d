// Today: the home screen. At the top the call list (#call-list): follow-up
// calls and promises that are overdue, due today or coming up, ticked off
// from the keyboard (a row, then 1–4), with a "my calls" filter, a printable
// call sheet and the calendar export. Below it the counts and the open
// incidents (late ones first, then oldest first), each with its next step.
//
// The screen reloads itself every minute (so calls move from "Coming up" to
// "Today" and "Overdue" on their own) except while someone is typing, and
// after every action; the focus and anything typed are kept.

import { getToday } from '../api.js';
import { h, replace, arrowNavigation, isTypingTarget, append } from '../dom.js';
import { showError, clearError, loading } from '../feedback.js';
import { age, severityClass, weekdayTime, timeOfDay, ordinal, weekday, longDate, number } from '../format.js';
import { state, severityInfo, setIncidentFilter, getActor, appNow, setAppNow } from '../state.js';
import {
  typedStore, rowKeys, nextKey, outcomeControls, tickOffCall, callKeysHint, calendarButton,
  promiseControls, openBrokenForm, closeBrokenForm, keepPromise, breakPromise, OUTCOMES, statusLine, setStatus, noteField,
} from './calls-common.js';
import { busy, handleSaveError, clearFieldErrors } from './form.js';
import { callContact, messageTools, loadTemplates } from './contact.js';

const MINE_KEY = 'mend.calls.mine';
const REFRESH_MS = 60_000;
/** Unhappy calls listed before the rest are folded away. */
const UNHAPPY_SHOWN = 3;
/** Call rows built before Today's first paint: a screenful and a little more. */
const FIRST_ROWS = 12;
/** Call rows added per task after the first paint. */
const LATER_BATCH = 25;

const GROUPS = [
  { due: 'overdue', id: 'calls-overdue', title: 'Overdue' },
  { due: 'today', id: 'calls-today', title: 'Today' },
  { due: 'upcoming', id: 'calls-upcoming', title: 'Coming up' },
];

export function render(root) {
  root.classList.add('today-view');
  const dateLine = h('p', { class: 'muted', id: 'today-date' }, longDate(appNow()));
  const body = h('div', { class: 'today-body' }, loading());
  append(root, h('header', { class: 'view-header' }, h('h1', null, 'Today'), dateLine), body);

  const typed = typedStore();
  typed.listen(body);
  const openBroken = new Set(); // row keys ("promise-7") whose reason form is open
  let today = null;
  let shell = null; // the parts built once: { reopened, panel, groups, status, filterNote, mine, dash }
  let keys = null;
  let working = false;
  let firstShow = true;
  let buildCount = 0; // which build of the call list is on screen (addLater checks it)
  let lastMessage = '';
  let lastTone = 'success';
  // What a contact action did, in the status line above the list.
  const say = (message, tone) => {
    if (shell) setStatus(shell.status, message, tone);
  };
  // The template names for the rows' message pickers, fetched beside Today.
  loadTemplates().catch((err) => console.warn('The message templates could not be loaded', err));

  // ---- Loading ------------------------------------------------------------

  /** Loads Today; `focus` is a row key (or a function) to focus afterwards. */
  async function load({ focus = null, quiet = false } = {}) {
    try {
      const fresh = await getToday();
      setAppNow(fresh.now);
      if (!root.isConnected) return;
      today = fresh;
      show(focus);
    } catch (err) {
      if (!root.isConnected) return;
      if (quiet) {
        console.warn('Today could not be refreshed', err);
        return;
      }
      if (!shell) replace(body, h('p', null, 'Today’s overview could not be loaded.'));
      showError(err);
    }
  }

  const timer = setInterval(() => {
    if (!root.isConnected || working) return;
    dateLine.textContent = longDate(appNow());
    const active = document.activeElement;
    // Never rebuild under someone's fingers.
    if (active && body.contains(active) && isTypingTarget(active)) return;
    if (document.querySelector('dialog[open]')) return;
    load({ quiet: true });
  }, REFRESH_MS);

  const onActor = () => {
    if (shell && today) show();
  };
  window.addEventListener('mend:actor-changed', onActor);

  load();

  // ---- Showing --------------------------------------------------------------

  function show(focus = null) {
    if (today.total_incidents === 0 && !(today.calls?.items || []).length) {
      shell = null;
      keys = null;
      replace(body, emptyState(today));
      firstShow = false;
      return;
    }
    const before = focus ? null : focusNow();
    if (!shell) buildShell();

    replace(shell.reopened, reopenedNotice(today.calls?.not_satisfied || []));
    renderCalls();
    replace(shell.dash, dashboard(today));
    setStatus(shell.status, lastMessage, lastTone);
    lastMessage = '';

    if (typeof focus === 'function') focus();
    else if (focus) focusRow(focus);
    else if (before) restoreFocus(before);
    else if (firstShow) {
      // Opening Today: the first call is ready for 1–4 straight away.
      const first = shell.groups.querySelector('li.call-item');
      const active = document.activeElement;
      if (first && (!active || active === document.body || active.tagName === 'H1')) first.focus({ preventScroll: true });
    }
    firstShow = false;
  }

  function buildShell() {
    const mine = h('input', { type: 'checkbox', id: 'my-calls', checked: localStorage.getItem(MINE_KEY) === '1' });
    mine.addEventListener('change', () => {
      if (mine.checked) localStorage.setItem(MINE_KEY, '1');
      else localStorage.removeItem(MINE_KEY);
      renderCalls();
    });
    const print = h('button', { type: 'button', id: 'print-calls', class: 'button secondary small', title: 'Print the call list to tick off by hand' }, 'Print call sheet');
    print.addEventListener('click', () => window.print());

    const groups = h('div', { id: 'call-groups', class: 'call-groups' });
    const status = statusLine('call-status');
    const filterNote = h('p', { id: 'calls-filter-note', class: 'small muted', hidden: true });
    const panel = h('section', { id: 'call-list', class: 'panel call-list', 'aria-labelledby': 'call-list-title' },
      h('div', { class: 'print-only call-sheet-head' },
        h('p', { class: 'call-sheet-shop', id: 'call-sheet-shop' }, state.settings.business_name || 'Mend'),
        h('p', { class: 'call-sheet-date' }, `Call sheet · ${longDate(appNow())}`)),
      h('div', { class: 'call-list-head' },
        h('h2', { id: 'call-list-title', tabindex: '-1' }, 'Call list'),
        h('div', { class: 'call-tools' },
          h('label', { class: 'checkbox-inline my-calls-toggle', for: 'my-calls' }, mine, 'Only my calls'),
          print,
          calendarButton('export-calendar'))),
      callKeysHint('call-keys'),
      filterNote,
      status,
      groups);

    groups.addEventListener('click', onClick);
    groups.addEventListener('submit', onSubmit);
    groups.addEventListener('keydown', onKeyDown);
    // WebKit stops painting an on-screen row drawn with content-visibility: auto once it
    // loses the focus (it stays blank until the page is rebuilt), so a row that had the focus
    // is always painted.
    groups.addEventListener('focusin', (e) => e.target.closest?.('li.call-item')?.classList.add('painted'));
    keys = rowKeys(groups, 'li.call-item', {
      onOutcome: (li, outcome) => logOutcome(li, outcome),
      onKept: (li) => keep(li),
      onBroken: (li) => openBroken_(li, true),
      moves: { typed, done: (li, _incident, message) => { lastMessage = message; lastTone = 'success'; return reloadAfter(rowKeysNow(), li.dataset.key, true); } },
    });

    shell = { reopened: h('div', { class: 'reopened-slot' }), panel, groups, status, filterNote, mine, dash: h('div', { class: 'today-dash' }) };
    replace(body, shell.reopened, panel, shell.dash);
  }

  // ---- The call list ----------------------------------------------------------

  function visibleItems() {
    const items = today.calls?.items || [];
    if (!shell.mine.checked) return items;
    const me = getActor();
    return items.filter((i) => !i.assignee || (me !== null && i.assignee.id === me));
  }

  function renderCalls() {
    const build = ++buildCount; // rows still to come from an earlier build are dropped
    const all = today.calls?.items || [];
    const items = visibleItems();
    const current = shell.groups.querySelector('li.call-item[tabindex="0"]')?.dataset.key || null;

    // What "Only my calls" hides, in words.
    const hidden = all.length - items.length;
    if (shell.mine.checked) {
      const me = getActor();
      shell.filterNote.hidden = false;
      replace(shell.filterNote, me === null
        ? 'Showing the calls for anyone. Pick your name at “You are” to see yours too.'
        : hidden > 0
          ? `Showing your calls and the ones for anyone; ${hidden} more for ${hidden === 1 ? 'someone else is' : 'others are'} hidden.`
          : 'Showing your calls and the ones for anyone.');
    } else {
      shell.filterNote.hidden = true;
    }

    if (!items.length) {
      replace(shell.groups, h('p', { id: 'calls-empty', class: 'calls-empty' },
        all.length
          ? 'No calls for you right now. Untick “Only my calls” to see everyone’s.'
          : 'No calls to make and no promises due this week. Nice and quiet.'));
      return;
    }

    // Opening Today, only the rows that fit on the screen are built before the first paint;
    // the rest (up to 300) follow in small batches right after it. Later rebuilds build every
    // row at once, because they put the focus back on a row that may be far down.
    let budget = firstShow ? FIRST_ROWS : Infinity;
    const later = []; // [ul, items still to add]
    const sections = GROUPS.map((g) => {
      const rows = items.filter((i) => i.due === g.due);
      const now = rows.slice(0, Math.max(budget, 0));
      budget -= now.length;
      const list = h('ul', { class: 'call-items' }, now.map(callRow));
      if (now.length < rows.length) later.push([list, rows.slice(now.length)]);
      // The list carries the first 100 of a group; the rest are counted.
      const more = today.calls?.[`more_${g.due}`] || 0;
      return h('section', { id: g.id, class: `call-group group-${g.due}`, hidden: !rows.length, 'aria-labelledby': `${g.id}-title` },
        h('h3', { id: `${g.id}-title`, class: 'call-group-title' }, g.title, ' ',
          h('span', { class: 'group-count' }, String(rows.length + (shell.mine.checked ? 0 : more)))),
        list,
        more > 0
          ? h('p', { class: 'calls-more small muted', id: `${g.id}-more` },
            `…and ${number(more)} more after these. The earliest are listed first; as you tick these off, the next ones appear.`)
          : null);
    });
    replace(shell.groups, sections);
    keys.reset(current);
    if (later.length) addLater(build, later);

    for (const key of [...openBroken]) {
      const li = rowByKey(key);
      if (li) openBroken_(li, false);
      else openBroken.delete(key);
    }
  }

  /** Adds the rows held back from the first paint, a batch per task, so the screen stays
   *  responsive; stops if the list was rebuilt meanwhile. */
  function addLater(build, later) {
    const step = () => {
      if (build !== buildCount || !root.isConnected) return;
      let room = LATER_BATCH;
      while (later.length && room > 0) {
        const [list, rest] = later[0];
        const batch = rest.splice(0, room);
        append(list, ...batch.map(callRow));
        room -= batch.length;
        if (!rest.length) later.shift();
      }
      if (later.length) setTimeout(step, 0);
      // The new rows' buttons and inputs leave the Tab order to the current row, as on every build.
      else keys.reset(shell.groups.querySelector('li.call-item[tabindex="0"]')?.dataset.key || null);
    };
    // After the frame that shows the first rows, not before it.
    requestAnimationFrame(() => setTimeout(step, 0));
  }

  function callRow(item) {
    const key = `${item.kind}-${item.id}`;
    const promise = item.kind === 'promise';
    const name = item.customer_name;
    const due = item.due === 'today' ? timeOfDay(item.due_at) : weekdayTime(item.due_at, appNow());
    const dueWord = { overdue: 'Overdue', today: 'Today', upcoming: 'Coming up' }[item.due] || '';

    return h('li', {
      class: `call-item due-${item.due}${promise ? ' promise-item' : ' follow-up-item'}`,
      'data-kind': item.kind,
      'data-id': String(item.id),
      'data-key': key,
      'data-incident': String(item.incident_id),
      tabindex: '-1',
      'aria-label': `${promise ? 'Promise to' : 'Call'} ${name}, ${dueWord.toLowerCase()} ${due}`,
    },
      h('div', { class: 'call-when' },
        h('time', { datetime: item.due_at, class: 'call-time' }, due),
        h('span', { class: `kind-tag ${promise ? 'promise-tag' : 'call-tag'}` }, promise ? 'Promise' : 'Call'),
        item.attempts >= 1 ? h('span', { class: 'try-tag' }, `${ordinal(item.attempts + 1)} try`) : null),
      h('div', { class: 'call-main' },
        h('p', { class: 'call-line' },
          h('a', { class: 'call-name user-text', href: `#/incidents/${item.incident_id}`, 'data-focus': 'name', title: `Open the incident: ${name}` }, name),
          callContact(item, { say }),
          h('span', { class: 'call-who', title: 'Who makes this call' }, item.assignee ? item.assignee.name : 'Anyone')),
        item.summary ? h('p', { class: 'call-summary' }, h('span', { class: 'label' }, 'What went wrong: '), item.summary) : null,
        item.promised ? h('p', { class: 'call-promised' }, h('span', { class: 'label' }, 'Promised: '), item.promised) : null,
        item.question ? h('p', { class: 'call-question' }, h('span', { class: 'label' }, 'Ask: '), item.question) : null),
      h('div', { class: 'call-actions' },
        promise
          ? promiseControls(item.promised || 'the promise', { due: item.due_at, name })
          : [outcomeControls(key, name, typed), noteInput(key)],
        messageTools(item, { say })),
      printBoxes(promise));
  }

  function noteInput(key) {
    return noteField(`call-note-${key}`, typed, `note-${key}`);
  }

  /** Empty boxes to tick by hand on the printed sheet. */
  function printBoxes(promise) {
    const choices = promise ? ['Kept', 'Broken'] : OUTCOMES.map((o) => o.long);
    return h('div', { class: 'print-only print-boxes', 'aria-hidden': 'true' },
      choices.map((c) => h('span', { class: 'print-box' }, h('span', { class: 'box' }), c)),
      h('span', { class: 'print-notes' }, 'Notes:'));
  }

  /** This week's unhappy calls: the latest few, the rest folded away so the call list
   *  stays on the first screen however bad the week was. */
  function reopenedNotice(list) {
    if (!list.length) return null;
    const line = (u) =>
      h('li', { 'data-incident': String(u.incident_id) },
        h('strong', null, 'Not satisfied: '),
        h('a', { href: `#/incidents/${u.incident_id}`, class: 'reopened-link' }, u.customer_name),
        ` (call on ${weekday(u.called_at)}) — incident reopened`,
        u.note ? h('span', { class: 'reopened-call-note' }, ` · “${u.note}”`) : null);
    const rest = list.slice(UNHAPPY_SHOWN);
    return h('section', { id: 'reopened-calls', class: 'notice reopened-calls', 'aria-labelledby': 'reopened-title' },
      h('h2', { id: 'reopened-title', class: 'visually-hidden' }, 'Customers not satisfied'),
      h('ul', null, list.slice(0, UNHAPPY_SHOWN).map(line)),
      rest.length
        ? h('details', { class: 'reopened-more', id: 'reopened-more' },
          h('summary', null, `${rest.length} more not satisfied in the last week`),
          h('ul', null, rest.map(line)))
        : null);
  }

  // ---- Focus --------------------------------------------------------------------

  const rowByKey = (key) => shell?.groups.querySelector(`li.call-item[data-key="${key}"]`) || null;
  const rowKeysNow = () => [...(shell?.groups.querySelectorAll('li.call-item') || [])].map((li) => li.dataset.key);

  /** Where the focus is, in words that survive a rebuild. */
  function focusNow() {
    const el = document.activeElement;
    if (!el || !body.contains(el)) return null;
    const row = el.closest('li.call-item');
    if (row) return { key: row.dataset.key, part: el === row ? null : el.dataset.focus || null };
    const incident = el.closest('a.incident-row');
    if (incident) return { selector: `a.incident-row[data-id="${incident.dataset.id}"]` };
    if (el.id) return { selector: `#${CSS.escape(el.id)}` };
    return null;
  }

  function restoreFocus(where) {
    if (where.selector) {
      const el = body.querySelector(where.selector);
      if (el && el !== document.activeElement) el.focus({ preventScroll: true });
      return;
    }
    const row = rowByKey(where.key);
    if (!row) return;
    const part = where.part ? row.querySelector(`[data-focus="${where.part}"]`) : null;
    keys.setCurrent(row);
    (part || row).focus({ preventScroll: true });
  }

  function focusRow(key) {
    const row = rowByKey(key);
    if (row) {
      keys.setCurrent(row);
      row.focus();
      row.scrollIntoView({ block: 'nearest' });
    } else {
      shell?.panel.querySelector('#call-list-title')?.focus();
    }
  }

  /** After acting on `key`: reload Today, then focus the row that came after it. */
  async function reloadAfter(order, key, stay = false) {
    await load({
      focus: () => {
        const present = rowKeysNow();
        const target = stay && present.includes(key) ? key : nextKey(order, key, present);
        if (target) focusRow(target);
        else shell?.panel.querySelector('#call-list-title')?.focus();
      },
    });
  }

  // ---- Actions --------------------------------------------------------------------

  const itemOf = (li) => (today.calls?.items || []).find((i) => `${i.kind}-${i.id}` === li.dataset.key);

  async function logOutcome(li, outcome) {
    const item = itemOf(li);
    if (!item || item.kind !== 'follow_up' || working) return;
    const key = li.dataset.key;
    const order = rowKeysNow();
    const note = li.querySelector('input.call-note')?.value.trim() || '';
    const noRetry = Boolean(li.querySelector('input.no-retry')?.checked);
    const button = li.querySelector(`button.outcome[data-outcome="${outcome}"]`);
    working = true;
    li.setAttribute('aria-busy', 'true');
    button?.setAttribute('aria-busy', 'true');
    try {
      const { message, tone } = await tickOffCall(item.id, outcome, { name: item.customer_name, note, noRetry });
      typed.forget(`note-${key}`, `no-retry-${key}`);
      clearError();
      lastMessage = message;
      lastTone = tone;
      await reloadAfter(order, key);
    } catch (err) {
      li.removeAttribute('aria-busy');
      button?.removeAttribute('aria-busy');
      showError(err, 'The call was not ticked off');
      if (err.kind === 'conflict' || err.kind === 'not_found') load({ quiet: true });
    } finally {
      working = false;
    }
  }

  async function keep(li) {
    const item = itemOf(li);
    if (!item || item.kind !== 'promise' || working) return;
    const key = li.dataset.key;
    const order = rowKeysNow();
    const button = li.querySelector('.promise-kept');
    working = true;
    button?.setAttribute('aria-busy', 'true');
    try {
      await keepPromise(item.id);
      openBroken.delete(key);
      typed.forget(`reason-${key}`);
      clearError();
      lastMessage = `${item.customer_name}: promise kept.`;
      lastTone = 'success';
      await reloadAfter(order, key);
    } catch (err) {
      button?.removeAttribute('aria-busy');
      showError(err, 'The promise was not marked kept');
      if (err.kind === 'conflict' || err.kind === 'not_found') load({ quiet: true });
    } finally {
      working = false;
    }
  }

  function openBroken_(li, focus) {
    if (li.dataset.kind !== 'promise') return;
    openBroken.add(li.dataset.key);
    const reason = openBrokenForm(li, li.dataset.key, typed);
    if (focus) reason?.focus();
  }

  function closeBroken(li) {
    openBroken.delete(li.dataset.key);
    closeBrokenForm(li, li.dataset.key, typed);
    li.querySelector('.promise-broken')?.focus();
  }

  async function confirmBroken(form) {
    const li = form.closest('li.call-item');
    const item = li ? itemOf(li) : null;
    const confirm = form.querySelector('.confirm-broken');
    if (!item || working || confirm.disabled) return;
    const key = li.dataset.key;
    const order = rowKeysNow();
    const reason = form.querySelector('input.broken-reason').value.trim();
    clearFieldErrors(form);
    working = true;
    const done = busy(confirm);
    try {
      await breakPromise(item.id, reason);
      openBroken.delete(key);
      typed.forget(`reason-${key}`);
      clearError();
      lastMessage = `${item.customer_name}: promise marked broken. Tell them, and make a new promise you can keep.`;
      lastTone = 'warning';
      await reloadAfter(order, key);
    } catch (err) {
      done();
      handleSaveError(form, err, 'The promise was not marked broken');
    } finally {
      working = false;
    }
  }

  // ---- Events (delegated on the groups) ------------------------------------------

  function onClick(e) {
    const button = e.target.closest('button');
    const li = e.target.closest('li.call-item');
    if (!button || !li) return;
    if (button.classList.contains('outcome')) logOutcome(li, button.dataset.outcome);
    else if (button.classList.contains('promise-kept')) keep(li);
    else if (button.classList.contains('promise-broken')) openBroken_(li, true);
    else if (button.classList.contains('cancel-broken')) closeBroken(li);
  }

  function onSubmit(e) {
    if (!e.target.classList.contains('broken-form')) return;
    e.preventDefault();
    confirmBroken(e.target);
  }

  function onKeyDown(e) {
    const form = e.target.closest?.('form.broken-form');
    if (form && e.key === 'Escape') {
      e.preventDefault();
      closeBroken(form.closest('li.call-item'));
    }
  }

  return {
    isDirty: () => typed.dirty(),
    leave() {
      clearInterval(timer);
      window.removeEventListener('mend:actor-changed', onActor);
    },
  };
}

function emptyState(today) {
  return h(
    'div',
    { id: 'today-empty', class: 'empty-state' },
    h('h2', null, 'No complaints logged yet'),
    h('p', null, 'When something goes wrong for a customer, press ', h('kbd', null, 'N'), ' or choose ',
      h('a', { href: '#/log' }, 'Log incident'), ' and write down what happened. It takes less than a minute.'),
    today.staff_count === 0
      ? h('p', { id: 'staff-hint' }, 'First, add the names of the people who work here in ', h('a', { href: '#/settings' }, 'Settings'),
          ', so everyone can pick their own name and the log shows who did what.')
      : null,
    today.total_incidents === 0 ? sampleOffer() : null,
  );
}

/** "Try Mend with sample data": a separate, made-up shop (views/data.js). */
function sampleOffer() {
  const button = h('button', { type: 'button', id: 'today-demo-start', class: 'button secondary' }, 'Try Mend with sample data');
  const status = h('p', { id: 'today-demo-status', class: 'small muted', role: 'status', 'aria-live': 'polite' });
  button.addEventListener('click', async () => {
    const { openSampleShop } = await import('./data.js');
    openSampleShop(button, status);
  });
  return h('div', { class: 'sample-offer' },
    h('p', null, 'Want to look around first? Open a made-up shop with a year of complaints. Your own data is not touched.'),
    button,
    status);
}

function dashboard(today) {
  const list = h('ul', { id: 'open-incidents', class: 'row-list' }, today.open_incidents.map(openRow));
  arrowNavigation(list, '.incident-row');
  const more = today.open_count > today.open_incidents.length;
  return [
    h('div', { class: 'stats' },
      stat('count-open', today.open_count, 'Open'),
      today.overdue_count > 0 ? stat('count-overdue', today.overdue_count, 'Late on a step', 'late') : null,
      stat('count-today', today.logged_today, 'Logged today'),
      stat('count-resolved', today.resolved_today, 'Resolved today')),
    today.staff_count === 0
      ? h('p', { id: 'staff-hint', class: 'notice' }, 'Tip: add staff names in ', h('a', { href: '#/settings' }, 'Settings'), ' so the log shows who did what.')
      : null,
    h('section', { class: 'panel' },
      h('h2', null, 'Open incidents ', h('span', { class: 'muted small' }, today.overdue_count > 0 ? 'late ones first, then oldest' : 'oldest first')),
      today.open_incidents.length
        ? list
        : h('p', { class: 'empty' }, 'Nothing is open. Every complaint so far has been resolved.'),
      more
        ? h('p', null, h('a', { href: '#/incidents', id: 'all-open', onclick: () => setIncidentFilter({ status: 'open' }) },
            `See all ${today.open_count} open incidents`))
        : null),
  ];
}

function stat(id, value, label, extra = '') {
  return h('div', { class: extra ? `stat ${extra}` : 'stat' }, h('span', { class: 'stat-value', id }, String(value)), h('span', { class: 'stat-label' }, label));
}

/** "Next: Say sorry", or the late step flagged in red. */
function nextStep(inc) {
  if (inc.overdue) {
    return h('span', { class: 'row-step late' },
      h('strong', { class: 'step-label' }, 'Late: '), inc.overdue_step || inc.next_step || 'a step is past its target');
  }
  if (inc.next_step) return h('span', { class: 'row-step' }, h('span', { class: 'step-label' }, 'Next: '), inc.next_step);
  return null; // every step done, or logged before checklists existed
}

function openRow(inc) {
  const sev = severityInfo(inc.severity);
  return h(
    'li',
    { class: inc.overdue ? 'overdue' : null },
    h('a', { class: inc.overdue ? 'incident-row card-row overdue' : 'incident-row card-row', href: `#/incidents/${inc.id}`, 'data-id': String(inc.id) },
      h('span', { class: `badge ${severityClass(inc.severity)}`, title: `Severity ${sev.value}: ${sev.label}` }, String(inc.severity)),
      h('span', { class: 'row-main' },
        h('span', { class: 'row-title', title: inc.category_name ? `${inc.customer_name} · ${inc.category_name}` : inc.customer_name },
          h('strong', { class: 'user-text' }, inc.customer_name),
          inc.category_name ? h('span', { class: 'muted' }, ` · ${inc.category_name}`) : null,
          h('span', { class: 'visually-hidden' }, ` · severity ${sev.value}, ${sev.label}`)),
        h('span', { class: 'row-summary' }, inc.summary || ''),
        nextStep(inc)),
      h('span', { class: 'row-age', title: 'Waiting for' }, age(inc.received_at))),
  );
}
