//! The owner's figures for a period: what goes wrong, how fast the shop
//! responds, what recovery costs, how calls and promises go, and who comes
//! back. Aggregations run in SQL as range searches on indexes that hold the
//! columns they need; only the percentiles, and folding days into weeks, are
//! worked out in Rust.

use super::{timestamp, Store};
use crate::domain::checklist::nominal_targets;
use crate::domain::period::{change_percent, percentile, week_of, Period};
use crate::error::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A count now and in the period before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compared {
    /// This period.
    pub now: i64,
    /// The period before.
    pub before: i64,
    /// Change in percent, when there was something before.
    pub change_percent: Option<i64>,
}

impl Compared {
    fn new(now: i64, before: i64) -> Self {
        Self { now, before, change_percent: change_percent(now, before) }
    }
}

/// A category's share of the incidents, for the Pareto chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryShare {
    /// Category name ("No category" when none).
    pub category: String,
    /// Incidents.
    pub count: i64,
    /// Running share of all incidents, in percent, largest first.
    pub cumulative_percent: i64,
    /// The most common root causes recorded, most frequent first (up to 3).
    pub root_causes: Vec<String>,
}

/// Median and 90th percentile of a duration, in minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spread {
    /// Median.
    pub median_minutes: Option<i64>,
    /// 90th percentile.
    pub p90_minutes: Option<i64>,
    /// How many incidents it is measured on.
    pub count: i64,
}

impl Spread {
    fn of(values: &[i64]) -> Self {
        Self {
            median_minutes: percentile(values, 50.0),
            p90_minutes: percentile(values, 90.0),
            count: values.len() as i64,
        }
    }
}

/// A labelled amount of money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Amount {
    /// Month ("2026-11") or category.
    pub label: String,
    /// In cents.
    pub cents: i64,
}

/// Response and resolution times against the shop's default playbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Targets {
    /// The default playbook's name.
    pub playbook: String,
    /// Its first step's target, in minutes.
    pub first_response_minutes: Option<i64>,
    /// When its last target falls with every step on time, in minutes.
    pub resolution_minutes: Option<i64>,
    /// Incidents of the period whose first response was within target.
    pub first_response_met: i64,
    /// Incidents of the period resolved within target.
    pub resolution_met: i64,
}

/// Everything the Insights screen shows for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Insights {
    /// The period.
    pub period: Period,
    /// The period compared with.
    pub previous: Period,
    /// Incidents received.
    pub incidents: Compared,
    /// Incidents per week (Monday, "YYYY-MM-DD") and category.
    pub weekly: Vec<(String, String, i64)>,
    /// Categories, largest first, with running shares.
    pub pareto: Vec<CategoryShare>,
    /// Intake to first ticked step.
    pub first_response: Spread,
    /// Intake to resolution (resolved incidents only).
    pub resolution: Spread,
    /// The same two for the period before.
    pub previous_first_response: Spread,
    /// Previous resolution.
    pub previous_resolution: Spread,
    /// The playbook targets the two are measured against.
    pub targets: Targets,
    /// Gesture spend per month.
    pub spend_by_month: Vec<Amount>,
    /// Gesture spend per incident category.
    pub spend_by_category: Vec<Amount>,
    /// Gestures given.
    pub gestures: Compared,
    /// Of those, how many the customer used.
    pub gestures_redeemed: i64,
    /// Follow-up outcomes: satisfied, partly satisfied, not satisfied, unreachable.
    pub follow_up_outcomes: [i64; 4],
    /// Promises due in the period: kept, broken, still open.
    pub promises: [i64; 3],
    /// Customers with two or more incidents in the period.
    pub repeat_complainants: i64,
    /// Customers whose incident was resolved in the period...
    pub recovered_customers: i64,
    /// ...and who visited again after the fix, or came back with anything.
    pub came_back: i64,
    /// Prevention actions recorded in the period: open, done.
    pub prevention: [i64; 2],
}

impl Store {
    fn count_between(&self, sql: &str, from: &str, until: &str) -> Result<i64> {
        Ok(self.conn.prepare_cached(sql)?.query_row((from, until), |r| r.get(0))?)
    }

    fn minutes_between(&self, sql: &str, from: &str, until: &str) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map((from, until), |r| r.get::<_, Option<f64>>(0))?;
        Ok(rows.filter_map(|r| r.ok().flatten()).map(|m| m.round().max(0.0) as i64).collect())
    }

    /// The figures for `period`, whose days run from `from` to `until` (UTC
    /// instants of local midnights), compared with `previous`
    /// (`prev_from`..`prev_until`).
    pub fn insights(
        &self,
        period: Period,
        (from, until): (DateTime<Utc>, DateTime<Utc>),
        previous: Period,
        (prev_from, prev_until): (DateTime<Utc>, DateTime<Utc>),
    ) -> Result<Insights> {
        let (f, u, pf, pu) = (timestamp(from), timestamp(until), timestamp(prev_from), timestamp(prev_until));
        let incidents_sql = "SELECT count(*) FROM incidents WHERE received_at >= ?1 AND received_at < ?2";

        // Counted per day and category in SQL (on the index of the time
        // received), then folded into Monday-to-Sunday weeks here.
        let mut weekly = Vec::new();
        {
            let names: std::collections::HashMap<i64, String> = self
                .conn
                .prepare_cached("SELECT id, name FROM categories")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut stmt = self.conn.prepare_cached(
                "SELECT substr(received_at, 1, 10) AS day, category_id, count(*) FROM incidents
                 WHERE received_at >= ?1 AND received_at < ?2 GROUP BY day, category_id",
            )?;
            let rows = stmt.query_map((&f, &u), |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, i64>(2)?))
            })?;
            let mut weeks: std::collections::BTreeMap<(String, String), i64> = std::collections::BTreeMap::new();
            for row in rows {
                let (day, category, n) = row?;
                let Ok(day) = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d") else { continue };
                let name = category.and_then(|c| names.get(&c).cloned()).unwrap_or_else(|| "No category".to_string());
                *weeks.entry((week_of(day).format("%Y-%m-%d").to_string(), name)).or_default() += n;
            }
            weekly.extend(weeks.into_iter().map(|((week, name), n)| (week, name, n)));
        }

        let mut pareto: Vec<CategoryShare> = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT i.category_id, coalesce(c.name, 'No category'), count(*) FROM incidents i
                 LEFT JOIN categories c ON c.id = i.category_id
                 WHERE i.received_at >= ?1 AND i.received_at < ?2 GROUP BY i.category_id ORDER BY 3 DESC, 2",
            )?;
            let rows: Vec<(Option<i64>, String, i64)> = stmt
                .query_map((&f, &u), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let total: i64 = rows.iter().map(|r| r.2).sum();
            let mut running = 0;
            for (category_id, name, count) in rows {
                running += count;
                let root_causes = self
                    .conn
                    .prepare_cached(
                        "SELECT root_cause FROM incidents
                         WHERE category_id IS ?1 AND received_at >= ?2 AND received_at < ?3 AND root_cause <> ''
                         GROUP BY root_cause ORDER BY count(*) DESC, root_cause LIMIT 3",
                    )?
                    .query_map((category_id, &f, &u), |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                pareto.push(CategoryShare {
                    category: name,
                    count,
                    cumulative_percent: if total > 0 { running * 100 / total } else { 0 },
                    root_causes,
                });
            }
        }

        // `first_done_at` is the first ticked step's time, kept by triggers.
        let first_response_sql = "SELECT (julianday(first_done_at) - julianday(received_at)) * 1440 FROM incidents
             WHERE received_at >= ?1 AND received_at < ?2 AND first_done_at IS NOT NULL";
        let resolution_sql = "SELECT (julianday(resolved_at) - julianday(received_at)) * 1440 FROM incidents
             WHERE received_at >= ?1 AND received_at < ?2 AND resolved_at IS NOT NULL";

        let money = |sql: &str| -> Result<Vec<Amount>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map((&f, &u), |r| Ok(Amount { label: r.get(0)?, cents: r.get(1)? }))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let gestures_sql = "SELECT count(*) FROM incident_gestures WHERE given_at >= ?1 AND given_at < ?2";

        let outcome = |name: &str| -> Result<i64> {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT count(*) FROM follow_ups WHERE done_at >= ?1 AND done_at < ?2 AND outcome = ?3",
                )?
                .query_row((&f, &u, name), |r| r.get(0))?)
        };
        let promises = |status: &str| -> Result<i64> {
            Ok(self
                .conn
                .prepare_cached("SELECT count(*) FROM promises WHERE due_at >= ?1 AND due_at < ?2 AND status = ?3")?
                .query_row((&f, &u, status), |r| r.get(0))?)
        };

        let first_response = self.minutes_between(first_response_sql, &f, &u)?;
        let resolution = self.minutes_between(resolution_sql, &f, &u)?;
        let playbook = self.playbook(self.default_playbook_id()?)?;
        let step_targets: Vec<_> = playbook.steps.iter().map(|s| s.target).collect();
        let (first_target, resolution_target) = nominal_targets(&step_targets);
        let met = |values: &[i64], target: Option<i64>| match target {
            Some(t) => values.iter().filter(|&&v| v <= t).count() as i64,
            None => 0,
        };
        let targets = Targets {
            playbook: playbook.name,
            first_response_minutes: first_target,
            resolution_minutes: resolution_target,
            first_response_met: met(&first_response, first_target),
            resolution_met: met(&resolution, resolution_target),
        };

        Ok(Insights {
            period,
            previous,
            incidents: Compared::new(
                self.count_between(incidents_sql, &f, &u)?,
                self.count_between(incidents_sql, &pf, &pu)?,
            ),
            weekly,
            pareto,
            first_response: Spread::of(&first_response),
            resolution: Spread::of(&resolution),
            previous_first_response: Spread::of(&self.minutes_between(first_response_sql, &pf, &pu)?),
            previous_resolution: Spread::of(&self.minutes_between(resolution_sql, &pf, &pu)?),
            targets,
            spend_by_month: money(
                "SELECT substr(given_at, 1, 7) AS month, sum(cost_cents) FROM incident_gestures
                 WHERE given_at >= ?1 AND given_at < ?2 GROUP BY month ORDER BY month",
            )?,
            spend_by_category: money(
                "SELECT coalesce(c.name, 'No category'), sum(g.cost_cents) FROM incident_gestures g
                 JOIN incidents i INDEXED BY incidents_keys ON i.id = g.incident_id
                 LEFT JOIN categories c ON c.id = i.category_id
                 WHERE g.given_at >= ?1 AND g.given_at < ?2 GROUP BY i.category_id ORDER BY 2 DESC, 1",
            )?,
            gestures: Compared::new(self.count_between(gestures_sql, &f, &u)?, self.count_between(gestures_sql, &pf, &pu)?),
            gestures_redeemed: self.count_between(
                "SELECT count(*) FROM incident_gestures WHERE given_at >= ?1 AND given_at < ?2 AND redeemed_at IS NOT NULL",
                &f,
                &u,
            )?,
            follow_up_outcomes: [
                outcome("satisfied")?,
                outcome("partly_satisfied")?,
                outcome("not_satisfied")?,
                outcome("no_answer")?,
            ],
            promises: [promises("kept")?, promises("broken")?, promises("open")?],
            repeat_complainants: self.count_between(
                "SELECT count(*) FROM (SELECT customer_id FROM incidents WHERE received_at >= ?1 AND received_at < ?2
                 GROUP BY customer_id HAVING count(*) >= 2)",
                &f,
                &u,
            )?,
            recovered_customers: self.count_between(
                "SELECT count(DISTINCT customer_id) FROM incidents WHERE resolved_at >= ?1 AND resolved_at < ?2",
                &f,
                &u,
            )?,
            came_back: self.count_between(
                "SELECT count(DISTINCT i.customer_id) FROM incidents i JOIN customers c ON c.id = i.customer_id
                 WHERE i.resolved_at >= ?1 AND i.resolved_at < ?2
                   AND (c.last_visit > substr(i.resolved_at, 1, 10)
                        OR EXISTS (SELECT 1 FROM incidents later
                                   WHERE later.customer_id = i.customer_id AND later.received_at > i.resolved_at))",
                &f,
                &u,
            )?,
            prevention: [
                self.count_between(
                    "SELECT count(*) FROM prevention_actions WHERE created_at >= ?1 AND created_at < ?2 AND done_at IS NULL",
                    &f,
                    &u,
                )?,
                self.count_between(
                    "SELECT count(*) FROM prevention_actions WHERE created_at >= ?1 AND created_at < ?2 AND done_at IS NOT NULL",
                    &f,
                    &u,
                )?,
            ],
        })
    }
}
