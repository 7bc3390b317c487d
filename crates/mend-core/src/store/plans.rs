//! Which SQL a piece of store work runs, and how SQLite means to run it.
//!
//! Mend must stay quick on a shop with ten years of complaints, so no screen
//! may read a whole large table. This module lets a test record every
//! statement a store method executes (through SQLite's statement trace) and
//! ask SQLite for each one's query plan, then judge the plan: a `SCAN` of a
//! large table is a full read, except when it walks an index (or the rowid)
//! in the order the statement wants and a `LIMIT` stops it early, which is
//! how keyset paging looks.

use super::base::Store;
use crate::error::Result;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use std::sync::{Arc, Mutex};

/// One line of `EXPLAIN QUERY PLAN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStep {
    /// The step's id.
    pub id: i64,
    /// The id of the step it belongs to (0 at the top).
    pub parent: i64,
    /// SQLite's description ("SEARCH i USING INDEX incidents_status (status=?)").
    pub detail: String,
}

/// The plan SQLite chose for one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPlan {
    /// The statement, as it was prepared (with its `?` placeholders).
    pub sql: String,
    /// The plan's lines, in SQLite's order.
    pub steps: Vec<PlanStep>,
}

impl Store {
    /// Runs `work` on this store and returns its result with the text of
    /// every statement it executed, in first-run order, each once. Statements
    /// that triggers run inside a write are not listed (SQLite reports them
    /// as comments, not SQL).
    pub fn record_statements<T>(&mut self, work: impl FnOnce(&mut Store) -> T) -> Result<(T, Vec<String>)> {
        let seen: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        self.conn.trace_v2(
            TraceEventCodes::SQLITE_TRACE_STMT,
            Some(move |event: TraceEvent<'_>| {
                if let TraceEvent::Stmt(_, sql) = event {
                    let sql = sql.trim();
                    if sql.starts_with("--") {
                        return;
                    }
                    let mut list = sink.lock().unwrap_or_else(|p| p.into_inner());
                    if !list.iter().any(|s| s == sql) {
                        list.push(sql.to_string());
                    }
                }
            }),
        )?;
        let value = work(self);
        self.conn.trace_v2(TraceEventCodes::empty(), None::<fn(TraceEvent<'_>)>)?;
        let statements = std::mem::take(&mut *seen.lock().unwrap_or_else(|p| p.into_inner()));
        Ok((value, statements))
    }

    /// Runs `work` and returns its result with how long each statement it
    /// executed took, in the order they finished (a statement run twice is
    /// listed twice): for finding which query makes a screen slow.
    pub fn time_statements<T>(
        &mut self,
        work: impl FnOnce(&mut Store) -> T,
    ) -> Result<(T, Vec<(String, std::time::Duration)>)> {
        let seen: Arc<Mutex<Vec<(String, std::time::Duration)>>> = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        self.conn.trace_v2(
            TraceEventCodes::SQLITE_TRACE_PROFILE,
            Some(move |event: TraceEvent<'_>| {
                if let TraceEvent::Profile(stmt, took) = event {
                    let sql = stmt.sql().split_whitespace().collect::<Vec<_>>().join(" ");
                    sink.lock().unwrap_or_else(|p| p.into_inner()).push((sql, took));
                }
            }),
        )?;
        let value = work(self);
        self.conn.trace_v2(TraceEventCodes::empty(), None::<fn(TraceEvent<'_>)>)?;
        let times = std::mem::take(&mut *seen.lock().unwrap_or_else(|p| p.into_inner()));
        Ok((value, times))
    }

    /// How SQLite would run `sql` (`EXPLAIN QUERY PLAN`), without running it.
    /// Placeholders are left as NULL: the plan is the one SQLite made when the
    /// statement was prepared, before values were bound.
    pub fn query_plan(&self, sql: &str) -> Result<QueryPlan> {
        let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let unbound = vec![rusqlite::types::Null; stmt.parameter_count()];
        let steps = stmt
            .query_map(rusqlite::params_from_iter(unbound), |r| {
                Ok(PlanStep { id: r.get(0)?, parent: r.get(1)?, detail: r.get(3)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(QueryPlan { sql: sql.to_string(), steps })
    }
}

impl QueryPlan {
    /// The plan steps that read all of one of `tables`: a `SCAN` of the table
    /// (under its own name or an alias the statement gives it), unless the
    /// statement is a page — it has a `LIMIT`, no `OFFSET`, and SQLite needs
    /// no temporary sort, so the scan walks rows in the wanted order and stops
    /// after the page. A scan inside a subquery is never a page: it runs for
    /// every row the outer query looks at, whatever the outer limit.
    pub fn full_scans(&self, tables: &[&str]) -> Vec<&PlanStep> {
        let names = names_for(&self.sql, tables);
        let words = words(&self.sql);
        let has = |w: &str| words.iter().any(|x| x.eq_ignore_ascii_case(w));
        let sorts = self.steps.iter().any(|s| s.detail.starts_with("USE TEMP B-TREE FOR ORDER BY"));
        let paged = has("LIMIT") && !has("OFFSET") && !sorts;
        self.steps
            .iter()
            .filter(|s| {
                let Some(rest) = s.detail.strip_prefix("SCAN ") else { return false };
                let scanned = rest.split_whitespace().next().unwrap_or("");
                let a_page = paged && !self.in_subquery(s);
                names.iter().any(|n| n.eq_ignore_ascii_case(scanned)) && !a_page
            })
            .collect()
    }

    /// Whether `step` belongs to a subquery (a step above it says so).
    fn in_subquery(&self, step: &PlanStep) -> bool {
        let mut parent = step.parent;
        for _ in 0..self.steps.len() {
            let Some(up) = self.steps.iter().find(|s| s.id == parent) else { return false };
            if up.detail.contains("SUBQUERY") {
                return true;
            }
            parent = up.parent;
        }
        false
    }

    /// The plan as indented text, for error messages.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for step in &self.steps {
            let depth = depth_of(&self.steps, step);
            out.push_str(&"  ".repeat(depth + 1));
            out.push_str(&step.detail);
            out.push('\n');
        }
        out
    }
}

fn depth_of(steps: &[PlanStep], step: &PlanStep) -> usize {
    let mut depth = 0;
    let mut parent = step.parent;
    while parent != 0 && depth < steps.len() {
        depth += 1;
        parent = steps.iter().find(|s| s.id == parent).map(|s| s.parent).unwrap_or(0);
    }
    depth
}

/// The words of a statement: identifiers, keywords and numbers, with
/// quoted strings left out (a `'LIMIT'` in text is not a limit).
fn words(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    for ch in sql.chars() {
        if let Some(q) = quote {
            if ch == q {
                quote = None;
            }
            continue;
        }
        if ch.is_alphanumeric() || ch == '_' {
            word.push(ch);
            continue;
        }
        if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if ch == '\'' {
            quote = Some(ch);
        } else if !ch.is_whitespace() {
            out.push(ch.to_string());
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Words that can follow a table name in a `FROM` clause without being its alias.
const NOT_AN_ALIAS: &[&str] = &[
    "WHERE",
    "JOIN",
    "LEFT",
    "INNER",
    "CROSS",
    "NATURAL",
    "ON",
    "USING",
    "GROUP",
    "ORDER",
    "LIMIT",
    "WINDOW",
    "UNION",
    "EXCEPT",
    "INTERSECT",
    "INDEXED",
    "NOT",
    "SET",
    "VALUES",
    "RETURNING",
    "HAVING",
    "DEFAULT",
];

/// The names under which `tables` appear in `sql`: each table's own name and
/// any alias given to it after `FROM`, `JOIN`, `UPDATE` or `INTO`.
fn names_for(sql: &str, tables: &[&str]) -> Vec<String> {
    let words = words(sql);
    let mut names: Vec<String> = tables.iter().map(|t| t.to_string()).collect();
    for (i, w) in words.iter().enumerate() {
        let introduced =
            i > 0 && ["FROM", "JOIN", "UPDATE", "INTO"].iter().any(|k| words[i - 1].eq_ignore_ascii_case(k));
        if !introduced || !tables.iter().any(|t| t.eq_ignore_ascii_case(w)) {
            continue;
        }
        let mut next = i + 1;
        if words.get(next).is_some_and(|n| n.eq_ignore_ascii_case("AS")) {
            next += 1;
        }
        if let Some(alias) = words.get(next) {
            let is_name = alias.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_');
            if is_name && !NOT_AN_ALIAS.iter().any(|k| alias.eq_ignore_ascii_case(k)) {
                names.push(alias.clone());
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    const LARGE: &[&str] = &["incidents", "customers"];

    fn plan(sql: &str, details: &[&str]) -> QueryPlan {
        QueryPlan {
            sql: sql.to_string(),
            steps: details
                .iter()
                .enumerate()
                .map(|(i, d)| PlanStep { id: i as i64 + 2, parent: 0, detail: d.to_string() })
                .collect(),
        }
    }

    mod aliases {
        use super::*;

        #[test]
        fn after_from_and_join_with_or_without_as() {
            let names = names_for(
                "SELECT * FROM incidents i JOIN customers AS c ON c.id = i.customer_id LEFT JOIN categories cat",
                LARGE,
            );
            assert_eq!(names, ["incidents", "customers", "i", "c"]);
        }

        #[test]
        fn keywords_after_a_table_are_not_aliases() {
            let names = names_for("SELECT count(*) FROM incidents WHERE id = 1", LARGE);
            assert_eq!(names, ["incidents", "customers"]);
        }

        #[test]
        fn words_in_quotes_are_ignored() {
            let names = names_for("SELECT 'FROM incidents x' FROM customers c", LARGE);
            assert_eq!(names, ["incidents", "customers", "c"]);
        }
    }

    mod full_scans {
        use super::*;

        #[test]
        fn a_plain_scan_of_a_large_table_counts() {
            let p = plan("SELECT count(*) FROM incidents i WHERE i.description LIKE ?1", &["SCAN i"]);
            assert_eq!(p.full_scans(LARGE).len(), 1);
        }

        #[test]
        fn a_covering_index_scan_without_limit_counts() {
            let p = plan("SELECT count(*) FROM customers", &["SCAN customers USING COVERING INDEX customers_spend"]);
            assert_eq!(p.full_scans(LARGE).len(), 1);
        }

        #[test]
        fn an_ordered_index_walk_under_a_limit_is_a_page() {
            let p = plan(
                "SELECT * FROM incidents i ORDER BY i.received_at DESC, i.id DESC LIMIT ?",
                &["SCAN i USING INDEX incidents_received"],
            );
            assert!(p.full_scans(LARGE).is_empty());
        }

        #[test]
        fn a_limit_after_a_sort_still_reads_everything() {
            let p = plan(
                "SELECT * FROM incidents i ORDER BY i.severity LIMIT 10",
                &["SCAN i", "USE TEMP B-TREE FOR ORDER BY"],
            );
            assert_eq!(p.full_scans(LARGE).len(), 1);
        }

        #[test]
        fn an_offset_walk_is_not_a_page() {
            let p = plan(
                "SELECT total_spend_cents FROM customers ORDER BY total_spend_cents DESC LIMIT 1 OFFSET ?1",
                &["SCAN customers USING COVERING INDEX customers_spend"],
            );
            assert_eq!(p.full_scans(LARGE).len(), 1);
        }

        #[test]
        fn a_scan_in_a_subquery_is_not_covered_by_the_outer_limit() {
            let mut p = plan(
                "SELECT c.id, (SELECT count(*) FROM incidents i WHERE i.customer_id = c.id AND i.status = 'open')
                 FROM customers c ORDER BY c.name LIMIT 50",
                &["SCAN c USING COVERING INDEX customers_name", "CORRELATED SCALAR SUBQUERY 1", "SCAN i"],
            );
            p.steps[2].parent = p.steps[1].id;
            let scans = p.full_scans(LARGE);
            assert_eq!(scans.len(), 1);
            assert_eq!(scans[0].detail, "SCAN i");
        }

        #[test]
        fn searches_and_small_tables_are_fine() {
            let p = plan(
                "SELECT * FROM incidents i LEFT JOIN categories cat ON cat.id = i.category_id WHERE i.status = ?",
                &["SEARCH i USING INDEX incidents_status (status=?)", "SCAN cat"],
            );
            assert!(p.full_scans(LARGE).is_empty());
        }
    }

    mod recording {
        use super::*;

        #[test]
        fn lists_each_statement_once_in_order() {
            let mut store = Store::open_in_memory().unwrap();
            let ((), statements) = store
                .record_statements(|s| {
                    s.list_staff(false).unwrap();
                    s.list_categories(false).unwrap();
                    s.list_staff(false).unwrap();
                })
                .unwrap();
            assert_eq!(statements.len(), 2, "{statements:?}");
            assert!(statements[0].contains("FROM staff"));
            assert!(statements[1].contains("FROM categories"));
        }

        #[test]
        fn stops_recording_afterwards() {
            let mut store = Store::open_in_memory().unwrap();
            let (_, first) = store.record_statements(|s| s.list_staff(false)).unwrap();
            store.list_categories(false).unwrap();
            let (_, second) = store.record_statements(|_| ()).unwrap();
            assert_eq!(first.len(), 1);
            assert!(second.is_empty());
        }

        #[test]
        fn times_each_statement() {
            let mut store = Store::open_in_memory().unwrap();
            let (_, times) = store
                .time_statements(|s| {
                    s.list_staff(false).unwrap();
                    s.list_staff(false).unwrap();
                })
                .unwrap();
            assert_eq!(times.len(), 2);
            assert!(times[0].0.starts_with("SELECT id, name, active FROM staff"), "{times:?}");
        }

        #[test]
        fn plans_a_recorded_statement() {
            let mut store = Store::open_in_memory().unwrap();
            let (_, statements) = store.record_statements(|s| s.list_staff(false)).unwrap();
            let plan = store.query_plan(&statements[0]).unwrap();
            assert!(!plan.steps.is_empty());
            assert!(plan.describe().contains("staff"), "{}", plan.describe());
        }
    }
}
