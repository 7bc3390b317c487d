//! Build script: generates Tauri's context and the permission set for the app's
//! own commands, so the capability file can grant exactly the commands the UI uses.

use tauri_build::{AppManifest, Attributes};

/// Every `#[tauri::command]` the UI may call. Each one becomes an
/// `allow-<command>` permission (underscores turned into hyphens).
const COMMANDS: &[&str] = &[
    "app_info",
    "get_settings",
    "update_settings",
    "list_staff",
    "add_staff",
    "rename_staff",
    "set_staff_active",
    "list_categories",
    "add_category",
    "rename_category",
    "set_category_active",
    "search_customers",
    "list_customers",
    "get_customer",
    "create_customer",
    "update_customer",
    "create_incident",
    "list_incidents",
    "get_incident",
    "update_incident",
    "resolve_incident",
    "reopen_incident",
    "get_today",
    "list_playbooks",
    "get_playbook",
    "create_playbook",
    "copy_playbook",
    "update_playbook",
    "set_playbook_hidden",
    "move_playbook",
    "set_default_playbook",
    "tick_step",
    "untick_step",
    "set_step_note",
    "set_desired_outcome",
    "record_root_cause",
    "schedule_follow_up",
    "list_gestures",
    "create_gesture",
    "update_gesture",
    "set_gesture_active",
    "get_advisor_config",
    "update_advisor_config",
    "record_gesture",
    "set_gesture_redeemed",
    "goodwill_ledger",
    "pick_import_file",
    "preview_customer_import",
    "import_customers",
    "add_promise",
    "close_promise",
    "log_call",
    "get_follow_up_settings",
    "update_follow_up_settings",
    "export_calendar",
    "notify_due",
    "startup_probe",
    "get_insights",
    "data_status",
    "export_csv",
    "backup_now",
    "pick_backup",
    "inspect_backup",
    "restore_backup",
    "start_demo",
    "leave_demo",
];

fn main() {
    // Capabilities live beside the Rust sources, not at the package root.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    tauri_build::try_build(
        Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
