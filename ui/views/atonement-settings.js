// Settings → the atonement advisor: the shop's gesture catalogue (what the
// advisor may suggest, for which sizes of breakdown) and the advisor's
// tuning (weights, money cap, what counts as quick or as a repeat, and how
// customers are ranked by value).

import {
  GESTURE_KINDS, TIERS, listGestures, createGesture, updateGesture, setGestureActive,
  getAdvisorConfig, updateAdvisorConfig,
} from '../api.js';
import { h, replace, append, prepend } from '../dom.js';
import { centsToInput, currencySymbol } from '../format.js';
import { showError, clearError, toast } from '../feedback.js';
import { field, input, select, readForm, fillForm, busy, handleSaveError, clearFieldErrors, showFieldErrors } from './form.js';
import { kindLabel, tierClass, tierShort, typicalCost, slot } from './atonement-common.js';

/**
 * Both sections (#gesture-catalogue's panel and #advisor-settings' panel) in
 * one element. Always resolves: a part that could not load says so.
 * The element's isDirty() tells whether the tuning form has unsaved changes.
 */
export async function atonementSettings() {
  const [catalogue, tuning] = await Promise.all([catalogueSection(), advisorSection()]);
  const wrap = h('div', { id: 'atonement-settings', class: 'atonement-settings' }, catalogue.element, tuning.element);
  wrap.isDirty = () => catalogue.isDirty() || tuning.isDirty();
  return wrap;
}

/** The same, as a placeholder element that can be appended at once. */
export function atonementSettingsSlot() {
  return slot(atonementSettings(), 'The gesture settings');
}

// ---- Gesture catalogue -----------------------------------------------------

/** The fields of a catalogue entry (add form and inline edit share them). */
function gestureFields(prefix, tierClassName) {
  const name = input({ id: `${prefix}-name`, name: 'name', class: 'gesture-name' });
  const kind = select({ id: `${prefix}-kind`, name: 'kind', class: 'gesture-kind' }, GESTURE_KINDS, 'Choose…');
  const cost = input({ id: `${prefix}-cost`, name: 'cost', inputmode: 'decimal', class: 'amount gesture-cost' });
  const percent = input({ id: `${prefix}-percent`, name: 'percent', type: 'number', min: '1', max: '300', step: '1', inputmode: 'numeric', class: 'gesture-percent' });
  const costBox = field({ label: 'Typical cost', control: cost, keys: 'cost', optional: true });
  cost.before(h('span', { class: 'currency-prefix', 'aria-hidden': 'true' }, currencySymbol()));
  costBox.classList.add('money');
  const tiers = h('fieldset', { class: 'field wide tier-choices', 'data-field': 'tiers' },
    h('legend', null, 'Suggest it for'),
    h('div', { class: 'tier-options' }, TIERS.map((t) => {
      const id = `${prefix}-tier-${t.value}`;
      return h('label', { class: `tier-option ${tierClass(t.value)}`, for: id },
        h('input', { type: 'checkbox', id, name: `tier_${t.value}`, value: t.value, class: tierClassName }),
        t.label);
    })));
  return {
    controls: { name, kind, cost, percent },
    elements: [
      field({ label: 'Name', control: name, keys: 'name' }),
      field({ label: 'Kind', control: kind, keys: 'kind' }),
      costBox,
      field({ label: 'Or % of the bill', control: percent, keys: 'percent', hint: 'In percent, for example 20. Fill in the cost or the share, not both.', optional: true }),
      tiers,
    ],
    /** { name, kind, cost, percent, tiers } for the API, or { error } for a percent we can't read. */
    read(form) {
      const checked = [...form.querySelectorAll(`input.${tierClassName}`)].filter((b) => b.checked).map((b) => b.value);
      const p = percent.value.trim();
      if (p && !/^\d+$/.test(p)) return { error: { percent: 'Please enter a whole number, like 20, or leave it empty.' } };
      if (percent.validity && percent.validity.badInput) return { error: { percent: 'Please enter a whole number, like 20, or leave it empty.' } };
      return {
        input: {
          name: name.value.trim(),
          kind: kind.value,
          cost: cost.value.trim(),
          percent: p ? Number(p) : null,
          tiers: checked,
        },
      };
    },
    fill(entry) {
      name.value = entry.name;
      kind.value = entry.kind;
      cost.value = centsToInput(entry.cost_cents);
      percent.value = entry.percent === null || entry.percent === undefined ? '' : String(entry.percent);
      for (const t of TIERS) {
        const box = tiers.querySelector(`#${prefix}-tier-${t.value}`);
        box.checked = (entry.tiers || []).includes(t.value);
      }
    },
  };
}

async function catalogueSection() {
  const list = h('ul', { id: 'gesture-catalogue', class: 'name-list gesture-catalogue', 'aria-live': 'polite' });
  let entries = [];
  const editing = new Map(); // id -> { form, initial }

  const add = gestureFields('new-gesture', 'new-gesture-tier');
  const addBtn = h('button', { type: 'submit', id: 'add-gesture', class: 'button secondary' }, 'Add gesture');
  const addForm = h('form', { id: 'new-gesture-form', class: 'gesture-edit grid four', novalidate: true, autocomplete: 'off', 'aria-labelledby': 'new-gesture-title' },
    h('h3', { id: 'new-gesture-title', class: 'wide' }, 'Add a gesture'),
    add.elements,
    h('div', { class: 'form-actions wide' }, addBtn));
  const addInitial = JSON.stringify(readForm(addForm));

  const element = h('section', { class: 'panel', id: 'gesture-catalogue-section', 'aria-labelledby': 'gesture-catalogue-title' },
    h('h2', { id: 'gesture-catalogue-title' }, 'Gesture catalogue'),
    h('p', { class: 'muted small' },
      'What you can offer to make up for a problem, and for which sizes of problem. Mend suggests two or three of these. ',
      'Retired gestures are no longer suggested; gestures already given keep their record.'),
    list,
    addForm);

  async function refresh(focusSelector = null) {
    try {
      entries = await listGestures(true);
    } catch (err) {
      showError(err, 'Could not load the gesture catalogue');
      return false;
    }
    draw(focusSelector);
    return true;
  }

  function draw(focusSelector = null) {
    editing.clear();
    replace(list, entries.length
      ? entries.map(row)
      : h('li', { class: 'muted empty' }, 'No gestures yet. Add the first one below, for example “Free coffee” for a small token.'));
    if (focusSelector) list.querySelector(focusSelector)?.focus();
  }

  function row(g) {
    return h('li', { class: g.active ? 'gesture-item' : 'gesture-item retired', 'data-id': String(g.id) },
      h('div', { class: 'gesture-info' },
        h('div', { class: 'gesture-line' },
          h('span', { class: 'name' }, g.name),
          h('span', { class: 'tag kind-tag' }, kindLabel(g.kind)),
          h('span', { class: 'gesture-cost muted small' }, typicalCost(g)),
          g.active ? null : h('span', { class: 'tag retired-tag' }, 'Retired')),
        h('ul', { class: 'tier-chips', 'aria-label': 'Suggested for' },
          (g.tiers || []).map((t) => h('li', { class: tierClass(t), 'data-tier': t }, tierShort(t))))),
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'link-button edit-gesture', 'aria-label': `Edit ${g.name}` }, 'Edit'),
      h('button', { type: 'button', class: 'link-button toggle-gesture', 'aria-label': `${g.active ? 'Retire' : 'Bring back'} ${g.name}` },
        g.active ? 'Retire' : 'Bring back'));
  }

  function startEdit(li) {
    const g = entries.find((e) => String(e.id) === li.dataset.id);
    if (!g) return;
    const f = gestureFields(`edit-gesture-${g.id}`, 'gesture-tier');
    const saveBtn = h('button', { type: 'submit', class: 'button primary small save-gesture' }, 'Save');
    const cancelBtn = h('button', { type: 'button', class: 'button secondary small cancel-gesture' }, 'Cancel');
    const form = h('form', { class: 'gesture-edit grid four', novalidate: true, autocomplete: 'off', 'aria-label': `Edit ${g.name}` },
      f.elements,
      h('div', { class: 'form-actions wide' }, saveBtn, cancelBtn));
    f.fill(g);
    replace(li, form);
    li.classList.add('editing');
    editing.set(g.id, { form, initial: JSON.stringify(readForm(form)) });
    f.controls.name.focus();

    const cancel = () => {
      editing.delete(g.id);
      li.replaceWith(row(g));
      list.querySelector(`[data-id="${g.id}"] .edit-gesture`)?.focus();
    };
    cancelBtn.addEventListener('click', cancel);
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        cancel();
      }
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (saveBtn.disabled) return;
      clearFieldErrors(form);
      const read = f.read(form);
      if (read.error) {
        showFieldErrors(form, read.error);
        return;
      }
      const done = busy(saveBtn);
      try {
        const saved = await updateGesture(g.id, read.input);
        clearError();
        toast(`${saved.name} saved.`);
        entries = entries.map((x) => (x.id === saved.id ? saved : x));
        editing.delete(g.id);
        li.replaceWith(row(saved));
        list.querySelector(`[data-id="${saved.id}"] .edit-gesture`)?.focus();
      } catch (err) {
        done();
        handleSaveError(form, err, 'The gesture was not saved');
      }
    });
  }

  list.addEventListener('click', async (e) => {
    const button = e.target.closest('button');
    const li = e.target.closest('li.gesture-item');
    if (!button || !li || !list.contains(li)) return;
    if (button.classList.contains('edit-gesture')) {
      startEdit(li);
    } else if (button.classList.contains('toggle-gesture')) {
      const g = entries.find((x) => String(x.id) === li.dataset.id);
      if (!g) return;
      button.disabled = true;
      try {
        const saved = await setGestureActive(g.id, !g.active);
        clearError();
        toast(saved.active ? `${saved.name} is offered again.` : `${saved.name} retired: it is no longer suggested.`);
        entries = entries.map((x) => (x.id === saved.id ? saved : x));
        li.replaceWith(row(saved));
        list.querySelector(`[data-id="${saved.id}"] .toggle-gesture`)?.focus();
      } catch (err) {
        button.disabled = false;
        showError(err, 'Could not change it');
      }
    }
  });

  addForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (addBtn.disabled) return;
    clearFieldErrors(addForm);
    const read = add.read(addForm);
    if (read.error) {
      showFieldErrors(addForm, read.error);
      return;
    }
    const done = busy(addBtn, 'Adding…');
    try {
      const added = await createGesture(read.input);
      clearError();
      addForm.reset();
      toast(`${added.name} added.`);
      entries = [...entries, added];
      // Keep any inline edit in progress: add the new row instead of redrawing.
      list.querySelector('li.empty')?.remove();
      append(list, row(added));
      done();
      add.controls.name.focus();
    } catch (err) {
      done();
      handleSaveError(addForm, err, 'The gesture was not added');
    }
  });

  await refresh();
  return {
    element,
    isDirty: () => JSON.stringify(readForm(addForm)) !== addInitial
      || [...editing.values()].some((ed) => ed.form.isConnected && JSON.stringify(readForm(ed.form)) !== ed.initial),
  };
}

// ---- Advisor tuning --------------------------------------------------------

const STANDARD = {
  advisor: { severity_weight: 1, value_weight: 1, cap_percent: 150, quick_minutes: 10, repeat_window_days: 90 },
  tiers: { top_percent: 10, loyal_percent: 30, loyal_visits: 8, regular_visits: 2 },
};
const FLOATS = ['severity_weight', 'value_weight'];
const ADVISOR_KEYS = ['severity_weight', 'value_weight', 'cap_percent', 'quick_minutes', 'repeat_window_days'];
const TIER_KEYS = ['top_percent', 'loyal_percent', 'loyal_visits', 'regular_visits'];

async function advisorSection() {
  const num = (id, name, attrs = {}) => input({ id, name, type: 'number', inputmode: 'decimal', class: 'amount', ...attrs });
  const c = {
    severity_weight: num('severity-weight', 'severity_weight', { step: '0.1', min: '0', max: '5' }),
    value_weight: num('value-weight', 'value_weight', { step: '0.1', min: '0', max: '5' }),
    cap_percent: num('cap-percent', 'cap_percent', { step: '1', min: '0', max: '500', inputmode: 'numeric' }),
    quick_minutes: num('quick-minutes', 'quick_minutes', { step: '1', min: '1', max: '240', inputmode: 'numeric' }),
    repeat_window_days: num('repeat-window-days', 'repeat_window_days', { step: '1', min: '1', max: '730', inputmode: 'numeric' }),
    top_percent: num('top-percent', 'top_percent', { step: '1', min: '1', max: '50', inputmode: 'numeric' }),
    loyal_percent: num('loyal-percent', 'loyal_percent', { step: '1', min: '1', max: '90', inputmode: 'numeric' }),
    loyal_visits: num('loyal-visits', 'loyal_visits', { step: '1', min: '1', max: '1000', inputmode: 'numeric' }),
    regular_visits: num('regular-visits', 'regular_visits', { step: '1', min: '1', max: '1000', inputmode: 'numeric' }),
  };
  const saveBtn = h('button', { type: 'submit', id: 'save-advisor', class: 'button primary' }, 'Save');
  const standardBtn = h('button', { type: 'button', id: 'standard-advisor', class: 'button secondary' }, 'Use the standard values');
  const form = h('form', { id: 'advisor-settings', class: 'advisor-settings', novalidate: true, autocomplete: 'off' },
    h('fieldset', { class: 'settings-group grid three' },
      h('legend', null, 'How big a gesture'),
      field({ label: 'Weight of severity', control: c.severity_weight, keys: 'severity_weight', hint: '1 = standard. Higher makes worse problems get bigger gestures.' }),
      field({ label: 'Weight of customer value', control: c.value_weight, keys: 'value_weight', hint: '1 = standard. Higher gives your best customers bigger gestures.' }),
      field({ label: 'Money cap, in %', control: c.cap_percent, keys: 'cap_percent', hint: '% of what the customer paid; research suggests no more than 150%.' }),
      field({ label: 'Quick response, in minutes', control: c.quick_minutes, keys: 'quick_minutes', hint: 'A first answer (with an apology) within this time counts as quick: then a smaller gesture is enough.' }),
      field({ label: 'Repeat window, in days', control: c.repeat_window_days, keys: 'repeat_window_days', hint: 'Another problem for the same customer within this many days counts as a repeat, and the gesture grows.' })),
    h('fieldset', { class: 'settings-group grid four' },
      h('legend', null, 'Customer value'),
      field({ label: 'Top customers, in %', control: c.top_percent, keys: 'top_percent', hint: 'Your best spenders, as a share of all customers.' }),
      field({ label: 'Loyal customers, in %', control: c.loyal_percent, keys: 'loyal_percent', hint: 'The best spenders up to this share (the top ones included)…' }),
      field({ label: '…or visits for loyal', control: c.loyal_visits, keys: 'loyal_visits', hint: '…or anyone with at least this many visits.' }),
      field({ label: 'Visits for regular', control: c.regular_visits, keys: 'regular_visits', hint: 'Fewer visits than this: a new customer. Customers you mark as VIP weigh the most.' })),
    h('div', { class: 'form-actions' }, saveBtn, standardBtn));

  const element = h('section', { class: 'panel', id: 'advisor-settings-section', 'aria-labelledby': 'advisor-settings-title' },
    h('h2', { id: 'advisor-settings-title' }, 'How Mend sizes a gesture'),
    h('p', { class: 'muted small' },
      'Mend sizes each gesture it suggests from how serious the problem is and how much the customer matters to you. ',
      'The standard values follow the research; change them only if the suggestions keep feeling too big or too small.'),
    form);

  const flat = (config) => ({ ...config.advisor, ...config.tiers });
  const toText = (values) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
  let initial = JSON.stringify(readForm(form));

  try {
    const config = await getAdvisorConfig();
    fillForm(form, toText(flat(config)));
    initial = JSON.stringify(readForm(form));
  } catch (err) {
    showError(err, 'Could not load the settings for suggested gestures');
    saveBtn.disabled = true;
    prepend(form, h('p', { class: 'field-error' }, 'The current settings could not be loaded, so they can’t be changed now. Restart Mend and try again.'));
  }

  standardBtn.addEventListener('click', () => {
    clearFieldErrors(form);
    fillForm(form, toText(flat(STANDARD)));
    toast('Standard values filled in: press Save to keep them.');
    saveBtn.focus();
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (saveBtn.disabled) return;
    clearFieldErrors(form);
    const values = readForm(form);
    const errors = {};
    const number = (key) => {
      const raw = (values[key] || '').trim();
      const el = c[key];
      if (!raw || el.validity?.badInput) {
        errors[key] = 'Please enter a number.';
        return null;
      }
      const n = Number(raw);
      if (!Number.isFinite(n)) errors[key] = 'Please enter a number.';
      else if (!FLOATS.includes(key) && !Number.isInteger(n)) errors[key] = 'Please enter a whole number.';
      return n;
    };
    const payload = {
      advisor: Object.fromEntries(ADVISOR_KEYS.map((k) => [k, number(k)])),
      tiers: Object.fromEntries(TIER_KEYS.map((k) => [k, number(k)])),
    };
    if (Object.keys(errors).length) {
      showFieldErrors(form, errors);
      return;
    }
    const done = busy(saveBtn);
    try {
      const saved = await updateAdvisorConfig(payload);
      fillForm(form, toText(flat(saved)));
      initial = JSON.stringify(readForm(form));
      clearError();
      toast('Saved. Open incidents show the new suggestions.');
    } catch (err) {
      handleSaveError(form, err, 'The settings for suggested gestures were not saved');
    } finally {
      done();
    }
  });

  return { element, isDirty: () => JSON.stringify(readForm(form)) !== initial };
}
