//! Every earlier schema version upgrades to exactly the schema a fresh
//! database gets.

use mend_core::db::{self, schema};
use rusqlite::Connection;

/// The schema as SQLite records it, in a stable order.
fn schema_of(conn: &Connection) -> Vec<(String, String, String)> {
    let mut stmt = conn.prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn every_version_upgrades_to_the_fresh_schema() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = db::open(&dir.path().join("fresh.db")).unwrap();
    let expected = schema_of(&fresh);
    assert!(expected.iter().any(|(t, n, _)| t == "table" && n == "incidents"));

    for start in 1..schema::VERSION {
        let path = dir.path().join(format!("v{start}.db"));
        {
            let mut old = Connection::open(&path).unwrap();
            db::migrate_to(&mut old, 0, start).unwrap();
        }
        let upgraded = db::open(&path).unwrap();
        let version: i64 = upgraded.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, schema::VERSION, "from v{start}");
        assert_eq!(schema_of(&upgraded), expected, "from v{start}");
    }
}

#[test]
fn a_fresh_database_has_an_index_for_every_foreign_key() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("m.db")).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%REFERENCES%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for table in tables {
        let fks: Vec<String> = conn
            .prepare(&format!("SELECT \"from\" FROM pragma_foreign_key_list('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for column in fks {
            let indexed: i64 = conn
                .query_row(
                    "SELECT count(*) FROM pragma_index_list(?1) il
                     JOIN pragma_index_info(il.name) ii ON ii.seqno = 0
                     WHERE ii.name = ?2",
                    (&table, &column),
                    |r| r.get(0),
                )
                .unwrap();
            assert!(indexed > 0, "{table}.{column} has no index starting with it");
        }
    }
}

#[test]
fn upgrading_from_v1_keeps_incidents_and_adds_the_builtin_playbooks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut old = Connection::open(&path).unwrap();
        db::migrate_to(&mut old, 0, 1).unwrap();
        old.execute_batch(
            "INSERT INTO customers (name, created_at, updated_at) VALUES ('Ana', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
             INSERT INTO incidents (customer_id, received_at, channel, severity, description, created_at, updated_at)
             VALUES (1, '2025-01-01T10:00:00Z', 'phone', 3, 'Late', '2025-01-01T10:00:00Z', '2025-01-01T10:00:00Z');",
        )
        .unwrap();
    }
    let conn = db::open(&path).unwrap();
    let (desc, playbook): (String, Option<i64>) =
        conn.query_row("SELECT description, playbook_id FROM incidents", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(desc, "Late");
    assert_eq!(playbook, None);
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM playbooks WHERE builtin_key IS NOT NULL ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(ids, [1, 2, 3, 4, 5, 6]);
    let hits: i64 =
        conn.query_row("SELECT count(*) FROM incident_fts WHERE incident_fts MATCH 'late'", [], |r| r.get(0)).unwrap();
    assert_eq!(hits, 1);
}

#[test]
fn upgrading_from_v6_keeps_old_responses_rewords_the_builtins_and_counts_resolving_from_then_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.db");
    {
        let mut old = Connection::open(&path).unwrap();
        db::migrate_to(&mut old, 0, 6).unwrap();
        old.execute_batch(
            "INSERT INTO customers (name, created_at, updated_at) VALUES ('Ana', '', '');
             INSERT INTO incidents (customer_id, received_at, channel, severity, description, status, resolved_at,
                                    playbook_id, created_at, updated_at)
             VALUES (1, '2026-05-01T10:00:00Z', 'phone', 3, 'Late', 'resolved', '2026-05-01T11:00:00Z', 2, '', ''),
                    (1, '2026-05-02T10:00:00Z', 'phone', 3, 'Rude', 'open', NULL, 2, '', '');
             -- The words an older Mend wrote for the built-in.
             UPDATE playbook_steps SET title = 'Offer symbolic atonement' WHERE playbook_id = 2 AND position = 5;
             UPDATE playbooks SET summary = 'A short, memorable routine.' WHERE id = 5;
             INSERT INTO incident_steps (incident_id, position, title)
             SELECT i.id, s.position, s.title FROM incidents i JOIN playbook_steps s ON s.playbook_id = 2;",
        )
        .unwrap();
    }
    let conn = db::open(&path).unwrap();
    let times: Vec<(Option<String>, Option<String>)> = conn
        .prepare("SELECT responded_at, first_done_at FROM incidents ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // The incident resolved before v7 gets no made-up first response.
    assert_eq!(times, [(None, None), (None, None)]);
    let title = |sql: &str| -> String { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    // The built-in is reworded; the incident keeps the copy it started with.
    assert_eq!(title("SELECT title FROM playbook_steps WHERE playbook_id = 2 AND position = 5"), "Make it up to them");
    assert_eq!(
        title("SELECT title FROM incident_steps WHERE incident_id = 1 AND position = 5"),
        "Offer symbolic atonement"
    );
    assert!(title("SELECT summary FROM playbooks WHERE id = 5")
        .starts_with("Hear, Empathize, Apologize, Resolve, Diagnose"));
    // From now on a first response recorded by resolving is kept and rolled up.
    conn.execute("UPDATE incidents SET responded_at = '2026-05-02T10:30:00Z' WHERE id = 2", []).unwrap();
    assert_eq!(title("SELECT first_done_at FROM incidents WHERE id = 2"), "2026-05-02T10:30:00Z");
    let rolled: i64 = conn
        .query_row("SELECT coalesce(sum(n), 0) FROM daily_times WHERE kind = 0 AND day = '2026-05-02'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(rolled, 1);
}

/// How long the upgrade of a kept shop takes (docs/performance.md): run with
/// `MEND_UPGRADE_DB=/path/to/a/copy.db cargo test --test migrations -- --ignored --nocapture`.
/// The file is upgraded in place, so point it at a copy.
#[test]
#[ignore = "a measurement on a large file; run by hand"]
fn upgrade_time_of_a_kept_shop() {
    let Ok(path) = std::env::var("MEND_UPGRADE_DB") else { return };
    let started = std::time::Instant::now();
    let conn = db::open(std::path::Path::new(&path)).unwrap();
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    eprintln!("upgraded {path} to v{version} in {:.1} s", started.elapsed().as_secs_f64());
}
