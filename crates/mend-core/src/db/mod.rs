//! Opening Mend's SQLite file: connection settings, the version check, a new
//! file built from the current schema and an older one upgraded (see
//! [`schema`]).

pub mod schema;

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

/// The file name of the database inside the data directory.
pub const DB_FILE: &str = "mend.db";

/// Opens (creating if needed) the database at `path`, refuses one that is not
/// Mend's or is newer than this app, and upgrades an older one.
///
/// A refused file is not written to: the checks read only, and no PRAGMA that
/// changes the file runs before them.
///
/// Another Mend opening the same file at the same moment is waited for: the
/// steps that can't wait through SQLite's busy timeout (switching a new file
/// to write-ahead logging while another connection reads it) are tried again
/// for up to [`OPEN_PATIENCE`].
pub fn open(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let started = std::time::Instant::now();
    loop {
        let conn = Connection::open_with_flags(path, flags).map_err(|e| unreadable(path, e))?;
        match prepare(conn, Some(path)) {
            Err(Error::Busy) if started.elapsed() < OPEN_PATIENCE => std::thread::sleep(Duration::from_millis(25)),
            opened => return opened,
        }
    }
}

/// How long opening waits for another connection that holds the file.
pub const OPEN_PATIENCE: Duration = Duration::from_secs(10);

/// Opens a private in-memory database, fully migrated (for tests and tools).
pub fn open_in_memory() -> Result<Connection> {
    prepare(Connection::open_in_memory()?, None)
}

fn prepare(mut conn: Connection, path: Option<&Path>) -> Result<Connection> {
    let unreadable_here = |e: rusqlite::Error| match path {
        Some(p) => unreadable(p, e),
        None => Error::from(e),
    };
    // Wait up to 5 s for another writer (a second window, a backup tool)
    // instead of failing at once with "database is locked".
    conn.busy_timeout(Duration::from_secs(5))?;
    let (version, app_id, tables) = inspect(&conn).map_err(unreadable_here)?;
    if version > schema::VERSION {
        return Err(Error::NewerDatabase { found: version, supported: schema::VERSION });
    }
    if app_id != schema::APPLICATION_ID && (app_id != 0 || tables > 0) {
        return Err(Error::Unreadable {
            path: path.map(|p| p.display().to_string()).unwrap_or_default(),
            reason: "it is not a Mend data file".to_string(),
        });
    }
    configure(&mut conn).map_err(unreadable_here)?;
    if version < schema::VERSION {
        migrate_exclusively(&mut conn)?;
    }
    Ok(conn)
}

/// Builds or upgrades the schema while holding the write lock: a second Mend
/// opening the same new file at the same moment waits for the first one's
/// transaction, then finds the version already current and does nothing.
fn migrate_exclusively(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (version, app_id, tables) = inspect(&tx)?;
    if version > schema::VERSION {
        return Err(Error::NewerDatabase { found: version, supported: schema::VERSION });
    }
    if version == schema::VERSION && app_id == schema::APPLICATION_ID {
        return Ok(());
    }
    if version == 0 && tables == 0 {
        schema::create(&tx)?;
        tx.pragma_update(None, "user_version", schema::VERSION)?;
    } else {
        for v in version..schema::VERSION {
            schema::upgrade_from(&tx, v)?;
        }
        tx.pragma_update(None, "user_version", schema::VERSION)?;
    }
    tx.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}

/// SQLite's quick structural check of the whole file (every page read, each
/// table's and index's tree checked, not the index contents): `Ok` when the
/// file is sound, [`Error::Damaged`] with SQLite's first finding otherwise.
pub fn quick_check(conn: &Connection) -> Result<()> {
    let found: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))?;
    if found == "ok" {
        Ok(())
    } else {
        Err(Error::Damaged(format!("quick_check: {found}").into()))
    }
}

/// Folds the write-ahead log into the database file and empties it, so the
/// file alone holds everything committed (`PRAGMA wal_checkpoint(TRUNCATE)`).
/// Waits (up to the busy timeout) for readers and another writer to finish;
/// returns false when one still held on and the log could not be emptied.
pub fn checkpoint(conn: &Connection) -> Result<bool> {
    let (busy, _log, _done): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(busy == 0)
}

/// Reads the schema version, the application id and the number of tables,
/// touching nothing. One statement, so one snapshot: another Mend creating
/// the schema meanwhile is seen either before or after, never halfway.
fn inspect(conn: &Connection) -> rusqlite::Result<(i64, i64, i64)> {
    conn.query_row(
        "SELECT (SELECT user_version FROM pragma_user_version), (SELECT application_id FROM pragma_application_id),
                (SELECT count(*) FROM sqlite_schema WHERE type = 'table')",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// Per-connection settings.
fn configure(conn: &mut Connection) -> rusqlite::Result<()> {
    // A write transaction takes the write lock when it begins, waiting for
    // another writer (a second window or process) through the busy timeout;
    // a transaction that read first and then wrote would fail at once with
    // "database is locked" when the other one had committed in between.
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    // Write-ahead log: readers never block the writer and a crash mid-write
    // leaves the last committed state intact.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // With WAL, NORMAL loses at most the last commits on a power cut, never
    // corrupts, and saves an fsync per transaction.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // SQLite leaves foreign keys off unless asked, per connection.
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // A 32 MiB page cache (SQLite's default is 2 MiB): the indexes a screen
    // walks on a shop with years of history stay in memory between screens.
    conn.pragma_update(None, "cache_size", -32768)?;
    Ok(())
}

/// Builds the current schema and its seed rows in an empty database, in one
/// transaction, and marks it as Mend's at [`schema::VERSION`].
pub fn create(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction()?;
    schema::create(&tx)?;
    tx.pragma_update(None, "user_version", schema::VERSION)?;
    tx.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}

/// Upgrades a database from version `from` to `to` in one transaction by
/// running the frozen upgrade files in order (public so tests can build
/// databases at every earlier version; from 0 it replays the whole history).
pub fn migrate_to(conn: &mut Connection, from: i64, to: i64) -> Result<()> {
    let tx = conn.transaction()?;
    for version in from..to {
        schema::upgrade_from(&tx, version)?;
    }
    tx.pragma_update(None, "user_version", to)?;
    tx.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}

fn unreadable(path: &Path, err: rusqlite::Error) -> Error {
    use rusqlite::ffi::ErrorCode;
    let reason = match &err {
        rusqlite::Error::SqliteFailure(e, _) => match e.code {
            ErrorCode::NotADatabase => "it is not a Mend data file, or it is damaged".to_string(),
            ErrorCode::DatabaseCorrupt => "the file is damaged".to_string(),
            ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied => {
                log::warn!("{} can't be opened: {err}", path.display());
                let folder = path.parent().unwrap_or(path);
                let reason = if folder.is_dir() {
                    "Mend is not allowed to change files there"
                } else {
                    "the folder is not there any more"
                };
                return Error::FolderUnavailable { path: folder.display().to_string(), reason: reason.to_string() };
            }
            ErrorCode::DiskFull => return Error::from(err),
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => return Error::Busy,
            _ => "it can't be read".to_string(),
        },
        _ => "it can't be read".to_string(),
    };
    log::warn!("{} can't be opened: {err}", path.display());
    Error::Unreadable { path: path.display().to_string(), reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_database_is_at_current_version_with_pragmas() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join(DB_FILE)).unwrap();
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, schema::VERSION);
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
    }

    #[test]
    fn reopening_keeps_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        open(&path).unwrap().execute("UPDATE settings SET value = 'Ana' WHERE key = 'business_name'", []).unwrap();
        let conn = open(&path).unwrap();
        let name: String =
            conn.query_row("SELECT value FROM settings WHERE key = 'business_name'", [], |r| r.get(0)).unwrap();
        assert_eq!(name, "Ana");
    }
}
