//! Reaching a customer from the call list, the incident page and the customer card: a call,
//! a text or an e-mail opened with the system's own program, and the message templates of
//! Settings filled in for that customer.
//!
//! The window names the customer (and the line of the call list); the link is built here from
//! the phone and e-mail on the customer's card, so the window can never have Mend open
//! anything but a `tel:`, `sms:` or `mailto:` link to a customer it knows. The window holds no
//! permission of the opener plugin: the links leave through [`Outbox`], on this side.
//! Under test, `MEND_RECORD_OPENED=<file>` writes each link to that file, one a line, instead
//! of opening it.

use super::Arg;
use crate::domain::contact::{self, CallRef, ContactHow, Message};
use crate::domain::templates::{FilledMessage, MessageTemplates, TemplateInput, TemplateKey, TemplatesView};
use crate::error::{Error, Result};
use crate::state::AppState;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use tauri::{AppHandle, Manager, Runtime, State};

/// The environment variable that makes Mend write the links it would open to a file.
pub const RECORD_OPENED_ENV: &str = "MEND_RECORD_OPENED";

/// Where the links go: the system's handler, or (under test) a file that records each one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outbox {
    /// Opened with the system's program for the link (the opener plugin).
    System,
    /// Appended to this file, one link a line.
    Record(PathBuf),
}

impl Outbox {
    /// The system's handler, unless `MEND_RECORD_OPENED` names a file.
    pub fn from_env() -> Outbox {
        match std::env::var_os(RECORD_OPENED_ENV) {
            Some(path) if !path.is_empty() => Outbox::Record(PathBuf::from(path)),
            _ => Outbox::System,
        }
    }

    /// Opens `uri`, a link made by [`contact::contact_uri`].
    fn open<R: Runtime>(&self, app: &AppHandle<R>, uri: &str) -> Result<()> {
        if !contact::is_contact_uri(uri) {
            return Err(Error::Conflict("Mend opens only calls, texts and e-mails to your customers.".to_string()));
        }
        match self {
            Outbox::Record(path) => std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .and_then(|mut f| writeln!(f, "{uri}"))
                .map_err(|e| Error::Io(format!("can't record the link in {} ({e})", path.display()))),
            Outbox::System => {
                use tauri_plugin_opener::OpenerExt;
                let cant = |why: String| {
                    log::error!("The link {uri} was not opened: {why}");
                    Error::Conflict(
                        "Mend could not open your phone, messages or e-mail program. Use “Copy message” and paste \
                         it into the program you use."
                            .to_string(),
                    )
                };
                if app.try_state::<tauri_plugin_opener::Opener<R>>().is_none() {
                    return Err(cant("the opener plugin is not running".to_string()));
                }
                app.opener().open_url(uri, None::<&str>).map_err(|e| cant(e.to_string()))
            }
        }
    }
}

/// What was opened, for the line that says so.
#[derive(Debug, Serialize)]
pub struct Contacted {
    /// "call", "text" or "email".
    how: ContactHow,
    /// The number or address, as on the customer's card.
    to: String,
    /// The message sent along, when a text or e-mail carries one.
    message: Option<FilledMessage>,
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_message_templates(state: State<'_, AppState>) -> Result<TemplatesView> {
    state.with_store(|s| Ok(TemplatesView::of(&s.message_templates()?)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_message_templates(
    state: State<'_, AppState>,
    templates: Arg<Vec<TemplateInput>>,
) -> Result<TemplatesView> {
    state.with_store(|s| {
        let checked = MessageTemplates::validated(&templates, &s.message_templates()?)?;
        Ok(TemplatesView::of(&s.update_message_templates(&checked)?))
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn contact_message(
    state: State<'_, AppState>,
    customer_id: Arg<i64>,
    call: Arg<Option<CallRef>>,
    template: Arg<Option<String>>,
) -> Result<FilledMessage> {
    let template = TemplateKey::from_input(template.as_deref())?;
    state.with_store(|s| Ok(s.contact_message(*customer_id, *call, template)?.1))
}

/// Opens a call, a text or an e-mail to the customer; a text or e-mail about a line of the
/// call list (or with a template chosen) carries the filled-in message.
#[tauri::command(async, rename_all = "snake_case")]
pub fn contact_customer<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    outbox: State<'_, Outbox>,
    customer_id: Arg<i64>,
    how: Arg<String>,
    call: Arg<Option<CallRef>>,
    template: Arg<Option<String>>,
) -> Result<Contacted> {
    let how = ContactHow::from_input(&how)?;
    let template = TemplateKey::from_input(template.as_deref())?;
    let with_message = how.carries_message() && (call.is_some() || template.is_some());
    let (facts, message) = state.with_store(|s| {
        if with_message {
            let (facts, message) = s.contact_message(*customer_id, *call, template)?;
            Ok((facts, Some(message)))
        } else {
            Ok((s.contact_facts(*customer_id, *call)?, None))
        }
    })?;
    let text = message.as_ref().map(|m| Message { subject: &m.subject, body: &m.body });
    let uri = contact::contact_uri(how, facts.reach(), text)?;
    outbox.open(&app, &uri)?;
    let to = if how == ContactHow::Email { facts.email.clone() } else { facts.phone.clone() };
    Ok(Contacted { how, to, message })
}

#[cfg(test)]
mod tests {
    //! The contact commands through Tauri's IPC path, with the links recorded in a file.

    use super::Outbox;
    use crate::commands::handler;
    use crate::domain::clock::Clock;
    use crate::state::AppState;
    use serde_json::{json, Value};
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
    use tauri::webview::InvokeRequest;
    use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

    fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
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

    /// An app whose links go to `record`, with one customer per (name, phone, e-mail).
    fn app(
        dir: &std::path::Path,
        record: &std::path::Path,
        customers: &[(&str, &str, &str)],
    ) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>, Vec<i64>) {
        let app = mock_builder().invoke_handler(handler()).build(mock_context(noop_assets())).unwrap();
        app.manage(AppState::open(dir, Clock::system()));
        app.manage(Outbox::Record(record.to_path_buf()));
        let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        let ids = customers
            .iter()
            .map(|(name, phone, email)| {
                let input = json!({"name": name, "phone": phone, "email": email, "notes": "", "visits": "",
                                   "total_spend": "", "first_visit": "", "last_visit": "", "vip": false});
                invoke(&window, "create_customer", json!({ "input": input })).unwrap()["id"].as_i64().unwrap()
            })
            .collect();
        (app, window, ids)
    }

    fn opened(record: &std::path::Path) -> Vec<String> {
        std::fs::read_to_string(record).unwrap_or_default().lines().map(str::to_string).collect()
    }

    #[test]
    fn a_customer_without_a_phone_gets_a_plain_error_and_nothing_is_opened() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("opened.txt");
        let (_app, window, ids) = app(dir.path(), &record, &[("Bo Berg", "", "bo@example.com")]);
        for how in ["call", "text"] {
            let err = invoke(&window, "contact_customer", json!({"customer_id": ids[0], "how": how})).unwrap_err();
            assert_eq!(err["kind"], "invalid");
            let message = err["message"].as_str().unwrap();
            assert!(message.starts_with("There is no phone number to"), "{message}");
            assert!(message.contains("Bo Berg’s card"), "{message}");
        }
        let err = invoke(&window, "contact_customer", json!({"customer_id": 999, "how": "email"})).unwrap_err();
        assert_eq!(err["kind"], "not_found");
        let err = invoke(&window, "contact_customer", json!({"customer_id": ids[0], "how": "fax"})).unwrap_err();
        assert_eq!(err["fields"]["how"], "Please choose to call, text or e-mail the customer.");
        assert_eq!(opened(&record), Vec::<String>::new(), "nothing was opened");
    }

    #[test]
    fn calls_texts_and_emails_open_links_built_from_the_card() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("opened.txt");
        let (_app, window, ids) = app(dir.path(), &record, &[("Zoë Brandt", "+44 (0)20 7946 0958", "zoe@example.com")]);
        invoke(&window, "update_settings", json!({"input": {"business_name": "Salon Ana", "currency": "GBP"}}))
            .unwrap();
        let called = invoke(&window, "contact_customer", json!({"customer_id": ids[0], "how": "call"})).unwrap();
        assert_eq!(called["to"], "+44 (0)20 7946 0958");
        assert_eq!(called["message"], Value::Null);
        invoke(&window, "contact_customer", json!({"customer_id": ids[0], "how": "text"})).unwrap();
        let mailed = invoke(
            &window,
            "contact_customer",
            json!({"customer_id": ids[0], "how": "email", "template": "no_answer"}),
        )
        .unwrap();
        assert_eq!(mailed["message"]["subject"], "We tried to call you – Salon Ana");
        let links = opened(&record);
        assert_eq!(links[..2], ["tel:+442079460958", "sms:+442079460958"]);
        assert!(links[2].starts_with("mailto:zoe@example.com?subject=We%20tried"), "{}", links[2]);
        assert!(links[2].contains("Hello%20Zo%C3%AB%2C"), "{}", links[2]);

        let message =
            invoke(&window, "contact_message", json!({"customer_id": ids[0], "template": "apology"})).unwrap();
        assert_eq!(message["template"], "apology");
        assert!(message["body"].as_str().unwrap().contains("your last visit to Salon Ana."));
    }

    #[test]
    fn templates_are_saved_and_an_unknown_placeholder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("opened.txt");
        let (_app, window, _) = app(dir.path(), &record, &[]);
        let view = invoke(&window, "get_message_templates", json!({})).unwrap();
        assert_eq!(view["templates"][0]["label"], "Follow-up after a fix");
        assert_eq!(view["for_call"]["retry"], "no_answer");
        let templates = json!([{"key": "follow_up", "subject": "Hi", "body": "Hi {voornaam}"}]);
        let err = invoke(&window, "update_message_templates", json!({ "templates": templates })).unwrap_err();
        assert!(err["fields"]["follow_up.body"].as_str().unwrap().contains("“{voornaam}” is not something"));
        let templates = json!([{"key": "follow_up", "subject": "Hi", "body": "Hi {first_name} 😊"}]);
        let saved = invoke(&window, "update_message_templates", json!({ "templates": templates })).unwrap();
        assert_eq!(saved["templates"][0]["body"], "Hi {first_name} 😊");
        assert_eq!(saved["templates"][1]["body"], view["templates"][1]["body"], "the others are as they were");
    }
}
