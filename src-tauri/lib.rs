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

/// Waits until the window is up and the shop has started work, then takes
/// the day's backup, checking again every hour for a new day. Runs on its
/// own thread and its own connection, so nothing waits for it.
fn automatic_backups<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    std::thread::sleep(std::time::Duration::from_secs(20));
    loop {
        if let Err(err) = app.state::<AppState>().take_automatic_backup() {
            eprintln!("Mend: the daily backup was not taken: {err}");
        }
        std::thread::sleep(std::time::Duration::from_secs(60 * 60));
    }
}

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
            if std::env::var(config::AUTO_BACKUP_ENV).map_or(true, |v| v != "off") {
                let handle = app.handle().clone();
                std::thread::spawn(move || automatic_backups(handle));
            }
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("Mend could not start its window");
}
