// Small SVG charts for the Insights screen, drawn by our own code.
//
// Two layers, so the arithmetic can be tested without a browser:
// - Pure helpers that turn plain data into numbers and text: nice axis ticks,
//   band positions, weekly stacks, Pareto line points, shares that add up to
//   100, label wrapping, durations and CSV. They never touch the DOM
//   (tests/ui/charts.test.mjs runs them under `node --test`).
// - Builders that draw SVG elements with document.createElementNS from those
//   numbers. They only draw: every label arrives already formatted, and every
//   colour is chosen by the caller (see categoryColours).
//
// Each builder returns an <svg role="img"> whose aria-label the caller sets to
// a one-sentence summary; the same numbers go into a table next to the chart.

const SVG_NS = 'http://www.w3.org/2000/svg';
const DAY_MS = 86_400_000;

// ---- Colours ----------------------------------------------------------------

/**
 * Colours for categories: the Okabe–Ito set (told apart by people with the
 * common kinds of colour blindness), then a few of Paul Tol's for shops with
 * more categories. Yellow comes last of the first group: it is the weakest on
 * white.
 */
export const PALETTE = [
  '#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442',
  '#882255', '#44AA99', '#999933', '#332288', '#AA4499',
];

/** Grey for "No category" and for the part of a share that is "not (yet)". */
export const NEUTRAL = '#a3adb8';

/** The label the backend gives incidents without a category. */
export const NO_CATEGORY = 'No category';

/**
 * A colour for every category name, stable across charts and periods: the
 * shop's categories in their display order (`known`, retired ones included)
 * take the palette in turn; names not in that list (`others`, e.g. a category
 * renamed since) follow in the order given. "No category" is always grey.
 * -> Map(name -> colour)
 */
export function categoryColours(known = [], others = []) {
  const colours = new Map();
  let next = 0;
  for (const name of [...known, ...others]) {
    if (colours.has(name)) continue;
    if (name === NO_CATEGORY) {
      colours.set(name, NEUTRAL);
    } else {
      colours.set(name, PALETTE[next % PALETTE.length]);
      next += 1;
    }
  }
  return colours;
}

/** '#0072B2' -> [0, 114, 178]; anything unreadable -> null. */
export function parseHex(colour) {
  const m = /^#?([0-9a-f]{6})$/i.exec(String(colour || '').trim());
  if (!m) return null;
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function luminance([r, g, b]) {
  const lin = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** White or dark ink, whichever reads better on `fill` (by WCAG contrast). */
export function inkOn(fill) {
  const rgb = parseHex(fill);
  if (!rgb) return '#1f2933';
  const l = luminance(rgb);
  const dark = luminance([0x1f, 0x29, 0x33]);
  const onWhite = 1.05 / (l + 0.05);
  const onDark = (l + 0.05) / (dark + 0.05);
  return onWhite >= onDark ? '#ffffff' : '#1f2933';
}

// ---- Scales and layout ------------------------------------------------------------

const tidy = (v) => Math.round(v * 1e9) / 1e9;

/**
 * Axis ticks from 0 to a round top at or above `max`, at steps of 1, 2, 2.5
 * or 5 times a power of ten (`integer` leaves out 2.5 and steps below 1, for
 * counts). About `count` steps. A max of 0 (or anything not a positive
 * number) gives the ticks [0, 1] so an axis can still be drawn.
 * -> { step, top, ticks: [0, step, ..., top] }
 */
export function niceTicks(max, { count = 5, integer = false } = {}) {
  if (!Number.isFinite(max) || max <= 0) return { step: 1, top: 1, ticks: [0, 1] };
  const raw = max / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  let nice;
  if (norm <= 1) nice = 1;
  else if (norm <= 2) nice = 2;
  else if (norm <= 2.5 && !integer) nice = 2.5;
  else if (norm <= 5) nice = 5;
  else nice = 10;
  let step = tidy(nice * magnitude);
  if (integer) step = Math.max(1, Math.ceil(step));
  const top = tidy(Math.ceil(tidy(max / step)) * step);
  const ticks = [];
  for (let i = 0; tidy(i * step) <= top; i += 1) ticks.push(tidy(i * step));
  return { step, top, ticks };
}

/** How far `value` reaches along an axis of `length` whose top is `top` (0 when top is 0). */
export function scaled(value, top, length) {
  if (!(top > 0) || !Number.isFinite(value)) return 0;
  return (Math.max(0, value) / top) * length;
}

/**
 * `n` equal bands across `width`: each { x, w, mid } with the bar `w` wide and
 * centred in its band, leaving `padding` (a share of the band) as gap, and no
 * wider than `maxWidth`. n = 0 -> [].
 */
export function bands(n, width, { padding = 0.25, maxWidth = Infinity } = {}) {
  if (!(n > 0) || !(width > 0)) return [];
  const step = width / n;
  const w = Math.min(step * (1 - padding), maxWidth);
  return Array.from({ length: n }, (_, i) => ({ x: i * step + (step - w) / 2, w, mid: i * step + step / 2 }));
}

/**
 * Every how many bands to write a label so that labels are at least `minGap`
 * apart: 1 = every band, 2 = every other one, ...
 */
export function labelEvery(n, width, minGap) {
  if (!(n > 0) || !(width > 0)) return 1;
  return Math.max(1, Math.ceil(minGap / (width / n)));
}

// ---- Dates ------------------------------------------------------------------

function parseDay(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || '');
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

function isoDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The Mondays ("YYYY-MM-DD") of the weeks that overlap the days start..end, in order. */
export function mondays(start, end) {
  const s = parseDay(start);
  const e = parseDay(end);
  if (s === null || e === null || s > e) return [];
  const back = (new Date(s).getUTCDay() + 6) % 7;
  const out = [];
  for (let t = s - back * DAY_MS; t <= e; t += 7 * DAY_MS) out.push(isoDay(t));
  return out;
}

/** The months ("YYYY-MM") that overlap the days start..end, in order. */
export function monthsBetween(start, end) {
  const s = parseDay(start);
  const e = parseDay(end);
  if (s === null || e === null || s > e) return [];
  const out = [];
  const d = new Date(s);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth();
  const last = new Date(e);
  while (y < last.getUTCFullYear() || (y === last.getUTCFullYear() && m <= last.getUTCMonth())) {
    out.push(`${y}-${String(m + 1).padStart(2, '0')}`);
    m += 1;
    if (m === 12) {
      m = 0;
      y += 1;
    }
  }
  return out;
}

/**
 * Amounts per label filled in for every label of `labels` (missing ones are
 * 0), followed by any label of `amounts` that `labels` lacks, in order.
 * amounts: [{ label, cents }] -> [{ label, cents }]
 */
export function fillAmounts(labels, amounts) {
  const given = new Map((amounts || []).map((a) => [a.label, a.cents]));
  const all = [...labels, ...[...given.keys()].filter((l) => !labels.includes(l)).sort()];
  return all.map((label) => ({ label, cents: given.get(label) || 0 }));
}

// ---- Data shaping -------------------------------------------------------------

/**
 * Weekly counts stacked by category.
 * weekly: [[monday, category, count]] (the backend's shape);
 * weeks: the Mondays to show even when empty (see mondays());
 * order: category names in legend order (others follow, sorted).
 * -> { categories: [names that occur, in order],
 *      columns: [{ week, total, segments: [{ category, count, from, to }] }],  // by week
 *      max: the largest weekly total }
 */
export function stackWeeks(weekly, weeks = [], order = []) {
  const byWeek = new Map(weeks.map((w) => [w, new Map()]));
  for (const [week, category, count] of weekly || []) {
    if (!byWeek.has(week)) byWeek.set(week, new Map());
    const counts = byWeek.get(week);
    counts.set(category, (counts.get(category) || 0) + Number(count || 0));
  }
  const present = new Set();
  for (const counts of byWeek.values()) {
    for (const [category, count] of counts) if (count > 0) present.add(category);
  }
  const categories = [
    ...order.filter((c) => present.has(c)),
    ...[...present].filter((c) => !order.includes(c)).sort(),
  ];
  const columns = [...byWeek.keys()].sort().map((week) => {
    const counts = byWeek.get(week);
    let total = 0;
    const segments = [];
    for (const category of categories) {
      const count = counts.get(category) || 0;
      if (count <= 0) continue;
      segments.push({ category, count, from: total, to: total + count });
      total += count;
    }
    return { week, total, segments };
  });
  return { categories, columns, max: columns.reduce((m, c) => Math.max(m, c.total), 0) };
}

/**
 * Whole percentages of each value's share of the total that add up to exactly
 * 100 (largest remainders get the spare points). All zeros -> all zeros.
 */
export function percentages(values) {
  const nums = values.map((v) => Math.max(0, Number(v) || 0));
  const total = nums.reduce((a, b) => a + b, 0);
  if (!total) return nums.map(() => 0);
  const exact = nums.map((v) => (v * 100) / total);
  const out = exact.map(Math.floor);
  let spare = 100 - out.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((e, i) => ({ i, rest: e - Math.floor(e) }))
    .sort((a, b) => b.rest - a.rest || nums[b.i] - nums[a.i] || a.i - b.i);
  for (const { i } of byRemainder) {
    if (spare <= 0) break;
    out[i] += 1;
    spare -= 1;
  }
  return out;
}

/**
 * A 100% bar split by `values` across `width`: [{ value, percent, x, w }].
 * Zero total -> [] (nothing to draw).
 */
export function shareSegments(values, width) {
  const nums = values.map((v) => Math.max(0, Number(v) || 0));
  const total = nums.reduce((a, b) => a + b, 0);
  if (!total) return [];
  const pcts = percentages(nums);
  let x = 0;
  return nums.map((value, i) => {
    const w = (value / total) * width;
    const seg = { value, percent: pcts[i], x, w };
    x += w;
    return seg;
  });
}

/**
 * Where a Pareto point's percentage goes so that it keeps clear of the
 * bar's count: 'above' the dot normally, 'below' it when the dot sits just
 * inside the bar under the count, and 'right' when the dot sits where a short
 * bar's count is written above the bar. y grows downwards; `countInside` says
 * whether the count is written inside the top of the bar (else above it).
 */
export function pointLabelPlace(dotY, barTop, countInside) {
  if (countInside) return dotY > barTop + 10 && dotY < barTop + 34 ? 'below' : 'above';
  return dotY > barTop - 20 && dotY < barTop + 20 ? 'right' : 'above';
}

/**
 * Points of the Pareto line: above the middle of each band, at the height of
 * the running percentage (0 at the bottom, 100 at the top of `height`).
 */
export function paretoPoints(percents, bandList, height) {
  return percents.slice(0, bandList.length).map((p, i) => ({
    x: bandList[i].mid,
    y: height - (Math.min(100, Math.max(0, Number(p) || 0)) / 100) * height,
  }));
}

// ---- Text -------------------------------------------------------------------

/** Shortens `text` to at most `max` characters, ending with "…" when cut (or always, with `force`). */
export function ellipsize(text, max, force = false) {
  const s = String(text ?? '');
  if (!force && s.length <= max) return s;
  if (force && s.length + 1 <= max) return `${s}…`;
  return `${s.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** Breaks a label into at most `maxLines` lines of at most `maxChars`, on spaces; the rest is cut with "…". */
export function wrapLabel(text, maxChars, maxLines = 2) {
  const words = String(text ?? '').split(/\s+/).filter(Boolean);
  const lines = [];
  let line = '';
  for (const word of words) {
    if (!line) line = word;
    else if (line.length + 1 + word.length <= maxChars) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  const kept = lines.slice(0, maxLines).map((l) => ellipsize(l, maxChars));
  if (lines.length > maxLines) kept[maxLines - 1] = ellipsize(kept[maxLines - 1].replace(/…$/, ''), maxChars, true);
  return kept;
}

/** Minutes for people: "45 min", "3 h 20 min", "2 days 4 h"; "—" when unknown. */
export function durationText(minutes) {
  if (minutes === null || minutes === undefined || minutes === '' || !Number.isFinite(Number(minutes))) return '—';
  const m = Math.max(0, Math.round(Number(minutes)));
  if (m < 60) return `${m} min`;
  if (m < 1440) {
    const hours = Math.floor(m / 60);
    const rest = m % 60;
    return rest ? `${hours} h ${rest} min` : `${hours} h`;
  }
  const hours = Math.round(m / 60);
  const days = Math.floor(hours / 24);
  const left = hours % 24;
  const dayText = days === 1 ? '1 day' : `${days} days`;
  return left ? `${dayText} ${left} h` : dayText;
}

/**
 * How a count compares with the period before, in words:
 * "20% fewer than the 3 months before", "2.5 times as many as ...",
 * "as many as ...", "up from none in ...".
 * compared: { now, before, change_percent }; against: "the 3 months before".
 */
export function changeText({ now, before, change_percent: pct }, against, { more = 'more', fewer = 'fewer', same = 'as many as' } = {}) {
  if (!before) return now ? `up from none in ${against}` : `none in ${against} either`;
  if (now === before) return `${same} ${against}`;
  const change = pct ?? Math.round(((now - before) * 100) / before);
  if (change === 0) return `about ${same} ${against}`;
  if (change >= 100) {
    // "1050% more" is hard to picture; "11.5 times as many" is not.
    const times = Math.round((now / before) * 10) / 10;
    return `${times === 2 ? 'twice' : `${times} times`} ${same} ${against}`;
  }
  return `${Math.abs(change)}% ${change > 0 ? more : fewer} than ${against}`;
}

// ---- CSV ----------------------------------------------------------------------

/**
 * One CSV cell. Numbers are written as they are; text that a spreadsheet
 * would run as a formula (starting with =, +, -, @, tab or carriage return)
 * gets a leading apostrophe, the same rule as Mend's CSV export; text with a
 * comma, quote or line break is quoted, quotes doubled. null/undefined -> "".
 */
export function csvCell(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of cells -> CSV text, lines ending with CRLF. */
export function toCsv(rows) {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A table cell's value for CSV: a plain value, or `csv` (else `text`) of { text, csv }. */
export function cellValue(cell) {
  if (cell && typeof cell === 'object') return cell.csv !== undefined ? cell.csv : cell.text;
  return cell;
}

/** A cell's text for the screen: a plain value, or `text` of { text, csv }. */
export function cellText(cell) {
  if (cell && typeof cell === 'object') return String(cell.text ?? '');
  return cell === null || cell === undefined ? '' : String(cell);
}

/**
 * A chart's table as CSV: the column labels, then every row.
 * model: { columns: [{ label, csv? }], rows: [[cell]] } with cell as in cellValue().
 */
export function tableCsv(model) {
  const head = model.columns.map((c) => (c.csv !== undefined ? c.csv : c.label));
  return toCsv([head, ...model.rows.map((row) => row.map(cellValue))]);
}

// ---- SVG builders ----------------------------------------------------------------

/** An SVG element with attributes (null/undefined/false skipped) and children (strings become text). */
export function svgEl(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, val] of Object.entries(attrs || {})) {
    if (val === null || val === undefined || val === false) continue;
    el.setAttribute(key, String(val));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  return el;
}

const r1 = (v) => Math.round(v * 10) / 10;

function frame(width, height, kind, label) {
  return svgEl('svg', {
    class: `chart chart-${kind}`,
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': label || null,
    focusable: 'false',
  });
}

function gridLines(g, ticks, { left, right, top, height, label, anchorX = left - 6 }) {
  for (const t of ticks.ticks) {
    const y = r1(top + height - scaled(t, ticks.top, height));
    g.appendChild(svgEl('line', { class: t === 0 ? 'axis-line' : 'grid-line', x1: left, x2: right, y1: y, y2: y }));
    g.appendChild(svgEl('text', { class: 'tick', x: anchorX, y: y + 4, 'text-anchor': 'end' }, label(t)));
  }
}

function lines(textEl, parts, x, lineHeight) {
  parts.forEach((part, i) => textEl.appendChild(svgEl('tspan', { x, dy: i === 0 ? 0 : lineHeight }, part)));
  return textEl;
}

/**
 * Stacked columns (incidents per week by category).
 * o: { columns (from stackWeeks), colour(category), label(week) -> axis text,
 *      title(column, segment) -> tooltip, width, height, tickLabel(n), summary }
 * -> <svg>, or null when there is nothing to draw.
 */
export function stackedColumns(o) {
  const { columns } = o;
  if (!columns?.length || !columns.some((c) => c.total > 0)) return null;
  const width = o.width || 860;
  const height = o.height || 250;
  const m = { top: 10, right: 8, bottom: 24, left: 36 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const ticks = niceTicks(Math.max(...columns.map((c) => c.total)), { count: 4, integer: true });
  const svg = frame(width, height, 'stacked', o.summary);
  const g = svgEl('g');
  gridLines(g, ticks, { left: m.left, right: width - m.right, top: m.top, height: plotH, label: o.tickLabel || String });
  const slots = bands(columns.length, plotW, { padding: 0.2, maxWidth: 42 });
  const every = labelEvery(columns.length, plotW, 52);
  columns.forEach((col, i) => {
    const b = slots[i];
    const x = r1(m.left + b.x);
    for (const seg of col.segments) {
      const y0 = m.top + plotH - scaled(seg.to, ticks.top, plotH);
      const hgt = scaled(seg.to - seg.from, ticks.top, plotH);
      g.appendChild(svgEl('rect', {
        class: 'bar', x, y: r1(y0), width: r1(b.w), height: r1(hgt), fill: o.colour(seg.category),
        'data-category': seg.category, 'data-week': col.week,
      }, svgEl('title', {}, o.title ? o.title(col, seg) : `${seg.category}: ${seg.count}`)));
    }
    if (i % every === 0) {
      g.appendChild(svgEl('text', { class: 'tick', x: r1(m.left + b.mid), y: height - 6, 'text-anchor': 'middle' }, o.label(col.week)));
    }
  });
  svg.appendChild(g);
  return svg;
}

/**
 * A Pareto chart: columns largest first, and the running share as a line
 * against a 0–100% axis on the right.
 * o: { items: [{ label, count, percent, colour }], width, height, tickLabel(n), summary }
 */
export function paretoChart(o) {
  const items = o.items || [];
  if (!items.length || !items.some((it) => it.count > 0)) return null;
  const width = o.width || 860;
  const height = o.height || 290;
  const m = { top: 16, right: 44, bottom: 40, left: 36 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const ticks = niceTicks(Math.max(...items.map((it) => it.count)), { count: 4, integer: true });
  const svg = frame(width, height, 'pareto', o.summary);
  const g = svgEl('g');
  gridLines(g, ticks, { left: m.left, right: width - m.right, top: m.top, height: plotH, label: o.tickLabel || String });
  for (const p of [0, 50, 100]) {
    const y = r1(m.top + plotH - (p / 100) * plotH);
    g.appendChild(svgEl('text', { class: 'tick tick-right', x: width - m.right + 6, y: y + 4, 'text-anchor': 'start' }, `${p}%`));
  }
  const slots = bands(items.length, plotW, { padding: 0.3, maxWidth: 90 });
  const chars = Math.max(6, Math.floor(plotW / items.length / 6.6));
  const tops = [];
  items.forEach((it, i) => {
    const b = slots[i];
    const hgt = scaled(it.count, ticks.top, plotH);
    const top = m.top + plotH - hgt;
    const inside = hgt >= 20;
    tops.push({ top, inside });
    g.appendChild(svgEl('rect', {
      class: 'bar', x: r1(m.left + b.x), y: r1(top), width: r1(b.w), height: r1(hgt), fill: it.colour,
      'data-category': it.label,
    }, svgEl('title', {}, `${it.label}: ${it.count} (${it.percent}% cumulative)`)));
    g.appendChild(svgEl('text', {
      class: inside ? 'bar-value inside' : 'bar-value',
      x: r1(m.left + b.mid),
      y: r1(inside ? top + 15 : top - 4),
      'text-anchor': 'middle',
      fill: inside ? inkOn(it.colour) : null,
    }, String(it.count)));
    const label = svgEl('text', { class: 'tick category-label', x: r1(m.left + b.mid), y: height - m.bottom + 15, 'text-anchor': 'middle' });
    g.appendChild(lines(label, wrapLabel(it.label, chars, 2), r1(m.left + b.mid), 13));
  });
  const points = paretoPoints(items.map((it) => it.percent), slots, plotH).map((p) => ({ x: r1(m.left + p.x), y: r1(m.top + p.y) }));
  g.appendChild(svgEl('polyline', { class: 'pareto-line', points: points.map((p) => `${p.x},${p.y}`).join(' '), fill: 'none' }));
  points.forEach((p, i) => {
    g.appendChild(svgEl('circle', { class: 'pareto-dot', cx: p.x, cy: p.y, r: 3.5 }));
    const place = pointLabelPlace(p.y, tops[i].top, tops[i].inside);
    const at = {
      above: { x: p.x, y: p.y - 8, 'text-anchor': 'middle' },
      below: { x: p.x, y: p.y + 16, 'text-anchor': 'middle' },
      right: { x: p.x + 7, y: p.y + 4, 'text-anchor': 'start' },
    }[place];
    g.appendChild(svgEl('text', { class: 'pareto-value', ...at, 'data-place': place }, `${items[i].percent}%`));
  });
  svg.appendChild(g);
  return svg;
}

/**
 * Horizontal bars with their values written at the end, e.g. median and 90th
 * percentile, with an optional dashed target line.
 * o: { items: [{ label, value, text, colour? }], target: number | null, targetText,
 *      width, labelWidth, summary }
 */
export function barList(o) {
  const items = (o.items || []).filter((it) => it.value !== null && it.value !== undefined);
  if (!items.length) return null;
  const width = o.width || 400;
  const labelW = o.labelWidth || 110;
  const row = 26;
  const top = o.target !== null && o.target !== undefined ? 20 : 4;
  const height = top + items.length * row + 4;
  const valueRoom = 78;
  const plotW = width - labelW - valueRoom;
  const max = Math.max(...items.map((it) => Number(it.value) || 0), Number(o.target) || 0);
  const svg = frame(width, height, 'bars', o.summary);
  const g = svgEl('g');
  items.forEach((it, i) => {
    const y = top + i * row;
    const w = Math.max(it.value > 0 ? 2 : 0, scaled(Number(it.value), max, plotW));
    g.appendChild(svgEl('text', { class: 'tick row-label', x: labelW - 8, y: y + 15, 'text-anchor': 'end' }, ellipsize(it.label, Math.floor(labelW / 7))));
    g.appendChild(svgEl('rect', { class: 'bar', x: labelW, y: y + 3, width: r1(w), height: row - 8, fill: it.colour || PALETTE[0], 'data-label': it.label },
      svgEl('title', {}, `${it.label}: ${it.text}`)));
    g.appendChild(svgEl('text', { class: 'bar-value', x: r1(labelW + w + 5), y: y + 15, 'text-anchor': 'start' }, it.text));
  });
  if (o.target !== null && o.target !== undefined) {
    const x = r1(labelW + scaled(Number(o.target), max, plotW));
    g.appendChild(svgEl('line', { class: 'target-line', x1: x, x2: x, y1: 14, y2: height - 2 }));
    g.appendChild(svgEl('text', { class: 'target-label', x, y: 11, 'text-anchor': x > width - 60 ? 'end' : 'middle' }, o.targetText || ''));
  }
  svg.appendChild(g);
  return svg;
}

/**
 * Vertical columns for one series (spend per month).
 * o: { items: [{ label, value, title }], colour, width, height, tickLabel(v), summary }
 */
export function columnChart(o) {
  const items = o.items || [];
  if (!items.length || !items.some((it) => it.value > 0)) return null;
  const width = o.width || 400;
  const height = o.height || 210;
  const m = { top: 10, right: 6, bottom: 22, left: 52 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const ticks = niceTicks(Math.max(...items.map((it) => it.value)), { count: 4 });
  const svg = frame(width, height, 'columns', o.summary);
  const g = svgEl('g');
  gridLines(g, ticks, { left: m.left, right: width - m.right, top: m.top, height: plotH, label: o.tickLabel || String });
  const slots = bands(items.length, plotW, { padding: 0.25, maxWidth: 46 });
  const every = labelEvery(items.length, plotW, 30);
  items.forEach((it, i) => {
    const b = slots[i];
    const hgt = scaled(it.value, ticks.top, plotH);
    g.appendChild(svgEl('rect', {
      class: 'bar', x: r1(m.left + b.x), y: r1(m.top + plotH - hgt), width: r1(b.w), height: r1(hgt), fill: o.colour || PALETTE[0],
      'data-label': it.label,
    }, svgEl('title', {}, it.title || `${it.label}: ${it.value}`)));
    if (i % every === 0) {
      g.appendChild(svgEl('text', { class: 'tick', x: r1(m.left + b.mid), y: height - 6, 'text-anchor': 'middle' }, it.label));
    }
  });
  svg.appendChild(g);
  return svg;
}

/**
 * One bar split into shares (e.g. redeemed / not yet), with the percentage
 * written inside every part wide enough for it.
 * o: { parts: [{ label, value, colour }], width, summary }
 */
export function shareBar(o) {
  const parts = o.parts || [];
  const width = o.width || 400;
  const height = 34;
  const segs = shareSegments(parts.map((p) => p.value), width);
  if (!segs.length) return null;
  const svg = frame(width, height, 'share', o.summary);
  const g = svgEl('g');
  segs.forEach((seg, i) => {
    if (seg.w <= 0) return;
    const part = parts[i];
    g.appendChild(svgEl('rect', { class: 'bar share-part', x: r1(seg.x), y: 2, width: r1(seg.w), height: height - 4, fill: part.colour, 'data-label': part.label },
      svgEl('title', {}, `${part.label}: ${seg.value} (${seg.percent}%)`)));
    if (seg.w >= 34) {
      g.appendChild(svgEl('text', { class: 'share-value', x: r1(seg.x + seg.w / 2), y: height / 2 + 4.5, 'text-anchor': 'middle', fill: inkOn(part.colour) }, `${seg.percent}%`));
    }
  });
  svg.appendChild(g);
  return svg;
}
