//! The Customers screen and the customer card, plus the type-ahead of the
//! incident form.

use super::Arg;
use crate::domain::customer::CustomerInput;
use crate::error::Result;
use crate::state::AppState;
use crate::store::{CustomerCard, CustomerMatch, CustomerRow, CustomerView, Page};
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn search_customers(state: State<'_, AppState>, query: Arg<String>, limit: Arg<i64>) -> Result<Vec<CustomerMatch>> {
    state.with_store(|s| s.search_customers(&query, *limit))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_customers(
    state: State<'_, AppState>,
    query: Arg<String>,
    after: Arg<Option<String>>,
    limit: Arg<i64>,
) -> Result<Page<CustomerRow>> {
    state.with_store(|s| s.list_customers(&query, after.as_deref(), *limit))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_customer(state: State<'_, AppState>, id: Arg<i64>) -> Result<CustomerCard> {
    state.with_store(|s| s.customer_card(*id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_customer(state: State<'_, AppState>, input: Arg<CustomerInput>) -> Result<CustomerView> {
    let fields = input.validated()?;
    let now = state.clock().now();
    state.with_store(|s| s.create_customer(&fields, now))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_customer(state: State<'_, AppState>, id: Arg<i64>, input: Arg<CustomerInput>) -> Result<CustomerView> {
    let fields = input.validated()?;
    let now = state.clock().now();
    state.with_store(|s| s.update_customer(*id, input.version, &fields, now, &chrono::Local))
}
