//! End to end, in the real window, with the app's clock moved forward
//! between runs: resolve an incident and accept the proposed follow-up, see
//! it due today and then overdue on Today, tick "no answer" then "satisfied"
//! with the keyboard, keep one promise and break another, and export the
//! calendar.

mod common;

use common::{fresh_data_dir, keys, App};
use serde_json::json;

fn db(app: &App) -> rusqlite::Connection {
    rusqlite::Connection::open(app.db_path()).expect("open the app's database")
}

#[test]
fn morning_call_list_worked_through() {
    let ics = tempfile::Builder::new().suffix(".ics").tempfile().unwrap().into_temp_path();
    let ics_path = ics.to_str().unwrap().to_string();
    // Monday 23 November 2026, 09:00, on UTC wall clocks.
    let mut app = App::launch_full(
        fresh_data_dir(),
        &[],
        &[("TZ", "UTC"), ("MEND_NOW", "2026-11-23T09:00:00Z"), ("MEND_SAVE_FILE", ics_path.as_str())],
    );
    app.wait_for("#nav");

    // Log an incident for Marta.
    app.go("log");
    let search = app.wait_for("#customer-search");
    search.click();
    app.send_keys_to_active("Marta Silva");
    app.wait_for(".suggestion");
    app.send_keys_to_active(keys::ENTER);
    app.wait_for("#new-customer-phone").send_keys("555 0142");
    app.find("label[for=\"severity-3\"]").click();
    app.find("#description").send_keys("Gears slip after the tune-up");
    app.find("#save-incident").click();
    app.wait_for_text("#incident-status", "Open");

    // Two promises: one due tomorrow evening (the default), one on Thursday.
    let text = app.wait_for("#promise-text");
    text.click();
    text.send_keys("Refund for the tune-up reaches your card");
    app.find("#add-promise").click();
    app.wait_until("one promise", |s| s.find_all("li.promise.open").len() == 1);
    // Type only once the rebuilt panel's box has the focus: keys sent elsewhere would be
    // shortcuts on the page (C jumps to the next step, Space ticks it).
    let text = app.wait_for("#promise-text");
    text.click();
    app.wait_until("the promise box has the focus", |s| {
        s.execute("return document.activeElement?.id || '';", &[]) == json!("promise-text")
    });
    text.send_keys("We call when the new chain arrives");
    app.set_value("#promise-due", "2026-11-26T12:00");
    app.find("#add-promise").click();
    app.wait_until("two promises", |s| s.find_all("li.promise.open").len() == 2);

    // Resolve: Mend proposes a call the next open day at 10:00.
    app.find("#resolve-incident").click();
    app.wait_for("#confirm-resolve").click();
    app.wait_for_text("#incident-status", "Resolved");
    app.wait_for_text("#proposed-follow-up", "24");
    app.find("#accept-proposed-follow-up").click();
    app.wait_for("#calls-list li.call.pending");
    assert!(!app.is_shown("#proposed-follow-up"));
    let due: String = db(&app).query_row("SELECT due_at FROM follow_ups", [], |r| r.get(0)).unwrap();
    assert_eq!(due, "2026-11-24T10:00:00Z");

    // Tuesday morning: the call and the first promise are due today.
    app.set_env("MEND_NOW", "2026-11-24T08:00:00Z");
    app.restart();
    app.wait_for("#call-list");
    app.wait_for_text("#calls-today", "Marta Silva");
    assert!(!app.is_shown("#calls-overdue"));
    assert_eq!(app.find_all("#calls-today li.call-item").len(), 2);
    app.wait_for_text("#calls-today", "Have we fixed everything for you?");

    // Wednesday morning: both are overdue, Thursday's promise is coming up.
    app.set_env("MEND_NOW", "2026-11-25T08:00:00Z");
    app.restart();
    app.wait_for_text("#calls-overdue", "Marta Silva");
    assert_eq!(app.find_all("#calls-overdue li.call-item").len(), 2);
    app.wait_for_text("#calls-upcoming", "new chain");
    app.wait_for_text("#call-list", "555 0142");
    app.screenshot("calls-01-today-call-list");

    // Keyboard: the first call row has the focus; 4 = no answer, retried tomorrow.
    app.wait_until("a call row has the focus", |s| {
        s.execute("return document.activeElement.closest('li.call-item')?.dataset.kind || '';", &[])
            == json!("follow_up")
    });
    app.send_keys_to_active("4");
    app.wait_for_text("#calls-upcoming", "2nd try");
    let (attempts, due): (i64, String) =
        db(&app).query_row("SELECT attempts, due_at FROM follow_ups", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((attempts, due.as_str()), (1, "2026-11-26T10:00:00Z"));

    // The retried call: focus its row, 1 = satisfied.
    app.find("li.call-item[data-kind=\"follow_up\"] .call-summary").click();
    app.send_keys_to_active("1");
    app.wait_until("the call is gone", |s| s.find_all("li.call-item[data-kind=\"follow_up\"]").is_empty());
    let (outcome, attempts): (String, i64) =
        db(&app).query_row("SELECT outcome, attempts FROM follow_ups", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((outcome.as_str(), attempts), ("satisfied", 2));

    // Export the calendar while a promise is still open.
    app.find("#export-calendar").click();
    app.wait_for_text("#toast", "Saved to");
    let text = std::fs::read_to_string(&ics_path).unwrap();
    let calendars: Vec<_> = ical::IcalParser::new(text.as_bytes()).collect::<Result<_, _>>().expect("valid iCalendar");
    assert_eq!(calendars[0].events.len(), 2, "two open promises");

    // Keep the overdue promise; break the other with a reason.
    app.find("#calls-overdue li.call-item[data-kind=\"promise\"] button.promise-kept").click();
    app.wait_until("kept promise gone", |s| s.find_all("#calls-overdue li.call-item").is_empty());
    app.find("#calls-upcoming li.call-item[data-kind=\"promise\"] button.promise-broken").click();
    app.find("#calls-upcoming button.confirm-broken").click();
    app.wait_for(".broken-form .field-error");
    app.find("input.broken-reason").send_keys("The supplier delayed the chain");
    app.find("#calls-upcoming button.confirm-broken").click();
    app.wait_for("#calls-empty");
    let statuses: Vec<String> = db(&app)
        .prepare("SELECT status FROM promises ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(statuses, ["kept", "broken"]);

    // The incident's timeline tells the whole story.
    app.execute("location.hash = '#/incidents/1';", &[]);
    app.show_timeline();
    app.wait_for_text("#timeline", "Follow-up call: satisfied (attempt 2)");
    app.wait_for_text(
        "#timeline",
        "Promise broken: We call when the new chain arrives (The supplier delayed the chain)",
    );
    app.screenshot("calls-02-incident-after-calls");
}
