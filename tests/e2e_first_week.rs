//! A salon owner's first week, end to end in the real window: nothing on any screen reads like
//! code (no "null", "undefined", "NaN" or "[object Object]"), the incident page's working parts
//! fit the first screen, resolving counts as a response, one way of writing dates, the reopened
//! reason in the header, Insights comparing like with like, and the intake, import preview and
//! call-list rough edges smoothed. One module per area; they share one binary (and one webview
//! link) to keep CI quick.

mod common;

#[path = "e2e_first_week/screens.rs"]
mod screens;

#[path = "e2e_first_week/incident_page.rs"]
mod incident_page;

#[path = "e2e_first_week/records.rs"]
mod records;

#[path = "e2e_first_week/everyday.rs"]
mod everyday;

/// The first column of every row `sql` returns: ids to visit.
fn ids(db: &rusqlite::Connection, sql: &str) -> Vec<i64> {
    let mut stmt = db.prepare(sql).unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}
