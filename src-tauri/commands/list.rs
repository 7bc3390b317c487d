// The one list of the commands the window may call, as `module::command`. Everything else is
// derived from it or checked against it:
// - build.rs includes this file and turns each name into an `allow-<command>` permission;
// - commands/mod.rs builds the IPC handler from it (`tauri::generate_handler!`);
// - a test in commands/mod.rs checks the capability file (capabilities/main.json) and every
//   `call('<command>'` in ui/api.js against it.
// Add a command here, grant it in the capability file and call it from ui/api.js.
//
// (Plain `//` comments: build.rs `include!`s this file, where inner doc comments can't stand.)

/// Calls `$then!` with the list of commands.
macro_rules! with_command_list {
    ($then:ident) => {
        $then! {
            app::app_info,
            settings::get_settings,
            settings::update_settings,
            settings::list_staff,
            settings::add_staff,
            settings::rename_staff,
            settings::set_staff_active,
            settings::list_categories,
            settings::add_category,
            settings::rename_category,
            settings::set_category_active,
            customers::search_customers,
            customers::list_customers,
            customers::get_customer,
            customers::create_customer,
            customers::update_customer,
            incidents::create_incident,
            incidents::list_incidents,
            incidents::get_incident,
            incidents::update_incident,
            incidents::resolve_incident,
            incidents::reopen_incident,
            today::get_today,
            playbooks::list_playbooks,
            playbooks::get_playbook,
            playbooks::create_playbook,
            playbooks::copy_playbook,
            playbooks::update_playbook,
            playbooks::set_playbook_hidden,
            playbooks::move_playbook,
            playbooks::set_default_playbook,
            checklist::tick_step,
            checklist::untick_step,
            checklist::set_step_note,
            checklist::set_desired_outcome,
            checklist::record_root_cause,
            checklist::schedule_follow_up,
            atonement::list_gestures,
            atonement::create_gesture,
            atonement::update_gesture,
            atonement::set_gesture_active,
            atonement::get_advisor_config,
            atonement::update_advisor_config,
            atonement::record_gesture,
            atonement::set_gesture_redeemed,
            atonement::goodwill_ledger,
            import::pick_import_file,
            import::preview_customer_import,
            import::import_customers,
            calls::add_promise,
            calls::close_promise,
            calls::log_call,
            calls::get_follow_up_settings,
            calls::update_follow_up_settings,
            calls::export_calendar,
            calls::notify_due,
            probe::startup_probe,
            insights::get_insights,
            data::data_status,
            data::export_csv,
            data::backup_now,
            data::pick_backup,
            data::inspect_backup,
            data::restore_backup,
            data::start_demo,
            data::leave_demo,
        }
    };
}
