// The incident page, the shop's working page for one complaint. On a laptop
// screen it shows together: what happened (with the facts of the case) and
// the playbook checklist (views/checklist.js) on the left; the suggestion
// for making it up to them (views/advisor.js), the promises and the calls on
// the right; the timeline folded at the bottom. Edit (same fields as Log
// incident), Resolve / Reopen with an optional note, and why it was reopened.

import { getIncident, updateIncident, resolveIncident, reopenIncident } from '../api.js';
import { h, replace, isTypingTarget, append } from '../dom.js';
import { activeCategories, activeStaff, getActor, channelLabel, severityInfo, noteAppTime } from '../state.js';
import { ago, dateTime, dayLabel, money, plural, toLocalInput, centsToInput } from '../format.js';
import { showError, clearError, toast, confirmDialog, loading } from '../feedback.js';
import { customerPicker } from './customer-picker.js';
import { incidentFields, incidentInput } from './incident-form.js';
import { readForm, fillForm, onCtrlEnter, busy, handleSaveError, clearFieldErrors, showFieldErrors, field, textarea } from './form.js';
import { severityBadge } from './rows.js';
import { checklistController } from './checklist.js';
import { advisorPanel } from './advisor.js';
import { promisesController } from './promises.js';
import { callsController, showsProposal } from './follow-ups.js';
import { contactLine } from './contact.js';

export function render(root, idText) {
  const id = Number(idText);
  const body = h('div', { class: 'incident-body' }, loading());
  append(root, body);

  let incident = null;
  let editor = null; // { form, picker, initial } while editing
  let staff = [];
  // Whether the timeline is unfolded; kept while the page is on show.
  let timelineOpen = false;

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

    const actions = h('div', { class: 'actions', id: 'incident-actions' },
      h('button', { type: 'button', id: 'edit-incident', class: 'button secondary', onclick: startEdit }, 'Edit'),
      open
        ? h('button', { type: 'button', id: 'resolve-incident', class: 'button primary', onclick: () => openStatusForm('resolve') }, 'Resolve…')
        : h('button', { type: 'button', id: 'reopen-incident', class: 'button secondary', onclick: () => openStatusForm('reopen') }, 'Reopen…'));
    const header = h('header', { class: 'view-header incident-header' },
      h('div', { class: 'incident-title' },
        h('p', { class: 'overline' }, `Incident #${inc.id}`),
        h('h1', { tabindex: '-1', class: 'user-heading' }, h('a', { href: `#/customers/${inc.customer.id}`, id: 'customer-link', title: `Open the customer’s card: ${inc.customer.name}` }, h('bdi', null, inc.customer.name))),
        h('p', { class: 'muted small incident-contact' }, contactLine(inc.customer, { prefix: 'incident-contact' }))),
      h('div', { class: 'status-box' },
        h('div', { class: 'status-line' },
          h('span', { id: 'incident-status', class: open ? 'status-big open' : 'status-big resolved' }, open ? 'Open' : 'Resolved'),
          actions),
        timings(inc, open)));
    const statusSlot = h('div', { id: 'status-form-slot' });

    const advisor = advisorPanel(inc, {
      onChange: (updated, focusId) => { incident = updated; show(focusId); },
      onApologized: (pos) => checklist.tickPosition(pos),
    });

    // Wide windows: what happened and the checklist on the left; the
    // suggestion, promises and calls on the right. Narrow ones: one column.
    replace(body, header, reopenedNote(inc), statusSlot, calls.proposal(),
      h('div', { class: 'incident-grid' },
        h('div', { class: 'incident-main' }, story(inc), checklist.panel()),
        h('div', { class: 'incident-side' }, advisor, promises.panel(), calls.panel())),
      timeline(inc.events || []));
    if (typeof focus === 'function') {
      focus();
      return;
    }
    const target = focus ? body.querySelector(`#${focus}`) : body.querySelector('h1');
    target?.focus({ preventScroll: !focus });
  }

  /** When it came in or was resolved, and how fast the shop responded and resolved. */
  function timings(inc, open) {
    const t = inc.timings || {};
    const first = t.first_response_text;
    return h('p', { class: 'timings small' },
      h('span', { class: 'timing muted' }, open ? `Received ${ago(inc.received_at)}` : `Resolved ${dateTime(inc.resolved_at)}`),
      h('span', { id: 'first-response', class: first ? 'timing' : 'timing pending' },
        first ? `First response: ${first}` : 'No response yet'),
      h('span', { id: 'time-to-resolve', class: 'timing' },
        t.resolution_text ? `Resolved in: ${t.resolution_text}` : 'Not resolved yet'));
  }

  /**
   * Why an open incident was reopened, from its latest reopening on the
   * timeline: "Reopened on Thu 4 Jun by Ana: the customer was not satisfied
   * on the follow-up call — “colour still patchy”". Nothing once resolved again.
   */
  function reopenedNote(inc) {
    if (inc.status === 'resolved') return null;
    const last = [...(inc.events || [])].reverse().find((ev) => ev.kind === 'reopened' || ev.kind === 'resolved');
    if (!last || last.kind !== 'reopened') return null;
    const reason = (last.summary || '').replace(/^Reopened:?\s*/, '');
    return h('p', { id: 'reopened-note', class: 'reopened-note', role: 'note' },
      h('strong', null, `Reopened on ${dayLabel(last.at)}`),
      last.staff_name ? ` by ${last.staff_name}` : null,
      reason ? `: ${reason}` : '.');
  }

  /** What happened, in the customer's words, with the facts of the case. */
  function story(inc) {
    const sev = severityInfo(inc.severity);
    const value = inc.transaction_cents === null || inc.transaction_cents === undefined ? 'Not known' : money(inc.transaction_cents);
    return h('section', { id: 'story', class: 'panel story-panel', 'aria-labelledby': 'story-title' },
      h('h2', { id: 'story-title' }, 'What happened'),
      h('p', { id: 'description-text', class: inc.description ? 'prose' : 'prose muted' }, inc.description || 'Nothing written.'),
      h('dl', { class: 'facts' },
        item('Severity', severityBadge(inc.severity, sev)),
        item('Received', h('span', null, dateTime(inc.received_at), h('span', { class: 'muted' }, ` (${ago(inc.received_at)})`))),
        item('How it reached you', channelLabel(inc.channel)),
        item('Category', inc.category_name || 'Not chosen'),
        item('Paid', value),
        item('Taken by', inc.taken_by?.name || 'Not recorded')),
      h('p', { class: 'happy-line' }, h('span', { class: 'label' }, 'What would make them happy: '),
        h('span', { id: 'desired-outcome-text', class: inc.desired_outcome ? 'prose' : 'prose muted' }, inc.desired_outcome || 'Not asked yet.')),
      inc.root_cause ? block('Root cause', inc.root_cause, 'root-cause-text') : null,
      inc.status === 'resolved' ? block('How it was put right', inc.resolution_note || 'No note was added.', 'resolution-text') : null);
  }

  function item(label, value) {
    return h('div', { class: 'fact' }, h('dt', null, label), h('dd', null, value));
  }

  function block(title, text, id) {
    return h('section', { class: 'text-block' }, h('h3', null, title), h('p', { id, class: text ? 'prose' : 'prose muted' }, text || 'Nothing written.'));
  }

  /** The timeline, folded at the bottom: newest first, the count in its summary. */
  function timeline(events) {
    // Newest at the top: what happened last is what the next person needs.
    const items = [...events].reverse().map((ev) =>
      h('li', { class: `event event-${ev.kind || 'note'}`, 'data-kind': ev.kind || '' },
        h('time', { datetime: ev.at, class: 'event-when' }, dateTime(ev.at)),
        h('span', { class: 'event-who' }, ev.staff_name || 'Someone'),
        h('span', { class: 'event-what' }, ev.summary)));
    const fold = h('details', { class: 'panel timeline-panel', id: 'timeline-panel', open: timelineOpen },
      h('summary', { id: 'timeline-title' },
        h('span', { class: 'summary-title' }, 'Timeline'),
        h('span', { class: 'muted small' }, items.length ? ` ${plural(items.length, 'entry', 'entries')}, newest first` : ' nothing yet')),
      items.length ? h('ol', { id: 'timeline', class: 'timeline' }, items) : h('p', { id: 'timeline', class: 'muted' }, 'Nothing recorded yet.'));
    fold.addEventListener('toggle', () => { timelineOpen = fold.open; });
    return fold;
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
        incident = await updateIncident(id, { customer_id, ...incidentInput(readForm(form)), version: incident.version }, getActor());
        clearError();
        toast('Changes saved.');
        show('edit-incident');
      } catch (err) {
        done();
        handleSaveError(form, err, 'Your changes were not saved');
        // Someone else saved meanwhile: the form keeps what was typed, and the next save is
        // made on the version now saved (their change is shown beside each field).
        if (err?.kind === 'stale') {
          try {
            const latest = await getIncident(id);
            incident = { ...incident, version: latest.version };
          } catch {
            // The version stays; the next save says so again.
          }
        }
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
