//! End to end, in the real window: the Insights screen on a generated sample
//! shop. The charts' tables must hold the backend's own figures for the same
//! period (worked out here with `Store::insights`); a custom period running
//! backwards is refused next to the field and leaves the charts on show; an
//! empty period says so instead of drawing empty axes; "Copy as CSV" puts the
//! table on the clipboard, and says so plainly when the clipboard is refused.
//!
//! UTC wall clocks and a fixed clock make the figures repeatable.

mod common;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use common::{fresh_data_dir, keys, App, Session};
use mend_core::domain::period::{Period, PeriodKind};
use mend_core::domain::validate::start_of_local_day;
use mend_core::store::{Insights, Store};
use serde_json::json;
use std::path::Path;

const NOW: &str = "2026-11-20T15:00:00Z";

/// Fills `dir/mend.db` with a sample shop of `incidents` incidents.
fn generate(dir: &Path, incidents: usize, seed: u64) {
    common::generate_sample(dir, incidents, seed, NOW);
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The UTC instants of the period's first midnight and the midnight after its last day.
fn range(p: Period) -> (DateTime<Utc>, DateTime<Utc>) {
    let utc = FixedOffset::east_opt(0).unwrap();
    (start_of_local_day(p.start, &utc), start_of_local_day(p.end.succ_opt().unwrap(), &utc))
}

/// What the backend reports for `kind` (or the custom days) on the day of NOW.
fn expected(db: &Path, kind: PeriodKind, custom: Option<(&str, &str)>) -> (Period, Insights) {
    let store = Store::open(db).expect("open the sample database");
    let period = Period::of(kind, day(&NOW[..10]), custom.map(|(a, b)| (day(a), day(b)))).unwrap();
    let previous = period.previous(kind);
    (period, store.insights(period, range(period), previous, range(previous)).unwrap())
}

/// The Pareto table as the screen should show it: category, count, cumulative share, root causes.
fn pareto_rows(i: &Insights) -> Vec<Vec<String>> {
    i.pareto
        .iter()
        .map(|p| {
            let causes = if p.root_causes.is_empty() { "—".to_string() } else { p.root_causes.join(" · ") };
            vec![p.category.clone(), p.count.to_string(), format!("{}%", p.cumulative_percent), causes]
        })
        .collect()
}

/// The text of every cell of a chart's table: its header row, then the body rows.
fn table(s: &Session, chart: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let v = s.execute(
        "const t = document.querySelector(`figure[data-chart=\"${arguments[0]}\"] table`);
         if (!t) return null;
         const cells = (row) => [...row.cells].map((c) => c.textContent.trim());
         return [cells(t.tHead.rows[0]), [...t.tBodies[0].rows].map(cells)];",
        &[json!(chart)],
    );
    if v.is_null() {
        return (vec![], vec![]);
    }
    serde_json::from_value(v).expect("table cells")
}

#[test]
fn a_year_of_the_sample_shop_read_from_the_charts() {
    let dir = fresh_data_dir();
    generate(dir.path(), 300, 7);
    let db = dir.path().join("mend.db");
    let (year, this_year) = expected(&db, PeriodKind::ThisYear, None);
    assert!(this_year.pareto.len() >= 3, "the sample has incidents in several categories");

    let app = App::launch_full(dir, &[], &[("TZ", "UTC"), ("MEND_NOW", NOW), ("MEND_AUTO_BACKUP", "off")]);
    app.wait_for("#nav");

    // Alt+5 opens Insights (Settings moved to Alt+6).
    app.wait_for("#view h1").click();
    app.send_keys_to_active(&format!("{}5", keys::ALT));
    app.wait_for("#insights-period");
    assert!(app.find("#nav a[data-route=\"insights\"]").attr("aria-current").is_some());
    app.wait_for("figure[data-chart=\"pareto\"] svg.chart");
    assert_eq!(app.find("#insights-period").value(), "this_month", "this month comes first");
    app.screenshot("insights-month");

    // This year: the Pareto table holds the backend's figures, row for row.
    app.set_value("#insights-period", "this_year");
    let want = pareto_rows(&this_year);
    app.wait_until("the Pareto table for this year", |s| table(s, "pareto").1 == want);
    let (head, _) = table(&app, "pareto");
    assert_eq!(head, ["Category", "Incidents", "Cumulative share", "Most common root causes"]);
    assert_eq!(app.find("#insights-incidents .stat-value").text(), this_year.incidents.now.to_string());
    assert!(!app.is_shown("#insights-from"), "no custom days for a named period");

    // The weekly table: one row per week of the year so far, the backend's count in each cell.
    let weeks = year.week_starts();
    let (head, rows) = table(&app, "weekly");
    assert_eq!(rows.len(), weeks.len());
    for (week, category, count) in &this_year.weekly {
        let r = weeks.iter().position(|w| w.to_string() == *week).expect("a week of the period");
        let c = head.iter().position(|h| h == category).expect("a column per category");
        assert_eq!(rows[r][c], count.to_string(), "week of {week}, {category}");
    }
    let total: i64 = rows.iter().map(|r| r.last().unwrap().parse::<i64>().unwrap()).sum();
    assert_eq!(total, this_year.incidents.now);

    // Every chart has an SVG with a summary for screen readers.
    for chart in ["weekly", "pareto", "first-response", "spend-month", "gestures", "follow-ups", "promises"] {
        let label = app.find(&format!("figure[data-chart=\"{chart}\"] svg[role=\"img\"]")).attr("aria-label");
        assert!(label.is_some_and(|l| l.len() > 20), "{chart} has a summary");
    }
    app.screenshot("insights-year");
    app.scroll_to("figure[data-chart=\"pareto\"]");
    app.screenshot("insights-year-pareto");
    app.scroll_to("figure[data-chart=\"first-response\"]");
    app.screenshot("insights-year-response");
    app.scroll_to("figure[data-chart=\"gestures\"]");
    app.screenshot("insights-year-outcomes");
    app.scroll_to("figure[data-chart=\"follow-ups\"]");
    app.screenshot("insights-year-customers");

    // "Show table" makes the Pareto table visible (it is always there for screen readers).
    assert!(!app.is_shown("figure[data-chart=\"pareto\"] .chart-table:not(.visually-hidden)"));
    app.find("figure[data-chart=\"pareto\"] button.show-table").click();
    app.wait_until("the table is shown", |s| {
        s.is_shown("figure[data-chart=\"pareto\"] .chart-table:not(.visually-hidden)")
    });
    assert_eq!(app.find("figure[data-chart=\"pareto\"] button.show-table").text(), "Hide table");
    app.scroll_to("figure[data-chart=\"pareto\"] .chart-table");
    app.screenshot("insights-year-pareto-table");

    // "Copy as CSV": a clipboard that accepts, then one that refuses.
    app.execute(
        "Object.defineProperty(navigator, 'clipboard', { configurable: true, value: {
           writeText: (text) => { window.__copied = text; return Promise.resolve(); } } });",
        &[],
    );
    app.find("figure[data-chart=\"pareto\"] button.copy-csv").click();
    app.wait_for_text("#toast", "clipboard");
    let csv = app.execute("return window.__copied || '';", &[]);
    let csv = csv.as_str().unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "Category,Incidents,Cumulative share,Most common root causes");
    let top = &this_year.pareto[0];
    assert!(
        lines[1].starts_with(&format!("{},{},{},", top.category, top.count, top.cumulative_percent)),
        "{}",
        lines[1]
    );
    assert_eq!(lines.len(), this_year.pareto.len() + 2, "header, a line per category, then the final line break");
    app.execute(
        "Object.defineProperty(navigator, 'clipboard', { configurable: true, value: {
           writeText: () => Promise.reject(new Error('denied')) } });",
        &[],
    );
    app.find("figure[data-chart=\"weekly\"] button.copy-csv").click();
    app.wait_for_text("#error-text", "could not be put on the clipboard");
    app.find("#error-dismiss").click();
    app.execute("document.getElementById('toast').classList.remove('show');", &[]);

    // A custom period running backwards: the message sits by the field, the year stays on show.
    app.set_value("#insights-period", "custom");
    app.wait_until("the custom days are shown", |s| s.is_shown("#insights-from"));
    app.set_value("#insights-from", "2026-10-10");
    app.set_value("#insights-to", "2026-10-01");
    app.find("#insights-apply").click();
    let error = app.wait_for("#insights-form .field.invalid .field-error");
    assert!(error.text().contains("on or after"), "{}", error.text());
    assert_eq!(table(&app, "pareto").1, want, "the year's charts stay");
    app.screenshot("insights-custom-error");

    // Put right: October's figures replace the year's, and the message goes.
    app.set_value("#insights-from", "2026-10-01");
    app.set_value("#insights-to", "2026-10-31");
    app.find("#insights-apply").click();
    let (_, october) = expected(&db, PeriodKind::Custom, Some(("2026-10-01", "2026-10-31")));
    let want_october = pareto_rows(&october);
    assert_ne!(want_october, want);
    app.wait_until("October's Pareto table", |s| table(s, "pareto").1 == want_october);
    assert!(!app.exists("#insights-form .field-error"));

    // A period without incidents says so instead of drawing empty axes.
    app.set_value("#insights-from", "2020-01-01");
    app.set_value("#insights-to", "2020-01-31");
    app.find("#insights-apply").click();
    app.wait_for_text("figure[data-chart=\"weekly\"] .chart-empty", "No incidents in this period");
    app.wait_for_text("figure[data-chart=\"pareto\"] .chart-empty", "No incidents in this period");
    assert!(!app.exists("figure[data-chart=\"weekly\"] svg.chart"));
    assert!(!app.exists("figure[data-chart=\"pareto\"] svg.chart"));
    assert_eq!(app.find("#insights-incidents .stat-value").text(), "0");
    app.screenshot("insights-empty");

    // The chosen period is remembered on the way back.
    app.go("today");
    app.wait_for("#today-date");
    app.go("insights");
    app.wait_for_text("figure[data-chart=\"weekly\"] .chart-empty", "No incidents in this period");
    assert_eq!(app.find("#insights-period").value(), "custom");
    assert_eq!(app.find("#insights-from").value(), "2020-01-01");
}
