//! The `incidents` and `incident_events` tables: complaints, their list with
//! search and filters, and the timeline of every change.

use super::base::{
    changed_at, coded, loaded_version, name_of, page_size, plain_amount, quoted, record_event, severity_at, timestamp,
    NamedRef, Page, Store,
};
use super::checklist;
use super::customers::insert_customer;
use crate::domain::breakdown::{FailureKind, Fault, Severity};
use crate::domain::incident::{Channel, CustomerRef, IncidentFields, ListQuery, Status};
use crate::domain::recovery::Text;
use crate::error::{Error, Result};
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row};
use serde::Serialize;

/// A row of an incident list.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentRow {
    /// Row id.
    pub id: i64,
    /// When it was received (UTC).
    pub received_at: String,
    /// The customer.
    pub customer_id: i64,
    /// The customer's name.
    pub customer_name: String,
    /// The category's name, if any.
    pub category_name: Option<String>,
    /// Channel value.
    pub channel: String,
    /// 1 to 5.
    pub severity: i64,
    /// "open" or "resolved".
    pub status: String,
    /// When it was resolved.
    pub resolved_at: Option<String>,
    /// The start of what happened, for a one-line reminder.
    pub summary: String,
    /// The title of the next checklist step (filled on Today).
    pub next_step: Option<String>,
    /// A step is past its target time (filled on Today).
    pub overdue: bool,
    /// The title of the first late step (filled on Today).
    pub overdue_step: Option<String>,
}

/// Columns of [`IncidentRow`], joined with the names they need.
pub(super) const INCIDENT_ROW_SELECT: &str = "SELECT i.id, i.received_at, i.customer_id, c.name, cat.name,
    i.channel, i.severity, i.status, i.resolved_at, substr(i.description, 1, 160)
    FROM incidents i
    JOIN customers c ON c.id = i.customer_id
    LEFT JOIN categories cat ON cat.id = i.category_id";

impl IncidentRow {
    pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(IncidentRow {
            id: r.get(0)?,
            received_at: r.get(1)?,
            customer_id: r.get(2)?,
            customer_name: r.get(3)?,
            category_name: r.get(4)?,
            channel: r.get(5)?,
            severity: r.get(6)?,
            status: r.get(7)?,
            resolved_at: r.get(8)?,
            summary: r.get(9)?,
            next_step: None,
            overdue: false,
            overdue_step: None,
        })
    }
}

/// An incident's own columns, as [`Store::update_incident`] compares them.
struct StoredIncident {
    customer: NamedRef,
    received_at: String,
    channel: String,
    category_id: Option<i64>,
    category_name: Option<String>,
    severity: Severity,
    description: String,
    desired_outcome: String,
    transaction_cents: Option<i64>,
    taken_by: Option<NamedRef>,
    failure_kind: FailureKind,
    fault: Fault,
    updated_at: String,
    version: i64,
}

/// One line of an incident's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventView {
    /// Row id.
    pub id: i64,
    /// When it happened (UTC).
    pub at: String,
    /// Who did it, when known.
    pub staff_name: Option<String>,
    /// What sort of change ("logged", "edited", "resolved", "reopened").
    pub kind: String,
    /// The change in plain words.
    pub summary: String,
}

/// The cursor of a page of incidents: the last row's time and id.
fn incident_cursor(row: &IncidentRow) -> String {
    format!("{}|{}", row.received_at, row.id)
}

fn parse_incident_cursor(cursor: &str) -> Result<(String, i64)> {
    cursor
        .rsplit_once('|')
        .and_then(|(at, id)| Some((at.to_string(), id.parse().ok()?)))
        .ok_or_else(|| Error::field("after", "That page no longer exists; please reload the list."))
}

/// The conditions (on table alias `t`) and parameters for `q`'s filters.
/// With search words, `f` must be the search table.
fn incident_filter(q: &ListQuery, t: &str) -> (Vec<String>, Vec<Value>) {
    let mut conditions: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    if let Some(fts) = &q.fts {
        conditions.push("f.incident_fts MATCH ?".to_string());
        params.push(Value::Text(fts.clone()));
    }
    if let Some(status) = q.status {
        conditions.push(format!("{t}.status = ?"));
        params.push(Value::Text(status.as_str().to_string()));
    }
    if let Some(severity) = q.severity {
        conditions.push(format!("{t}.severity = ?"));
        params.push(Value::Integer(severity));
    }
    if let Some(category) = q.category_id {
        conditions.push(format!("{t}.category_id = ?"));
        params.push(Value::Integer(category));
    }
    if let Some(from) = q.from {
        conditions.push(format!("{t}.received_at >= ?"));
        params.push(Value::Text(timestamp(from)));
    }
    if let Some(until) = q.until {
        conditions.push(format!("{t}.received_at < ?"));
        params.push(Value::Text(timestamp(until)));
    }
    (conditions, params)
}

impl Store {
    fn check_references(&self, f: &IncidentFields, actor: Option<i64>) -> Result<()> {
        if let CustomerRef::Existing(id) = f.customer {
            self.ensure_exists("customers", id, "customer", "That customer no longer exists; please pick them again.")?;
        }
        if let Some(id) = f.category_id {
            self.ensure_exists(
                "categories",
                id,
                "category_id",
                "That category no longer exists; please pick another.",
            )?;
        }
        if let Some(id) = f.taken_by {
            self.ensure_exists("staff", id, "taken_by", "That staff member no longer exists; please pick another.")?;
        }
        if let Some(id) = actor {
            self.ensure_exists(
                "staff",
                id,
                "actor",
                "The staff member using Mend no longer exists; please pick your name again.",
            )?;
        }
        Ok(())
    }

    /// Logs a new incident (and its new customer, if any) with its
    /// playbook's checklist, in one transaction; returns its id.
    pub fn create_incident(&mut self, f: &IncidentFields, actor: Option<i64>, now: DateTime<Utc>) -> Result<i64> {
        self.check_references(f, actor)?;
        let playbook_id = match f.playbook_id {
            Some(id) => {
                let hidden: Option<bool> =
                    self.conn.query_row("SELECT hidden FROM playbooks WHERE id = ?1", [id], |r| r.get(0)).optional()?;
                match hidden {
                    None => {
                        return Err(Error::field("playbook_id", "That playbook no longer exists; please pick another."))
                    }
                    Some(true) => {
                        return Err(Error::field("playbook_id", "That playbook is retired; please pick another."))
                    }
                    Some(false) => id,
                }
            }
            None => self.default_playbook_id()?,
        };
        let playbook_name = name_of(&self.conn, "playbooks", Some(playbook_id))?;
        let tx = self.conn.transaction()?;
        let customer_id = match &f.customer {
            CustomerRef::Existing(id) => *id,
            CustomerRef::New(fields) => insert_customer(&tx, fields, now)?,
        };
        let at = timestamp(now);
        tx.prepare_cached(
            "INSERT INTO incidents (customer_id, received_at, channel, category_id, severity, description,
                                    desired_outcome, transaction_cents, taken_by, status, created_at, updated_at,
                                    playbook_id, failure_kind, fault)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'open', ?10, ?10, ?11, ?12, ?13)",
        )?
        .execute(rusqlite::params![
            customer_id,
            timestamp(f.received_at),
            f.channel.as_str(),
            f.category_id,
            f.severity.get(),
            f.description,
            f.desired_outcome,
            f.transaction_cents,
            f.taken_by,
            at,
            playbook_name.as_ref().map(|_| playbook_id),
            f.failure_kind.as_str(),
            f.fault.as_str()
        ])?;
        let id = tx.last_insert_rowid();
        if playbook_name.is_some() {
            checklist::snapshot(&tx, id, playbook_id)?;
        }
        let mut summary = format!(
            "Logged: {} complaint, severity {} ({})",
            f.channel.label().to_lowercase(),
            f.severity,
            f.severity.label()
        );
        if let Some(name) = name_of(&tx, "staff", f.taken_by)? {
            summary.push_str(&format!(", taken by {name}"));
        }
        if let CustomerRef::New(c) = &f.customer {
            summary.push_str(&format!("; new customer {} added", c.name));
        }
        if let Some(name) = &playbook_name {
            summary.push_str(&format!("; playbook: {name}"));
        }
        record_event(&tx, id, now, actor, "logged", &summary)?;
        tx.commit()?;
        Ok(id)
    }

    /// Replaces an incident's details; each change becomes a timeline line
    /// (nothing is written when nothing changed). `version` is the row version
    /// the form loaded: when someone else saved a change since, nothing is
    /// written and the error ([`Error::Stale`]) says when (on the wall clock of
    /// `tz`) and which inputs differ from what is saved now, with the saved
    /// value. A save raises the version by one.
    pub fn update_incident<Tz: TimeZone>(
        &mut self,
        id: i64,
        version: Option<i64>,
        f: &IncidentFields,
        actor: Option<i64>,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<()>
    where
        Tz::Offset: std::fmt::Display,
    {
        let version = loaded_version(version)?;
        let old = self.stored_incident(id)?;
        self.check_references(f, actor)?;
        let CustomerRef::Existing(customer_id) = f.customer else {
            return Err(Error::field("customer", "Please pick the customer from the list."));
        };
        let tx = self.conn.transaction()?;
        let mut changes: Vec<String> = Vec::new();
        if customer_id != old.customer.id {
            let new_name = name_of(&tx, "customers", Some(customer_id))?.unwrap_or_default();
            changes.push(format!("Customer changed from {} to {}", old.customer.name, new_name));
        }
        if timestamp(f.received_at) != old.received_at {
            changes.push("Time received corrected".to_string());
        }
        if f.channel.as_str() != old.channel {
            let before = Channel::parse(&old.channel).map(Channel::label).unwrap_or("?");
            changes.push(format!("Channel changed from {} to {}", before, f.channel.label()));
        }
        if f.category_id != old.category_id {
            let after = name_of(&tx, "categories", f.category_id)?;
            changes.push(format!(
                "Category changed from {} to {}",
                old.category_name.as_deref().unwrap_or("none"),
                after.as_deref().unwrap_or("none")
            ));
        }
        if f.severity != old.severity {
            changes.push(format!(
                "Severity changed from {} ({}) to {} ({})",
                old.severity,
                old.severity.label(),
                f.severity,
                f.severity.label()
            ));
        }
        if f.description != old.description {
            changes.push("What happened was edited".to_string());
        }
        if f.desired_outcome != old.desired_outcome {
            changes.push("What would make them happy was edited".to_string());
        }
        if f.transaction_cents != old.transaction_cents {
            changes.push(format!(
                "Transaction value changed from {} to {}",
                plain_amount(old.transaction_cents),
                plain_amount(f.transaction_cents)
            ));
        }
        if f.failure_kind != old.failure_kind {
            changes.push(format!("What went wrong changed to: {}", f.failure_kind.label().to_lowercase()));
        }
        if f.fault != old.fault {
            changes.push(format!("Whose fault changed to: {}", f.fault.label().to_lowercase()));
        }
        if f.taken_by != old.taken_by.as_ref().map(|t| t.id) {
            let after = name_of(&tx, "staff", f.taken_by)?;
            changes.push(format!(
                "Taken by changed from {} to {}",
                old.taken_by.as_ref().map(|t| t.name.as_str()).unwrap_or("nobody"),
                after.as_deref().unwrap_or("nobody")
            ));
        }
        if changes.is_empty() {
            return Ok(());
        }
        if old.version != version {
            drop(tx);
            return Err(self.stale_incident(&old, customer_id, f, now, tz));
        }
        let written = tx
            .prepare_cached(
                "UPDATE incidents SET customer_id = ?1, received_at = ?2, channel = ?3, category_id = ?4,
                    severity = ?5, description = ?6, desired_outcome = ?7, transaction_cents = ?8,
                    taken_by = ?9, updated_at = ?10, failure_kind = ?12, fault = ?13, version = version + 1
             WHERE id = ?11 AND version = ?14",
            )?
            .execute(rusqlite::params![
                customer_id,
                timestamp(f.received_at),
                f.channel.as_str(),
                f.category_id,
                f.severity.get(),
                f.description,
                f.desired_outcome,
                f.transaction_cents,
                f.taken_by,
                timestamp(now),
                id,
                f.failure_kind.as_str(),
                f.fault.as_str(),
                version
            ])?;
        if written == 0 {
            // Saved by another program between the read above and this write.
            drop(tx);
            let old = self.stored_incident(id)?;
            return Err(self.stale_incident(&old, customer_id, f, now, tz));
        }
        for change in &changes {
            record_event(&tx, id, now, actor, "edited", change)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The refusal of a save of `f` made on a form older than `old` (the
    /// incident as saved now): when it changed and each input where the form
    /// and the saved incident differ, with the saved value.
    fn stale_incident<Tz: TimeZone>(
        &self,
        old: &StoredIncident,
        customer_id: i64,
        f: &IncidentFields,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Error
    where
        Tz::Offset: std::fmt::Display,
    {
        let mut changed: Vec<(&str, &str, String)> = Vec::new();
        if customer_id != old.customer.id {
            changed.push(("customer_id", "the customer", old.customer.name.clone()));
        }
        if timestamp(f.received_at) != old.received_at {
            let at = DateTime::parse_from_rfc3339(&old.received_at)
                .map(|at| at.with_timezone(tz).format("%-d %b %Y %H:%M").to_string())
                .unwrap_or_default();
            changed.push(("received_at", "when it was received", at));
        }
        if f.channel.as_str() != old.channel {
            let label = Channel::parse(&old.channel).map(Channel::label).unwrap_or("?");
            changed.push(("channel", "how it reached you", label.to_string()));
        }
        if f.category_id != old.category_id {
            changed.push(("category_id", "category", old.category_name.clone().unwrap_or_else(|| "none".into())));
        }
        if f.severity != old.severity {
            changed.push(("severity", "severity", format!("{} ({})", old.severity, old.severity.label())));
        }
        if f.failure_kind != old.failure_kind {
            changed.push(("failure_kind", "what went wrong", old.failure_kind.label().to_string()));
        }
        if f.fault != old.fault {
            changed.push(("fault", "whose fault", old.fault.label().to_string()));
        }
        if f.description != old.description {
            changed.push(("description", "what happened", quoted(&old.description)));
        }
        if f.desired_outcome != old.desired_outcome {
            changed.push(("desired_outcome", "what would make them happy", quoted(&old.desired_outcome)));
        }
        if f.transaction_cents != old.transaction_cents {
            changed.push(("transaction_value", "transaction value", plain_amount(old.transaction_cents)));
        }
        if f.taken_by != old.taken_by.as_ref().map(|t| t.id) {
            let name = old.taken_by.as_ref().map(|t| t.name.clone()).unwrap_or_else(|| "nobody".into());
            changed.push(("taken_by", "taken by", name));
        }
        Error::stale("incident", &changed_at(&old.updated_at, now, tz), &changed)
    }

    /// Marks an incident resolved now, with an optional note. With no first
    /// response yet, resolving is the response: recorded in `responded_at`
    /// (the kept `first_done_at` follows by trigger) and said on the timeline.
    pub fn resolve_incident(&mut self, id: i64, note: &Text, actor: Option<i64>, now: DateTime<Utc>) -> Result<()> {
        if self.status_of(id)? == Status::Resolved {
            return Err(Error::Conflict("This incident is already resolved.".to_string()));
        }
        self.check_actor(actor)?;
        let tx = self.conn.transaction()?;
        let first_response = tx.execute(
            "UPDATE incidents SET responded_at = ?1 WHERE id = ?2 AND first_done_at IS NULL",
            (timestamp(now), id),
        )? == 1;
        tx.execute(
            "UPDATE incidents SET status = 'resolved', resolved_at = ?1, resolution_note = ?2, updated_at = ?1
             WHERE id = ?3",
            (timestamp(now), note.as_str(), id),
        )?;
        if first_response {
            record_event(
                &tx,
                id,
                now,
                actor,
                "responded",
                "Resolving counted as the first response (no step had been ticked)",
            )?;
        }
        let summary = if note.is_empty() { "Resolved".to_string() } else { format!("Resolved: {note}") };
        record_event(&tx, id, now, actor, "resolved", &summary)?;
        tx.commit()?;
        Ok(())
    }

    /// Opens a resolved incident again, with an optional reason.
    pub fn reopen_incident(&mut self, id: i64, reason: &Text, actor: Option<i64>, now: DateTime<Utc>) -> Result<()> {
        if self.status_of(id)? == Status::Open {
            return Err(Error::Conflict("This incident is already open.".to_string()));
        }
        self.check_actor(actor)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE incidents SET status = 'open', resolved_at = NULL, updated_at = ?1 WHERE id = ?2",
            (timestamp(now), id),
        )?;
        let summary = if reason.is_empty() { "Reopened".to_string() } else { format!("Reopened: {reason}") };
        record_event(&tx, id, now, actor, "reopened", &summary)?;
        tx.commit()?;
        Ok(())
    }

    /// Whether incident `id` is open or resolved.
    fn status_of(&self, id: i64) -> Result<Status> {
        let status: Option<String> =
            self.conn.query_row("SELECT status FROM incidents WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        let status = status.ok_or_else(|| Error::NotFound("That incident no longer exists.".to_string()))?;
        Ok(Status::parse(&status).unwrap_or(Status::Open))
    }

    /// The incident's own columns (with the names they point at), as an
    /// edit compares them.
    fn stored_incident(&self, id: i64) -> Result<StoredIncident> {
        self.conn
            .prepare_cached(
                "SELECT i.customer_id, c.name, i.received_at, i.channel, i.category_id, cat.name, i.severity,
                        i.description, i.desired_outcome, i.transaction_cents, i.taken_by, s.name,
                        i.failure_kind, i.fault, i.updated_at, i.version
                 FROM incidents i
                 JOIN customers c ON c.id = i.customer_id
                 LEFT JOIN categories cat ON cat.id = i.category_id
                 LEFT JOIN staff s ON s.id = i.taken_by
                 WHERE i.id = ?1",
            )?
            .query_row([id], |r| {
                Ok(StoredIncident {
                    customer: NamedRef { id: r.get(0)?, name: r.get(1)? },
                    received_at: r.get(2)?,
                    channel: r.get(3)?,
                    category_id: r.get(4)?,
                    category_name: r.get(5)?,
                    severity: severity_at(r, 6)?,
                    description: r.get(7)?,
                    desired_outcome: r.get(8)?,
                    transaction_cents: r.get(9)?,
                    taken_by: NamedRef::maybe(r.get(10)?, r.get(11)?),
                    failure_kind: coded(r, 12, FailureKind::parse)?,
                    fault: coded(r, 13, Fault::parse)?,
                    updated_at: r.get(14)?,
                    version: r.get(15)?,
                })
            })
            .optional()?
            .ok_or_else(|| Error::NotFound("That incident no longer exists.".to_string()))
    }

    /// An incident's timeline, oldest first.
    pub fn incident_events(&self, id: i64) -> Result<Vec<EventView>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.at, s.name, e.kind, e.summary
             FROM incident_events e LEFT JOIN staff s ON s.id = e.staff_id
             WHERE e.incident_id = ?1 ORDER BY e.id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(EventView { id: r.get(0)?, at: r.get(1)?, staff_name: r.get(2)?, kind: r.get(3)?, summary: r.get(4)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A page of incidents, newest first, matching `q`. `after` is the
    /// previous page's `next` cursor.
    ///
    /// Without search words the page walks the index of the filter it uses
    /// (or of the time received) in order and stops after the page. With
    /// search words the hits come from the search index newest logged first
    /// (by id, which follows the time received except for incidents logged
    /// after the fact), each checked against the filters in a narrow index,
    /// and the walk stops after the page: sorting every hit by time received
    /// would cost as much as the hits are many.
    pub fn list_incidents(&self, q: &ListQuery, after: Option<&str>, limit: i64) -> Result<Page<IncidentRow>> {
        let limit = page_size(limit);
        let total = self.count_incidents(q)?;
        let searching = q.fts.is_some();
        let (mut conditions, mut params) = incident_filter(q, if searching { "n" } else { "i" });
        if let Some(cursor) = after {
            let (at, id) = parse_incident_cursor(cursor)?;
            if searching {
                conditions.push("f.rowid < ?".to_string());
            } else {
                conditions.push("(i.received_at, i.id) < (?, ?)".to_string());
                params.push(Value::Text(at));
            }
            params.push(Value::Integer(id));
        }
        params.push(Value::Integer(limit + 1));
        let filter = if conditions.is_empty() { "1".to_string() } else { conditions.join(" AND ") };
        let sql = if searching {
            format!(
                "{INCIDENT_ROW_SELECT} WHERE i.id IN (
                     SELECT n.id FROM incident_fts f CROSS JOIN incidents n INDEXED BY incidents_keys ON n.id = f.rowid
                     WHERE {filter} ORDER BY f.rowid DESC LIMIT ?)
                 ORDER BY i.id DESC"
            )
        } else {
            format!("{INCIDENT_ROW_SELECT} WHERE {filter} ORDER BY i.received_at DESC, i.id DESC LIMIT ?")
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut items: Vec<IncidentRow> = stmt
            .query_map(rusqlite::params_from_iter(params.iter()), IncidentRow::from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let next = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().map(incident_cursor)
        } else {
            None
        };
        Ok(Page { items, next, total })
    }

    /// How many incidents match `q`, without reading incident rows: from the
    /// tallies when only status, severity and category are chosen, from the
    /// search index alone for bare search words, else from an index.
    fn count_incidents(&self, q: &ListQuery) -> Result<i64> {
        let count = |sql: &str, params: &[Value]| -> Result<i64> {
            Ok(self.conn.prepare_cached(sql)?.query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?)
        };
        let dated = q.from.is_some() || q.until.is_some();
        let sorted = q.status.is_some() || q.severity.is_some() || q.category_id.is_some();
        match &q.fts {
            Some(words) if !dated && !sorted => {
                count("SELECT count(*) FROM incident_fts WHERE incident_fts MATCH ?", &[Value::Text(words.clone())])
            }
            Some(_) => {
                let (conditions, params) = incident_filter(q, "n");
                count(
                    &format!(
                        "SELECT count(*) FROM incident_fts f CROSS JOIN incidents n INDEXED BY incidents_keys
                         ON n.id = f.rowid WHERE {}",
                        conditions.join(" AND ")
                    ),
                    &params,
                )
            }
            None if !dated => {
                let mut conditions: Vec<&str> = Vec::new();
                let mut params: Vec<Value> = Vec::new();
                if let Some(status) = q.status {
                    conditions.push("status = ?");
                    params.push(Value::Text(status.as_str().to_string()));
                }
                if let Some(severity) = q.severity {
                    conditions.push("severity = ?");
                    params.push(Value::Integer(severity));
                }
                if let Some(category) = q.category_id {
                    conditions.push("category_key = ?");
                    params.push(Value::Integer(category));
                }
                let filter =
                    if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
                count(&format!("SELECT coalesce(sum(n), 0) FROM incident_tallies {filter}"), &params)
            }
            None => {
                let (conditions, params) = incident_filter(q, "i");
                count(&format!("SELECT count(*) FROM incidents i WHERE {}", conditions.join(" AND ")), &params)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! The quick totals and the search pages must give what plain counting
    //! and plain filtering give.

    use super::*;
    use crate::domain::incident::fts_query;
    use crate::domain::recovery;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn shop() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        store.generate_sample(1500, 9, at("2026-11-24T09:30:00Z")).unwrap();
        store
    }

    /// Every combination of the list's filters the tests try.
    fn queries() -> Vec<ListQuery> {
        let mut out = Vec::new();
        for fts in [None, fts_query("waited"), fts_query("refund")] {
            for status in [None, Some(Status::Open), Some(Status::Resolved)] {
                for severity in [None, Some(2)] {
                    for category_id in [None, Some(1)] {
                        for dated in [false, true] {
                            out.push(ListQuery {
                                fts: fts.clone(),
                                status,
                                severity,
                                category_id,
                                from: dated.then(|| at("2026-06-01T00:00:00Z")),
                                until: dated.then(|| at("2026-09-01T00:00:00Z")),
                            });
                        }
                    }
                }
            }
        }
        out
    }

    /// The ids matching `q`, by plain SQL.
    fn plain(store: &Store, q: &ListQuery) -> Vec<i64> {
        let (conditions, params) = incident_filter(q, "i");
        let mut sql = "SELECT i.id FROM incidents i".to_string();
        if q.fts.is_some() {
            sql.push_str(" JOIN incident_fts f ON f.rowid = i.id");
        }
        if !conditions.is_empty() {
            sql.push_str(&format!(" WHERE {}", conditions.join(" AND ")));
        }
        sql.push_str(" ORDER BY i.id DESC");
        let mut stmt = store.conn.prepare(&sql).unwrap();
        let ids = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0)).unwrap();
        ids.map(Result::unwrap).collect()
    }

    /// Every page of `q`, in order.
    fn all_pages(store: &Store, q: &ListQuery) -> (i64, Vec<IncidentRow>) {
        let mut rows = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = store.list_incidents(q, after.as_deref(), 37).unwrap();
            rows.extend(page.items);
            match page.next {
                Some(next) => after = Some(next),
                None => return (page.total, rows),
            }
        }
    }

    #[test]
    fn totals_and_pages_match_plain_filtering() {
        let mut store = shop();
        // Move some incidents between statuses, severities and categories
        // so the tallies have been kept up to date, not just filled in.
        let open: Vec<i64> = plain(&store, &ListQuery { status: Some(Status::Open), ..Default::default() });

        let now = at("2026-11-24T10:00:00Z");
        for id in open.iter().take(5) {
            store.resolve_incident(*id, &recovery::resolution_note("Sorted").unwrap(), None, now).unwrap();
        }
        store.reopen_incident(open[0], &recovery::reopen_reason("Came back").unwrap(), None, now).unwrap();
        store.conn.execute("UPDATE incidents SET severity = 2, category_id = 1 WHERE id % 97 = 0", []).unwrap();

        for q in queries() {
            let expected = plain(&store, &q);
            let (total, rows) = all_pages(&store, &q);
            assert_eq!(total, expected.len() as i64, "total of {q:?}");
            let mut ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            if q.fts.is_some() {
                assert_eq!(ids, expected, "search pages of {q:?}, newest logged first");
            } else {
                let times: Vec<(&str, i64)> = rows.iter().map(|r| (r.received_at.as_str(), r.id)).collect();
                assert!(times.windows(2).all(|w| w[0] > w[1]), "newest received first for {q:?}");
                ids.sort_unstable_by(|a, b| b.cmp(a));
                assert_eq!(ids, expected, "pages of {q:?}");
            }
        }
    }
}
