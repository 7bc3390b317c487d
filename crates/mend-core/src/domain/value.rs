//! How much a customer matters, measured against the shop's own customers.
//!
//! Spend is ranked against everyone else (the top 10% are "Top"), visits
//! count on their own; the owner sets the cut-offs in Settings and a VIP flag
//! overrides them all.

use super::advisor::ValueTier;
use super::validate::Checker;
use crate::error::Result;
use serde::{Deserialize, Serialize};

/// The owner's cut-offs for value tiers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TierThresholds {
    /// The best spenders, as a share of all customers, are "Top" (percent).
    pub top_percent: i64,
    /// The next best spenders are "Loyal" (percent of all customers, counted
    /// from the top, so it includes the top ones).
    pub loyal_percent: i64,
    /// Or this many visits make a customer "Loyal".
    pub loyal_visits: i64,
    /// This many visits make a customer "Regular".
    pub regular_visits: i64,
}

impl Default for TierThresholds {
    fn default() -> Self {
        Self { top_percent: 10, loyal_percent: 30, loyal_visits: 8, regular_visits: 2 }
    }
}

impl TierThresholds {
    /// Checks thresholds typed in Settings.
    pub fn validated(&self) -> Result<TierThresholds> {
        let mut c = Checker::new();
        if !(1..=50).contains(&self.top_percent) {
            c.fail("top_percent", "Please enter a share from 1 to 50 percent.");
        }
        if !(self.top_percent.max(1)..=90).contains(&self.loyal_percent) {
            c.fail("loyal_percent", "Please enter a share from the top share up to 90 percent.");
        }
        if !(1..=1000).contains(&self.regular_visits) {
            c.fail("regular_visits", "Please enter a number of visits from 1 to 1000.");
        }
        if !(self.regular_visits.max(1)..=1000).contains(&self.loyal_visits) {
            c.fail("loyal_visits", "Please enter at least as many visits as for a regular.");
        }
        c.finish()?;
        Ok(self.clone())
    }
}

/// The spend a customer needs to reach each tier, worked out from the
/// shop's customers (`None` when nobody has spent anything yet).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SpendCutoffs {
    /// Spend at or above which a customer is "Top".
    pub top_cents: Option<i64>,
    /// Spend at or above which a customer is "Loyal".
    pub loyal_cents: Option<i64>,
}

/// How many customers from the top of the spend ranking fall within
/// `percent` of `total` customers (at least one when there are any).
pub fn rank_within(total: i64, percent: i64) -> i64 {
    if total <= 0 {
        0
    } else {
        ((total * percent + 99) / 100).max(1)
    }
}

/// A customer's value tier.
pub fn value_tier(visits: i64, spend_cents: i64, cutoffs: &SpendCutoffs, t: &TierThresholds) -> ValueTier {
    let reaches = |cut: Option<i64>| cut.map(|c| spend_cents > 0 && spend_cents >= c).unwrap_or(false);
    if reaches(cutoffs.top_cents) {
        ValueTier::Top
    } else if reaches(cutoffs.loyal_cents) || visits >= t.loyal_visits {
        ValueTier::Loyal
    } else if visits >= t.regular_visits {
        ValueTier::Regular
    } else {
        ValueTier::New
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_from_spend_and_visits() {
        let t = TierThresholds::default();
        let cut = SpendCutoffs { top_cents: Some(100_000), loyal_cents: Some(40_000) };
        assert_eq!(value_tier(1, 150_000, &cut, &t), ValueTier::Top);
        assert_eq!(value_tier(1, 50_000, &cut, &t), ValueTier::Loyal);
        assert_eq!(value_tier(9, 0, &cut, &t), ValueTier::Loyal);
        assert_eq!(value_tier(3, 1_000, &cut, &t), ValueTier::Regular);
        assert_eq!(value_tier(1, 1_000, &cut, &t), ValueTier::New);
    }

    #[test]
    fn nobody_is_top_on_zero_spend() {
        let cut = SpendCutoffs { top_cents: Some(0), loyal_cents: Some(0) };
        assert_eq!(value_tier(0, 0, &cut, &TierThresholds::default()), ValueTier::New);
    }

    #[test]
    fn rank_counts() {
        assert_eq!(rank_within(0, 10), 0);
        assert_eq!(rank_within(5, 10), 1);
        assert_eq!(rank_within(100, 10), 10);
        assert_eq!(rank_within(101, 10), 11);
    }

    #[test]
    fn thresholds_are_checked() {
        let bad = TierThresholds { top_percent: 0, loyal_visits: 1, regular_visits: 3, ..Default::default() };
        assert_eq!(bad.validated().unwrap_err().kind(), "invalid");
    }
}
