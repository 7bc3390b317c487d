//! What the window sends, read by Mend instead of by Tauri.
//!
//! Tauri reads a command's arguments before the command runs, and answers a payload it can't
//! read (a missing argument, a number sent as text, an unknown choice) with its own bare
//! sentence ("invalid args `id` for command `get_customer`: invalid type: string …"). Every
//! argument the window sends is therefore an [`Arg`]: it reads the value the same way, but a
//! value it can't read becomes a Mend error, `{kind: "invalid", message, fields: {<argument>:
//! message}}`, in plain words, before the command runs and so before anything is changed. The
//! technical reason goes to the log.
//!
//! Arguments Tauri fills in itself (`State`, `AppHandle`) stay as they are; a test in
//! `commands/mod.rs` checks that every other argument of every command is an `Arg`.

use crate::error::Error;
use serde::Deserialize;
use std::ops::Deref;
use tauri::ipc::{CommandArg, CommandItem, InvokeError};
use tauri::Runtime;

/// One argument of a command as the window sent it, read into `T`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg<T>(pub T);

impl<T> Deref for Arg<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// The words the window gets for an argument that could not be read: it is never something
/// the person typed wrongly (the screens send text, and the checks of what was typed come
/// later, field by field), so it says that nothing changed and how to go on.
pub const UNREADABLE: &str = "Mend could not read what this screen sent, so nothing was changed. Please open the \
                              screen again and retry; if it keeps happening, restart Mend.";

/// The error for argument `key` of `command` that could not be read (`why` goes to the log).
pub fn unreadable(command: &str, key: &str, why: &dyn std::fmt::Display) -> Error {
    // The reason quotes what was sent, which may be megabytes: the log keeps its start.
    let why: String = why.to_string().chars().take(300).collect();
    log::warn!("the window sent {command} an argument {key} that can't be read: {why}");
    Error::field(key, UNREADABLE)
}

impl<'de, T: Deserialize<'de>, R: Runtime> CommandArg<'de, R> for Arg<T> {
    fn from_command(item: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        let (command, key) = (item.name, item.key);
        T::deserialize(item).map(Arg).map_err(|why| {
            let err = unreadable(command, key, &why);
            InvokeError(serde_json::to_value(err.for_ui()).unwrap_or_default())
        })
    }
}
