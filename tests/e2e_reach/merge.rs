//! Duplicate customers in the real window: two cards of one customer (a phone number written
//! with and without the country code, the name with and without its accent), each with an
//! incident, show under Customers → Possible duplicates; the merge screen puts them side by side
//! with the suggested values picked; after "Merge into one card" the kept card shows both
//! incidents and the moved one's timeline says who merged what.

use super::common::{fresh_data_dir, App};
use chrono::{DateTime, FixedOffset, Utc};
use mend_core::domain::customer::CustomerInput;
use mend_core::domain::incident::IncidentInput;
use mend_core::store::Store;
use serde_json::json;

/// Thursday 4 June 2026, 10:00 UTC: the app's clock in this test.
const NOW: &str = "2026-06-04T10:00:00Z";

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// Adds a customer card and logs one complaint on it, received at `when`.
fn card_with_incident(store: &mut Store, input: CustomerInput, what: &str, when: &str) -> (i64, i64) {
    let customer = store.create_customer(&input.validated().unwrap(), at(when)).unwrap().id;
    let incident = IncidentInput {
        customer_id: Some(customer),
        channel: "in_person".into(),
        category_id: Some(2),
        severity: Some(3),
        description: what.into(),
        ..Default::default()
    };
    let fields = incident.validated(at(when), &FixedOffset::east_opt(0).unwrap()).unwrap();
    (customer, store.create_incident(&fields, None, at(when)).unwrap())
}

/// The texts of the elements matching `css`.
fn texts(app: &App, css: &str) -> Vec<String> {
    let v = app.execute(
        "return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent.trim());",
        &[json!(css)],
    );
    serde_json::from_value(v).unwrap()
}

#[test]
fn two_cards_of_one_customer_are_found_merged_and_keep_both_incidents() {
    let data = fresh_data_dir();
    let (kept, other, kept_incident, moved_incident) = {
        let mut store = Store::open(&data.path().join("mend.db")).unwrap();
        store.add_staff("Ana", at("2026-05-01T09:00:00Z")).unwrap();
        let (kept, kept_incident) = card_with_incident(
            &mut store,
            CustomerInput {
                name: "Zoë Brandt".into(),
                phone: "07700 900123".into(),
                visits: "5".into(),
                total_spend: "240".into(),
                first_visit: "2025-02-10".into(),
                last_visit: "2026-05-02".into(),
                notes: "Prefers a call in the afternoon.".into(),
                ..Default::default()
            },
            "The colour came out patchy",
            "2026-05-02T11:00:00Z",
        );
        let (other, moved_incident) = card_with_incident(
            &mut store,
            CustomerInput {
                name: "Zoe Brandt".into(),
                phone: "+44 7700 900123".into(),
                email: "zoe.brandt@example.com".into(),
                visits: "2".into(),
                total_spend: "95.50".into(),
                first_visit: "2024-11-20".into(),
                last_visit: "2026-06-03".into(),
                ..Default::default()
            },
            "The fringe was cut crooked",
            "2026-06-03T15:30:00Z",
        );
        (kept, other, kept_incident, moved_incident)
    };
    let app = App::launch_full(data, &[], &[("TZ", "UTC"), ("MEND_NOW", NOW), ("MEND_AUTO_BACKUP", "off")]);
    app.wait_for("#nav");
    app.wait_until("the staff list", |s| s.exists("#actor option[value=\"1\"]"));
    app.set_value("#actor", "1");

    // Customers shows the pair's count; the list gives the reason.
    app.go("customers");
    app.wait_for_text("#possible-duplicates", "Possible duplicates (1)");
    app.screenshot("reach-customers-duplicates-link");
    app.find("#possible-duplicates").click();
    let pair = format!(".duplicate-pair[data-a=\"{kept}\"][data-b=\"{other}\"]");
    app.wait_for(&pair);
    assert_eq!(
        app.find(&format!("{pair} .duplicate-reason")).text(),
        "Same phone number and very similar names: Zoë Brandt / Zoe Brandt"
    );
    assert_eq!(texts(&app, ".duplicate-name"), ["Zoë Brandt", "Zoe Brandt"]);
    assert_eq!(app.find("#duplicate-count").text(), "1 pair of cards to check.");
    app.screenshot("reach-duplicates");

    // The merge screen: both cards side by side, the suggested values picked.
    app.find(&format!("{pair} .compare-merge")).click();
    app.wait_for("#merge-form");
    assert!(app.find("#merge-kept").text().contains("Zoë Brandt"), "the older card stays (as many incidents)");
    assert!(app.find("#merge-kept").text().contains("1 incident"));
    assert!(app.find("#merge-other").text().contains("Zoe Brandt"));
    let checked = |field: &str| {
        app.execute(
            "return document.querySelector(`#merge-form input[name=\"${arguments[0]}\"]:checked`)?.value ?? null;",
            &[json!(field)],
        )
    };
    assert_eq!(checked("name"), json!("kept"));
    assert_eq!(checked("email"), json!("other"), "the only e-mail");
    assert_eq!(checked("visits"), json!("both"));
    assert_eq!(checked("total_spend"), json!("both"));
    assert_eq!(checked("first_visit"), json!("other"), "the earliest");
    assert_eq!(checked("last_visit"), json!("other"), "the latest");
    assert!(app.find("#merge-visits-both").prop("checked").as_bool().unwrap());
    assert!(app.find("[data-field=\"visits\"]").text().contains("Both added up: 7"));
    assert!(app.find("[data-field=\"vip\"]").text().contains("the same on both cards"));
    let what = app.find("#merge-what").text();
    assert!(
        what.starts_with(&format!("The incident of Zoe Brandt (#{other}) moves to Zoë Brandt (#{kept})")),
        "{what}"
    );
    app.screenshot("reach-merge");

    // Merge, after a question that says what will happen.
    app.find("#merge-submit").click();
    let question = app.wait_for("#confirm-message").text();
    assert_eq!(
        question,
        format!(
            "Merge Zoe Brandt (#{other}) into Zoë Brandt (#{kept})? One card named Zoë Brandt remains, with 2 incidents; \
             the card #{other} is removed. This can’t be undone."
        )
    );
    app.screenshot("reach-merge-confirm");
    app.find("#confirm-ok").click();

    // The kept card, with both incidents and both histories counted.
    app.wait_until("the kept card", |s| {
        s.execute("return location.hash;", &[]) == json!(format!("#/customers/{kept}"))
    });
    app.wait_for_text("h1", "Zoë Brandt");
    app.wait_until("both incidents on the card", |s| s.find_all("#customer-incidents .incident-row").len() == 2);
    let rows: Vec<String> = texts(&app, "#customer-incidents .incident-row");
    assert!(rows.iter().all(|r| r.contains("Zoë Brandt")), "{rows:?}");
    let ids: Vec<String> = serde_json::from_value(app.execute(
        "return [...document.querySelectorAll('#customer-incidents .incident-row')].map((e) => e.dataset.id);",
        &[],
    ))
    .unwrap();
    assert_eq!(ids, [moved_incident.to_string(), kept_incident.to_string()]);
    assert!(app.find("#customer-problems").text().starts_with("2 problems logged"));
    let details = app.find(".details").text();
    assert!(details.contains("zoe.brandt@example.com"), "{details}");
    assert!(details.contains("07700 900123"), "{details}");
    app.screenshot("reach-merge-kept-card");

    // The moved incident's timeline says who merged what.
    app.visit(&format!("#/incidents/{moved_incident}"));
    app.show_timeline();
    app.wait_for_text(
        "#timeline",
        &format!("Customer cards merged by Ana: Zoe Brandt (#{other}) into Zoë Brandt (#{kept})"),
    );

    // Nothing left to merge.
    app.go("customers");
    app.wait_for("#customer-list .customer-row");
    app.wait_until("the duplicates counted", |s| {
        s.execute("return document.getElementById('possible-duplicates')?.hidden;", &[]) == json!(true)
    });
    app.visit(&format!("#/customers/{other}"));
    app.wait_for_text("h1", "Customer not found");
}
