// Row renderers shared by several lists.

import { h } from '../dom.js';
import { age, when, severityClass } from '../format.js';
import { severityInfo } from '../state.js';

/** Column headings for incidentRow (visual only; each row reads fine on its own). */
export function incidentHead() {
  return h('div', { class: 'list-head incident-cols', 'aria-hidden': 'true' },
    h('span', null, 'Received'), h('span', null, 'Customer'), h('span', null, 'Category'),
    h('span', null, 'Severity'), h('span', null, 'Status'), h('span', null, 'Age'));
}

/** One incident as a link row: date, customer (+summary), category, severity, status, age. */
export function incidentRow(inc) {
  const sev = severityInfo(inc.severity);
  return h(
    'li',
    null,
    h('a', { class: 'incident-row incident-cols', href: `#/incidents/${inc.id}`, 'data-id': String(inc.id) },
      h('span', { class: 'cell-date' }, when(inc.received_at)),
      h('span', { class: 'cell-main' },
        h('span', { class: 'cell-name user-text', title: inc.customer_name }, inc.customer_name),
        inc.summary ? h('span', { class: 'row-summary' }, inc.summary) : null),
      h('span', { class: 'cell-category' }, inc.category_name || '—'),
      h('span', null, severityBadge(inc.severity, sev)),
      h('span', null, statusPill(inc.status)),
      h('span', { class: 'cell-age' }, age(inc.received_at))),
  );
}

export function severityBadge(value, sev = severityInfo(value)) {
  return h('span', { class: `badge ${severityClass(value)}`, title: sev.description || sev.label },
    String(value), h('span', { class: 'badge-label' }, sev.label));
}

export function statusPill(status) {
  const open = status !== 'resolved';
  return h('span', { class: open ? 'pill open' : 'pill resolved' }, open ? 'Open' : 'Resolved');
}
