//! "In similar cases here" on a hand-built shop whose answers are known, and on the generated
//! sample: which groups show, their shares, the "not enough history" case and the note when the
//! shop's own history disagrees with the suggestion.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use mend_core::domain::advisor::MIN_CASES;
use mend_core::domain::customer::CustomerInput;
use mend_core::domain::gesture::GivenInput;
use mend_core::domain::incident::IncidentInput;
use mend_core::domain::recovery;
use mend_core::store::Store;

fn t0() -> DateTime<Utc> {
    "2026-06-01T10:00:00Z".parse().unwrap()
}

fn tz() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

fn customer(store: &mut Store, name: &str) -> i64 {
    let f = CustomerInput { name: name.into(), visits: "2".into(), total_spend: "80".into(), ..Default::default() }
        .validated()
        .unwrap();
    store.create_customer(&f, t0()).unwrap().id
}

fn log(store: &mut Store, customer_id: i64, severity: i64, category: i64, at: DateTime<Utc>) -> i64 {
    let input = IncidentInput {
        customer_id: Some(customer_id),
        channel: "in_person".into(),
        severity: Some(severity),
        description: "Booked at the wrong time".into(),
        transaction_value: "40".into(),
        failure_kind: "process".into(),
        category_id: Some(category),
        ..Default::default()
    };
    let fields = input.validated(at, &tz()).unwrap();
    store.create_incident(&fields, None, at).unwrap()
}

/// A resolved past case: a gesture of `kind` costing `cost` (none when `kind` is empty), a call
/// whose outcome is `outcome`, and a later incident of the same customer 30 days on when
/// `came_back`.
fn past_case(store: &mut Store, n: usize, kind: &str, cost: &str, outcome: &str, came_back: bool) -> i64 {
    let at = t0() - Duration::days(200 + n as i64);
    let who = customer(store, &format!("Customer {kind} {n}"));
    let id = log(store, who, 2, 6, at);
    if !kind.is_empty() {
        let given =
            GivenInput { description: "Something".into(), kind: kind.into(), cost: cost.into(), ..Default::default() }
                .validated()
                .unwrap();
        store.record_gesture(id, &given, None, None, at).unwrap();
    }
    store.resolve_incident(id, &recovery::resolution_note("Sorted").unwrap(), None, at + Duration::hours(1)).unwrap();
    let done = mend_core::store::timestamp(at + Duration::days(2));
    store
        .connection()
        .execute(
            "INSERT INTO follow_ups (incident_id, due_at, outcome, done_at, created_at) VALUES (?1, ?2, ?3, ?2, ?2)",
            (id, &done, outcome),
        )
        .unwrap();
    if came_back {
        // Another category, so it is not itself a similar case.
        let later = log(store, who, 1, 1, at + Duration::days(30));
        store
            .resolve_incident(later, &recovery::resolution_note("ok").unwrap(), None, at + Duration::days(30))
            .unwrap();
    }
    id
}

fn similar(store: &Store, id: i64) -> mend_core::domain::advisor::SimilarCases {
    store.incident(id, t0(), &tz()).unwrap().advice.unwrap().similar
}

#[test]
fn not_enough_history_yet_shows_the_count_and_no_figures() {
    let mut store = Store::open_in_memory().unwrap();
    for n in 0..5 {
        past_case(&mut store, n, "symbolic", "1", "satisfied", true);
    }
    let who = customer(&mut store, "Today's customer");
    let now = log(&mut store, who, 2, 6, t0());
    let s = similar(&store, now);
    assert_eq!(s.total, 5);
    assert!(!s.enough);
    assert_eq!(s.min_cases, MIN_CASES);
    assert_eq!(s.groups.len(), 1);
    assert_eq!((s.groups[0].count, s.groups[0].enough, s.groups[0].came_back_percent), (5, false, 0));
    assert_eq!(s.note, None);
}

#[test]
fn groups_their_shares_and_the_disagreement_note() {
    let mut store = Store::open_in_memory().unwrap();
    // 10 tokens at 1.00: 8 satisfied, 6 came back. 8 discounts at 8.00: 4 satisfied, 4 came back.
    // 3 with nothing given: too few to show.
    for n in 0..10 {
        past_case(&mut store, n, "symbolic", "1", if n < 8 { "satisfied" } else { "not_satisfied" }, n < 6);
    }
    for n in 0..8 {
        past_case(&mut store, 100 + n, "discount", "8", if n < 4 { "satisfied" } else { "partly_satisfied" }, n < 4);
    }
    for n in 0..3 {
        past_case(&mut store, 200 + n, "", "", "no_answer", false);
    }
    // Unlike ones that must not count: another category, a severity two away, an open one, and
    // one older than two years.
    let other = customer(&mut store, "Other");
    let x = log(&mut store, other, 2, 3, t0() - Duration::days(10));
    store.resolve_incident(x, &recovery::resolution_note("x").unwrap(), None, t0() - Duration::days(9)).unwrap();
    let y = log(&mut store, other, 4, 6, t0() - Duration::days(10));
    store.resolve_incident(y, &recovery::resolution_note("y").unwrap(), None, t0() - Duration::days(9)).unwrap();
    log(&mut store, other, 2, 6, t0() - Duration::days(5));
    let z = log(&mut store, other, 2, 6, t0() - Duration::days(800));
    store.resolve_incident(z, &recovery::resolution_note("z").unwrap(), None, t0() - Duration::days(799)).unwrap();

    let who = customer(&mut store, "Today's customer");
    let now = log(&mut store, who, 2, 6, t0());
    let s = similar(&store, now);
    assert_eq!(s.total, 21, "{s:?}");
    assert!(s.enough && !s.capped);
    let token = s.groups.iter().find(|g| g.kind == "symbolic").unwrap();
    assert_eq!((token.count, token.enough), (10, true));
    assert_eq!((token.satisfied_percent, token.came_back_percent, token.average_cents), (80, 60, 100));
    let discount = s.groups.iter().find(|g| g.kind == "discount").unwrap();
    assert_eq!((discount.count, discount.satisfied_percent, discount.came_back_percent), (8, 50, 50));
    assert_eq!(discount.average_cents, 800);
    let none = s.groups.iter().find(|g| g.kind == "none").unwrap();
    assert_eq!((none.count, none.enough, none.label.as_str()), (3, false, "No gesture"));

    // The note compares with the suggestion's own kind: only when the history disagrees.
    let with = |kind: Option<&str>| {
        let cases: Vec<_> = s
            .groups
            .iter()
            .flat_map(|g| {
                (0..g.count).map(|i| mend_core::domain::advisor::PastCase {
                    kind: (g.kind != "none").then(|| g.kind.clone()),
                    cost_cents: g.average_cents,
                    satisfied: i * 100 < g.satisfied_percent * g.count,
                    came_back: i * 100 < g.came_back_percent * g.count,
                })
            })
            .collect();
        mend_core::domain::advisor::similar_cases(&cases, kind, false).note
    };
    let note = with(Some("discount")).expect("tokens did better for an eighth of the cost");
    assert!(note.contains("token brought back as many customers as discount (60% against 50%)"), "{note}");
    assert!(note.contains("you decide"));
    assert_eq!(with(Some("symbolic")), None);
}

#[test]
fn on_the_generated_sample_no_group_shows_figures_below_the_threshold() {
    let mut store = Store::open_in_memory().unwrap();
    let now: DateTime<Utc> = "2026-11-24T09:30:00Z".parse().unwrap();
    store.generate_sample(1500, 11, now).unwrap();
    let mut shown = 0;
    for id in (1..1500).step_by(37) {
        let s = store.incident(id, now, &tz()).unwrap().advice.unwrap().similar;
        assert_eq!(s.total, s.groups.iter().map(|g| g.count).sum::<i64>());
        for g in &s.groups {
            assert_eq!(g.enough, g.count >= MIN_CASES, "{g:?}");
            if !g.enough {
                assert_eq!((g.satisfied_percent, g.came_back_percent, g.average_cents), (0, 0, 0), "{g:?}");
            } else {
                shown += 1;
                assert!(g.satisfied_percent <= 100 && g.came_back_percent <= 100);
            }
        }
        assert_eq!(s.enough, s.groups.iter().any(|g| g.enough));
        if s.note.is_some() {
            assert!(s.enough);
        }
    }
    assert!(shown > 0, "a sample of 1500 has some groups big enough to show");
}

#[test]
fn insights_recovery_that_works_counts_the_period_per_category_and_kind() {
    let mut store = Store::open_in_memory().unwrap();
    for n in 0..10 {
        past_case(&mut store, n, "symbolic", "1", if n < 8 { "satisfied" } else { "not_satisfied" }, n < 6);
    }
    for n in 0..3 {
        past_case(&mut store, 100 + n, "discount", "8", "satisfied", true);
    }
    let day = |d: i64| (t0() - Duration::days(d)).date_naive();
    let period = mend_core::domain::period::Period::of(
        mend_core::domain::period::PeriodKind::Custom,
        day(0),
        Some((day(400), day(0))),
    )
    .unwrap();
    let before = period.previous(mend_core::domain::period::PeriodKind::Custom);
    let range = |p: &mend_core::domain::period::Period| {
        (
            p.start.and_hms_opt(0, 0, 0).unwrap().and_utc(),
            (p.end + Duration::days(1)).and_hms_opt(0, 0, 0).unwrap().and_utc(),
        )
    };
    let figures = store.insights(period, range(&period), before, range(&before)).unwrap();
    let booking: Vec<_> = figures.recovery.iter().filter(|l| l.category == "Booking").collect();
    assert_eq!(booking.len(), 2, "{:?}", figures.recovery);
    let token = &booking[0].group;
    assert_eq!((token.kind.as_str(), token.count, token.enough), ("symbolic", 10, true));
    assert_eq!((token.satisfied_percent, token.came_back_percent, token.average_cents), (80, 60, 100));
    let discount = &booking[1].group;
    assert_eq!((discount.count, discount.enough, discount.came_back_percent), (3, false, 0));
    // The later incidents (category 1) that made customers "come back" are resolved in the period too.
    assert!(figures.recovery.iter().any(|l| l.category == "Wait time" && l.group.kind == "none"));
}
