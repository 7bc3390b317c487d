// Today: the home screen. Counts and the open incidents (late ones first,
// then oldest first), each with its next step.

import { getToday } from '../api.js';
import { h, replace, arrowNavigation } from '../dom.js';
import { showError, loading } from '../feedback.js';
import { age, severityClass } from '../format.js';
import { severityInfo, setIncidentFilter } from '../state.js';

const dayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });

export function render(root) {
  const body = h('div', { class: 'today-body', 'aria-live': 'polite' }, loading());
  root.append(
    h('header', { class: 'view-header' }, h('h1', null, 'Today'), h('p', { class: 'muted' }, dayFmt.format(new Date()))),
    body,
  );

  getToday()
    .then((today) => {
      if (root.isConnected) replace(body, today.total_incidents === 0 ? emptyState(today) : dashboard(today));
    })
    .catch((err) => {
      if (!root.isConnected) return;
      replace(body, h('p', null, 'Today’s overview could not be loaded.'));
      showError(err);
    });
}

function emptyState(today) {
  return h(
    'div',
    { id: 'today-empty', class: 'empty-state' },
    h('h2', null, 'No complaints logged yet'),
    h('p', null, 'When something goes wrong for a customer, press ', h('kbd', null, 'N'), ' or choose ',
      h('a', { href: '#/log' }, 'Log incident'), ' and write down what happened. It takes less than a minute.'),
    today.staff_count === 0
      ? h('p', { id: 'staff-hint' }, 'First, add the names of the people who work here in ', h('a', { href: '#/settings' }, 'Settings'),
          ', so everyone can pick their own name and the log shows who did what.')
      : null,
  );
}

function dashboard(today) {
  const list = h('ul', { id: 'open-incidents', class: 'row-list' }, today.open_incidents.map(openRow));
  arrowNavigation(list, '.incident-row');
  const more = today.open_count > today.open_incidents.length;
  return [
    h('div', { class: 'stats' },
      stat('count-open', today.open_count, 'Open'),
      today.overdue_count > 0 ? stat('count-overdue', today.overdue_count, 'Late on a step', 'late') : null,
      stat('count-today', today.logged_today, 'Logged today'),
      stat('count-resolved', today.resolved_today, 'Resolved today')),
    today.staff_count === 0
      ? h('p', { id: 'staff-hint', class: 'notice' }, 'Tip: add staff names in ', h('a', { href: '#/settings' }, 'Settings'), ' so the log shows who did what.')
      : null,
    h('section', { class: 'panel' },
      h('h2', null, 'Open incidents ', h('span', { class: 'muted small' }, today.overdue_count > 0 ? 'late ones first, then oldest' : 'oldest first')),
      today.open_incidents.length
        ? list
        : h('p', { class: 'empty' }, 'Nothing is open. Every complaint so far has been resolved.'),
      more
        ? h('p', null, h('a', { href: '#/incidents', id: 'all-open', onclick: () => setIncidentFilter({ status: 'open' }) },
            `See all ${today.open_count} open incidents`))
        : null),
  ];
}

function stat(id, value, label, extra = '') {
  return h('div', { class: extra ? `stat ${extra}` : 'stat' }, h('span', { class: 'stat-value', id }, String(value)), h('span', { class: 'stat-label' }, label));
}

/** "Next: Say sorry", or the late step flagged in red. */
function nextStep(inc) {
  if (inc.overdue) {
    return h('span', { class: 'row-step late' },
      h('strong', { class: 'step-label' }, 'Late: '), inc.overdue_step || inc.next_step || 'a step is past its target');
  }
  if (inc.next_step) return h('span', { class: 'row-step' }, h('span', { class: 'step-label' }, 'Next: '), inc.next_step);
  return null; // every step done, or logged before checklists existed
}

function openRow(inc) {
  const sev = severityInfo(inc.severity);
  return h(
    'li',
    { class: inc.overdue ? 'overdue' : null },
    h('a', { class: inc.overdue ? 'incident-row card-row overdue' : 'incident-row card-row', href: `#/incidents/${inc.id}`, 'data-id': String(inc.id) },
      h('span', { class: `badge ${severityClass(inc.severity)}`, title: `Severity ${sev.value}: ${sev.label}` }, String(inc.severity)),
      h('span', { class: 'row-main' },
        h('span', { class: 'row-title' },
          h('strong', null, inc.customer_name),
          inc.category_name ? h('span', { class: 'muted' }, ` · ${inc.category_name}`) : null,
          h('span', { class: 'visually-hidden' }, ` · severity ${sev.value}, ${sev.label}`)),
        h('span', { class: 'row-summary' }, inc.summary || ''),
        nextStep(inc)),
      h('span', { class: 'row-age', title: 'Waiting for' }, age(inc.received_at))),
  );
}
