//! Gestures that make it up to a customer: the shop's catalogue and the
//! gestures actually given.

use super::advisor::Tier;
use super::validate::{self, Checker};
use crate::error::Result;
use serde::Deserialize;

/// The kinds of gesture: the stored value and the words shown to people.
pub const KINDS: [(&str, &str); 5] = [
    ("symbolic", "Token"),
    ("service", "Free service"),
    ("discount", "Discount"),
    ("refund", "Refund"),
    ("gift", "Gift"),
];

/// The words for a stored kind ("symbolic" -> "Token").
pub fn kind_label(kind: &str) -> Option<&'static str> {
    KINDS.iter().find(|(k, _)| *k == kind).map(|(_, label)| *label)
}

/// A catalogue entry as typed in Settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct GestureInput {
    /// Name ("Free fringe trim").
    pub name: String,
    /// One of [`KINDS`].
    pub kind: String,
    /// Typical cost as typed ("12.50"); empty when it is a percentage.
    pub cost: String,
    /// Typical cost as a percentage of the transaction; `None` when fixed.
    pub percent: Option<i64>,
    /// The tiers it fits ("symbolic", "modest", ...).
    pub tiers: Vec<String>,
}

/// A checked catalogue entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GestureFields {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Fixed cost in cents.
    pub cost_cents: Option<i64>,
    /// Percentage of the transaction.
    pub percent: Option<i64>,
    /// Tiers it fits, smallest first.
    pub tiers: Vec<Tier>,
}

impl GestureInput {
    /// Checks the catalogue form.
    pub fn validated(&self) -> Result<GestureFields> {
        let mut c = Checker::new();
        let name = c.check("name", validate::required_name(&self.name, "gesture's name"));
        let kind = self.kind.trim().to_string();
        if !KINDS.iter().any(|(k, _)| *k == kind) {
            c.fail("kind", "Please choose a kind: token, free service, discount, refund or gift.");
        }
        let cost = c.check("cost", validate::money(&self.cost)).flatten();
        if let Some(p) = self.percent {
            if !(1..=300).contains(&p) {
                c.fail("percent", "Please enter a percentage from 1 to 300, or leave it empty.");
            }
        }
        if cost.is_some() && self.percent.is_some() {
            c.fail("percent", "Give either a fixed cost or a percentage, not both.");
        }
        let mut tiers: Vec<Tier> = Vec::new();
        for t in &self.tiers {
            match Tier::parse(t.trim()) {
                Some(tier) if !tiers.contains(&tier) => tiers.push(tier),
                Some(_) => {}
                None => c.fail("tiers", "Please pick the sizes from the list."),
            }
        }
        if self.tiers.is_empty() {
            c.fail("tiers", "Pick at least one size this gesture fits.");
        }
        c.finish()?;
        tiers.sort();
        Ok(GestureFields { name: name.expect("checked"), kind, cost_cents: cost, percent: self.percent, tiers })
    }
}

/// A gesture given on an incident, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct GivenInput {
    /// The catalogue entry it came from, if any.
    pub gesture_id: Option<i64>,
    /// What was given, in words.
    pub description: String,
    /// One of [`KINDS`].
    pub kind: String,
    /// What it cost, as typed.
    pub cost: String,
    /// A note ("valid until March").
    pub note: String,
}

/// A checked given gesture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenFields {
    /// The catalogue entry it came from.
    pub gesture_id: Option<i64>,
    /// What was given.
    pub description: String,
    /// Kind.
    pub kind: String,
    /// Cost in cents.
    pub cost_cents: i64,
    /// Note.
    pub note: String,
}

impl GivenInput {
    /// Checks the "record gesture" form.
    pub fn validated(&self) -> Result<GivenFields> {
        let mut c = Checker::new();
        let description = c.check("description", validate::required_name(&self.description, "gesture"));
        let kind = self.kind.trim().to_string();
        if !KINDS.iter().any(|(k, _)| *k == kind) {
            c.fail("kind", "Please choose a kind: token, free service, discount, refund or gift.");
        }
        let cost = c.check("cost", validate::money(&self.cost));
        let note = c.check("note", validate::optional_text(&self.note, 1000));
        c.finish()?;
        Ok(GivenFields {
            gesture_id: self.gesture_id,
            description: description.expect("checked"),
            kind,
            cost_cents: cost.flatten().unwrap_or(0),
            note: note.expect("checked"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_entry_success() {
        let g = GestureInput {
            name: "Free coffee".into(),
            kind: "gift".into(),
            cost: "3.50".into(),
            tiers: vec!["symbolic".into(), "apology_only".into()],
            ..Default::default()
        }
        .validated()
        .unwrap();
        assert_eq!(g.cost_cents, Some(350));
        assert_eq!(g.tiers, [Tier::ApologyOnly, Tier::Symbolic]);
    }

    #[test]
    fn catalogue_entry_needs_tiers_and_one_cost() {
        let err = GestureInput {
            name: "X".into(),
            kind: "gift".into(),
            cost: "3".into(),
            percent: Some(10),
            ..Default::default()
        }
        .validated()
        .unwrap_err();
        let json = serde_json::to_value(err).unwrap();
        assert!(json["fields"]["tiers"].is_string());
        assert!(json["fields"]["percent"].is_string());
    }

    #[test]
    fn given_gesture_negative_cost() {
        let err =
            GivenInput { description: "Refund".into(), kind: "refund".into(), cost: "-4".into(), ..Default::default() }
                .validated()
                .unwrap_err();
        assert_eq!(serde_json::to_value(err).unwrap()["fields"]["cost"], "The amount can't be negative.");
    }
}
