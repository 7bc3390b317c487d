//! Records, end to end: resolving an incident none of whose steps was ticked counts as its
//! first response (the header says so, the timeline explains it, and Insights counts every
//! incident of the period, the one still waiting included); Insights' "This month" in the first
//! week of June is compared with the same days of May and says so, with both spans; and the
//! exported incidents read "In person", not `in_person`, with the codes in extra columns; and
//! the HEARD and LAST playbooks spell out their letters in Settings and in the editor.

use super::common::{fresh_data_dir, generate_sample, App, Session};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use mend_core::domain::customer::NewCustomerInput;
use mend_core::domain::incident::IncidentInput;
use mend_core::domain::period::{Period, PeriodKind};
use mend_core::domain::validate::start_of_local_day;
use mend_core::store::Store;
use serde_json::json;

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// Logs an in-person complaint from a new customer, received at `when`.
fn log(store: &mut Store, name: &str, when: &str) -> i64 {
    let input = IncidentInput {
        new_customer: Some(NewCustomerInput { name: name.into(), ..Default::default() }),
        channel: "in_person".into(),
        category_id: Some(2),
        severity: Some(3),
        description: "The colour came out patchy".into(),
        ..Default::default()
    };
    let fields = input.validated(at(when), &utc()).unwrap();
    store.create_incident(&fields, None, at(when)).unwrap()
}

/// The text of every cell of a chart's table body, row by row.
fn table_rows(s: &Session, chart: &str) -> Vec<Vec<String>> {
    let v = s.execute(
        "const t = document.querySelector(`figure[data-chart=\"${arguments[0]}\"] table`);
         if (!t) return [];
         return [...t.tBodies[0].rows].map((row) => [...row.cells].map((c) => c.textContent.trim()));",
        &[json!(chart)],
    );
    serde_json::from_value(v).expect("table cells")
}

/// The header cells of a chart's table.
fn table_head(s: &Session, chart: &str) -> Vec<String> {
    let v = s.execute(
        "const t = document.querySelector(`figure[data-chart=\"${arguments[0]}\"] table`);
         return t ? [...t.tHead.rows[0].cells].map((c) => c.textContent.trim()) : [];",
        &[json!(chart)],
    );
    serde_json::from_value(v).expect("header cells")
}

#[test]
fn resolving_with_no_step_ticked_is_the_first_response_and_insights_counts_every_incident() {
    const NOW: &str = "2026-06-04T10:00:00Z";
    let data = fresh_data_dir();
    {
        let mut store = Store::open(&data.path().join("mend.db")).unwrap();
        // Three minutes before now, and twenty: the second one is never answered.
        assert_eq!(log(&mut store, "Zoë Brandt", "2026-06-04T09:57:00Z"), 1);
        log(&mut store, "Bo Lind", "2026-06-04T09:40:00Z");
    }
    let out = tempfile::tempdir().unwrap();
    let saved = out.path().join("incidents.csv");
    let saved_text = saved.display().to_string();
    let app = App::launch_full(
        data,
        &[],
        &[("TZ", "UTC"), ("MEND_NOW", NOW), ("MEND_AUTO_BACKUP", "off"), ("MEND_SAVE_FILE", saved_text.as_str())],
    );
    app.wait_for("#nav");

    // Resolved straight away, no step ticked.
    app.execute("location.hash = '#/incidents/1';", &[]);
    app.wait_for_text("#first-response", "No response yet");
    app.find("#resolve-incident").click();
    app.wait_for("#confirm-resolve").click();
    app.wait_for_text("#time-to-resolve", "Resolved in");
    let header = app.wait_for_text("#first-response", "First response:").text();
    assert!(header.starts_with("First response: 3 min"), "{header}");
    app.show_timeline();
    app.wait_for_text("#timeline", "Resolving counted as the first response (no step had been ticked)");
    app.execute("window.scrollTo(0, 0);", &[]);
    app.screenshot("first-week-records-resolved-no-step");

    // Insights, this month: both incidents count, one still waiting.
    app.go("insights");
    let note = app.wait_for_text("#insights-first-response .stat-note", "within the 5 min target").text();
    assert_eq!(note, "1 of 2 within the 5 min target · 1 still waiting for a first response");
    app.wait_until("the response table", |s| !table_rows(s, "first-response").is_empty());
    let rows = table_rows(&app, "first-response");
    let row = |label: &str| rows.iter().find(|r| r[0] == label).unwrap_or_else(|| panic!("no {label} in {rows:?}"));
    assert_eq!(row("Incidents measured")[1], "1");
    assert_eq!(row("Still waiting for a first response")[1], "1");
    assert_eq!(row("Within target")[1], "1");
    app.wait_for_text("figure[data-chart=\"first-response\"] .chart-notes", "1 of 2 within the target of 5 min");
    app.wait_for_text(
        "figure[data-chart=\"first-response\"] .first-response-waiting",
        "1 incident of this period is still waiting for a first response.",
    );
    app.screenshot("first-week-records-insights-headlines");
    app.scroll_to("figure[data-chart=\"first-response\"]");
    app.screenshot("first-week-records-insights-response");

    // The export reads as the screens do; the codes come last, for programs.
    app.go("settings");
    app.wait_for("#settings-data-link").click();
    app.wait_for("#data-export-incidents").click();
    app.wait_for_text("#data-export-status", "Saved 2 incidents to");
    let text = std::fs::read_to_string(&saved).expect("the CSV file");
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let head: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap_or_else(|| panic!("no {name} in {head:?}"));
    let first: Vec<String> = reader.records().next().unwrap().unwrap().iter().map(str::to_string).collect();
    assert_eq!(first[col("channel")], "In person");
    assert_eq!(first[col("failure_kind")], "The work itself");
    assert_eq!(first[col("fault")], "Ours");
    assert_eq!(first[col("channel_code")], "in_person");
    assert!(col("channel_code") > col("root_cause"), "the codes come after the columns people read");
}

#[test]
fn this_month_in_its_first_week_is_compared_with_the_same_days_last_month() {
    const NOW: &str = "2026-06-07T15:00:00Z";
    let data = fresh_data_dir();
    generate_sample(data.path(), 300, 7, NOW);
    // What the backend compares: 1–7 June with 1–7 May.
    let today: NaiveDate = NOW[..10].parse().unwrap();
    let period = Period::of(PeriodKind::ThisMonth, today, None).unwrap();
    let previous = period.previous(PeriodKind::ThisMonth);
    assert_eq!(previous, Period { start: "2026-05-01".parse().unwrap(), end: "2026-05-07".parse().unwrap() });
    let range =
        |p: Period| (start_of_local_day(p.start, &utc()), start_of_local_day(p.end.succ_opt().unwrap(), &utc()));
    let figures = Store::open(&data.path().join("mend.db"))
        .unwrap()
        .insights(period, range(period), previous, range(previous))
        .unwrap();
    let app = App::launch_full(data, &[], &[("TZ", "UTC"), ("MEND_NOW", NOW), ("MEND_AUTO_BACKUP", "off")]);
    app.wait_for("#nav");
    app.go("insights");
    assert_eq!(app.wait_for("#insights-period").value(), "this_month");
    let line = app.wait_for_text("#insights-range", "compared with").text();
    assert!(line.ends_with("(the same days last month)."), "{line}");
    // Both spans: June's first week and May's, never the end of May.
    let (now_span, before_span) = line.split_once(", compared with ").expect("two spans");
    assert!(now_span.contains("Jun") && now_span.contains('1') && now_span.contains('7'), "{line}");
    assert!(before_span.contains("May") && before_span.contains('1') && before_span.contains('7'), "{line}");
    for wrong in ["25", "31", "month before"] {
        assert!(!line.contains(wrong), "{wrong:?} in {line}");
    }
    app.wait_for_text("#insights-incidents .stat-value", &figures.incidents.now.to_string());
    app.wait_for_text("#insights-incidents .stat-note", "the same days last month");
    assert_eq!(table_head(&app, "first-response"), ["Figure", "This period", "The same days last month"]);
    app.screenshot("first-week-records-insights-this-month");

    // The other named periods say what they are compared with too.
    for (period, phrase) in
        [("last_3_months", "the same days 3 months earlier"), ("this_year", "the same days a year ago")]
    {
        app.set_value("#insights-period", period);
        app.wait_for_text("#insights-range", phrase);
        app.wait_for("figure[data-chart=\"weekly\"] svg.chart");
        app.screenshot(&format!("first-week-records-insights-{period}"));
    }

    // Playbooks explain themselves: HEARD spells out its letters in Settings and in the editor.
    app.go("settings");
    let heard = "Hear, Empathize, Apologize, Resolve, Diagnose:";
    app.wait_for_text("#playbook-list li[data-id=\"5\"] .playbook-summary", heard);
    app.wait_for_text("#playbook-list li[data-id=\"6\"] .playbook-summary", "Listen, Apologize, Solve, Thank:");
    app.find("#playbook-list li[data-id=\"5\"] .view-playbook").click();
    app.wait_for_text("#playbook-lead", heard);
    app.screenshot("first-week-records-playbook-heard");
}
