// The one module that talks to the Rust side. Every view imports from here;
// nothing else calls `invoke`.
//
// Conventions:
// - Argument and field names are snake_case on both sides.
// - Times from the backend are UTC RFC 3339 strings ("2026-11-22T10:15:00Z").
//   Times sent to the backend are local wall-clock strings as produced by
//   <input type="datetime-local"> ("2026-11-22T10:15"); dates are "YYYY-MM-DD".
// - Money from the backend is integer cents (e.g. 4550); money sent to the
//   backend is the text the user typed ("45.50"), so the backend can say what
//   is wrong with it.
// - `actor` is the id of the staff member using the app (or null): it is
//   written into the incident's timeline.
// - A failure rejects with an ApiError: { kind, message, fields }.
//   `fields` maps an input's name (e.g. "severity") to a plain message to show
//   next to that input; it is empty when the error is not about one field.

const invoke = window.__TAURI__.core.invoke;

/** What the window shows when the answer is not Mend's own `{kind, message}` (the framework's
 * bare sentence for a request it refused before any command ran). */
export const UNEXPECTED = 'Mend could not do that, and nothing was changed. Please try again; if it keeps happening, restart Mend.';

/** Error thrown by every API call; `kind` is one of the backend's error kinds. */
export class ApiError extends Error {
  constructor(raw) {
    const own = raw && typeof raw === 'object' && typeof raw.message === 'string';
    if (!own) console.error('Mend: an answer not in Mend\'s shape:', raw);
    const obj = own ? raw : { kind: 'internal', message: UNEXPECTED };
    super(obj.message || 'Something went wrong.');
    this.kind = obj.kind || 'internal';
    this.fields = obj.fields || {};
  }
}

async function call(command, args = {}) {
  try {
    return await invoke(command, args);
  } catch (raw) {
    const err = new ApiError(raw);
    // The data file was found damaged while in use: views/startup.js offers the good copy.
    if (err.kind === 'damaged') window.dispatchEvent(new CustomEvent('mend:data-damaged'));
    throw err;
  }
}

// ---- App ---------------------------------------------------------------

/**
 * { version, now (the app's clock, UTC), data_dir, db_path,
 *   startup_error: null | { kind, message },   // e.g. the database is newer than the app
 *   demo: bool,                                // the sample shop is on show, not the owner's data
 *   startup_probe: bool,                       // MEND_STARTUP_PROBE is set: call startupProbe() once Today has painted
 *   recovery: null | { file_name, path, date: "YYYY-MM-DD", incidents, customers, first_incident, last_incident },
 *                                              // the newest good automatic backup, offered only
 *                                              // when startup_error.kind is "unreadable"
 *   settings: Settings,
 *   channels: [{ value, label }],              // in_person, phone, email, message, review_site, other
 *   severities: [{ value, label, description }],  // 1..5
 *   currencies: [{ code, name }] }
 */
export const appInfo = () => call('app_info');
/**
 * Only when app_info said startup_probe: the backend prints how long the start took
 * (scripts/startup-probe.sh reads it) and closes the app. Call it at the paint: it sends
 * performance.now() and Date.now(). Rejects when the probe is off.
 */
export const startupProbe = () =>
  call('startup_probe', { page_ms: performance.now(), painted_unix_ms: Date.now() });

// ---- Settings ----------------------------------------------------------

/** Settings: { business_name, currency }   (currency is an ISO 4217 code, e.g. "EUR") */
export const getSettings = () => call('get_settings');
/** input: { business_name, currency } -> Settings */
export const updateSettings = (input) => call('update_settings', { input });

// ---- Staff -------------------------------------------------------------

/** -> [{ id, name, active }] sorted by name; inactive ones only when asked. */
export const listStaff = (include_inactive = false) => call('list_staff', { include_inactive });
/** -> { id, name, active } */
export const addStaff = (name) => call('add_staff', { name });
export const renameStaff = (id, name) => call('rename_staff', { id, name });
export const setStaffActive = (id, active) => call('set_staff_active', { id, active });

// ---- Categories --------------------------------------------------------

/** -> [{ id, name, active }] in display order; inactive ones only when asked. */
export const listCategories = (include_inactive = false) => call('list_categories', { include_inactive });
export const addCategory = (name) => call('add_category', { name });
export const renameCategory = (id, name) => call('rename_category', { id, name });
export const setCategoryActive = (id, active) => call('set_category_active', { id, active });

// ---- Customers ---------------------------------------------------------

/**
 * Type-ahead: customers whose name, phone or email contains `query`.
 * -> [{ id, name, phone, email, incident_count }]  (at most `limit`)
 */
export const searchCustomers = (query, limit = 8) => call('search_customers', { query, limit });

/**
 * One page of customers sorted by name. `after` is the `next` cursor of the
 * previous page (or null for the first page).
 * -> { items: [CustomerRow], next: string | null, total: number }
 * CustomerRow: { id, name, phone, email, visits, total_spend_cents, last_visit, vip, incident_count, open_count }
 */
export const listCustomers = (query = '', after = null, limit = 50) =>
  call('list_customers', { query, after, limit });

/**
 * -> { customer: Customer, incidents: [IncidentRow] }
 * Customer: { id, name, phone, email, notes, visits, total_spend_cents,
 *             first_visit, last_visit, vip, created_at, updated_at }
 */
export const getCustomer = (id) => call('get_customer', { id });

/**
 * input: { name, phone, email, notes, visits: "12", total_spend: "340.00",
 *          first_visit: "YYYY-MM-DD" | "", last_visit: "YYYY-MM-DD" | "", vip: bool }
 * -> Customer
 */
export const createCustomer = (input) => call('create_customer', { input });
export const updateCustomer = (id, input) => call('update_customer', { id, input });

// ---- Possible duplicates and merging (Customers → Possible duplicates) ----

/**
 * Pairs of customer cards that are likely one customer, those with more reasons first;
 * limit 0 gives the count alone.
 * -> { total, pairs: [{ a: DuplicateCard, b: DuplicateCard, reasons: ["same_phone" | "same_email" | "similar_names"],
 *                       reason: "Same phone number and same e-mail" }] }
 * DuplicateCard: { id, name, phone, email, last_visit, incident_count }
 */
export const listDuplicates = (limit = 50) => call('list_duplicates', { limit });
/** "Not the same person": the pair is no longer listed. -> null */
export const dismissDuplicate = (customer_a, customer_b, actor = null) =>
  call('dismiss_duplicate', { customer_a, customer_b, actor });
/**
 * The two cards side by side, the one that stays first (more incidents, or the older card).
 * -> { kept: MergeSide, other: MergeSide, suggested: Picks, reason: string | null }
 * MergeSide: { customer: Customer, incident_count, open_count }
 * Picks: { name, phone, email, notes, visits, total_spend, first_visit, last_visit, vip }, each
 *        "kept" | "other" | "both" ("both" only for notes, visits and total_spend: added up / both kept)
 */
export const compareCustomers = (customer_a, customer_b) => call('compare_customers', { customer_a, customer_b });
/**
 * input: { keep_id, other_id, picks: Picks } -> the kept card's id. The other card's incidents move
 * to the kept card and the other card is removed, all at once. Errors: "invalid" (fields named as in
 * Picks, or other_id for a card into itself), "not_found" (a card no longer exists).
 */
export const mergeCustomers = (input, actor = null) => call('merge_customers', { input, actor });

// ---- Incidents ---------------------------------------------------------

/**
 * input: {
 *   customer_id: number | null,
 *   new_customer: { name, phone, email } | null,   // exactly one of the two
 *   received_at: "YYYY-MM-DDTHH:MM" | "",          // local time; "" means now
 *   channel: "in_person" | "phone" | "email" | "message" | "review_site" | "other",
 *   category_id: number | null,
 *   severity: number,                              // 1..5
 *   description: string,                           // what happened, in the customer's words
 *   desired_outcome: string,                       // what would make them happy
 *   transaction_value: string,                     // "" when unknown
 *   taken_by: number | null                        // staff id
 * }
 * -> IncidentDetail
 * Field names in ApiError.fields match these keys, with "new_customer.name",
 * "new_customer.phone" and "new_customer.email" for the inline customer.
 */
export const createIncident = (input, actor) => call('create_incident', { input, actor });

/**
 * filter: { q: string, status: "" | "open" | "resolved", severity: number | null,
 *           category_id: number | null, from: "YYYY-MM-DD" | "", to: "YYYY-MM-DD" | "" }
 * Newest first. -> { items: [IncidentRow], next: string | null, total: number }
 * IncidentRow: { id, received_at, customer_id, customer_name, category_name,
 *                channel, severity, status, resolved_at, summary }
 */
export const listIncidents = (filter, after = null, limit = 50) =>
  call('list_incidents', { filter, after, limit });

/**
 * -> IncidentDetail: {
 *   id, customer: { id, name, phone, email },
 *   received_at, channel, category_id, category_name, severity,
 *   description, desired_outcome, transaction_cents, taken_by: { id, name } | null,
 *   status: "open" | "resolved", resolved_at, resolution_note,
 *   created_at, updated_at,
 *   events: [{ id, at, staff_name, kind, summary }]   // oldest first
 * }
 */
export const getIncident = (id) => call('get_incident', { id });

/** input: same shape as createIncident minus customer fields plus customer_id. -> IncidentDetail */
export const updateIncident = (id, input, actor) => call('update_incident', { id, input, actor });
/** note may be "". -> IncidentDetail */
export const resolveIncident = (id, note, actor) => call('resolve_incident', { id, note, actor });
/** reason may be "". -> IncidentDetail */
export const reopenIncident = (id, reason, actor) => call('reopen_incident', { id, reason, actor });

// ---- Today -------------------------------------------------------------

/**
 * -> { now (the app's clock, UTC), total_incidents, open_count, logged_today, resolved_today, staff_count,
 *      open_incidents: [IncidentRow]   // oldest first, at most 50
 *    }
 */
export const getToday = () => call('get_today');

// ---- Playbooks (Settings) ----------------------------------------------

/**
 * -> [PlaybookSummary] in display order; retired ones only when asked.
 * PlaybookSummary: { id, name, summary, builtin, hidden, step_count, is_default }
 */
export const listPlaybooks = (include_hidden = false) => call('list_playbooks', { include_hidden });

/**
 * -> PlaybookView: { id, name, summary, builtin, hidden, is_default, steps: [StepView] }
 * StepView: { position, title, guidance, say: [string], avoid: [string],
 *             target: null | { amount, unit: "minutes"|"hours"|"days", from: "intake"|"previous_step" },
 *             target_text: null | "within 5 minutes of the complaint",
 *             capture: null | "desired_outcome" | "root_cause" | "follow_up", apology: bool }
 */
export const getPlaybook = (id) => call('get_playbook', { id });

/**
 * input: { name, summary, steps: [StepInput] }
 * StepInput: { position: number | null, title, guidance, say: "one phrase per line",
 *              avoid: "one per line", target_amount: number | null,
 *              target_unit: "minutes"|"hours"|"days"|"", target_from: "intake"|"previous_step"|"",
 *              capture: ""|"desired_outcome"|"root_cause"|"follow_up", apology: bool }
 * Errors in `fields`: "name", "summary", "steps" (no steps), and per step
 * "steps.N.title", "steps.N.position", "steps.N.target_amount", "steps.N.target_unit", ...
 * with N the step's index (from 0) in the array sent.
 * -> PlaybookView. Built-in playbooks can't be updated (kind "conflict"): copy them.
 */
export const createPlaybook = (input) => call('create_playbook', { input });
export const updatePlaybook = (id, input) => call('update_playbook', { id, input });
/** Copies any playbook into a new editable one named "<name> (copy)". -> PlaybookView */
export const copyPlaybook = (id) => call('copy_playbook', { id });
/** Retire (hidden = true) or bring back. The default can't be retired. -> PlaybookView */
export const setPlaybookHidden = (id, hidden) => call('set_playbook_hidden', { id, hidden });
/** Moves a playbook one place up (-1) or down (+1). -> [PlaybookSummary] (all, incl. hidden) */
export const movePlaybook = (id, direction) => call('move_playbook', { id, direction });
/** -> [PlaybookSummary] (all, incl. hidden) */
export const setDefaultPlaybook = (id) => call('set_default_playbook', { id });

// ---- Checklist (incident page) -----------------------------------------
//
// IncidentDetail (see getIncident) also carries:
//   playbook: { id, name, summary } | null,   // summary: one sentence, "" when the shop wrote none
//   responded_at: UTC time | null,   // resolving counted as the first response (no step ticked)
//   checklist: [ChecklistStep],   // in order
//   timings: { first_response_at, first_response_minutes, first_response_text,
//              resolution_minutes, resolution_text },   // texts like "4 min", "1 day 2 h"; null when not yet
//              // the first response is the earliest ticked step, or resolving when none was ticked
//   root_cause: string,
//   prevention_actions: [{ id, action, owner: {id, name} | null, due_date, done_at }],
//   follow_ups: [{ id, due_at, assignee: {id, name} | null, outcome, attempts, note, done_at }]
// ChecklistStep: StepView fields (position, title, guidance, say, avoid, target,
//   target_text, capture) plus { done_at, done_by: {id, name} | null, note,
//   due_at: null | UTC time, overdue: bool, is_next: bool }.
// createIncident's input takes `playbook_id` (null = the shop's default); the
// error key is "playbook_id".
// IncidentRow (Today's open_incidents) carries next_step (title | null),
// overdue (bool) and overdue_step (title | null); Today also has overdue_count.
// Ticking, unticking or noting a step on a resolved incident fails with kind
// "conflict" ("Reopen it to work on its checklist").
// Every call below returns the refreshed IncidentDetail.

/** note may be "". */
export const tickStep = (incident_id, position, note, actor) => call('tick_step', { incident_id, position, note, actor });
/** reason is required (error key "reason"). */
export const untickStep = (incident_id, position, reason, actor) => call('untick_step', { incident_id, position, reason, actor });
/** note may be "" to remove it (error key "note"). */
export const setStepNote = (incident_id, position, note, actor) => call('set_step_note', { incident_id, position, note, actor });
/** For a step with capture "desired_outcome". text required (error key "desired_outcome"). */
export const setDesiredOutcome = (incident_id, text, actor) => call('set_desired_outcome', { incident_id, text, actor });
/**
 * For a step with capture "root_cause".
 * input: { root_cause (required), action (optional), owner_id: number | null, due_date: "YYYY-MM-DD" | "" }
 * error keys: root_cause, action, owner_id, due_date.
 */
export const recordRootCause = (incident_id, input, actor) => call('record_root_cause', { incident_id, input, actor });
/**
 * For a step with capture "follow_up".
 * input: { due_at: "YYYY-MM-DDTHH:MM" (local, not in the past), assignee_id: number | null (null = anyone) }
 * error keys: due_at, assignee_id.
 */
export const scheduleFollowUp = (incident_id, input, actor) => call('schedule_follow_up', { incident_id, input, actor });

// ---- Atonement advisor and goodwill ledger ------------------------------
//
// IncidentDetail also carries:
//   failure_kind: "outcome" | "process",  fault: "shop" | "third_party" | "customer" | "unknown"
//     (createIncident / updateIncident inputs take the same two keys; error keys
//     "failure_kind" and "fault"; empty means outcome / shop),
//   advice: {
//     advice: {
//       tier: "apology_only" | "symbolic" | "modest" | "substantial" | "major",
//       tier_label: "A sincere apology" | "A small token" | ... | "A big gesture",
//       lead_with_fix: bool,                       // outcome failure: fix the service first
//       money: null | { min_cents, max_cents },    // null when no transaction value
//       cap_cents: null | number,
//       gestures: [{ gesture: CatalogueEntry-like { id, name, kind, cost_cents, percent, tiers }, estimated_cents }],
//       reasons: [string]                          // plain words, e.g. "Severity 4 of 5 (Serious)"
//     },
//     value_tier: "new" | "regular" | "loyal" | "top", value_tier_label, vip,
//     prior_problems: [{ incident_id, received_at, days_before }],
//     apologized: bool,
//     apology_step: null | position of the checklist's apology step still to tick (for "Apologized")
//   },
//   gestures: [GivenGesture]   // the ledger lines of this incident
// GivenGesture: { id, incident_id, gesture_id, description, kind, cost_cents, note,
//                 suggested_tier, given_at, given_by: {id, name} | null, redeemed_at }
// getCustomer() also returns:
//   value: { tier, tier_label, vip, problem_count, problem_dates: [UTC] },
//   gestures: [GivenGesture] (newest first), gesture_total_cents

/** Gesture kinds, for selects. */
export const GESTURE_KINDS = [
  { value: 'symbolic', label: 'Token' },
  { value: 'service', label: 'Free service' },
  { value: 'discount', label: 'Discount' },
  { value: 'refund', label: 'Refund' },
  { value: 'gift', label: 'Gift' },
];
/** Advisor tiers, smallest first. */
export const TIERS = [
  { value: 'apology_only', label: 'A sincere apology' },
  { value: 'symbolic', label: 'A small token' },
  { value: 'modest', label: 'A modest gesture' },
  { value: 'substantial', label: 'A generous gesture' },
  { value: 'major', label: 'A big gesture' },
];

/** CatalogueEntry: { id, name, kind, cost_cents, percent, tiers: [tier], active } */
export const listGestures = (include_inactive = false) => call('list_gestures', { include_inactive });
/**
 * input: { name, kind, cost: "12.50" | "", percent: number | null, tiers: [tier] }
 * error keys: name, kind, cost, percent, tiers. -> CatalogueEntry
 */
export const createGesture = (input) => call('create_gesture', { input });
export const updateGesture = (id, input) => call('update_gesture', { id, input });
export const setGestureActive = (id, active) => call('set_gesture_active', { id, active });

/**
 * -> { advisor: { severity_weight, value_weight, cap_percent, quick_minutes, repeat_window_days },
 *      tiers: { top_percent, loyal_percent, loyal_visits, regular_visits } }
 */
export const getAdvisorConfig = () => call('get_advisor_config');
/** input: same shape; error keys are the inner field names (e.g. "cap_percent"). */
export const updateAdvisorConfig = (input) => call('update_advisor_config', { input });

/**
 * Records the gesture actually given (from the suggestions or anything else).
 * input: { gesture_id: number | null, description, kind, cost: "12.50", note }
 * error keys: description, kind, cost, note. -> IncidentDetail
 */
export const recordGesture = (incident_id, input, actor) => call('record_gesture', { incident_id, input, actor });
/** -> IncidentDetail */
export const setGestureRedeemed = (incident_id, given_id, redeemed, actor) =>
  call('set_gesture_redeemed', { incident_id, given_id, redeemed, actor });

/**
 * The goodwill ledger for local days from..to ("YYYY-MM-DD" or "" for open-ended).
 * -> { total: LedgerLine, by_month: [LedgerLine], by_category: [LedgerLine], by_customer: [LedgerLine] }
 * LedgerLine: { label, id, count, total_cents, redeemed }
 */
export const goodwillLedger = (from = '', to = '') => call('goodwill_ledger', { from, to });

// ---- Customer import ----------------------------------------------------

/**
 * Opens the native "open file" dialog; the backend keeps the file chosen for the preview and
 * the import (the page never sends a path). -> its path, to show, or null when cancelled
 * (the file chosen before stays chosen).
 */
export const pickImportFile = () => call('pick_import_file');
/**
 * The file last chosen with pickImportFile (a CSV file or an .xlsx/.xls/.ods sheet).
 * -> { headers: [string], guessed: [Column], sources: [FieldSource], rows: [[string]] (first 5),
 *      total_rows, needs_mapping }
 * Column: "name" | "first_name" | "last_name" | "last_name_prefix" | "nickname" | "phone" |
 *         "other_phone" | "email" | "visits" | "total_spend" | "first_visit" | "last_visit" | "ignore"
 * FieldSource: { field: Column, columns: [index], text: "Name ← First Name + Last Name" }
 * A file that can't be read fails with kind "invalid" and fields.file.
 */
export const previewCustomerImport = () => call('preview_customer_import');
/** What each customer detail is read from with `mapping` (one Column per header). -> [FieldSource] */
export const describeCustomerImport = (headers, mapping) => call('describe_customer_import', { headers, mapping });
/**
 * Imports the file last chosen with pickImportFile.
 * mapping: one Column per header.
 * -> { added, merged: [{ line, name, customer_id, customer_name, matched_on: "phone"|"email" }],
 *      skipped: [{ line, reason }] }
 * A bad mapping fails with fields.mapping; a bad file with fields.file (nothing imported).
 */
export const importCustomers = (mapping) => call('import_customers', { mapping });

// ---- Promises and follow-up calls ---------------------------------------
//
// IncidentDetail also carries:
//   promises: [{ id, incident_id, text, due_at, owner: {id, name} | null,
//                status: "open" | "kept" | "broken", broken_reason, closed_at, closed_by,
//                moves: number, last_move_reason: string | null }],
//   proposed_follow_up: null | UTC time   // set when resolved and no call is booked:
//                                         // "Schedule the follow-up call for ...?" (use scheduleFollowUp)
// follow_ups items: { id, due_at, assignee, outcome: null | "satisfied" | "partly_satisfied" |
//                     "not_satisfied" | "no_answer", attempts, note, done_at }
// getToday() also returns
//   calls: {
//     items: [CallItem],            // overdue first, then today, then the next 7 days; earliest first
//     not_satisfied: [{ incident_id, customer_name, called_at, note }]   // last 7 days: reopened
//   }
// CallItem: { kind: "follow_up" | "promise", id, incident_id, customer_id, customer_name,
//             phone, email, due_at, due: "overdue" | "today" | "upcoming",
//             summary,                  // one line of what went wrong
//             promised: string | null,  // the promise, or the incident's open promises
//             question: string | null,  // "Have we fixed everything for you?" on calls
//             assignee: {id, name} | null (null = anyone), attempts }

/**
 * input: { text, due_at: "YYYY-MM-DDTHH:MM" (local, not in the past), owner_id: number | null }
 * error keys: text, due_at, owner_id. -> IncidentDetail
 */
export const addPromise = (incident_id, input, actor) => call('add_promise', { incident_id, input, actor });
/** kept = true, or false with a reason (required; error key "reason"). -> IncidentDetail */
export const closePromise = (promise_id, kept, reason, actor) => call('close_promise', { promise_id, kept, reason, actor });
/**
 * Moves open promise `promise_id` to a new due time. input: { due_at: local "YYYY-MM-DDTHH:MM", reason }.
 * error keys: due_at (past, or the time it is already due), reason; a kept or broken promise
 * fails with kind "conflict". -> IncidentDetail
 */
export const movePromise = (promise_id, input, actor) => call('move_promise', { promise_id, input, actor });

/**
 * Ticks off a follow-up call.
 * input: { outcome: "satisfied" | "partly_satisfied" | "not_satisfied" | "no_answer",
 *          note, retry: bool (only for no_answer: try again), retry_at: "YYYY-MM-DDTHH:MM" | "" (default: next open day at the calling time) }
 * "not_satisfied" reopens a resolved incident. A call already ticked off fails with kind "conflict".
 * error keys: outcome, note, retry_at. -> IncidentDetail
 */
export const logCall = (follow_up_id, input, actor) => call('log_call', { follow_up_id, input, actor });

/**
 * -> { rules: { days_after, call_time: "HH:MM", closed_days: ["sun", ...], retry_days }, notifications: bool }
 * closed_days values: "mon" "tue" "wed" "thu" "fri" "sat" "sun".
 */
export const getFollowUpSettings = () => call('get_follow_up_settings');
/** error keys: days_after, call_time, closed_days, retry_days. */
export const updateFollowUpSettings = (rules, notifications) => call('update_follow_up_settings', { rules, notifications });

/** Save dialog, then writes open follow-ups and promises as an .ics file. -> path, or null when cancelled. */
export const exportCalendar = () => call('export_calendar');

/** Shows desktop notifications for calls and promises that became due; call every minute. -> number shown */
export const notifyDue = () => call('notify_due');

// ---- Reaching the customer -------------------------------------------------
//
// The page names the customer (and the line of the call list, `call: { kind: "follow_up" |
// "promise", id }`); the backend builds the tel:/sms:/mailto: link from the customer's card and
// opens it with the system's program. No link is ever sent from here.
// Template keys: "follow_up" (after a fix), "apology" (with the gesture), "no_answer".

/**
 * -> { templates: [{ key, label, subject, body, default_subject, default_body }],
 *      placeholders: [{ name: "{first_name}", label }],
 *      for_call: { first_call: key, retry: key, promise: key } }  // the template each call list line gets
 */
export const getMessageTemplates = () => call('get_message_templates');
/**
 * templates: [{ key, subject, body }] (those not sent stay as they were).
 * error keys: "<key>.subject", "<key>.body" (an unknown placeholder, an unclosed bracket). -> as getMessageTemplates
 */
export const updateMessageTemplates = (templates) => call('update_message_templates', { templates });
/** The message `template` (null: the one that fits `call`) filled in for the customer. -> { template, label, subject, body } */
export const contactMessage = (customer_id, call_ref = null, template = null) =>
  call('contact_message', { customer_id, call: call_ref, template });
/**
 * Opens a call, text or e-mail to the customer. how: "call" | "text" | "email". A text or e-mail
 * with `call_ref` or `template` carries the filled-in message.
 * -> { how, to, message: null | { template, label, subject, body } }
 * No phone or e-mail on the card: kind "invalid" with fields.phone / fields.email, in plain words.
 */
export const contactCustomer = (customer_id, how, call_ref = null, template = null) =>
  call('contact_customer', { customer_id, how, call: call_ref, template });

// ---- Insights ------------------------------------------------------------

/**
 * The owner's figures for a period, compared like with like: this month with
 * the same days of last month, the last 3 months with the same span 3 months
 * earlier, this year with the same days of last year, custom days with as
 * many days just before.
 * period: "this_month" | "last_3_months" | "this_year" | "custom";
 * from, to: "YYYY-MM-DD" (both days included) for "custom", otherwise null.
 * A custom period with a missing or unreadable day, or running backwards,
 * fails with kind "invalid" and fields.from / fields.to.
 * -> { period: { start, end }, previous: { start, end },          // "YYYY-MM-DD"
 *      incidents: Compared,                                       // { now, before, change_percent | null }
 *      weekly: [[monday, category, count]],                       // by week, then category
 *      pareto: [{ category, count, cumulative_percent, root_causes: [string] }],   // largest first
 *      first_response, resolution, previous_first_response, previous_resolution:
 *        { median_minutes | null, p90_minutes | null, count },  // count: incidents measured
 *      first_response_waiting,                                    // incidents with no first response yet
 *      targets: { playbook, first_response_minutes | null, resolution_minutes | null,
 *                 first_response_met, resolution_met },           // met: how many were within target
 *      spend_by_month: [{ label: "2026-11", cents }], spend_by_category: [{ label, cents }],
 *      gestures: Compared, gestures_redeemed,
 *      follow_up_outcomes: [satisfied, partly, not_satisfied, unreachable],
 *      promises: [kept, broken, open],                            // promises due in the period
 *      promises_moved,                                            // moves of promises made in the period
 *      repeat_complainants, recovered_customers, came_back,
 *      prevention: [open, done] }
 */
export const getInsights = (period, from = null, to = null) => call('get_insights', { period, from, to });

// ---- Your data: export, backup, restore, the sample shop -------------------
//
// BackupInfo: { path (to show), version (the file's data version), incidents, customers,
//               first_incident: UTC | null, last_incident: UTC | null }
// BackupChoice: which backup is meant; the page never sends a path.
//   { from: 'picked' }                            // the file last chosen with pickBackup
//   { from: 'automatic', file_name }              // an automatic copy, by its file_name from
//                                                 // dataStatus (or appInfo's recovery)
// A file that is damaged, not a Mend database, or written by a newer Mend is
// refused with kind "unreadable" or "newer_database" and a plain message.

/**
 * -> { data_dir, db_path, demo: bool,
 *      automatic_backups: [{ path, file_name, date: "YYYY-MM-DD", bytes }] }   // newest first
 */
export const dataStatus = () => call('data_status');
/**
 * kind: "incidents" | "customers" | "gestures" | "promises" | "follow_ups".
 * Opens the save dialog. -> { path, rows }, or null when cancelled.
 */
export const exportCsv = (kind) => call('export_csv', { kind });
/** Save dialog, then a copy of the whole database. -> { path, bytes }, or null when cancelled. */
export const backupNow = () => call('backup_now');
/**
 * Open dialog, then checks the file without changing anything; the backend keeps it for
 * restoreBackup({ from: 'picked' }). -> BackupInfo, or null when cancelled.
 */
export const pickBackup = () => call('pick_backup');
/** choice: BackupChoice. Checks that backup without changing anything. -> BackupInfo */
export const inspectBackup = (choice) => call('inspect_backup', { choice });
/**
 * choice: BackupChoice. A file_name that is not one of the automatic copies, or
 * { from: 'picked' } before a file was chosen, fails with kind "not_found".
 * Checks the file again, keeps a safety copy of the current data
 * (before-restore-<stamp>.db in the data folder), then switches to the backup.
 * Also works when Mend started with a damaged database. In the sample shop it
 * fails with kind "conflict". -> BackupInfo
 */
export const restoreBackup = (choice) => call('restore_backup', { choice });
/**
 * Switches to the sample shop, a separate database (built first when absent,
 * or anew when `fresh`). -> { incidents, customers }
 */
export const startDemo = (fresh = false) => call('start_demo', { fresh });
/** Switches back from the sample shop to the owner's own data. -> null */
export const leaveDemo = () => call('leave_demo');
