// The incident fields shared by "Log incident" and the incident page's Edit
// mode: same ids, same layout, same error display.

import { h } from '../dom.js';
import { channels, severities, appNow } from '../state.js';
import { currencySymbol, severityClass, dateTime, toLocalInput } from '../format.js';
import { field, input, textarea, select } from './form.js';
import { atonementFields, atonementInput } from './incident-atonement-fields.js';

/**
 * Builds the fields after the customer, in tab order: received (one stop, see
 * receivedField), channel, category, severity, what went wrong, whose fault, what
 * happened, what would make them happy, transaction value, taken by. Returns an
 * array of elements for a `.grid` form.
 *
 * `categories` and `staff` are the active ones; `extra` may name a category
 * or staff member no longer active that this incident still uses
 * ({ category: {id, name}, staff: {id, name} }), so it stays selectable.
 * `receivedNow`: the form is a new incident, received now unless changed.
 */
export function incidentFields({ categories, staff, extra = {}, receivedNow = false }) {
  const channel = select({ id: 'channel', name: 'channel' }, channels());

  const categoryOptions = categories.map((c) => ({ value: c.id, label: c.name }));
  if (extra.category && !categories.some((c) => c.id === extra.category.id)) {
    categoryOptions.push({ value: extra.category.id, label: `${extra.category.name} (no longer used)` });
  }
  const category = select({ id: 'category', name: 'category_id' }, categoryOptions, 'Choose a category…');

  const staffOptions = staff.map((s) => ({ value: s.id, label: s.name }));
  if (extra.staff && !staff.some((s) => s.id === extra.staff.id)) {
    staffOptions.push({ value: extra.staff.id, label: `${extra.staff.name} (inactive)` });
  }
  const takenBy = select({ id: 'taken-by', name: 'taken_by' }, staffOptions, 'Not recorded');

  const description = textarea({ id: 'description', name: 'description', rows: 4 });
  const desired = textarea({ id: 'desired-outcome', name: 'desired_outcome', rows: 2 });
  const value = input({ id: 'transaction-value', name: 'transaction_value', inputmode: 'decimal', class: 'amount' });

  const moneyBox = field({
    label: 'Transaction value',
    control: value,
    keys: 'transaction_value',
    hint: 'What the customer paid: 0 if it cost them nothing, empty if you don’t know.',
    optional: true,
  });
  value.before(h('span', { class: 'currency-prefix', 'aria-hidden': 'true' }, currencySymbol()));
  moneyBox.classList.add('money');

  return [
    receivedField({ now: receivedNow }),
    field({ label: 'How did it reach you?', control: channel, keys: 'channel' }),
    field({ label: 'Category', control: category, keys: 'category_id category' }),
    severityField(),
    ...atonementFields(),
    field({ label: 'What happened', control: description, keys: 'description', hint: 'In the customer’s own words, if you can.', wide: true }),
    field({ label: 'What would make them happy?', control: desired, keys: 'desired_outcome', hint: 'Ask them: what they want is usually the fair fix.', wide: true }),
    moneyBox,
    field({ label: 'Taken by', control: takenBy, keys: 'taken_by' }),
  ];
}

/**
 * "Received" as one Tab stop, for a time that is rarely changed: a line with the
 * time ("Now", or the incident's own time once the form is filled) and a Change
 * button (#change-received). Change shows the date-and-time input (#received-at)
 * and puts the focus in it; on a new incident a "Now" button beside it goes back.
 * Left at "Now" the input stays empty, and the backend takes the time of saving.
 * The line follows the input's value however it is set (fillForm, a draft, a
 * test), and the input shows itself when an error is put next to it.
 */
function receivedField({ now }) {
  const control = input({ id: 'received-at', name: 'received_at', type: 'datetime-local', hidden: true });
  const text = h('span', { id: 'received-summary', class: 'received-value' }, 'Now');
  const change = h('button', {
    type: 'button', id: 'change-received', class: 'link-button received-change', 'aria-describedby': 'received-label received-summary',
  }, 'Change');
  const summary = h('div', { class: 'received-summary', id: 'received-line' }, text, h('span', { class: 'received-dot', 'aria-hidden': 'true' }, '·'), change);
  const back = now
    ? h('button', { type: 'button', id: 'received-now', class: 'link-button received-back', hidden: true, title: 'Received now: the time you save' }, 'Now')
    : null;
  const box = h('div', { class: 'field received-field', 'data-field': 'received_at' },
    h('label', { for: 'received-at', id: 'received-label' }, 'Received'),
    summary,
    h('div', { class: 'received-input' }, control, back));

  const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  const show = () => {
    const value = native.get.call(control);
    text.textContent = value ? dateTime(value) || value : 'Now';
  };
  Object.defineProperty(control, 'value', {
    configurable: true,
    get: () => native.get.call(control),
    set: (v) => {
      native.set.call(control, v);
      show();
    },
  });
  control.addEventListener('input', show);

  const open = () => {
    summary.hidden = true;
    control.hidden = false;
    if (back) back.hidden = false;
  };
  change.addEventListener('click', () => {
    open();
    if (!control.value) {
      control.value = toLocalInput(appNow());
      control.dispatchEvent(new Event('input', { bubbles: true }));
    }
    control.focus();
  });
  back?.addEventListener('click', () => {
    control.value = '';
    control.dispatchEvent(new Event('input', { bubbles: true }));
    control.hidden = true;
    back.hidden = true;
    summary.hidden = false;
    change.focus();
  });
  // An error about the time ("in the future") is shown with the time to correct.
  new MutationObserver(() => {
    if (box.querySelector(':scope > .field-error')) open();
  }).observe(box, { childList: true });
  return box;
}

/** Severity 1–5 as a radio group; every level shows its plain-words description. */
function severityField() {
  const options = severities().map((s) => {
    const id = `severity-${s.value}`;
    return h(
      'div',
      { class: `severity-option ${severityClass(s.value)}` },
      h('input', { type: 'radio', name: 'severity', id, value: String(s.value), 'aria-describedby': `${id}-desc` }),
      h('label', { for: id },
        h('span', { class: `badge ${severityClass(s.value)}`, 'aria-hidden': 'true' }, String(s.value)),
        h('span', { class: 'severity-label' }, s.label),
        h('span', { class: 'severity-desc', id: `${id}-desc` }, s.description)),
    );
  });
  const box = h(
    'fieldset',
    { class: 'field wide severity-field', 'data-field': 'severity', id: 'severity-group' },
    h('legend', null, 'How serious is it?'),
    h('div', { class: 'severity-options' }, options),
    h('p', { class: 'hint' }, 'Use the arrow keys or press 1 to 5.'),
  );
  // Keys 1..5 pick a level while the focus is in the group.
  box.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || !/^[1-5]$/.test(e.key)) return;
    const radio = box.querySelector(`input[value="${e.key}"]`);
    if (radio) {
      e.preventDefault();
      radio.checked = true;
      radio.focus();
      radio.dispatchEvent(new Event('change', { bubbles: true }));
    }
  });
  return box;
}

/** The backend input from the form's values (see api.js createIncident / updateIncident). */
export function incidentInput(values) {
  return {
    received_at: values.received_at || '',
    channel: values.channel,
    category_id: values.category_id ? Number(values.category_id) : null,
    severity: Number(values.severity) || 0,
    description: values.description || '',
    desired_outcome: values.desired_outcome || '',
    transaction_value: (values.transaction_value || '').trim(),
    taken_by: values.taken_by ? Number(values.taken_by) : null,
    ...atonementInput(values),
  };
}
