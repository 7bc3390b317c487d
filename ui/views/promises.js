// The Promises panel of the incident page (#promises): every promise made to
// the customer with when it is due, who keeps it and how often it was moved,
// Kept / Broken… / Move… on the open ones (a broken or moved promise needs a
// reason), and the form to add one.
//
// The panel is rebuilt from the refreshed incident after every change; what
// was typed and not saved yet survives that (see calls-common.js typedStore).

import { addPromise } from '../api.js';
import { h, append } from '../dom.js';
import { getActor, appNow } from '../state.js';
import { dateTime, date, tomorrowAt } from '../format.js';
import { showError, clearError } from '../feedback.js';
import { field, input, select, busy, handleSaveError, clearFieldErrors } from './form.js';
import {
  typedStore, rowKeys, nextKey, promiseControls, openBrokenForm, closeBrokenForm, keepPromise, breakPromise, statusLine,
} from './calls-common.js';

/**
 * id: the incident's id; incident(): the incident on show; staff(): active
 * staff; update(inc, focus): shows a refreshed incident, then calls focus().
 */
export function promisesController({ id, incident, staff, update }) {
  const typed = typedStore();
  const openBroken = new Set(); // promise ids whose "Why was it broken?" form is open
  let section = null;
  let keys = null;
  let working = false;
  let lastMessage = ''; // what the last action did, for the status line of the rebuilt panel
  let lastTone = 'success';

  function panel() {
    const inc = incident();
    const promises = inc.promises || [];
    const now = appNow().getTime();
    const openCount = promises.filter((p) => p.status === 'open').length;

    section = h('section', { id: 'promises', class: 'panel promises-panel', 'aria-labelledby': 'promises-title' });
    typed.listen(section);

    const list = promises.length
      ? h('ul', { id: 'promise-list', class: 'promise-list', 'aria-label': 'Promises made to the customer' }, promises.map((p) => row(p, now)))
      : h('p', { id: 'promises-empty', class: 'muted small' },
          'No promises recorded. When you promise the customer something (“a call back by 5”, “the refund by Friday”), write it here so nobody forgets it.');

    append(section, 
      h('div', { class: 'panel-head' },
        h('h2', { id: 'promises-title', tabindex: '-1' }, 'Promises'),
        h('p', { class: 'small muted', id: 'promises-count' },
          promises.length ? `${openCount} open of ${promises.length}` : '')),
      h('p', { class: 'small muted panel-intro' }, 'Keep every promise made during the recovery: a broken promise doubles the damage.'),
      statusLine('promises-status', lastMessage, lastTone),
      list,
      addForm());
    lastMessage = '';

    if (promises.length) {
      keys = rowKeys(list, 'li.promise.open', {
        onKept: (li) => keep(li),
        onBroken: (li) => openBroken_(li, true),
        moves: { typed, done: moved },
      });
      keys.reset();
    }
    section.addEventListener('click', onClick);
    section.addEventListener('submit', onSubmit);
    section.addEventListener('keydown', onKeyDown);

    for (const pid of [...openBroken]) {
      const li = rowOf(pid);
      if (li && li.classList.contains('open')) openBroken_(li, false);
      else openBroken.delete(pid);
    }
    return section;
  }

  function row(p, now) {
    const overdue = p.status === 'open' && new Date(p.due_at).getTime() < now;
    const classes = ['promise', p.status];
    if (overdue) classes.push('overdue');
    let status;
    if (p.status === 'kept') status = ['Kept', p.closed_at ? ` ${date(p.closed_at)}` : '', p.closed_by ? ` by ${p.closed_by.name}` : ''].join('');
    else if (p.status === 'broken') status = ['Broken', p.closed_at ? ` ${date(p.closed_at)}` : '', p.closed_by ? ` (${p.closed_by.name})` : ''].join('');
    else status = overdue ? 'Overdue' : 'Open';
    return h('li', {
      class: classes.join(' '),
      'data-id': String(p.id),
      'data-key': `promise-${p.id}`,
      'data-kind': 'promise',
      tabindex: p.status === 'open' ? '-1' : null,
      'aria-label': p.status === 'open' ? `Promise${overdue ? ', overdue' : ''}: ${p.text}` : null,
    },
      h('div', { class: 'promise-main' },
        h('p', { class: 'promise-text' }, p.text),
        h('p', { class: 'promise-meta' },
          h('span', { class: 'promise-due' }, 'Due ', h('time', { datetime: p.due_at }, dateTime(p.due_at))),
          h('span', { class: 'promise-owner' }, p.owner ? p.owner.name : 'Nobody in particular'),
          h('span', { class: `promise-status status-${p.status}${overdue ? ' late' : ''}` }, status),
          p.moves ? h('span', { class: 'promise-moves' }, movedWords(p.moves)) : null),
        p.moves && p.last_move_reason
          ? h('p', { class: 'promise-move-reason' }, h('span', { class: 'label' }, p.moves > 1 ? 'Last moved because: ' : 'Moved because: '), p.last_move_reason)
          : null,
        p.status === 'broken' && p.broken_reason
          ? h('p', { class: 'promise-reason' }, h('span', { class: 'label' }, 'Why: '), p.broken_reason)
          : null),
      p.status === 'open' ? promiseControls(p.text, { due: p.due_at }) : null);
  }

  function addForm() {
    const text = input({ id: 'promise-text', name: 'text', maxlength: '1000' });
    const due = input({ id: 'promise-due', name: 'due_at', type: 'datetime-local', value: tomorrowAt(17, appNow()) });
    const owner = select({ id: 'promise-owner', name: 'owner_id' }, staff().map((s) => ({ value: s.id, label: s.name })), 'Nobody in particular');
    typed.keep(text, 'promise-text');
    typed.keep(due, 'promise-due');
    typed.keep(owner, 'promise-owner');
    const save = h('button', { type: 'submit', id: 'add-promise', class: 'button secondary small' }, 'Add promise');
    const form = h('form', { id: 'promise-form', class: 'capture-form promise-form grid three', novalidate: true },
      field({ label: 'What was promised', control: text, keys: 'text', wide: true, hint: 'In plain words, as you told the customer.' }),
      field({ label: 'By when', control: due, keys: 'due_at' }),
      field({ label: 'Who keeps it', control: owner, keys: 'owner_id' }),
      h('div', { class: 'capture-actions align-end' }, save));
    form.dataset.role = 'add-promise';
    return form;
  }

  // ---- Actions --------------------------------------------------------------

  /** What the rebuilt panel's status line will say. */
  function say(message, tone = 'success') {
    lastMessage = message;
    lastTone = tone;
  }

  const rowOf = (pid) => section?.querySelector(`li.promise[data-id="${pid}"]`) || null;
  const promiseOf = (pid) => (incident().promises || []).find((p) => p.id === pid);

  /** After closing promise `pid`: the next open promise, else the add form. */
  function focusAfter(order, pid) {
    return () => {
      const present = [...section.querySelectorAll('li.promise.open')].map((li) => li.dataset.key);
      const key = nextKey(order, `promise-${pid}`, present);
      const li = key ? section.querySelector(`li.promise[data-key="${key}"]`) : null;
      if (li) {
        keys?.setCurrent(li);
        li.focus();
      } else section.querySelector('#promise-text')?.focus();
    };
  }

  async function keep(li) {
    const pid = Number(li.dataset.id);
    const p = promiseOf(pid);
    if (!p || working) return;
    const order = [...section.querySelectorAll('li.promise.open')].map((el) => el.dataset.key);
    const button = li.querySelector('.promise-kept');
    working = true;
    if (button) button.setAttribute('aria-busy', 'true');
    try {
      const inc = await keepPromise(pid);
      openBroken.delete(pid);
      typed.forget(`reason-promise-${pid}`);
      clearError();
      say(`Promise kept: ${p.text}`);
      update(inc, focusAfter(order, pid));
    } catch (err) {
      button?.removeAttribute('aria-busy');
      showError(err, 'The promise was not marked kept');
    } finally {
      working = false;
    }
  }

  function openBroken_(li, focus) {
    const pid = Number(li.dataset.id);
    openBroken.add(pid);
    const reason = openBrokenForm(li, `promise-${pid}`, typed);
    if (focus) reason?.focus();
  }

  function closeBroken(li) {
    const pid = Number(li.dataset.id);
    openBroken.delete(pid);
    closeBrokenForm(li, `promise-${pid}`, typed);
    li.querySelector('.promise-broken')?.focus();
  }

  async function confirmBroken(form) {
    const li = form.closest('li.promise');
    const pid = Number(li.dataset.id);
    const p = promiseOf(pid);
    const confirm = form.querySelector('.confirm-broken');
    if (!p || working || confirm.disabled) return;
    const order = [...section.querySelectorAll('li.promise.open')].map((el) => el.dataset.key);
    const reason = form.querySelector('input.broken-reason').value.trim();
    clearFieldErrors(form);
    working = true;
    const done = busy(confirm);
    try {
      const inc = await breakPromise(pid, reason);
      openBroken.delete(pid);
      typed.forget(`reason-promise-${pid}`);
      clearError();
      say(`Promise marked broken: ${p.text}. Tell the customer, and make a new promise you can keep.`, 'warning');
      update(inc, focusAfter(order, pid));
    } catch (err) {
      done();
      handleSaveError(form, err, 'The promise was not marked broken');
    } finally {
      working = false;
    }
  }

  /** After a move: the status line says where it went; the moved promise keeps the focus. */
  function moved(li, inc, message) {
    const key = li.dataset.key;
    say(message);
    update(inc, () => {
      const row = section.querySelector(`li.promise[data-key="${key}"]`);
      if (row) {
        keys?.setCurrent(row);
        row.focus();
      }
    });
  }

  async function add(form) {
    const save = form.querySelector('#add-promise');
    if (save.disabled) return;
    clearFieldErrors(form);
    const owner = form.querySelector('#promise-owner').value;
    const payload = {
      text: form.querySelector('#promise-text').value.trim(),
      due_at: form.querySelector('#promise-due').value,
      owner_id: owner ? Number(owner) : null,
    };
    const done = busy(save);
    try {
      const inc = await addPromise(id, payload, getActor());
      typed.forget('promise-text', 'promise-due', 'promise-owner');
      clearError();
      say(`Promise added: ${payload.text}`);
      update(inc, () => section.querySelector('#promise-text')?.focus());
    } catch (err) {
      done();
      handleSaveError(form, err, 'The promise was not added');
    }
  }

  // ---- Events (delegated) -----------------------------------------------------

  function onClick(e) {
    const button = e.target.closest('button');
    if (!button) return;
    const li = button.closest('li.promise');
    if (!li) return;
    if (button.classList.contains('promise-kept')) keep(li);
    else if (button.classList.contains('promise-broken')) openBroken_(li, true);
    else if (button.classList.contains('cancel-broken')) closeBroken(li);
  }

  function onSubmit(e) {
    const form = e.target;
    e.preventDefault();
    if (form.classList.contains('broken-form')) confirmBroken(form);
    else if (form.id === 'promise-form') add(form);
  }

  function onKeyDown(e) {
    const form = e.target.closest?.('form.broken-form');
    if (form && e.key === 'Escape') {
      e.preventDefault();
      closeBroken(form.closest('li.promise'));
    }
  }

  return { panel, isDirty: () => typed.dirty() };
}

/** "Moved once", "Moved twice", "Moved 3 times". */
export function movedWords(n) {
  if (n === 1) return 'Moved once';
  if (n === 2) return 'Moved twice';
  return `Moved ${n} times`;
}
