//! The `promises` table (with `promise_moves`) and the outcomes of
//! `follow_ups`: promises kept, broken or moved to a new time, calls ticked
//! off with their outcome, and the morning call list.

use super::base::{record_event, NamedRef};
use super::base::{timestamp, Store};
use crate::domain::ics;
use crate::domain::recovery::{CallFields, MovePromiseFields, PromiseFields, Retry, Text};
use crate::domain::schedule::{self, Due, FollowUpRules};
use crate::domain::validate;
use crate::error::{Error, Result};
use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

/// The question staff ask on a follow-up call.
pub const FOLLOW_UP_QUESTION: &str = "Have we fixed everything for you?";

/// How far ahead the call list shows upcoming items.
const UPCOMING_DAYS: i64 = 7;

/// Most items of each group (overdue, today, upcoming) the call list
/// carries, with a count of the rest. A shop with a backlog of old promises
/// would otherwise send thousands of rows to the window every minute.
pub const CALL_LIST_GROUP_LIMIT: usize = 100;

/// Most recent unhappy calls the call list carries.
const NOT_SATISFIED_LIMIT: i64 = 50;

/// A promise made to a customer during recovery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Promise {
    /// Row id.
    pub id: i64,
    /// The incident.
    pub incident_id: i64,
    /// What was promised.
    pub text: String,
    /// By when (UTC).
    pub due_at: String,
    /// Who must keep it.
    pub owner: Option<NamedRef>,
    /// "open", "kept" or "broken".
    pub status: String,
    /// Why it was broken.
    pub broken_reason: String,
    /// When it was marked kept or broken.
    pub closed_at: Option<String>,
    /// Who marked it.
    pub closed_by: Option<NamedRef>,
    /// How many times it was moved to a new due time.
    pub moves: i64,
    /// Why it was last moved (`None` when it never was).
    pub last_move_reason: Option<String>,
}

/// One line of the morning call list: a follow-up call or a promise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallItem {
    /// "follow_up" or "promise".
    pub kind: &'static str,
    /// The follow-up's or promise's id.
    pub id: i64,
    /// The incident.
    pub incident_id: i64,
    /// The customer.
    pub customer_id: i64,
    /// The customer's name.
    pub customer_name: String,
    /// Phone, to call.
    pub phone: String,
    /// E-mail.
    pub email: String,
    /// When it is due (UTC).
    pub due_at: String,
    /// Overdue, today or upcoming.
    pub due: Due,
    /// A one-line reminder of what went wrong.
    pub summary: String,
    /// What was promised (the promise itself, or the open promises of the incident).
    pub promised: Option<String>,
    /// What to ask on a call.
    pub question: Option<&'static str>,
    /// Who should do it; `None` means anyone.
    pub assignee: Option<NamedRef>,
    /// Calls tried so far.
    pub attempts: i64,
}

/// A call whose customer was not satisfied, recently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unhappy {
    /// The incident, reopened.
    pub incident_id: i64,
    /// The customer's name.
    pub customer_name: String,
    /// When the call was made.
    pub called_at: String,
    /// Notes from the call.
    pub note: String,
}

/// The morning call list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallList {
    /// Overdue, then due today, then the next days; earliest first in each.
    pub items: Vec<CallItem>,
    /// Calls in the last week whose customer was not satisfied (the 50 most
    /// recent).
    pub not_satisfied: Vec<Unhappy>,
    /// Overdue items not in `items` (there are more than the list carries).
    pub more_overdue: i64,
    /// Items due today not in `items`.
    pub more_today: i64,
    /// Upcoming items not in `items`.
    pub more_upcoming: i64,
}

pub(super) fn promises(conn: &Connection, incident_id: i64) -> Result<Vec<Promise>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.incident_id, p.text, p.due_at, p.owner_id, o.name, p.status, p.broken_reason,
                p.closed_at, p.closed_by, c.name,
                (SELECT count(*) FROM promise_moves m WHERE m.promise_id = p.id),
                (SELECT m.reason FROM promise_moves m WHERE m.promise_id = p.id ORDER BY m.id DESC LIMIT 1)
         FROM promises p LEFT JOIN staff o ON o.id = p.owner_id LEFT JOIN staff c ON c.id = p.closed_by
         WHERE p.incident_id = ?1 ORDER BY p.due_at, p.id",
    )?;
    let rows = stmt.query_map([incident_id], |r| {
        Ok(Promise {
            id: r.get(0)?,
            incident_id: r.get(1)?,
            text: r.get(2)?,
            due_at: r.get(3)?,
            owner: NamedRef::maybe(r.get(4)?, r.get(5)?),
            status: r.get(6)?,
            broken_reason: r.get(7)?,
            closed_at: r.get(8)?,
            closed_by: NamedRef::maybe(r.get(9)?, r.get(10)?),
            moves: r.get(11)?,
            last_move_reason: r.get(12)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn parse_utc(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|d| d.with_timezone(&Utc))
}

/// A due time as the timeline says it, on `tz`'s wall clock: "Thu 26 Nov
/// 12:00", with the year when it is not `now`'s.
fn timeline_time<Tz: TimeZone>(at: DateTime<Utc>, now: DateTime<Utc>, tz: &Tz) -> String {
    let local = at.with_timezone(tz).naive_local();
    if local.year() == now.with_timezone(tz).naive_local().year() {
        local.format("%a %-d %b %H:%M").to_string()
    } else {
        local.format("%a %-d %b %Y %H:%M").to_string()
    }
}

impl Store {
    /// The follow-up defaults.
    pub fn follow_up_rules(&self) -> Result<FollowUpRules> {
        let value: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = 'follow_up_rules'", [], |r| r.get(0))
            .optional()?;
        Ok(value.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default())
    }

    /// Saves the follow-up defaults.
    pub fn update_follow_up_rules(&mut self, rules: &FollowUpRules) -> Result<FollowUpRules> {
        let problems = rules.problems();
        if !problems.is_empty() {
            return Err(Error::Invalid(problems.into_iter().map(|(k, v)| (k.to_string(), v)).collect()));
        }
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES ('follow_up_rules', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [serde_json::to_string(rules).expect("plain data")],
        )?;
        self.follow_up_rules()
    }

    /// Whether desktop notifications are wanted (on unless turned off).
    pub fn notifications_enabled(&self) -> Result<bool> {
        let value: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = 'notifications'", [], |r| r.get(0))
            .optional()?;
        Ok(value.as_deref() != Some("off"))
    }

    /// Turns desktop notifications on or off.
    pub fn set_notifications_enabled(&mut self, on: bool) -> Result<bool> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES ('notifications', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [if on { "on" } else { "off" }],
        )?;
        self.notifications_enabled()
    }

    /// Records a promise made to the customer.
    pub fn add_promise<Tz: TimeZone>(
        &mut self,
        incident_id: i64,
        promise: &PromiseFields,
        actor: Option<i64>,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<()> {
        let (text, due) = (&promise.text, promise.due_at);
        self.ensure_exists("incidents", incident_id, "incident", "That incident no longer exists.")?;
        self.check_staff(promise.owner_id, "owner_id")?;
        self.check_actor(actor)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO promises (incident_id, text, due_at, owner_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            (incident_id, text, timestamp(due), promise.owner_id, timestamp(now)),
        )?;
        let local = due.with_timezone(tz).naive_local().format("%Y-%m-%d %H:%M");
        record_event(&tx, incident_id, now, actor, "promise", &format!("Promise made: {text} (by {local})"))?;
        tx.commit()?;
        Ok(())
    }

    /// Marks a promise kept (`broken` is `None`), or broken with the reason;
    /// returns its incident.
    pub fn close_promise(
        &mut self,
        promise_id: i64,
        broken: Option<&Text>,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let (incident_id, text, status): (i64, String, String) = self
            .conn
            .query_row("SELECT incident_id, text, status FROM promises WHERE id = ?1", [promise_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?
            .ok_or_else(|| Error::NotFound("That promise no longer exists.".to_string()))?;
        if status != "open" {
            return Err(Error::Conflict(format!("This promise is already marked {status}.")));
        }
        let kept = broken.is_none();
        let reason = broken.map(Text::as_str).unwrap_or_default();
        self.check_actor(actor)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE promises SET status = ?1, broken_reason = ?2, closed_at = ?3, closed_by = ?4 WHERE id = ?5",
            (if kept { "kept" } else { "broken" }, reason, timestamp(now), actor, promise_id),
        )?;
        let summary = if kept { format!("Promise kept: {text}") } else { format!("Promise broken: {text} ({reason})") };
        record_event(&tx, incident_id, now, actor, "promise", &summary)?;
        tx.commit()?;
        Ok(incident_id)
    }

    /// Moves an open promise to a new due time with the reason; returns its
    /// incident. The move is kept (`promise_moves`), the promise's due time
    /// changes and the timeline says from when to when and why, all at once.
    pub fn move_promise<Tz: TimeZone>(
        &mut self,
        promise_id: i64,
        fields: &MovePromiseFields,
        actor: Option<i64>,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<i64> {
        let (incident_id, text, status, due): (i64, String, String, String) = self
            .conn
            .query_row("SELECT incident_id, text, status, due_at FROM promises WHERE id = ?1", [promise_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?
            .ok_or_else(|| Error::NotFound("That promise no longer exists.".to_string()))?;
        if status != "open" {
            return Err(Error::Conflict(format!(
                "This promise is already marked {status}, so it can't be moved. Make a new promise instead."
            )));
        }
        let from = parse_utc(&due).unwrap_or(now);
        fields.from_due(from)?;
        self.check_actor(actor)?;
        let (to, reason) = (fields.due_at, fields.reason.as_str());
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO promise_moves (promise_id, from_due_at, to_due_at, reason, moved_at, moved_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            (promise_id, &due, timestamp(to), reason, timestamp(now), actor),
        )?;
        tx.execute("UPDATE promises SET due_at = ?1 WHERE id = ?2", (timestamp(to), promise_id))?;
        let summary = format!(
            "Promise moved: {text}, from {} to {} ({reason})",
            timeline_time(from, now, tz),
            timeline_time(to, now, tz)
        );
        record_event(&tx, incident_id, now, actor, "promise", &summary)?;
        tx.commit()?;
        Ok(incident_id)
    }

    /// Ticks off a follow-up call with its outcome; returns its incident.
    /// "No answer" counts an attempt and, if asked, moves the call to the
    /// retry time; "not satisfied" reopens the incident.
    pub fn log_call<Tz: TimeZone>(
        &mut self,
        follow_up_id: i64,
        call: &CallFields,
        actor: Option<i64>,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<i64> {
        let (incident_id, attempts, done): (i64, i64, bool) = self
            .conn
            .query_row(
                "SELECT incident_id, attempts, done_at IS NOT NULL FROM follow_ups WHERE id = ?1",
                [follow_up_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound("That follow-up call no longer exists.".to_string()))?;
        if done {
            return Err(Error::Conflict("This call is already ticked off.".to_string()));
        }
        let (outcome, note) = (call.outcome.as_str(), &call.note);
        let label = call.outcome.label().to_lowercase();
        let retry_at = match call.retry {
            Retry::No => None,
            Retry::Default => Some(schedule::retry_after_no_answer(now, &self.follow_up_rules()?, tz)),
            Retry::At(at) => Some(at),
        };
        self.check_actor(actor)?;
        let attempts = attempts + 1;
        let tx = self.conn.transaction()?;
        let mut summary = format!("Follow-up call: {label} (attempt {attempts})");
        if !note.is_empty() {
            summary.push_str(&format!(": {note}"));
        }
        match retry_at {
            Some(at) => {
                tx.execute(
                    "UPDATE follow_ups SET attempts = ?1, due_at = ?2, note = ?3 WHERE id = ?4",
                    (attempts, timestamp(at), note, follow_up_id),
                )?;
                summary
                    .push_str(&format!("; next try {}", at.with_timezone(tz).naive_local().format("%Y-%m-%d %H:%M")));
            }
            None => {
                tx.execute(
                    "UPDATE follow_ups SET attempts = ?1, outcome = ?2, note = ?3, done_at = ?4, done_by = ?5 WHERE id = ?6",
                    (attempts, outcome, note, timestamp(now), actor, follow_up_id),
                )?;
            }
        }
        record_event(&tx, incident_id, now, actor, "call", &summary)?;
        if call.outcome == schedule::CallOutcome::NotSatisfied {
            let reopened = tx.execute(
                "UPDATE incidents SET status = 'open', resolved_at = NULL, updated_at = ?1 WHERE id = ?2 AND status = 'resolved'",
                (timestamp(now), incident_id),
            )?;
            if reopened > 0 {
                // The note from the call says what is still wrong; the page's header shows it.
                let mut why = "Reopened: the customer was not satisfied on the follow-up call".to_string();
                if !note.is_empty() {
                    why.push_str(&format!(" — “{note}”"));
                }
                record_event(&tx, incident_id, now, actor, "reopened", &why)?;
            }
        }
        tx.commit()?;
        Ok(incident_id)
    }

    /// The morning call list at `now`: open follow-ups and promises that are
    /// overdue, due today or due in the next week: of each group the
    /// [`CALL_LIST_GROUP_LIMIT`] due first, with counts of the rest.
    pub fn call_list<Tz: TimeZone>(&self, now: DateTime<Utc>, tz: &Tz) -> Result<CallList> {
        let today = now.with_timezone(tz).date_naive();
        let today_start = timestamp(validate::start_of_local_day(today, tz));
        let tomorrow = today.succ_opt().unwrap_or(today);
        let tomorrow_start = timestamp(validate::start_of_local_day(tomorrow, tz));
        let horizon = timestamp(now + Duration::days(UPCOMING_DAYS + 1));
        let limit = CALL_LIST_GROUP_LIMIT as i64;

        let (mut items, more_overdue) = self.calls_due_between("", &today_start, limit)?;
        let (due_today, more_today) = self.calls_due_between(&today_start, &tomorrow_start, limit)?;
        let (upcoming, more_upcoming) = self.calls_due_between(&tomorrow_start, &horizon, limit)?;
        items.extend(due_today);
        items.extend(upcoming);
        for item in items.iter_mut() {
            if let Some(due) = parse_utc(&item.due_at) {
                item.due = schedule::due_state(due, now, tz);
            }
        }
        schedule::order_call_list(&mut items, now, tz, |i| parse_utc(&i.due_at).unwrap_or(now));

        let since = timestamp(now - Duration::days(7));
        let not_satisfied = self
            .conn
            .prepare_cached(
                "SELECT i.id, c.name, f.done_at, f.note FROM follow_ups f
                 JOIN incidents i ON i.id = f.incident_id JOIN customers c ON c.id = i.customer_id
                 WHERE f.done_at >= ?1 AND f.outcome = 'not_satisfied' ORDER BY f.done_at DESC LIMIT ?2",
            )?
            .query_map((&since, NOT_SATISFIED_LIMIT), |r| {
                Ok(Unhappy { incident_id: r.get(0)?, customer_name: r.get(1)?, called_at: r.get(2)?, note: r.get(3)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(CallList { items, not_satisfied, more_overdue, more_today, more_upcoming })
    }

    /// Open follow-ups and promises due in [`from`, `until`), earliest first:
    /// at most `limit` of them, and how many more there are.
    fn calls_due_between(&self, from: &str, until: &str, limit: i64) -> Result<(Vec<CallItem>, i64)> {
        let mut items: Vec<CallItem> = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.id, i.id, c.id, c.name, c.phone, c.email, f.due_at, substr(i.description, 1, 140),
                    f.assignee_id, s.name, f.attempts,
                    (SELECT group_concat(p.text, '; ') FROM promises p WHERE p.incident_id = i.id AND p.status = 'open')
             FROM follow_ups f
             JOIN incidents i ON i.id = f.incident_id
             JOIN customers c ON c.id = i.customer_id
             LEFT JOIN staff s ON s.id = f.assignee_id
             WHERE f.done_at IS NULL AND f.due_at >= ?1 AND f.due_at < ?2
             ORDER BY f.due_at, f.id LIMIT ?3",
        )?;
        let rows = stmt.query_map((from, until, limit), |r| {
            Ok(CallItem {
                kind: "follow_up",
                id: r.get(0)?,
                incident_id: r.get(1)?,
                customer_id: r.get(2)?,
                customer_name: r.get(3)?,
                phone: r.get(4)?,
                email: r.get(5)?,
                due_at: r.get(6)?,
                due: Due::Upcoming,
                summary: r.get(7)?,
                assignee: NamedRef::maybe(r.get(8)?, r.get(9)?),
                attempts: r.get(10)?,
                promised: r.get(11)?,
                question: Some(FOLLOW_UP_QUESTION),
            })
        })?;
        for row in rows {
            items.push(row?);
        }
        let calls_found = items.len() as i64;
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id, i.id, c.id, c.name, c.phone, c.email, p.due_at, substr(i.description, 1, 140),
                    p.owner_id, s.name, p.text
             FROM promises p
             JOIN incidents i ON i.id = p.incident_id
             JOIN customers c ON c.id = i.customer_id
             LEFT JOIN staff s ON s.id = p.owner_id
             WHERE p.status = 'open' AND p.due_at >= ?1 AND p.due_at < ?2
             ORDER BY p.due_at, p.id LIMIT ?3",
        )?;
        let rows = stmt.query_map((from, until, limit), |r| {
            Ok(CallItem {
                kind: "promise",
                id: r.get(0)?,
                incident_id: r.get(1)?,
                customer_id: r.get(2)?,
                customer_name: r.get(3)?,
                phone: r.get(4)?,
                email: r.get(5)?,
                due_at: r.get(6)?,
                due: Due::Upcoming,
                summary: r.get(7)?,
                assignee: NamedRef::maybe(r.get(8)?, r.get(9)?),
                attempts: 0,
                promised: Some(r.get(10)?),
                question: None,
            })
        })?;
        for row in rows {
            items.push(row?);
        }
        let promises_found = items.len() as i64 - calls_found;
        let found = items.len() as i64;
        let all = if calls_found < limit && promises_found < limit {
            found
        } else {
            let count = |sql: &str| -> Result<i64> {
                Ok(self.conn.prepare_cached(sql)?.query_row((from, until), |r| r.get(0))?)
            };
            count("SELECT count(*) FROM follow_ups WHERE done_at IS NULL AND due_at >= ?1 AND due_at < ?2")?
                + count("SELECT count(*) FROM promises WHERE status = 'open' AND due_at >= ?1 AND due_at < ?2")?
        };
        items.sort_by(|a, b| (&a.due_at, a.kind, a.id).cmp(&(&b.due_at, b.kind, b.id)));
        items.truncate(limit as usize);
        let more = all - items.len() as i64;
        Ok((items, more))
    }

    /// The open follow-ups and promises as an iCalendar file.
    pub fn calendar_export(&self, business_name: &str, now: DateTime<Utc>) -> Result<String> {
        let mut events = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT 'follow-up', f.id, f.due_at, c.name, c.phone, i.description, 15
             FROM follow_ups f JOIN incidents i ON i.id = f.incident_id JOIN customers c ON c.id = i.customer_id
             WHERE f.done_at IS NULL
             UNION ALL
             SELECT 'promise', p.id, p.due_at, c.name, c.phone, p.text, 30
             FROM promises p JOIN incidents i ON i.id = p.incident_id JOIN customers c ON c.id = i.customer_id
             WHERE p.status = 'open'
             ORDER BY 3",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, i64>(6)?,
            ))
        })?;
        for row in rows {
            let (kind, id, due, name, phone, text, minutes) = row?;
            let Some(start) = parse_utc(&due) else { continue };
            let (summary, description) = if kind == "promise" {
                (format!("Promise due: {name}"), format!("Promised: {text}\nPhone: {phone}"))
            } else {
                (
                    format!("Follow-up call: {name}"),
                    format!("Ask: {FOLLOW_UP_QUESTION}\nWhat went wrong: {text}\nPhone: {phone}"),
                )
            };
            events.push(ics::Event {
                uid: format!("{kind}-{id}@mend"),
                start,
                duration: Duration::minutes(minutes),
                summary,
                description,
            });
        }
        let name = if business_name.is_empty() {
            "Mend follow-ups".to_string()
        } else {
            format!("{business_name}: follow-ups")
        };
        Ok(ics::calendar(&name, &events, now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn count(store: &Store, sql: &str, params: impl rusqlite::Params) -> i64 {
        store.conn.query_row(sql, params, |r| r.get(0)).unwrap()
    }

    mod call_list {
        use super::*;

        #[test]
        fn carries_the_oldest_overdue_and_what_is_due_today() {
            let now = at("2026-11-24T09:30:00Z");
            let mut store = Store::open_in_memory().unwrap();
            store.generate_sample(300, 3, now).unwrap();
            // A backlog: a promise a day after each of 150 old complaints, never closed.
            store
                .conn
                .execute(
                    "INSERT INTO promises (incident_id, text, due_at, created_at)
                     SELECT id, 'Call back', strftime('%Y-%m-%dT%H:%M:%SZ', received_at, '+1 days'), received_at
                     FROM incidents WHERE received_at < '2026-11-01' ORDER BY id LIMIT 150",
                    [],
                )
                .unwrap();
            store
                .conn
                .execute_batch(
                    "INSERT INTO follow_ups (incident_id, due_at, created_at) VALUES (1, '2026-11-24T15:00:00Z', '');
                     INSERT INTO promises (incident_id, text, due_at, created_at)
                     VALUES (2, 'Refund', '2026-11-24T08:00:00Z', '');",
                )
                .unwrap();
            let today_start = "2026-11-24T00:00:00Z";
            let overdue = count(
                &store,
                "SELECT (SELECT count(*) FROM follow_ups WHERE done_at IS NULL AND due_at < ?1)
                      + (SELECT count(*) FROM promises WHERE status = 'open' AND due_at < ?1)",
                [today_start],
            );
            assert!(overdue > CALL_LIST_GROUP_LIMIT as i64, "the sample should have a backlog ({overdue})");
            let list = store.call_list(now, &Utc).unwrap();
            let listed: Vec<&CallItem> = list.items.iter().filter(|i| i.due == Due::Overdue).collect();
            assert_eq!(listed.len(), CALL_LIST_GROUP_LIMIT);
            assert_eq!(list.more_overdue, overdue - CALL_LIST_GROUP_LIMIT as i64);
            // The oldest ones, earliest first.
            let oldest: String = store
                .conn
                .query_row(
                    "SELECT min(due_at) FROM (SELECT due_at FROM follow_ups WHERE done_at IS NULL
                     UNION ALL SELECT due_at FROM promises WHERE status = 'open')",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(listed[0].due_at, oldest);
            assert!(listed.windows(2).all(|w| w[0].due_at <= w[1].due_at));
            // Everything due today is there.
            let due_today = count(
                &store,
                "SELECT (SELECT count(*) FROM follow_ups WHERE done_at IS NULL AND due_at >= ?1 AND due_at < ?2)
                      + (SELECT count(*) FROM promises WHERE status = 'open' AND due_at >= ?1 AND due_at < ?2)",
                [today_start, "2026-11-25T00:00:00Z"],
            );
            assert!(due_today >= 2);
            assert_eq!(list.items.iter().filter(|i| i.due == Due::Today).count() as i64, due_today);
        }

        #[test]
        fn a_short_list_is_whole() {
            let now = at("2026-11-24T09:30:00Z");
            let mut store = Store::open_in_memory().unwrap();
            store.generate_sample(60, 3, now).unwrap();
            let list = store.call_list(now, &Utc).unwrap();
            let open = count(
                &store,
                "SELECT (SELECT count(*) FROM follow_ups WHERE done_at IS NULL AND due_at < ?1)
                      + (SELECT count(*) FROM promises WHERE status = 'open' AND due_at < ?1)",
                [timestamp(now + Duration::days(UPCOMING_DAYS + 1))],
            );
            assert_eq!(list.items.len() as i64, open);
            assert_eq!((list.more_overdue, list.more_today, list.more_upcoming), (0, 0, 0));
        }
    }
}
