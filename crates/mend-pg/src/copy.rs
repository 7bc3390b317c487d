//! A shop's file copied into an empty shared database, whole or not at all.
//!
//! Everything runs in one PostgreSQL transaction: the schema is created, each
//! table's rows are streamed in with `COPY … FROM STDIN` (the server's fastest
//! way in, and its row triggers still run), identities are moved past the
//! copied ids, and then the two sides are compared before anything is
//! committed:
//! - the rows of every table, counted on both sides;
//! - everything the triggers keep (the per-day roll-ups Insights and the
//!   goodwill ledger read, the incident tallies, the customer count, and each
//!   incident's step due time and first response), worked out afresh by the
//!   server's triggers from the copied rows and compared with the file's.
//!
//! Any difference, an interruption or a lost connection leaves the server as it
//! was (the transaction is never committed). The file is only read.
//!
//! The tables copied are the file's own tables, found in the file. A table this
//! module does not know stops the copy before anything is written, so a schema
//! change that forgets the shared database fails its test instead of leaving
//! rows behind.

use crate::error::Error;
use crate::schema;
use serde::Serialize;
use std::io::Write;
use std::time::Instant;

/// The file's tables copied as they are, in an order that keeps every foreign
/// key satisfied.
const COPIED: [&str; 16] = [
    "settings",
    "staff",
    "categories",
    "customers",
    "customer_pairs_dismissed",
    "playbooks",
    "playbook_steps",
    "gestures",
    "incidents",
    "incident_events",
    "incident_steps",
    "prevention_actions",
    "follow_ups",
    "incident_gestures",
    "promises",
    "promise_moves",
];

/// The file's tables whose contents the triggers keep: worked out again on the
/// server, then compared.
const KEPT: [&str; 9] = [
    "incident_tallies",
    "row_counts",
    "daily_incidents",
    "daily_times",
    "daily_root_causes",
    "daily_gestures",
    "daily_calls",
    "daily_promises",
    "daily_prevention",
];

/// The advisory lock held by a move, so two laptops never move at once.
const MOVE_LOCK: i64 = 7_310_001;

/// What was copied.
#[derive(Debug, Clone, Serialize)]
pub struct CopyReport {
    /// Each copied table and its number of rows (the same on both sides).
    pub tables: Vec<(String, i64)>,
    /// The kept tables compared equal.
    pub checked: Vec<String>,
    pub milliseconds: u128,
}

/// Copies the shop in `file` into the empty database `client` is connected to.
/// `now` is the time recorded as the schema's creation.
pub fn copy(file: &rusqlite::Connection, client: &mut postgres::Client, now: &str) -> Result<CopyReport, Error> {
    let started = Instant::now();
    let tables = file_tables(file)?;
    if let Some(unknown) = tables.iter().find(|t| !COPIED.contains(&t.as_str()) && !KEPT.contains(&t.as_str())) {
        return Err(Error::Unmovable { reason: format!("the file has a table this Mend can't move ({unknown})") });
    }
    let file_version: i64 = file.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(file_error)?;
    if file_version != schema::VERSION {
        return Err(Error::Unmovable {
            reason: format!("the file is at data version {file_version}, the shared schema at {}", schema::VERSION),
        });
    }

    let server = |err: postgres::Error| Error::Server { source: err };
    let mut tx = client.transaction().map_err(server)?;
    // One move at a time, whichever laptop starts it.
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MOVE_LOCK]).map_err(server)?;
    let existing: i64 = tx.query_one(crate::schema::COUNT_TABLES, &[]).map_err(server)?.get(0);
    if existing > 0 {
        return Err(Error::NotEmpty { tables: existing });
    }
    schema::create(&mut tx, now).map_err(server)?;
    // The counters start at zero; the triggers count the rows as they arrive.
    let names: Vec<String> = {
        let mut stmt = file.prepare("SELECT name FROM row_counts ORDER BY name").map_err(file_error)?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(file_error)?;
        rows.collect::<Result<_, _>>().map_err(file_error)?
    };
    for name in &names {
        tx.execute("INSERT INTO row_counts (name, n) VALUES ($1, 0)", &[name]).map_err(server)?;
    }

    // Each step's trigger works out its incident's step times again: once per incident after the
    // copy is the same answer for a fraction of the work.
    tx.batch_execute("ALTER TABLE incident_steps DISABLE TRIGGER USER").map_err(server)?;
    let mut copied = Vec::new();
    for table in COPIED {
        let columns = file_columns(file, table)?;
        let rows = copy_table(file, &mut tx, table, &columns)?;
        copied.push((table.to_string(), rows));
    }
    tx.batch_execute(
        "ALTER TABLE incident_steps ENABLE TRIGGER USER; \
         SELECT mend_incident_times(id) FROM incidents;",
    )
    .map_err(server)?;
    tx.execute("SELECT mend_fix_identities()", &[]).map_err(server)?;

    for (table, rows) in &copied {
        let on_server: i64 = tx.query_one(&format!("SELECT count(*) FROM {table}"), &[]).map_err(server)?.get(0);
        if on_server != *rows {
            return Err(Error::Unmovable {
                reason: format!("{table} has {rows} rows in the file but {on_server} on the server"),
            });
        }
    }
    let mut checked = Vec::new();
    for table in KEPT {
        compare_kept(file, &mut tx, table)?;
        checked.push(table.to_string());
    }
    compare_incident_times(file, &mut tx)?;
    checked.push("incidents (step due time, first response)".into());

    tx.commit().map_err(server)?;
    Ok(CopyReport { tables: copied, checked, milliseconds: started.elapsed().as_millis() })
}

fn file_error(err: rusqlite::Error) -> Error {
    Error::File { source: err }
}

/// The file's ordinary tables (not SQLite's own, not the search index's).
fn file_tables(file: &rusqlite::Connection) -> Result<Vec<String>, Error> {
    let mut stmt = file
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT LIKE 'customer_fts%' AND name NOT LIKE 'incident_fts%' ORDER BY name",
        )
        .map_err(file_error)?;
    let rows = stmt.query_map([], |r| r.get(0)).map_err(file_error)?;
    rows.collect::<Result<_, _>>().map_err(file_error)
}

fn file_columns(file: &rusqlite::Connection, table: &str) -> Result<Vec<String>, Error> {
    let mut stmt =
        file.prepare(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid")).map_err(file_error)?;
    let rows = stmt.query_map([], |r| r.get(0)).map_err(file_error)?;
    rows.collect::<Result<_, _>>().map_err(file_error)
}

/// Streams one table in PostgreSQL's COPY text format; returns its row count.
fn copy_table(
    file: &rusqlite::Connection,
    tx: &mut postgres::Transaction<'_>,
    table: &str,
    columns: &[String],
) -> Result<i64, Error> {
    let list = columns.join(", ");
    // Every id is copied as it is, and no table points at itself: any order will do.
    let mut stmt = file.prepare(&format!("SELECT {list} FROM {table}")).map_err(file_error)?;
    let mut writer = tx
        .copy_in(&format!("COPY {table} ({list}) FROM STDIN (FORMAT text)"))
        .map_err(|err| Error::Server { source: err })?;
    let mut rows = stmt.query([]).map_err(file_error)?;
    let mut count = 0i64;
    let mut line = Vec::with_capacity(256);
    while let Some(row) = rows.next().map_err(file_error)? {
        line.clear();
        for i in 0..columns.len() {
            if i > 0 {
                line.push(b'\t');
            }
            match row.get_ref(i).map_err(file_error)? {
                rusqlite::types::ValueRef::Null => line.extend_from_slice(b"\\N"),
                rusqlite::types::ValueRef::Integer(n) => line.extend_from_slice(n.to_string().as_bytes()),
                rusqlite::types::ValueRef::Real(x) => line.extend_from_slice(x.to_string().as_bytes()),
                rusqlite::types::ValueRef::Text(bytes) => {
                    let text = std::str::from_utf8(bytes).map_err(|_| Error::Unmovable {
                        reason: format!("a row of {table} holds text that is not valid UTF-8"),
                    })?;
                    escape_into(&mut line, text).map_err(|()| Error::Unmovable {
                        reason: format!("a row of {table} holds a NUL character, which PostgreSQL can't store"),
                    })?;
                }
                rusqlite::types::ValueRef::Blob(_) => {
                    return Err(Error::Unmovable {
                        reason: format!("{table} holds binary data, which Mend never writes"),
                    });
                }
            }
        }
        line.push(b'\n');
        writer.write_all(&line).map_err(|err| Error::Lost { source: err })?;
        count += 1;
    }
    writer.finish().map_err(|err| Error::Server { source: err })?;
    Ok(count)
}

/// Text in COPY's text format: backslash, tab, newline and carriage return
/// escaped. A NUL can't be stored in PostgreSQL text at all.
pub(crate) fn escape_into(out: &mut Vec<u8>, text: &str) -> Result<(), ()> {
    for byte in text.bytes() {
        match byte {
            0 => return Err(()),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(byte),
        }
    }
    Ok(())
}

/// A kept table's non-zero rows, as text, sorted: the file's and the server's must match.
fn compare_kept(file: &rusqlite::Connection, tx: &mut postgres::Transaction<'_>, table: &str) -> Result<(), Error> {
    let columns = file_columns(file, table)?;
    let sqlite_list =
        columns.iter().map(|c| format!("coalesce(CAST({c} AS TEXT), '')")).collect::<Vec<_>>().join(" || '|' || ");
    let pg_list = columns.iter().map(|c| format!("coalesce({c}::text, '')")).collect::<Vec<_>>().join(" || '|' || ");
    let mut stmt =
        file.prepare(&format!("SELECT {sqlite_list} FROM {table} WHERE n <> 0 ORDER BY 1")).map_err(file_error)?;
    let mut in_file: Vec<String> =
        stmt.query_map([], |r| r.get(0)).map_err(file_error)?.collect::<Result<_, _>>().map_err(file_error)?;
    let mut on_server: Vec<String> = tx
        .query(&format!("SELECT {pg_list} FROM {table} WHERE n <> 0"), &[])
        .map_err(|err| Error::Server { source: err })?
        .iter()
        .map(|r| r.get(0))
        .collect();
    in_file.sort();
    on_server.sort();
    if in_file != on_server {
        let differing = in_file
            .iter()
            .filter(|r| !on_server.contains(r))
            .chain(on_server.iter().filter(|r| !in_file.contains(r)))
            .count();
        return Err(Error::Unmovable {
            reason: format!("the server worked out {table} differently from the file ({differing} rows differ)"),
        });
    }
    Ok(())
}

fn compare_incident_times(file: &rusqlite::Connection, tx: &mut postgres::Transaction<'_>) -> Result<(), Error> {
    let mut stmt = file
        .prepare("SELECT id || '|' || coalesce(step_due_at, '') || '|' || coalesce(first_done_at, '') FROM incidents ORDER BY id")
        .map_err(file_error)?;
    let in_file: Vec<String> =
        stmt.query_map([], |r| r.get(0)).map_err(file_error)?.collect::<Result<_, _>>().map_err(file_error)?;
    let on_server: Vec<String> = tx
        .query(
            "SELECT id || '|' || coalesce(step_due_at, '') || '|' || coalesce(first_done_at, '') FROM incidents ORDER BY id",
            &[],
        )
        .map_err(|err| Error::Server { source: err })?
        .iter()
        .map(|r| r.get(0))
        .collect();
    if in_file != on_server {
        let differing = in_file.iter().zip(&on_server).filter(|(a, b)| a != b).count();
        return Err(Error::Unmovable {
            reason: format!("the server worked out {differing} incidents' step times differently from the file"),
        });
    }
    Ok(())
}
