//! End to end, in the real window: the seven-step playbook worked by
//! keyboard on a new incident, with the next step and the late flag moving,
//! the root cause written in place and the incident resolved; then the
//! shop's own copy of a playbook edited without touching an incident that
//! already uses it.

mod common;

use common::{keys, App};
use serde_json::json;

fn step(n: usize) -> String {
    format!("li.step[data-position=\"{n}\"]")
}

fn has_class(app: &App, css: &str, class: &str) -> bool {
    app.execute(
        "return document.querySelector(arguments[0]).classList.contains(arguments[1]);",
        &[json!(css), json!(class)],
    ) == json!(true)
}

/// A local "YYYY-MM-DDTHH:MM" some minutes before now, as the page sees it.
fn minutes_ago(app: &App, minutes: i64) -> String {
    app.execute(
        "const d = new Date(Date.now() - arguments[0] * 60000);
         const p = (n) => String(n).padStart(2, '0');
         return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;",
        &[json!(minutes)],
    )
    .as_str()
    .unwrap()
    .to_string()
}

fn log_incident(app: &App, customer: &str, playbook_value: &str, received: Option<&str>) {
    app.go("log");
    let search = app.wait_for("#customer-search");
    search.click();
    app.send_keys_to_active(customer);
    app.wait_for(".suggestion");
    app.send_keys_to_active(keys::ENTER);
    app.wait_for("#new-customer-phone");
    if let Some(at) = received {
        app.set_value("#received-at", at);
    }
    app.find("label[for=\"severity-3\"]").click();
    app.find("#description").send_keys("Highlights came out patchy");
    app.set_value("#playbook", playbook_value);
    app.find("#save-incident").click();
    app.wait_for("#incident-status");
}

#[test]
fn seven_steps_by_keyboard_then_root_cause_and_resolve() {
    let app = App::launch();
    app.wait_for("#nav");

    // Pick "Seven steps" with the keyboard while logging: Tab from "Taken by", two down.
    app.go("log");
    let search = app.wait_for("#customer-search");
    search.click();
    app.send_keys_to_active("Mara Olsen");
    app.wait_for(".suggestion");
    app.send_keys_to_active(keys::ENTER);
    app.wait_for("#new-customer-phone");
    // Received three hours ago: "Say sorry" (5 min) and "Act immediately" (2 h) are late.
    let three_hours_ago = minutes_ago(&app, 180);
    app.set_value("#received-at", &three_hours_ago);
    app.find("label[for=\"severity-3\"]").click();
    app.find("#description").send_keys("Highlights came out patchy");
    app.find("#taken-by").click();
    app.send_keys_to_active(keys::ESCAPE);
    app.send_keys_to_active(keys::TAB);
    assert_eq!(app.active_element().attr("id").as_deref(), Some("playbook"));
    app.send_keys_to_active(&keys::ARROW_DOWN.repeat(2));
    assert_eq!(app.find("#playbook").value(), "3");
    app.send_keys_to_active(&format!("{}{}{}", keys::CONTROL, keys::ENTER, keys::NULL));

    app.wait_for_text("#checklist-playbook", "Seven steps");
    app.wait_until("seven steps listed", |s| s.find_all("li.step").len() == 7);
    assert!(has_class(&app, &step(1), "next"));
    assert!(has_class(&app, &step(2), "overdue"));
    assert!(has_class(&app, &step(4), "overdue"));
    app.wait_for_text("#first-response", "No response yet");

    // The focus is on the next step's tick: Space ticks it and moves on.
    app.wait_until("focus on step 1", |s| {
        s.execute("return document.activeElement.closest('li.step')?.dataset.position || '';", &[]) == json!("1")
    });
    app.send_keys_to_active(keys::SPACE);
    app.wait_until("step 1 ticked", |s| s.exists(&format!("{}.done", step(1))));
    app.wait_until("step 2 is next", |_| has_class(&app, &step(2), "next"));
    app.screenshot("playbooks-01-incident-mid-checklist");

    // Enter ticks the late "Say sorry": the late flag is now only on step 4.
    app.send_keys_to_active(keys::ENTER);
    app.wait_until("step 2 ticked", |s| s.exists(&format!("{}.done", step(2))));
    app.wait_until("step 3 is next", |_| has_class(&app, &step(3), "next"));
    assert!(!has_class(&app, &step(2), "overdue"));
    assert!(has_class(&app, &step(4), "overdue"));
    app.wait_until("first response shown", |s| !s.find("#first-response").text().contains("No response"));
    // The finished steps fold into one line; Show lists them with who ticked each and when.
    app.wait_for_text(".steps-done-fold", "2 steps done");
    app.find("#show-done-steps").click();
    app.wait_for_text(&format!("{} .check-done-by", step(1)), ":");

    // A note typed before ticking is kept with the tick.
    let note = app.find(&format!("{} input.step-note", step(3)));
    note.click();
    note.send_keys("Listened, took notes");
    app.find(&format!("{} button.tick", step(3))).click();
    app.show_timeline();
    app.wait_for_text("#timeline", "(Listened, took notes)");

    // Root cause, captured in place on "Make sure it can't happen again" (its Details show the form).
    app.find(&format!("{} .step-toggle", step(6))).click();
    let cause = app.wait_for("#root-cause");
    cause.click();
    cause.send_keys("Toner mixed from the wrong chart");
    app.find("#prevention-action").send_keys("Label the mixing charts");
    app.find("#save-root-cause").click();
    app.wait_for_text("#root-cause-text", "Toner mixed from the wrong chart");
    app.wait_for_text("#prevention-list", "Label the mixing charts");
    app.screenshot("playbooks-02-root-cause");

    // Resolve: the checklist becomes read-only.
    app.find("#resolve-incident").click();
    app.wait_for("#confirm-resolve").click();
    app.wait_for_text("#incident-status", "Resolved");
    app.wait_for_text("#time-to-resolve", "Resolved in");
    app.wait_for_text("#checklist-keys", "Reopen");
    assert!(!app.find(&format!("{} button.tick", step(5))).is_enabled());

    // Today showed nothing late any more for this incident.
    app.go("today");
    app.wait_for("#count-open");
    assert!(app.find_all("a.incident-row.overdue").is_empty());
}

#[test]
fn editing_a_playbook_leaves_an_incident_under_way_unchanged() {
    let app = App::launch();
    app.wait_for("#nav");

    // Copy the built-in seven steps into the shop's own playbook.
    app.go("settings");
    app.wait_for("li.playbook-item[data-id=\"3\"]").find(".copy-playbook").click();
    app.wait_for_text("#playbook-list", "Seven steps (copy)");
    let copy_id = app
        .execute(
            "return [...document.querySelectorAll('li.playbook-item')].find(li => li.textContent.includes('Seven steps (copy)')).dataset.id;",
            &[],
        )
        .as_str()
        .unwrap()
        .to_string();

    // An incident starts on the copy.
    log_incident(&app, "Ivo Berg", &copy_id, None);
    app.wait_for_text("#checklist-playbook", "Seven steps (copy)");
    app.wait_for_text(&format!("{} .check-title", step(1)), "Take responsibility");

    // Edit the copy: rename step 1, remove the last step, save.
    app.go("settings");
    app.wait_for(&format!("li.playbook-item[data-id=\"{copy_id}\"]")).find(".edit-playbook").click();
    app.wait_for("#playbook-editor");
    let title = app.find("li.step-editor .step-title");
    title.click();
    app.send_keys_to_active(&format!("{}a{}{}Own the problem", keys::CONTROL, keys::NULL, keys::BACKSPACE));
    let last = app.find_all("li.step-editor").len();
    assert_eq!(last, 7);
    app.find_all("li.step-editor").last().unwrap().find(".step-remove").click();
    app.wait_until("six steps in the editor", |s| s.find_all("li.step-editor").len() == 6);
    app.screenshot("playbooks-03-editor");
    app.find("#save-playbook").click();
    app.wait_for("#playbook-list");

    // Bad input: a step with no title is refused beside the field.
    app.find(&format!("li.playbook-item[data-id=\"{copy_id}\"] .edit-playbook")).click();
    app.wait_for("#playbook-editor");
    let title = app.find("li.step-editor .step-title");
    title.click();
    app.send_keys_to_active(&format!("{}a{}{}", keys::CONTROL, keys::NULL, keys::BACKSPACE));
    app.find("#save-playbook").click();
    app.wait_for("[data-field~=\"steps.0.title\"] .field-error");
    app.find("#cancel-playbook").click();
    if app.exists("#confirm-dialog[open]") {
        app.find("#confirm-ok").click();
    }

    // The incident keeps the seven steps it started with.
    app.go("incidents");
    app.wait_for(".incident-row").click();
    app.wait_until("seven steps listed", |s| s.find_all("li.step").len() == 7);
    app.wait_for_text(&format!("{} .check-title", step(1)), "Take responsibility");

    // A new incident on the edited playbook gets the new steps.
    log_incident(&app, "Ola Nes", &copy_id, None);
    app.wait_until("six steps listed", |s| s.find_all("li.step").len() == 6);
    app.wait_for_text(&format!("{} .check-title", step(1)), "Own the problem");
}
