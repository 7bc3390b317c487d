//! Backups and restores on real files: consistent while writing, older
//! versions upgraded, and damaged, foreign or newer files refused with the
//! current data left byte for byte as it was.

use chrono::{DateTime, FixedOffset, Utc};
use mend_core::db::{self, schema};
use mend_core::domain::clock::Clock;
use mend_core::domain::customer::NewCustomerInput;
use mend_core::domain::incident::IncidentInput;
use mend_core::state::AppState;
use mend_core::store::backup::{self as backups_api, inspect_backup};
use mend_core::store::Store;
use std::fs;
use std::path::Path;

fn t0() -> DateTime<Utc> {
    "2026-11-22T10:00:00Z".parse().unwrap()
}

fn log(store: &mut Store, name: &str) {
    let input = IncidentInput {
        new_customer: Some(NewCustomerInput { name: name.into(), ..Default::default() }),
        channel: "phone".into(),
        severity: Some(2),
        description: "Late".into(),
        ..Default::default()
    };
    let fields = input.validated(t0(), &FixedOffset::east_opt(0).unwrap()).unwrap();
    store.create_incident(&fields, None, t0()).unwrap();
}

fn incidents_in(path: &Path) -> i64 {
    rusqlite::Connection::open(path).unwrap().query_row("SELECT count(*) FROM incidents", [], |r| r.get(0)).unwrap()
}

/// The live files, to prove a refusal changed nothing.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("mend.db"))
        .map(|p| (p.display().to_string(), fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

mod backup_now {
    use super::*;

    #[test]
    fn is_consistent_while_another_connection_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mend.db");
        let mut reader = Store::open(&path).unwrap();
        log(&mut reader, "First");
        let writer_path = path.clone();
        let writer = std::thread::spawn(move || {
            let mut store = Store::open(&writer_path).unwrap();
            for i in 0..200 {
                log(&mut store, &format!("Customer {i}"));
            }
        });
        let copy = dir.path().join("copy.db");
        reader.backup_to(&copy).unwrap();
        writer.join().unwrap();
        let info = inspect_backup(&copy).unwrap();
        assert!(info.incidents >= 1 && info.incidents <= 201, "{}", info.incidents);
        let conn = rusqlite::Connection::open(&copy).unwrap();
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok");
        assert!(!dir.path().join("copy.db-wal").exists());
    }
}

mod restore {
    use super::*;

    #[test]
    fn an_older_version_is_upgraded_and_a_safety_copy_kept() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(dir.path(), Clock::system());
        log_in(&state, "Current");

        let old = dir.path().join("old-backup.db");
        {
            let mut conn = rusqlite::Connection::open(&old).unwrap();
            db::migrate_to(&mut conn, 0, 1).unwrap();
            conn.execute_batch(
                "INSERT INTO customers (name, created_at, updated_at) VALUES ('Old Ana', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
                 INSERT INTO incidents (customer_id, received_at, channel, severity, description, created_at, updated_at)
                 VALUES (1, '2025-01-01T10:00:00Z', 'phone', 3, 'Old one', '2025-01-01T10:00:00Z', '2025-01-01T10:00:00Z'),
                        (1, '2025-02-01T10:00:00Z', 'email', 2, 'Older two', '2025-02-01T10:00:00Z', '2025-02-01T10:00:00Z');",
            )
            .unwrap();
        }
        let old_bytes = fs::read(&old).unwrap();
        let info = state.restore_from(&old, "20261122-100000").unwrap();
        assert_eq!((info.version, info.incidents, info.customers), (1, 2, 1));
        assert_eq!(info.first_incident.as_deref(), Some("2025-01-01T10:00:00Z"));
        assert_eq!(fs::read(&old).unwrap(), old_bytes, "the backup file itself is untouched");

        let names = state.with_store(|s| Ok(s.list_customers("", None, 10)?.items)).unwrap();
        assert_eq!(names.len(), 1);
        assert_eq!(names[0].name, "Old Ana");
        let version: i64 =
            state.with_store(|s| Ok(s.connection().pragma_query_value(None, "user_version", |r| r.get(0))?)).unwrap();
        assert_eq!(version, schema::VERSION);
        assert_eq!(incidents_in(&dir.path().join("before-restore-20261122-100000.db")), 1);
    }

    #[test]
    fn two_restores_in_the_same_second_keep_both_safety_copies() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(dir.path(), Clock::system());
        log_in(&state, "Current");
        let first = dir.path().join("first.db");
        good_database(&first, 2);
        let second = dir.path().join("second.db");
        good_database(&second, 3);
        state.restore_from(&first, "20261122-100000").unwrap();
        state.restore_from(&second, "20261122-100000").unwrap();
        assert_eq!(incidents_in(&dir.path().join("before-restore-20261122-100000.db")), 1);
        assert_eq!(incidents_in(&dir.path().join("before-restore-20261122-100000-2.db")), 2);
        assert_eq!(state.with_store(|s| s.counts()).unwrap().0, 3);
    }

    mod error {
        use super::*;

        fn refused(candidate_bytes: &[u8], kind: &str) {
            let dir = tempfile::tempdir().unwrap();
            let state = AppState::open(dir.path(), Clock::system());
            log_in(&state, "Current");
            let candidate = dir.path().join("candidate.db");
            fs::write(&candidate, candidate_bytes).unwrap();
            let before = snapshot(dir.path());
            let err = state.restore_from(&candidate, "x").unwrap_err();
            assert_eq!(err.kind(), kind, "{err}");
            assert_eq!(snapshot(dir.path()), before, "the current data changed");
            assert_eq!(fs::read(&candidate).unwrap(), candidate_bytes);
            assert_eq!(
                state
                    .with_store(|s| Ok(s.today(t0(), t0(), &FixedOffset::east_opt(0).unwrap())?.total_incidents))
                    .unwrap(),
                1
            );
            assert!(!dir.path().join("before-restore-x.db").exists());
        }

        #[test]
        fn a_text_file() {
            refused(b"name,phone\nAna,555\n", "unreadable");
        }

        #[test]
        fn a_damaged_database() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("src.db");
            {
                let mut store = Store::open(&path).unwrap();
                for i in 0..50 {
                    log(&mut store, &format!("C{i}"));
                }
                store.connection().pragma_update(None, "journal_mode", "DELETE").unwrap();
            }
            let mut bytes = fs::read(&path).unwrap();
            // Keep the header, scramble the pages after it.
            for b in bytes.iter_mut().skip(4096 * 2).step_by(7) {
                *b ^= 0x5a;
            }
            refused(&bytes, "unreadable");
        }

        #[test]
        fn a_newer_version() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("new.db");
            {
                let conn = rusqlite::Connection::open(&path).unwrap();
                conn.execute_batch("CREATE TABLE future (x);").unwrap();
                conn.pragma_update(None, "application_id", schema::APPLICATION_ID).unwrap();
                conn.pragma_update(None, "user_version", schema::VERSION + 1).unwrap();
            }
            refused(&fs::read(&path).unwrap(), "newer_database");
        }

        #[test]
        fn another_programs_database() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("other.db");
            rusqlite::Connection::open(&path).unwrap().execute_batch("CREATE TABLE notes (body TEXT);").unwrap();
            refused(&fs::read(&path).unwrap(), "unreadable");
        }
    }
}

/// Logs an incident in the app's open store.
fn log_in(state: &AppState, name: &str) {
    state
        .with_store(|s| {
            log(s, name);
            Ok(())
        })
        .unwrap();
}

/// A good Mend database at `path` holding `n` incidents.
fn good_database(path: &Path, n: usize) {
    let mut store = Store::open(path).unwrap();
    for i in 0..n {
        log(&mut store, &format!("Backup {i}"));
    }
}

mod damaged_start {
    use super::*;

    #[test]
    fn restoring_the_newest_good_copy_keeps_the_damaged_file_aside_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let backups = dir.path().join(backups_api::AUTOMATIC_DIR);
        fs::create_dir_all(&backups).unwrap();
        good_database(&backups.join("mend-2026-11-18.db"), 2);
        good_database(&backups.join("mend-2026-11-19.db"), 3);
        // The newest copy is itself broken: it must be passed over.
        fs::write(backups.join("mend-2026-11-20.db"), b"not a database at all").unwrap();
        let garbage = b"this used to be the shop's data".repeat(100);
        fs::write(dir.path().join("mend.db"), &garbage).unwrap();

        let state = AppState::open(dir.path(), Clock::system());
        assert_eq!(state.startup_error().unwrap().kind(), "unreadable");
        let (offer, info) = backups_api::newest_good_backup(&backups).unwrap();
        assert_eq!(offer.file_name, "mend-2026-11-19.db");
        assert_eq!(info.incidents, 3);
        // No daily copy is taken of a file that can't be opened.
        assert_eq!(state.take_automatic_backup().unwrap(), None);
        assert_eq!(backups_api::automatic_backups(&backups).len(), 3);

        state.restore_from(Path::new(&offer.path), "20261122-090000").unwrap();
        assert!(state.startup_error().is_none());
        assert_eq!(state.with_store(|s| s.counts()).unwrap(), (3, 3));
        assert_eq!(fs::read(dir.path().join("damaged-20261122-090000.db")).unwrap(), garbage);
    }

    #[test]
    fn a_failed_restore_puts_the_damaged_file_back() {
        let dir = tempfile::tempdir().unwrap();
        let garbage = b"broken".repeat(500);
        fs::write(dir.path().join("mend.db"), &garbage).unwrap();
        let state = AppState::open(dir.path(), Clock::system());
        let text = dir.path().join("notes.txt");
        fs::write(&text, b"hello").unwrap();
        assert_eq!(state.restore_from(&text, "x").unwrap_err().kind(), "unreadable");
        assert_eq!(fs::read(dir.path().join("mend.db")).unwrap(), garbage);
        assert!(state.startup_error().is_some());
    }
}

mod automatic {
    use super::*;
    use chrono::NaiveDate;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn one_copy_a_day_and_old_ones_pruned_but_nothing_else_touched() {
        let dir = tempfile::tempdir().unwrap();
        let db_path = dir.path().join("mend.db");
        good_database(&db_path, 4);
        let backups = dir.path().join(backups_api::AUTOMATIC_DIR);
        fs::create_dir_all(&backups).unwrap();
        // Copies from 40 days ago down to 8 days ago, and a file of the owner's.
        for n in 8..=40 {
            let d = day("2026-11-22") - chrono::Duration::days(n);
            fs::write(backups.join(format!("mend-{d}.db")), b"old copy").unwrap();
        }
        fs::write(backups.join("keep-me.txt"), b"mine").unwrap();

        let made = backups_api::take_automatic_backup(&db_path, &backups, day("2026-11-22")).unwrap().unwrap();
        assert_eq!(incidents_in(&made), 4);
        assert_eq!(backups_api::take_automatic_backup(&db_path, &backups, day("2026-11-22")).unwrap(), None);

        let left: Vec<String> = backups_api::automatic_backups(&backups).into_iter().map(|b| b.file_name).collect();
        // Today, and the first copy of each of the 4 weeks before this one
        // (22 November 2026 is a Sunday; its week starts on the 16th).
        assert_eq!(
            left,
            [
                "mend-2026-11-22.db",
                "mend-2026-11-09.db",
                "mend-2026-11-02.db",
                "mend-2026-10-26.db",
                "mend-2026-10-19.db"
            ]
        );
        assert_eq!(fs::read(backups.join("keep-me.txt")).unwrap(), b"mine");
    }

    /// A backup thread as the app runs it: waits for a write's request (or
    /// the timeout), then takes the day's backup.
    fn backup_thread(state: std::sync::Arc<AppState>, timeout: std::time::Duration) -> std::thread::JoinHandle<bool> {
        std::thread::spawn(move || {
            let asked = state.wait_for_backup_request(timeout);
            if asked {
                state.take_automatic_backup().unwrap();
            }
            asked
        })
    }

    #[test]
    fn the_first_write_of_a_day_wakes_the_backup_thread_without_waiting_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let state = std::sync::Arc::new(AppState::open(dir.path(), Clock::starting_at(t0())));
        let backups = state.automatic_backup_dir();
        // Reading asks for nothing.
        state.with_store(|s| s.counts()).unwrap();
        assert!(!state.wait_for_backup_request(std::time::Duration::ZERO), "a read asks for no backup");
        // The thread waits (as it does for 20 seconds after start); the first
        // write of the day wakes it long before.
        let thread = backup_thread(state.clone(), std::time::Duration::from_secs(60));
        let started = std::time::Instant::now();
        log_in(&state, "First of the day");
        assert!(thread.join().unwrap(), "the write asked for the backup");
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
        assert!(state.backup_taken_today());
        let copies = backups_api::automatic_backups(&backups);
        assert_eq!(copies.len(), 1);
        assert_eq!(incidents_in(std::path::Path::new(&copies[0].path)), 1);
        // Later writes that day ask for nothing more.
        log_in(&state, "Second");
        assert!(!state.wait_for_backup_request(std::time::Duration::ZERO));
    }

    #[test]
    fn a_write_on_a_new_day_asks_for_that_days_backup() {
        let dir = tempfile::tempdir().unwrap();
        {
            let state = AppState::open(dir.path(), Clock::starting_at(t0()));
            log_in(&state, "Sunday");
            assert!(state.wait_for_backup_request(std::time::Duration::ZERO));
            state.take_automatic_backup().unwrap().unwrap();
        }
        // Mend opened again the next day: its first write asks for Monday's copy.
        let state = AppState::open(dir.path(), Clock::starting_at(t0() + chrono::Duration::days(1)));
        assert!(!state.backup_taken_today());
        log_in(&state, "Monday");
        assert!(state.wait_for_backup_request(std::time::Duration::ZERO));
        let made = state.take_automatic_backup().unwrap().expect("a copy for the new day");
        assert_eq!(incidents_in(&made), 2);
        assert_eq!(backups_api::automatic_backups(&state.automatic_backup_dir()).len(), 2);
    }

    #[test]
    fn is_consistent_while_the_app_writes() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(dir.path(), Clock::starting_at(t0()));
        log_in(&state, "Before");
        let made = state.take_automatic_backup().unwrap().unwrap();
        log_in(&state, "After");
        assert_eq!(incidents_in(&made), 1);
        assert_eq!(inspect_backup(&made).unwrap().incidents, 1);
    }
}

mod demo {
    use super::*;

    #[test]
    fn switches_to_a_sample_shop_and_back_without_touching_the_owners_data() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(dir.path(), Clock::starting_at(t0()));
        log_in(&state, "Mine");

        let (incidents, customers) = state.start_demo(false).unwrap();
        assert_eq!(incidents, mend_core::state::DEMO_INCIDENTS as i64);
        assert!(customers > 0);
        assert!(state.is_demo());
        assert_eq!(state.with_store(|s| s.counts()).unwrap().0, incidents);
        assert_eq!(incidents_in(&dir.path().join("mend.db")), 1);
        // Restoring is for the owner's data only.
        let err = state.restore_from(&dir.path().join("mend.db"), "x").unwrap_err();
        assert_eq!(err.kind(), "conflict");

        // Work done in the demo stays in the demo.
        log_in(&state, "Demo visitor");
        state.leave_demo().unwrap();
        assert!(!state.is_demo());
        assert_eq!(state.with_store(|s| s.counts()).unwrap(), (1, 1));

        let again = state.start_demo(false).unwrap();
        assert_eq!(again.0, incidents + 1, "the same demo is reopened");
        let fresh = state.start_demo(true).unwrap();
        assert_eq!(fresh.0, incidents, "a fresh demo starts over");
        state.leave_demo().unwrap();
        assert_eq!(state.with_store(|s| s.counts()).unwrap(), (1, 1));
    }
}
