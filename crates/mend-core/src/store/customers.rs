//! The `customers` table: contact details, visits and spend, and the card
//! that gathers a customer's incidents.

use super::base::{changed_at, loaded_version, page_size, plain_amount, quoted, timestamp, Page, Store};
use crate::domain::customer::CustomerFields;
use crate::domain::validate::phone_digits;
use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

/// A customer in full, as the card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerView {
    /// Row id.
    pub id: i64,
    /// Full name.
    pub name: String,
    /// Phone number.
    pub phone: String,
    /// E-mail address.
    pub email: String,
    /// Free notes.
    pub notes: String,
    /// Visits so far.
    pub visits: i64,
    /// Total spend in cents.
    pub total_spend_cents: i64,
    /// First visit.
    pub first_visit: Option<NaiveDate>,
    /// Last visit.
    pub last_visit: Option<NaiveDate>,
    /// VIP flag.
    pub vip: bool,
    /// When the customer was added.
    pub created_at: String,
    /// When the details last changed.
    pub updated_at: String,
    /// The row version the edit form sends back with a save (see `update_customer`).
    pub version: i64,
}

/// A row of the customers list.
#[derive(Debug, Clone, Serialize)]
pub struct CustomerRow {
    /// Row id.
    pub id: i64,
    /// Full name.
    pub name: String,
    /// Phone number.
    pub phone: String,
    /// E-mail address.
    pub email: String,
    /// Visits so far.
    pub visits: i64,
    /// Total spend in cents.
    pub total_spend_cents: i64,
    /// Last visit.
    pub last_visit: Option<NaiveDate>,
    /// VIP flag.
    pub vip: bool,
    /// Incidents ever logged for the customer.
    pub incident_count: i64,
    /// Incidents still open.
    pub open_count: i64,
}

/// A type-ahead suggestion.
#[derive(Debug, Clone, Serialize)]
pub struct CustomerMatch {
    /// Row id.
    pub id: i64,
    /// Full name.
    pub name: String,
    /// Phone number.
    pub phone: String,
    /// E-mail address.
    pub email: String,
    /// Incidents ever logged for the customer.
    pub incident_count: i64,
}

const CUSTOMER_SELECT: &str = "SELECT id, name, phone, email, notes, visits, total_spend_cents,
    first_visit, last_visit, vip, created_at, updated_at, version FROM customers";

fn customer_view(r: &Row<'_>) -> rusqlite::Result<CustomerView> {
    Ok(CustomerView {
        id: r.get(0)?,
        name: r.get(1)?,
        phone: r.get(2)?,
        email: r.get(3)?,
        notes: r.get(4)?,
        visits: r.get(5)?,
        total_spend_cents: r.get(6)?,
        first_visit: r.get(7)?,
        last_visit: r.get(8)?,
        vip: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
        version: r.get(12)?,
    })
}

/// Inserts a customer on `conn` (which may be a transaction); returns its id.
pub(super) fn insert_customer(conn: &Connection, f: &CustomerFields, now: DateTime<Utc>) -> Result<i64> {
    let now = timestamp(now);
    conn.prepare_cached(
        "INSERT INTO customers (name, phone, phone_digits, email, notes, visits, total_spend_cents,
                                first_visit, last_visit, vip, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    )?
    .execute(rusqlite::params![
        f.name,
        f.phone,
        phone_digits(&f.phone),
        f.email,
        f.notes,
        f.visits,
        f.total_spend_cents,
        f.first_visit,
        f.last_visit,
        f.vip,
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

/// How a typed customer search is matched.
enum CustomerQuery {
    /// Nothing typed: everyone.
    All,
    /// One or two characters: names starting with them (`from` to `to`,
    /// compared without case like the name column).
    Prefix { from: String, to: String },
    /// Three or more: anywhere in the name, e-mail or phone number, through
    /// the trigram index; `from`/`to` bound the names starting with it.
    Anywhere { fts: String, from: String, to: String },
}

impl CustomerQuery {
    fn of(text: &str) -> CustomerQuery {
        let text = text.trim();
        // Every name starting with `text` sorts between it and it followed by
        // the last character there is.
        let (from, to) = (text.to_string(), format!("{text}{}", char::MAX));
        match text.chars().count() {
            0 => CustomerQuery::All,
            1 | 2 => CustomerQuery::Prefix { from, to },
            _ => {
                // One quoted phrase: nothing typed is read as search syntax.
                let mut fts = format!("\"{}\"", text.replace('"', "\"\""));
                let digits = phone_digits(text);
                if digits.len() >= 3 && digits != text {
                    fts.push_str(&format!(" OR phone_digits : \"{digits}\""));
                }
                CustomerQuery::Anywhere { fts, from, to }
            }
        }
    }
}

impl Store {
    /// Type-ahead: customers whose name starts with `query` (one or two
    /// characters) or whose name, e-mail or phone contains it (three or
    /// more); names starting with it come first.
    pub fn search_customers(&self, query: &str, limit: i64) -> Result<Vec<CustomerMatch>> {
        let limit = page_size(limit);
        let select = "SELECT c.id, c.name, c.phone, c.email,
                             (SELECT count(*) FROM incidents i INDEXED BY incidents_customer
                              WHERE i.customer_id = c.id)
                      FROM customers c";
        let (sql, params): (String, Vec<Value>) = match CustomerQuery::of(query) {
            CustomerQuery::All => return Ok(Vec::new()),
            CustomerQuery::Prefix { from, to } => (
                format!("{select} WHERE c.name >= ?1 AND c.name < ?2 ORDER BY c.name, c.id LIMIT ?3"),
                vec![Value::Text(from), Value::Text(to), Value::Integer(limit)],
            ),
            CustomerQuery::Anywhere { fts, from, to } => (
                format!(
                    "{select} WHERE c.id IN (SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?1)
                     ORDER BY (c.name >= ?2 AND c.name < ?3) DESC, c.name, c.id LIMIT ?4"
                ),
                vec![Value::Text(fts), Value::Text(from), Value::Text(to), Value::Integer(limit)],
            ),
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
            Ok(CustomerMatch {
                id: r.get(0)?,
                name: r.get(1)?,
                phone: r.get(2)?,
                email: r.get(3)?,
                incident_count: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A page of customers sorted by name, optionally filtered by `query`
    /// (matched as in [`Store::search_customers`]). `after` is the previous
    /// page's `next` cursor.
    pub fn list_customers(&self, query: &str, after: Option<&str>, limit: i64) -> Result<Page<CustomerRow>> {
        let limit = page_size(limit);
        let mut conditions: Vec<&str> = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        let total: i64 = match CustomerQuery::of(query) {
            CustomerQuery::All => self.customer_count()?,
            CustomerQuery::Prefix { from, to } => {
                conditions.push("c.name >= ? AND c.name < ?");
                params.extend([Value::Text(from), Value::Text(to)]);
                self.conn
                    .prepare_cached("SELECT count(*) FROM customers c WHERE c.name >= ?1 AND c.name < ?2")?
                    .query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?
            }
            CustomerQuery::Anywhere { fts, .. } => {
                conditions.push("c.id IN (SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?)");
                params.push(Value::Text(fts.clone()));
                self.conn
                    .prepare_cached("SELECT count(*) FROM customer_fts WHERE customer_fts MATCH ?1")?
                    .query_row([fts], |r| r.get(0))?
            }
        };
        if let Some(cursor) = after {
            let (name, id) = cursor
                .rsplit_once('\u{1f}')
                .and_then(|(n, id)| Some((n.to_string(), id.parse::<i64>().ok()?)))
                .ok_or_else(|| Error::field("after", "That page no longer exists; please reload the list."))?;
            conditions.push("(c.name, c.id) > (?, ?)");
            params.extend([Value::Text(name), Value::Integer(id)]);
        }
        params.push(Value::Integer(limit + 1));
        let filter = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.id, c.name, c.phone, c.email, c.visits, c.total_spend_cents, c.last_visit, c.vip,
                    (SELECT count(*) FROM incidents i INDEXED BY incidents_customer WHERE i.customer_id = c.id),
                    (SELECT count(*) FROM incidents i INDEXED BY incidents_customer
                     WHERE i.customer_id = c.id AND i.status = 'open')
             FROM customers c {filter}
             ORDER BY c.name, c.id
             LIMIT ?"
        ))?;
        let mut items: Vec<CustomerRow> = stmt
            .query_map(rusqlite::params_from_iter(params.iter()), |r| {
                Ok(CustomerRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    phone: r.get(2)?,
                    email: r.get(3)?,
                    visits: r.get(4)?,
                    total_spend_cents: r.get(5)?,
                    last_visit: r.get(6)?,
                    vip: r.get(7)?,
                    incident_count: r.get(8)?,
                    open_count: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let next = if items.len() as i64 > limit {
            items.truncate(limit as usize);
            items.last().map(|c| format!("{}\u{1f}{}", c.name, c.id))
        } else {
            None
        };
        Ok(Page { items, next, total })
    }

    /// How many customers there are (a counter kept by triggers).
    pub fn customer_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT n FROM row_counts WHERE name = 'customers'")?
            .query_row([], |r| r.get(0))?)
    }

    /// One customer.
    pub fn customer(&self, id: i64) -> Result<CustomerView> {
        self.conn
            .prepare_cached(&format!("{CUSTOMER_SELECT} WHERE id = ?1"))?
            .query_row([id], customer_view)
            .optional()?
            .ok_or_else(|| Error::NotFound("That customer no longer exists.".to_string()))
    }

    /// Adds a customer.
    pub fn create_customer(&mut self, fields: &CustomerFields, now: DateTime<Utc>) -> Result<CustomerView> {
        let id = insert_customer(&self.conn, fields, now)?;
        self.customer(id)
    }

    /// Replaces a customer's details. `version` is the row version the card's
    /// form loaded: when someone else saved a change since, nothing is written
    /// and the error ([`Error::Stale`]) says when (on the wall clock of `tz`)
    /// and which inputs differ from what is saved now. A save raises the
    /// version by one; a save that changes nothing writes nothing.
    pub fn update_customer<Tz: TimeZone>(
        &mut self,
        id: i64,
        version: Option<i64>,
        f: &CustomerFields,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<CustomerView>
    where
        Tz::Offset: std::fmt::Display,
    {
        let version = loaded_version(version)?;
        let current = self.customer(id)?;
        let changed = differences(&current, f);
        if changed.is_empty() {
            return Ok(current);
        }
        if current.version != version {
            return Err(Error::stale("customer card", &changed_at(&current.updated_at, now, tz), &changed));
        }
        let written = self.conn.execute(
            "UPDATE customers SET name = ?1, phone = ?2, phone_digits = ?3, email = ?4, notes = ?5,
                    visits = ?6, total_spend_cents = ?7, first_visit = ?8, last_visit = ?9, vip = ?10,
                    updated_at = ?11, version = version + 1
             WHERE id = ?12 AND version = ?13",
            rusqlite::params![
                f.name,
                f.phone,
                phone_digits(&f.phone),
                f.email,
                f.notes,
                f.visits,
                f.total_spend_cents,
                f.first_visit,
                f.last_visit,
                f.vip,
                timestamp(now),
                id,
                version
            ],
        )?;
        if written == 0 {
            // Saved by another program between the read above and this write.
            let current = self.customer(id)?;
            let changed = differences(&current, f);
            return Err(Error::stale("customer card", &changed_at(&current.updated_at, now, tz), &changed));
        }
        self.customer(id)
    }
}

/// Each input of the customer form where `f` and the saved card `c` differ:
/// (input, its name in words, the saved value).
fn differences(c: &CustomerView, f: &CustomerFields) -> Vec<(&'static str, &'static str, String)> {
    let mut out = Vec::new();
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%-d %b %Y").to_string()).unwrap_or_else(|| "none".into());
    if c.name != f.name {
        out.push(("name", "name", quoted(&c.name)));
    }
    if c.phone != f.phone {
        out.push(("phone", "phone", quoted(&c.phone)));
    }
    if c.email != f.email {
        out.push(("email", "email", quoted(&c.email)));
    }
    if c.visits != f.visits {
        out.push(("visits", "visits", c.visits.to_string()));
    }
    if c.total_spend_cents != f.total_spend_cents {
        out.push(("total_spend", "total spend", plain_amount(Some(c.total_spend_cents))));
    }
    if c.vip != f.vip {
        out.push(("vip", "VIP", if c.vip { "VIP" } else { "not VIP" }.to_string()));
    }
    if c.first_visit != f.first_visit {
        out.push(("first_visit", "first visit", date(c.first_visit)));
    }
    if c.last_visit != f.last_visit {
        out.push(("last_visit", "last visit", date(c.last_visit)));
    }
    if c.notes != f.notes {
        out.push(("notes", "notes", quoted(&c.notes)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::CustomerInput;

    fn now() -> DateTime<Utc> {
        "2026-11-22T09:00:00Z".parse().unwrap()
    }

    fn add(store: &mut Store, name: &str, phone: &str) -> CustomerView {
        let fields =
            CustomerInput { name: name.into(), phone: phone.into(), ..Default::default() }.validated().unwrap();
        store.create_customer(&fields, now()).unwrap()
    }

    mod search {
        use super::*;

        #[test]
        fn by_name_prefix_first_then_contains() {
            let mut store = Store::open_in_memory().unwrap();
            add(&mut store, "Mara Anders", "");
            add(&mut store, "Anders Berg", "");
            add(&mut store, "Zed", "");
            let names: Vec<_> = store.search_customers("anders", 8).unwrap().into_iter().map(|c| c.name).collect();
            assert_eq!(names, ["Anders Berg", "Mara Anders"]);
        }

        #[test]
        fn by_phone_digits_and_wildcards_are_literal() {
            let mut store = Store::open_in_memory().unwrap();
            add(&mut store, "Ana", "+1 (555) 010-2030");
            add(&mut store, "100% Bob", "");
            assert_eq!(store.search_customers("5550102", 8).unwrap()[0].name, "Ana");
            let hits = store.search_customers("0% b", 8).unwrap();
            assert_eq!(hits.len(), 1);
            assert_eq!(hits[0].name, "100% Bob");
            assert!(store.search_customers("a\"b", 8).unwrap().is_empty(), "quotes are plain text");
        }
    }

    #[test]
    fn one_or_two_letters_find_names_starting_with_them() {
        let mut store = Store::open_in_memory().unwrap();
        add(&mut store, "Mara Anders", "");
        add(&mut store, "anders Berg", "");
        add(&mut store, "Ann", "");
        let names: Vec<_> = store.search_customers("an", 8).unwrap().into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["anders Berg", "Ann"]);
        let page = store.list_customers("AN", None, 50).unwrap();
        assert_eq!(page.total, 2);
    }

    #[test]
    fn renamed_customers_are_found_by_their_new_name_only() {
        let mut store = Store::open_in_memory().unwrap();
        let ana = add(&mut store, "Ana Ruiz", "555 0102");
        let fields = CustomerInput { name: "Ana Lopez".into(), ..Default::default() }.validated().unwrap();
        store.update_customer(ana.id, Some(ana.version), &fields, now(), &Utc).unwrap();
        assert!(store.search_customers("ruiz", 8).unwrap().is_empty());
        assert_eq!(store.search_customers("lopez", 8).unwrap().len(), 1);
        assert!(store.search_customers("5550102", 8).unwrap().is_empty(), "the phone number was removed");
        assert_eq!(store.list_customers("lop", None, 50).unwrap().total, 1);
    }

    mod list {
        use super::*;

        #[test]
        fn pages_by_name_without_gaps() {
            let mut store = Store::open_in_memory().unwrap();
            for i in 0..7 {
                add(&mut store, &format!("Customer {i}"), "");
            }
            add(&mut store, "Customer 3", ""); // same name twice
            let mut seen = Vec::new();
            let mut after: Option<String> = None;
            loop {
                let page = store.list_customers("", after.as_deref(), 3).unwrap();
                assert_eq!(page.total, 8);
                seen.extend(page.items.iter().map(|c| c.id));
                match page.next {
                    Some(n) => after = Some(n),
                    None => break,
                }
            }
            assert_eq!(seen.len(), 8);
            seen.sort();
            seen.dedup();
            assert_eq!(seen.len(), 8);
        }

        #[test]
        fn filtered() {
            let mut store = Store::open_in_memory().unwrap();
            add(&mut store, "Ana", "");
            add(&mut store, "Bob", "");
            let page = store.list_customers("bo", None, 50).unwrap();
            assert_eq!(page.total, 1);
            assert_eq!(page.items[0].name, "Bob");
        }
    }

    #[test]
    fn update_changes_details() {
        let mut store = Store::open_in_memory().unwrap();
        let ana = add(&mut store, "Ana", "");
        let fields = CustomerInput { name: "Ana Ruiz".into(), visits: "4".into(), vip: true, ..Default::default() }
            .validated()
            .unwrap();
        let updated = store.update_customer(ana.id, Some(ana.version), &fields, now(), &Utc).unwrap();
        assert_eq!(updated.name, "Ana Ruiz");
        assert_eq!(updated.visits, 4);
        assert!(updated.vip);
    }
}
