//! What the running app holds: the open store (or why it could not open),
//! where the data lives, and the clock. Free of Tauri so it can be tested.

use crate::db::DB_FILE;
use crate::domain::clock::Clock;
use crate::error::{Error, Result};
use crate::store::backup::{self, remove_database, BackupInfo};
use crate::store::Store;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Incidents in the demo shop: about a year of a busy small shop.
pub const DEMO_INCIDENTS: usize = 400;
/// The demo shop's seed: the same shop every time it is made.
pub const DEMO_SEED: u64 = 2026;
/// The demo database's folder, inside the data folder.
pub const DEMO_DIR: &str = "demo";

/// The app's shared state.
pub struct AppState {
    store: Mutex<Option<Store>>,
    /// Why the owner's database could not be opened at start; cleared once a
    /// backup has been restored over it.
    startup_error: Mutex<Option<Error>>,
    data_dir: PathBuf,
    db_path: PathBuf,
    /// Whether the open store is the demo shop rather than the owner's data.
    demo: AtomicBool,
    clock: Clock,
    /// Reminders already shown in this run ("follow_up-7", "promise-3").
    notified: Mutex<HashSet<String>>,
    /// The day's automatic backup: when it was last taken, and whether a
    /// write asks the backup thread for it now.
    backup: Mutex<BackupWish>,
    /// Wakes the backup thread when a write asks for the day's backup.
    backup_wake: Condvar,
    /// Held while an automatic backup is taken, so the backup thread and the
    /// one taken at close never write the same file at once.
    backup_running: Mutex<()>,
}

/// What the backup thread is asked for.
#[derive(Debug, Default)]
struct BackupWish {
    /// The local day of the last automatic backup taken (or found) in this run.
    taken_on: Option<NaiveDate>,
    /// The first write of a day with no backup yet asked for one.
    requested: bool,
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
            startup_error: Mutex::new(startup_error),
            data_dir: data_dir.to_path_buf(),
            db_path,
            demo: AtomicBool::new(false),
            clock,
            notified: Mutex::new(HashSet::new()),
            backup: Mutex::new(BackupWish::default()),
            backup_wake: Condvar::new(),
            backup_running: Mutex::new(()),
        }
    }

    /// Runs `f` with the store, or returns why there is none. When `f`
    /// wrote something and today's automatic backup is still to be taken,
    /// the backup thread is asked for it (the write does not wait).
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        // A panic while holding the lock leaves the connection usable: SQLite
        // rolled back any open transaction when it was dropped.
        let mut guard = self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (result, wrote) = match guard.as_mut() {
            Some(store) => {
                let before = store.total_changes();
                let result = f(store);
                (result, store.total_changes() != before)
            }
            None => return Err(self.no_store()),
        };
        drop(guard);
        if wrote {
            self.ask_for_backup_if_due();
        }
        result
    }

    /// The local day on the app's clock.
    fn today(&self) -> NaiveDate {
        self.clock.now().with_timezone(&chrono::Local).date_naive()
    }

    fn backup_wish(&self) -> std::sync::MutexGuard<'_, BackupWish> {
        self.backup.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// After a write: wakes the backup thread if no automatic backup was
    /// taken today in this run.
    fn ask_for_backup_if_due(&self) {
        let today = self.today();
        let mut wish = self.backup_wish();
        if wish.taken_on != Some(today) && !wish.requested {
            wish.requested = true;
            self.backup_wake.notify_all();
        }
    }

    /// Whether today's automatic backup was taken (or found) in this run.
    pub fn backup_taken_today(&self) -> bool {
        self.backup_wish().taken_on == Some(self.today())
    }

    /// For the backup thread: waits until a write asks for the day's backup
    /// or `timeout` passes; true when asked (the request is then cleared).
    pub fn wait_for_backup_request(&self, timeout: Duration) -> bool {
        let wish = self.backup_wish();
        let (mut wish, _) =
            self.backup_wake.wait_timeout_while(wish, timeout, |w| !w.requested).unwrap_or_else(|p| p.into_inner());
        std::mem::take(&mut wish.requested)
    }

    fn no_store(&self) -> Error {
        self.startup_error().unwrap_or_else(|| Error::Database("no database is open".into()))
    }

    fn lock_store(&self) -> std::sync::MutexGuard<'_, Option<Store>> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Why the database could not be opened, if it could not.
    pub fn startup_error(&self) -> Option<Error> {
        self.startup_error.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Whether the demo shop is open instead of the owner's data.
    pub fn is_demo(&self) -> bool {
        self.demo.load(Ordering::SeqCst)
    }

    /// Where the automatic backups of the owner's data go.
    pub fn automatic_backup_dir(&self) -> PathBuf {
        self.data_dir.join(backup::AUTOMATIC_DIR)
    }

    /// The demo shop's database file.
    pub fn demo_db_path(&self) -> PathBuf {
        self.data_dir.join(DEMO_DIR).join(DB_FILE)
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

    /// Replaces the owner's database with the backup at `candidate`: checks
    /// and upgrades a private copy first, keeps the current data as
    /// `before-restore-<stamp>.db` (or, when it could not be opened at start,
    /// moves the damaged file aside as `damaged-<stamp>.db`, untouched), then
    /// switches. Any refusal leaves the current data as it was.
    pub fn restore_from(&self, candidate: &Path, stamp: &str) -> Result<BackupInfo> {
        if self.is_demo() {
            return Err(Error::Conflict("Switch back to your own data before restoring a backup.".into()));
        }
        let (staged, info) = backup::stage_restore(candidate, &self.data_dir)?;
        let mut guard = self.lock_store();
        let set_aside = match guard.as_ref() {
            Some(store) => {
                let safety = unused_name(&self.data_dir, &format!("before-restore-{stamp}"));
                if let Err(e) = store.backup_to(&safety) {
                    let _ = std::fs::remove_file(&staged);
                    return Err(e);
                }
                // Close the live connection (SQLite folds its WAL back in).
                *guard = None;
                SetAside::Copied(safety)
            }
            None => {
                // The file could not be opened: keep it, and its WAL, exactly as found.
                let damaged = unused_name(&self.data_dir, &format!("damaged-{stamp}"));
                if let Err(e) = move_database(&self.db_path, &damaged) {
                    let _ = std::fs::remove_file(&staged);
                    return Err(e);
                }
                SetAside::Moved(damaged)
            }
        };
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
                *self.startup_error.lock().unwrap_or_else(|p| p.into_inner()) = None;
                self.forget_reminders();
                Ok(info)
            }
            Err(e) => {
                // Put things back as they were so the shop keeps what it had.
                let _ = std::fs::remove_file(&staged);
                match set_aside {
                    SetAside::Copied(safety) => {
                        let _ = std::fs::copy(&safety, &self.db_path);
                        *guard = Store::open(&self.db_path).ok();
                    }
                    SetAside::Moved(damaged) => {
                        let _ = move_database(&damaged, &self.db_path);
                    }
                }
                Err(e)
            }
        }
    }

    /// Opens the demo shop instead of the owner's data, making it first when
    /// it doesn't exist yet or `fresh` is asked for. The owner's file is
    /// closed, not touched. Returns the demo's incident and customer counts.
    pub fn start_demo(&self, fresh: bool) -> Result<(i64, i64)> {
        if self.startup_error().is_some() {
            return Err(self.no_store());
        }
        let path = self.demo_db_path();
        if fresh || !path.exists() {
            // Build it under another name and rename it into place, so a
            // half-made demo never opens.
            let dir = self.data_dir.join(DEMO_DIR);
            std::fs::create_dir_all(&dir)?;
            let building = dir.join(".building.db");
            remove_database(&building);
            let built = Store::open(&building).and_then(|mut demo| {
                // Dropping the store at the end closes it, folding its WAL in.
                demo.generate_sample(DEMO_INCIDENTS, DEMO_SEED, self.clock.now()).map(|_| ())
            });
            if let Err(e) = built {
                remove_database(&building);
                return Err(e);
            }
            remove_database(&path);
            std::fs::rename(&building, &path)
                .map_err(|e| Error::Io(format!("can't put the sample shop in place ({e})")))?;
        }
        let demo = Store::open(&path)?;
        let counts = demo.counts()?;
        *self.lock_store() = Some(demo);
        self.demo.store(true, Ordering::SeqCst);
        self.forget_reminders();
        Ok(counts)
    }

    /// Closes the demo shop and opens the owner's data again.
    pub fn leave_demo(&self) -> Result<()> {
        if !self.is_demo() {
            return Ok(());
        }
        let own = Store::open(&self.db_path)?;
        *self.lock_store() = Some(own);
        self.demo.store(false, Ordering::SeqCst);
        self.forget_reminders();
        Ok(())
    }

    /// Takes today's automatic backup of the owner's data if there is none
    /// yet, and prunes old ones. Skipped while the database can't be opened:
    /// the good copies are what the owner will need.
    pub fn take_automatic_backup(&self) -> Result<Option<PathBuf>> {
        if self.startup_error().is_some() {
            return Ok(None);
        }
        let _running = self.backup_running.lock().unwrap_or_else(|p| p.into_inner());
        let today = self.today();
        let made = backup::take_automatic_backup(&self.db_path, &self.automatic_backup_dir(), today)?;
        self.backup_wish().taken_on = Some(today);
        Ok(made)
    }

    /// Forgets which reminders were shown: after a switch of database the
    /// same ids name other records.
    fn forget_reminders(&self) {
        self.notified.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// Of `keys`, those not handed out before; remembers them all.
    pub fn take_unnotified(&self, keys: Vec<String>) -> HashSet<String> {
        let mut seen = self.notified.lock().unwrap_or_else(|p| p.into_inner());
        keys.into_iter().filter(|k| seen.insert(k.clone())).collect()
    }
}

/// What happened to the current data while a backup is put in place.
enum SetAside {
    /// A safety copy was written; the live file gets replaced.
    Copied(PathBuf),
    /// The file could not be opened and was moved here, untouched.
    Moved(PathBuf),
}

/// Moves a database file and its WAL companions; a missing file is fine.
fn move_database(from: &Path, to: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let source = PathBuf::from(format!("{}{suffix}", from.display()));
        if source.exists() {
            std::fs::rename(&source, format!("{}{suffix}", to.display()))
                .map_err(|e| Error::Io(format!("can't move {} aside ({e})", source.display())))?;
        }
    }
    Ok(())
}

/// `<dir>/<stem>.db`, or `<stem>-2.db`, `-3`… when taken: two restores in the
/// same second must not write one safety copy over the other.
fn unused_name(dir: &Path, stem: &str) -> PathBuf {
    let mut path = dir.join(format!("{stem}.db"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem}-{n}.db"));
        n += 1;
    }
    path
}
