//! The advice shown on an incident (a page module): the customer's value tier
//! and earlier problems, read from the tables, and the advisor's suggestion
//! worked out by the domain's rules.

use super::base::Store;
use super::checklist::ChecklistStep;
use crate::domain::advisor::{self, Advice, AdvisorInput, CatalogueGesture, ValueTier};
use crate::domain::breakdown::{FailureKind, Fault, Severity};
use crate::domain::value::{self, SpendCutoffs, TierThresholds};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;

/// An earlier problem of the same customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriorProblem {
    /// The earlier incident.
    pub incident_id: i64,
    /// When it was received.
    pub received_at: String,
    /// How many days before the incident being advised.
    pub days_before: i64,
}

/// A customer's value at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerValue {
    /// Computed tier (before the VIP flag).
    pub tier: ValueTier,
    /// The tier in words.
    pub tier_label: &'static str,
    /// Owner-set VIP flag (overrides the tier for the advisor).
    pub vip: bool,
    /// Incidents logged for the customer.
    pub problem_count: i64,
    /// Their dates (UTC), newest first.
    pub problem_dates: Vec<String>,
}

/// The advisor panel of an incident: the advice and what it was based on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdvicePanel {
    /// The suggestion.
    pub advice: Advice,
    /// The customer's tier.
    pub value_tier: ValueTier,
    /// The tier in words.
    pub value_tier_label: &'static str,
    /// VIP flag.
    pub vip: bool,
    /// Earlier problems of the customer, newest first.
    pub prior_problems: Vec<PriorProblem>,
    /// Whether an apology step is ticked.
    pub apologized: bool,
    /// The position of the checklist's apology step still to tick, when there
    /// is one and no apology is recorded: the page's "Apologized" ticks it.
    pub apology_step: Option<i64>,
}

/// What the advice is worked out from: the incident's facts and its checklist
/// (whose apology step, ticked or not, the advice looks at).
#[derive(Debug, Clone, Copy)]
pub struct AdviceFacts<'a> {
    /// The incident.
    pub id: i64,
    /// Its customer.
    pub customer_id: i64,
    /// When it was received (UTC, as stored).
    pub received_at: &'a str,
    /// How serious it is.
    pub severity: Severity,
    /// What failed.
    pub failure_kind: FailureKind,
    /// Whose fault.
    pub fault: Fault,
    /// What the customer paid, in cents, if known.
    pub transaction_cents: Option<i64>,
    /// Minutes from intake to the first response, if there was one.
    pub first_response_minutes: Option<i64>,
    /// Whether it is resolved.
    pub resolved: bool,
    /// Its checklist.
    pub checklist: &'a [ChecklistStep],
}

impl Store {
    /// The spend needed for "Top" and "Loyal", from the shop's customers.
    pub fn spend_cutoffs(&self, t: &TierThresholds) -> Result<SpendCutoffs> {
        let total = self.customer_count()?;
        let at_rank = |rank: i64| -> Result<Option<i64>> {
            if rank <= 0 {
                return Ok(None);
            }
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT total_spend_cents FROM customers ORDER BY total_spend_cents DESC LIMIT 1 OFFSET ?1",
                )?
                .query_row([rank - 1], |r| r.get(0))
                .optional()?)
        };
        Ok(SpendCutoffs {
            top_cents: at_rank(value::rank_within(total, t.top_percent))?,
            loyal_cents: at_rank(value::rank_within(total, t.loyal_percent))?,
        })
    }

    /// A customer's value tier, VIP flag and problem history.
    pub fn customer_value(&self, customer_id: i64) -> Result<CustomerValue> {
        let config = self.advisor_config()?;
        let cutoffs = self.spend_cutoffs(&config.tiers)?;
        let (visits, spend, vip): (i64, i64, bool) = self
            .conn
            .query_row("SELECT visits, total_spend_cents, vip FROM customers WHERE id = ?1", [customer_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?
            .ok_or_else(|| Error::NotFound("That customer no longer exists.".to_string()))?;
        let tier = value::value_tier(visits, spend, &cutoffs, &config.tiers);
        let problem_dates: Vec<String> = self
            .conn
            .prepare_cached("SELECT received_at FROM incidents WHERE customer_id = ?1 ORDER BY received_at DESC")?
            .query_map([customer_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(CustomerValue {
            tier,
            tier_label: tier.label(),
            vip,
            problem_count: problem_dates.len() as i64,
            problem_dates,
        })
    }

    /// The advisor's panel for an incident (its checklist already loaded).
    pub fn advice_for(&self, detail: &AdviceFacts<'_>) -> Result<AdvicePanel> {
        let config = self.advisor_config()?;
        let value = self.customer_value(detail.customer_id)?;
        let received = DateTime::parse_from_rfc3339(detail.received_at).map(|d| d.with_timezone(&Utc)).ok();
        let prior_problems: Vec<PriorProblem> = self
            .conn
            .prepare_cached(
                "SELECT id, received_at FROM incidents
                 WHERE customer_id = ?1 AND id <> ?2 AND received_at <= ?3 ORDER BY received_at DESC",
            )?
            .query_map((detail.customer_id, detail.id, detail.received_at), |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .map(|(incident_id, at)| {
                let days_before = match (received, DateTime::parse_from_rfc3339(&at)) {
                    (Some(r), Ok(a)) => (r - a.with_timezone(&Utc)).num_days(),
                    _ => 0,
                };
                PriorProblem { incident_id, received_at: at, days_before }
            })
            .collect();
        let apologized = detail.checklist.iter().any(|s| s.done_at.is_some() && s.step.apology);
        let apology_step = match apologized {
            true => None,
            false => detail.checklist.iter().find(|s| s.step.apology).map(|s| s.step.position),
        };
        let input = AdvisorInput {
            severity: detail.severity,
            failure: detail.failure_kind,
            fault: detail.fault,
            transaction_cents: detail.transaction_cents,
            value_tier: value.tier,
            vip: value.vip,
            prior_failure_days: prior_problems.iter().map(|p| p.days_before).collect(),
            first_response_minutes: detail.first_response_minutes,
            apologized,
        };
        let catalogue: Vec<CatalogueGesture> = self.list_gestures(false)?.into_iter().map(|g| g.gesture).collect();
        let mut advice = advisor::advise(&input, &config.advisor, &catalogue);
        if detail.resolved {
            // Nothing left to do about a missing apology once it is put right.
            advice.reasons.retain(|r| r != advisor::NO_APOLOGY);
        }
        Ok(AdvicePanel {
            advice,
            value_tier: value.tier,
            value_tier_label: value.tier.label(),
            vip: value.vip,
            prior_problems,
            apologized,
            apology_step,
        })
    }
}
