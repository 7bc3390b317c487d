//! The playbook section of Settings: pick the default, copy, write, reorder
//! and retire playbooks.

use super::Arg;
use crate::domain::playbook::PlaybookInput;
use crate::error::Result;
use crate::state::AppState;
use crate::store::{PlaybookSummary, PlaybookView};
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_playbooks(state: State<'_, AppState>, include_hidden: Arg<bool>) -> Result<Vec<PlaybookSummary>> {
    state.with_store(|s| s.list_playbooks(*include_hidden))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_playbook(state: State<'_, AppState>, id: Arg<i64>) -> Result<PlaybookView> {
    state.with_store(|s| s.playbook(*id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_playbook(state: State<'_, AppState>, input: Arg<PlaybookInput>) -> Result<PlaybookView> {
    let fields = input.validated()?;
    let now = state.clock().now();
    state.with_store(|s| s.create_playbook(&fields, now))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn copy_playbook(state: State<'_, AppState>, id: Arg<i64>) -> Result<PlaybookView> {
    let now = state.clock().now();
    state.with_store(|s| s.copy_playbook(*id, now))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_playbook(state: State<'_, AppState>, id: Arg<i64>, input: Arg<PlaybookInput>) -> Result<PlaybookView> {
    let fields = input.validated()?;
    let now = state.clock().now();
    state.with_store(|s| s.update_playbook(*id, input.version, &fields, now, &chrono::Local))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_playbook_hidden(state: State<'_, AppState>, id: Arg<i64>, hidden: Arg<bool>) -> Result<PlaybookView> {
    state.with_store(|s| s.set_playbook_hidden(*id, *hidden))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn move_playbook(state: State<'_, AppState>, id: Arg<i64>, direction: Arg<i64>) -> Result<Vec<PlaybookSummary>> {
    state.with_store(|s| s.move_playbook(*id, *direction))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_default_playbook(state: State<'_, AppState>, id: Arg<i64>) -> Result<Vec<PlaybookSummary>> {
    state.with_store(|s| {
        s.set_default_playbook(*id)?;
        s.list_playbooks(true)
    })
}
