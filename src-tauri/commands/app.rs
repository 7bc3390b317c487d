//! App-wide information the window needs once, at start.

use crate::domain::incident::{Channel, SEVERITIES};
use crate::domain::settings::{Settings, CURRENCIES};
use crate::error::Error;
use crate::state::AppState;
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
    settings: Settings,
    channels: Vec<Choice>,
    severities: Vec<SeverityInfo>,
    currencies: Vec<CurrencyInfo>,
}

#[tauri::command(rename_all = "snake_case")]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    let settings = state.with_store(|s| s.settings()).unwrap_or_default();
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        now: crate::store::timestamp(state.clock().now()),
        data_dir: state.data_dir().display().to_string(),
        db_path: state.db_path().display().to_string(),
        startup_error: state.startup_error().cloned(),
        settings,
        channels: Channel::ALL.iter().map(|c| Choice { value: c.as_str(), label: c.label() }).collect(),
        severities: SEVERITIES
            .iter()
            .map(|(value, label, description)| SeverityInfo { value: *value, label, description })
            .collect(),
        currencies: CURRENCIES.iter().map(|(code, name)| CurrencyInfo { code, name }).collect(),
    }
}
