//! Two editors of one record: every edit form carries the row version it loaded, and a save made
//! on a form loaded before someone else's change is refused in plain words (when, and what is
//! saved now), with nothing written, instead of silently writing over that change.

use chrono::{DateTime, FixedOffset, Utc};
use mend_core::db;
use mend_core::domain::customer::{CustomerInput, NewCustomerInput};
use mend_core::domain::incident::IncidentInput;
use mend_core::domain::playbook::{PlaybookInput, StepInput};
use mend_core::domain::recovery;
use mend_core::error::Error;
use mend_core::store::{IncidentDetail, Store};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// When the first editor opened the form.
fn opened() -> DateTime<Utc> {
    at("2026-11-22T10:00:00Z")
}

/// When the other editor saved (10:42 on the shop's clock, an hour ahead of UTC).
fn other_saved() -> DateTime<Utc> {
    at("2026-11-22T09:42:00Z")
}

fn tz() -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap()
}

fn form(description: &str, severity: i64) -> IncidentInput {
    IncidentInput {
        new_customer: Some(NewCustomerInput { name: "Ana Ruiz".into(), ..Default::default() }),
        received_at: "2026-11-22T09:00".into(),
        channel: "phone".into(),
        severity: Some(severity),
        description: description.into(),
        ..Default::default()
    }
}

fn logged(store: &mut Store) -> IncidentDetail {
    let fields = form("Colour came out patchy", 2).validated(at("2026-11-22T08:30:00Z"), &tz()).unwrap();
    let id = store.create_incident(&fields, None, at("2026-11-22T08:30:00Z")).unwrap();
    store.incident(id, opened(), &tz()).unwrap()
}

/// The edit form as `detail` fills it, with `description` and `severity` typed over.
fn edit_of(detail: &IncidentDetail, description: &str, severity: i64) -> IncidentInput {
    IncidentInput {
        customer_id: Some(detail.customer.id),
        new_customer: None,
        version: Some(detail.version),
        ..form(description, severity)
    }
}

fn save(store: &mut Store, id: i64, input: &IncidentInput, now: DateTime<Utc>) -> Result<(), Error> {
    let fields = input.validated(now, &tz()).unwrap();
    store.update_incident(id, input.version, &fields, None, now, &tz())
}

fn edits(detail: &IncidentDetail) -> Vec<&str> {
    detail.events.iter().filter(|e| e.kind == "edited").map(|e| e.summary.as_str()).collect()
}

mod incident {
    use super::*;

    #[test]
    fn a_new_incident_is_at_version_1_and_each_save_raises_it_by_one() {
        let mut store = Store::open_in_memory().unwrap();
        let d = logged(&mut store);
        assert_eq!(d.version, 1);
        save(&mut store, d.id, &edit_of(&d, "Colour patchy at the back", 2), opened()).unwrap();
        let d = store.incident(d.id, opened(), &tz()).unwrap();
        assert_eq!(d.version, 2);
        save(&mut store, d.id, &edit_of(&d, "Colour patchy at the back", 3), opened()).unwrap();
        assert_eq!(store.incident(d.id, opened(), &tz()).unwrap().version, 3);
    }

    #[test]
    fn the_second_window_saving_its_stale_form_is_refused_and_the_first_change_stays() {
        let mut store = Store::open_in_memory().unwrap();
        let loaded = logged(&mut store);
        // Both windows open the same incident; the first saves new words and a higher severity.
        let first = edit_of(&loaded, "Colour patchy, and she was kept waiting 40 minutes", 4);
        save(&mut store, loaded.id, &first, other_saved()).unwrap();
        let after_first = store.incident(loaded.id, opened(), &tz()).unwrap();

        // The second still has the form it loaded and only corrects a typo in what happened.
        let second = edit_of(&loaded, "Colour came out patchy.", 2);
        let err = save(&mut store, loaded.id, &second, opened()).unwrap_err();
        assert_eq!(err.kind(), "stale");
        let ui = err.for_ui();
        assert_eq!(
            ui.message,
            "Someone else changed this incident at 10:42; what is saved now differs from your form in severity and \
             what happened. Your text is still in the form; look at what is saved now (shown beside each field) and \
             save again."
        );
        assert_eq!(ui.fields.len(), 2, "{:?}", ui.fields);
        assert_eq!(ui.fields["severity"], "Saved now: 4 (Serious)");
        assert_eq!(ui.fields["description"], "Saved now: “Colour patchy, and she was kept waiting 40 minutes”");

        // Nothing of the stale form was written: the first window's change is whole, once.
        let now = store.incident(loaded.id, opened(), &tz()).unwrap();
        assert_eq!(now.description, "Colour patchy, and she was kept waiting 40 minutes");
        assert_eq!(now.severity.get(), 4);
        assert_eq!(now.version, after_first.version);
        assert_eq!(edits(&now), edits(&after_first));
        assert_eq!(edits(&now).len(), 2, "{:?}", edits(&now));

        // Having looked at their change, the second saves again on the version now saved.
        let again = IncidentInput { version: Some(now.version), ..second };
        save(&mut store, loaded.id, &again, opened()).unwrap();
        let last = store.incident(loaded.id, opened(), &tz()).unwrap();
        assert_eq!(last.description, "Colour came out patchy.");
        assert_eq!(last.version, now.version + 1);
    }

    #[test]
    fn a_stale_form_that_changes_nothing_saves_nothing_and_is_not_refused() {
        let mut store = Store::open_in_memory().unwrap();
        let loaded = logged(&mut store);
        let first = edit_of(&loaded, "Colour patchy at the back", 2);
        save(&mut store, loaded.id, &first, other_saved()).unwrap();
        // The second window typed the very same change.
        save(&mut store, loaded.id, &first, opened()).unwrap();
        let now = store.incident(loaded.id, opened(), &tz()).unwrap();
        assert_eq!((now.version, edits(&now).len()), (2, 1));
    }

    #[test]
    fn a_change_made_elsewhere_than_the_form_also_makes_the_form_stale() {
        let mut store = Store::open_in_memory().unwrap();
        let loaded = logged(&mut store);
        // The checklist's step records what would make them happy while the edit form is open.
        let wish = recovery::desired_outcome("A redo on Saturday").unwrap();
        store.set_desired_outcome(loaded.id, &wish, None, other_saved()).unwrap();
        let err = save(&mut store, loaded.id, &edit_of(&loaded, "Colour came out patchy", 3), opened()).unwrap_err();
        assert_eq!(err.kind(), "stale");
        let ui = err.for_ui();
        assert!(
            ui.message.contains(
                "at 10:42; what is saved now differs from your form in severity and what would make them happy."
            ),
            "{}",
            ui.message
        );
        assert_eq!(ui.fields["desired_outcome"], "Saved now: “A redo on Saturday”");
        assert_eq!(store.incident(loaded.id, opened(), &tz()).unwrap().desired_outcome, "A redo on Saturday");
    }

    #[test]
    fn a_change_on_another_day_names_the_day() {
        let mut store = Store::open_in_memory().unwrap();
        let loaded = logged(&mut store);
        save(&mut store, loaded.id, &edit_of(&loaded, "Patchy", 2), other_saved()).unwrap();
        let err =
            save(&mut store, loaded.id, &edit_of(&loaded, "Patchy colour", 2), at("2026-11-23T12:00:00Z")).unwrap_err();
        assert!(err.to_string().starts_with("Someone else changed this incident at 10:42 on 22 Nov 2026;"), "{err}");
    }

    #[test]
    fn a_save_without_the_version_its_form_loaded_is_refused_with_nothing_written() {
        let mut store = Store::open_in_memory().unwrap();
        let loaded = logged(&mut store);
        let old_form = IncidentInput { version: None, ..edit_of(&loaded, "Changed", 5) };
        let err = save(&mut store, loaded.id, &old_form, opened()).unwrap_err();
        assert_eq!(err.kind(), "invalid");
        let ui = err.for_ui();
        assert!(ui.fields["version"].contains("nothing was saved"), "{:?}", ui.fields);
        let now = store.incident(loaded.id, opened(), &tz()).unwrap();
        assert_eq!((now.description.as_str(), now.version), ("Colour came out patchy", 1));
    }

    #[test]
    fn a_long_text_saved_meanwhile_is_shown_by_its_start() {
        let mut store = Store::open_in_memory().unwrap();
        let loaded = logged(&mut store);
        let long = "x".repeat(3_000);
        save(&mut store, loaded.id, &edit_of(&loaded, &long, 2), other_saved()).unwrap();
        let err = save(&mut store, loaded.id, &edit_of(&loaded, "Short", 2), opened()).unwrap_err();
        let shown = &err.for_ui().fields["description"];
        assert!(shown.chars().count() < 260, "{}", shown.len());
        assert!(shown.ends_with("…”"), "{shown}");
    }
}

mod customer {
    use super::*;

    fn card(name: &str, phone: &str, version: Option<i64>) -> CustomerInput {
        CustomerInput { name: name.into(), phone: phone.into(), version, ..Default::default() }
    }

    #[test]
    fn a_stale_card_is_refused_with_the_phone_saved_meanwhile() {
        let mut store = Store::open_in_memory().unwrap();
        let ana = store.create_customer(&card("Ana Ruiz", "555 0100", None).validated().unwrap(), opened()).unwrap();
        assert_eq!(ana.version, 1);
        let first = card("Ana Ruiz", "555 0199", Some(ana.version));
        store.update_customer(ana.id, first.version, &first.validated().unwrap(), other_saved(), &tz()).unwrap();

        let second = CustomerInput { notes: "Prefers texts".into(), ..card("Ana Ruiz", "555 0100", Some(1)) };
        let err = store.update_customer(ana.id, second.version, &second.validated().unwrap(), opened(), &tz());
        let err = err.unwrap_err();
        assert_eq!(err.kind(), "stale");
        let ui = err.for_ui();
        assert_eq!(
            ui.message,
            "Someone else changed this customer card at 10:42; what is saved now differs from your form in phone and \
             notes. Your text is still in the form; look at what is saved now (shown beside each field) and save again."
        );
        assert_eq!(ui.fields["phone"], "Saved now: “555 0199”");
        assert_eq!(ui.fields["notes"], "Saved now: nothing");
        let now = store.customer(ana.id).unwrap();
        assert_eq!((now.phone.as_str(), now.notes.as_str(), now.version), ("555 0199", "", 2));

        let again = CustomerInput { version: Some(now.version), ..second };
        let saved = store.update_customer(ana.id, again.version, &again.validated().unwrap(), opened(), &tz()).unwrap();
        assert_eq!((saved.notes.as_str(), saved.version), ("Prefers texts", 3));
    }

    #[test]
    fn merging_two_cards_makes_a_form_on_either_stale() {
        let mut store = Store::open_in_memory().unwrap();
        let a = store.create_customer(&card("Bo Lind", "555 0101", None).validated().unwrap(), opened()).unwrap();
        let before = store.customer(a.id).unwrap().version;
        // An import or a merge writes the card's columns by another way: the trigger raises the version.
        store
            .connection()
            .execute("UPDATE customers SET phone = '555 0102', phone_digits = '5550102' WHERE id = ?1", [a.id])
            .unwrap();
        assert_eq!(store.customer(a.id).unwrap().version, before + 1);
        let stale = card("Bo Lind", "555 0109", Some(before));
        let err = store.update_customer(a.id, stale.version, &stale.validated().unwrap(), opened(), &tz());
        assert_eq!(err.unwrap_err().kind(), "stale");
    }
}

mod playbook {
    use super::*;

    fn editor(name: &str, titles: &[&str], version: Option<i64>) -> PlaybookInput {
        PlaybookInput {
            name: name.into(),
            steps: titles.iter().map(|t| StepInput { title: t.to_string(), ..Default::default() }).collect(),
            version,
            ..Default::default()
        }
    }

    #[test]
    fn a_stale_playbook_editor_is_refused_naming_the_steps_saved_meanwhile() {
        let mut store = Store::open_in_memory().unwrap();
        let p = store.create_playbook(&editor("Counter", &["Listen", "Fix"], None).validated().unwrap(), opened());
        let p = p.unwrap();
        assert_eq!(p.version, 1);
        let first = editor("Counter", &["Listen", "Say sorry", "Fix"], Some(1));
        store.update_playbook(p.id, first.version, &first.validated().unwrap(), other_saved(), &tz()).unwrap();
        let second = editor("Counter desk", &["Listen", "Fix"], Some(1));
        let err = store.update_playbook(p.id, second.version, &second.validated().unwrap(), opened(), &tz());
        let ui = err.unwrap_err().for_ui();
        assert_eq!(ui.kind, "stale");
        assert!(
            ui.message.starts_with("Someone else changed this playbook at 10:42; what is saved now differs from your form in name and the steps."),
            "{}",
            ui.message
        );
        assert_eq!(ui.fields["steps"], "Saved now: “Listen, Say sorry, Fix”");
        let now = store.playbook(p.id).unwrap();
        assert_eq!((now.name.as_str(), now.steps.len(), now.version), ("Counter", 3, 2));
    }
}

/// A shop's file from before row versions (v7) is upgraded with every row at version 1.
#[test]
fn the_v8_upgrade_puts_every_row_at_version_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        db::migrate_to(&mut conn, 0, 7).unwrap();
        conn.execute_batch(
            "INSERT INTO customers (name, created_at, updated_at) VALUES ('Ana Ruiz', '', ''), ('Bo Lind', '', '');
             INSERT INTO incidents (customer_id, received_at, channel, severity, description, status, created_at,
                                    updated_at)
             VALUES (1, '2026-03-28T12:00:00Z', 'phone', 3, 'Late', 'open', '', '');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let conn = store.connection();
    let versions = |table: &str| -> Vec<i64> {
        let mut stmt = conn.prepare(&format!("SELECT version FROM {table} ORDER BY id")).unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(versions("customers"), [1, 1]);
    assert_eq!(versions("incidents"), [1]);
    assert!(versions("playbooks").iter().all(|v| *v == 1));
}
