//! The goodwill ledger (a page module): what gestures cost over a period, by
//! month, by category and by customer, from the per-day roll-ups.

use super::base::{timestamp, Store};
use super::insights::{DaySplit, GestureSums, GestureTotals};
use crate::error::Result;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;
use std::collections::HashMap;

/// A line of a ledger summary.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct LedgerLine {
    /// Month ("2026-11"), category or customer name.
    pub label: String,
    /// Customer or category id, when the line is one.
    pub id: Option<i64>,
    /// Gestures given.
    pub count: i64,
    /// Their cost, in cents.
    pub total_cents: i64,
    /// How many were used by the customer.
    pub redeemed: i64,
}

/// The goodwill ledger over a period.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Ledger {
    /// All gestures in the period.
    pub total: LedgerLine,
    /// Per month, newest first.
    pub by_month: Vec<LedgerLine>,
    /// Per incident category, largest first.
    pub by_category: Vec<LedgerLine>,
    /// Per customer, largest first (top 20).
    pub by_customer: Vec<LedgerLine>,
}

impl Store {
    /// The goodwill ledger for gestures given in [`from`, `until`).
    ///
    /// The total, months (UTC, as stored) and categories come from the
    /// per-day roll-up of gestures (`daily_gestures`, kept by triggers) for
    /// the period's whole UTC days and from the rows for its partial edge
    /// days. Customers come from the rows, through a narrow index of
    /// incidents; customer names are read only for the top 20.
    pub fn goodwill_ledger(&self, from: Option<DateTime<Utc>>, until: Option<DateTime<Utc>>) -> Result<Ledger> {
        // An open end is the day of the first or last gesture (each one step
        // down the index), as whole days.
        let day = |sql: &str| -> Result<Option<DateTime<Utc>>> {
            let text: Option<String> = self.conn.query_row(sql, [], |r| r.get(0))?;
            Ok(text
                .and_then(|t| NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok())
                .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc()))
        };
        let (from, until) = match (from, until) {
            (Some(f), Some(u)) => (f, u),
            (f, u) => {
                let Some(first) = day("SELECT min(given_at) FROM incident_gestures")? else {
                    return Ok(Ledger { total: line("All", None, GestureSums::default()), ..Ledger::default() });
                };
                let last = day("SELECT max(given_at) FROM incident_gestures")?.unwrap_or(first);
                (f.unwrap_or(first), u.unwrap_or(last + chrono::Duration::days(1)))
            }
        };
        let split = DaySplit::new(from, until);

        let GestureTotals { all: total, months, categories } = self.gesture_totals(&split)?;
        let by_month = months.into_iter().rev().filter(|(_, s)| s.n != 0).map(|(m, s)| line(&m, None, s)).collect();
        let names = self.category_names()?;
        let mut by_category: Vec<(Option<String>, LedgerLine)> = categories
            .into_iter()
            .filter(|(_, s)| s.n != 0)
            .map(|(key, s)| {
                let name = names.get(&key).cloned();
                let id = name.as_ref().map(|_| key);
                (name.clone(), line(name.as_deref().unwrap_or("No category"), id, s))
            })
            .collect();
        // Largest cost first, ties by name with "No category" first (as SQL
        // sorts a missing name).
        by_category.sort_by(|a, b| b.1.total_cents.cmp(&a.1.total_cents).then_with(|| a.0.cmp(&b.0)));

        // The top 20 customers by cost, ties by name. Summed here rather
        // than grouped in SQL (a temporary b-tree, several times slower);
        // only customers that reach the 20th largest sum have their names read.
        let (f, u) = (timestamp(from), timestamp(until));
        let mut per_customer: HashMap<i64, GestureSums> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.customer_id, g.cost_cents, g.redeemed_at IS NOT NULL FROM incident_gestures g
             JOIN incidents i INDEXED BY incidents_keys ON i.id = g.incident_id
             WHERE g.given_at >= ?1 AND g.given_at < ?2",
        )?;
        for row in stmt.query_map((&f, &u), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))? {
            let (customer, cents, redeemed) = row?;
            per_customer.entry(customer).or_default().add(GestureSums { n: 1, cents, redeemed });
        }
        let mut sums: Vec<i64> = per_customer.values().map(|s| s.cents).collect();
        sums.sort_unstable_by(|a, b| b.cmp(a));
        let cut = sums.get(19).copied().unwrap_or(i64::MIN);
        let mut name = self.conn.prepare_cached("SELECT name FROM customers WHERE id = ?1")?;
        let mut by_customer = Vec::new();
        for (id, s) in per_customer.into_iter().filter(|(_, s)| s.cents >= cut) {
            if let Some(label) = name.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                by_customer.push(line(&label, Some(id), s));
            }
        }
        by_customer.sort_by(|a, b| b.total_cents.cmp(&a.total_cents).then_with(|| a.label.cmp(&b.label)));
        by_customer.truncate(20);
        Ok(Ledger {
            total: line("All", None, total),
            by_month,
            by_category: by_category.into_iter().map(|(_, l)| l).collect(),
            by_customer,
        })
    }
}

/// A ledger line from summed gestures.
fn line(label: &str, id: Option<i64>, s: GestureSums) -> LedgerLine {
    LedgerLine { label: label.to_string(), id, count: s.n, total_cents: s.cents, redeemed: s.redeemed }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn the_ledger_matches_plain_sums() {
        let mut store = Store::open_in_memory().unwrap();
        store.generate_sample(800, 4, at("2026-11-24T09:30:00Z")).unwrap();
        let plain = |sql: &str, from: &str, until: &str| -> Vec<(Option<String>, i64, i64, i64)> {
            let mut stmt = store.conn.prepare(sql).unwrap();
            let rows = stmt
                .query_map((from, until), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            rows
        };
        let lines = |l: &[LedgerLine]| -> Vec<(Option<String>, i64, i64, i64)> {
            l.iter().map(|l| (Some(l.label.clone()), l.count, l.total_cents, l.redeemed)).collect()
        };
        let sums = "count(*), coalesce(sum(g.cost_cents), 0), count(g.redeemed_at)";
        for (from, until) in [
            (Some(at("2026-03-10T05:00:00Z")), Some(at("2026-08-20T05:00:00Z"))),
            (Some(at("2026-10-01T00:00:00Z")), None),
            (None, None),
        ] {
            let ledger = store.goodwill_ledger(from, until).unwrap();
            let (f, u) = (from.map(timestamp).unwrap_or_default(), until.map(timestamp).unwrap_or("9999".into()));
            let total = plain(
                &format!("SELECT 'All', {sums} FROM incident_gestures g WHERE g.given_at >= ?1 AND g.given_at < ?2"),
                &f,
                &u,
            );
            assert_eq!(lines(std::slice::from_ref(&ledger.total)), total);
            let months = plain(
                &format!(
                    "SELECT substr(g.given_at, 1, 7) AS month, {sums} FROM incident_gestures g
                     WHERE g.given_at >= ?1 AND g.given_at < ?2 GROUP BY month ORDER BY month DESC"
                ),
                &f,
                &u,
            );
            assert_eq!(lines(&ledger.by_month), months);
            let categories = plain(
                &format!(
                    "SELECT coalesce(c.name, 'No category'), {sums} FROM incident_gestures g
                     JOIN incidents i ON i.id = g.incident_id LEFT JOIN categories c ON c.id = i.category_id
                     WHERE g.given_at >= ?1 AND g.given_at < ?2 GROUP BY c.id ORDER BY 3 DESC, 1"
                ),
                &f,
                &u,
            );
            assert_eq!(lines(&ledger.by_category), categories);
            let customers = plain(
                &format!(
                    "SELECT cu.name, {sums} FROM incident_gestures g JOIN incidents i ON i.id = g.incident_id
                     JOIN customers cu ON cu.id = i.customer_id
                     WHERE g.given_at >= ?1 AND g.given_at < ?2 GROUP BY cu.id ORDER BY 3 DESC, 1 LIMIT 20"
                ),
                &f,
                &u,
            );
            assert_eq!(lines(&ledger.by_customer), customers);
        }
    }
}
