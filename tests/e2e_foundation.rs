//! End to end, in the real Mend window: log an incident with the keyboard
//! alone, find it, edit and resolve it, restart and find it again; and bad
//! input that shows its message beside the field with nothing saved.

mod common;

use common::{keys, App};
use serde_json::json;

/// Presses Tab until the element with `id` has the focus (a date-time input
/// takes several Tabs in WebKitGTK, one per part).
fn tab_to(app: &App, id: &str) {
    for _ in 0..12 {
        if app.active_element().attr("id").as_deref() == Some(id) {
            return;
        }
        app.send_keys_to_active(keys::TAB);
    }
    app.fail(&format!("Tab never reached #{id}"));
}

/// Replaces a box's text the way a person does: select all, type over it.
fn clear_and_type(app: &App, css: &str, text: &str) {
    app.find(css).click();
    app.send_keys_to_active(&format!("{}a{}{}{}", keys::CONTROL, keys::NULL, keys::BACKSPACE, text));
}

fn count(app: &App, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(app.db_path()).expect("open the app's database");
    conn.query_row(sql, [], |r| r.get(0)).expect("count rows")
}

#[test]
fn log_by_keyboard_find_edit_resolve_and_restart() {
    let mut app = App::launch();
    assert_eq!(app.title(), "Mend");
    app.wait_for("#today-empty");
    app.screenshot("foundation-01-today-empty");

    // Staff first, so "taken by" has a name.
    app.go("settings");
    let name = app.wait_for("#new-staff-name");
    name.click();
    name.send_keys(&format!("Ana Ruiz{}", keys::ENTER));
    app.wait_for_text("#staff-list", "Ana Ruiz");
    app.screenshot("foundation-02-settings");

    // Log incident: keyboard only from here.
    app.go("today");
    app.wait_for("#today-empty");
    app.send_keys_to_active("n");
    app.wait_for("#log-form");
    app.wait_until("the customer box has the focus", |s| {
        s.active_element().attr("id").as_deref() == Some("customer-search")
    });
    app.send_keys_to_active("Zoë Brandt");
    app.wait_for(".suggestion");
    app.send_keys_to_active(keys::ENTER);
    app.wait_until("the phone box has the focus", |s| {
        s.active_element().attr("id").as_deref() == Some("new-customer-phone")
    });
    app.send_keys_to_active("555 0199");
    tab_to(&app, "channel");
    app.send_keys_to_active(keys::ARROW_DOWN); // Phone
    tab_to(&app, "category");
    app.send_keys_to_active(&keys::ARROW_DOWN.repeat(2)); // Quality of work
    app.send_keys_to_active(keys::TAB);
    app.send_keys_to_active("4");
    tab_to(&app, "description");
    app.send_keys_to_active("The colour came out orange instead of copper");
    tab_to(&app, "desired-outcome");
    app.send_keys_to_active("A free colour correction this week");
    tab_to(&app, "transaction-value");
    app.send_keys_to_active("85.50");
    tab_to(&app, "taken-by");
    app.send_keys_to_active(keys::ARROW_DOWN);
    assert_eq!(app.find("#new-customer-name").value(), "Zoë Brandt");
    assert_eq!(app.find("#channel").value(), "phone");
    assert_eq!(app.find("#severity-4").prop("checked"), json!(true));
    app.screenshot("foundation-03-log-form");
    app.send_keys_to_active(&format!("{}{}{}", keys::CONTROL, keys::ENTER, keys::NULL));

    app.wait_for_text("#incident-status", "Open");
    app.wait_for_text("#customer-link", "Zoë Brandt");
    app.wait_for_text("#description-text", "orange instead of copper");
    app.show_timeline();
    app.wait_for_text("#timeline", "Logged");
    app.screenshot("foundation-04-incident");
    assert_eq!(count(&app, "SELECT count(*) FROM incidents WHERE transaction_cents = 8550 AND severity = 4"), 1);

    // Today lists it as open, waiting on its first step.
    app.go("today");
    app.wait_for_text("#open-incidents", "Zoë Brandt");
    app.screenshot("foundation-04b-today");

    // Find it by search.
    app.go("incidents");
    let search = app.wait_for("#incident-search");
    search.click();
    search.send_keys("copper");
    app.wait_until("one row matches", |s| s.find_all(".incident-row").len() == 1);
    app.wait_for_text("#incident-list", "Zoë Brandt");
    app.screenshot("foundation-05-incidents-search");
    clear_and_type(&app, "#incident-search", "bicycle");
    app.wait_until("no row matches", |s| s.find_all(".incident-row").is_empty());
    clear_and_type(&app, "#incident-search", "zoe");
    app.wait_until("accents ignored", |s| s.find_all(".incident-row").len() == 1);
    app.find(".incident-row").click();

    // Edit: severity 4 -> 5.
    app.wait_for("#edit-incident").click();
    app.wait_for("#edit-form");
    app.find("label[for=\"severity-5\"]").click();
    app.find("#save-edit").click();
    app.show_timeline();
    app.wait_for_text("#timeline", "Severity changed from 4 (Serious) to 5 (Critical)");

    // Resolve with a note.
    app.find("#resolve-incident").click();
    app.wait_for("#resolve-note").send_keys("Corrected on Tuesday, no charge");
    app.find("#confirm-resolve").click();
    app.wait_for_text("#incident-status", "Resolved");
    app.show_timeline();
    app.wait_for_text("#timeline", "Resolved: Corrected on Tuesday, no charge");
    app.screenshot("foundation-06-resolved");

    // Close and open again: everything is there.
    app.restart();
    app.wait_for("#nav");
    app.go("incidents");
    app.wait_for_text("#incident-list", "Zoë Brandt");
    app.find(".incident-row").click();
    app.wait_for_text("#incident-status", "Resolved");
    app.show_timeline();
    app.wait_for_text("#timeline", "Severity changed from 4 (Serious) to 5 (Critical)");
    app.go("customers");
    app.wait_for_text("#customer-list", "Zoë Brandt");
    app.find(".customer-row").click();
    app.wait_for_text("#customer-incidents", "orange");
    app.screenshot("foundation-07-customer-card");
}

#[test]
fn invalid_input_is_shown_beside_the_field_and_nothing_is_saved() {
    let app = App::launch();
    app.wait_for("#nav");
    app.go("log");
    let search = app.wait_for("#customer-search");
    search.click();
    app.send_keys_to_active("Bo Lind");
    app.wait_for(".suggestion");
    app.send_keys_to_active(keys::ENTER);
    app.wait_for("#new-customer-phone");
    app.find("label[for=\"severity-2\"]").click();
    // 100 kB of text, a negative amount, and a time in the future.
    app.execute(
        "const d = document.getElementById('description');
         d.value = 'x'.repeat(102400); d.dispatchEvent(new Event('input', {bubbles: true}));
         const r = document.getElementById('received-at');
         r.value = '2099-01-01T10:00'; r.dispatchEvent(new Event('input', {bubbles: true}));",
        &[],
    );
    let value = app.find("#transaction-value");
    value.click();
    value.send_keys("-20");
    app.find("#save-incident").click();

    app.wait_for_text("[data-field=\"transaction_value\"] .field-error", "The amount can't be negative.");
    app.wait_for_text("[data-field=\"description\"] .field-error", "too long");
    app.wait_for_text("[data-field=\"received_at\"] .field-error", "future");
    app.screenshot("foundation-08-invalid-input");
    // What was typed is still there.
    assert_eq!(app.find("#transaction-value").value(), "-20");
    assert_eq!(app.find("#new-customer-name").value(), "Bo Lind");
    assert_eq!(count(&app, "SELECT count(*) FROM incidents"), 0);
    assert_eq!(count(&app, "SELECT count(*) FROM customers"), 0);

    // An empty customer name on the inline form is caught too.
    app.find("#new-customer-name").click();
    app.send_keys_to_active(&format!("{}a{}{}", keys::CONTROL, keys::NULL, keys::BACKSPACE));
    assert_eq!(app.find("#new-customer-name").value(), "");
    app.find("#save-incident").click();
    app.wait_for("[data-field=\"new_customer.name\"] .field-error");
    assert_eq!(count(&app, "SELECT count(*) FROM customers"), 0);
}
