//! The Today screen.

use super::local_day_start;
use crate::error::Result;
use crate::state::AppState;
use crate::store::Today;
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_today(state: State<'_, AppState>) -> Result<Today> {
    let now = state.clock().now();
    state.with_store(|s| s.today(local_day_start(now), now, &chrono::Local))
}
