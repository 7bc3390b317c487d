//! Mend: a desktop app that helps small shops win back customers after a
//! service breakdown.
//!
//! The crate is layered so the rules can be tested without a window:
//! - [`domain`]: the rules (validation, and later checklists, the advisor,
//!   scheduling), plain Rust;
//! - [`db`] and [`store`]: the SQLite file and every query;
//! - [`state`]: what the running app holds;
//! - `commands`: thin Tauri commands, one module per screen.

pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod state;
pub mod store;

mod commands;

use domain::clock::Clock;
use state::AppState;
use tauri::Manager;

/// Starts the desktop app.
pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            let args = std::env::args_os().skip(1);
            let data_dir = match config::data_dir_override(args, std::env::var_os(config::DATA_DIR_ENV)) {
                Some(dir) => dir,
                None => app.path().app_data_dir()?,
            };
            let clock = Clock::from_env_value(std::env::var(config::NOW_ENV).ok().as_deref());
            app.manage(AppState::open(&data_dir, clock));
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("Mend could not start its window");
}
