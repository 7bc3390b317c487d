//! The everyday screens in the real window: "Received" is one Tab stop on the intake (and a
//! keyboard-only intake saves), dates are written one way on every screen following the
//! system's locale (a C locale the British way) with amounts grouped, the import preview fits
//! the window, and the call list's status line says what happened in a tone that fits (amber
//! for "Not satisfied"), with no toast repeating it, beside a note box that keeps its label.

use super::common::{fresh_data_dir, generate_sample, keys, App};
use serde_json::{json, Value};
use std::path::Path;

/// Thursday 4 June 2026, 10:00 UTC: the app's clock in these tests.
const NOW: &str = "2026-06-04T10:00:00Z";

/// The id of the element that has the focus (or its tag name).
fn focused(app: &App) -> String {
    app.execute("const a = document.activeElement; return a ? (a.id || a.tagName.toLowerCase()) : '';", &[])
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// Starts a new-customer intake by keyboard: N on Today, the name, Enter on "Create new customer".
fn start_intake(app: &App, name: &str) {
    app.visit("#/today");
    app.execute("document.activeElement?.blur();", &[]);
    app.send_keys_to_active("n");
    app.wait_for("#customer-search");
    app.wait_until("the search box has the focus", |s| {
        s.execute("return document.activeElement?.id === 'customer-search';", &[]) == json!(true)
    });
    app.send_keys_to_active(name);
    app.wait_for(".suggestion");
    app.send_keys_to_active(keys::ENTER);
    app.wait_until("the new customer's phone has the focus", |s| {
        s.execute("return document.activeElement?.id === 'new-customer-phone';", &[]) == json!(true)
    });
}

/// Tab presses from the customer search to Save, and where each one landed.
fn tabs_from_search_to_save(app: &App) -> Vec<String> {
    app.execute("document.getElementById('customer-search').focus();", &[]);
    let mut stops = Vec::new();
    while stops.len() < 60 {
        app.send_keys_to_active(keys::TAB);
        stops.push(focused(app));
        if stops.last().map(String::as_str) == Some("save-incident") {
            return stops;
        }
    }
    panic!("Save was never reached by Tab: {stops:?}");
}

#[test]
fn received_is_one_tab_stop_and_a_keyboard_only_intake_saves() {
    let app = App::launch_full(fresh_data_dir(), &[], &[("TZ", "UTC"), ("MEND_NOW", NOW)]);
    app.wait_for("#nav");
    start_intake(&app, "Bo Lind");

    // "Received" reads "Now" with one button; the date-and-time input is not in the way.
    assert_eq!(app.find("#received-summary").text(), "Now");
    assert!(!app.find("#received-at").is_displayed());
    let stops = tabs_from_search_to_save(&app);
    println!("Tab stops from the customer search to Save: {} {stops:?}", stops.len());
    assert_eq!(stops.iter().filter(|s| *s == "change-received").count(), 1, "{stops:?}");
    assert!(!stops.iter().any(|s| s == "received-at"), "{stops:?}");
    // Name, phone, email, Received, channel, category, severity, what went wrong, whose
    // fault, what happened, what would make them happy, value, taken by, playbook, Save.
    assert!(stops.len() <= 15, "{} Tab stops: {stops:?}", stops.len());
    app.execute(
        "document.getElementById('change-received').focus(); document.querySelector('.main').scrollTo(0, 0);",
        &[],
    );
    app.screenshot("everyday-01-intake-form");

    // Keyboard only: phone, Tab past email and Received, a category, severity 2, the story,
    // Ctrl+Enter.
    app.find("#new-customer-phone").click();
    app.send_keys_to_active("07700 900456");
    app.send_keys_to_active(&keys::TAB.repeat(2));
    assert_eq!(focused(&app), "change-received");
    app.send_keys_to_active(&keys::TAB.repeat(2));
    assert_eq!(focused(&app), "category");
    app.send_keys_to_active(keys::ARROW_DOWN);
    app.send_keys_to_active(keys::TAB);
    app.send_keys_to_active("2");
    app.send_keys_to_active(&keys::TAB.repeat(3));
    assert_eq!(focused(&app), "description");
    app.send_keys_to_active("Fringe cut far too short");
    app.send_keys_to_active(&format!("{}{}{}", keys::CONTROL, keys::ENTER, keys::NULL));
    app.wait_for_text("#incident-status", "Open");
    let db = rusqlite::Connection::open(app.db_path()).unwrap();
    let (received, severity, story): (String, i64, String) = db
        .query_row("SELECT received_at, severity, description FROM incidents", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    // Received "now": the time of saving (the app's clock runs on from NOW).
    assert!(received.starts_with("2026-06-04T10:0"), "{received}");
    assert_eq!((severity, story.as_str()), (2, "Fringe cut far too short"));

    // The incident's Edit mode shows its own time, one stop; Change opens the input on it.
    app.wait_for("#edit-incident").click();
    app.wait_for("#edit-form");
    let summary = app.find("#received-summary").text();
    assert!(summary.starts_with("Thu") && summary.contains("4 Jun") && summary.ends_with("10:00"), "{summary}");
    assert!(!app.find("#received-at").is_displayed());
    app.find("#change-received").click();
    assert!(app.find("#received-at").is_displayed());
    assert_eq!(focused(&app), "received-at");
    assert_eq!(app.find("#received-at").value(), "2026-06-04T10:00");
    app.send_keys_to_active(keys::ESCAPE);

    // A new intake where the time is changed: Change, then the input has the focus with now in it.
    start_intake(&app, "Cleo Marsh");
    app.find("#change-received").click();
    assert_eq!(focused(&app), "received-at");
    assert_eq!(app.find("#received-at").value(), "2026-06-04T10:00");
    app.set_value("#received-at", "2026-06-04T08:30");
    app.find("label[for=\"severity-3\"]").click();
    app.find("#description").send_keys("Colour patchy");
    app.find("#save-incident").click();
    app.wait_for_text("#incident-status", "Open");
    let received: String =
        db.query_row("SELECT received_at FROM incidents ORDER BY id DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    assert_eq!(received, "2026-06-04T08:30:00Z");
}

/// What is written as a date on the screen: every `time` element, the incident rows' dates,
/// Today's date line and the customer card's dates; and any date or time in the page's text
/// written in another style (`foreign` matches those).
const DATES: &str = r#"
const one = new RegExp(arguments[0]);
const foreign = new RegExp(arguments[1]);
const clean = (t) => t.replace(/\s+/g, ' ').trim();
const written = [];
const add = (el) => { if (el) { const t = clean(el.textContent); if (t && t !== '—') written.push(t); } };
document.querySelectorAll('#view time, #view .cell-date, #today-date').forEach(add);
document.querySelectorAll('#view dl.details dt').forEach((dt) => {
  if (/^(First visit|Last visit|In Mend since)$/.test(dt.textContent)) add(dt.nextElementSibling);
});
const strays = [];
const walker = document.createTreeWalker(document.querySelector('#view'), NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const m = clean(n.data).match(foreign);
  if (m) strays.push(`${n.parentElement.tagName.toLowerCase()}.${n.parentElement.className}: ${clean(n.data).slice(0, 80)}`);
}
return { written, wrong: written.filter((w) => !one.test(w)), strays };
"#;

const MONTHS: &str = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)";
const LONG_MONTHS: &str = "(January|February|March|April|May|June|July|August|September|October|November|December)";
const WEEKDAYS: &str = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const LONG_WEEKDAYS: &str = "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";

/// How dates are written in one locale: `one` matches each date shown, `foreign` any date
/// or time written another way.
struct Style {
    name: &'static str,
    one: String,
    foreign: String,
}

fn british() -> Style {
    let time = r"\d{2}:\d{2}";
    // (Some versions of CLDR put a comma after the weekday in en-GB, some don't.)
    let day = format!(r"({WEEKDAYS},? )?\d{{1,2}} {MONTHS}( \d{{4}})?");
    Style {
        name: "day first (en-GB)",
        one: format!(
            r"^((Today|Yesterday), {time}|{time}|{WEEKDAYS},? {time}|{day}((, | at ){time})?|{LONG_WEEKDAYS},? \d{{1,2}} {LONG_MONTHS})$"
        ),
        // Numeric or ISO dates, a month before its day, and a 12-hour clock.
        foreign: format!(
            r"\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b{MONTHS} \d{{1,2}}(?!\d)|\d\s?(AM|PM)\b"
        ),
    }
}

fn american() -> Style {
    let time = r"\d{1,2}:\d{2}\s(AM|PM)";
    let day = format!(r"({WEEKDAYS}, )?{MONTHS} \d{{1,2}}(, \d{{4}})?");
    Style {
        name: "month first (en-US)",
        one: format!(
            r"^((Today|Yesterday), {time}|{time}|{WEEKDAYS},? {time}|{day}((, | at ){time})?|{LONG_WEEKDAYS}, {LONG_MONTHS} \d{{1,2}})$"
        ),
        foreign: format!(
            r"\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}} {MONTHS}\b|\b\d{{2}}:\d{{2}}(?!\s?(AM|PM))\b"
        ),
    }
}

#[test]
fn dates_are_written_one_way_on_every_screen_and_amounts_are_grouped_whatever_the_locale() {
    let sample = fresh_data_dir();
    generate_sample(sample.path(), 120, 7, NOW);
    let db = rusqlite::Connection::open(sample.path().join("mend.db")).unwrap();
    let incident = super::ids(
        &db,
        "SELECT i.id FROM incidents i WHERE EXISTS (SELECT 1 FROM follow_ups f WHERE f.incident_id = i.id)
           AND EXISTS (SELECT 1 FROM promises p WHERE p.incident_id = i.id) ORDER BY i.received_at DESC LIMIT 1",
    )[0];
    let customer = super::ids(&db, &format!("SELECT customer_id FROM incidents WHERE id = {incident}"))[0];
    // A big spender, to see the amount grouped.
    db.execute("UPDATE customers SET total_spend_cents = 294000 WHERE id = ?1", [customer]).unwrap();
    drop(db);

    let runs: [(&[(&str, &str)], Style); 4] = [
        (&[("LANG", "C"), ("LC_ALL", "C")], british()),
        (&[("LANG", "C.UTF-8"), ("LC_ALL", "")], british()),
        (&[("LANG", "en_GB.UTF-8"), ("LC_ALL", "")], british()),
        (&[("LANG", "en_US.UTF-8"), ("LC_ALL", "")], american()),
    ];
    for (env, style) in runs {
        let data = fresh_data_dir();
        std::fs::copy(sample.path().join("mend.db"), data.path().join("mend.db")).unwrap();
        let mut vars = vec![("TZ", "UTC"), ("MEND_NOW", NOW)];
        vars.extend_from_slice(env);
        let app = App::launch_full(data, &[], &vars);
        app.wait_for("#nav");
        let locale = app.execute(
            "return { window: navigator.language, intl: Intl.DateTimeFormat().resolvedOptions().locale,
                      money: new Intl.NumberFormat(undefined, { style: 'currency', currency: 'GBP' }).format(2940) };",
            &[],
        );
        println!("{env:?}: the window says {locale}");

        let mut problems = Vec::new();
        for hash in [
            "#/today".to_string(),
            format!("#/incidents/{incident}"),
            format!("#/customers/{customer}"),
            "#/incidents".into(),
        ] {
            app.visit(&hash);
            let found = app.execute(DATES, &[json!(style.one), json!(style.foreign)]);
            let written = found["written"].as_array().unwrap();
            assert!(written.len() >= 2, "{env:?} {hash}: hardly any dates found: {found}");
            for w in found["wrong"].as_array().unwrap() {
                problems.push(format!("{env:?} {hash}: “{}” is not written {}", w.as_str().unwrap(), style.name));
            }
            for s in found["strays"].as_array().unwrap() {
                problems.push(format!("{env:?} {hash}: written another way: {}", s.as_str().unwrap()));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));

        // Amounts are grouped: the big spender's card and every amount on the customer list.
        app.visit(&format!("#/customers/{customer}"));
        let spend = app.execute(
            "const dt = [...document.querySelectorAll('#view dl.details dt')].find((d) => d.textContent === 'Total spend');
             return dt.nextElementSibling.textContent;",
            &[],
        );
        assert!(spend.as_str().unwrap().contains("2,940.00"), "{env:?}: total spend reads {spend}");
        app.visit("#/customers");
        let amounts = app.execute(
            "const all = [...document.querySelectorAll('#customer-list .num')].map((e) => e.textContent);
             return { all, ungrouped: all.filter((a) => /\\d{4}[.,]\\d{2}/.test(a)) };",
            &[],
        );
        let all: Vec<&str> = amounts["all"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
        assert!(all.iter().any(|a| a.contains("2,940.00")), "{env:?}: {all:?}");
        assert_eq!(amounts["ungrouped"], json!([]), "{env:?}: amounts not grouped");
    }
}

#[test]
fn the_import_preview_fits_the_window_and_email_addresses_wrap_whole() {
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/customers/long_emails.csv");
    let app = App::launch_full(fresh_data_dir(), &[], &[("MEND_PICK_FILE", csv.to_str().unwrap())]);
    app.wait_for("#nav");
    app.visit("#/customers/import");
    app.find("#choose-import-file").click();
    app.wait_for("table#import-preview");
    app.wait_for_text("#import-row-count", "5 rows");

    let fit = app.execute(
        "const table = document.getElementById('import-preview');
         const main = document.querySelector('.main');
         const holds = (what) => [...table.querySelectorAll('select.column-map')].find((s) => s.value === what);
         const cell = (what) => { const s = holds(what); const r = s && s.closest('tr').querySelector('.column-examples').getBoundingClientRect(); return r && { left: r.left, right: r.right }; };
         // Each piece of an e-mail address between its break points (after '@', before '.',
         // after a hyphen) sits on one line.
         const split = [];
         for (const li of table.querySelectorAll('.column-examples li')) {
           if (!li.textContent.includes('@')) continue;
           for (const n of li.childNodes) {
             if (n.nodeType !== 3) continue;
             let at = 0;
             for (const piece of n.data.split(/(?<=-)/)) {
               const range = document.createRange(); range.setStart(n, at); range.setEnd(n, at + piece.length);
               at += piece.length;
               const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
               if (lines.size > 1) split.push(piece);
             }
           }
         }
         return {
           window: window.innerWidth, table_scroll: table.scrollWidth, table_client: table.clientWidth,
           table_right: table.getBoundingClientRect().right, main_scroll: main.scrollWidth, main_client: main.clientWidth,
           spend: cell('total_spend'), last_visit: cell('last_visit'), emails: cell('email'), split,
           columns: table.querySelectorAll('select.column-map').length,
         };",
        &[],
    );
    println!("import preview: {fit}");
    let n = |k: &str| fit[k].as_f64().unwrap_or_else(|| panic!("{k} missing: {fit}"));
    assert_eq!(fit["columns"], json!(11), "{fit}");
    assert!(n("table_scroll") <= n("table_client"), "the preview is wider than its box: {fit}");
    assert!(n("main_scroll") <= n("main_client"), "the screen scrolls sideways: {fit}");
    assert!(n("table_right") <= n("window"), "{fit}");
    for what in ["spend", "last_visit", "emails"] {
        let right = fit[what]["right"].as_f64().unwrap_or_else(|| panic!("no {what} column: {fit}"));
        assert!(fit[what]["left"].as_f64().unwrap() >= 0.0 && right <= n("window"), "{what} is off screen: {fit}");
    }
    assert_eq!(fit["split"], json!([]), "e-mail addresses broken mid-word: {fit}");
    app.execute("document.getElementById('import-step-columns').scrollIntoView({ block: 'start' });", &[]);
    app.screenshot("everyday-03-import-preview");

    app.find("#run-import").click();
    app.wait_for_text("#import-summary", "5 added");
}

/// Clicks `button` and waits until the status line `css` says `expect`; the list is rebuilt
/// after each call, so a click that lands while it is still busy is made again.
fn tick(app: &App, button: &str, css: &str, expect: &str) {
    for _ in 0..3 {
        app.find(button).click();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(4);
        while std::time::Instant::now() < deadline {
            let text = app.execute("return document.querySelector(arguments[0])?.textContent || '';", &[json!(css)]);
            if text.as_str().unwrap_or("").contains(expect) {
                std::thread::sleep(std::time::Duration::from_millis(300));
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
    panic!("{css} never said “{expect}” after clicking {button}");
}

/// The status line's text and tone, and whether a toast is showing.
fn status(app: &App, css: &str) -> Value {
    app.execute(
        "const s = document.querySelector(arguments[0]); const t = document.getElementById('toast');
         return { text: s ? s.textContent : null, tone: s ? s.dataset.tone : null,
                  toast: t.classList.contains('show') ? t.textContent : '' };",
        &[json!(css)],
    )
}

#[test]
fn a_day_of_calls_says_each_outcome_once_in_a_tone_that_fits_beside_a_labelled_note() {
    let data = fresh_data_dir();
    generate_sample(data.path(), 120, 7, NOW);
    // A morning of follow-up calls: four customers whose incidents were resolved lately.
    let db = rusqlite::Connection::open(data.path().join("mend.db")).unwrap();
    let resolved = super::ids(
        &db,
        "SELECT id FROM incidents i WHERE status = 'resolved'
           AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.incident_id = i.id AND f.done_at IS NULL)
         ORDER BY resolved_at DESC LIMIT 4",
    );
    for (n, id) in resolved.iter().enumerate() {
        db.execute(
            "INSERT INTO follow_ups (incident_id, due_at, created_at) VALUES (?1, ?2, '2026-06-03T12:00:00Z')",
            rusqlite::params![id, format!("2026-06-04T{:02}:00:00Z", 9 + n)],
        )
        .unwrap();
    }
    drop(db);
    let app = App::launch_full(data, &[], &[("TZ", "UTC"), ("MEND_NOW", NOW)]);
    app.wait_for("#nav");
    app.visit("#/today");
    let calls = app.find_all("#call-groups li.call-item[data-kind=\"follow_up\"]").len();
    assert!(calls >= 4, "calls to make today: {calls}");

    // The note box has a label that stays while typing, not only a placeholder.
    let row = "#call-groups li.call-item[data-kind=\"follow_up\"]";
    let note = app.find(&format!("{row} input.call-note"));
    let id = note.attr("id").unwrap();
    assert_eq!(note.attr("placeholder").unwrap_or_default(), "", "a label, not a placeholder");
    let label = app.find(&format!("label[for=\"{id}\"]"));
    assert_eq!(label.text(), "Note from the call (optional)");
    note.click();
    note.send_keys("colour still patchy");
    assert!(label.is_displayed());

    // Not satisfied: a calm amber status line, and no toast saying it again.
    let name = app.find(&format!("{row} .call-name")).text();
    tick(&app, &format!("{row} button.outcome-not_satisfied"), "#call-status", "not satisfied");
    let s = status(&app, "#call-status");
    assert_eq!(s["tone"], json!("warning"), "{s}");
    assert!(s["text"].as_str().unwrap().starts_with(&name), "{s}");
    assert_eq!(s["toast"], json!(""), "{s}");

    // Satisfied: green.
    tick(&app, &format!("{row} button.outcome-satisfied"), "#call-status", "satisfied. Call ticked off.");
    assert_eq!(status(&app, "#call-status")["tone"], json!("success"));
    // No answer: amber again.
    tick(&app, &format!("{row} button.outcome-no_answer"), "#call-status", "no answer");
    let s = status(&app, "#call-status");
    assert_eq!((&s["tone"], &s["toast"]), (&json!("warning"), &json!("")), "{s}");
    // A promise kept: green, no toast.
    if app.exists("#call-groups li.call-item[data-kind=\"promise\"]") {
        tick(
            &app,
            "#call-groups li.call-item[data-kind=\"promise\"] button.promise-kept",
            "#call-status",
            "promise kept",
        );
        let s = status(&app, "#call-status");
        assert_eq!((&s["tone"], &s["toast"]), (&json!("success"), &json!("")), "{s}");
    }
    app.execute("document.activeElement?.blur(); document.querySelector('.main').scrollTo(0, 0);", &[]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    // Every call row on the screen is painted (WebKit once left the row that had the focus blank).
    let blank = app.execute(
        "return [...document.querySelectorAll('li.call-item')]
           .filter((li) => { const r = li.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; })
           .filter((li) => !li.innerText.trim()).map((li) => li.dataset.key);",
        &[],
    );
    assert_eq!(blank, json!([]), "call rows left blank");
    app.screenshot("everyday-02-today-after-calls");

    // The incident page's Calls panel: the same label, and the same calm warning.
    let db = rusqlite::Connection::open(app.db_path()).unwrap();
    let incident =
        super::ids(&db, "SELECT incident_id FROM follow_ups WHERE done_at IS NULL ORDER BY due_at LIMIT 1")[0];
    app.visit(&format!("#/incidents/{incident}"));
    let note = app.wait_for("#calls-list li.call.pending input.call-note");
    let id = note.attr("id").unwrap();
    assert_eq!(app.find(&format!("label[for=\"{id}\"]")).text(), "Note from the call (optional)");
    tick(&app, "#calls-list li.call.pending button.outcome-not_satisfied", "#calls-status", "not satisfied");
    let s = status(&app, "#calls-status");
    assert_eq!((&s["tone"], &s["toast"]), (&json!("warning"), &json!("")), "{s}");
}
