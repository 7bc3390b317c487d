//! What staff record while putting an incident right, checked once here: the
//! note on a step or a resolution, the reason for unticking a step, reopening
//! or breaking a promise, what would make the customer happy, the root cause
//! and its prevention action, a follow-up call booked, a promise made or
//! moved to a new time, and a call ticked off. Each `*Input` is what the window sends; `validated()`
//! turns it into checked fields (or field errors in plain words), and the
//! store takes only the checked kind.

use super::schedule::CallOutcome;
use super::validate::{self, Checker};
use crate::error::{Error, Result};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde::Deserialize;

/// Longest note, reason or promise, in characters.
pub const NOTE_MAX: usize = 1000;

/// Text typed by staff, trimmed and within its limit (possibly empty when
/// the field is optional).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text(String);

impl Text {
    /// Optional text of at most `max` characters for `field`.
    pub fn optional(raw: &str, max: usize, field: &str) -> Result<Text> {
        validate::optional_text(raw, max).map(Text).map_err(|m| Error::field(field, m))
    }

    /// Text that must be there: `missing` says what to write.
    pub fn required(raw: &str, max: usize, field: &str, missing: &str) -> Result<Text> {
        validate::required_text(raw, max, missing).map(Text).map_err(|m| Error::field(field, m))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A note kept with a ticked step (optional; field `note`).
pub fn step_note(raw: &str) -> Result<Text> {
    Text::optional(raw, NOTE_MAX, "note")
}

/// Why a ticked step is not done after all (required; field `reason`).
pub fn untick_reason(raw: &str) -> Result<Text> {
    Text::required(raw, NOTE_MAX, "reason", "Please say why this step is not done after all.")
}

/// What would make the customer happy, in their words (field `desired_outcome`).
pub fn desired_outcome(raw: &str) -> Result<Text> {
    Text::required(raw, validate::TEXT_MAX, "desired_outcome", "Please write what would make them happy.")
}

/// How it was put right, on resolving (optional; field `note`).
pub fn resolution_note(raw: &str) -> Result<Text> {
    Text::optional(raw, validate::TEXT_MAX, "note")
}

/// Why a resolved incident is opened again (optional; field `reason`).
pub fn reopen_reason(raw: &str) -> Result<Text> {
    Text::optional(raw, validate::TEXT_MAX, "reason")
}

/// Why a promise was broken (required; field `reason`).
pub fn broken_reason(raw: &str) -> Result<Text> {
    Text::required(raw, NOTE_MAX, "reason", "Please say why the promise was broken.")
}

/// The root-cause form of a "make sure it can't happen again" step.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RootCauseInput {
    /// Why it went wrong.
    pub root_cause: String,
    /// What will be done about it (optional).
    pub action: String,
    /// Who will do it.
    pub owner_id: Option<i64>,
    /// By when, "YYYY-MM-DD".
    pub due_date: String,
}

/// A prevention action, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prevention {
    /// What will be done so it can't happen again.
    pub action: String,
    /// Who will do it.
    pub owner_id: Option<i64>,
    /// By when.
    pub due_date: Option<NaiveDate>,
}

/// The root cause, checked, with its prevention action if one was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootCause {
    /// Why it went wrong.
    pub cause: String,
    /// What will be done about it.
    pub prevention: Option<Prevention>,
}

impl RootCauseInput {
    /// The checked root cause; an owner or date without an action is refused.
    pub fn validated(&self) -> Result<RootCause> {
        let mut c = Checker::new();
        let cause = c.check(
            "root_cause",
            validate::required_text(&self.root_cause, validate::TEXT_MAX, "Please write what caused it."),
        );
        let action = c.check("action", validate::optional_text(&self.action, NOTE_MAX));
        let due = c.check("due_date", validate::date(&self.due_date));
        if let Some(action) = &action {
            if action.is_empty() && (self.owner_id.is_some() || due.flatten().is_some()) {
                c.fail("action", "Please describe the prevention action, or clear its owner and date.");
            }
        }
        c.finish()?;
        let (cause, action) = (cause.expect("checked"), action.expect("checked"));
        let prevention =
            (!action.is_empty()).then(|| Prevention { action, owner_id: self.owner_id, due_date: due.flatten() });
        Ok(RootCause { cause, prevention })
    }
}

/// The form that books a follow-up call.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FollowUpInput {
    /// Local time to call, "YYYY-MM-DDTHH:MM".
    pub due_at: String,
    /// Who should call; `None` for anyone.
    pub assignee_id: Option<i64>,
}

/// A follow-up call to book, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowUpFields {
    /// When to call.
    pub due_at: DateTime<Utc>,
    /// Who should call; `None` for anyone.
    pub assignee_id: Option<i64>,
}

impl FollowUpInput {
    /// The checked call: a time on `tz`'s wall clock, not already past at `now`.
    pub fn validated<Tz: TimeZone>(&self, now: DateTime<Utc>, tz: &Tz) -> Result<FollowUpFields> {
        let due = validate::event_time(&self.due_at, tz, now).map_err(|m| Error::field("due_at", m))?;
        if due < now - Duration::minutes(1) {
            return Err(Error::field("due_at", "That time has already passed. Please pick a time from now on."));
        }
        Ok(FollowUpFields { due_at: due, assignee_id: self.assignee_id })
    }
}

/// The promise form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PromiseInput {
    /// What was promised.
    pub text: String,
    /// Local due time, "YYYY-MM-DDTHH:MM".
    pub due_at: String,
    /// Who must keep it.
    pub owner_id: Option<i64>,
}

/// A promise, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromiseFields {
    /// What was promised.
    pub text: String,
    /// By when.
    pub due_at: DateTime<Utc>,
    /// Who must keep it.
    pub owner_id: Option<i64>,
}

impl PromiseInput {
    /// The checked promise: some text, and a time not already past at `now`.
    pub fn validated<Tz: TimeZone>(&self, now: DateTime<Utc>, tz: &Tz) -> Result<PromiseFields> {
        let mut c = Checker::new();
        let text = c.check("text", validate::required_text(&self.text, NOTE_MAX, "Please write what was promised."));
        let due = c.check("due_at", validate::event_time(&self.due_at, tz, now));
        if let Some(d) = due {
            if d < now - Duration::minutes(1) {
                c.fail("due_at", "That time has already passed. When will the promise be kept?");
            }
        }
        c.finish()?;
        Ok(PromiseFields { text: text.expect("checked"), due_at: due.expect("checked"), owner_id: self.owner_id })
    }
}

/// The form that moves an open promise to a new due time.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MovePromiseInput {
    /// The new local due time, "YYYY-MM-DDTHH:MM".
    pub due_at: String,
    /// Why it moves ("the part is delayed").
    pub reason: String,
}

/// A move of a promise, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovePromiseFields {
    /// The new due time.
    pub due_at: DateTime<Utc>,
    /// Why it moves.
    pub reason: Text,
}

impl MovePromiseInput {
    /// The checked move: a time on `tz`'s wall clock, not already past at
    /// `now`, and a reason. Whether it differs from the promise's own due
    /// time is [`MovePromiseFields::from_due`]'s check, once the promise is
    /// read.
    pub fn validated<Tz: TimeZone>(&self, now: DateTime<Utc>, tz: &Tz) -> Result<MovePromiseFields> {
        let mut c = Checker::new();
        let due = c.check("due_at", validate::event_time(&self.due_at, tz, now));
        if let Some(d) = due {
            if d < now - Duration::minutes(1) {
                c.fail("due_at", "That time has already passed. By when will the promise be kept now?");
            }
        }
        let reason =
            c.check("reason", validate::required_text(&self.reason, NOTE_MAX, "Please say why the promise is moved."));
        c.finish()?;
        Ok(MovePromiseFields { due_at: due.expect("checked"), reason: Text(reason.expect("checked")) })
    }
}

impl MovePromiseFields {
    /// Refuses a "move" to the time the promise is already due (`current`).
    pub fn from_due(&self, current: DateTime<Utc>) -> Result<()> {
        if self.due_at == current {
            return Err(Error::field(
                "due_at",
                "The promise is already due then. Pick the new date or time it will be kept by.",
            ));
        }
        Ok(())
    }
}

/// Ticking off a call.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CallInput {
    /// "satisfied", "partly_satisfied", "not_satisfied" or "no_answer".
    pub outcome: String,
    /// Notes from the call.
    pub note: String,
    /// After no answer: try again (at `retry_at`, or the default next day).
    pub retry: bool,
    /// Local time of the retry; empty for the default.
    pub retry_at: String,
}

/// After no answer, whether and when to try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// No more tries (or the call was answered).
    No,
    /// The shop's default retry time.
    Default,
    /// At this time.
    At(DateTime<Utc>),
}

/// A call ticked off, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallFields {
    /// How it went.
    pub outcome: CallOutcome,
    /// Notes from the call.
    pub note: String,
    /// Whether to try again.
    pub retry: Retry,
}

impl CallInput {
    /// The checked call: a known outcome, a short note, and a retry time
    /// (only after no answer) later than `now`.
    pub fn validated<Tz: TimeZone>(&self, now: DateTime<Utc>, tz: &Tz) -> Result<CallFields> {
        let outcome = CallOutcome::parse(self.outcome.trim())
            .ok_or_else(|| Error::field("outcome", "Please choose how the call went."))?;
        let note = validate::optional_text(&self.note, NOTE_MAX).map_err(|m| Error::field("note", m))?;
        let retry = match (outcome, self.retry, self.retry_at.trim()) {
            (CallOutcome::NoAnswer, true, "") => Retry::Default,
            (CallOutcome::NoAnswer, true, at) => {
                let at = validate::event_time(at, tz, now).map_err(|m| Error::field("retry_at", m))?;
                if at <= now {
                    return Err(Error::field("retry_at", "The next try must be later than now."));
                }
                Retry::At(at)
            }
            _ => Retry::No,
        };
        Ok(CallFields { outcome, note, retry })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn now() -> DateTime<Utc> {
        "2026-06-01T09:00:00Z".parse().unwrap()
    }

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    /// The field messages of an `Invalid` error.
    fn fields(err: Error) -> crate::error::FieldErrors {
        match err {
            Error::Invalid(f) => f,
            other => panic!("not a field error: {other:?}"),
        }
    }

    mod text {
        use super::*;

        #[test]
        fn trimmed_and_optional() {
            assert_eq!(step_note("  Listened  ").unwrap().as_str(), "Listened");
            assert!(resolution_note("").unwrap().is_empty());
        }

        mod error {
            use super::*;

            #[test]
            fn a_required_reason_left_empty_names_its_field() {
                let err = fields(untick_reason("   ").unwrap_err());
                assert_eq!(
                    err.get("reason").map(String::as_str),
                    Some("Please say why this step is not done after all.")
                );
                assert!(fields(broken_reason("").unwrap_err()).contains_key("reason"));
            }

            #[test]
            fn too_long() {
                assert!(fields(step_note(&"x".repeat(NOTE_MAX + 1)).unwrap_err()).contains_key("note"));
            }
        }
    }

    mod root_cause {
        use super::*;

        #[test]
        fn with_and_without_prevention() {
            let plain = RootCauseInput { root_cause: "Wrong chart".into(), ..Default::default() }.validated().unwrap();
            assert_eq!((plain.cause.as_str(), plain.prevention), ("Wrong chart", None));
            let full = RootCauseInput {
                root_cause: "Wrong chart".into(),
                action: "Label the charts".into(),
                owner_id: Some(2),
                due_date: "2026-06-10".into(),
            }
            .validated()
            .unwrap();
            let p = full.prevention.unwrap();
            assert_eq!(
                (p.action.as_str(), p.owner_id, p.due_date.map(|d| d.to_string())),
                ("Label the charts", Some(2), Some("2026-06-10".into()))
            );
        }

        mod error {
            use super::*;

            #[test]
            fn owner_without_action_and_no_cause() {
                let err = fields(RootCauseInput { owner_id: Some(1), ..Default::default() }.validated().unwrap_err());
                assert!(err.contains_key("root_cause"));
                assert!(err.contains_key("action"));
            }
        }
    }

    mod call {
        use super::*;

        #[test]
        fn retry_only_after_no_answer() {
            let answered = CallInput { outcome: "satisfied".into(), retry: true, ..Default::default() };
            assert_eq!(answered.validated(now(), &utc()).unwrap().retry, Retry::No);
            let again = CallInput { outcome: "no_answer".into(), retry: true, ..Default::default() };
            assert_eq!(again.validated(now(), &utc()).unwrap().retry, Retry::Default);
            let at = CallInput {
                outcome: "no_answer".into(),
                retry: true,
                retry_at: "2026-06-02T10:00".into(),
                ..Default::default()
            };
            assert_eq!(at.validated(now(), &utc()).unwrap().retry, Retry::At("2026-06-02T10:00:00Z".parse().unwrap()));
        }

        mod error {
            use super::*;

            #[test]
            fn unknown_outcome_and_past_retry() {
                let err = fields(
                    CallInput { outcome: "maybe".into(), ..Default::default() }.validated(now(), &utc()).unwrap_err(),
                );
                assert_eq!(err.get("outcome").map(String::as_str), Some("Please choose how the call went."));
                let past = CallInput {
                    outcome: "no_answer".into(),
                    retry: true,
                    retry_at: "2026-05-01T10:00".into(),
                    ..Default::default()
                };
                assert!(fields(past.validated(now(), &utc()).unwrap_err()).contains_key("retry_at"));
            }
        }
    }

    mod move_promise {
        use super::*;

        fn moved(due_at: &str, reason: &str) -> Result<MovePromiseFields> {
            MovePromiseInput { due_at: due_at.into(), reason: reason.into() }.validated(now(), &utc())
        }

        #[test]
        fn a_later_time_with_a_reason() {
            let m = moved("2026-06-05T17:00", "  The part is delayed ").unwrap();
            assert_eq!(m.due_at, "2026-06-05T17:00:00Z".parse::<DateTime<Utc>>().unwrap());
            assert_eq!(m.reason.as_str(), "The part is delayed");
            assert!(m.from_due("2026-06-02T12:00:00Z".parse().unwrap()).is_ok());
        }

        #[test]
        fn the_time_is_read_on_the_shops_wall_clock() {
            let paris = FixedOffset::east_opt(3600).unwrap();
            let m = MovePromiseInput { due_at: "2026-06-05T17:00".into(), reason: "Late part".into() }
                .validated(now(), &paris)
                .unwrap();
            assert_eq!(m.due_at, "2026-06-05T16:00:00Z".parse::<DateTime<Utc>>().unwrap());
        }

        mod error {
            use super::*;

            #[test]
            fn in_the_past() {
                let err = fields(moved("2026-05-31T17:00", "Late part").unwrap_err());
                assert_eq!(
                    err.get("due_at").map(String::as_str),
                    Some("That time has already passed. By when will the promise be kept now?")
                );
            }

            #[test]
            fn the_same_time_as_now_due() {
                let m = moved("2026-06-05T17:00", "Late part").unwrap();
                let err = fields(m.from_due("2026-06-05T17:00:00Z".parse().unwrap()).unwrap_err());
                assert!(err.get("due_at").unwrap().starts_with("The promise is already due then."));
            }

            #[test]
            fn no_reason_and_no_time() {
                let err = fields(moved("", "   ").unwrap_err());
                assert_eq!(err.get("reason").map(String::as_str), Some("Please say why the promise is moved."));
                assert!(err.contains_key("due_at"), "both fields are named at once: {err:?}");
            }
        }
    }

    mod promise_and_follow_up {
        use super::*;

        mod error {
            use super::*;

            #[test]
            fn in_the_past() {
                let p = PromiseInput { text: "Refund".into(), due_at: "2026-05-01T10:00".into(), owner_id: None };
                assert!(fields(p.validated(now(), &utc()).unwrap_err()).contains_key("due_at"));
                let f = FollowUpInput { due_at: "2026-05-01T10:00".into(), assignee_id: None };
                assert!(fields(f.validated(now(), &utc()).unwrap_err()).contains_key("due_at"));
            }
        }
    }
}
