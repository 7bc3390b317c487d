// Reaching the customer, shared by Today's call list, the incident page and the customer card:
// - contactLine(): the phone number and e-mail address as actions: Call and Text next to the
//   number, E-mail next to the address (the customer card, the incident page's header);
// - callContact(): on a call list row, the number (Call) and address (E-mail) themselves;
// - messageTools(): next to each call, the ready message: a small picker of the templates
//   (the one that fits the call is chosen), then "Text it", "E-mail it" and "Copy message".
//
// The page only names the customer and the call; the backend builds the tel:, sms: or mailto:
// link from the customer's card, fills the message in and opens the system's program.

import { getMessageTemplates, contactCustomer, contactMessage } from '../api.js';
import { h, replace } from '../dom.js';
import { showError, clearError, toast } from '../feedback.js';

// ---- The templates (names and which one fits a call) ---------------------------------------

let templates = null; // the answer of getMessageTemplates, once loaded
let loading = null;

/** Loads the template names once (Settings calls invalidateTemplates after a save). */
export function loadTemplates() {
  if (!loading) {
    loading = getMessageTemplates()
      .then((view) => {
        templates = view;
        fillWaitingPickers();
        return view;
      })
      .catch((err) => {
        loading = null;
        throw err;
      });
  }
  return loading;
}

/** The saved templates changed: the pickers read them again. */
export function invalidateTemplates(view = null) {
  templates = view;
  loading = view ? Promise.resolve(view) : null;
}

/** Which kind of call list line this is: "first_call", "retry" (tried before, no answer) or "promise". */
export function contextOf(line) {
  if (line.kind === 'promise') return 'promise';
  return (line.attempts || 0) > 0 ? 'retry' : 'first_call';
}

/** The template a line gets when nobody chose another: from the backend's table, by context. */
export function templateFor(line, view = templates) {
  return view?.for_call?.[contextOf(line)] || null;
}

/** The template chosen for each try of a call ("follow_up-7-0" → "apology"), kept while Mend is
 *  open: a new try after no answer starts again from the one that fits it. */
const chosen = new Map();

// ---- Opening a call, text or e-mail --------------------------------------------------------

const WHAT = {
  call: 'Opening your phone app to call',
  text: 'Opening your messages app to text',
  email: 'Opening your e-mail program to write to',
};

/** Plain words for what was opened ("Opening your messages app to text Marta Silva with “…”."). */
export function openedSentence(how, name, label = null) {
  const who = name || 'the customer';
  const tail = label ? ` with the “${label}” message` : '';
  return `${WHAT[how] || 'Opening'} ${who}${tail}. If nothing opens, use “Copy message” and paste it.`;
}

/**
 * Opens a call ("call"), text ("text") or e-mail ("email") to customer `customerId`; with
 * `callRef` ({ kind, id }) or `template` the text or e-mail carries the ready message.
 * `say(message, tone)` tells what happened (a toast when not given).
 */
export async function reach(button, { customerId, name, how, callRef = null, template = null, say = toast }) {
  if (button?.getAttribute('aria-busy') === 'true') return;
  button?.setAttribute('aria-busy', 'true');
  try {
    const done = await contactCustomer(customerId, how, callRef, template);
    clearError();
    say(openedSentence(how, name, done.message?.label || null), 'success');
  } catch (err) {
    showError(err, how === 'call' ? 'The call was not started' : how === 'text' ? 'The text was not opened' : 'The e-mail was not opened');
  } finally {
    button?.removeAttribute('aria-busy');
  }
}

/** Puts the ready message on the clipboard. */
async function copyMessage(button, { customerId, name, callRef, template, say = toast }) {
  if (button.getAttribute('aria-busy') === 'true') return;
  button.setAttribute('aria-busy', 'true');
  try {
    const message = await contactMessage(customerId, callRef, template);
    if (!navigator.clipboard?.writeText) throw new Error('No clipboard');
    await navigator.clipboard.writeText(message.body);
    clearError();
    say(`The “${message.label}” message for ${name || 'the customer'} is on the clipboard: paste it into your messages or e-mail.`, 'success');
  } catch (err) {
    if (err?.kind) showError(err, 'The message was not copied');
    else showError('The message could not be put on the clipboard: this computer refused it. Use “Text it” or “E-mail it” instead.');
  } finally {
    button.removeAttribute('aria-busy');
  }
}

// ---- The contact line (customer card, incident header) --------------------------------------

/** A Call, Text or E-mail button for `customer` ({ id, name, phone, email }). */
function actionButton(customer, how, label, title, { prefix, say }) {
  const button = h('button', { type: 'button', class: `link-button contact-action contact-${how}`, id: `${prefix}-${how}`, title }, label);
  button.addEventListener('click', () => reach(button, { customerId: customer.id, name: customer.name, how, say }));
  return button;
}

/** The phone number with Call and Text, or null when there is none. Ids start with `prefix`. */
export function phoneActions(customer, { prefix = 'contact', say = toast } = {}) {
  const phone = (customer.phone || '').trim();
  if (!phone) return null;
  const who = customer.name || 'the customer';
  return h('span', { class: 'contact-part' },
    h('span', { class: 'contact-number', id: `${prefix}-phone` }, phone),
    actionButton(customer, 'call', 'Call', `Call ${who} on ${phone} with your phone app`, { prefix, say }),
    actionButton(customer, 'text', 'Text', `Write a text to ${who} with your messages app`, { prefix, say }));
}

/** The e-mail address with E-mail, or null when there is none. */
export function emailActions(customer, { prefix = 'contact', say = toast } = {}) {
  const email = (customer.email || '').trim();
  if (!email) return null;
  const who = customer.name || 'the customer';
  return h('span', { class: 'contact-part' },
    h('span', { class: 'contact-address', id: `${prefix}-email-address` }, email),
    actionButton(customer, 'email', 'E-mail', `Write an e-mail to ${who} with your e-mail program`, { prefix, say }));
}

/**
 * The customer's phone number with Call and Text, and e-mail address with E-mail
 * (`customer`: { id, name, phone, email }); ids start with `prefix`. Plain words when neither
 * is recorded.
 */
export function contactLine(customer, options = {}) {
  const phone = phoneActions(customer, options);
  const email = emailActions(customer, options);
  if (!phone && !email) return h('span', { class: 'contact-line muted' }, 'No phone or email recorded');
  return h('span', { class: 'contact-line' }, phone, email);
}

// ---- On a call list row ---------------------------------------------------------------------

/**
 * A call list row's phone number (it calls) and e-mail address (it opens an e-mail), or the
 * plain words when neither is recorded. `line`: { customer_id, customer_name, phone, email }.
 */
export function callContact(line, { say = toast } = {}) {
  const name = line.customer_name;
  const parts = [];
  if (line.phone) {
    const call = h('button', { type: 'button', class: 'link-button call-phone contact-call', 'data-focus': 'call-phone', title: `Call ${name} with your phone app` },
      h('span', { class: 'visually-hidden' }, 'Call '), line.phone);
    call.addEventListener('click', () => reach(call, { customerId: line.customer_id, name, how: 'call', say }));
    parts.push(call);
  }
  if (line.email) {
    const mail = h('button', { type: 'button', class: 'link-button call-email contact-email', 'data-focus': 'call-email', title: `Write an e-mail to ${name}` },
      h('span', { class: 'visually-hidden' }, 'E-mail '), line.email);
    mail.addEventListener('click', () => reach(mail, { customerId: line.customer_id, name, how: 'email', say }));
    parts.push(mail);
  }
  return parts.length
    ? h('span', { class: 'call-contact' }, parts)
    : h('span', { class: 'call-contact muted' }, 'No phone or email recorded');
}

/** Fills a template picker with the names, the row's own choice or the one that fits it. */
function fillPicker(select) {
  if (!templates) return;
  const line = { kind: select.dataset.kind, attempts: Number(select.dataset.attempts || 0) };
  const value = chosen.get(select.dataset.row) || templateFor(line);
  replace(select, templates.templates.map((t) => h('option', { value: t.key, selected: t.key === value }, t.label)));
  select.value = value;
  select.disabled = false;
  delete select.dataset.waiting;
}

function fillWaitingPickers() {
  for (const select of document.querySelectorAll('select.message-template[data-waiting]')) fillPicker(select);
}

/**
 * The ready message next to a call: which template (picker), "Text it", "E-mail it" and
 * "Copy message", filled in for that customer. `line`: { kind, id, attempts, customer_id,
 * customer_name, phone, email }; `say(message, tone)` tells what happened.
 */
export function messageTools(line, { say = toast } = {}) {
  const row = `${line.kind}-${line.id}-${line.attempts || 0}`;
  const callRef = { kind: line.kind, id: line.id };
  const name = line.customer_name;
  const picker = h('select', {
    class: 'message-template',
    'data-focus': 'message-template',
    'data-row': row,
    'data-kind': line.kind,
    'data-attempts': String(line.attempts || 0),
    'data-waiting': '',
    disabled: true,
    'aria-label': `Which message for ${name}`,
    title: 'Which message to send. Change the wording in Settings → Messages to customers.',
  });
  if (templates) fillPicker(picker);
  else loadTemplates().catch((err) => console.warn('The message templates could not be loaded', err));
  picker.addEventListener('change', () => chosen.set(row, picker.value));

  const button = (cls, label, title, onClick) => {
    const b = h('button', { type: 'button', class: `link-button ${cls}`, 'data-focus': cls, title }, label);
    b.addEventListener('click', () => onClick(b));
    return b;
  };
  const template = () => picker.value || null;
  return h('div', { class: 'message-tools', role: 'group', 'aria-label': `Ready message for ${name}` },
    picker,
    h('span', { class: 'message-actions' },
      line.phone
        ? button('message-text', 'Text it', `Open your messages app with this message for ${name}`,
          (b) => reach(b, { customerId: line.customer_id, name, how: 'text', callRef, template: template(), say }))
        : null,
      line.email
        ? button('message-email', 'E-mail it', `Open your e-mail program with this message for ${name}`,
          (b) => reach(b, { customerId: line.customer_id, name, how: 'email', callRef, template: template(), say }))
        : null,
      button('message-copy', 'Copy message', `Put this message for ${name} on the clipboard`,
        (b) => copyMessage(b, { customerId: line.customer_id, name, callRef, template: template(), say }))));
}
