//! Hostile text on every screen, and two editors of one incident, in the real window.
//!
//! A sample shop whose customer names, phones, e-mails, notes, incident texts, promises, call
//! notes, gesture names, staff names, categories and playbook steps hold markup that would run
//! script if it were ever parsed as HTML (each payload sets `window.__pwned`), `javascript:`
//! links, a right-to-left override, zero-width characters, a 10,000-character word, a 1 MB
//! description and emoji. Every screen must show the text as text, run nothing, and fit the
//! window (no horizontal scroll of the page). Then two editors: the incident page's edit form is
//! open while someone else saves a change to the same incident; the stale save is refused in
//! plain words and the form keeps what was typed.

#[allow(unused_imports)]
use super::common::{fresh_data_dir, generate_sample, keys, App};
use chrono::{DateTime, FixedOffset, Utc};
use mend_core::domain::incident::IncidentInput;
use mend_core::store::Store;
use serde_json::json;

const NOW: &str = "2026-12-03T09:00:00Z";

/// The texts a hostile world types. Each HTML one sets `window.__pwned` if it is ever parsed.
const PAYLOADS: [&str; 8] = [
    "<img src=x onerror=window.__pwned=1>",
    "<script>window.__pwned=1</script>",
    "\"><svg onload=window.__pwned=1>",
    "javascript:window.__pwned=1",
    "Ann\u{202E}evil\u{202C} Lee",
    "Z\u{200B}o\u{200D}e\u{FEFF} Brandt",
    "🙂 Zoë 👩🏽‍🔧 🇸🇪",
    "", // the 10,000-character word, made below
];

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn payload(i: i64) -> String {
    match PAYLOADS[(i.rem_euclid(PAYLOADS.len() as i64)) as usize] {
        "" => "W".repeat(10_000),
        p => p.to_string(),
    }
}

/// A sample shop of 60 incidents, every user text then replaced by a payload (by row id, so each
/// screen meets each payload), and incident 1's description a 1 MB text.
fn hostile_shop() -> tempfile::TempDir {
    let data = fresh_data_dir();
    let mut store = Store::open(&data.path().join("mend.db")).unwrap();
    store.generate_sample(60, 18, at(NOW)).unwrap();
    let conn = store.connection();
    let texts: [(&str, &str); 14] = [
        ("customers", "name = ?1 || ' ' || id"),
        ("customers", "phone = '555 01' || id || ' ' || ?1, email = ?1 || '@example.com', notes = ?1"),
        ("staff", "name = ?1 || ' ' || id"),
        ("categories", "name = ?1 || ' ' || id"),
        ("gestures", "name = ?1 || ' ' || id"),
        ("playbook_steps", "title = ?1 || ' step ' || position, guidance = ?1, say = ?1"),
        ("incident_steps", "title = ?1 || ' step ' || position, note = ?1"),
        ("incidents", "description = ?1 || ' happened', desired_outcome = ?1, root_cause = ?1"),
        ("incident_gestures", "description = ?1, note = ?1"),
        ("promises", "text = ?1"),
        ("follow_ups", "note = ?1"),
        ("prevention_actions", "action = ?1"),
        ("playbooks", "summary = ?1"),
        ("customers", "notes = notes || ' ' || ?1"),
    ];
    for (table, set) in texts {
        for k in 0..PAYLOADS.len() as i64 {
            let sql = format!("UPDATE {table} SET {set} WHERE id % {} = {k}", PAYLOADS.len());
            conn.execute(&sql, [payload(k)]).unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
    }
    // A staff member and a gesture with the 10,000-character word too (there are fewer than 8 of each).
    conn.execute("UPDATE staff SET name = ?1 || ' staff' WHERE id = 2", [payload(7)]).unwrap();
    conn.execute("UPDATE gestures SET name = ?1 || ' gesture' WHERE id = 2", [payload(7)]).unwrap();
    let mega: String = PAYLOADS.iter().cycle().take(30_000).map(|p| format!("{p} ")).collect();
    let mega = format!("{mega}{}", "M".repeat((1 << 20) - mega.len().min(1 << 20)));
    conn.execute("UPDATE incidents SET description = ?1 WHERE id = 1", [&mega]).unwrap();
    drop(store);
    data
}

/// What must hold on every screen: nothing ran, no markup of a payload became an element, the
/// page is no wider than the window.
#[track_caller]
fn assert_safe(app: &App, screen: &str) {
    let v = app.execute(
        "const d = document.documentElement;
         return {
           pwned: window.__pwned === undefined ? null : String(window.__pwned),
           handlers: document.querySelectorAll('[onerror], [onload]').length,
           scripts: document.querySelectorAll('#app script').length,
           images: document.querySelectorAll('img[src=\"x\"]').length,
           scroll: d.scrollWidth, width: d.clientWidth,
           bodyScroll: document.body.scrollWidth,
         };",
        &[],
    );
    assert_eq!(v["pwned"], json!(null), "{screen}: a payload ran: {v}");
    assert_eq!(
        (v["handlers"].as_i64(), v["scripts"].as_i64(), v["images"].as_i64()),
        (Some(0), Some(0), Some(0)),
        "{screen}: a payload became an element: {v}"
    );
    let (scroll, width) = (v["scroll"].as_i64().unwrap(), v["width"].as_i64().unwrap());
    if scroll > width {
        // Name the widest elements, to say what pushes the page.
        let wide = app.execute(
            "const w = document.documentElement.clientWidth;
             return [...document.querySelectorAll('#app *')].filter((e) => e.getBoundingClientRect().right > w + 1)
               .slice(-6).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));",
            &[],
        );
        panic!("{screen}: the page scrolls sideways ({scroll} > {width}): {wide}");
    }
}

/// The page's visible text contains `text` (as text, not markup).
#[track_caller]
fn assert_shows(app: &App, screen: &str, text: &str) {
    let found = app.execute("return document.querySelector('#view').innerText.includes(arguments[0]);", &[json!(text)]);
    assert_eq!(found, json!(true), "{screen} shows {text:?} as text");
}

#[test]
fn hostile_text_shows_as_text_on_every_screen_runs_nothing_and_fits_the_window() {
    let app = App::launch_full(hostile_shop(), &[], &[("TZ", "UTC"), ("MEND_NOW", NOW), ("MEND_AUTO_BACKUP", "off")]);
    app.wait_for("#nav");
    let mut checked = 0;

    // Today, with its call list.
    app.visit("#/today");
    assert_safe(&app, "Today");
    app.screenshot("hostile-01-today");
    checked += 1;

    // The call sheet as printed: the print-only parts shown as the printer gets them.
    if app.exists("#print-calls") {
        app.execute(
            "const s = document.createElement('style'); s.id = 'as-printed';
             s.textContent = '.print-only { display: block !important; } .no-print, #nav { display: none !important; }';
             document.head.appendChild(s);",
            &[],
        );
        assert_safe(&app, "the call sheet");
        app.screenshot("hostile-02-call-sheet");
        app.execute("document.getElementById('as-printed').remove();", &[]);
        checked += 1;
    }

    // Incidents, searching for the text of a payload.
    app.visit("#/incidents");
    assert_safe(&app, "Incidents");
    app.set_value("#incident-search", "onerror");
    app.wait_until("search hits", |s| {
        s.execute(
            "const rows = [...document.querySelectorAll('#view .incident-row')];
             return rows.length > 0 && rows.every((r) => r.innerText.includes('onerror'));",
            &[],
        ) == json!(true)
    });
    assert_shows(&app, "Incidents (searched)", "<img src=x onerror=window.__pwned=1>");
    assert_safe(&app, "Incidents (searched)");
    app.screenshot("hostile-03-incidents-search");
    checked += 1;

    // The incident page with the 1 MB description, its timeline open.
    app.visit("#/incidents/1");
    app.wait_for("#edit-incident");
    assert_shows(&app, "the incident page", "<script>window.__pwned=1</script>");
    app.show_timeline();
    assert_safe(&app, "the incident page (1 MB description)");
    app.execute("window.scrollTo(0, 0);", &[]);
    app.screenshot("hostile-04-incident-1mb");
    checked += 1;
    for id in 2..=8 {
        app.visit(&format!("#/incidents/{id}"));
        app.wait_for("#edit-incident");
        assert_safe(&app, &format!("incident {id}"));
        checked += 1;
    }
    app.visit("#/incidents/7");
    app.wait_for("#edit-incident");
    app.screenshot("hostile-05-incident-long-word");

    // Customers, and every payload's customer card.
    app.visit("#/customers");
    assert_shows(&app, "Customers", "\"><svg onload=window.__pwned=1>");
    assert_safe(&app, "Customers");
    app.screenshot("hostile-06-customers");
    checked += 1;
    for id in 1..=8 {
        app.visit(&format!("#/customers/{id}"));
        assert_safe(&app, &format!("customer card {id}"));
        checked += 1;
    }
    app.visit("#/customers/7");
    app.screenshot("hostile-07-customer-card-long-word");
    app.visit("#/customers/4");
    assert_shows(&app, "the customer card", "Ann\u{202E}evil\u{202C} Lee");
    app.screenshot("hostile-08-customer-card-rlo");

    // Insights for the year (every category met), with every table shown, and Copy as CSV.
    app.visit("#/insights");
    app.set_value("#insights-period", "this_year");
    app.wait_until("the year's figures", |s| {
        s.execute("return document.querySelector('#view').innerText.includes('WWWWWWWWWW');", &[]) == json!(true)
    });
    app.execute("for (const b of document.querySelectorAll('.show-table')) b.click();", &[]);
    assert_safe(&app, "Insights (tables shown)");
    app.screenshot("hostile-09-insights");
    app.execute("const b = document.querySelector('.copy-csv:not([disabled])'); if (b) b.click();", &[]);
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_safe(&app, "Insights after Copy as CSV");
    checked += 1;

    // Settings: staff, categories, playbooks, gestures.
    app.visit("#/settings");
    assert_safe(&app, "Settings");
    app.screenshot("hostile-10-settings");
    checked += 1;

    // Each of the shop's playbooks is shown in its editor.
    app.visit("#/settings/playbooks/3");
    assert_safe(&app, "a playbook");
    checked += 1;

    eprintln!("hostile text: {checked} screens checked, {} payloads plus a 1 MB description", PAYLOADS.len());
}

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

#[test]
fn a_stale_edit_form_is_refused_in_plain_words_and_keeps_what_was_typed() {
    let data = fresh_data_dir();
    let db = data.path().join("mend.db");
    {
        let mut store = Store::open(&db).unwrap();
        store.generate_sample(5, 3, at(NOW)).unwrap();
    }
    let app = App::launch_full(data, &[], &[("TZ", "UTC"), ("MEND_NOW", NOW), ("MEND_AUTO_BACKUP", "off")]);
    app.wait_for("#nav");
    app.visit("#/incidents/1");
    app.wait_for("#edit-incident").click();
    app.wait_for("#description");
    app.set_value("#description", "My own words: the fringe was cut crooked.");

    // Meanwhile another window (here the store on the same file) saves a change to the incident.
    let other = "Their words: the colour came out orange.";
    {
        let mut store = Store::open(&db).unwrap();
        let d = store.incident(1, at(NOW), &utc()).unwrap();
        let input = IncidentInput {
            customer_id: Some(d.customer.id),
            received_at: d.received_at.trim_end_matches('Z').chars().take(16).collect(),
            channel: d.channel.clone(),
            category_id: d.category_id,
            severity: Some(if d.severity.get() == 5 { 4 } else { 5 }),
            description: other.into(),
            desired_outcome: d.desired_outcome.clone(),
            taken_by: d.taken_by.as_ref().map(|t| t.id),
            failure_kind: d.failure_kind.as_str().into(),
            fault: d.fault.as_str().into(),
            transaction_value: d.transaction_cents.map(|c| format!("{}.{:02}", c / 100, c % 100)).unwrap_or_default(),
            version: Some(d.version),
            ..Default::default()
        };
        let fields = input.validated(at(NOW), &utc()).unwrap();
        store.update_incident(1, input.version, &fields, None, at(NOW), &utc()).unwrap();
    }

    // The stale form's save is refused in plain words, and what was typed stays.
    app.find("#save-edit").click();
    let banner = app.wait_for_text("#error-text", "Someone else changed this incident at 09:00").text();
    assert!(banner.contains("what is saved now differs from your form in severity and what happened."), "{banner}");
    assert!(banner.contains("Your text is still in the form; look at what is saved now"), "{banner}");
    app.wait_for_text("[data-field=\"description\"] .field-error", other);
    assert_eq!(app.find("#description").value(), "My own words: the fringe was cut crooked.");
    app.screenshot("hostile-11-stale-edit-refused");
    {
        let store = Store::open(&db).unwrap();
        let d = store.incident(1, at(NOW), &utc()).unwrap();
        assert_eq!(d.description, other, "the other window's change was not written over");
    }

    // Having looked, saving again keeps the typed words.
    app.find("#save-edit").click();
    app.wait_for("#edit-incident");
    let store = Store::open(&db).unwrap();
    let d = store.incident(1, at(NOW), &utc()).unwrap();
    assert_eq!(d.description, "My own words: the fringe was cut crooked.");
    let edits = d.events.iter().filter(|e| e.summary == "What happened was edited").count();
    assert_eq!(edits, 2, "each window's change is on the timeline once");
    app.screenshot("hostile-12-saved-again");
}

#[test]
fn a_stale_customer_card_is_refused_and_keeps_what_was_typed() {
    let data = fresh_data_dir();
    let db = data.path().join("mend.db");
    {
        let mut store = Store::open(&db).unwrap();
        store.generate_sample(5, 3, at(NOW)).unwrap();
    }
    let app = App::launch_full(data, &[], &[("TZ", "UTC"), ("MEND_NOW", NOW), ("MEND_AUTO_BACKUP", "off")]);
    app.wait_for("#nav");
    app.visit("#/customers/1");
    app.wait_for("#edit-customer").click();
    app.wait_for("#customer-notes");
    app.set_value("#customer-notes", "Prefers a text before a call.");

    // Meanwhile another window saves a new phone number on the same card.
    {
        let mut store = Store::open(&db).unwrap();
        let c = store.customer(1).unwrap();
        let input = mend_core::domain::customer::CustomerInput {
            name: c.name.clone(),
            phone: "555 0199".into(),
            email: c.email.clone(),
            notes: c.notes.clone(),
            visits: c.visits.to_string(),
            total_spend: format!("{}.{:02}", c.total_spend_cents / 100, c.total_spend_cents % 100),
            first_visit: c.first_visit.map(|d| d.to_string()).unwrap_or_default(),
            last_visit: c.last_visit.map(|d| d.to_string()).unwrap_or_default(),
            vip: c.vip,
            version: Some(c.version),
        };
        store.update_customer(1, input.version, &input.validated().unwrap(), at(NOW), &utc()).unwrap();
    }

    app.find("#save-customer").click();
    let banner = app.wait_for_text("#error-text", "Someone else changed this customer card at 09:00").text();
    assert!(banner.contains("phone"), "{banner}");
    app.wait_for_text("[data-field=\"phone\"] .field-error", "“555 0199”");
    assert_eq!(app.find("#customer-notes").value(), "Prefers a text before a call.");
    app.screenshot("hostile-13-stale-customer-refused");
    assert_eq!(Store::open(&db).unwrap().customer(1).unwrap().phone, "555 0199");
}
