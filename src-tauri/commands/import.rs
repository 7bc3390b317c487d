//! The customer import on the Customers screen: choose a file in the native
//! dialog, preview it, map its columns and import.

use crate::domain::customer_import::{self, Column, CsvPreview};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::ImportReport;
use tauri::{AppHandle, Runtime, State};

/// Largest file we read (a customer export is far smaller).
const MAX_BYTES: u64 = 20 * 1024 * 1024;

fn read(path: &str) -> Result<Vec<u8>> {
    let meta =
        std::fs::metadata(path).map_err(|e| Error::field("file", format!("Mend can't open that file ({e}).")))?;
    if meta.len() > MAX_BYTES {
        return Err(Error::field(
            "file",
            "That file is larger than 20 MB; a customer export is much smaller. Check you chose the right file.",
        ));
    }
    std::fs::read(path).map_err(|e| Error::field("file", format!("Mend can't read that file ({e}).")))
}

/// Opens the native file dialog; `None` when the user cancels. Tests set
/// `MEND_PICK_FILE` to answer for the dialog, which WebDriver can't drive.
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_import_file<R: Runtime>(app: AppHandle<R>) -> Result<Option<String>> {
    let picked =
        super::dialogs::pick_path(&app, "Choose a customer export (CSV)", ("CSV files", &["csv", "tsv", "txt"]));
    Ok(picked.map(|p| p.display().to_string()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn preview_customer_import(path: String) -> Result<CsvPreview> {
    customer_import::preview(&read(&path)?)
}

#[tauri::command(rename_all = "snake_case")]
pub fn import_customers(state: State<'_, AppState>, path: String, mapping: Vec<Column>) -> Result<ImportReport> {
    let parsed = customer_import::parse(&read(&path)?, &mapping)?;
    let now = state.clock().now();
    state.with_store(|s| s.import_customers(&parsed.rows, parsed.skipped, now))
}
