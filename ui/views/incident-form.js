// The incident fields shared by "Log incident" and the incident page's Edit
// mode: same ids, same layout, same error display.

import { h } from '../dom.js';
import { channels, severities } from '../state.js';
import { currencySymbol, severityClass } from '../format.js';
import { field, input, textarea, select } from './form.js';
import { atonementFields, atonementInput } from './incident-atonement-fields.js';

/**
 * Builds the fields after the customer, in tab order: received date and time,
 * channel, category, severity, what happened, what would make them happy,
 * transaction value, taken by. Returns an array of elements for a `.grid` form.
 *
 * `categories` and `staff` are the active ones; `extra` may name a category
 * or staff member no longer active that this incident still uses
 * ({ category: {id, name}, staff: {id, name} }), so it stays selectable.
 */
export function incidentFields({ categories, staff, extra = {} }) {
  const receivedAt = input({ id: 'received-at', name: 'received_at', type: 'datetime-local' });
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
    hint: 'What the customer paid, if you know it.',
    optional: true,
  });
  value.before(h('span', { class: 'currency-prefix', 'aria-hidden': 'true' }, currencySymbol()));
  moneyBox.classList.add('money');

  return [
    field({ label: 'Received', control: receivedAt, keys: 'received_at' }),
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
