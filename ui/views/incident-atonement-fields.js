// Two incident fields the gesture suggestion needs: what went wrong (the
// work itself, or how it was handled) and whose fault it was. For the Log
// incident form and the incident page's Edit mode.

import { field, select } from './form.js';

export const FAILURE_KINDS = [
  { value: 'outcome', label: 'The work itself' },
  { value: 'process', label: 'How it was handled' },
];

export const FAULTS = [
  { value: 'shop', label: 'Ours' },
  { value: 'third_party', label: 'A supplier or partner' },
  { value: 'customer', label: 'The customer’s, at least in part' },
  { value: 'unknown', label: 'Not known yet' },
];

/**
 * The "What went wrong?" (#failure-kind) and "Whose fault?" (#fault) selects, as
 * an array of `.field` elements for a `.grid` form. `values` may hold
 * { failure_kind, fault } (an incident being edited); the defaults are
 * "outcome" and "shop", as on the backend.
 */
export function atonementFields(values = {}) {
  const failure = select({ id: 'failure-kind', name: 'failure_kind' }, FAILURE_KINDS);
  const fault = select({ id: 'fault', name: 'fault' }, FAULTS);
  failure.value = FAILURE_KINDS.some((o) => o.value === values?.failure_kind) ? values.failure_kind : 'outcome';
  fault.value = FAULTS.some((o) => o.value === values?.fault) ? values.fault : 'shop';
  return [
    field({
      label: 'What went wrong?',
      control: failure,
      keys: 'failure_kind',
      hint: 'When the work itself went wrong, put it right before any gesture.',
    }),
    field({
      label: 'Whose fault?',
      control: fault,
      keys: 'fault',
      hint: 'It is still yours to put right; this only sizes the gesture.',
    }),
  ];
}

/** { failure_kind, fault } for createIncident / updateIncident, from readForm() values. */
export function atonementInput(values = {}) {
  return {
    failure_kind: values.failure_kind || 'outcome',
    fault: values.fault || 'shop',
  };
}
