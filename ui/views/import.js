// Customers → Import (#/customers/import): choose the file your booking system
// or till exported (CSV, or an Excel/OpenDocument sheet), check which column
// holds what and what each detail is read from, import. Customers already in
// Mend are matched by phone or email and brought up to date.

import { pickImportFile, previewCustomerImport, describeCustomerImport, importCustomers } from '../api.js';
import { h, replace, append } from '../dom.js';
import { plural } from '../format.js';
import { showError, clearError, toast } from '../feedback.js';
import { busy, showFieldErrors, clearFieldErrors } from './form.js';

/** What a column can hold, in the order offered. */
const COLUMNS = [
  { value: 'name', label: 'Name' },
  { value: 'first_name', label: 'First name' },
  { value: 'last_name', label: 'Last name' },
  { value: 'last_name_prefix', label: 'Last name prefix (van, de)' },
  { value: 'nickname', label: 'Nickname (if no name)' },
  { value: 'phone', label: 'Phone' },
  { value: 'other_phone', label: 'Other phone (if no phone)' },
  { value: 'email', label: 'Email' },
  { value: 'visits', label: 'Visits' },
  { value: 'total_spend', label: 'Total spend' },
  { value: 'first_visit', label: 'First visit' },
  { value: 'last_visit', label: 'Last visit' },
  { value: 'ignore', label: 'Ignore this column' },
];
const NAME_COLUMNS = ['name', 'first_name', 'last_name', 'nickname'];
/** Values shown beside each column, and how much of each. */
const EXAMPLES = 3;
const EXAMPLE_CHARS = 60;

/** A long value cut to EXAMPLE_CHARS, on one line. */
function shorten(value) {
  const line = value.replace(/\s+/g, ' ');
  return line.length > EXAMPLE_CHARS ? `${line.slice(0, EXAMPLE_CHARS - 1).trimEnd()}…` : line;
}

/**
 * The text with places to wrap where an address reads well broken: after "@"
 * and before a "." ("ana.ruiz@" / "example.com"), so e-mail addresses don't
 * break in the middle of a word.
 */
function breakable(text) {
  if (!text.includes('@')) return text;
  const out = [];
  for (const piece of text.split(/(?<=@)|(?=\.)/)) {
    if (out.length) out.push(h('wbr'));
    out.push(piece);
  }
  return out;
}

function fileName(path) {
  return String(path).split(/[\\/]/).pop() || String(path);
}

export function render(root) {
  let path = null; // the chosen file's path, only to show: the backend keeps the file itself
  let preview = null; // previewCustomerImport() result
  let imported = false;

  // ---- Step 1: the file ---------------------------------------------------
  const chooseBtn = h('button', { type: 'button', id: 'choose-import-file', class: 'button primary' }, 'Choose file…');
  const nameLine = h('p', { id: 'import-file-name', class: 'file-name', 'aria-live': 'polite' }, 'No file chosen yet.');
  const fileBox = h('div', { class: 'field file-field', 'data-field': 'file' },
    h('div', { class: 'file-row' }, chooseBtn, nameLine));
  const step1 = h('section', { class: 'panel import-step', id: 'import-step-file', 'aria-labelledby': 'import-step1-title' },
    h('h2', { id: 'import-step1-title' }, h('span', { class: 'step-badge' }, '1'), 'Choose the file'),
    h('p', { class: 'muted small' },
      'Export your customer list from your booking system, till or spreadsheet as a CSV file (“comma-separated values”) or an Excel or OpenDocument file (.xlsx, .xls, .ods), then choose it here. ',
      'Nothing is imported until you press the Import button.'),
    fileBox);

  // ---- Step 2: the columns --------------------------------------------------
  const step2 = h('section', { class: 'panel import-step', id: 'import-step-columns', 'aria-labelledby': 'import-step2-title', hidden: true });
  // ---- Step 3: import and the report ---------------------------------------
  const step3 = h('section', { class: 'panel import-step', id: 'import-step-run', 'aria-labelledby': 'import-step3-title', hidden: true });

  append(root, 
    h('header', { class: 'view-header' },
      h('p', { class: 'overline' }, h('a', { href: '#/customers' }, 'Customers')),
      h('h1', { tabindex: '-1' }, 'Import customers')),
    step1, step2, step3);

  chooseBtn.addEventListener('click', choose);

  async function choose() {
    let picked;
    const done = busy(chooseBtn, 'Choosing…');
    try {
      picked = await pickImportFile();
    } catch (err) {
      done();
      showError(err, 'The file could not be chosen');
      return;
    }
    done();
    if (!picked || !root.isConnected) return; // cancelled: leave everything as it was
    path = picked;
    preview = null;
    imported = false;
    clearError();
    clearFieldErrors(step1);
    replace(nameLine, h('strong', null, fileName(path)));
    nameLine.title = path;
    chooseBtn.textContent = 'Choose another file…';
    chooseBtn.classList.replace('primary', 'secondary');
    step2.hidden = true;
    step3.hidden = true;
    replace(step2);
    replace(step3);
    await loadPreview();
  }

  async function loadPreview() {
    replace(nameLine, h('strong', null, fileName(path)), h('span', { class: 'muted' }, ' — reading…'));
    try {
      preview = await previewCustomerImport();
    } catch (err) {
      if (!root.isConnected) return;
      replace(nameLine, h('strong', null, fileName(path)));
      fileError(err, 'The file could not be read');
      return;
    }
    if (!root.isConnected) return;
    replace(nameLine, h('strong', null, fileName(path)));
    showColumns();
    showRun();
    step2.querySelector('select.column-map')?.focus();
  }

  /** A problem with the file itself: shown next to the chooser; nothing imported. */
  function fileError(err, what) {
    const message = err?.fields?.file;
    if (message) {
      clearError();
      showFieldErrors(step1, { file: `${message} Nothing was imported.` });
    } else {
      showError(err, what);
    }
  }

  function showColumns() {
    const p = preview;
    // One line per column of the file, so a file of any width fits the window: its
    // heading, what it holds, and its first values to check the choice against.
    const lines = p.headers.map((header, i) => {
      const id = `column-map-${i}`;
      const sel = h('select', { id, class: 'column-map', 'data-index': String(i), name: `column_${i}`, 'aria-describedby': `column-examples-${i}` },
        COLUMNS.map((c) => h('option', { value: c.value }, c.label)));
      sel.value = p.guessed[i] || 'ignore';
      const values = p.rows.map((row) => String(row[i] ?? '').trim()).filter(Boolean).slice(0, EXAMPLES);
      return h('tr', { 'data-index': String(i) },
        h('th', { scope: 'row', class: 'file-column' }, h('label', { for: id, class: 'file-header' }, header || `Column ${i + 1}`)),
        h('td', { class: 'column-holds' }, sel),
        h('td', { class: 'column-examples', id: `column-examples-${i}` },
          values.length
            ? h('ul', { class: 'examples' }, values.map((v) => h('li', { title: v.length > EXAMPLE_CHARS ? v : null }, breakable(shorten(v)))))
            : h('span', { class: 'muted small' }, `Empty in the first ${plural(p.rows.length, 'row')}`)));
    });
    const table = h('table', { id: 'import-preview', class: 'import-table' },
      h('caption', { class: 'visually-hidden' }, 'The columns of the file: what each holds, and its first values'),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', class: 'file-column' }, 'Column in your file'),
        h('th', { scope: 'col', class: 'column-holds' }, 'Holds'),
        h('th', { scope: 'col' }, 'First values'))),
      h('tbody', null, lines));
    const notice = h('p', { id: 'import-needs-name', class: 'notice warn', role: 'status' },
      'Mend could not tell which column holds the customer’s name. Choose “Name” for that column (or “First name” and “Last name” for two columns).');
    const mapBox = h('div', { class: 'field map-field', 'data-field': 'mapping' }, table);
    // What each customer detail will be read from, in one line each ("Name ← First Name + Last Name").
    const sourcesList = h('ul', { id: 'import-sources', class: 'import-sources' });
    const sourcesBox = h('div', { class: 'import-sources-box', 'aria-labelledby': 'import-sources-title', role: 'group' },
      h('h3', { id: 'import-sources-title' }, 'What Mend will fill in'),
      sourcesList);
    const showSources = (sources) => {
      replace(sourcesList, sources.length
        ? sources.map((s) => h('li', { 'data-field': s.field }, s.text))
        : h('li', { class: 'muted' }, 'Nothing yet: choose what the columns hold.'));
    };
    showSources(p.sources || []);

    replace(step2,
      h('h2', { id: 'import-step2-title' }, h('span', { class: 'step-badge' }, '2'), 'Check the columns'),
      h('p', { class: 'muted small' },
        'For each column of your file, choose what it holds. Mend has guessed from the headings; “Ignore this column” leaves it out. ',
        `The values beside it are from the first ${plural(p.rows.length, 'row')}.`),
      h('p', { id: 'import-row-count', class: 'count' }, `${plural(p.total_rows, 'row')} in the file`),
      notice,
      sourcesBox,
      mapBox);
    step2.hidden = false;

    const refresh = () => {
      const mapping = currentMapping();
      notice.hidden = mapping.some((c) => NAME_COLUMNS.includes(c));
      for (const line of table.querySelectorAll('tbody tr[data-index]')) {
        line.classList.toggle('ignored', mapping[Number(line.dataset.index)] === 'ignore');
      }
    };
    // The lines follow the choices; an answer that arrives after a newer choice is dropped.
    let asked = 0;
    const describe = async () => {
      const mine = ++asked;
      let sources;
      try {
        sources = await describeCustomerImport(p.headers, currentMapping());
      } catch (err) {
        if (mine === asked && root.isConnected) showError(err, 'Mend could not show what each detail is read from');
        return;
      }
      if (mine === asked && root.isConnected) showSources(sources);
    };
    table.addEventListener('change', (e) => {
      if (!e.target.closest('select.column-map')) return;
      clearFieldErrors(step2);
      refresh();
      describe();
    });
    refresh();
  }

  function currentMapping() {
    return [...step2.querySelectorAll('select.column-map')]
      .sort((x, y) => Number(x.dataset.index) - Number(y.dataset.index))
      .map((s) => s.value);
  }

  function showRun() {
    const n = preview.total_rows;
    const runBtn = h('button', { type: 'button', id: 'run-import', class: 'button primary' }, `Import ${plural(n, 'customer')}`);
    const report = h('div', { id: 'import-report', class: 'import-report', 'aria-live': 'polite' });
    replace(step3,
      h('h2', { id: 'import-step3-title' }, h('span', { class: 'step-badge' }, '3'), 'Import'),
      h('p', { class: 'muted small' },
        'Customers already in Mend with the same phone number or email are merged with the card they have, not added twice. Rows Mend can’t read are listed afterwards; the rest are imported.'),
      h('div', { class: 'form-actions' }, runBtn),
      report);
    step3.hidden = false;

    runBtn.addEventListener('click', async () => {
      if (runBtn.disabled || imported) return;
      clearFieldErrors(step1);
      clearFieldErrors(step2);
      replace(report);
      const done = busy(runBtn, 'Importing…');
      let result;
      try {
        result = await importCustomers(currentMapping());
      } catch (err) {
        done();
        if (!root.isConnected) return;
        const fields = err?.fields || {};
        if (fields.mapping) {
          clearError();
          showFieldErrors(step2, { mapping: `${fields.mapping} Nothing was imported.` });
        } else if (fields.file) {
          fileError(err, 'The customers were not imported');
        } else {
          showError(err, 'The customers were not imported');
        }
        return;
      }
      if (!root.isConnected) return;
      imported = true;
      clearError();
      runBtn.textContent = 'Imported';
      runBtn.disabled = true;
      runBtn.removeAttribute('aria-busy');
      for (const s of step2.querySelectorAll('select.column-map')) s.disabled = true;
      showReport(report, result);
      toast(`${result.added} added, ${result.merged.length} merged.`);
    });
  }

  function showReport(report, r) {
    const skipped = r.skipped || [];
    const merged = r.merged || [];
    const how = { phone: 'same phone number', email: 'same email' };
    replace(report,
      h('p', { class: 'report-summary', id: 'import-summary', tabindex: '-1' },
        h('strong', null, `${r.added} added, ${merged.length} merged`),
        merged.length ? ' with customers already in Mend' : '',
        skipped.length ? `, ${plural(skipped.length, 'row')} left out.` : '.'),
      merged.length
        ? [h('h3', null, 'Merged with a customer already in Mend'),
           h('p', { class: 'small muted' }, 'These rows brought the card’s phone, email, visits and spend up to date; the card keeps its name.'),
           h('ul', { id: 'import-merged', class: 'skipped-list merged-list' },
             merged.map((m) => h('li', { 'data-line': String(m.line) },
               h('span', { class: 'line-no' }, `Line ${m.line}: `),
               m.name === m.customer_name ? m.name : `${m.name} → ${m.customer_name}`,
               h('span', { class: 'muted' }, ` (${how[m.matched_on] || 'same details'})`))))]
        : null,
      skipped.length
        ? [h('h3', null, 'Left out'),
           h('p', { class: 'small muted' }, 'Fix these lines in the file and import it again if you need them; the customers above stay as they are.'),
           h('ul', { id: 'import-skipped', class: 'skipped-list' },
             skipped.map((s) => h('li', { 'data-line': String(s.line) }, h('span', { class: 'line-no' }, `Line ${s.line}: `), s.reason)))]
        : null,
      h('p', { class: 'report-links' },
        h('a', { href: '#/customers', id: 'import-see-customers', class: 'button secondary' }, 'See the customers')));
    const summary = report.querySelector('#import-summary');
    summary.scrollIntoView({ block: 'start' });
    summary.focus({ preventScroll: true });
  }
}
