//! Promises (made, kept, broken or moved to a new time) and follow-up calls:
//! on the incident page, on Today's call list, the follow-up defaults in
//! Settings, the calendar export and the desktop reminders.

use super::Arg;
use crate::domain::recovery::{self, CallInput, MovePromiseInput, PromiseInput};
use crate::domain::schedule::FollowUpRules;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::IncidentDetail;
use chrono::Local;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_notification::NotificationExt;

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_promise(
    state: State<'_, AppState>,
    incident_id: Arg<i64>,
    input: Arg<PromiseInput>,
    actor: Arg<Option<i64>>,
) -> Result<IncidentDetail> {
    let now = state.clock().now();
    let promise = input.validated(now, &Local)?;
    state.with_store(|s| {
        s.add_promise(*incident_id, &promise, *actor, now, &Local)?;
        s.incident(*incident_id, now, &Local)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn close_promise(
    state: State<'_, AppState>,
    promise_id: Arg<i64>,
    kept: Arg<bool>,
    reason: Arg<String>,
    actor: Arg<Option<i64>>,
) -> Result<IncidentDetail> {
    let broken = if *kept { None } else { Some(recovery::broken_reason(&reason)?) };
    let now = state.clock().now();
    state.with_store(|s| {
        let incident_id = s.close_promise(*promise_id, broken.as_ref(), *actor, now)?;
        s.incident(incident_id, now, &Local)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn move_promise(
    state: State<'_, AppState>,
    promise_id: Arg<i64>,
    input: Arg<MovePromiseInput>,
    actor: Arg<Option<i64>>,
) -> Result<IncidentDetail> {
    let now = state.clock().now();
    let fields = input.validated(now, &Local)?;
    state.with_store(|s| {
        let incident_id = s.move_promise(*promise_id, &fields, *actor, now, &Local)?;
        s.incident(incident_id, now, &Local)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn log_call(
    state: State<'_, AppState>,
    follow_up_id: Arg<i64>,
    input: Arg<CallInput>,
    actor: Arg<Option<i64>>,
) -> Result<IncidentDetail> {
    let now = state.clock().now();
    let call = input.validated(now, &Local)?;
    state.with_store(|s| {
        let incident_id = s.log_call(*follow_up_id, &call, *actor, now, &Local)?;
        s.incident(incident_id, now, &Local)
    })
}

/// The follow-up defaults and whether reminders are on.
#[derive(Serialize)]
pub struct FollowUpSettings {
    rules: FollowUpRules,
    notifications: bool,
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_follow_up_settings(state: State<'_, AppState>) -> Result<FollowUpSettings> {
    state
        .with_store(|s| Ok(FollowUpSettings { rules: s.follow_up_rules()?, notifications: s.notifications_enabled()? }))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_follow_up_settings(
    state: State<'_, AppState>,
    rules: Arg<FollowUpRules>,
    notifications: Arg<bool>,
) -> Result<FollowUpSettings> {
    state.with_store(|s| {
        let rules = s.update_follow_up_rules(&rules)?;
        Ok(FollowUpSettings { rules, notifications: s.set_notifications_enabled(*notifications)? })
    })
}

/// Asks where to save the calendar (tests answer with `MEND_SAVE_FILE`),
/// writes it, and returns the path; `None` when the user cancels.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_calendar<R: Runtime>(app: AppHandle<R>) -> Result<Option<String>> {
    let path = super::dialogs::save_path(
        &app,
        "Save follow-ups as a calendar file",
        "mend-follow-ups.ics",
        ("Calendar file", &["ics"]),
    )
    .await;
    let Some(path) = path else { return Ok(None) };
    let state = app.state::<AppState>();
    let now = state.clock().now();
    let text = state.with_store(|s| {
        let name = s.settings()?.business_name;
        s.calendar_export(&name, now)
    })?;
    std::fs::write(&path, text).map_err(|e| Error::Io(format!("can't write {} ({e})", path.display())))?;
    Ok(Some(path.display().to_string()))
}

/// Called by the window every minute: shows a desktop notification for each
/// follow-up or promise that became due since the last call. Where no
/// notification service runs, the plugin drops the message and Mend goes on.
#[tauri::command(async, rename_all = "snake_case")]
pub fn notify_due<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Result<usize> {
    let now = state.clock().now();
    let due = state.with_store(|s| {
        if !s.notifications_enabled()? {
            return Ok(Vec::new());
        }
        Ok(s.call_list(now, &Local)?.items)
    })?;
    let fresh = state.take_unnotified(
        due.iter()
            .filter(|i| chrono::DateTime::parse_from_rfc3339(&i.due_at).map(|d| d <= now).unwrap_or(false))
            .map(|i| format!("{}-{}", i.kind, i.id))
            .collect(),
    );
    let mut shown = 0;
    for item in due.iter().filter(|i| fresh.contains(&format!("{}-{}", i.kind, i.id))) {
        let (title, body) = if item.kind == "promise" {
            (format!("Promise due: {}", item.customer_name), item.promised.clone().unwrap_or_default())
        } else {
            (format!("Follow-up call due: {}", item.customer_name), format!("{} {}", item.phone, item.summary))
        };
        if app.notification().builder().title(title).body(body).show().is_ok() {
            shown += 1;
        }
    }
    Ok(shown)
}
