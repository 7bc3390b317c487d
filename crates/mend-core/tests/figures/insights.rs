//! Insights on a small hand-built shop whose figures are worked out by hand.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use mend_core::domain::customer::NewCustomerInput;
use mend_core::domain::gesture::GivenInput;
use mend_core::domain::incident::IncidentInput;
use mend_core::domain::period::{percentile, Period, PeriodKind};
use mend_core::domain::playbook::{PlaybookInput, StepInput};
use mend_core::domain::recovery;
use mend_core::domain::recovery::{CallInput, FollowUpInput, MovePromiseInput, PromiseInput, RootCauseInput};
use mend_core::domain::validate::start_of_local_day;
use mend_core::store::{IncidentDetail, Store};

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
    let id = store.create_incident(&fields, None, at(when)).unwrap();
    store.incident(id, at(when), &utc()).unwrap()
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
    store.tick_step(a1.id, 1, &recovery::step_note("").unwrap(), None, at("2026-11-02T10:05:00Z")).unwrap();
    store.tick_step(a2.id, 1, &recovery::step_note("").unwrap(), None, at("2026-11-10T10:30:00Z")).unwrap();
    store.tick_step(b1.id, 1, &recovery::step_note("").unwrap(), None, at("2026-11-11T11:00:00Z")).unwrap();
    // Resolutions: a1 after 1 day, b1 after 2 hours; a2 still open.
    store.resolve_incident(a1.id, &recovery::resolution_note("").unwrap(), None, at("2026-11-03T10:00:00Z")).unwrap();
    store.resolve_incident(b1.id, &recovery::resolution_note("").unwrap(), None, at("2026-11-11T11:00:00Z")).unwrap();
    store
        .record_root_cause(
            a2.id,
            &RootCauseInput { root_cause: "Double booking".into(), action: "One diary".into(), ..Default::default() }
                .validated()
                .unwrap(),
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
            &FollowUpInput { due_at: "2026-11-12T10:00".into(), assignee_id: None }
                .validated(at("2026-11-11T12:00:00Z"), &utc())
                .unwrap(),
            None,
            at("2026-11-11T12:00:00Z"),
            &utc(),
        )
        .unwrap();
    let call = store.incident(b1.id, at("2026-11-12T00:00:00Z"), &utc()).unwrap().follow_ups[0].id;
    store
        .log_call(
            call,
            &CallInput { outcome: "satisfied".into(), ..Default::default() }
                .validated(at("2026-11-12T10:00:00Z"), &utc())
                .unwrap(),
            None,
            at("2026-11-12T10:00:00Z"),
            &utc(),
        )
        .unwrap();

    // A promise to Ana, moved twice this month, now due next month.
    store
        .add_promise(
            a2.id,
            &PromiseInput { text: "Refund".into(), due_at: "2026-11-12T17:00".into(), owner_id: None }
                .validated(at("2026-11-10T12:00:00Z"), &utc())
                .unwrap(),
            None,
            at("2026-11-10T12:00:00Z"),
            &utc(),
        )
        .unwrap();
    let promise = store.incident(a2.id, at("2026-11-10T12:00:00Z"), &utc()).unwrap().promises[0].id;
    for (when, to) in [("2026-11-12T09:00:00Z", "2026-11-20T17:00"), ("2026-11-20T09:00:00Z", "2026-12-05T17:00")] {
        let fields = MovePromiseInput { due_at: to.into(), reason: "The bank is slow".into() }
            .validated(at(when), &utc())
            .unwrap();
        store.move_promise(promise, &fields, None, at(when), &utc()).unwrap();
    }

    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let period = Period::of(PeriodKind::ThisMonth, today, None).unwrap();
    let previous = period.previous(PeriodKind::ThisMonth);
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
    // Percentiles come from duration buckets (every minute up to 2 hours,
    // quarter hours up to 2 days, hours beyond) and are exact to the bucket;
    // 5, 30, 120 and 1440 minutes are each a bucket's upper end, so exact.
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
    // The moves count in the month they were made, though the promise now falls due after it.
    assert_eq!((i.promises, i.promises_moved), ([0, 0, 0], 2));
}

#[test]
fn every_incident_of_the_period_counts_in_the_response_figures() {
    let mut store = Store::open_in_memory().unwrap();
    // The default playbook (Five steps) asks for a first response within 5 minutes.
    let a = log(&mut store, None, "Ana", 1, "2026-11-02T10:00:00Z");
    let b = log(&mut store, None, "Bo", 1, "2026-11-03T10:00:00Z");
    log(&mut store, None, "Cy", 1, "2026-11-04T10:00:00Z");
    // Ana: a step ticked in 3 minutes. Bo: resolved 4 minutes in, nothing
    // ticked, so resolving is the first response. Cy: nothing yet.
    store.tick_step(a.id, 1, &recovery::step_note("").unwrap(), None, at("2026-11-02T10:03:00Z")).unwrap();
    store.resolve_incident(b.id, &recovery::resolution_note("").unwrap(), None, at("2026-11-03T10:04:00Z")).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let period = Period::of(PeriodKind::ThisMonth, today, None).unwrap();
    let previous = period.previous(PeriodKind::ThisMonth);
    let i = store.insights(period, range(period), previous, range(previous)).unwrap();
    assert_eq!(i.incidents.now, 3);
    assert_eq!(i.first_response.count, 2);
    assert_eq!(i.first_response_waiting, 1);
    assert_eq!(i.first_response.median_minutes, Some(3));
    assert_eq!(i.first_response.p90_minutes, Some(4));
    assert_eq!(i.targets.first_response_minutes, Some(5));
    assert_eq!(i.targets.first_response_met, 2);
}

#[test]
fn an_empty_period_is_all_zeros() {
    let store = Store::open_in_memory().unwrap();
    let period = Period::of(PeriodKind::ThisYear, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), None).unwrap();
    let previous = period.previous(PeriodKind::ThisYear);
    let i = store.insights(period, range(period), previous, range(previous)).unwrap();
    assert_eq!(i.incidents.now, 0);
    assert_eq!(i.incidents.change_percent, None);
    assert!(i.pareto.is_empty() && i.weekly.is_empty());
    assert_eq!(i.first_response.median_minutes, None);
}

/// The bucket a duration falls in, named by its upper end (as Insights
/// rounds them: every minute to 2 hours, quarter hours to 2 days, hours).
fn bucket(minutes: i64) -> i64 {
    match minutes {
        m if m <= 120 => m,
        m if m <= 2880 => (m + 14) / 15 * 15,
        m => (m + 59) / 60 * 60,
    }
}

/// Insights worked out the plain way, row by row, for [`from`, `until`).
fn plain_insights(store: &Store, from: DateTime<Utc>, until: DateTime<Utc>) -> Vec<(String, String)> {
    let conn = store.connection();
    let (f, u) = (
        from.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    );
    let rows = |sql: &str| -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        let out = stmt
            .query_map((&f, &u), |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out
    };
    let minutes = |column: &str| -> Vec<i64> {
        let mut values: Vec<i64> = rows(&format!(
            "SELECT (julianday({column}) - julianday(received_at)) * 1440 FROM incidents
             WHERE received_at >= ?1 AND received_at < ?2 AND {column} IS NOT NULL"
        ))
        .iter()
        .map(|v| v.trim_start_matches("Real(").trim_end_matches(')').parse::<f64>().unwrap().round().max(0.0) as i64)
        .map(bucket)
        .collect();
        values.sort_unstable();
        values
    };
    let spread =
        |values: &[i64]| format!("{:?} {:?} {}", percentile(values, 50.0), percentile(values, 90.0), values.len());
    let mut out = vec![
        ("incidents".into(), rows("SELECT count(*) FROM incidents WHERE received_at >= ?1 AND received_at < ?2").join(",")),
        (
            "categories".into(),
            rows(
                "SELECT coalesce(c.name, 'No category'), count(*) FROM incidents i LEFT JOIN categories c ON c.id = i.category_id
                 WHERE received_at >= ?1 AND received_at < ?2 GROUP BY i.category_id ORDER BY 2 DESC, 1",
            )
            .join(","),
        ),
        ("first response".into(), spread(&minutes("first_done_at"))),
        (
            "waiting for a first response".into(),
            rows(
                "SELECT count(*) FROM incidents WHERE received_at >= ?1 AND received_at < ?2
                 AND first_done_at IS NULL",
            )
            .join(","),
        ),
        ("resolution".into(), spread(&minutes("resolved_at"))),
        (
            "gestures".into(),
            rows(
                "SELECT count(*), coalesce(sum(cost_cents), 0), count(redeemed_at) FROM incident_gestures
                 WHERE given_at >= ?1 AND given_at < ?2",
            )
            .join(","),
        ),
        (
            "spend by month".into(),
            rows(
                "SELECT substr(given_at, 1, 7) AS m, sum(cost_cents) FROM incident_gestures
                 WHERE given_at >= ?1 AND given_at < ?2 GROUP BY m ORDER BY m",
            )
            .join(","),
        ),
        (
            "spend by category".into(),
            rows(
                "SELECT coalesce(c.name, 'No category'), sum(g.cost_cents) FROM incident_gestures g
                 JOIN incidents i ON i.id = g.incident_id LEFT JOIN categories c ON c.id = i.category_id
                 WHERE g.given_at >= ?1 AND g.given_at < ?2 GROUP BY i.category_id ORDER BY 2 DESC, 1",
            )
            .join(","),
        ),
        (
            "calls".into(),
            rows(
                "SELECT outcome, count(*) FROM follow_ups WHERE done_at >= ?1 AND done_at < ?2 AND outcome IS NOT NULL
                 GROUP BY 1 ORDER BY 1",
            )
            .join(","),
        ),
        (
            "promises".into(),
            rows("SELECT status, count(*) FROM promises WHERE due_at >= ?1 AND due_at < ?2 GROUP BY 1 ORDER BY 1").join(","),
        ),
        (
            "promises moved".into(),
            rows("SELECT count(*) FROM promise_moves WHERE moved_at >= ?1 AND moved_at < ?2").join(","),
        ),
        (
            "prevention".into(),
            rows(
                "SELECT done_at IS NOT NULL, count(*) FROM prevention_actions WHERE created_at >= ?1 AND created_at < ?2
                 GROUP BY 1 ORDER BY 1",
            )
            .join(","),
        ),
        (
            "repeat".into(),
            rows(
                "SELECT count(*) FROM (SELECT customer_id FROM incidents WHERE received_at >= ?1 AND received_at < ?2
                 GROUP BY customer_id HAVING count(*) >= 2)",
            )
            .join(","),
        ),
        (
            "recovered, came back".into(),
            rows(
                "SELECT count(DISTINCT customer_id), (SELECT count(DISTINCT i.customer_id) FROM incidents i
                   JOIN customers c ON c.id = i.customer_id
                   WHERE i.resolved_at >= ?1 AND i.resolved_at < ?2
                     AND (c.last_visit > substr(i.resolved_at, 1, 10)
                          OR EXISTS (SELECT 1 FROM incidents later
                                     WHERE later.customer_id = i.customer_id AND later.received_at > i.resolved_at)))
                 FROM incidents WHERE resolved_at >= ?1 AND resolved_at < ?2",
            )
            .join(","),
        ),
    ];
    // Root causes: the three most common of each category.
    for name in rows(
        "SELECT DISTINCT coalesce(category_id, 0) FROM incidents WHERE received_at >= ?1 AND received_at < ?2 ORDER BY 1",
    ) {
        let key = name.trim_start_matches("Integer(").trim_end_matches(')').to_string();
        out.push((
            format!("causes {key}"),
            rows(&format!(
                "SELECT root_cause FROM incidents WHERE coalesce(category_id, 0) = {key}
                 AND received_at >= ?1 AND received_at < ?2 AND root_cause <> ''
                 GROUP BY root_cause ORDER BY count(*) DESC, root_cause LIMIT 3"
            ))
            .join(","),
        ));
    }
    out
}

/// The same figures from what `Store::insights` returns.
fn rolled_insights(i: &mend_core::store::Insights) -> Vec<(String, String)> {
    use rusqlite::types::Value::{Integer, Text};
    let v = |x: i64| format!("{:?}", Integer(x));
    let t = |x: &str| format!("{:?}", Text(x.to_string()));
    let spread = |s: &mend_core::store::Spread| format!("{:?} {:?} {}", s.median_minutes, s.p90_minutes, s.count);
    let counted = |pairs: Vec<(&str, i64)>| {
        pairs.into_iter().filter(|p| p.1 > 0).map(|(k, n)| format!("{}|{}", t(k), v(n))).collect::<Vec<_>>().join(",")
    };
    let mut out = vec![
        ("incidents".into(), v(i.incidents.now)),
        (
            "categories".into(),
            i.pareto.iter().map(|c| format!("{}|{}", t(&c.category), v(c.count))).collect::<Vec<_>>().join(","),
        ),
        ("first response".into(), spread(&i.first_response)),
        ("waiting for a first response".into(), v(i.first_response_waiting)),
        ("resolution".into(), spread(&i.resolution)),
        (
            "gestures".into(),
            format!(
                "{}|{}|{}",
                v(i.gestures.now),
                v(i.spend_by_month.iter().map(|m| m.cents).sum()),
                v(i.gestures_redeemed)
            ),
        ),
        (
            "spend by month".into(),
            i.spend_by_month.iter().map(|m| format!("{}|{}", t(&m.label), v(m.cents))).collect::<Vec<_>>().join(","),
        ),
        (
            "spend by category".into(),
            i.spend_by_category.iter().map(|m| format!("{}|{}", t(&m.label), v(m.cents))).collect::<Vec<_>>().join(","),
        ),
        (
            "calls".into(),
            counted(vec![
                ("no_answer", i.follow_up_outcomes[3]),
                ("not_satisfied", i.follow_up_outcomes[2]),
                ("partly_satisfied", i.follow_up_outcomes[1]),
                ("satisfied", i.follow_up_outcomes[0]),
            ]),
        ),
        ("promises".into(), counted(vec![("broken", i.promises[1]), ("kept", i.promises[0]), ("open", i.promises[2])])),
        ("promises moved".into(), v(i.promises_moved)),
        (
            "prevention".into(),
            [(0, i.prevention[0]), (1, i.prevention[1])]
                .iter()
                .filter(|p| p.1 > 0)
                .map(|(k, n)| format!("{}|{}", v(*k), v(*n)))
                .collect::<Vec<_>>()
                .join(","),
        ),
        ("repeat".into(), v(i.repeat_complainants)),
        ("recovered, came back".into(), format!("{}|{}", v(i.recovered_customers), v(i.came_back))),
    ];
    out.sort();
    out
}

#[test]
fn rolled_up_figures_equal_a_row_by_row_count_on_a_generated_shop() {
    let mut store = Store::open_in_memory().unwrap();
    store.generate_sample(3000, 11, at("2026-11-24T09:30:00Z")).unwrap();
    // Some incidents resolved with no step ticked, so resolving is their
    // first response, and some whose first response is still to come.
    store
        .connection()
        .execute_batch(
            "UPDATE incident_steps SET done_at = NULL WHERE incident_id % 17 = 0;
             UPDATE incidents SET responded_at = resolved_at WHERE id % 34 = 0;",
        )
        .unwrap();
    // Promises moved to a new time: every fifth once, a day after it was made, and every
    // fifteenth again, two days after that (at an odd minute, so edges of days cut them too).
    store
        .connection()
        .execute_batch(
            "INSERT INTO promise_moves (promise_id, from_due_at, to_due_at, reason, moved_at)
             SELECT id, due_at, due_at, 'Part late', strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+1 days', '+7 minutes')
             FROM promises WHERE id % 5 = 0;
             INSERT INTO promise_moves (promise_id, from_due_at, to_due_at, reason, moved_at)
             SELECT id, due_at, due_at, 'Still late', strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+3 days', '+7 hours')
             FROM promises WHERE id % 15 = 0;",
        )
        .unwrap();
    assert!(
        store.connection().query_row("SELECT count(*) FROM promise_moves", [], |r| r.get::<_, i64>(0)).unwrap() > 50,
        "the shop has moved promises"
    );
    // Kolkata is UTC+5:30, so its midnights cut UTC days in half; New York
    // changes its clocks inside some of these periods.
    type Midnight = Box<dyn Fn(NaiveDate) -> DateTime<Utc>>;
    let zones: [(&str, Midnight); 3] = [
        ("UTC", Box::new(|d| start_of_local_day(d, &utc()))),
        ("Kolkata", Box::new(|d| start_of_local_day(d, &chrono_tz::Asia::Kolkata))),
        ("New York", Box::new(|d| start_of_local_day(d, &chrono_tz::America::New_York))),
    ];
    let day = |s: &str| -> NaiveDate { s.parse().unwrap() };
    let periods = [
        Period { start: day("2025-11-01"), end: day("2026-11-24") },
        Period { start: day("2026-03-01"), end: day("2026-03-31") },
        Period { start: day("2026-10-15"), end: day("2026-11-20") },
        Period { start: day("2026-07-04"), end: day("2026-07-04") },
        Period { start: day("2026-11-23"), end: day("2026-11-23") },
    ];
    for (zone, midnight) in &zones {
        for period in periods {
            let previous = period.previous(PeriodKind::Custom);
            let r = |p: Period| (midnight(p.start), midnight(p.end.succ_opt().unwrap()));
            let i = store.insights(period, r(period), previous, r(previous)).unwrap();
            let mut plain = plain_insights(&store, r(period).0, r(period).1);
            let causes: Vec<(String, String)> =
                plain.iter().filter(|(k, _)| k.starts_with("causes")).cloned().collect();
            plain.retain(|(k, _)| !k.starts_with("causes"));
            plain.sort();
            assert_eq!(rolled_insights(&i), plain, "{zone}, {period:?}");
            // Root causes per category, matched by the category's count order.
            let names = store.list_categories(true).unwrap();
            for share in &i.pareto {
                let key = names.iter().find(|c| c.name == share.category).map_or(0, |c| c.id);
                let expected =
                    causes.iter().find(|(k, _)| *k == format!("causes {key}")).map(|c| c.1.clone()).unwrap_or_default();
                let got = share
                    .root_causes
                    .iter()
                    .map(|c| format!("{:?}", rusqlite::types::Value::Text(c.clone())))
                    .collect::<Vec<_>>();
                assert_eq!(got.join(","), expected, "{zone}, {period:?}, {}", share.category);
            }
            let prev = plain_insights(&store, r(previous).0, r(previous).1);
            let prev_count = prev.iter().find(|(k, _)| k == "incidents").unwrap().1.clone();
            assert_eq!(
                format!("{:?}", rusqlite::types::Value::Integer(i.incidents.before)),
                prev_count,
                "{zone}, {period:?}"
            );
            // Targets met, counted exactly on the rows.
            let met = |column: &str, target: Option<i64>| -> i64 {
                let Some(t) = target else { return 0 };
                let (f, u) = r(period);
                store
                    .connection()
                    .query_row(
                        &format!(
                            "SELECT count(*) FROM incidents WHERE received_at >= ?1 AND received_at < ?2
                             AND {column} IS NOT NULL
                             AND round((julianday({column}) - julianday(received_at)) * 1440) <= ?3"
                        ),
                        (
                            f.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                            u.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                            t,
                        ),
                        |r| r.get(0),
                    )
                    .unwrap()
            };
            assert_eq!(i.targets.first_response_met, met("first_done_at", i.targets.first_response_minutes));
            assert_eq!(i.targets.resolution_met, met("resolved_at", i.targets.resolution_minutes));
        }
    }
}

/// Which statements a month's and a year's Insights spend their time in, on a
/// kept shop: `MEND_DB=target/bench-data/shop-100000-seed2026.db cargo test
/// --test insights -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement on a large file; run by hand"]
fn where_the_time_goes_on_a_kept_shop() {
    let Ok(path) = std::env::var("MEND_DB") else { return };
    let mut store = Store::open(std::path::Path::new(&path)).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    for days in [29, 364] {
        let period = Period::of(PeriodKind::Custom, today, Some((today - chrono::Days::new(days), today))).unwrap();
        let previous = period.previous(PeriodKind::Custom);
        for _ in 0..3 {
            store.insights(period, range(period), previous, range(previous)).unwrap();
        }
        let started = std::time::Instant::now();
        let (_, statements) =
            store.time_statements(|s| s.insights(period, range(period), previous, range(previous)).unwrap()).unwrap();
        eprintln!("{} days: {:?}", days + 1, started.elapsed());
        let mut statements = statements;
        statements.sort_by_key(|s| std::cmp::Reverse(s.1));
        for (sql, took) in statements.iter().take(8) {
            eprintln!("  {:>8.2} ms  {}", took.as_secs_f64() * 1000.0, &sql[..sql.len().min(150)]);
        }
    }
}
