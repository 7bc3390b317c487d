//! Backups and restores on real files: consistent while writing, older
//! versions upgraded, and damaged, foreign or newer files refused with the
//! current data left byte for byte as it was.

use chrono::{DateTime, FixedOffset, Utc};
use mend::db::{self, schema};
use mend::domain::clock::Clock;
use mend::domain::customer::NewCustomerInput;
use mend::domain::incident::IncidentInput;
use mend::state::AppState;
use mend::store::backup::inspect_backup;
use mend::store::Store;
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
    store.create_incident(&fields, None, t0(), &FixedOffset::east_opt(0).unwrap()).unwrap();
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

mod backup {
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
        state
            .with_store(|s| {
                log(s, "Current");
                Ok(())
            })
            .unwrap();

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

    mod error {
        use super::*;

        fn refused(candidate_bytes: &[u8], kind: &str) {
            let dir = tempfile::tempdir().unwrap();
            let state = AppState::open(dir.path(), Clock::system());
            state
                .with_store(|s| {
                    log(s, "Current");
                    Ok(())
                })
                .unwrap();
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
