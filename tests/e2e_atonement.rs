//! End to end, in the real window: import customers from a salon's CSV
//! export, log a severe incident for the top customer and a minor one for a
//! new customer, see different suggestions with their reasons, record a
//! gesture and find it in the customer's goodwill ledger.

mod common;

use common::{fresh_data_dir, keys, App};

fn log_for(app: &App, search: &str, severity: u8, failure: &str, paid: &str, what: &str) {
    app.go("log");
    let box_ = app.wait_for("#customer-search");
    box_.click();
    app.send_keys_to_active(search);
    app.wait_for(".suggestion");
    app.send_keys_to_active(keys::ENTER);
    app.wait_for_text("#customer-chosen", "");
    app.find(&format!("label[for=\"severity-{severity}\"]")).click();
    app.set_value("#failure-kind", failure);
    app.find("#description").send_keys(what);
    app.find("#transaction-value").send_keys(paid);
    app.find("#save-incident").click();
    app.wait_for("#incident-status");
    app.wait_for("#advisor");
}

#[test]
fn import_then_advice_scales_with_severity_and_value_and_gestures_reach_the_ledger() {
    let csv = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/customers/salon_export.csv");
    let app = App::launch_full(fresh_data_dir(), &[], &[("MEND_PICK_FILE", csv.to_str().unwrap())]);
    app.wait_for("#nav");

    // Import: the native dialog is answered by MEND_PICK_FILE.
    app.go("customers");
    app.wait_for("#import-customers").click();
    app.wait_for("#choose-import-file").click();
    app.wait_for("table#import-preview");
    app.wait_for_text("#import-row-count", "4");
    app.screenshot("atonement-01-import-preview");
    app.find("#run-import").click();
    app.wait_for_text("#import-summary", "4 added");
    app.go("customers");
    app.wait_until("four customers", |s| s.find_all(".customer-row").len() == 4);
    app.wait_for_text("#customer-list", "Ruiz, Ana María");

    // A severe outcome failure for the shop's best customer.
    log_for(&app, "Ana Mar", 5, "outcome", "120", "Colour burned the scalp");
    app.wait_for_text("#advice-tier", "A big gesture");
    app.wait_for("#advice-fix-first");
    app.show_advice_reasons();
    app.wait_for_text("#advice-reasons", "One of your best customers by spend");
    app.wait_for_text("#advice-reasons", "Severity 5 of 5");
    app.wait_for_text("#advice-money", "144");
    app.wait_for_text("#advice-cap", "180");
    let big_gestures = app.find_all("#advice-gestures li.suggested-gesture").len();
    assert!((1..=3).contains(&big_gestures), "{big_gestures} gestures suggested");
    app.scroll_to("#advisor");
    app.screenshot("atonement-02-advisor-severe-top");
    let severe_incident = app.execute("return location.hash;", &[]);

    // A minor process slip for a first-time customer.
    log_for(&app, "José", 1, "process", "40", "Waited ten minutes past the booking");
    app.wait_for_text("#advice-tier", "A sincere apology");
    app.show_advice_reasons();
    app.wait_for_text("#advice-reasons", "New customer");
    app.wait_for_text("#advice-reasons", "how it was handled, not the work");
    assert!(!app.exists("#advice-fix-first"));
    app.scroll_to("#advisor");
    app.screenshot("atonement-03-advisor-minor-new");

    // Record the first suggested gesture on the severe incident.
    app.execute("location.hash = arguments[0];", &[severe_incident]);
    app.wait_for_text("#advice-tier", "A big gesture");
    app.find("#advice-gestures li.suggested-gesture button.give-suggested").click();
    let description = app.wait_for("#gesture-description").value();
    assert!(!description.is_empty(), "the form is filled from the suggestion");
    let cost = app.find("#gesture-cost");
    cost.click();
    app.send_keys_to_active(&format!("{}a{}{}95", keys::CONTROL, keys::NULL, keys::BACKSPACE));
    app.find("#gesture-note").send_keys("Booked for Saturday");
    app.find("#save-gesture").click();
    app.wait_for_text("#given-gestures", &description);
    app.show_timeline();
    app.wait_for_text("#timeline", "Gesture given");
    app.find("#given-gestures input.redeemed-toggle").click();
    app.wait_for("#given-gestures li.given-gesture.redeemed");

    // Bad input: a negative cost is refused beside the field.
    app.find("#gesture-description").send_keys("Voucher");
    app.set_value("#gesture-cost", "-5");
    app.find("#save-gesture").click();
    app.wait_for_text("[data-field=\"cost\"] .field-error", "negative");
    assert_eq!(app.find_all("#given-gestures li.given-gesture").len(), 1);

    // The customer's card: top tier and the ledger.
    app.find("#customer-link").click();
    app.wait_for_text("#customer-tier", "Top");
    app.wait_for_text("#customer-problems", "1 problem logged");
    app.wait_for_text("#customer-ledger", &description);
    app.wait_for_text("#customer-ledger-total", "95");
    app.scroll_to("#customer-ledger");
    app.screenshot("atonement-04-customer-ledger");
}

#[test]
fn a_file_that_is_not_a_csv_imports_nothing() {
    let png = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/customers/not_a_csv.png");
    let app = App::launch_full(fresh_data_dir(), &[], &[("MEND_PICK_FILE", png.to_str().unwrap())]);
    app.wait_for("#nav");
    app.go("customers");
    app.wait_for("#import-customers").click();
    app.wait_for("#choose-import-file").click();
    app.wait_for_text("[data-field=\"file\"] .field-error", "CSV");
    assert!(!app.exists("#run-import") || !app.find("#run-import").is_displayed());
    let conn = rusqlite::Connection::open(app.db_path()).unwrap();
    let n: i64 = conn.query_row("SELECT count(*) FROM customers", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
}
