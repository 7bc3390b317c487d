// Log incident: quick intake, keyboard only, never loses what was typed
// (a draft is kept in localStorage until the incident is saved).

import { createIncident, listPlaybooks } from '../api.js';
import { h, replace, append } from '../dom.js';
import { state, activeCategories, activeStaff, getActor, takeLogPrefill } from '../state.js';
import { showError, clearError, toast, confirmDialog, loading } from '../feedback.js';
import { customerPicker } from './customer-picker.js';
import { incidentFields, incidentInput } from './incident-form.js';
import { readForm, fillForm, draftStore, saveOnlyOnPurpose, busy, handleSaveError, showFieldErrors, clearFieldErrors, field, select } from './form.js';

const draft = draftStore('log');

// Fields whose content means the user has started typing something worth keeping.
const CONTENT_FIELDS = ['description', 'desired_outcome', 'transaction_value', 'category_id', 'severity'];

export function render(root) {
  const body = h('div', { class: 'log-body' }, loading());
  append(root, 
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
    let playbooks;
    try {
      [categories, staff, playbooks] = await Promise.all([
        activeCategories(),
        activeStaff(),
        // Without the list the incident still gets the shop's default playbook.
        listPlaybooks(false).catch((err) => {
          showError(err, 'Could not load the playbooks; the incident will use the default one');
          return [];
        }),
      ]);
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
      incidentFields({ categories, staff, receivedNow: true }),
      playbookField(playbooks),
      h('div', { class: 'form-actions wide' }, saveBtn, h('span', { class: 'hint' }, 'or press Ctrl+Enter'), h('span', { class: 'spacer' }), clearBtn),
    );

    const notice = saved
      ? h('div', { id: 'draft-notice', class: 'notice', role: 'status' },
          'You started this one earlier; everything you typed is still here.',
          prefill ? ` Save it or clear the form before logging one for ${prefill.name}.` : '')
      : null;
    replace(body, notice, form);

    // Defaults, then the draft (if any) on top. "Received" is left empty: now, unless changed.
    const defaultPlaybook = playbooks.find((p) => p.is_default) || playbooks[0];
    fillForm(form, {
      channel: form.querySelector('#channel').value,
      taken_by: getActor() ?? '',
      playbook_id: defaultPlaybook ? String(defaultPlaybook.id) : '',
    });
    if (saved) {
      fillForm(form, saved.values || {});
      picker.setState(saved.customer);
      takenByTouched = Boolean(saved.takenByTouched);
    }
    if (prefill && !saved) {
      picker.setState({ mode: 'existing', selected: prefill, query: prefill.name });
    }
    showPlaybookHint(form, playbooks);

    form.addEventListener('input', saveDraft);
    form.addEventListener('change', (e) => {
      if (e.target.id === 'taken-by') takenByTouched = true;
      if (e.target.id === 'playbook') showPlaybookHint(form, playbooks);
      saveDraft();
    });
    // Enter in a one-line field does not send a half-filled form: Save or Ctrl+Enter does.
    saveOnlyOnPurpose(form, save);
    clearBtn.addEventListener('click', async () => {
      if (hasContent() && !(await confirmDialog('Clear this form? What you typed will be lost.', { ok: 'Clear form', cancel: 'Keep it', danger: true }))) return;
      draft.clear();
      takenByTouched = false;
      clearError();
      await build(false);
    });

    if (prefill && !saved) form.querySelector('#change-received').focus();
    else picker.focus();

    async function save() {
      if (saving) return;
      clearFieldErrors(form);
      const customer = picker.value();
      const values = readForm(form);
      const data = { ...customer, ...incidentInput(values), playbook_id: values.playbook_id ? Number(values.playbook_id) : null };
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

/**
 * The playbook picker, last before Save so the keyboard flow of the fields
 * above stays the same. Absent when the list could not be loaded.
 */
function playbookField(playbooks) {
  if (!playbooks.length) return null;
  const control = select({ id: 'playbook', name: 'playbook_id' }, playbooks.map((p) => ({ value: p.id, label: p.name })));
  return field({ label: 'Playbook', control, keys: 'playbook_id', hint: ' ' });
}

/** Shows the chosen playbook's summary under the picker. */
function showPlaybookHint(form, playbooks) {
  const control = form.querySelector('#playbook');
  const hint = form.querySelector('#playbook-hint');
  if (!control || !hint) return;
  const chosen = playbooks.find((p) => String(p.id) === control.value);
  if (!chosen) {
    hint.textContent = '';
    return;
  }
  const steps = `${chosen.step_count} ${chosen.step_count === 1 ? 'step' : 'steps'}`;
  hint.textContent = `${chosen.is_default ? 'The shop’s default. ' : ''}${chosen.summary ? `${chosen.summary} ` : ''}(${steps})`;
}
