//! A shop's file moved into an empty shared database: all of it, checked, or
//! nothing at all.

use super::server::Server;
use chrono::{TimeZone, Utc};
use mend_core::store::Store;
use mend_pg::{Connection, Contents};

fn sample_file(dir: &std::path::Path, incidents: usize) -> std::path::PathBuf {
    let path = dir.join("mend.db");
    let mut store = Store::open(&path).unwrap();
    store.generate_sample(incidents, 7, Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap()).unwrap();
    drop(store);
    path
}

fn connect(server: &Server) -> postgres::Client {
    mend_pg::connect(&Connection::from_input(&server.input("shop", "mend", "pw1")).unwrap()).unwrap()
}

fn read_only(path: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

mod success {
    use super::*;

    #[test]
    fn a_generated_shop_arrives_whole_and_checked() {
        let server = Server::start();
        server.create_database("shop", "mend", "pw1");
        let dir = tempfile::tempdir().unwrap();
        let path = sample_file(dir.path(), 2_000);
        let before = std::fs::read(&path).unwrap();
        let file = read_only(&path);
        let mut client = connect(&server);

        let report = mend_pg::copy::copy(&file, &mut client, "2026-12-03T09:00:00Z").unwrap();
        eprintln!("moved 2,000 incidents in {} ms", report.milliseconds);

        for (table, rows) in &report.tables {
            let in_file: i64 = file.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap();
            let on_server: i64 = client.query_one(&format!("SELECT count(*) FROM {table}"), &[]).unwrap().get(0);
            assert_eq!((in_file, on_server), (*rows, *rows), "{table}");
        }
        let incidents = report.tables.iter().find(|(t, _)| t == "incidents").unwrap().1;
        assert_eq!(incidents, 2_000);
        assert!(report.checked.iter().any(|t| t == "daily_times"), "{:?}", report.checked);
        drop(file);
        assert!(std::fs::read(&path).unwrap() == before, "the file is only read");
    }

    #[test]
    fn new_rows_after_the_move_get_fresh_ids() {
        let server = Server::start();
        server.create_database("shop", "mend", "pw1");
        let dir = tempfile::tempdir().unwrap();
        let path = sample_file(dir.path(), 50);
        let mut client = connect(&server);
        mend_pg::copy::copy(&read_only(&path), &mut client, "2026-12-03T09:00:00Z").unwrap();
        let max: i64 = client.query_one("SELECT max(id) FROM customers", &[]).unwrap().get(0);
        let id: i64 = client
            .query_one(
                "INSERT INTO customers (name, created_at, updated_at) \
                 VALUES ('Zoë Ångström', '2026-12-03T09:00:00Z', '2026-12-03T09:00:00Z') RETURNING id",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(id, max + 1);
        let playbook: i64 = client
            .query_one(
                "INSERT INTO playbooks (name, position, created_at, updated_at) \
                 VALUES ('Ours', 99, '2026-12-03T09:00:00Z', '2026-12-03T09:00:00Z') RETURNING id",
                &[],
            )
            .unwrap()
            .get(0);
        assert!(playbook > 6, "a new playbook never takes a built-in's id ({playbook})");
    }

    #[test]
    fn the_servers_triggers_keep_the_counts_as_the_file_does() {
        let server = Server::start();
        server.create_database("shop", "mend", "pw1");
        let dir = tempfile::tempdir().unwrap();
        let path = sample_file(dir.path(), 200);
        let mut client = connect(&server);
        mend_pg::copy::copy(&read_only(&path), &mut client, "2026-12-03T09:00:00Z").unwrap();
        // Resolve an open incident and tick its first open step on the server: the tallies and
        // roll-ups follow, as the file's triggers would.
        let id: i64 = client.query_one("SELECT min(id) FROM incidents WHERE status = 'open'", &[]).unwrap().get(0);
        let open_before: i64 = client
            .query_one("SELECT coalesce(sum(n), 0)::bigint FROM incident_tallies WHERE status = 'open'", &[])
            .unwrap()
            .get(0);
        client
            .execute(
                "UPDATE incidents SET status = 'resolved', resolved_at = '2026-12-03T10:00:00Z' WHERE id = $1",
                &[&id],
            )
            .unwrap();
        let open_after: i64 = client
            .query_one("SELECT coalesce(sum(n), 0)::bigint FROM incident_tallies WHERE status = 'open'", &[])
            .unwrap()
            .get(0);
        assert_eq!(open_after, open_before - 1);
        // A change a form didn't make (a merge, an import) raises the row version, as in the file;
        // a save naming the next version keeps it.
        let version = |client: &mut postgres::Client| -> i64 {
            client.query_one("SELECT version FROM incidents WHERE id = $1", &[&id]).unwrap().get(0)
        };
        let before = version(&mut client);
        client.execute("UPDATE incidents SET severity = 5 WHERE id = $1", &[&id]).unwrap();
        assert_eq!(version(&mut client), before + 1);
        client.execute("UPDATE incidents SET severity = 4, version = version + 1 WHERE id = $1", &[&id]).unwrap();
        assert_eq!(version(&mut client), before + 2);
        let customers: i64 = client.query_one("SELECT n FROM row_counts WHERE name = 'customers'", &[]).unwrap().get(0);
        let counted: i64 = client.query_one("SELECT count(*) FROM customers", &[]).unwrap().get(0);
        assert_eq!(customers, counted);
    }

    #[test]
    fn search_finds_words_without_their_accents_and_customers_by_three_letters() {
        let server = Server::start();
        server.create_database("shop", "mend", "pw1");
        let dir = tempfile::tempdir().unwrap();
        let path = sample_file(dir.path(), 20);
        let file = rusqlite::Connection::open(&path).unwrap();
        file.execute("UPDATE customers SET name = 'Renée Müller' WHERE id = 1", []).unwrap();
        file.execute("UPDATE incidents SET description = 'The café latte was cold' WHERE customer_id = 1", []).unwrap();
        let has_incident: bool =
            file.query_row("SELECT EXISTS (SELECT 1 FROM incidents WHERE customer_id = 1)", [], |r| r.get(0)).unwrap();
        let mut client = connect(&server);
        mend_pg::copy::copy(&file, &mut client, "2026-12-03T09:00:00Z").unwrap();

        let found: Vec<i64> = client
            .query("SELECT id FROM customers WHERE lower(name::text COLLATE \"C\") LIKE '%ll%' AND id = 1", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(found, vec![1]);
        if has_incident {
            let hits: i64 = client
                .query_one(
                    "SELECT count(*) FROM incidents WHERE customer_id = 1 \
                     AND search @@ to_tsquery('simple', unaccent('cafe & renee'))",
                    &[],
                )
                .unwrap()
                .get(0);
            assert!(hits >= 1, "unaccented words find the incident");
            // Renaming the customer renames the words the incident is found by.
            client.execute("UPDATE customers SET name = 'Renée Schmidt' WHERE id = 1", &[]).unwrap();
            let hits: i64 = client
                .query_one("SELECT count(*) FROM incidents WHERE search @@ to_tsquery('simple', 'schmidt')", &[])
                .unwrap()
                .get(0);
            assert!(hits >= 1);
        }
    }
}

mod error {
    use super::*;

    #[test]
    fn a_database_that_is_not_empty_is_never_overwritten() {
        let server = Server::start();
        server.create_database("shop", "mend", "pw1");
        let dir = tempfile::tempdir().unwrap();
        let path = sample_file(dir.path(), 30);
        let mut client = connect(&server);
        mend_pg::copy::copy(&read_only(&path), &mut client, "2026-12-03T09:00:00Z").unwrap();
        let incidents: i64 = client.query_one("SELECT count(*) FROM incidents", &[]).unwrap().get(0);

        let other = dir.path().join("other");
        std::fs::create_dir(&other).unwrap();
        let second = sample_file(&other, 5);
        let err = mend_pg::copy::copy(&read_only(&second), &mut client, "2026-12-03T09:05:00Z").unwrap_err();
        assert_eq!(err.kind(), "not_empty");
        let after: i64 = client.query_one("SELECT count(*) FROM incidents", &[]).unwrap().get(0);
        assert_eq!(after, incidents);
    }

    #[test]
    fn a_server_lost_mid_move_keeps_nothing_and_the_file_is_untouched() {
        let mut server = Server::start();
        server.create_database("shop", "mend", "pw1");
        let dir = tempfile::tempdir().unwrap();
        let path = sample_file(dir.path(), 3_000);
        let before = std::fs::read(&path).unwrap();
        let mut client = connect(&server);

        // A second connection ends the move's session once it is copying rows.
        let mut watcher = server.admin("shop");
        let killer = std::thread::spawn(move || {
            for _ in 0..2_000 {
                let killed: i64 = watcher
                    .query_one(
                        "SELECT count(pg_terminate_backend(pid))::bigint FROM pg_stat_activity \
                         WHERE datname = 'shop' AND query LIKE 'COPY incident_steps%' AND pid <> pg_backend_pid()",
                        &[],
                    )
                    .unwrap()
                    .get(0);
                if killed > 0 {
                    return true;
                }
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            false
        });
        let result = mend_pg::copy::copy(&read_only(&path), &mut client, "2026-12-03T09:00:00Z");
        assert!(killer.join().unwrap(), "the move was interrupted while copying");
        let err = result.unwrap_err();
        assert!(matches!(err.kind(), "server" | "lost"), "{err:?}");

        let tables: i64 = server
            .admin("shop")
            .query_one("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", &[])
            .unwrap()
            .get(0);
        assert_eq!(tables, 0, "nothing was kept on the server");
        assert!(std::fs::read(&path).unwrap() == before, "the file is byte for byte as it was");
        let report = mend_pg::check(&Connection::from_input(&server.input("shop", "mend", "pw1")).unwrap()).unwrap();
        assert_eq!(report.contents, Contents::Empty);
        server.stop();
    }
}
