//! Periods for the owner's monthly look: which days "this month", "last 3
//! months" or "this year" cover, the period just before to compare with,
//! the weeks inside a period, and the percentiles Insights reports.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// The periods the Insights screen offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// From the first of this month to today.
    ThisMonth,
    /// The three calendar months ending with this one (this one so far).
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

    /// The period of the same length just before this one.
    pub fn previous(&self) -> Period {
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
    fn previous_period_has_the_same_length_and_ends_the_day_before() {
        let p = Period { start: d("2026-03-01"), end: d("2026-03-15") };
        assert_eq!(p.previous(), Period { start: d("2026-02-14"), end: d("2026-02-28") });
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
}
