//! Opening Mend's SQLite file: connection settings, the version check, a new
//! file built from the current schema and an older one upgraded (see
//! [`schema`]).

pub mod schema;

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// The file name of the database inside the data directory.
pub const DB_FILE: &str = "mend.db";

/// Opens (creating if needed) the database at `path`, refuses one that is not
/// Mend's or is newer than this app, and upgrades an older one.
///
/// A refused file is not written to: the checks read only, and no PRAGMA that
/// changes the file runs before them.
pub fn open(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| unreadable(path, e))?;
    prepare(conn, Some(path))
}

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
    configure(&conn)?;
    migrate(&mut conn, version)?;
    Ok(conn)
}

/// Reads the schema version, the application id and the number of tables,
/// touching nothing.
fn inspect(conn: &Connection) -> rusqlite::Result<(i64, i64, i64)> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'table'", [], |r| r.get(0))?;
    Ok((version, app_id, tables))
}

/// Per-connection settings.
fn configure(conn: &Connection) -> Result<()> {
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

/// Builds a new database (version 0) from the current schema, or runs every
/// upgrade from `from` to [`schema::VERSION`] in one transaction.
fn migrate(conn: &mut Connection, from: i64) -> Result<()> {
    match from {
        schema::VERSION => Ok(()),
        0 => create(conn),
        _ => migrate_to(conn, from, schema::VERSION),
    }
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
            ErrorCode::CannotOpen => "the file or its folder can't be opened".to_string(),
            ErrorCode::ReadOnly | ErrorCode::PermissionDenied => "Mend is not allowed to write there".to_string(),
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
