//! CSV exports of the owner's records, for spreadsheets and other systems.
//!
//! Every file has a header row, ISO dates (UTC times in RFC 3339), amounts in
//! the shop's currency units with a currency column, and UTF-8 with a byte
//! order mark so spreadsheet programs read accents correctly. A cell that a
//! spreadsheet would run as a formula (starting with =, +, -, @, tab or
//! carriage return) gets a leading apostrophe, which makes it plain text.

use super::Store;
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

/// A value read from the database, turned into a CSV cell.
enum Cell {
    Text(Option<String>),
    Int(Option<i64>),
    Money(Option<i64>),
}

impl Cell {
    fn render(&self) -> String {
        match self {
            Cell::Text(t) => neutralise(t.as_deref().unwrap_or("")),
            Cell::Int(i) => i.map(|v| v.to_string()).unwrap_or_default(),
            Cell::Money(m) => amount(*m),
        }
    }
}

/// How each column of a query is read.
#[derive(Clone, Copy)]
enum Col {
    Text,
    Int,
    Money,
}

fn spec(kind: ExportKind) -> (&'static [&'static str], &'static [Col], &'static str) {
    use Col::{Int, Money, Text};
    match kind {
        ExportKind::Incidents => (
            &[
                "id",
                "received_at",
                "customer",
                "channel",
                "category",
                "severity",
                "failure_kind",
                "fault",
                "what_happened",
                "desired_outcome",
                "transaction_value",
                "currency",
                "taken_by",
                "playbook",
                "status",
                "resolved_at",
                "resolution_note",
                "root_cause",
            ],
            &[
                Int, Text, Text, Text, Text, Int, Text, Text, Text, Text, Money, Text, Text, Text, Text, Text, Text,
                Text,
            ],
            "SELECT i.id, i.received_at, c.name, i.channel, cat.name, i.severity, i.failure_kind, i.fault,
                    i.description, i.desired_outcome, i.transaction_cents, ?1, s.name, p.name, i.status,
                    i.resolved_at, i.resolution_note, i.root_cause
             FROM incidents i JOIN customers c ON c.id = i.customer_id
             LEFT JOIN categories cat ON cat.id = i.category_id LEFT JOIN staff s ON s.id = i.taken_by
             LEFT JOIN playbooks p ON p.id = i.playbook_id ORDER BY i.received_at, i.id",
        ),
        ExportKind::Customers => (
            &[
                "id",
                "name",
                "phone",
                "email",
                "visits",
                "total_spend",
                "currency",
                "first_visit",
                "last_visit",
                "vip",
                "notes",
            ],
            &[Int, Text, Text, Text, Int, Money, Text, Text, Text, Int, Text],
            "SELECT id, name, phone, email, visits, total_spend_cents, ?1, first_visit, last_visit, vip, notes
             FROM customers ORDER BY name, id",
        ),
        ExportKind::Gestures => (
            &[
                "id",
                "incident_id",
                "customer",
                "given_at",
                "gesture",
                "kind",
                "cost",
                "currency",
                "suggested_tier",
                "given_by",
                "redeemed_at",
                "note",
            ],
            &[Int, Int, Text, Text, Text, Text, Money, Text, Text, Text, Text, Text],
            "SELECT g.id, g.incident_id, c.name, g.given_at, g.description, g.kind, g.cost_cents, ?1,
                    g.suggested_tier, s.name, g.redeemed_at, g.note
             FROM incident_gestures g JOIN incidents i ON i.id = g.incident_id JOIN customers c ON c.id = i.customer_id
             LEFT JOIN staff s ON s.id = g.given_by ORDER BY g.given_at, g.id",
        ),
        ExportKind::Promises => (
            &["id", "incident_id", "customer", "promise", "due_at", "owner", "status", "closed_at", "broken_reason"],
            &[Int, Int, Text, Text, Text, Text, Text, Text, Text],
            "SELECT p.id, p.incident_id, c.name, p.text, p.due_at, s.name, p.status, p.closed_at, p.broken_reason
             FROM promises p JOIN incidents i ON i.id = p.incident_id JOIN customers c ON c.id = i.customer_id
             LEFT JOIN staff s ON s.id = p.owner_id ORDER BY p.due_at, p.id",
        ),
        ExportKind::FollowUps => (
            &["id", "incident_id", "customer", "phone", "due_at", "assignee", "outcome", "attempts", "done_at", "note"],
            &[Int, Int, Text, Text, Text, Text, Text, Int, Text, Text],
            "SELECT f.id, f.incident_id, c.name, c.phone, f.due_at, s.name, f.outcome, f.attempts, f.done_at, f.note
             FROM follow_ups f JOIN incidents i ON i.id = f.incident_id JOIN customers c ON c.id = i.customer_id
             LEFT JOIN staff s ON s.id = f.assignee_id ORDER BY f.due_at, f.id",
        ),
    }
}

impl Store {
    /// Writes one kind of record as CSV to `out`; returns the number of rows.
    pub fn export_csv(&self, kind: ExportKind, out: &mut dyn Write) -> Result<usize> {
        let currency = self.settings()?.currency;
        let (headers, cols, sql) = spec(kind);
        out.write_all(b"\xEF\xBB\xBF")?;
        let mut writer = csv::Writer::from_writer(out);
        let csv_error = |e: csv::Error| Error::Io(format!("can't write the CSV file ({e})"));
        writer.write_record(headers).map_err(csv_error)?;
        let mut stmt = self.conn.prepare(sql)?;
        // Queries with money take the currency as their one parameter.
        let mut rows = if stmt.parameter_count() == 1 { stmt.query([&currency])? } else { stmt.query([])? };
        let mut count = 0;
        while let Some(row) = rows.next()? {
            let mut record = Vec::with_capacity(cols.len());
            for (i, col) in cols.iter().enumerate() {
                let cell = match col {
                    Col::Text => Cell::Text(row.get(i)?),
                    Col::Int => Cell::Int(row.get(i)?),
                    Col::Money => Cell::Money(row.get(i)?),
                };
                record.push(cell.render());
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
