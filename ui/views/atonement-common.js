// Small pieces shared by the screens about making it up to customers: gesture kinds and advisor
// tiers in words and colours, a gesture's typical cost, value-tier badges,
// and a placeholder that turns into an element once it has loaded.

import { GESTURE_KINDS, TIERS } from '../api.js';
import { h, replace } from '../dom.js';
import { money } from '../format.js';
import { showError, loading } from '../feedback.js';

/** "symbolic" -> "Token" (falls back to the raw value). */
export function kindLabel(kind) {
  return GESTURE_KINDS.find((k) => k.value === kind)?.label || kind || '';
}

/** "modest" -> "A modest gesture". */
export function tierLabel(tier) {
  return TIERS.find((t) => t.value === tier)?.label || tier || '';
}

/** Short tier names for the scale and the chips. */
const TIER_SHORT = {
  apology_only: 'Apology',
  symbolic: 'Small token',
  modest: 'Modest',
  substantial: 'Generous',
  major: 'Big',
};

export function tierShort(tier) {
  return TIER_SHORT[tier] || tierLabel(tier);
}

/**
 * The colour class of an advisor tier, the same scale as the severity
 * badges: apology grey, symbolic blue, modest amber, substantial orange,
 * major red.
 */
export function tierClass(tier) {
  const i = TIERS.findIndex((t) => t.value === tier);
  return `tier sev-${i < 0 ? 1 : i + 1}`;
}

/** A catalogue entry's typical cost: "€3.50", "10% of the bill" or "No set cost". */
export function typicalCost(entry) {
  if (entry.cost_cents !== null && entry.cost_cents !== undefined) return money(entry.cost_cents);
  if (entry.percent !== null && entry.percent !== undefined) return `${entry.percent}% of the bill`;
  return 'No set cost';
}

/** The customer's value tier as a badge ("Top"); `id` is optional. */
export function valueBadge(tier, label, id = null) {
  return h('span', { class: `value-badge value-${tier || 'new'}`, id, title: 'How much this customer matters, from visits and spend' }, label || tier || '');
}

/**
 * A placeholder that shows "Loading…" and replaces itself with the element
 * `promise` resolves to. Lets a synchronous render() mount an async section
 * with one call.
 */
export function slot(promise, what) {
  const holder = h('div', { class: 'slot' }, loading());
  Promise.resolve(promise)
    .then((el) => {
      if (holder.parentNode) holder.replaceWith(el);
    })
    .catch((err) => {
      replace(holder, h('p', { class: 'muted' }, `${what} could not be shown.`));
      showError(err, `Could not load ${what.toLowerCase()}`);
    });
  return holder;
}
