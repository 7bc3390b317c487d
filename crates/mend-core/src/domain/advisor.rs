//! The gesture advisor ("Making it up to them" on screen): how big a
//! gesture a breakdown calls for, which gestures from the shop's catalogue
//! fit, how much money at most, and why.
//!
//! A pure function of the incident, the customer's history and the owner's
//! settings. The rules follow the research summarised in PRODUCT.md:
//! - the gesture grows with the size of the breakdown and the customer's
//!   value (Smith, Bolton & Wagner 1999; Grégoire & Fisher 2008);
//! - a quick response with an apology makes extra compensation add little
//!   (Wirtz & Mattila 2004), so it lowers the gesture (a minor process slip
//!   handled that way gets a small token at most) and never raises it; a slow
//!   response or a missing apology can't be bought back with money, so it
//!   leaves the size alone and the reasons say what to do instead;
//! - a sale recorded as 0.00 is a fact, not a missing value: no money range
//!   above zero and no gesture beyond a symbolic token;
//! - money is capped at a share of what the customer paid (default 150%,
//!   Haesevoets et al. 2017);
//! - a repeat failure escalates (Maxham & Netemeyer 2002);
//! - an outcome failure is fixed first, before any gesture.
//!
//! The steps are applied in a fixed order, each one non-decreasing in
//! severity and in customer value, so a worse breakdown or a more valuable
//! customer never gets less, and non-increasing in the speed of the response
//! and the apology (checked by property tests below). Amounts are worked out
//! in 128-bit integers, so any amount the store holds gives an answer.

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
    /// The sale was recorded as 0.00 (not "not recorded"): no money, a token at most.
    pub nothing_paid: bool,
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

/// The reason given when the sale was recorded as 0.00.
pub const NOTHING_PAID: &str =
    "Nothing was paid (0.00 recorded): no money back, discount or voucher; a small token at most";

/// A 128-bit amount brought back into cents, at most `i64::MAX`.
fn cents(value: i128) -> i64 {
    value.clamp(0, i64::MAX as i128) as i64
}

/// `paid` times `share`, rounded, in cents (never overflows).
fn share_of(paid: i64, share: f64) -> i64 {
    // Whole-number per-mille shares keep the arithmetic exact.
    let per_mille = (share * 1000.0).round() as i128;
    cents((paid as i128 * per_mille + 500) / 1000)
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

    // 4. How fast, and whether we apologized. A quick answer with an apology
    // only ever lowers the size; a slow one or a missing apology leaves it
    // alone (money can't buy them back) and says what to do instead.
    let quick = input.first_response_minutes.map(|m| m <= settings.quick_minutes).unwrap_or(false);
    if quick && input.apologized {
        reasons.push(format!(
            "Answered within {} minutes with an apology: a bigger gesture adds little",
            settings.quick_minutes
        ));
        if severity <= 2 && input.failure == FailureKind::Process {
            tier = tier.min(Tier::Symbolic);
            reasons.push(match tier {
                Tier::ApologyOnly => {
                    "A small slip in how it was handled, answered fast: the apology is enough".to_string()
                }
                _ => "A small slip in how it was handled, answered fast: a small token is enough".to_string(),
            });
        } else {
            tier = Tier::from_index(tier.index() - 1).max(tier.min(floor));
        }
    } else if !input.apologized {
        reasons.push(NO_APOLOGY.to_string());
    }
    if let Some(minutes) = input.first_response_minutes {
        let waited = if minutes > 24 * 60 {
            Some(format!("{} days", minutes / (24 * 60)))
        } else if minutes > 60 {
            Some(format!("{} h", minutes / 60))
        } else {
            None
        };
        if let Some(waited) = waited {
            reasons.push(format!(
                "Slow first response ({waited}): apologize for the wait as well; a bigger gesture won't make up for it"
            ));
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

    // 6. Money, capped. A recorded 0.00 is a sale that cost the customer
    // nothing: no money at all.
    let cap_percent = settings.cap_percent.max(0);
    let nothing_paid = input.transaction_cents == Some(0);
    let (money, cap_cents) = match input.transaction_cents {
        Some(paid) if paid > 0 => {
            let cap = cents(paid as i128 * cap_percent as i128 / 100);
            let (lo, hi) = tier.money_share();
            let max = share_of(paid, hi).min(cap);
            let min = share_of(paid, lo).min(max);
            if share_of(paid, hi) > cap {
                reasons.push(format!("Money kept to at most {cap_percent}% of the {} paid", amount(paid)));
            }
            (Some(MoneyRange { min_cents: min, max_cents: max }), Some(cap))
        }
        Some(_) => {
            reasons.push(NOTHING_PAID.to_string());
            (Some(MoneyRange { min_cents: 0, max_cents: 0 }), Some(0))
        }
        None => {
            reasons.push("No transaction value recorded: add it to see a money range".to_string());
            (None, None)
        }
    };

    let gestures = match nothing_paid {
        // Only tokens: any symbolic gesture of the catalogue, whatever the size.
        true => catalogue
            .iter()
            .filter(|g| g.kind == "symbolic")
            .take(3)
            .map(|g| SuggestedGesture { gesture: g.clone(), estimated_cents: estimate(g, Some(0)) })
            .collect(),
        false => pick_gestures(tier, lead_with_fix, input.transaction_cents, money, catalogue),
    };
    Advice { tier, tier_label: tier.label(), lead_with_fix, money, cap_cents, gestures, nothing_paid, reasons }
}

/// What a catalogue gesture would cost for this transaction.
pub fn estimate(g: &CatalogueGesture, transaction_cents: Option<i64>) -> Option<i64> {
    match (g.cost_cents, g.percent, transaction_cents) {
        (Some(c), _, _) => Some(c),
        (None, Some(p), Some(t)) => Some(cents(t as i128 * p as i128 / 100)),
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
    let mid = money.map(|m| (m.min_cents as i128 + m.max_cents as i128) / 2);
    let affordable = |g: &CatalogueGesture| match (money, estimate(g, transaction_cents)) {
        (Some(m), Some(cost)) => cost <= m.max_cents || g.kind == "symbolic",
        _ => true,
    };
    let mut fitting: Vec<&CatalogueGesture> =
        catalogue.iter().filter(|g| g.tiers.contains(&tier) && affordable(g)).collect();
    fitting.sort_by_key(|g| {
        let fix_first = if lead_with_fix && g.kind == "service" { 0 } else { 1 };
        let distance = match (mid, estimate(g, transaction_cents)) {
            (Some(m), Some(c)) => (c as i128 - m).abs(),
            _ => i128::MAX / 2,
        };
        (fix_first, distance, g.id)
    });
    fitting
        .into_iter()
        .take(3)
        .map(|g| SuggestedGesture { gesture: g.clone(), estimated_cents: estimate(g, transaction_cents) })
        .collect()
}

/// "In similar cases here": a group needs this many cases before its figures show.
pub const MIN_CASES: i64 = 8;
/// Similar cases are looked for this many days back.
pub const HISTORY_DAYS: i64 = 730;
/// A customer came back when they visited or complained again within this many days of the fix.
pub const CAME_BACK_DAYS: i64 = 90;
/// At most this many of the latest similar cases are read, so the page stays quick in a big shop.
pub const MAX_CASES: i64 = 500;

/// One earlier resolved incident like this one: what was given and how it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastCase {
    /// The kind of its costliest gesture ("symbolic", "service"…), `None` when nothing was given.
    pub kind: Option<String>,
    /// What all its gestures cost, in cents.
    pub cost_cents: i64,
    /// Its latest follow-up call was "satisfied".
    pub satisfied: bool,
    /// The customer came back within [`CAME_BACK_DAYS`] of the fix.
    pub came_back: bool,
}

/// The similar cases given one kind of gesture (or none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseGroup {
    /// The gesture kind, "none" when nothing was given.
    pub kind: String,
    /// In words ("Token", "No gesture").
    pub label: String,
    /// How many cases.
    pub count: i64,
    /// Whether there are enough ([`MIN_CASES`]) for its figures to mean something.
    pub enough: bool,
    /// Of them, satisfied at the follow-up call, in percent (0 while not enough).
    pub satisfied_percent: i64,
    /// Of them, came back within 90 days, in percent (0 while not enough).
    pub came_back_percent: i64,
    /// Average cost per case, in cents (0 while not enough).
    pub average_cents: i64,
}

/// What the shop's own history says about incidents like this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SimilarCases {
    /// All similar cases read.
    pub total: i64,
    /// By gesture kind, most cases first.
    pub groups: Vec<CaseGroup>,
    /// At least one group has enough cases.
    pub enough: bool,
    /// The threshold, for the words on screen.
    pub min_cases: i64,
    /// Only the latest [`MAX_CASES`] were read.
    pub capped: bool,
    /// When the history clearly disagrees with the suggestion: a plain note.
    pub note: Option<String>,
}

fn kind_words(kind: &str) -> String {
    match kind {
        "none" => "No gesture".to_string(),
        // The words of the gesture kinds (as `gesture::KINDS`, which uses this module).
        "symbolic" => "Token".to_string(),
        "service" => "Free service".to_string(),
        "discount" => "Discount".to_string(),
        "refund" => "Refund".to_string(),
        "gift" => "Gift".to_string(),
        k => k.to_string(),
    }
}

fn percent(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        0
    } else {
        ((part as i128 * 200 + whole as i128) / (whole as i128 * 2)) as i64
    }
}

/// Groups the cases by gesture kind and compares them with the suggested kind
/// (`None`: the suggestion is an apology with no gesture).
pub fn similar_cases(cases: &[PastCase], suggested_kind: Option<&str>, capped: bool) -> SimilarCases {
    let mut by_kind: std::collections::BTreeMap<String, (i64, i64, i64, i128)> = Default::default();
    for c in cases {
        let e = by_kind.entry(c.kind.clone().unwrap_or_else(|| "none".to_string())).or_default();
        e.0 += 1;
        e.1 += c.satisfied as i64;
        e.2 += c.came_back as i64;
        e.3 += c.cost_cents as i128;
    }
    let mut groups: Vec<CaseGroup> = by_kind
        .into_iter()
        .map(|(kind, (n, sat, back, cost))| {
            let enough = n >= MIN_CASES;
            CaseGroup {
                label: kind_words(&kind),
                kind,
                count: n,
                enough,
                satisfied_percent: if enough { percent(sat, n) } else { 0 },
                came_back_percent: if enough { percent(back, n) } else { 0 },
                average_cents: if enough { (cost / n as i128).clamp(0, i64::MAX as i128) as i64 } else { 0 },
            }
        })
        .collect();
    groups.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.kind.cmp(&b.kind)));
    let enough = groups.iter().any(|g| g.enough);
    let suggested = suggested_kind.unwrap_or("none");
    let note = groups.iter().find(|g| g.kind == suggested && g.enough).and_then(|s| {
        let others = groups.iter().filter(|g| g.enough && g.kind != s.kind);
        // As good for half the cost or less…
        let cheaper = others.clone().find(|g| {
            s.average_cents > 0
                && g.average_cents * 2 <= s.average_cents
                && g.came_back_percent + 5 >= s.came_back_percent
                && g.satisfied_percent + 5 >= s.satisfied_percent
        });
        if let Some(g) = cheaper {
            return Some(format!(
                "In your shop, {} brought back as many customers as {} ({}% against {}%) at {} of the cost. \
                 The suggestion stays as it is: you decide.",
                g.label.to_lowercase(),
                s.label.to_lowercase(),
                g.came_back_percent,
                s.came_back_percent,
                match percent(g.average_cents, s.average_cents) {
                    p if p <= 30 => "a quarter or less".to_string(),
                    p => format!("{p}%"),
                }
            ));
        }
        // …or clearly better at bringing them back.
        others.filter(|g| g.came_back_percent >= s.came_back_percent + 20).max_by_key(|g| g.came_back_percent).map(
            |g| {
                format!(
                    "In your shop, customers given {} came back more often ({}% against {}% for {}). \
                 The suggestion stays as it is: you decide.",
                    g.label.to_lowercase(),
                    g.came_back_percent,
                    s.came_back_percent,
                    s.label.to_lowercase()
                )
            },
        )
    });
    SimilarCases { total: cases.len() as i64, groups, enough, min_cases: MIN_CASES, capped, note }
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

    mod history {
        use super::*;

        fn cases(kind: Option<&str>, n: usize, cost: i64, satisfied: usize, back: usize) -> Vec<PastCase> {
            (0..n)
                .map(|i| PastCase {
                    kind: kind.map(str::to_string),
                    cost_cents: cost,
                    satisfied: i < satisfied,
                    came_back: i < back,
                })
                .collect()
        }

        #[test]
        fn groups_below_the_threshold_show_their_count_only() {
            let mut all = cases(Some("symbolic"), 8, 100, 6, 4);
            all.extend(cases(Some("discount"), 7, 2000, 7, 7));
            let s = similar_cases(&all, Some("discount"), false);
            assert_eq!(s.total, 15);
            assert!(s.enough);
            let token = &s.groups[0];
            assert_eq!((token.kind.as_str(), token.count, token.enough), ("symbolic", 8, true));
            assert_eq!((token.satisfied_percent, token.came_back_percent, token.average_cents), (75, 50, 100));
            let discount = &s.groups[1];
            assert_eq!((discount.count, discount.enough, discount.came_back_percent), (7, false, 0));
            assert_eq!(s.note, None, "no note against a group that is too small");
        }

        #[test]
        fn a_cheaper_gesture_that_works_as_well_gets_a_note() {
            let mut all = cases(Some("symbolic"), 10, 500, 8, 6);
            all.extend(cases(Some("discount"), 10, 2000, 8, 6));
            let s = similar_cases(&all, Some("discount"), false);
            let note = s.note.expect("a note");
            assert!(note.contains("token brought back as many customers as discount (60% against 60%)"), "{note}");
            assert!(note.contains("a quarter or less of the cost"), "{note}");
            assert_eq!(similar_cases(&all, Some("symbolic"), false).note, None);
            assert!(!similar_cases(&cases(None, 5, 0, 0, 0), None, false).enough);
        }
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
        fn the_issue_case_a_fast_apology_is_not_told_to_give_more_than_a_slow_silence() {
            let slip = AdvisorInput {
                severity: sev(1),
                failure: FailureKind::Process,
                value_tier: ValueTier::New,
                transaction_cents: None,
                ..base()
            };
            let fast =
                advise_default(&AdvisorInput { first_response_minutes: Some(3), apologized: true, ..slip.clone() });
            let slow = advise_default(&AdvisorInput { first_response_minutes: Some(2 * 24 * 60), ..slip });
            assert!(fast.tier <= slow.tier, "{:?} > {:?}", fast.tier, slow.tier);
            assert_eq!(fast.tier, Tier::ApologyOnly);
            assert!(fast.reasons.iter().any(|r| r.contains("the apology is enough")), "{:?}", fast.reasons);
            assert!(
                slow.reasons.iter().any(|r| r.contains("(2 days): apologize for the wait as well")),
                "{:?}",
                slow.reasons
            );
            assert!(slow.reasons.iter().any(|r| r.contains("apologize first")));
        }

        #[test]
        fn a_sale_recorded_as_zero_gets_no_money_and_only_tokens() {
            let mut shop = catalogue();
            shop.push(CatalogueGesture {
                id: 7,
                name: "20.00 cash back".into(),
                kind: "refund".into(),
                cost_cents: Some(2000),
                percent: None,
                tiers: Tier::ALL.to_vec(),
            });
            shop.push(CatalogueGesture {
                id: 8,
                name: "Gift voucher".into(),
                kind: "gift".into(),
                cost_cents: Some(2500),
                percent: None,
                tiers: Tier::ALL.to_vec(),
            });
            let input = AdvisorInput { severity: sev(4), transaction_cents: Some(0), ..base() };
            let advice = advise(&input, &AdvisorSettings::default(), &shop);
            assert!(advice.nothing_paid);
            assert_eq!(advice.money, Some(MoneyRange { min_cents: 0, max_cents: 0 }));
            assert_eq!(advice.cap_cents, Some(0));
            assert!(advice.reasons.contains(&NOTHING_PAID.to_string()), "{:?}", advice.reasons);
            assert!(!advice.reasons.iter().any(|r| r.contains("No transaction value")));
            assert!(!advice.gestures.is_empty());
            assert!(advice.gestures.iter().all(|g| g.gesture.kind == "symbolic"), "{:?}", advice.gestures);
            // Not recorded stays distinct from zero.
            let unknown =
                advise(&AdvisorInput { transaction_cents: None, ..input }, &AdvisorSettings::default(), &shop);
            assert!(!unknown.nothing_paid && unknown.money.is_none());
            assert!(unknown.reasons.iter().any(|r| r.contains("No transaction value")));
        }

        #[test]
        fn the_largest_amounts_the_store_accepts_do_not_overflow() {
            let mut shop = catalogue();
            shop.push(CatalogueGesture {
                id: 9,
                name: "Everything".into(),
                kind: "refund".into(),
                cost_cents: None,
                percent: Some(300),
                tiers: Tier::ALL.to_vec(),
            });
            let settings = AdvisorSettings { cap_percent: 300, ..Default::default() };
            for paid in [i64::MAX, i64::MAX - 1, i64::MAX / 3, 1] {
                let input = AdvisorInput { severity: sev(5), transaction_cents: Some(paid), ..base() };
                let advice = advise(&input, &settings, &shop);
                let m = advice.money.unwrap();
                assert!(m.min_cents <= m.max_cents && m.max_cents <= advice.cap_cents.unwrap());
            }
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
                prop_assert!(m.max_cents as i128 <= paid as i128 * settings.cap_percent.max(0) as i128 / 100);
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
            let advice = advise(&input, &settings, &catalogue());
            prop_assert!(advice.tier <= Tier::Symbolic);
            let without = AdvisorInput { apologized: false, first_response_minutes: None, ..input };
            prop_assert!(advice.tier <= advise(&without, &settings, &catalogue()).tier);
        }

        #[test]
        fn a_faster_response_and_an_apology_never_raise_the_tier_or_money(
            input in any_input(),
            settings in any_settings(),
            faster_by in 0i64..10_000,
        ) {
            // All else equal: the same incident answered sooner (or at all) and with an apology.
            let better = AdvisorInput {
                first_response_minutes: Some(match input.first_response_minutes {
                    Some(m) => (m - faster_by).max(0),
                    None => faster_by,
                }),
                apologized: true,
                ..input.clone()
            };
            for better in [better.clone(), AdvisorInput { apologized: input.apologized, ..better.clone() },
                           AdvisorInput { first_response_minutes: input.first_response_minutes, ..better }] {
                let a = advise(&input, &settings, &catalogue());
                let b = advise(&better, &settings, &catalogue());
                prop_assert!(b.tier <= a.tier, "{:?} -> {:?}", a.tier, b.tier);
                if let (Some(x), Some(y)) = (a.money, b.money) {
                    prop_assert!(y.max_cents <= x.max_cents && y.min_cents <= x.min_cents);
                }
            }
        }

        #[test]
        fn a_slow_response_or_no_apology_says_what_to_do_without_inflating(
            input in any_input(),
            settings in any_settings(),
            hours in 2i64..200,
        ) {
            let slow = AdvisorInput { first_response_minutes: Some(hours * 60 + 1), apologized: false, ..input.clone() };
            let a = advise(&slow, &settings, &catalogue());
            prop_assert!(a.reasons.iter().any(|r| r.contains("apologize for the wait as well")), "{:?}", a.reasons);
            prop_assert!(a.reasons.iter().any(|r| r == NO_APOLOGY));
            // The same incident with no response time and an apology is never given less.
            let plain = AdvisorInput { first_response_minutes: None, apologized: true, ..input };
            prop_assert!(a.tier <= advise(&plain, &settings, &catalogue()).tier);
        }

        #[test]
        fn a_recorded_zero_never_gives_money_or_more_than_a_token(input in any_input(), settings in any_settings()) {
            let zero = AdvisorInput { transaction_cents: Some(0), ..input };
            let a = advise(&zero, &settings, &catalogue());
            prop_assert!(a.nothing_paid);
            prop_assert_eq!(a.money, Some(MoneyRange { min_cents: 0, max_cents: 0 }));
            prop_assert!(a.gestures.iter().all(|g| g.gesture.kind == "symbolic"));
            prop_assert!(a.reasons.iter().any(|r| r == NOTHING_PAID));
        }

        #[test]
        fn any_stored_amount_gives_an_answer_within_the_cap(
            input in any_input(),
            settings in any_settings(),
            paid in 0i64..=i64::MAX,
            cost in 0i64..=i64::MAX,
            percent in 1i64..=300,
        ) {
            let mut shop = catalogue();
            shop.push(CatalogueGesture { id: 20, name: "Fixed".into(), kind: "refund".into(), cost_cents: Some(cost),
                                         percent: None, tiers: Tier::ALL.to_vec() });
            shop.push(CatalogueGesture { id: 21, name: "Share".into(), kind: "discount".into(), cost_cents: None,
                                         percent: Some(percent), tiers: Tier::ALL.to_vec() });
            let a = advise(&AdvisorInput { transaction_cents: Some(paid), ..input }, &settings, &shop);
            if let (Some(m), Some(cap)) = (a.money, a.cap_cents) {
                prop_assert!(m.min_cents >= 0 && m.min_cents <= m.max_cents && m.max_cents <= cap);
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
            prop_assert!(a.gestures.iter().all(|g| g.gesture.tiers.contains(&a.tier)
                || (a.nothing_paid && g.gesture.kind == "symbolic")));
        }
    }
}
