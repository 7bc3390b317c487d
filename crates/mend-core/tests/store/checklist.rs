//! Playbooks and the per-incident checklist through the public API.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use mend_core::domain::incident::IncidentInput;
use mend_core::domain::playbook::{PlaybookInput, StepInput};
use mend_core::domain::recovery;
use mend_core::domain::recovery::{FollowUpInput, RootCauseInput};
use mend_core::store::{IncidentDetail, Store};

fn t0() -> DateTime<Utc> {
    "2026-11-22T10:00:00Z".parse().unwrap()
}

fn tz() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

fn log(store: &mut Store, playbook_id: Option<i64>) -> IncidentDetail {
    let input = IncidentInput {
        new_customer: Some(mend_core::domain::customer::NewCustomerInput { name: "Ana".into(), ..Default::default() }),
        channel: "phone".into(),
        severity: Some(3),
        description: "Wrong colour".into(),
        playbook_id,
        ..Default::default()
    };
    let fields = input.validated(t0(), &tz()).unwrap();
    let id = store.create_incident(&fields, None, t0()).unwrap();
    store.incident(id, t0(), &tz()).unwrap()
}

fn titles(detail: &IncidentDetail) -> Vec<String> {
    detail.checklist.iter().map(|s| s.step.title.clone()).collect()
}

mod snapshot {
    use super::*;

    #[test]
    fn default_playbook_is_copied_onto_a_new_incident() {
        let mut store = Store::open_in_memory().unwrap();
        let d = log(&mut store, None);
        assert_eq!(d.playbook.as_ref().unwrap().id, 1);
        assert_eq!(d.checklist.len(), store.playbook(1).unwrap().steps.len());
        assert!(d.checklist[0].is_next);
        assert!(d.events[0].summary.contains("playbook: Five steps"));
    }

    #[test]
    fn editing_a_playbook_leaves_checklists_under_way_alone() {
        let mut store = Store::open_in_memory().unwrap();
        let mine = store.copy_playbook(3, t0()).unwrap();
        let d = log(&mut store, Some(mine.id));
        let before = titles(&d);
        let edited = PlaybookInput {
            name: mine.name.clone(),
            steps: vec![StepInput { title: "Only one step now".into(), ..Default::default() }],
            ..Default::default()
        }
        .validated()
        .unwrap();
        store.update_playbook(mine.id, Some(mine.version), &edited, t0(), &tz()).unwrap();
        let after = store.incident(d.id, t0(), &tz()).unwrap();
        assert_eq!(titles(&after), before);
        assert_eq!(after.checklist.len(), 7);
        // A new incident gets the edited steps.
        assert_eq!(titles(&log(&mut store, Some(mine.id))), ["Only one step now"]);
    }

    #[test]
    fn every_builtin_runs_to_completion() {
        let mut store = Store::open_in_memory().unwrap();
        for p in store.list_playbooks(true).unwrap() {
            let d = log(&mut store, Some(p.id));
            for step in &d.checklist {
                store
                    .tick_step(
                        d.id,
                        step.step.position,
                        &recovery::step_note("").unwrap(),
                        None,
                        t0() + Duration::minutes(1),
                    )
                    .unwrap();
            }
            let done = store.incident(d.id, t0() + Duration::minutes(2), &tz()).unwrap();
            assert!(done.checklist.iter().all(|s| s.done_at.is_some() && !s.is_next), "{}", p.name);
            store
                .resolve_incident(d.id, &recovery::resolution_note("").unwrap(), None, t0() + Duration::hours(1))
                .unwrap();
            let resolved = store.incident(d.id, t0() + Duration::hours(1), &tz()).unwrap();
            assert_eq!(resolved.timings.resolution_minutes, Some(60));
        }
    }

    mod error {
        use super::*;

        #[test]
        fn retired_playbook_cannot_be_picked() {
            let mut store = Store::open_in_memory().unwrap();
            store.set_playbook_hidden(5, true).unwrap();
            let input = IncidentInput {
                customer_id: None,
                new_customer: Some(mend_core::domain::customer::NewCustomerInput {
                    name: "Bo".into(),
                    ..Default::default()
                }),
                channel: "phone".into(),
                severity: Some(2),
                description: "x".into(),
                playbook_id: Some(5),
                ..Default::default()
            };
            let fields = input.validated(t0(), &tz()).unwrap();
            let err = store.create_incident(&fields, None, t0()).unwrap_err();
            assert!(serde_json::to_value(&err).unwrap()["fields"]["playbook_id"].is_string());
            let count: i64 = store.connection().query_row("SELECT count(*) FROM customers", [], |r| r.get(0)).unwrap();
            assert_eq!(count, 0);
        }
    }
}

mod work {
    use super::*;

    #[test]
    fn tick_records_who_and_when_and_moves_next_and_overdue() {
        let mut store = Store::open_in_memory().unwrap();
        let ana = store.add_staff("Ana", t0()).unwrap();
        let d = log(&mut store, Some(3)); // seven steps: step 2 "Say sorry" within 5 minutes
        let late = store.incident(d.id, t0() + Duration::minutes(6), &tz()).unwrap();
        assert!(late.checklist[1].overdue, "say sorry should be late after 6 minutes");
        assert!(late.checklist[0].is_next);

        store
            .tick_step(d.id, 1, &recovery::step_note("Owned it").unwrap(), Some(ana.id), t0() + Duration::minutes(1))
            .unwrap();
        store.tick_step(d.id, 2, &recovery::step_note("").unwrap(), Some(ana.id), t0() + Duration::minutes(7)).unwrap();
        let now = store.incident(d.id, t0() + Duration::minutes(8), &tz()).unwrap();
        assert_eq!(now.checklist[0].done_by.as_ref().unwrap().name, "Ana");
        assert_eq!(now.checklist[0].note, "Owned it");
        assert!(!now.checklist[1].overdue);
        assert!(now.checklist[2].is_next);
        assert_eq!(now.timings.first_response_minutes, Some(1));
        assert_eq!(now.timings.first_response_text.as_deref(), Some("1 min"));
        assert!(now.events.iter().any(|e| e.summary == "Step 1 done: Take responsibility (Owned it)"));

        store
            .untick_step(
                d.id,
                2,
                &recovery::untick_reason("Apology was to the wrong person").unwrap(),
                Some(ana.id),
                t0() + Duration::minutes(9),
            )
            .unwrap();
        let after = store.incident(d.id, t0() + Duration::minutes(9), &tz()).unwrap();
        assert!(after.checklist[1].is_next && after.checklist[1].overdue);
        assert!(after.events.last().unwrap().summary.contains("Apology was to the wrong person"));
    }

    #[test]
    fn captures_fill_the_incident() {
        let mut store = Store::open_in_memory().unwrap();
        let ana = store.add_staff("Ana", t0()).unwrap();
        let d = log(&mut store, Some(3));
        store
            .set_desired_outcome(d.id, &recovery::desired_outcome("A free redo on Saturday").unwrap(), None, t0())
            .unwrap();
        store
            .record_root_cause(
                d.id,
                &RootCauseInput {
                    root_cause: "Toner mixed from the wrong chart".into(),
                    action: "Label the charts".into(),
                    owner_id: Some(ana.id),
                    due_date: "2026-11-30".into(),
                }
                .validated()
                .unwrap(),
                None,
                t0(),
            )
            .unwrap();
        store
            .schedule_follow_up(
                d.id,
                &FollowUpInput { due_at: "2026-11-24T10:00".into(), assignee_id: None }.validated(t0(), &tz()).unwrap(),
                None,
                t0(),
                &tz(),
            )
            .unwrap();
        let after = store.incident(d.id, t0(), &tz()).unwrap();
        assert_eq!(after.desired_outcome, "A free redo on Saturday");
        assert_eq!(after.root_cause, "Toner mixed from the wrong chart");
        assert_eq!(after.prevention_actions[0].owner.as_ref().unwrap().name, "Ana");
        assert_eq!(after.prevention_actions[0].due_date.as_deref(), Some("2026-11-30"));
        assert_eq!(after.follow_ups[0].due_at, "2026-11-24T10:00:00Z");
        assert!(after.follow_ups[0].assignee.is_none());
        assert!(after.follow_ups[0].outcome.is_none());
    }

    mod error {
        use super::*;

        #[test]
        fn ticking_on_a_resolved_incident() {
            let mut store = Store::open_in_memory().unwrap();
            let d = log(&mut store, None);
            store.resolve_incident(d.id, &recovery::resolution_note("").unwrap(), None, t0()).unwrap();
            let err = store.tick_step(d.id, 1, &recovery::step_note("").unwrap(), None, t0()).unwrap_err();
            assert_eq!(err.kind(), "conflict");
            assert!(err.to_string().contains("Reopen it"));
        }

        #[test]
        fn ticking_twice_and_unticking_without_reason() {
            let mut store = Store::open_in_memory().unwrap();
            let d = log(&mut store, None);
            store.tick_step(d.id, 1, &recovery::step_note("").unwrap(), None, t0()).unwrap();
            assert_eq!(
                store.tick_step(d.id, 1, &recovery::step_note("").unwrap(), None, t0()).unwrap_err().kind(),
                "conflict"
            );
            assert_eq!(recovery::untick_reason("  ").unwrap_err().kind(), "invalid");
            assert!(store.incident(d.id, t0(), &tz()).unwrap().checklist[0].done_at.is_some());
        }

        #[test]
        fn follow_up_in_the_past() {
            let mut store = Store::open_in_memory().unwrap();
            let d = log(&mut store, None);
            let err = FollowUpInput { due_at: "2026-11-21T10:00".into(), assignee_id: None }
                .validated(t0(), &tz())
                .unwrap_err();
            assert!(serde_json::to_value(&err).unwrap()["fields"]["due_at"]
                .as_str()
                .unwrap()
                .contains("already passed"));
            assert!(store.incident(d.id, t0(), &tz()).unwrap().follow_ups.is_empty());
        }

        #[test]
        fn prevention_owner_without_action() {
            let mut store = Store::open_in_memory().unwrap();
            let ana = store.add_staff("Ana", t0()).unwrap();
            let d = log(&mut store, None);
            let err =
                RootCauseInput { root_cause: "Busy Saturday".into(), owner_id: Some(ana.id), ..Default::default() }
                    .validated()
                    .unwrap_err();
            assert_eq!(err.kind(), "invalid");
            assert_eq!(store.incident(d.id, t0(), &tz()).unwrap().root_cause, "");
        }
    }
}

mod today {
    use super::*;

    #[test]
    fn late_incidents_on_top_with_their_step_names() {
        let mut store = Store::open_in_memory().unwrap();
        let older = log(&mut store, Some(6)); // LAST: listen (no target), apologize within 5 min
        store.tick_step(older.id, 1, &recovery::step_note("").unwrap(), None, t0()).unwrap();
        store.tick_step(older.id, 2, &recovery::step_note("").unwrap(), None, t0()).unwrap();
        let newer = log(&mut store, Some(3));
        let today = store.today(t0(), t0() + Duration::minutes(10), &tz()).unwrap();
        assert_eq!(today.open_incidents[0].id, newer.id, "the late one first");
        assert!(today.open_incidents[0].overdue);
        assert_eq!(today.open_incidents[0].overdue_step.as_deref(), Some("Say sorry"));
        assert_eq!(today.open_incidents[0].next_step.as_deref(), Some("Take responsibility"));
        assert_eq!(today.open_incidents[1].id, older.id);
        assert!(!today.open_incidents[1].overdue);
        assert_eq!(today.overdue_count, 1);
    }
}

mod apology {
    use super::*;

    fn step(title: &str, apology: bool) -> StepInput {
        StepInput { title: title.into(), apology, ..Default::default() }
    }

    #[test]
    fn is_the_step_marked_so_whatever_its_title() {
        let mut store = Store::open_in_memory().unwrap();
        let fields = PlaybookInput {
            name: "Our way".into(),
            steps: vec![step("Own it", false), step("Make amends", true), step("Call back", false)],
            ..Default::default()
        }
        .validated()
        .unwrap();
        let playbook = store.create_playbook(&fields, t0()).unwrap();
        assert_eq!(playbook.steps.iter().map(|s| s.apology).collect::<Vec<_>>(), [false, true, false]);

        let d = log(&mut store, Some(playbook.id));
        let advice = d.advice.unwrap();
        assert!(!advice.apologized);
        assert_eq!(advice.apology_step, Some(2), "the marked step, though its title never says sorry");
        store.tick_step(d.id, 1, &recovery::step_note("").unwrap(), None, t0()).unwrap();
        assert!(!store.incident(d.id, t0(), &tz()).unwrap().advice.unwrap().apologized);
        store.tick_step(d.id, 2, &recovery::step_note("").unwrap(), None, t0()).unwrap();
        let advice = store.incident(d.id, t0(), &tz()).unwrap().advice.unwrap();
        assert!(advice.apologized);
        assert_eq!(advice.apology_step, None);
    }

    #[test]
    fn a_playbook_without_one_has_nothing_to_tick() {
        let mut store = Store::open_in_memory().unwrap();
        let fields =
            PlaybookInput { name: "Quick".into(), steps: vec![step("Say sorry", false)], ..Default::default() }
                .validated()
                .unwrap();
        let playbook = store.create_playbook(&fields, t0()).unwrap();
        let advice = log(&mut store, Some(playbook.id)).advice.unwrap();
        assert_eq!((advice.apologized, advice.apology_step), (false, None), "the title alone decides nothing");
    }

    mod error {
        use super::*;

        #[test]
        fn two_steps_marked() {
            let err = PlaybookInput {
                name: "Twice".into(),
                steps: vec![step("Sorry", true), step("Sorry again", true)],
                ..Default::default()
            }
            .validated()
            .unwrap_err();
            assert_eq!(
                serde_json::to_value(&err).unwrap()["fields"]["steps"],
                "Mark one step as the apology, not several."
            );
        }
    }
}
