//! The owner's figures for a period: what goes wrong, how fast the shop
//! responds, what recovery costs, how calls and promises go (kept, broken,
//! moved), and who comes back.
//!
//! Counts and sums come from per-day roll-ups kept by triggers (schema v6,
//! `daily_*` tables): a period is its whole UTC days from the roll-ups plus
//! its partial edge days from the rows, since a local midnight is rarely a UTC
//! one (see [`DaySplit`]). So the work grows with the days of the period, not
//! its incidents. The median and 90th percentile come from duration
//! histograms and are exact to the bucket (see `bucket_of` in the schema). The figures
//! about customers (repeat complainants, who was recovered and who came back)
//! count distinct customers, which no per-day sum can give: they are read
//! from the rows, on indexes that hold what they need.

use super::base::{timestamp, Store};
use crate::db::schema::bucket_of;
use crate::domain::checklist::nominal_targets;
use crate::domain::period::{change_percent, week_of, Period};
use crate::error::Result;
use chrono::{DateTime, Duration, NaiveTime, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

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
    /// From a histogram: bucket (its upper end, in minutes) → incidents.
    fn of(histogram: &BTreeMap<i64, i64>) -> Self {
        Self {
            median_minutes: bucket_percentile(histogram, 50.0),
            p90_minutes: bucket_percentile(histogram, 90.0),
            count: histogram.values().sum(),
        }
    }
}

/// The `p`-th percentile by the nearest rank (as [`crate::domain::period::percentile`]),
/// to the bucket.
fn bucket_percentile(histogram: &BTreeMap<i64, i64>, p: f64) -> Option<i64> {
    let total: i64 = histogram.values().sum();
    if total <= 0 {
        return None;
    }
    let rank = (((p.clamp(0.0, 100.0) / 100.0) * total as f64).ceil() as i64).clamp(1, total);
    histogram
        .iter()
        .scan(0, |seen, (&bucket, &n)| {
            *seen += n;
            Some((bucket, *seen))
        })
        .find(|&(_, seen)| seen >= rank)
        .map(|(bucket, _)| bucket)
}

/// A period cut for the roll-ups: rows from `from` to `days_from`, whole UTC
/// days from `days_from` to `days_until` (read from a `daily_*` table), rows
/// from `days_until` to `until`. A period with no whole UTC day is all rows
/// (`days_from` = `days_until` = `until`). Bound as ?1 to ?4.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DaySplit([String; 4]);

impl DaySplit {
    /// Cuts [`from`, `until`).
    pub(crate) fn new(from: DateTime<Utc>, until: DateTime<Utc>) -> Self {
        let midnight = |t: DateTime<Utc>| t.date_naive().and_time(NaiveTime::MIN).and_utc();
        let first = if midnight(from) == from { from } else { midnight(from) + Duration::days(1) };
        let last = midnight(until);
        let (a, b) = if first < last { (first, last) } else { (until, until) };
        Self([timestamp(from), timestamp(a), timestamp(b), timestamp(until)])
    }
}

/// One statement for a roll-up over a [`DaySplit`]: `days` reads the whole
/// days (its range: `{days}`), `rows` the two edges (its range on the time
/// column: `{edge}`); each arm gives the same columns.
fn rolled(days: &str, rows: &str, column: &str) -> String {
    let days = days.replace("{days}", "day >= substr(?2, 1, 10) AND day < substr(?3, 1, 10)");
    let edge = |a: &str, b: &str| rows.replace("{edge}", &format!("{column} >= {a} AND {column} < {b}"));
    format!("{days} UNION ALL {} UNION ALL {}", edge("?1", "?2"), edge("?3", "?4"))
}

/// A stored time ("2026-11-24T09:30:00Z") kept without allocating; ordered
/// as the text is. Empty (all zero) means none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Stamp([u8; 20]);

impl Stamp {
    fn of(text: &str) -> Self {
        let mut out = [0u8; 20];
        let n = text.len().min(20);
        out[..n].copy_from_slice(&text.as_bytes()[..n]);
        Stamp(out)
    }

    fn is_empty(&self) -> bool {
        self.0[0] == 0
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0).trim_end_matches('\0').to_string()
    }
}

/// Gestures given on a day under an incident category: how many, their cost,
/// how many were used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct GestureSums {
    pub n: i64,
    pub cents: i64,
    pub redeemed: i64,
}

impl GestureSums {
    /// Adds `other` to these sums.
    pub(crate) fn add(&mut self, other: GestureSums) {
        self.n += other.n;
        self.cents += other.cents;
        self.redeemed += other.redeemed;
    }
}

/// A period's gestures: in all, per UTC month and per incident category key.
#[derive(Debug, Default)]
pub(crate) struct GestureTotals {
    pub all: GestureSums,
    pub months: BTreeMap<String, GestureSums>,
    pub categories: HashMap<i64, GestureSums>,
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
    /// Incidents of the period whose first response was within target (of
    /// all `incidents.now`: those still waiting count as not within).
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
    /// Intake to first response (the first ticked step, or resolving when
    /// no step had been ticked), of the incidents that have one.
    pub first_response: Spread,
    /// Incidents received in the period with no first response yet: with
    /// `first_response.count` they make up all of `incidents.now`.
    pub first_response_waiting: i64,
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
    /// Moves of promises to a new due time made in the period (a promise
    /// moved twice counts twice), whenever the promise is due.
    pub promises_moved: i64,
    /// Customers with two or more incidents in the period.
    pub repeat_complainants: i64,
    /// Customers whose incident was resolved in the period...
    pub recovered_customers: i64,
    /// ...and who visited again after the fix, or came back with anything.
    pub came_back: i64,
    /// Prevention actions recorded in the period: open, done.
    pub prevention: [i64; 2],
    /// "Recovery that works": the incidents resolved in the period, per
    /// category and kind of gesture given, with their satisfied and
    /// came-back shares against cost (figures only for groups of at least
    /// [`crate::domain::advisor::MIN_CASES`]).
    pub recovery: Vec<RecoveryLine>,
}

/// One category and one kind of gesture (or none) in "Recovery that works".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecoveryLine {
    /// Category name ("No category" when none).
    pub category: String,
    /// The cases, as on the incident page's "In similar cases here".
    pub group: crate::domain::advisor::CaseGroup,
}

impl Store {
    /// Rows of a roll-up statement (see [`rolled`]) over `split`.
    fn rolled_rows<T>(
        &self,
        sql: &str,
        split: &DaySplit,
        row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(split.0.iter()), row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Incidents received per UTC day and category key (0: none).
    fn incident_days(&self, split: &DaySplit) -> Result<Vec<(String, i64, i64)>> {
        let sql = rolled(
            "SELECT day, category_key, n FROM daily_incidents WHERE {days} AND n <> 0",
            "SELECT substr(received_at, 1, 10), coalesce(category_id, 0), count(*) FROM incidents
             WHERE {edge} GROUP BY 1, 2",
            "received_at",
        );
        self.rolled_rows(&sql, split, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    }

    /// Histograms of minutes to first response and to resolution, of the
    /// incidents received in the period.
    fn time_histograms(&self, split: &DaySplit) -> Result<[BTreeMap<i64, i64>; 2]> {
        let sql = rolled(
            "SELECT kind, bucket, n FROM daily_times WHERE kind IN (0, 1) AND {days} AND n <> 0",
            &format!(
                "SELECT 0, {first}, count(*) FROM incidents i WHERE {{edge}} AND i.first_done_at IS NOT NULL GROUP BY 2
                 UNION ALL
                 SELECT 1, {resolved}, count(*) FROM incidents i WHERE {{edge}} AND i.resolved_at IS NOT NULL GROUP BY 2",
                first = crate::db::schema::bucket_sql("i", "first_done_at"),
                resolved = crate::db::schema::bucket_sql("i", "resolved_at"),
            ),
            "i.received_at",
        );
        let mut out = [BTreeMap::new(), BTreeMap::new()];
        for (kind, bucket, n) in
            self.rolled_rows(&sql, split, |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))?
        {
            *out[usize::from(kind == 1)].entry(bucket).or_insert(0) += n;
        }
        Ok(out)
    }

    /// Gestures given per UTC day and incident category key (0: none).
    /// The gestures of a period summed whole, per UTC month ("2026-11") and per incident
    /// category key (0: none): what Insights and the goodwill ledger both show.
    pub(crate) fn gesture_totals(&self, split: &DaySplit) -> Result<GestureTotals> {
        let mut totals = GestureTotals::default();
        for (day, key, sums) in self.gesture_days(split)? {
            totals.all.add(sums);
            totals.months.entry(day.get(..7).unwrap_or_default().to_string()).or_default().add(sums);
            totals.categories.entry(key).or_default().add(sums);
        }
        Ok(totals)
    }

    pub(crate) fn gesture_days(&self, split: &DaySplit) -> Result<Vec<(String, i64, GestureSums)>> {
        let sql = rolled(
            "SELECT day, category_key, n, cents, redeemed FROM daily_gestures WHERE {days} AND n <> 0",
            "SELECT substr(g.given_at, 1, 10), coalesce(i.category_id, 0), count(*), sum(g.cost_cents),
                    count(g.redeemed_at)
             FROM incident_gestures g JOIN incidents i INDEXED BY incidents_keys ON i.id = g.incident_id
             WHERE {edge} GROUP BY 1, 2",
            "g.given_at",
        );
        self.rolled_rows(&sql, split, |r| {
            Ok((r.get(0)?, r.get(1)?, GestureSums { n: r.get(2)?, cents: r.get(3)?, redeemed: r.get(4)? }))
        })
    }

    /// Counts by a key (outcome, status…) from a small roll-up and its edges.
    fn keyed_counts(&self, days: &str, rows: &str, column: &str, split: &DaySplit) -> Result<HashMap<String, i64>> {
        let mut out = HashMap::new();
        for (key, n) in
            self.rolled_rows(&rolled(days, rows, column), split, |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
        {
            *out.entry(key).or_insert(0) += n;
        }
        Ok(out)
    }

    /// Category names by id.
    pub(crate) fn category_names(&self) -> Result<HashMap<i64, String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id, name FROM categories")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
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
        let (split, prev_split) = (DaySplit::new(from, until), DaySplit::new(prev_from, prev_until));
        let (f, u) = (timestamp(from), timestamp(until));
        let names = self.category_names()?;
        let name_of = |key: i64| names.get(&key).cloned().unwrap_or_else(|| "No category".to_string());

        // Incidents: the total, weeks (Monday to Sunday, by UTC day as
        // stored) and categories, from one read of the days.
        let days = self.incident_days(&split)?;
        let incidents_now: i64 = days.iter().map(|d| d.2).sum();
        let incidents_before: i64 = self.incident_days(&prev_split)?.iter().map(|d| d.2).sum();
        let mut weeks: BTreeMap<(String, String), i64> = BTreeMap::new();
        let mut by_category: BTreeMap<i64, i64> = BTreeMap::new();
        for (day, key, n) in &days {
            *by_category.entry(*key).or_default() += n;
            let Ok(day) = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d") else { continue };
            *weeks.entry((week_of(day).format("%Y-%m-%d").to_string(), name_of(*key))).or_default() += n;
        }
        let weekly = weeks.into_iter().filter(|(_, n)| *n != 0).map(|((week, name), n)| (week, name, n)).collect();

        // The three most common root causes of each category.
        let mut causes: HashMap<i64, HashMap<String, i64>> = HashMap::new();
        let cause_rows = self.rolled_rows(
            &rolled(
                "SELECT category_key, root_cause, n FROM daily_root_causes WHERE {days} AND n <> 0",
                "SELECT coalesce(category_id, 0), root_cause, count(*) FROM incidents
                 WHERE {edge} AND root_cause <> '' GROUP BY 1, 2",
                "received_at",
            ),
            &split,
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)),
        )?;
        for (key, cause, n) in cause_rows {
            *causes.entry(key).or_default().entry(cause).or_insert(0) += n;
        }
        let mut categories: Vec<(i64, String, i64)> =
            by_category.into_iter().filter(|(_, n)| *n != 0).map(|(key, n)| (key, name_of(key), n)).collect();
        categories.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
        let mut running = 0;
        let pareto = categories
            .into_iter()
            .map(|(key, category, count)| {
                running += count;
                let mut top: Vec<(String, i64)> =
                    causes.remove(&key).unwrap_or_default().into_iter().filter(|(_, n)| *n > 0).collect();
                top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                CategoryShare {
                    category,
                    count,
                    cumulative_percent: if incidents_now > 0 { running * 100 / incidents_now } else { 0 },
                    root_causes: top.into_iter().take(3).map(|(cause, _)| cause).collect(),
                }
            })
            .collect();

        // Response and resolution times against the default playbook. A
        // target that is a bucket's upper end (any minute up to 2 hours, a
        // quarter hour up to 2 days, a whole hour beyond) is counted from the
        // histogram; any other is counted on the rows, so it stays exact.
        let [first_response, resolution] = self.time_histograms(&split)?;
        let [previous_first_response, previous_resolution] = self.time_histograms(&prev_split)?;
        let playbook = self.playbook(self.default_playbook_id()?)?;
        let step_targets: Vec<_> = playbook.steps.iter().map(|s| s.target).collect();
        let (first_target, resolution_target) = nominal_targets(&step_targets);
        let met = |histogram: &BTreeMap<i64, i64>, column: &str, target: Option<i64>| -> Result<i64> {
            let Some(t) = target else { return Ok(0) };
            if bucket_of(t) == t {
                return Ok(histogram.range(..=t).map(|(_, n)| n).sum());
            }
            let sql = format!(
                "SELECT count(*) FROM incidents WHERE received_at >= ?1 AND received_at < ?2 AND {column} IS NOT NULL
                 AND max(0, CAST(round((julianday({column}) - julianday(received_at)) * 1440) AS INTEGER)) <= ?3"
            );
            Ok(self.conn.prepare_cached(&sql)?.query_row((&f, &u, t), |r| r.get(0))?)
        };
        let targets = Targets {
            playbook: playbook.name,
            first_response_minutes: first_target,
            resolution_minutes: resolution_target,
            first_response_met: met(&first_response, "first_done_at", first_target)?,
            resolution_met: met(&resolution, "resolved_at", resolution_target)?,
        };

        // Gestures: spend per UTC month and per incident category.
        let GestureTotals { all: gestures, months, categories: spend } = self.gesture_totals(&split)?;
        let gestures_before: i64 = self.gesture_days(&prev_split)?.iter().map(|d| d.2.n).sum();
        let spend_by_month =
            months.into_iter().filter(|(_, s)| s.n != 0).map(|(label, s)| Amount { label, cents: s.cents }).collect();
        let mut spend_by_category: Vec<Amount> = spend
            .into_iter()
            .filter(|(_, s)| s.n != 0)
            .map(|(key, s)| Amount { label: name_of(key), cents: s.cents })
            .collect();
        spend_by_category.sort_by(|a, b| b.cents.cmp(&a.cents).then_with(|| a.label.cmp(&b.label)));

        let calls = self.keyed_counts(
            "SELECT outcome, n FROM daily_calls WHERE {days}",
            "SELECT outcome, count(*) FROM follow_ups WHERE {edge} AND outcome IS NOT NULL GROUP BY 1",
            "done_at",
            &split,
        )?;
        let promises = self.keyed_counts(
            "SELECT status, n FROM daily_promises WHERE {days}",
            "SELECT status, count(*) FROM promises WHERE {edge} GROUP BY 1",
            "due_at",
            &split,
        )?;
        // Moves are few next to the promises: counted on the rows, by a range of their time index.
        let promises_moved: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM promise_moves WHERE moved_at >= ?1 AND moved_at < ?2")?
            .query_row((&f, &u), |r| r.get(0))?;
        let prevention = self.keyed_counts(
            "SELECT CAST(done AS TEXT), n FROM daily_prevention WHERE {days}",
            "SELECT CAST(done_at IS NOT NULL AS TEXT), count(*) FROM prevention_actions WHERE {edge} GROUP BY 1",
            "created_at",
            &split,
        )?;
        let count = |map: &HashMap<String, i64>, key: &str| map.get(key).copied().unwrap_or(0);

        // Distinct customers, from the rows: grouped here by customer id (a
        // vector, ids are dense) rather than in SQL, which would sort them in
        // a temporary b-tree (several times slower). Times are compared as
        // their stored text (RFC 3339 UTC, which sorts in time order).
        // A customer came back when, after their first incident put right in
        // the period, they came back with anything or visited again (a later
        // day): if any of their incidents resolved in the period qualifies,
        // the earliest does.
        let max_id: i64 = self.conn.query_row("SELECT coalesce(max(id), 0) FROM customers", [], |r| r.get(0))?;
        let slots = usize::try_from(max_id).unwrap_or(0) + 1;
        let slot = |id: i64| usize::try_from(id).ok().filter(|&i| i < slots);
        let mut received_n = vec![0u32; slots];
        let mut latest: Vec<Stamp> = vec![Stamp::default(); slots];
        let mut received = self.conn.prepare_cached(
            "SELECT customer_id, received_at FROM incidents INDEXED BY incidents_received
             WHERE received_at >= ?1 AND received_at < ?2",
        )?;
        let mut rows = received.query((&f, &u))?;
        while let Some(row) = rows.next()? {
            let Some(i) = slot(row.get(0)?) else { continue };
            received_n[i] += 1;
            latest[i] = latest[i].max(Stamp::of(row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?));
        }
        let repeat_complainants = received_n.iter().filter(|&&n| n >= 2).count() as i64;
        let mut first_fixed: Vec<Stamp> = vec![Stamp::default(); slots];
        let mut resolved = self.conn.prepare_cached(
            "SELECT customer_id, resolved_at FROM incidents WHERE resolved_at >= ?1 AND resolved_at < ?2",
        )?;
        let mut rows = resolved.query((&f, &u))?;
        while let Some(row) = rows.next()? {
            let Some(i) = slot(row.get(0)?) else { continue };
            let at = Stamp::of(row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?);
            if first_fixed[i].is_empty() || at < first_fixed[i] {
                first_fixed[i] = at;
            }
        }
        let fixed: Vec<(usize, Stamp)> = first_fixed.into_iter().enumerate().filter(|(_, at)| !at.is_empty()).collect();
        let recovered_customers = fixed.len() as i64;
        // The incidents received after the period, when there are fewer of
        // them than customers to check (a period up to today has none);
        // otherwise each customer's latest incident is looked up instead.
        let mut later = self.conn.prepare_cached(
            "SELECT customer_id, received_at FROM incidents INDEXED BY incidents_received WHERE received_at >= ?1 LIMIT ?2",
        )?;
        let mut after = Vec::new();
        let mut rows = later.query((&u, recovered_customers + 1))?;
        while let Some(row) = rows.next()? {
            after.push((row.get::<_, i64>(0)?, Stamp::of(row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?)));
        }
        let all_later_read = after.len() as i64 <= recovered_customers;
        if all_later_read {
            for (customer, at) in after {
                if let Some(i) = slot(customer) {
                    latest[i] = latest[i].max(at);
                }
            }
        }
        let to_check: serde_json::Map<String, serde_json::Value> = fixed
            .into_iter()
            .filter(|(i, first)| !all_later_read || latest[*i] <= *first)
            .map(|(i, first)| (i.to_string(), serde_json::Value::String(first.text())))
            .collect();
        let came_back: i64 = recovered_customers - to_check.len() as i64
            + self
                .conn
                .prepare_cached(
                    // An object of customer id -> first fix: each member's key
                    // and value come out as plain text, with no JSON to parse
                    // per row.
                    "SELECT count(*) FROM json_each(?1) j
                     WHERE (SELECT c.last_visit FROM customers c WHERE c.id = CAST(j.key AS INTEGER)) > substr(j.value, 1, 10)
                        OR (NOT ?2 AND (SELECT max(later.received_at) FROM incidents later
                                        WHERE later.customer_id = CAST(j.key AS INTEGER)) > j.value)",
                )?
                .query_row(
                    (serde_json::Value::Object(to_check).to_string(), all_later_read),
                    |r| r.get::<_, i64>(0),
                )?;

        // Recovery that works: each incident resolved in the period (by the
        // resolved-time index), its costliest gesture's kind, their cost, its
        // latest call and whether the customer came back within 90 days.
        let mut per_category: BTreeMap<i64, Vec<crate::domain::advisor::PastCase>> = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT coalesce(i.category_id, 0),
                    (SELECT g.kind FROM incident_gestures g WHERE g.incident_id = i.id
                     ORDER BY g.cost_cents DESC, g.id LIMIT 1),
                    (SELECT total(g.cost_cents) FROM incident_gestures g WHERE g.incident_id = i.id),
                    coalesce((SELECT f.outcome FROM follow_ups f WHERE f.incident_id = i.id AND f.outcome IS NOT NULL
                              ORDER BY f.done_at DESC, f.id DESC LIMIT 1) = 'satisfied', 0),
                    EXISTS (SELECT 1 FROM incidents l WHERE l.customer_id = i.customer_id
                            AND l.received_at > i.resolved_at
                            AND l.received_at <= strftime('%Y-%m-%dT%H:%M:%SZ', i.resolved_at, '+90 days'))
                    OR coalesce((SELECT substr(c.last_visit, 1, 10) FROM customers c WHERE c.id = i.customer_id)
                                BETWEEN date(i.resolved_at, '+1 day') AND date(i.resolved_at, '+90 days'), 0)
             FROM incidents i INDEXED BY incidents_resolved_at
             WHERE i.resolved_at >= ?1 AND i.resolved_at < ?2",
        )?;
        let mut rows = stmt.query((&f, &u))?;
        while let Some(r) = rows.next()? {
            per_category.entry(r.get(0)?).or_default().push(crate::domain::advisor::PastCase {
                kind: r.get(1)?,
                cost_cents: r.get::<_, f64>(2)?.clamp(0.0, i64::MAX as f64) as i64,
                satisfied: r.get(3)?,
                came_back: r.get(4)?,
            });
        }
        let mut recovery: Vec<RecoveryLine> = per_category
            .into_iter()
            .flat_map(|(key, cases)| {
                let category = name_of(key);
                crate::domain::advisor::similar_cases(&cases, None, false)
                    .groups
                    .into_iter()
                    .map(move |group| RecoveryLine { category: category.clone(), group })
            })
            .collect();
        recovery.sort_by(|a, b| a.category.cmp(&b.category).then_with(|| b.group.count.cmp(&a.group.count)));

        Ok(Insights {
            recovery,
            period,
            previous,
            incidents: Compared::new(incidents_now, incidents_before),
            weekly,
            pareto,
            first_response_waiting: (incidents_now - first_response.values().sum::<i64>()).max(0),
            first_response: Spread::of(&first_response),
            resolution: Spread::of(&resolution),
            previous_first_response: Spread::of(&previous_first_response),
            previous_resolution: Spread::of(&previous_resolution),
            targets,
            spend_by_month,
            spend_by_category,
            gestures: Compared::new(gestures.n, gestures_before),
            gestures_redeemed: gestures.redeemed,
            follow_up_outcomes: [
                count(&calls, "satisfied"),
                count(&calls, "partly_satisfied"),
                count(&calls, "not_satisfied"),
                count(&calls, "no_answer"),
            ],
            promises: [count(&promises, "kept"), count(&promises, "broken"), count(&promises, "open")],
            promises_moved,
            repeat_complainants,
            recovered_customers,
            came_back,
            prevention: [count(&prevention, "0"), count(&prevention, "1")],
        })
    }
}
