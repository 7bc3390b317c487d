//! Mend: a desktop app that helps small shops win back customers after a
//! service breakdown. This crate is the Tauri shell: the window, its commands,
//! dialogs, reminders, the start-up probe, the daily backup thread and the log
//! file. The rules and data live in [`mend_core`], which knows nothing of Tauri;
//! its modules are re-exported here under their own names.

pub use mend_core::{config, db, domain, error, state, store};

mod commands;
mod logging;
mod navigation;

use domain::clock::Clock;
use state::AppState;
use tauri::Manager;

/// Whether Mend takes the daily backup by itself (`MEND_AUTO_BACKUP=off`
/// turns it off, for the tests).
fn automatic_backups_on() -> bool {
    std::env::var(config::AUTO_BACKUP_ENV).map_or(true, |v| v != "off")
}

/// Takes the day's backup 20 seconds after start (once the window is up and
/// the shop has started work), or at the day's first write if that comes
/// sooner; then again at the first write of each new day, and at least every
/// hour it checks for a new day. Runs on its own thread and its own
/// connection, so nothing waits for it: a write only wakes it.
fn automatic_backups<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    use std::time::Duration;
    let state = app.state::<AppState>();
    state.wait_for_backup_request(Duration::from_secs(20));
    loop {
        if let Err(err) = state.take_automatic_backup() {
            log::error!("The daily backup was not taken: {}", err.details());
            // Not straight again on the next write: give the cause a while.
            std::thread::sleep(Duration::from_secs(5 * 60));
        }
        state.wait_for_backup_request(Duration::from_secs(60 * 60));
    }
}

/// At close: the day's backup, when none was taken yet in this run (Mend
/// closed within its first 20 seconds, or a new day began since the last
/// one). It is quick when a copy of today is already on disk.
fn backup_at_close<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    let Some(state) = app.try_state::<AppState>() else { return };
    if automatic_backups_on() && !state.backup_taken_today() {
        if let Err(err) = state.take_automatic_backup() {
            log::error!("The daily backup was not taken at close: {}", err.details());
        }
    }
}

/// WebKitGTK's accelerated compositing mode draws the page through OpenGL. On machines without a
/// usable GPU (virtual machines, remote desktops, and Xvfb in the tests) that is Mesa's software
/// renderer: measured on two shared cores, Today painted 1 s and more later and the app's
/// processes took 85–105 MiB more than drawing the page directly (docs/startup.md). Mend's screens are forms and
/// lists with no animation that needs the GPU, so it draws directly unless the user has chosen
/// otherwise (`WEBKIT_DISABLE_COMPOSITING_MODE=0 mend` gives the GPU path back).
///
/// Not under WebDriver (tauri-driver sets `TAURI_WEBVIEW_AUTOMATION=true`): in this mode
/// WebKitGTK 2.50 never answers a WebDriver screenshot, which the end-to-end tests take, so
/// they run the page in the compositing mode (see tests/common/webdriver.rs).
///
/// Must run before WebKit starts its web process, which inherits the variable, and before any
/// other thread exists (`set_var`).
fn prefer_direct_drawing() {
    const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    let automated = std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true");
    if cfg!(target_os = "linux") && !automated && std::env::var_os(VAR).is_none() {
        std::env::set_var(VAR, "1");
    }
}

/// Starts the desktop app.
pub fn run() {
    prefer_direct_drawing();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        // Opens the tel:, sms: and mailto: links built in commands/contact.rs; the page injects
        // no link handler and holds none of the plugin's permissions.
        .plugin(tauri_plugin_opener::Builder::new().open_js_links_on_click(false).build())
        // The window shows only Mend's own pages (navigation.rs).
        .plugin(navigation::plugin())
        .setup(|app| {
            let args = std::env::args_os().skip(1);
            let data_dir = match config::data_dir_override(args, std::env::var_os(config::DATA_DIR_ENV)) {
                Some(dir) => dir,
                None => app.path().app_data_dir()?,
            };
            let clock = Clock::from_env_value(std::env::var(config::NOW_ENV).ok().as_deref());
            // The log first, so that it also holds why the data could not be opened.
            if let Some(log) = logging::start_or_stderr(&data_dir) {
                app.manage(log);
            }
            log::info!("Mend {} started on the data in {}", env!("CARGO_PKG_VERSION"), data_dir.display());
            app.manage(AppState::open(&data_dir, clock));
            app.manage(commands::PickedFiles::default());
            app.manage(commands::Outbox::from_env());
            if automatic_backups_on() {
                let handle = app.handle().clone();
                std::thread::spawn(move || automatic_backups(handle));
            }
            Ok(())
        })
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!())
        .expect("Mend could not start its window")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                backup_at_close(app);
            }
        });
}
