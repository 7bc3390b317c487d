// Settings → Messages to customers: the three ready messages sent from the call list with
// "Text it", "E-mail it" or "Copy message" (the follow-up after a fix, the apology with the
// gesture, "we couldn't reach you"), each a subject for e-mails and the message, with
// placeholders filled in for each customer and optional parts in [square brackets].

import { getMessageTemplates, updateMessageTemplates } from '../api.js';
import { h, append, replace } from '../dom.js';
import { showError, clearError, toast } from '../feedback.js';
import { field, input, textarea, busy, handleSaveError, clearFieldErrors } from './form.js';
import { invalidateTemplates } from './contact.js';

/** The section (#message-templates-section) and isDirty() for its form. */
export function templatesSettings() {
  const saveBtn = h('button', { type: 'submit', id: 'save-message-templates', class: 'button primary', disabled: true }, 'Save messages');
  const list = h('div', { class: 'template-list' });
  const form = h('form', { id: 'message-templates', class: 'message-templates', novalidate: true, autocomplete: 'off' },
    list,
    h('div', { class: 'form-actions' }, saveBtn));
  const hint = h('div', { class: 'template-hint small muted', id: 'message-templates-hint' });
  let view = null;
  let initial = '';

  const snapshot = () => JSON.stringify([...form.querySelectorAll('input, textarea')].map((el) => el.value));

  function editor(t) {
    const subject = input({ id: `template-${t.key}-subject`, name: `${t.key}.subject`, value: t.subject, spellcheck: 'true' });
    const body = textarea({ id: `template-${t.key}-body`, name: `${t.key}.body`, rows: 6, spellcheck: 'true' });
    body.value = t.body;
    const reset = h('button', { type: 'button', class: 'link-button template-reset', title: 'Put Mend’s own wording back in (nothing is saved until you choose Save messages)' },
      'Use Mend’s wording');
    reset.addEventListener('click', () => {
      subject.value = t.default_subject;
      body.value = t.default_body;
      body.focus();
    });
    return h('fieldset', { class: 'template-editor', 'data-key': t.key },
      h('legend', null, t.label),
      field({ label: 'Subject (for e-mails)', control: subject, keys: `${t.key}.subject` }),
      field({ label: 'Message', control: body, keys: `${t.key}.body` }),
      h('p', { class: 'template-reset-line' }, reset));
  }

  function show(v) {
    view = v;
    replace(list, v.templates.map(editor));
    replace(hint,
      h('p', null, 'Write the messages in your own words. Mend fills these in for each customer: ',
        v.placeholders.map((p, i) => [i ? ', ' : '', h('code', null, p.name), ` ${p.label}`]), '.'),
      h('p', null, 'Put a part in square brackets to leave it out when there is nothing to fill in: ',
        h('code', null, '[As a thank-you: {gesture}.]'),
        ' disappears when no gesture was given. A placeholder with nothing to fill in is left out on its own, with the spaces and commas around it.'));
    saveBtn.disabled = false;
    initial = snapshot();
  }

  getMessageTemplates()
    .then(show)
    .catch((err) => {
      showError(err, 'Could not load the messages');
      append(list, h('p', { class: 'field-error' }, 'The messages could not be loaded, so they can’t be changed now. Restart Mend and try again.'));
    });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (saveBtn.disabled || !view) return;
    clearFieldErrors(form);
    const templates = view.templates.map((t) => ({
      key: t.key,
      subject: form.querySelector(`#template-${t.key}-subject`).value,
      body: form.querySelector(`#template-${t.key}-body`).value,
    }));
    const done = busy(saveBtn);
    try {
      const saved = await updateMessageTemplates(templates);
      invalidateTemplates(saved);
      show(saved);
      clearError();
      toast('Messages saved. The call list uses them from now on.');
    } catch (err) {
      handleSaveError(form, err, 'The messages were not saved');
    } finally {
      done();
    }
  });

  const element = h('section', { class: 'panel', id: 'message-templates-section', 'aria-labelledby': 'message-templates-title' },
    h('h2', { id: 'message-templates-title' }, 'Messages to customers'),
    h('p', { class: 'muted small' },
      'The ready messages next to each call on Today and on the incident page: “Text it”, “E-mail it” and “Copy message” fill them in for that customer. The call list picks the one that fits; you can choose another there.'),
    hint,
    form);

  return { element, isDirty: () => Boolean(view) && snapshot() !== initial };
}
