//! The checklist panel of the incident page: ticking steps and capturing
//! what they ask for. Each command returns the refreshed incident.

use super::Arg;
use crate::domain::recovery::{self, FollowUpInput, RootCauseInput};
use crate::error::Result;
use crate::state::AppState;
use crate::store::{IncidentDetail, Store};
use chrono::Local;
use tauri::State;

/// Runs a change, then reads the incident back as the page shows it.
fn change_then_read(
    state: &AppState,
    incident_id: i64,
    change: impl FnOnce(&mut Store, chrono::DateTime<chrono::Utc>) -> Result<()>,
) -> Result<IncidentDetail> {
    let now = state.clock().now();
    state.with_store(|s| {
        change(s, now)?;
        s.incident(incident_id, now, &Local)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn tick_step(
    state: State<'_, AppState>,
    incident_id: Arg<i64>,
    position: Arg<i64>,
    note: Arg<String>,
    actor: Arg<Option<i64>>,
) -> Result<IncidentDetail> {
    let note = recovery::step_note(&note)?;
    change_then_read(&state, *incident_id, |s, now| s.tick_step(*incident_id, *position, &note, *actor, now))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn untick_step(
    state: State<'_, AppState>,
    incident_id: Arg<i64>,
    position: Arg<i64>,
    reason: Arg<String>,
    actor: Arg<Option<i64>>,
) -> Result<IncidentDetail> {
    let reason = recovery::untick_reason(&reason)?;
    change_then_read(&state, *incident_id, |s, now| s.untick_step(*incident_id, *position, &reason, *actor, now))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_step_note(
    state: State<'_, AppState>,
    incident_id: Arg<i64>,
    position: Arg<i64>,
    note: Arg<String>,
    actor: Arg<Option<i64>>,
) -> Result<IncidentDetail> {
    let note = recovery::step_note(&note)?;
    change_then_read(&state, *incident_id, |s, now| s.set_step_note(*incident_id, *position, &note, *actor, now))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_desired_outcome(
    state: State<'_, AppState>,
    incident_id: Arg<i64>,
    text: Arg<String>,
    actor: Arg<Option<i64>>,
) -> Result<IncidentDetail> {
    let text = recovery::desired_outcome(&text)?;
    change_then_read(&state, *incident_id, |s, now| s.set_desired_outcome(*incident_id, &text, *actor, now))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn record_root_cause(
    state: State<'_, AppState>,
    incident_id: Arg<i64>,
    input: Arg<RootCauseInput>,
    actor: Arg<Option<i64>>,
) -> Result<IncidentDetail> {
    let root = input.validated()?;
    change_then_read(&state, *incident_id, |s, now| s.record_root_cause(*incident_id, &root, *actor, now))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn schedule_follow_up(
    state: State<'_, AppState>,
    incident_id: Arg<i64>,
    input: Arg<FollowUpInput>,
    actor: Arg<Option<i64>>,
) -> Result<IncidentDetail> {
    let call = input.validated(state.clock().now(), &Local)?;
    change_then_read(&state, *incident_id, |s, now| s.schedule_follow_up(*incident_id, &call, *actor, now, &Local))
}
