// Incidents: every incident, newest first, with search and filters.
// One page at a time ("Load more" follows the backend's cursor).

import { listIncidents, listCategories } from '../api.js';
import { h, replace, debounce, arrowNavigation, append } from '../dom.js';
import { showError, clearError, loading } from '../feedback.js';
import { plural, matching } from '../format.js';
import { severities, getIncidentFilter, setIncidentFilter, EMPTY_FILTER } from '../state.js';
import { field, input, select, handleSaveError, clearFieldErrors } from './form.js';
import { incidentHead, incidentRow } from './rows.js';

const PAGE = 50;

export function render(root) {
  let filter = getIncidentFilter();
  let next = null;
  let seq = 0;
  let failed = false;

  const search = input({ id: 'incident-search', type: 'search', placeholder: 'Customer, phone, or words from the complaint', 'data-search': '' });
  const status = select({ id: 'filter-status' }, [{ value: 'open', label: 'Open' }, { value: 'resolved', label: 'Resolved' }], 'Any status');
  const severity = select({ id: 'filter-severity' }, severities().map((s) => ({ value: s.value, label: `${s.value} – ${s.label}` })), 'Any severity');
  const category = select({ id: 'filter-category' }, [], 'Any category');
  const from = input({ id: 'filter-from', type: 'date' });
  const to = input({ id: 'filter-to', type: 'date' });
  const count = h('p', { id: 'incident-count', class: 'count', 'aria-live': 'polite' });
  const list = h('ul', { id: 'incident-list', class: 'row-list table-list' });
  const empty = h('div', { id: 'incidents-empty', class: 'empty-state', hidden: true });
  const moreBtn = h('button', { type: 'button', id: 'load-more', class: 'button secondary', hidden: true }, 'Load more');
  arrowNavigation(list, '.incident-row');

  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter incidents', novalidate: true },
    field({ label: 'Search', control: search, keys: 'q' }),
    field({ label: 'Status', control: status, keys: 'status' }),
    field({ label: 'Severity', control: severity, keys: 'severity' }),
    field({ label: 'Category', control: category, keys: 'category_id' }),
    field({ label: 'From', control: from, keys: 'from' }),
    field({ label: 'To', control: to, keys: 'to' }));

  append(root, 
    h('header', { class: 'view-header row' },
      h('h1', null, 'Incidents'),
      h('a', { href: '#/log', class: 'button primary' }, 'Log incident')),
    filters,
    count,
    h('div', { class: 'table' }, incidentHead(), list),
    empty,
    h('div', { class: 'more' }, moreBtn),
  );

  // Categories for the filter, inactive ones included: old incidents still use them.
  listCategories(true)
    .then((cats) => {
      for (const c of cats) append(category, h('option', { value: String(c.id) }, c.active ? c.name : `${c.name} (no longer used)`));
      category.value = filter.category_id;
    })
    .catch((err) => showError(err, 'Could not load the categories'));

  search.value = filter.q;
  status.value = filter.status;
  severity.value = filter.severity;
  from.value = filter.from;
  to.value = filter.to;

  function apiFilter() {
    return {
      q: filter.q.trim(),
      status: filter.status,
      severity: filter.severity ? Number(filter.severity) : null,
      category_id: filter.category_id ? Number(filter.category_id) : null,
      from: filter.from,
      to: filter.to,
    };
  }

  const filtered = () => Object.keys(EMPTY_FILTER).some((k) => String(filter[k]).trim() !== '');

  async function load(more) {
    const mine = ++seq;
    if (!more) {
      list.setAttribute('aria-busy', 'true');
      if (!list.childElementCount) replace(list, h('li', null, loading()));
    }
    moreBtn.disabled = true;
    try {
      const page = await listIncidents(apiFilter(), more ? next : null, PAGE);
      if (mine !== seq || !root.isConnected) return;
      if (failed) {
        failed = false;
        clearFieldErrors(filters);
        clearError();
      }
      next = page.next;
      const rows = page.items.map(incidentRow);
      if (more) append(list, ...rows);
      else replace(list, ...rows);
      count.textContent = filtered() ? matching(page.total, 'incident') : plural(page.total, 'incident');
      showEmpty(page.total === 0 && !more);
      moreBtn.hidden = !next;
    } catch (err) {
      if (mine !== seq) return;
      failed = true;
      if (!more) {
        replace(list);
        count.textContent = '';
        moreBtn.hidden = true;
        root.querySelector('.table').hidden = true;
      }
      // A filter the backend can't use (e.g. "to" before "from") is marked next to it.
      handleSaveError(filters, err, 'Could not load the incidents');
    } finally {
      if (mine === seq) {
        list.removeAttribute('aria-busy');
        moreBtn.disabled = false;
      }
    }
  }

  function showEmpty(show) {
    empty.hidden = !show;
    root.querySelector('.table').hidden = show;
    if (!show) return;
    if (filtered()) {
      replace(empty,
        h('p', null, 'No incidents match these filters.'),
        h('button', { type: 'button', id: 'clear-filters', class: 'button secondary' }, 'Clear filters'));
    } else {
      replace(empty,
        h('h2', null, 'No incidents yet'),
        h('p', null, 'When something goes wrong for a customer, press ', h('kbd', null, 'N'), ' or choose ',
          h('a', { href: '#/log' }, 'Log incident'), '.'));
    }
  }

  function update() {
    filter = {
      q: search.value,
      status: status.value,
      severity: severity.value,
      category_id: category.value,
      from: from.value,
      to: to.value,
    };
    setIncidentFilter(filter);
    load(false);
  }
  const updateSoon = debounce(update, 200);

  search.addEventListener('input', updateSoon);
  filters.addEventListener('change', (e) => {
    if (e.target !== search) update();
  });
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    updateSoon.flush();
  });
  moreBtn.addEventListener('click', () => load(true));
  empty.addEventListener('click', (e) => {
    if (e.target.id !== 'clear-filters') return;
    for (const el of [search, status, severity, category, from, to]) el.value = '';
    update();
    search.focus();
  });

  load(false);
  return { leave: () => updateSoon.cancel() };
}
