//! The bottom of the store: the [`Store`] and its connection, and what every
//! table module shares (pages of a list, ids with names, the timeline line,
//! how instants are written). It uses no other module of the store.

use crate::db;
use crate::domain::breakdown::Severity;
use crate::error::{Error, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::path::Path;

/// Mend's data, behind one connection.
pub struct Store {
    pub(crate) conn: Connection,
}

/// One page of a list, with the cursor for the next page.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// Pass this back to get the next page; `None` on the last page.
    pub next: Option<String>,
    /// How many rows the whole list (with its filters) has.
    pub total: i64,
}

/// Largest page a list returns, whatever the UI asks for.
pub const MAX_PAGE: i64 = 200;

impl Store {
    /// Opens the database file at `path` (see [`db::open`]).
    pub fn open(path: &Path) -> Result<Self> {
        Ok(Self { conn: db::open(path)? })
    }

    /// A fresh in-memory store, for tests.
    pub fn open_in_memory() -> Result<Self> {
        Ok(Self { conn: db::open_in_memory()? })
    }

    /// How many rows this connection has changed since it opened (whether a
    /// call wrote anything).
    pub fn total_changes(&self) -> u64 {
        self.conn.total_changes()
    }

    /// The underlying connection, for the core's own tests and benchmarks that
    /// inspect the file; the app goes through the methods above.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Checks that row `id` exists in `table`, else a field error.
    pub(crate) fn ensure_exists(&self, table: &str, id: i64, field: &str, message: &str) -> Result<()> {
        let found: Option<i64> =
            self.conn.query_row(&format!("SELECT id FROM {table} WHERE id = ?1"), [id], |r| r.get(0)).optional()?;
        match found {
            Some(_) => Ok(()),
            None => Err(Error::field(field, message)),
        }
    }
}

impl Store {
    /// Checks that the staff member using Mend (`actor`) still exists.
    pub(crate) fn check_actor(&self, actor: Option<i64>) -> Result<()> {
        match actor {
            Some(id) => self.ensure_exists(
                "staff",
                id,
                "actor",
                "The staff member using Mend no longer exists; please pick your name again.",
            ),
            None => Ok(()),
        }
    }

    /// Checks that staff member `id` (picked in field `field`) still exists.
    pub(crate) fn check_staff(&self, id: Option<i64>, field: &str) -> Result<()> {
        match id {
            Some(id) => {
                self.ensure_exists("staff", id, field, "That staff member no longer exists; please pick another.")
            }
            None => Ok(()),
        }
    }
}

/// An id with the name to show for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedRef {
    /// Row id.
    pub id: i64,
    /// Name to show.
    pub name: String,
}

impl NamedRef {
    /// A reference from a nullable id and name column pair.
    pub(crate) fn maybe(id: Option<i64>, name: Option<String>) -> Option<NamedRef> {
        Some(NamedRef { id: id?, name: name.unwrap_or_default() })
    }
}

/// Appends a line to an incident's timeline.
pub(crate) fn record_event(
    conn: &Connection,
    incident_id: i64,
    at: DateTime<Utc>,
    actor: Option<i64>,
    kind: &str,
    summary: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO incident_events (incident_id, at, staff_id, kind, summary) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute((incident_id, timestamp(at), actor, kind, summary))?;
    Ok(())
}

/// The name of row `id` of `table` (staff, categories, customers, playbooks), if any.
pub(crate) fn name_of(conn: &Connection, table: &str, id: Option<i64>) -> Result<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    Ok(conn.query_row(&format!("SELECT name FROM {table} WHERE id = ?1"), [id], |r| r.get(0)).optional()?)
}

/// A stored code read back as its domain value (`parse` is the value's own);
/// a code no Mend writes means the row was changed by something else.
pub(crate) fn coded<T>(r: &rusqlite::Row<'_>, idx: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let code: String = r.get(idx)?;
    parse(&code).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("“{code}” is not a value Mend writes here").into(),
        )
    })
}

/// A stored severity read back (1 to 5).
pub(crate) fn severity_at(r: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Severity> {
    let n: i64 = r.get(idx)?;
    Severity::new(n).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Integer,
            format!("severity {n} is not one of 1 to 5").into(),
        )
    })
}

/// How instants are written in the database and sent to the UI.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Clamps a requested page size to something sensible.
pub(crate) fn page_size(limit: i64) -> i64 {
    limit.clamp(1, MAX_PAGE)
}

/// Formats cents as a plain amount ("45.50") for timeline sentences.
pub(crate) fn plain_amount(cents: Option<i64>) -> String {
    match cents {
        Some(c) => format!("{}.{:02}", c / 100, c % 100),
        None => "none".to_string(),
    }
}
