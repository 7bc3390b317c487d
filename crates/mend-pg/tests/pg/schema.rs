//! The shared schema beside the file's: the same tables, columns and indexes,
//! so a shop's rows move across as they are and one store answers the same.

use super::server::Server;
use std::collections::BTreeMap;

/// Tables of the file that exist only for SQLite's own search index.
fn is_search_index(name: &str) -> bool {
    name.starts_with("customer_fts") || name.starts_with("incident_fts")
}

/// table -> [(column, not null)], sorted.
type Shape = BTreeMap<String, Vec<(String, bool)>>;

fn file_shape() -> (Shape, Vec<String>) {
    let store = mend_core::store::Store::open_in_memory().unwrap();
    let db = store.connection();
    let mut tables = Shape::new();
    let names: Vec<String> = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .filter(|n: &String| !is_search_index(n))
        .collect();
    for name in names {
        let mut columns: Vec<(String, bool)> = db
            .prepare(&format!("SELECT name, \"notnull\" OR pk FROM pragma_table_info('{name}')"))
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        columns.sort();
        tables.insert(name, columns);
    }
    let mut indexes: Vec<String> = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    indexes.sort();
    (tables, indexes)
}

fn server_shape(client: &mut postgres::Client) -> (Shape, Vec<String>) {
    let mut tables = Shape::new();
    for row in client
        .query(
            "SELECT c.table_name::text, c.column_name::text, c.is_nullable = 'NO' FROM information_schema.columns c \
             JOIN information_schema.tables t USING (table_schema, table_name) \
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' ORDER BY 1, 2",
            &[],
        )
        .unwrap()
    {
        tables.entry(row.get(0)).or_default().push((row.get(1), row.get(2)));
    }
    let mut indexes: Vec<String> = client
        .query(
            "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' \
             AND indexname NOT LIKE '%_key'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    indexes.sort();
    (tables, indexes)
}

fn created_server() -> (Server, postgres::Client) {
    let server = Server::start();
    server.create_database("shop", "mend", "pw1");
    let mut client = server.admin("shop");
    let mut tx = client.transaction().unwrap();
    mend_pg::schema::create(&mut tx, "2026-12-03T09:00:00Z").unwrap();
    tx.commit().unwrap();
    (server, client)
}

#[test]
fn the_data_version_is_the_files() {
    assert_eq!(mend_pg::schema::VERSION, mend_core::db::schema::VERSION);
}

#[test]
fn every_table_and_column_of_the_file_is_on_the_server() {
    let (_server, mut client) = created_server();
    let (file, _) = file_shape();
    let (mut server, _) = server_shape(&mut client);
    // Only the server has the data version's table and incidents' search words.
    assert!(server.remove("mend_schema").is_some());
    let incidents = server.get_mut("incidents").unwrap();
    incidents.retain(|(name, _)| name != "search");
    assert_eq!(file, server, "the shared schema must have exactly the file's tables and columns (and NOT NULLs)");
}

#[test]
fn every_index_of_the_file_is_on_the_server() {
    let (_server, mut client) = created_server();
    let (_, file) = file_shape();
    let (_, mut server) = server_shape(&mut client);
    // The server's own search indexes stand in for the file's FTS tables.
    server.retain(|name| name != "customers_trigram" && name != "incidents_search");
    assert_eq!(file, server);
}

#[test]
fn the_schema_records_its_version_once() {
    let (_server, mut client) = created_server();
    let rows = client.query("SELECT version, applied_at FROM mend_schema", &[]).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].get::<_, i64>(0), 8);
    assert_eq!(rows[0].get::<_, String>(1), "2026-12-03T09:00:00Z");
}

#[test]
fn times_sort_in_time_order_whatever_the_servers_locale() {
    let (_server, mut client) = created_server();
    let collation: String = client
        .query_one(
            "SELECT collation_name::text FROM information_schema.columns \
             WHERE table_name = 'incidents' AND column_name = 'received_at'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(collation, "C");
}
