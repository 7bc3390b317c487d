// Customers: a searchable list, one page at a time, and a link to the possible duplicates
// when there are any.

import { listCustomers, listDuplicates } from '../api.js';
import { h, replace, debounce, arrowNavigation, append } from '../dom.js';
import { showError, loading } from '../feedback.js';
import { money, number, plural, matching } from '../format.js';
import { field, input } from './form.js';

const PAGE = 50;
const QUERY_KEY = 'mend.filters.customers';

export function render(root) {
  let next = null;
  let seq = 0;

  const filterInput = input({ id: 'customer-filter', type: 'search', placeholder: 'Name, phone or email', 'data-search': '' });
  filterInput.value = sessionStorage.getItem(QUERY_KEY) || '';
  const count = h('p', { id: 'customer-count', class: 'count', 'aria-live': 'polite' });
  const list = h('ul', { id: 'customer-list', class: 'row-list table-list' });
  const empty = h('div', { id: 'customers-empty', class: 'empty-state', hidden: true });
  const moreBtn = h('button', { type: 'button', id: 'load-more', class: 'button secondary', hidden: true }, 'Load more');
  const table = h('div', { class: 'table' },
    h('div', { class: 'list-head customer-cols', 'aria-hidden': 'true' },
      h('span', null, 'Name'), h('span', null, 'Contact'), h('span', { class: 'num' }, 'Visits'),
      h('span', { class: 'num' }, 'Spend'), h('span', { class: 'num' }, 'Incidents')),
    list);
  arrowNavigation(list, '.customer-row');
  const duplicatesLink = h('a', { href: '#/customers/duplicates', id: 'possible-duplicates', class: 'button secondary', hidden: true });

  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Find customers', novalidate: true },
    field({ label: 'Search', control: filterInput }));
  append(root, 
    h('header', { class: 'view-header row' },
      h('h1', null, 'Customers'),
      h('div', { class: 'actions' },
        duplicatesLink,
        h('a', { href: '#/customers/import', id: 'import-customers', class: 'button secondary' }, 'Import customers…'),
        h('a', { href: '#/customers/new', id: 'add-customer', class: 'button primary' }, 'New customer'))),
    filters, count, table, empty, h('div', { class: 'more' }, moreBtn));

  async function load(more) {
    const mine = ++seq;
    const q = filterInput.value.trim();
    if (!more && !list.childElementCount) replace(list, h('li', null, loading()));
    moreBtn.disabled = true;
    try {
      const page = await listCustomers(q, more ? next : null, PAGE);
      if (mine !== seq || !root.isConnected) return;
      next = page.next;
      const rows = page.items.map(customerRow);
      if (more) append(list, ...rows);
      else replace(list, ...rows);
      count.textContent = q ? matching(page.total, 'customer') : plural(page.total, 'customer');
      const none = page.total === 0 && !more;
      table.hidden = none;
      empty.hidden = !none;
      if (none) {
        replace(empty, q
          ? h('p', null, `No customer matches “${q}”. Check the spelling, or add them as a new customer.`)
          : [h('h2', null, 'No customers yet'),
             h('p', null, 'Customers are added when you log an incident, or with the New customer button. ',
               'If your booking system or till has a customer list, ', h('a', { href: '#/customers/import' }, 'import it from a CSV file'), '.')]);
      }
      moreBtn.hidden = !next;
    } catch (err) {
      if (mine !== seq) return;
      if (!more) replace(list);
      showError(err, 'Could not load the customers');
    } finally {
      if (mine === seq) moreBtn.disabled = false;
    }
  }

  const reload = debounce(() => {
    sessionStorage.setItem(QUERY_KEY, filterInput.value);
    load(false);
  }, 200);
  filterInput.addEventListener('input', reload);
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    reload.flush();
  });
  moreBtn.addEventListener('click', () => load(true));

  /** Shows "Possible duplicates (N)" when some cards look like one customer (after the list: it reads every card). */
  async function countDuplicates() {
    try {
      const { total } = await listDuplicates(0);
      if (!root.isConnected) return;
      duplicatesLink.textContent = `Possible duplicates (${number(total)})`;
      duplicatesLink.hidden = total === 0;
    } catch (err) {
      console.warn('The possible duplicates could not be counted', err);
    }
  }

  load(false).then(countDuplicates);
  return { leave: () => reload.cancel() };
}

function customerRow(c) {
  const contact = [c.phone, c.email].filter(Boolean).join(' · ');
  return h(
    'li',
    null,
    h('a', { class: 'customer-row customer-cols', href: `#/customers/${c.id}`, 'data-id': String(c.id) },
      h('span', { class: 'cell-name', title: c.name }, h('bdi', { class: 'user-text' }, c.name), c.vip ? h('span', { class: 'vip' }, 'VIP') : null),
      h('span', { class: 'cell-contact muted' }, contact || '—'),
      h('span', { class: 'num' }, String(c.visits ?? 0)),
      h('span', { class: 'num' }, money(c.total_spend_cents ?? 0)),
      h('span', { class: 'num' },
        String(c.incident_count ?? 0),
        c.open_count ? h('span', { class: 'open-count' }, ` (${c.open_count} open)`) : null)),
  );
}
