// Tiny DOM helpers. Everything the user typed reaches the page through
// text nodes or attribute values, never through HTML strings.

const PROPS = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'readOnly', 'required', 'multiple', 'indeterminate']);

/**
 * h('a', { href: '#/x', class: 'link', onclick: fn }, 'text', child, [more])
 * - `class` sets className; `dataset` (object) and `data-*` set data attributes;
 * - keys starting with "on" add event listeners;
 * - value/checked/disabled/hidden/... are set as properties;
 * - null, undefined and false attributes and children are skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, val] of Object.entries(attrs)) {
      if (absent(val)) continue;
      if (key === 'class') el.className = val;
      else if (key === 'dataset') Object.assign(el.dataset, val);
      else if (key.startsWith('on') && typeof val === 'function') el.addEventListener(key.slice(2), val);
      else if (PROPS.has(key)) el[key] = val;
      else el.setAttribute(key, val === true ? '' : String(val));
    }
  }
  return append(el, children);
}

/**
 * True for the values a view may pass where a child could be, to mean "nothing
 * here": null, undefined and false (so `cond ? el : null` and `cond && el` work).
 * The DOM's own append() would write them as the words "null" and "false".
 */
function absent(child) {
  return child === null || child === undefined || child === false;
}

/** Flattens children (strings, numbers, nodes, nested arrays) into nodes, skipping absent ones. */
function nodes(children, out = []) {
  for (const child of children) {
    if (absent(child)) continue;
    if (Array.isArray(child)) nodes(child, out);
    else if (child instanceof Node) out.push(child);
    else out.push(document.createTextNode(String(child)));
  }
  return out;
}

/**
 * Appends children to `parent`: append(list, row), append(list, ...rows) or
 * append(list, [rows]). Views call this, never the DOM's own append().
 */
export function append(parent, ...children) {
  parent.append(...nodes(children));
  return parent;
}

/** Puts children before the first child of `parent`, like append(). */
export function prepend(parent, ...children) {
  parent.prepend(...nodes(children));
  return parent;
}

/** Replaces all children of `parent`. */
export function replace(parent, ...children) {
  parent.replaceChildren(...nodes(children));
  return parent;
}

/** Calls `fn` once the caller has stopped calling for `ms` milliseconds. */
export function debounce(fn, ms) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  debounced.flush = (...args) => {
    clearTimeout(timer);
    fn(...args);
  };
  return debounced;
}

/** True when the keyboard event target is a place where the user types text. */
export function isTypingTarget(target) {
  if (!target || !(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file'].includes(target.type);
  }
  return false;
}

/** Moves focus between sibling elements matching `selector` with the arrow keys (delegated). */
export function arrowNavigation(container, selector) {
  container.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const current = e.target.closest(selector);
    if (!current || !container.contains(current)) return;
    const items = [...container.querySelectorAll(selector)];
    const next = items[items.indexOf(current) + (e.key === 'ArrowDown' ? 1 : -1)];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  });
}
