//! The `gestures` and `incident_gestures` tables and the advisor's settings:
//! the shop's gesture catalogue, the goodwill ledger of gestures given, each
//! customer's value tier and the advice shown on an incident.

use super::incidents::{record_event, IncidentDetail, NamedRef};
use super::insights::{DaySplit, GestureSums, GestureTotals};
use super::{timestamp, Store};
use crate::domain::advisor::{self, Advice, AdvisorInput, AdvisorSettings, CatalogueGesture, Tier, ValueTier};
use crate::domain::gesture::{GestureFields, GivenFields, KINDS};
use crate::domain::incident::{parse_failure_kind, parse_fault};
use crate::domain::value::{self, SpendCutoffs, TierThresholds};
use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A catalogue entry: the gesture and whether the advisor offers it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogueEntry {
    /// The gesture.
    #[serde(flatten)]
    pub gesture: CatalogueGesture,
    /// Offered by the advisor.
    pub active: bool,
}

/// A gesture given on an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GivenGesture {
    /// Row id.
    pub id: i64,
    /// The incident.
    pub incident_id: i64,
    /// The catalogue entry it came from.
    pub gesture_id: Option<i64>,
    /// What was given.
    pub description: String,
    /// Kind.
    pub kind: String,
    /// What it cost, in cents.
    pub cost_cents: i64,
    /// Note.
    pub note: String,
    /// The advisor's suggestion at the time.
    pub suggested_tier: Option<String>,
    /// When it was given.
    pub given_at: String,
    /// Who gave it.
    pub given_by: Option<NamedRef>,
    /// When the customer used it.
    pub redeemed_at: Option<String>,
}

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

/// Everything the owner tunes about the advisor.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AdvisorConfig {
    /// Weights, cap and windows.
    pub advisor: AdvisorSettings,
    /// Value-tier cut-offs.
    pub tiers: TierThresholds,
}

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

fn tiers_text(tiers: &[Tier]) -> String {
    tiers.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",")
}

fn parse_tiers(text: &str) -> Vec<Tier> {
    text.split(',').filter_map(|t| Tier::parse(t.trim())).collect()
}

/// The gestures given on incident `incident_id`, oldest first.
pub(super) fn given_gestures(conn: &Connection, incident_id: i64) -> Result<Vec<GivenGesture>> {
    let mut stmt =
        conn.prepare_cached(&format!("{GIVEN_SELECT} WHERE g.incident_id = ?1 ORDER BY g.given_at, g.id"))?;
    let rows = stmt.query_map([incident_id], given_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const GIVEN_SELECT: &str = "SELECT g.id, g.incident_id, g.gesture_id, g.description, g.kind, g.cost_cents, g.note,
    g.suggested_tier, g.given_at, g.given_by, s.name, g.redeemed_at
    FROM incident_gestures g LEFT JOIN staff s ON s.id = g.given_by";

fn given_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<GivenGesture> {
    Ok(GivenGesture {
        id: r.get(0)?,
        incident_id: r.get(1)?,
        gesture_id: r.get(2)?,
        description: r.get(3)?,
        kind: r.get(4)?,
        cost_cents: r.get(5)?,
        note: r.get(6)?,
        suggested_tier: r.get(7)?,
        given_at: r.get(8)?,
        given_by: NamedRef::maybe(r.get(9)?, r.get(10)?),
        redeemed_at: r.get(11)?,
    })
}

/// Whether a checklist step is the apology (its title says so).
pub fn is_apology_step(title: &str) -> bool {
    let t = title.to_lowercase();
    t.contains("apolog") || t.contains("sorry")
}

impl Store {
    /// The advisor's settings and the value-tier cut-offs.
    pub fn advisor_config(&self) -> Result<AdvisorConfig> {
        let read = |key: &str| -> Result<Option<String>> {
            Ok(self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
        };
        Ok(AdvisorConfig {
            advisor: read("advisor")?.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default(),
            tiers: read("value_tiers")?.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default(),
        })
    }

    /// Saves checked advisor settings.
    pub fn update_advisor_config(&mut self, config: &AdvisorConfig) -> Result<AdvisorConfig> {
        let tx = self.conn.transaction()?;
        for (key, value) in [
            ("advisor", serde_json::to_string(&config.advisor).expect("plain data")),
            ("value_tiers", serde_json::to_string(&config.tiers).expect("plain data")),
        ] {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )?;
        }
        tx.commit()?;
        self.advisor_config()
    }

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
    pub fn advice_for(&self, detail: &IncidentDetail) -> Result<AdvicePanel> {
        let config = self.advisor_config()?;
        let value = self.customer_value(detail.customer.id)?;
        let received = DateTime::parse_from_rfc3339(&detail.received_at).map(|d| d.with_timezone(&Utc)).ok();
        let prior_problems: Vec<PriorProblem> = self
            .conn
            .prepare_cached(
                "SELECT id, received_at FROM incidents
                 WHERE customer_id = ?1 AND id <> ?2 AND received_at <= ?3 ORDER BY received_at DESC",
            )?
            .query_map((detail.customer.id, detail.id, &detail.received_at), |r| {
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
        let apologized = detail.checklist.iter().any(|s| s.done_at.is_some() && is_apology_step(&s.step.title));
        let apology_step = match apologized {
            true => None,
            false => detail.checklist.iter().find(|s| is_apology_step(&s.step.title)).map(|s| s.step.position),
        };
        let input = AdvisorInput {
            severity: detail.severity,
            failure: parse_failure_kind(&detail.failure_kind).unwrap_or_default(),
            fault: parse_fault(&detail.fault).unwrap_or_default(),
            transaction_cents: detail.transaction_cents,
            value_tier: value.tier,
            vip: value.vip,
            prior_failure_days: prior_problems.iter().map(|p| p.days_before).collect(),
            first_response_minutes: detail.timings.first_response_minutes,
            apologized,
        };
        let catalogue: Vec<CatalogueGesture> = self.list_gestures(false)?.into_iter().map(|g| g.gesture).collect();
        let mut advice = advisor::advise(&input, &config.advisor, &catalogue);
        if detail.status == crate::domain::incident::Status::Resolved.as_str() {
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

    /// The gesture catalogue in display order.
    pub fn list_gestures(&self, include_inactive: bool) -> Result<Vec<CatalogueEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, kind, cost_cents, percent, tiers, active FROM gestures
             WHERE active = 1 OR ?1 ORDER BY position, id",
        )?;
        let rows = stmt.query_map([include_inactive], |r| {
            Ok(CatalogueEntry {
                gesture: CatalogueGesture {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    cost_cents: r.get(3)?,
                    percent: r.get(4)?,
                    tiers: parse_tiers(&r.get::<_, String>(5)?),
                },
                active: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn gesture(&self, id: i64) -> Result<CatalogueEntry> {
        self.list_gestures(true)?
            .into_iter()
            .find(|g| g.gesture.id == id)
            .ok_or_else(|| Error::NotFound("That gesture is no longer in the catalogue.".to_string()))
    }

    fn ensure_gesture_name_free(&self, name: &str, except: Option<i64>) -> Result<()> {
        let taken: Option<i64> = self
            .conn
            .query_row("SELECT id FROM gestures WHERE name = ?1 AND id IS NOT ?2", (name, except), |r| r.get(0))
            .optional()?;
        match taken {
            Some(_) => Err(Error::field("name", format!("The catalogue already has “{name}”."))),
            None => Ok(()),
        }
    }

    /// Adds a gesture to the catalogue.
    pub fn create_gesture(&mut self, f: &GestureFields) -> Result<CatalogueEntry> {
        self.ensure_gesture_name_free(&f.name, None)?;
        self.conn.execute(
            "INSERT INTO gestures (name, kind, cost_cents, percent, tiers, position)
             VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(position), 0) + 1 FROM gestures))",
            (&f.name, &f.kind, f.cost_cents, f.percent, tiers_text(&f.tiers)),
        )?;
        self.gesture(self.conn.last_insert_rowid())
    }

    /// Changes a catalogue entry (gestures already given keep their own copy).
    pub fn update_gesture(&mut self, id: i64, f: &GestureFields) -> Result<CatalogueEntry> {
        self.gesture(id)?;
        self.ensure_gesture_name_free(&f.name, Some(id))?;
        self.conn.execute(
            "UPDATE gestures SET name = ?1, kind = ?2, cost_cents = ?3, percent = ?4, tiers = ?5 WHERE id = ?6",
            (&f.name, &f.kind, f.cost_cents, f.percent, tiers_text(&f.tiers), id),
        )?;
        self.gesture(id)
    }

    /// Retires a catalogue entry from the advisor, or brings it back.
    pub fn set_gesture_active(&mut self, id: i64, active: bool) -> Result<CatalogueEntry> {
        self.gesture(id)?;
        self.conn.execute("UPDATE gestures SET active = ?1 WHERE id = ?2", (active, id))?;
        self.gesture(id)
    }

    /// Records a gesture given on an incident, with the advisor's tier at the time.
    pub fn record_gesture(
        &mut self,
        incident_id: i64,
        f: &GivenFields,
        suggested: Option<Tier>,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.ensure_exists("incidents", incident_id, "incident", "That incident no longer exists.")?;
        if let Some(g) = f.gesture_id {
            self.ensure_exists("gestures", g, "gesture_id", "That gesture is no longer in the catalogue.")?;
        }
        if let Some(a) = actor {
            self.ensure_exists(
                "staff",
                a,
                "actor",
                "The staff member using Mend no longer exists; please pick your name again.",
            )?;
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO incident_gestures (incident_id, gesture_id, description, kind, cost_cents, note,
                                            suggested_tier, given_at, given_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            rusqlite::params![
                incident_id,
                f.gesture_id,
                f.description,
                f.kind,
                f.cost_cents,
                f.note,
                suggested.map(|t| t.as_str()),
                timestamp(now),
                actor
            ],
        )?;
        let label = KINDS.iter().find(|(k, _)| *k == f.kind).map(|(_, l)| *l).unwrap_or("Gesture");
        record_event(
            &tx,
            incident_id,
            now,
            actor,
            "gesture",
            &format!(
                "Gesture given: {} ({label}, cost {}.{:02})",
                f.description,
                f.cost_cents / 100,
                f.cost_cents % 100
            ),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Marks a given gesture as used by the customer, or not.
    pub fn set_gesture_redeemed(
        &mut self,
        incident_id: i64,
        given_id: i64,
        redeemed: bool,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let description: String = self
            .conn
            .query_row(
                "SELECT description FROM incident_gestures WHERE id = ?1 AND incident_id = ?2",
                (given_id, incident_id),
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound("That gesture is no longer on this incident.".to_string()))?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE incident_gestures SET redeemed_at = CASE WHEN ?1 THEN ?2 ELSE NULL END WHERE id = ?3",
            (redeemed, timestamp(now), given_id),
        )?;
        let summary = if redeemed {
            format!("The customer used the gesture: {description}")
        } else {
            format!("Gesture marked as not used: {description}")
        };
        record_event(&tx, incident_id, now, actor, "gesture", &summary)?;
        tx.commit()?;
        Ok(())
    }

    /// Gestures given to one customer, newest first.
    pub fn customer_gestures(&self, customer_id: i64) -> Result<Vec<GivenGesture>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{GIVEN_SELECT} JOIN incidents i ON i.id = g.incident_id WHERE i.customer_id = ?1 ORDER BY g.given_at DESC, g.id DESC"
        ))?;
        let rows = stmt.query_map([customer_id], given_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

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
