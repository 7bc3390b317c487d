//! The shape of Mend's database and how it grows from one version to the next.
//!
//! The version lives in SQLite's `user_version`; `application_id` marks the
//! file as Mend's, so another program's SQLite file is never mistaken for ours.
//! The SQL is kept in plain files beside this module (`db/sql/`):
//!
//! - `schema.sql` is the whole current schema and the rows a new shop starts
//!   with. A new database is built from it alone ([`create`]).
//! - `v1.sql` … `v8.sql` are each version's upgrade, frozen as shipped, seed
//!   data included. An older database runs the ones it has not seen
//!   ([`upgrade_from`]), all inside one transaction, so an upgrade happens whole
//!   or not at all.
//! - `recompute.sql` works out every trigger-kept value afresh from the rows
//!   ([`RECOMPUTE`]); the tests compare it with what the triggers kept.
//!
//! The test suite replays `v1.sql` … `v8.sql` on an empty database and checks
//! the result against `schema.sql` (tables, columns, indexes, triggers and
//! seed rows). So a change of schema is a new version file plus the same
//! change in `schema.sql`; editing a shipped file, or `schema.sql` alone,
//! fails that test.
//!
//! The whole product's data, and the version that brings each part:
//! - v1 (foundation): settings, staff, categories (seeded), customers,
//!   incidents, the per-incident event log (timeline) and full-text search over
//!   incidents.
//! - v2 (playbooks): playbooks and their steps (the six built-ins seeded with
//!   fixed ids), each incident's checklist snapshot, root cause, prevention
//!   actions, and follow-ups in the shape the call list uses.
//! - v3 (atonement): what failed and whose fault it was on each incident,
//!   the gesture catalogue (seeded for a salon or shop), the goodwill ledger
//!   of gestures given, and indexes for ranking customers by value.
//! - v4 (promises): promises with due times, kept or broken, and the index of
//!   recently closed calls.
//! - v5 (speed at 100k+ incidents): counters and precomputed times kept by
//!   triggers (incident tallies and the customer count for list totals, each
//!   incident's earliest step target and first response), indexes that cover
//!   every list filter and the Insights and ledger sums, and substring search
//!   over customers.
//! - v6 (speed, measured): Today's and the customer list's indexes reshaped
//!   after measuring at 100k and 1M incidents, and per-day roll-ups kept by
//!   triggers (incidents, response times, root causes, gestures, calls,
//!   promises, prevention actions) for Insights and the goodwill ledger.
//! - v7 (resolving is a response; the apology step): `responded_at` on each
//!   incident, the first response when it was not a ticked step (resolving an
//!   incident none of whose steps was ticked); the kept first response
//!   (`first_done_at`) is the earliest of the ticked steps and `responded_at`.
//!   An `apology` mark on playbook steps and on each incident's copy, set once
//!   from the step titles (the words "apolog" or "sorry"). The built-in
//!   playbooks are written again in plainer words, their apology steps marked.
//!   Customer pairs the owner said are different people
//!   (`customer_pairs_dismissed`, left out of Possible duplicates), and each
//!   move of an open promise to a new due time with its reason
//!   (`promise_moves`: a promise's count of moves, Insights' "promises
//!   moved").
//! - v8 (two editors, one record): a row `version` on incidents, customers
//!   and playbooks, raised by one on each edit; an edit form carries the
//!   version it loaded and a save is made `WHERE id = ? AND version = ?`, so a
//!   stale form is refused instead of writing over someone else's change.

use rusqlite::Transaction;

/// The schema version this build of Mend writes and understands.
pub const VERSION: i64 = 8;

/// Written to `PRAGMA application_id` ("MEND" in ASCII).
pub const APPLICATION_ID: i64 = 0x4D45_4E44;

/// The whole current schema and its seed rows: what a new database is built
/// from.
pub const SCHEMA: &str = include_str!("sql/schema.sql");

/// Each version's upgrade as shipped: `UPGRADES[n]` brings version `n` to
/// `n + 1`. A shipped file never changes.
pub const UPGRADES: [&str; VERSION as usize] = [
    include_str!("sql/v1.sql"),
    include_str!("sql/v2.sql"),
    include_str!("sql/v3.sql"),
    include_str!("sql/v4.sql"),
    include_str!("sql/v5.sql"),
    include_str!("sql/v6.sql"),
    include_str!("sql/v7.sql"),
    include_str!("sql/v8.sql"),
];

/// Works out every column, counter and roll-up the triggers keep afresh from
/// the rows (each incident's step times, the incident tallies, the customer
/// count and the per-day roll-ups), for the current schema. The tests run it
/// to check that the triggers kept the same.
pub const RECOMPUTE: &str = include_str!("sql/recompute.sql");

/// The categories a new shop starts with (as `schema.sql` seeds them); the
/// owner can rename, add and retire them.
pub const DEFAULT_CATEGORIES: &[&str] =
    &["Wait time", "Quality of work", "Wrong item", "Billing", "Staff attitude", "Booking", "Other"];

/// Builds the current schema in an empty database.
pub fn create(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(SCHEMA)
}

/// Brings a database at `version` to `version + 1`.
pub fn upgrade_from(tx: &Transaction<'_>, version: i64) -> rusqlite::Result<()> {
    match usize::try_from(version).ok().and_then(|v| UPGRADES.get(v)) {
        Some(sql) => tx.execute_batch(sql),
        None => unreachable!("no upgrade from version {version}"),
    }
}

/// Minutes from intake to `{at}` (a column of `incidents`), rounded to the
/// nearest minute and never negative: what Insights has always reported.
const MINUTES: &str = "max(0, CAST(round((julianday({at}) - julianday({row}.received_at)) * 1440) AS INTEGER))";

/// The histogram bucket of a duration in minutes (`{m}`), named by its upper
/// end: every minute up to 2 hours, quarter hours up to 2 days, whole hours
/// beyond. A bucket holds the durations above the bucket below and up to its
/// own name, so "within 1 day" (1440) or "within 3 hours" (180) counts exactly.
/// Insights' median and 90th percentile are exact to the bucket (the
/// durations' upper end), see `store/insights.rs`. The roll-up triggers in
/// `schema.sql` write this expression out.
pub const BUCKET: &str =
    "CASE WHEN {m} <= 120 THEN {m} WHEN {m} <= 2880 THEN ({m} + 14) / 15 * 15 ELSE ({m} + 59) / 60 * 60 END";

/// [`BUCKET`] in Rust: the bucket of a duration in minutes, named by its
/// upper end. A percentile read from buckets is the upper end of the bucket
/// the exact value falls in: exact up to 2 hours, at most 14 minutes high up
/// to 2 days, at most 59 minutes high beyond.
pub fn bucket_of(minutes: i64) -> i64 {
    match minutes {
        m if m <= 120 => m,
        m if m <= 2880 => (m + 14) / 15 * 15,
        m => (m + 59) / 60 * 60,
    }
}

/// The bucket of the minutes from intake to `at` for the incident `row`
/// (`new`, `old` or a table alias).
pub fn bucket_sql(row: &str, at: &str) -> String {
    let at = format!("{row}.{at}");
    BUCKET.replace("{m}", &MINUTES.replace("{at}", &at).replace("{row}", row))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::types::Value;
    use rusqlite::Connection;

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

    /// A database at `version`, built from the frozen upgrade files.
    fn replayed(version: i64) -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::db::migrate_to(&mut conn, 0, version).unwrap();
        conn
    }

    /// A new database, built from `schema.sql`.
    fn fresh() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::db::create(&mut conn).unwrap();
        conn
    }

    /// A sample shop of `incidents` incidents (made by the store), opened
    /// directly.
    fn sample_shop(incidents: usize, seed: u64) -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(crate::db::DB_FILE);
        let mut store = crate::store::Store::open(&path).unwrap();
        store.generate_sample(incidents, seed, "2026-11-24T09:30:00Z".parse().unwrap()).unwrap();
        drop(store);
        let conn = crate::db::open(&path).unwrap();
        (dir, conn)
    }

    /// Every value the triggers keep, without counter rows that fell to zero.
    fn kept(conn: &Connection) -> Vec<Rows> {
        let mut out = vec![
            rows(conn, "SELECT id, step_due_at, first_done_at FROM incidents ORDER BY id"),
            rows(conn, "SELECT * FROM incident_tallies WHERE n <> 0 ORDER BY 1, 2, 3"),
            rows(conn, "SELECT * FROM row_counts ORDER BY 1"),
        ];
        out.extend(rollups(conn));
        out
    }

    /// The roll-ups as kept, without rows whose counts fell to zero.
    fn rollups(conn: &Connection) -> Vec<Rows> {
        [
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

    /// Runs [`RECOMPUTE`] and checks it finds what the triggers kept.
    fn assert_kept_as_recomputed(conn: &Connection) {
        let before = kept(conn);
        conn.execute_batch(RECOMPUTE).unwrap();
        assert_eq!(kept(conn), before, "the triggers kept what a fresh count gives");
    }

    mod seeds {
        use super::*;
        use crate::domain::playbook::builtin::BUILTIN;

        #[test]
        fn a_new_database_starts_with_the_default_categories() {
            let names: Vec<String> = fresh()
                .prepare("SELECT name FROM categories ORDER BY position")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            assert_eq!(names, DEFAULT_CATEGORIES);
        }

        /// The built-in playbooks live twice: in the domain (the sample shop
        /// and the wording checks read them) and as seed rows. A rewording
        /// must reach both, through a new version that seeds it again.
        #[test]
        fn the_seeded_builtin_playbooks_are_the_domain_ones_with_their_apology_steps_marked() {
            let conn = fresh();
            for p in BUILTIN {
                let (key, name, summary): (String, String, String) = conn
                    .query_row("SELECT builtin_key, name, summary FROM playbooks WHERE id = ?1", [p.id], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                    })
                    .unwrap();
                assert_eq!((key.as_str(), name.as_str(), summary.as_str()), (p.key, p.name, p.summary));
                let steps = rows(
                    &conn,
                    &format!(
                        "SELECT position, title, guidance, say, avoid, target_amount, target_unit, target_from,
                                capture, apology
                         FROM playbook_steps WHERE playbook_id = {} ORDER BY position",
                        p.id
                    ),
                );
                assert_eq!(steps.len(), p.steps.len(), "{}", p.name);
                let text = |s: &str| Value::Text(s.to_string());
                let maybe = |s: Option<&str>| s.map(text).unwrap_or(Value::Null);
                for (i, (s, row)) in p.steps.iter().zip(&steps).enumerate() {
                    let title = s.title.to_lowercase();
                    let apology = title.contains("apolog") || title.contains("sorry");
                    let expected = vec![
                        Value::Integer(i as i64 + 1),
                        text(s.title),
                        text(s.guidance),
                        text(&s.say.join("\n")),
                        text(&s.avoid.join("\n")),
                        s.target.map(|t| Value::Integer(t.amount)).unwrap_or(Value::Null),
                        maybe(s.target.map(|t| t.unit.as_str())),
                        maybe(s.target.map(|t| t.from.as_str())),
                        maybe(s.capture.map(|c| c.as_str())),
                        Value::Integer(apology as i64),
                    ];
                    assert_eq!(row, &expected, "{} step {}", p.name, i + 1);
                }
                let marked = steps.iter().filter(|r| r[9] == Value::Integer(1)).count();
                assert_eq!(marked, 1, "{} has one apology step", p.name);
            }
            let total: i64 = conn.query_row("SELECT count(*) FROM playbooks", [], |r| r.get(0)).unwrap();
            assert_eq!(total, BUILTIN.len() as i64);
        }

        #[test]
        fn seeded_playbooks_are_dated_when_written() {
            let conn = fresh();
            let now = chrono::Utc::now();
            for row in rows(&conn, "SELECT created_at, updated_at FROM playbooks") {
                for at in row {
                    let Value::Text(at) = at else { panic!("{at:?}") };
                    let at: chrono::DateTime<chrono::Utc> = at.parse().unwrap();
                    assert!((now - at).num_seconds().abs() < 60, "{at}");
                }
            }
        }
    }

    mod v5 {
        use super::*;

        #[test]
        fn fills_counters_and_step_times_from_existing_rows() {
            let mut conn = replayed(4);
            conn.execute_batch(
                "INSERT INTO customers (name, phone_digits, email, created_at, updated_at)
                 VALUES ('Ana Ruiz', '5550102', 'ana@example.com', '', ''), ('Bo Lind', '', '', '', '');
                 INSERT INTO incidents (customer_id, received_at, channel, category_id, severity, description,
                                        status, resolved_at, created_at, updated_at)
                 VALUES (1, '2026-03-28T12:00:00Z', 'phone', 2, 3, 'Late', 'open', NULL, '', ''),
                        (2, '2026-03-20T09:00:00Z', 'email', NULL, 5, 'Rude', 'resolved', '2026-03-21T09:00:00Z', '', '');
                 INSERT INTO incident_steps (incident_id, position, title, target_amount, target_unit, target_from, done_at)
                 VALUES (1, 1, 'Apologize', 5, 'minutes', 'intake', '2026-03-28T12:03:00Z'),
                        (1, 2, 'Fix', 1, 'days', 'intake', NULL),
                        (1, 3, 'Call', 2, 'hours', 'previous_step', NULL),
                        (2, 1, 'Apologize', 5, 'minutes', 'intake', '2026-03-20T09:30:00Z');",
            )
            .unwrap();
            crate::db::migrate_to(&mut conn, 4, 5).unwrap();
            let times = rows(&conn, "SELECT step_due_at, first_done_at FROM incidents ORDER BY id");
            use rusqlite::types::Value::{Null, Text};
            // Step 2 is due a day after intake; step 3 waits for step 2.
            assert_eq!(times[0], [Text("2026-03-29T12:00:00Z".into()), Text("2026-03-28T12:03:00Z".into())]);
            assert_eq!(times[1], [Null, Text("2026-03-20T09:30:00Z".into())]);
            let tallies = rows(&conn, "SELECT status, severity, category_key, n FROM incident_tallies ORDER BY 1");
            assert_eq!(tallies.len(), 2);
            assert_eq!(rows(&conn, "SELECT n FROM row_counts WHERE name = 'customers'")[0][0], 2.into());
            let found = rows(&conn, "SELECT rowid FROM customer_fts WHERE customer_fts MATCH '\"0102\"'");
            assert_eq!(found, [[1.into()]]);
        }

        #[test]
        fn triggers_keep_what_a_fresh_fill_would_give() {
            let (_dir, conn) = sample_shop(400, 8);
            conn.execute_batch(
                "UPDATE incident_steps SET done_at = '2026-11-24T09:00:00Z' WHERE id % 7 = 0 AND done_at IS NULL;
                 UPDATE incident_steps SET done_at = NULL WHERE id % 11 = 0;
                 UPDATE incidents SET received_at = strftime('%Y-%m-%dT%H:%M:%SZ', received_at, '-2 hours')
                 WHERE id % 5 = 0;
                 UPDATE incidents SET severity = 1 + severity % 5, category_id = NULL WHERE id % 13 = 0;
                 DELETE FROM customers WHERE id NOT IN (SELECT customer_id FROM incidents) AND id % 2 = 0;",
            )
            .unwrap();
            assert_kept_as_recomputed(&conn);
            conn.execute("INSERT INTO customer_fts (customer_fts, rank) VALUES ('integrity-check', 1)", []).unwrap();
        }
    }

    mod v6 {
        use super::*;

        #[test]
        fn bucket_names_match_the_rust_side() {
            let conn = Connection::open_in_memory().unwrap();
            for m in
                [0, 1, 59, 60, 119, 120, 121, 134, 135, 136, 1439, 1440, 1441, 2879, 2880, 2881, 2940, 2941, 60_001]
            {
                let sql = format!("SELECT {}", BUCKET.replace("{m}", &m.to_string()));
                let bucket: i64 = conn.query_row(&sql, [], |r| r.get(0)).unwrap();
                assert_eq!(bucket, bucket_of(m), "{m} minutes");
                assert!(bucket >= m, "a bucket is named by its upper end");
            }
        }

        /// Insights buckets a period's edge days with [`bucket_sql`]; the
        /// roll-ups must use the same buckets.
        #[test]
        fn the_rollups_bucket_durations_as_insights_does() {
            for (row, at) in [("new", "first_done_at"), ("old", "first_done_at"), ("new", "resolved_at")] {
                let normal = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(normal(SCHEMA).contains(&bucket_sql(row, at)), "{row}.{at} in schema.sql");
            }
            assert!(RECOMPUTE.contains(&bucket_sql("i", "first_done_at")));
            assert!(RECOMPUTE.contains(&bucket_sql("i", "resolved_at")));
        }

        #[test]
        fn triggers_keep_the_daily_rollups_what_a_fresh_fill_would_give() {
            let (_dir, conn) = sample_shop(600, 9);
            let before = rollups(&conn);
            // A random mix of changes to every source column, each on a
            // random row (a fixed seed, so a failure repeats).
            let changes = [
                "UPDATE incidents SET received_at = strftime('%Y-%m-%dT%H:%M:%SZ', received_at, '-' || (?1 % 50) || ' hours') WHERE id = ?1 % 600",
                "UPDATE incidents SET category_id = CASE WHEN ?1 % 3 = 0 THEN NULL ELSE 1 + ?1 % 7 END WHERE id = ?1 % 600",
                "UPDATE incidents SET resolved_at = strftime('%Y-%m-%dT%H:%M:%SZ', resolved_at, '+' || (?1 % 4000) || ' minutes') WHERE id = ?1 % 600 AND resolved_at IS NOT NULL",
                "UPDATE incidents SET status = 'open', resolved_at = NULL WHERE id = ?1 % 600",
                "UPDATE incidents SET status = 'resolved', resolved_at = strftime('%Y-%m-%dT%H:%M:%SZ', received_at, '+' || (?1 % 3000) || ' minutes') WHERE id = ?1 % 600 AND resolved_at IS NULL",
                "UPDATE incidents SET root_cause = CASE WHEN ?1 % 4 = 0 THEN '' ELSE 'Cause ' || (?1 % 5) END WHERE id = ?1 % 600",
                "INSERT INTO incidents (customer_id, received_at, channel, category_id, severity, description, status, resolved_at, root_cause, created_at, updated_at)
                 SELECT customer_id, strftime('%Y-%m-%dT%H:%M:%SZ', received_at, '+' || (?1 % 90) || ' minutes'), channel, category_id, severity, description, status, resolved_at, root_cause, created_at, updated_at
                 FROM incidents WHERE id = ?1 % 600",
                "DELETE FROM incidents WHERE id = ?1 % 600",
                "UPDATE incident_steps SET done_at = strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-20T10:00:00Z', '-' || (?1 % 9000) || ' minutes') WHERE id = ?1 % 3000",
                "UPDATE incident_steps SET done_at = NULL WHERE id = ?1 % 3000",
                "INSERT INTO incident_gestures (incident_id, gesture_id, description, kind, cost_cents, given_at, redeemed_at)
                 SELECT incident_id, gesture_id, description, kind, cost_cents + ?1 % 700, strftime('%Y-%m-%dT%H:%M:%SZ', given_at, '+' || (?1 % 40) || ' hours'), redeemed_at
                 FROM incident_gestures WHERE id = ?1 % 400",
                "UPDATE incident_gestures SET cost_cents = cost_cents + ?1 % 500, redeemed_at = CASE WHEN redeemed_at IS NULL THEN given_at END WHERE id = ?1 % 400",
                "UPDATE incident_gestures SET given_at = strftime('%Y-%m-%dT%H:%M:%SZ', given_at, '-' || (?1 % 30) || ' hours') WHERE id = ?1 % 400",
                "UPDATE incident_gestures SET incident_id = 1 + ?1 % 599 WHERE id = ?1 % 400 AND EXISTS (SELECT 1 FROM incidents WHERE id = 1 + ?1 % 599)",
                "DELETE FROM incident_gestures WHERE id = ?1 % 400",
                "UPDATE follow_ups SET done_at = strftime('%Y-%m-%dT%H:%M:%SZ', due_at, '+' || (?1 % 30) || ' hours'), outcome = CASE ?1 % 4 WHEN 0 THEN 'satisfied' WHEN 1 THEN 'no_answer' WHEN 2 THEN 'not_satisfied' ELSE 'partly_satisfied' END WHERE id = ?1 % 500",
                "UPDATE follow_ups SET done_at = NULL, outcome = NULL WHERE id = ?1 % 500",
                "DELETE FROM follow_ups WHERE id = ?1 % 500",
                "UPDATE promises SET status = CASE WHEN ?1 % 2 = 0 THEN 'kept' ELSE 'broken' END, closed_at = due_at WHERE id = ?1 % 400 AND status = 'open'",
                "UPDATE promises SET due_at = strftime('%Y-%m-%dT%H:%M:%SZ', due_at, '+' || (?1 % 60) || ' hours') WHERE id = ?1 % 400",
                "DELETE FROM promises WHERE id = ?1 % 400",
                "UPDATE prevention_actions SET done_at = CASE WHEN done_at IS NULL THEN created_at END WHERE id = ?1 % 200",
                "UPDATE prevention_actions SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '-' || (?1 % 48) || ' hours') WHERE id = ?1 % 200",
                "DELETE FROM prevention_actions WHERE id = ?1 % 200",
            ];
            let mut seed: u64 = 2026;
            for _ in 0..3000 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                let pick = (seed >> 33) as usize;
                let arg = (seed >> 13) as i64 & 0xFFFF;
                conn.execute(changes[pick % changes.len()], [arg]).unwrap();
            }
            assert_ne!(rollups(&conn), before, "the changes moved the roll-ups");
            assert_kept_as_recomputed(&conn);
        }
    }

    mod v7 {
        use super::*;
        use rusqlite::types::Value::{Null, Text};

        /// Two incidents in `conn`: one with a ticked step, one resolved with
        /// none ticked.
        fn shop(conn: Connection) -> Connection {
            conn.execute_batch(
                "INSERT INTO customers (name, created_at, updated_at) VALUES ('Ana Ruiz', '', '');
                 INSERT INTO incidents (customer_id, received_at, channel, category_id, severity, description,
                                        status, resolved_at, created_at, updated_at)
                 VALUES (1, '2026-03-28T12:00:00Z', 'phone', 2, 3, 'Late', 'open', NULL, '', ''),
                        (1, '2026-03-20T09:00:00Z', 'email', NULL, 5, 'Rude', 'resolved', '2026-03-21T09:00:00Z', '', '');
                 INSERT INTO incident_steps (incident_id, position, title, target_amount, target_unit, target_from, done_at)
                 VALUES (1, 1, 'Apologize', 5, 'minutes', 'intake', '2026-03-28T12:03:00Z'),
                        (1, 2, 'Fix', 1, 'days', 'intake', NULL),
                        (2, 1, 'Apologize', 5, 'minutes', 'intake', NULL);",
            )
            .unwrap();
            conn
        }

        fn kept(conn: &Connection) -> Vec<Rows> {
            let mut out = vec![rows(
                conn,
                "SELECT id, status, resolved_at, responded_at, step_due_at, first_done_at FROM incidents ORDER BY id",
            )];
            out.extend(rollups(conn));
            out
        }

        #[test]
        fn an_upgraded_shop_keeps_its_times_and_then_behaves_as_a_fresh_one() {
            let mut upgraded = shop(replayed(6));
            let before = rows(&upgraded, "SELECT id, step_due_at, first_done_at FROM incidents ORDER BY id");
            crate::db::migrate_to(&mut upgraded, 6, 7).unwrap();
            // Nothing is made up for the incident resolved before v7.
            assert_eq!(rows(&upgraded, "SELECT id, step_due_at, first_done_at FROM incidents ORDER BY id"), before);
            assert_eq!(rows(&upgraded, "SELECT responded_at FROM incidents ORDER BY id"), [[Null], [Null]]);
            let fresh = shop(fresh());
            assert_eq!(kept(&upgraded), kept(&fresh));
            for conn in [&upgraded, &fresh] {
                conn.execute_batch(
                    "UPDATE incidents SET status = 'resolved', resolved_at = '2026-03-28T13:00:00Z' WHERE id = 1;
                     UPDATE incidents SET responded_at = '2026-03-21T09:00:00Z' WHERE id = 2;
                     UPDATE incident_steps SET done_at = '2026-03-28T12:30:00Z' WHERE incident_id = 1 AND position = 2;",
                )
                .unwrap();
            }
            assert_eq!(kept(&upgraded), kept(&fresh));
            assert_eq!(
                rows(&fresh, "SELECT first_done_at FROM incidents WHERE id = 2"),
                [[Text("2026-03-21T09:00:00Z".into())]]
            );
        }

        #[test]
        fn the_first_response_is_the_earliest_of_the_ticked_steps_and_responded_at() {
            let conn = shop(fresh());
            let first = || rows(&conn, "SELECT first_done_at FROM incidents WHERE id = 2")[0][0].clone();
            assert_eq!(first(), Null);
            conn.execute("UPDATE incidents SET responded_at = '2026-03-21T09:00:00Z' WHERE id = 2", []).unwrap();
            assert_eq!(first(), Text("2026-03-21T09:00:00Z".into()));
            // A step ticked later leaves the earlier response; one ticked
            // earlier (a time put right) comes first; unticking it goes back.
            conn.execute("UPDATE incident_steps SET done_at = '2026-03-22T09:00:00Z' WHERE incident_id = 2", [])
                .unwrap();
            assert_eq!(first(), Text("2026-03-21T09:00:00Z".into()));
            conn.execute("UPDATE incident_steps SET done_at = '2026-03-20T09:10:00Z' WHERE incident_id = 2", [])
                .unwrap();
            assert_eq!(first(), Text("2026-03-20T09:10:00Z".into()));
            conn.execute("UPDATE incident_steps SET done_at = NULL WHERE incident_id = 2", []).unwrap();
            assert_eq!(first(), Text("2026-03-21T09:00:00Z".into()));
            conn.execute("DELETE FROM incident_steps WHERE incident_id = 2", []).unwrap();
            assert_eq!(first(), Text("2026-03-21T09:00:00Z".into()));
            let response_days = "SELECT day, bucket, n FROM daily_times WHERE kind = 0 AND n <> 0 ORDER BY 1, 2";
            let kept_days = rows(&conn, response_days);
            assert_eq!(kept_days.len(), 2, "both incidents have a first response: {kept_days:?}");
            assert_kept_as_recomputed(&conn);
        }

        #[test]
        fn triggers_keep_first_responses_and_rollups_what_a_fresh_fill_would_give() {
            let (_dir, conn) = sample_shop(500, 10);
            let changes = [
                "UPDATE incidents SET responded_at = strftime('%Y-%m-%dT%H:%M:%SZ', received_at, '+' || (?1 % 3000) || ' minutes') WHERE id = ?1 % 500",
                "UPDATE incidents SET responded_at = NULL WHERE id = ?1 % 500",
                "UPDATE incidents SET received_at = strftime('%Y-%m-%dT%H:%M:%SZ', received_at, '-' || (?1 % 50) || ' hours') WHERE id = ?1 % 500",
                "UPDATE incident_steps SET done_at = strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-20T10:00:00Z', '-' || (?1 % 9000) || ' minutes') WHERE id = ?1 % 2500",
                "UPDATE incident_steps SET done_at = NULL WHERE id = ?1 % 2500",
                "UPDATE incident_steps SET apology = 1 - apology WHERE id = ?1 % 2500",
                "DELETE FROM incident_steps WHERE id = ?1 % 2500",
                "DELETE FROM incidents WHERE id = ?1 % 500",
            ];
            let mut seed: u64 = 7;
            for _ in 0..2000 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                let pick = (seed >> 33) as usize;
                let arg = (seed >> 13) as i64 & 0xFFFF;
                conn.execute(changes[pick % changes.len()], [arg]).unwrap();
            }
            assert_kept_as_recomputed(&conn);
        }

        #[test]
        fn a_step_is_the_apology_or_not_nothing_else() {
            let conn = shop(fresh());
            for table in ["incident_steps", "playbook_steps"] {
                let err = conn.execute(&format!("UPDATE {table} SET apology = 2 WHERE id = 1"), []).unwrap_err();
                assert!(err.to_string().contains("CHECK constraint failed"), "{table}: {err}");
            }
            let unmarked: i64 =
                conn.query_row("SELECT count(*) FROM incident_steps WHERE apology = 0", [], |r| r.get(0)).unwrap();
            assert_eq!(unmarked, 3, "a step written without the mark is not the apology");
        }
    }
}
