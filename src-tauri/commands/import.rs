//! The customer import on the Customers screen: choose a file in the native
//! dialog (a CSV export or a spreadsheet: .xlsx, .xls, .ods), preview it, map its columns
//! and import. The file read is always the one chosen in Mend's own dialog ([`PickedFiles`]);
//! the page never names a path.

use super::dialogs::{pick_path, PickedFiles, Purpose};
use super::Arg;
use crate::domain::customer_import::{self, Column, CsvPreview, FieldSource};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::ImportReport;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Runtime, State};

/// Largest file we read (a customer export is far smaller).
const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// The kinds of file the open dialog offers: CSV exports and the spreadsheets the import reads.
const EXTENSIONS: &[&str] = &["csv", "tsv", "txt", "xlsx", "xls", "ods"];

/// The file chosen for the import, or a request to choose one.
fn chosen(picked: &PickedFiles) -> Result<PathBuf> {
    picked.get(Purpose::Import).ok_or_else(|| Error::field("file", "Please choose the file to import first."))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    let unusable = |e: std::io::Error| {
        log::warn!("the import file {} can't be read: {e}", path.display());
        Error::field("file", "Mend can't read that file. Check that it is still there, then choose it again.")
    };
    let meta = std::fs::metadata(path).map_err(unusable)?;
    if meta.len() > MAX_BYTES {
        return Err(Error::field(
            "file",
            "That file is larger than 20 MB; a customer export is much smaller. Check you chose the right file.",
        ));
    }
    std::fs::read(path).map_err(unusable)
}

/// Opens the native file dialog and keeps the file for the preview and the import; returns
/// its path to show, or `None` when the user cancels. Tests set `MEND_PICK_FILE` to answer
/// for the dialog, which WebDriver can't drive.
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_import_file<R: Runtime>(app: AppHandle<R>) -> Result<Option<String>> {
    let title = "Choose a customer export (CSV or spreadsheet)";
    let picked =
        pick_path(&app, Purpose::Import, title, ("Customer lists (CSV, Excel, OpenDocument)", EXTENSIONS)).await;
    Ok(picked.map(|p| p.display().to_string()))
}

/// The first rows of the chosen file and the columns Mend guesses.
#[tauri::command(async, rename_all = "snake_case")]
pub fn preview_customer_import(picked: State<'_, PickedFiles>) -> Result<CsvPreview> {
    customer_import::preview(&read(&chosen(&picked)?)?)
}

/// Which columns feed each customer detail with the columns mapped as the page now says
/// ("Name ← First Name + Last Name"); `headers` are the preview's.
#[tauri::command(async, rename_all = "snake_case")]
pub fn describe_customer_import(headers: Arg<Vec<String>>, mapping: Arg<Vec<Column>>) -> Vec<FieldSource> {
    customer_import::field_sources(&headers, &mapping)
}

/// Imports the chosen file with the columns mapped as the page says.
#[tauri::command(async, rename_all = "snake_case")]
pub fn import_customers(
    state: State<'_, AppState>,
    picked: State<'_, PickedFiles>,
    mapping: Arg<Vec<Column>>,
) -> Result<ImportReport> {
    let parsed = customer_import::parse(&read(&chosen(&picked)?)?, &mapping)?;
    let now = state.clock().now();
    state.with_store(|s| s.import_customers(&parsed.rows, parsed.skipped, now))
}
