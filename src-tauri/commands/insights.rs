//! The Insights screen: the owner's figures for a chosen period, compared
//! with the same days of the month, quarter or year before (or, for days the
//! owner picks, as many days just before).

use super::Arg;
use crate::domain::period::{Period, PeriodKind};
use crate::domain::validate::start_of_local_day;
use crate::error::Result;
use crate::state::AppState;
use crate::store::Insights;
use chrono::{DateTime, Local, Utc};
use tauri::State;

/// The UTC instants at which the period's first day starts and the day
/// after its last starts, on the user's clock.
fn bounds(period: Period) -> (DateTime<Utc>, DateTime<Utc>) {
    let after = period.end.succ_opt().unwrap_or(period.end);
    (start_of_local_day(period.start, &Local), start_of_local_day(after, &Local))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_insights(
    state: State<'_, AppState>,
    period: Arg<PeriodKind>,
    from: Arg<Option<String>>,
    to: Arg<Option<String>>,
) -> Result<Insights> {
    let today = state.clock().now().with_timezone(&Local).date_naive();
    let kind = *period;
    let period = Period::chosen(kind, from.as_deref(), to.as_deref(), today)?;
    let previous = period.previous(kind);
    state.with_store(|s| s.insights(period, bounds(period), previous, bounds(previous)))
}
