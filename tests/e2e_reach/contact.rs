//! Reaching the customer in the real window: a call due today on Today's call list, "Text it"
//! opens a text with the ready message filled in for that customer (read back from the links
//! Mend would have opened, `MEND_RECORD_OPENED`), another message chosen and e-mailed, the
//! message copied, a try again after no answer offered "We couldn't reach you", and the
//! incident page's header calling the number on the card.

#[allow(unused_imports)]
use super::common::{fresh_data_dir, generate_sample, keys, App};
use serde_json::json;
use std::path::Path;

/// The links recorded so far, one a line.
fn opened(record: &Path) -> Vec<String> {
    std::fs::read_to_string(record).unwrap_or_default().lines().map(str::to_string).collect()
}

/// Decodes a percent-encoded part of a link.
fn decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).expect("percent-encoded byte"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8 text")
}

/// The value of `name` in a link's query (`?subject=…&body=…`), decoded.
fn query_value(uri: &str, name: &str) -> String {
    let query = uri.split_once('?').map(|(_, q)| q).unwrap_or_default();
    let raw = query.split('&').find_map(|p| p.strip_prefix(&format!("{name}="))).unwrap_or_default();
    decoded(raw)
}

/// Waits until the record holds `n` links and returns the last one.
fn nth_link(app: &App, record: &Path, n: usize) -> String {
    app.wait_until(&format!("{n} links opened"), |_| opened(record).len() >= n);
    opened(record)[n - 1].clone()
}

#[test]
fn text_it_on_todays_call_opens_a_text_with_the_filled_in_message() {
    let record_dir = tempfile::tempdir().unwrap();
    let record = record_dir.path().join("opened.txt");
    // Monday 23 November 2026, 09:00, on UTC wall clocks.
    let app = App::launch_full(
        fresh_data_dir(),
        &[],
        &[("TZ", "UTC"), ("MEND_NOW", "2026-11-23T09:00:00Z"), ("MEND_RECORD_OPENED", record.to_str().unwrap())],
    );
    app.wait_for("#nav");

    // The shop's name, for {shop}.
    app.go("settings");
    let name = app.wait_for("#business-name");
    name.clear();
    name.send_keys("Bike Barn");
    app.find("#save-settings").click();
    app.wait_for_text("#toast", "Settings saved");
    app.wait_for("#message-templates-section textarea");

    // Marta's complaint, with her mobile and e-mail, a promise and a call at 15:00 today.
    app.go("log");
    let search = app.wait_for("#customer-search");
    search.click();
    app.send_keys_to_active("Marta Silva");
    app.wait_for(".suggestion");
    app.send_keys_to_active(keys::ENTER);
    app.wait_for("#new-customer-phone").send_keys("+44 7700 900123");
    app.find("#new-customer-email").send_keys("marta@example.com");
    app.find("label[for=\"severity-3\"]").click();
    app.find("#description").send_keys("Gears slip after the tune-up");
    app.find("#save-incident").click();
    app.wait_for_text("#incident-status", "Open");
    let text = app.wait_for("#promise-text");
    text.click();
    text.send_keys("We call when the new chain arrives");
    app.find("#add-promise").click();
    app.wait_until("one promise", |s| s.find_all("li.promise.open").len() == 1);
    app.set_value("#call-due", "2026-11-23T15:00");
    app.find("#schedule-call").click();
    app.wait_for("#calls-list li.call.pending");
    // A gesture given, written straight into the ledger.
    rusqlite::Connection::open(app.db_path())
        .unwrap()
        .execute(
            "INSERT INTO incident_gestures (incident_id, description, kind, cost_cents, given_at)
             VALUES (1, 'A free chain clean', 'service', 0, '2026-11-23T09:00:00Z')",
            [],
        )
        .unwrap();

    // Today: the call, with the follow-up message chosen for a first call.
    app.go("today");
    let row = "#calls-today li.call-item[data-kind=\"follow_up\"]";
    app.wait_for(row);
    app.wait_until("the message picker is filled in", |s| {
        s.execute(&format!("return document.querySelector('{row} select.message-template')?.value || '';"), &[])
            == json!("follow_up")
    });
    app.scroll_to("#call-list");
    app.wait_until("the toast from saving has gone", |s| {
        s.execute("return document.querySelector('#toast.show') === null;", &[]) == json!(true)
    });
    app.screenshot("reach-call-actions");

    // "Text it": a text to her mobile with the message filled in for her.
    app.find(&format!("{row} button.message-text")).click();
    let sms = nth_link(&app, &record, 1);
    assert!(sms.starts_with("sms:+447700900123?body="), "{sms}");
    let body = query_value(&sms, "body");
    assert!(body.starts_with("Hello Marta,"), "{body}");
    assert!(body.contains("This is Bike Barn."), "{body}");
    assert!(!body.contains(['{', '}', '[', ']']), "a placeholder or bracket shows: {body}");
    app.wait_for_text(
        "#call-status",
        "Opening your messages app to text Marta Silva with the “Follow-up after a fix” message",
    );

    // Another message, e-mailed: the apology names the gesture and the promise.
    app.set_value(&format!("{row} select.message-template"), "apology");
    app.find(&format!("{row} button.message-email")).click();
    let mail = nth_link(&app, &record, 2);
    assert!(mail.starts_with("mailto:marta@example.com?subject="), "{mail}");
    assert_eq!(query_value(&mail, "subject"), "We’re sorry – Bike Barn");
    let body = query_value(&mail, "body");
    assert!(body.contains("offer you this: A free chain clean."), "{body}");
    assert!(body.contains("We’ll keep our word: We call when the new chain arrives."), "{body}");
    assert!(body.contains("\r\n\r\n"), "e-mail lines end in CRLF: {body:?}");

    // "Copy message" puts the chosen message on the clipboard (a stand-in clipboard here).
    app.execute(
        "window.__copied = null;
         Object.defineProperty(navigator, 'clipboard', { configurable: true, value: {
           writeText: (text) => { window.__copied = text; return Promise.resolve(); } } });",
        &[],
    );
    app.find(&format!("{row} button.message-copy")).click();
    app.wait_until("the message is copied", |s| {
        s.execute("return window.__copied || '';", &[]).as_str().unwrap_or_default().contains("We’re truly sorry")
    });
    app.wait_for_text("#call-status", "is on the clipboard");

    // No answer: the try again tomorrow gets "We couldn't reach you" by itself.
    app.find(&format!("{row} button.outcome-no_answer")).click();
    let retry = "#calls-upcoming li.call-item[data-kind=\"follow_up\"]";
    app.wait_for_text(retry, "2nd try");
    let picked = app.execute(&format!("return document.querySelector('{retry} select.message-template').value;"), &[]);
    assert_eq!(picked, json!("no_answer"), "a new try gets the message that fits it");
    app.execute("location.hash = '#/incidents/1';", &[]);
    app.wait_for("#calls-list li.call.pending select.message-template");
    app.wait_until("the incident page's call offers the same message", |s| {
        s.execute("return document.querySelector('#calls-list li.call.pending select.message-template').value;", &[])
            == json!("no_answer")
    });

    app.scroll_to("#calls");
    app.screenshot("reach-incident-calls");

    // The incident page's header: the number on the card, called.
    app.find("#incident-contact-call").click();
    assert_eq!(nth_link(&app, &record, 3), "tel:+447700900123");
    app.execute("window.scrollTo(0, 0);", &[]);
    app.screenshot("reach-incident-contact");

    // The customer card: a plain text, with no message.
    app.find("#customer-link").click();
    app.wait_for("#customer-contact-text").click();
    assert_eq!(nth_link(&app, &record, 4), "sms:+447700900123");
    app.wait_for_text("#toast", "Opening your messages app to text Marta Silva.");
    assert_eq!(opened(&record).len(), 4, "nothing else was opened");
}

#[test]
fn a_message_with_an_unknown_placeholder_is_refused_in_plain_words() {
    let app = App::launch();
    app.wait_for("#nav");
    app.go("settings");
    let body = app.wait_for("#template-follow_up-body");
    app.scroll_to("#message-templates-section");
    body.clear();
    body.send_keys("Hi {firstname}, all good now?");
    app.find("#save-message-templates").click();
    app.wait_for_text(
        "[data-field=\"follow_up.body\"] .field-error",
        "“{firstname}” is not something Mend can fill in. Use {first_name}, {shop}, {gesture} or {promise}.",
    );
    app.screenshot("reach-message-templates");

    // Fixed, it is saved and read back (the emoji set directly: WebDriver can't type it).
    app.set_value("#template-follow_up-body", "Hi {first_name}, all good now? 🙂");
    app.find("#save-message-templates").click();
    app.wait_for_text("#toast", "Messages saved");
    let stored: String = rusqlite::Connection::open(app.db_path())
        .unwrap()
        .query_row("SELECT value FROM settings WHERE key = 'message_templates'", [], |r| r.get(0))
        .unwrap();
    assert!(stored.contains("Hi {first_name}, all good now? 🙂"), "{stored}");
}
