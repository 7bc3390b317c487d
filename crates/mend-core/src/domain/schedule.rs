//! When follow-up calls happen: the date proposed after a fix, retries after
//! no answer, days the shop is closed, and the order of the morning call
//! list.
//!
//! Dates are the shop's calendar days on its wall clock; a call is placed at
//! the shop's usual calling time on that day. Where that time does not exist
//! (the clocks go forward) the call moves to the first minute after the gap.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// How a follow-up call went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    /// The customer is happy now.
    Satisfied,
    /// Happier, not all the way.
    PartlySatisfied,
    /// Still unhappy: the incident is reopened.
    NotSatisfied,
    /// Nobody answered.
    NoAnswer,
}

impl CallOutcome {
    /// Every outcome, in the order the call form lists them.
    pub const ALL: [CallOutcome; 4] =
        [CallOutcome::Satisfied, CallOutcome::PartlySatisfied, CallOutcome::NotSatisfied, CallOutcome::NoAnswer];

    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            CallOutcome::Satisfied => "satisfied",
            CallOutcome::PartlySatisfied => "partly_satisfied",
            CallOutcome::NotSatisfied => "not_satisfied",
            CallOutcome::NoAnswer => "no_answer",
        }
    }

    /// The words shown to people.
    pub fn label(self) -> &'static str {
        match self {
            CallOutcome::Satisfied => "Satisfied",
            CallOutcome::PartlySatisfied => "Partly satisfied",
            CallOutcome::NotSatisfied => "Not satisfied",
            CallOutcome::NoAnswer => "No answer",
        }
    }

    /// Reads a stored value.
    pub fn parse(value: &str) -> Option<CallOutcome> {
        CallOutcome::ALL.into_iter().find(|o| o.as_str() == value)
    }
}

/// The owner's follow-up defaults (Settings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUpRules {
    /// Days after the fix to call ("a day or so later").
    pub days_after: i64,
    /// Time of day to call, "HH:MM".
    pub call_time: String,
    /// Days the shop is closed, as "mon", "tue", ... "sun".
    pub closed_days: Vec<String>,
    /// Days to wait before trying again after no answer.
    pub retry_days: i64,
}

impl Default for FollowUpRules {
    fn default() -> Self {
        Self { days_after: 1, call_time: "10:00".to_string(), closed_days: vec!["sun".to_string()], retry_days: 1 }
    }
}

/// Reads "mon".."sun".
pub fn parse_weekday(value: &str) -> Option<Weekday> {
    match value.trim().to_ascii_lowercase().as_str() {
        "mon" => Some(Weekday::Mon),
        "tue" => Some(Weekday::Tue),
        "wed" => Some(Weekday::Wed),
        "thu" => Some(Weekday::Thu),
        "fri" => Some(Weekday::Fri),
        "sat" => Some(Weekday::Sat),
        "sun" => Some(Weekday::Sun),
        _ => None,
    }
}

impl FollowUpRules {
    /// The closed weekdays.
    pub fn closed(&self) -> Vec<Weekday> {
        self.closed_days.iter().filter_map(|d| parse_weekday(d)).collect()
    }

    /// The calling time (10:00 when unreadable).
    pub fn time(&self) -> NaiveTime {
        NaiveTime::parse_from_str(self.call_time.trim(), "%H:%M")
            .unwrap_or(NaiveTime::from_hms_opt(10, 0, 0).expect("valid"))
    }

    /// Checks the rules typed in Settings; messages keyed by field.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !(0..=60).contains(&self.days_after) {
            out.push(("days_after", "Please enter 0 to 60 days.".to_string()));
        }
        if !(1..=30).contains(&self.retry_days) {
            out.push(("retry_days", "Please enter 1 to 30 days.".to_string()));
        }
        if NaiveTime::parse_from_str(self.call_time.trim(), "%H:%M").is_err() {
            out.push(("call_time", "Please enter a time like 10:00.".to_string()));
        }
        if self.closed_days.iter().any(|d| parse_weekday(d).is_none()) {
            out.push(("closed_days", "Please pick the closed days from the list.".to_string()));
        }
        if self.closed().len() >= 7 {
            out.push(("closed_days", "The shop must be open at least one day a week.".to_string()));
        }
        out
    }
}

/// The first day on or after `day` that the shop is open.
pub fn next_open_day(day: NaiveDate, closed: &[Weekday]) -> NaiveDate {
    let mut d = day;
    for _ in 0..7 {
        if !closed.contains(&d.weekday()) {
            return d;
        }
        d = d.succ_opt().expect("date in range");
    }
    day
}

/// `time` on local `day` in `tz`, as a UTC instant (past a clock-change gap
/// if needed; the earlier of two when the hour repeats).
pub fn at_local<Tz: TimeZone>(day: NaiveDate, time: NaiveTime, tz: &Tz) -> DateTime<Utc> {
    let mut local = day.and_time(time);
    for _ in 0..=180 {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(dt) | LocalResult::Ambiguous(dt, _) => return dt.with_timezone(&Utc),
            LocalResult::None => local += Duration::minutes(1),
        }
    }
    Utc.from_utc_datetime(&day.and_time(time))
}

/// The follow-up call proposed after an incident is put right at `fixed_at`:
/// `days_after` calendar days later, moved past closed days, at the calling time.
pub fn propose_follow_up<Tz: TimeZone>(fixed_at: DateTime<Utc>, rules: &FollowUpRules, tz: &Tz) -> DateTime<Utc> {
    let day = fixed_at.with_timezone(tz).date_naive() + Duration::days(rules.days_after.max(0));
    let mut when = at_local(next_open_day(day, &rules.closed()), rules.time(), tz);
    // Fixed late in the day with "0 days after": never propose the past.
    if when <= fixed_at {
        let next = fixed_at.with_timezone(tz).date_naive() + Duration::days(1);
        when = at_local(next_open_day(next, &rules.closed()), rules.time(), tz);
    }
    when
}

/// When to try again after nobody answered at `now`.
pub fn retry_after_no_answer<Tz: TimeZone>(now: DateTime<Utc>, rules: &FollowUpRules, tz: &Tz) -> DateTime<Utc> {
    let day = now.with_timezone(tz).date_naive() + Duration::days(rules.retry_days.max(1));
    at_local(next_open_day(day, &rules.closed()), rules.time(), tz)
}

/// Where a call or promise stands on the morning list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Due {
    /// Due before today.
    Overdue,
    /// Due today.
    Today,
    /// Due after today.
    Upcoming,
}

/// Whether `due_at` is overdue, due today or upcoming on `now`'s local day.
/// Something due earlier today counts as today, not overdue: the day is
/// still there to do it.
pub fn due_state<Tz: TimeZone>(due_at: DateTime<Utc>, now: DateTime<Utc>, tz: &Tz) -> Due {
    let today = now.with_timezone(tz).date_naive();
    let day = due_at.with_timezone(tz).date_naive();
    if day < today {
        Due::Overdue
    } else if day == today {
        Due::Today
    } else {
        Due::Upcoming
    }
}

/// Sorts items for the morning list: overdue, then today, then upcoming,
/// earliest first within each; `key` gives each item's due time.
pub fn order_call_list<T, Tz: TimeZone>(
    items: &mut [T],
    now: DateTime<Utc>,
    tz: &Tz,
    key: impl Fn(&T) -> DateTime<Utc>,
) {
    items.sort_by_key(|item| {
        let due = key(item);
        (due_state(due, now, tz), due)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use chrono_tz::Europe::London;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn closed_sun_mon() -> FollowUpRules {
        FollowUpRules { closed_days: vec!["sun".into(), "mon".into()], ..Default::default() }
    }

    mod propose {
        use super::*;

        #[test]
        fn next_day_at_the_calling_time() {
            let utc = FixedOffset::east_opt(0).unwrap();
            // Tuesday 17 Nov 2026, 15:00 -> Wednesday 10:00.
            assert_eq!(
                propose_follow_up(at("2026-11-17T15:00:00Z"), &FollowUpRules::default(), &utc),
                at("2026-11-18T10:00:00Z")
            );
        }

        #[test]
        fn skips_a_shop_closed_on_sundays_and_mondays() {
            let utc = FixedOffset::east_opt(0).unwrap();
            // Saturday 21 Nov -> Sunday closed, Monday closed -> Tuesday 24 Nov.
            assert_eq!(
                propose_follow_up(at("2026-11-21T16:00:00Z"), &closed_sun_mon(), &utc),
                at("2026-11-24T10:00:00Z")
            );
        }

        #[test]
        fn month_and_year_ends() {
            let utc = FixedOffset::east_opt(0).unwrap();
            assert_eq!(
                propose_follow_up(
                    at("2026-01-31T12:00:00Z"),
                    &FollowUpRules { closed_days: vec![], ..Default::default() },
                    &utc
                ),
                at("2026-02-01T10:00:00Z")
            );
            // Thursday 31 Dec 2026 -> Friday 1 Jan 2027.
            assert_eq!(
                propose_follow_up(at("2026-12-31T12:00:00Z"), &closed_sun_mon(), &utc),
                at("2027-01-01T10:00:00Z")
            );
        }

        #[test]
        fn keeps_the_wall_clock_across_a_clock_change() {
            // London: Saturday 28 March 2026, GMT; the call on Tuesday 31 March is 10:00 BST.
            let when = propose_follow_up(at("2026-03-28T15:00:00Z"), &closed_sun_mon(), &London);
            assert_eq!(when, at("2026-03-31T09:00:00Z"));
        }

        #[test]
        fn a_calling_time_inside_the_gap_moves_past_it() {
            let rules = FollowUpRules { call_time: "01:30".into(), closed_days: vec![], ..Default::default() };
            // 01:30 on Sunday 29 March 2026 does not exist in London.
            assert_eq!(propose_follow_up(at("2026-03-28T12:00:00Z"), &rules, &London), at("2026-03-29T01:00:00Z"));
        }

        #[test]
        fn same_day_proposal_never_lands_in_the_past() {
            let utc = FixedOffset::east_opt(0).unwrap();
            let rules = FollowUpRules { days_after: 0, closed_days: vec![], ..Default::default() };
            assert_eq!(propose_follow_up(at("2026-11-17T15:00:00Z"), &rules, &utc), at("2026-11-18T10:00:00Z"));
            assert_eq!(propose_follow_up(at("2026-11-17T08:00:00Z"), &rules, &utc), at("2026-11-17T10:00:00Z"));
        }
    }

    #[test]
    fn retry_goes_to_the_next_open_day() {
        let utc = FixedOffset::east_opt(0).unwrap();
        // No answer on Saturday -> Tuesday.
        assert_eq!(
            retry_after_no_answer(at("2026-11-21T11:00:00Z"), &closed_sun_mon(), &utc),
            at("2026-11-24T10:00:00Z")
        );
    }

    mod due {
        use super::*;

        #[test]
        fn by_local_day() {
            let tz = FixedOffset::west_opt(5 * 3600).unwrap(); // UTC-5
            let now = at("2026-11-22T15:00:00Z"); // 10:00 local on the 22nd
            assert_eq!(due_state(at("2026-11-22T04:59:00Z"), now, &tz), Due::Overdue); // 23:59 on the 21st
            assert_eq!(due_state(at("2026-11-22T05:00:00Z"), now, &tz), Due::Today);
            assert_eq!(due_state(at("2026-11-23T04:59:00Z"), now, &tz), Due::Today); // 23:59 on the 22nd
            assert_eq!(due_state(at("2026-11-23T05:00:00Z"), now, &tz), Due::Upcoming);
        }

        #[test]
        fn list_order() {
            let utc = FixedOffset::east_opt(0).unwrap();
            let now = at("2026-11-22T09:00:00Z");
            let mut items = vec![
                at("2026-11-24T10:00:00Z"),
                at("2026-11-22T16:00:00Z"),
                at("2026-11-20T10:00:00Z"),
                at("2026-11-22T08:00:00Z"),
            ];
            order_call_list(&mut items, now, &utc, |d| *d);
            assert_eq!(
                items,
                [
                    at("2026-11-20T10:00:00Z"),
                    at("2026-11-22T08:00:00Z"),
                    at("2026-11-22T16:00:00Z"),
                    at("2026-11-24T10:00:00Z")
                ]
            );
        }
    }

    #[test]
    fn rules_are_checked() {
        let bad = FollowUpRules {
            days_after: -1,
            call_time: "25:00".into(),
            closed_days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map(String::from).to_vec(),
            retry_days: 0,
        };
        let fields: Vec<_> = bad.problems().into_iter().map(|(f, _)| f).collect();
        assert!(
            fields.contains(&"days_after")
                && fields.contains(&"call_time")
                && fields.contains(&"closed_days")
                && fields.contains(&"retry_days")
        );
    }
}
