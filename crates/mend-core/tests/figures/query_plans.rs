//! No screen reads a whole large table.
//!
//! A sample shop of a few thousand incidents is built, every screen's store
//! work runs with its SQL recorded, and SQLite's plan for each statement is
//! checked: a full `SCAN` of a large table fails the test, naming the screen,
//! the SQL and the plan. Walking an index in order under a `LIMIT` (keyset
//! paging) is fine; counting or summing over a date range must be a range
//! `SEARCH`. The timings themselves are in the benchmarks
//! (`crates/mend-core/benches/screens.rs`), never asserted here.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use mend_core::domain::gesture::GivenInput;
use mend_core::domain::incident::{IncidentInput, ListQuery, Status};
use mend_core::domain::period::{Period, PeriodKind};
use mend_core::domain::recovery;
use mend_core::domain::recovery::{CallInput, MovePromiseInput, PromiseInput};
use mend_core::store::Store;

/// Tables that grow with the shop's history.
const LARGE: &[&str] = &[
    "incidents",
    "customers",
    "incident_steps",
    "incident_events",
    "incident_gestures",
    "promises",
    "promise_moves",
    "follow_ups",
    "prevention_actions",
    // The daily roll-ups (schema v6) are small next to the rows, but grow
    // with the days of history (and the duration histograms with the days
    // times the buckets used): they too are read by day range only.
    "daily_incidents",
    "daily_times",
    "daily_root_causes",
    "daily_gestures",
    "daily_calls",
    "daily_promises",
    "daily_prevention",
];

fn now() -> DateTime<Utc> {
    "2026-11-24T09:30:00Z".parse().unwrap()
}

fn midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).unwrap().and_utc()
}

fn shop() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    store.generate_sample(3000, 7, now()).unwrap();
    store
}

fn one(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Statements allowed to walk part of a large table's index, and why. Each
/// one is measured by the benchmarks (docs/performance.md).
const ALLOWED: &[(&str, &str)] = &[(
    "ORDER BY total_spend_cents DESC LIMIT 1 OFFSET ?1",
    "the spend of the customer at the \"top 10%\" / \"loyal 30%\" rank: walks that share of the spend index \
     (never the rows), a few milliseconds at 300,000 customers",
)];

/// Runs screens on a store and collects the plans that read a whole large table.
struct Checker {
    store: Store,
    statements: usize,
    /// Each failing statement with its plan and the screens that ran it.
    failures: Vec<(String, String, Vec<String>)>,
}

impl Checker {
    fn new(store: Store) -> Self {
        Self { store, statements: 0, failures: Vec::new() }
    }

    /// Runs `work` as the screen `screen` and checks every statement it ran.
    fn screen<T>(&mut self, screen: &str, work: impl FnOnce(&mut Store) -> mend_core::error::Result<T>) -> T {
        let (result, statements) = self.store.record_statements(work).unwrap();
        let value = result.unwrap_or_else(|e| panic!("{screen} failed: {e}"));
        assert!(!statements.is_empty(), "{screen} ran no SQL: the recording is broken");
        for sql in statements {
            self.statements += 1;
            let sql = sql.split_whitespace().collect::<Vec<_>>().join(" ");
            if ALLOWED.iter().any(|(fragment, _)| sql.contains(fragment)) {
                continue;
            }
            let plan = self.store.query_plan(&sql).unwrap();
            if plan.full_scans(LARGE).is_empty() {
                continue;
            }
            match self.failures.iter_mut().find(|(s, _, _)| *s == sql) {
                Some((_, _, screens)) => screens.push(screen.to_string()),
                None => self.failures.push((sql, plan.describe(), vec![screen.to_string()])),
            }
        }
        value
    }

    fn finish(self) {
        let report: Vec<String> = self
            .failures
            .iter()
            .map(|(sql, plan, screens)| format!("{sql}\n  run by: {}\n  plan:\n{plan}", screens.join(", ")))
            .collect();
        assert!(report.is_empty(), "{} statement(s) read a whole large table:\n\n{}", report.len(), report.join("\n"));
    }
}

#[test]
fn the_checker_catches_a_full_scan() {
    let mut c = Checker::new(Store::open_in_memory().unwrap());
    c.screen("a careless query", |s| {
        Ok(s.connection().query_row("SELECT count(*) FROM incidents i WHERE i.description LIKE '%late%'", [], |r| {
            r.get::<_, i64>(0)
        })?)
    });
    c.screen("a careless sort", |s| {
        Ok(s.connection().query_row("SELECT id FROM customers ORDER BY notes LIMIT 1", [], |r| r.get::<_, i64>(0)).ok())
    });
    assert_eq!(c.failures.len(), 2, "{:#?}", c.failures);
    assert!(c.failures[0].0.contains("description LIKE"), "the failure names the SQL: {:?}", c.failures[0]);
    assert_eq!(c.failures[1].2, ["a careless sort"], "and the screen that ran it");
}

#[test]
fn no_screen_reads_a_whole_large_table() {
    let mut c = Checker::new(shop());
    let now = now();
    let utc = Utc;
    let open_id = one(&c.store, "SELECT id FROM incidents WHERE status = 'open' ORDER BY id LIMIT 1");
    let resolved_id = one(
        &c.store,
        "SELECT i.id FROM incidents i WHERE i.status = 'resolved'
           AND EXISTS (SELECT 1 FROM follow_ups f WHERE f.incident_id = i.id)
           AND EXISTS (SELECT 1 FROM incident_gestures g WHERE g.incident_id = i.id)
         ORDER BY i.id LIMIT 1",
    );
    let regular =
        one(&c.store, "SELECT customer_id FROM incidents GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1");

    // Today and the morning call list.
    let today = c.screen("Today", |s| s.today(midnight(now.date_naive()), now, &utc));
    assert!(!today.open_incidents.is_empty());
    c.screen("Call list", |s| s.call_list(now, &utc));

    // The incident list: first and a later page, bare, searched and with each filter.
    let lists = [
        ("all", ListQuery::default()),
        ("search", ListQuery { fts: Some("\"waited\"*".into()), ..Default::default() }),
        ("open", ListQuery { status: Some(Status::Open), ..Default::default() }),
        ("resolved", ListQuery { status: Some(Status::Resolved), ..Default::default() }),
        ("severity", ListQuery { severity: Some(4), ..Default::default() }),
        ("category", ListQuery { category_id: Some(2), ..Default::default() }),
        (
            "dates",
            ListQuery {
                from: Some(now - Duration::days(60)),
                until: Some(now - Duration::days(30)),
                ..Default::default()
            },
        ),
        (
            "everything at once",
            ListQuery {
                fts: Some("\"the\"*".into()),
                status: Some(Status::Resolved),
                severity: Some(2),
                category_id: Some(1),
                from: Some(now - Duration::days(300)),
                until: Some(now),
            },
        ),
    ];
    for (name, q) in &lists {
        let first = c.screen(&format!("Incident list ({name}), first page"), |s| s.list_incidents(q, None, 20));
        if let Some(next) = first.next {
            c.screen(&format!("Incident list ({name}), next page"), |s| s.list_incidents(q, Some(&next), 20));
        }
    }

    // The incident page (with its advisor) for an open and a resolved incident.
    for id in [open_id, resolved_id] {
        let detail = c.screen(&format!("Incident page #{id}"), |s| s.incident(id, now, &utc));
        c.screen(&format!("Advisor for #{id}"), |s| s.advice_for(&detail.advice_facts()));
    }

    // Customers: list, later page, filter, type-ahead, the busiest customer's card.
    let page = c.screen("Customer list, first page", |s| s.list_customers("", None, 50));
    let next = page.next.expect("more than one page of customers");
    c.screen("Customer list, next page", |s| s.list_customers("", Some(&next), 50));
    c.screen("Customer list, filtered", |s| s.list_customers("son", None, 50));
    c.screen("Customer search (name)", |s| s.search_customers("mar", 8));
    c.screen("Customer search (phone digits)", |s| s.search_customers("555 01", 8));
    c.screen("Customer card", |s| s.customer_card(regular));

    // The owner's figures for a year.
    let today = now.date_naive();
    let year = Period::of(PeriodKind::Custom, today, Some((today - Duration::days(364), today))).unwrap();
    let before = year.previous(PeriodKind::Custom);
    let range = |p: &Period| (midnight(p.start), midnight(p.end + Duration::days(1)));
    c.screen("Insights, a year", |s| s.insights(year, range(&year), before, range(&before)));
    c.screen("Goodwill ledger, a year", |s| {
        let (from, until) = range(&year);
        s.goodwill_ledger(Some(from), Some(until))
    });

    // Playbooks and settings.
    c.screen("Playbooks", |s| s.list_playbooks(true));
    c.screen("Playbook", |s| s.playbook(1));
    c.screen("Settings", |s| {
        s.settings()?;
        s.list_staff(true)?;
        s.list_categories(true)?;
        s.list_gestures(true)?;
        s.advisor_config()?;
        s.follow_up_rules()?;
        s.notifications_enabled()
    });

    // The everyday writes, each read back as the screen shows it.
    let logged = c.screen("Log an incident", |s| {
        let input = IncidentInput {
            customer_id: Some(regular),
            channel: "phone".into(),
            severity: Some(3),
            description: "Waited forty minutes past the booked time.".into(),
            taken_by: Some(1),
            failure_kind: "process".into(),
            fault: "shop".into(),
            ..Default::default()
        };
        let fields = input.validated(now, &utc)?;
        s.create_incident(&fields, Some(1), now)
    });
    c.screen("Tick a step", |s| s.tick_step(logged, 1, &recovery::step_note("").unwrap(), Some(1), now));
    c.screen("Make a promise", |s| {
        let input =
            PromiseInput { text: "Call back tomorrow".into(), due_at: "2026-11-25T10:00".into(), owner_id: None };
        s.add_promise(logged, &input.validated(now, &utc).unwrap(), Some(1), now, &utc)
    });
    c.screen("Move a promise", |s| {
        let promise = s.incident(logged, now, &utc)?.promises[0].id;
        let input = MovePromiseInput { due_at: "2026-11-27T17:00".into(), reason: "The part is late".into() };
        s.move_promise(promise, &input.validated(now, &utc)?, Some(1), now, &utc)?;
        s.incident(logged, now, &utc)
    });
    c.screen("Give a gesture", |s| {
        let input = GivenInput {
            gesture_id: Some(1),
            description: "Apology note".into(),
            kind: "symbolic".into(),
            cost: "1.00".into(),
            ..Default::default()
        };
        let fields = input.validated()?;
        s.record_gesture(logged, &fields, None, Some(1), now)
    });
    c.screen("Resolve", |s| s.resolve_incident(logged, &recovery::resolution_note("Sorted").unwrap(), Some(1), now));
    let call = one(&c.store, "SELECT id FROM follow_ups WHERE done_at IS NULL ORDER BY id LIMIT 1");
    c.screen("Tick off a call", |s| {
        s.log_call(
            call,
            &CallInput { outcome: "satisfied".into(), ..Default::default() }.validated(now, &utc).unwrap(),
            Some(1),
            now,
            &utc,
        )
    });

    assert!(c.statements > 60, "only {} statements were checked", c.statements);
    c.finish();
}

/// "In similar cases here" and "Recovery that works" read by index: the category index newest
/// first (at most 500 cases) and the resolved-time index for a period, with index lookups per case.
#[test]
fn the_shops_own_history_is_read_by_index() {
    let mut store = shop();
    let now = now();
    let utc = Utc;
    let (_, statements) = store.record_statements(|s| s.incident(42, now, &utc)).unwrap();
    let similar =
        statements.iter().find(|sql| sql.contains("INDEXED BY incidents_category")).expect("the history query runs");
    let plan = store.query_plan(similar).unwrap();
    assert!(plan.full_scans(LARGE).is_empty(), "{}", plan.describe());
    assert!(plan.describe().contains("incidents_category"), "{}", plan.describe());
    assert!(plan.describe().contains("incident_gestures_incident"), "{}", plan.describe());
    assert!(plan.describe().contains("follow_ups_incident"), "{}", plan.describe());
    let today = now.date_naive();
    let year = Period::of(PeriodKind::Custom, today, Some((today - Duration::days(364), today))).unwrap();
    let before = year.previous(PeriodKind::Custom);
    let range = |p: &Period| (midnight(p.start), midnight(p.end + Duration::days(1)));
    let (_, statements) = store.record_statements(|s| s.insights(year, range(&year), before, range(&before))).unwrap();
    let recovery =
        statements.iter().find(|sql| sql.contains("INDEXED BY incidents_resolved_at")).expect("recovery runs");
    let plan = store.query_plan(recovery).unwrap();
    assert!(plan.full_scans(LARGE).is_empty(), "{}", plan.describe());
    assert!(plan.describe().contains("incidents_resolved_at"), "{}", plan.describe());
}
