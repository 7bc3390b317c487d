// Settings → Playbooks: the routines staff follow on every incident. Pick the
// default, copy, write your own (views/playbook-editor.js), reorder, retire.

import { listPlaybooks, copyPlaybook, setPlaybookHidden, movePlaybook, setDefaultPlaybook } from '../api.js';
import { h, replace } from '../dom.js';
import { showError, clearError, toast } from '../feedback.js';
import { plural } from '../format.js';

const FOCUS_KEY = 'mend.settings.playbook-focus';

/** Asks the Settings screen to show (and focus) this playbook when it next opens. */
export function focusPlaybookOnReturn(id) {
  sessionStorage.setItem(FOCUS_KEY, String(id));
}

export function playbookSection() {
  const list = h('ul', { id: 'playbook-list', class: 'name-list playbook-list', 'aria-live': 'polite' });
  const showRetired = h('input', { type: 'checkbox', id: 'show-retired-playbooks' });
  const newBtn = h('button', { type: 'button', id: 'new-playbook', class: 'button secondary', onclick: () => { location.hash = '#/settings/playbooks/new'; } }, 'New playbook');
  let all = []; // every playbook, retired ones too, in display order
  let busyNow = false;

  const visible = () => (showRetired.checked ? all : all.filter((p) => !p.hidden));

  async function refresh(focusSelector = null) {
    try {
      all = await listPlaybooks(true);
    } catch (err) {
      showError(err, 'Could not load the playbooks');
      return;
    }
    draw(focusSelector);
  }

  function draw(focusSelector = null) {
    const items = visible();
    replace(list, items.length ? items.map((p, i) => row(p, i, items.length)) : h('li', { class: 'muted empty' }, 'No playbooks to show.'));
    if (focusSelector) {
      const el = list.querySelector(focusSelector);
      if (el) {
        el.focus();
        el.scrollIntoView({ block: 'nearest' });
      }
    }
  }

  function row(p, index, count) {
    const classes = ['playbook-item'];
    if (p.hidden) classes.push('retired');
    if (p.is_default) classes.push('is-default');
    return h('li', { class: classes.join(' '), 'data-id': String(p.id) },
      h('div', { class: 'playbook-info' },
        h('div', { class: 'playbook-line' },
          h('span', { class: 'name' }, p.name),
          p.is_default ? h('span', { class: 'tag default-tag' }, 'Default') : null,
          p.builtin ? h('span', { class: 'tag builtin-tag' }, 'Built-in') : null,
          p.hidden ? h('span', { class: 'tag retired-tag' }, 'Retired') : null,
          h('span', { class: 'muted small step-count' }, plural(p.step_count, 'step'))),
        p.summary ? h('p', { class: 'small muted playbook-summary' }, p.summary) : null),
      h('div', { class: 'playbook-actions' },
        p.is_default || p.hidden
          ? null
          : h('button', { type: 'button', class: 'link-button make-default', 'aria-label': `Make ${p.name} the default` }, 'Make default'),
        h('button', {
          type: 'button',
          class: p.builtin ? 'link-button edit-playbook view-playbook' : 'link-button edit-playbook',
          'aria-label': `${p.builtin ? 'View' : 'Edit'} ${p.name}`,
        }, p.builtin ? 'View' : 'Edit'),
        h('button', { type: 'button', class: 'link-button copy-playbook', 'aria-label': `Copy ${p.name}` }, 'Copy'),
        h('button', {
          type: 'button',
          class: 'link-button toggle-hidden',
          'aria-label': `${p.hidden ? 'Bring back' : 'Retire'} ${p.name}`,
          disabled: p.is_default,
          title: p.is_default ? 'The default playbook can’t be retired; make another one the default first.' : null,
        }, p.hidden ? 'Bring back' : 'Retire'),
        h('span', { class: 'move-buttons' },
          h('button', { type: 'button', class: 'icon-button move-up', 'aria-label': `Move ${p.name} up`, title: 'Move up', disabled: index === 0 }, '↑'),
          h('button', { type: 'button', class: 'icon-button move-down', 'aria-label': `Move ${p.name} down`, title: 'Move down', disabled: index === count - 1 }, '↓'))));
  }

  /** Moves `p` past its visible neighbour (retired ones in between are skipped when hidden). */
  async function move(p, direction) {
    const items = visible();
    const i = items.findIndex((x) => x.id === p.id);
    const neighbour = items[i + direction];
    if (!neighbour) return;
    const steps = Math.abs(all.findIndex((x) => x.id === neighbour.id) - all.findIndex((x) => x.id === p.id));
    for (let n = 0; n < steps; n++) all = await movePlaybook(p.id, direction);
  }

  list.addEventListener('click', async (e) => {
    const button = e.target.closest('button');
    const li = e.target.closest('li[data-id]');
    if (!button || !li || busyNow) return;
    const p = all.find((x) => String(x.id) === li.dataset.id);
    if (!p) return;
    const sel = (cls) => `[data-id="${p.id}"] .${cls}`;
    if (button.classList.contains('edit-playbook')) {
      location.hash = `#/settings/playbooks/${p.id}`;
      return;
    }
    busyNow = true;
    button.disabled = true;
    try {
      if (button.classList.contains('make-default')) {
        all = await setDefaultPlaybook(p.id);
        toast(`${p.name} is now the default playbook for new incidents.`);
        draw(sel('edit-playbook'));
      } else if (button.classList.contains('copy-playbook')) {
        const copy = await copyPlaybook(p.id);
        toast(`Copied as “${copy.name}”. Edit it to make it your own.`);
        await refresh(`[data-id="${copy.id}"] .edit-playbook`);
      } else if (button.classList.contains('toggle-hidden')) {
        await setPlaybookHidden(p.id, !p.hidden);
        toast(p.hidden ? `${p.name} is offered again.` : `${p.name} is retired: it is no longer offered for new incidents.`);
        await refresh();
        (list.querySelector(sel('toggle-hidden')) || showRetired).focus();
      } else if (button.classList.contains('move-up') || button.classList.contains('move-down')) {
        const up = button.classList.contains('move-up');
        await move(p, up ? -1 : 1);
        draw();
        const again = list.querySelector(sel(up ? 'move-up' : 'move-down'));
        (again && !again.disabled ? again : list.querySelector(sel(up ? 'move-down' : 'move-up')))?.focus();
      } else {
        return;
      }
      clearError();
    } catch (err) {
      showError(err, 'Could not change the playbooks');
      await refresh();
    } finally {
      busyNow = false;
      if (button.isConnected) button.disabled = false;
    }
  });

  showRetired.addEventListener('change', () => draw());

  const wanted = sessionStorage.getItem(FOCUS_KEY);
  sessionStorage.removeItem(FOCUS_KEY);
  refresh(wanted ? `[data-id="${Number(wanted)}"] .edit-playbook` : null);

  return h('section', { class: 'panel', id: 'playbook-list-section' },
    h('h2', null, 'Playbooks'),
    h('p', { class: 'muted small' },
      'The routine staff follow on every incident, step by step. New incidents use the default unless someone picks another. ',
      'Built-in playbooks can’t be changed: copy one to make your own. ',
      'Editing a playbook never changes incidents already under way: each incident keeps the steps it started with.'),
    h('div', { class: 'list-tools' },
      h('label', { class: 'checkbox-inline', for: 'show-retired-playbooks' }, showRetired, ' Show retired'),
      h('span', { class: 'spacer' }),
      newBtn),
    list);
}
