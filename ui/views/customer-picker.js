// The customer type-ahead used by the incident forms: search as you type,
// arrow keys + Enter choose, and (when allowed) "Create new customer" opens
// inline name/phone/email inputs pre-filled with what was typed.

import { searchCustomers } from '../api.js';
import { h, replace, append } from '../dom.js';
import { showError } from '../feedback.js';
import { field, input } from './form.js';

const SEARCH_DELAY = 120;

/**
 * customerPicker({ allowNew, initial, onChange }) -> {
 *   field,            // the search field (.field with data-field for customer errors)
 *   newFields,        // the inline new-customer fieldset (null when !allowNew)
 *   value(),          // { customer_id, new_customer }
 *   getState(), setState(state),  // for drafts
 *   hasContent(), query(), focus()
 * }
 * state: { mode: 'none' | 'existing' | 'new', query, selected, fresh: { name, phone, email } }
 */
export function customerPicker({ allowNew = true, initial = null, onChange = () => {} } = {}) {
  let st = { mode: 'none', query: '', selected: null, fresh: { name: '', phone: '', email: '' } };
  let items = []; // current suggestions: { kind: 'existing', customer } | { kind: 'new' }
  let active = -1;
  let seq = 0;
  let pending = null; // Promise of the search in flight
  let timer = null;

  const search = input({
    id: 'customer-search',
    name: 'customer_search',
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': 'customer-suggestions',
    placeholder: 'Type a name, phone number or email',
    spellcheck: 'false',
  });
  const list = h('ul', { id: 'customer-suggestions', class: 'suggestions', role: 'listbox', 'aria-label': 'Matching customers', hidden: true });
  const chosen = h('p', { id: 'customer-chosen', class: 'hint customer-chosen', 'aria-live': 'polite' });
  const searchField = field({ label: 'Customer', control: search, keys: 'customer_id customer new_customer customer_search', wide: true });
  // Wrap the input with its suggestion list, where the bare input was.
  const label = searchField.querySelector('label');
  label.after(h('div', { class: 'combo' }, search, list));
  append(searchField, chosen);

  let newFields = null;
  let freshName;
  let freshPhone;
  let freshEmail;
  if (allowNew) {
    freshName = input({ id: 'new-customer-name', name: 'new_customer_name', autocomplete: 'off' });
    freshPhone = input({ id: 'new-customer-phone', name: 'new_customer_phone', type: 'tel', autocomplete: 'off' });
    freshEmail = input({ id: 'new-customer-email', name: 'new_customer_email', type: 'email', autocomplete: 'off', spellcheck: 'false' });
    newFields = h(
      'fieldset',
      { id: 'new-customer-fields', class: 'subform wide', hidden: true },
      h('legend', null, 'New customer'),
      h('div', { class: 'grid three' },
        field({ label: 'Name', control: freshName, keys: 'new_customer.name' }),
        field({ label: 'Phone', control: freshPhone, keys: 'new_customer.phone', optional: true }),
        field({ label: 'Email', control: freshEmail, keys: 'new_customer.email', optional: true })),
    );
    newFields.addEventListener('input', () => {
      st.fresh = { name: freshName.value, phone: freshPhone.value, email: freshEmail.value };
      onChange();
    });
  }

  function open() {
    list.hidden = items.length === 0;
    search.setAttribute('aria-expanded', String(!list.hidden));
  }

  function close() {
    list.hidden = true;
    search.setAttribute('aria-expanded', 'false');
    search.removeAttribute('aria-activedescendant');
  }

  function paint() {
    replace(
      list,
      items.map((item, i) => {
        const attrs = {
          id: `suggestion-${i}`,
          class: item.kind === 'new' ? 'suggestion suggestion-new' : 'suggestion',
          role: 'option',
          'aria-selected': String(i === active),
          'data-index': String(i),
        };
        if (item.kind === 'new') return h('li', attrs, `Create new customer “${st.query.trim()}”`);
        const c = item.customer;
        const contact = [c.phone, c.email].filter(Boolean).join(' · ');
        const past = c.incident_count ? `${c.incident_count} earlier ${c.incident_count === 1 ? 'incident' : 'incidents'}` : '';
        return h('li', attrs,
          h('span', { class: 'suggestion-name' }, c.name),
          contact || past ? h('span', { class: 'suggestion-meta' }, [contact, past].filter(Boolean).join(' — ')) : null);
      }),
    );
    if (active >= 0) search.setAttribute('aria-activedescendant', `suggestion-${active}`);
    else search.removeAttribute('aria-activedescendant');
    list.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }

  function runSearch() {
    clearTimeout(timer);
    timer = null;
    const q = st.query.trim();
    const mine = ++seq;
    if (!q) {
      items = [];
      active = -1;
      pending = null;
      paint();
      close();
      return Promise.resolve();
    }
    pending = searchCustomers(q, 8)
      .then((found) => {
        if (mine !== seq) return;
        items = found.map((customer) => ({ kind: 'existing', customer }));
        if (allowNew) items.push({ kind: 'new' });
        active = items.length ? 0 : -1;
        paint();
        if (document.activeElement === search) open();
      })
      .catch((err) => {
        if (mine === seq) showError(err, 'Could not search customers');
      })
      .finally(() => {
        if (mine === seq) pending = null;
      });
    return pending;
  }

  function scheduleSearch() {
    clearTimeout(timer);
    timer = setTimeout(runSearch, SEARCH_DELAY);
  }

  function describe() {
    if (st.mode === 'existing' && st.selected) {
      const c = st.selected;
      const bits = ['Existing customer', c.phone, c.email].filter(Boolean);
      if (c.incident_count) bits.push(`${c.incident_count} earlier ${c.incident_count === 1 ? 'incident' : 'incidents'}`);
      chosen.textContent = bits.join(' · ');
      chosen.classList.add('ok');
    } else if (st.mode === 'new') {
      chosen.textContent = 'New customer: check the details below.';
      chosen.classList.add('ok');
    } else {
      chosen.textContent = allowNew
        ? 'Pick from the list with the arrow keys and Enter, or create a new customer.'
        : 'Pick from the list with the arrow keys and Enter.';
      chosen.classList.remove('ok');
    }
    if (newFields) newFields.hidden = st.mode !== 'new';
  }

  function choose(index) {
    const item = items[index];
    if (!item) return;
    if (item.kind === 'existing') {
      st.mode = 'existing';
      st.selected = item.customer;
      search.value = item.customer.name;
      st.query = item.customer.name;
      describe();
      close();
    } else {
      st.mode = 'new';
      st.selected = null;
      st.fresh.name = st.query.trim();
      freshName.value = st.fresh.name;
      freshPhone.value = st.fresh.phone;
      freshEmail.value = st.fresh.email;
      describe();
      close();
      freshPhone.focus();
    }
    onChange();
  }

  search.addEventListener('input', () => {
    st.query = search.value;
    if (st.mode !== 'none') {
      st.mode = 'none';
      st.selected = null;
      describe();
    }
    scheduleSearch();
    onChange();
  });

  search.addEventListener('keydown', async (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (list.hidden) {
        if (timer) await runSearch();
        else if (!items.length && st.query.trim()) await runSearch();
        open();
        return;
      }
      if (!items.length) return;
      active = (active + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      paint();
    } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
      // Enter picks a suggestion; it never submits the form from here.
      e.preventDefault();
      if (st.mode !== 'none' || !st.query.trim()) return;
      // A fast typist may press Enter before the results are in: wait for them.
      if (timer || (!pending && !items.length)) await runSearch();
      else if (pending) await pending;
      if (items.length && active >= 0) choose(active);
    } else if (e.key === 'Escape') {
      if (!list.hidden) {
        e.preventDefault();
        e.stopPropagation();
        close();
      }
    } else if (e.key === 'Tab') {
      close();
    }
  });

  search.addEventListener('focus', () => {
    if (st.mode === 'none' && items.length) open();
  });
  search.addEventListener('blur', close);
  // Keep the focus in the input while the mouse picks a suggestion.
  list.addEventListener('mousedown', (e) => e.preventDefault());
  list.addEventListener('click', (e) => {
    const li = e.target.closest('.suggestion');
    if (li) choose(Number(li.dataset.index));
  });

  function setState(next) {
    st = {
      mode: next?.mode || 'none',
      query: next?.query || '',
      selected: next?.selected || null,
      fresh: { name: '', phone: '', email: '', ...(next?.fresh || {}) },
    };
    if (st.mode === 'existing' && !st.selected) st.mode = 'none';
    if (st.mode === 'new' && !allowNew) st.mode = 'none';
    search.value = st.mode === 'existing' ? st.selected.name : st.query;
    if (newFields) {
      freshName.value = st.fresh.name;
      freshPhone.value = st.fresh.phone;
      freshEmail.value = st.fresh.email;
    }
    items = [];
    active = -1;
    close();
    describe();
  }

  setState(initial);

  return {
    field: searchField,
    newFields,
    value() {
      if (st.mode === 'existing') return { customer_id: st.selected.id, new_customer: null };
      if (st.mode === 'new') {
        return { customer_id: null, new_customer: { name: st.fresh.name.trim(), phone: st.fresh.phone.trim(), email: st.fresh.email.trim() } };
      }
      return { customer_id: null, new_customer: null };
    },
    getState: () => JSON.parse(JSON.stringify(st)),
    setState,
    query: () => st.query.trim(),
    hasContent: () => st.mode !== 'none' || st.query.trim() !== '',
    focus: () => search.focus(),
  };
}
