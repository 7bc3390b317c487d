//! Customer value, the advisor on real incidents, the catalogue and the
//! goodwill ledger, through the public API on fresh databases.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use mend_core::domain::advisor::{Tier, ValueTier};
use mend_core::domain::customer::CustomerInput;
use mend_core::domain::gesture::{GestureInput, GivenInput};
use mend_core::domain::incident::IncidentInput;
use mend_core::domain::recovery;
use mend_core::store::{IncidentDetail, Store};

fn t0() -> DateTime<Utc> {
    "2026-11-22T10:00:00Z".parse().unwrap()
}

fn tz() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

fn customer(store: &mut Store, name: &str, visits: &str, spend: &str, vip: bool) -> i64 {
    let f = CustomerInput {
        name: name.into(),
        visits: visits.into(),
        total_spend: spend.into(),
        vip,
        ..Default::default()
    }
    .validated()
    .unwrap();
    store.create_customer(&f, t0()).unwrap().id
}

fn log(
    store: &mut Store,
    customer_id: i64,
    severity: i64,
    kind: &str,
    paid: &str,
    at: DateTime<Utc>,
) -> IncidentDetail {
    let input = IncidentInput {
        customer_id: Some(customer_id),
        channel: "in_person".into(),
        severity: Some(severity),
        description: "Something went wrong".into(),
        transaction_value: paid.into(),
        failure_kind: kind.into(),
        category_id: Some(2),
        ..Default::default()
    };
    let fields = input.validated(at, &tz()).unwrap();
    let id = store.create_incident(&fields, None, at).unwrap();
    store.incident(id, at, &tz()).unwrap()
}

/// Twenty ordinary customers and one big spender.
fn shop() -> (Store, i64, i64) {
    let mut store = Store::open_in_memory().unwrap();
    for i in 0..20 {
        customer(&mut store, &format!("Regular {i}"), "3", &format!("{}", 100 + i * 10), false);
    }
    let top = customer(&mut store, "Big Spender", "40", "5200", false);
    let new = customer(&mut store, "First Timer", "1", "30", false);
    (store, top, new)
}

mod value {
    use super::*;

    #[test]
    fn tiers_are_relative_to_the_shop() {
        let (store, top, new) = shop();
        assert_eq!(store.customer_value(top).unwrap().tier, ValueTier::Top);
        assert_eq!(store.customer_value(new).unwrap().tier, ValueTier::New);
    }

    #[test]
    fn card_counts_earlier_problems() {
        let (mut store, top, _) = shop();
        log(&mut store, top, 2, "process", "40", t0() - Duration::days(30));
        log(&mut store, top, 3, "outcome", "40", t0());
        let card = store.customer_card(top).unwrap();
        assert_eq!(card.value.problem_count, 2);
        assert_eq!(card.value.problem_dates.len(), 2);
    }
}

mod advice {
    use super::*;

    #[test]
    fn severe_for_top_customer_differs_from_minor_for_new_one() {
        let (mut store, top, new) = shop();
        let big = log(&mut store, top, 5, "outcome", "120", t0());
        let small = log(&mut store, new, 1, "process", "30", t0());
        let big = big.advice.unwrap();
        let small = small.advice.unwrap();
        assert!(big.advice.tier > small.advice.tier, "{:?} vs {:?}", big.advice.tier, small.advice.tier);
        assert!(big.advice.lead_with_fix);
        assert!(big.advice.reasons.contains(&"One of your best customers by spend".to_string()));
        assert!(small.advice.reasons.contains(&"New customer".to_string()));
        assert!(!big.advice.gestures.is_empty());
        let money = big.advice.money.unwrap();
        assert!(money.max_cents <= 18_000, "cap is 150% of 120.00");
    }

    #[test]
    fn a_second_problem_within_90_days_escalates() {
        let (mut store, _, new) = shop();
        let first = log(&mut store, new, 3, "outcome", "50", t0() - Duration::days(20)).advice.unwrap();
        let second = log(&mut store, new, 3, "outcome", "50", t0()).advice.unwrap();
        assert!(second.advice.tier > first.advice.tier);
        assert_eq!(second.prior_problems.len(), 1);
        assert_eq!(second.prior_problems[0].days_before, 20);
        assert!(second.advice.reasons.iter().any(|r| r.starts_with("Second problem in 90 days")));
    }

    #[test]
    fn apologizing_quickly_shows_in_the_reasons() {
        let (mut store, _, new) = shop();
        let d = log(&mut store, new, 2, "process", "30", t0());
        // Five steps: step 1 is the apology.
        store.tick_step(d.id, 1, &recovery::step_note("").unwrap(), None, t0() + Duration::minutes(3)).unwrap();
        let after = store.incident(d.id, t0() + Duration::minutes(4), &tz()).unwrap().advice.unwrap();
        assert!(after.apologized);
        assert_eq!(after.advice.tier, Tier::Symbolic);
        assert!(after.advice.reasons.iter().any(|r| r.contains("with an apology")));
    }

    #[test]
    fn vip_flag_lifts_the_suggestion() {
        let (mut store, _, _) = shop();
        let plain = customer(&mut store, "Plain", "1", "10", false);
        let vip = customer(&mut store, "Vip", "1", "10", true);
        let a = log(&mut store, plain, 3, "outcome", "60", t0()).advice.unwrap();
        let b = log(&mut store, vip, 3, "outcome", "60", t0()).advice.unwrap();
        assert!(b.advice.tier > a.advice.tier);
        assert!(b.advice.reasons.iter().any(|r| r.contains("VIP")));
    }
}

mod ledger {
    use super::*;

    #[test]
    fn gestures_given_add_up_per_customer_month_and_category() {
        let (mut store, top, new) = shop();
        let a = log(&mut store, top, 4, "outcome", "100", t0());
        let b = log(&mut store, new, 2, "process", "30", t0());
        let redo = GivenInput {
            description: "Redo the colour".into(),
            kind: "service".into(),
            cost: "100".into(),
            ..Default::default()
        }
        .validated()
        .unwrap();
        let coffee = GivenInput {
            description: "Free coffee".into(),
            kind: "gift".into(),
            cost: "3.50".into(),
            ..Default::default()
        }
        .validated()
        .unwrap();
        store.record_gesture(a.id, &redo, Some(Tier::Substantial), None, t0()).unwrap();
        store.record_gesture(b.id, &coffee, Some(Tier::Symbolic), None, t0() + Duration::days(12)).unwrap();
        let given = store.incident(a.id, t0(), &tz()).unwrap().gestures;
        assert_eq!(given[0].suggested_tier.as_deref(), Some("substantial"));
        store.set_gesture_redeemed(a.id, given[0].id, true, None, t0() + Duration::days(2)).unwrap();

        let ledger = store.goodwill_ledger(None, None).unwrap();
        assert_eq!(ledger.total.count, 2);
        assert_eq!(ledger.total.total_cents, 10_350);
        assert_eq!(ledger.total.redeemed, 1);
        let months: Vec<_> = ledger.by_month.iter().map(|l| (l.label.as_str(), l.total_cents)).collect();
        assert_eq!(months, [("2026-12", 350), ("2026-11", 10_000)]);
        assert_eq!(ledger.by_category[0].label, "Quality of work");
        assert_eq!(ledger.by_customer[0].label, "Big Spender");

        let card = store.customer_card(top).unwrap();
        assert_eq!(card.gesture_total_cents, 10_000);
        assert!(card.gestures[0].redeemed_at.is_some());
    }

    #[test]
    fn catalogue_can_be_edited_and_retired() {
        let mut store = Store::open_in_memory().unwrap();
        let before = store.list_gestures(false).unwrap().len();
        let g = store
            .create_gesture(
                &GestureInput {
                    name: "Free bike wash".into(),
                    kind: "service".into(),
                    cost: "8".into(),
                    tiers: vec!["symbolic".into()],
                    ..Default::default()
                }
                .validated()
                .unwrap(),
            )
            .unwrap();
        assert_eq!(store.list_gestures(false).unwrap().len(), before + 1);
        store.set_gesture_active(g.gesture.id, false).unwrap();
        assert_eq!(store.list_gestures(false).unwrap().len(), before);
        assert_eq!(store.list_gestures(true).unwrap().len(), before + 1);
    }
}
