//! What the running app holds: the open store (or why it could not open),
//! where the data lives, and the clock. Free of Tauri so it can be tested.

use crate::db::DB_FILE;
use crate::domain::clock::Clock;
use crate::error::{Error, Result};
use crate::store::backup::{self, BackupInfo};
use crate::store::Store;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The app's shared state.
pub struct AppState {
    store: Mutex<Option<Store>>,
    startup_error: Option<Error>,
    data_dir: PathBuf,
    db_path: PathBuf,
    clock: Clock,
    /// Reminders already shown in this run ("follow_up-7", "promise-3").
    notified: Mutex<HashSet<String>>,
}

impl AppState {
    /// Opens (creating if needed) the database in `data_dir`. A failure is
    /// kept and reported by every call, so the window can explain it.
    pub fn open(data_dir: &Path, clock: Clock) -> Self {
        let db_path = data_dir.join(DB_FILE);
        let opened = std::fs::create_dir_all(data_dir)
            .map_err(|e| Error::Io(format!("can't create the data folder {}: {e}", data_dir.display())))
            .and_then(|_| Store::open(&db_path));
        let (store, startup_error) = match opened {
            Ok(store) => (Some(store), None),
            Err(err) => (None, Some(err)),
        };
        Self {
            store: Mutex::new(store),
            startup_error,
            data_dir: data_dir.to_path_buf(),
            db_path,
            clock,
            notified: Mutex::new(HashSet::new()),
        }
    }

    /// Runs `f` with the store, or returns why there is none.
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        // A panic while holding the lock leaves the connection usable: SQLite
        // rolled back any open transaction when it was dropped.
        let mut guard = self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match guard.as_mut() {
            Some(store) => f(store),
            None => Err(self.startup_error.clone().unwrap_or_else(|| Error::Database("no database".into()))),
        }
    }

    /// Why the database could not be opened, if it could not.
    pub fn startup_error(&self) -> Option<&Error> {
        self.startup_error.as_ref()
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The database file.
    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Replaces the database with the backup at `candidate`: checks and
    /// upgrades a private copy first, keeps a safety copy of the current data
    /// as `before-restore-<stamp>.db`, then switches. Any refusal leaves the
    /// current data as it was.
    pub fn restore_from(&self, candidate: &Path, stamp: &str) -> Result<BackupInfo> {
        let (staged, info) = backup::stage_restore(candidate, &self.data_dir)?;
        let mut guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        let Some(store) = guard.as_ref() else {
            let _ = std::fs::remove_file(&staged);
            return Err(self.startup_error.clone().unwrap_or_else(|| Error::Database("no database".into())));
        };
        let safety = self.data_dir.join(format!("before-restore-{stamp}.db"));
        if let Err(e) = store.backup_to(&safety) {
            let _ = std::fs::remove_file(&staged);
            return Err(e);
        }
        // Close the live connection (SQLite folds its WAL back in), swap the
        // files, open the restored one.
        *guard = None;
        let swapped = std::fs::rename(&staged, &self.db_path)
            .map_err(|e| Error::Io(format!("can't put the backup in place ({e})")))
            .and_then(|_| {
                for suffix in ["-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", self.db_path.display()));
                }
                Store::open(&self.db_path)
            });
        match swapped {
            Ok(restored) => {
                *guard = Some(restored);
                Ok(info)
            }
            Err(e) => {
                // Put the safety copy back so the shop keeps working.
                let _ = std::fs::copy(&safety, &self.db_path);
                *guard = Store::open(&self.db_path).ok();
                Err(e)
            }
        }
    }

    /// Of `keys`, those not handed out before; remembers them all.
    pub fn take_unnotified(&self, keys: Vec<String>) -> HashSet<String> {
        let mut seen = self.notified.lock().unwrap_or_else(|p| p.into_inner());
        keys.into_iter().filter(|k| seen.insert(k.clone())).collect()
    }
}
