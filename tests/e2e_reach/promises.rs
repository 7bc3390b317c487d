//! A promise moved honestly, end to end in the real window, with the app's clock moved forward
//! between runs: a promise made on an incident is moved to a new date with a reason from the
//! incident page (M on its row, Esc to cancel, what was typed kept while the panel is rebuilt),
//! shows "Moved once" and the timeline line, then turns up on Today on its new day, where it
//! is moved once more from the call list; Insights counts both moves.

use super::common::{fresh_data_dir, keys, App};
use serde_json::json;

fn db(app: &App) -> rusqlite::Connection {
    rusqlite::Connection::open(app.db_path()).expect("open the app's database")
}

/// The `id` or a description of the focused element.
fn focused(app: &App) -> String {
    app.execute(
        "const a = document.activeElement;
         return a?.id || a?.dataset?.focus || a?.closest?.('li')?.dataset?.key || a?.tagName || '';",
        &[],
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[test]
fn a_promise_moved_with_a_reason_counts_the_move_and_is_due_on_its_new_day() {
    // Monday 23 November 2026, 09:00, on UTC wall clocks.
    let mut app = App::launch_full(fresh_data_dir(), &[], &[("TZ", "UTC"), ("MEND_NOW", "2026-11-23T09:00:00Z")]);
    app.wait_for("#nav");

    // An incident for Noor with a promise due on Thursday at noon.
    app.go("log");
    let search = app.wait_for("#customer-search");
    search.click();
    app.send_keys_to_active("Noor Haddad");
    app.wait_for(".suggestion");
    app.send_keys_to_active(keys::ENTER);
    app.wait_for("#new-customer-phone").send_keys("555 0188");
    app.find("label[for=\"severity-3\"]").click();
    app.find("#description").send_keys("The rear wheel was bent after the service");
    app.find("#save-incident").click();
    app.wait_for_text("#incident-status", "Open");
    let text = app.wait_for("#promise-text");
    text.click();
    text.send_keys("The new wheel is fitted");
    app.set_value("#promise-due", "2026-11-26T12:00");
    app.find("#add-promise").click();
    app.wait_until("one promise", |s| s.find_all("li.promise.open").len() == 1);
    assert!(app.is_shown("li.promise.open button.promise-move"), "Move… sits beside Kept and Broken…");

    // M on the row opens the form with the date in it; Esc closes it and gives the focus back.
    app.find("li.promise.open .promise-text").click();
    app.wait_until("the promise row has the focus", |s| {
        s.execute("return document.activeElement?.matches('li.promise') || false;", &[]) == json!(true)
    });
    app.send_keys_to_active("m");
    app.wait_for("li.promise form.move-form");
    app.wait_until("the new date has the focus", |s| {
        s.execute("return document.activeElement?.classList.contains('move-due') || false;", &[]) == json!(true)
    });
    assert_eq!(app.find("input.move-due").value(), "2026-11-26T12:00", "it starts at the promise's own time");
    app.send_keys_to_active(keys::ESCAPE);
    app.wait_gone("li.promise form.move-form");
    assert_eq!(focused(&app), "move", "the focus is back on Move…");

    // Move…: a reason is needed.
    app.find("li.promise.open button.promise-move").click();
    app.wait_for("li.promise form.move-form");
    app.set_value("input.move-due", "2026-11-30T17:00");
    app.find("button.confirm-move").click();
    app.wait_for_text("form.move-form .field-error", "Please say why the promise is moved.");
    app.find("input.move-reason").send_keys("the part is delayed");

    // What was typed survives the panel being rebuilt (another promise added meanwhile).
    let text = app.find("#promise-text");
    text.click();
    text.send_keys("A call the day before");
    app.set_value("#promise-due", "2026-11-29T10:00");
    app.find("#add-promise").click();
    app.wait_until("two promises", |s| s.find_all("li.promise.open").len() == 2);
    app.wait_for("li.promise form.move-form");
    assert_eq!(app.find("input.move-reason").value(), "the part is delayed");
    assert_eq!(app.find("input.move-due").value(), "2026-11-30T17:00");
    app.wait_until("the toast from saving is gone", |s| {
        s.execute("return document.querySelector('#toast.show') === null;", &[]) == json!(true)
    });
    app.scroll_to("#promises");
    app.screenshot("reach-promise-move");

    app.find("button.confirm-move").click();
    app.wait_gone("li.promise form.move-form");
    app.wait_for_text("#promises-status", "Promise moved to");
    app.wait_for_text("#promises-status", "The new wheel is fitted. Tell the customer the new date.");
    let moved = "li.promise.open:has(.promise-moves)";
    app.wait_for_text(moved, "Moved once");
    app.wait_for_text(moved, "Moved because: the part is delayed");
    assert!(app.find(moved).text().contains("The new wheel is fitted"));
    assert_eq!(focused(&app), app.find(moved).attr("data-key").unwrap(), "the moved promise keeps the focus");
    app.scroll_to("#promises");
    app.screenshot("reach-promise-moved");
    app.show_timeline();
    app.wait_for_text(
        "#timeline",
        "Promise moved: The new wheel is fitted, from Thu 26 Nov 12:00 to Mon 30 Nov 17:00 (the part is delayed)",
    );
    let (due, moves): (String, i64) = db(&app)
        .query_row(
            "SELECT p.due_at, (SELECT count(*) FROM promise_moves m WHERE m.promise_id = p.id) FROM promises p
             WHERE p.text = 'The new wheel is fitted'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((due.as_str(), moves), ("2026-11-30T17:00:00Z", 1));

    // Thursday: nothing is due today any more; the wheel comes up on Monday.
    app.set_env("MEND_NOW", "2026-11-26T08:00:00Z");
    app.restart();
    app.wait_for("#call-list");
    app.wait_for_text("#calls-upcoming", "The new wheel is fitted");
    assert!(!app.is_shown("#calls-today"), "no promise is due on its old day");

    // Monday 30 November: due today on Today's call list, after the call the day before (overdue).
    app.set_env("MEND_NOW", "2026-11-30T08:00:00Z");
    app.restart();
    app.wait_for_text("#calls-today", "The new wheel is fitted");
    app.wait_for_text("#calls-today", "Noor Haddad");
    app.wait_for_text("#calls-overdue", "A call the day before");

    // Moved again from Today, with the keyboard: M on the row, the reason, Enter.
    let row = "#calls-today li.call-item[data-kind=\"promise\"]";
    app.find(&format!("{row} .call-summary")).click();
    app.wait_until("the wheel's row has the focus", |s| {
        s.execute("return document.activeElement?.closest('#calls-today li.call-item') ? true : false;", &[])
            == json!(true)
    });
    app.send_keys_to_active("m");
    app.wait_for(&format!("{row} form.move-form"));
    app.set_value(&format!("{row} input.move-due"), "2026-12-01T17:00");
    app.find(&format!("{row} input.move-reason")).send_keys("The courier missed the shop");
    app.screenshot("reach-promise-move-today");
    app.send_keys_to_active(keys::ENTER);
    app.wait_for_text("#call-status", "Noor Haddad: promise moved to");
    app.wait_for_text("#calls-upcoming", "The new wheel is fitted");
    assert!(!app.is_shown("#calls-today"), "nothing else is due today");

    // The incident page counts both moves.
    app.visit("#/incidents/1");
    app.wait_for_text(moved, "Moved twice");
    app.wait_for_text(moved, "Last moved because: The courier missed the shop");
    let moves: i64 = db(&app).query_row("SELECT count(*) FROM promise_moves", [], |r| r.get(0)).unwrap();
    assert_eq!(moves, 2);

    // Insights counts the moves made this month beside kept and broken, in the chart's table too.
    app.visit("#/insights");
    app.wait_for_text("#insights-promises-moved", "Promises moved to a new date: 2 times in this period.");
    let table = app.execute("return document.querySelector('#chart-promises-table').textContent;", &[]);
    assert!(table.as_str().unwrap().contains("Moved to a new date2"), "the table row: {table}");
}
