//! Bringing customers in from another system's export: each row either
//! merges into the customer already on file (same phone digits or e-mail)
//! or adds a new one, all in one transaction; the report says which, row by
//! row, beside the rows the file could not give.

use super::base::{timestamp, Store};
use super::customers::insert_customer;
use crate::domain::customer::CustomerFields;
use crate::domain::customer_import::{ImportRow, SkippedRow};
use crate::domain::validate::phone_digits;
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

/// Phone numbers with fewer digits than this are too short to match on.
const MIN_PHONE_DIGITS: usize = 6;

/// What an import did: how many rows added a customer, which rows merged
/// into a customer already on file, and which rows were left out and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Customers added.
    pub added: usize,
    /// Rows that matched a customer already on file (or one added earlier in
    /// the same file), whose details they brought up to date, in file order.
    pub merged: Vec<MergedRow>,
    /// Rows left out, with the reason, in file order.
    pub skipped: Vec<SkippedRow>,
}

/// What a row of the file was matched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedOn {
    /// The same phone digits.
    Phone,
    /// The same e-mail address, whatever the case.
    Email,
}

impl MatchedOn {
    /// The stored and sent form.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedOn::Phone => "phone",
            MatchedOn::Email => "email",
        }
    }

    /// The value for its stored form.
    pub fn parse(value: &str) -> Option<MatchedOn> {
        match value {
            "phone" => Some(MatchedOn::Phone),
            "email" => Some(MatchedOn::Email),
            _ => None,
        }
    }

    /// In words, after "matched on": "the same phone number".
    pub fn label(self) -> &'static str {
        match self {
            MatchedOn::Phone => "the same phone number",
            MatchedOn::Email => "the same e-mail address",
        }
    }
}

/// A row of the file merged into a customer Mend already had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergedRow {
    /// Line of the file, as in [`ImportRow::line`].
    pub line: usize,
    /// The name the file gives.
    pub name: String,
    /// The customer it was merged into.
    pub customer_id: i64,
    /// That customer's name, which the import keeps.
    pub customer_name: String,
    /// What the two have in common.
    pub matched_on: MatchedOn,
}

/// The id and name of a customer already on file with the same phone or
/// e-mail, and which of the two matched.
fn find_match(conn: &Connection, row: &ImportRow) -> Result<Option<(i64, String, MatchedOn)>> {
    let digits = phone_digits(&row.phone);
    if digits.len() >= MIN_PHONE_DIGITS {
        let found = conn
            .prepare_cached("SELECT id, name FROM customers WHERE phone_digits = ?1 ORDER BY id LIMIT 1")?
            .query_row([&digits], |r| Ok((r.get(0)?, r.get(1)?, MatchedOn::Phone)))
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
    }
    if !row.email.is_empty() {
        return Ok(conn
            .prepare_cached("SELECT id, name FROM customers WHERE email = ?1 ORDER BY id LIMIT 1")?
            .query_row([&row.email], |r| Ok((r.get(0)?, r.get(1)?, MatchedOn::Email)))
            .optional()?);
    }
    Ok(None)
}

impl Store {
    /// Adds customers from parsed rows, or merges a row into the customer
    /// already on file with the same phone digits or e-mail; `skipped` rows
    /// from the parser are passed through to the report. Nothing is written
    /// unless every row is written.
    pub fn import_customers(
        &mut self,
        rows: &[ImportRow],
        skipped: Vec<SkippedRow>,
        now: DateTime<Utc>,
    ) -> Result<ImportReport> {
        let tx = self.conn.transaction()?;
        let mut added = 0;
        let mut merged = Vec::new();
        for row in rows {
            match find_match(&tx, row)? {
                Some((id, customer_name, matched_on)) => {
                    // Values in the file win where it has them; what it
                    // leaves empty keeps what Mend already knows.
                    tx.prepare_cached(
                        "UPDATE customers SET
                            phone = CASE WHEN ?2 <> '' THEN ?2 ELSE phone END,
                            phone_digits = CASE WHEN ?3 <> '' THEN ?3 ELSE phone_digits END,
                            email = CASE WHEN ?4 <> '' THEN ?4 ELSE email END,
                            visits = coalesce(?5, visits),
                            total_spend_cents = coalesce(?6, total_spend_cents),
                            first_visit = coalesce(?7, first_visit),
                            last_visit = coalesce(?8, last_visit),
                            updated_at = ?9
                         WHERE id = ?1",
                    )?
                    .execute(rusqlite::params![
                        id,
                        row.phone,
                        phone_digits(&row.phone),
                        row.email,
                        row.visits,
                        row.total_spend_cents,
                        row.first_visit,
                        row.last_visit,
                        timestamp(now)
                    ])?;
                    merged.push(MergedRow {
                        line: row.line,
                        name: row.name.clone(),
                        customer_id: id,
                        customer_name,
                        matched_on,
                    });
                }
                None => {
                    let fields = CustomerFields {
                        name: row.name.clone(),
                        phone: row.phone.clone(),
                        email: row.email.clone(),
                        notes: String::new(),
                        visits: row.visits.unwrap_or(0),
                        total_spend_cents: row.total_spend_cents.unwrap_or(0),
                        first_visit: row.first_visit,
                        last_visit: row.last_visit,
                        vip: false,
                    };
                    insert_customer(&tx, &fields, now)?;
                    added += 1;
                }
            }
        }
        tx.commit()?;
        Ok(ImportReport { added, merged, skipped })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer_import::{parse, preview};

    fn now() -> DateTime<Utc> {
        "2026-11-22T09:00:00Z".parse().unwrap()
    }

    #[test]
    fn merges_by_phone_or_email_instead_of_duplicating() {
        let mut store = Store::open_in_memory().unwrap();
        let csv = "Name,Phone,Email,Visits,Total Spent\n\
                   Ana Ruiz,555 010 2030,,4,120.00\n\
                   Bo Lind,,bo@example.com,2,40\n";
        let p = preview(csv.as_bytes()).unwrap();
        let parsed = parse(csv.as_bytes(), &p.guessed).unwrap();
        let first = store.import_customers(&parsed.rows, parsed.skipped, now()).unwrap();
        assert_eq!((first.added, first.merged.len()), (2, 0));

        let again = "Name,Phone,Email,Visits,Total Spent\n\
                     Ana R.,(555) 010-2030,,6,180.00\n\
                     Robert Lind,,BO@example.com,3,\n\
                     Cy New,,,1,10\n";
        let parsed = parse(again.as_bytes(), &p.guessed).unwrap();
        let second = store.import_customers(&parsed.rows, parsed.skipped, now()).unwrap();
        assert_eq!((second.added, second.merged.len()), (1, 2));
        let ana_id = store.list_customers("Ana", None, 5).unwrap().items[0].id;
        assert_eq!(
            second.merged[0],
            MergedRow {
                line: 2,
                name: "Ana R.".into(),
                customer_id: ana_id,
                customer_name: "Ana Ruiz".into(),
                matched_on: MatchedOn::Phone
            }
        );
        assert_eq!(
            (second.merged[1].customer_name.as_str(), second.merged[1].matched_on),
            ("Bo Lind", MatchedOn::Email)
        );
        let page = store.list_customers("", None, 50).unwrap();
        assert_eq!(page.total, 3);
        let ana = page.items.iter().find(|c| c.name == "Ana Ruiz").expect("name kept");
        assert_eq!((ana.visits, ana.total_spend_cents), (6, 18_000));
        let bo = page.items.iter().find(|c| c.name == "Bo Lind").unwrap();
        assert_eq!(bo.total_spend_cents, 4_000, "an empty cell keeps the old value");
    }

    #[test]
    fn a_row_matching_one_added_earlier_in_the_file_merges_into_it() {
        let mut store = Store::open_in_memory().unwrap();
        let csv = "Name,Phone,Visits\nAna Ruiz,555 010 2030,4\nAna (again),+555 010 2030,5\n";
        let parsed = parse(csv.as_bytes(), &preview(csv.as_bytes()).unwrap().guessed).unwrap();
        let report = store.import_customers(&parsed.rows, parsed.skipped, now()).unwrap();
        assert_eq!(report.added, 1);
        assert_eq!(report.merged.len(), 1);
        assert_eq!((report.merged[0].line, report.merged[0].customer_name.as_str()), (3, "Ana Ruiz"));
        assert_eq!(store.list_customers("", None, 5).unwrap().items[0].visits, 5);
    }

    #[test]
    fn matched_on_has_its_forms() {
        for m in [MatchedOn::Phone, MatchedOn::Email] {
            assert_eq!(MatchedOn::parse(m.as_str()), Some(m));
            assert_eq!(serde_json::to_value(m).unwrap(), m.as_str());
        }
        assert_eq!(MatchedOn::parse("name"), None);
        assert_eq!(MatchedOn::Phone.label(), "the same phone number");
    }
}
