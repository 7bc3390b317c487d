// The goodwill ledger: what recovery gestures cost over a period, in total,
// per month, per category and per customer (top 20), and how many the
// customers actually used. For Settings or a report screen.

import { goodwillLedger } from '../api.js';
import { h, replace, debounce } from '../dom.js';
import { money, monthLabel, share, plural, todayInput, date } from '../format.js';
import { clearError } from '../feedback.js';
import { field, input, handleSaveError, clearFieldErrors } from './form.js';
import { slot } from './atonement-common.js';

/** The ledger section (#goodwill-ledger), loaded for this year. Always resolves. */
export async function ledgerSection() {
  const year = todayInput().slice(0, 4);
  const from = input({ id: 'ledger-from', name: 'from', type: 'date', value: `${year}-01-01` });
  const to = input({ id: 'ledger-to', name: 'to', type: 'date', value: `${year}-12-31` });
  const showBtn = h('button', { type: 'submit', id: 'ledger-show', class: 'button secondary' }, 'Show');
  const form = h('form', { id: 'ledger-period', class: 'ledger-period', novalidate: true, 'aria-label': 'Period' },
    field({ label: 'From', control: from, keys: 'from', hint: 'Leave empty for the very start.' }),
    field({ label: 'To', control: to, keys: 'to', hint: 'Included.' }),
    h('div', { class: 'form-actions' }, showBtn));
  const results = h('div', { id: 'ledger-results', class: 'ledger-results', 'aria-live': 'polite' });
  const section = h('section', { id: 'goodwill-ledger', class: 'panel', 'aria-labelledby': 'goodwill-ledger-title' },
    h('h2', { id: 'goodwill-ledger-title' }, 'Goodwill ledger'),
    h('p', { class: 'muted small' }, 'Every gesture given to put things right: what it cost, and how many customers came back to use it.'),
    form,
    results);

  let seq = 0;
  async function load() {
    const mine = ++seq;
    clearFieldErrors(form);
    results.setAttribute('aria-busy', 'true');
    try {
      const ledger = await goodwillLedger(from.value, to.value);
      if (mine !== seq) return;
      clearError();
      replace(results, tables(ledger, periodText(from.value, to.value)));
    } catch (err) {
      if (mine !== seq) return;
      handleSaveError(form, err, 'Could not show the ledger');
    } finally {
      if (mine === seq) results.removeAttribute('aria-busy');
    }
  }
  const reload = debounce(load, 300);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    reload.flush();
  });
  form.addEventListener('change', () => reload());

  await load();
  return section;
}

/** The same, as a placeholder element that can be appended at once. */
export function ledgerSlot() {
  return slot(ledgerSection(), 'The goodwill ledger');
}

function periodText(from, to) {
  if (!from && !to) return 'All time';
  if (!to) return `Since ${date(from)}`;
  if (!from) return `Until ${date(to)}`;
  return `${date(from)} – ${date(to)}`;
}

function tables(ledger, period) {
  const t = ledger.total;
  const total = table('ledger-total', 'In total', 'Period', [t], () => period);
  if (!t.count) {
    return [total, h('p', { id: 'ledger-empty', class: 'muted' }, 'No gestures were given in this period.')];
  }
  return [
    total,
    table('ledger-by-month', 'Per month, newest first', 'Month', ledger.by_month, (l) => monthLabel(l.label)),
    table('ledger-by-category', 'Per category, largest cost first', 'Category', ledger.by_category, (l) => l.label),
    table('ledger-by-customer', 'Per customer, largest cost first (top 20)', 'Customer', ledger.by_customer,
      (l) => (l.id ? h('a', { href: `#/customers/${l.id}` }, l.label) : l.label)),
  ];
}

function table(id, caption, first, lines, labelOf) {
  return h('table', { id, class: 'data-table ledger-table' },
    h('caption', null, caption),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, first),
      h('th', { scope: 'col', class: 'num' }, 'Gestures'),
      h('th', { scope: 'col', class: 'num' }, 'Cost'),
      h('th', { scope: 'col', class: 'num' }, 'Used'))),
    h('tbody', null, lines.length
      ? lines.map((l) => h('tr', { 'data-id': l.id === null || l.id === undefined ? null : String(l.id) },
          h('th', { scope: 'row' }, labelOf(l)),
          h('td', { class: 'num' }, String(l.count)),
          h('td', { class: 'num' }, money(l.total_cents)),
          h('td', { class: 'num', title: `${plural(l.redeemed, 'gesture')} of ${l.count} used` }, `${l.redeemed} (${share(l.redeemed, l.count)})`)))
      : h('tr', null, h('td', { colspan: '4', class: 'muted' }, 'Nothing in this period.'))));
}
