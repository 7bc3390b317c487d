//! The "Your data" screen: CSV exports, backups made by hand and the
//! automatic ones, restoring a backup, and the demo shop. Also the restore
//! offered at start when the database is damaged.
//!
//! A backup is restored from the file chosen in Mend's own open dialog or from an automatic
//! copy named by its file name among those in the backup folder, never from a path the page
//! sends.

use super::dialogs::{pick_path, save_path, PickedFiles, Purpose};
use super::Arg;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::backup::{self, AutomaticBackup, BackupInfo};
use crate::store::ExportKind;
use chrono::Local;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Manager, Runtime, State};

/// Where the data lives and what protects it.
#[derive(Serialize)]
pub struct DataStatus {
    data_dir: String,
    db_path: String,
    demo: bool,
    automatic_backups: Vec<AutomaticBackup>,
}

/// A file Mend wrote.
#[derive(Serialize)]
pub struct Written {
    path: String,
    /// Rows, for a CSV file.
    #[serde(skip_serializing_if = "Option::is_none")]
    rows: Option<usize>,
    /// Size, for a backup.
    #[serde(skip_serializing_if = "Option::is_none")]
    bytes: Option<u64>,
}

/// The demo shop's size.
#[derive(Serialize)]
pub struct DemoShop {
    incidents: i64,
    customers: i64,
}

fn local_stamp(state: &AppState, format: &str) -> String {
    state.clock().now().with_timezone(&Local).format(format).to_string()
}

fn write_failed(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Io(format!("can't write {} ({e})", path.display()))
}

/// Which backup to look at or restore: the file chosen in Mend's open dialog
/// (`{"from": "picked"}`), or an automatic copy by its file name
/// (`{"from": "automatic", "file_name": "mend-2026-11-21.db"}`).
#[derive(Debug, Deserialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum BackupChoice {
    Picked,
    Automatic { file_name: String },
}

impl BackupChoice {
    /// The file meant: the one last chosen with `pick_backup`, or the automatic copy of that
    /// name found in the backup folder (any other name, such as a path, is refused).
    fn path(&self, state: &AppState, picked: &PickedFiles) -> Result<PathBuf> {
        match self {
            BackupChoice::Picked => picked
                .get(Purpose::Backup)
                .ok_or_else(|| Error::NotFound("Please choose the backup file again.".to_string())),
            BackupChoice::Automatic { file_name } => backup::automatic_backups(&state.automatic_backup_dir())
                .into_iter()
                .find(|copy| &copy.file_name == file_name)
                .map(|copy| PathBuf::from(copy.path))
                .ok_or_else(|| {
                    Error::NotFound(
                        "That automatic copy is no longer in the data folder. Open Your data again to see the copies there are."
                            .to_string(),
                    )
                }),
        }
    }
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn data_status(state: State<'_, AppState>) -> DataStatus {
    DataStatus {
        data_dir: state.data_dir().display().to_string(),
        db_path: state.db_path().display().to_string(),
        demo: state.is_demo(),
        automatic_backups: backup::automatic_backups(&state.automatic_backup_dir()),
    }
}

/// Asks where to save, then writes the CSV beside it and renames it into
/// place, so a failure never leaves half a file. `None` when cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_csv<R: Runtime>(app: AppHandle<R>, kind: Arg<ExportKind>) -> Result<Option<Written>> {
    let state = app.state::<AppState>();
    let name = format!("mend-{}-{}.csv", kind.file_stem(), local_stamp(&state, "%Y-%m-%d"));
    let Some(path) = save_path(&app, "Export as a spreadsheet file (CSV)", &name, ("CSV file", &["csv"])).await else {
        return Ok(None);
    };
    let temp = PathBuf::from(format!("{}.partial", path.display()));
    let rows = state.with_store(|s| {
        let file = std::fs::File::create(&temp).map_err(|e| write_failed(&path, e))?;
        let mut out = std::io::BufWriter::new(file);
        let rows = s.export_csv(*kind, &mut out)?;
        let file = out.into_inner().map_err(|e| write_failed(&path, e.error()))?;
        file.sync_all().map_err(|e| write_failed(&path, e))?;
        Ok(rows)
    });
    let renamed = rows.and_then(|rows| std::fs::rename(&temp, &path).map(|_| rows).map_err(|e| write_failed(&path, e)));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    Ok(Some(Written { path: path.display().to_string(), rows: Some(renamed?), bytes: None }))
}

/// Asks where to save, then writes a consistent copy of the whole database.
#[tauri::command(rename_all = "snake_case")]
pub async fn backup_now<R: Runtime>(app: AppHandle<R>) -> Result<Option<Written>> {
    let state = app.state::<AppState>();
    let name = format!("mend-backup-{}.db", local_stamp(&state, "%Y-%m-%d"));
    let Some(path) = save_path(&app, "Save a backup of Mend's data", &name, ("Mend backup", &["db"])).await else {
        return Ok(None);
    };
    state.with_store(|s| s.backup_to(&path))?;
    let bytes = std::fs::metadata(&path).map(|m| m.len()).ok();
    Ok(Some(Written { path: path.display().to_string(), rows: None, bytes }))
}

/// Asks for a backup file, keeps it for `restore_backup`, and reports what it holds, without
/// changing anything; a file Mend can't use is refused in plain words.
#[tauri::command(rename_all = "snake_case")]
pub async fn pick_backup<R: Runtime>(app: AppHandle<R>) -> Result<Option<BackupInfo>> {
    let filter = ("Mend backup", &["db", "sqlite", "bak"][..]);
    let Some(path) = pick_path(&app, Purpose::Backup, "Choose a Mend backup", filter).await else {
        return Ok(None);
    };
    backup::inspect_backup(&path).map(Some)
}

/// Reports what the chosen backup holds (an automatic copy chosen from the list), without
/// changing anything.
#[tauri::command(rename_all = "snake_case")]
pub async fn inspect_backup(
    state: State<'_, AppState>,
    picked: State<'_, PickedFiles>,
    choice: Arg<BackupChoice>,
) -> Result<BackupInfo> {
    backup::inspect_backup(&choice.path(&state, &picked)?)
}

/// Replaces the owner's data with the chosen backup, keeping a safety copy of what was there.
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_backup(
    state: State<'_, AppState>,
    picked: State<'_, PickedFiles>,
    choice: Arg<BackupChoice>,
) -> Result<BackupInfo> {
    let path = choice.path(&state, &picked)?;
    let stamp = local_stamp(&state, "%Y%m%d-%H%M%S");
    state.restore_from(&path, &stamp)
}

/// Opens the demo shop, making it first if needed (a few seconds).
#[tauri::command(rename_all = "snake_case")]
pub async fn start_demo(state: State<'_, AppState>, fresh: Arg<bool>) -> Result<DemoShop> {
    let (incidents, customers) = state.start_demo(*fresh)?;
    Ok(DemoShop { incidents, customers })
}

/// Goes back to the owner's data.
#[tauri::command(rename_all = "snake_case")]
pub async fn leave_demo(state: State<'_, AppState>) -> Result<()> {
    state.leave_demo()
}
