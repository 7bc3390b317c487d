//! The Log incident form, the Incidents list and the incident page.

use super::Arg;
use crate::domain::incident::{IncidentFilter, IncidentInput};
use crate::domain::recovery;
use crate::error::Result;
use crate::state::AppState;
use crate::store::{IncidentDetail, IncidentRow, Page};
use chrono::Local;
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_incident(
    state: State<'_, AppState>,
    input: Arg<IncidentInput>,
    actor: Arg<Option<i64>>,
) -> Result<IncidentDetail> {
    let now = state.clock().now();
    let fields = input.validated(now, &Local)?;
    state.with_store(|s| {
        let id = s.create_incident(&fields, *actor, now)?;
        s.incident(id, now, &Local)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_incidents(
    state: State<'_, AppState>,
    filter: Arg<IncidentFilter>,
    after: Arg<Option<String>>,
    limit: Arg<i64>,
) -> Result<Page<IncidentRow>> {
    let query = filter.validated(&Local)?;
    state.with_store(|s| s.list_incidents(&query, after.as_deref(), *limit))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_incident(state: State<'_, AppState>, id: Arg<i64>) -> Result<IncidentDetail> {
    let now = state.clock().now();
    state.with_store(|s| s.incident(*id, now, &Local))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_incident(
    state: State<'_, AppState>,
    id: Arg<i64>,
    input: Arg<IncidentInput>,
    actor: Arg<Option<i64>>,
) -> Result<IncidentDetail> {
    let now = state.clock().now();
    let fields = input.validated(now, &Local)?;
    state.with_store(|s| {
        s.update_incident(*id, input.version, &fields, *actor, now, &Local)?;
        s.incident(*id, now, &Local)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn resolve_incident(
    state: State<'_, AppState>,
    id: Arg<i64>,
    note: Arg<String>,
    actor: Arg<Option<i64>>,
) -> Result<IncidentDetail> {
    let note = recovery::resolution_note(&note)?;
    let now = state.clock().now();
    state.with_store(|s| {
        s.resolve_incident(*id, &note, *actor, now)?;
        s.incident(*id, now, &Local)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn reopen_incident(
    state: State<'_, AppState>,
    id: Arg<i64>,
    reason: Arg<String>,
    actor: Arg<Option<i64>>,
) -> Result<IncidentDetail> {
    let reason = recovery::reopen_reason(&reason)?;
    let now = state.clock().now();
    state.with_store(|s| {
        s.reopen_incident(*id, &reason, *actor, now)?;
        s.incident(*id, now, &Local)
    })
}
