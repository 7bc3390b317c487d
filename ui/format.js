// Formatting for people, all in one locale (the system's, see locale()): money in
// the shop's currency, always grouped ("£2,940.00"); dates written one way
// everywhere (weekday, day and month in the locale's order; the weekday while the
// date is within half a year of now, the year when it is not this year: "Tue 2 Jun,
// 10:00", "3 Mar 2024", "Today, 10:00"); ages; and severity colours.

import { state, appNow } from './state.js';

// ---- The locale ---------------------------------------------------------------

/** The locale used when the system names none ("C", "POSIX") or one Intl doesn't know. */
export const FALLBACK_LOCALE = 'en-GB';

/**
 * The locale to write in, from what the system says, best first: POSIX names
 * ("en_GB.UTF-8", "de_DE@euro") or language tags ("en-GB"). Empty ones are
 * skipped. "C" and "POSIX" (and "en-US-u-va-posix", WebKit's name for C.UTF-8)
 * say nothing about the person, so they give FALLBACK_LOCALE, day first; so
 * does a list with no locale Intl knows.
 */
export function pickLocale(...candidates) {
  for (const raw of candidates) {
    if (typeof raw !== 'string' || !raw.trim()) continue;
    const tag = raw.trim().split(/[.@]/)[0].replace(/_/g, '-');
    if (/^(c|posix)$/i.test(tag) || /-u(-\w+)*-va-posix\b/i.test(tag)) return FALLBACK_LOCALE;
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical && Intl.DateTimeFormat.supportedLocalesOf([canonical]).length && Intl.NumberFormat.supportedLocalesOf([canonical]).length) {
        return canonical;
      }
    } catch {
      // Not a locale name: try the next one.
    }
  }
  return FALLBACK_LOCALE;
}

let forced = null;
let resolved = FALLBACK_LOCALE;
let resolvedFor = null;

/** Writes everything in `tag` from now on (tests); null goes back to the system's. */
export function setLocale(tag) {
  forced = tag ? pickLocale(tag) : null;
}

/**
 * The locale every date and amount is written in: the system's as the backend
 * read it from the environment (app_info's system_locale), else the window's
 * language. WebKit reports a C locale as US English and a locale that is not
 * installed as none, so the environment comes first.
 */
export function locale() {
  if (forced) return forced;
  const hint = state.info?.system_locale || '';
  const language = typeof navigator !== 'undefined' ? navigator.language : '';
  const key = `${hint}|${language}`;
  if (key !== resolvedFor) {
    resolved = pickLocale(hint, language);
    resolvedFor = key;
  }
  return resolved;
}

const formats = new Map();

/** An Intl formatter (`Kind`) with `options` in the current locale, made once. */
export function intl(Kind, options) {
  const loc = locale();
  const key = `${Kind === Intl.NumberFormat ? 'n' : 'd'}|${loc}|${Object.entries(options).join(';')}`;
  let fmt = formats.get(key);
  if (!fmt) {
    fmt = new Kind(loc, options);
    formats.set(key, fmt);
  }
  return fmt;
}

// ---- Money and numbers -----------------------------------------------------------

/**
 * The shop's currency is the shop's, not the locale's: its plain symbol ("$",
 * not en-GB's "US$"), since a shop deals in one currency.
 */
export function moneyOptions(code) {
  return { style: 'currency', currency: code, currencyDisplay: 'narrowSymbol', useGrouping: true };
}

function moneyFormat(currency) {
  const code = currency || state.settings.currency || 'EUR';
  try {
    return intl(Intl.NumberFormat, moneyOptions(code));
  } catch {
    return intl(Intl.NumberFormat, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: true });
  }
}

/** 4550 -> "€45.50", 294000 -> "£2,940.00" (in the settings currency). Null/undefined -> "". */
export function money(cents, currency) {
  if (cents === null || cents === undefined || cents === '') return '';
  // The backend stores every amount as hundredths of the currency unit.
  return moneyFormat(currency).format(Number(cents) / 100);
}

/** A count, grouped: 12500 -> "12,500". */
export function number(n) {
  return intl(Intl.NumberFormat, { maximumFractionDigits: 0, useGrouping: true }).format(Number(n) || 0);
}

/** Cents -> the text to put back into an amount input ("45.50"). */
export function centsToInput(cents) {
  if (cents === null || cents === undefined || cents === '') return '';
  return (Number(cents) / 100).toFixed(2);
}

/** The currency's symbol in the locale ("€", "$", "CHF"). */
export function currencySymbol(currency) {
  const code = currency || state.settings.currency || 'EUR';
  try {
    return moneyFormat(code).formatToParts(0).find((p) => p.type === 'currency')?.value || code;
  } catch {
    return code;
  }
}

// ---- Dates and times -----------------------------------------------------------

/** The weekday is written while a date is within this much of now, where it helps. */
const WEEKDAY_WITHIN_MS = 183 * 86400000;
const CLOCK_12 = { hour: 'numeric', minute: '2-digit' };
const CLOCK_24 = { hour: '2-digit', minute: '2-digit' };

/** How the locale writes a time: "10:00 AM" on a 12-hour clock, "08:00" on a 24-hour one. */
function timeOptions() {
  return intl(Intl.DateTimeFormat, { hour: 'numeric' }).resolvedOptions().hour12 ? CLOCK_12 : CLOCK_24;
}

function toDate(value) {
  if (!value) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  // A bare "YYYY-MM-DD" is a calendar date: read it as local midnight.
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function sameDay(a, b) {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** What a date says besides day and month: the weekday near now, the year when not this year. */
function dayOptions(d, now) {
  const options = {};
  if (Math.abs(d - now) <= WEEKDAY_WITHIN_MS) options.weekday = 'short';
  options.day = 'numeric';
  options.month = 'short';
  if (d.getFullYear() !== now.getFullYear()) options.year = 'numeric';
  return options;
}

/**
 * `d` written by Intl with `options`, with the same mark after the weekday in
 * every form (CLDR writes "Tue 2 Jun" but "Tue, 2 Jun 2026" in en-GB; here both
 * follow the short day, "Tue 2 Jun").
 */
function stamp(d, options) {
  const fmt = intl(Intl.DateTimeFormat, options);
  if (!options.weekday) return fmt.format(d);
  const mark = weekdayMark();
  return fmt
    .formatToParts(d)
    .map((p, i, all) => (p.type === 'literal' && all[i - 1]?.type === 'weekday' ? mark : p.value))
    .join('');
}

/** What comes between the weekday and the day in the locale's short day (" " in "Tue 2 Jun"). */
function weekdayMark() {
  const parts = intl(Intl.DateTimeFormat, { weekday: 'short', day: 'numeric', month: 'short' }).formatToParts(new Date(2026, 0, 6));
  const i = parts.findIndex((p) => p.type === 'weekday');
  return i >= 0 && parts[i + 1]?.type === 'literal' ? parts[i + 1].value : ' ';
}

/** What the locale puts between a date and its time (", " in "2 Jun, 10:00"). */
function dateTimeMark() {
  const parts = intl(Intl.DateTimeFormat, { day: 'numeric', month: 'short', ...timeOptions() }).formatToParts(new Date(2026, 0, 6, 10));
  const i = parts.findIndex((p) => p.type === 'hour');
  return i > 0 && parts[i - 1].type === 'literal' ? parts[i - 1].value : ', ';
}

/** The time of day ("10:00"; "10:00 AM" where the locale says so, never broken across lines). */
export function timeOfDay(value) {
  const d = toDate(value);
  return d ? intl(Intl.DateTimeFormat, timeOptions()).format(d).replace(/[ \u202f]/g, '\u00a0') : '';
}

/** The date: "Tue 2 Jun" (this year, near now), "Tue 30 Dec 2025", "3 Mar 2024". */
export function date(value, now = appNow()) {
  const d = toDate(value);
  return d ? stamp(d, dayOptions(d, now)) : '';
}

/** The date and time: "Tue 2 Jun, 10:00", "3 Mar 2024, 16:34". */
export function dateTime(value, now = appNow()) {
  const d = toDate(value);
  return d ? `${date(d, now)}${dateTimeMark()}${timeOfDay(d)}` : '';
}

/** "Today, 10:15", "Yesterday, 18:02", otherwise dateTime() ("Fri 20 Nov, 09:21"). */
export function when(value, now = appNow()) {
  const d = toDate(value);
  if (!d) return '';
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (sameDay(d, now)) return `Today, ${timeOfDay(d)}`;
  if (sameDay(d, yesterday)) return `Yesterday, ${timeOfDay(d)}`;
  return dateTime(d, now);
}

/** A time of day for today ("10:42"), otherwise dateTime() ("Fri 20 Nov, 09:21"). */
export function clock(value, now = appNow()) {
  const d = toDate(value);
  if (!d) return '';
  return sameDay(d, now) ? timeOfDay(d) : dateTime(d, now);
}

/** The day, as date() writes it ("Tue 24 Nov"). */
export function dayLabel(value, now = appNow()) {
  return date(value, now);
}

/** The day and time in a sentence: "Tue 24 Nov at 10:00" ("Call Zoë on … to check"). */
export function dayAt(value, now = appNow()) {
  const d = toDate(value);
  return d ? `${date(d, now)} at ${timeOfDay(d)}` : '';
}

/**
 * "Wed 10:00" within six days of now (either way), otherwise dateTime() ("Wed 2 Dec,
 * 10:00", "12 Dec 2025, 16:34"), so a promise overdue since last winter does not read
 * as one due soon.
 */
export function weekdayTime(value, now = appNow()) {
  const d = toDate(value);
  if (!d) return '';
  if (Math.abs(d - now) < 6 * 86400000) return `${weekday(d)}${weekdayMark()}${timeOfDay(d)}`;
  return dateTime(d, now);
}

/** The whole day, for a heading: "Tuesday 2 June". */
export function longDate(value) {
  const d = toDate(value);
  return d ? stamp(d, { weekday: 'long', day: 'numeric', month: 'long' }) : '';
}

/** The short weekday ("Tue"). */
export function weekday(value) {
  const d = toDate(value);
  if (!d) return '';
  // As it reads in a date ("Fr." in German, where the weekday alone is "Fr").
  const parts = intl(Intl.DateTimeFormat, { weekday: 'short', day: 'numeric', month: 'short' }).formatToParts(d);
  return parts.find((p) => p.type === 'weekday')?.value || '';
}

/** "2026-11" -> "Nov 2026" in the locale (anything else is returned as is). */
export function monthLabel(value) {
  const m = /^(\d{4})-(\d{2})$/.exec(value || '');
  if (!m) return value || '';
  return intl(Intl.DateTimeFormat, { month: 'short', year: 'numeric' }).format(new Date(Number(m[1]), Number(m[2]) - 1, 1));
}

/** How long ago: "just now", "12 min", "3 h", "2 days", "5 weeks", "4 months", "2 years". */
export function age(value, now = appNow()) {
  const d = toDate(value);
  if (!d) return '';
  const minutes = Math.max(0, Math.floor((now - d) / 60000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h`;
  const days = Math.floor(hours / 24);
  if (days < 14) return days === 1 ? '1 day' : `${days} days`;
  if (days < 60) return `${Math.floor(days / 7)} weeks`;
  if (days < 730) return `${Math.floor(days / 30.44)} months`;
  return `${Math.floor(days / 365.25)} years`;
}

/** "just now", "12 min ago", "2 days ago". */
export function ago(value, now = appNow()) {
  const a = age(value, now);
  return a === 'just now' || a === '' ? a : `${a} ago`;
}

// ---- Values for inputs ------------------------------------------------------------

const pad = (n) => String(n).padStart(2, '0');

/** A Date (or RFC 3339 string) as the local "YYYY-MM-DDTHH:MM" of <input type="datetime-local">. */
export function toLocalInput(value = appNow()) {
  const d = toDate(value);
  if (!d) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Tomorrow at `hour`:00 local time, as a datetime-local value ("2026-11-23T10:00"). */
export function tomorrowAt(hour = 10, now = appNow()) {
  return toLocalInput(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, hour, 0));
}

/** Today's local date as "YYYY-MM-DD". */
export function todayInput() {
  return toLocalInput().slice(0, 10);
}

// ---- Words and colours -------------------------------------------------------------

/** CSS class for a severity badge: sev-1 (grey) … sev-5 (red). */
export function severityClass(value) {
  const n = Math.min(5, Math.max(1, Number(value) || 1));
  return `sev-${n}`;
}

/** "1 incident matches", "3 incidents match". */
export function matching(n, one) {
  return `${plural(n, one)} ${n === 1 ? 'matches' : 'match'}`;
}

/** "1 incident", "3 incidents". */
export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** A share as a whole percentage: share(1, 4) -> "25%"; "—" when `whole` is 0. */
export function share(part, whole) {
  return whole ? `${Math.round((100 * part) / whole)}%` : '—';
}

/** 1 -> "1st", 2 -> "2nd", 3 -> "3rd", 4 -> "4th", 11 -> "11th". */
export function ordinal(n) {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] || 'th');
  return `${n}${suffix}`;
}
