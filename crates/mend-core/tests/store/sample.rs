//! The sample-data generator: a realistic, consistent, reproducible shop.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use mend_core::domain::incident::ListQuery;
use mend_core::error::Error;
use mend_core::store::Store;

fn now() -> DateTime<Utc> {
    "2026-11-22T16:00:00Z".parse().unwrap()
}

fn tz() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

fn shop(n: usize, seed: u64) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    store.generate_sample(n, seed, now()).unwrap();
    store
}

fn count(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// A digest of selected columns of every table the generator writes.
fn digest(store: &Store) -> u64 {
    let queries = [
        "SELECT id, name, phone, email, visits, total_spend_cents, first_visit, last_visit, vip FROM customers ORDER BY id",
        "SELECT id, customer_id, received_at, channel, category_id, severity, description, desired_outcome,
                transaction_cents, taken_by, status, resolved_at, playbook_id, root_cause, failure_kind, fault
         FROM incidents ORDER BY id",
        "SELECT id, incident_id, position, done_at, done_by FROM incident_steps ORDER BY id",
        "SELECT id, incident_id, at, kind, summary FROM incident_events ORDER BY id",
        "SELECT id, incident_id, gesture_id, cost_cents, given_at, redeemed_at FROM incident_gestures ORDER BY id",
        "SELECT id, incident_id, text, due_at, status, closed_at FROM promises ORDER BY id",
        "SELECT id, incident_id, due_at, outcome, attempts, done_at FROM follow_ups ORDER BY id",
        "SELECT id, incident_id, action, due_date, done_at FROM prevention_actions ORDER BY id",
    ];
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for sql in queries {
        let mut stmt = store.connection().prepare(sql).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..columns {
                let value: rusqlite::types::Value = row.get(i).unwrap();
                for b in format!("{value:?}|").bytes() {
                    hash = (hash ^ b as u64).wrapping_mul(0x0100_0000_01b3);
                }
            }
        }
    }
    hash
}

#[test]
fn a_500_incident_shop_is_realistic_and_consistent() {
    let mut store = Store::open_in_memory().unwrap();
    let report = store.generate_sample(500, 2026, now()).unwrap();
    assert_eq!(report.incidents, 500);
    assert_eq!(report.customers, 150);
    assert!(report.gestures > 100 && report.promises > 50 && report.follow_ups > 200, "{report:?}");

    assert_eq!(count(&store, "SELECT count(*) FROM incidents"), 500);
    assert_eq!(count(&store, "SELECT count(*) FROM customers"), 150);
    assert_eq!(count(&store, "SELECT count(DISTINCT category_id) FROM incidents"), 7);
    assert_eq!(count(&store, "SELECT count(DISTINCT severity) FROM incidents"), 5);
    assert!(
        count(&store, "SELECT count(*) FROM incidents WHERE severity <= 2")
            > 2 * count(&store, "SELECT count(*) FROM incidents WHERE severity >= 4")
    );
    let open = count(&store, "SELECT count(*) FROM incidents WHERE status = 'open'");
    assert!((4..=35).contains(&open), "{open} open of 500");
    assert_eq!(
        count(&store, "SELECT count(*) FROM incidents WHERE status = 'resolved' AND resolved_at < received_at"),
        0
    );
    assert!(count(&store, "SELECT count(*) FROM incident_steps") >= 500 * 4);
    assert!(count(&store, "SELECT count(*) FROM incident_steps WHERE done_at IS NOT NULL") > 500 * 3);
    assert_eq!(count(&store, "SELECT count(*) FROM incidents WHERE playbook_id IS NULL"), 0);
    // Repeat complainants.
    assert!(
        count(&store, "SELECT count(*) FROM (SELECT customer_id FROM incidents GROUP BY 1 HAVING count(*) > 1)") > 20
    );
    // Gestures within the advisor's cap of 150% of what was paid.
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM incident_gestures g JOIN incidents i ON i.id = g.incident_id
             WHERE i.transaction_cents IS NOT NULL AND g.cost_cents * 2 > i.transaction_cents * 3"
        ),
        0
    );
    let redeemed = count(&store, "SELECT count(*) FROM incident_gestures WHERE redeemed_at IS NOT NULL") as f64;
    let share = redeemed / report.gestures as f64;
    assert!((0.25..=0.55).contains(&share), "{share} redeemed");
    // Promises mostly kept, some broken with a reason.
    assert!(
        count(&store, "SELECT count(*) FROM promises WHERE status = 'kept'")
            > 4 * count(&store, "SELECT count(*) FROM promises WHERE status = 'broken'")
    );
    assert_eq!(count(&store, "SELECT count(*) FROM promises WHERE status = 'broken' AND broken_reason = ''"), 0);
    // Follow-ups mostly satisfied; no answer took more than one try.
    assert!(
        count(&store, "SELECT count(*) FROM follow_ups WHERE outcome = 'satisfied'")
            > count(&store, "SELECT count(*) FROM follow_ups WHERE outcome <> 'satisfied'")
    );
    assert_eq!(count(&store, "SELECT count(*) FROM follow_ups WHERE outcome = 'no_answer' AND attempts < 2"), 0);

    // Everything that happened, happened in the year before now.
    let start = mend_core::store::timestamp(now() - Duration::days(365));
    let end = mend_core::store::timestamp(now());
    for (table, column) in [
        ("incidents", "received_at"),
        ("incidents", "resolved_at"),
        ("incident_steps", "done_at"),
        ("incident_events", "at"),
        ("incident_gestures", "given_at"),
        ("incident_gestures", "redeemed_at"),
        ("promises", "closed_at"),
        ("promises", "created_at"),
        ("follow_ups", "done_at"),
        ("prevention_actions", "done_at"),
    ] {
        let outside = store
            .connection()
            .query_row(
                &format!(
                    "SELECT count(*) FROM {table} WHERE {column} IS NOT NULL AND ({column} < ?1 OR {column} > ?2)"
                ),
                [&start, &end],
                |r| r.get::<_, i64>(0),
            )
            .unwrap();
        assert_eq!(outside, 0, "{table}.{column}");
    }
    // Calls and promises may still be due in the coming days, not later.
    let soon = mend_core::store::timestamp(now() + Duration::days(10));
    for table in ["promises", "follow_ups"] {
        let late: i64 = store
            .connection()
            .query_row(&format!("SELECT count(*) FROM {table} WHERE due_at > ?1"), [&soon], |r| r.get(0))
            .unwrap();
        assert_eq!(late, 0, "{table}");
    }

    let fk: Vec<String> = {
        let mut stmt = store.connection().prepare("PRAGMA foreign_key_check").unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    assert!(fk.is_empty(), "{fk:?}");
    let integrity: String = store.connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    let fts = count(&store, "SELECT count(*) FROM incident_fts");
    assert_eq!(fts, 500);

    // A second run into the same database is refused.
    assert!(matches!(store.generate_sample(10, 1, now()), Err(Error::Conflict(_))));
}

#[test]
fn the_same_seed_gives_the_same_shop_and_another_seed_a_different_one() {
    let a = digest(&shop(300, 11));
    let b = digest(&shop(300, 11));
    let c = digest(&shop(300, 12));
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn a_database_with_incidents_is_refused_and_left_as_it_was() {
    let mut store = shop(30, 3);
    let before = digest(&store);
    let err = store.generate_sample(30, 4, now()).unwrap_err();
    match err {
        Error::Conflict(message) => assert!(message.contains("already has incidents"), "{message}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(digest(&store), before);
}

#[test]
fn a_file_database_takes_a_sample_and_opens_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mend.db");
    let report = Store::open(&path).unwrap().generate_sample(200, 9, now()).unwrap();
    assert_eq!(report.incidents, 200);
    let store = Store::open(&path).unwrap();
    assert_eq!(count(&store, "SELECT count(*) FROM incidents"), 200);
    assert_eq!(count(&store, "SELECT count(*) FROM customers"), 60);
}

#[test]
fn screens_work_on_a_sample_shop() {
    let store = shop(500, 77);
    let day_start = "2026-11-22T00:00:00Z".parse().unwrap();
    let today = store.today(day_start, now(), &tz()).unwrap();
    let json = serde_json::to_value(&today).unwrap();
    assert!(json.is_object());

    let page = store.list_incidents(&ListQuery::default(), None, 50).unwrap();
    assert_eq!(page.total, 500);
    assert_eq!(page.items.len(), 50);
    let second = store.list_incidents(&ListQuery::default(), page.next.as_deref(), 50).unwrap();
    assert_eq!(second.items.len(), 50);
    let words = ListQuery { fts: Some("refund*".into()), ..Default::default() };
    let found = store.list_incidents(&words, None, 20).unwrap();
    assert!(found.total > 0);

    let mut checked_repeat = false;
    for row in page.items.iter().take(10) {
        let detail = store.incident(row.id, now(), &tz()).unwrap();
        assert!(!detail.checklist.is_empty());
        assert!(!detail.events.is_empty());
        assert!(detail.advice.is_some() || detail.status == "resolved");
        let card = store.customer_card(detail.customer.id).unwrap();
        assert!(card.incidents.iter().any(|i| i.id == row.id));
        checked_repeat |= card.incidents.len() > 1;
    }
    assert!(checked_repeat, "some of the newest complainants have complained before");
}
