//! End-to-end test harness: drives the real Mend app (the `mend` binary Cargo builds for the
//! integration tests) through tauri-driver and WebKitWebDriver, on a private Xvfb display.
//!
//! Use it from an integration test file with `mod common;`:
//!
//! ```ignore
//! mod common;
//! use common::{keys, App};
//!
//! #[test]
//! fn logs_an_incident() {
//!     let mut app = App::launch();              // fresh temporary data dir
//!     app.wait_for("#view-today");
//!     app.find("#new-incident").click();
//!     app.active_element().send_keys(&format!("Ann{}", keys::TAB));
//!     app.screenshot("log-incident");           // tests/output/log-incident.png
//!     app.restart();                            // same data dir, new process
//!     app.wait_for_text(".incident", "Ann");
//! }
//! ```
//!
//! Tests in one test binary that use the harness run one at a time (a global lock); the tools
//! they need (Xvfb, tauri-driver, WebKitWebDriver) must be installed, otherwise the test fails
//! and says how to install them: `./scripts/setup.sh --test`.

#![allow(dead_code)]

pub mod webdriver;

use std::ops::Deref;
use std::path::{Path, PathBuf};

#[allow(unused_imports)]
pub use webdriver::{e2e_lock, keys, output_dir, E2eGuard, Element, Session, WdError, FIND_TIMEOUT, WAIT_TIMEOUT};

/// Fills `dir/mend.db` with a sample shop of `incidents` incidents over the
/// year before `now`, through the app's own `--generate-sample` command line.
pub fn generate_sample(dir: &Path, incidents: usize, seed: u64, now: &str) {
    let out = std::process::Command::new(app_binary())
        .args(["--generate-sample", &incidents.to_string(), "--seed", &seed.to_string(), "--data-dir"])
        .arg(dir)
        .env("MEND_NOW", now)
        .env("TZ", "UTC")
        .output()
        .expect("run mend --generate-sample");
    assert!(out.status.success(), "generating the sample failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// The Mend binary the tests drive: the one Cargo built for them, or the one
/// `MEND_E2E_BIN` names (e.g. `target/release/mend`, to time the optimised
/// build with `tests/e2e_screen_timing.rs`).
pub fn app_binary() -> PathBuf {
    match std::env::var_os("MEND_E2E_BIN") {
        Some(path) if !path.is_empty() => std::fs::canonicalize(&path)
            .unwrap_or_else(|e| panic!("e2e: MEND_E2E_BIN={} cannot be used: {e}", Path::new(&path).display())),
        _ => PathBuf::from(env!("CARGO_BIN_EXE_mend")),
    }
}

/// A fresh, empty temporary directory (removed when dropped) to use as the app's data dir.
pub fn fresh_data_dir() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("mend-e2e-data-").tempdir().expect("e2e: cannot create a temporary data dir")
}

/// The app running on its own data dir, restartable on the same data. Derefs to [`Session`],
/// so `app.find(..)`, `app.screenshot(..)` and the rest work directly.
///
/// Besides `--data-dir`, the app gets private `XDG_DATA_HOME`, `XDG_CONFIG_HOME` and
/// `XDG_CACHE_HOME` directories (next to the data dir, kept across restarts), so nothing it or
/// WebKit stores ends up in the real home directory.
pub struct App {
    session: Option<Session>,
    data_dir: tempfile::TempDir,
    xdg: tempfile::TempDir,
    extra_args: Vec<String>,
    extra_env: Vec<(String, String)>,
    _lock: E2eGuard,
}

impl App {
    /// Starts the app on a fresh temporary data dir.
    #[track_caller]
    pub fn launch() -> App {
        App::launch_in(fresh_data_dir(), &[])
    }

    /// Starts the app on a fresh temporary data dir with extra command-line arguments.
    #[track_caller]
    pub fn launch_with_args(extra_args: &[&str]) -> App {
        App::launch_in(fresh_data_dir(), extra_args)
    }

    /// Starts the app on `data_dir` (e.g. one a test filled beforehand); it is removed when
    /// the `App` is dropped.
    #[track_caller]
    pub fn launch_in(data_dir: tempfile::TempDir, extra_args: &[&str]) -> App {
        App::launch_full(data_dir, extra_args, &[])
    }

    /// The most general form: data dir, extra arguments and extra environment variables.
    #[track_caller]
    pub fn launch_full(data_dir: tempfile::TempDir, extra_args: &[&str], extra_env: &[(&str, &str)]) -> App {
        let lock = e2e_lock();
        let xdg = tempfile::Builder::new().prefix("mend-e2e-xdg-").tempdir().expect("e2e: cannot create a temp dir");
        let mut app = App {
            session: None,
            data_dir,
            xdg,
            extra_args: extra_args.iter().map(|s| s.to_string()).collect(),
            extra_env: extra_env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            _lock: lock,
        };
        app.start();
        app
    }

    /// The app's command line: `--data-dir <dir>` followed by the extra arguments.
    pub fn args(&self) -> Vec<String> {
        let mut args = vec!["--data-dir".to_string(), self.data_dir.path().display().to_string()];
        args.extend(self.extra_args.iter().cloned());
        args
    }

    /// Starts the app again if it was stopped (no-op when running).
    #[track_caller]
    pub fn start(&mut self) {
        if self.session.is_some() {
            return;
        }
        let mut env = Vec::new();
        for (var, sub) in [("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")] {
            let dir = self.xdg.path().join(sub);
            std::fs::create_dir_all(&dir).expect("e2e: cannot create an XDG dir");
            env.push((var.to_string(), dir.display().to_string()));
        }
        env.extend(self.extra_env.iter().cloned());
        self.session = Some(Session::start_with_env(&self.args(), &env));
    }

    /// Sets (or replaces) an environment variable for the next start, e.g. a
    /// later `MEND_NOW` to move the app's clock forward across a restart.
    pub fn set_env(&mut self, key: &str, value: &str) {
        self.extra_env.retain(|(k, _)| k != key);
        self.extra_env.push((key.to_string(), value.to_string()));
    }

    /// Ends the WebDriver session and stops the app, keeping the data dir (e.g. to inspect the
    /// database with rusqlite before [`App::start`]).
    pub fn stop(&mut self) {
        drop(self.session.take());
    }

    /// Stops the app and starts it again on the same data dir (for persistence tests).
    #[track_caller]
    pub fn restart(&mut self) {
        self.stop();
        self.start();
    }

    /// The running session. Panics if the app was stopped.
    #[track_caller]
    pub fn session(&self) -> &Session {
        self.session.as_ref().expect("e2e: the app is stopped; call App::start() first")
    }

    pub fn is_running(&self) -> bool {
        self.session.is_some()
    }

    /// The app's data directory (`--data-dir`).
    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// The SQLite database inside the data directory.
    pub fn db_path(&self) -> PathBuf {
        self.data_dir.path().join("mend.db")
    }
}

impl App {
    /// Opens a screen from the sidebar ("today", "log", "incidents", "customers", "settings").
    pub fn go(&self, route: &str) {
        self.find(&format!("#nav a[data-route=\"{route}\"]")).click();
    }

    /// Unfolds the incident page's timeline (folded at the bottom of the page), so its entries
    /// can be read; it stays open while the page is on show.
    pub fn show_timeline(&self) {
        self.wait_for("#timeline-panel");
        self.execute(
            "const d = document.querySelector('#timeline-panel'); if (!d.open) d.querySelector('summary').click();",
            &[],
        );
    }

    /// Unfolds "Why this suggestion" on the incident page (it stays open for the session).
    pub fn show_advice_reasons(&self) {
        self.wait_for("#advice-why");
        self.execute(
            "const d = document.querySelector('#advice-why'); if (!d.open) d.querySelector('summary').click();",
            &[],
        );
    }

    /// Sets a form control's value and fires its input and change events, for
    /// values a test can't type through WebKit's date and time pickers.
    pub fn set_value(&self, css: &str, value: &str) {
        self.execute(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1];
             e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true}));",
            &[serde_json::json!(css), serde_json::json!(value)],
        );
    }
}

impl Deref for App {
    type Target = Session;
    fn deref(&self) -> &Session {
        self.session()
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // Stop the app before its data dir is removed.
        self.stop();
    }
}
