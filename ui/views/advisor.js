// The atonement advisor on the incident page: how big a gesture this
// breakdown calls for (a scale of five tiers), whether to fix the service
// first, a money range with its cap, gestures from the shop's catalogue, the
// reasons in plain words, the customer's value and earlier problems. Below it
// the gestures actually given, each with "Used by the customer", and the form
// to record one.
//
// advisorPanel(incident, { onChange }) builds the panel from the
// IncidentDetail (see api.js); after every save it calls
// onChange(updatedIncident, focusId) so the page can re-render, and focusId
// names the element to focus in the new panel.

import { GESTURE_KINDS, TIERS, recordGesture, setGestureRedeemed } from '../api.js';
import { h, replace, append } from '../dom.js';
import { getActor } from '../state.js';
import { money, centsToInput, currencySymbol, date, when, plural } from '../format.js';
import { showError, clearError, toast } from '../feedback.js';
import { field, input, select, readForm, fillForm, busy, handleSaveError, clearFieldErrors, onCtrlEnter } from './form.js';
import { kindLabel, tierClass, tierShort, valueBadge } from './atonement-common.js';

/**
 * What was typed in the "Record gesture" form, per incident, for this
 * session: the panel is rebuilt whenever the incident changes (a step is
 * ticked, a gesture marked as used), and the text must survive that.
 */
const drafts = new Map(); // incident id -> { values, gesture_id, gesture_name }

const MAX_DATES = 5;

/** Whether "Why this suggestion" is unfolded, for this session. */
let whyOpen = false;
/** Whether "In similar cases here" is unfolded (kept for this session, like the reasons). */
let similarOpen = false;

/** Incidents whose "Record what you gave" form is open, for this session. */
const formsOpen = new Set();

export function advisorPanel(incident, { onChange = () => {}, onApologized = null } = {}) {
  const panel = h('section', { id: 'advisor', class: 'panel advisor-panel', 'aria-labelledby': 'advisor-title' });
  const a = incident.advice || null;
  const advice = a?.advice || null;
  const open = incident.status !== 'resolved';

  // ---- Header: title and the customer's value -----------------------------
  append(panel,
    h('div', { class: 'advisor-head' },
      h('h2', { id: 'advisor-title' }, 'Making it up to them'),
      a
        ? h('p', { class: 'advisor-customer' },
            h('span', { class: 'muted small' }, 'Customer: '),
            valueBadge(a.value_tier, a.value_tier_label, 'advice-value'),
            a.vip ? h('span', { class: 'vip', id: 'advice-vip' }, 'VIP') : null)
        : null),
  );

  if (!advice) {
    append(panel, h('p', { class: 'muted', id: 'advice-none' }, 'No suggestion for this incident. You can still record what you gave below.'));
  } else {
    append(panel,
      advice.lead_with_fix
        ? h('p', { id: 'advice-fix-first', class: 'fix-first' },
            h('strong', null, 'First, put the work itself right'), ': redo, replace or refund.')
        : null,
      apologyHint(a),
      h('div', { class: 'advice-main' },
        tierBlock(advice),
        moneyBlock(advice)),
      history(a.prior_problems || []),
      suggestions(advice),
      similarCases(a.similar),
    );
  }

  // ---- Gestures given and the form --------------------------------------
  const givenList = givenGestures(incident.gestures || []);
  const form = gestureForm();
  append(panel,
    (incident.gestures || []).length
      ? h('section', { class: 'advisor-given', 'aria-labelledby': 'given-title' },
          h('h3', { id: 'given-title' }, 'Given so far'),
          givenList)
      : givenList,
    h('div', { class: 'advisor-more' }, advice ? reasons(advice.reasons || []) : null, form.element));

  // "Give this" fills the form from a suggestion (delegated).
  panel.querySelector('#advice-gestures')?.addEventListener('click', (e) => {
    const button = e.target.closest('button.give-suggested');
    if (!button) return;
    const li = button.closest('li.suggested-gesture');
    const s = advice.gestures.find((g) => String(g.gesture.id) === li.dataset.gestureId);
    if (s) form.prefill(s);
  });

  // "Used by the customer" (delegated).
  givenList.addEventListener('change', async (e) => {
    const box = e.target.closest('input.redeemed-toggle');
    if (!box) return;
    const li = box.closest('li.given-gesture');
    const wanted = box.checked;
    box.disabled = true;
    try {
      const updated = await setGestureRedeemed(incident.id, Number(li.dataset.id), wanted, getActor());
      clearError();
      toast(wanted ? 'Marked as used by the customer.' : 'Marked as not used yet.');
      onChange(updated, box.id);
    } catch (err) {
      box.checked = !wanted;
      box.disabled = false;
      showError(err, 'Could not change it');
    }
  });

  /** True while the record form holds something not saved yet. */
  panel.isDirty = form.isDirty;
  return panel;

  /**
   * "No apology recorded yet", with "Apologized" beside it that ticks the
   * checklist's apology step. Only while the incident is open: once it is
   * resolved there is nothing left to do about it.
   */
  function apologyHint(panelData) {
    if (!open || panelData.apologized) return null;
    const pos = panelData.apology_step;
    return h('div', { id: 'apology-hint', class: 'apology-hint' },
      h('p', null, h('strong', null, 'No apology recorded yet.')),
      pos && onApologized
        ? h('button', { type: 'button', id: 'record-apology', class: 'button secondary small', onclick: () => onApologized(pos) }, 'Apologized')
        : null);
  }

  // ---- Pieces ---------------------------------------------------------------

  function tierBlock(adv) {
    const current = TIERS.findIndex((t) => t.value === adv.tier);
    return h('div', { class: 'advice-tier-box' },
      h('p', { class: 'advice-label' }, 'Suggested gesture'),
      h('p', { id: 'advice-tier', class: `tier-big ${tierClass(adv.tier)}`, 'data-tier': adv.tier }, adv.tier_label),
      h('ol', { id: 'advice-scale', class: 'tier-scale', 'aria-label': `Gesture size: ${current + 1} of ${TIERS.length}` },
        TIERS.map((t, i) => h('li', {
          class: i === current ? `${tierClass(t.value)} current` : tierClass(t.value),
          'data-tier': t.value,
          'aria-current': i === current ? 'true' : null,
          title: t.label,
        }, tierShort(t.value)))));
  }

  function moneyBlock(adv) {
    let text;
    const m = adv.money;
    if (!m) text = 'Add the transaction value to see a money range';
    else if (adv.nothing_paid) text = 'Nothing was paid: no money back, a small token at most';
    else if (m.max_cents <= 0) text = 'No money needed: the apology is the gesture';
    else if (m.min_cents === m.max_cents) text = `About ${money(m.max_cents)}`;
    else text = `Between ${money(m.min_cents)} and ${money(m.max_cents)}`;
    return h('div', { class: 'advice-money-box' },
      h('p', { class: 'advice-label' }, 'Money, if you give any'),
      h('p', { id: 'advice-money', class: m ? 'advice-money' : 'advice-money muted' }, text),
      adv.cap_cents !== null && adv.cap_cents !== undefined && m && m.max_cents > 0
        ? h('p', { id: 'advice-cap', class: 'small muted' },
            `At most ${money(adv.cap_cents)}: beyond that, more money rarely helps.`)
        : null);
  }

  function history(prior) {
    if (!prior.length) return h('p', { id: 'advice-history', class: 'advice-history small muted' }, 'No earlier problems with this customer.');
    const shown = prior.slice(0, MAX_DATES);
    const dates = [];
    shown.forEach((p, i) => {
      if (i) dates.push(', ');
      dates.push(h('a', { href: `#/incidents/${p.incident_id}`, title: `${plural(p.days_before, 'day')} before this one` }, date(p.received_at)));
    });
    const more = prior.length - shown.length;
    return h('p', { id: 'advice-history', class: 'advice-history small' },
      h('strong', null, `${plural(prior.length, 'earlier problem')}: `),
      dates,
      more > 0 ? ` and ${more} more` : null);
  }

  function suggestions(adv) {
    const items = (adv.gestures || []).map((s) => {
      const g = s.gesture;
      const cost = s.estimated_cents !== null && s.estimated_cents !== undefined
        ? `about ${money(s.estimated_cents)}`
        : g.percent !== null && g.percent !== undefined ? `${g.percent}% of the bill` : 'no set cost';
      return h('li', { class: 'suggested-gesture', 'data-gesture-id': String(g.id) },
        h('span', { class: 'gesture-name' }, g.name),
        h('span', { class: 'tag kind-tag' }, kindLabel(g.kind)),
        h('span', { class: 'gesture-cost muted' }, cost),
        h('span', { class: 'spacer' }),
        h('button', { type: 'button', class: 'button secondary small give-suggested', 'aria-label': `Give this: ${g.name}` }, 'Give this'));
    });
    return h('section', { class: 'advisor-suggestions', 'aria-labelledby': 'suggestions-title' },
      h('h3', { id: 'suggestions-title' }, 'Suggested gestures'),
      items.length
        ? h('ul', { id: 'advice-gestures', class: 'gesture-lines' }, items)
        : h('p', { id: 'advice-gestures', class: 'muted small' },
            adv.tier === 'apology_only'
              ? 'A sincere apology is enough here.'
              : 'Nothing in your gesture catalogue fits this size. Add some in Settings, or record anything else below.'));
  }

  /**
   * "In similar cases here": the shop's earlier incidents like this one, by
   * what was given. A group's figures show only once it has enough cases
   * (similar.min_cases); its count always shows.
   */
  function similarCases(similar) {
    if (!similar) return null;
    const groups = similar.groups || [];
    const head = h('span', { id: 'similar-title', class: 'similar-title' }, 'In similar cases here');
    const intro = h('p', { id: 'similar-total', class: 'small muted' },
      similar.total
        ? `${plural(similar.total, 'similar case')} in the last two years${similar.capped ? ' (the latest ones)' : ''}: same category, same kind of problem, similar severity.`
        : 'No similar cases in the last two years yet.');
    const body = [];
    if (!similar.enough) {
      body.push(h('p', { id: 'similar-not-enough', class: 'small' },
        `Not enough history yet: figures show once one kind of gesture has been given in at least ${similar.min_cases} similar cases.`));
    }
    if (groups.length) {
      body.push(h('table', { id: 'similar-table', class: 'similar-table small' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, 'Given'),
          h('th', { scope: 'col' }, 'Cases'),
          h('th', { scope: 'col' }, 'Satisfied at the call'),
          h('th', { scope: 'col' }, 'Came back within 90 days'),
          h('th', { scope: 'col' }, 'Average cost'))),
        h('tbody', null, groups.map((g) => h('tr', { class: g.enough ? 'similar-group' : 'similar-group too-few', 'data-kind': g.kind },
          h('th', { scope: 'row' }, g.label),
          h('td', { class: 'similar-count' }, String(g.count)),
          g.enough
            ? [h('td', null, `${g.satisfied_percent}%`), h('td', null, `${g.came_back_percent}%`), h('td', null, money(g.average_cents))]
            : h('td', { colspan: '3', class: 'muted' }, 'Too few to tell'))))));
    }
    if (similar.note) body.push(h('p', { id: 'similar-note', class: 'similar-note small' }, similar.note));
    // Folded to one line, with its count, so the promises stay on the first screen.
    const count = similar.total ? plural(similar.total, 'case') : 'no cases yet';
    const summary = h('summary', { id: 'similar-summary' }, head,
      h('span', { class: 'small muted' }, ` · ${count}${similar.note ? ' · your history suggests another way' : ''}`));
    const fold = h('details', { id: 'similar-cases', class: 'advisor-similar', open: similarOpen }, summary, intro, body);
    fold.addEventListener('toggle', () => { similarOpen = fold.open; });
    return fold;
  }

  /** The reasons, folded under "Why this suggestion" (open once opened, for this session). */
  function reasons(list) {
    const fold = h('details', { class: 'advisor-reasons', id: 'advice-why', open: whyOpen },
      h('summary', { id: 'reasons-title' }, `Why this suggestion (${list.length})`),
      h('ul', { id: 'advice-reasons', class: 'reasons' }, list.map((r) => h('li', null, r))),
      h('p', { class: 'small muted advisor-footnote' }, 'Mend only suggests: you know the customer, you decide.'));
    fold.addEventListener('toggle', () => { whyOpen = fold.open; });
    return fold;
  }

  function givenGestures(list) {
    const ul = h('ul', { id: 'given-gestures', class: 'gesture-lines given-lines', 'aria-live': 'polite', tabindex: '-1' });
    if (!list.length) {
      // Nothing given yet: the list waits, unseen, for the first one (and the focus after it).
      ul.hidden = true;
      return ul;
    }
    for (const g of list) {
      const boxId = `redeemed-${g.id}`;
      append(ul, h('li', { class: g.redeemed_at ? 'given-gesture redeemed' : 'given-gesture', 'data-id': String(g.id) },
        h('div', { class: 'given-main' },
          h('span', { class: 'gesture-name' }, g.description),
          h('span', { class: 'tag kind-tag' }, kindLabel(g.kind)),
          h('span', { class: 'gesture-cost' }, g.cost_cents ? money(g.cost_cents) : 'no cost'),
          h('span', { class: 'given-meta muted small' },
            `${g.given_by?.name || 'Someone'}, ${when(g.given_at)}`)),
        g.note ? h('p', { class: 'given-note small' }, g.note) : null,
        h('label', { class: 'checkbox-inline redeemed-label', for: boxId },
          h('input', { type: 'checkbox', id: boxId, class: 'redeemed-toggle', checked: Boolean(g.redeemed_at) }),
          'Used by the customer',
          g.redeemed_at ? h('span', { class: 'muted small' }, ` (${date(g.redeemed_at)})`) : null)));
    }
    return ul;
  }

  // ---- The "Record gesture" form -----------------------------------------

  function gestureForm() {
    const description = input({ id: 'gesture-description', name: 'description' });
    const kind = select({ id: 'gesture-kind', name: 'kind' }, GESTURE_KINDS, 'Choose…');
    const cost = input({ id: 'gesture-cost', name: 'cost', inputmode: 'decimal', class: 'amount' });
    const note = input({ id: 'gesture-note', name: 'note' });
    const saveBtn = h('button', { type: 'submit', id: 'save-gesture', class: 'button primary' }, 'Record gesture');
    const clearBtn = h('button', { type: 'button', id: 'clear-gesture', class: 'button secondary' }, 'Clear');
    const source = h('p', { id: 'gesture-source', class: 'small gesture-source wide', 'aria-live': 'polite' });

    const costBox = field({ label: 'What it cost you', control: cost, keys: 'cost', hint: 'Leave empty if it cost nothing.', optional: true });
    cost.before(h('span', { class: 'currency-prefix', 'aria-hidden': 'true' }, currencySymbol()));
    costBox.classList.add('money');

    const form = h('form', { id: 'gesture-form', class: 'gesture-form grid two', novalidate: true, autocomplete: 'off', 'aria-labelledby': 'gesture-form-title' },
      h('h3', { id: 'gesture-form-title', class: 'wide' }, 'Record a gesture'),
      source,
      field({ label: 'What did you give?', control: description, keys: 'description gesture_id', hint: 'From the suggestions, or anything else.' }),
      field({ label: 'Kind', control: kind, keys: 'kind' }),
      costBox,
      field({ label: 'Note', control: note, keys: 'note', hint: 'For example “valid until March”.', optional: true, wide: true }),
      h('div', { class: 'form-actions wide' }, saveBtn, clearBtn));

    let gestureId = null;
    let gestureName = '';
    const empty = JSON.stringify(readForm(form));

    const draft = drafts.get(incident.id);
    if (draft) {
      fillForm(form, draft.values);
      gestureId = draft.gesture_id;
      gestureName = draft.gesture_name;
    }
    showSource();

    function showSource() {
      if (gestureId) {
        replace(source,
          `From your catalogue: ${gestureName}. `,
          h('button', { type: 'button', id: 'detach-gesture', class: 'link-button' }, 'Record it as something else'));
        source.hidden = false;
      } else {
        replace(source);
        source.hidden = true;
      }
    }

    function remember() {
      const values = readForm(form);
      if (JSON.stringify(values) === empty && !gestureId) drafts.delete(incident.id);
      else drafts.set(incident.id, { values, gesture_id: gestureId, gesture_name: gestureName });
    }

    form.addEventListener('input', remember);
    form.addEventListener('change', remember);
    source.addEventListener('click', (e) => {
      if (!e.target.closest('#detach-gesture')) return;
      gestureId = null;
      gestureName = '';
      showSource();
      remember();
      description.focus();
    });

    function prefill(s) {
      const g = s.gesture;
      clearFieldErrors(form);
      gestureId = g.id;
      gestureName = g.name;
      fillForm(form, {
        description: g.name,
        kind: g.kind,
        cost: centsToInput(s.estimated_cents),
        note: '',
      });
      showSource();
      remember();
      form.scrollIntoView({ block: 'nearest' });
      cost.focus();
      cost.select();
    }

    function reset() {
      form.reset();
      gestureId = null;
      gestureName = '';
      clearFieldErrors(form);
      showSource();
      drafts.delete(incident.id);
    }

    clearBtn.addEventListener('click', () => {
      reset();
      description.focus();
    });

    const save = async () => {
      if (saveBtn.disabled) return;
      clearFieldErrors(form);
      const values = readForm(form);
      const payload = {
        gesture_id: gestureId,
        description: values.description.trim(),
        kind: values.kind,
        cost: values.cost.trim(),
        note: values.note.trim(),
      };
      const done = busy(saveBtn);
      try {
        const updated = await recordGesture(incident.id, payload, getActor());
        drafts.delete(incident.id);
        clearError();
        toast(`Recorded: ${payload.description}.`);
        onChange(updated, 'given-gestures');
      } catch (err) {
        done();
        handleSaveError(form, err, 'The gesture was not recorded');
      }
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      save();
    });
    onCtrlEnter(form, save);

    // Folded behind "Record what you gave…" until it is needed; once opened
    // (or holding a draft) it stays open for this incident.
    const opener = h('button', { type: 'button', id: 'open-gesture-form', class: 'button secondary small' }, 'Record what you gave…');
    const holder = h('div', { class: 'gesture-form-holder' }, opener, form);
    function unfold(focus) {
      formsOpen.add(incident.id);
      opener.hidden = true;
      form.hidden = false;
      if (focus) description.focus();
    }
    if (formsOpen.has(incident.id) || drafts.has(incident.id)) unfold(false);
    else form.hidden = true;
    opener.addEventListener('click', () => unfold(true));

    return {
      element: holder,
      prefill: (s) => {
        unfold(false);
        prefill(s);
      },
      isDirty: () => drafts.has(incident.id),
    };
  }
}
