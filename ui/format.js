// Formatting for people: money in the shop's currency, dates and ages in the
// user's locale, and severity colours.

import { state, appNow } from './state.js';

const moneyFormats = new Map();

function moneyFormat(currency) {
  const code = currency || state.settings.currency || 'EUR';
  if (!moneyFormats.has(code)) {
    let fmt;
    try {
      fmt = new Intl.NumberFormat(undefined, { style: 'currency', currency: code });
    } catch {
      fmt = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    moneyFormats.set(code, fmt);
  }
  return moneyFormats.get(code);
}

/** 4550 -> "€45.50" (in the settings currency). Null/undefined -> "". */
export function money(cents, currency) {
  if (cents === null || cents === undefined || cents === '') return '';
  // The backend stores every amount as hundredths of the currency unit.
  return moneyFormat(currency).format(Number(cents) / 100);
}

/** Cents -> the text to put back into an amount input ("45.50"). */
export function centsToInput(cents) {
  if (cents === null || cents === undefined || cents === '') return '';
  return (Number(cents) / 100).toFixed(2);
}

/** The currency's symbol in the user's locale ("€", "$", "CHF"). */
export function currencySymbol(currency) {
  const code = currency || state.settings.currency || 'EUR';
  try {
    const parts = new Intl.NumberFormat(undefined, { style: 'currency', currency: code }).formatToParts(0);
    return parts.find((p) => p.type === 'currency')?.value || code;
  } catch {
    return code;
  }
}

const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeFmt = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const shortFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

function toDate(value) {
  if (!value) return null;
  if (value instanceof Date) return value;
  // A bare "YYYY-MM-DD" is a calendar date: read it as local midnight.
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "22 Nov 2026, 10:15" in the user's locale. */
export function dateTime(value) {
  const d = toDate(value);
  return d ? dateTimeFmt.format(d) : '';
}

/** "22 Nov 2026". */
export function date(value) {
  const d = toDate(value);
  return d ? dateFmt.format(d) : '';
}

/** "Today, 10:15", "Yesterday, 18:02", "20 Nov, 09:21" (this year) or the full date and time. */
export function when(value) {
  const d = toDate(value);
  if (!d) return '';
  const today = appNow();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (sameDay(d, today)) return `Today, ${timeFmt.format(d)}`;
  if (sameDay(d, yesterday)) return `Yesterday, ${timeFmt.format(d)}`;
  return (d.getFullYear() === today.getFullYear() ? shortFmt : dateTimeFmt).format(d);
}

/** A time of day for today ("10:42"), otherwise a short date and time ("20 Nov, 09:21"). */
export function clock(value) {
  const d = toDate(value);
  if (!d) return '';
  const today = appNow();
  if (sameDay(d, today)) return timeFmt.format(d);
  return (d.getFullYear() === today.getFullYear() ? shortFmt : dateTimeFmt).format(d);
}

function sameDay(a, b) {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
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

const monthFmt = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });

/** "2026-11" -> "Nov 2026" in the user's locale (anything else is returned as is). */
export function monthLabel(value) {
  const m = /^(\d{4})-(\d{2})$/.exec(value || '');
  return m ? monthFmt.format(new Date(Number(m[1]), Number(m[2]) - 1, 1)) : value || '';
}

/** A share as a whole percentage: share(1, 4) -> "25%"; "—" when `whole` is 0. */
export function share(part, whole) {
  return whole ? `${Math.round((100 * part) / whole)}%` : '—';
}

// ---- Call list dates ----------------------------------------------------------

const weekdayFmt = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const dayNumFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric' });
const monthShortFmt = new Intl.DateTimeFormat(undefined, { month: 'short' });
const yearFmt = new Intl.DateTimeFormat(undefined, { year: 'numeric' });

/** "Tue 24 Nov" (weekday, day and month in the user's language). */
export function dayLabel(value) {
  const d = toDate(value);
  if (!d) return '';
  return `${weekdayFmt.format(d)} ${dayNumFmt.format(d)} ${monthShortFmt.format(d)}`;
}

/** "Tue 24 Nov at 10:00". */
export function dayAt(value) {
  const d = toDate(value);
  return d ? `${dayLabel(d)} at ${timeFmt.format(d)}` : '';
}

/** "Wed 10:00" within the coming week, otherwise "Wed 2 Dec, 10:00", with the year
 *  ("Fri 12 Dec 2025, 16:34") once it is half a year away, so a promise overdue since last
 *  winter does not read as one due next month. */
export function weekdayTime(value, now = appNow()) {
  const d = toDate(value);
  if (!d) return '';
  const days = Math.abs(d - now) / 86400000;
  if (days < 6) return `${weekdayFmt.format(d)} ${timeFmt.format(d)}`;
  const year = days > 182 ? ` ${yearFmt.format(d)}` : '';
  return `${dayLabel(d)}${year}, ${timeFmt.format(d)}`;
}

/** The time of day only ("10:00"). */
export function timeOfDay(value) {
  const d = toDate(value);
  return d ? timeFmt.format(d) : '';
}

/** 1 -> "1st", 2 -> "2nd", 3 -> "3rd", 4 -> "4th", 11 -> "11th". */
export function ordinal(n) {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] || 'th');
  return `${n}${suffix}`;
}

/** The short weekday ("Tue"). */
export function weekday(value) {
  const d = toDate(value);
  return d ? weekdayFmt.format(d) : '';
}
