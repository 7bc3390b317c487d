//! The Settings screen: business settings, staff and categories.

use super::Arg;
use crate::domain::settings::Settings;
use crate::error::Result;
use crate::state::AppState;
use crate::store::{Category, StaffMember};
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_settings(state: State<'_, AppState>) -> Result<Settings> {
    state.with_store(|s| s.settings())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_settings(state: State<'_, AppState>, input: Arg<Settings>) -> Result<Settings> {
    let settings = Settings::validated(&input)?;
    state.with_store(|s| s.update_settings(&settings))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_staff(state: State<'_, AppState>, include_inactive: Arg<bool>) -> Result<Vec<StaffMember>> {
    state.with_store(|s| s.list_staff(*include_inactive))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_staff(state: State<'_, AppState>, name: Arg<String>) -> Result<StaffMember> {
    let now = state.clock().now();
    state.with_store(|s| s.add_staff(&name, now))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn rename_staff(state: State<'_, AppState>, id: Arg<i64>, name: Arg<String>) -> Result<StaffMember> {
    state.with_store(|s| s.rename_staff(*id, &name))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_staff_active(state: State<'_, AppState>, id: Arg<i64>, active: Arg<bool>) -> Result<StaffMember> {
    state.with_store(|s| s.set_staff_active(*id, *active))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_categories(state: State<'_, AppState>, include_inactive: Arg<bool>) -> Result<Vec<Category>> {
    state.with_store(|s| s.list_categories(*include_inactive))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_category(state: State<'_, AppState>, name: Arg<String>) -> Result<Category> {
    state.with_store(|s| s.add_category(&name))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn rename_category(state: State<'_, AppState>, id: Arg<i64>, name: Arg<String>) -> Result<Category> {
    state.with_store(|s| s.rename_category(*id, &name))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_category_active(state: State<'_, AppState>, id: Arg<i64>, active: Arg<bool>) -> Result<Category> {
    state.with_store(|s| s.set_category_active(*id, *active))
}
