// The incident page: the playbook checklist (views/checklist.js), details
// at a glance, Edit (same fields as Log incident), Resolve / Reopen with an
// optional note, and the timeline.

import { getIncident, updateIncident, resolveIncident, reopenIncident } from '../api.js';
import { h, replace, isTypingTarget } from '../dom.js';
import { activeCategories, activeStaff, getActor, channelLabel, severityInfo, noteAppTime } from '../state.js';
import { ago, dateTime, money, toLocalInput, centsToInput } from '../format.js';
import { showError, clearError, toast, confirmDialog, loading } from '../feedback.js';
import { customerPicker } from './customer-picker.js';
import { incidentFields, incidentInput } from './incident-form.js';
import { readForm, fillForm, onCtrlEnter, busy, handleSaveError, clearFieldErrors, showFieldErrors, field, textarea } from './form.js';
import { severityBadge } from './rows.js';
import { checklistController } from './checklist.js';
import { advisorPanel } from './advisor.js';
import { promisesController } from './promises.js';
import { callsController, showsProposal } from './follow-ups.js';

export function render(root, idText) {
  const id = Number(idText);
  const body = h('div', { class: 'incident-body' }, loading());
  root.append(body);

  let incident = null;
  let editor = null; // { form, picker, initial } while editing
  let staff = [];

  const checklist = checklistController({
    id,
    incident: () => incident,
    staff: () => staff,
    update(inc, focus) {
      incident = inc;
      show(focus);
    },
  });

  const panelOptions = {
    id,
    incident: () => incident,
    staff: () => staff,
    update(inc, focus) {
      incident = inc;
      show(focus);
    },
  };
  const promises = promisesController(panelOptions);
  const calls = callsController(panelOptions);

  // C jumps to the next step of the checklist (when not typing).
  function onKey(e) {
    if (editor || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || (e.key !== 'c' && e.key !== 'C')) return;
    if (isTypingTarget(e.target) || document.querySelector('dialog[open]') || !incident) return;
    if (checklist.focusNext()) e.preventDefault();
  }
  document.addEventListener('keydown', onKey);

  const controller = {
    isDirty: () => Boolean(editor ? snapshot() !== editor.initial : checklist.isDirty() || promises.isDirty() || calls.isDirty()),
    leave: () => document.removeEventListener('keydown', onKey),
  };

  function snapshot() {
    return JSON.stringify([readForm(editor.form), editor.picker.value()]);
  }

  Promise.all([getIncident(id), activeStaff().catch(() => [])])
    .then(([inc, people]) => {
      if (!root.isConnected) return;
      incident = inc;
      staff = people;
      // Open incidents start on the next step, so Space ticks it straight away.
      show(inc.status !== 'resolved' ? () => checklist.focusNext() || focusHeading() : null);
    })
    .catch((err) => {
      if (!root.isConnected) return;
      replace(body,
        h('h1', { tabindex: '-1' }, 'Incident not found'),
        h('p', null, err.kind === 'not_found' ? 'This incident does not exist (any more).' : 'This incident could not be opened.',
          ' ', h('a', { href: '#/incidents' }, 'Back to all incidents'), '.'));
      if (err.kind !== 'not_found') showError(err);
      body.querySelector('h1').focus();
    });

  // ---- Reading ------------------------------------------------------------

  function focusHeading() {
    body.querySelector('h1')?.focus({ preventScroll: true });
    return true;
  }

  /** Shows the incident; `focus` is an element id to focus, or a function that places the focus. */
  function show(focus = null) {
    editor = null;
    const inc = incident;
    for (const ev of inc.events || []) noteAppTime(ev.at);
    const open = inc.status !== 'resolved';
    const sev = severityInfo(inc.severity);

    const header = h('header', { class: 'view-header incident-header' },
      h('div', null,
        h('p', { class: 'overline' }, `Incident #${inc.id}`),
        h('h1', { tabindex: '-1' }, h('a', { href: `#/customers/${inc.customer.id}`, id: 'customer-link', title: 'Open the customer’s card' }, inc.customer.name)),
        h('p', { class: 'muted' }, [inc.customer.phone, inc.customer.email].filter(Boolean).join(' · ') || 'No phone or email recorded')),
      h('div', { class: 'status-box' },
        h('span', { id: 'incident-status', class: open ? 'status-big open' : 'status-big resolved' }, open ? 'Open' : 'Resolved'),
        h('span', { class: 'muted small' }, open ? `received ${ago(inc.received_at)}` : dateTime(inc.resolved_at)),
        timings(inc)));

    const actions = h('div', { class: 'actions', id: 'incident-actions' },
      h('button', { type: 'button', id: 'edit-incident', class: 'button secondary', onclick: startEdit }, 'Edit'),
      open
        ? h('button', { type: 'button', id: 'resolve-incident', class: 'button primary', onclick: () => openStatusForm('resolve') }, 'Resolve…')
        : h('button', { type: 'button', id: 'reopen-incident', class: 'button secondary', onclick: () => openStatusForm('reopen') }, 'Reopen…'));
    const statusSlot = h('div', { id: 'status-form-slot' });

    const details = h('dl', { class: 'details' },
      item('Received', `${dateTime(inc.received_at)} (${ago(inc.received_at)})`),
      item('How it reached you', channelLabel(inc.channel)),
      item('Category', inc.category_name || 'Not chosen'),
      item('Severity', h('span', null, severityBadge(inc.severity, sev), ' ', h('span', { class: 'muted' }, sev.description))),
      item('Taken by', inc.taken_by?.name || 'Not recorded'),
      item('Transaction value', inc.transaction_cents === null || inc.transaction_cents === undefined ? 'Not known' : money(inc.transaction_cents)));

    const story = h('div', { class: 'story' },
      block('What happened', inc.description, 'description-text'),
      block('What would make them happy', inc.desired_outcome, 'desired-outcome-text'),
      inc.root_cause ? block('Root cause', inc.root_cause, 'root-cause-text') : null,
      inc.status === 'resolved' ? block('Resolution', inc.resolution_note || 'No note was added.', 'resolution-text') : null);

    replace(body, header, actions, statusSlot, calls.proposal(), checklist.panel(),
      promises.panel(), calls.panel(),
      advisorPanel(inc, { onChange: (updated, focus) => { incident = updated; show(focus); } }),
      h('div', { class: 'panel' }, details, story), timeline(inc.events || []));
    if (typeof focus === 'function') {
      focus();
      return;
    }
    const target = focus ? body.querySelector(`#${focus}`) : body.querySelector('h1');
    target?.focus({ preventScroll: !focus });
  }

  /** How fast the shop responded and resolved. */
  function timings(inc) {
    const t = inc.timings || {};
    const first = t.first_response_text;
    return h('p', { class: 'timings small' },
      h('span', { id: 'first-response', class: first ? 'timing' : 'timing pending' },
        first ? `First response: ${first}` : 'No response yet'),
      h('span', { id: 'time-to-resolve', class: 'timing' },
        t.resolution_text ? `Resolved in: ${t.resolution_text}` : 'Not resolved yet'));
  }

  function item(label, value) {
    return [h('dt', null, label), h('dd', null, value)];
  }

  function block(title, text, id) {
    return h('section', { class: 'text-block' }, h('h2', null, title), h('p', { id, class: text ? 'prose' : 'prose muted' }, text || 'Nothing written.'));
  }

  function timeline(events) {
    // Newest at the top: what happened last is what the next person needs.
    const items = [...events].reverse().map((ev) =>
      h('li', { class: `event event-${ev.kind || 'note'}`, 'data-kind': ev.kind || '' },
        h('time', { datetime: ev.at, class: 'event-when' }, dateTime(ev.at)),
        h('span', { class: 'event-who' }, ev.staff_name || 'Someone'),
        h('span', { class: 'event-what' }, ev.summary)));
    return h('section', { class: 'panel timeline-panel', 'aria-labelledby': 'timeline-title' },
      h('h2', { id: 'timeline-title' }, 'Timeline ', h('span', { class: 'muted small' }, 'newest first')),
      items.length ? h('ol', { id: 'timeline', class: 'timeline' }, items) : h('p', { id: 'timeline', class: 'muted' }, 'Nothing recorded yet.'));
  }

  // ---- Resolve / reopen ---------------------------------------------------

  function openStatusForm(kind) {
    const slot = body.querySelector('#status-form-slot');
    const resolve = kind === 'resolve';
    const note = textarea({ id: resolve ? 'resolve-note' : 'reopen-reason', name: 'note', rows: 2 });
    const confirmBtn = h('button', { type: 'submit', id: resolve ? 'confirm-resolve' : 'confirm-reopen', class: 'button primary' },
      resolve ? 'Mark as resolved' : 'Reopen incident');
    const cancelBtn = h('button', { type: 'button', id: resolve ? 'cancel-resolve' : 'cancel-reopen', class: 'button secondary' }, 'Cancel');
    const form = h('form', { class: 'inline-form', id: resolve ? 'resolve-form' : 'reopen-form', novalidate: true },
      field({ label: resolve ? 'How was it put right?' : 'Why is it being reopened?', control: note, keys: 'note reason', optional: true, wide: true }),
      h('div', { class: 'form-actions' }, confirmBtn, cancelBtn));
    replace(slot, form);
    for (const b of body.querySelectorAll('#incident-actions button')) b.disabled = true;

    const close = () => {
      replace(slot);
      for (const b of body.querySelectorAll('#incident-actions button')) b.disabled = false;
      body.querySelector(resolve ? '#resolve-incident' : '#reopen-incident')?.focus();
    };
    cancelBtn.addEventListener('click', close);
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        close();
      }
    });
    const submit = async () => {
      const done = busy(confirmBtn);
      try {
        incident = resolve ? await resolveIncident(id, note.value.trim(), getActor()) : await reopenIncident(id, note.value.trim(), getActor());
        clearError();
        toast(resolve ? 'Marked as resolved.' : 'Incident reopened.');
        // Right after the fix, the follow-up call is the next thing to do.
        show(resolve ? (showsProposal(incident) ? 'accept-proposed-follow-up' : 'reopen-incident') : 'resolve-incident');
      } catch (err) {
        done();
        handleSaveError(form, err, resolve ? 'Could not resolve the incident' : 'Could not reopen the incident');
      }
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submit();
    });
    onCtrlEnter(form, submit);
    note.focus();
  }

  // ---- Editing ------------------------------------------------------------

  async function startEdit() {
    let categories;
    let staff;
    try {
      [categories, staff] = await Promise.all([activeCategories(), activeStaff()]);
    } catch (err) {
      showError(err, 'Could not open the editor');
      return;
    }
    const inc = incident;
    const picker = customerPicker({
      allowNew: false,
      initial: { mode: 'existing', selected: inc.customer, query: inc.customer.name },
    });
    const saveBtn = h('button', { type: 'submit', id: 'save-edit', class: 'button primary' }, 'Save changes');
    const cancelBtn = h('button', { type: 'button', id: 'cancel-edit', class: 'button secondary' }, 'Cancel');
    const form = h('form', { id: 'edit-form', class: 'form grid three', novalidate: true, autocomplete: 'off' },
      picker.field,
      incidentFields({
        categories,
        staff,
        extra: {
          category: inc.category_id ? { id: inc.category_id, name: inc.category_name } : null,
          staff: inc.taken_by,
        },
      }),
      h('div', { class: 'form-actions wide' }, saveBtn, cancelBtn, h('span', { class: 'hint' }, 'Ctrl+Enter saves, Esc cancels')));

    replace(body,
      h('header', { class: 'view-header' },
        h('p', { class: 'overline' }, `Incident #${inc.id}`),
        h('h1', { tabindex: '-1' }, 'Edit incident')),
      form);
    fillForm(form, {
      received_at: toLocalInput(inc.received_at),
      channel: inc.channel,
      category_id: inc.category_id ?? '',
      severity: String(inc.severity),
      description: inc.description || '',
      desired_outcome: inc.desired_outcome || '',
      transaction_value: centsToInput(inc.transaction_cents),
      taken_by: inc.taken_by?.id ?? '',
      failure_kind: inc.failure_kind,
      fault: inc.fault,
    });
    editor = { form, picker, initial: '' };
    editor.initial = snapshot();

    const cancel = async () => {
      if (controller.isDirty() && !(await confirmDialog('Throw away your changes to this incident?', { ok: 'Discard changes', cancel: 'Keep editing', danger: true }))) return;
      clearError();
      show('edit-incident');
    };
    const save = async () => {
      if (saveBtn.disabled) return;
      clearFieldErrors(form);
      const { customer_id } = picker.value();
      if (!customer_id) {
        showFieldErrors(form, { customer_id: 'Choose the customer from the list.' });
        return;
      }
      const done = busy(saveBtn);
      try {
        incident = await updateIncident(id, { customer_id, ...incidentInput(readForm(form)) }, getActor());
        clearError();
        toast('Changes saved.');
        show('edit-incident');
      } catch (err) {
        done();
        handleSaveError(form, err, 'Your changes were not saved');
      }
    };
    cancelBtn.addEventListener('click', cancel);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      save();
    });
    onCtrlEnter(form, save);
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        cancel();
      } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && e.target instanceof HTMLInputElement) {
        e.preventDefault();
      }
    });
    body.querySelector('#description').focus();
  }

  return controller;
}
