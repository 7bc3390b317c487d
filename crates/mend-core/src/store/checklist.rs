//! The `incident_steps`, `prevention_actions` and `follow_ups` tables: each
//! incident's own checklist and what its steps capture.

use super::base::{record_event, NamedRef};
use super::base::{timestamp, Store};
use super::playbooks::{step_from_row, StepView, STEP_COLUMNS};
use crate::domain::checklist::{self, StepStatus};
use crate::domain::recovery::{FollowUpFields, RootCause, Text};
use crate::error::{Error, Result};
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

/// One step of an incident's checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistStep {
    /// The step as copied from the playbook.
    #[serde(flatten)]
    pub step: StepView,
    /// When it was ticked.
    pub done_at: Option<String>,
    /// Who ticked it.
    pub done_by: Option<NamedRef>,
    /// A short note on what was done.
    pub note: String,
    /// When it is due, if it has a target that can be worked out yet.
    pub due_at: Option<String>,
    /// Not ticked and past its target time.
    pub overdue: bool,
    /// The first step not yet ticked.
    pub is_next: bool,
}

/// How fast the shop responded and resolved, in minutes and in words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Timings {
    /// The first response: the earliest ticked step, or resolving when no
    /// step had been ticked by then.
    pub first_response_at: Option<String>,
    /// Intake to first response, in minutes.
    pub first_response_minutes: Option<i64>,
    /// The same in words ("4 min").
    pub first_response_text: Option<String>,
    /// Intake to resolution, in minutes.
    pub resolution_minutes: Option<i64>,
    /// The same in words.
    pub resolution_text: Option<String>,
}

/// A prevention action recorded with a root cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreventionAction {
    /// Row id.
    pub id: i64,
    /// What will be done so it can't happen again.
    pub action: String,
    /// Who will do it.
    pub owner: Option<NamedRef>,
    /// By when ("YYYY-MM-DD").
    pub due_date: Option<String>,
    /// When it was done.
    pub done_at: Option<String>,
}

/// A follow-up call scheduled on an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    /// Row id.
    pub id: i64,
    /// When to call (UTC).
    pub due_at: String,
    /// Who should call; `None` means anyone.
    pub assignee: Option<NamedRef>,
    /// How the call went, once made.
    pub outcome: Option<String>,
    /// Calls tried so far.
    pub attempts: i64,
    /// Notes from the call.
    pub note: String,
    /// When it was done.
    pub done_at: Option<String>,
}

/// Copies playbook `playbook_id`'s steps into incident `incident_id`.
pub(super) fn snapshot(conn: &Connection, incident_id: i64, playbook_id: i64) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO incident_steps (incident_id, position, {STEP_COLUMNS})
         SELECT ?1, position, {STEP_COLUMNS} FROM playbook_steps WHERE playbook_id = ?2"
    ))?
    .execute((incident_id, playbook_id))?;
    Ok(())
}

/// An incident's checklist as stored (not yet annotated with due times).
pub(super) fn load(conn: &Connection, incident_id: i64) -> Result<Vec<ChecklistStep>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT st.position, st.done_at, st.done_by, s.name, st.note, {}
         FROM incident_steps st LEFT JOIN staff s ON s.id = st.done_by
         WHERE st.incident_id = ?1 ORDER BY st.position",
        STEP_COLUMNS.split(", ").map(|c| format!("st.{c}")).collect::<Vec<_>>().join(", ")
    ))?;
    let rows = stmt.query_map([incident_id], |r| {
        Ok(ChecklistStep {
            step: step_from_row(r, r.get(0)?, 5)?,
            done_at: r.get(1)?,
            done_by: NamedRef::maybe(r.get(2)?, r.get(3)?),
            note: r.get(4)?,
            due_at: None,
            overdue: false,
            is_next: false,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|d| d.with_timezone(&Utc))
}

/// The rule inputs of a stored checklist.
pub(super) fn statuses(steps: &[ChecklistStep]) -> Vec<StepStatus> {
    steps
        .iter()
        .map(|s| StepStatus {
            position: s.step.position,
            target: s.step.target,
            done_at: s.done_at.as_deref().and_then(parse_time),
        })
        .collect()
}

/// Fills in due times, overdue flags and the next step at `now`, and works
/// out the timings. `responded_at` is a first response recorded other than
/// by a ticked step (resolving with none ticked); the earlier one counts.
pub(super) fn annotate<Tz: TimeZone>(
    steps: &mut [ChecklistStep],
    received_at: &str,
    resolved_at: Option<&str>,
    responded_at: Option<&str>,
    open: bool,
    now: DateTime<Utc>,
    tz: &Tz,
) -> Timings {
    let Some(received) = parse_time(received_at) else { return Timings::default() };
    let status = statuses(steps);
    let due = checklist::due_times(&status, received, tz);
    let next = checklist::next_step(&status).map(|s| s.position);
    let late: Vec<i64> = checklist::overdue_steps(&status, received, now, tz).iter().map(|s| s.position).collect();
    for step in steps.iter_mut() {
        let p = step.step.position;
        step.due_at = due.iter().find(|(pos, _)| *pos == p).and_then(|(_, d)| *d).map(timestamp);
        step.overdue = open && late.contains(&p);
        step.is_next = open && next == Some(p);
    }
    let first_at = status.iter().filter_map(|s| s.done_at).chain(responded_at.and_then(parse_time)).min();
    let first = first_at.map(|at| (at - received).max(chrono::Duration::zero()));
    let resolution = checklist::time_to_resolution(received, resolved_at.and_then(parse_time));
    Timings {
        first_response_at: first_at.map(timestamp),
        first_response_minutes: first.map(|d| d.num_minutes()),
        first_response_text: first.map(checklist::describe_duration),
        resolution_minutes: resolution.map(|d| d.num_minutes()),
        resolution_text: resolution.map(checklist::describe_duration),
    }
}

pub(super) fn prevention_actions(conn: &Connection, incident_id: i64) -> Result<Vec<PreventionAction>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.action, p.owner_id, s.name, p.due_date, p.done_at
         FROM prevention_actions p LEFT JOIN staff s ON s.id = p.owner_id
         WHERE p.incident_id = ?1 ORDER BY p.id",
    )?;
    let rows = stmt.query_map([incident_id], |r| {
        Ok(PreventionAction {
            id: r.get(0)?,
            action: r.get(1)?,
            owner: NamedRef::maybe(r.get(2)?, r.get(3)?),
            due_date: r.get(4)?,
            done_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn follow_ups(conn: &Connection, incident_id: i64) -> Result<Vec<FollowUp>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.id, f.due_at, f.assignee_id, s.name, f.outcome, f.attempts, f.note, f.done_at
         FROM follow_ups f LEFT JOIN staff s ON s.id = f.assignee_id
         WHERE f.incident_id = ?1 ORDER BY f.due_at, f.id",
    )?;
    let rows = stmt.query_map([incident_id], |r| {
        Ok(FollowUp {
            id: r.get(0)?,
            due_at: r.get(1)?,
            assignee: NamedRef::maybe(r.get(2)?, r.get(3)?),
            outcome: r.get(4)?,
            attempts: r.get(5)?,
            note: r.get(6)?,
            done_at: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What a checklist change needs to know about its incident and step.
struct StepContext {
    title: String,
    done: bool,
}

impl Store {
    /// Refuses changes to the checklist of a resolved incident; returns the step.
    fn open_step(&self, incident_id: i64, position: i64) -> Result<StepContext> {
        let status: Option<String> = self
            .conn
            .query_row("SELECT status FROM incidents WHERE id = ?1", [incident_id], |r| r.get(0))
            .optional()?;
        match status.as_deref() {
            None => return Err(Error::NotFound("That incident no longer exists.".to_string())),
            Some("resolved") => {
                return Err(Error::Conflict(
                    "This incident is resolved. Reopen it to work on its checklist.".to_string(),
                ))
            }
            _ => {}
        }
        self.conn
            .query_row(
                "SELECT title, done_at IS NOT NULL FROM incident_steps WHERE incident_id = ?1 AND position = ?2",
                (incident_id, position),
                |r| Ok(StepContext { title: r.get(0)?, done: r.get(1)? }),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound("That step is not on this incident's checklist.".to_string()))
    }

    /// Ticks a step now, recording who did it and an optional note.
    pub fn tick_step(
        &mut self,
        incident_id: i64,
        position: i64,
        note: &Text,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let note = note.as_str();
        let step = self.open_step(incident_id, position)?;
        if step.done {
            return Err(Error::Conflict(format!("“{}” is already ticked.", step.title)));
        }
        self.check_actor(actor)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE incident_steps SET done_at = ?1, done_by = ?2,
                    note = CASE WHEN ?3 = '' THEN note ELSE ?3 END
             WHERE incident_id = ?4 AND position = ?5",
            (timestamp(now), actor, note, incident_id, position),
        )?;
        let mut summary = format!("Step {position} done: {}", step.title);
        if !note.is_empty() {
            summary.push_str(&format!(" ({note})"));
        }
        record_event(&tx, incident_id, now, actor, "step_done", &summary)?;
        tx.execute("UPDATE incidents SET updated_at = ?1 WHERE id = ?2", (timestamp(now), incident_id))?;
        tx.commit()?;
        Ok(())
    }

    /// Unticks a step; the reason is required and goes on the timeline.
    pub fn untick_step(
        &mut self,
        incident_id: i64,
        position: i64,
        reason: &Text,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let step = self.open_step(incident_id, position)?;
        if !step.done {
            return Err(Error::Conflict(format!("“{}” is not ticked.", step.title)));
        }
        self.check_actor(actor)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE incident_steps SET done_at = NULL, done_by = NULL WHERE incident_id = ?1 AND position = ?2",
            (incident_id, position),
        )?;
        record_event(
            &tx,
            incident_id,
            now,
            actor,
            "step_undone",
            &format!("Step {position} unticked: {} ({reason})", step.title),
        )?;
        tx.execute("UPDATE incidents SET updated_at = ?1 WHERE id = ?2", (timestamp(now), incident_id))?;
        tx.commit()?;
        Ok(())
    }

    /// Saves a short note on a step.
    pub fn set_step_note(
        &mut self,
        incident_id: i64,
        position: i64,
        note: &Text,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let note = note.as_str();
        let step = self.open_step(incident_id, position)?;
        self.check_actor(actor)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE incident_steps SET note = ?1 WHERE incident_id = ?2 AND position = ?3",
            (note, incident_id, position),
        )?;
        let summary = if note.is_empty() {
            format!("Note removed from step {position}: {}", step.title)
        } else {
            format!("Note on step {position} ({}): {note}", step.title)
        };
        record_event(&tx, incident_id, now, actor, "step_note", &summary)?;
        tx.commit()?;
        Ok(())
    }

    /// Records what would make the customer happy (from the step that asks).
    pub fn set_desired_outcome(
        &mut self,
        incident_id: i64,
        text: &Text,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let text = text.as_str();
        self.ensure_exists("incidents", incident_id, "incident", "That incident no longer exists.")?;
        self.check_actor(actor)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE incidents SET desired_outcome = ?1, updated_at = ?2 WHERE id = ?3",
            (text, timestamp(now), incident_id),
        )?;
        record_event(&tx, incident_id, now, actor, "edited", &format!("What would make them happy: {text}"))?;
        tx.commit()?;
        Ok(())
    }

    /// Records the root cause and, optionally, a prevention action.
    pub fn record_root_cause(
        &mut self,
        incident_id: i64,
        root: &RootCause,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.ensure_exists("incidents", incident_id, "incident", "That incident no longer exists.")?;
        if let Some(p) = &root.prevention {
            self.check_staff(p.owner_id, "owner_id")?;
        }
        self.check_actor(actor)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE incidents SET root_cause = ?1, updated_at = ?2 WHERE id = ?3",
            (&root.cause, timestamp(now), incident_id),
        )?;
        record_event(&tx, incident_id, now, actor, "root_cause", &format!("Root cause: {}", root.cause))?;
        if let Some(p) = &root.prevention {
            let due = p.due_date.map(|d| d.to_string());
            tx.execute(
                "INSERT INTO prevention_actions (incident_id, action, owner_id, due_date, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![incident_id, p.action, p.owner_id, due, timestamp(now)],
            )?;
            let mut summary = format!("Prevention action: {}", p.action);
            if let Some(d) = due {
                summary.push_str(&format!(", due {d}"));
            }
            record_event(&tx, incident_id, now, actor, "prevention", &summary)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Schedules a follow-up call.
    pub fn schedule_follow_up<Tz: TimeZone>(
        &mut self,
        incident_id: i64,
        call: &FollowUpFields,
        actor: Option<i64>,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<()> {
        let due = call.due_at;
        self.ensure_exists("incidents", incident_id, "incident", "That incident no longer exists.")?;
        self.check_staff(call.assignee_id, "assignee_id")?;
        self.check_actor(actor)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO follow_ups (incident_id, due_at, assignee_id, created_at) VALUES (?1, ?2, ?3, ?4)",
            (incident_id, timestamp(due), call.assignee_id, timestamp(now)),
        )?;
        let who: Option<String> = match call.assignee_id {
            Some(a) => tx.query_row("SELECT name FROM staff WHERE id = ?1", [a], |r| r.get(0)).optional()?,
            None => None,
        };
        let local = due.with_timezone(tz).naive_local().format("%Y-%m-%d %H:%M");
        record_event(
            &tx,
            incident_id,
            now,
            actor,
            "follow_up",
            &format!(
                "Follow-up call scheduled for {local}, {}",
                who.map(|w| format!("by {w}")).unwrap_or("by anyone".into())
            ),
        )?;
        tx.commit()?;
        Ok(())
    }
}
