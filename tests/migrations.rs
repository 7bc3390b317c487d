//! Every earlier schema version upgrades to exactly the schema a fresh
//! database gets.

use mend::db::{self, schema};
use rusqlite::Connection;

/// The schema as SQLite records it, in a stable order.
fn schema_of(conn: &Connection) -> Vec<(String, String, String)> {
    let mut stmt = conn
        .prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
// While the schema is at version 1 there is no earlier version to upgrade.
#[allow(clippy::reversed_empty_ranges)]
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
