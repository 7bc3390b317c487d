//! Writing a sample shop (see `domain::sample`) into an empty database, fast:
//! one transaction, cached prepared statements, rows straight into the tables.

use super::base::{timestamp, Store};
use crate::domain::advisor::{CatalogueGesture, Tier};
use crate::domain::breakdown::Severity;
use crate::domain::sample::{SamplePlan, MAX_INCIDENTS, STAFF};
use crate::domain::validate::phone_digits;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::Serialize;
use std::collections::HashMap;
use std::time::Instant;

/// What a sample run wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleReport {
    /// Customers added.
    pub customers: usize,
    /// Incidents added.
    pub incidents: usize,
    /// Gestures given.
    pub gestures: usize,
    /// Promises made.
    pub promises: usize,
    /// Follow-up calls booked.
    pub follow_ups: usize,
    /// How long it took, in seconds.
    pub seconds: f64,
}

/// A copy of one playbook step's columns.
struct StepRow {
    title: String,
    guidance: String,
    say: String,
    avoid: String,
    target_amount: Option<i64>,
    target_unit: Option<String>,
    target_from: Option<String>,
    capture: Option<String>,
    apology: bool,
}

const CHANNEL_WORDS: &[(&str, &str)] = &[
    ("in_person", "in person"),
    ("phone", "phone"),
    ("email", "email"),
    ("message", "message"),
    ("review_site", "review site"),
    ("other", "other"),
];

impl Store {
    /// Fills an empty database with a realistic sample shop of `incidents`
    /// incidents over the twelve months before `now`, from `seed` (the same
    /// seed, size and `now` always give the same data). Refuses a database
    /// that already has incidents.
    pub fn generate_sample(&mut self, incidents: usize, seed: u64, now: DateTime<Utc>) -> Result<SampleReport> {
        let started = Instant::now();
        if !(1..=MAX_INCIDENTS).contains(&incidents) {
            return Err(Error::field("incidents", "Please choose from 1 to 1,000,000 incidents."));
        }
        let has_incidents: bool = self.conn.query_row("SELECT EXISTS (SELECT 1 FROM incidents)", [], |r| r.get(0))?;
        if has_incidents {
            return Err(Error::Conflict(
                "This database already has incidents. Sample data only goes into an empty database; \
                 choose a new folder for it."
                    .to_string(),
            ));
        }

        let catalogue = self.sample_catalogue()?;
        let gesture_ids: Vec<i64> = catalogue.iter().map(|g| g.id).collect();
        let mut plan = SamplePlan::new(incidents, seed, now, catalogue);
        let playbooks = self.sample_playbooks()?;
        let categories: Vec<Option<i64>> = (1..=7)
            .map(|id| {
                self.conn
                    .query_row("SELECT id FROM categories WHERE id = ?1", [id], |r| r.get(0))
                    .map(Some)
                    .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })
            })
            .collect::<rusqlite::Result<_>>()?;

        // A bigger page cache while the indexes grow; back to normal after.
        let old_cache: i64 = self.conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", -131_072)?;
        let result = self.write_sample(&mut plan, &playbooks, &categories, &gesture_ids, now);
        self.conn.pragma_update(None, "cache_size", old_cache)?;
        let mut report = result?;
        report.seconds = started.elapsed().as_secs_f64();
        Ok(report)
    }

    fn sample_catalogue(&self) -> Result<Vec<CatalogueGesture>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, kind, cost_cents, percent, tiers FROM gestures WHERE active = 1 ORDER BY position, id",
        )?;
        let rows = stmt.query_map([], |r| {
            let tiers: String = r.get(5)?;
            Ok(CatalogueGesture {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                cost_cents: r.get(3)?,
                percent: r.get(4)?,
                tiers: tiers.split(',').filter_map(|t| Tier::parse(t.trim())).collect(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn sample_playbooks(&self) -> Result<HashMap<i64, (String, Vec<StepRow>)>> {
        let mut out: HashMap<i64, (String, Vec<StepRow>)> = HashMap::new();
        let mut stmt = self.conn.prepare("SELECT id, name FROM playbooks WHERE id BETWEEN 1 AND 6")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, name) = row?;
            out.insert(id, (name, Vec::new()));
        }
        let mut stmt = self.conn.prepare(
            "SELECT playbook_id, title, guidance, say, avoid, target_amount, target_unit, target_from, capture,
                    apology
             FROM playbook_steps WHERE playbook_id BETWEEN 1 AND 6 ORDER BY playbook_id, position",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                StepRow {
                    title: r.get(1)?,
                    guidance: r.get(2)?,
                    say: r.get(3)?,
                    avoid: r.get(4)?,
                    target_amount: r.get(5)?,
                    target_unit: r.get(6)?,
                    target_from: r.get(7)?,
                    capture: r.get(8)?,
                    apology: r.get(9)?,
                },
            ))
        })?;
        for row in rows {
            let (id, step) = row?;
            if let Some(p) = out.get_mut(&id) {
                p.1.push(step);
            }
        }
        Ok(out)
    }

    fn write_sample(
        &mut self,
        plan: &mut SamplePlan,
        playbooks: &HashMap<i64, (String, Vec<StepRow>)>,
        categories: &[Option<i64>],
        gesture_ids: &[i64],
        now: DateTime<Utc>,
    ) -> Result<SampleReport> {
        let tx = self.conn.transaction()?;

        // Staff (kept if they already exist).
        let mut staff_ids = Vec::with_capacity(STAFF.len());
        for name in STAFF {
            tx.prepare_cached("INSERT OR IGNORE INTO staff (name, created_at) VALUES (?1, ?2)")?
                .execute((name, timestamp(crate::domain::sample::window_start(now))))?;
            let id: i64 = tx.query_row("SELECT id FROM staff WHERE name = ?1", [name], |r| r.get(0))?;
            staff_ids.push(id);
        }
        let staff_names: Vec<&str> = STAFF.to_vec();
        tx.execute(
            "UPDATE settings SET value = ?1 WHERE key = 'business_name' AND value = ''",
            [plan.shop.business_name()],
        )?;

        // Customers.
        let mut customer_ids = Vec::with_capacity(plan.customers.len());
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO customers (name, phone, phone_digits, email, notes, visits, total_spend_cents,
                                        first_visit, last_visit, vip, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            )?;
            for c in &plan.customers {
                insert.execute(params![
                    c.name,
                    c.phone,
                    phone_digits(&c.phone),
                    c.email,
                    c.notes,
                    c.visits,
                    c.total_spend_cents,
                    c.first_visit,
                    c.last_visit,
                    c.vip,
                    timestamp(c.created_at),
                ])?;
                customer_ids.push(tx.last_insert_rowid());
            }
        }

        let mut incident = tx.prepare_cached(
            "INSERT INTO incidents (customer_id, received_at, channel, category_id, severity, description,
                                    desired_outcome, transaction_cents, taken_by, status, resolved_at,
                                    resolution_note, created_at, updated_at, playbook_id, root_cause,
                                    failure_kind, fault)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?2, ?13, ?14, ?15, ?16, ?17)",
        )?;
        let mut step = tx.prepare_cached(
            "INSERT INTO incident_steps (incident_id, position, title, guidance, say, avoid, target_amount,
                                         target_unit, target_from, capture, apology, done_at, done_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?;
        let mut event = tx.prepare_cached(
            "INSERT INTO incident_events (incident_id, at, staff_id, kind, summary) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut gesture = tx.prepare_cached(
            "INSERT INTO incident_gestures (incident_id, gesture_id, description, kind, cost_cents, suggested_tier,
                                            given_at, given_by, redeemed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut promise = tx.prepare_cached(
            "INSERT INTO promises (incident_id, text, due_at, owner_id, status, broken_reason, closed_at, closed_by,
                                   created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut follow_up = tx.prepare_cached(
            "INSERT INTO follow_ups (incident_id, due_at, assignee_id, outcome, attempts, note, done_at, done_by,
                                     created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut prevention = tx.prepare_cached(
            "INSERT INTO prevention_actions (incident_id, action, owner_id, due_date, done_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;

        let mut report = SampleReport {
            customers: customer_ids.len(),
            incidents: 0,
            gestures: 0,
            promises: 0,
            follow_ups: 0,
            seconds: 0.0,
        };
        while let Some(s) = plan.next_incident() {
            let received = timestamp(s.received_at);
            let resolved = s.resolved_at.map(timestamp);
            let book = playbooks.get(&s.playbook_id);
            let last_change = [Some(s.received_at), s.resolved_at, s.steps.iter().flatten().map(|(t, _)| *t).max()]
                .into_iter()
                .flatten()
                .max()
                .unwrap_or(s.received_at);
            incident.execute(params![
                customer_ids[s.customer],
                received,
                s.channel,
                categories.get(s.category_id as usize - 1).copied().flatten(),
                s.severity,
                s.description,
                s.desired_outcome,
                s.transaction_cents,
                staff_ids[s.taken_by],
                if s.resolved_at.is_some() { "resolved" } else { "open" },
                resolved,
                s.resolution_note,
                timestamp(last_change),
                book.map(|_| s.playbook_id),
                s.root_cause,
                s.failure_kind,
                s.fault,
            ])?;
            let id = tx.last_insert_rowid();
            report.incidents += 1;

            let channel = CHANNEL_WORDS.iter().find(|(k, _)| *k == s.channel).map(|(_, w)| *w).unwrap_or("other");
            let mut logged = format!(
                "Logged: {channel} complaint, severity {} ({}), taken by {}",
                s.severity,
                Severity::new(s.severity).map_or("Unknown", Severity::label),
                staff_names[s.taken_by]
            );
            if let Some((name, _)) = book {
                logged.push_str("; playbook: ");
                logged.push_str(name);
            }
            event.execute(params![id, received, staff_ids[s.taken_by], "logged", logged])?;

            if let Some((_, steps)) = book {
                let mut first_done = true;
                for (i, row) in steps.iter().enumerate() {
                    let tick = s.steps.get(i).copied().flatten();
                    step.execute(params![
                        id,
                        i as i64 + 1,
                        row.title,
                        row.guidance,
                        row.say,
                        row.avoid,
                        row.target_amount,
                        row.target_unit,
                        row.target_from,
                        row.capture,
                        row.apology,
                        tick.map(|(t, _)| timestamp(t)),
                        tick.map(|(_, by)| staff_ids[by]),
                    ])?;
                    if let (Some((t, by)), true) = (tick, first_done) {
                        first_done = false;
                        event.execute(params![
                            id,
                            timestamp(t),
                            staff_ids[by],
                            "step_done",
                            format!("Step {} done: {}", i + 1, row.title)
                        ])?;
                    }
                }
            }

            for g in &s.gestures {
                gesture.execute(params![
                    id,
                    gesture_ids[g.catalogue_index],
                    g.description,
                    g.kind,
                    g.cost_cents,
                    g.suggested_tier.as_str(),
                    timestamp(g.given_at),
                    staff_ids[g.given_by],
                    g.redeemed_at.map(timestamp),
                ])?;
                event.execute(params![
                    id,
                    timestamp(g.given_at),
                    staff_ids[g.given_by],
                    "gesture",
                    format!("Gesture given: {} (cost {}.{:02})", g.description, g.cost_cents / 100, g.cost_cents % 100)
                ])?;
                report.gestures += 1;
            }

            for p in &s.promises {
                promise.execute(params![
                    id,
                    p.text,
                    timestamp(p.due_at),
                    staff_ids[p.owner],
                    p.status,
                    p.broken_reason,
                    p.closed_at.map(timestamp),
                    p.closed_at.map(|_| staff_ids[p.owner]),
                    timestamp(p.created_at),
                ])?;
                report.promises += 1;
            }

            if let Some(p) = &s.prevention {
                prevention.execute(params![
                    id,
                    p.action,
                    staff_ids[p.owner],
                    p.due_date,
                    p.done_at.map(timestamp),
                    timestamp(p.created_at),
                ])?;
            }

            if let Some(text) = &resolved {
                let summary = format!("Resolved: {}", s.resolution_note);
                let by = s.steps.iter().flatten().last().map(|(_, by)| *by).unwrap_or(s.taken_by);
                event.execute(params![id, text, staff_ids[by], "resolved", summary])?;
            }

            for f in &s.follow_ups {
                let caller = f.assignee.unwrap_or(s.taken_by);
                follow_up.execute(params![
                    id,
                    timestamp(f.due_at),
                    f.assignee.map(|a| staff_ids[a]),
                    f.outcome,
                    f.attempts,
                    f.note,
                    f.done_at.map(timestamp),
                    f.done_at.map(|_| staff_ids[caller]),
                    timestamp(f.created_at),
                ])?;
                if let (Some(done), Some(outcome)) = (f.done_at, f.outcome) {
                    event.execute(params![
                        id,
                        timestamp(done),
                        staff_ids[caller],
                        "call",
                        format!("Follow-up call: {} (attempt {})", outcome.replace('_', " "), f.attempts)
                    ])?;
                }
                report.follow_ups += 1;
            }
        }
        drop((incident, step, event, gesture, promise, follow_up, prevention));
        tx.commit()?;
        Ok(report)
    }
}
