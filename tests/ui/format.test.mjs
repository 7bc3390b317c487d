// Tests for ui/format.js: which locale the system's names give (a C or POSIX
// locale is written the British way), dates written one way by every helper, and
// amounts grouped in every locale.
// Run with: node --test tests/ui/

import { test, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';

// format.js reads the app's clock from state.js, which imports api.js; api.js only
// needs the Tauri bridge to exist when it is loaded.
globalThis.window = { __TAURI__: { core: { invoke: async () => null } }, addEventListener() {}, dispatchEvent() {} };
const f = await import('../../ui/format.js');
const { state } = await import('../../ui/state.js');

// Thursday 4 June 2026, 09:00 local time.
const NOW = new Date(2026, 5, 4, 9, 0);
const at = (y, m, d, hh = 0, mm = 0) => new Date(y, m - 1, d, hh, mm);

afterEach(() => {
  f.setLocale(null);
  state.info = null;
});

describe('pickLocale', () => {
  test('reads POSIX names and language tags', () => {
    assert.equal(f.pickLocale('en_GB.UTF-8'), 'en-GB');
    assert.equal(f.pickLocale('en_US.UTF-8'), 'en-US');
    assert.equal(f.pickLocale('de_DE@euro'), 'de-DE');
    assert.equal(f.pickLocale('fr-FR'), 'fr-FR');
  });

  test('a C or POSIX locale is written the British way, day first', () => {
    for (const c of ['C', 'C.UTF-8', 'C.utf8', 'POSIX', 'c', 'en-US-u-va-posix']) {
      assert.equal(f.pickLocale(c, 'en-US'), 'en-GB', c);
    }
  });

  test('skips empty and unknown names, and falls back to en-GB', () => {
    assert.equal(f.pickLocale('', undefined, 'en-US'), 'en-US');
    assert.equal(f.pickLocale('not a locale!', 'en-IE'), 'en-IE');
    assert.equal(f.pickLocale(), 'en-GB');
    assert.equal(f.pickLocale('', null), 'en-GB');
  });

  test('the system locale the backend read comes before the window’s language', () => {
    state.info = { system_locale: 'C' };
    assert.equal(f.locale(), 'en-GB');
    state.info = { system_locale: 'en_US.UTF-8' };
    assert.equal(f.locale(), 'en-US');
    state.info = { system_locale: '' };
    assert.equal(f.locale(), f.pickLocale(globalThis.navigator?.language));
  });
});

describe('money', () => {
  test('amounts are grouped in every locale, the C locale included', () => {
    for (const l of ['en-GB', 'en-US', 'C', 'POSIX', 'en-US-u-va-posix']) {
      f.setLocale(l);
      assert.equal(f.money(294000, 'GBP'), '£2,940.00', l);
      assert.equal(f.number(12500), '12,500', l);
    }
    f.setLocale('de-DE');
    assert.match(f.money(294000, 'EUR'), /^2\.940,00\s€$/);
  });

  test('no amount is an empty text, and the symbol follows the currency', () => {
    f.setLocale('en-GB');
    assert.equal(f.money(null), '');
    assert.equal(f.money(undefined), '');
    assert.equal(f.currencySymbol('EUR'), '€');
    assert.equal(f.centsToInput(4550), '45.50');
  });
});

describe('dates, en-GB (and C)', () => {
  for (const l of ['en-GB', 'C']) {
    test(`${l}: weekday, day, month; the year only when not this year`, () => {
      f.setLocale(l);
      assert.equal(f.dateTime(at(2026, 6, 2, 10), NOW), 'Tue 2 Jun, 10:00');
      assert.equal(f.date(at(2026, 6, 2, 10), NOW), 'Tue 2 Jun');
      assert.equal(f.date(at(2025, 12, 30), NOW), 'Tue 30 Dec 2025');
      // Further than half a year away the weekday no longer helps.
      assert.equal(f.date('2024-03-03', NOW), '3 Mar 2024');
      assert.equal(f.dateTime(at(2024, 3, 3, 16, 34), NOW), '3 Mar 2024, 16:34');
      assert.equal(f.when(at(2026, 6, 4, 8), NOW), 'Today, 08:00');
      assert.equal(f.when(at(2026, 6, 3, 18, 2), NOW), 'Yesterday, 18:02');
      assert.equal(f.when(at(2026, 6, 1, 9, 21), NOW), 'Mon 1 Jun, 09:21');
      assert.equal(f.clock(at(2026, 6, 4, 10, 42), NOW), '10:42');
      assert.equal(f.clock(at(2026, 6, 1, 9, 21), NOW), 'Mon 1 Jun, 09:21');
      assert.equal(f.dayAt(at(2026, 6, 5, 10), NOW), 'Fri 5 Jun at 10:00');
      assert.equal(f.weekdayTime(at(2026, 6, 5, 10), NOW), 'Fri 10:00');
      assert.equal(f.weekdayTime(at(2026, 6, 20, 10), NOW), 'Sat 20 Jun, 10:00');
      assert.equal(f.weekdayTime(at(2025, 11, 20, 16, 34), NOW), '20 Nov 2025, 16:34');
      assert.equal(f.longDate(NOW), 'Thursday 4 June');
      assert.equal(f.monthLabel('2026-11'), 'Nov 2026');
      assert.equal(f.timeOfDay(at(2026, 6, 4, 17)), '17:00');
    });
  }
});

describe('dates, en-US', () => {
  test('month first, on a 12-hour clock', () => {
    f.setLocale('en-US');
    const sp = (s) => s.replace(/\s/g, ' ');
    assert.equal(sp(f.dateTime(at(2026, 6, 2, 10), NOW)), 'Tue, Jun 2, 10:00 AM');
    assert.equal(sp(f.date(at(2025, 12, 30), NOW)), 'Tue, Dec 30, 2025');
    assert.equal(sp(f.when(at(2026, 6, 4, 8), NOW)), 'Today, 8:00 AM');
    assert.equal(sp(f.dayAt(at(2026, 6, 5, 10), NOW)), 'Fri, Jun 5 at 10:00 AM');
  });
});

describe('one way of writing a date', () => {
  // Every helper that writes a date writes it as date() does; the time follows it.
  for (const l of ['en-GB', 'en-US', 'de-DE', 'C']) {
    test(l, () => {
      f.setLocale(l);
      for (const d of [at(2026, 6, 2, 10), at(2026, 5, 20, 14, 5), at(2025, 12, 30, 9), at(2024, 3, 3, 16, 34), at(2026, 9, 1, 11)]) {
        const day = f.date(d, NOW);
        const time = f.timeOfDay(d);
        assert.ok(f.dateTime(d, NOW).startsWith(day), `${f.dateTime(d, NOW)} starts with ${day}`);
        assert.ok(f.dateTime(d, NOW).endsWith(time));
        assert.equal(f.dayLabel(d, NOW), day);
        assert.equal(f.dayAt(d, NOW), `${day} at ${time}`);
        assert.equal(f.when(d, NOW), f.dateTime(d, NOW));
        assert.equal(f.clock(d, NOW), f.dateTime(d, NOW));
        // No numeric dates ("06/02/2026") and no ISO ones ("2026-06-02").
        assert.doesNotMatch(f.dateTime(d, NOW), /\d+[/-]\d+[/-]\d+/);
      }
    });
  }
});

test('the clock follows the app’s, so Today means the app’s today', async () => {
  const { setAppNow } = await import('../../ui/state.js');
  f.setLocale('en-GB');
  setAppNow(new Date(2026, 5, 4, 9, 0).toISOString());
  assert.equal(f.when(at(2026, 6, 4, 8)), 'Today, 08:00');
  assert.equal(f.date(at(2026, 6, 2)), 'Tue 2 Jun');
});
