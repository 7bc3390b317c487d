//! Opening data files: fresh, newer than the app, and not a database at all.
//! A refused file must be left byte for byte as it was.

use mend_core::db::{self, schema};
use mend_core::domain::clock::Clock;
use mend_core::state::AppState;
use std::fs;

mod open {
    use super::*;

    #[test]
    fn creates_the_folder_and_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("nested").join("mend");
        let state = AppState::open(&data, Clock::system());
        assert!(state.startup_error().is_none());
        assert!(data.join(db::DB_FILE).exists());
        let settings = state.with_store(|s| s.settings()).unwrap();
        assert_eq!(settings.currency, "USD");
    }

    mod error {
        use super::*;

        #[test]
        fn newer_database_is_refused_and_untouched() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(db::DB_FILE);
            {
                let conn = rusqlite::Connection::open(&path).unwrap();
                conn.execute_batch("CREATE TABLE future (x); INSERT INTO future VALUES (1);").unwrap();
                conn.pragma_update(None, "application_id", schema::APPLICATION_ID).unwrap();
                conn.pragma_update(None, "user_version", schema::VERSION + 1).unwrap();
            }
            let before = fs::read(&path).unwrap();
            let err = db::open(&path).unwrap_err();
            assert_eq!(err.kind(), "newer_database");
            let json = serde_json::to_value(&err).unwrap();
            assert!(json["message"].as_str().unwrap().contains("newer version of Mend"));
            assert_eq!(fs::read(&path).unwrap(), before, "the file was changed");
            assert!(!dir.path().join("mend.db-wal").exists());

            // The app reports the same error on every call instead of crashing.
            let state = AppState::open(dir.path(), Clock::system());
            assert_eq!(state.startup_error().unwrap().kind(), "newer_database");
            assert_eq!(state.with_store(|s| s.settings()).unwrap_err().kind(), "newer_database");
            assert_eq!(fs::read(&path).unwrap(), before);
        }

        #[test]
        fn text_file_is_refused_and_untouched() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(db::DB_FILE);
            let text = "name,phone\nAna,555\n".repeat(200);
            fs::write(&path, &text).unwrap();
            let err = db::open(&path).unwrap_err();
            assert_eq!(err.kind(), "unreadable");
            assert!(err.to_string().contains("not a Mend data file"), "{err}");
            assert_eq!(fs::read_to_string(&path).unwrap(), text);
        }

        #[test]
        fn another_programs_database_is_refused() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(db::DB_FILE);
            rusqlite::Connection::open(&path).unwrap().execute_batch("CREATE TABLE notes (body TEXT);").unwrap();
            let before = fs::read(&path).unwrap();
            let err = db::open(&path).unwrap_err();
            assert_eq!(err.kind(), "unreadable");
            assert_eq!(fs::read(&path).unwrap(), before);
        }
    }
}
