//! The Today screen's figures: what is open and what happened today.

use super::incidents::{IncidentRow, INCIDENT_ROW_SELECT};
use super::{timestamp, Store};
use crate::error::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// How many open incidents Today lists.
pub const TODAY_OPEN_LIMIT: i64 = 50;

/// What the Today screen shows.
#[derive(Debug, Clone, Serialize)]
pub struct Today {
    /// Incidents ever logged (0 means show the first-run message).
    pub total_incidents: i64,
    /// Incidents still open.
    pub open_count: i64,
    /// Incidents received since the start of the local day.
    pub logged_today: i64,
    /// Incidents resolved since the start of the local day.
    pub resolved_today: i64,
    /// Active staff members (0 means suggest adding names).
    pub staff_count: i64,
    /// Open incidents, oldest first.
    pub open_incidents: Vec<IncidentRow>,
}

impl Store {
    /// The Today screen, with "today" starting at `day_start` (UTC instant of
    /// local midnight).
    pub fn today(&self, day_start: DateTime<Utc>) -> Result<Today> {
        let day_start = timestamp(day_start);
        let count = |sql: &str, with_day: bool| -> Result<i64> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            Ok(if with_day { stmt.query_row([&day_start], |r| r.get(0))? } else { stmt.query_row([], |r| r.get(0))? })
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "{INCIDENT_ROW_SELECT} WHERE i.status = 'open' ORDER BY i.received_at, i.id LIMIT ?1"
        ))?;
        let open_incidents =
            stmt.query_map([TODAY_OPEN_LIMIT], IncidentRow::from_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(Today {
            total_incidents: count("SELECT count(*) FROM incidents", false)?,
            open_count: count("SELECT count(*) FROM incidents WHERE status = 'open'", false)?,
            logged_today: count("SELECT count(*) FROM incidents WHERE received_at >= ?1", true)?,
            resolved_today: count("SELECT count(*) FROM incidents WHERE resolved_at >= ?1", true)?,
            staff_count: count("SELECT count(*) FROM staff WHERE active = 1", false)?,
            open_incidents,
        })
    }
}
