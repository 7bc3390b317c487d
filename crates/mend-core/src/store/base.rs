//! The bottom of the store: the [`Store`] and its connection, and what every
//! table module shares (pages of a list, ids with names, the timeline line,
//! how instants are written). It uses no other module of the store.

use crate::db;
use crate::domain::breakdown::Severity;
use crate::error::{Error, Result};
use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Mend's data, behind one connection.
pub struct Store {
    pub(crate) conn: Connection,
    /// The file opened, as it was then (none in memory).
    file: Option<OpenedFile>,
}

/// A database file as found when it was opened: its path and, on Unix, the
/// device and inode, so a file deleted or replaced under the open connection
/// is noticed instead of written to where no one will find it.
struct OpenedFile {
    path: PathBuf,
    identity: Option<(u64, u64)>,
}

fn identity(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
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
        let conn = db::open(path)?;
        let identity = std::fs::metadata(path).ok().as_ref().and_then(identity);
        Ok(Self { conn, file: Some(OpenedFile { path: path.to_path_buf(), identity }) })
    }

    /// A fresh in-memory store, for tests.
    pub fn open_in_memory() -> Result<Self> {
        Ok(Self { conn: db::open_in_memory()?, file: None })
    }

    /// Checks that the file this store opened is still there, the same file:
    /// a data folder on a USB stick that was pulled, or deleted or replaced
    /// by another program, is [`Error::FolderUnavailable`] and nothing is
    /// written.
    pub fn check_file(&self) -> Result<()> {
        let Some(file) = &self.file else { return Ok(()) };
        let folder = file.path.parent().unwrap_or(&file.path);
        let gone =
            |reason: &str| Error::FolderUnavailable { path: folder.display().to_string(), reason: reason.to_string() };
        match std::fs::metadata(&file.path) {
            Err(_) if !folder.is_dir() => Err(gone("the folder is not there any more")),
            Err(_) => Err(gone("the data file in it is not there any more")),
            Ok(meta) if file.identity.is_some() && identity(&meta) != file.identity => {
                Err(gone("the data file in it was replaced by another program"))
            }
            Ok(_) => Ok(()),
        }
    }

    /// Folds the write-ahead log into the file and empties it, so the file
    /// alone holds everything saved (see [`db::checkpoint`]).
    pub fn checkpoint(&self) -> Result<bool> {
        db::checkpoint(&self.conn)
    }

    /// Closes the store: checkpoints the log into the file, then closes the
    /// connection (SQLite then deletes the emptied log).
    pub fn close(self) -> Result<()> {
        let folded = self.checkpoint();
        self.conn.close().map_err(|(_, e)| Error::from(e))?;
        folded.map(|_| ())
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

// ---- Row versions: a stale save refused (task D, issue 18) ----

/// The start of a text saved meanwhile, quoted, as a stale save shows it ("nothing" when empty).
pub(crate) fn quoted(text: &str) -> String {
    if text.is_empty() {
        return "nothing".to_string();
    }
    const SHOWN: usize = 200;
    let mut start: String = text.chars().take(SHOWN).collect();
    if text.chars().nth(SHOWN).is_some() {
        start.push('…');
    }
    format!("“{start}”")
}

/// A stored time (`updated_at`) as a stale save names it on the wall clock of
/// `tz`: the time alone on the day of `now`, else with its day.
pub(crate) fn changed_at<Tz: TimeZone>(at: &str, now: DateTime<Utc>, tz: &Tz) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let Ok(at) = DateTime::parse_from_rfc3339(at) else { return "a moment ago".to_string() };
    let local = at.with_timezone(tz);
    if local.date_naive() == now.with_timezone(tz).date_naive() {
        local.format("%H:%M").to_string()
    } else {
        local.format("%H:%M on %-d %b %Y").to_string()
    }
}

/// The row version a save names: the one its form loaded. A window that sends
/// none has an old form.
pub(crate) fn loaded_version(version: Option<i64>) -> Result<i64> {
    version.ok_or_else(|| {
        Error::field(
            "version",
            "This form is out of date, so nothing was saved. Please open it again and redo the change.",
        )
    })
}
