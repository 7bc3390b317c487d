//! "In similar cases here" on the incident page and "Recovery that works" in Insights, in the
//! real window, with the counts the backend gives for the same generated sample shop.

#[allow(unused_imports)]
use super::common::{fresh_data_dir, generate_sample, keys, App};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use mend_core::domain::period::{Period, PeriodKind};
use mend_core::domain::validate::start_of_local_day;
use mend_core::store::Store;

const NOW: &str = "2026-12-03T09:00:00Z";

fn range(p: Period) -> (DateTime<Utc>, DateTime<Utc>) {
    let utc = FixedOffset::east_opt(0).unwrap();
    (start_of_local_day(p.start, &utc), start_of_local_day(p.end.succ_opt().unwrap(), &utc))
}

#[test]
fn similar_cases_beside_the_suggestion_and_recovery_that_works_in_insights() {
    let dir = fresh_data_dir();
    generate_sample(dir.path(), 1500, 11, NOW);
    let db = dir.path().join("mend.db");
    let now: DateTime<Utc> = NOW.parse().unwrap();
    let utc = FixedOffset::east_opt(0).unwrap();
    // An incident whose history has at least one group big enough to show.
    let (id, similar, recovery) = {
        let store = Store::open(&db).expect("open the sample database");
        let (id, similar) = (1..1500)
            .rev()
            .map(|id| (id, store.incident(id, now, &utc).unwrap().advice.unwrap().similar))
            .find(|(_, s)| s.enough && s.groups.len() >= 2)
            .expect("the sample has an incident with enough history");
        let today: NaiveDate = NOW[..10].parse().unwrap();
        let year = Period::of(PeriodKind::ThisYear, today, None).unwrap();
        let before = year.previous(PeriodKind::ThisYear);
        let figures = store.insights(year, range(year), before, range(before)).unwrap();
        (id, similar, figures.recovery)
    };

    let app = App::launch_full(dir, &[], &[("TZ", "UTC"), ("MEND_NOW", NOW), ("MEND_AUTO_BACKUP", "off")]);
    app.wait_for("#nav");
    app.visit(&format!("#/incidents/{id}"));
    app.wait_for("#similar-cases");
    // Folded to one line beside the suggestion; its count shows before it is opened.
    let summary = app.find("#similar-summary").text();
    assert!(summary.contains(&format!("{} case", similar.total)), "{summary}");
    app.find("#similar-summary").click();
    let title = app.wait_for("#similar-title").text();
    assert_eq!(title.to_lowercase(), "in similar cases here");
    let total = app.find("#similar-total").text();
    assert!(total.contains(&format!("{} similar case", similar.total)), "{total}");
    let rows = app.find_all("#similar-table tbody tr");
    assert_eq!(rows.len(), similar.groups.len());
    for (row, group) in rows.iter().zip(&similar.groups) {
        let text = row.text();
        assert!(text.starts_with(&group.label), "{text} / {group:?}");
        assert!(text.contains(&group.count.to_string()), "{text} / {group:?}");
        if group.enough {
            assert!(text.contains(&format!("{}%", group.came_back_percent)), "{text} / {group:?}");
            assert!(text.contains(&format!("{}%", group.satisfied_percent)), "{text} / {group:?}");
        } else {
            assert!(text.contains("Too few to tell"), "{text}");
        }
    }
    assert_eq!(app.find_all("#similar-not-enough").len(), 0, "enough history: no 'not enough' line");
    assert_eq!(app.find_all("#similar-note").len(), usize::from(similar.note.is_some()));
    app.scroll_to("#similar-cases");
    app.screenshot("advice-similar-cases");

    // Insights: this year, "Recovery that works" with the backend's rows in its table.
    app.visit("#/insights");
    app.wait_for("#insights-period");
    app.execute(
        "const s = document.querySelector('#insights-period'); s.value = 'this_year'; s.dispatchEvent(new Event('change'));",
        &[],
    );
    app.wait_for("figure[data-chart=\"recovery\"]");
    assert_eq!(app.find("#chart-recovery-title").text().to_lowercase(), "recovery that works");
    app.wait_until("this year's recovery table", |s| {
        s.find_all("figure[data-chart=\"recovery\"] .chart-table tbody tr").len() == recovery.len()
    });
    app.scroll_to("figure[data-chart=\"recovery\"]");
    if recovery.iter().any(|l| l.group.enough) {
        app.wait_for("figure[data-chart=\"recovery\"] svg");
    }
    app.screenshot("insights-recovery-that-works");
}
