//! The Today screen's figures: what is open, which step each open incident
//! waits on, which are late, and what happened today.
//!
//! Today must stay instant however long the shop's history is, so it never
//! reads every open incident's checklist. Each incident carries the earliest
//! target time of its unticked steps (`step_due_at`, kept by triggers, with
//! days counted as 24 hours in UTC). An incident whose stored time is more
//! than [`DUE_SLACK_HOURS`] before now is certainly late, one more than that
//! after now certainly is not; only those in between get the exact check on
//! the shop's wall clock. Then only the incidents shown have their steps read.

use super::base::{timestamp, Store};
use super::incidents::{IncidentRow, INCIDENT_ROW_SELECT};
use crate::domain::checklist::{self, StepStatus, Target};
use crate::error::Result;
use chrono::{DateTime, Duration, TimeZone, Utc};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;

/// How many open incidents Today lists.
pub const TODAY_OPEN_LIMIT: usize = 50;

/// How far a stored step target time can be from the exact one: days are
/// stored as 24 hours, and a daylight-saving change moves a wall-clock day
/// by at most two hours anywhere in the world.
const DUE_SLACK_HOURS: i64 = 3;

/// What the Today screen shows.
#[derive(Debug, Clone, Serialize)]
pub struct Today {
    /// The app's clock at the time of this answer (UTC).
    pub now: String,
    /// Incidents ever logged (0 means show the first-run message).
    pub total_incidents: i64,
    /// Incidents still open.
    pub open_count: i64,
    /// Open incidents with a step past its target time.
    pub overdue_count: i64,
    /// Incidents received since the start of the local day.
    pub logged_today: i64,
    /// Incidents resolved since the start of the local day.
    pub resolved_today: i64,
    /// Active staff members (0 means suggest adding names).
    pub staff_count: i64,
    /// Open incidents: those with a late step first, then the rest; oldest
    /// first within each group.
    pub open_incidents: Vec<IncidentRow>,
    /// Follow-up calls and promises: overdue, today, then the next days.
    pub calls: super::calls::CallList,
}

/// A checklist step of an open incident, as Today needs it.
struct OpenStep {
    title: String,
    status: StepStatus,
}

/// A step from six columns starting at `at`: position, title, target amount,
/// unit and start, and when it was ticked.
fn step_from_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<OpenStep> {
    let unit: Option<String> = r.get(at + 3)?;
    let from: Option<String> = r.get(at + 4)?;
    let done: Option<String> = r.get(at + 5)?;
    Ok(OpenStep {
        title: r.get(at + 1)?,
        status: StepStatus {
            position: r.get(at)?,
            target: Target::from_columns(r.get(at + 2)?, unit.as_deref(), from.as_deref()),
            done_at: done.and_then(|d| DateTime::parse_from_rfc3339(&d).ok()).map(|d| d.with_timezone(&Utc)),
        },
    })
}

/// The checklists of the incidents `ids`, read in one statement.
fn steps_of(conn: &Connection, ids: &[i64]) -> Result<HashMap<i64, Vec<OpenStep>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT incident_id, position, title, target_amount, target_unit, target_from, done_at
         FROM incident_steps WHERE incident_id IN (SELECT value FROM json_each(?1))
         ORDER BY incident_id, position",
    )?;
    let list = serde_json::to_string(ids).expect("a list of numbers");
    let mut out: HashMap<i64, Vec<OpenStep>> = HashMap::new();
    for row in stmt.query_map([list], |r| Ok((r.get::<_, i64>(0)?, step_from_row(r, 1)?)))? {
        let (id, step) = row?;
        out.entry(id).or_default().push(step);
    }
    Ok(out)
}

/// The title of the first late step of an incident received at `received`.
fn first_late_step<Tz: TimeZone>(steps: &[OpenStep], received: &str, now: DateTime<Utc>, tz: &Tz) -> Option<String> {
    let received = DateTime::parse_from_rfc3339(received).ok()?.with_timezone(&Utc);
    let status: Vec<StepStatus> = steps.iter().map(|s| s.status.clone()).collect();
    let late = checklist::overdue_steps(&status, received, now, tz);
    let position = late.first()?.position;
    steps.iter().find(|s| s.status.position == position).map(|s| s.title.clone())
}

/// Fills in the next step and the first late step of a shown row.
fn annotate<Tz: TimeZone>(row: &mut IncidentRow, steps: &[OpenStep], now: DateTime<Utc>, tz: &Tz) {
    let status: Vec<StepStatus> = steps.iter().map(|s| s.status.clone()).collect();
    row.next_step = checklist::next_step(&status)
        .and_then(|next| steps.iter().find(|s| s.status.position == next.position))
        .map(|s| s.title.clone());
    row.overdue_step = first_late_step(steps, &row.received_at, now, tz);
    row.overdue = row.overdue_step.is_some();
}

/// An open incident's place in Today's order: when it was received, its id.
type Place = (String, i64);

impl Store {
    fn rows(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<IncidentRow>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params, IncidentRow::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Open incidents, oldest first, whose stored step target time passes
    /// `condition` (on the incidents_status index, which holds it): at most
    /// `limit`.
    fn open_places(&self, condition: &str, before: &str, limit: usize) -> Result<Vec<Place>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT received_at, id FROM incidents INDEXED BY incidents_status
             WHERE status = 'open' AND {condition} ORDER BY received_at, id LIMIT ?2"
        ))?;
        let rows = stmt.query_map((before, limit as i64), |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The open incidents whose stored step target time is in [`from`,
    /// `until`) and that are late at `now` on `tz`'s wall clock: their
    /// checklists are read in one go and checked exactly.
    fn late_near<Tz: TimeZone>(&self, from: &str, until: &str, now: DateTime<Utc>, tz: &Tz) -> Result<Vec<Place>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.id, i.received_at, st.position, st.title, st.target_amount, st.target_unit, st.target_from,
                    st.done_at
             FROM incidents i INDEXED BY incidents_open_due JOIN incident_steps st ON st.incident_id = i.id
             WHERE i.status = 'open' AND i.step_due_at >= ?1 AND i.step_due_at < ?2
             ORDER BY i.id, st.position",
        )?;
        let rows =
            stmt.query_map((from, until), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, step_from_row(r, 2)?)))?;
        let mut late = Vec::new();
        let mut check = |incident: Option<(i64, String, Vec<OpenStep>)>| {
            if let Some((id, received, steps)) = incident {
                if first_late_step(&steps, &received, now, tz).is_some() {
                    late.push((received, id));
                }
            }
        };
        let mut current: Option<(i64, String, Vec<OpenStep>)> = None;
        for row in rows {
            let (id, received, step) = row?;
            match current.as_mut() {
                Some((open, _, steps)) if *open == id => steps.push(step),
                _ => check(current.replace((id, received, vec![step]))),
            }
        }
        check(current);
        Ok(late)
    }

    /// The Today screen at `now`, with "today" starting at `day_start` (the
    /// UTC instant of local midnight) and targets read on `tz`'s wall clock.
    pub fn today<Tz: TimeZone>(&self, day_start: DateTime<Utc>, now: DateTime<Utc>, tz: &Tz) -> Result<Today> {
        let day_start = timestamp(day_start);
        let count = |sql: &str, with_day: bool| -> Result<i64> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            Ok(if with_day { stmt.query_row([&day_start], |r| r.get(0))? } else { stmt.query_row([], |r| r.get(0))? })
        };
        let certainly_late = timestamp(now - Duration::hours(DUE_SLACK_HOURS));
        let maybe_late = timestamp(now + Duration::hours(DUE_SLACK_HOURS));

        let near_late = self.late_near(&certainly_late, &maybe_late, now, tz)?;
        let overdue_count = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM incidents INDEXED BY incidents_open_due
                 WHERE status = 'open' AND step_due_at < ?1",
            )?
            .query_row([&certainly_late], |r| r.get::<_, i64>(0))?
            + near_late.len() as i64;

        // Late ones first, oldest first; then the others, oldest first.
        let mut late = self.open_places("step_due_at < ?1", &certainly_late, TODAY_OPEN_LIMIT)?;
        late.extend(near_late.iter().cloned());
        late.sort();
        late.truncate(TODAY_OPEN_LIMIT);
        let mut shown: Vec<i64> = late.iter().map(|p| p.1).collect();
        if shown.len() < TODAY_OPEN_LIMIT {
            let rest = self.open_places(
                "(step_due_at IS NULL OR step_due_at >= ?1)",
                &certainly_late,
                TODAY_OPEN_LIMIT + near_late.len(),
            )?;
            let room = TODAY_OPEN_LIMIT - shown.len();
            shown.extend(rest.into_iter().map(|p| p.1).filter(|id| !near_late.iter().any(|n| n.1 == *id)).take(room));
        }
        // The rows shown and their checklists, two statements in all.
        let list = serde_json::to_string(&shown).expect("a list of numbers");
        let mut found: HashMap<i64, IncidentRow> = self
            .rows(&format!("{INCIDENT_ROW_SELECT} WHERE i.id IN (SELECT value FROM json_each(?1))"), [list])?
            .into_iter()
            .map(|r| (r.id, r))
            .collect();
        let steps = steps_of(&self.conn, &shown)?;
        let mut open = Vec::with_capacity(shown.len());
        for id in shown {
            if let Some(mut row) = found.remove(&id) {
                annotate(&mut row, steps.get(&id).map(Vec::as_slice).unwrap_or(&[]), now, tz);
                open.push(row);
            }
        }

        let tally = |filter: &str| count(&format!("SELECT coalesce(sum(n), 0) FROM incident_tallies {filter}"), false);
        Ok(Today {
            now: timestamp(now),
            total_incidents: tally("")?,
            open_count: tally("WHERE status = 'open'")?,
            overdue_count,
            logged_today: count("SELECT count(*) FROM incidents WHERE received_at >= ?1", true)?,
            resolved_today: count("SELECT count(*) FROM incidents WHERE resolved_at >= ?1", true)?,
            staff_count: count("SELECT count(*) FROM staff WHERE active = 1", false)?,
            open_incidents: open,
            calls: self.call_list(now, tz)?,
        })
    }
}

#[cfg(test)]
mod tests {
    //! The quick Today must agree with the plain way of working it out: read
    //! every open incident's whole checklist and check each on the wall clock.

    use super::*;
    use crate::domain::recovery;
    use chrono_tz::Tz;

    /// Today's late count and list, the slow and obvious way.
    fn reference<Z: TimeZone>(store: &Store, now: DateTime<Utc>, tz: &Z) -> (i64, Vec<(i64, bool)>) {
        let mut open = store
            .rows(&format!("{INCIDENT_ROW_SELECT} WHERE i.status = 'open' ORDER BY i.received_at, i.id"), [])
            .unwrap();
        let ids: Vec<i64> = open.iter().map(|r| r.id).collect();
        let steps = steps_of(&store.conn, &ids).unwrap();
        for row in open.iter_mut() {
            let steps = steps.get(&row.id).map(Vec::as_slice).unwrap_or(&[]);
            row.overdue = first_late_step(steps, &row.received_at, now, tz).is_some();
        }
        let late = open.iter().filter(|r| r.overdue).count() as i64;
        open.sort_by_key(|r| !r.overdue);
        open.truncate(TODAY_OPEN_LIMIT);
        (late, open.into_iter().map(|r| (r.id, r.overdue)).collect())
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    /// Checks Today at `now` against the reference; returns the late count.
    fn check<Z: TimeZone>(store: &Store, now: DateTime<Utc>, tz: &Z) -> i64 {
        let today = store.today(now - Duration::hours(9), now, tz).unwrap();
        let (late, list) = reference(store, now, tz);
        let got: Vec<(i64, bool)> = today.open_incidents.iter().map(|r| (r.id, r.overdue)).collect();
        assert_eq!(today.overdue_count, late, "late count at {now}");
        assert_eq!(got, list, "open incidents at {now}");
        late
    }

    /// Logs an incident received at `at` with built-in playbook `playbook`.
    fn log(store: &mut Store, at: DateTime<Utc>, playbook: i64) -> i64 {
        let input = crate::domain::incident::IncidentInput {
            new_customer: Some(crate::domain::customer::NewCustomerInput {
                name: format!("Customer {at}"),
                ..Default::default()
            }),
            channel: "phone".into(),
            severity: Some(3),
            description: "Waited".into(),
            playbook_id: Some(playbook),
            ..Default::default()
        };
        let fields = input.validated(at, &Utc).unwrap();
        store.create_incident(&fields, None, at).unwrap()
    }

    /// A shop whose incidents arrive every 47 minutes around the night the
    /// clocks go forward in London (29 March 2026, 01:00 UTC), under every
    /// built-in playbook (targets in minutes, hours and days, from intake and
    /// from the previous step), some with their first steps ticked.
    fn shop_across_a_clock_change() -> (Store, DateTime<Utc>) {
        let mut store = Store::open_in_memory().unwrap();
        let start = at("2026-03-27T08:00:00Z");
        for n in 0..150 {
            let received = start + Duration::minutes(47 * n);
            let id = log(&mut store, received, n % 6 + 1);
            if n % 3 == 0 {
                store
                    .tick_step(id, 1, &recovery::step_note("").unwrap(), None, received + Duration::minutes(20))
                    .unwrap();
            }
            if n % 5 == 0 {
                store.tick_step(id, 2, &recovery::step_note("").unwrap(), None, received + Duration::hours(7)).unwrap();
            }
        }
        (store, start)
    }

    #[test]
    fn agrees_with_reading_every_checklist_across_a_clock_change() {
        let (store, start) = shop_across_a_clock_change();
        let zones: [Tz; 3] =
            ["Europe/London".parse().unwrap(), "Pacific/Auckland".parse().unwrap(), "Asia/Kolkata".parse().unwrap()];
        let mut late_counts = Vec::new();
        // Every half hour for a week: targets fall due all along.
        for step in 0..(7 * 48) {
            let now = start + Duration::minutes(30 * step);
            late_counts.push(check(&store, now, &Utc));
            for zone in &zones {
                check(&store, now, zone);
            }
        }
        late_counts.dedup();
        assert!(late_counts.len() > 20, "the late count should change often: {late_counts:?}");
    }

    #[test]
    fn a_day_target_follows_the_wall_clock_over_the_change() {
        let mut store = Store::open_in_memory().unwrap();
        // Received Saturday noon in London (GMT); "give a fair fix within 1 day
        // of intake" is
        // due Sunday noon BST, which is 11:00 UTC, an hour before 24 hours later.
        let id = log(&mut store, at("2026-03-28T12:00:00Z"), 1);
        store.tick_step(id, 1, &recovery::step_note("").unwrap(), None, at("2026-03-28T12:05:00Z")).unwrap();
        let london: Tz = "Europe/London".parse().unwrap();
        let half_past_eleven = at("2026-03-29T11:30:00Z");
        let in_london = store.today(half_past_eleven - Duration::hours(11), half_past_eleven, &london).unwrap();
        let in_utc = store.today(half_past_eleven - Duration::hours(11), half_past_eleven, &Utc).unwrap();
        assert_eq!(in_london.overdue_count, 1);
        assert!(in_london.open_incidents[0].overdue);
        assert_eq!(in_utc.overdue_count, 0, "on a UTC clock the day is not over until 12:00");
    }

    #[test]
    fn ticking_and_editing_keep_the_stored_time_right() {
        let (mut store, start) = shop_across_a_clock_change();
        let later = start + Duration::days(3);
        let open: Vec<i64> = store
            .conn
            .prepare("SELECT id FROM incidents WHERE status = 'open' ORDER BY id LIMIT 40")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (n, id) in open.iter().enumerate() {
            let first_open: Option<i64> = store
                .conn
                .query_row(
                    "SELECT min(position) FROM incident_steps WHERE incident_id = ?1 AND done_at IS NULL",
                    [id],
                    |r| r.get(0),
                )
                .unwrap();
            match (n % 3, first_open) {
                (0, Some(position)) => {
                    store.tick_step(*id, position, &recovery::step_note("").unwrap(), None, later).unwrap()
                }
                (1, _) => store
                    .untick_step(*id, 1, &recovery::untick_reason("Not done after all").unwrap(), None, later)
                    .unwrap_or(()),
                _ => {
                    store
                        .conn
                        .execute("UPDATE incidents SET received_at = ?1 WHERE id = ?2", (timestamp(later), id))
                        .unwrap();
                }
            }
        }
        let london: Tz = "Europe/London".parse().unwrap();
        for hours in [1, 5, 26, 50, 80] {
            check(&store, later + Duration::hours(hours), &Utc);
            check(&store, later + Duration::hours(hours), &london);
        }
    }
}
