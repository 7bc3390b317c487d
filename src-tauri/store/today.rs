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

use super::incidents::{IncidentRow, INCIDENT_ROW_SELECT};
use super::{timestamp, Store};
use crate::domain::checklist::{self, StepStatus, Target};
use crate::error::Result;
use chrono::{DateTime, Duration, TimeZone, Utc};
use rusqlite::Connection;
use serde::Serialize;

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

/// An incident's checklist, for working out its next and late steps.
fn steps_of(conn: &Connection, incident_id: i64) -> Result<Vec<OpenStep>> {
    let mut stmt = conn.prepare_cached(
        "SELECT position, title, target_amount, target_unit, target_from, done_at
         FROM incident_steps WHERE incident_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([incident_id], |r| {
        let unit: Option<String> = r.get(3)?;
        let from: Option<String> = r.get(4)?;
        let done: Option<String> = r.get(5)?;
        Ok(OpenStep {
            title: r.get(1)?,
            status: StepStatus {
                position: r.get(0)?,
                target: Target::from_columns(r.get(2)?, unit.as_deref(), from.as_deref()),
                done_at: done.and_then(|d| DateTime::parse_from_rfc3339(&d).ok()).map(|d| d.with_timezone(&Utc)),
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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
fn annotate<Tz: TimeZone>(conn: &Connection, row: &mut IncidentRow, now: DateTime<Utc>, tz: &Tz) -> Result<()> {
    let steps = steps_of(conn, row.id)?;
    let status: Vec<StepStatus> = steps.iter().map(|s| s.status.clone()).collect();
    row.next_step = checklist::next_step(&status)
        .and_then(|next| steps.iter().find(|s| s.status.position == next.position))
        .map(|s| s.title.clone());
    row.overdue_step = first_late_step(&steps, &row.received_at, now, tz);
    row.overdue = row.overdue_step.is_some();
    Ok(())
}

impl Store {
    fn rows(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<IncidentRow>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params, IncidentRow::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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

        // Near the line: the exact check, on the wall clock.
        let mut near_late: Vec<IncidentRow> = Vec::new();
        let near = self.rows(
            &format!(
                "{INCIDENT_ROW_SELECT} WHERE i.status = 'open' AND i.step_due_at >= ?1 AND i.step_due_at < ?2
                 ORDER BY i.received_at, i.id"
            ),
            (&certainly_late, &maybe_late),
        )?;
        for row in near {
            if first_late_step(&steps_of(&self.conn, row.id)?, &row.received_at, now, tz).is_some() {
                near_late.push(row);
            }
        }
        let overdue_count = count_open_late(&self.conn, &certainly_late)? + near_late.len() as i64;

        // Late ones first, oldest first; then the others, oldest first.
        let mut open = self.rows(
            &format!(
                "{INCIDENT_ROW_SELECT} WHERE i.status = 'open' AND i.step_due_at < ?1
                 ORDER BY i.received_at, i.id LIMIT ?2"
            ),
            (&certainly_late, TODAY_OPEN_LIMIT as i64),
        )?;
        let near_ids: Vec<i64> = near_late.iter().map(|r| r.id).collect();
        open.extend(near_late);
        open.sort_by(|a, b| (&a.received_at, a.id).cmp(&(&b.received_at, b.id)));
        open.truncate(TODAY_OPEN_LIMIT);
        if open.len() < TODAY_OPEN_LIMIT {
            let rest = self.rows(
                &format!(
                    "{INCIDENT_ROW_SELECT} WHERE i.status = 'open' AND (i.step_due_at IS NULL OR i.step_due_at >= ?1)
                     ORDER BY i.received_at, i.id LIMIT ?2"
                ),
                (&certainly_late, (TODAY_OPEN_LIMIT + near_ids.len()) as i64),
            )?;
            let room = TODAY_OPEN_LIMIT - open.len();
            open.extend(rest.into_iter().filter(|r| !near_ids.contains(&r.id)).take(room));
        }
        for row in open.iter_mut() {
            annotate(&self.conn, row, now, tz)?;
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

/// Open incidents whose earliest step target (as stored) is before `before`.
fn count_open_late(conn: &Connection, before: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM incidents WHERE status = 'open' AND step_due_at < ?1")?
        .query_row([before], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    //! The quick Today must agree with the plain way of working it out: read
    //! every open incident's whole checklist and check each on the wall clock.

    use super::*;
    use chrono_tz::Tz;

    /// Today's late count and list, the slow and obvious way.
    fn reference<Z: TimeZone>(store: &Store, now: DateTime<Utc>, tz: &Z) -> (i64, Vec<(i64, bool)>) {
        let mut open = store
            .rows(&format!("{INCIDENT_ROW_SELECT} WHERE i.status = 'open' ORDER BY i.received_at, i.id"), [])
            .unwrap();
        for row in open.iter_mut() {
            let steps = steps_of(&store.conn, row.id).unwrap();
            row.overdue = first_late_step(&steps, &row.received_at, now, tz).is_some();
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
        store.create_incident(&fields, None, at, &Utc).unwrap().id
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
                store.tick_step(id, 1, "", None, received + Duration::minutes(20)).unwrap();
            }
            if n % 5 == 0 {
                store.tick_step(id, 2, "", None, received + Duration::hours(7)).unwrap();
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
        store.tick_step(id, 1, "", None, at("2026-03-28T12:05:00Z")).unwrap();
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
                (0, Some(position)) => store.tick_step(*id, position, "", None, later).unwrap(),
                (1, _) => store.untick_step(*id, 1, "Not done after all", None, later).unwrap_or(()),
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
