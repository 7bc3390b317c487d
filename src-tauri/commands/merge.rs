//! Customers → Possible duplicates: the pairs of cards that are likely one customer, "Not the
//! same person", the two cards side by side, and the merge into one card.

use super::Arg;
use crate::domain::duplicates::MergeInput;
use crate::error::Result;
use crate::state::AppState;
use crate::store::{DuplicateList, MergePreview};
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_duplicates(state: State<'_, AppState>, limit: Arg<i64>) -> Result<DuplicateList> {
    state.with_store(|s| s.likely_duplicates(*limit))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn dismiss_duplicate(
    state: State<'_, AppState>,
    customer_a: Arg<i64>,
    customer_b: Arg<i64>,
    actor: Arg<Option<i64>>,
) -> Result<()> {
    let now = state.clock().now();
    state.with_store(|s| s.dismiss_duplicate(*customer_a, *customer_b, *actor, now))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn compare_customers(
    state: State<'_, AppState>,
    customer_a: Arg<i64>,
    customer_b: Arg<i64>,
) -> Result<MergePreview> {
    state.with_store(|s| s.merge_preview(*customer_a, *customer_b))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn merge_customers(state: State<'_, AppState>, input: Arg<MergeInput>, actor: Arg<Option<i64>>) -> Result<i64> {
    let request = input.validated()?;
    let now = state.clock().now();
    state.with_store(|s| s.merge_customers(&request, *actor, now))
}
