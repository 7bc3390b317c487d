//! The Today screen's figures: what is open, which step each open incident
//! waits on, which are late, and what happened today.

use super::incidents::{IncidentRow, INCIDENT_ROW_SELECT};
use super::{timestamp, Store};
use crate::domain::checklist::{self, StepStatus, Target};
use crate::error::Result;
use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;
use std::collections::HashMap;

/// How many open incidents Today lists.
pub const TODAY_OPEN_LIMIT: usize = 50;

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

impl Store {
    /// The Today screen at `now`, with "today" starting at `day_start` (the
    /// UTC instant of local midnight) and targets read on `tz`'s wall clock.
    pub fn today<Tz: TimeZone>(&self, day_start: DateTime<Utc>, now: DateTime<Utc>, tz: &Tz) -> Result<Today> {
        let day_start = timestamp(day_start);
        let count = |sql: &str, with_day: bool| -> Result<i64> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            Ok(if with_day { stmt.query_row([&day_start], |r| r.get(0))? } else { stmt.query_row([], |r| r.get(0))? })
        };
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{INCIDENT_ROW_SELECT} WHERE i.status = 'open' ORDER BY i.received_at, i.id"))?;
        let mut open: Vec<IncidentRow> = stmt.query_map([], IncidentRow::from_row)?.collect::<rusqlite::Result<_>>()?;

        let mut steps: HashMap<i64, Vec<OpenStep>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT st.incident_id, st.position, st.title, st.target_amount, st.target_unit, st.target_from, st.done_at
             FROM incident_steps st JOIN incidents i ON i.id = st.incident_id
             WHERE i.status = 'open' ORDER BY st.incident_id, st.position",
        )?;
        let rows = stmt.query_map([], |r| {
            let unit: Option<String> = r.get(4)?;
            let from: Option<String> = r.get(5)?;
            let done: Option<String> = r.get(6)?;
            let target = Target::from_columns(r.get(3)?, unit.as_deref(), from.as_deref());
            Ok((
                r.get::<_, i64>(0)?,
                OpenStep {
                    title: r.get(2)?,
                    status: StepStatus {
                        position: r.get(1)?,
                        target,
                        done_at: done
                            .and_then(|d| DateTime::parse_from_rfc3339(&d).ok())
                            .map(|d| d.with_timezone(&Utc)),
                    },
                },
            ))
        })?;
        for row in rows {
            let (incident, step) = row?;
            steps.entry(incident).or_default().push(step);
        }

        for row in open.iter_mut() {
            let Some(list) = steps.get(&row.id) else { continue };
            let status: Vec<StepStatus> = list.iter().map(|s| s.status.clone()).collect();
            let title_of = |p: i64| list.iter().find(|s| s.status.position == p).map(|s| s.title.clone());
            row.next_step = checklist::next_step(&status).and_then(|s| title_of(s.position));
            if let Ok(received) = DateTime::parse_from_rfc3339(&row.received_at) {
                let late = checklist::overdue_steps(&status, received.with_timezone(&Utc), now, tz);
                row.overdue_step = late.first().and_then(|s| title_of(s.position));
                row.overdue = row.overdue_step.is_some();
            }
        }
        let overdue_count = open.iter().filter(|r| r.overdue).count() as i64;
        // Stable sort keeps oldest-first within each group.
        open.sort_by_key(|r| !r.overdue);
        open.truncate(TODAY_OPEN_LIMIT);

        Ok(Today {
            now: timestamp(now),
            total_incidents: count("SELECT count(*) FROM incidents", false)?,
            open_count: count("SELECT count(*) FROM incidents WHERE status = 'open'", false)?,
            overdue_count,
            logged_today: count("SELECT count(*) FROM incidents WHERE received_at >= ?1", true)?,
            resolved_today: count("SELECT count(*) FROM incidents WHERE resolved_at >= ?1", true)?,
            staff_count: count("SELECT count(*) FROM staff WHERE active = 1", false)?,
            open_incidents: open,
            calls: self.call_list(now, tz)?,
        })
    }
}
