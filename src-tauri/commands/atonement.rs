//! The advisor panel of the incident page, the customer's ledger and the
//! atonement part of Settings (gesture catalogue, advisor tuning).

use super::Arg;
use crate::domain::advisor::Tier;
use crate::domain::gesture::{GestureInput, GivenInput};
use crate::domain::tuning::AdvisorConfig;
use crate::domain::validate;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::{CatalogueEntry, IncidentDetail, Ledger};
use chrono::Local;
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_gestures(state: State<'_, AppState>, include_inactive: Arg<bool>) -> Result<Vec<CatalogueEntry>> {
    state.with_store(|s| s.list_gestures(*include_inactive))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_gesture(state: State<'_, AppState>, input: Arg<GestureInput>) -> Result<CatalogueEntry> {
    let fields = input.validated()?;
    state.with_store(|s| s.create_gesture(&fields))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_gesture(state: State<'_, AppState>, id: Arg<i64>, input: Arg<GestureInput>) -> Result<CatalogueEntry> {
    let fields = input.validated()?;
    state.with_store(|s| s.update_gesture(*id, &fields))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_gesture_active(state: State<'_, AppState>, id: Arg<i64>, active: Arg<bool>) -> Result<CatalogueEntry> {
    state.with_store(|s| s.set_gesture_active(*id, *active))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_advisor_config(state: State<'_, AppState>) -> Result<AdvisorConfig> {
    state.with_store(|s| s.advisor_config())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_advisor_config(state: State<'_, AppState>, input: Arg<AdvisorConfig>) -> Result<AdvisorConfig> {
    let config = input.validated()?;
    state.with_store(|s| s.update_advisor_config(&config))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn record_gesture(
    state: State<'_, AppState>,
    incident_id: Arg<i64>,
    input: Arg<GivenInput>,
    actor: Arg<Option<i64>>,
) -> Result<IncidentDetail> {
    let fields = input.validated()?;
    let now = state.clock().now();
    state.with_store(|s| {
        let suggested: Option<Tier> = s.incident(*incident_id, now, &Local)?.advice.map(|a| a.advice.tier);
        s.record_gesture(*incident_id, &fields, suggested, *actor, now)?;
        s.incident(*incident_id, now, &Local)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_gesture_redeemed(
    state: State<'_, AppState>,
    incident_id: Arg<i64>,
    given_id: Arg<i64>,
    redeemed: Arg<bool>,
    actor: Arg<Option<i64>>,
) -> Result<IncidentDetail> {
    let now = state.clock().now();
    state.with_store(|s| {
        s.set_gesture_redeemed(*incident_id, *given_id, *redeemed, *actor, now)?;
        s.incident(*incident_id, now, &Local)
    })
}

/// The goodwill ledger for local days `from`..=`to` ("YYYY-MM-DD", either may be empty).
#[tauri::command(async, rename_all = "snake_case")]
pub fn goodwill_ledger(state: State<'_, AppState>, from: Arg<String>, to: Arg<String>) -> Result<Ledger> {
    let from = validate::date(&from).map_err(|m| Error::field("from", m))?;
    let to = validate::date(&to).map_err(|m| Error::field("to", m))?;
    let from = from.map(|d| validate::start_of_local_day(d, &Local));
    let until = to.and_then(|d| d.succ_opt()).map(|d| validate::start_of_local_day(d, &Local));
    state.with_store(|s| s.goodwill_ledger(from, until))
}
