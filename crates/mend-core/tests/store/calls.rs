//! Promises, follow-up calls and the morning call list through the public API.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use mend_core::domain::customer::NewCustomerInput;
use mend_core::domain::incident::IncidentInput;
use mend_core::domain::recovery;
use mend_core::domain::recovery::{CallInput, FollowUpInput, PromiseInput};
use mend_core::domain::schedule::{Due, FollowUpRules};
use mend_core::store::{IncidentDetail, Store};

fn t0() -> DateTime<Utc> {
    // Saturday 21 November 2026, 11:00.
    "2026-11-21T11:00:00Z".parse().unwrap()
}

fn tz() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

fn log(store: &mut Store, name: &str) -> IncidentDetail {
    let input = IncidentInput {
        new_customer: Some(NewCustomerInput { name: name.into(), phone: "555 0100".into(), email: String::new() }),
        channel: "phone".into(),
        severity: Some(3),
        description: "Bike brakes squeal after the service".into(),
        ..Default::default()
    };
    let fields = input.validated(t0(), &tz()).unwrap();
    let id = store.create_incident(&fields, None, t0()).unwrap();
    store.incident(id, t0(), &tz()).unwrap()
}

/// Books a follow-up call at local time `due` (UTC here) and returns its id.
fn schedule(store: &mut Store, incident_id: i64, due: &str) -> i64 {
    store
        .schedule_follow_up(
            incident_id,
            &FollowUpInput { due_at: due.into(), assignee_id: None }.validated(t0(), &tz()).unwrap(),
            None,
            t0(),
            &tz(),
        )
        .unwrap();
    store.incident(incident_id, t0(), &tz()).unwrap().follow_ups.last().unwrap().id
}

fn call(outcome: &str, retry: bool) -> CallInput {
    CallInput { outcome: outcome.into(), retry, ..Default::default() }
}

mod follow_up {
    use super::*;

    #[test]
    fn resolving_proposes_a_call_on_the_next_open_day() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .update_follow_up_rules(&FollowUpRules {
                closed_days: vec!["sun".into(), "mon".into()],
                ..Default::default()
            })
            .unwrap();
        let d = log(&mut store, "Ana");
        store.resolve_incident(d.id, &recovery::resolution_note("New pads fitted").unwrap(), None, t0()).unwrap();
        let resolved = store.incident(d.id, t0(), &tz()).unwrap();
        assert_eq!(resolved.proposed_follow_up.as_deref(), Some("2026-11-24T10:00:00Z"));
        schedule(&mut store, d.id, "2026-11-24T10:00");
        assert!(store.incident(d.id, t0(), &tz()).unwrap().proposed_follow_up.is_none());
    }

    #[test]
    fn due_then_overdue_then_no_answer_then_satisfied() {
        let mut store = Store::open_in_memory().unwrap();
        let d = log(&mut store, "Ana");
        store.resolve_incident(d.id, &recovery::resolution_note("").unwrap(), None, t0()).unwrap();
        schedule(&mut store, d.id, "2026-11-23T10:00");
        let monday = t0() + Duration::days(2);
        let list = store.call_list(monday, &tz()).unwrap();
        assert_eq!(list.items[0].due, Due::Today);
        assert_eq!(list.items[0].question, Some("Have we fixed everything for you?"));
        let tuesday = t0() + Duration::days(3);
        let item = store.call_list(tuesday, &tz()).unwrap().items.remove(0);
        assert_eq!(item.due, Due::Overdue);

        store
            .log_call(item.id, &call("no_answer", true).validated(tuesday, &tz()).unwrap(), None, tuesday, &tz())
            .unwrap();
        let again = store.call_list(tuesday, &tz()).unwrap().items.remove(0);
        assert_eq!(again.attempts, 1);
        assert_eq!(again.due, Due::Upcoming);
        assert_eq!(again.due_at, "2026-11-25T10:00:00Z", "retry next day at the calling time");

        store
            .log_call(
                item.id,
                &call("satisfied", false).validated(tuesday + Duration::days(1), &tz()).unwrap(),
                None,
                tuesday + Duration::days(1),
                &tz(),
            )
            .unwrap();
        assert!(store.call_list(tuesday + Duration::days(1), &tz()).unwrap().items.is_empty());
        let detail = store.incident(d.id, tuesday, &tz()).unwrap();
        assert_eq!(detail.follow_ups[0].outcome.as_deref(), Some("satisfied"));
        assert_eq!(detail.follow_ups[0].attempts, 2);
        assert_eq!(detail.status, "resolved");
        assert!(detail.proposed_follow_up.is_none(), "a call made since the fix means no new proposal");
    }

    #[test]
    fn not_satisfied_reopens_the_incident() {
        let mut store = Store::open_in_memory().unwrap();
        let d = log(&mut store, "Ana");
        store.resolve_incident(d.id, &recovery::resolution_note("").unwrap(), None, t0()).unwrap();
        let id = schedule(&mut store, d.id, "2026-11-23T10:00");
        let later = t0() + Duration::days(2);
        store
            .log_call(
                id,
                &CallInput { outcome: "not_satisfied".into(), note: "Still squeals".into(), ..Default::default() }
                    .validated(later, &tz())
                    .unwrap(),
                None,
                later,
                &tz(),
            )
            .unwrap();
        let detail = store.incident(d.id, later, &tz()).unwrap();
        assert_eq!(detail.status, "open");
        assert!(detail.events.iter().any(|e| e.summary.contains("not satisfied on the follow-up call")));
        let list = store.call_list(later, &tz()).unwrap();
        assert_eq!(list.not_satisfied[0].customer_name, "Ana");
    }

    mod error {
        use super::*;

        #[test]
        fn ticking_an_already_done_call() {
            let mut store = Store::open_in_memory().unwrap();
            let d = log(&mut store, "Ana");
            let id = schedule(&mut store, d.id, "2026-11-23T10:00");
            store.log_call(id, &call("satisfied", false).validated(t0(), &tz()).unwrap(), None, t0(), &tz()).unwrap();
            let err = store
                .log_call(id, &call("satisfied", false).validated(t0(), &tz()).unwrap(), None, t0(), &tz())
                .unwrap_err();
            assert_eq!(err.kind(), "conflict");
            assert_eq!(store.incident(d.id, t0(), &tz()).unwrap().follow_ups[0].attempts, 1);
        }

        #[test]
        fn unknown_outcome() {
            let mut store = Store::open_in_memory().unwrap();
            let d = log(&mut store, "Ana");
            let id = schedule(&mut store, d.id, "2026-11-23T10:00");
            // An unknown outcome is refused by the domain before the store sees it.
            assert_eq!(call("maybe", false).validated(t0(), &tz()).unwrap_err().kind(), "invalid");
            assert_eq!(store.incident(d.id, t0(), &tz()).unwrap().follow_ups[0].id, id);
        }
    }
}

mod promise {
    use super::*;

    #[test]
    fn kept_and_broken_with_the_call_list_in_order() {
        let mut store = Store::open_in_memory().unwrap();
        let a = log(&mut store, "Ana");
        let b = log(&mut store, "Bo");
        store
            .add_promise(
                a.id,
                &PromiseInput {
                    text: "Refund reaches your card".into(),
                    due_at: "2026-11-27T17:00".into(),
                    owner_id: None,
                }
                .validated(t0(), &tz())
                .unwrap(),
                None,
                t0(),
                &tz(),
            )
            .unwrap();
        store
            .add_promise(
                b.id,
                &PromiseInput {
                    text: "Call when the part arrives".into(),
                    due_at: "2026-11-21T15:00".into(),
                    owner_id: None,
                }
                .validated(t0(), &tz())
                .unwrap(),
                None,
                t0(),
                &tz(),
            )
            .unwrap();
        let list = store.call_list(t0(), &tz()).unwrap();
        let order: Vec<_> = list.items.iter().map(|i| (i.customer_name.as_str(), i.due)).collect();
        assert_eq!(order, [("Bo", Due::Today), ("Ana", Due::Upcoming)]);

        let pa = store.incident(a.id, t0(), &tz()).unwrap().promises[0].id;
        let pb = store.incident(b.id, t0(), &tz()).unwrap().promises[0].id;
        store.close_promise(pa, None, None, t0()).unwrap();
        assert_eq!(recovery::broken_reason("").unwrap_err().kind(), "invalid");
        store
            .close_promise(pb, Some(&recovery::broken_reason("Supplier delayed the part").unwrap()), None, t0())
            .unwrap();
        let b_detail = store.incident(b.id, t0(), &tz()).unwrap();
        assert_eq!(b_detail.promises[0].status, "broken");
        assert!(b_detail
            .events
            .iter()
            .any(|e| e.summary.contains("Promise broken: Call when the part arrives (Supplier delayed the part)")));
        assert!(store.call_list(t0(), &tz()).unwrap().items.is_empty());
        assert_eq!(store.close_promise(pa, None, None, t0()).unwrap_err().kind(), "conflict");
    }

    #[test]
    fn editing_the_customer_never_cancels_a_promise() {
        let mut store = Store::open_in_memory().unwrap();
        let a = log(&mut store, "Ana");
        store
            .add_promise(
                a.id,
                &PromiseInput { text: "Refund".into(), due_at: "2026-11-27T17:00".into(), owner_id: None }
                    .validated(t0(), &tz())
                    .unwrap(),
                None,
                t0(),
                &tz(),
            )
            .unwrap();
        let fields = mend_core::domain::customer::CustomerInput {
            name: "Ana Ruiz".into(),
            phone: "555 0199".into(),
            ..Default::default()
        }
        .validated()
        .unwrap();
        let version = store.customer(a.customer.id).unwrap().version;
        store.update_customer(a.customer.id, Some(version), &fields, t0(), &tz()).unwrap();
        let detail = store.incident(a.id, t0(), &tz()).unwrap();
        assert_eq!(detail.promises[0].status, "open");
        assert_eq!(store.call_list(t0(), &tz()).unwrap().items[0].phone, "555 0199");
    }

    /// Moving a promise to a new due time, on a shop one hour ahead of UTC (Paris in winter).
    mod moving {
        use super::*;
        use mend_core::domain::recovery::MovePromiseInput;

        fn paris() -> FixedOffset {
            FixedOffset::east_opt(3600).unwrap()
        }

        fn promise(store: &mut Store, incident_id: i64, text: &str, due: &str) -> i64 {
            let input = PromiseInput { text: text.into(), due_at: due.into(), owner_id: None };
            store.add_promise(incident_id, &input.validated(t0(), &paris()).unwrap(), None, t0(), &paris()).unwrap();
            store.incident(incident_id, t0(), &paris()).unwrap().promises.last().unwrap().id
        }

        fn move_to(
            store: &mut Store,
            promise_id: i64,
            due: &str,
            reason: &str,
            now: DateTime<Utc>,
        ) -> mend_core::error::Result<i64> {
            let fields = MovePromiseInput { due_at: due.into(), reason: reason.into() }.validated(now, &paris())?;
            store.move_promise(promise_id, &fields, None, now, &paris())
        }

        #[test]
        fn moved_twice_counts_two_keeps_the_timeline_and_the_call_list_follows() {
            let mut store = Store::open_in_memory().unwrap();
            let a = log(&mut store, "Ana");
            let b = log(&mut store, "Bo");
            let pa = promise(&mut store, a.id, "Refund reaches your card", "2026-11-26T12:00");
            promise(&mut store, b.id, "Call when the part arrives", "2026-11-27T10:00");
            let names = |store: &Store, now| -> Vec<String> {
                store.call_list(now, &paris()).unwrap().items.iter().map(|i| i.customer_name.clone()).collect()
            };
            assert_eq!(names(&store, t0()), ["Ana", "Bo"]);

            let incident = move_to(&mut store, pa, "2026-11-27T17:00", "The bank needs another day", t0()).unwrap();
            assert_eq!(incident, a.id);
            let monday = t0() + Duration::days(3);
            move_to(&mut store, pa, "2026-11-30T17:00", "the part is delayed", monday).unwrap();

            let detail = store.incident(a.id, monday, &paris()).unwrap();
            let p = &detail.promises[0];
            assert_eq!((p.status.as_str(), p.moves), ("open", 2));
            assert_eq!(p.last_move_reason.as_deref(), Some("the part is delayed"));
            assert_eq!(p.due_at, "2026-11-30T16:00:00Z", "17:00 in Paris");
            let lines: Vec<&str> = detail.events.iter().map(|e| e.summary.as_str()).collect();
            assert!(
                lines.contains(
                    &"Promise moved: Refund reaches your card, from Thu 26 Nov 12:00 to Fri 27 Nov 17:00 \
                      (The bank needs another day)"
                ),
                "{lines:?}"
            );
            assert!(
                lines.contains(
                    &"Promise moved: Refund reaches your card, from Fri 27 Nov 17:00 to Mon 30 Nov 17:00 \
                      (the part is delayed)"
                ),
                "{lines:?}"
            );
            // Bo's promise is due first now; Ana's comes up on its new day.
            assert_eq!(names(&store, monday), ["Bo", "Ana"]);
            let ana = store.call_list(monday, &paris()).unwrap().items.into_iter().find(|i| i.id == pa).unwrap();
            assert_eq!(ana.due_at, "2026-11-30T16:00:00Z");

            // The promises export counts the moves.
            let mut bytes = Vec::new();
            store.export_csv(mend_core::store::ExportKind::Promises, &mut bytes).unwrap();
            let text = String::from_utf8(bytes).unwrap();
            let mut lines = text.lines();
            let header: Vec<&str> = lines.next().unwrap().trim_start_matches('\u{feff}').split(',').collect();
            let column = header.iter().position(|h| *h == "moves").expect("a moves column");
            let moves: Vec<String> = lines.map(|l| l.split(',').nth(column).unwrap_or_default().to_string()).collect();
            assert_eq!(moves, ["0", "2"], "in due order: Bo's never moved, Ana's twice");
        }

        #[test]
        fn a_time_in_another_year_says_the_year() {
            let mut store = Store::open_in_memory().unwrap();
            let a = log(&mut store, "Ana");
            let pa = promise(&mut store, a.id, "New frame fitted", "2026-12-30T12:00");
            move_to(&mut store, pa, "2027-01-05T09:30", "Closed for the holidays", t0()).unwrap();
            let detail = store.incident(a.id, t0(), &paris()).unwrap();
            assert!(detail.events.iter().any(|e| e.summary
                == "Promise moved: New frame fitted, from Wed 30 Dec 12:00 to Tue 5 Jan 2027 09:30 (Closed for the holidays)"));
        }

        mod error {
            use super::*;

            #[test]
            fn a_kept_or_broken_promise_does_not_move() {
                let mut store = Store::open_in_memory().unwrap();
                let a = log(&mut store, "Ana");
                let kept = promise(&mut store, a.id, "Refund", "2026-11-26T12:00");
                let broken = promise(&mut store, a.id, "Call back", "2026-11-26T15:00");
                store.close_promise(kept, None, None, t0()).unwrap();
                store.close_promise(broken, Some(&recovery::broken_reason("Forgot").unwrap()), None, t0()).unwrap();
                for id in [kept, broken] {
                    let err = move_to(&mut store, id, "2026-11-28T12:00", "Late", t0()).unwrap_err();
                    assert_eq!(err.kind(), "conflict", "{err:?}");
                }
                let detail = store.incident(a.id, t0(), &paris()).unwrap();
                assert!(detail.promises.iter().all(|p| p.moves == 0));
                assert!(detail.promises.iter().any(|p| p.due_at == "2026-11-26T11:00:00Z"), "the due time stays");
                assert!(!detail.events.iter().any(|e| e.summary.starts_with("Promise moved")));
            }

            #[test]
            fn to_the_time_it_is_already_due_or_a_promise_that_is_gone() {
                let mut store = Store::open_in_memory().unwrap();
                let a = log(&mut store, "Ana");
                let pa = promise(&mut store, a.id, "Refund", "2026-11-26T12:00");
                let err = move_to(&mut store, pa, "2026-11-26T12:00", "Late", t0()).unwrap_err();
                let json = serde_json::to_value(&err).unwrap();
                assert!(json["fields"]["due_at"].as_str().unwrap().contains("already due then"), "{json}");
                assert_eq!(store.incident(a.id, t0(), &paris()).unwrap().promises[0].moves, 0);
                let err = move_to(&mut store, pa + 100, "2026-11-28T12:00", "Late", t0()).unwrap_err();
                assert_eq!(err.kind(), "not_found");
            }
        }
    }

    mod error {
        use super::*;

        #[test]
        fn empty_or_past_promise() {
            let mut store = Store::open_in_memory().unwrap();
            let a = log(&mut store, "Ana");
            let err = PromiseInput { text: " ".into(), due_at: "2026-11-20T10:00".into(), owner_id: None }
                .validated(t0(), &tz())
                .unwrap_err();
            let json = serde_json::to_value(&err).unwrap();
            assert!(json["fields"]["text"].is_string());
            assert!(json["fields"]["due_at"].as_str().unwrap().contains("already passed"));
            assert!(store.incident(a.id, t0(), &tz()).unwrap().promises.is_empty());
        }
    }
}

#[test]
fn calendar_export_lists_open_calls_and_promises() {
    let mut store = Store::open_in_memory().unwrap();
    let a = log(&mut store, "Zoë");
    schedule(&mut store, a.id, "2026-11-24T10:00");
    store
        .add_promise(
            a.id,
            &PromiseInput { text: "Refund, by Friday".into(), due_at: "2026-11-27T17:00".into(), owner_id: None }
                .validated(t0(), &tz())
                .unwrap(),
            None,
            t0(),
            &tz(),
        )
        .unwrap();
    let text = store.calendar_export("Bike Barn", t0()).unwrap();
    let calendars: Vec<_> = ical::IcalParser::new(text.as_bytes()).collect::<Result<_, _>>().unwrap();
    assert_eq!(calendars[0].events.len(), 2);
    assert!(text.contains("SUMMARY:Follow-up call: Zoë"));
    assert!(text.contains("Refund\\, by Friday"));
}
