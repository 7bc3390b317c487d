// Settings: business name and currency, staff, categories, follow-up calls
// (views/follow-up-settings.js), messages to customers (views/templates-settings.js),
// playbooks (views/playbooks.js), and where the data lives.

import {
  updateSettings, listStaff, addStaff, renameStaff, setStaffActive,
  listCategories, addCategory, renameCategory, setCategoryActive,
} from '../api.js';
import { h, replace, append } from '../dom.js';
import { state, setSettings, invalidateStaff, invalidateCategories } from '../state.js';
import { showError, clearError, toast } from '../feedback.js';
import { field, input, select, readForm, fillForm, busy, handleSaveError, clearFieldErrors } from './form.js';
import { playbookSection } from './playbooks.js';
import { atonementSettingsSlot } from './atonement-settings.js';
import { ledgerSlot } from './ledger.js';
import { followUpSettings } from './follow-up-settings.js';
import { templatesSettings } from './templates-settings.js';

export function render(root) {
  const business = businessForm();
  const followUps = followUpSettings();
  const messages = templatesSettings();
  append(root, 
    h('header', { class: 'view-header' }, h('h1', null, 'Settings')),
    business.element,
    nameList({
      title: 'Staff',
      intro: 'Everyone who takes complaints or calls customers back. People who have left can be deactivated: they disappear from the pickers but stay in the history.',
      singular: 'staff member',
      listId: 'staff-list',
      itemClass: 'staff-item',
      inputId: 'new-staff-name',
      addId: 'add-staff',
      addLabel: 'Add a person',
      load: () => listStaff(true),
      add: addStaff,
      rename: renameStaff,
      setActive: setStaffActive,
      changed: invalidateStaff,
      empty: 'No staff yet. Add the first name below: each person then picks their own name at “You are”.',
    }),
    nameList({
      title: 'Categories',
      intro: 'What kind of thing went wrong. Deactivated categories are no longer offered but old incidents keep them.',
      singular: 'category',
      listId: 'category-list',
      itemClass: 'category-item',
      inputId: 'new-category-name',
      addId: 'add-category',
      addLabel: 'Add a category',
      load: () => listCategories(true),
      add: addCategory,
      rename: renameCategory,
      setActive: setCategoryActive,
      changed: invalidateCategories,
      empty: 'No categories yet. Add one below, for example “Late”, “Wrong item” or “Rude service”.',
    }),
    followUps.element,
    messages.element,
    playbookSection(),
    atonementSettingsSlot(),
    ledgerSlot(),
    h('section', { class: 'panel data-location' },
      h('h2', null, 'Your data'),
      h('p', null, h('a', { href: '#/settings/data', id: 'settings-data-link', class: 'button secondary' },
        'Your data: export, back up, restore, sample shop')),
      h('p', { class: 'small muted' }, 'Everything is stored on this computer in one file: ',
        h('code', { id: 'db-path' }, state.info?.db_path || '')),
      h('p', { class: 'small muted' }, `Mend version ${state.info?.version || ''}`)),
  );
  return { isDirty: () => business.isDirty() || followUps.isDirty() || messages.isDirty() };
}

function businessForm() {
  const name = input({ id: 'business-name', name: 'business_name', autocomplete: 'organization' });
  const currencies = (state.info?.currencies || []).map((c) => ({ value: c.code, label: `${c.code} – ${c.name}` }));
  const code = state.settings.currency;
  // Keep the saved currency selectable even if this version no longer lists it.
  if (code && !currencies.some((c) => c.value === code)) currencies.unshift({ value: code, label: code });
  const currency = select({ id: 'currency', name: 'currency' }, currencies);
  const saveBtn = h('button', { type: 'submit', id: 'save-settings', class: 'button primary' }, 'Save');
  const form = h('form', { id: 'settings-form', class: 'grid three', novalidate: true },
    field({ label: 'Business name', control: name, hint: 'Shown at the top of the window.' }),
    field({ label: 'Currency', control: currency, hint: 'Used for every amount in Mend.' }),
    h('div', { class: 'form-actions align-end' }, saveBtn));
  fillForm(form, state.settings);
  let initial = JSON.stringify(readForm(form));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (saveBtn.disabled) return;
    clearFieldErrors(form);
    const values = readForm(form);
    const done = busy(saveBtn);
    try {
      const saved = await updateSettings({ business_name: values.business_name.trim(), currency: values.currency });
      setSettings(saved);
      fillForm(form, saved);
      initial = JSON.stringify(readForm(form));
      clearError();
      toast('Settings saved.');
    } catch (err) {
      handleSaveError(form, err, 'The settings were not saved');
    } finally {
      done();
    }
  });

  return {
    element: h('section', { class: 'panel' }, h('h2', null, 'Your business'), form),
    isDirty: () => JSON.stringify(readForm(form)) !== initial,
  };
}

/** A list of names (staff or categories): add, rename, deactivate / reactivate. */
function nameList(o) {
  const list = h('ul', { id: o.listId, class: 'name-list', 'aria-live': 'polite' });
  const newName = input({ id: o.inputId, name: 'name', autocomplete: 'off' });
  const addBtn = h('button', { type: 'submit', id: o.addId, class: 'button secondary' }, 'Add');
  const addForm = h('form', { class: 'add-form', novalidate: true },
    field({ label: o.addLabel, control: newName, keys: 'name' }), addBtn);
  let items = [];

  async function refresh(focusSelector = null) {
    try {
      items = await o.load();
    } catch (err) {
      showError(err, `Could not load the ${o.title.toLowerCase()}`);
      return;
    }
    replace(list, items.length ? items.map(row) : h('li', { class: 'muted empty' }, o.empty));
    if (focusSelector) list.querySelector(focusSelector)?.focus();
  }

  function row(item) {
    return h('li', { class: item.active ? o.itemClass : `${o.itemClass} inactive`, 'data-id': String(item.id) },
      h('span', { class: 'name user-text', title: item.name }, item.name),
      item.active ? null : h('span', { class: 'tag' }, 'Inactive'),
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'link-button rename', 'aria-label': `Rename ${item.name}` }, 'Rename'),
      h('button', { type: 'button', class: 'link-button toggle-active', 'aria-label': `${item.active ? 'Deactivate' : 'Reactivate'} ${item.name}` },
        item.active ? 'Deactivate' : 'Reactivate'));
  }

  function startRename(li) {
    const item = items.find((i) => String(i.id) === li.dataset.id);
    if (!item) return;
    const nameInput = input({ class: 'rename-input', name: 'name', value: item.name, 'aria-label': `New name for ${item.name}` });
    const form = h('form', { class: 'rename-form', novalidate: true },
      h('div', { class: 'field', 'data-field': 'name' }, nameInput),
      h('button', { type: 'submit', class: 'button primary small save-rename' }, 'Save'),
      h('button', { type: 'button', class: 'button secondary small cancel-rename' }, 'Cancel'));
    replace(li, form);
    nameInput.focus();
    nameInput.select();
    const cancel = () => {
      li.replaceWith(row(item));
      list.querySelector(`[data-id="${item.id}"] .rename`)?.focus();
    };
    form.querySelector('.cancel-rename').addEventListener('click', cancel);
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        cancel();
      }
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const name = nameInput.value.trim();
      if (name === item.name) return cancel();
      const done = busy(form.querySelector('.save-rename'));
      try {
        await o.rename(item.id, name);
        o.changed();
        clearError();
        toast(`Renamed to ${name}.`);
        await refresh(`[data-id="${item.id}"] .rename`);
      } catch (err) {
        done();
        handleSaveError(form, err, 'Could not rename');
      }
    });
  }

  list.addEventListener('click', async (e) => {
    const button = e.target.closest('button');
    const li = e.target.closest('li[data-id]');
    if (!button || !li) return;
    if (button.classList.contains('rename')) {
      startRename(li);
    } else if (button.classList.contains('toggle-active')) {
      const item = items.find((i) => String(i.id) === li.dataset.id);
      if (!item) return;
      button.disabled = true;
      try {
        await o.setActive(item.id, !item.active);
        o.changed();
        clearError();
        toast(item.active ? `${item.name} deactivated.` : `${item.name} is active again.`);
        await refresh(`[data-id="${item.id}"] .toggle-active`);
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
    const name = newName.value.trim();
    const done = busy(addBtn, 'Adding…');
    try {
      const added = await o.add(name);
      o.changed();
      clearError();
      newName.value = '';
      toast(`${added.name} added.`);
      await refresh();
    } catch (err) {
      handleSaveError(addForm, err, `Could not add the ${o.singular}`);
    } finally {
      done();
      newName.focus();
    }
  });

  refresh();
  return h('section', { class: 'panel', id: `${o.listId}-section` },
    h('h2', null, o.title),
    h('p', { class: 'muted small' }, o.intro),
    list,
    addForm);
}
