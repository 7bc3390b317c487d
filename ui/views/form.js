// Form helpers shared by every screen: labelled fields, errors shown next to
// their input, reading and filling forms, drafts that survive navigation.

import { h, append } from '../dom.js';
import { showError, clearError } from '../feedback.js';

let uid = 0;

/**
 * A labelled field: <div class="field" data-field="keys"><label for>…</label>control<p hint></div>.
 * `keys` are the backend's field names whose errors belong here (space-separated).
 */
export function field({ label, control, keys = control.name || '', hint = null, wide = false, optional = false }) {
  if (!control.id) control.id = `f${++uid}`;
  const hintEl = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h(
    'div',
    { class: wide ? 'field wide' : 'field', 'data-field': keys },
    h('label', { for: control.id }, label, optional ? h('span', { class: 'optional' }, ' (optional)') : null),
    control,
    hintEl,
  );
}

/** Removes every error shown by showFieldErrors inside `form`. */
export function clearFieldErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) el.remove();
  for (const el of form.querySelectorAll('[aria-invalid="true"]')) {
    el.removeAttribute('aria-invalid');
    const described = (el.getAttribute('aria-describedby') || '').split(' ').filter((id) => !id.endsWith('-error'));
    if (described.length) el.setAttribute('aria-describedby', described.join(' '));
    else el.removeAttribute('aria-describedby');
  }
  for (const el of form.querySelectorAll('.field.invalid')) el.classList.remove('invalid');
}

/**
 * Shows each message of `fields` ({ name: message }) next to its input, in a
 * `.field-error` element with role="alert", and focuses the first invalid
 * input. Returns the messages that matched no field.
 */
export function showFieldErrors(form, fields) {
  clearFieldErrors(form);
  const leftover = [];
  const containers = [...form.querySelectorAll('[data-field]')];
  for (const [key, message] of Object.entries(fields || {})) {
    const box = containers.find((c) => c.dataset.field.split(' ').includes(key));
    if (!box) {
      leftover.push(message);
      continue;
    }
    if (box.querySelector(':scope > .field-error')) continue;
    box.classList.add('invalid');
    const control = box.querySelector('input:not([type="hidden"]), select, textarea');
    const errorId = `${control?.id || `f${++uid}`}-error`;
    append(box, h('p', { class: 'field-error', role: 'alert', id: errorId }, message));
    for (const input of box.querySelectorAll('input, select, textarea')) {
      if (input.type === 'radio' || input === control) {
        input.setAttribute('aria-invalid', 'true');
        const described = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
        input.setAttribute('aria-describedby', [...described, errorId].join(' '));
      }
    }
  }
  focusFirstInvalid(form);
  return leftover;
}

function focusFirstInvalid(form) {
  const box = form.querySelector('.field.invalid, [data-field].invalid');
  if (!box) return;
  const control =
    box.querySelector('input[type="radio"]:checked') ||
    box.querySelector('input:not([type="hidden"]):not([disabled]), select, textarea, button');
  if (control && !control.closest('[hidden]')) control.focus();
  box.scrollIntoView({ block: 'nearest' });
}

/**
 * What to do when saving failed: field messages go next to their inputs, the
 * rest into the error banner. The form keeps everything typed.
 */
export function handleSaveError(form, err, what = 'Could not save') {
  const fields = err?.fields && Object.keys(err.fields).length ? err.fields : null;
  if (fields) {
    const leftover = showFieldErrors(form, fields);
    // A stale save (someone else saved meanwhile) says when and what above the form too.
    if (err.kind === 'stale') showError([err.message, ...leftover].join(' '), what);
    else if (leftover.length) showError(leftover.join(' '), what);
    else clearError();
  } else {
    clearFieldErrors(form);
    showError(err, what);
  }
}

/** { name: value } of every named control in `form` (checkbox -> bool, radio -> the checked value). */
export function readForm(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === 'checkbox') out[el.name] = el.checked;
    else if (el.type === 'radio') {
      if (!(el.name in out)) out[el.name] = '';
      if (el.checked) out[el.name] = el.value;
    } else if (el.tagName !== 'BUTTON' && el.tagName !== 'FIELDSET') out[el.name] = el.value;
  }
  return out;
}

/** Puts `values` back into the named controls of `form` (the opposite of readForm). */
export function fillForm(form, values) {
  for (const el of form.elements) {
    if (!el.name || !(el.name in values)) continue;
    const v = values[el.name];
    if (el.type === 'checkbox') el.checked = Boolean(v);
    else if (el.type === 'radio') el.checked = String(v) === el.value;
    else if (el.tagName === 'SELECT') {
      // Keep a stored choice that is no longer offered (e.g. a deactivated category) visible.
      if (v !== '' && v !== null && v !== undefined && ![...el.options].some((o) => o.value === String(v))) continue;
      el.value = v ?? '';
    } else if (el.tagName !== 'BUTTON' && el.tagName !== 'FIELDSET') el.value = v ?? '';
  }
}

/** A saved copy of a form in localStorage, so nothing typed is lost on the way. */
export function draftStore(key) {
  const storageKey = `mend.draft.${key}`;
  return {
    load() {
      try {
        const raw = localStorage.getItem(storageKey);
        return raw ? JSON.parse(raw) : null;
      } catch {
        return null;
      }
    },
    save(value) {
      try {
        localStorage.setItem(storageKey, JSON.stringify(value));
      } catch {
        /* storage full or unavailable: the form itself still holds the text */
      }
    },
    clear() {
      localStorage.removeItem(storageKey);
    },
  };
}

/** Ctrl+Enter (or Cmd+Enter) anywhere in `form` calls `fn`. */
export function onCtrlEnter(form, fn) {
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      fn();
    }
  });
}

/**
 * Wires a form whose one-line boxes must not send it half-filled: the Save
 * button or Ctrl+Enter calls `save`; plain Enter in a one-line box does nothing.
 */
export function saveOnlyOnPurpose(form, save) {
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
}

/** Marks a save button busy (disabled, aria-busy, "Saving…") and returns a function that undoes it. */
export function busy(button, text = 'Saving…') {
  const before = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = text;
  return () => {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = before;
  };
}

/** A text input, textarea or select with the usual attributes. */
export function input(attrs) {
  return h('input', { type: 'text', autocomplete: 'off', ...attrs });
}

export function textarea(attrs) {
  return h('textarea', { rows: 3, ...attrs });
}

/** <select> from [{ value, label }]; `empty` adds a first option with value "". */
export function select(attrs, options, empty = null) {
  return h(
    'select',
    attrs,
    empty !== null ? h('option', { value: '' }, empty) : null,
    options.map((o) => h('option', { value: String(o.value) }, o.label)),
  );
}
