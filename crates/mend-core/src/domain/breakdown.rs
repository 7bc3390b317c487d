//! What broke down, as the rules read it: how serious it was ([`Severity`],
//! 1 to 5), what failed ([`FailureKind`]: the work itself, or how it was
//! handled) and whose fault it was ([`Fault`]). Each carries the value stored
//! in the database (`as_str`/`get`), its reading back (`parse`/`new`) and the
//! words people see (`label`) side by side. Incidents, the advisor, the sample
//! shop and the exports all take them from here.

use serde::{Deserialize, Serialize};

/// Severity levels 1 to 5 with the words that help staff pick one.
pub const SEVERITIES: [(i64, &str, &str); 5] = [
    (1, "Minor", "A small slip the customer barely minds; a sincere apology puts it right."),
    (2, "Noticeable", "An inconvenience the customer clearly noticed; easy to put right today."),
    (3, "Significant", "The customer is upset: the service fell short of what they paid for."),
    (4, "Serious", "The service failed: the customer lost money, time or trust and may not come back."),
    (5, "Critical", "Harm, a public complaint, or a valued customer about to leave for good."),
];

/// How serious a breakdown is: 1 (minor) to 5 (critical). Only a level in
/// that range can be made, so the rules never see another number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Severity(i64);

impl Severity {
    /// The lowest level.
    pub const MIN: Severity = Severity(1);
    /// The highest level.
    pub const MAX: Severity = Severity(5);

    /// The level `n`, if it is one of 1 to 5.
    pub fn new(n: i64) -> Option<Severity> {
        (1..=5).contains(&n).then_some(Severity(n))
    }

    /// The level as a number (stored as such).
    pub fn get(self) -> i64 {
        self.0
    }

    /// Its name ("Serious").
    pub fn label(self) -> &'static str {
        SEVERITIES[(self.0 - 1) as usize].1
    }

    /// What it means, in a sentence.
    pub fn description(self) -> &'static str {
        SEVERITIES[(self.0 - 1) as usize].2
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What failed: the thing delivered, or the way it was delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// The product or service itself was wrong.
    #[default]
    Outcome,
    /// How it was handled: waiting, manners, booking, billing.
    Process,
}

impl FailureKind {
    /// Both kinds, in the order the form lists them.
    pub const ALL: [FailureKind; 2] = [FailureKind::Outcome, FailureKind::Process];

    /// The value stored in the database and sent by the window.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::Outcome => "outcome",
            FailureKind::Process => "process",
        }
    }

    /// Reads a stored or sent value.
    pub fn parse(value: &str) -> Option<FailureKind> {
        FailureKind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// Words shown to people (the answer to "What went wrong?").
    pub fn label(self) -> &'static str {
        match self {
            FailureKind::Outcome => "The work itself",
            FailureKind::Process => "How it was handled",
        }
    }
}

/// Whose fault the breakdown was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// Ours.
    #[default]
    Shop,
    /// A supplier or someone else outside the shop.
    ThirdParty,
    /// The customer's own doing, at least in part.
    Customer,
    /// Not known yet.
    Unknown,
}

impl Fault {
    /// Every answer, in the order the form lists them.
    pub const ALL: [Fault; 4] = [Fault::Shop, Fault::ThirdParty, Fault::Customer, Fault::Unknown];

    /// The value stored in the database and sent by the window.
    pub fn as_str(self) -> &'static str {
        match self {
            Fault::Shop => "shop",
            Fault::ThirdParty => "third_party",
            Fault::Customer => "customer",
            Fault::Unknown => "unknown",
        }
    }

    /// Reads a stored or sent value.
    pub fn parse(value: &str) -> Option<Fault> {
        Fault::ALL.into_iter().find(|f| f.as_str() == value)
    }

    /// Words shown to people (the answer to "Whose fault?").
    pub fn label(self) -> &'static str {
        match self {
            Fault::Shop => "Ours",
            Fault::ThirdParty => "A supplier or partner",
            Fault::Customer => "The customer’s, at least in part",
            Fault::Unknown => "Not known yet",
        }
    }
}
