//! Bringing customers in from another system's CSV export: each row either
//! updates the customer already on file (same phone digits or e-mail) or
//! adds a new one, all in one transaction.

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

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Customers added.
    pub created: usize,
    /// Customers already on file that were updated.
    pub updated: usize,
    /// Rows left out, with the reason.
    pub skipped: Vec<SkippedRow>,
}

/// The id of a customer already on file with the same phone or e-mail.
fn find_match(conn: &Connection, row: &ImportRow) -> Result<Option<i64>> {
    let digits = phone_digits(&row.phone);
    if digits.len() >= MIN_PHONE_DIGITS {
        let found: Option<i64> = conn
            .prepare_cached("SELECT id FROM customers WHERE phone_digits = ?1 ORDER BY id LIMIT 1")?
            .query_row([&digits], |r| r.get(0))
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
    }
    if !row.email.is_empty() {
        return Ok(conn
            .prepare_cached("SELECT id FROM customers WHERE email = ?1 ORDER BY id LIMIT 1")?
            .query_row([&row.email], |r| r.get(0))
            .optional()?);
    }
    Ok(None)
}

impl Store {
    /// Adds or updates customers from parsed rows; `skipped` rows from the
    /// parser are passed through to the report. Nothing is written unless
    /// every row is written.
    pub fn import_customers(
        &mut self,
        rows: &[ImportRow],
        skipped: Vec<SkippedRow>,
        now: DateTime<Utc>,
    ) -> Result<ImportReport> {
        let tx = self.conn.transaction()?;
        let (mut created, mut updated) = (0, 0);
        for row in rows {
            match find_match(&tx, row)? {
                Some(id) => {
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
                    updated += 1;
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
                    created += 1;
                }
            }
        }
        tx.commit()?;
        Ok(ImportReport { created, updated, skipped })
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
        assert_eq!((first.created, first.updated), (2, 0));

        let again = "Name,Phone,Email,Visits,Total Spent\n\
                     Ana R.,(555) 010-2030,,6,180.00\n\
                     Robert Lind,,BO@example.com,3,\n\
                     Cy New,,,1,10\n";
        let parsed = parse(again.as_bytes(), &p.guessed).unwrap();
        let second = store.import_customers(&parsed.rows, parsed.skipped, now()).unwrap();
        assert_eq!((second.created, second.updated), (1, 2));
        let page = store.list_customers("", None, 50).unwrap();
        assert_eq!(page.total, 3);
        let ana = page.items.iter().find(|c| c.name == "Ana Ruiz").expect("name kept");
        assert_eq!((ana.visits, ana.total_spend_cents), (6, 18_000));
        let bo = page.items.iter().find(|c| c.name == "Bo Lind").unwrap();
        assert_eq!(bo.total_spend_cents, 4_000, "an empty cell keeps the old value");
    }
}
