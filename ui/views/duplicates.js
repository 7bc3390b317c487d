// Customers → Possible duplicates (#/customers/duplicates): the pairs of cards that are likely
// one customer, each with its reason, "Compare and merge…" and "Not the same person"; and the
// merge screen (#/customers/merge/<a>/<b>): the two cards side by side, a choice per field
// (the suggested value picked), and "Merge into one card".

import { listDuplicates, dismissDuplicate, compareCustomers, mergeCustomers } from '../api.js';
import { h, replace, append } from '../dom.js';
import { date, money, plural, number } from '../format.js';
import { getActor } from '../state.js';
import { showError, clearError, toast, confirmDialog, loading } from '../feedback.js';
import { showFieldErrors, clearFieldErrors, busy } from './form.js';

/** How many pairs the list shows at once. */
const SHOWN = 100;

export function render(root, a, b) {
  return a && b ? renderMerge(root, Number(a), Number(b)) : renderList(root);
}

// ---- The list of pairs ----------------------------------------------------------

function renderList(root) {
  const count = h('p', { id: 'duplicate-count', class: 'count', 'aria-live': 'polite' });
  const list = h('ul', { id: 'duplicate-list', class: 'duplicate-list' });
  const body = h('div', { class: 'duplicates-body' }, loading());
  let total = 0;
  append(root,
    h('header', { class: 'view-header' },
      h('p', { class: 'overline' }, h('a', { href: '#/customers' }, 'Customers')),
      h('h1', { tabindex: '-1' }, 'Possible duplicates'),
      h('p', { class: 'muted' },
        'Cards that may be the same customer: the same phone number, the same e-mail, or very similar names. ',
        'Compare two cards and merge them into one, or say they are different people.')),
    body);

  listDuplicates(SHOWN)
    .then((result) => {
      if (!root.isConnected) return;
      total = result.total;
      replace(list, result.pairs.map(pairRow));
      replace(body, count, list, h('p', { id: 'duplicates-none', class: 'empty-state', hidden: true }));
      showCount(result.pairs.length);
    })
    .catch((err) => {
      if (!root.isConnected) return;
      replace(body, h('p', { class: 'muted' }, 'The possible duplicates could not be listed. ',
        h('a', { href: '#/customers' }, 'Back to the customers'), '.'));
      showError(err, 'Could not look for duplicates');
    });

  function showCount(shown) {
    const none = total === 0;
    count.hidden = none;
    list.hidden = none;
    count.textContent = shown < total
      ? `${plural(total, 'pair')} of cards to check; the first ${number(shown)} are shown.`
      : `${plural(total, 'pair')} of cards to check.`;
    const empty = body.querySelector('#duplicates-none');
    if (empty) {
      empty.hidden = !none;
      replace(empty, h('strong', null, 'No possible duplicates. '),
        'Every customer card looks like a different person. ', h('a', { href: '#/customers' }, 'Back to the customers'), '.');
    }
  }

  function pairRow(pair) {
    const notSame = h('button', { type: 'button', class: 'button secondary dismiss-duplicate' }, 'Not the same person');
    const row = h('li', { class: 'duplicate-pair panel', 'data-a': String(pair.a.id), 'data-b': String(pair.b.id) },
      h('p', { class: 'duplicate-reason' }, pair.reason),
      h('div', { class: 'duplicate-cards' }, cardSummary(pair.a), cardSummary(pair.b)),
      h('div', { class: 'actions' },
        h('a', { class: 'button primary compare-merge', href: `#/customers/merge/${pair.a.id}/${pair.b.id}` }, 'Compare and merge…'),
        notSame));
    notSame.addEventListener('click', async () => {
      const done = busy(notSame, 'Saving…');
      try {
        await dismissDuplicate(pair.a.id, pair.b.id, getActor());
        clearError();
        const next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        total = Math.max(0, total - 1);
        showCount(list.childElementCount);
        toast(`${pair.a.name} and ${pair.b.name} are kept apart; this pair won't be listed again.`);
        (next?.querySelector('.compare-merge') || root.querySelector('h1'))?.focus();
      } catch (err) {
        done();
        showError(err, 'Could not save that');
      }
    });
    return row;
  }
}

/** One card of a pair: its name (a link to the card), contact details and incidents. */
function cardSummary(c) {
  const contact = [c.phone, c.email].filter(Boolean).join(' · ');
  return h('div', { class: 'duplicate-card' },
    h('span', null, h('a', { class: 'duplicate-name', href: `#/customers/${c.id}` }, c.name),
      h('span', { class: 'muted small' }, ` · card #${c.id}`)),
    h('span', { class: 'duplicate-meta muted small' },
      contact || 'No phone or e-mail', ' · ', plural(c.incident_count, 'incident'),
      c.last_visit ? ` · last visit ${date(c.last_visit)}` : ''));
}

// ---- The merge screen -----------------------------------------------------------

/** The fields a merge chooses between, in order: the pick's name, its label, how to show a value. */
const FIELDS = [
  { key: 'name', label: 'Name', show: (c) => c.name },
  { key: 'phone', label: 'Phone', show: (c) => c.phone || '', none: 'No phone number' },
  { key: 'email', label: 'Email', show: (c) => c.email || '', none: 'No e-mail' },
  { key: 'notes', label: 'Notes', show: (c) => (c.notes || '').trim(), none: 'No notes', both: () => 'Keep both notes' },
  { key: 'visits', label: 'Visits', show: (c) => String(c.visits ?? 0),
    both: (k, o) => `Both added up: ${(k.visits ?? 0) + (o.visits ?? 0)}` },
  { key: 'total_spend', label: 'Total spend', show: (c) => money(c.total_spend_cents ?? 0),
    both: (k, o) => `Both added up: ${money((k.total_spend_cents ?? 0) + (o.total_spend_cents ?? 0))}` },
  { key: 'first_visit', label: 'First visit', show: (c) => (c.first_visit ? date(c.first_visit) : ''), none: 'Not known' },
  { key: 'last_visit', label: 'Last visit', show: (c) => (c.last_visit ? date(c.last_visit) : ''), none: 'Not known' },
  { key: 'vip', label: 'VIP', show: (c) => (c.vip ? 'VIP' : 'Not VIP') },
];

function renderMerge(root, a, b) {
  const body = h('div', { class: 'merge-body' }, loading());
  append(root, body);
  let merging = false;

  compareCustomers(a, b)
    .then((preview) => {
      if (root.isConnected) show(preview);
    })
    .catch((err) => {
      if (!root.isConnected) return;
      replace(body,
        h('h1', { tabindex: '-1' }, 'These cards can’t be compared'),
        h('p', null, err.kind === 'not_found' || err.kind === 'invalid' ? err.message : 'The two cards could not be opened.',
          ' ', h('a', { href: '#/customers/duplicates' }, 'Back to Possible duplicates'), '.'));
      if (err.kind !== 'not_found' && err.kind !== 'invalid') showError(err);
      body.querySelector('h1').focus();
    });

  function show(preview) {
    const kept = preview.kept.customer;
    const other = preview.other.customer;
    const title = (c) => `${c.name} (#${c.id})`;
    const mergeBtn = h('button', { type: 'submit', id: 'merge-submit', class: 'button primary' }, 'Merge into one card');
    const form = h('form', { id: 'merge-form', class: 'merge-form', novalidate: true },
      h('div', { class: 'merge-grid merge-head', 'aria-hidden': 'true' },
        h('span'),
        sideHead(preview.kept, 'This card stays', 'merge-kept'),
        sideHead(preview.other, 'Merged into it, then removed', 'merge-other'),
        h('span')),
      FIELDS.map((f) => fieldRow(f, kept, other, preview.suggested[f.key] || 'kept')),
      h('p', { id: 'merge-what', class: 'notice' }, whatHappens(preview)),
      h('div', { class: 'form-actions' },
        mergeBtn,
        h('a', { href: '#/customers/duplicates', id: 'merge-cancel', class: 'button secondary' }, 'Cancel')));

    replace(body,
      h('header', { class: 'view-header' },
        h('p', { class: 'overline' }, h('a', { href: '#/customers' }, 'Customers'), ' › ',
          h('a', { href: '#/customers/duplicates' }, 'Possible duplicates')),
        h('h1', { tabindex: '-1' }, 'Merge two customer cards'),
        h('p', { class: 'muted' },
          preview.reason ? [h('strong', null, preview.reason), '. '] : null,
          'Pick what the merged card keeps; the suggested values are already picked.')),
      form);
    body.querySelector('h1').focus({ preventScroll: true });

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (merging) return;
      clearFieldErrors(form);
      const ok = await confirmDialog(confirmText(preview, readPicks(form)), {
        ok: 'Merge into one card',
        cancel: 'Go back',
        danger: true,
      });
      if (!ok || !root.isConnected) return;
      merging = true;
      const done = busy(mergeBtn, 'Merging…');
      try {
        const id = await mergeCustomers({ keep_id: kept.id, other_id: other.id, picks: readPicks(form) }, getActor());
        clearError();
        const moved = preview.other.incident_count;
        toast(moved ? `Cards merged: ${plural(moved, 'incident')} moved to ${title(kept)}.` : `Cards merged into ${title(kept)}.`);
        location.hash = `#/customers/${id}`;
      } catch (err) {
        merging = false;
        done();
        if (err.kind === 'invalid' && Object.keys(err.fields).length) {
          const leftover = showFieldErrors(form, err.fields);
          if (leftover.length) showError(leftover.join(' '), 'The cards were not merged');
        } else {
          showError(err, 'The cards were not merged');
        }
      }
    });
  }

  /** The column head of one card: which it is, its name, its incidents and a link to it. */
  function sideHead(side, role, id) {
    const c = side.customer;
    return h('div', { class: 'merge-side', id },
      h('span', { class: 'merge-role' }, role),
      h('a', { class: 'merge-name', href: `#/customers/${c.id}` }, c.name),
      h('span', { class: 'muted small merge-counts' }, `card #${c.id} · `, plural(side.incident_count, 'incident'),
        side.open_count ? ` (${side.open_count} open)` : ''));
  }

  /** One field: its label and a radio per value (the suggestion picked), or the one value both cards share. */
  function fieldRow(f, kept, other, suggested) {
    const k = f.show(kept);
    const o = f.show(other);
    const labelId = `merge-label-${f.key}`;
    const label = h('span', { class: 'merge-label', id: labelId }, f.label);
    if (k === o) {
      return h('div', { class: 'merge-grid merge-row same', 'data-field': f.key },
        label,
        h('span', { class: 'merge-same' },
          h('input', { type: 'hidden', name: f.key, value: 'kept' }),
          h('span', { class: k ? 'merge-value' : 'merge-value muted' }, k || f.none || '—'),
          h('span', { class: 'muted small' }, k ? ' (the same on both cards)' : ' on either card')),
        h('span'));
    }
    const option = (pick, text, empty) => {
      const id = `merge-${f.key}-${pick}`;
      return h('label', { class: 'merge-option', for: id },
        h('input', { type: 'radio', id, name: f.key, value: pick, checked: pick === suggested }),
        h('span', { class: empty ? 'merge-value muted' : 'merge-value' }, text));
    };
    const both = f.both && k && o ? option('both', f.both(kept, other), false) : h('span');
    return h('div', { class: 'merge-grid merge-row', role: 'radiogroup', 'aria-labelledby': labelId, 'data-field': f.key },
      label,
      option('kept', k || f.none || '—', !k),
      option('other', o || f.none || '—', !o),
      both);
  }

  function readPicks(form) {
    const picks = {};
    for (const f of FIELDS) {
      const chosen = form.querySelector(`input[name="${f.key}"]:checked`) || form.querySelector(`input[type="hidden"][name="${f.key}"]`);
      picks[f.key] = chosen ? chosen.value : '';
    }
    return picks;
  }
}

/** What the merge does, in plain words, under the choices. */
function whatHappens(preview) {
  const kept = preview.kept;
  const other = preview.other;
  const n = other.incident_count;
  const from = `${other.customer.name} (#${other.customer.id})`;
  const to = `${kept.customer.name} (#${kept.customer.id})`;
  const moved = n === 0
    ? `${from} has no incidents to move. `
    : n === 1
      ? `The incident of ${from} moves to ${to}, with its gestures, promises and calls, and gets a line in its timeline saying so. `
      : `The ${n} incidents of ${from} move to ${to}, with their gestures, promises and calls, and each gets a line in its timeline saying so. `;
  return `${moved}The card ${other.customer.name} (#${other.customer.id}) is then removed, and one card remains with the values picked above.`;
}

/** The confirmation question: what will happen, and that it can't be undone. */
function confirmText(preview, picks) {
  const kept = preview.kept;
  const other = preview.other;
  const name = picks.name === 'other' ? other.customer.name : kept.customer.name;
  const incidents = kept.incident_count + other.incident_count;
  return `Merge ${other.customer.name} (#${other.customer.id}) into ${kept.customer.name} (#${kept.customer.id})? ` +
    `One card named ${name} remains, with ${plural(incidents, 'incident')}; ` +
    `the card #${other.customer.id} is removed. This can’t be undone.`;
}
