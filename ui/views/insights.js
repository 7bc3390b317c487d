// Insights: the owner's look back over a period (this month, the last three
// months, this year, or days they pick), compared like with like: the same
// days of the month, the 3 months or the year before, or as many days just
// before a period they pick. Headline figures first, then one card per chart: what
// goes wrong (per week and ranked, with root causes), how fast the shop
// answers and puts things right against the playbook's targets, what recovery
// costs, and how gestures, calls, promises, customers and prevention turned
// out.
//
// Every chart is an SVG from ../charts.js with a one-sentence aria-label, the
// same numbers in a table (always in the page for screen readers; "Show table"
// makes it visible) and "Copy as CSV". One get_insights call per period change.

import { getInsights, listCategories } from '../api.js';
import { h, replace, append } from '../dom.js';
import { state } from '../state.js';
import { money, moneyOptions, date, monthLabel, plural, share, intl } from '../format.js';
import { showError, clearError, toast, loading } from '../feedback.js';
import { field, input, select, handleSaveError, clearFieldErrors } from './form.js';
import {
  NEUTRAL, categoryColours, mondays, monthsBetween, fillAmounts, stackWeeks, percentages,
  durationText, changeText, cellText, tableCsv, svgEl,
  stackedColumns, paretoChart, barList, columnChart, shareBar,
} from '../charts.js';

const PERIODS = [
  { value: 'this_month', label: 'This month' },
  { value: 'last_3_months', label: 'Last 3 months' },
  { value: 'this_year', label: 'This year' },
  { value: 'custom', label: 'Custom…' },
];
const CHOICE_KEY = 'mend.insights.period';

// Colours for figures that are not about categories (the category colours come from charts.PALETTE).
const BRAND = '#0f766e';
const BRAND_LIGHT = '#6cc3b8';
const GOOD = '#009E73';
const MIXED = '#E69F00';
const BAD = '#D55E00';
const WAITING = '#56B4E9';

// Chart sizes in SVG units, close to their size on screen in the default window.
const WIDE = 860;
const HALF = 400;

/** Each chart card's table model and title, for "Copy as CSV". */
const MODELS = new WeakMap();
/** Charts whose table the owner chose to see; kept while Mend runs. */
const openTables = new Set();

export function render(root) {
  root.classList.add('insights-view');
  const choice = loadChoice();

  const periodSelect = select({ id: 'insights-period', name: 'period' }, PERIODS);
  periodSelect.value = choice.period;
  const from = input({ id: 'insights-from', name: 'from', type: 'date', value: choice.from });
  const to = input({ id: 'insights-to', name: 'to', type: 'date', value: choice.to });
  const apply = h('button', { type: 'submit', id: 'insights-apply', class: 'button primary' }, 'Show');
  const custom = h('div', { class: 'insights-custom', hidden: choice.period !== 'custom' },
    field({ label: 'From', control: from, keys: 'from' }),
    field({ label: 'To', control: to, keys: 'to', hint: 'Included.' }),
    h('div', { class: 'form-actions' }, apply));
  const form = h('form', { id: 'insights-form', class: 'insights-picker', novalidate: true, 'aria-label': 'Period' },
    field({ label: 'Period', control: periodSelect, keys: 'period' }),
    custom);
  const rangeLine = h('p', { id: 'insights-range', class: 'muted' });
  const results = h('div', { id: 'insights-results', class: 'insights-results' }, loading('Working out the figures…'));

  append(root, 
    h('header', { class: 'view-header' }, h('h1', null, 'Insights'), rangeLine),
    form,
    results,
  );

  // The shop's categories in display order, for colours that stay put across periods.
  const categoryOrder = listCategories(true)
    .then((list) => list.map((c) => c.name))
    .catch(() => []);

  let seq = 0;
  let shown = null; // the Insights on show

  async function load() {
    const mine = ++seq;
    const period = periodSelect.value;
    const isCustom = period === 'custom';
    clearFieldErrors(form);
    results.setAttribute('aria-busy', 'true');
    try {
      const [data, order] = await Promise.all([
        getInsights(period, isCustom ? from.value : null, isCustom ? to.value : null),
        categoryOrder,
      ]);
      if (mine !== seq || !root.isConnected) return;
      clearError();
      shown = data;
      saveChoice({ period, from: from.value, to: to.value });
      show(data, period, order);
    } catch (err) {
      if (mine !== seq || !root.isConnected) return;
      // Field messages go next to the days; the charts on show stay as they were.
      handleSaveError(form, err, 'The figures could not be shown');
      if (!shown) {
        replace(results, h('p', { id: 'insights-failed', class: 'muted' },
          'No figures to show yet. Choose a period above.'));
      }
    } finally {
      if (mine === seq) results.removeAttribute('aria-busy');
    }
  }

  function show(data, period, order) {
    const against = againstPhrase(period, data.period);
    replace(rangeLine, `${span(data.period)}, compared with ${span(data.previous)} (${against}).`);
    const names = [...new Set([
      ...data.pareto.map((p) => p.category),
      ...data.weekly.map((w) => w[1]),
      ...data.spend_by_category.map((s) => s.label),
    ])].sort();
    const colours = categoryColours(order.length ? order : names, names);
    replace(results,
      headlines(data, against),
      h('div', { class: 'insights-grid' },
        weeklyFigure(data, colours),
        paretoFigure(data, colours),
        responseFigure(data, against, 'first-response'),
        responseFigure(data, against, 'resolution'),
        spendMonthFigure(data),
        spendCategoryFigure(data, colours),
        gesturesFigure(data, against),
        promisesFigure(data),
        followUpsFigure(data),
        customersFigure(data),
        preventionFigure(data),
        recoveryFigure(data)));
  }

  periodSelect.addEventListener('change', () => {
    const isCustom = periodSelect.value === 'custom';
    custom.hidden = !isCustom;
    clearFieldErrors(form);
    if (isCustom) {
      // Start from the days on show; nothing is asked until "Show".
      if (!from.value && shown) from.value = shown.period.start;
      if (!to.value && shown) to.value = shown.period.end;
      from.focus();
    } else {
      load();
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });

  results.addEventListener('click', (e) => {
    const button = e.target.closest('button');
    const figure = button?.closest('figure[data-chart]');
    if (!figure || !results.contains(figure)) return;
    if (button.classList.contains('copy-csv')) copyCsv(figure);
    else if (button.classList.contains('show-table')) toggleTable(figure, button);
  });

  load();
  return null;
}

// ---- The chosen period ---------------------------------------------------------

function loadChoice() {
  const fallback = { period: 'this_month', from: '', to: '' };
  try {
    const saved = JSON.parse(localStorage.getItem(CHOICE_KEY) || 'null');
    if (!saved || !PERIODS.some((p) => p.value === saved.period)) return fallback;
    return { period: saved.period, from: String(saved.from || ''), to: String(saved.to || '') };
  } catch {
    return fallback;
  }
}

function saveChoice(choice) {
  try {
    localStorage.setItem(CHOICE_KEY, JSON.stringify(choice));
  } catch {
    /* storage unavailable: the choice is simply not remembered */
  }
}

/**
 * "the same days last month": the period compared with, in words, as the
 * backend chooses it (see Period::previous in crates/mend-core/src/domain/period.rs).
 */
function againstPhrase(period, days) {
  if (period === 'this_month') return 'the same days last month';
  if (period === 'last_3_months') return 'the same days 3 months earlier';
  if (period === 'this_year') return 'the same days a year ago';
  const n = dayCount(days);
  return n === 1 ? 'the day before' : `the ${n} days before`;
}

function dayCount({ start, end }) {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
}

function span({ start, end }) {
  return start === end ? date(start) : `${date(start)} – ${date(end)}`;
}

const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1);

// ---- Formatting ----------------------------------------------------------------

function localDay(text) {
  const [y, m, d] = text.split('-').map(Number);
  return new Date(y, m - 1, d || 1);
}

/** "2 Nov". */
const dayMonth = (text) => intl(Intl.DateTimeFormat, { day: 'numeric', month: 'short' }).format(localDay(text));
/** "2026-11" -> "Nov". */
const shortMonth = (text) => intl(Intl.DateTimeFormat, { month: 'short' }).format(localDay(text));

/** Money for an axis: whole units when the step allows ("€250"). */
function moneyTick(cents) {
  const whole = cents % 100 === 0;
  try {
    return intl(Intl.NumberFormat, {
      ...moneyOptions(state.settings.currency || 'EUR'), minimumFractionDigits: 0, maximumFractionDigits: whole ? 0 : 2,
    }).format(cents / 100);
  } catch {
    return money(cents);
  }
}

/** A money cell: the amount on screen, units (not cents) in the CSV. */
const moneyCell = (cents) => ({ text: money(cents), csv: Number(cents) / 100 });
/** A duration cell: "3 h 20 min" on screen, minutes in the CSV. */
const minutesCell = (minutes) => ({ text: durationText(minutes), csv: minutes ?? '' });
/** A share cell: "25%" on screen, 25 in the CSV. */
const percentCell = (p) => ({ text: `${p}%`, csv: p });

const sum = (values) => values.reduce((a, b) => a + b, 0);

// ---- Cards -------------------------------------------------------------------------

function stat(id, value, label, note) {
  return h('div', { class: 'stat insights-stat', id },
    h('span', { class: 'stat-value' }, value),
    h('span', { class: 'stat-label' }, label),
    note ? h('span', { class: 'stat-note' }, note) : null);
}

function headlines(data, against) {
  const incidents = data.incidents;
  const first = data.first_response;
  const t = data.targets;
  const spend = sum(data.spend_by_month.map((m) => m.cents));
  let responseNote = null;
  if (incidents.now && t.first_response_minutes !== null) {
    responseNote = withinTarget(t.first_response_met, incidents.now, t.first_response_minutes, data.first_response_waiting);
  } else if (data.previous_first_response.median_minutes !== null) {
    responseNote = `${durationText(data.previous_first_response.median_minutes)} in ${against}`;
  }
  return h('section', { id: 'insights-headlines', class: 'stats insights-stats', 'aria-label': 'Headline figures' },
    stat('insights-incidents', String(incidents.now), incidents.now === 1 ? 'incident' : 'incidents',
      changeText(incidents, against)),
    stat('insights-first-response', durationText(first.median_minutes), 'median time to first response', responseNote),
    stat('insights-spend', money(spend), 'spent on gestures', data.gestures.now
      ? `${plural(data.gestures.now, 'gesture')}, ${share(data.gestures_redeemed, data.gestures.now)} redeemed`
      : 'no gestures given'),
    stat('insights-came-back', share(data.came_back, data.recovered_customers), 'of recovered customers came back',
      data.recovered_customers ? `${data.came_back} of ${data.recovered_customers}` : 'no customer recovered yet'));
}

/**
 * A chart card: <figure data-chart=key> with the title and tools, the SVG (or
 * a plain sentence when there is nothing to draw), anything extra, and the
 * table with the same numbers.
 */
function chartFigure({ key, title, lead = null, svg, empty, extra = null, model, wide = false }) {
  const titleId = `chart-${key}-title`;
  const tableId = `chart-${key}-table`;
  const open = openTables.has(key);
  const figure = h('figure', { class: wide ? 'chart-card wide' : 'chart-card', 'data-chart': key, 'aria-labelledby': titleId },
    h('figcaption', { class: 'chart-head' },
      h('h2', { id: titleId }, title),
      h('span', { class: 'chart-tools' },
        h('button', { type: 'button', class: 'link-button show-table', 'aria-controls': tableId }, open ? 'Hide table' : 'Show table'),
        h('button', { type: 'button', class: 'link-button copy-csv', disabled: !model.rows.length }, 'Copy as CSV'))),
    lead ? h('p', { class: 'chart-lead' }, lead) : null,
    svg || h('p', { class: 'chart-empty' }, empty),
    extra,
    h('div', { class: open ? 'chart-table' : 'chart-table visually-hidden', id: tableId }, dataTable(model, title)));
  MODELS.set(figure, { model, title });
  return figure;
}

function dataTable(model, caption) {
  const numeric = model.columns.map((c) => Boolean(c.num));
  return h('table', { class: 'data-table chart-data' },
    h('caption', null, caption),
    h('thead', null, h('tr', null, model.columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
    h('tbody', null, model.rows.length
      ? model.rows.map((row) => h('tr', null, row.map((cell, i) => (i === 0
        ? h('th', { scope: 'row' }, cellText(cell))
        : h('td', { class: numeric[i] ? 'num' : null }, cellText(cell))))))
      : h('tr', null, h('td', { colspan: String(model.columns.length), class: 'muted' }, 'Nothing in this period.'))));
}

function swatch(colour) {
  return svgEl('svg', { class: 'swatch', viewBox: '0 0 10 10', width: 10, height: 10, 'aria-hidden': 'true', focusable: 'false' },
    svgEl('rect', { width: 10, height: 10, rx: 2, fill: colour }));
}

function legend(entries) {
  return h('ul', { class: 'chart-legend' },
    entries.map((e) => h('li', null, swatch(e.colour), h('span', { class: 'legend-label' }, e.label),
      e.note !== undefined ? h('span', { class: 'legend-note' }, e.note) : null)));
}

async function copyCsv(figure) {
  const entry = MODELS.get(figure);
  if (!entry) return;
  const csv = tableCsv(entry.model);
  try {
    if (!navigator.clipboard?.writeText) throw new Error('No clipboard');
    await navigator.clipboard.writeText(csv);
    toast(`“${entry.title}” is on the clipboard as CSV (${plural(entry.model.rows.length, 'row')}). Paste it into a spreadsheet.`);
  } catch {
    showError('The table could not be put on the clipboard: this computer refused it. Choose “Show table”, select the figures and copy them instead.');
  }
}

function toggleTable(figure, button) {
  const box = figure.querySelector('.chart-table');
  const hidden = box.classList.toggle('visually-hidden');
  button.textContent = hidden ? 'Show table' : 'Hide table';
  if (hidden) openTables.delete(figure.dataset.chart);
  else openTables.add(figure.dataset.chart);
}

// ---- What goes wrong -----------------------------------------------------------

function weeklyFigure(data, colours) {
  const order = data.pareto.map((p) => p.category);
  const stack = stackWeeks(data.weekly, mondays(data.period.start, data.period.end), order);
  const total = sum(stack.columns.map((c) => c.total));
  const busiest = stack.columns.reduce((a, c) => (c.total > a.total ? c : a), { total: 0, week: null });
  const perCategory = new Map(stack.categories.map((c) => [c, 0]));
  for (const col of stack.columns) for (const seg of col.segments) perCategory.set(seg.category, perCategory.get(seg.category) + seg.count);
  const summary = total
    ? `Incidents per week, ${span(data.period)}: ${plural(total, 'incident')} over ${plural(stack.columns.length, 'week')}; the busiest was the week of ${date(busiest.week)} with ${busiest.total}.`
    : '';
  const svg = total
    ? stackedColumns({
      columns: stack.columns,
      colour: (c) => colours.get(c) || NEUTRAL,
      label: dayMonth,
      title: (col, seg) => `Week of ${date(col.week)}: ${seg.category} ${seg.count} of ${col.total}`,
      width: WIDE,
      height: 230,
      summary,
    })
    : null;
  const countIn = (col, category) => col.segments.find((s) => s.category === category)?.count || 0;
  return chartFigure({
    key: 'weekly',
    title: 'Incidents per week',
    lead: total ? 'Each column is a week (from Monday), split by category.' : null,
    svg,
    empty: 'No incidents in this period.',
    extra: total ? legend(stack.categories.map((c) => ({ label: c, colour: colours.get(c) || NEUTRAL, note: String(perCategory.get(c)) }))) : null,
    model: total
      ? {
        columns: [{ label: 'Week of' }, ...stack.categories.map((c) => ({ label: c, num: true })), { label: 'Total', num: true }],
        rows: stack.columns.map((col) => [{ text: date(col.week), csv: col.week }, ...stack.categories.map((c) => countIn(col, c)), col.total]),
      }
      : { columns: [{ label: 'Week of' }, { label: 'Total', num: true }], rows: [] },
    wide: true,
  });
}

function paretoFigure(data, colours) {
  const items = data.pareto.map((p) => ({
    label: p.category, count: p.count, percent: p.cumulative_percent, colour: colours.get(p.category) || NEUTRAL,
  }));
  const total = sum(items.map((it) => it.count));
  let summary = '';
  if (total) {
    const top = items.slice(0, 3).map((it) => `${it.label} ${it.count}`).join(', ');
    const cut = items.findIndex((it) => it.percent >= 80);
    const k = cut === -1 ? items.length : cut + 1;
    summary = `Categories ranked by incidents: ${top}. The first ${plural(k, 'category', 'categories')} of ${items.length} account for ${items[k - 1].percent}% of incidents.`;
  }
  const causes = total
    ? h('div', { class: 'pareto-causes' },
      h('h3', null, 'Root causes found'),
      h('ul', null, data.pareto.map((p) => h('li', null,
        swatch(colours.get(p.category) || NEUTRAL),
        h('span', { class: 'cause-category' }, p.category),
        p.root_causes.length
          ? h('span', { class: 'cause-list' }, p.root_causes.join(' · '))
          : h('span', { class: 'cause-list muted' }, 'none recorded yet')))))
    : null;
  return chartFigure({
    key: 'pareto',
    title: 'What goes wrong most',
    lead: total ? 'Categories from most to fewest incidents; the line adds up their share of all incidents.' : null,
    svg: total ? paretoChart({ items, width: WIDE, height: 270, summary }) : null,
    empty: 'No incidents in this period.',
    extra: causes,
    model: {
      columns: [{ label: 'Category' }, { label: 'Incidents', num: true }, { label: 'Cumulative share', num: true }, { label: 'Most common root causes' }],
      rows: data.pareto.map((p) => [
        p.category,
        p.count,
        percentCell(p.cumulative_percent),
        { text: p.root_causes.join(' · ') || '—', csv: p.root_causes.join('; ') },
      ]),
    },
    wide: true,
  });
}

// ---- How fast ----------------------------------------------------------------------

/**
 * "3 of 5 within the 5 min target · 1 still waiting for a first response":
 * counted over every incident of the period, those still waiting included.
 */
function withinTarget(met, total, target, waiting = 0) {
  const line = `${met} of ${total} within the ${durationText(target)} target`;
  return waiting ? `${line} · ${waiting} still waiting for a first response` : line;
}

function responseFigure(data, against, key) {
  const first = key === 'first-response';
  const spread = first ? data.first_response : data.resolution;
  const before = first ? data.previous_first_response : data.previous_resolution;
  const target = first ? data.targets.first_response_minutes : data.targets.resolution_minutes;
  const met = first ? data.targets.first_response_met : data.targets.resolution_met;
  // A first response is measured against every incident of the period (those
  // still waiting are not within target); resolution against those resolved.
  const waiting = first ? (data.first_response_waiting || 0) : 0;
  const total = spread.count + waiting;
  const title = first ? 'Time to first response' : 'Time to resolution';
  const playbook = data.targets.playbook;
  const hasTarget = target !== null && target !== undefined;
  let summary = '';
  if (spread.count) {
    summary = `${title}: median ${durationText(spread.median_minutes)}, 90% within ${durationText(spread.p90_minutes)}, over ${plural(spread.count, 'incident')}`;
    summary += hasTarget ? `; ${met} of ${total} within the ${durationText(target)} target` : '';
    summary += waiting ? `; ${waiting} still waiting for a first response.` : '.';
  }
  const svg = spread.count
    ? barList({
      items: [
        { label: 'Median', value: spread.median_minutes, text: durationText(spread.median_minutes), colour: BRAND },
        { label: '90% within', value: spread.p90_minutes, text: durationText(spread.p90_minutes), colour: BRAND_LIGHT },
      ],
      target: hasTarget ? target : null,
      targetText: hasTarget ? `Target ${durationText(target)}` : '',
      width: HALF,
      labelWidth: 84,
      summary,
    })
    : null;
  let targetNote = `“${playbook}” sets no target for this.`;
  if (hasTarget) {
    targetNote = total
      ? `${met} of ${total} within the target of ${durationText(target)} in “${playbook}”.`
      : `The target in “${playbook}” is ${durationText(target)}.`;
  }
  const notes = h('div', { class: 'chart-notes' },
    h('p', null, targetNote),
    waiting
      ? h('p', { class: 'first-response-waiting' },
        `${plural(waiting, 'incident')} of this period ${waiting === 1 ? 'is' : 'are'} still waiting for a first response.`)
      : null,
    h('p', { class: 'muted' }, before.count
      ? `${capital(against)}: median ${durationText(before.median_minutes)}, 90% within ${durationText(before.p90_minutes)}.`
      : `No figures for ${against}.`));
  return chartFigure({
    key,
    title,
    lead: first
      ? 'From logging the complaint to the first step ticked off, or to resolving it when no step was ticked.'
      : 'From logging the complaint to resolving it.',
    svg,
    empty: first ? 'No incident of this period has had a first response yet.' : 'No incident of this period has been resolved yet.',
    extra: notes,
    model: {
      columns: [{ label: 'Figure' }, { label: 'This period', num: true }, { label: capital(against), num: true }],
      rows: [
        [{ text: 'Median', csv: 'Median (minutes)' }, minutesCell(spread.median_minutes), minutesCell(before.median_minutes)],
        [{ text: '90% within', csv: '90th percentile (minutes)' }, minutesCell(spread.p90_minutes), minutesCell(before.p90_minutes)],
        ['Incidents measured', spread.count, before.count],
        ...(first ? [['Still waiting for a first response', waiting, '']] : []),
        [{ text: 'Target', csv: 'Target (minutes)' }, hasTarget ? minutesCell(target) : { text: 'none', csv: '' }, ''],
        ['Within target', hasTarget ? met : { text: '—', csv: '' }, ''],
      ],
    },
  });
}

// ---- What it costs -----------------------------------------------------------------

function spendMonthFigure(data) {
  const months = fillAmounts(monthsBetween(data.period.start, data.period.end), data.spend_by_month);
  const total = sum(months.map((m) => m.cents));
  const most = months.reduce((a, m) => (m.cents > a.cents ? m : a), { cents: 0, label: '' });
  const summary = total
    ? `Spend on gestures per month, ${span(data.period)}: ${money(total)} in all, the most in ${monthLabel(most.label)} (${money(most.cents)}).`
    : '';
  const code = state.settings.currency || '';
  return chartFigure({
    key: 'spend-month',
    title: 'Spend per month',
    lead: total ? `${money(total)} on gestures in all.` : null,
    svg: total
      ? columnChart({
        items: months.map((m) => ({ label: shortMonth(m.label), value: m.cents, title: `${monthLabel(m.label)}: ${money(m.cents)}` })),
        colour: BRAND,
        tickLabel: moneyTick,
        width: HALF,
        height: 200,
        summary,
      })
      : null,
    empty: 'No gestures were given in this period.',
    model: {
      columns: [{ label: 'Month' }, { label: 'Spend', csv: `Spend (${code})`, num: true }],
      rows: total ? months.map((m) => [{ text: monthLabel(m.label), csv: m.label }, moneyCell(m.cents)]) : [],
    },
  });
}

function spendCategoryFigure(data, colours) {
  const lines = data.spend_by_category.filter((s) => s.cents > 0);
  const total = sum(lines.map((s) => s.cents));
  const summary = total
    ? `Spend on gestures per category: ${lines.slice(0, 3).map((s) => `${s.label} ${money(s.cents)}`).join(', ')}.`
    : '';
  const code = state.settings.currency || '';
  const pcts = percentages(lines.map((s) => s.cents));
  return chartFigure({
    key: 'spend-category',
    title: 'Spend per category',
    lead: total ? 'Gestures by the kind of problem they put right.' : null,
    svg: total
      ? barList({
        items: lines.map((s) => ({ label: s.label, value: s.cents, text: money(s.cents), colour: colours.get(s.label) || NEUTRAL })),
        width: HALF,
        labelWidth: 118,
        summary,
      })
      : null,
    empty: 'No gestures were given in this period.',
    model: {
      columns: [{ label: 'Category' }, { label: 'Spend', csv: `Spend (${code})`, num: true }, { label: 'Share', num: true }],
      rows: lines.map((s, i) => [s.label, moneyCell(s.cents), percentCell(pcts[i])]),
    },
  });
}

// ---- How it turned out ---------------------------------------------------------------

/** A card with one 100% bar, its legend (count and share of each part) and a table of the same. */
function shareFigure({ key, title, lead, parts, empty, first = 'Part', extraRows = [], extra = null, wide = false }) {
  const total = sum(parts.map((p) => p.value));
  const pcts = percentages(parts.map((p) => p.value));
  const summary = total
    ? `${title}: ${parts.map((p, i) => `${p.label} ${p.value} (${pcts[i]}%)`).join(', ')}.`
    : '';
  return chartFigure({
    key,
    title,
    lead: total ? lead : null,
    svg: total ? shareBar({ parts, width: wide ? WIDE : HALF, summary }) : null,
    empty,
    extra: [
      total ? legend(parts.map((p, i) => ({ label: p.label, colour: p.colour, note: `${p.value} (${pcts[i]}%)` }))) : null,
      extra,
    ],
    model: {
      columns: [{ label: first }, { label: 'Count', num: true }, { label: 'Share', num: true }],
      rows: total ? [...parts.map((p, i) => [p.label, p.value, percentCell(pcts[i])]), ...extraRows] : extraRows,
    },
    wide,
  });
}

function gesturesFigure(data, against) {
  const given = data.gestures.now;
  const redeemed = data.gestures_redeemed;
  return shareFigure({
    key: 'gestures',
    title: 'Gestures redeemed',
    lead: `${plural(given, 'gesture')} given (${changeText(data.gestures, against)}); ${share(redeemed, given)} of them redeemed.`,
    parts: [
      { label: 'Redeemed', value: redeemed, colour: BRAND },
      { label: 'Not redeemed yet', value: Math.max(0, given - redeemed), colour: NEUTRAL },
    ],
    empty: 'No gestures were given in this period.',
    first: 'Gestures',
    extraRows: [['Given', given, ''], [`Given in ${against}`, data.gestures.before, '']],
  });
}

function followUpsFigure(data) {
  const [satisfied, partly, not, unreachable] = data.follow_up_outcomes;
  const total = satisfied + partly + not + unreachable;
  return shareFigure({
    key: 'follow-ups',
    title: 'Follow-up calls',
    lead: `${share(satisfied, total)} of ${plural(total, 'call')} found the customer satisfied.`,
    parts: [
      { label: 'Satisfied', value: satisfied, colour: GOOD },
      { label: 'Partly satisfied', value: partly, colour: MIXED },
      { label: 'Not satisfied', value: not, colour: BAD },
      { label: 'Unreachable', value: unreachable, colour: NEUTRAL },
    ],
    empty: 'No follow-up calls were made in this period.',
    first: 'Outcome',
  });
}

function promisesFigure(data) {
  const [kept, broken, open] = data.promises;
  const moved = data.promises_moved || 0;
  const total = kept + broken + open;
  return shareFigure({
    key: 'promises',
    title: 'Promises kept',
    lead: `${kept} of ${plural(total, 'promise')} due in this period kept (${share(kept, total)}).`,
    parts: [
      { label: 'Kept', value: kept, colour: GOOD },
      { label: 'Broken', value: broken, colour: BAD },
      { label: 'Still open', value: open, colour: WAITING },
    ],
    empty: 'No promises fell due in this period.',
    first: 'Promises',
    extraRows: [['Moved to a new date', moved, '']],
    extra: h('p', { id: 'insights-promises-moved', class: 'chart-notes' }, moved
      ? `Promises moved to a new date: ${moved} ${moved === 1 ? 'time' : 'times'} in this period. Each move is a longer wait for the customer.`
      : 'No promise was moved to a new date in this period.'),
  });
}

function customersFigure(data) {
  const recovered = data.recovered_customers;
  const back = data.came_back;
  const repeat = data.repeat_complainants;
  return shareFigure({
    key: 'customers',
    title: 'Customers who came back',
    lead: `${back} of ${plural(recovered, 'customer')} whose problem was put right came back.`,
    parts: [
      { label: 'Came back', value: back, colour: GOOD },
      { label: 'Not back yet', value: Math.max(0, recovered - back), colour: NEUTRAL },
    ],
    empty: 'No customer’s problem was put right in this period.',
    first: 'Customers',
    extraRows: [['Recovered', recovered, ''], ['Complained twice or more', repeat, '']],
    extra: h('p', { id: 'insights-repeat', class: 'chart-notes' }, repeat
      ? `${plural(repeat, 'customer')} complained twice or more in this period: a second failure hurts far more, so look after them first.`
      : 'No customer complained twice in this period.'),
  });
}

function preventionFigure(data) {
  const [open, done] = data.prevention;
  const total = open + done;
  return shareFigure({
    key: 'prevention',
    title: 'Prevention actions',
    lead: `${done} of ${plural(total, 'action')} to stop problems coming back done; ${open} still open.`,
    parts: [
      { label: 'Done', value: done, colour: GOOD },
      { label: 'Open', value: open, colour: MIXED },
    ],
    empty: 'No prevention actions were recorded in this period.',
    first: 'Actions',
    wide: true,
  });
}

// ---- Recovery that works (issue 19) ---------------------------------------------------

/**
 * Per category, the kinds of gesture given on the incidents resolved in the period: how many,
 * the share satisfied at the follow-up call and the share who came back within 90 days, against
 * the average cost. A group's figures show only with enough cases; its count always shows.
 */
function recoveryFigure(data) {
  const lines = data.recovery || [];
  const shown = lines.filter((l) => l.group.enough);
  const code = state.settings.currency || '';
  const label = (l) => `${l.category}: ${l.group.label}`;
  const summary = shown.length
    ? `Customers who came back after each kind of gesture: ${shown.slice(0, 3).map((l) => `${label(l)} ${l.group.came_back_percent}%`).join(', ')}.`
    : '';
  return chartFigure({
    key: 'recovery',
    title: 'Recovery that works',
    wide: true,
    lead: lines.length
      ? `Incidents resolved in this period, by what was given: the share who came back within 90 days, against the cost. Groups of fewer than 8 show their count only.`
      : null,
    svg: shown.length
      ? barList({
        items: shown.map((l) => ({
          label: label(l),
          value: l.group.came_back_percent,
          text: `${l.group.came_back_percent}%`,
          colour: NEUTRAL,
        })),
        width: HALF * 2,
        labelWidth: 190,
        summary,
      })
      : null,
    empty: lines.length
      ? 'Not enough history yet: a kind of gesture needs at least 8 cases in a category before its figures show.'
      : 'No incidents were resolved in this period.',
    model: {
      columns: [
        { label: 'Category' },
        { label: 'Given' },
        { label: 'Cases', num: true },
        { label: 'Satisfied at the call', csv: 'Satisfied (%)', num: true },
        { label: 'Came back within 90 days', csv: 'Came back within 90 days (%)', num: true },
        { label: 'Average cost', csv: `Average cost (${code})`, num: true },
      ],
      rows: lines.map((l) => [
        l.category,
        l.group.label,
        l.group.count,
        l.group.enough ? percentCell(l.group.satisfied_percent) : { text: 'too few', csv: '' },
        l.group.enough ? percentCell(l.group.came_back_percent) : { text: 'too few', csv: '' },
        l.group.enough ? moneyCell(l.group.average_cents) : { text: '—', csv: '' },
      ]),
    },
  });
}
