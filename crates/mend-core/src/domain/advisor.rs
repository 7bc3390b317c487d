//! The gesture advisor ("Making it up to them" on screen): how big a
//! gesture a breakdown calls for, which gestures from the shop's catalogue
//! fit, how much money at most, and why.
//!
//! A pure function of the incident, the customer's history and the owner's
//! settings. The rules follow the research summarised in PRODUCT.md:
//! - the gesture grows with the size of the breakdown and the customer's
//!   value (Smith, Bolton & Wagner 1999; Grégoire & Fisher 2008);
//! - a quick response with an apology makes extra compensation add little
//!   (Wirtz & Mattila 2004), so a minor process slip handled that way gets a
//!   symbolic gesture only;
//! - money is capped at a share of what the customer paid (default 150%,
//!   Haesevoets et al. 2017);
//! - a repeat failure escalates (Maxham & Netemeyer 2002);
//! - an outcome failure is fixed first, before any gesture.
//!
//! The steps are applied in a fixed order, each one non-decreasing in
//! severity and in customer value, so a worse breakdown or a more valuable
//! customer never gets less (checked by property tests below).

use super::breakdown::Severity;
pub use super::breakdown::{FailureKind, Fault};
use serde::{Deserialize, Serialize};

/// How much a customer matters to the shop, from its own customer base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueTier {
    /// First visits.
    New,
    /// Comes back.
    Regular,
    /// Comes often or spends well.
    Loyal,
    /// Among the shop's best customers by spend.
    Top,
}

impl ValueTier {
    /// All tiers, lowest first.
    pub const ALL: [ValueTier; 4] = [ValueTier::New, ValueTier::Regular, ValueTier::Loyal, ValueTier::Top];

    /// Words shown to people.
    pub fn label(self) -> &'static str {
        match self {
            ValueTier::New => "New",
            ValueTier::Regular => "Regular",
            ValueTier::Loyal => "Loyal",
            ValueTier::Top => "Top",
        }
    }
}

/// The size of the suggested gesture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// A sincere apology, nothing more.
    ApologyOnly,
    /// A small token: a coffee, a product sample, a handwritten note.
    Symbolic,
    /// A modest gesture: a discount or a small free service.
    Modest,
    /// A substantial gesture: a free service or a large discount.
    Substantial,
    /// A major gesture: a full refund and more.
    Major,
}

impl Tier {
    /// All tiers, smallest first.
    pub const ALL: [Tier; 5] = [Tier::ApologyOnly, Tier::Symbolic, Tier::Modest, Tier::Substantial, Tier::Major];

    /// Words shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Tier::ApologyOnly => "A sincere apology",
            Tier::Symbolic => "A small token",
            Tier::Modest => "A modest gesture",
            Tier::Substantial => "A generous gesture",
            Tier::Major => "A big gesture",
        }
    }

    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::ApologyOnly => "apology_only",
            Tier::Symbolic => "symbolic",
            Tier::Modest => "modest",
            Tier::Substantial => "substantial",
            Tier::Major => "major",
        }
    }

    /// Reads a stored value.
    pub fn parse(value: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.as_str() == value)
    }

    fn index(self) -> i64 {
        self as i64
    }

    fn from_index(i: i64) -> Tier {
        Tier::ALL[i.clamp(0, 4) as usize]
    }

    /// The share of the transaction (min, max) a gesture of this tier is
    /// worth, before the cap.
    pub fn money_share(self) -> (f64, f64) {
        match self {
            Tier::ApologyOnly => (0.0, 0.0),
            Tier::Symbolic => (0.05, 0.15),
            Tier::Modest => (0.15, 0.40),
            Tier::Substantial => (0.40, 0.80),
            Tier::Major => (0.60, 1.20),
        }
    }
}

/// The owner's tuning of the advisor (Settings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AdvisorSettings {
    /// How much severity counts (1.0 = as designed).
    pub severity_weight: f64,
    /// How much the customer's value counts.
    pub value_weight: f64,
    /// Money never goes above this share of what the customer paid, in percent.
    pub cap_percent: i64,
    /// A first response within this many minutes counts as quick.
    pub quick_minutes: i64,
    /// Earlier problems within this many days make a repeat.
    pub repeat_window_days: i64,
}

impl Default for AdvisorSettings {
    fn default() -> Self {
        Self { severity_weight: 1.0, value_weight: 1.0, cap_percent: 150, quick_minutes: 10, repeat_window_days: 90 }
    }
}

/// Everything the advisor looks at.
#[derive(Debug, Clone, PartialEq)]
pub struct AdvisorInput {
    /// 1 to 5.
    pub severity: Severity,
    /// Outcome or process failure.
    pub failure: FailureKind,
    /// Whose fault.
    pub fault: Fault,
    /// What the customer paid, in cents, if known.
    pub transaction_cents: Option<i64>,
    /// The customer's value tier.
    pub value_tier: ValueTier,
    /// The owner's VIP flag.
    pub vip: bool,
    /// Earlier problems of this customer: how many days before this one.
    pub prior_failure_days: Vec<i64>,
    /// Minutes from intake to the first response, if there was one.
    pub first_response_minutes: Option<i64>,
    /// Whether the apology step is done.
    pub apologized: bool,
}

/// A gesture from the shop's catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogueGesture {
    /// Row id.
    pub id: i64,
    /// Name ("Free fringe trim").
    pub name: String,
    /// "symbolic", "service", "discount", "refund" or "gift".
    pub kind: String,
    /// Typical cost in cents, if fixed.
    pub cost_cents: Option<i64>,
    /// Typical cost as a percentage of the transaction, if relative.
    pub percent: Option<i64>,
    /// The tiers it fits.
    pub tiers: Vec<Tier>,
}

/// A suggested money range, in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MoneyRange {
    /// Lower end.
    pub min_cents: i64,
    /// Upper end (never above the cap).
    pub max_cents: i64,
}

/// A gesture suggested for this incident, with its estimated cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuggestedGesture {
    /// The catalogue entry.
    pub gesture: CatalogueGesture,
    /// What it would cost here, in cents, if that can be worked out.
    pub estimated_cents: Option<i64>,
}

/// The advisor's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    /// Suggested size.
    pub tier: Tier,
    /// The size in words.
    pub tier_label: &'static str,
    /// Fix the outcome before any gesture.
    pub lead_with_fix: bool,
    /// Suggested money range, when the transaction value is known.
    pub money: Option<MoneyRange>,
    /// The most money that may be offered, when the transaction value is known.
    pub cap_cents: Option<i64>,
    /// Two or three gestures from the catalogue that fit.
    pub gestures: Vec<SuggestedGesture>,
    /// Why, in plain words.
    pub reasons: Vec<String>,
}

/// The reason given while no apology is recorded. The incident page shows it
/// beside its own "Apologized" action, and leaves it out once the incident is resolved.
pub const NO_APOLOGY: &str = "No apology recorded yet: apologize first; money alone won't repair it";

fn value_points(tier: ValueTier, vip: bool) -> f64 {
    let base = match tier {
        ValueTier::New => 0.0,
        ValueTier::Regular => 0.5,
        ValueTier::Loyal => 1.0,
        ValueTier::Top => 1.5,
    };
    if vip {
        2.0
    } else {
        base
    }
}

/// The smallest tier a breakdown of this severity gets before adjustments.
fn severity_floor(severity: i64) -> Tier {
    match severity {
        i64::MIN..=2 => Tier::ApologyOnly,
        3 => Tier::Symbolic,
        4 => Tier::Modest,
        _ => Tier::Substantial,
    }
}

fn ordinal(n: usize) -> &'static str {
    match n {
        1 => "Second",
        2 => "Third",
        3 => "Fourth",
        _ => "Repeated",
    }
}

fn amount(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// Works out the advice for one incident.
pub fn advise(input: &AdvisorInput, settings: &AdvisorSettings, catalogue: &[CatalogueGesture]) -> Advice {
    let severity = input.severity.get();
    let mut reasons = Vec::new();
    reasons.push(format!("Severity {severity} of 5 ({})", input.severity.label()));

    // 1. Size from severity and customer value.
    let score = (severity - 1) as f64 * settings.severity_weight.max(0.0)
        + value_points(input.value_tier, input.vip) * settings.value_weight.max(0.0);
    let by_score = match score {
        s if s < 0.75 => Tier::ApologyOnly,
        s if s < 1.75 => Tier::Symbolic,
        s if s < 3.0 => Tier::Modest,
        s if s < 4.25 => Tier::Substantial,
        _ => Tier::Major,
    };
    let floor = severity_floor(severity);
    let mut tier = by_score.max(floor);
    if input.vip {
        reasons.push("VIP customer (you marked them)".to_string());
    } else {
        reasons.push(match input.value_tier {
            ValueTier::Top => "One of your best customers by spend".to_string(),
            ValueTier::Loyal => "Loyal customer".to_string(),
            ValueTier::Regular => "Regular customer".to_string(),
            ValueTier::New => "New customer".to_string(),
        });
    }

    // 2. What failed.
    let lead_with_fix = input.failure == FailureKind::Outcome;
    reasons.push(match input.failure {
        FailureKind::Outcome => "The work itself went wrong: put that right first".to_string(),
        FailureKind::Process => "It was how it was handled, not the work".to_string(),
    });

    // 3. Whose fault.
    match input.fault {
        Fault::Customer => {
            tier = Tier::from_index(tier.index() - 1);
            reasons.push("The customer shares the blame: keep it a goodwill gesture".to_string());
        }
        Fault::ThirdParty => reasons.push("Caused by a supplier or partner: it is still ours to put right".to_string()),
        Fault::Shop | Fault::Unknown => {}
    }

    // 4. How fast, and whether we apologized.
    let quick = input.first_response_minutes.map(|m| m <= settings.quick_minutes).unwrap_or(false);
    if quick && input.apologized {
        reasons.push(format!(
            "Answered within {} minutes with an apology: a bigger gesture adds little",
            settings.quick_minutes
        ));
        if severity <= 2 && input.failure == FailureKind::Process {
            // Symbolic only; less when the customer shares the blame.
            tier = if input.fault == Fault::Customer { tier.min(Tier::Symbolic) } else { Tier::Symbolic };
            reasons.push("A small slip in how it was handled, answered fast: a small token is enough".to_string());
        } else {
            tier = Tier::from_index(tier.index() - 1).max(tier.min(floor));
        }
    } else if !input.apologized {
        reasons.push(NO_APOLOGY.to_string());
    }
    if let Some(minutes) = input.first_response_minutes {
        if minutes > 24 * 60 {
            reasons.push(format!("Slow first response ({} days): say sorry for the wait as well", minutes / (24 * 60)));
        } else if minutes > 60 {
            reasons.push(format!("Slow first response ({} h): say sorry for the wait as well", minutes / 60));
        }
    }

    // 5. Repeats escalate, last, so they always add a step.
    let recent = input.prior_failure_days.iter().filter(|d| **d >= 0 && **d <= settings.repeat_window_days).count();
    if recent > 0 {
        tier = Tier::from_index(tier.index() + recent.min(2) as i64);
        reasons.push(format!(
            "{} problem in {} days: make up for it more this time",
            ordinal(recent),
            settings.repeat_window_days
        ));
    } else if let Some(oldest) = input.prior_failure_days.iter().filter(|d| **d > settings.repeat_window_days).min() {
        reasons.push(format!("Had a problem before ({oldest} days earlier)"));
    }

    // 6. Money, capped.
    let cap_percent = settings.cap_percent.max(0);
    let (money, cap_cents) = match input.transaction_cents.filter(|c| *c > 0) {
        Some(paid) => {
            let cap = paid * cap_percent / 100;
            let (lo, hi) = tier.money_share();
            let max = ((paid as f64 * hi).round() as i64).min(cap);
            let min = ((paid as f64 * lo).round() as i64).min(max);
            if (paid as f64 * hi).round() as i64 > cap {
                reasons.push(format!("Money kept to at most {cap_percent}% of the {} paid", amount(paid)));
            }
            (Some(MoneyRange { min_cents: min, max_cents: max }), Some(cap))
        }
        None => {
            reasons.push("No transaction value recorded: add it to see a money range".to_string());
            (None, None)
        }
    };

    let gestures = pick_gestures(tier, lead_with_fix, input.transaction_cents, money, catalogue);
    Advice { tier, tier_label: tier.label(), lead_with_fix, money, cap_cents, gestures, reasons }
}

/// What a catalogue gesture would cost for this transaction.
pub fn estimate(g: &CatalogueGesture, transaction_cents: Option<i64>) -> Option<i64> {
    match (g.cost_cents, g.percent, transaction_cents) {
        (Some(c), _, _) => Some(c),
        (None, Some(p), Some(t)) => Some(t * p / 100),
        _ => None,
    }
}

/// Two or three gestures fitting `tier`, nearest to the middle of the money
/// range; a service (redo) first when the outcome must be fixed. Gestures
/// whose cost would pass the money range's top are left out.
fn pick_gestures(
    tier: Tier,
    lead_with_fix: bool,
    transaction_cents: Option<i64>,
    money: Option<MoneyRange>,
    catalogue: &[CatalogueGesture],
) -> Vec<SuggestedGesture> {
    let mid = money.map(|m| (m.min_cents + m.max_cents) / 2);
    let affordable = |g: &CatalogueGesture| match (money, estimate(g, transaction_cents)) {
        (Some(m), Some(cost)) => cost <= m.max_cents || g.kind == "symbolic",
        _ => true,
    };
    let mut fitting: Vec<&CatalogueGesture> =
        catalogue.iter().filter(|g| g.tiers.contains(&tier) && affordable(g)).collect();
    fitting.sort_by_key(|g| {
        let fix_first = if lead_with_fix && g.kind == "service" { 0 } else { 1 };
        let distance = match (mid, estimate(g, transaction_cents)) {
            (Some(m), Some(c)) => (c - m).abs(),
            _ => i64::MAX / 2,
        };
        (fix_first, distance, g.id)
    });
    fitting
        .into_iter()
        .take(3)
        .map(|g| SuggestedGesture { gesture: g.clone(), estimated_cents: estimate(g, transaction_cents) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sev(n: i64) -> Severity {
        Severity::new(n).unwrap()
    }

    fn base() -> AdvisorInput {
        AdvisorInput {
            severity: sev(3),
            failure: FailureKind::Outcome,
            fault: Fault::Shop,
            transaction_cents: Some(10_000),
            value_tier: ValueTier::Regular,
            vip: false,
            prior_failure_days: vec![],
            first_response_minutes: None,
            apologized: false,
        }
    }

    fn catalogue() -> Vec<CatalogueGesture> {
        let g =
            |id, name: &str, kind: &str, cost: Option<i64>, percent: Option<i64>, tiers: &[Tier]| CatalogueGesture {
                id,
                name: name.into(),
                kind: kind.into(),
                cost_cents: cost,
                percent,
                tiers: tiers.to_vec(),
            };
        vec![
            g(1, "Handwritten apology card", "symbolic", Some(200), None, &[Tier::ApologyOnly, Tier::Symbolic]),
            g(2, "Free coffee", "gift", Some(350), None, &[Tier::Symbolic]),
            g(3, "Redo the service free", "service", None, Some(100), &[Tier::Substantial, Tier::Major]),
            g(4, "20% off next visit", "discount", None, Some(20), &[Tier::Modest]),
            g(5, "Free add-on treatment", "service", Some(1500), None, &[Tier::Modest, Tier::Substantial]),
            g(6, "Full refund", "refund", None, Some(100), &[Tier::Major]),
        ]
    }

    fn advise_default(input: &AdvisorInput) -> Advice {
        advise(input, &AdvisorSettings::default(), &catalogue())
    }

    mod rules {
        use super::*;

        #[test]
        fn minor_process_slip_answered_fast_with_apology_is_symbolic_only() {
            let input = AdvisorInput {
                severity: sev(2),
                failure: FailureKind::Process,
                value_tier: ValueTier::Top,
                vip: true,
                first_response_minutes: Some(4),
                apologized: true,
                ..base()
            };
            let advice = advise_default(&input);
            assert_eq!(advice.tier, Tier::Symbolic);
            assert!(advice.reasons.iter().any(|r| r.contains("a small token is enough")));
            assert!(advice.gestures.iter().all(|g| g.gesture.tiers.contains(&Tier::Symbolic)));
        }

        #[test]
        fn severe_outcome_failure_for_top_customer_is_big_and_leads_with_the_fix() {
            let input = AdvisorInput { severity: sev(5), value_tier: ValueTier::Top, ..base() };
            let advice = advise_default(&input);
            assert_eq!(advice.tier, Tier::Major);
            assert!(advice.lead_with_fix);
            assert_eq!(advice.gestures[0].gesture.kind, "service", "{:?}", advice.gestures);
            assert!(advice.reasons.contains(&"The work itself went wrong: put that right first".to_string()));
            assert!(advice.reasons.contains(&"One of your best customers by spend".to_string()));
            assert!(advice.reasons.contains(&"Severity 5 of 5 (Critical)".to_string()));
        }

        #[test]
        fn repeat_within_window_escalates_with_a_reason() {
            let once = advise_default(&base());
            let again = advise_default(&AdvisorInput { prior_failure_days: vec![30], ..base() });
            assert!(again.tier > once.tier);
            assert!(again.reasons.contains(&"Second problem in 90 days: make up for it more this time".to_string()));
            let long_ago = advise_default(&AdvisorInput { prior_failure_days: vec![400], ..base() });
            assert_eq!(long_ago.tier, once.tier);
            assert!(long_ago.reasons.iter().any(|r| r.contains("400 days earlier")));
        }

        #[test]
        fn money_is_capped_and_explained() {
            let settings = AdvisorSettings { cap_percent: 100, ..Default::default() };
            let input = AdvisorInput { severity: sev(5), value_tier: ValueTier::Top, vip: true, ..base() };
            let advice = advise(&input, &settings, &catalogue());
            assert_eq!(advice.money.unwrap().max_cents, 10_000);
            assert!(advice.reasons.iter().any(|r| r.contains("at most 100%")));
        }

        #[test]
        fn unknown_transaction_value_gives_no_money_range() {
            let advice = advise_default(&AdvisorInput { transaction_cents: None, ..base() });
            assert!(advice.money.is_none());
            assert!(advice.reasons.iter().any(|r| r.contains("No transaction value")));
        }

        #[test]
        fn customer_fault_softens() {
            let ours = advise_default(&AdvisorInput { severity: sev(4), ..base() });
            let theirs = advise_default(&AdvisorInput { severity: sev(4), fault: Fault::Customer, ..base() });
            assert!(theirs.tier < ours.tier);
        }

        #[test]
        fn minor_slip_for_new_customer_with_no_apology_yet() {
            let advice = advise_default(&AdvisorInput {
                severity: sev(1),
                failure: FailureKind::Process,
                value_tier: ValueTier::New,
                ..base()
            });
            assert_eq!(advice.tier, Tier::ApologyOnly);
            assert!(advice.reasons.iter().any(|r| r.contains("apologize first")));
        }
    }

    fn any_input() -> impl Strategy<Value = AdvisorInput> {
        (
            1i64..=5,
            prop_oneof![Just(FailureKind::Outcome), Just(FailureKind::Process)],
            prop_oneof![Just(Fault::Shop), Just(Fault::ThirdParty), Just(Fault::Customer), Just(Fault::Unknown)],
            proptest::option::of(0i64..2_000_000),
            0usize..4,
            any::<bool>(),
            proptest::collection::vec(0i64..800, 0..4),
            proptest::option::of(0i64..10_000),
            any::<bool>(),
        )
            .prop_map(|(severity, failure, fault, paid, value, vip, prior, first, apologized)| AdvisorInput {
                severity: sev(severity),
                failure,
                fault,
                transaction_cents: paid,
                value_tier: ValueTier::ALL[value],
                vip,
                prior_failure_days: prior,
                first_response_minutes: first,
                apologized,
            })
    }

    fn any_settings() -> impl Strategy<Value = AdvisorSettings> {
        (0.0f64..3.0, 0.0f64..3.0, 0i64..300, 0i64..120, 1i64..365).prop_map(|(s, v, cap, quick, window)| {
            AdvisorSettings {
                severity_weight: s,
                value_weight: v,
                cap_percent: cap,
                quick_minutes: quick,
                repeat_window_days: window,
            }
        })
    }

    proptest! {
        #[test]
        fn never_less_for_a_more_severe_breakdown(input in any_input(), settings in any_settings()) {
            prop_assume!(input.severity < Severity::MAX);
            let worse = AdvisorInput { severity: sev(input.severity.get() + 1), ..input.clone() };
            let a = advise(&input, &settings, &catalogue());
            let b = advise(&worse, &settings, &catalogue());
            prop_assert!(b.tier >= a.tier, "{:?} -> {:?}", a.tier, b.tier);
            if let (Some(x), Some(y)) = (a.money, b.money) {
                prop_assert!(y.max_cents >= x.max_cents && y.min_cents >= x.min_cents);
            }
        }

        #[test]
        fn never_less_for_a_more_valuable_customer(input in any_input(), settings in any_settings()) {
            let idx = ValueTier::ALL.iter().position(|t| *t == input.value_tier).unwrap();
            let a = advise(&input, &settings, &catalogue());
            if idx < 3 {
                let more = AdvisorInput { value_tier: ValueTier::ALL[idx + 1], ..input.clone() };
                prop_assert!(advise(&more, &settings, &catalogue()).tier >= a.tier);
            }
            if !input.vip {
                let vip = AdvisorInput { vip: true, ..input.clone() };
                prop_assert!(advise(&vip, &settings, &catalogue()).tier >= a.tier);
            }
        }

        #[test]
        fn money_never_above_the_cap(input in any_input(), settings in any_settings()) {
            let a = advise(&input, &settings, &catalogue());
            if let (Some(m), Some(paid)) = (a.money, input.transaction_cents) {
                prop_assert!(m.max_cents <= paid * settings.cap_percent.max(0) / 100);
                prop_assert!(m.min_cents <= m.max_cents && m.min_cents >= 0);
            }
        }

        #[test]
        fn minor_process_slip_answered_fast_with_apology_is_symbolic(input in any_input(), settings in any_settings()) {
            let input = AdvisorInput {
                severity: input.severity.min(sev(2)),
                failure: FailureKind::Process,
                first_response_minutes: Some(settings.quick_minutes),
                apologized: true,
                prior_failure_days: vec![],
                ..input
            };
            let tier = advise(&input, &settings, &catalogue()).tier;
            if input.fault == Fault::Customer {
                prop_assert!(tier <= Tier::Symbolic);
            } else {
                prop_assert_eq!(tier, Tier::Symbolic);
            }
        }

        #[test]
        fn a_repeat_escalates(input in any_input(), settings in any_settings()) {
            let first = AdvisorInput { prior_failure_days: vec![], ..input.clone() };
            let repeat = AdvisorInput { prior_failure_days: vec![settings.repeat_window_days / 2], ..input };
            let a = advise(&first, &settings, &catalogue());
            let b = advise(&repeat, &settings, &catalogue());
            prop_assert!(b.tier > a.tier || a.tier == Tier::Major);
        }

        #[test]
        fn outcome_failures_lead_with_the_fix_and_every_answer_has_reasons(input in any_input(), settings in any_settings()) {
            let a = advise(&input, &settings, &catalogue());
            prop_assert_eq!(a.lead_with_fix, input.failure == FailureKind::Outcome);
            prop_assert!(a.reasons.len() >= 3);
            prop_assert!(a.gestures.len() <= 3);
            prop_assert!(a.gestures.iter().all(|g| g.gesture.tiers.contains(&a.tier)));
        }
    }
}
