//! The store: every read and write of Mend's data, one module per table group.
//!
//! A [`Store`] owns one SQLite connection. Methods take checked domain values
//! (never raw form text) and the current time, so they are deterministic in
//! tests. Changes that touch more than one row run in one transaction.

mod atonement;
pub mod backup;
mod calls;
mod categories;
mod checklist;
mod customers;
mod export;
mod import;
mod incidents;
mod insights;
pub mod plans;
mod playbooks;
mod sample;
mod settings;
mod staff;
mod today;

pub use atonement::{
    AdvicePanel, AdvisorConfig, CatalogueEntry, CustomerValue, GivenGesture, Ledger, LedgerLine, PriorProblem,
};
pub use calls::{CallInput, CallItem, CallList, Promise, PromiseInput, Unhappy, FOLLOW_UP_QUESTION};
pub use categories::Category;
pub use checklist::{ChecklistStep, FollowUp, FollowUpInput, PreventionAction, RootCauseInput, Timings};
pub use customers::{CustomerCard, CustomerMatch, CustomerRow, CustomerView};
pub use export::{amount, neutralise, ExportKind};
pub use import::ImportReport;
pub use incidents::{EventView, IncidentDetail, IncidentRow, NamedRef, PlaybookRef};
pub use insights::{Amount, CategoryShare, Compared, Insights, Spread};
pub use playbooks::{PlaybookSummary, PlaybookView, StepView};
pub use sample::SampleReport;
pub use staff::StaffMember;
pub use today::Today;

use crate::db;
use crate::error::{Error, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::path::Path;

/// Mend's data, behind one connection.
pub struct Store {
    conn: Connection,
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

    /// The underlying connection (for tests and tools that inspect the file).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Checks that row `id` exists in `table`, else a field error.
    fn ensure_exists(&self, table: &str, id: i64, field: &str, message: &str) -> Result<()> {
        let found: Option<i64> =
            self.conn.query_row(&format!("SELECT id FROM {table} WHERE id = ?1"), [id], |r| r.get(0)).optional()?;
        match found {
            Some(_) => Ok(()),
            None => Err(Error::field(field, message)),
        }
    }
}

/// How instants are written in the database and sent to the UI.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Clamps a requested page size to something sensible.
fn page_size(limit: i64) -> i64 {
    limit.clamp(1, MAX_PAGE)
}

/// Formats cents as a plain amount ("45.50") for timeline sentences.
fn plain_amount(cents: Option<i64>) -> String {
    match cents {
        Some(c) => format!("{}.{:02}", c / 100, c % 100),
        None => "none".to_string(),
    }
}
