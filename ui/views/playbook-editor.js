// The playbook editor (#/settings/playbooks/new or /ID): name, summary and
// the steps in order. Built-in playbooks open read-only, with "Copy to edit".
// Leaving with unsaved changes asks first (the router calls isDirty).

import { getPlaybook, createPlaybook, updatePlaybook, copyPlaybook } from '../api.js';
import { h, replace, append } from '../dom.js';
import { showError, clearError, toast, loading } from '../feedback.js';
import { field, input, textarea, select, busy, handleSaveError, showFieldErrors, clearFieldErrors, saveOnlyOnPurpose } from './form.js';
import { focusPlaybookOnReturn } from './playbooks.js';

const UNITS = [
  { value: 'minutes', label: 'minutes' },
  { value: 'hours', label: 'hours' },
  { value: 'days', label: 'days' },
];
const FROM = [
  { value: 'intake', label: 'after the complaint' },
  { value: 'previous_step', label: 'after the step before' },
];
const CAPTURES = [
  { value: 'desired_outcome', label: 'What would make them happy' },
  { value: 'root_cause', label: 'Root cause & prevention' },
  { value: 'follow_up', label: 'Follow-up call' },
];

let uid = 0;

export function render(root, idText) {
  const isNew = idText === 'new';
  const id = isNew ? null : Number(idText);
  const body = h('div', { class: 'playbook-editor-body' }, loading());
  append(root, body);

  let form = null;
  let initial = '';
  let saved = false;
  let version = null; // the row version loaded, sent back with a save (issue 18)

  const controller = {
    isDirty: () => Boolean(form && !saved && snapshot() !== initial),
  };

  if (isNew) {
    build({ name: '', summary: '', builtin: false, hidden: false, is_default: false, steps: [blankStep()] });
  } else {
    getPlaybook(id)
      .then((p) => {
        if (root.isConnected) build(p);
      })
      .catch((err) => {
        if (!root.isConnected) return;
        replace(body,
          h('h1', { tabindex: '-1' }, 'Playbook not found'),
          h('p', null, err.kind === 'not_found' ? 'This playbook does not exist (any more). ' : 'This playbook could not be opened. ',
            h('a', { href: '#/settings' }, 'Back to Settings'), '.'));
        if (err.kind !== 'not_found') showError(err);
        body.querySelector('h1').focus();
      });
  }

  function blankStep() {
    return { title: '', guidance: '', say: [], avoid: [], target: null, capture: null, apology: false };
  }

  function build(p) {
    version = p.version ?? null;
    const readOnly = Boolean(p.builtin);
    const name = input({ id: 'playbook-name', name: 'name', value: p.name, maxlength: '120', readOnly });
    const summary = textarea({ id: 'playbook-summary', name: 'summary', rows: 2, value: p.summary || '', readOnly });
    const steps = h('ol', { id: 'step-editors', class: 'step-editors' });
    const addBtn = readOnly ? null : h('button', { type: 'button', id: 'add-step', class: 'button secondary' }, '+ Add step');

    const actions = readOnly
      ? h('div', { class: 'form-actions' },
          h('button', { type: 'button', id: 'cancel-playbook', class: 'button secondary' }, 'Back to Settings'))
      : h('div', { class: 'form-actions' },
          h('button', { type: 'submit', id: 'save-playbook', class: 'button primary' }, isNew ? 'Save playbook' : 'Save changes'),
          h('button', { type: 'button', id: 'cancel-playbook', class: 'button secondary' }, 'Cancel'),
          h('span', { class: 'hint' }, 'Ctrl+Enter saves'));

    form = h('form', { id: 'playbook-editor', class: readOnly ? 'form playbook-form read-only' : 'form playbook-form', novalidate: true, autocomplete: 'off' },
      h('div', { class: 'grid playbook-meta' },
        field({ label: 'Name', control: name, keys: 'name' }),
        field({ label: 'What it is for', control: summary, keys: 'summary', optional: !readOnly, hint: readOnly ? null : 'One sentence on when it suits, shown under its name in Settings and when someone picks a playbook.' })),
      h('h2', { class: 'steps-heading', id: 'steps-heading' }, 'Steps'),
      readOnly ? null : h('p', { class: 'hint' }, 'In the order staff do them. A target time makes the step show as late on Today once it passes.'),
      steps,
      readOnly ? null : h('div', { class: 'field add-step-row', 'data-field': 'steps' }, addBtn),
      actions);

    for (const s of p.steps) append(steps, stepEditor(s, readOnly));
    renumber();

    const tags = [
      p.builtin ? h('span', { class: 'tag builtin-tag' }, 'Built-in') : null,
      p.is_default ? h('span', { class: 'tag default-tag' }, 'Default') : null,
      p.hidden ? h('span', { class: 'tag retired-tag' }, 'Retired') : null,
    ].filter(Boolean);

    replace(body,
      h('header', { class: 'view-header' },
        h('p', { class: 'overline' }, h('a', { href: '#/settings' }, 'Settings'), ' · Playbooks'),
        h('h1', { tabindex: '-1' }, isNew ? 'New playbook' : readOnly ? p.name : `Edit ${p.name}`, tags.length ? ' ' : null, tags),
        // What the routine is for, in one line (HEARD and LAST spell out their letters).
        !isNew && p.summary ? h('p', { id: 'playbook-lead', class: 'playbook-lead' }, p.summary) : null),
      readOnly
        ? h('div', { class: 'notice builtin-note', id: 'builtin-note' },
            h('p', null, 'Built-in playbooks can’t be changed. Copy this one to make your own version.'),
            h('button', { type: 'button', id: 'copy-to-edit', class: 'button primary' }, 'Copy to edit'))
        : h('p', { class: 'muted small' }, 'Editing a playbook never changes incidents already under way: each incident keeps the steps it started with. New incidents get the new steps.'),
      form);

    initial = snapshot();

    // Cancel goes back to Settings; the router asks first when something changed.
    form.querySelector('#cancel-playbook').addEventListener('click', () => {
      location.hash = '#/settings';
    });

    if (readOnly) {
      const copyBtn = body.querySelector('#copy-to-edit');
      copyBtn.addEventListener('click', async () => {
        const done = busy(copyBtn, 'Copying…');
        try {
          const copy = await copyPlaybook(p.id);
          clearError();
          toast(`Copied as “${copy.name}”. You can change it now.`);
          location.hash = `#/settings/playbooks/${copy.id}`;
        } catch (err) {
          done();
          showError(err, 'Could not copy the playbook');
        }
      });
      form.addEventListener('submit', (e) => e.preventDefault());
      body.querySelector('h1').focus();
      return;
    }

    addBtn.addEventListener('click', () => {
      const editor = stepEditor(blankStep(), false);
      append(steps, editor);
      renumber();
      editor.querySelector('.step-title').focus();
    });

    steps.addEventListener('click', (e) => {
      const button = e.target.closest('button');
      const editor = e.target.closest('li.step-editor');
      if (!button || !editor) return;
      if (button.classList.contains('step-up') && editor.previousElementSibling) {
        editor.previousElementSibling.before(editor);
        afterMove(editor, 'step-up', 'step-down');
      } else if (button.classList.contains('step-down') && editor.nextElementSibling) {
        editor.nextElementSibling.after(editor);
        afterMove(editor, 'step-down', 'step-up');
      } else if (button.classList.contains('step-remove')) {
        const after = editor.nextElementSibling || editor.previousElementSibling;
        const title = editor.querySelector('.step-title').value.trim();
        editor.remove();
        renumber();
        announce(title ? `Step “${title}” removed. Cancel to get it back.` : 'Step removed.');
        (after ? after.querySelector('.step-title') : addBtn).focus();
      }
    });

    function afterMove(editor, same, other) {
      renumber();
      const button = editor.querySelector(`.${same}`);
      (button.disabled ? editor.querySelector(`.${other}`) : button).focus();
      editor.scrollIntoView({ block: 'nearest' });
      const n = [...steps.children].indexOf(editor) + 1;
      announce(`Now step ${n}.`);
    }

    // Enter in a one-line box does not save a half-written playbook.
    saveOnlyOnPurpose(form, save);
    name.focus();

    async function save() {
      const saveBtn = form.querySelector('#save-playbook');
      if (saveBtn.disabled) return;
      clearFieldErrors(form);
      const { input: data, errors } = collect();
      if (Object.keys(errors).length) {
        showFieldErrors(form, errors);
        return;
      }
      const done = busy(saveBtn);
      try {
        const result = isNew ? await createPlaybook(data) : await updatePlaybook(id, { ...data, version });
        saved = true;
        clearError();
        toast(isNew ? `Playbook “${result.name}” saved.` : `Changes to “${result.name}” saved.`);
        focusPlaybookOnReturn(result.id);
        location.hash = '#/settings';
      } catch (err) {
        done();
        handleSaveError(form, err, 'The playbook was not saved');
        if (err?.kind === 'stale') version = (await getPlaybook(id).catch(() => null))?.version ?? version;
      }
    }
  }

  /** One step's editor. Field keys are set by renumber() ("steps.N.title" ...). */
  function stepEditor(s, readOnly) {
    const n = ++uid;
    const ctl = (kind, el) => {
      el.id = `step-${n}-${kind}`;
      return el;
    };
    const title = ctl('title', input({ class: 'step-title', value: s.title, maxlength: '120', readOnly }));
    const guidance = ctl('guidance', textarea({ class: 'step-guidance', rows: 2, value: s.guidance || '', readOnly }));
    const say = ctl('say', textarea({ class: 'step-say', rows: 3, value: (s.say || []).join('\n'), readOnly }));
    const avoid = ctl('avoid', textarea({ class: 'step-avoid', rows: 3, value: (s.avoid || []).join('\n'), readOnly }));
    const amount = ctl('amount', input({ class: 'step-target-amount amount', type: 'number', min: '1', max: '999', step: '1', inputmode: 'numeric', value: s.target ? String(s.target.amount) : '', readOnly }));
    const unit = ctl('unit', select({ class: 'step-target-unit', disabled: readOnly }, UNITS));
    unit.value = s.target?.unit || 'minutes';
    const from = ctl('from', select({ class: 'step-target-from', disabled: readOnly }, FROM));
    from.value = s.target?.from || 'intake';
    const capture = ctl('capture', select({ class: 'step-capture', disabled: readOnly }, CAPTURES, 'Nothing'));
    capture.value = s.capture || '';
    const apology = ctl('apology', h('input', { type: 'checkbox', class: 'step-apology', checked: Boolean(s.apology), disabled: readOnly }));

    const keyed = (keys, el) => {
      el.dataset.stepKeys = keys;
      return el;
    };

    return h('li', { class: 'step-editor' },
      h('div', { class: 'step-editor-head' },
        h('h3', { class: 'step-number' }, 'Step'),
        h('span', { class: 'spacer' }),
        readOnly ? null : [
          h('button', { type: 'button', class: 'icon-button step-up', title: 'Move up' }, '↑'),
          h('button', { type: 'button', class: 'icon-button step-down', title: 'Move down' }, '↓'),
          h('button', { type: 'button', class: 'link-button danger-link step-remove' }, 'Remove'),
        ]),
      h('div', { class: 'grid step-grid' },
        keyed('title position', field({ label: 'Title', control: title })),
        keyed('capture', field({ label: 'Asks staff to record', control: capture, hint: readOnly ? null : 'A small form shown right in the step.' })),
        keyed('apology', h('div', { class: 'field wide' },
          h('label', { class: 'checkbox-inline', for: apology.id }, apology, ' This is the step where staff say sorry'),
          readOnly ? null : h('p', { class: 'hint' }, 'Ticking it records the apology, which the suggestion and the incident page look for. One step per playbook.'))),
        keyed('guidance', field({ label: 'Guidance', control: guidance, wide: true, optional: !readOnly, hint: readOnly ? null : 'One line on how to do it well.' })),
        keyed('say', field({ label: 'Say', control: say, optional: !readOnly, hint: readOnly ? null : 'Phrases that work, one per line.' })),
        keyed('avoid', field({ label: 'Avoid', control: avoid, optional: !readOnly, hint: readOnly ? null : 'Phrases to avoid, one per line.' })),
        h('fieldset', { class: 'field wide target-field' },
          h('legend', null, 'Target time', readOnly ? null : h('span', { class: 'optional' }, ' (optional: leave the number empty for none)')),
          h('div', { class: 'target-row' },
            keyed('target_amount', field({ label: 'Within', control: amount })),
            keyed('target_unit', field({ label: 'Unit', control: unit })),
            keyed('target_from', field({ label: 'Counting from', control: from }))))));
  }

  /** Numbers the steps and points each field's error keys at its index. */
  function renumber() {
    const editors = [...form.querySelectorAll('li.step-editor')];
    editors.forEach((editor, i) => {
      editor.dataset.index = String(i);
      const titleText = editor.querySelector('.step-title').value.trim();
      editor.querySelector('.step-number').textContent = `Step ${i + 1}`;
      for (const box of editor.querySelectorAll('[data-step-keys]')) {
        box.dataset.field = box.dataset.stepKeys.split(' ').map((k) => `steps.${i}.${k}`).join(' ');
      }
      const label = titleText ? `step ${i + 1}, ${titleText}` : `step ${i + 1}`;
      const up = editor.querySelector('.step-up');
      const down = editor.querySelector('.step-down');
      const remove = editor.querySelector('.step-remove');
      if (up) {
        up.disabled = i === 0;
        up.setAttribute('aria-label', `Move ${label} up`);
      }
      if (down) {
        down.disabled = i === editors.length - 1;
        down.setAttribute('aria-label', `Move ${label} down`);
      }
      if (remove) remove.setAttribute('aria-label', `Remove ${label}`);
    });
  }

  function announce(message) {
    toast(message);
  }

  /** The editor's content as the backend wants it, plus errors found before sending. */
  function collect() {
    const errors = {};
    const steps = [...form.querySelectorAll('li.step-editor')].map((editor, i) => {
      const q = (cls) => editor.querySelector(`.${cls}`);
      const amountEl = q('step-target-amount');
      const raw = amountEl.value.trim();
      let amount = null;
      if (amountEl.validity.badInput || (raw !== '' && !/^-?\d+$/.test(raw))) {
        errors[`steps.${i}.target_amount`] = 'Please enter a whole number from 1 to 999, or leave it empty.';
      } else if (raw !== '') {
        amount = Number(raw);
      }
      return {
        position: i + 1,
        title: q('step-title').value.trim(),
        guidance: q('step-guidance').value.trim(),
        say: q('step-say').value,
        avoid: q('step-avoid').value,
        target_amount: amount,
        target_unit: amount === null ? '' : q('step-target-unit').value,
        target_from: amount === null ? '' : q('step-target-from').value,
        capture: q('step-capture').value,
        apology: q('step-apology').checked,
      };
    });
    return {
      input: {
        name: form.querySelector('#playbook-name').value.trim(),
        summary: form.querySelector('#playbook-summary').value.trim(),
        steps,
      },
      errors,
    };
  }

  /** Everything typed, in order, to tell whether anything changed. */
  function snapshot() {
    const values = [...form.querySelectorAll('input, textarea, select')].map((el) => el.value);
    return JSON.stringify(values);
  }

  return controller;
}
