//! Nothing on any screen reads like code: every screen of a sample shop (Today, Log incident,
//! the incident list, incident pages in every state, customers, a customer card, the import
//! screen, Insights for each period, Settings, Your data, the playbook editor) is scanned for
//! the words null, undefined and NaN and for "[object Object]", in every text node (shown or
//! folded) and in the attributes people hear or see (labels, titles, placeholders, values).

use super::common::{fresh_data_dir, generate_sample, App};
use serde_json::{json, Value};

const NOW: &str = "2026-06-04T10:00:00Z";

/// What on the page reads like code: "<where>: <text>" for each text node or attribute.
const SCAN: &str = r#"
const bad = /\b(null|undefined|NaN)\b|\[object Object\]/;
const found = [];
const where = (el) => {
  const parts = [];
  for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
    parts.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''));
  }
  return parts.join(' > ');
};
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  if (bad.test(n.data)) found.push(`${where(n.parentElement)}: ${n.data.trim().slice(0, 120)}`);
}
for (const el of document.body.querySelectorAll('*')) {
  for (const attr of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description']) {
    const v = el.getAttribute(attr);
    if (v && bad.test(v)) found.push(`${where(el)} [${attr}]: ${v.slice(0, 120)}`);
  }
  if ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && bad.test(el.value)) {
    found.push(`${where(el)} [value]: ${el.value.slice(0, 120)}`);
  }
}
return found;
"#;

#[test]
fn no_screen_of_a_sample_shop_reads_like_code() {
    let data = fresh_data_dir();
    generate_sample(data.path(), 300, 11, NOW);
    let db = rusqlite::Connection::open(data.path().join("mend.db")).unwrap();
    // Incident pages in every state the sample has.
    let mut incidents = Vec::new();
    for sql in [
        "SELECT id FROM incidents WHERE status = 'open' ORDER BY received_at DESC LIMIT 2",
        "SELECT id FROM incidents WHERE status = 'resolved' ORDER BY received_at DESC LIMIT 2",
        "SELECT incident_id FROM incident_gestures ORDER BY id DESC LIMIT 1",
        "SELECT incident_id FROM promises WHERE status = 'broken' LIMIT 1",
        "SELECT incident_id FROM promises WHERE status = 'open' LIMIT 1",
        "SELECT incident_id FROM follow_ups WHERE done_at IS NULL LIMIT 1",
        "SELECT incident_id FROM follow_ups WHERE outcome = 'not_satisfied' LIMIT 1",
        "SELECT incident_id FROM incident_events WHERE kind = 'reopened' LIMIT 1",
        "SELECT id FROM incidents WHERE transaction_cents IS NULL LIMIT 1",
        "SELECT id FROM incidents WHERE category_id IS NULL OR taken_by IS NULL LIMIT 1",
    ] {
        incidents.extend(super::ids(&db, sql));
    }
    incidents.sort_unstable();
    incidents.dedup();
    assert!(incidents.len() >= 6, "the sample has incidents in several states: {incidents:?}");
    let customers =
        super::ids(&db, "SELECT customer_id FROM incidents GROUP BY customer_id ORDER BY count(*) DESC LIMIT 2");
    drop(db);

    let app = App::launch_full(data, &[], &[("TZ", "UTC"), ("MEND_NOW", NOW)]);
    app.wait_for("#nav");
    let mut screens: Vec<String> =
        ["#/today", "#/log", "#/incidents", "#/customers", "#/customers/new", "#/customers/import"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    screens.extend(incidents.iter().map(|id| format!("#/incidents/{id}")));
    screens.extend(customers.iter().map(|id| format!("#/customers/{id}")));
    screens.extend(
        ["#/insights", "#/settings", "#/settings/data", "#/settings/playbooks/1", "#/settings/playbooks/new"]
            .iter()
            .map(|s| s.to_string()),
    );

    let mut problems = Vec::new();
    for hash in &screens {
        app.visit(hash);
        let found = app.execute(SCAN, &[]);
        for f in found.as_array().unwrap() {
            problems.push(format!("{hash}: {}", f.as_str().unwrap()));
        }
    }
    // Insights for each period (the default one was scanned above).
    app.visit("#/insights");
    for period in ["last_3_months", "this_year", "this_month"] {
        app.execute(
            "const p = document.querySelector('#insights-period'); p.value = arguments[0];
             p.dispatchEvent(new Event('change', { bubbles: true }));",
            &[json!(period)],
        );
        app.wait_until("the figures for the period", |s| {
            s.execute("return !document.querySelector('#view [aria-busy=\"true\"]') && !!document.querySelector('#view figure');", &[])
                == json!(true)
        });
        for f in app.execute(SCAN, &[]).as_array().unwrap() {
            problems.push(format!("#/insights ({period}): {}", f.as_str().unwrap()));
        }
    }
    assert!(problems.is_empty(), "text that reads like code on {} screens:\n{}", screens.len(), problems.join("\n"));
    let scanned: Value = json!(screens.len() + 3);
    println!("scanned {scanned} screens: nothing reads like code");
}
