//! The advice shown on an incident (a page module): the customer's value tier
//! and earlier problems, read from the tables, and the advisor's suggestion
//! worked out by the domain's rules.

use super::base::Store;
use super::checklist::ChecklistStep;
use crate::domain::advisor::{self, Advice, AdvisorInput, CatalogueGesture, PastCase, SimilarCases, ValueTier};
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
    /// "In similar cases here": what the shop gave in earlier incidents like
    /// this one and how it went.
    pub similar: SimilarCases,
}

/// What the advice is worked out from: the incident's facts and its checklist
/// (whose apology step, ticked or not, the advice looks at).
#[derive(Debug, Clone, Copy)]
pub struct AdviceFacts<'a> {
    /// The incident.
    pub id: i64,
    /// Its customer.
    pub customer_id: i64,
    /// Its category (none: compared with others without one).
    pub category_id: Option<i64>,
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
        let suggested_kind = match advice.tier {
            advisor::Tier::ApologyOnly => None,
            _ => advice.gestures.first().map(|g| g.gesture.kind.as_str()),
        };
        let (cases, capped) = self.similar_past_cases(detail)?;
        let similar = advisor::similar_cases(&cases, suggested_kind, capped);
        Ok(AdvicePanel {
            similar,
            advice,
            value_tier: value.tier,
            value_tier_label: value.tier.label(),
            vip: value.vip,
            prior_problems,
            apologized,
            apology_step,
        })
    }

    /// The latest resolved incidents like this one (same category and failure
    /// kind, severity within one, received at most two years before it), each
    /// with its costliest gesture's kind, what its gestures cost, whether its
    /// latest call was "satisfied" and whether the customer came back (a visit
    /// or another incident) within 90 days of the fix. Walks the category
    /// index newest first, at most [`advisor::MAX_CASES`] cases; the rest are
    /// index lookups per case. The flag says whether the limit was reached.
    fn similar_past_cases(&self, detail: &AdviceFacts<'_>) -> Result<(Vec<PastCase>, bool)> {
        let since = DateTime::parse_from_rfc3339(detail.received_at)
            .map(|d| super::base::timestamp(d.with_timezone(&Utc) - chrono::Duration::days(advisor::HISTORY_DAYS)))
            .unwrap_or_default();
        let severity = detail.severity.get();
        let days = format!("+{} days", advisor::CAME_BACK_DAYS);
        let mut stmt = self.conn.prepare_cached(
            "SELECT (SELECT g.kind FROM incident_gestures g WHERE g.incident_id = i.id
                     ORDER BY g.cost_cents DESC, g.id LIMIT 1),
                    (SELECT total(g.cost_cents) FROM incident_gestures g WHERE g.incident_id = i.id),
                    coalesce((SELECT f.outcome FROM follow_ups f WHERE f.incident_id = i.id AND f.outcome IS NOT NULL
                              ORDER BY f.done_at DESC, f.id DESC LIMIT 1) = 'satisfied', 0),
                    EXISTS (SELECT 1 FROM incidents l WHERE l.customer_id = i.customer_id
                            AND l.received_at > i.resolved_at
                            AND l.received_at <= strftime('%Y-%m-%dT%H:%M:%SZ', i.resolved_at, ?7))
                    OR coalesce((SELECT substr(c.last_visit, 1, 10) FROM customers c WHERE c.id = i.customer_id)
                                BETWEEN date(i.resolved_at, '+1 day') AND date(i.resolved_at, ?7), 0)
             FROM incidents i INDEXED BY incidents_category
             WHERE i.category_id IS ?1 AND i.received_at >= ?2 AND i.severity BETWEEN ?3 AND ?4
               AND i.status = 'resolved' AND i.failure_kind = ?5 AND i.id <> ?6
             ORDER BY i.received_at DESC LIMIT ?8",
        )?;
        let cases: Vec<PastCase> = stmt
            .query_map(
                rusqlite::params![
                    detail.category_id,
                    since,
                    severity - 1,
                    severity + 1,
                    detail.failure_kind.as_str(),
                    detail.id,
                    days,
                    advisor::MAX_CASES,
                ],
                |r| {
                    Ok(PastCase {
                        kind: r.get(0)?,
                        cost_cents: r.get::<_, f64>(1)?.clamp(0.0, i64::MAX as f64) as i64,
                        satisfied: r.get(2)?,
                        came_back: r.get(3)?,
                    })
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        let capped = cases.len() as i64 >= advisor::MAX_CASES;
        Ok((cases, capped))
    }
}
