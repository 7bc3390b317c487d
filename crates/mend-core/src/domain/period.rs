//! Periods for the owner's monthly look: which days "this month", "last 3
//! months" or "this year" cover, the period each is compared with (like with
//! like: the same days of the month, the quarter or the year before), the
//! weeks inside a period, and the percentiles Insights reports.

use super::validate::{self, Checker};
use crate::error::Error;
use chrono::{Datelike, Duration, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The periods the Insights screen offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// From the first of this month to today.
    ThisMonth,
    /// The three calendar months ending with this one (this one so far).
    /// Named "last_3_months" as the screen sends it (snake case alone
    /// would make it "last3_months").
    #[serde(rename = "last_3_months")]
    Last3Months,
    /// From 1 January to today.
    ThisYear,
    /// Days the owner picks.
    Custom,
}

/// A run of whole local days: `start` to `end` inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First day.
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("day 1 exists")
}

fn months_back(first: NaiveDate, n: u32) -> NaiveDate {
    let mut d = first;
    for _ in 0..n {
        d = first_of_month(d - Duration::days(1));
    }
    d
}

impl Period {
    /// The period of `kind` that contains `today` (`custom` gives the days
    /// for [`PeriodKind::Custom`]). `None` for a custom period that is
    /// missing or runs backwards.
    pub fn of(kind: PeriodKind, today: NaiveDate, custom: Option<(NaiveDate, NaiveDate)>) -> Option<Period> {
        match kind {
            PeriodKind::ThisMonth => Some(Period { start: first_of_month(today), end: today }),
            PeriodKind::Last3Months => Some(Period { start: months_back(first_of_month(today), 2), end: today }),
            PeriodKind::ThisYear => Some(Period {
                start: NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January exists"),
                end: today,
            }),
            PeriodKind::Custom => custom.filter(|(a, b)| a <= b).map(|(start, end)| Period { start, end }),
        }
    }

    /// How many days it covers.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// The period a period of `kind` is compared with, like with like:
    /// this month (1–7 June) with the same days of the month before (1–7
    /// May), the last 3 months with the same span three months earlier,
    /// this year with the same days of last year, and days the owner picks
    /// with as many days just before. A day the earlier month lacks (31
    /// May → 30 April, 29 February → 28 February) becomes its last day.
    pub fn previous(&self, kind: PeriodKind) -> Period {
        let months = match kind {
            PeriodKind::ThisMonth => 1,
            PeriodKind::Last3Months => 3,
            PeriodKind::ThisYear => 12,
            PeriodKind::Custom => return self.days_before(),
        };
        let back = |d: NaiveDate| d.checked_sub_months(Months::new(months)).unwrap_or(d);
        Period { start: back(self.start), end: back(self.end) }
    }

    /// The period of the same length just before this one.
    pub fn days_before(&self) -> Period {
        let end = self.start - Duration::days(1);
        Period { start: end - Duration::days(self.days() - 1), end }
    }

    /// The Mondays of the weeks that overlap the period, in order.
    pub fn week_starts(&self) -> Vec<NaiveDate> {
        let mut monday = self.start - Duration::days(self.start.weekday().num_days_from_monday() as i64);
        let mut out = Vec::new();
        while monday <= self.end {
            out.push(monday);
            monday += Duration::days(7);
        }
        out
    }
}

/// The period the owner asked for, as the Insights screen sends it: custom
/// days arrive as "YYYY-MM-DD" text, each in the years [`validate::date`]
/// accepts (so the period before it, and its weeks, are dates too). A custom
/// period longer than this is refused, to keep a slip of the year from asking
/// for centuries.
pub const CUSTOM_DAYS_MAX: i64 = 366 * 10;

impl Period {
    /// Reads a request from the screen; a custom period with a missing or
    /// malformed day, or running backwards, is refused field by field.
    pub fn chosen(kind: PeriodKind, from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<Period, Error> {
        if kind != PeriodKind::Custom {
            return Ok(Period::of(kind, today, None).expect("only custom periods can be missing"));
        }
        let mut check = Checker::new();
        let mut day = |field: &str, raw: Option<&str>, missing: &str| match validate::date(raw.unwrap_or("")) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                check.fail(field, missing);
                None
            }
            Err(message) => {
                check.fail(field, message);
                None
            }
        };
        let start = day("from", from, "Please choose the first day.");
        let end = day("to", to, "Please choose the last day.");
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                check.fail("to", "The last day must be on or after the first day.");
            } else if (end - start).num_days() >= CUSTOM_DAYS_MAX {
                check.fail("to", "Please choose at most ten years.");
            }
        }
        check.finish()?;
        Period::of(kind, today, start.zip(end)).ok_or_else(|| Error::field("to", "Please choose a period."))
    }
}

/// The Monday of the week holding `day`.
pub fn week_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(day.weekday().num_days_from_monday() as i64)
}

/// The `p`-th percentile (0–100) by the nearest-rank method; `None` for no values.
pub fn percentile(values: &[i64], p: f64) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let rank = ((p.clamp(0.0, 100.0) / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// The change from `before` to `now` in percent, when there was something before.
pub fn change_percent(now: i64, before: i64) -> Option<i64> {
    (before != 0).then(|| ((now - before) as f64 * 100.0 / before as f64).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    mod of {
        use super::*;

        #[test]
        fn this_month_last_three_and_this_year() {
            let today = d("2026-03-15");
            assert_eq!(
                Period::of(PeriodKind::ThisMonth, today, None).unwrap(),
                Period { start: d("2026-03-01"), end: today }
            );
            assert_eq!(Period::of(PeriodKind::Last3Months, today, None).unwrap().start, d("2026-01-01"));
            assert_eq!(Period::of(PeriodKind::ThisYear, today, None).unwrap().start, d("2026-01-01"));
        }

        #[test]
        fn last_three_months_across_a_year_end() {
            assert_eq!(Period::of(PeriodKind::Last3Months, d("2026-02-10"), None).unwrap().start, d("2025-12-01"));
        }

        #[test]
        fn custom_must_run_forwards() {
            let p = Period::of(PeriodKind::Custom, d("2026-03-15"), Some((d("2026-01-10"), d("2026-01-20")))).unwrap();
            assert_eq!(p.days(), 11);
            assert!(Period::of(PeriodKind::Custom, d("2026-03-15"), Some((d("2026-01-20"), d("2026-01-10")))).is_none());
            assert!(Period::of(PeriodKind::Custom, d("2026-03-15"), None).is_none());
        }
    }

    #[test]
    fn kinds_read_as_the_screen_names_them() {
        for (name, kind) in [
            ("this_month", PeriodKind::ThisMonth),
            ("last_3_months", PeriodKind::Last3Months),
            ("this_year", PeriodKind::ThisYear),
            ("custom", PeriodKind::Custom),
        ] {
            assert_eq!(serde_json::from_value::<PeriodKind>(serde_json::json!(name)).unwrap(), kind, "{name}");
        }
    }

    mod previous {
        use super::*;

        fn before(kind: PeriodKind, today: &str) -> Period {
            Period::of(kind, d(today), None).unwrap().previous(kind)
        }

        #[test]
        fn this_month_is_compared_with_the_same_days_of_the_month_before() {
            assert_eq!(
                before(PeriodKind::ThisMonth, "2026-06-07"),
                Period { start: d("2026-05-01"), end: d("2026-05-07") }
            );
            assert_eq!(
                before(PeriodKind::ThisMonth, "2026-01-20"),
                Period { start: d("2025-12-01"), end: d("2025-12-20") }
            );
        }

        #[test]
        fn a_day_the_month_before_lacks_becomes_its_last_day() {
            assert_eq!(
                before(PeriodKind::ThisMonth, "2026-03-31"),
                Period { start: d("2026-02-01"), end: d("2026-02-28") }
            );
            assert_eq!(
                before(PeriodKind::ThisMonth, "2028-03-30"),
                Period { start: d("2028-02-01"), end: d("2028-02-29") }
            );
            assert_eq!(
                before(PeriodKind::ThisMonth, "2026-05-31"),
                Period { start: d("2026-04-01"), end: d("2026-04-30") }
            );
        }

        #[test]
        fn last_three_months_are_compared_with_the_same_span_three_months_earlier() {
            // 1 April to 7 June against 1 January to 7 March.
            assert_eq!(
                before(PeriodKind::Last3Months, "2026-06-07"),
                Period { start: d("2026-01-01"), end: d("2026-03-07") }
            );
            // Across a year end, and 31 May onto 28 February.
            assert_eq!(
                before(PeriodKind::Last3Months, "2026-02-10"),
                Period { start: d("2025-09-01"), end: d("2025-11-10") }
            );
            assert_eq!(
                before(PeriodKind::Last3Months, "2026-05-31"),
                Period { start: d("2025-12-01"), end: d("2026-02-28") }
            );
        }

        #[test]
        fn this_year_is_compared_with_the_same_days_of_last_year() {
            assert_eq!(
                before(PeriodKind::ThisYear, "2026-06-07"),
                Period { start: d("2025-01-01"), end: d("2025-06-07") }
            );
        }

        #[test]
        fn a_leap_day_is_compared_up_to_28_february() {
            assert_eq!(
                before(PeriodKind::ThisYear, "2028-02-29"),
                Period { start: d("2027-01-01"), end: d("2027-02-28") }
            );
            assert_eq!(
                before(PeriodKind::ThisMonth, "2028-02-29"),
                Period { start: d("2028-01-01"), end: d("2028-01-29") }
            );
        }

        #[test]
        fn custom_days_are_compared_with_as_many_days_just_before() {
            let p = Period { start: d("2026-03-01"), end: d("2026-03-15") };
            assert_eq!(p.previous(PeriodKind::Custom), Period { start: d("2026-02-14"), end: d("2026-02-28") });
            let one = Period { start: d("2026-03-01"), end: d("2026-03-01") };
            assert_eq!(one.previous(PeriodKind::Custom), Period { start: d("2026-02-28"), end: d("2026-02-28") });
        }
    }

    #[test]
    fn weeks_start_on_monday() {
        let p = Period { start: d("2026-11-04"), end: d("2026-11-16") }; // Wednesday to Monday
        assert_eq!(p.week_starts(), [d("2026-11-02"), d("2026-11-09"), d("2026-11-16")]);
        assert_eq!(week_of(d("2026-11-22")), d("2026-11-16"));
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let v = [15, 20, 35, 40, 50];
        assert_eq!(percentile(&v, 50.0), Some(35));
        assert_eq!(percentile(&v, 90.0), Some(50));
        assert_eq!(percentile(&[7], 90.0), Some(7));
        assert_eq!(percentile(&[], 50.0), None);
        assert_eq!(percentile(&[3, 1, 2, 4], 50.0), Some(2));
    }

    #[test]
    fn change() {
        assert_eq!(change_percent(15, 10), Some(50));
        assert_eq!(change_percent(5, 10), Some(-50));
        assert_eq!(change_percent(5, 0), None);
    }

    mod chosen {
        use super::*;

        #[test]
        fn named_periods_ignore_the_days() {
            let today = d("2026-11-22");
            let p = Period::chosen(PeriodKind::ThisYear, Some("junk"), None, today).unwrap();
            assert_eq!(p, Period { start: d("2026-01-01"), end: today });
        }

        #[test]
        fn custom_days() {
            let p = Period::chosen(PeriodKind::Custom, Some("2026-02-01"), Some(" 2026-02-28 "), d("2026-11-22"));
            assert_eq!(p.unwrap(), Period { start: d("2026-02-01"), end: d("2026-02-28") });
        }

        fn fields(err: Error) -> serde_json::Value {
            serde_json::to_value(&err).unwrap()["fields"].clone()
        }

        #[test]
        fn missing_and_malformed_days_are_named() {
            let err = Period::chosen(PeriodKind::Custom, None, Some("31/02/2026"), d("2026-11-22")).unwrap_err();
            let f = fields(err);
            assert_eq!(f["from"], "Please choose the first day.");
            assert_eq!(f["to"], "Please enter a date like 2026-03-31.");
        }

        #[test]
        fn backwards_is_refused_on_the_last_day() {
            let err = Period::chosen(PeriodKind::Custom, Some("2026-03-02"), Some("2026-03-01"), d("2026-11-22"))
                .unwrap_err();
            assert_eq!(fields(err)["to"], "The last day must be on or after the first day.");
        }

        #[test]
        fn centuries_are_refused() {
            let err = Period::chosen(PeriodKind::Custom, Some("2000-03-02"), Some("2026-03-01"), d("2026-11-22"))
                .unwrap_err();
            assert_eq!(fields(err)["to"], "Please choose at most ten years.");
        }

        #[test]
        fn an_absurd_or_short_year_is_refused_on_its_day_without_a_panic() {
            let today = d("2026-11-22");
            let err =
                Period::chosen(PeriodKind::Custom, Some("-262143-01-01"), Some("-262143-01-05"), today).unwrap_err();
            let f = fields(err);
            assert_eq!(f["from"], "Please check the year: Mend keeps dates from 2000 to 2100.");
            assert_eq!(f["to"], f["from"]);
            let err =
                Period::chosen(PeriodKind::Custom, Some("+262142-12-25"), Some("+262142-12-31"), today).unwrap_err();
            assert_eq!(fields(err)["to"], "Please check the year: Mend keeps dates from 2000 to 2100.");
            let err = Period::chosen(PeriodKind::Custom, Some("2101-01-01"), Some("2101-01-05"), today).unwrap_err();
            assert_eq!(fields(err)["to"], "Please check the year: Mend keeps dates up to the year 2100.");
            let err = Period::chosen(PeriodKind::Custom, Some("26-03-01"), Some("0026-03-31"), today).unwrap_err();
            let f = fields(err);
            assert_eq!(f["from"], "Please type the year in full, like 2026.");
            assert_eq!(f["to"], "Please check the year: Mend keeps dates from the year 2000 on.");
            let first = Period::chosen(PeriodKind::Custom, Some("2000-01-01"), Some("2000-01-31"), today).unwrap();
            assert_eq!(first.days_before().end, d("1999-12-31"), "the period before the first is still a period");
        }
    }
}
