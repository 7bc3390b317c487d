// A customer's card (value at a glance, contact with Call, Text and E-mail, visits, spend,
// notes, VIP, incidents, the goodwill given), its Edit mode, and the "New customer" form
// (#/customers/new).

import { getCustomer, createCustomer, updateCustomer } from '../api.js';
import { h, replace, arrowNavigation, append } from '../dom.js';
import { date, dateTime, money, centsToInput, plural } from '../format.js';
import { setLogPrefill } from '../state.js';
import { showError, clearError, toast, confirmDialog, loading } from '../feedback.js';
import { field, input, textarea, readForm, fillForm, busy, handleSaveError, clearFieldErrors, onCtrlEnter } from './form.js';
import { incidentHead, incidentRow } from './rows.js';
import { kindLabel, valueBadge } from './atonement-common.js';
import { phoneActions, emailActions } from './contact.js';

/** How many problem dates the card lists before "and N more". */
const MAX_PROBLEM_DATES = 6;

/** What each value tier means, in a few words. */
const VALUE_HINTS = {
  new: 'first visits',
  regular: 'comes back',
  loyal: 'comes often or spends well',
  top: 'one of your best customers by spend',
};

export function render(root, idText) {
  const creating = idText === 'new';
  const id = creating ? null : Number(idText);
  const body = h('div', { class: 'customer-body' });
  append(root, body);

  let data = null; // { customer, incidents, value, gestures, gesture_total_cents }
  let editor = null; // { form, initial }
  const controller = {
    isDirty: () => Boolean(editor && JSON.stringify(readForm(editor.form)) !== editor.initial),
  };

  if (creating) {
    edit(null);
  } else {
    append(body, loading());
    getCustomer(id)
      .then((result) => {
        if (!root.isConnected) return;
        data = result;
        show();
      })
      .catch((err) => {
        if (!root.isConnected) return;
        replace(body,
          h('h1', { tabindex: '-1' }, 'Customer not found'),
          h('p', null, err.kind === 'not_found' ? 'This customer does not exist (any more).' : 'This customer could not be opened.',
            ' ', h('a', { href: '#/customers' }, 'Back to all customers'), '.'));
        if (err.kind !== 'not_found') showError(err);
        body.querySelector('h1').focus();
      });
  }

  // ---- The card -------------------------------------------------------------

  function show(focusId = null) {
    editor = null;
    const { customer: c, incidents } = data;
    const list = h('ul', { id: 'customer-incidents', class: 'row-list table-list' }, incidents.map(incidentRow));
    arrowNavigation(list, '.incident-row');

    replace(body,
      h('header', { class: 'view-header row' },
        h('div', null,
          h('p', { class: 'overline' }, h('a', { href: '#/customers' }, 'Customers')),
          h('h1', { tabindex: '-1', class: 'user-heading', title: c.name }, h('bdi', null, c.name), c.vip ? h('span', { class: 'vip big', id: 'customer-vip-badge' }, 'VIP') : null),
          data.value
            ? h('p', { class: 'customer-value-line' },
                h('span', { class: 'muted small' }, 'Customer value: '),
                valueBadge(data.value.tier, data.value.tier_label, 'customer-tier'),
                h('span', { class: 'muted small' }, ` ${VALUE_HINTS[data.value.tier] || ''}`))
            : null),
        h('div', { class: 'actions' },
          h('button', { type: 'button', id: 'edit-customer', class: 'button secondary', onclick: () => edit(c) }, 'Edit'),
          h('button', { type: 'button', id: 'log-for-customer', class: 'button primary', onclick: logForCustomer }, 'Log incident'))),
      h('div', { class: 'panel' },
        h('dl', { class: 'details' },
          item('Phone', phoneActions(c, { prefix: 'customer-contact' }) || '—'),
          item('Email', emailActions(c, { prefix: 'customer-contact' }) || '—'),
          item('Visits', String(c.visits ?? 0)),
          item('Total spend', money(c.total_spend_cents ?? 0)),
          item('First visit', c.first_visit ? date(c.first_visit) : '—'),
          item('Last visit', c.last_visit ? date(c.last_visit) : '—'),
          data.value ? item('Problems', problems(data.value, incidents)) : null,
          item('In Mend since', dateTime(c.created_at))),
        h('section', { class: 'text-block' }, h('h2', null, 'Notes'),
          h('p', { id: 'customer-notes-text', class: c.notes ? 'prose' : 'prose muted' }, c.notes || 'No notes.'))),
      h('section', { class: 'panel' },
        h('h2', null, 'Incidents', incidents.length ? h('span', { class: 'muted small' }, ` ${plural(incidents.length, 'incident')}, newest first`) : null),
        incidents.length
          ? h('div', { class: 'table' }, incidentHead(), list)
          : h('p', { class: 'muted' }, 'No complaints from this customer. Good.')),
      data.gestures ? ledger(data.gestures, data.gesture_total_cents ?? 0) : null);
    (focusId ? body.querySelector(`#${focusId}`) : body.querySelector('h1'))?.focus({ preventScroll: !focusId });
  }

  function item(label, value) {
    return [h('dt', null, label), h('dd', null, value)];
  }

  /** "2 problems logged: 12 Oct 2026, 3 Aug 2026", each date a link to its incident. */
  function problems(value, incidents) {
    const count = value.problem_count ?? 0;
    if (!count) return h('span', { id: 'customer-problems', class: 'muted' }, 'No problems so far');
    const dates = value.problem_dates || [];
    const shown = dates.slice(0, MAX_PROBLEM_DATES);
    const parts = [];
    shown.forEach((at, i) => {
      if (i) parts.push(', ');
      const inc = incidents.find((x) => x.received_at === at);
      parts.push(inc ? h('a', { href: `#/incidents/${inc.id}` }, date(at)) : date(at));
    });
    const more = count - shown.length;
    return h('span', { id: 'customer-problems', class: count > 1 ? 'problems repeat' : 'problems' },
      h('strong', null, `${plural(count, 'problem')} logged: `),
      parts,
      more > 0 ? ` and ${more} more` : null);
  }

  /** The customer's goodwill ledger: every gesture given, newest first, and the total. */
  function ledger(gestures, total) {
    const used = gestures.filter((g) => g.redeemed_at).length;
    return h('section', { class: 'panel', id: 'customer-ledger', 'aria-labelledby': 'customer-ledger-title' },
      h('h2', { id: 'customer-ledger-title' }, 'Goodwill',
        gestures.length ? h('span', { class: 'muted small' }, ` ${plural(gestures.length, 'gesture')}, newest first`) : null),
      gestures.length
        ? [h('ul', { class: 'ledger-lines' }, gestures.map((g) =>
            h('li', { class: g.redeemed_at ? 'ledger-line redeemed' : 'ledger-line', 'data-id': String(g.id) },
              h('span', { class: 'ledger-date' }, h('a', { href: `#/incidents/${g.incident_id}`, title: 'Open the incident' }, date(g.given_at))),
              h('span', { class: 'ledger-what' },
                h('span', { class: 'gesture-name' }, g.description), ' ', h('span', { class: 'tag kind-tag' }, kindLabel(g.kind)),
                g.note ? h('span', { class: 'ledger-note muted small' }, g.note) : null),
              h('span', { class: 'ledger-cost num' }, g.cost_cents ? money(g.cost_cents) : 'no cost'),
              h('span', { class: g.redeemed_at ? 'ledger-used used' : 'ledger-used' },
                g.redeemed_at ? `Used ${date(g.redeemed_at)}` : 'Not used yet')))),
           h('p', { id: 'customer-ledger-total', class: 'ledger-total' },
             h('strong', null, `Total given: ${money(total)}`),
             h('span', { class: 'muted' }, ` (${plural(gestures.length, 'gesture')}, ${used} used)`))]
        : [h('p', { class: 'muted' }, 'No gestures given to this customer yet.'),
           h('p', { id: 'customer-ledger-total', class: 'ledger-total muted' }, `Total given: ${money(0)}`)]);
  }

  function logForCustomer() {
    const c = data.customer;
    setLogPrefill({ id: c.id, name: c.name, phone: c.phone, email: c.email, incident_count: data.incidents.length });
    location.hash = '#/log';
  }

  // ---- New / edit -------------------------------------------------------------

  function edit(c) {
    const name = input({ id: 'customer-name', name: 'name', autocomplete: 'off' });
    const phone = input({ id: 'customer-phone', name: 'phone', type: 'tel' });
    const email = input({ id: 'customer-email', name: 'email', type: 'email', spellcheck: 'false' });
    const visits = input({ id: 'customer-visits', name: 'visits', inputmode: 'numeric' });
    const spend = input({ id: 'customer-total-spend', name: 'total_spend', inputmode: 'decimal', class: 'amount' });
    const firstVisit = input({ id: 'customer-first-visit', name: 'first_visit', type: 'date' });
    const lastVisit = input({ id: 'customer-last-visit', name: 'last_visit', type: 'date' });
    const vip = h('input', { type: 'checkbox', id: 'customer-vip', name: 'vip' });
    const notes = textarea({ id: 'customer-notes', name: 'notes', rows: 3 });
    const saveBtn = h('button', { type: 'submit', id: 'save-customer', class: 'button primary' }, creating ? 'Save customer' : 'Save changes');
    const cancelBtn = h('button', { type: 'button', id: 'cancel-customer', class: 'button secondary' }, 'Cancel');

    const form = h('form', { id: 'customer-form', class: 'form grid three', novalidate: true, autocomplete: 'off' },
      field({ label: 'Name', control: name, wide: true }),
      field({ label: 'Phone', control: phone, optional: true }),
      field({ label: 'Email', control: email, optional: true }),
      h('span'),
      field({ label: 'Visits', control: visits, hint: 'How many times they have been in.', optional: true }),
      field({ label: 'Total spend', control: spend, hint: 'All they have spent with you.', optional: true }),
      h('div', { class: 'field checkbox-field', 'data-field': 'vip' }, vip, h('label', { for: 'customer-vip' }, 'VIP customer')),
      field({ label: 'First visit', control: firstVisit, optional: true }),
      field({ label: 'Last visit', control: lastVisit, optional: true }),
      h('span'),
      field({ label: 'Notes', control: notes, wide: true, optional: true }),
      h('div', { class: 'form-actions wide' }, saveBtn, cancelBtn));

    replace(body,
      h('header', { class: 'view-header' },
        h('p', { class: 'overline' }, h('a', { href: '#/customers' }, 'Customers')),
        h('h1', { tabindex: '-1', class: 'user-heading', title: creating ? null : c.name }, creating ? 'New customer' : ['Edit ', h('bdi', null, c.name)])),
      form);

    if (c) {
      fillForm(form, {
        name: c.name,
        phone: c.phone || '',
        email: c.email || '',
        visits: String(c.visits ?? ''),
        total_spend: centsToInput(c.total_spend_cents),
        first_visit: c.first_visit || '',
        last_visit: c.last_visit || '',
        vip: Boolean(c.vip),
        notes: c.notes || '',
      });
    }
    editor = { form, initial: JSON.stringify(readForm(form)) };

    const save = async () => {
      if (saveBtn.disabled) return;
      clearFieldErrors(form);
      const values = readForm(form);
      const payload = {
        name: values.name.trim(),
        phone: values.phone.trim(),
        email: values.email.trim(),
        notes: values.notes,
        visits: values.visits.trim(),
        total_spend: values.total_spend.trim(),
        first_visit: values.first_visit,
        last_visit: values.last_visit,
        vip: values.vip,
        version: creating ? null : data?.customer?.version ?? null,
      };
      const done = busy(saveBtn);
      try {
        const saved = creating ? await createCustomer(payload) : await updateCustomer(id, payload);
        clearError();
        editor = null;
        toast(creating ? `${saved.name} added.` : 'Changes saved.');
        if (creating) {
          location.hash = `#/customers/${saved.id}`;
        } else {
          // Reload the card: visits, spend and VIP change the value tier.
          try {
            data = await getCustomer(id);
          } catch {
            data = { ...data, customer: saved };
          }
          if (root.isConnected) show('edit-customer');
        }
      } catch (err) {
        done();
        handleSaveError(form, err, 'The customer was not saved');
        // Someone else saved the card meanwhile: what was typed stays, the next save is made on
        // the version now saved.
        if (err?.kind === 'stale') {
          try {
            const latest = await getCustomer(id);
            data = { ...data, customer: { ...data.customer, version: latest.customer.version } };
          } catch {
            // The version stays; the next save says so again.
          }
        }
      }
    };
    const cancel = async () => {
      if (controller.isDirty() && !(await confirmDialog('Throw away what you typed?', { ok: 'Discard', cancel: 'Keep editing', danger: true }))) return;
      clearError();
      if (creating) {
        editor = null;
        location.hash = '#/customers';
      } else show('edit-customer');
    };

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      save();
    });
    onCtrlEnter(form, save);
    cancelBtn.addEventListener('click', cancel);
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        cancel();
      }
    });
    name.focus();
  }

  return controller;
}
