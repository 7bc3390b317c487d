// What Today's call list and the incident page's Promises and Calls panels
// share: the four call outcomes and their number keys, ticking off a call,
// keeping or breaking a promise (with the inline "Broken…" reason), moving a
// promise to a new date (the inline "Move…" form), rows that are one Tab
// stop with Up / Down between them, what was typed kept across rebuilds, and
// the calendar export.

import { logCall, closePromise, movePromise, exportCalendar } from '../api.js';
import { h, replace, isTypingTarget } from '../dom.js';
import { getActor, appNow } from '../state.js';
import { weekdayTime, dateTime, toLocalInput, tomorrowAt } from '../format.js';
import { showError, clearError, toast } from '../feedback.js';
import { busy, handleSaveError, clearFieldErrors } from './form.js';

/** The outcomes of a call, with the number key that picks each one. */
export const OUTCOMES = [
  { value: 'satisfied', label: 'Satisfied', long: 'Satisfied', key: '1' },
  { value: 'partly_satisfied', label: 'Partly', long: 'Partly satisfied', key: '2' },
  { value: 'not_satisfied', label: 'Not satisfied', long: 'Not satisfied', key: '3' },
  { value: 'no_answer', label: 'No answer', long: 'No answer', key: '4' },
];

/** "partly_satisfied" -> "Partly satisfied". */
export function outcomeLabel(value) {
  return OUTCOMES.find((o) => o.value === value)?.long || value || '';
}

/** The outcome a number key picks ("1".."4"), or null. */
export function outcomeForKey(key) {
  return OUTCOMES.find((o) => o.key === key)?.value || null;
}

/** Plain words for the keys, shown above a list of calls (id `id`). */
export function callKeysHint(id, { promises = true } = {}) {
  return h('p', { id, class: 'call-keys small muted' },
    'On a call, press ', h('kbd', null, '1'), ' Satisfied, ', h('kbd', null, '2'), ' Partly, ',
    h('kbd', null, '3'), ' Not satisfied or ', h('kbd', null, '4'), ' No answer. ',
    h('kbd', null, '↑'), ' ', h('kbd', null, '↓'), ' move between rows.',
    promises
      ? [' On a promise, ', h('kbd', null, 'K'), ' marks it kept, ', h('kbd', null, 'B'), ' broken and ',
        h('kbd', null, 'M'), ' moves it to a new date.']
      : null);
}

// ---- What was typed ------------------------------------------------------------

/**
 * Remembers what was typed (or ticked) in controls registered with keep(),
 * so a list rebuilt from fresh data shows it again. Listens on `container`s
 * passed to listen().
 */
export function typedStore() {
  const values = new Map();
  const initials = new WeakMap();
  const forms = new Set(); // row keys ("promise-7") whose "Move…" form is open

  function current(el) {
    return el.type === 'checkbox' ? el.checked : el.value;
  }

  function note(e) {
    const el = e.target;
    if (!(el instanceof Element) || !el.dataset.keep) return;
    if (current(el) === initials.get(el)) values.delete(el.dataset.keep);
    else values.set(el.dataset.keep, current(el));
  }

  return {
    /** Registers `el` under `key` and puts back what was typed there before. */
    keep(el, key) {
      el.dataset.keep = key;
      initials.set(el, current(el));
      if (values.has(key)) {
        if (el.type === 'checkbox') el.checked = values.get(key);
        else el.value = values.get(key);
      }
      return el;
    },
    listen(container) {
      container.addEventListener('input', note);
      container.addEventListener('change', note);
    },
    forget(...keys) {
      for (const k of keys) values.delete(k);
    },
    has(key) {
      return values.has(key);
    },
    /** The row keys whose "Move…" form is open (see rowKeys' `moves`), kept across rebuilds. */
    moveForms: forms,
    /** True when a text was typed and not saved (ticked boxes don't count). */
    dirty() {
      return [...values.values()].some((v) => typeof v === 'string' && v.trim() !== '');
    },
  };
}

// ---- Rows: one Tab stop, Up / Down, number keys -----------------------------------

/**
 * Makes the rows matching `rowSelector` inside `container` one Tab stop:
 * the current row (and the controls in it) can be reached with Tab, Up /
 * Down / Home / End move between rows, 1–4 pick a call's outcome, K and B
 * keep or break a promise. Handlers get the row element.
 *
 * With `moves` ({ typed, done(row, incident, message) }), the promise rows'
 * "Move…" forms work here too: M on a row or the button opens the form, Esc
 * or Cancel closes it, Move saves and hands the refreshed incident and a
 * sentence for the status line to done(). Open forms and what was typed in
 * them come back when the rows are rebuilt (reset()).
 */
export function rowKeys(container, rowSelector, { onOutcome, onKept, onBroken, moves = null }) {
  const rows = () => [...container.querySelectorAll(rowSelector)];

  function setCurrent(row) {
    for (const r of rows()) {
      const here = r === row;
      r.tabIndex = here ? 0 : -1;
      for (const c of r.querySelectorAll('a[href], button, input, select, textarea')) {
        if (here) {
          if (c.dataset.rowOff) {
            c.removeAttribute('tabindex');
            delete c.dataset.rowOff;
          }
        } else if (!c.hasAttribute('tabindex')) {
          c.setAttribute('tabindex', '-1');
          c.dataset.rowOff = '1';
        }
      }
    }
  }

  /** After a rebuild: the row with `key` (or the first) is the Tab stop. */
  function reset(key = null) {
    const all = rows();
    if (moves) {
      for (const r of all) if (moves.typed.moveForms.has(r.dataset.key)) openMoveForm(r, moves.typed);
    }
    setCurrent(all.find((r) => r.dataset.key === key) || all[0] || null);
  }

  if (moves) moveFormEvents(container, rowSelector, moves);

  container.addEventListener('focusin', (e) => {
    const row = e.target.closest(rowSelector);
    if (row && container.contains(row) && row.tabIndex !== 0) setCurrent(row);
  });

  container.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const row = e.target.closest(rowSelector);
    if (!row || !container.contains(row) || isTypingTarget(e.target)) return;
    if (e.target.closest('form.broken-form, form.move-form')) return;
    const all = rows();
    const i = all.indexOf(row);
    let next;
    if (e.key === 'ArrowDown') next = all[i + 1];
    else if (e.key === 'ArrowUp') next = all[i - 1];
    else if (e.key === 'Home') next = all[0];
    else if (e.key === 'End') next = all[all.length - 1];
    if (['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) {
      e.preventDefault();
      if (next) {
        setCurrent(next);
        next.focus();
        next.scrollIntoView({ block: 'nearest' });
      }
      return;
    }
    if (row.dataset.kind === 'promise') {
      if (e.key === 'k' || e.key === 'K') {
        e.preventDefault();
        onKept?.(row);
      } else if (e.key === 'b' || e.key === 'B') {
        e.preventDefault();
        onBroken?.(row);
      } else if ((e.key === 'm' || e.key === 'M') && moves) {
        e.preventDefault();
        openMoveForm(row, moves.typed, { focus: true });
      }
      return;
    }
    const outcome = outcomeForKey(e.key);
    if (outcome && row.dataset.pending !== 'false') {
      e.preventDefault();
      onOutcome?.(row, outcome);
    }
  });

  return { rows, setCurrent, reset };
}

/** The key of the row to focus after `key` is done: the next one, else the one before. */
export function nextKey(order, key, present) {
  const i = order.indexOf(key);
  if (i < 0) return present[0] || null;
  for (const k of order.slice(i + 1)) if (present.includes(k) && k !== key) return k;
  for (const k of order.slice(0, i).reverse()) if (present.includes(k) && k !== key) return k;
  return null;
}

// ---- A call's outcome buttons ------------------------------------------------

/**
 * The four outcome buttons and the "Don't try again" box of one call.
 * `key` names the call for the typed-text store; `name` is the customer's.
 */
export function outcomeControls(key, name, typed) {
  const noRetryId = `no-retry-${key}`;
  const noRetry = h('input', { type: 'checkbox', class: 'no-retry', id: noRetryId, 'data-focus': 'no-retry' });
  typed.keep(noRetry, `no-retry-${key}`);
  return h('div', { class: 'outcomes', role: 'group', 'aria-label': `How did the call with ${name} go?` },
    OUTCOMES.map((o) =>
      h('button', {
        type: 'button',
        class: `button secondary small outcome outcome-${o.value}`,
        'data-outcome': o.value,
        'data-focus': `outcome-${o.value}`,
        'aria-keyshortcuts': o.key,
        title: `${o.long} (press ${o.key} on the row)`,
      }, h('kbd', { 'aria-hidden': 'true' }, o.key), o.label)),
    h('label', { class: 'no-retry-label', for: noRetryId, title: 'With “No answer”: don’t book another try' },
      noRetry, 'Don’t try again'));
}

// ---- The status line above a list ------------------------------------------------

/**
 * The line that says what just happened (#call-status on Today, #calls-status and
 * #promises-status on the incident page), read out by screen readers. It is the
 * one place the message shows: no toast repeats it.
 */
export function statusLine(id, message = '', tone = 'success') {
  return setStatus(h('p', { id, class: 'call-status', role: 'status', 'aria-live': 'polite' }), message, tone);
}

/**
 * Puts `message` in a status line with its tone: "success" (green: satisfied,
 * kept, booked) or "warning" (a calm amber: not satisfied, no answer, broken).
 */
export function setStatus(el, message = '', tone = 'success') {
  el.textContent = message;
  el.dataset.tone = tone === 'warning' ? 'warning' : 'success';
  return el;
}

/** The tone of a call's outcome: only "Satisfied" is plain good news. */
export function outcomeTone(outcome) {
  return outcome === 'satisfied' ? 'success' : 'warning';
}

/**
 * The note box of a call (input.call-note, #`id`), with a label that stays in
 * view while typing ("Note from the call (optional)"). `keepKey` names it in
 * the typed-text store.
 */
export function noteField(id, typed, keepKey) {
  const note = h('input', { type: 'text', class: 'call-note', id, maxlength: '1000', autocomplete: 'off', 'data-focus': 'note' });
  typed.keep(note, keepKey);
  return h('div', { class: 'call-note-field' },
    h('label', { for: id, class: 'call-note-label' }, 'Note from the call', h('span', { class: 'optional' }, ' (optional)')),
    note);
}

/**
 * Ticks off follow-up `followUpId` with `outcome`. "No answer" books the next
 * try unless `noRetry`. Resolves to { incident, message, tone, call } with a
 * plain sentence of what happened ("Will try again on Wed 10:00 (attempt 1)")
 * and its tone for the status line (see outcomeTone).
 */
export async function tickOffCall(followUpId, outcome, { name = '', note = '', noRetry = false } = {}) {
  const retry = outcome === 'no_answer' && !noRetry;
  const incident = await logCall(followUpId, { outcome, note, retry, retry_at: '' }, getActor());
  const call = (incident.follow_ups || []).find((f) => f.id === followUpId);
  const who = name ? `${name}: ` : '';
  const say = (text) => (who ? `${who}${text}` : text.charAt(0).toUpperCase() + text.slice(1));
  let message;
  if (outcome === 'no_answer') {
    const attempt = call ? ` (attempt ${call.attempts})` : '';
    message = retry && call && !call.done_at
      ? say(`no answer. Will try again on ${weekdayTime(call.due_at, appNow())}${attempt}.`)
      : say(`no answer. No more tries${attempt}.`);
  } else if (outcome === 'not_satisfied') {
    const events = incident.events || [];
    const reopened = events.length && events[events.length - 1].kind === 'reopened';
    message = reopened
      ? say('not satisfied. The incident is reopened: put it right, then call again.')
      : say('not satisfied. The incident stays open: put it right, then call again.');
  } else {
    message = say(`${outcomeLabel(outcome).toLowerCase()}. Call ticked off.`);
  }
  return { incident, message, tone: outcomeTone(outcome), call };
}

// ---- Promises: Kept / Broken… ------------------------------------------------------

/**
 * The Kept, Broken… and Move… buttons of an open promise, and the slots for
 * the reason and the move. `due` is its due time (UTC), the move form's
 * starting point; `name` the customer's, for the status line on Today.
 */
export function promiseControls(text, { due = '', name = '' } = {}) {
  return [
    h('div', { class: 'promise-buttons' },
      h('button', { type: 'button', class: 'button secondary small promise-kept', 'data-focus': 'kept', 'aria-keyshortcuts': 'K', title: 'The promise was kept (K on the row)', 'aria-label': `Kept: ${text}` }, 'Kept'),
      h('button', { type: 'button', class: 'button secondary small promise-broken', 'data-focus': 'broken', 'aria-keyshortcuts': 'B', title: 'The promise was broken (B on the row)', 'aria-label': `Broken: ${text}` }, 'Broken…'),
      h('button', {
        type: 'button',
        class: 'button secondary small promise-move',
        'data-focus': 'move',
        'data-due': due,
        'data-text': text,
        'data-name': name,
        'aria-keyshortcuts': 'M',
        title: 'Move the promise to a new date, with the reason (M on the row)',
        'aria-label': `Move to a new date: ${text}`,
      }, 'Move…')),
    h('div', { class: 'broken-slot' }),
    h('div', { class: 'move-slot' }),
  ];
}

/**
 * Opens the "Why was it broken?" form in `row`'s .broken-slot. `key` names
 * the promise for the typed-text store. Returns the reason input.
 */
export function openBrokenForm(row, key, typed) {
  const slot = row.querySelector('.broken-slot');
  if (!slot) return null;
  const existing = slot.querySelector('input.broken-reason');
  if (existing) return existing;
  const id = `broken-reason-${key}`;
  const reason = h('input', { type: 'text', class: 'broken-reason', id, name: 'reason', maxlength: '1000', autocomplete: 'off', 'data-focus': 'reason' });
  typed.keep(reason, `reason-${key}`);
  const form = h('form', { class: 'broken-form', novalidate: true },
    h('div', { class: 'field', 'data-field': 'reason' },
      h('label', { for: id }, 'Why was it broken?'),
      h('div', { class: 'broken-line' },
        reason,
        h('button', { type: 'submit', class: 'button primary small confirm-broken', 'data-focus': 'confirm' }, 'Mark as broken'),
        h('button', { type: 'button', class: 'button secondary small cancel-broken', 'data-focus': 'cancel' }, 'Cancel'))),
    h('p', { class: 'hint' }, 'Tell the customer, and make a new promise you can keep.'));
  replace(slot, form);
  return reason;
}

/** Closes the reason form of `row` (what was typed is forgotten). */
export function closeBrokenForm(row, key, typed) {
  typed.forget(`reason-${key}`);
  const slot = row?.querySelector('.broken-slot');
  if (slot) replace(slot);
}

// ---- Promises: Move… ---------------------------------------------------------------

/**
 * Opens the "Move to a new date" form in `row`'s .move-slot (once), starting
 * from the promise's due time, or tomorrow at 17:00 when that has passed.
 * What was typed is kept in `typed` under the row's key. Returns the form.
 */
export function openMoveForm(row, typed, { focus = false } = {}) {
  const slot = row.querySelector('.move-slot');
  const button = row.querySelector('.promise-move');
  if (!slot || !button) return null;
  const key = row.dataset.key;
  typed.moveForms.add(key);
  let form = slot.querySelector('form.move-form');
  if (!form) {
    const due = button.dataset.due;
    const start = due && new Date(due) > appNow() ? toLocalInput(due) : tomorrowAt(17, appNow());
    const dueId = `move-due-${key}`;
    const reasonId = `move-reason-${key}`;
    const when = h('input', { type: 'datetime-local', class: 'move-due', id: dueId, name: 'due_at', value: start, required: true, 'data-focus': 'move-due' });
    const reason = h('input', { type: 'text', class: 'move-reason', id: reasonId, name: 'reason', maxlength: '1000', autocomplete: 'off', 'data-focus': 'move-reason' });
    typed.keep(when, `move-due-${key}`);
    typed.keep(reason, `move-reason-${key}`);
    form = h('form', { class: 'move-form', novalidate: true, 'aria-label': `Move the promise: ${button.dataset.text}` },
      h('div', { class: 'move-line' },
        h('div', { class: 'field move-when', 'data-field': 'due_at' }, h('label', { for: dueId }, 'New date and time'), when),
        h('div', { class: 'field move-why', 'data-field': 'reason' }, h('label', { for: reasonId }, 'Why is it moving?'), reason),
        h('div', { class: 'move-actions' },
          h('button', { type: 'submit', class: 'button primary small confirm-move', 'data-focus': 'confirm-move' }, 'Move'),
          h('button', { type: 'button', class: 'button secondary small cancel-move', 'data-focus': 'cancel-move' }, 'Cancel'))),
      h('p', { class: 'hint' },
        due ? `Currently due ${dateTime(due, appNow())}. ` : '',
        'The reason goes in the timeline. Tell the customer the new date.'));
    replace(slot, form);
  }
  if (focus) form.querySelector('input.move-due')?.focus();
  return form;
}

/** Closes the move form of `row`; what was typed in it is forgotten. */
export function closeMoveForm(row, typed) {
  const key = row?.dataset.key;
  if (!key) return;
  typed.moveForms.delete(key);
  typed.forget(`move-due-${key}`, `move-reason-${key}`);
  const slot = row.querySelector('.move-slot');
  if (slot) replace(slot);
}

/** Moves the promise of `form`'s row; says where it went through `done`. */
async function submitMove(form, rowSelector, { typed, done }) {
  const row = form.closest(rowSelector);
  const button = row?.querySelector('.promise-move');
  const confirm = form.querySelector('.confirm-move');
  if (!row || !button || confirm.disabled) return;
  const input = {
    due_at: form.querySelector('input.move-due').value,
    reason: form.querySelector('input.move-reason').value.trim(),
  };
  clearFieldErrors(form);
  const finished = busy(confirm, 'Moving…');
  try {
    const incident = await movePromise(Number(row.dataset.id), input, getActor());
    const moved = (incident.promises || []).find((p) => p.id === Number(row.dataset.id));
    const when = moved ? weekdayTime(moved.due_at, appNow()) : input.due_at.replace('T', ' ');
    const { name, text } = button.dataset;
    const message = name
      ? `${name}: promise moved to ${when}. Tell them the new date.`
      : `Promise moved to ${when}: ${text}. Tell the customer the new date.`;
    closeMoveForm(row, typed);
    clearError();
    await done(row, incident, message);
  } catch (err) {
    if (form.isConnected) {
      finished();
      handleSaveError(form, err, 'The promise was not moved');
    } else {
      showError(err, 'The promise was not moved');
    }
  }
}

/** The move forms' clicks, submits and Esc, delegated on `container`. */
function moveFormEvents(container, rowSelector, moves) {
  container.addEventListener('click', (e) => {
    const button = e.target.closest?.('button');
    const row = button?.closest(rowSelector);
    if (!row || !container.contains(row)) return;
    if (button.classList.contains('promise-move')) openMoveForm(row, moves.typed, { focus: true });
    else if (button.classList.contains('cancel-move')) {
      closeMoveForm(row, moves.typed);
      row.querySelector('.promise-move')?.focus();
    }
  });
  container.addEventListener('submit', (e) => {
    const form = e.target;
    if (!form.classList?.contains('move-form')) return;
    e.preventDefault();
    submitMove(form, rowSelector, moves);
  });
  container.addEventListener('keydown', (e) => {
    const form = e.target.closest?.('form.move-form');
    if (!form || e.key !== 'Escape') return;
    e.preventDefault();
    const row = form.closest(rowSelector);
    closeMoveForm(row, moves.typed);
    row?.querySelector('.promise-move')?.focus();
  });
}

/** Marks promise `id` kept. -> IncidentDetail */
export function keepPromise(id) {
  return closePromise(id, true, '', getActor());
}

/** Marks promise `id` broken with `reason` (required). -> IncidentDetail */
export function breakPromise(id, reason) {
  return closePromise(id, false, reason, getActor());
}

// ---- Calendar export -------------------------------------------------------------

/** Asks where to save the .ics file and writes it; says where it went. */
export async function exportCalendarFrom(button) {
  if (button.disabled) return;
  const done = busy(button, 'Saving…');
  try {
    const path = await exportCalendar();
    clearError();
    if (path) toast(`Saved to ${path}`);
  } catch (err) {
    showError(err, 'The calendar file was not saved');
  } finally {
    done();
    if (button.isConnected) button.focus();
  }
}

/** The "Add to calendar (.ics)…" button (`id`), wired to the export. */
export function calendarButton(id) {
  const button = h('button', { type: 'button', id, class: 'button secondary small export-calendar', title: 'Save the open calls and promises as a calendar file (.ics) for your phone or calendar app' },
    'Add to calendar (.ics)…');
  button.addEventListener('click', () => exportCalendarFrom(button));
  return button;
}
