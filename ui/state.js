// What the whole UI shares: the app info loaded at start, cached staff and
// category lists, and the current staff member ("actor").

import { listStaff, listCategories } from './api.js';

const ACTOR_KEY = 'mend.actor';

export const state = {
  /** appInfo() result: { version, db_path, settings, channels, severities, currencies, ... } */
  info: null,
  /** Settings: { business_name, currency } */
  settings: { business_name: '', currency: 'EUR' },
};

let staffCache = null; // Promise<[{id,name,active}]> of active staff
let categoryCache = null; // Promise<[{id,name,active}]> of active categories

/** Active staff, cached until `invalidateStaff()`. */
export function activeStaff() {
  if (!staffCache) {
    staffCache = listStaff(false).catch((err) => {
      staffCache = null;
      throw err;
    });
  }
  return staffCache;
}

/** Active categories, cached until `invalidateCategories()`. */
export function activeCategories() {
  if (!categoryCache) {
    categoryCache = listCategories(false).catch((err) => {
      categoryCache = null;
      throw err;
    });
  }
  return categoryCache;
}

export function invalidateStaff() {
  staffCache = null;
  window.dispatchEvent(new CustomEvent('mend:staff-changed'));
}

export function invalidateCategories() {
  categoryCache = null;
}

/** The current staff member's id, or null. */
export function getActor() {
  const raw = localStorage.getItem(ACTOR_KEY);
  const id = raw ? Number(raw) : NaN;
  return Number.isInteger(id) && id > 0 ? id : null;
}

export function setActor(id) {
  if (id) localStorage.setItem(ACTOR_KEY, String(id));
  else localStorage.removeItem(ACTOR_KEY);
  window.dispatchEvent(new CustomEvent('mend:actor-changed', { detail: { id: id || null } }));
}

export function setSettings(settings) {
  state.settings = settings;
  window.dispatchEvent(new CustomEvent('mend:settings-changed', { detail: settings }));
}

export function channels() {
  return state.info?.channels || [];
}

export function channelLabel(value) {
  return channels().find((c) => c.value === value)?.label || value || '';
}

export function severities() {
  return state.info?.severities || [];
}

/** { value, label, description } for a severity level (falls back to the bare number). */
export function severityInfo(value) {
  const n = Number(value);
  return severities().find((s) => Number(s.value) === n) || { value: n, label: `Severity ${n}`, description: '' };
}

// ---- The app's clock ----------------------------------------------------------
//
// The backend may run on another clock than this window (tests start it at a
// chosen instant with MEND_NOW). Times the backend has just written (timeline
// events) tell how far ahead it runs; defaults such as "tomorrow at 17:00" and
// "overdue" flags use that clock. With the normal clock the offset stays 0.

let clockOffset = 0;

/** Learns from a time the backend recorded as "now" (UTC RFC 3339). */
export function noteAppTime(value) {
  const t = value ? new Date(value).getTime() : NaN;
  if (Number.isFinite(t)) clockOffset = Math.max(clockOffset, t - Date.now());
}

/** Follows the backend's clock exactly (app_info and Today report it). */
export function setAppNow(value) {
  const t = value ? new Date(value).getTime() : NaN;
  if (Number.isFinite(t)) clockOffset = t - Date.now();
}

/** The app's "now" as a Date. */
export function appNow() {
  return new Date(Date.now() + clockOffset);
}

// ---- Incident list filters (kept for the session, so "back" finds them) ----

const FILTER_KEY = 'mend.filters.incidents';
export const EMPTY_FILTER = { q: '', status: '', severity: '', category_id: '', from: '', to: '' };

export function getIncidentFilter() {
  try {
    return { ...EMPTY_FILTER, ...JSON.parse(sessionStorage.getItem(FILTER_KEY) || '{}') };
  } catch {
    return { ...EMPTY_FILTER };
  }
}

export function setIncidentFilter(filter) {
  sessionStorage.setItem(FILTER_KEY, JSON.stringify({ ...EMPTY_FILTER, ...filter }));
}

// ---- "Log incident for this customer" hand-over ---------------------------

const PREFILL_KEY = 'mend.log.customer';

/** Asks the Log incident screen to start with this customer ({ id, name, phone, email }). */
export function setLogPrefill(customer) {
  sessionStorage.setItem(PREFILL_KEY, JSON.stringify(customer));
}

/** The customer handed over by setLogPrefill (once), or null. */
export function takeLogPrefill() {
  let customer = null;
  try {
    customer = JSON.parse(sessionStorage.getItem(PREFILL_KEY) || 'null');
  } catch {
    customer = null;
  }
  sessionStorage.removeItem(PREFILL_KEY);
  return customer;
}
