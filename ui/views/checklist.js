// The checklist panel of the incident page: the playbook's steps in order,
// ticked by click or keyboard (Space / Enter on a step, Up / Down between
// steps), a note per step, unticking with a reason, and the small forms for
// what a step asks staff to record (what would make the customer happy, the
// root cause, a follow-up call).
//
// The panel is rebuilt from the refreshed incident after every change; what
// was typed but not saved yet is kept across rebuilds (see `keep`).

import { tickStep, untickStep, setStepNote, setDesiredOutcome, recordRootCause, scheduleFollowUp } from '../api.js';
import { h, replace } from '../dom.js';
import { getActor, appNow } from '../state.js';
import { when, clock, date, dateTime, plural, tomorrowAt } from '../format.js';
import { showError, clearError, toast } from '../feedback.js';
import { field, input, textarea, select, busy, handleSaveError, clearFieldErrors, saveOnlyOnPurpose } from './form.js';

const OUTCOMES = {
  satisfied: 'Satisfied',
  partly_satisfied: 'Partly satisfied',
  not_satisfied: 'Not satisfied',
  no_answer: 'No answer',
};

const CAPTURE_HINT = 'Saving does not tick the step: tick it when you’re done.';

/**
 * id: the incident's id; incident(): the incident on show; update(inc, focus):
 * shows a refreshed incident, then calls focus() to place the focus;
 * staff(): active staff for the pickers.
 */
export function checklistController({ id, incident, update, staff }) {
  // What was typed and not saved yet, by key; survives every rebuild.
  const kept = new Map();
  // The value each kept control started with (typed = differs from this).
  const initials = new WeakMap();
  // Steps the user opened with "Details" (the next step is always open).
  const expanded = new Set();
  // Whether the finished steps at the top of the list are unfolded.
  let showDone = false;
  // The step whose "untick" form is open, if any.
  let untickOpen = null;
  // The step whose tick button is in the Tab order.
  let rover = null;
  let working = false;
  let list = null;

  /** Registers a control whose typed value must survive rebuilds. */
  function keep(el, key) {
    el.dataset.keep = key;
    initials.set(el, el.value);
    if (kept.has(key)) el.value = kept.get(key);
    return el;
  }

  function noteTyping(e) {
    const el = e.target;
    if (!(el instanceof Element) || !el.dataset.keep) return;
    if (el.value === initials.get(el)) kept.delete(el.dataset.keep);
    else kept.set(el.dataset.keep, el.value);
  }

  function forget(...keys) {
    for (const k of keys) kept.delete(k);
  }

  const stepOf = (pos) => (incident().checklist || []).find((s) => s.position === pos);
  const rowOf = (pos) => list?.querySelector(`li.step[data-position="${pos}"]`) || null;
  const tickOf = (pos) => rowOf(pos)?.querySelector('button.tick') || null;

  // ---- The panel ------------------------------------------------------------

  function panel() {
    const inc = incident();
    const open = inc.status !== 'resolved';
    const steps = inc.checklist || [];
    const done = steps.filter((s) => s.done_at).length;

    const heading = h('h2', { id: 'checklist-title' },
      'Checklist',
      inc.playbook ? [h('span', { class: 'muted', 'aria-hidden': 'true' }, ' · '), h('span', { id: 'checklist-playbook' }, inc.playbook.name)] : null);

    const section = h('section', { id: 'checklist', class: 'panel checklist-panel', 'aria-labelledby': 'checklist-title' });
    section.addEventListener('input', noteTyping);
    section.addEventListener('change', noteTyping);

    if (!steps.length) {
      list = null;
      replace(section, heading, h('p', { class: 'muted', id: 'checklist-empty' },
        'This incident was logged without a checklist, so there are no steps to tick.'));
      return section;
    }

    const progress = h('div', { class: 'checklist-progress' },
      h('p', { id: 'checklist-progress', class: 'small muted' },
        done === steps.length ? `All ${steps.length} steps done` : `${done} of ${steps.length} steps done`),
      h('div', { class: 'progress-bar', 'aria-hidden': 'true' },
        h('span', { style: `width: ${Math.round((done / steps.length) * 100)}%` })));

    if (!steps.some((s) => s.position === rover && !s.done_at)) {
      rover = (steps.find((s) => s.is_next) || steps.find((s) => !s.done_at) || steps[0]).position;
    }

    // The finished steps before the first one still to do fold into one line.
    const firstUndone = steps.findIndex((s) => !s.done_at);
    const folded = firstUndone < 0 ? steps.length : firstUndone;
    const captured = new Set();
    list = h('ol', { id: 'checklist-steps', class: 'steps', 'aria-describedby': 'checklist-keys' },
      folded ? doneFold(steps.slice(0, folded)) : null,
      steps.map((s, i) => stepRow(s, open, captured, i < folded && !showDone)));
    list.addEventListener('click', onClick);
    list.addEventListener('keydown', onKeyDown);
    // Enter in a step's note saves it (see onKeyDown); the note form never submits by itself.
    list.addEventListener('submit', (e) => {
      if (e.target.classList?.contains('step-note-form')) e.preventDefault();
    });

    const intro = open
      ? h('p', { id: 'checklist-keys', class: 'small muted' },
          'Tick each step as you do it (Space); ↑ ↓ move between steps, C jumps to the next.',
          getActor() ? null : h('span', { class: 'actor-tip' }, ' Pick your name at “You are” so the log shows who did it.'))
      : h('p', { id: 'checklist-keys', class: 'notice small readonly-note' }, 'This incident is resolved. Reopen to change the checklist.');

    replace(section,
      h('div', { class: 'checklist-head' }, heading, progress),
      intro,
      list,
      extras(inc, captured, open));
    if (untickOpen !== null) {
      const s = stepOf(untickOpen);
      if (open && s?.done_at) openUntick(untickOpen, false);
      else untickOpen = null;
    }
    return section;
  }

  /** The line that stands for the finished steps at the top: "✓ 2 steps done: …" and Show / Hide. */
  function doneFold(done) {
    const names = done.map((s) => s.title).join(', ');
    return h('li', { class: 'steps-done-fold' },
      h('span', { class: 'fold-tick', 'aria-hidden': 'true' }, '✓'),
      h('span', { class: 'fold-text' }, h('strong', null, `${plural(done.length, 'step')} done`), `: ${names}`),
      h('button', { type: 'button', id: 'show-done-steps', class: 'link-button', 'aria-expanded': showDone ? 'true' : 'false' },
        showDone ? 'Hide' : 'Show'));
  }

  function stepRow(step, open, captured, hidden) {
    const pos = step.position;
    const done = Boolean(step.done_at);
    const showBody = step.is_next || expanded.has(pos);
    const classes = ['step'];
    if (hidden) classes.push('folded');
    if (done) classes.push('done');
    if (step.is_next) classes.push('next');
    if (step.overdue) classes.push('overdue');
    if (!showBody) classes.push('collapsed');
    // The step the keyboard is on shows its guidance too (it stays open when
    // the mouse goes elsewhere, so nothing jumps under the pointer).
    if (pos === rover && open) classes.push('peek');
    const titleId = `step-${pos}-title`;
    const bodyId = `step-${pos}-body`;

    const tick = h('button', {
      type: 'button',
      class: 'tick',
      'aria-pressed': done ? 'true' : 'false',
      'aria-label': `Step ${pos}: ${step.title}`,
      title: !open ? 'Reopen the incident to change the checklist' : done ? 'Done. Press to untick it' : 'Mark as done (Space)',
      tabindex: pos === rover ? '0' : '-1',
      disabled: !open,
    }, h('span', { class: 'tick-box', 'aria-hidden': 'true' }, done ? '✓' : ''));

    const tags = [];
    if (step.is_next && open) tags.push(h('span', { class: 'next-tag' }, 'Next'));
    if (step.overdue) {
      tags.push(h('span', { class: 'late-tag' }, step.due_at ? `Late · due ${when(step.due_at)}` : 'Late'));
    }

    const meta = [];
    if (done) {
      meta.push(h('span', { class: 'check-done-by' }, h('span', { 'aria-hidden': 'true' }, '✓ '),
        `${step.done_by?.name || 'Someone'} · ${clock(step.done_at)}`));
    }
    if (step.target_text) {
      const due = open && !done && step.due_at && !step.overdue ? ` · due ${when(step.due_at)}` : '';
      meta.push(h('span', { class: 'check-target' }, `Target: ${step.target_text}${due}`));
    }

    const body = h('div', { class: 'step-body', id: bodyId },
      step.guidance ? h('p', { class: 'check-guidance' }, step.guidance) : null,
      phrases('Say:', step.say, 'check-say'),
      phrases('Avoid:', step.avoid, 'check-avoid'),
      noteForm(step, open));

    const toggle = step.is_next
      ? null
      : h('button', { type: 'button', class: 'link-button step-toggle', tabindex: open ? '-1' : null, 'aria-expanded': showBody ? 'true' : 'false', 'aria-controls': bodyId },
          showBody ? 'Hide details' : 'Details');

    let capture = null;
    if (step.capture && !captured.has(step.capture)) {
      captured.add(step.capture);
      capture = captureBlock(step, open);
    }

    return h('li', { class: classes.join(' '), 'data-position': String(pos) },
      tick,
      h('div', { class: 'step-main' },
        h('div', { class: 'step-line' },
          h('span', { class: 'step-num', 'aria-hidden': 'true' }, `${pos}.`),
          h('span', { class: 'check-title', id: titleId }, step.title),
          tags,
          h('span', { class: 'spacer' }),
          toggle),
        meta.length ? h('p', { class: 'check-meta' }, meta) : null,
        done && step.note ? h('p', { class: 'check-note' }, h('span', { class: 'label' }, 'Note: '), step.note) : null,
        body,
        capture,
        h('div', { class: 'untick-slot' })));
  }

  function phrases(label, items, cls) {
    if (!items || !items.length) return null;
    return h('div', { class: `phrases ${cls}` },
      h('span', { class: 'label' }, label),
      h('ul', null, items.map((p) => h('li', null, h('q', null, p)))));
  }

  function noteForm(step, open) {
    const pos = step.position;
    const note = input({
      class: 'step-note',
      name: 'note',
      id: `step-${pos}-note`,
      value: step.note || '',
      placeholder: step.done_at ? 'Add a note (Enter saves)' : 'Add a note (Enter saves; or tick to save it with the step)',
      maxlength: '1000',
      disabled: !open,
    });
    keep(note, `note-${pos}`);
    return h('form', { class: 'step-note-form', novalidate: true, 'data-position': String(pos) },
      h('div', { class: 'field', 'data-field': 'note' },
        h('label', { for: note.id, class: 'small-label' }, 'Note'),
        note));
  }

  // ---- What a step captures -------------------------------------------------

  function captureBlock(step, open) {
    if (step.capture === 'desired_outcome') return desiredOutcomeBlock(step, open);
    if (step.capture === 'root_cause') return rootCauseBlock(step, open);
    if (step.capture === 'follow_up') return followUpBlock(step, open);
    return null;
  }

  /** Lists of what was recorded when no step of this playbook shows them. */
  function extras(inc, captured, open) {
    const parts = [];
    if (!captured.has('root_cause') && (inc.prevention_actions || []).length) {
      parts.push(h('h3', null, 'Prevention'), preventionList(inc));
    }
    if (!captured.has('follow_up') && (inc.follow_ups || []).length) {
      parts.push(h('h3', null, 'Follow-up calls'), followUpList(inc));
    }
    return parts.length ? h('div', { class: 'checklist-extras' }, parts) : null;
  }

  function desiredOutcomeBlock(step, open) {
    const inc = incident();
    if (!open) return null; // "What would make them happy" is shown with the details.
    const text = textarea({ id: 'capture-desired-outcome', name: 'desired_outcome', rows: 2, value: inc.desired_outcome || '' });
    keep(text, 'desired-outcome');
    const save = h('button', { type: 'submit', id: 'save-desired-outcome', class: 'button secondary small' }, 'Save');
    const form = h('form', { id: 'desired-outcome-form', class: 'capture-form', novalidate: true },
      field({ label: 'What would make them happy?', control: text, keys: 'desired_outcome', hint: 'Ask them, and write it in their words.' }),
      h('div', { class: 'capture-actions' }, save, h('span', { class: 'hint' }, CAPTURE_HINT)));
    const submit = () => run(form, save, () => setDesiredOutcome(id, text.value.trim(), getActor()), {
      keys: ['desired-outcome'],
      message: 'Saved what would make them happy.',
      fail: 'Could not save what would make them happy',
      focusStep: step.position,
    });
    saveOnlyOnPurpose(form, submit);
    return h('div', { class: 'capture' }, form);
  }

  function rootCauseBlock(step, open) {
    const inc = incident();
    const actions = preventionList(inc);
    const recorded = h('div', { class: 'recorded' },
      open ? null : h('p', null, h('span', { class: 'label' }, 'Root cause: '), inc.root_cause || 'Not recorded.'),
      actions ? h('p', { class: 'list-label' }, 'Prevention actions') : null,
      actions);
    if (!open) return h('div', { class: 'capture' }, recorded);

    const cause = textarea({ id: 'root-cause', name: 'root_cause', rows: 2, value: inc.root_cause || '' });
    const action = input({ id: 'prevention-action', name: 'action', maxlength: '1000' });
    const owner = select({ id: 'prevention-owner', name: 'owner_id' }, staff().map((s) => ({ value: s.id, label: s.name })), 'No one in particular');
    const due = input({ id: 'prevention-due', name: 'due_date', type: 'date' });
    keep(cause, 'root-cause');
    keep(action, 'prevention-action');
    keep(owner, 'prevention-owner');
    keep(due, 'prevention-due');
    const save = h('button', { type: 'submit', id: 'save-root-cause', class: 'button secondary small' }, 'Save root cause');
    const form = h('form', { id: 'root-cause-form', class: 'capture-form grid three', novalidate: true },
      field({ label: 'What caused it?', control: cause, keys: 'root_cause', wide: true, hint: 'The cause in the shop’s process, not who is to blame.' }),
      field({ label: 'Prevention action', control: action, keys: 'action', optional: true, hint: 'What will stop it happening again.' }),
      field({ label: 'Who will do it', control: owner, keys: 'owner_id', optional: true }),
      field({ label: 'Done by', control: due, keys: 'due_date', optional: true }),
      h('div', { class: 'capture-actions wide' }, save, h('span', { class: 'hint' }, CAPTURE_HINT)));
    const submit = () => {
      const withAction = action.value.trim() !== '';
      return run(form, save, () => recordRootCause(id, {
        root_cause: cause.value.trim(),
        action: action.value.trim(),
        owner_id: owner.value ? Number(owner.value) : null,
        due_date: due.value,
      }, getActor()), {
        keys: ['root-cause', 'prevention-action', 'prevention-owner', 'prevention-due'],
        message: withAction ? 'Root cause and prevention action saved.' : 'Root cause saved.',
        fail: 'Could not save the root cause',
        focusStep: step.position,
      });
    };
    saveOnlyOnPurpose(form, submit);
    return h('div', { class: 'capture' }, recorded, form);
  }

  function preventionList(inc) {
    const actions = inc.prevention_actions || [];
    if (!actions.length) return null;
    return h('ul', { id: 'prevention-list', class: 'capture-list', 'aria-label': 'Prevention actions' },
      actions.map((a) => h('li', { class: a.done_at ? 'prevention-item done' : 'prevention-item', 'data-id': String(a.id) },
        h('span', { class: 'item-main' }, a.action),
        h('span', { class: 'item-meta' },
          [a.owner ? a.owner.name : 'No one in particular',
            a.due_date ? `due ${date(a.due_date)}` : 'no date',
            a.done_at ? `done ${date(a.done_at)}` : null].filter(Boolean).join(' · ')))));
  }

  function followUpBlock(step, open) {
    const inc = incident();
    const calls = followUpList(inc);
    const recorded = calls
      ? h('div', { class: 'recorded' }, h('p', { class: 'list-label' }, 'Follow-up calls'), calls)
      : open ? null : h('p', { class: 'muted small', id: 'follow-up-list' }, 'No follow-up call was scheduled.');
    if (!open) return h('div', { class: 'capture' }, recorded);

    const due = input({ id: 'follow-up-due', name: 'due_at', type: 'datetime-local', value: tomorrowAt(10, appNow()) });
    const assignee = select({ id: 'follow-up-assignee', name: 'assignee_id' }, staff().map((s) => ({ value: s.id, label: s.name })), 'Anyone');
    keep(due, 'follow-up-due');
    keep(assignee, 'follow-up-assignee');
    const save = h('button', { type: 'submit', id: 'schedule-follow-up', class: 'button secondary small' },
      (inc.follow_ups || []).length ? 'Schedule another call' : 'Schedule call');
    const form = h('form', { id: 'follow-up-form', class: 'capture-form grid three', novalidate: true },
      field({ label: 'Call them on', control: due, keys: 'due_at' }),
      field({ label: 'Who calls', control: assignee, keys: 'assignee_id' }),
      h('div', { class: 'capture-actions wide' }, save, h('span', { class: 'hint' }, CAPTURE_HINT)));
    const submit = () => run(form, save, () => scheduleFollowUp(id, {
      due_at: due.value,
      assignee_id: assignee.value ? Number(assignee.value) : null,
    }, getActor()), {
      keys: ['follow-up-due', 'follow-up-assignee'],
      message: 'Follow-up call scheduled.',
      fail: 'The call was not scheduled',
      focusStep: step.position,
    });
    saveOnlyOnPurpose(form, submit);
    return h('div', { class: 'capture' }, recorded, form);
  }

  function followUpList(inc) {
    const calls = inc.follow_ups || [];
    if (!calls.length) return null;
    const now = appNow().getTime();
    return h('ul', { id: 'follow-up-list', class: 'capture-list', 'aria-label': 'Follow-up calls' },
      calls.map((f) => {
        const late = !f.done_at && new Date(f.due_at).getTime() < now;
        let status;
        if (f.done_at) status = OUTCOMES[f.outcome] || 'Called';
        else if (f.attempts > 0) status = `not reached yet (${f.attempts} ${f.attempts === 1 ? 'try' : 'tries'})`;
        else status = 'not yet called';
        return h('li', { class: `follow-up-item${f.done_at ? ' done' : ''}${late ? ' late' : ''}`, 'data-id': String(f.id) },
          h('span', { class: 'item-main' }, h('time', { datetime: f.due_at }, dateTime(f.due_at))),
          h('span', { class: 'item-meta' },
            `${f.assignee ? f.assignee.name : 'Anyone'} · `,
            h('span', { class: 'follow-up-status' }, late ? `${status}, overdue` : status),
            f.note ? ` · ${f.note}` : ''));
      }));
  }

  /** Saves one capture form: errors beside the fields, the typed text kept. */
  async function run(form, button, call, { keys, message, fail, focusStep }) {
    if (button.disabled) return;
    clearFieldErrors(form);
    const done = busy(button);
    try {
      const inc = await call();
      forget(...keys);
      clearError();
      toast(`${message} Tick the step when you’re done.`);
      update(inc, () => focusStepTick(focusStep));
    } catch (err) {
      done();
      handleSaveError(form, err, fail);
    }
  }

  // ---- Ticking --------------------------------------------------------------

  async function tick(pos) {
    const step = stepOf(pos);
    if (!step || working) return;
    if (step.done_at) {
      openUntick(pos, true);
      return;
    }
    const row = rowOf(pos);
    const noteEl = row?.querySelector('.step-note');
    const typed = noteEl ? noteEl.value.trim() : '';
    const note = typed !== (step.note || '') ? typed : '';
    const button = tickOf(pos);
    working = true;
    if (button) button.setAttribute('aria-busy', 'true');
    try {
      const inc = await tickStep(id, pos, note, getActor());
      forget(`note-${pos}`);
      clearError();
      toast(`Done: ${step.title}.`);
      update(inc, () => focusAfter(pos));
    } catch (err) {
      button?.removeAttribute('aria-busy');
      const form = row?.querySelector('.step-note-form');
      if (form && err.fields?.note) handleSaveError(form, err, 'The step was not ticked');
      else showError(err, 'The step was not ticked');
    } finally {
      working = false;
    }
  }

  /** After a tick: the next unticked step after it, else the first unticked, else Resolve. */
  function focusAfter(pos) {
    const steps = incident().checklist || [];
    const next = steps.find((s) => !s.done_at && s.position > pos) || steps.find((s) => !s.done_at);
    if (next) {
      focusStepTick(next.position);
      return;
    }
    const resolve = document.getElementById('resolve-incident');
    if (resolve) {
      resolve.focus();
      toast('Every step is done. Resolve the incident when the customer is happy.');
    } else focusStepTick(pos);
  }

  function focusStepTick(pos) {
    const button = tickOf(pos);
    if (!button) return;
    setRover(pos);
    button.focus();
  }

  function setRover(pos) {
    rover = pos;
    if (!list) return;
    for (const li of list.querySelectorAll('li.step')) {
      const here = li.dataset.position === String(pos);
      const b = li.querySelector('button.tick');
      if (b) b.tabIndex = here ? 0 : -1;
      li.classList.toggle('peek', here && !(b && b.disabled));
    }
  }

  /** Focuses the next step (the C key). Returns false when there is nothing to focus. */
  function focusNext() {
    const steps = incident()?.checklist || [];
    const target = steps.find((s) => s.is_next) || steps.find((s) => !s.done_at);
    const button = target ? tickOf(target.position) : list?.querySelector('button.tick');
    if (!button || button.disabled) return false;
    setRover(Number(button.closest('li.step').dataset.position));
    button.focus();
    button.scrollIntoView({ block: 'nearest' });
    return true;
  }

  // ---- Unticking --------------------------------------------------------------

  function openUntick(pos, focus) {
    const row = rowOf(pos);
    const step = stepOf(pos);
    if (!row || !step) return;
    if (untickOpen !== null && untickOpen !== pos) closeUntick(untickOpen, false);
    untickOpen = pos;
    const slot = row.querySelector('.untick-slot');
    const reason = input({ class: 'untick-reason', name: 'reason', id: `step-${pos}-untick-reason`, maxlength: '1000' });
    keep(reason, `untick-${pos}`);
    const confirm = h('button', { type: 'submit', class: 'button primary small confirm-untick' }, 'Untick step');
    const cancel = h('button', { type: 'button', class: 'button secondary small cancel-untick' }, 'Keep it ticked');
    const form = h('form', { class: 'untick-form', novalidate: true },
      field({ label: `Why is “${step.title}” not done after all?`, control: reason, keys: 'reason', hint: 'The reason goes on the timeline.' }),
      h('div', { class: 'capture-actions' }, confirm, cancel));
    replace(slot, form);
    cancel.addEventListener('click', () => closeUntick(pos, true));
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        closeUntick(pos, true);
      }
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (confirm.disabled) return;
      clearFieldErrors(form);
      const done = busy(confirm, 'Unticking…');
      try {
        const inc = await untickStep(id, pos, reason.value.trim(), getActor());
        forget(`untick-${pos}`);
        untickOpen = null;
        clearError();
        toast(`Unticked: ${step.title}.`);
        update(inc, () => focusStepTick(pos));
      } catch (err) {
        done();
        handleSaveError(form, err, 'The step was not unticked');
      }
    });
    if (focus) reason.focus();
  }

  function closeUntick(pos, focus) {
    forget(`untick-${pos}`);
    if (untickOpen === pos) untickOpen = null;
    const slot = rowOf(pos)?.querySelector('.untick-slot');
    if (slot) replace(slot);
    if (focus) focusStepTick(pos);
  }

  // ---- Step notes -------------------------------------------------------------

  async function saveNote(form) {
    const pos = Number(form.dataset.position);
    const step = stepOf(pos);
    const note = form.querySelector('.step-note');
    if (!step || !note || working) return;
    const text = note.value.trim();
    if (text === (step.note || '')) {
      toast(text ? 'The note is already saved.' : 'Nothing to save.');
      return;
    }
    working = true;
    clearFieldErrors(form);
    note.setAttribute('aria-busy', 'true');
    try {
      const inc = await setStepNote(id, pos, text, getActor());
      forget(`note-${pos}`);
      clearError();
      toast(text ? 'Note saved.' : 'Note removed.');
      update(inc, () => rowOf(pos)?.querySelector('.step-note')?.focus());
    } catch (err) {
      note.removeAttribute('aria-busy');
      handleSaveError(form, err, 'The note was not saved');
    } finally {
      working = false;
    }
  }

  // ---- Events (delegated from the list) ---------------------------------------

  function onClick(e) {
    const button = e.target.closest('button');
    if (button?.id === 'show-done-steps') {
      showDone = !showDone;
      for (const li of list.querySelectorAll('li.step.done')) {
        if (showDone) li.classList.remove('folded');
      }
      if (!showDone) update(incident(), () => list?.querySelector('#show-done-steps')?.focus());
      else {
        button.setAttribute('aria-expanded', 'true');
        button.textContent = 'Hide';
      }
      return;
    }
    const row = e.target.closest('li.step');
    if (!button || !row || !list.contains(row)) return;
    const pos = Number(row.dataset.position);
    if (button.classList.contains('tick')) {
      setRover(pos);
      tick(pos);
    } else if (button.classList.contains('step-toggle')) {
      const open = row.classList.contains('collapsed');
      if (open) expanded.add(pos);
      else expanded.delete(pos);
      row.classList.toggle('collapsed', !open);
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
      button.textContent = open ? 'Hide details' : 'Details';
    }
  }

  function onKeyDown(e) {
    const target = e.target;
    if (target instanceof HTMLButtonElement && target.classList.contains('tick')) {
      const buttons = [...list.querySelectorAll('li.step:not(.folded) button.tick')];
      const i = buttons.indexOf(target);
      let next = null;
      if (e.key === 'ArrowDown') next = buttons[i + 1];
      else if (e.key === 'ArrowUp') next = buttons[i - 1];
      else if (e.key === 'Home') next = buttons[0];
      else if (e.key === 'End') next = buttons[buttons.length - 1];
      else return;
      e.preventDefault();
      if (next) {
        setRover(Number(next.closest('li.step').dataset.position));
        next.focus();
      }
      return;
    }
    if (target instanceof HTMLInputElement && target.classList.contains('step-note')) {
      if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        saveNote(target.form);
      } else if (e.key === 'Escape') {
        const step = stepOf(Number(target.form.dataset.position));
        if (step && target.value !== (step.note || '')) {
          e.preventDefault();
          target.value = step.note || '';
          forget(`note-${step.position}`);
          clearFieldErrors(target.form);
        }
      }
    }
  }

  /** True when something was typed in the panel and not saved yet. */
  function isDirty() {
    if (!list) return false;
    const section = list.closest('#checklist');
    return [...(section?.querySelectorAll('[data-keep]') || [])].some((el) => el.isConnected && !el.disabled && el.value !== initials.get(el));
  }

  /** Ticks the step at `pos` (the advisor's "Apologized" uses it for the apology step). */
  function tickPosition(pos) {
    const step = stepOf(pos);
    if (!step || step.done_at) return;
    tick(pos);
  }

  return { panel, focusNext, focusStepTick, isDirty, tickPosition };
}
