//! Tauri commands: the thin layer between the window and the store.
//!
//! Each command checks the raw input with the domain, calls one store method
//! and returns its result; errors travel as `{kind, message, fields}`. One
//! module per screen.

mod app;
mod atonement;
mod calls;
mod checklist;
mod customers;
mod data;
mod dialogs;
mod import;
mod incidents;
mod insights;
mod playbooks;
mod probe;
mod settings;
mod today;

use chrono::{DateTime, Local, Utc};

/// The handler that routes every command the UI may call. Keep this list,
/// `COMMANDS` in build.rs and the capability file in step.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
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
    ]
}

/// The UTC instant at which the user's local day containing `now` began.
fn local_day_start(now: DateTime<Utc>) -> DateTime<Utc> {
    let day = now.with_timezone(&Local).date_naive();
    crate::domain::validate::start_of_local_day(day, &Local)
}

#[cfg(test)]
mod tests {
    //! The commands through Tauri's real IPC path (mock runtime): arguments
    //! are named as the UI sends them and errors arrive as `{kind, message, fields}`.

    use super::handler;
    use crate::domain::clock::Clock;
    use crate::state::AppState;
    use serde_json::{json, Value};
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
    use tauri::webview::InvokeRequest;
    use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

    fn app(dir: &std::path::Path) -> (tauri::App<tauri::test::MockRuntime>, WebviewWindow<tauri::test::MockRuntime>) {
        let app = mock_builder().invoke_handler(handler()).build(mock_context(noop_assets())).unwrap();
        app.manage(AppState::open(dir, Clock::system()));
        let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        (app, window)
    }

    fn invoke(window: &WebviewWindow<tauri::test::MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }

    #[test]
    fn invalid_incident_comes_back_as_kind_message_fields_and_saves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(dir.path());
        let err = invoke(
            &window,
            "create_incident",
            json!({
                "input": {
                    "customer_id": null,
                    "new_customer": { "name": "", "phone": "", "email": "" },
                    "received_at": "2026-13-45T99:00",
                    "channel": "phone",
                    "category_id": 1,
                    "severity": 0,
                    "description": "The fringe is crooked",
                    "desired_outcome": "",
                    "transaction_value": "-20",
                    "taken_by": null
                },
                "actor": null
            }),
        )
        .unwrap_err();
        assert_eq!(err["kind"], "invalid");
        assert_eq!(err["fields"]["new_customer.name"], "Please enter the customer's name.");
        assert_eq!(err["fields"]["severity"], "Please choose a severity from 1 (minor) to 5 (critical).");
        assert_eq!(err["fields"]["transaction_value"], "The amount can't be negative.");
        assert!(err["fields"]["received_at"].is_string());
        assert!(err["message"].is_string());

        let today = invoke(&window, "get_today", json!({})).unwrap();
        assert_eq!(today["total_incidents"], 0);
        let customers = invoke(&window, "list_customers", json!({"query": "", "after": null, "limit": 10})).unwrap();
        assert_eq!(customers["total"], 0);
    }

    #[test]
    fn log_then_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(dir.path());
        let staff = invoke(&window, "add_staff", json!({"name": "Ana"})).unwrap();
        let created = invoke(
            &window,
            "create_incident",
            json!({
                "input": {
                    "new_customer": { "name": "Bea", "phone": "555 0101", "email": "" },
                    "received_at": "",
                    "channel": "in_person",
                    "category_id": 2,
                    "severity": 3,
                    "description": "Colour patchy",
                    "desired_outcome": "Fix it Saturday",
                    "transaction_value": "80",
                    "taken_by": staff["id"]
                },
                "actor": staff["id"]
            }),
        )
        .unwrap();
        let detail = invoke(&window, "get_incident", json!({"id": created["id"]})).unwrap();
        assert_eq!(detail["customer"]["name"], "Bea");
        assert_eq!(detail["transaction_cents"], 8000);
        assert_eq!(detail["events"][0]["staff_name"], "Ana");
        let info = invoke(&window, "app_info", json!({})).unwrap();
        assert_eq!(info["startup_error"], Value::Null);
        assert_eq!(info["severities"].as_array().unwrap().len(), 5);
    }

    #[test]
    fn insights_for_a_backwards_custom_period_name_the_field() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(dir.path());
        let err =
            invoke(&window, "get_insights", json!({"period": "custom", "from": "2026-03-02", "to": "2026-03-01"}))
                .unwrap_err();
        assert_eq!(err["kind"], "invalid");
        assert_eq!(err["fields"]["to"], "The last day must be on or after the first day.");
        let year = invoke(&window, "get_insights", json!({"period": "this_year", "from": null, "to": null})).unwrap();
        assert_eq!(year["incidents"]["now"], 0);
        assert_eq!(year["targets"]["playbook"], "Five steps");
    }

    #[test]
    fn data_status_and_app_info_describe_the_data() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(dir.path());
        let status = invoke(&window, "data_status", json!({})).unwrap();
        assert_eq!(status["demo"], false);
        assert_eq!(status["automatic_backups"], json!([]));
        let info = invoke(&window, "app_info", json!({})).unwrap();
        assert_eq!((info["demo"].clone(), info["recovery"].clone()), (json!(false), Value::Null));
    }
}
