//! Incidents through the library's public API, each test on a fresh database.

use chrono::{DateTime, FixedOffset, Utc};
use mend_core::domain::customer::NewCustomerInput;
use mend_core::domain::incident::{IncidentFilter, IncidentInput};
use mend_core::domain::recovery;
use mend_core::store::Store;

fn now() -> DateTime<Utc> {
    "2026-11-22T15:00:00Z".parse().unwrap()
}

fn tz() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

fn new_customer(name: &str) -> Option<NewCustomerInput> {
    Some(NewCustomerInput { name: name.into(), phone: "555 0100".into(), email: String::new() })
}

fn input(name: &str, severity: i64, text: &str, at: &str) -> IncidentInput {
    IncidentInput {
        new_customer: new_customer(name),
        received_at: at.into(),
        channel: "in_person".into(),
        category_id: Some(1),
        severity: Some(severity),
        description: text.into(),
        desired_outcome: "A redo this week".into(),
        transaction_value: "45.50".into(),
        ..Default::default()
    }
}

fn log(store: &mut Store, input: IncidentInput, actor: Option<i64>) -> mend_core::store::IncidentDetail {
    let fields = input.validated(now(), &tz()).unwrap();
    let id = store.create_incident(&fields, actor, now()).unwrap();
    store.incident(id, now(), &tz()).unwrap()
}

fn count(store: &Store, table: &str) -> i64 {
    store.connection().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

mod create {
    use super::*;

    #[test]
    fn success_with_new_customer_and_timeline() {
        let mut store = Store::open_in_memory().unwrap();
        let ana = store.add_staff("Ana", now()).unwrap();
        let mut i = input("Zoë Brandt", 4, "Colour came out orange", "2026-11-22T10:15");
        i.taken_by = Some(ana.id);
        let detail = log(&mut store, i, Some(ana.id));
        assert_eq!(detail.customer.name, "Zoë Brandt");
        assert_eq!(detail.received_at, "2026-11-22T10:15:00Z");
        assert_eq!(detail.transaction_cents, Some(4550));
        assert_eq!(detail.status, "open");
        assert_eq!(detail.taken_by.as_ref().unwrap().name, "Ana");
        assert_eq!(detail.events.len(), 1);
        assert_eq!(detail.events[0].staff_name.as_deref(), Some("Ana"));
        assert!(detail.events[0].summary.contains("severity 4 (Serious)"), "{}", detail.events[0].summary);
        assert!(detail.events[0].summary.contains("new customer Zoë Brandt"));
    }

    mod error {
        use super::*;

        #[test]
        fn unknown_staff_saves_nothing_not_even_the_new_customer() {
            let mut store = Store::open_in_memory().unwrap();
            let mut i = input("Ana", 2, "Late", "");
            i.taken_by = Some(99);
            let fields = i.validated(now(), &tz()).unwrap();
            let err = store.create_incident(&fields, None, now()).unwrap_err();
            assert_eq!(
                serde_json::to_value(&err).unwrap()["fields"]["taken_by"].as_str().unwrap(),
                "That staff member no longer exists; please pick another."
            );
            assert_eq!(count(&store, "customers"), 0);
            assert_eq!(count(&store, "incidents"), 0);
            assert_eq!(count(&store, "incident_events"), 0);
        }

        #[test]
        fn invalid_input_is_reported_per_field() {
            let i = IncidentInput {
                severity: Some(9),
                transaction_value: "-3".into(),
                received_at: "not a date".into(),
                description: "x".repeat(100 * 1024),
                ..input(" ", 1, "", "")
            };
            let err = i.validated(now(), &tz()).unwrap_err();
            let json = serde_json::to_value(&err).unwrap();
            assert_eq!(json["kind"], "invalid");
            for field in ["severity", "transaction_value", "received_at", "description", "new_customer.name"] {
                assert!(json["fields"][field].is_string(), "no message for {field}: {json}");
            }
        }
    }
}

mod list {
    use super::*;

    fn seeded() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        log(&mut store, input("Ana Ruiz", 2, "Waited forty minutes past the booking", "2026-11-01T09:00"), None);
        log(&mut store, input("Bea Lund", 5, "Bleach burned the scalp", "2026-11-10T09:00"), None);
        log(&mut store, input("Cai Olsen", 3, "Charged twice for one cut", "2026-11-20T09:00"), None);
        store
    }

    fn ids(page: &mend_core::store::Page<mend_core::store::IncidentRow>) -> Vec<String> {
        page.items.iter().map(|r| r.customer_name.clone()).collect()
    }

    #[test]
    fn newest_first() {
        let store = seeded();
        let page = store.list_incidents(&IncidentFilter::default().validated(&tz()).unwrap(), None, 50).unwrap();
        assert_eq!(ids(&page), ["Cai Olsen", "Bea Lund", "Ana Ruiz"]);
        assert_eq!(page.total, 3);
        assert!(page.next.is_none());
    }

    #[test]
    fn search_by_words_customer_and_accents() {
        let store = seeded();
        let q = |text: &str| {
            let f = IncidentFilter { q: text.into(), ..Default::default() }.validated(&tz()).unwrap();
            ids(&store.list_incidents(&f, None, 50).unwrap())
        };
        assert_eq!(q("bleach"), ["Bea Lund"]);
        assert_eq!(q("charg twice"), ["Cai Olsen"]);
        assert_eq!(q("ruiz"), ["Ana Ruiz"]);
        assert!(q("nothing-like-this").is_empty());
    }

    #[test]
    fn filters_combine() {
        let mut store = seeded();
        let f = IncidentFilter { severity: Some(5), ..Default::default() }.validated(&tz()).unwrap();
        assert_eq!(ids(&store.list_incidents(&f, None, 50).unwrap()), ["Bea Lund"]);
        let f = IncidentFilter { from: "2026-11-05".into(), to: "2026-11-20".into(), ..Default::default() }
            .validated(&tz())
            .unwrap();
        assert_eq!(ids(&store.list_incidents(&f, None, 50).unwrap()), ["Cai Olsen", "Bea Lund"]);
        let first = store.list_incidents(&IncidentFilter::default().validated(&tz()).unwrap(), None, 1).unwrap();
        store.resolve_incident(first.items[0].id, &recovery::resolution_note("").unwrap(), None, now()).unwrap();
        let f = IncidentFilter { status: "open".into(), ..Default::default() }.validated(&tz()).unwrap();
        assert_eq!(ids(&store.list_incidents(&f, None, 50).unwrap()), ["Bea Lund", "Ana Ruiz"]);
    }

    #[test]
    fn pages_follow_the_cursor() {
        let store = seeded();
        let all = IncidentFilter::default().validated(&tz()).unwrap();
        let first = store.list_incidents(&all, None, 2).unwrap();
        assert_eq!(ids(&first), ["Cai Olsen", "Bea Lund"]);
        let second = store.list_incidents(&all, first.next.as_deref(), 2).unwrap();
        assert_eq!(ids(&second), ["Ana Ruiz"]);
        assert!(second.next.is_none());
    }
}

mod edit {
    use super::*;

    #[test]
    fn each_change_is_on_the_timeline_with_who_did_it() {
        let mut store = Store::open_in_memory().unwrap();
        let bo = store.add_staff("Bo", now()).unwrap();
        let detail = log(&mut store, input("Ana", 2, "Late", "2026-11-22T10:00"), None);
        let edit = IncidentInput {
            customer_id: Some(detail.customer.id),
            new_customer: None,
            severity: Some(4),
            transaction_value: "50".into(),
            ..input("", 2, "Late by an hour", "2026-11-22T10:00")
        };
        let fields = edit.validated(now(), &tz()).unwrap();
        store.update_incident(detail.id, Some(detail.version), &fields, Some(bo.id), now(), &tz()).unwrap();
        let after = store.incident(detail.id, now(), &tz()).unwrap();
        assert_eq!(after.severity.get(), 4);
        let summaries: Vec<_> = after.events.iter().map(|e| e.summary.as_str()).collect();
        assert!(summaries.contains(&"Severity changed from 2 (Noticeable) to 4 (Serious)"), "{summaries:?}");
        assert!(summaries.contains(&"What happened was edited"));
        assert!(summaries.contains(&"Transaction value changed from 45.50 to 50.00"));
        assert!(after.events[1..].iter().all(|e| e.staff_name.as_deref() == Some("Bo")));

        // Saving the same values again adds nothing.
        store.update_incident(detail.id, Some(after.version), &fields, Some(bo.id), now(), &tz()).unwrap();
        let again = store.incident(detail.id, now(), &tz()).unwrap();
        assert_eq!(again.events.len(), after.events.len());
    }

    #[test]
    fn resolve_then_reopen() {
        let mut store = Store::open_in_memory().unwrap();
        let detail = log(&mut store, input("Ana", 2, "Late", ""), None);
        store
            .resolve_incident(detail.id, &recovery::resolution_note("Free fringe trim").unwrap(), None, now())
            .unwrap();
        let resolved = store.incident(detail.id, now(), &tz()).unwrap();
        assert_eq!(resolved.status, "resolved");
        assert_eq!(resolved.resolved_at.as_deref(), Some("2026-11-22T15:00:00Z"));
        assert_eq!(resolved.events.last().unwrap().summary, "Resolved: Free fringe trim");
        assert_eq!(
            store.resolve_incident(detail.id, &recovery::resolution_note("").unwrap(), None, now()).unwrap_err().kind(),
            "conflict"
        );
        store.reopen_incident(detail.id, &recovery::reopen_reason("Still uneven").unwrap(), None, now()).unwrap();
        let reopened = store.incident(detail.id, now(), &tz()).unwrap();
        assert_eq!(reopened.status, "open");
        assert!(reopened.resolved_at.is_none());
        assert_eq!(reopened.events.last().unwrap().summary, "Reopened: Still uneven");
    }

    #[test]
    fn resolving_with_no_step_ticked_counts_as_the_first_response() {
        let mut store = Store::open_in_memory().unwrap();
        let detail = log(&mut store, input("Ana", 2, "Late", "2026-11-22T14:00"), None);
        assert_eq!(detail.timings.first_response_text, None);
        store.resolve_incident(detail.id, &recovery::resolution_note("").unwrap(), None, now()).unwrap();
        let resolved = store.incident(detail.id, now(), &tz()).unwrap();
        assert_eq!(resolved.responded_at.as_deref(), Some("2026-11-22T15:00:00Z"));
        assert_eq!(resolved.timings.first_response_at.as_deref(), Some("2026-11-22T15:00:00Z"));
        assert_eq!(resolved.timings.first_response_minutes, Some(60));
        assert_eq!(resolved.timings.first_response_text.as_deref(), Some("1 h"));
        let summaries: Vec<_> = resolved.events.iter().map(|e| e.summary.as_str()).collect();
        assert_eq!(
            summaries[1..],
            ["Resolving counted as the first response (no step had been ticked)", "Resolved"],
            "{summaries:?}"
        );
        // Reopened and resolved again: the first response stays the first.
        store.reopen_incident(detail.id, &recovery::reopen_reason("").unwrap(), None, now()).unwrap();
        let later: DateTime<Utc> = "2026-11-23T09:00:00Z".parse().unwrap();
        store.resolve_incident(detail.id, &recovery::resolution_note("").unwrap(), None, later).unwrap();
        let again = store.incident(detail.id, later, &tz()).unwrap();
        assert_eq!(again.timings.first_response_at.as_deref(), Some("2026-11-22T15:00:00Z"));
        assert_eq!(again.events.iter().filter(|e| e.kind == "responded").count(), 1);
    }

    #[test]
    fn resolving_after_a_ticked_step_keeps_that_step_as_the_first_response() {
        let mut store = Store::open_in_memory().unwrap();
        let detail = log(&mut store, input("Ana", 2, "Late", "2026-11-22T14:00"), None);
        let ticked: DateTime<Utc> = "2026-11-22T14:04:00Z".parse().unwrap();
        store.tick_step(detail.id, 1, &recovery::step_note("").unwrap(), None, ticked).unwrap();
        store.resolve_incident(detail.id, &recovery::resolution_note("").unwrap(), None, now()).unwrap();
        let resolved = store.incident(detail.id, now(), &tz()).unwrap();
        assert_eq!(resolved.responded_at, None);
        assert_eq!(resolved.timings.first_response_minutes, Some(4));
        assert!(resolved.events.iter().all(|e| e.kind != "responded"));
    }

    #[test]
    fn renaming_a_customer_keeps_search_in_step() {
        let mut store = Store::open_in_memory().unwrap();
        let detail = log(&mut store, input("Ana", 2, "Late", ""), None);
        let fields = mend_core::domain::customer::CustomerInput { name: "Annabel Quist".into(), ..Default::default() }
            .validated()
            .unwrap();
        let version = store.customer(detail.customer.id).unwrap().version;
        store.update_customer(detail.customer.id, Some(version), &fields, now(), &tz()).unwrap();
        let f = IncidentFilter { q: "quist".into(), ..Default::default() }.validated(&tz()).unwrap();
        assert_eq!(store.list_incidents(&f, None, 10).unwrap().total, 1);
    }
}

mod today {
    use super::*;

    #[test]
    fn empty_shop() {
        let store = Store::open_in_memory().unwrap();
        let today = store.today(now(), now(), &tz()).unwrap();
        assert_eq!(today.total_incidents, 0);
        assert!(today.open_incidents.is_empty());
    }

    #[test]
    fn open_oldest_first_and_todays_counts() {
        let mut store = Store::open_in_memory().unwrap();
        log(&mut store, input("New", 2, "Late", "2026-11-22T09:00"), None);
        let old = log(&mut store, input("Old", 3, "Wrong colour", "2026-11-18T09:00"), None);
        let done = log(&mut store, input("Done", 1, "Cold coffee", "2026-11-22T08:00"), None);
        store.resolve_incident(done.id, &recovery::resolution_note("").unwrap(), None, now()).unwrap();
        let day_start: DateTime<Utc> = "2026-11-22T00:00:00Z".parse().unwrap();
        let today = store.today(day_start, now(), &tz()).unwrap();
        assert_eq!(today.total_incidents, 3);
        assert_eq!(today.open_count, 2);
        assert_eq!(today.logged_today, 2);
        assert_eq!(today.resolved_today, 1);
        assert_eq!(today.open_incidents[0].id, old.id);
    }
}
