//! CSV exports of the owner's records, for spreadsheets and other systems.
//!
//! Every file has a header row, ISO dates (UTC times in RFC 3339), amounts in
//! the shop's currency units with a currency column, and UTF-8 with a byte
//! order mark so spreadsheet programs read accents correctly. Channels,
//! statuses, kinds and the like are written in the words the screens use
//! ("In person", "The work itself"); the stored codes ("in_person",
//! "outcome") follow in `*_code` columns at the end, for programs. A cell that a
//! spreadsheet would run as a formula (starting with =, +, -, @, tab or
//! carriage return) gets a leading apostrophe, which makes it plain text.

use super::base::Store;
use crate::domain::advisor::{FailureKind, Fault, Tier};
use crate::domain::gesture::kind_label;
use crate::domain::incident::{Channel, PromiseStatus, Status};
use crate::domain::schedule::CallOutcome;
use crate::error::{Error, Result};
use serde::Deserialize;
use std::io::Write;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    /// One row per incident.
    Incidents,
    /// One row per customer.
    Customers,
    /// One row per gesture given (the goodwill ledger).
    Gestures,
    /// One row per promise.
    Promises,
    /// One row per follow-up call.
    FollowUps,
}

impl ExportKind {
    /// The start of the file name offered in the save dialog.
    pub fn file_stem(self) -> &'static str {
        match self {
            ExportKind::Incidents => "incidents",
            ExportKind::Customers => "customers",
            ExportKind::Gestures => "gestures",
            ExportKind::Promises => "promises",
            ExportKind::FollowUps => "follow-ups",
        }
    }
}

/// Makes a cell inert for spreadsheets: text that would start a formula is
/// prefixed with an apostrophe.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// Cents as an amount in currency units ("45.50"); empty when unknown.
pub fn amount(cents: Option<i64>) -> String {
    match cents {
        Some(c) => format!("{}{}.{:02}", if c < 0 { "-" } else { "" }, (c / 100).abs(), (c % 100).abs()),
        None => String::new(),
    }
}

/// The words for a stored code ("in_person" -> "In person"), from the
/// enum that owns both.
type Words = fn(&str) -> Option<&'static str>;

/// How each column of a query is read and written.
#[derive(Clone, Copy)]
enum Col {
    /// Text as stored.
    Text,
    /// A whole number.
    Int,
    /// Cents, written in currency units.
    Money,
    /// A stored code written as the words the screens use; a code without
    /// words (none today) is written as it is.
    Label(Words),
}

fn channel(code: &str) -> Option<&'static str> {
    Channel::parse(code).map(Channel::label)
}

fn failure_kind(code: &str) -> Option<&'static str> {
    FailureKind::parse(code).map(FailureKind::label)
}

fn fault(code: &str) -> Option<&'static str> {
    Fault::parse(code).map(Fault::label)
}

fn status(code: &str) -> Option<&'static str> {
    Status::parse(code).map(Status::label)
}

fn tier(code: &str) -> Option<&'static str> {
    Tier::parse(code).map(Tier::label)
}

fn promise_status(code: &str) -> Option<&'static str> {
    PromiseStatus::parse(code).map(PromiseStatus::label)
}

fn call_outcome(code: &str) -> Option<&'static str> {
    CallOutcome::parse(code).map(CallOutcome::label)
}

/// A file's columns (header and how to read it, in the order of the query's
/// columns) and its query. Codes come as words in the main columns and, for
/// programs that read the file, once more as they are stored in `*_code`
/// columns at the end.
fn spec(kind: ExportKind) -> (&'static [(&'static str, Col)], &'static str) {
    use Col::{Int, Label, Money, Text};
    match kind {
        ExportKind::Incidents => (
            &[
                ("id", Int),
                ("received_at", Text),
                ("customer", Text),
                ("channel", Label(channel)),
                ("category", Text),
                ("severity", Int),
                ("failure_kind", Label(failure_kind)),
                ("fault", Label(fault)),
                ("what_happened", Text),
                ("desired_outcome", Text),
                ("transaction_value", Money),
                ("currency", Text),
                ("taken_by", Text),
                ("playbook", Text),
                ("status", Label(status)),
                ("resolved_at", Text),
                ("resolution_note", Text),
                ("root_cause", Text),
                ("channel_code", Text),
                ("failure_kind_code", Text),
                ("fault_code", Text),
                ("status_code", Text),
            ],
            "SELECT i.id, i.received_at, c.name, i.channel, cat.name, i.severity, i.failure_kind, i.fault,
                    i.description, i.desired_outcome, i.transaction_cents, ?1, s.name, p.name, i.status,
                    i.resolved_at, i.resolution_note, i.root_cause, i.channel, i.failure_kind, i.fault, i.status
             FROM incidents i JOIN customers c ON c.id = i.customer_id
             LEFT JOIN categories cat ON cat.id = i.category_id LEFT JOIN staff s ON s.id = i.taken_by
             LEFT JOIN playbooks p ON p.id = i.playbook_id ORDER BY i.received_at, i.id",
        ),
        ExportKind::Customers => (
            &[
                ("id", Int),
                ("name", Text),
                ("phone", Text),
                ("email", Text),
                ("visits", Int),
                ("total_spend", Money),
                ("currency", Text),
                ("first_visit", Text),
                ("last_visit", Text),
                ("vip", Int),
                ("notes", Text),
            ],
            "SELECT id, name, phone, email, visits, total_spend_cents, ?1, first_visit, last_visit, vip, notes
             FROM customers ORDER BY name, id",
        ),
        ExportKind::Gestures => (
            &[
                ("id", Int),
                ("incident_id", Int),
                ("customer", Text),
                ("given_at", Text),
                ("gesture", Text),
                ("kind", Label(kind_label)),
                ("cost", Money),
                ("currency", Text),
                ("suggested_tier", Label(tier)),
                ("given_by", Text),
                ("redeemed_at", Text),
                ("note", Text),
                ("kind_code", Text),
                ("suggested_tier_code", Text),
            ],
            "SELECT g.id, g.incident_id, c.name, g.given_at, g.description, g.kind, g.cost_cents, ?1,
                    g.suggested_tier, s.name, g.redeemed_at, g.note, g.kind, g.suggested_tier
             FROM incident_gestures g JOIN incidents i ON i.id = g.incident_id JOIN customers c ON c.id = i.customer_id
             LEFT JOIN staff s ON s.id = g.given_by ORDER BY g.given_at, g.id",
        ),
        ExportKind::Promises => (
            &[
                ("id", Int),
                ("incident_id", Int),
                ("customer", Text),
                ("promise", Text),
                ("due_at", Text),
                ("owner", Text),
                ("status", Label(promise_status)),
                ("closed_at", Text),
                ("broken_reason", Text),
                ("moves", Int),
                ("status_code", Text),
            ],
            "SELECT p.id, p.incident_id, c.name, p.text, p.due_at, s.name, p.status, p.closed_at, p.broken_reason,
                    (SELECT count(*) FROM promise_moves m WHERE m.promise_id = p.id), p.status
             FROM promises p JOIN incidents i ON i.id = p.incident_id JOIN customers c ON c.id = i.customer_id
             LEFT JOIN staff s ON s.id = p.owner_id ORDER BY p.due_at, p.id",
        ),
        ExportKind::FollowUps => (
            &[
                ("id", Int),
                ("incident_id", Int),
                ("customer", Text),
                ("phone", Text),
                ("due_at", Text),
                ("assignee", Text),
                ("outcome", Label(call_outcome)),
                ("attempts", Int),
                ("done_at", Text),
                ("note", Text),
                ("outcome_code", Text),
            ],
            "SELECT f.id, f.incident_id, c.name, c.phone, f.due_at, s.name, f.outcome, f.attempts, f.done_at, f.note,
                    f.outcome
             FROM follow_ups f JOIN incidents i ON i.id = f.incident_id JOIN customers c ON c.id = i.customer_id
             LEFT JOIN staff s ON s.id = f.assignee_id ORDER BY f.due_at, f.id",
        ),
    }
}

/// One cell of a row, as written.
fn cell(row: &rusqlite::Row<'_>, i: usize, col: Col) -> rusqlite::Result<String> {
    Ok(match col {
        Col::Text => neutralise(row.get::<_, Option<String>>(i)?.as_deref().unwrap_or("")),
        Col::Int => row.get::<_, Option<i64>>(i)?.map(|v| v.to_string()).unwrap_or_default(),
        Col::Money => amount(row.get(i)?),
        Col::Label(words) => match row.get::<_, Option<String>>(i)? {
            Some(code) => neutralise(words(&code).unwrap_or(&code)),
            None => String::new(),
        },
    })
}

impl Store {
    /// Writes one kind of record as CSV to `out`; returns the number of rows.
    pub fn export_csv(&self, kind: ExportKind, out: &mut dyn Write) -> Result<usize> {
        let currency = self.settings()?.currency;
        let (columns, sql) = spec(kind);
        out.write_all(b"\xEF\xBB\xBF")?;
        let mut writer = csv::Writer::from_writer(out);
        let csv_error = |e: csv::Error| Error::Io(format!("can't write the CSV file ({e})"));
        writer.write_record(columns.iter().map(|(header, _)| *header)).map_err(csv_error)?;
        let mut stmt = self.conn.prepare(sql)?;
        // Queries with money take the currency as their one parameter.
        let mut rows = if stmt.parameter_count() == 1 { stmt.query([&currency])? } else { stmt.query([])? };
        let mut count = 0;
        while let Some(row) = rows.next()? {
            let mut record = Vec::with_capacity(columns.len());
            for (i, (_, col)) in columns.iter().enumerate() {
                record.push(cell(row, i, *col)?);
            }
            writer.write_record(&record).map_err(csv_error)?;
            count += 1;
        }
        writer.flush()?;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_made_inert() {
        assert_eq!(neutralise("=SUM(A1:A9)"), "'=SUM(A1:A9)");
        assert_eq!(neutralise("+1 555"), "'+1 555");
        assert_eq!(neutralise("-2"), "'-2");
        assert_eq!(neutralise("@cmd"), "'@cmd");
        assert_eq!(neutralise("Zoë"), "Zoë");
        assert_eq!(neutralise(""), "");
    }

    #[test]
    fn amounts_in_currency_units() {
        assert_eq!(amount(Some(4550)), "45.50");
        assert_eq!(amount(Some(5)), "0.05");
        assert_eq!(amount(None), "");
    }
}
