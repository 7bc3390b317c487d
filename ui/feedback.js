// Feedback shared by every screen: the error banner, the toast and the
// in-app confirmation dialog.

import { h, replace } from './dom.js';

const $ = (id) => document.getElementById(id);

/**
 * Shows a message in the error banner (#error-banner). Accepts an ApiError,
 * any Error, or a string. `prefix` says what was being done ("Could not save").
 */
export function showError(err, prefix = '') {
  const banner = $('error-banner');
  if (!banner) return;
  const message = typeof err === 'string' ? err : err?.message || 'Something went wrong.';
  replace($('error-text'), prefix ? `${prefix}: ${message}` : message);
  banner.hidden = false;
  if (typeof err !== 'string' && err && !err.kind) console.error(err);
}

export function clearError() {
  const banner = $('error-banner');
  if (banner) banner.hidden = true;
}

let toastTimer = null;
let toastAt = 0;

/** A short confirmation in the corner (#toast) that fades after a few seconds. */
export function toast(message) {
  const el = $('toast');
  if (!el) return;
  el.textContent = message;
  el.classList.add('show');
  toastAt = Date.now();
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), 3200);
}

/**
 * Hides a toast left over from the screen before. A toast raised just now
 * stays: a save that moves to another screen ("Incident saved") says so there.
 */
export function dropStaleToast(freshMs = 1000) {
  const el = $('toast');
  if (el && Date.now() - toastAt > freshMs) el.classList.remove('show');
}

/**
 * Asks a yes/no question in a modal dialog (#confirm-dialog). Resolves to
 * true when the user chose `ok`. Esc and the cancel button resolve false.
 */
export function confirmDialog(message, { ok = 'OK', cancel = 'Cancel', danger = false } = {}) {
  const dialog = $('confirm-dialog');
  const okBtn = $('confirm-ok');
  const cancelBtn = $('confirm-cancel');
  replace($('confirm-message'), message);
  okBtn.textContent = ok;
  cancelBtn.textContent = cancel;
  okBtn.classList.toggle('danger', danger);
  const previous = document.activeElement;
  return new Promise((resolve) => {
    const finish = (answer) => {
      okBtn.removeEventListener('click', onOk);
      cancelBtn.removeEventListener('click', onCancel);
      dialog.removeEventListener('close', onClose);
      if (dialog.open) dialog.close();
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
      resolve(answer);
    };
    const onOk = () => finish(true);
    const onCancel = () => finish(false);
    const onClose = () => finish(false);
    okBtn.addEventListener('click', onOk);
    cancelBtn.addEventListener('click', onCancel);
    dialog.addEventListener('close', onClose);
    dialog.showModal();
    cancelBtn.focus();
  });
}

/** A plain "loading" line for a screen that is waiting for its data. */
export function loading(text = 'Loading…') {
  return h('p', { class: 'muted loading', role: 'status' }, text);
}
