//! Every command the window may call, sent payloads a damaged or hostile page could send,
//! through Tauri's real IPC path (the mock runtime and `get_ipc_response`).
//!
//! Each payload starts from one the screens really send (read from `ui/api.js`'s conventions,
//! with ids of a small sample shop) and is then bent by one to three changes chosen by a
//! seeded generator: an argument or field left out, a field added, a value of the wrong type,
//! a hostile text (empty, 5 MB, NUL bytes, direction marks, SQL- and HTML-looking, a path), a
//! hostile number (negative, zero, huge, fractional, ids that don't exist or are retired), a
//! date that doesn't exist or an absurd year; or the whole body replaced (not an object, raw
//! bytes). Every answer must be a success or `{kind, message, fields}` in plain words; no
//! command may panic; and an error must leave every table of the data file with the rows it
//! had.
//!
//! `MEND_FUZZ_PAYLOADS` sets how many payloads are tried (1,000 unless set; the long run is
//! `MEND_FUZZ_PAYLOADS=10000 cargo test -p mend --lib fuzz -- --nocapture`), `MEND_FUZZ_SEED`
//! the generator's seed. The count per command is printed.

use super::dialogs::{PickedFiles, TestAnswers};
use super::{handler, Outbox, COMMANDS};
use crate::domain::clock::Clock;
use crate::state::AppState;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

/// A small seeded generator (SplitMix64): the same seed gives the same payloads.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// Texts a hostile page or a confused paste could send. The 5 MB one is made apart (rarely).
const HOSTILE_TEXT: &[&str] = &[
    "",
    " ",
    "\0",
    "Ann\0Lee",
    "\u{FFFD}\u{FFFE}",
    "Ann\u{202E}evil\u{202C} Lee",
    "\u{200B}\u{200D}\u{FEFF}",
    "'; DROP TABLE customers; --",
    "\" OR 1=1 --",
    "x') UNION SELECT * FROM staff --",
    "<img src=x onerror=window.__pwned=1>",
    "<script>window.__pwned=1</script>",
    "\"><svg onload=window.__pwned=1>",
    "javascript:window.__pwned=1",
    "../../etc/passwd",
    "/etc/passwd",
    "C:\\Windows\\win.ini",
    "mend.db",
    "mend-2026-11-21.db",
    "😀👍🏽🇬🇧",
    "NEAR(\"a\" \"b\") OR *",
    "{first_name}{business_name}{nope}",
    "2026-02-31",
    "2026-02-29",
    "2026-02-31T10:00",
    "2026-03-29T02:30",
    "2026-03-08T02:30",
    "2026-10-25T02:30",
    "-262143-01-01",
    "+262142-12-31",
    "-262143-01-01T00:00",
    "262142-12-31T23:59",
    "0026-03-01",
    "26-03-01",
    "26-03-01T10:00",
    "0000-01-01",
    "1999-12-31",
    "9999-12-31",
    "2026-13-45",
    "2026-12-03",
    "2026-12-04T10:00",
    "2027-12-03T10:00",
    "2099-01-01T10:00",
    "10:00",
    "25:61",
    "custom",
    "this_year",
    "last_3_months",
    "picked",
    "automatic",
    "follow_up",
    "promise",
    "call",
    "text",
    "email",
    "no_answer",
    "satisfied",
    "name",
    "phone",
    "incidents",
    "customers",
    "open",
    "resolved",
    "mon",
    "USD",
    "symbolic",
    "refund",
];

/// Dates that don't exist, absurd and short years, and the hours a clock change skips or
/// repeats (in Europe and the USA), for every date of a payload at once.
const HOSTILE_DATES: &[&str] = &[
    "2026-02-31",
    "2026-02-29",
    "2026-04-31",
    "2026-03-29T02:30",
    "2026-03-08T02:30",
    "2026-10-25T02:30",
    "-262143-01-01",
    "-262143-01-01T00:00",
    "+262142-12-31",
    "+262142-12-31T23:59",
    "0026-03-01",
    "26-03-01",
    "26-03-01T10:00",
    "0000-01-01",
    "1999-12-31T23:59",
    "2101-01-01",
    "9999-12-31T10:00",
    "2027-12-05T10:00",
    "2026-12-03T09:00",
    "2026-12-03",
];

/// Whether a text is a date or time as the screens send them ("2026-12-03", "2026-12-03T10:00").
fn looks_like_a_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 10 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-'
}

/// Numbers a hostile page could send in place of an id, a count or an amount.
const HOSTILE_NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "2",
    "3",
    "5",
    "6",
    "7",
    "-7",
    "100",
    "999999",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "9007199254740993",
    "1.5",
    "-0.5",
    "1e308",
    "-1e308",
];

/// Values of the wrong type for anything.
fn wrong_type(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!([]),
        3 => json!({}),
        4 => json!("1"),
        5 => json!(1),
        6 => json!([1, "two", null]),
        7 => json!({"id": 1, "name": "x"}),
        _ => json!(-3.25),
    }
}

fn hostile_text(rng: &mut Rng) -> Value {
    match rng.below(60) {
        0 => Value::String("x".repeat(5 * 1024 * 1024)),
        1 => Value::String("word".repeat(2_500)),
        2 => Value::String("é".repeat(121)),
        _ => Value::String(rng.pick(HOSTILE_TEXT).to_string()),
    }
}

fn hostile_number(rng: &mut Rng, retired: &[i64]) -> Value {
    if !retired.is_empty() && rng.chance(4) {
        return json!(rng.pick(retired));
    }
    let text: &&str = rng.pick(HOSTILE_NUMBERS);
    serde_json::from_str(text).expect("a JSON number")
}

/// One step into a JSON tree.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// Every node below the root, by its path.
fn paths(value: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                here.push(Step::Key(k.clone()));
                out.push(here.clone());
                paths(v, here, out);
                here.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                here.push(Step::Index(i));
                out.push(here.clone());
                paths(v, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(root: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut node = root;
    for step in path {
        node = match (step, node) {
            (Step::Key(k), Value::Object(map)) => map.get_mut(k)?,
            (Step::Index(i), Value::Array(items)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Bends `payload` once.
fn mutate(rng: &mut Rng, payload: &mut Value, retired: &[i64]) {
    let mut all = Vec::new();
    paths(payload, &mut Vec::new(), &mut all);
    let target = if all.is_empty() { None } else { Some(rng.pick(&all).clone()) };
    match rng.below(8) {
        // Leave an argument or a field out.
        0 => {
            if let Some(path) = target {
                let (last, parent) = path.split_last().expect("a path below the root");
                match (node_mut(payload, parent), last) {
                    (Some(Value::Object(map)), Step::Key(k)) => {
                        map.remove(k);
                    }
                    (Some(Value::Array(items)), Step::Index(i)) => {
                        items.remove(*i);
                    }
                    _ => {}
                }
            }
        }
        // Add a field the command doesn't know, anywhere.
        1 => {
            let key = rng.pick(&["path", "extra", "__proto__", "id", "constructor", "sql", ""]).to_string();
            let value = if rng.chance(2) { hostile_text(rng) } else { wrong_type(rng) };
            let parent = target.map(|p| p[..p.len() - 1].to_vec()).unwrap_or_default();
            if let Some(Value::Object(map)) = node_mut(payload, &parent) {
                map.insert(key, value);
            }
        }
        // A value of the wrong type.
        2 => {
            if let Some(node) = target.and_then(|p| node_mut(payload, &p)) {
                *node = wrong_type(rng);
            }
        }
        // Hostile text, in a text or anywhere.
        3 | 4 => {
            let strings: Vec<&Vec<Step>> =
                all.iter().filter(|p| matches!(node_mut(&mut payload.clone(), p), Some(Value::String(_)))).collect();
            let path = if strings.is_empty() || rng.chance(5) { target } else { Some(rng.pick(&strings).to_vec()) };
            if let Some(node) = path.and_then(|p| node_mut(payload, &p)) {
                *node = hostile_text(rng);
            }
        }
        // A hostile number, in a number, a null or anywhere.
        5 => {
            let numbers: Vec<&Vec<Step>> = all
                .iter()
                .filter(|p| matches!(node_mut(&mut payload.clone(), p), Some(Value::Number(_) | Value::Null)))
                .collect();
            let path = if numbers.is_empty() || rng.chance(5) { target } else { Some(rng.pick(&numbers).to_vec()) };
            if let Some(node) = path.and_then(|p| node_mut(payload, &p)) {
                *node = hostile_number(rng, retired);
            }
        }
        // Every date of the payload at once (so that both ends of a period are absurd).
        6 => {
            let date = rng.pick(HOSTILE_DATES).to_string();
            for path in &all {
                if let Some(node) = node_mut(payload, path) {
                    if node.as_str().is_some_and(looks_like_a_date) {
                        *node = Value::String(date.clone());
                    }
                }
            }
        }
        // The whole body is not an object.
        _ => *payload = if rng.chance(2) { wrong_type(rng) } else { hostile_text(rng) },
    }
}

/// The error kinds the window knows (`crate::error::Error::kind`).
const KINDS: &[&str] = &["invalid", "not_found", "conflict", "newer_database", "unreadable", "busy", "database", "io"];

/// Words that mean the text came from a program, not from Mend's own sentences.
const TECHNICAL: &[&str] = &[
    "invalid type",
    "invalid value",
    "missing field",
    "unknown variant",
    "unknown field",
    "expected",
    "invalid args",
    "`",
    "Command ",
    "command ",
    "SQLite",
    "sqlite",
    "SQL ",
    "panicked",
    "os error",
    "serde",
    "i64",
    "u64",
    "null",
];

/// Why `answer` is not an error in Mend's shape and words, if it is not.
fn misshapen(answer: &Value) -> Option<String> {
    let Value::Object(map) = answer else { return Some(format!("not an object: {answer}")) };
    let kind = map.get("kind").and_then(Value::as_str).unwrap_or("");
    if !KINDS.contains(&kind) {
        return Some(format!("kind {kind:?}"));
    }
    let plain = |text: &str| !text.trim().is_empty() && !TECHNICAL.iter().any(|w| text.contains(w));
    let message = map.get("message").and_then(Value::as_str).unwrap_or("");
    if !plain(message) {
        return Some(format!("message {message:?}"));
    }
    let Some(Value::Object(fields)) = map.get("fields") else { return Some("no fields object".to_string()) };
    for (name, text) in fields {
        match text.as_str() {
            Some(text) if plain(text) => {}
            _ => return Some(format!("field {name}: {text}")),
        }
    }
    None
}

/// The rows in every table of the data file Mend has open.
fn row_counts(state: &AppState) -> BTreeMap<String, i64> {
    let conn = rusqlite::Connection::open_with_flags(state.db_path(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("the data file opens to be counted");
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    names
        .into_iter()
        .map(|name| {
            let n: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |r| r.get(0)).unwrap();
            (name, n)
        })
        .collect()
}

fn request(cmd: &str, body: InvokeBody) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body,
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    }
}

fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, body: InvokeBody) -> Result<Value, Value> {
    get_ipc_response(window, request(cmd, body)).map(|b| b.deserialize::<Value>().unwrap_or(Value::Null))
}

fn call(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Value {
    invoke(window, cmd, InvokeBody::Json(args)).unwrap_or_else(|e| panic!("{cmd} during set-up: {e}"))
}

/// Ids of the sample shop that payloads start from, and ids that were retired.
struct Known {
    incident: i64,
    customers: (i64, i64),
    staff: i64,
    playbook: i64,
    gesture: i64,
    given: i64,
    promise: i64,
    follow_up: i64,
    retired: Vec<i64>,
}

fn first_id(state: &AppState, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(state.db_path()).unwrap();
    conn.query_row(sql, [], |r| r.get::<_, Option<i64>>(0)).unwrap().unwrap_or(1)
}

/// A sample shop of 40 incidents, plus one retired staff member, category, gesture and
/// hidden playbook.
fn sample_shop(window: &WebviewWindow<MockRuntime>, state: &AppState) -> Known {
    let now = state.clock().now();
    state.with_store(|s| s.generate_sample(40, 18, now)).expect("the sample shop");
    let staff = call(window, "add_staff", json!({"name": "Retired Rita"}))["id"].as_i64().unwrap();
    call(window, "set_staff_active", json!({"id": staff, "active": false}));
    let category = call(window, "add_category", json!({"name": "Retired category"}))["id"].as_i64().unwrap();
    call(window, "set_category_active", json!({"id": category, "active": false}));
    let playbook = first_id(state, "SELECT min(id) FROM playbooks");
    let copy = call(window, "copy_playbook", json!({"id": playbook}))["id"].as_i64().unwrap();
    call(window, "set_playbook_hidden", json!({"id": copy, "hidden": true}));
    let gesture = first_id(state, "SELECT min(id) FROM gestures");
    let retired_gesture = first_id(state, "SELECT max(id) FROM gestures");
    call(window, "set_gesture_active", json!({"id": retired_gesture, "active": false}));
    Known {
        incident: first_id(state, "SELECT min(id) FROM incidents WHERE resolved_at IS NULL"),
        customers: (first_id(state, "SELECT min(id) FROM customers"), first_id(state, "SELECT max(id) FROM customers")),
        staff: first_id(state, "SELECT min(id) FROM staff WHERE active = 1"),
        playbook,
        gesture,
        given: first_id(state, "SELECT min(id) FROM incident_gestures"),
        promise: first_id(state, "SELECT min(id) FROM promises WHERE status = 'open'"),
        follow_up: first_id(state, "SELECT min(id) FROM follow_ups WHERE done_at IS NULL"),
        retired: vec![staff, category, copy, retired_gesture],
    }
}

/// A payload each command accepts, as the screens send it.
fn examples(window: &WebviewWindow<MockRuntime>, k: &Known) -> BTreeMap<&'static str, Value> {
    let settings = call(window, "get_settings", json!({}));
    let advisor = call(window, "get_advisor_config", json!({}));
    let rules = call(window, "get_follow_up_settings", json!({}))["rules"].clone();
    let templates: Vec<Value> = call(window, "get_message_templates", json!({}))["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| json!({"key": t["key"], "subject": t["subject"], "body": t["body"]}))
        .collect();
    let customer = json!({"name": "Bea Lund", "phone": "555 0101", "email": "bea@example.com", "notes": "",
                          "visits": "3", "total_spend": "120.50", "first_visit": "2025-01-10",
                          "last_visit": "2026-11-01", "vip": false});
    let incident = json!({"customer_id": k.customers.0, "new_customer": null, "received_at": "2026-12-03T08:30",
                          "channel": "phone", "category_id": 1, "severity": 3, "description": "Colour patchy",
                          "desired_outcome": "Fix it", "transaction_value": "80", "taken_by": k.staff,
                          "playbook_id": null, "failure_kind": "outcome", "fault": "shop"});
    let step = json!({"position": 1, "title": "Listen", "guidance": "Let them finish", "say": "I'm sorry",
                      "avoid": "Excuses", "target_amount": 5, "target_unit": "minutes",
                      "target_from": "intake", "capture": "", "apology": true});
    let playbook = json!({"name": "Quick fix", "summary": "For small slips", "steps": [step]});
    let gesture = json!({"name": "Free coffee", "kind": "symbolic", "cost": "3.50", "percent": null,
                         "tiers": ["symbolic", "modest"]});
    let given = json!({"gesture_id": k.gesture, "description": "Free trim", "kind": "service", "cost": "15",
                       "note": "Next visit"});
    let (a, b) = k.customers;
    let picks = json!({"name": "kept", "phone": "other", "email": "kept", "notes": "both", "visits": "kept",
                       "total_spend": "kept", "first_visit": "other", "last_visit": "kept", "vip": "kept"});
    let filter = json!({"q": "colour", "status": "open", "severity": null, "category_id": null,
                        "from": "2026-01-01", "to": "2026-12-31"});
    let (i, actor) = (k.incident, k.staff);
    BTreeMap::from([
        ("app_info", json!({})),
        ("get_settings", json!({})),
        ("update_settings", json!({ "input": settings })),
        ("list_staff", json!({"include_inactive": true})),
        ("add_staff", json!({"name": "Cai"})),
        ("rename_staff", json!({"id": k.staff, "name": "Ana B"})),
        ("set_staff_active", json!({"id": k.staff, "active": true})),
        ("list_categories", json!({"include_inactive": false})),
        ("add_category", json!({"name": "Waiting time"})),
        ("rename_category", json!({"id": 1, "name": "Haircut"})),
        ("set_category_active", json!({"id": 1, "active": true})),
        ("search_customers", json!({"query": "Bea", "limit": 8})),
        ("list_customers", json!({"query": "", "after": null, "limit": 50})),
        ("get_customer", json!({"id": a})),
        ("create_customer", json!({ "input": customer })),
        ("update_customer", json!({"id": b, "input": customer})),
        ("list_duplicates", json!({"limit": 20})),
        ("dismiss_duplicate", json!({"customer_a": a, "customer_b": b, "actor": actor})),
        ("compare_customers", json!({"customer_a": a, "customer_b": b})),
        ("merge_customers", json!({"input": {"keep_id": a, "other_id": b, "picks": picks}, "actor": actor})),
        ("create_incident", json!({"input": incident, "actor": actor})),
        ("list_incidents", json!({"filter": filter, "after": null, "limit": 50})),
        ("get_incident", json!({"id": i})),
        ("update_incident", json!({"id": i, "input": incident, "actor": actor})),
        ("resolve_incident", json!({"id": i, "note": "Redone for free", "actor": actor})),
        ("reopen_incident", json!({"id": i, "reason": "Came back", "actor": actor})),
        ("get_today", json!({})),
        ("list_playbooks", json!({"include_hidden": true})),
        ("get_playbook", json!({"id": k.playbook})),
        ("create_playbook", json!({ "input": playbook })),
        ("copy_playbook", json!({"id": k.playbook})),
        ("update_playbook", json!({"id": k.retired[2], "input": playbook})),
        ("set_playbook_hidden", json!({"id": k.playbook, "hidden": false})),
        ("move_playbook", json!({"id": k.playbook, "direction": 1})),
        ("set_default_playbook", json!({"id": k.playbook})),
        ("tick_step", json!({"incident_id": i, "position": 1, "note": "Listened", "actor": actor})),
        ("untick_step", json!({"incident_id": i, "position": 1, "reason": "Ticked by mistake", "actor": actor})),
        ("set_step_note", json!({"incident_id": i, "position": 1, "note": "Called back", "actor": actor})),
        ("set_desired_outcome", json!({"incident_id": i, "text": "A redo", "actor": actor})),
        (
            "record_root_cause",
            json!({"incident_id": i, "input": {"root_cause": "Old dye", "action": "Check dates",
                   "owner_id": actor, "due_date": "2026-12-20"}, "actor": actor}),
        ),
        (
            "schedule_follow_up",
            json!({"incident_id": i, "input": {"due_at": "2026-12-05T10:00", "assignee_id": actor},
                   "actor": actor}),
        ),
        ("list_gestures", json!({"include_inactive": true})),
        ("create_gesture", json!({ "input": gesture })),
        ("update_gesture", json!({"id": k.gesture, "input": gesture})),
        ("set_gesture_active", json!({"id": k.gesture, "active": true})),
        ("get_advisor_config", json!({})),
        ("update_advisor_config", json!({ "input": advisor })),
        ("record_gesture", json!({"incident_id": i, "input": given, "actor": actor})),
        ("set_gesture_redeemed", json!({"incident_id": i, "given_id": k.given, "redeemed": true, "actor": actor})),
        ("goodwill_ledger", json!({"from": "2026-01-01", "to": "2026-12-31"})),
        ("pick_import_file", json!({})),
        ("preview_customer_import", json!({})),
        ("describe_customer_import", json!({"headers": ["Name", "Phone"], "mapping": ["name", "phone"]})),
        ("import_customers", json!({"mapping": ["name", "phone"]})),
        (
            "add_promise",
            json!({"incident_id": i, "input": {"text": "Redo on Saturday", "due_at": "2026-12-05T10:00",
                   "owner_id": actor}, "actor": actor}),
        ),
        ("close_promise", json!({"promise_id": k.promise, "kept": false, "reason": "Ill", "actor": actor})),
        (
            "move_promise",
            json!({"promise_id": k.promise, "input": {"due_at": "2026-12-06T11:00", "reason": "Part late"},
                   "actor": actor}),
        ),
        (
            "log_call",
            json!({"follow_up_id": k.follow_up, "input": {"outcome": "no_answer", "note": "", "retry": true,
                   "retry_at": "2026-12-04T10:00"}, "actor": actor}),
        ),
        ("get_follow_up_settings", json!({})),
        ("update_follow_up_settings", json!({"rules": rules, "notifications": false})),
        ("export_calendar", json!({})),
        ("notify_due", json!({})),
        ("get_message_templates", json!({})),
        ("update_message_templates", json!({ "templates": templates })),
        (
            "contact_message",
            json!({"customer_id": a, "call": {"kind": "follow_up", "id": k.follow_up},
                                   "template": "follow_up"}),
        ),
        ("contact_customer", json!({"customer_id": a, "how": "text", "call": null, "template": "apology"})),
        ("startup_probe", json!({"page_ms": 240.5, "painted_unix_ms": 1.7e12})),
        ("get_insights", json!({"period": "custom", "from": "2026-11-01", "to": "2026-11-30"})),
        ("data_status", json!({})),
        ("export_csv", json!({"kind": "incidents"})),
        ("backup_now", json!({})),
        ("pick_backup", json!({})),
        ("inspect_backup", json!({"choice": {"from": "automatic", "file_name": "mend-2026-12-02.db"}})),
        ("restore_backup", json!({"choice": {"from": "picked"}})),
        ("start_demo", json!({"fresh": false})),
        ("leave_demo", json!({})),
    ])
}

/// What went wrong with one payload.
#[derive(Debug)]
struct Finding {
    command: &'static str,
    payload: String,
    problem: String,
}

fn shortened(body: &InvokeBody) -> String {
    let text = match body {
        InvokeBody::Json(v) => v.to_string(),
        InvokeBody::Raw(bytes) => format!("raw {} bytes", bytes.len()),
    };
    if text.len() > 300 {
        format!("{}… ({} bytes)", text.chars().take(300).collect::<String>(), text.len())
    } else {
        text
    }
}

#[test]
fn every_command_answers_hostile_payloads_in_plain_words_and_changes_nothing_on_an_error() {
    let payloads: usize = std::env::var("MEND_FUZZ_PAYLOADS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000);
    let seed: u64 = std::env::var("MEND_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(18);
    let dir = tempfile::tempdir().unwrap();
    // The dialogs answer with these files.
    let picked = dir.path().join("customers.csv");
    std::fs::write(&picked, "Name,Phone\nMallory <script>,555 0100\nZoë\u{202E}x,\n").unwrap();
    let answers = TestAnswers { pick: Some(picked), save: Some(dir.path().join("saved.out")) };

    let data = dir.path().join("data");
    let clock = Clock::from_env_value(Some("2026-12-03T09:00:00Z"));
    let app = mock_builder()
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(handler())
        .build(mock_context(noop_assets()))
        .unwrap();
    app.manage(AppState::open(&data, clock));
    app.manage(PickedFiles::default());
    app.manage(Outbox::Record(dir.path().join("opened.txt")));
    app.manage(answers);
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    let state = app.state::<AppState>();
    let known = sample_shop(&window, &state);
    let examples = examples(&window, &known);
    let missing: Vec<&&str> = COMMANDS.iter().filter(|c| !examples.contains_key(**c)).collect();
    assert!(missing.is_empty(), "no example payload for {missing:?}");

    let verbose = std::env::var_os("MEND_FUZZ_VERBOSE").is_some();
    let mut rng = Rng(seed);
    let mut tried: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    let mut findings: Vec<Finding> = Vec::new();
    let started = std::time::Instant::now();
    for n in 0..payloads {
        let command: &'static str = COMMANDS[n % COMMANDS.len()];
        let mut payload = examples[command].clone();
        let body = if rng.chance(40) {
            InvokeBody::Raw(if rng.chance(2) { vec![0xED, 0xA0, 0x80, 0xFF] } else { b"{\"id\":1}".to_vec() })
        } else {
            if !rng.chance(10) {
                for _ in 0..1 + rng.below(3) {
                    mutate(&mut rng, &mut payload, &known.retired);
                }
            }
            InvokeBody::Json(payload)
        };
        let shown = shortened(&body);
        let before = row_counts(&state);
        let answer = std::panic::catch_unwind(AssertUnwindSafe(|| invoke(&window, command, body)));
        let entry = tried.entry(command).or_default();
        entry.0 += 1;
        let mut found = |problem: String| findings.push(Finding { command, payload: shown.clone(), problem });
        match answer {
            Err(_) => found("panicked".to_string()),
            Ok(Ok(_)) => {
                entry.1 += 1;
                if command == "start_demo" {
                    call(&window, "leave_demo", json!({}));
                }
            }
            Ok(Err(err)) => {
                if verbose {
                    println!("{command} {shown}\n    -> {err}");
                }
                if let Some(problem) = misshapen(&err) {
                    found(format!("answered {problem}"));
                }
                let after = row_counts(&state);
                if after != before {
                    let changed: Vec<String> = after
                        .iter()
                        .filter(|(t, n)| before.get(*t) != Some(n))
                        .map(|(t, n)| format!("{t} {}→{n}", before.get(t).copied().unwrap_or(0)))
                        .collect();
                    found(format!("changed rows on an error ({err}): {}", changed.join(", ")));
                }
            }
        }
    }
    // The page answers bytes Tauri can't read as JSON before any command runs; a lone surrogate
    // is such a text: it never reaches a command.
    assert!(serde_json::from_str::<Value>(r#"{"name": "\ud800"}"#).is_err());

    println!(
        "{payloads} payloads (seed {seed}) in {:.1} s; per command (tried, succeeded):",
        started.elapsed().as_secs_f64()
    );
    for (command, (n, ok)) in &tried {
        println!("  {command}: {n} ({ok} succeeded)");
    }
    for f in findings.iter().take(40) {
        println!("FOUND {}: {} — payload {}", f.command, f.problem, f.payload);
    }
    assert!(findings.is_empty(), "{} payloads were answered wrongly (first: {:?})", findings.len(), findings.first());
    assert_eq!(tried.len(), COMMANDS.len(), "every command was tried");
}

/// A plain app on an empty data folder, for the fixed payloads below.
fn plain_app(dir: &std::path::Path) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let clock = Clock::from_env_value(Some("2026-12-03T09:00:00Z"));
    let app = mock_builder().invoke_handler(handler()).build(mock_context(noop_assets())).unwrap();
    app.manage(AppState::open(dir, clock));
    app.manage(PickedFiles::default());
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    (app, window)
}

#[test]
fn an_argument_of_the_wrong_type_or_missing_is_named_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = plain_app(dir.path());
    let expected = |field: &str| json!({"kind": "invalid", "message": super::arg::UNREADABLE, "fields": { field: super::arg::UNREADABLE }});
    let json = |v: Value| InvokeBody::Json(v);
    assert_eq!(invoke(&window, "get_customer", json(json!({"id": "7"}))).unwrap_err(), expected("id"));
    assert_eq!(invoke(&window, "get_customer", json(json!({}))).unwrap_err(), expected("id"));
    assert_eq!(invoke(&window, "add_staff", json(json!({"name": 12}))).unwrap_err(), expected("name"));
    assert_eq!(
        invoke(&window, "create_incident", json(json!({"input": {"severity": "high"}}))).unwrap_err(),
        expected("input")
    );
    assert_eq!(invoke(&window, "get_insights", json(json!({"period": "fortnight"}))).unwrap_err(), expected("period"));
    assert_eq!(invoke(&window, "list_staff", InvokeBody::Raw(vec![0xFF])).unwrap_err(), expected("include_inactive"));
    let probe = invoke(&window, "startup_probe", json(json!({"page_ms": "soon", "painted_unix_ms": [1]}))).unwrap_err();
    assert_eq!(probe["kind"], "conflict", "{probe}");
    assert_eq!(probe["fields"], json!({}), "{probe}");
    let staff = invoke(&window, "list_staff", json(json!({"include_inactive": true}))).unwrap();
    assert_eq!(staff, json!([]), "nothing was added");
}

#[test]
fn a_command_mend_does_not_have_is_answered_in_the_same_shape() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = plain_app(dir.path());
    let err = invoke(&window, "drop_everything", InvokeBody::Json(json!({}))).unwrap_err();
    assert_eq!(err["kind"], "not_found");
    assert_eq!(err["fields"], json!({}));
    assert!(misshapen(&err).is_none(), "{err}");
}

#[test]
fn an_absurd_or_short_year_anywhere_is_refused_next_to_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = plain_app(dir.path());
    let json = |v: Value| InvokeBody::Json(v);
    for (from, to) in [("-262143-01-01", "2026-01-01"), ("2026-01-01", "+262142-12-31"), ("0026-01-01", "0026-02-01")] {
        let err =
            invoke(&window, "get_insights", json(json!({"period": "custom", "from": from, "to": to}))).unwrap_err();
        assert_eq!(err["kind"], "invalid", "{from}..{to}: {err}");
        assert!(misshapen(&err).is_none(), "{err}");
        let err = invoke(&window, "goodwill_ledger", json(json!({"from": from, "to": to}))).unwrap_err();
        assert_eq!(err["kind"], "invalid", "{from}..{to}: {err}");
    }
    let err =
        invoke(&window, "get_insights", json(json!({"period": "custom", "from": "26-03-01", "to": "2026-03-31"})))
            .unwrap_err();
    assert_eq!(err["fields"]["from"], "Please type the year in full, like 2026.");
    let filter = json!({"q": "", "status": "", "severity": null, "category_id": null, "from": "1999-12-31", "to": ""});
    let err =
        invoke(&window, "list_incidents", json(json!({"filter": filter, "after": null, "limit": 10}))).unwrap_err();
    assert!(err["fields"]["from"].as_str().unwrap().contains("2000"), "{err}");
}
