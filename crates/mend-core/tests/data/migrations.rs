//! The schema's history: a new database is built from `schema.sql`, an older one is upgraded
//! by the frozen version files `v1.sql` … `v8.sql`. Replaying the whole history gives exactly
//! `schema.sql`, and every earlier version, with a shop's data in it, upgrades to the same schema
//! with its data whole and every trigger-kept value as a fresh count gives.

use mend_core::db::{self, schema};
use rusqlite::types::Value;
use rusqlite::Connection;
use std::path::Path;

type Rows = Vec<Vec<Value>>;

fn rows(conn: &Connection, sql: &str) -> Rows {
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    let out = stmt
        .query_map([], |r| (0..n).map(|i| r.get(i)).collect::<rusqlite::Result<Vec<_>>>())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    out
}

/// SQL text without its comments and with spacing made uniform: one space between words, none
/// next to brackets, commas and semicolons. Quoted text and names are kept as written.
fn normalised(sql: &str) -> String {
    let mut out = String::new();
    let mut space = false;
    let mut chars = sql.chars().peekable();
    let glue = |c: char| matches!(c, '(' | ')' | ',' | ';');
    while let Some(c) = chars.next() {
        if c == '-' && chars.peek() == Some(&'-') {
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
            space = true;
        } else if c.is_whitespace() {
            space = true;
        } else {
            if space && !glue(c) && !out.ends_with(glue) && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
            if c == '\'' || c == '"' {
                // Up to the closing quote; a doubled quote inside is part of the text.
                while let Some(q) = chars.next() {
                    out.push(q);
                    if q == c {
                        if chars.peek() == Some(&c) {
                            out.push(chars.next().unwrap());
                        } else {
                            break;
                        }
                    }
                }
            }
        }
    }
    out
}

/// The schema as SQLite records it (type, name, table, SQL text normalised), in a stable order.
fn schema_of(conn: &Connection) -> Vec<(String, String, String, String)> {
    let mut stmt =
        conn.prepare("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, normalised(&r.get::<_, String>(3)?))))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The stored tables (not the virtual ones, whose rows live in their shadow tables).
fn tables(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

fn columns(conn: &Connection, table: &str) -> Vec<String> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid").unwrap();
    stmt.query_map([table], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// Every row of every stored table, sorted, leaving out what differs between two new databases
/// for no fault of the schema: when the built-in playbooks were written, and their steps' row
/// ids (a replay writes the built-in steps twice, at v2 and again at v7, so they are numbered
/// after the first set; the steps are compared by playbook and position).
fn all_rows(conn: &Connection) -> Vec<(String, Rows)> {
    let skip = |table: &str, column: &str| {
        matches!((table, column), ("playbooks", "created_at" | "updated_at") | ("playbook_steps", "id"))
    };
    tables(conn)
        .into_iter()
        .map(|table| {
            let cols: Vec<String> =
                columns(conn, &table).into_iter().filter(|c| !skip(&table, c)).map(|c| format!("\"{c}\"")).collect();
            let list = cols.join(", ");
            let found = rows(conn, &format!("SELECT {list} FROM \"{table}\" ORDER BY {list}"));
            (table, found)
        })
        .collect()
}

/// A database file at `version`, built by replaying the frozen upgrade files.
fn replayed(path: &Path, version: i64) -> Connection {
    let mut conn = Connection::open(path).unwrap();
    db::migrate_to(&mut conn, 0, version).unwrap();
    conn
}

/// What the triggers keep, without counter rows that fell to zero.
fn kept(conn: &Connection) -> Vec<Rows> {
    [
        "SELECT id, step_due_at, first_done_at FROM incidents ORDER BY id",
        "SELECT * FROM incident_tallies WHERE n <> 0 ORDER BY 1, 2, 3",
        "SELECT * FROM row_counts ORDER BY 1",
        "SELECT * FROM daily_incidents WHERE n <> 0 ORDER BY 1, 2",
        "SELECT * FROM daily_times WHERE n <> 0 ORDER BY 1, 2, 3",
        "SELECT * FROM daily_root_causes WHERE n <> 0 ORDER BY 1, 2, 3",
        "SELECT * FROM daily_gestures WHERE n <> 0 OR cents <> 0 OR redeemed <> 0 ORDER BY 1, 2",
        "SELECT * FROM daily_calls WHERE n <> 0 ORDER BY 1, 2",
        "SELECT * FROM daily_promises WHERE n <> 0 ORDER BY 1, 2",
        "SELECT * FROM daily_prevention WHERE n <> 0 ORDER BY 1, 2",
    ]
    .iter()
    .map(|sql| rows(conn, sql))
    .collect()
}

/// Checks that the triggers kept what a fresh count from the rows gives.
fn assert_kept_as_recomputed(conn: &Connection, what: &str) {
    let before = kept(conn);
    assert!(before[0].len() >= 4, "{what}: the shop has its incidents");
    conn.execute_batch(schema::RECOMPUTE).unwrap();
    assert_eq!(kept(conn), before, "{what}");
}

/// Whether a step's title says it is the apology: the rule Mend used before the `apology`
/// column (`is_apology_step`), which the v7 upgrade applies once to mark the existing steps.
fn title_says_apology(title: &str) -> bool {
    let t = title.to_lowercase();
    t.contains("apolog") || t.contains("sorry")
}

/// A shop's data as a version-`version` database can hold it: staff (one
/// retired), customers (one without incidents), incidents open and resolved
/// with their timeline; from v2 a playbook of the owner's own (with an
/// apology step), checklists ticked and not, root causes, prevention actions
/// and calls made and booked; from v3 what failed and whose fault, a gesture
/// of the shop's own and gestures given (used and not); from v4 promises
/// open, kept and broken. Then some later work on it (steps ticked and
/// unticked, a time put right, a call made), which from v5 the triggers see.
fn put_shop_data(conn: &Connection, version: i64) {
    conn.execute_batch(
        "UPDATE settings SET value = 'Ana''s Salon' WHERE key = 'business_name';
         UPDATE settings SET value = 'EUR' WHERE key = 'currency';
         INSERT INTO staff (name, active, created_at)
         VALUES ('Mia', 1, '2025-01-02T09:00:00Z'), ('Tom', 0, '2025-01-02T09:00:00Z');
         UPDATE categories SET active = 0 WHERE name = 'Booking';
         INSERT INTO categories (name, position) VALUES ('Parking', 8);
         INSERT INTO customers (name, phone, phone_digits, email, notes, visits, total_spend_cents,
                                first_visit, last_visit, vip, created_at, updated_at)
         VALUES ('Ana Ruiz', '555-0102', '5550102', 'ana@example.com', 'Mornings only', 12, 48000,
                 '2024-02-01', '2025-03-01', 1, '2024-02-01T10:00:00Z', '2025-03-01T10:00:00Z'),
                ('Bo Lind', '', '', 'bo@example.com', '', 2, 6000,
                 '2025-01-10', '2025-03-03', 0, '2025-01-10T10:00:00Z', '2025-03-03T10:00:00Z'),
                ('Chloé Martin', '(555) 0199', '5550199', '', '', 0, 0,
                 NULL, NULL, 0, '2025-03-04T08:00:00Z', '2025-03-04T08:00:00Z'),
                ('Dev Patel', '555 0177', '5550177', 'dev@example.com', '', 1, 2500,
                 '2025-02-01', '2025-02-01', 0, '2025-02-01T10:00:00Z', '2025-02-01T10:00:00Z');
         INSERT INTO incidents (customer_id, received_at, channel, category_id, severity, description,
                                desired_outcome, transaction_cents, taken_by, status, resolved_at,
                                resolution_note, created_at, updated_at)
         VALUES (1, '2025-03-01T10:15:00Z', 'in_person', 1, 3, 'Waited 40 minutes past the booking',
                 'An apology', 4500, 1, 'resolved', '2025-03-01T11:00:00Z', 'Said sorry, 10% off',
                 '2025-03-01T10:16:00Z', '2025-03-01T11:00:00Z'),
                (2, '2025-03-03T16:40:00Z', 'phone', 2, 4, 'Colour came out patchy',
                 'Redo it', 9000, 1, 'open', NULL, '', '2025-03-03T16:41:00Z', '2025-03-03T16:41:00Z'),
                (3, '2025-03-04T08:05:00Z', 'email', NULL, 2, 'Billed twice for one cut',
                 '', NULL, NULL, 'open', NULL, '', '2025-03-04T08:06:00Z', '2025-03-04T08:06:00Z'),
                (1, '2025-02-10T12:00:00Z', 'review_site', 5, 5, 'Rude at the desk',
                 'Talk to the owner', NULL, 2, 'resolved', '2025-02-12T09:30:00Z', 'The owner called her',
                 '2025-02-10T12:01:00Z', '2025-02-12T09:30:00Z');
         INSERT INTO incident_events (incident_id, at, staff_id, kind, summary)
         VALUES (1, '2025-03-01T10:16:00Z', 1, 'created', 'Logged'),
                (1, '2025-03-01T11:00:00Z', 1, 'resolved', 'Resolved'),
                (2, '2025-03-03T16:41:00Z', NULL, 'created', 'Logged'),
                (3, '2025-03-04T08:06:00Z', NULL, 'created', 'Logged'),
                (4, '2025-02-10T12:01:00Z', 2, 'created', 'Logged'),
                (4, '2025-02-12T09:30:00Z', 2, 'resolved', 'Resolved');",
    )
    .unwrap();
    if version >= 2 {
        conn.execute_batch(
            "INSERT INTO playbooks (id, builtin_key, name, summary, hidden, position, created_at, updated_at)
             VALUES (1000, NULL, 'Our own way', 'The owner''s routine', 0, 7, '2025-01-05T09:00:00Z',
                     '2025-01-05T09:00:00Z');
             INSERT INTO playbook_steps (playbook_id, position, title, guidance, say, avoid,
                                         target_amount, target_unit, target_from, capture)
             VALUES (1000, 1, 'Say SORRY first', 'Before anything else.', 'I''m so sorry.', 'Sorry, but...',
                     15, 'minutes', 'intake', NULL),
                    (1000, 2, 'Book a redo', '', '', '', 2, 'days', 'previous_step', 'desired_outcome'),
                    (1000, 3, 'Call back', '', 'How is it now?', '', 3, 'days', 'previous_step', 'follow_up');
             UPDATE playbooks SET hidden = 1 WHERE id = 4;
             UPDATE settings SET value = '1000' WHERE key = 'default_playbook_id';
             UPDATE incidents SET playbook_id = 1000, root_cause = 'Double booking' WHERE id = 1;
             UPDATE incidents SET playbook_id = 2, root_cause = 'Old dye' WHERE id = 2;
             UPDATE incidents SET playbook_id = 1000 WHERE id = 3;
             INSERT INTO incident_steps (incident_id, position, title, guidance, say, avoid, target_amount,
                                         target_unit, target_from, capture, done_at, done_by, note)
             VALUES (1, 1, 'Say SORRY first', 'Before anything else.', 'I''m so sorry.', 'Sorry, but...',
                     15, 'minutes', 'intake', NULL, '2025-03-01T10:20:00Z', 1, ''),
                    (1, 2, 'Book a redo', '', '', '', 2, 'days', 'previous_step', 'desired_outcome',
                     '2025-03-01T10:50:00Z', 1, 'Booked for Friday'),
                    (1, 3, 'Call back', '', 'How is it now?', '', 3, 'days', 'previous_step', 'follow_up',
                     NULL, NULL, ''),
                    (2, 1, 'Take ownership', '', '', '', NULL, NULL, NULL, NULL, '2025-03-03T16:45:00Z', 2, ''),
                    (2, 2, 'Apologize plainly', '', '', '', 10, 'minutes', 'intake', NULL,
                     '2025-03-03T16:48:00Z', 2, 'On the phone'),
                    (2, 3, 'Restore the service urgently', '', '', '', 4, 'hours', 'intake', 'desired_outcome',
                     NULL, NULL, ''),
                    (2, 4, 'Follow up', '', '', '', 2, 'days', 'previous_step', 'follow_up', NULL, NULL, ''),
                    (3, 1, 'Say SORRY first', '', '', '', 15, 'minutes', 'intake', NULL, NULL, NULL, ''),
                    (3, 2, 'Book a redo', '', '', '', 2, 'days', 'previous_step', 'desired_outcome',
                     NULL, NULL, '');
             INSERT INTO prevention_actions (incident_id, action, owner_id, due_date, done_at, created_at)
             VALUES (1, 'One diary for all bookings', 1, '2025-03-15', '2025-03-10T09:00:00Z',
                     '2025-03-01T11:00:00Z'),
                    (2, 'Check the colour before they leave', NULL, NULL, NULL, '2025-03-03T17:00:00Z');
             INSERT INTO follow_ups (incident_id, due_at, assignee_id, outcome, attempts, note, done_at,
                                     done_by, created_at)
             VALUES (1, '2025-03-04T10:00:00Z', 1, 'satisfied', 1, 'Happy again', '2025-03-04T10:10:00Z', 1,
                     '2025-03-01T11:00:00Z'),
                    (4, '2025-02-14T10:00:00Z', NULL, 'no_answer', 2, '', '2025-02-14T10:05:00Z', 2,
                     '2025-02-12T09:30:00Z'),
                    (2, '2025-03-06T10:00:00Z', 2, NULL, 0, '', NULL, NULL, '2025-03-03T17:00:00Z');",
        )
        .unwrap();
    }
    if version >= 3 {
        conn.execute_batch(
            "UPDATE incidents SET failure_kind = 'process', fault = 'third_party' WHERE id = 3;
             UPDATE incidents SET fault = 'unknown' WHERE id = 2;
             INSERT INTO gestures (name, kind, cost_cents, percent, tiers, position)
             VALUES ('Free blow-dry', 'service', 2000, NULL, 'modest', 12);
             UPDATE gestures SET active = 0 WHERE name = 'Free coffee or drink';
             INSERT INTO incident_gestures (incident_id, gesture_id, description, kind, cost_cents, note,
                                            suggested_tier, given_at, given_by, redeemed_at)
             VALUES (1, 4, '10% off the next visit', 'discount', 450, '', 'modest', '2025-03-01T10:55:00Z', 1,
                     '2025-03-20T14:00:00Z'),
                    (4, 1, 'Handwritten apology note', 'symbolic', 100, 'Posted', 'symbolic',
                     '2025-02-12T09:30:00Z', 2, NULL),
                    (2, 12, 'Free blow-dry', 'service', 2000, '', NULL, '2025-03-03T17:00:00Z', NULL, NULL);",
        )
        .unwrap();
    }
    if version >= 4 {
        conn.execute_batch(
            "INSERT INTO promises (incident_id, text, due_at, owner_id, status, broken_reason, closed_at,
                                   closed_by, created_at)
             VALUES (1, 'Redo booked for Friday', '2025-03-07T10:00:00Z', 1, 'kept', '', '2025-03-07T11:00:00Z',
                     1, '2025-03-01T10:50:00Z'),
                    (2, 'Call with the date of the fix', '2025-03-04T12:00:00Z', 2, 'broken', 'Supplier late',
                     '2025-03-05T09:00:00Z', 2, '2025-03-03T16:50:00Z'),
                    (2, 'Refund the difference', '2025-03-08T12:00:00Z', NULL, 'open', '', NULL, NULL,
                     '2025-03-03T16:52:00Z');",
        )
        .unwrap();
    }
    // Later work on the same shop.
    conn.execute_batch(
        "UPDATE incidents SET received_at = '2025-03-04T07:50:00Z' WHERE id = 3;
         UPDATE customers SET name = 'Chloé Martin-Roy', phone_digits = '5550198' WHERE id = 3;",
    )
    .unwrap();
    if version >= 2 {
        conn.execute_batch(
            "UPDATE incident_steps SET done_at = '2025-03-04T08:30:00Z', done_by = 1
             WHERE incident_id = 3 AND position = 1;
             UPDATE incident_steps SET done_at = NULL, done_by = NULL WHERE incident_id = 2 AND position = 2;
             UPDATE follow_ups SET done_at = '2025-03-06T10:20:00Z', done_by = 2, outcome = 'partly_satisfied',
                                   attempts = 1
             WHERE incident_id = 2;",
        )
        .unwrap();
    }
}

/// The user's own rows of the tables a version-`version` database has, with the columns it has:
/// what an upgrade must keep. The built-in playbooks are reworded at v7, so of them only
/// whether the owner hid them and their place count.
fn user_data(conn: &Connection) -> Vec<(String, Rows)> {
    let present = tables(conn);
    let mut out = vec![];
    for (table, filter, order) in [
        ("settings", "", "key"),
        ("staff", "", "id"),
        ("categories", "", "id"),
        ("customers", "", "id"),
        ("incidents", "", "id"),
        ("incident_events", "", "id"),
        ("playbooks", "WHERE id >= 1000", "id"),
        ("playbook_steps", "WHERE playbook_id >= 1000", "id"),
        ("incident_steps", "", "id"),
        ("prevention_actions", "", "id"),
        ("follow_ups", "", "id"),
        ("gestures", "", "id"),
        ("incident_gestures", "", "id"),
        ("promises", "", "id"),
    ] {
        if present.iter().any(|t| t == table) {
            let list = columns(conn, table).join(", ");
            out.push((table.to_string(), rows(conn, &format!("SELECT {list} FROM {table} {filter} ORDER BY {order}"))));
        }
    }
    if present.iter().any(|t| t == "playbooks") {
        out.push(("builtin playbooks".into(), rows(conn, "SELECT id, hidden, position FROM playbooks ORDER BY id")));
    }
    out
}

#[test]
fn normalising_sql_drops_comments_and_spacing_only() {
    let sql =
        "CREATE TABLE t (\n    a  INTEGER, -- the count\n    b TEXT DEFAULT 'x  -- y' ,\n    \"Odd  name\" TEXT\n)";
    assert_eq!(normalised(sql), "CREATE TABLE t(a INTEGER,b TEXT DEFAULT 'x  -- y',\"Odd  name\" TEXT)");
    assert_eq!(normalised("SELECT 'it''s'  ,1"), "SELECT 'it''s',1");
    assert_ne!(normalised("a INTEGER NOT NULL"), normalised("a INTEGER"));
}

/// The test that catches an edit of `schema.sql` without a new version file, or an edit of a
/// shipped version file.
#[test]
fn replaying_every_version_gives_the_schema_and_seed_rows_of_schema_sql() {
    let dir = tempfile::tempdir().unwrap();
    let replay = replayed(&dir.path().join("replay.db"), schema::VERSION);
    let fresh = db::open(&dir.path().join("fresh.db")).unwrap();
    let expected = schema_of(&fresh);
    assert!(expected.iter().any(|(t, n, _, _)| t == "table" && n == "incidents"));
    let replayed = schema_of(&replay);
    let names =
        |s: &[(String, String, String, String)]| s.iter().map(|e| format!("{} {}", e.0, e.1)).collect::<Vec<_>>();
    assert_eq!(names(&replayed), names(&expected), "the same tables, indexes and triggers");
    for (got, want) in replayed.iter().zip(&expected) {
        assert_eq!(got, want, "{} {} as the version files leave it and as schema.sql has it", want.0, want.1);
    }
    let seeded = all_rows(&fresh);
    let seeded_by_replay = all_rows(&replay);
    assert_eq!(seeded.len(), seeded_by_replay.len());
    for ((table, got), (_, want)) in seeded_by_replay.iter().zip(&seeded) {
        assert_eq!(got, want, "rows of {table}");
    }
    let count = |table: &str| seeded.iter().find(|(t, _)| t == table).map(|(_, r)| r.len()).unwrap();
    assert_eq!(
        [count("settings"), count("categories"), count("playbooks"), count("gestures")],
        [3, 7, 6, 11],
        "the seed rows are there"
    );
    let version: i64 = fresh.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    let app_id: i64 = fresh.pragma_query_value(None, "application_id", |r| r.get(0)).unwrap();
    assert_eq!((version, app_id), (schema::VERSION, schema::APPLICATION_ID));
}

/// An older database was upgraded by the version files exactly as they shipped, so they never
/// change, comments included: a change of schema is a new version file (and the same change in
/// `schema.sql`). The fingerprints are FNV-1a over each file's bytes.
#[test]
fn the_shipped_version_files_never_change() {
    let shipped: [u64; 8] = [
        0xdf8d_6f9a_29f5_3ec6,
        0xb294_ca78_c230_23e5,
        0x96bf_a83a_3583_5731,
        0xf2a5_d70e_6ec9_3dd5,
        0xfe03_4e3e_cdb7_20f3,
        0xa92d_1f95_ac86_9f48,
        0x943f_93f5_cdc8_e4da,
        0xf562_a1d3_2a77_a632,
    ];
    let fnv1a = |text: &str| {
        text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    };
    assert_eq!(schema::UPGRADES.len(), shipped.len(), "a new version file gets its fingerprint here");
    for (i, (sql, want)) in schema::UPGRADES.iter().zip(shipped).enumerate() {
        assert_eq!(fnv1a(sql), want, "v{}.sql was shipped: put the change in a new version file", i + 1);
    }
}

#[test]
fn every_old_version_with_a_shop_in_it_upgrades_to_the_fresh_schema_keeping_everything() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = db::open(&dir.path().join("fresh.db")).unwrap();
    let expected = schema_of(&fresh);
    for start in 1..schema::VERSION {
        let path = dir.path().join(format!("v{start}.db"));
        let before = {
            let old = replayed(&path, start);
            put_shop_data(&old, start);
            user_data(&old)
        };
        let upgraded = db::open(&path).unwrap();
        let what = format!("from v{start}");
        let version: i64 = upgraded.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, schema::VERSION, "{what}");
        assert_eq!(schema_of(&upgraded), expected, "{what}");

        // The shop's own rows, every column they had, as they were.
        let after = user_data(&upgraded);
        for (table, old_rows) in &before {
            let cols = old_rows.first().map_or(0, Vec::len);
            let (_, new_rows) = after.iter().find(|(t, _)| t == table).unwrap();
            // Later versions add settings of their own; the ones there were stay as they were.
            let new_rows: Rows = new_rows
                .iter()
                .filter(|r| table != "settings" || old_rows.iter().any(|o| o[0] == r[0]))
                .map(|r| r[..cols.min(r.len())].to_vec())
                .collect();
            assert_eq!(&new_rows, old_rows, "{what}: {table}");
        }
        let integrity: String = upgraded.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(integrity, "ok", "{what}");
        assert!(rows(&upgraded, "PRAGMA foreign_key_check").is_empty(), "{what}");

        // Search finds what was typed before, under the names as they are now.
        let hits = rows(&upgraded, "SELECT rowid FROM incident_fts WHERE incident_fts MATCH 'patchy' ORDER BY 1");
        assert_eq!(hits, [[Value::Integer(2)]], "{what}");
        let renamed =
            rows(&upgraded, "SELECT rowid FROM incident_fts WHERE incident_fts MATCH 'customer_name: roy' ORDER BY 1");
        assert_eq!(renamed, [[Value::Integer(3)]], "{what}");
        let found = rows(&upgraded, "SELECT rowid FROM customer_fts WHERE customer_fts MATCH '\"0198\"'");
        assert_eq!(found, [[Value::Integer(3)]], "{what}");
        upgraded.execute("INSERT INTO customer_fts (customer_fts, rank) VALUES ('integrity-check', 1)", []).unwrap();

        // Nothing made up: no first response by resolving before v7; a step time only where a
        // step has a target or a tick.
        let responded = rows(&upgraded, "SELECT count(*) FROM incidents WHERE responded_at IS NOT NULL");
        assert_eq!(responded, [[Value::Integer(0)]], "{what}");
        assert_kept_as_recomputed(&upgraded, &what);

        // The checklists' apology steps are marked from their titles (by the v7 upgrade: a v7
        // file keeps the marks it has).
        let marks = rows(&upgraded, "SELECT title, apology FROM incident_steps ORDER BY id");
        assert_eq!(marks.len(), if start >= 2 { 9 } else { 0 }, "{what}");
        for row in marks.iter().filter(|_| start < 7) {
            let Value::Text(title) = &row[0] else { panic!() };
            assert_eq!(row[1], Value::Integer(title_says_apology(title) as i64), "{what}: {title}");
        }

        // And from here on the triggers keep up with the work done in the upgraded file.
        upgraded
            .execute_batch(
                "UPDATE incidents SET status = 'resolved', resolved_at = '2025-03-05T10:00:00Z',
                                      responded_at = '2025-03-05T10:00:00Z' WHERE id = 3;
                 INSERT INTO incidents (customer_id, received_at, channel, category_id, severity, description,
                                        status, created_at, updated_at)
                 VALUES (4, '2025-03-06T09:00:00Z', 'message', 3, 1, 'Wrong shampoo', 'open', '', '');
                 INSERT INTO incident_steps (incident_id, position, title, target_amount, target_unit, target_from,
                                             apology)
                 VALUES (5, 1, 'Say sorry', 10, 'minutes', 'intake', 1);
                 INSERT INTO customers (name, created_at, updated_at) VALUES ('Eve Ng', '', ''), ('Fay Ek', '', '');
                 DELETE FROM customers WHERE name = 'Eve Ng';",
            )
            .unwrap();
        assert_kept_as_recomputed(&upgraded, &format!("{what}, then used"));
    }
}

#[test]
fn the_v7_upgrade_marks_the_apology_steps_by_their_titles_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.db");
    let titles = [
        "Apologize sincerely",
        "Say sorry",
        "APOLOGISE in person",
        "Send an apology card",
        "We're SoRrY",
        "Apología por escrito",
        "Sorrow",
        "Call back",
        "Entschuldigung",
        "\u{ff33}\u{ff2f}\u{ff32}\u{ff32}\u{ff39}",
    ];
    {
        let old = replayed(&path, 6);
        put_shop_data(&old, 6);
        let mut step = old
            .prepare("INSERT INTO playbook_steps (playbook_id, position, title) VALUES (1000, ?1 + 10, ?2)")
            .unwrap();
        let mut copy =
            old.prepare("INSERT INTO incident_steps (incident_id, position, title) VALUES (4, ?1, ?2)").unwrap();
        for (i, title) in titles.iter().enumerate() {
            step.execute((i as i64, title)).unwrap();
            copy.execute((i as i64, title)).unwrap();
        }
    }
    let conn = db::open(&path).unwrap();
    let expected: Vec<(String, i64)> = titles.iter().map(|t| (t.to_string(), title_says_apology(t) as i64)).collect();
    assert_eq!(
        expected.iter().filter(|(_, a)| *a == 1).count(),
        6,
        "the titles cover both words, any case, and words that only look alike"
    );
    let marks = |sql: &str| -> Vec<(String, i64)> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(
        marks(
            "SELECT title, apology FROM playbook_steps WHERE playbook_id = 1000 AND position >= 10 ORDER BY position"
        ),
        expected
    );
    assert_eq!(marks("SELECT title, apology FROM incident_steps WHERE incident_id = 4 ORDER BY position"), expected);
    // The owner's playbook and the checklists under way had theirs marked too.
    assert_eq!(
        marks("SELECT title, apology FROM playbook_steps WHERE playbook_id = 1000 AND position < 10 ORDER BY position"),
        [("Say SORRY first".to_string(), 1), ("Book a redo".to_string(), 0), ("Call back".to_string(), 0)]
    );
    // The built-ins, written again at v7, mark theirs: one per playbook.
    let builtin = marks(
        "SELECT title, apology FROM playbook_steps WHERE playbook_id < 1000 AND apology = 1 ORDER BY playbook_id",
    );
    assert_eq!(builtin.len(), 6, "{builtin:?}");
    let fresh = db::open(&dir.path().join("fresh.db")).unwrap();
    let fresh_marks = {
        let mut stmt = fresh
            .prepare(
                "SELECT title, apology FROM playbook_steps WHERE playbook_id < 1000 ORDER BY playbook_id, position",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect::<Vec<(String, i64)>>()
    };
    assert_eq!(
        marks("SELECT title, apology FROM playbook_steps WHERE playbook_id < 1000 ORDER BY playbook_id, position"),
        fresh_marks,
        "an upgraded shop's built-ins are a new shop's"
    );
    // Once marked, the title no longer decides: renaming a step leaves its mark.
    conn.execute("UPDATE incident_steps SET title = 'Call back' WHERE incident_id = 4 AND position = 0", []).unwrap();
    let kept: i64 = conn
        .query_row("SELECT apology FROM incident_steps WHERE incident_id = 4 AND position = 0", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 1);
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

/// The v7 tables of promise moves and dismissed customer pairs go with the rows they belong to,
/// and keep their history when a staff name is deleted.
#[test]
fn promise_moves_and_dismissed_pairs_follow_their_promise_and_customers() {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("m.db")).unwrap();
    conn.execute_batch(
        "INSERT INTO staff (id, name, created_at) VALUES (1, 'Mia', '2026-01-01T00:00:00Z');
         INSERT INTO customers (id, name, created_at, updated_at)
         VALUES (1, 'Ana', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
                (2, 'Ana R', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
                (3, 'Bo', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
         INSERT INTO incidents (id, customer_id, received_at, channel, severity, description, created_at, updated_at)
         VALUES (1, 3, '2026-11-20T10:00:00Z', 'phone', 3, 'Late', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z');
         INSERT INTO promises (id, incident_id, text, due_at, created_at)
         VALUES (1, 1, 'Refund', '2026-11-30T16:00:00Z', '2026-11-20T10:00:00Z');
         INSERT INTO promise_moves (promise_id, from_due_at, to_due_at, reason, moved_at, moved_by)
         VALUES (1, '2026-11-26T11:00:00Z', '2026-11-30T16:00:00Z', 'Part late', '2026-11-24T09:00:00Z', 1);
         INSERT INTO customer_pairs_dismissed (customer_a, customer_b, dismissed_at, dismissed_by)
         VALUES (1, 2, '2026-11-24T09:00:00Z', 1);",
    )
    .unwrap();
    let one = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert!(
        conn.execute(
            "INSERT INTO customer_pairs_dismissed (customer_a, customer_b, dismissed_at) VALUES (3, 1, '')",
            []
        )
        .is_err(),
        "a pair is kept smaller id first, once"
    );
    conn.execute("DELETE FROM staff WHERE id = 1", []).unwrap();
    assert_eq!(one("SELECT count(*) FROM promise_moves WHERE moved_by IS NULL"), 1, "the move stays, unsigned");
    assert_eq!(one("SELECT count(*) FROM customer_pairs_dismissed WHERE dismissed_by IS NULL"), 1);
    conn.execute("DELETE FROM customers WHERE id = 2", []).unwrap();
    assert_eq!(one("SELECT count(*) FROM customer_pairs_dismissed"), 0, "a pair goes with either card");
    conn.execute("DELETE FROM promises WHERE id = 1", []).unwrap();
    assert_eq!(one("SELECT count(*) FROM promise_moves"), 0, "the moves go with their promise");
}

#[test]
fn upgrading_from_v1_keeps_incidents_and_adds_the_builtin_playbooks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let old = replayed(&path, 1);
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
        let old = replayed(&path, 6);
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
/// `MEND_UPGRADE_DB=/path/to/a/copy.db cargo test -p mend-core --test data -- --ignored --nocapture upgrade_time`.
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
