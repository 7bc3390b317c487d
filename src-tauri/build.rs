//! Build script: generates Tauri's context and a permission for each of the app's own
//! commands (`allow-<command>`), so the capability file can grant exactly the commands the
//! window uses. The command names come from the one list in `commands/list.rs`.

use tauri_build::{AppManifest, Attributes};

include!("commands/list.rs");

/// The command names of a `module::command` list.
macro_rules! command_names {
    ($($module:ident :: $command:ident),* $(,)?) => {
        &[$(stringify!($command)),*]
    };
}

/// Every command the window may call. Each one becomes an `allow-<command>` permission
/// (underscores turned into hyphens).
const COMMANDS: &[&str] = with_command_list!(command_names);

fn main() {
    // Capabilities live beside the Rust sources, not at the package root.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=src-tauri/commands/list.rs");
    tauri_build::try_build(
        Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
