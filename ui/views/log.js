// Log incident: quick intake, keyboard only, never loses what was typed
// (a draft is kept in localStorage until the incident is saved).

import { createIncident } from '../api.js';
import { h, replace } from '../dom.js';
import { state, activeCategories, activeStaff, getActor, takeLogPrefill } from '../state.js';
import { toLocalInput } from '../format.js';
import { showError, clearError, toast, confirmDialog, loading } from '../feedback.js';
import { customerPicker } from './customer-picker.js';
import { incidentFields, incidentInput } from './incident-form.js';
import { readForm, fillForm, draftStore, onCtrlEnter, busy, handleSaveError, showFieldErrors, clearFieldErrors } from './form.js';

const draft = draftStore('log');

// Fields whose content means the user has started typing something worth keeping.
const CONTENT_FIELDS = ['description', 'desired_outcome', 'transaction_value', 'category_id', 'severity'];

export function render(root) {
  const body = h('div', { class: 'log-body' }, loading());
  root.append(
    h('header', { class: 'view-header' },
      h('h1', null, 'Log incident'),
      h('p', { class: 'muted' }, 'Write down what went wrong while the customer is still with you. Ctrl+Enter saves.')),
    body,
  );

  let form = null;
  let picker = null;
  let saving = false;
  let takenByTouched = false;
  let alive = true;

  function hasContent() {
    if (!form) return false;
    const values = readForm(form);
    return picker.hasContent() || CONTENT_FIELDS.some((k) => String(values[k] || '').trim() !== '');
  }

  function saveDraft() {
    if (!form || saving) return;
    if (!hasContent()) {
      draft.clear();
      return;
    }
    draft.save({ db: state.info?.db_path, values: readForm(form), customer: picker.getState(), takenByTouched });
  }

  function onActorChanged(e) {
    if (form && !takenByTouched) {
      const select = form.querySelector('#taken-by');
      const id = e.detail.id ? String(e.detail.id) : '';
      if ([...select.options].some((o) => o.value === id)) select.value = id;
      saveDraft();
    }
  }
  window.addEventListener('mend:actor-changed', onActorChanged);

  async function build(restore) {
    let categories;
    let staff;
    try {
      [categories, staff] = await Promise.all([activeCategories(), activeStaff()]);
    } catch (err) {
      replace(body, h('p', null, 'The form could not be opened.'));
      showError(err);
      return;
    }
    if (!alive) return;

    // A draft belongs to the data file it was typed for (tests and restores may switch files).
    let saved = restore ? draft.load() : null;
    if (saved && saved.db !== state.info?.db_path) saved = null;
    const prefill = takeLogPrefill();

    picker = customerPicker({ allowNew: true, onChange: saveDraft });
    const saveBtn = h('button', { type: 'submit', id: 'save-incident', class: 'button primary' }, 'Save incident');
    const clearBtn = h('button', { type: 'button', id: 'clear-log-form', class: 'button secondary' }, 'Clear form');
    form = h(
      'form',
      { id: 'log-form', class: 'form grid three', novalidate: true, autocomplete: 'off' },
      picker.field,
      picker.newFields,
      incidentFields({ categories, staff }),
      h('div', { class: 'form-actions wide' }, saveBtn, h('span', { class: 'hint' }, 'or press Ctrl+Enter'), h('span', { class: 'spacer' }), clearBtn),
    );

    const notice = saved
      ? h('div', { id: 'draft-notice', class: 'notice', role: 'status' },
          'You started this one earlier; everything you typed is still here.',
          prefill ? ` Save it or clear the form before logging one for ${prefill.name}.` : '')
      : null;
    replace(body, notice, form);

    // Defaults, then the draft (if any) on top.
    fillForm(form, { received_at: toLocalInput(new Date()), channel: form.querySelector('#channel').value, taken_by: getActor() ?? '' });
    if (saved) {
      fillForm(form, saved.values || {});
      picker.setState(saved.customer);
      takenByTouched = Boolean(saved.takenByTouched);
    }
    if (prefill && !saved) {
      picker.setState({ mode: 'existing', selected: prefill, query: prefill.name });
    }

    form.addEventListener('input', saveDraft);
    form.addEventListener('change', (e) => {
      if (e.target.id === 'taken-by') takenByTouched = true;
      saveDraft();
    });
    // Enter in a one-line field does not send a half-filled form: Save or Ctrl+Enter does.
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && e.target instanceof HTMLInputElement && e.target.type !== 'submit') {
        e.preventDefault();
      }
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      save();
    });
    onCtrlEnter(form, save);
    clearBtn.addEventListener('click', async () => {
      if (hasContent() && !(await confirmDialog('Clear this form? What you typed will be lost.', { ok: 'Clear form', cancel: 'Keep it', danger: true }))) return;
      draft.clear();
      takenByTouched = false;
      clearError();
      await build(false);
    });

    if (prefill && !saved) form.querySelector('#received-at').focus();
    else picker.focus();

    async function save() {
      if (saving) return;
      clearFieldErrors(form);
      const customer = picker.value();
      const data = { ...customer, ...incidentInput(readForm(form)) };
      const missing = {};
      if (!customer.customer_id && !customer.new_customer) {
        missing.customer_id = picker.query()
          ? 'Choose a customer from the list, or choose “Create new customer”.'
          : 'Type the customer’s name, phone number or email.';
      }
      if (!data.severity) missing.severity = 'Choose how serious it is, from 1 to 5.';
      if (Object.keys(missing).length) {
        showFieldErrors(form, missing);
        return;
      }
      saving = true;
      const done = busy(saveBtn);
      try {
        const incident = await createIncident(data, getActor());
        draft.clear();
        form = null;
        toast(`Incident saved for ${incident.customer?.name || 'the customer'}.`);
        location.hash = `#/incidents/${incident.id}`;
      } catch (err) {
        done();
        saving = false;
        handleSaveError(form, err, 'The incident was not saved');
        saveDraft();
      }
    }
  }

  build(true);

  return {
    leave() {
      saveDraft();
      alive = false;
      window.removeEventListener('mend:actor-changed', onActorChanged);
    },
  };
}
