//! Tauri commands: the thin layer between the window and the core.
//!
//! Each command checks the raw input with the domain, makes one call into the core (the store
//! through [`AppState`](crate::state::AppState), or a file format) and returns its result;
//! errors travel as `{kind, message, fields}`. Every argument the window sends is an [`Arg`]
//! (`arg.rs`), so that one Tauri can't read is answered in that shape too, and no argument is
//! a file path: files come from the dialogs Mend opened (`dialogs.rs`). One module per
//! screen, plus `dialogs` (the native open and save dialogs and the files chosen in them),
//! `probe` (the start-up measurement) and, under test, `fuzz` (hostile payloads for every
//! command).
//!
//! Every command that reads or writes data or shows a dialog runs off the window's main
//! thread: an `async fn`, or `#[tauri::command(async)]` on a plain function, which Tauri runs
//! on its async runtime's worker threads, so a slow one never freezes the window. The dialogs
//! await the plugin's answer instead of blocking a worker. Only `startup_probe`, which reads
//! `/proc` and closes the app, runs on the main thread.
//!
//! The commands are listed once, in `list.rs`: the handler below and the permissions in
//! build.rs are made from it, and a test checks the capability file and ui/api.js against it.

mod app;
mod arg;
mod atonement;
mod calls;
mod checklist;
mod contact;
mod customers;
mod data;
mod dialogs;
#[cfg(test)]
mod fuzz;
mod import;
mod incidents;
mod insights;
#[macro_use]
mod list;
mod merge;
mod playbooks;
mod probe;
mod settings;
mod today;

pub use arg::Arg;
pub use contact::Outbox;
pub use dialogs::PickedFiles;

use chrono::{DateTime, Local, Utc};

/// The IPC handler of a `module::command` list.
macro_rules! handler_of {
    ($($module:ident :: $command:ident),* $(,)?) => {
        tauri::generate_handler![$($module::$command),*]
    };
}

/// The command names of a `module::command` list.
macro_rules! names_of {
    ($($module:ident :: $command:ident),* $(,)?) => {
        &[$(stringify!($command)),*]
    };
}

/// Every command the window may call, by name.
const COMMANDS: &[&str] = with_command_list!(names_of);

/// The handler that routes every command in the list to its function. A name not in the list
/// is answered like every other failure, `{kind, message, fields}` in plain words, instead of
/// Tauri's bare "Command … not found".
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    let listed = routes::<R, _>(with_command_list!(handler_of));
    move |invoke: tauri::ipc::Invoke<R>| {
        if COMMANDS.contains(&invoke.message.command()) {
            return listed(invoke);
        }
        log::warn!("the window asked for a command Mend doesn't have: {:?}", invoke.message.command());
        let err = crate::error::Error::NotFound(UNKNOWN_COMMAND.to_string());
        invoke.resolver.invoke_error(tauri::ipc::InvokeError(serde_json::to_value(&err).unwrap_or_default()));
        true
    }
}

/// Names the type of the handler `tauri::generate_handler!` makes.
fn routes<R: tauri::Runtime, F: Fn(tauri::ipc::Invoke<R>) -> bool>(handler: F) -> F {
    handler
}

/// The words for a request to a command Mend doesn't have (only a damaged or foreign page
/// sends one).
const UNKNOWN_COMMAND: &str =
    "Mend can't do what this screen asked, so nothing was changed. Please restart Mend; if it keeps happening, \
     reinstall it.";

/// The UTC instant at which the user's local day containing `now` began.
fn local_day_start(now: DateTime<Utc>) -> DateTime<Utc> {
    let day = now.with_timezone(&Local).date_naive();
    crate::domain::validate::start_of_local_day(day, &Local)
}

#[cfg(test)]
mod tests {
    //! The commands through Tauri's real IPC path (mock runtime): arguments
    //! are named as the UI sends them and errors arrive as `{kind, message, fields}`.

    use super::dialogs::{PickedFiles, Purpose};
    use super::{handler, COMMANDS};
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
        app.manage(PickedFiles::default());
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

    /// The commands ui/api.js calls, in the order it first names them.
    fn called_by_the_ui() -> Vec<String> {
        let api = include_str!("../../ui/api.js");
        let mut called: Vec<String> = Vec::new();
        for piece in api.split("call('").skip(1) {
            let name = piece.split('\'').next().unwrap_or_default().to_string();
            if !called.contains(&name) {
                called.push(name);
            }
        }
        called
    }

    /// Commands in the list that ui/api.js doesn't call, each with the reason.
    const NOT_CALLED_BY_THE_UI: &[(&str, &str)] = &[];

    #[test]
    fn the_command_list_is_granted_and_called_and_nothing_else() {
        let mut sorted = COMMANDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), COMMANDS.len(), "a command is listed twice in commands/list.rs");

        let capability: Value = serde_json::from_str(include_str!("../capabilities/main.json")).unwrap();
        let granted: Vec<String> = capability["permissions"]
            .as_array()
            .expect("the capability lists permissions")
            .iter()
            .map(|p| p.as_str().expect("each permission is a plain name").to_string())
            .collect();
        let named: Vec<String> = COMMANDS.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
        let not_granted: Vec<&String> = named.iter().filter(|n| !granted.contains(n)).collect();
        let not_listed: Vec<&String> = granted.iter().filter(|g| !named.contains(g)).collect();
        assert!(
            not_granted.is_empty(),
            "listed in commands/list.rs but not in capabilities/main.json: {not_granted:?}"
        );
        assert!(not_listed.is_empty(), "granted in capabilities/main.json but not in commands/list.rs: {not_listed:?}");

        let called = called_by_the_ui();
        let unknown: Vec<&String> = called.iter().filter(|c| !COMMANDS.contains(&c.as_str())).collect();
        assert!(unknown.is_empty(), "ui/api.js calls commands that commands/list.rs doesn't have: {unknown:?}");
        let excused = |c: &&str| NOT_CALLED_BY_THE_UI.iter().any(|(name, _)| name == c);
        let uncalled: Vec<&&str> =
            COMMANDS.iter().filter(|c| !called.iter().any(|n| n == **c) && !excused(c)).collect();
        assert!(
            uncalled.is_empty(),
            "listed but never called from ui/api.js (add the reason to NOT_CALLED_BY_THE_UI): {uncalled:?}"
        );
        for (name, _) in NOT_CALLED_BY_THE_UI {
            assert!(COMMANDS.contains(name), "{name} is excused but not in the list");
            assert!(!called.iter().any(|c| c == name), "{name} is excused but ui/api.js calls it");
        }
    }

    /// The arguments of every command in `src-tauri/commands`, as (command, argument, type).
    fn command_arguments() -> Vec<(String, String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/commands");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            // Only the attributes themselves, not the name quoted in a test.
            for piece in text.split("#[tauri::command").skip(1).filter(|p| p.starts_with([']', '('])) {
                let signature = piece.split_once("fn ").unwrap().1;
                let name = signature.split(['<', '(']).next().unwrap().to_string();
                let open = signature.find('(').unwrap();
                let (mut depth, mut close) = (0, open);
                for (i, c) in signature[open..].char_indices() {
                    match c {
                        '(' | '<' => depth += 1,
                        ')' | '>' if signature[open..][..i].ends_with('-') => {}
                        ')' | '>' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        close = open + i;
                        break;
                    }
                }
                let (mut depth, mut current) = (0, String::new());
                let mut params = Vec::new();
                for c in signature[open + 1..close].chars() {
                    match c {
                        '<' | '(' => depth += 1,
                        '>' | ')' => depth -= 1,
                        ',' if depth == 0 => {
                            params.push(std::mem::take(&mut current));
                            continue;
                        }
                        _ => {}
                    }
                    current.push(c);
                }
                params.push(current);
                for param in params.iter().filter(|p| !p.trim().is_empty()) {
                    let (arg, ty) = param.split_once(':').unwrap();
                    found.push((name.clone(), arg.trim().to_string(), ty.split_whitespace().collect::<String>()));
                }
            }
        }
        found
    }

    #[test]
    fn every_argument_the_window_sends_is_read_by_mend_and_none_is_a_path() {
        let arguments = command_arguments();
        assert!(arguments.len() > 100, "the commands' arguments were found: {}", arguments.len());
        let filled_in_by_tauri = |ty: &str| ty.starts_with("State<") || ty.starts_with("AppHandle<");
        let read_by_tauri: Vec<String> = arguments
            .iter()
            .filter(|(_, _, ty)| !filled_in_by_tauri(ty) && !ty.starts_with("Arg<"))
            .map(|(command, arg, ty)| format!("{command}({arg}: {ty})"))
            .collect();
        // The probe reads its two numbers from the request itself (commands/probe.rs).
        assert_eq!(read_by_tauri, ["startup_probe(request: tauri::ipc::Request<'_>)"]);
        // A file comes from a dialog Mend opened (commands/dialogs.rs), never from the page.
        let paths: Vec<String> = arguments
            .iter()
            .filter(|(_, arg, ty)| {
                arg.split('_').any(|word| ["path", "file", "dir", "folder"].contains(&word))
                    || ty.contains("Path")
                    || ty.contains("OsString")
            })
            .map(|(command, arg, ty)| format!("{command}({arg}: {ty})"))
            .collect();
        assert!(paths.is_empty(), "commands that take a path from the page: {paths:?}");
    }

    #[test]
    fn every_command_but_the_probe_runs_off_the_main_thread() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/commands");
        let mut on_the_main_thread = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                if !line.trim_start().starts_with("#[tauri::command") {
                    continue;
                }
                let signature = lines[i + 1..].iter().find(|l| l.contains("fn ")).expect("the command's fn");
                if !line.contains("command(async") && !signature.contains("async fn") {
                    let name = signature.split("fn ").nth(1).unwrap().split(['<', '(']).next().unwrap();
                    on_the_main_thread.push(name.to_string());
                }
            }
        }
        // The probe touches no data and no dialog: it reads /proc and closes the app.
        assert_eq!(on_the_main_thread, ["startup_probe"]);
    }

    #[test]
    fn the_import_reads_only_the_file_chosen_in_the_dialog() {
        let dir = tempfile::tempdir().unwrap();
        let (app, window) = app(dir.path());
        let elsewhere = dir.path().join("made-up.csv");
        std::fs::write(&elsewhere, "name,phone\nMallory,555 0100\n").unwrap();
        let path = elsewhere.display().to_string();

        // Nothing chosen yet: a path sent by the page is not read.
        let err = invoke(&window, "preview_customer_import", json!({ "path": path })).unwrap_err();
        assert_eq!(err["kind"], "invalid");
        assert_eq!(err["fields"]["file"], "Please choose the file to import first.");
        let mapping = json!(["name", "phone"]);
        let err = invoke(&window, "import_customers", json!({ "path": path, "mapping": mapping })).unwrap_err();
        assert_eq!(err["fields"]["file"], "Please choose the file to import first.");
        let customers = invoke(&window, "list_customers", json!({"query": "", "after": null, "limit": 10})).unwrap();
        assert_eq!(customers["total"], 0);

        // The file the dialog chose is the one read, whatever path the page names.
        let chosen = dir.path().join("chosen.csv");
        std::fs::write(&chosen, "name,phone\nBea,555 0101\nCai,555 0102\n").unwrap();
        app.state::<PickedFiles>().remember(Purpose::Import, chosen);
        let preview = invoke(&window, "preview_customer_import", json!({ "path": path })).unwrap();
        assert_eq!(preview["total_rows"], 2);
        let report = invoke(&window, "import_customers", json!({ "path": path, "mapping": mapping })).unwrap();
        assert_eq!(report["added"], 2);
        let found = invoke(&window, "search_customers", json!({"query": "Mallory", "limit": 5})).unwrap();
        assert_eq!(found, json!([]));
    }

    #[test]
    fn a_backup_named_by_the_page_is_refused_unless_it_is_an_automatic_copy() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(dir.path());
        invoke(&window, "add_staff", json!({"name": "Ana"})).unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let other = AppState::open(elsewhere.path(), Clock::system());
        other.with_store(|s| s.backup_to(&elsewhere.path().join("copy.db"))).unwrap();
        let path = elsewhere.path().join("copy.db").display().to_string();

        // A path, old style: there is no such argument.
        let err = invoke(&window, "restore_backup", json!({ "path": path })).unwrap_err();
        assert!(err.to_string().contains("choice"), "{err}");
        // A path, or a name that is not an automatic copy, in place of a copy's file name.
        for name in [path.as_str(), "../copy.db", "mend.db", "mend-2026-11-21.db"] {
            let choice = json!({ "from": "automatic", "file_name": name });
            let err = invoke(&window, "restore_backup", json!({ "choice": choice })).unwrap_err();
            assert_eq!(err["kind"], "not_found", "{name}: {err}");
            let err = invoke(&window, "inspect_backup", json!({ "choice": choice })).unwrap_err();
            assert_eq!(err["kind"], "not_found", "{name}: {err}");
        }
        // Nothing was chosen in the dialog.
        let err = invoke(&window, "restore_backup", json!({ "choice": { "from": "picked" } })).unwrap_err();
        assert_eq!(err["kind"], "not_found");
        assert_eq!(err["message"], "Please choose the backup file again.");
        let staff = invoke(&window, "list_staff", json!({"include_inactive": true})).unwrap();
        assert_eq!(staff[0]["name"], "Ana", "the data is as it was");

        // An automatic copy is found by its name in the backup folder.
        std::fs::create_dir_all(dir.path().join("backups")).unwrap();
        std::fs::copy(&path, dir.path().join("backups/mend-2026-11-21.db")).unwrap();
        let choice = json!({ "from": "automatic", "file_name": "mend-2026-11-21.db" });
        let info = invoke(&window, "inspect_backup", json!({ "choice": choice })).unwrap();
        assert_eq!(info["incidents"], 0);
        assert!(info["path"].as_str().unwrap().ends_with("mend-2026-11-21.db"), "{info}");
    }
}
