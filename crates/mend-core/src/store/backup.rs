//! Backups of the whole database, and checking a file before restoring it.
//!
//! A backup uses SQLite's online backup, so it is consistent even while the
//! app is writing, and lands in a temporary file that is renamed into place
//! only when complete. A file offered for restoring is only ever read from a
//! private copy, so whatever it is, it is left exactly as it was.

use super::base::Store;
use crate::db::{self, schema};
use crate::domain::rotation;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, OptionalExtension, MAIN_DB};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What a backup file holds, shown before restoring it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    /// The file.
    pub path: String,
    /// Its schema version (older ones are upgraded on restore).
    pub version: i64,
    /// Incidents in it.
    pub incidents: i64,
    /// Customers in it.
    pub customers: i64,
    /// The first incident's time (UTC), if any.
    pub first_incident: Option<String>,
    /// The last incident's time (UTC), if any.
    pub last_incident: Option<String>,
}

fn temp_beside(dest: &Path, tag: &str) -> PathBuf {
    let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "mend".into());
    dest.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

fn unreadable(path: &Path, reason: &str) -> Error {
    Error::Unreadable { path: path.display().to_string(), reason: reason.to_string() }
}

/// Copies the database behind `conn` to `dest` with SQLite's online backup:
/// into a temporary file first, renamed into place only when complete.
fn copy_database(conn: &Connection, dest: &Path) -> Result<()> {
    let temp = temp_beside(dest, "partial");
    let _ = std::fs::remove_file(&temp);
    let result =
        conn.backup(MAIN_DB, &temp, None::<fn(rusqlite::backup::Progress)>).map_err(Error::from).and_then(|_| {
            // The copy is a plain, self-contained file: no WAL beside it.
            let copy = Connection::open(&temp)?;
            copy.pragma_update(None, "journal_mode", "DELETE")?;
            drop(copy);
            std::fs::rename(&temp, dest).map_err(|e| Error::Io(format!("can't write {} ({e})", dest.display())))
        });
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

impl Store {
    /// Writes a consistent copy of the whole database to `dest`.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        copy_database(&self.conn, dest)
    }

    /// How many incidents and customers the database holds.
    pub fn counts(&self) -> Result<(i64, i64)> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM incidents), (SELECT count(*) FROM customers)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }
}

/// The folder, inside the data folder, that holds the automatic backups.
pub const AUTOMATIC_DIR: &str = "backups";

/// One automatic backup on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AutomaticBackup {
    /// The file.
    pub path: String,
    /// Its name ("mend-2026-11-22.db").
    pub file_name: String,
    /// The day it was taken.
    pub date: NaiveDate,
    /// Its size.
    pub bytes: u64,
}

/// The automatic backups in `dir`, newest first. Other files are ignored.
pub fn automatic_backups(dir: &Path) -> Vec<AutomaticBackup> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut found: Vec<AutomaticBackup> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let file_name = e.file_name().to_string_lossy().into_owned();
            let date = rotation::day_of(&file_name)?;
            let bytes = e.metadata().ok().filter(|m| m.is_file())?.len();
            Some(AutomaticBackup { path: e.path().display().to_string(), file_name, date, bytes })
        })
        .collect();
    found.sort_by_key(|b| std::cmp::Reverse(b.date));
    found
}

/// Takes today's automatic backup of the database at `db_path` into `dir`
/// (unless there is one already) through a connection of its own, so the
/// app goes on working meanwhile, then deletes the copies the rotation no
/// longer keeps. A copy that fails SQLite's quick check is deleted and
/// nothing else is pruned, so a damaged database never pushes out good
/// copies. Returns the new file, if one was made.
pub fn take_automatic_backup(db_path: &Path, dir: &Path, today: NaiveDate) -> Result<Option<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let dest = dir.join(rotation::file_name(today));
    let made = if dest.exists() {
        None
    } else {
        // No CREATE flag: a missing database is an error, not a new empty file.
        let conn = Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        copy_database(&conn, &dest)?;
        let check: String = Connection::open_with_flags(&dest, OpenFlags::SQLITE_OPEN_READ_ONLY)?.query_row(
            "PRAGMA quick_check",
            [],
            |r| r.get(0),
        )?;
        if check != "ok" {
            let _ = std::fs::remove_file(&dest);
            return Err(Error::Unreadable {
                path: db_path.display().to_string(),
                reason: "the daily copy failed SQLite's check, so older copies were kept".into(),
            });
        }
        Some(dest)
    };
    let existing = automatic_backups(dir);
    let days: Vec<NaiveDate> = existing.iter().map(|b| b.date).collect();
    let kept = rotation::keep(&days, today);
    for old in existing.iter().filter(|b| !kept.contains(&b.date)) {
        let _ = std::fs::remove_file(&old.path);
    }
    Ok(made)
}

/// The newest automatic backup in `dir` that is a readable Mend database,
/// with what it holds; the one to offer when the live file is damaged.
pub fn newest_good_backup(dir: &Path) -> Option<(AutomaticBackup, BackupInfo)> {
    automatic_backups(dir).into_iter().find_map(|b| inspect_backup(Path::new(&b.path)).ok().map(|info| (b, info)))
}

/// Reads what a backup file holds, refusing one that is not a Mend
/// database, is damaged, or was written by a newer Mend. The file itself is
/// never opened: a private copy is.
pub fn inspect_backup(path: &Path) -> Result<BackupInfo> {
    let dir = tempfile_dir()?;
    let copy = dir.join("candidate.db");
    std::fs::copy(path, &copy).map_err(|e| Error::Io(format!("can't read {} ({e})", path.display())))?;
    let result = inspect_copy(&copy, path);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn tempfile_dir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "mend-restore-{}-{}",
        std::process::id(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn inspect_copy(copy: &Path, original: &Path) -> Result<BackupInfo> {
    let conn = Connection::open_with_flags(copy, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(|_| unreadable(original, "it can't be opened"))?;
    let header = |e: rusqlite::Error| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ffi::ErrorCode::NotADatabase => {
            unreadable(original, "it is not a Mend backup, or it is damaged")
        }
        _ => unreadable(original, "it is damaged"),
    };
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(header)?;
    let app_id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(header)?;
    if app_id != schema::APPLICATION_ID {
        return Err(unreadable(original, "it is not a Mend backup"));
    }
    if version > schema::VERSION {
        return Err(Error::NewerDatabase { found: version, supported: schema::VERSION });
    }
    let check: String =
        conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(|_| unreadable(original, "it is damaged"))?;
    if check != "ok" {
        return Err(unreadable(original, "it is damaged"));
    }
    let count = |table: &str| -> Result<i64> {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .map_err(|_| unreadable(original, "it is damaged"))
    };
    let range: (Option<String>, Option<String>) = conn
        .query_row("SELECT min(received_at), max(received_at) FROM incidents", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .map_err(|_| unreadable(original, "it is damaged"))?
        .unwrap_or((None, None));
    Ok(BackupInfo {
        path: original.display().to_string(),
        version,
        incidents: count("incidents")?,
        customers: count("customers")?,
        first_incident: range.0,
        last_incident: range.1,
    })
}

/// Prepares `candidate` to replace the database in `data_dir`: checks it,
/// copies it beside the live file and upgrades the copy. Returns the staged
/// file, ready to be renamed over the live one; nothing live is touched.
pub fn stage_restore(candidate: &Path, data_dir: &Path) -> Result<(PathBuf, BackupInfo)> {
    let info = inspect_backup(candidate)?;
    let staged = data_dir.join(".restore-staging.db");
    remove_database(&staged);
    std::fs::copy(candidate, &staged).map_err(|e| Error::Io(format!("can't copy the backup ({e})")))?;
    let upgraded = db::open(&staged).and_then(|conn| {
        // Fold the WAL back in so the staged file stands alone.
        conn.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(())
    });
    if let Err(e) = upgraded {
        let _ = std::fs::remove_file(&staged);
        return Err(e);
    }
    Ok((staged, info))
}

/// Deletes a database file and its WAL companions, if there.
pub(crate) fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
