//! The recovery checklist of one incident: which step is next, which are
//! late, whether it is complete, and how fast the shop responded.
//!
//! A step's target time counts from intake. Targets in minutes or hours are
//! exact durations; targets in days are calendar days on the shop's wall
//! clock ("within 1 day" of 10:00 is 10:00 tomorrow, even when the clocks
//! change overnight).

use chrono::{DateTime, Duration, LocalResult, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// The unit of a step's target time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetUnit {
    /// Exact minutes.
    Minutes,
    /// Exact hours.
    Hours,
    /// Calendar days on the local clock.
    Days,
}

impl TargetUnit {
    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetUnit::Minutes => "minutes",
            TargetUnit::Hours => "hours",
            TargetUnit::Days => "days",
        }
    }

    /// Reads a stored value.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "minutes" => Some(TargetUnit::Minutes),
            "hours" => Some(TargetUnit::Hours),
            "days" => Some(TargetUnit::Days),
            _ => None,
        }
    }
}

/// What a step's target time counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetFrom {
    /// When the complaint was received.
    #[default]
    Intake,
    /// When the step before it was ticked ("a day after the fix").
    PreviousStep,
}

impl TargetFrom {
    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetFrom::Intake => "intake",
            TargetFrom::PreviousStep => "previous_step",
        }
    }

    /// Reads a stored value.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "intake" => Some(TargetFrom::Intake),
            "previous_step" => Some(TargetFrom::PreviousStep),
            _ => None,
        }
    }
}

/// How soon a step should be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// How many units (at least 1).
    pub amount: i64,
    /// Which unit.
    pub unit: TargetUnit,
    /// What the time counts from.
    #[serde(default)]
    pub from: TargetFrom,
}

impl Target {
    /// A target from its stored columns (amount, unit, from); `None` when
    /// the step has no target or the columns are incomplete.
    pub fn from_columns(amount: Option<i64>, unit: Option<&str>, from: Option<&str>) -> Option<Target> {
        Some(Target {
            amount: amount?,
            unit: TargetUnit::parse(unit?)?,
            from: from.and_then(TargetFrom::parse).unwrap_or_default(),
        })
    }

    /// The instant by which the step is due, for an incident received at
    /// `start`, on the wall clock of `tz`.
    pub fn due_at<Tz: TimeZone>(&self, start: DateTime<Utc>, tz: &Tz) -> DateTime<Utc> {
        match self.unit {
            TargetUnit::Minutes => start + Duration::minutes(self.amount),
            TargetUnit::Hours => start + Duration::hours(self.amount),
            TargetUnit::Days => {
                let local = start.with_timezone(tz).naive_local() + Duration::days(self.amount);
                // On the day the clocks go forward the same wall time may not
                // exist: take the first minute after the gap. When they go
                // back it exists twice: take the later one, the more generous.
                let mut candidate = local;
                for _ in 0..=180 {
                    match tz.from_local_datetime(&candidate) {
                        LocalResult::Single(dt) => return dt.with_timezone(&Utc),
                        LocalResult::Ambiguous(_, later) => return later.with_timezone(&Utc),
                        LocalResult::None => candidate += Duration::minutes(1),
                    }
                }
                start + Duration::days(self.amount)
            }
        }
    }

    /// The target in words: "within 5 minutes of the complaint", "within 1
    /// day of the step before".
    pub fn describe(&self) -> String {
        let (one, many) = match self.unit {
            TargetUnit::Minutes => ("minute", "minutes"),
            TargetUnit::Hours => ("hour", "hours"),
            TargetUnit::Days => ("day", "days"),
        };
        let from = match self.from {
            TargetFrom::Intake => "of the complaint",
            TargetFrom::PreviousStep => "of the step before",
        };
        format!("within {} {} {}", self.amount, if self.amount == 1 { one } else { many }, from)
    }
}

/// What the checklist rules need to know about one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepStatus {
    /// Order in the checklist (1 = first).
    pub position: i64,
    /// Target time from intake, if any.
    pub target: Option<Target>,
    /// When it was ticked, if it was.
    pub done_at: Option<DateTime<Utc>>,
}

/// The first step not yet ticked, in checklist order.
pub fn next_step(steps: &[StepStatus]) -> Option<&StepStatus> {
    steps.iter().filter(|s| s.done_at.is_none()).min_by_key(|s| s.position)
}

/// When each step is due, in checklist order: `None` for a step with no
/// target, or one that counts from a previous step not yet ticked.
pub fn due_times<Tz: TimeZone>(
    steps: &[StepStatus],
    received_at: DateTime<Utc>,
    tz: &Tz,
) -> Vec<(i64, Option<DateTime<Utc>>)> {
    let mut ordered: Vec<&StepStatus> = steps.iter().collect();
    ordered.sort_by_key(|s| s.position);
    let mut previous_done: Option<DateTime<Utc>> = Some(received_at);
    let mut out = Vec::with_capacity(ordered.len());
    for step in ordered {
        let due = step.target.and_then(|t| {
            let start = match t.from {
                TargetFrom::Intake => Some(received_at),
                TargetFrom::PreviousStep => previous_done,
            };
            start.map(|s| t.due_at(s, tz))
        });
        out.push((step.position, due));
        previous_done = step.done_at;
    }
    out
}

/// Steps not ticked whose target time has passed at `now`, in order.
pub fn overdue_steps<'a, Tz: TimeZone>(
    steps: &'a [StepStatus],
    received_at: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Vec<&'a StepStatus> {
    let due = due_times(steps, received_at, tz);
    let mut late: Vec<&StepStatus> = steps
        .iter()
        .filter(|s| s.done_at.is_none())
        .filter(|s| due.iter().any(|(p, d)| *p == s.position && d.map(|d| d < now).unwrap_or(false)))
        .collect();
    late.sort_by_key(|s| s.position);
    late
}

/// Whether every step is ticked (an empty checklist counts as complete).
pub fn is_complete(steps: &[StepStatus]) -> bool {
    steps.iter().all(|s| s.done_at.is_some())
}

/// How long after intake the first step was ticked: the shop's response time.
pub fn time_to_first_response(received_at: DateTime<Utc>, steps: &[StepStatus]) -> Option<Duration> {
    steps.iter().filter_map(|s| s.done_at).min().map(|first| (first - received_at).max(Duration::zero()))
}

/// How long after intake the incident was resolved.
pub fn time_to_resolution(received_at: DateTime<Utc>, resolved_at: Option<DateTime<Utc>>) -> Option<Duration> {
    resolved_at.map(|r| (r - received_at).max(Duration::zero()))
}

/// A checklist's nominal targets in minutes, for comparing a period's
/// response times with what the playbook asks: the first step's target
/// (first response), and when the last target falls if every step is done
/// exactly on time (resolution). Days count as 1,440 minutes here: this is a
/// yardstick for a chart, not a due time. `None` where no step has a target.
pub fn nominal_targets(targets: &[Option<Target>]) -> (Option<i64>, Option<i64>) {
    let minutes = |t: &Target| match t.unit {
        TargetUnit::Minutes => t.amount,
        TargetUnit::Hours => t.amount * 60,
        TargetUnit::Days => t.amount * 1440,
    };
    let first = targets.first().copied().flatten().map(|t| minutes(&t));
    let mut previous_due = 0;
    let mut last: Option<i64> = None;
    for target in targets.iter().flatten() {
        let due = match target.from {
            TargetFrom::Intake => minutes(target),
            TargetFrom::PreviousStep => previous_due + minutes(target),
        };
        previous_due = due;
        last = Some(last.map_or(due, |l| l.max(due)));
    }
    (first, last)
}

/// A duration in words a shop owner reads at a glance: "4 min", "2 h 5 min",
/// "3 days 4 h".
pub fn describe_duration(d: Duration) -> String {
    let minutes = d.num_minutes().max(0);
    if minutes < 1 {
        return "under a minute".to_string();
    }
    if minutes < 60 {
        return format!("{minutes} min");
    }
    let hours = minutes / 60;
    if hours < 24 {
        let rest = minutes % 60;
        return if rest == 0 { format!("{hours} h") } else { format!("{hours} h {rest} min") };
    }
    let days = hours / 24;
    let rest = hours % 24;
    let day_word = if days == 1 { "day" } else { "days" };
    if rest == 0 {
        format!("{days} {day_word}")
    } else {
        format!("{days} {day_word} {rest} h")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use chrono_tz::America::New_York;
    use chrono_tz::Europe::London;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn targets_in_words_count_from_the_complaint_or_the_step_before() {
        let t = |amount, unit, from| Target { amount, unit, from }.describe();
        assert_eq!(t(5, TargetUnit::Minutes, TargetFrom::Intake), "within 5 minutes of the complaint");
        assert_eq!(t(1, TargetUnit::Days, TargetFrom::PreviousStep), "within 1 day of the step before");
        assert_eq!(t(2, TargetUnit::Hours, TargetFrom::PreviousStep), "within 2 hours of the step before");
    }

    fn step(position: i64, target: Option<(i64, TargetUnit)>, done: Option<&str>) -> StepStatus {
        StepStatus {
            position,
            target: target.map(|(amount, unit)| Target { amount, unit, from: TargetFrom::Intake }),
            done_at: done.map(at),
        }
    }

    mod due_at {
        use super::*;

        #[test]
        fn minutes_and_hours_are_exact() {
            let start = at("2026-11-22T10:00:00Z");
            let utc = FixedOffset::east_opt(0).unwrap();
            assert_eq!(
                Target { amount: 5, unit: TargetUnit::Minutes, from: TargetFrom::Intake }.due_at(start, &utc),
                at("2026-11-22T10:05:00Z")
            );
            assert_eq!(
                Target { amount: 2, unit: TargetUnit::Hours, from: TargetFrom::Intake }.due_at(start, &utc),
                at("2026-11-22T12:00:00Z")
            );
        }

        #[test]
        fn hours_across_spring_forward_are_real_hours() {
            // London, 29 March 2026: 01:00 GMT becomes 02:00 BST.
            let start = at("2026-03-29T00:30:00Z"); // 00:30 GMT
            let due = Target { amount: 2, unit: TargetUnit::Hours, from: TargetFrom::Intake }.due_at(start, &London);
            assert_eq!(due, at("2026-03-29T02:30:00Z")); // 03:30 BST on the wall
        }

        #[test]
        fn days_keep_the_wall_clock_across_spring_forward() {
            // 10:00 GMT on Saturday 28 March; one day later is 10:00 BST.
            let start = at("2026-03-28T10:00:00Z");
            let due = Target { amount: 1, unit: TargetUnit::Days, from: TargetFrom::Intake }.due_at(start, &London);
            assert_eq!(due, at("2026-03-29T09:00:00Z"));
        }

        #[test]
        fn days_keep_the_wall_clock_across_fall_back() {
            // New York, 1 November 2026: 02:00 EDT becomes 01:00 EST.
            let start = at("2026-10-31T14:00:00Z"); // 10:00 EDT
            let due = Target { amount: 1, unit: TargetUnit::Days, from: TargetFrom::Intake }.due_at(start, &New_York);
            assert_eq!(due, at("2026-11-01T15:00:00Z")); // 10:00 EST
        }

        #[test]
        fn day_target_landing_in_the_gap_moves_past_it() {
            // 01:30 on 29 March does not exist in London.
            let start = at("2026-03-28T01:30:00Z"); // 01:30 GMT
            let due = Target { amount: 1, unit: TargetUnit::Days, from: TargetFrom::Intake }.due_at(start, &London);
            assert_eq!(due, at("2026-03-29T01:00:00Z")); // 02:00 BST, first minute after the gap
        }

        #[test]
        fn day_target_landing_on_a_repeated_hour_takes_the_later() {
            // 01:30 happens twice in London on 25 October 2026.
            let start = at("2026-10-24T00:30:00Z"); // 01:30 BST
            let due = Target { amount: 1, unit: TargetUnit::Days, from: TargetFrom::Intake }.due_at(start, &London);
            assert_eq!(due, at("2026-10-25T01:30:00Z")); // the second 01:30, in GMT
        }

        #[test]
        fn month_end() {
            let start = at("2026-01-31T12:00:00Z");
            let utc = FixedOffset::east_opt(0).unwrap();
            assert_eq!(
                Target { amount: 1, unit: TargetUnit::Days, from: TargetFrom::Intake }.due_at(start, &utc),
                at("2026-02-01T12:00:00Z")
            );
        }
    }

    mod progress {
        use super::*;

        #[test]
        fn next_step_is_the_first_unticked_even_if_a_later_one_is_done() {
            let steps = vec![
                step(1, None, Some("2026-11-22T10:01:00Z")),
                step(2, None, None),
                step(3, None, Some("2026-11-22T10:03:00Z")),
            ];
            assert_eq!(next_step(&steps).unwrap().position, 2);
            assert!(!is_complete(&steps));
        }

        #[test]
        fn complete_when_all_ticked() {
            let steps = vec![step(1, None, Some("2026-11-22T10:01:00Z"))];
            assert!(next_step(&steps).is_none());
            assert!(is_complete(&steps));
        }

        #[test]
        fn overdue_moves_as_time_passes_and_steps_are_ticked() {
            let received = at("2026-11-22T10:00:00Z");
            let utc = FixedOffset::east_opt(0).unwrap();
            let mut steps = vec![
                step(1, Some((5, TargetUnit::Minutes)), None),
                step(2, Some((30, TargetUnit::Minutes)), None),
                step(3, None, None),
            ];
            assert!(overdue_steps(&steps, received, at("2026-11-22T10:04:00Z"), &utc).is_empty());
            let late: Vec<i64> =
                overdue_steps(&steps, received, at("2026-11-22T10:06:00Z"), &utc).iter().map(|s| s.position).collect();
            assert_eq!(late, [1]);
            steps[0].done_at = Some(at("2026-11-22T10:07:00Z"));
            let late: Vec<i64> =
                overdue_steps(&steps, received, at("2026-11-22T10:31:00Z"), &utc).iter().map(|s| s.position).collect();
            assert_eq!(late, [2]);
        }

        #[test]
        fn timings() {
            let received = at("2026-11-22T10:00:00Z");
            let steps = vec![step(1, None, Some("2026-11-22T10:04:00Z")), step(2, None, Some("2026-11-22T10:02:00Z"))];
            assert_eq!(time_to_first_response(received, &steps), Some(Duration::minutes(2)));
            assert_eq!(time_to_first_response(received, &[step(1, None, None)]), None);
            assert_eq!(time_to_resolution(received, Some(at("2026-11-23T12:00:00Z"))), Some(Duration::hours(26)));
        }

        #[test]
        fn a_step_counting_from_the_previous_one_waits_for_it() {
            let received = at("2026-11-22T10:00:00Z");
            let utc = FixedOffset::east_opt(0).unwrap();
            let follow_up = Target { amount: 1, unit: TargetUnit::Days, from: TargetFrom::PreviousStep };
            let mut steps =
                vec![step(1, None, None), StepStatus { position: 2, target: Some(follow_up), done_at: None }];
            assert_eq!(due_times(&steps, received, &utc)[1], (2, None));
            assert!(overdue_steps(&steps, received, at("2026-12-30T00:00:00Z"), &utc).is_empty());
            steps[0].done_at = Some(at("2026-11-23T09:00:00Z"));
            assert_eq!(due_times(&steps, received, &utc)[1], (2, Some(at("2026-11-24T09:00:00Z"))));
            assert_eq!(overdue_steps(&steps, received, at("2026-11-24T09:01:00Z"), &utc).len(), 1);
        }

        #[test]
        fn durations_in_words() {
            assert_eq!(describe_duration(Duration::seconds(20)), "under a minute");
            assert_eq!(describe_duration(Duration::minutes(4)), "4 min");
            assert_eq!(describe_duration(Duration::minutes(125)), "2 h 5 min");
            assert_eq!(describe_duration(Duration::hours(26)), "1 day 2 h");
            assert_eq!(describe_duration(Duration::days(3)), "3 days");
        }
    }

    mod nominal_targets {
        use super::*;

        fn t(amount: i64, unit: TargetUnit, from: TargetFrom) -> Option<Target> {
            Some(Target { amount, unit, from })
        }

        #[test]
        fn chains_steps_counted_from_the_previous_one() {
            let steps = [
                t(15, TargetUnit::Minutes, TargetFrom::Intake),
                t(2, TargetUnit::Hours, TargetFrom::Intake),
                None,
                t(1, TargetUnit::Days, TargetFrom::PreviousStep),
            ];
            assert_eq!(nominal_targets(&steps), (Some(15), Some(120 + 1440)));
        }

        #[test]
        fn a_later_intake_target_can_end_earlier_than_the_chain() {
            let steps = [t(3, TargetUnit::Days, TargetFrom::Intake), t(30, TargetUnit::Minutes, TargetFrom::Intake)];
            assert_eq!(nominal_targets(&steps), (Some(3 * 1440), Some(3 * 1440)));
        }

        #[test]
        fn no_targets_gives_none() {
            assert_eq!(nominal_targets(&[None, None]), (None, None));
            assert_eq!(nominal_targets(&[]), (None, None));
            assert_eq!(nominal_targets(&[None, t(1, TargetUnit::Hours, TargetFrom::Intake)]), (None, Some(60)));
        }
    }
}
