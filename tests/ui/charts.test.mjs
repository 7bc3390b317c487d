// Tests for ui/charts.js: the pure geometry, text and CSV helpers, and the
// SVG builders drawn into a tiny stand-in for the DOM.
// Run with: node --test tests/ui/

import { test, describe, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

import {
  PALETTE, NEUTRAL, NO_CATEGORY, categoryColours, inkOn, parseHex,
  niceTicks, scaled, bands, labelEvery, mondays, monthsBetween, fillAmounts,
  stackWeeks, percentages, shareSegments, paretoPoints, pointLabelPlace,
  ellipsize, wrapLabel, durationText, changeText,
  csvCell, toCsv, cellValue, cellText, tableCsv,
  stackedColumns, paretoChart, barList, columnChart, shareBar,
} from '../../ui/charts.js';

// ---- A minimal document: enough for createElementNS / setAttribute / appendChild.

class FakeNode {
  constructor(tag, ns) {
    this.tagName = tag;
    this.namespaceURI = ns;
    this.attributes = new Map();
    this.children = [];
  }
  setAttribute(k, v) {
    this.attributes.set(k, String(v));
  }
  getAttribute(k) {
    return this.attributes.has(k) ? this.attributes.get(k) : null;
  }
  appendChild(c) {
    this.children.push(c);
    return c;
  }
  get textContent() {
    return this.children.map((c) => (typeof c.text === 'string' ? c.text : c.textContent)).join('');
  }
  all(tag) {
    const out = [];
    for (const c of this.children) {
      if (!(c instanceof FakeNode)) continue;
      if (c.tagName === tag) out.push(c);
      out.push(...c.all(tag));
    }
    return out;
  }
}

const fakeDocument = {
  createElementNS: (ns, tag) => new FakeNode(tag, ns),
  createTextNode: (text) => ({ text }),
};

const num = (el, name) => Number(el.getAttribute(name));

// ---- Colours -------------------------------------------------------------------

describe('categoryColours', () => {
  test('gives the shop categories the palette in display order', () => {
    const c = categoryColours(['Wait time', 'Billing', 'Booking']);
    assert.equal(c.get('Wait time'), PALETTE[0]);
    assert.equal(c.get('Billing'), PALETTE[1]);
    assert.equal(c.get('Booking'), PALETTE[2]);
  });

  test('is the same whatever order the other names come in', () => {
    const a = categoryColours(['A', 'B', 'C'], ['C', 'A']);
    const b = categoryColours(['A', 'B', 'C'], ['A']);
    assert.deepEqual([...a], [...b]);
  });

  test('no category is grey and takes no palette slot', () => {
    const c = categoryColours(['A', NO_CATEGORY, 'B']);
    assert.equal(c.get(NO_CATEGORY), NEUTRAL);
    assert.equal(c.get('B'), PALETTE[1]);
  });

  test('names the shop list lacks follow it', () => {
    const c = categoryColours(['A'], ['Renamed']);
    assert.equal(c.get('Renamed'), PALETTE[1]);
  });

  test('more categories than colours wrap around', () => {
    const names = Array.from({ length: PALETTE.length + 1 }, (_, i) => `C${i}`);
    assert.equal(categoryColours(names).get(`C${PALETTE.length}`), PALETTE[0]);
  });

  test('the palette has no repeats', () => {
    assert.equal(new Set(PALETTE.map((p) => p.toLowerCase())).size, PALETTE.length);
  });
});

describe('inkOn', () => {
  test('white on dark blue, dark on yellow', () => {
    assert.equal(inkOn('#0072B2'), '#ffffff');
    assert.equal(inkOn('#F0E442'), '#1f2933');
  });

  test('unreadable colours get dark ink', () => {
    assert.equal(parseHex('red'), null);
    assert.equal(inkOn('red'), '#1f2933');
  });
});

// ---- Ticks and layout -----------------------------------------------------------

describe('niceTicks', () => {
  test('round steps of 1, 2 or 5', () => {
    assert.deepEqual(niceTicks(7), { step: 2, top: 8, ticks: [0, 2, 4, 6, 8] });
    assert.deepEqual(niceTicks(100).ticks, [0, 20, 40, 60, 80, 100]);
    assert.equal(niceTicks(4300).step, 1000);
    assert.equal(niceTicks(4300).top, 5000);
  });

  test('2.5 steps for money, never for counts', () => {
    assert.equal(niceTicks(123456).step, 25000);
    assert.equal(niceTicks(12, { integer: true }).step, 5);
  });

  test('the top is never below the largest value', () => {
    for (const max of [1, 3, 9.5, 17, 99, 101, 333, 12345, 0.3]) {
      const t = niceTicks(max);
      assert.ok(t.top >= max, `top ${t.top} for ${max}`);
      assert.equal(t.ticks.at(-1), t.top);
      assert.ok(t.ticks.length <= 7, `${t.ticks.length} ticks for ${max}`);
    }
  });

  test('fractions stay tidy', () => {
    assert.deepEqual(niceTicks(0.3).ticks, [0, 0.1, 0.2, 0.3]);
  });

  test('counts step in whole numbers', () => {
    assert.deepEqual(niceTicks(3, { integer: true }).ticks, [0, 1, 2, 3]);
    assert.deepEqual(niceTicks(1, { integer: true }).ticks, [0, 1]);
  });

  test('a single value of one', () => {
    assert.deepEqual(niceTicks(1).ticks.at(-1), 1);
  });

  test('zero, negative or missing maxima still give an axis', () => {
    for (const max of [0, -4, NaN, undefined, Infinity]) {
      assert.deepEqual(niceTicks(max), { step: 1, top: 1, ticks: [0, 1] });
    }
  });
});

describe('scaled', () => {
  test('proportional to the top', () => {
    assert.equal(scaled(5, 10, 200), 100);
    assert.equal(scaled(10, 10, 200), 200);
  });

  test('zero top or bad values give 0, negatives clamp to 0', () => {
    assert.equal(scaled(5, 0, 200), 0);
    assert.equal(scaled(NaN, 10, 200), 0);
    assert.equal(scaled(-3, 10, 200), 0);
  });
});

describe('bands', () => {
  test('equal bands across the width, bars centred', () => {
    const b = bands(4, 400, { padding: 0.5 });
    assert.deepEqual(b.map((x) => x.mid), [50, 150, 250, 350]);
    assert.deepEqual(b.map((x) => x.w), [50, 50, 50, 50]);
    assert.equal(b[0].x, 25);
  });

  test('a single value is capped and centred', () => {
    const [only] = bands(1, 800, { maxWidth: 40 });
    assert.equal(only.w, 40);
    assert.equal(only.x + only.w / 2, 400);
  });

  test('no data, no bands', () => {
    assert.deepEqual(bands(0, 400), []);
    assert.deepEqual(bands(3, 0), []);
  });
});

describe('labelEvery', () => {
  test('every band when there is room, fewer when crowded', () => {
    assert.equal(labelEvery(5, 500, 50), 1);
    assert.equal(labelEvery(47, 820, 52), 3);
    assert.equal(labelEvery(0, 500, 50), 1);
  });
});

// ---- Dates ---------------------------------------------------------------------

describe('mondays', () => {
  test('weeks overlapping a period, starting on Monday', () => {
    // Wednesday 4 Nov to Monday 16 Nov 2026.
    assert.deepEqual(mondays('2026-11-04', '2026-11-16'), ['2026-11-02', '2026-11-09', '2026-11-16']);
  });

  test('a Sunday belongs to the week before', () => {
    assert.deepEqual(mondays('2026-11-22', '2026-11-22'), ['2026-11-16']);
  });

  test('across a year end', () => {
    assert.deepEqual(mondays('2025-12-30', '2026-01-06'), ['2025-12-29', '2026-01-05']);
  });

  test('a whole year has 52 or 53 weeks', () => {
    assert.equal(mondays('2026-01-01', '2026-12-31').length, 53);
  });

  test('backwards or unreadable periods give none', () => {
    assert.deepEqual(mondays('2026-11-10', '2026-11-01'), []);
    assert.deepEqual(mondays('', '2026-11-01'), []);
  });
});

describe('monthsBetween and fillAmounts', () => {
  test('months overlapping a period', () => {
    assert.deepEqual(monthsBetween('2025-11-15', '2026-02-01'), ['2025-11', '2025-12', '2026-01', '2026-02']);
    assert.deepEqual(monthsBetween('2026-03-05', '2026-03-09'), ['2026-03']);
    assert.deepEqual(monthsBetween('2026-03-05', '2026-01-09'), []);
  });

  test('missing months are zero, extra ones follow', () => {
    const filled = fillAmounts(['2026-01', '2026-02'], [{ label: '2026-02', cents: 500 }, { label: '2026-05', cents: 1 }]);
    assert.deepEqual(filled, [
      { label: '2026-01', cents: 0 },
      { label: '2026-02', cents: 500 },
      { label: '2026-05', cents: 1 },
    ]);
  });
});

// ---- Data shaping -----------------------------------------------------------------

describe('stackWeeks', () => {
  const weekly = [
    ['2026-11-02', 'Wait time', 1],
    ['2026-11-09', 'Billing', 1],
    ['2026-11-09', 'Wait time', 2],
  ];

  test('segments stack in legend order and add up to the week', () => {
    const s = stackWeeks(weekly, ['2026-11-02', '2026-11-09'], ['Wait time', 'Billing']);
    assert.deepEqual(s.categories, ['Wait time', 'Billing']);
    const week2 = s.columns[1];
    assert.equal(week2.total, 3);
    assert.deepEqual(week2.segments, [
      { category: 'Wait time', count: 2, from: 0, to: 2 },
      { category: 'Billing', count: 1, from: 2, to: 3 },
    ]);
    assert.equal(s.max, 3);
  });

  test('weeks without incidents stay, empty', () => {
    const s = stackWeeks(weekly, ['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16']);
    assert.deepEqual(s.columns.map((c) => c.total), [0, 1, 3, 0]);
    assert.deepEqual(s.columns[0].segments, []);
  });

  test('categories missing from the order follow, sorted', () => {
    const s = stackWeeks(weekly, [], ['Billing']);
    assert.deepEqual(s.categories, ['Billing', 'Wait time']);
  });

  test('a week the list lacks is still shown, in date order', () => {
    const s = stackWeeks([['2026-11-16', 'A', 2]], ['2026-11-23']);
    assert.deepEqual(s.columns.map((c) => c.week), ['2026-11-16', '2026-11-23']);
  });

  test('empty data: empty weeks, no categories, max 0', () => {
    const s = stackWeeks([], ['2026-11-02']);
    assert.deepEqual(s.categories, []);
    assert.equal(s.max, 0);
    assert.deepEqual(stackWeeks(null).columns, []);
  });
});

describe('percentages', () => {
  test('add up to exactly 100', () => {
    assert.deepEqual(percentages([1, 1, 1]), [34, 33, 33]);
    assert.deepEqual(percentages([2, 1]), [67, 33]);
    for (const values of [[7, 3, 1], [1, 1, 1, 1, 1, 1, 1], [995, 3, 2], [50, 50]]) {
      assert.equal(percentages(values).reduce((a, b) => a + b, 0), 100, String(values));
    }
  });

  test('a single value is 100%', () => {
    assert.deepEqual(percentages([4]), [100]);
    assert.deepEqual(percentages([0, 4, 0]), [0, 100, 0]);
  });

  test('zero totals give zeros', () => {
    assert.deepEqual(percentages([0, 0]), [0, 0]);
    assert.deepEqual(percentages([]), []);
  });
});

describe('shareSegments', () => {
  test('segments follow each other across the width', () => {
    const s = shareSegments([3, 1], 400);
    assert.deepEqual(s.map((x) => [x.x, x.w, x.percent]), [[0, 300, 75], [300, 100, 25]]);
  });

  test('zero parts are there but zero wide', () => {
    const s = shareSegments([0, 2], 100);
    assert.deepEqual(s.map((x) => x.w), [0, 100]);
  });

  test('a zero total draws nothing', () => {
    assert.deepEqual(shareSegments([0, 0, 0], 400), []);
  });
});

describe('paretoPoints', () => {
  test('above each band, 100% at the top', () => {
    const b = bands(3, 300, { padding: 0 });
    assert.deepEqual(paretoPoints([50, 80, 100], b, 200), [
      { x: 50, y: 100 },
      { x: 150, y: 40 },
      { x: 250, y: 0 },
    ]);
  });

  test('out-of-range shares are clamped, extra shares ignored', () => {
    const b = bands(1, 100, { padding: 0 });
    assert.deepEqual(paretoPoints([120, 50], b, 100), [{ x: 50, y: 0 }]);
  });
});

describe('pointLabelPlace', () => {
  test('above the dot when it is clear of the count', () => {
    assert.equal(pointLabelPlace(50, 200, true), 'above');
    assert.equal(pointLabelPlace(205, 200, true), 'above');
    assert.equal(pointLabelPlace(260, 200, true), 'above');
  });

  test('below the dot when it sits just under a count written inside the bar', () => {
    assert.equal(pointLabelPlace(220, 200, true), 'below');
  });

  test('beside the dot when it sits by a count written above a short bar', () => {
    assert.equal(pointLabelPlace(195, 200, false), 'right');
    assert.equal(pointLabelPlace(120, 200, false), 'above');
  });
});

// ---- Text ------------------------------------------------------------------------

describe('wrapLabel', () => {
  test('short labels stay on one line', () => {
    assert.deepEqual(wrapLabel('Billing', 12), ['Billing']);
  });

  test('breaks on spaces', () => {
    assert.deepEqual(wrapLabel('Quality of work', 10), ['Quality of', 'work']);
  });

  test('long words and extra lines are cut with an ellipsis', () => {
    assert.deepEqual(wrapLabel('Extraordinarily', 8), ['Extraor…']);
    assert.deepEqual(wrapLabel('one two three four', 7, 2), ['one two', 'three…']);
    for (const line of wrapLabel('a very long category name indeed', 9, 2)) assert.ok(line.length <= 9, line);
  });

  test('empty text, no lines', () => {
    assert.deepEqual(wrapLabel('', 10), []);
  });

  test('ellipsize', () => {
    assert.equal(ellipsize('Billing', 7), 'Billing');
    assert.equal(ellipsize('Billings', 7), 'Billin…');
    assert.equal(ellipsize('Bill', 7, true), 'Bill…');
  });
});

describe('durationText', () => {
  test('minutes, hours, days', () => {
    assert.equal(durationText(0), '0 min');
    assert.equal(durationText(45), '45 min');
    assert.equal(durationText(60), '1 h');
    assert.equal(durationText(200), '3 h 20 min');
    assert.equal(durationText(1440), '1 day');
    assert.equal(durationText(1500), '1 day 1 h');
    assert.equal(durationText(3 * 1440 + 4 * 60), '3 days 4 h');
  });

  test('rounding up to a whole day', () => {
    assert.equal(durationText(2 * 1440 - 10), '2 days');
  });

  test('unknown is a dash', () => {
    assert.equal(durationText(null), '—');
    assert.equal(durationText(undefined), '—');
  });
});

describe('changeText', () => {
  const against = 'the 3 months before';
  test('fewer and more', () => {
    assert.equal(changeText({ now: 12, before: 15, change_percent: -20 }, against), '20% fewer than the 3 months before');
    assert.equal(changeText({ now: 15, before: 10, change_percent: 50 }, against), '50% more than the 3 months before');
  });

  test('same, nearly the same, and from none', () => {
    assert.equal(changeText({ now: 4, before: 4, change_percent: 0 }, against), 'as many as the 3 months before');
    assert.equal(changeText({ now: 1001, before: 1000, change_percent: 0 }, against), 'about as many as the 3 months before');
    assert.equal(changeText({ now: 3, before: 0, change_percent: null }, against), 'up from none in the 3 months before');
    assert.equal(changeText({ now: 0, before: 0, change_percent: null }, against), 'none in the 3 months before either');
  });

  test('a doubling or more is told in times', () => {
    assert.equal(changeText({ now: 276, before: 24, change_percent: 1050 }, against), '11.5 times as many as the 3 months before');
    assert.equal(changeText({ now: 20, before: 10, change_percent: 100 }, against), 'twice as many as the 3 months before');
    assert.equal(changeText({ now: 19, before: 10, change_percent: 90 }, against), '90% more than the 3 months before');
  });

  test('works the change out when the backend gave none', () => {
    assert.equal(changeText({ now: 5, before: 10 }, against), '50% fewer than the 3 months before');
  });
});

// ---- CSV --------------------------------------------------------------------------

describe('csvCell', () => {
  test('plain text and numbers as they are', () => {
    assert.equal(csvCell('Billing'), 'Billing');
    assert.equal(csvCell(42), '42');
    assert.equal(csvCell(12.5), '12.5');
    assert.equal(csvCell(-3), '-3');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell(NaN), '');
  });

  test('commas, quotes and line breaks are quoted', () => {
    assert.equal(csvCell('Late, again'), '"Late, again"');
    assert.equal(csvCell('The "premium" cut'), '"The ""premium"" cut"');
    assert.equal(csvCell('line one\nline two'), '"line one\nline two"');
    assert.equal(csvCell('a\r\nb'), '"a\r\nb"');
  });

  test('text that would run as a formula is made inert', () => {
    assert.equal(csvCell('=SUM(A1:A9)'), "'=SUM(A1:A9)");
    assert.equal(csvCell('+1 555'), "'+1 555");
    assert.equal(csvCell('-2'), "'-2");
    assert.equal(csvCell('@cmd'), "'@cmd");
    assert.equal(csvCell('\tTab'), "'\tTab");
    assert.equal(csvCell('=HYPERLINK("x","y")'), '"\'=HYPERLINK(""x"",""y"")"');
  });

  test('formula characters later in the text are left alone', () => {
    assert.equal(csvCell('a=b'), 'a=b');
    assert.equal(csvCell('Re-booked'), 'Re-booked');
  });
});

describe('toCsv and tableCsv', () => {
  test('rows joined by CRLF, ending with one', () => {
    assert.equal(toCsv([['a', 1], ['b, c', 2]]), 'a,1\r\n"b, c",2\r\n');
  });

  test('a header-only table', () => {
    assert.equal(tableCsv({ columns: [{ label: 'Category' }, { label: 'Incidents' }], rows: [] }), 'Category,Incidents\r\n');
  });

  test('cells with screen text use their CSV value', () => {
    const model = {
      columns: [{ label: 'Month' }, { label: 'Spend', csv: 'Spend (EUR)' }],
      rows: [[{ text: 'Nov 2026', csv: '2026-11' }, { text: '€12.50', csv: 12.5 }], ['=bad', { text: '—' }]],
    };
    assert.equal(tableCsv(model), "Month,Spend (EUR)\r\n2026-11,12.5\r\n'=bad,—\r\n");
  });

  test('cellValue and cellText', () => {
    assert.equal(cellValue({ text: '5 min', csv: 5 }), 5);
    assert.equal(cellValue({ text: 'x' }), 'x');
    assert.equal(cellValue(3), 3);
    assert.equal(cellText({ text: '5 min', csv: 5 }), '5 min');
    assert.equal(cellText(3), '3');
    assert.equal(cellText(null), '');
  });
});

// ---- SVG builders -------------------------------------------------------------------

describe('SVG builders', () => {
  beforeEach(() => {
    globalThis.document = fakeDocument;
  });

  test('stacked columns: one rect per segment, heights add up to the week', () => {
    const s = stackWeeks([['2026-11-02', 'A', 3], ['2026-11-02', 'B', 1], ['2026-11-09', 'A', 2]], mondays('2026-11-02', '2026-11-15'), ['A', 'B']);
    const svg = stackedColumns({ columns: s.columns, colour: (c) => (c === 'A' ? '#0072B2' : '#E69F00'), label: (w) => w, summary: 'Weekly', width: 400, height: 200 });
    assert.equal(svg.getAttribute('role'), 'img');
    assert.equal(svg.getAttribute('aria-label'), 'Weekly');
    const rects = svg.all('rect');
    assert.equal(rects.length, 3);
    const week1 = rects.filter((r) => r.getAttribute('data-week') === '2026-11-02');
    const week2 = rects.filter((r) => r.getAttribute('data-week') === '2026-11-09');
    const height = (list) => list.reduce((a, r) => a + num(r, 'height'), 0);
    // The axis tops out at 4, so 4 incidents fill the plot and 2 fill half of it.
    assert.ok(Math.abs(height(week1) - 2 * height(week2)) < 0.5);
    // Segments touch: B sits right on top of A.
    const [a, b] = week1;
    assert.ok(Math.abs(num(b, 'y') + num(b, 'height') - num(a, 'y')) < 0.2);
    assert.equal(rects[0].getAttribute('fill'), '#0072B2');
  });

  test('stacked columns: nothing to draw gives null', () => {
    assert.equal(stackedColumns({ columns: [] }), null);
    assert.equal(stackedColumns({ columns: stackWeeks([], ['2026-11-02']).columns }), null);
  });

  test('pareto: bars largest first, a line through every bar, labels wrapped', () => {
    const svg = paretoChart({
      items: [
        { label: 'Quality of work', count: 6, percent: 60, colour: '#0072B2' },
        { label: 'Billing', count: 3, percent: 90, colour: '#E69F00' },
        { label: 'Wait time', count: 1, percent: 100, colour: '#009E73' },
      ],
      width: 500,
      height: 260,
    });
    const rects = svg.all('rect');
    assert.deepEqual(rects.map((r) => r.getAttribute('data-category')), ['Quality of work', 'Billing', 'Wait time']);
    assert.ok(num(rects[0], 'height') > num(rects[1], 'height'));
    const line = svg.all('polyline')[0];
    assert.equal(line.getAttribute('points').split(' ').length, 3);
    assert.equal(svg.all('circle').length, 3);
    // Every point has its percentage, the last one 100%.
    const pcts = svg.all('text').filter((t) => t.getAttribute('class') === 'pareto-value').map((t) => t.textContent);
    assert.deepEqual(pcts, ['60%', '90%', '100%']);
    assert.ok(svg.all('tspan').length >= 3);
  });

  test('pareto: empty gives null', () => {
    assert.equal(paretoChart({ items: [] }), null);
  });

  test('bar list: values written, target line drawn', () => {
    const svg = barList({
      items: [{ label: 'Median', value: 30, text: '30 min' }, { label: '90% within', value: 120, text: '2 h' }],
      target: 60,
      targetText: 'Target 1 h',
    });
    const rects = svg.all('rect');
    assert.ok(Math.abs(num(rects[1], 'width') - 4 * num(rects[0], 'width')) < 0.5);
    assert.equal(svg.all('line').length, 1);
    assert.ok(svg.textContent.includes('Target 1 h'));
    assert.ok(svg.textContent.includes('30 min'));
  });

  test('bar list: unknown values are left out, none at all gives null', () => {
    assert.equal(barList({ items: [{ label: 'Median', value: null, text: '—' }] }), null);
  });

  test('column chart: zero-only data gives null, a single round value reaches the top', () => {
    assert.equal(columnChart({ items: [{ label: 'Jan', value: 0 }] }), null);
    const svg = columnChart({ items: [{ label: 'Jan', value: 400 }], height: 210 });
    const [bar] = svg.all('rect');
    assert.equal(num(bar, 'height'), 210 - 10 - 22);
    // 500 on an axis up to 600.
    const [other] = columnChart({ items: [{ label: 'Jan', value: 500 }], height: 210 }).all('rect');
    assert.ok(Math.abs(num(other, 'height') - (178 * 5) / 6) < 0.1);
  });

  test('share bar: parts side by side across the width, labels on wide parts only', () => {
    const svg = shareBar({
      parts: [
        { label: 'Kept', value: 9, colour: '#009E73' },
        { label: 'Broken', value: 0, colour: '#D55E00' },
        { label: 'Open', value: 1, colour: '#56B4E9' },
      ],
      width: 400,
    });
    const rects = svg.all('rect');
    assert.deepEqual(rects.map((r) => r.getAttribute('data-label')), ['Kept', 'Open']);
    assert.equal(num(rects[0], 'width') + num(rects[1], 'width'), 400);
    assert.ok(svg.textContent.includes('90%'));
    assert.ok(svg.textContent.includes('10%'));
  });

  test('share bar: zero total gives null', () => {
    assert.equal(shareBar({ parts: [{ label: 'Kept', value: 0, colour: '#000000' }] }), null);
  });

  test('labels are text nodes, never markup', () => {
    const svg = paretoChart({ items: [{ label: '<b>x</b>', count: 1, percent: 100, colour: '#0072B2' }] });
    const texts = svg.all('tspan').flatMap((t) => t.children);
    assert.ok(texts.some((t) => t.text === '<b>x</b>'));
  });
});
