//! Insights on a small hand-built shop whose figures are worked out by hand.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use mend::domain::customer::NewCustomerInput;
use mend::domain::gesture::GivenInput;
use mend::domain::incident::IncidentInput;
use mend::domain::period::{Period, PeriodKind};
use mend::domain::playbook::{PlaybookInput, StepInput};
use mend::domain::validate::start_of_local_day;
use mend::store::{CallInput, FollowUpInput, IncidentDetail, RootCauseInput, Store};

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn log(store: &mut Store, customer: Option<i64>, name: &str, category: i64, when: &str) -> IncidentDetail {
    let input = IncidentInput {
        customer_id: customer,
        new_customer: customer.is_none().then(|| NewCustomerInput { name: name.into(), ..Default::default() }),
        channel: "in_person".into(),
        category_id: Some(category),
        severity: Some(3),
        description: "Something".into(),
        transaction_value: "50".into(),
        ..Default::default()
    };
    let fields = input.validated(at(when), &utc()).unwrap();
    store.create_incident(&fields, None, at(when), &utc()).unwrap()
}

fn range(p: Period) -> (DateTime<Utc>, DateTime<Utc>) {
    (start_of_local_day(p.start, &utc()), start_of_local_day(p.end.succ_opt().unwrap(), &utc()))
}

#[test]
fn a_month_of_a_small_shop() {
    let mut store = Store::open_in_memory().unwrap();
    // The shop's default: answer within an hour, call back a day after that.
    let step = |title: &str, amount: i64, unit: &str, from: &str| StepInput {
        title: title.into(),
        target_amount: Some(amount),
        target_unit: unit.into(),
        target_from: from.into(),
        ..Default::default()
    };
    let house = PlaybookInput {
        name: "House way".into(),
        steps: vec![step("Answer", 60, "minutes", "intake"), step("Call back", 1, "days", "previous_step")],
        ..Default::default()
    };
    let house = store.create_playbook(&house.validated().unwrap(), at("2026-10-01T00:00:00Z")).unwrap();
    store.set_default_playbook(house.id).unwrap();
    // Last month: one incident.
    log(&mut store, None, "Old", 1, "2026-10-20T10:00:00Z");
    // This month (to 22 Nov): Ana twice (wait time), Bo once (billing).
    let a1 = log(&mut store, None, "Ana", 1, "2026-11-02T10:00:00Z");
    let a2 = log(&mut store, Some(a1.customer.id), "", 1, "2026-11-10T10:00:00Z");
    let b1 = log(&mut store, None, "Bo", 4, "2026-11-11T09:00:00Z");
    // First responses: 5, 30 and 120 minutes.
    store.tick_step(a1.id, 1, "", None, at("2026-11-02T10:05:00Z")).unwrap();
    store.tick_step(a2.id, 1, "", None, at("2026-11-10T10:30:00Z")).unwrap();
    store.tick_step(b1.id, 1, "", None, at("2026-11-11T11:00:00Z")).unwrap();
    // Resolutions: a1 after 1 day, b1 after 2 hours; a2 still open.
    store.resolve_incident(a1.id, "", None, at("2026-11-03T10:00:00Z"), &utc()).unwrap();
    store.resolve_incident(b1.id, "", None, at("2026-11-11T11:00:00Z"), &utc()).unwrap();
    store
        .record_root_cause(
            a2.id,
            &RootCauseInput { root_cause: "Double booking".into(), action: "One diary".into(), ..Default::default() },
            None,
            at("2026-11-10T12:00:00Z"),
        )
        .unwrap();
    let gift =
        GivenInput { description: "Coffee".into(), kind: "gift".into(), cost: "3.50".into(), ..Default::default() }
            .validated()
            .unwrap();
    store.record_gesture(a1.id, &gift, None, None, at("2026-11-03T10:00:00Z")).unwrap();
    store.record_gesture(b1.id, &gift, None, None, at("2026-11-11T11:00:00Z")).unwrap();
    let given = store.incident(b1.id, at("2026-11-12T00:00:00Z"), &utc()).unwrap().gestures[0].id;
    store.set_gesture_redeemed(b1.id, given, true, None, at("2026-11-15T10:00:00Z")).unwrap();
    store
        .schedule_follow_up(
            b1.id,
            &FollowUpInput { due_at: "2026-11-12T10:00".into(), assignee_id: None },
            None,
            at("2026-11-11T12:00:00Z"),
            &utc(),
        )
        .unwrap();
    let call = store.incident(b1.id, at("2026-11-12T00:00:00Z"), &utc()).unwrap().follow_ups[0].id;
    store
        .log_call(
            call,
            &CallInput { outcome: "satisfied".into(), ..Default::default() },
            None,
            at("2026-11-12T10:00:00Z"),
            &utc(),
        )
        .unwrap();

    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let period = Period::of(PeriodKind::ThisMonth, today, None).unwrap();
    let previous = period.previous();
    let i = store.insights(period, range(period), previous, range(previous)).unwrap();

    assert_eq!((i.incidents.now, i.incidents.before), (3, 1));
    assert_eq!(i.incidents.change_percent, Some(200));
    assert_eq!(i.pareto[0].category, "Wait time");
    assert_eq!(i.pareto[0].count, 2);
    assert_eq!(i.pareto[0].cumulative_percent, 66);
    assert_eq!(i.pareto[0].root_causes, ["Double booking"]);
    assert_eq!(i.pareto[1].cumulative_percent, 100);
    let weeks: Vec<_> = i.weekly.iter().map(|(w, c, n)| (w.as_str(), c.as_str(), *n)).collect();
    assert_eq!(weeks, [("2026-11-02", "Wait time", 1), ("2026-11-09", "Billing", 1), ("2026-11-09", "Wait time", 1)]);
    assert_eq!(i.first_response.median_minutes, Some(30));
    assert_eq!(i.first_response.p90_minutes, Some(120));
    assert_eq!(i.resolution.count, 2);
    assert_eq!(i.resolution.median_minutes, Some(120));
    assert_eq!(i.resolution.p90_minutes, Some(1440));
    assert_eq!(i.previous_resolution.count, 0);
    // Against the house playbook: 60 minutes to answer (5 and 30 were in
    // time, 120 was not), 60 + 1440 minutes to finish (both were in time).
    assert_eq!(i.targets.playbook, "House way");
    assert_eq!((i.targets.first_response_minutes, i.targets.resolution_minutes), (Some(60), Some(1500)));
    assert_eq!((i.targets.first_response_met, i.targets.resolution_met), (2, 2));
    assert_eq!(i.gestures.now, 2);
    assert_eq!(i.gestures_redeemed, 1);
    assert_eq!(i.spend_by_month[0].cents, 700);
    assert_eq!(i.follow_up_outcomes, [1, 0, 0, 0]);
    assert_eq!(i.repeat_complainants, 1);
    // Ana came back after her first incident was put right.
    assert_eq!((i.recovered_customers, i.came_back), (2, 1));
    assert_eq!(i.prevention, [1, 0]);
}

#[test]
fn an_empty_period_is_all_zeros() {
    let store = Store::open_in_memory().unwrap();
    let period = Period::of(PeriodKind::ThisYear, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), None).unwrap();
    let previous = period.previous();
    let i = store.insights(period, range(period), previous, range(previous)).unwrap();
    assert_eq!(i.incidents.now, 0);
    assert_eq!(i.incidents.change_percent, None);
    assert!(i.pareto.is_empty() && i.weekly.is_empty());
    assert_eq!(i.first_response.median_minutes, None);
}
