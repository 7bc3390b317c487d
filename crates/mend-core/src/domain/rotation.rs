//! Which automatic backups to keep. Mend copies the database once a day
//! into its data folder and keeps the copies of the last 7 days, plus one a
//! week (the first of each week) for the 4 weeks before the current one.
//! Pure date arithmetic, so the rule is tested without files.

use chrono::{Datelike, Duration, NaiveDate};
use std::collections::BTreeSet;

/// Days whose copy is always kept, today included.
pub const DAILY_KEPT: i64 = 7;
/// Earlier weeks that keep one copy each.
pub const WEEKS_KEPT: i64 = 4;

/// The file name of the automatic backup taken on `day`.
pub fn file_name(day: NaiveDate) -> String {
    format!("mend-{}.db", day.format("%Y-%m-%d"))
}

/// The day an automatic backup was taken, read from its file name; `None`
/// for any other file, so nothing else in the folder is ever touched.
pub fn day_of(file_name: &str) -> Option<NaiveDate> {
    let day = file_name.strip_prefix("mend-")?.strip_suffix(".db")?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok().filter(|d| file_name == self::file_name(*d))
}

fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(day.weekday().num_days_from_monday() as i64)
}

/// Of the backups taken on `days`, those to keep on `today`: every copy of
/// the last [`DAILY_KEPT`] days, and the earliest copy of each of the
/// [`WEEKS_KEPT`] weeks (Monday to Sunday) before the current week. Copies
/// dated after today (a clock set back) are kept too: deleting them would
/// lose data for a mistake in the clock.
pub fn keep(days: &[NaiveDate], today: NaiveDate) -> BTreeSet<NaiveDate> {
    let daily_from = today - Duration::days(DAILY_KEPT - 1);
    let this_week = monday_of(today);
    let weeks_from = this_week - Duration::weeks(WEEKS_KEPT);
    let mut kept: BTreeSet<NaiveDate> = days.iter().copied().filter(|d| *d >= daily_from).collect();
    let mut sorted: Vec<NaiveDate> = days.to_vec();
    sorted.sort();
    let mut weeks_seen = BTreeSet::new();
    for day in sorted {
        let week = monday_of(day);
        if week >= weeks_from && week < this_week && weeks_seen.insert(week) {
            kept.insert(day);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    mod names {
        use super::*;

        #[test]
        fn round_trip() {
            assert_eq!(file_name(d("2026-11-02")), "mend-2026-11-02.db");
            assert_eq!(day_of("mend-2026-11-02.db"), Some(d("2026-11-02")));
        }

        #[test]
        fn other_files_are_not_backups() {
            for name in
                ["mend.db", "mend-2026-11-2.db", "mend-2026-13-01.db", "before-restore-x.db", "mend-2026-11-02.db-wal"]
            {
                assert_eq!(day_of(name), None, "{name}");
            }
        }
    }

    mod keep {
        use super::*;

        /// Runs the rule as the app does: a backup each day Mend is opened,
        /// pruning straight after.
        fn simulate(opened: impl Iterator<Item = NaiveDate>) -> BTreeSet<NaiveDate> {
            let mut files: Vec<NaiveDate> = Vec::new();
            for today in opened {
                files.push(today);
                let kept = keep(&files, today);
                files.retain(|f| kept.contains(f));
            }
            files.into_iter().collect()
        }

        #[test]
        fn sixty_days_of_daily_use_leave_seven_days_and_four_weeks() {
            // 2026-09-01 is a Tuesday; 60 days later is Friday 2026-10-30.
            let start = d("2026-09-01");
            let kept = simulate((0..60).map(|i| start + Duration::days(i)));
            let expected: BTreeSet<NaiveDate> = [
                // The first day of each of the 4 weeks before the week of 30 October.
                "2026-09-28",
                "2026-10-05",
                "2026-10-12",
                "2026-10-19",
                // The last 7 days.
                "2026-10-24",
                "2026-10-25",
                "2026-10-26",
                "2026-10-27",
                "2026-10-28",
                "2026-10-29",
                "2026-10-30",
            ]
            .into_iter()
            .map(d)
            .collect();
            assert_eq!(kept, expected);
        }

        #[test]
        fn a_shop_open_some_days_keeps_the_first_copy_of_each_week() {
            let days = ["2026-10-01", "2026-10-08", "2026-10-09", "2026-10-21", "2026-11-02", "2026-11-04"];
            let kept = simulate(days.into_iter().map(d));
            let expected: BTreeSet<NaiveDate> =
                ["2026-10-08", "2026-10-21", "2026-11-02", "2026-11-04"].into_iter().map(d).collect();
            // 1 October's week (Monday 28 September) is more than 4 weeks before
            // the week of 4 November (Monday 2 November): gone.
            assert_eq!(kept, expected);
        }

        #[test]
        fn copies_from_a_clock_set_back_are_kept() {
            let kept = keep(&[d("2026-12-25"), d("2026-11-01")], d("2026-11-02"));
            assert!(kept.contains(&d("2026-12-25")));
        }

        #[test]
        fn nothing_to_keep_from_nothing() {
            assert!(keep(&[], d("2026-11-02")).is_empty());
        }
    }
}
