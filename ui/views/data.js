// Settings → Your data (#/settings/data): everything about the owner's data
// as a whole. Export each kind of record as a CSV file, back up the whole
// database to a file of their choosing, see the automatic daily copies,
// restore a backup (checked and previewed first, with a safety copy of the
// current data), and open the sample shop to try Mend, or leave it.
//
// Restoring and switching to or from the sample shop reload the window
// (views/startup.js), so nothing on screen still shows the old data.

import { dataStatus, exportCsv, backupNow, pickBackup, inspectBackup, restoreBackup, startDemo } from '../api.js';
import { h, replace, append } from '../dom.js';
import { date, plural, number } from '../format.js';
import { state } from '../state.js';
import { showError, clearError, toast, confirmDialog, loading } from '../feedback.js';
import { busy } from './form.js';
import { reloadAfterSwitch, backToOwnData, setOwnActorAside, contentsLine } from './startup.js';

/** The five exports, in the order shown. `one`/`many` name a row in the message after saving. */
const EXPORTS = [
  { kind: 'incidents', id: 'incidents', label: 'Incidents', one: 'incident', many: 'incidents',
    what: 'Every complaint: when, customer, channel, category, severity, what happened, status and root cause.' },
  { kind: 'customers', id: 'customers', label: 'Customers', one: 'customer', many: 'customers',
    what: 'Names, phone numbers, email addresses, visits, spend and notes.' },
  { kind: 'gestures', id: 'gestures', label: 'Gestures given', one: 'gesture', many: 'gestures',
    what: 'Each goodwill gesture: for whom, what it cost, who gave it and whether it was used.' },
  { kind: 'promises', id: 'promises', label: 'Promises', one: 'promise', many: 'promises',
    what: 'Promises made to customers: when they were due, and whether they were kept or broken.' },
  { kind: 'follow_ups', id: 'follow-ups', label: 'Follow-up calls', one: 'follow-up call', many: 'follow-up calls',
    what: 'Calls booked and made, with their outcome and the number of tries.' },
];

/** Refusals that mean "this file can't be used": shown in the preview panel, nothing changed. */
const REFUSALS = new Set(['unreadable', 'newer_database', 'conflict', 'invalid', 'not_found']);

/** 2_100_000 -> "2.1 MB", 5400 -> "5 KB", 900 -> "900 bytes" (decimal units, as file managers show them). */
export function fileSize(bytes) {
  const n = Number(bytes) || 0;
  if (n < 1000) return `${n} bytes`;
  if (n < 1_000_000) return `${Math.round(n / 1000)} KB`;
  if (n < 1_000_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  return `${(n / 1_000_000_000).toFixed(1)} GB`;
}

function fileName(path) {
  return String(path).split(/[\\/]/).pop() || String(path);
}

function count(n, one, many) {
  return `${number(n)} ${n === 1 ? one : many}`;
}

export function render(root) {
  root.classList.add('data-view');
  const demo = Boolean(state.info?.demo);
  const backups = backupSection(demo);
  const restore = restoreSection(demo);
  append(root, [
    h('header', { class: 'view-header' },
      h('p', { class: 'overline' }, h('a', { href: '#/settings' }, 'Settings')),
      h('h1', { tabindex: '-1' }, 'Your data'),
      h('p', { class: 'muted' },
        'Everything Mend knows is in one file on this computer, and it is yours: take it out as spreadsheets, keep copies, or go back to an earlier copy.')),
    demo ? h('p', { class: 'notice', id: 'data-demo-note' },
      'You are looking at the sample shop: exports and backups here contain the sample data, not yours.') : null,
    backups.element,
    restore.element,
    exportSection(),
    sampleSection(demo),
  ]);

  dataStatus()
    .then((status) => {
      if (!root.isConnected) return;
      backups.show(status, restore.previewAutomatic);
    })
    .catch((err) => {
      if (!root.isConnected) return;
      backups.failed();
      showError(err, 'Could not list the backups');
    });
}

// ---- Export ----------------------------------------------------------------

function exportSection() {
  const status = h('p', { id: 'data-export-status', class: 'small muted data-status', role: 'status', 'aria-live': 'polite' });
  const list = h('ul', { class: 'data-rows export-list' },
    EXPORTS.map((e) => h('li', { class: 'data-row', 'data-kind': e.kind },
      h('div', { class: 'data-row-text' },
        h('span', { class: 'data-row-title' }, e.label),
        h('span', { class: 'small muted' }, e.what)),
      h('button', { type: 'button', id: `data-export-${e.id}`, class: 'button secondary small export-csv', 'aria-label': `Save ${e.label.toLowerCase()} as a CSV file` },
        'Save as CSV…'))));

  list.addEventListener('click', async (ev) => {
    const button = ev.target.closest('button.export-csv');
    if (!button || button.disabled) return;
    const spec = EXPORTS.find((e) => e.kind === button.closest('li').dataset.kind);
    const done = busy(button, 'Saving…');
    try {
      const saved = await exportCsv(spec.kind);
      clearError();
      if (saved) {
        const message = `Saved ${count(saved.rows, spec.one, spec.many)} to ${saved.path}`;
        status.textContent = message;
        toast(message);
      }
    } catch (err) {
      showError(err, `The ${spec.label.toLowerCase()} were not saved`);
    } finally {
      done();
      if (button.isConnected) button.focus();
    }
  });

  return h('section', { class: 'panel', id: 'data-export', 'aria-labelledby': 'data-export-title' },
    h('h2', { id: 'data-export-title' }, 'Export as spreadsheets (CSV)'),
    h('p', { class: 'small muted' },
      'Each list is saved as a CSV file, which Excel, Numbers, LibreOffice and Google Sheets open. Amounts are in your currency, times in UTC.'),
    list,
    status);
}

// ---- Backups ---------------------------------------------------------------

function backupSection(demo) {
  const button = h('button', { type: 'button', id: 'data-backup-now', class: 'button primary' }, 'Back up now…');
  const status = h('p', { id: 'data-backup-status', class: 'small data-status', role: 'status', 'aria-live': 'polite' });
  const autoList = h('div', { id: 'automatic-backups', class: 'automatic-backups' }, loading('Looking for the automatic copies…'));
  const where = h('p', { class: 'small muted data-where' });

  button.addEventListener('click', async () => {
    if (button.disabled) return;
    const done = busy(button, 'Backing up…');
    try {
      const saved = await backupNow();
      clearError();
      if (saved) {
        const message = `Backup saved: ${saved.path} (${fileSize(saved.bytes)})`;
        status.textContent = message;
        toast(message);
      }
    } catch (err) {
      showError(err, 'The backup was not saved');
    } finally {
      done();
      if (button.isConnected) button.focus();
    }
  });

  function show(info, onRestore) {
    replace(where,
      'Your data folder: ', h('code', { id: 'data-dir' }, info.data_dir), h('br'),
      'Your data file: ', h('code', { id: 'data-db-path' }, info.db_path));
    const rows = info.automatic_backups || [];
    if (!rows.length) {
      replace(autoList, h('p', { class: 'empty small', id: 'automatic-backups-empty' },
        'No automatic copies yet. Mend makes the first one shortly after it starts.'));
      return;
    }
    const table = h('table', { class: 'data-table backups-table' },
      h('caption', { class: 'visually-hidden' }, 'Automatic copies, newest first'),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Copy from'),
        h('th', { scope: 'col', class: 'num' }, 'Size'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Restore')))),
      h('tbody', null, rows.map((b, i) => h('tr', { 'data-index': String(i) },
        h('th', { scope: 'row', title: b.path }, date(b.date)),
        h('td', { class: 'num' }, fileSize(b.bytes)),
        h('td', { class: 'row-action' },
          h('button', { type: 'button', class: 'link-button restore-automatic', disabled: demo,
            'aria-label': `Restore the copy from ${date(b.date)}` }, 'Restore…'))))));
    table.addEventListener('click', (ev) => {
      const restoreBtn = ev.target.closest('button.restore-automatic');
      if (!restoreBtn || restoreBtn.disabled) return;
      onRestore(rows[Number(restoreBtn.closest('tr').dataset.index)], restoreBtn);
    });
    replace(autoList, table);
  }

  function failed() {
    replace(autoList, h('p', { class: 'empty small' }, 'The automatic copies could not be listed.'));
  }

  const element = h('section', { class: 'panel', id: 'data-backup', 'aria-labelledby': 'data-backup-title' },
    h('h2', { id: 'data-backup-title' }, 'Backups'),
    h('p', { class: 'small muted' },
      'A backup is one file holding everything. Keep it on a USB stick or in your cloud folder: with it you get all your data back, on this computer or a new one.'),
    h('div', { class: 'data-actions' }, button),
    status,
    h('h3', { class: 'data-subtitle' }, 'Automatic copies'),
    h('p', { class: 'small muted' },
      'Mend keeps a copy each day: the last 7 days and one a week for 4 weeks. ',
      demo ? 'These are copies of your own data. ' : '',
      'They live in your data folder on this computer, so they help when the file gets damaged, not when the computer is lost.'),
    autoList,
    where);
  return { element, show, failed };
}

// ---- Restore ---------------------------------------------------------------

function restoreSection(demo) {
  const button = h('button', { type: 'button', id: 'data-restore', class: 'button secondary', disabled: demo }, 'Restore from a backup…');
  const preview = h('div', { id: 'restore-preview', class: 'restore-preview', hidden: true, tabindex: '-1', 'aria-live': 'polite' });
  let opener = null; // the button to give the focus back to

  button.addEventListener('click', async () => {
    if (button.disabled) return;
    const done = busy(button, 'Choosing…');
    let info;
    try {
      info = await pickBackup();
    } catch (err) {
      done();
      refused(err, 'The backup could not be read');
      opener = button;
      return;
    }
    done();
    if (!info || !preview.isConnected) return; // cancelled: nothing changes
    clearError();
    opener = button;
    showPreview({ from: 'picked' }, backupFacts(info), `The backup “${fileName(info.path)}” holds`);
  });

  /** An automatic copy from the list: checked first, then previewed like a chosen file. */
  async function previewAutomatic(copy, rowButton) {
    clearError();
    opener = rowButton;
    const done = busy(rowButton, 'Checking…');
    const choice = { from: 'automatic', file_name: copy.file_name };
    let info;
    try {
      info = await inspectBackup(choice);
    } catch (err) {
      done();
      refused(err, 'The automatic copy could not be read');
      return;
    }
    done();
    if (!preview.isConnected) return;
    showPreview(choice, [...backupFacts(info), ['Size', fileSize(copy.bytes)]],
      `The automatic copy from ${date(copy.date)} holds`);
  }

  /** `choice`: the BackupChoice that restoring will send. */
  function showPreview(choice, facts, title, note = null) {
    const confirm = h('button', { type: 'button', id: 'restore-confirm', class: 'button danger' }, 'Replace my data with this backup');
    const cancel = h('button', { type: 'button', id: 'restore-cancel', class: 'button secondary' }, 'Cancel');
    replace(preview,
      h('h3', { id: 'restore-preview-title' }, title),
      h('dl', { class: 'restore-facts' }, facts.map(([term, value]) => [h('dt', null, term), h('dd', null, value)])),
      note ? h('p', { class: 'small muted' }, note) : null,
      h('p', { class: 'small' },
        'Restoring replaces the data Mend is using now with this backup. Mend first keeps a safety copy of your current data in the data folder.'),
      h('div', { class: 'actions start' }, confirm, cancel));
    preview.classList.remove('refused');
    preview.hidden = false;
    cancel.addEventListener('click', closePreview);
    confirm.addEventListener('click', () => restore(choice, confirm));
    preview.focus();
  }

  function closePreview() {
    preview.hidden = true;
    replace(preview);
    if (opener?.isConnected) opener.focus();
  }

  /** A file that can't be used: the plain reason in the panel; nothing changed. */
  function refused(err, what) {
    if (!REFUSALS.has(err?.kind)) {
      showError(err, what);
      return;
    }
    clearError();
    const close = h('button', { type: 'button', id: 'restore-cancel', class: 'button secondary' }, 'Close');
    close.addEventListener('click', closePreview);
    replace(preview,
      h('h3', null, 'This file can’t be restored'),
      h('p', { id: 'restore-refusal', role: 'alert' }, err.message),
      h('p', { class: 'small muted' }, 'Your current data has not been changed.'),
      h('div', { class: 'actions start' }, close));
    preview.classList.add('refused');
    preview.hidden = false;
    preview.focus();
  }

  async function restore(choice, confirmBtn) {
    const yes = await confirmDialog(
      'Replace the data Mend is using now with this backup? Mend keeps a safety copy of your current data in the data folder first (a file named “before-restore-…”), so you can go back to it.',
      { ok: 'Replace my data', cancel: 'Keep my data', danger: true });
    if (!yes || !confirmBtn.isConnected) return;
    const done = busy(confirmBtn, 'Restoring…');
    try {
      const info = await restoreBackup(choice);
      reloadAfterSwitch(`Backup restored: ${contentsLine(info)}. A safety copy of your previous data is in the data folder.`);
    } catch (err) {
      done();
      refused(err, 'The backup was not restored');
    }
  }

  const element = h('section', { class: 'panel', id: 'data-restore-section', 'aria-labelledby': 'data-restore-title' },
    h('h2', { id: 'data-restore-title' }, 'Restore from a backup'),
    h('p', { class: 'small muted' },
      'Go back to a backup file. Mend first checks the file and shows what is in it; nothing changes until you confirm.'),
    demo ? h('p', { class: 'small', id: 'restore-demo-note' }, 'Switch back to your own data before restoring a backup.') : null,
    h('div', { class: 'data-actions' }, button),
    preview);
  return { element, previewAutomatic };
}

/** The preview lines for a checked backup file. */
function backupFacts(info) {
  const first = date(info.first_incident);
  const last = date(info.last_incident);
  return [
    ['File', h('span', { id: 'restore-file', title: info.path }, fileName(info.path))],
    ['Incidents', h('span', { id: 'restore-incidents' }, number(info.incidents))],
    ['Customers', h('span', { id: 'restore-customers' }, number(info.customers))],
    ['First incident', h('span', { id: 'restore-first' }, first || 'None')],
    ['Last incident', h('span', { id: 'restore-last' }, last || 'None')],
  ];
}

// ---- The sample shop -------------------------------------------------------

function sampleSection(demo) {
  const status = h('p', { id: 'data-demo-status', class: 'small muted data-status', role: 'status', 'aria-live': 'polite' });
  if (demo) {
    const leave = h('button', { type: 'button', id: 'data-demo-leave', class: 'button primary' }, 'Back to my data');
    const fresh = h('button', { type: 'button', id: 'data-demo-fresh', class: 'button secondary' }, 'Start the sample over');
    leave.addEventListener('click', () => backToOwnData(leave));
    fresh.addEventListener('click', () => openSampleShop(fresh, status, { fresh: true }));
    return h('section', { class: 'panel', id: 'data-demo', 'aria-labelledby': 'data-demo-title' },
      h('h2', { id: 'data-demo-title' }, 'The sample shop'),
      h('p', { class: 'small muted' },
        'You are trying Mend on a made-up shop. Change anything you like: it stays in the sample. “Start the sample over” throws those changes away and builds a new one.'),
      h('div', { class: 'data-actions' }, leave, fresh),
      status);
  }
  const start = h('button', { type: 'button', id: 'data-demo-start', class: 'button secondary' }, 'Try Mend with sample data');
  start.addEventListener('click', () => openSampleShop(start, status));
  return h('section', { class: 'panel', id: 'data-demo', 'aria-labelledby': 'data-demo-title' },
    h('h2', { id: 'data-demo-title' }, 'Try Mend with sample data'),
    h('p', { class: 'small muted' },
      'Open a made-up shop with a year of complaints, customers, gestures and calls, to see how Mend works before you rely on it. ',
      'It is kept in a separate file: your own data is not touched, and you can switch back at any time.'),
    h('div', { class: 'data-actions' }, start),
    status);
}

/**
 * Opens the sample shop (built first if needed; anew when `fresh`) after
 * saying what it is, then reloads. `status` shows the progress: building can
 * take a few seconds. Used here and by Today's empty state.
 */
export async function openSampleShop(button, status, { fresh = false } = {}) {
  if (button.disabled) return;
  const question = fresh
    ? 'Throw away everything changed in the sample shop and build a new one? Your own data is not affected.'
    : 'Mend will open a sample shop: a made-up business with a year of complaints, customers and calls. It is kept in a separate file, so your own data stays exactly as it is. You can switch back at any time with “Back to my data” at the top of the window.';
  const yes = await confirmDialog(question, {
    ok: fresh ? 'Start the sample over' : 'Open the sample shop',
    cancel: fresh ? 'Keep it' : 'Not now',
    danger: fresh,
  });
  if (!yes) return;
  const done = busy(button, 'Building…');
  status.textContent = 'Building the sample shop… this can take a few seconds.';
  try {
    const made = await startDemo(fresh);
    if (!state.info?.demo) setOwnActorAside();
    reloadAfterSwitch(
      `This is the sample shop: ${count(made.incidents, 'incident', 'incidents')} and ${count(made.customers, 'customer', 'customers')}, all made up. Your own data is untouched.`);
  } catch (err) {
    done();
    status.textContent = '';
    showError(err, 'The sample shop could not be opened');
  }
}
