// The incident page's follow-up calls:
// - the proposal shown once the incident is resolved and no call is booked
//   (#proposed-follow-up: "Call Zoë on Tue 24 Nov at 10:00 to check
//   everything is fixed?" with Schedule and Change…);
// - the Calls panel (#calls): every follow-up call with its status, the open
//   ones ticked off like on Today (outcome buttons, or 1–4 on the row), and
//   "Schedule a call" (#call-form: #call-due, #call-assignee, #schedule-call); next to each
//   open call its ready message (views/contact.js: "Text it", "E-mail it", "Copy message").
//
// The checklist's own "follow up" step form (#follow-up-form) stays as it is;
// this panel is the one that is always there.

import { scheduleFollowUp } from '../api.js';
import { h, append } from '../dom.js';
import { getActor, appNow } from '../state.js';
import { dayAt, dateTime, toLocalInput, tomorrowAt, ordinal } from '../format.js';
import { showError, clearError } from '../feedback.js';
import { field, input, select, busy, handleSaveError, clearFieldErrors } from './form.js';
import {
  typedStore, rowKeys, nextKey, outcomeControls, outcomeLabel, tickOffCall, callKeysHint, statusLine, noteField, setStatus,
} from './calls-common.js';
import { messageTools } from './contact.js';

/** The first name to use in a sentence ("Zoë Brandt" -> "Zoë"). */
function firstName(name) {
  return (name || '').trim().split(/\s+/)[0] || name || 'the customer';
}

/**
 * True when the incident has a proposal worth showing: resolved, no call
 * booked, and no call already made since it was resolved.
 */
export function showsProposal(inc) {
  if (!inc.proposed_follow_up || inc.status !== 'resolved') return false;
  const resolved = inc.resolved_at ? new Date(inc.resolved_at).getTime() : 0;
  return !(inc.follow_ups || []).some((f) => f.done_at && new Date(f.done_at).getTime() >= resolved);
}

/**
 * id: the incident's id; incident(): the incident on show; staff(): active
 * staff; update(inc, focus): shows a refreshed incident, then calls focus().
 */
export function callsController({ id, incident, staff, update }) {
  const typed = typedStore();
  let section = null;
  let keys = null;
  let working = false;
  let lastMessage = '';
  let lastTone = 'success';
  // What a contact action did, in the panel's status line.
  const say = (message, tone) => {
    const line = section?.querySelector('#calls-status');
    if (line) setStatus(line, message, tone);
  };

  // ---- The proposal -------------------------------------------------------

  function proposal() {
    const inc = incident();
    if (!showsProposal(inc)) return null;
    const when = dayAt(inc.proposed_follow_up);
    const accept = h('button', { type: 'button', id: 'accept-proposed-follow-up', class: 'button primary' }, 'Schedule');
    const change = h('button', { type: 'button', id: 'change-proposed-follow-up', class: 'button secondary' }, 'Change…');
    accept.addEventListener('click', () => acceptProposal(accept));
    change.addEventListener('click', changeProposal);
    return h('section', { id: 'proposed-follow-up', class: 'proposal', 'aria-labelledby': 'proposal-text' },
      h('div', { class: 'proposal-text' },
        h('p', { class: 'proposal-label' }, 'Follow-up call'),
        h('p', { id: 'proposal-text', class: 'proposal-question' },
          `Call ${firstName(inc.customer?.name)} on `, h('time', { datetime: inc.proposed_follow_up }, when),
          ' to check everything is fixed?'),
        h('p', { class: 'small muted' }, 'A call a day or so after the fix shows you care, and catches anything still wrong.')),
      h('div', { class: 'proposal-actions' }, accept, change));
  }

  async function acceptProposal(button) {
    const inc = incident();
    if (button.disabled || !inc.proposed_follow_up) return;
    const done = busy(button, 'Scheduling…');
    try {
      const updated = await scheduleFollowUp(id, { due_at: toLocalInput(inc.proposed_follow_up), assignee_id: null }, getActor());
      clearError();
      lastMessage = `Call booked for ${dayAt(inc.proposed_follow_up)}. It is on Today’s call list then.`;
      lastTone = 'success';
      update(updated, () => focusNewest(updated));
    } catch (err) {
      done();
      if (err.fields && Object.keys(err.fields).length) {
        // The proposed time no longer works (e.g. it has passed): let them pick one.
        changeProposal();
        const form = section?.querySelector('#call-form');
        if (form) handleSaveError(form, err, 'The call was not scheduled');
      } else showError(err, 'The call was not scheduled');
    }
  }

  function changeProposal() {
    const inc = incident();
    const due = section?.querySelector('#call-due');
    if (!due) return;
    if (inc.proposed_follow_up) due.value = toLocalInput(inc.proposed_follow_up);
    due.scrollIntoView({ block: 'center' });
    due.focus();
  }

  // ---- The Calls panel ----------------------------------------------------

  function panel() {
    const inc = incident();
    const calls = inc.follow_ups || [];
    const now = appNow().getTime();
    const pending = calls.filter((f) => !f.done_at);

    section = h('section', { id: 'calls', class: 'panel calls-panel', 'aria-labelledby': 'calls-title' });
    typed.listen(section);

    const list = calls.length
      ? h('ul', { id: 'calls-list', class: 'calls-list', 'aria-label': 'Follow-up calls', 'aria-describedby': pending.length ? 'calls-keys' : null },
          calls.map((f) => row(f, now, inc)))
      : h('p', { id: 'calls-empty', class: 'muted small' },
          inc.status === 'resolved'
            ? 'No call booked yet. Call the customer a day or so after the fix to check everything is right.'
            : 'No call booked yet. Once it’s put right, book a call to check everything is fixed.');

    append(section, 
      h('div', { class: 'panel-head' },
        h('h2', { id: 'calls-title', tabindex: '-1' }, 'Calls'),
        h('p', { class: 'small muted' }, calls.length ? `${pending.length} to make, ${calls.length - pending.length} done` : '')),
      pending.length ? callKeysHint('calls-keys', { promises: false }) : null,
      statusLine('calls-status', lastMessage, lastTone),
      list,
      scheduleForm(inc));
    lastMessage = '';

    if (calls.length) {
      keys = rowKeys(list, 'li.call.pending', { onOutcome: (li, outcome) => logOutcome(li, outcome) });
      keys.reset();
      list.addEventListener('click', onListClick);
    }
    section.addEventListener('submit', onSubmit);
    return section;
  }

  function row(f, now, inc) {
    const key = `follow_up-${f.id}`;
    const done = Boolean(f.done_at);
    const late = !done && new Date(f.due_at).getTime() < now;
    const classes = ['call', done ? 'done' : 'pending'];
    if (late) classes.push('overdue');
    if (done) classes.push(`outcome-${f.outcome}`);
    let status;
    if (done) status = `${outcomeLabel(f.outcome)} · ${dateTime(f.done_at)}`;
    else if (f.attempts > 0) status = `${ordinal(f.attempts + 1)} try${late ? ', overdue' : ''}`;
    else status = late ? 'Overdue' : 'To call';
    const name = inc.customer?.name || 'the customer';
    const note = done ? null : noteField(`call-note-${f.id}`, typed, `note-${key}`);
    return h('li', {
      class: classes.join(' '),
      'data-id': String(f.id),
      'data-key': key,
      'data-kind': 'follow_up',
      'data-pending': done ? 'false' : 'true',
      tabindex: done ? null : '-1',
      'aria-label': done ? null : `Call ${name}${late ? ', overdue' : ''}, ${dateTime(f.due_at)}`,
    },
      h('div', { class: 'call-main' },
        h('p', { class: 'call-line' },
          h('time', { class: 'call-due', datetime: f.due_at }, dateTime(f.due_at)),
          h('span', { class: 'call-who' }, f.assignee ? f.assignee.name : 'Anyone'),
          h('span', { class: `call-state${late ? ' late' : ''}` }, status)),
        f.note ? h('p', { class: 'call-note-text' }, h('span', { class: 'label' }, 'Note: '), f.note) : null),
      done ? null : h('div', { class: 'call-actions' }, outcomeControls(key, name, typed), note, contactTools(f, inc)));
  }

  /** The ready message for an open call of this incident's customer. */
  function contactTools(f, inc) {
    const c = inc.customer || {};
    return messageTools({
      kind: 'follow_up', id: f.id, attempts: f.attempts, customer_id: c.id, customer_name: c.name || 'the customer', phone: c.phone, email: c.email,
    }, { say });
  }

  function scheduleForm(inc) {
    const initial = inc.proposed_follow_up ? toLocalInput(inc.proposed_follow_up) : tomorrowAt(10, appNow());
    const due = input({ id: 'call-due', name: 'due_at', type: 'datetime-local', value: initial });
    const assignee = select({ id: 'call-assignee', name: 'assignee_id' }, staff().map((s) => ({ value: s.id, label: s.name })), 'Anyone');
    typed.keep(due, 'call-due');
    typed.keep(assignee, 'call-assignee');
    const save = h('button', { type: 'submit', id: 'schedule-call', class: 'button secondary small' }, 'Schedule a call');
    return h('form', { id: 'call-form', class: 'capture-form call-form grid three', novalidate: true, 'aria-label': 'Schedule a call' },
      field({ label: 'Call them on', control: due, keys: 'due_at' }),
      field({ label: 'Who calls', control: assignee, keys: 'assignee_id' }),
      h('div', { class: 'capture-actions align-end' }, save));
  }

  // ---- Actions ------------------------------------------------------------

  const rowsNow = () => [...(section?.querySelectorAll('li.call.pending') || [])].map((li) => li.dataset.key);

  function focusNewest(inc) {
    const calls = (inc.follow_ups || []).filter((f) => !f.done_at);
    const newest = calls.reduce((a, f) => (!a || f.id > a.id ? f : a), null);
    const li = newest ? section.querySelector(`li.call[data-id="${newest.id}"]`) : null;
    if (li) {
      keys?.setCurrent(li);
      li.focus();
      li.scrollIntoView({ block: 'nearest' });
    } else section.querySelector('#calls-title')?.focus();
  }

  async function logOutcome(li, outcome) {
    if (working || li.dataset.pending !== 'true') return;
    const fid = Number(li.dataset.id);
    const key = li.dataset.key;
    const order = rowsNow();
    const note = li.querySelector('input.call-note')?.value.trim() || '';
    const noRetry = Boolean(li.querySelector('input.no-retry')?.checked);
    const button = li.querySelector(`button.outcome[data-outcome="${outcome}"]`);
    working = true;
    li.setAttribute('aria-busy', 'true');
    button?.setAttribute('aria-busy', 'true');
    try {
      const { incident: inc, message, tone } = await tickOffCall(fid, outcome, { name: incident().customer?.name || '', note, noRetry });
      typed.forget(`note-${key}`, `no-retry-${key}`);
      clearError();
      lastMessage = message;
      lastTone = tone;
      update(inc, () => {
        const present = rowsNow();
        const target = present.includes(key) && outcome === 'no_answer' && present.length === 1 ? key : nextKey(order, key, present);
        const next = target ? section.querySelector(`li.call[data-key="${target}"]`) : null;
        if (next) {
          keys?.setCurrent(next);
          next.focus();
        } else section.querySelector('#calls-title')?.focus();
      });
    } catch (err) {
      li.removeAttribute('aria-busy');
      button?.removeAttribute('aria-busy');
      showError(err, 'The call was not ticked off');
    } finally {
      working = false;
    }
  }

  async function schedule(form) {
    const save = form.querySelector('#schedule-call');
    if (save.disabled) return;
    clearFieldErrors(form);
    const assignee = form.querySelector('#call-assignee').value;
    const due = form.querySelector('#call-due').value;
    const done = busy(save, 'Scheduling…');
    try {
      const inc = await scheduleFollowUp(id, { due_at: due, assignee_id: assignee ? Number(assignee) : null }, getActor());
      typed.forget('call-due', 'call-assignee');
      clearError();
      lastMessage = `Call booked for ${due ? dayAt(due) : 'the time chosen'}.`;
      lastTone = 'success';
      update(inc, () => focusNewest(inc));
    } catch (err) {
      done();
      handleSaveError(form, err, 'The call was not scheduled');
    }
  }

  function onListClick(e) {
    const button = e.target.closest('button.outcome');
    const li = e.target.closest('li.call');
    if (!button || !li) return;
    logOutcome(li, button.dataset.outcome);
  }

  function onSubmit(e) {
    if (e.target.id !== 'call-form') return;
    e.preventDefault();
    schedule(e.target);
  }

  return { proposal, panel, isDirty: () => typed.dirty() };
}
