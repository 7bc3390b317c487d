//! The native open and save dialogs, with the test hooks that answer for
//! them: WebDriver can't reach a native dialog, so end-to-end tests set
//! `MEND_PICK_FILE` or `MEND_SAVE_FILE` to the path the user would choose.

use crate::config::{PICK_FILE_ENV, SAVE_FILE_ENV};
use std::path::PathBuf;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// Asks where to save; `None` when the user cancels.
pub fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
    (filter, extensions): (&str, &[&str]),
) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(SAVE_FILE_ENV) {
        return Some(PathBuf::from(path));
    }
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(file_name)
        .add_filter(filter, extensions)
        .blocking_save_file()
        .and_then(|f| f.as_path().map(|p| p.to_path_buf()))
}

/// Asks which file to open; `None` when the user cancels.
pub fn pick_path<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    (filter, extensions): (&str, &[&str]),
) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(PICK_FILE_ENV) {
        return Some(PathBuf::from(path));
    }
    app.dialog()
        .file()
        .set_title(title)
        .add_filter(filter, extensions)
        .blocking_pick_file()
        .and_then(|f| f.as_path().map(|p| p.to_path_buf()))
}
