//! The bare window: the smallest Tauri app there is (one window, one tiny page, no plugins, no
//! database), built from the same crates and release profile as Mend. `scripts/startup-probe.sh`
//! runs it beside Mend so that Mend's start-up time and memory can be given as a ratio to what
//! Tauri and WebKitGTK cost by themselves on the same machine in the same run.
//!
//! It reports through the very same probe as Mend: `src-tauri/commands/probe.rs` is compiled
//! into it, and its page calls `startup_probe` two animation frames after it loaded.
//!
//! ```sh
//! cargo build --release --features tauri/custom-protocol --example bare
//! MEND_STARTUP_PROBE=1 target/release/examples/bare
//! ```
//!
//! Its configuration (`tauri.conf.json` beside this file) grants the window one permission,
//! `allow-startup-probe`, which Mend's build script generates for the whole package.

#[path = "../../commands/probe.rs"]
mod probe;

/// The one setting `probe.rs` reads from `crate::config`, taken from Mend's library so the two
/// programs answer to the same environment variable.
mod config {
    pub use mend::config::STARTUP_PROBE_ENV;
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![probe::startup_probe])
        .run(tauri::generate_context!("src-tauri/examples/bare/tauri.conf.json"))
        .expect("the bare window could not start");
}
