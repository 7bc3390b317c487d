//! The incident page as the working page: what happened, the next step, the suggestion and the
//! promises on the first screen of a 1200×820 window, the finished steps folded, "Apologized"
//! beside the missing-apology hint (and no hint once resolved), and why a reopened incident was
//! reopened, in its header.

use super::common::{keys, App};
use serde_json::json;

/// Monday 1 June 2026, 09:00 UTC: the app's clock in these tests.
const NOW: &str = "2026-06-01T09:00:00Z";

fn launch() -> App {
    let app = App::launch_full(super::common::fresh_data_dir(), &[], &[("TZ", "UTC"), ("MEND_NOW", NOW)]);
    app.wait_for("#nav");
    app
}

/// Logs an incident for a new customer by keyboard (severity 2, a short story) and waits for its page.
fn log_incident(app: &App, name: &str, story: &str) {
    app.go("log");
    let search = app.wait_for("#customer-search");
    search.click();
    app.send_keys_to_active(name);
    app.wait_for(".suggestion");
    app.send_keys_to_active(keys::ENTER);
    app.wait_for("#new-customer-phone").send_keys("07700 900123");
    app.find("label[for=\"severity-2\"]").click();
    app.find("#description").send_keys(story);
    app.find("#transaction-value").send_keys("80");
    app.send_keys_to_active(&format!("{}{}{}", keys::CONTROL, keys::ENTER, keys::NULL));
    app.wait_for_text("#incident-status", "Open");
    app.wait_for("li.step.next");
}

/// Where the page's key parts end, in CSS pixels from the top of the window, with the page
/// scrolled to the top; and the window's height.
fn key_parts(app: &App) -> serde_json::Value {
    app.execute(
        "const main = document.querySelector('.main'); main.scrollTo(0, 0);
         const bottom = (css) => { const e = document.querySelector(css); return e ? Math.round(e.getBoundingClientRect().bottom) : null; };
         return {
           height: window.innerHeight, width: window.innerWidth,
           story: bottom('#description-text'), next: bottom('li.step.next .step-line'),
           tier: bottom('#advice-tier'), money: bottom('#advice-money'),
           promises: bottom('#promises-title'), promises_first: bottom('#promise-list > li, #promises-empty'),
           promise_form: bottom('#promise-text'),
           scroll_width: document.documentElement.scrollWidth,
         };",
        &[],
    )
}

#[track_caller]
fn assert_on_first_screen(parts: &serde_json::Value, what: &[&str]) {
    let height = parts["height"].as_i64().unwrap();
    for key in what {
        let bottom = parts[*key].as_i64().unwrap_or_else(|| panic!("{key} is not on the page: {parts}"));
        assert!(bottom <= height, "{key} ends at {bottom} px, below the {height} px window: {parts}");
    }
    assert!(parts["scroll_width"].as_i64() <= parts["width"].as_i64(), "the page scrolls sideways: {parts}");
}

#[test]
fn the_working_parts_fit_the_first_screen() {
    let app = launch();
    let size = app.execute("return [window.innerWidth, window.innerHeight];", &[]);
    assert_eq!(size, json!([1200, 820]), "the window opens at its configured size");
    log_incident(&app, "Maren Lindqvist", "Booked for a cut and colour at 10, kept waiting 40 minutes, then rushed.");
    let parts = key_parts(&app);
    app.screenshot("first-week-incident-page");
    assert_on_first_screen(&parts, &["story", "next", "tier", "money", "promises", "promises_first"]);

    // Three steps ticked (Space on the next step each time): they fold into one line, and the
    // parts still fit.
    for done in 1..=3 {
        app.wait_until("the next step's tick has the focus", |s| {
            s.execute("return document.activeElement?.classList.contains('tick') && !!document.activeElement.closest('li.step.next');", &[])
                == json!(true)
        });
        app.send_keys_to_active(keys::SPACE);
        app.wait_until("the step is ticked", |s| s.find_all("li.step.done").len() == done);
    }
    app.wait_for_text(".steps-done-fold", "3 steps done");
    assert_eq!(app.find_all("li.step.done.folded").len(), 3, "the finished steps are folded");
    let parts = key_parts(&app);
    app.screenshot("first-week-incident-page-3-steps-done");
    assert_on_first_screen(&parts, &["story", "next", "tier", "promises"]);

    // Show unfolds them; the timeline is folded at the bottom until opened.
    app.find("#show-done-steps").click();
    app.wait_until("done steps shown", |s| s.find_all("li.step.done.folded").is_empty());
    assert_eq!(app.find("#timeline-panel").prop("open"), json!(false), "the timeline starts folded");
    app.find("#timeline-title").click();
    app.wait_for_text("#timeline", "Logged");
}

#[test]
fn apologized_beside_the_hint_and_no_hint_once_resolved() {
    let app = launch();
    log_incident(&app, "Ines Duarte", "Wrong shade of blonde, she wanted ash not golden.");
    app.wait_for_text("#apology-hint", "No apology recorded yet");
    let apology_step = app.execute(
        "return [...document.querySelectorAll('li.step')].find(li => /apolog|sorry/i.test(li.querySelector('.check-title').textContent))?.dataset.position;",
        &[],
    );
    assert!(apology_step.is_string(), "the playbook has an apology step");
    app.find("#record-apology").click();
    app.wait_until("the apology step is ticked", |s| s.exists(&format!("li.step.done[data-position={apology_step}]")));
    app.wait_gone("#apology-hint");
    app.find("#advice-why summary").click();
    assert!(!app.find("#advice-reasons").text().contains("No apology"));

    // A second incident, resolved without an apology: the page no longer nags about it.
    log_incident(&app, "Tomas Berg", "Beard trim uneven on one side.");
    app.wait_for("#apology-hint");
    app.find("#resolve-incident").click();
    app.wait_for("#confirm-resolve").click();
    app.wait_for_text("#incident-status", "Resolved");
    assert!(!app.exists("#apology-hint"), "no apology hint on a resolved incident");
    app.show_advice_reasons();
    assert!(!app.find("#advice-reasons").text().contains("No apology"), "nor among the reasons");
}

#[test]
fn a_reopened_incident_says_why_in_its_header() {
    let app = launch();
    log_incident(&app, "Priya Raman", "Colour patchy at the back after the appointment.");
    app.find("#resolve-incident").click();
    app.wait_for("#resolve-note").send_keys("Redid the colour");
    app.find("#confirm-resolve").click();
    app.wait_for_text("#incident-status", "Resolved");
    app.wait_for("#accept-proposed-follow-up").click();
    app.wait_for("#calls-list li.call.pending");
    assert!(!app.exists("#reopened-note"));

    // The follow-up call: not satisfied, with what is still wrong.
    let note = app.find("#calls-list li.call.pending input.call-note");
    note.click();
    note.send_keys("colour still patchy");
    app.find("#calls-list li.call.pending button.outcome-not_satisfied").click();
    app.wait_for_text("#incident-status", "Open");
    let header = app.wait_for("#reopened-note").text();
    assert!(header.starts_with("Reopened on Mon") && header.contains("1 Jun"), "{header}");
    assert!(header.contains("not satisfied on the follow-up call"), "{header}");
    assert!(header.contains("colour still patchy"), "{header}");
    app.execute("document.activeElement?.blur(); document.querySelector('.main').scrollTo(0, 0);", &[]);
    app.screenshot("first-week-reopened-header");

    // Resolved again: the note goes.
    app.find("#resolve-incident").click();
    app.wait_for("#confirm-resolve").click();
    app.wait_for_text("#incident-status", "Resolved");
    assert!(!app.exists("#reopened-note"));
}
