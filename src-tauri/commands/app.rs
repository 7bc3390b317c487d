//! App-wide information the window needs once, at start.

use crate::domain::breakdown::SEVERITIES;
use crate::domain::incident::Channel;
use crate::domain::settings::{Settings, CURRENCIES};
use crate::error::Error;
use crate::state::AppState;
use crate::store::backup::{self, BackupInfo};
use serde::Serialize;
use tauri::State;

/// A choice in a list: stored value and words shown.
#[derive(Serialize)]
pub struct Choice {
    value: &'static str,
    label: &'static str,
}

/// A severity level with its explanation.
#[derive(Serialize)]
pub struct SeverityInfo {
    value: i64,
    label: &'static str,
    description: &'static str,
}

/// A currency offered in Settings.
#[derive(Serialize)]
pub struct CurrencyInfo {
    code: &'static str,
    name: &'static str,
}

/// What the window needs to start.
#[derive(Serialize)]
pub struct AppInfo {
    version: &'static str,
    /// The app's clock now (UTC): the window follows it, even when a test
    /// started it elsewhere with `MEND_NOW`.
    now: String,
    data_dir: String,
    db_path: String,
    startup_error: Option<Error>,
    /// When the database is damaged: the newest good automatic backup.
    recovery: Option<Recovery>,
    /// Whether the demo shop is open instead of the owner's data.
    demo: bool,
    /// Whether the window should call `startup_probe` once Today has painted
    /// (`MEND_STARTUP_PROBE` is set).
    startup_probe: bool,
    /// The system's locale as the environment names it (`LC_ALL`, else `LC_TIME`, else
    /// `LANG`; e.g. "en_GB.UTF-8" or "C"; "" when none is set). The window writes dates and
    /// amounts that way: WebKit reports a C locale as US English, and a locale that is not
    /// installed as none.
    system_locale: String,
    settings: Settings,
    channels: Vec<Choice>,
    severities: Vec<SeverityInfo>,
    currencies: Vec<CurrencyInfo>,
}

/// The automatic backup offered when the database could not be opened.
#[derive(Serialize)]
pub struct Recovery {
    /// The copy's file name in the backup folder: what `restore_backup` is given.
    file_name: String,
    date: chrono::NaiveDate,
    #[serde(flatten)]
    info: BackupInfo,
}

/// Only a damaged file gets an offer: a newer Mend's file is fine as it is.
fn recovery(state: &AppState) -> Option<Recovery> {
    match state.startup_error() {
        Some(Error::Unreadable { .. }) => backup::newest_good_backup(&state.automatic_backup_dir())
            .map(|(file, info)| Recovery { file_name: file.file_name, date: file.date, info }),
        _ => None,
    }
}

/// The first of `LC_ALL`, `LC_TIME` and `LANG` that is set and not empty, or "".
fn system_locale() -> String {
    ["LC_ALL", "LC_TIME", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_default()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    let settings = state.with_store(|s| s.settings()).unwrap_or_default();
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        now: crate::store::timestamp(state.clock().now()),
        data_dir: state.data_dir().display().to_string(),
        db_path: state.db_path().display().to_string(),
        recovery: recovery(&state),
        demo: state.is_demo(),
        startup_probe: super::probe::requested_by_env(),
        startup_error: state.startup_error(),
        system_locale: system_locale(),
        settings,
        channels: Channel::ALL.iter().map(|c| Choice { value: c.as_str(), label: c.label() }).collect(),
        severities: SEVERITIES
            .iter()
            .map(|(value, label, description)| SeverityInfo { value: *value, label, description })
            .collect(),
        currencies: CURRENCIES.iter().map(|(code, name)| CurrencyInfo { code, name }).collect(),
    }
}
