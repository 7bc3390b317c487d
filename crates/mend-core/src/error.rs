//! The one error type of Mend, and how it reaches the person using it.
//!
//! Every failure a user can meet is one of these kinds, each with a message in
//! plain words that says what to do next. Inside Mend an error keeps what
//! caused it (the SQLite error, as its [`source`](std::error::Error::source),
//! or the file problem in its own words), for the log; that text is never part
//! of the message.
//!
//! The error is turned into what the window receives in one place,
//! [`Error::for_ui`]:
//! `{ "kind": "...", "message": "...", "fields": { "<input>": "<message>" } }`,
//! where `fields` points at the inputs to fix (empty when the problem is not
//! about an input). Serialising an `Error`, which is how Tauri answers a
//! command that failed, goes through it, and so does the error shown at start.
//! It also logs the error with its causes through the `log` facade (the app
//! writes the log to `mend.log` in the data folder): a mistake in what was
//! typed at `info`, anything else at `error`.

use serde::ser::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// Messages for inputs, keyed by the input's name as the UI knows it.
pub type FieldErrors = BTreeMap<String, String>;

/// What caused a failure inside Mend (a SQLite error, say): kept for the log,
/// never shown. Cheap to clone, so an error can be kept and reported again.
#[derive(Clone)]
pub struct Cause(Arc<dyn std::error::Error + Send + Sync>);

/// A cause described in words, where there is no error value to keep.
#[derive(Debug)]
struct Described(String);

impl fmt::Display for Described {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Described {}

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Cause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl From<rusqlite::Error> for Cause {
    fn from(err: rusqlite::Error) -> Self {
        Cause(Arc::new(err))
    }
}

impl From<String> for Cause {
    fn from(text: String) -> Self {
        Cause(Arc::new(Described(text)))
    }
}

impl From<&str> for Cause {
    fn from(text: &str) -> Self {
        Cause::from(text.to_string())
    }
}

/// Everything that can go wrong in Mend.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// The user typed something we can't accept; nothing was saved.
    #[error("{}", first_message(.0))]
    Invalid(FieldErrors),

    /// The thing asked for no longer exists (or never did).
    #[error("{0}")]
    NotFound(String),

    /// The request clashes with what is already saved (a duplicate name, say).
    #[error("{0}")]
    Conflict(String),

    /// The form was loaded before someone else (another window, another
    /// computer) saved a change to the same record, so it was not saved: the
    /// message says when and what changed, `fields` puts the value saved
    /// meanwhile beside each input that differs. Built by [`Error::stale`].
    #[error("{message}")]
    Stale {
        /// When it was changed and what to do, in plain words.
        message: String,
        /// What was saved meanwhile, keyed by input.
        fields: FieldErrors,
    },

    /// The database was written by a newer Mend; we leave it untouched.
    #[error(
        "This data was saved by a newer version of Mend (data version {found}, this app understands up to {supported}). \
         Install the latest Mend to open it; nothing has been changed."
    )]
    NewerDatabase {
        /// The schema version found in the file.
        found: i64,
        /// The newest schema version this build knows.
        supported: i64,
    },

    /// The file is not a Mend database, or it is damaged.
    #[error("Mend can't use the file {path}: {reason}. The file has been left as it is.")]
    Unreadable {
        /// Where the file is.
        path: String,
        /// Why, in plain words.
        reason: String,
    },

    /// Another program (or another Mend window) holds the data file.
    #[error("The data file is busy: another Mend window may be saving. Please try again in a moment.")]
    Busy,

    /// The disk (or the drive holding the data folder or the backup) is full;
    /// nothing was written, what was saved before is intact.
    #[error(
        "The disk is full, so Mend could not save this. Nothing was lost: free some space on this computer \
         (empty the bin, or delete files you no longer need), then save again."
    )]
    DiskFull(#[source] Cause),

    /// SQLite found damage in the data file while using it. The app then
    /// treats the file as it does a damaged one at start: it offers the newest
    /// good automatic copy.
    #[error(
        "Mend found damage in its data file, so this could not be saved or shown. Mend keeps good copies of your \
         data: choose “See the good copy” or start Mend again, and it offers to put the newest one back."
    )]
    Damaged(#[source] Cause),

    /// The data folder can't be used: gone (a USB stick pulled, the folder
    /// deleted) or not writable. Nothing is written anywhere else instead.
    #[error(
        "Mend can't use its data folder {path}: {reason}. Check that the folder, or the drive it is on, is \
         connected and that you may change files in it, then start Mend again. Nothing was written anywhere else."
    )]
    FolderUnavailable {
        /// The data folder.
        path: String,
        /// Why, in plain words.
        reason: String,
    },

    /// Another Mend is already open on the same data folder.
    #[error(
        "Mend is already open on this computer, in another window. Please use that window (look for Mend in \
         the taskbar); this one can be closed. Nothing has been changed."
    )]
    AlreadyOpen,

    /// Any other database failure: a bug or a broken disk. The SQLite error is
    /// the source, for the log.
    #[error("Mend could not save or read its data. Please try again; if it keeps happening, restart Mend.")]
    Database(#[source] Cause),

    /// Reading or writing a file failed; the text says which file and why, for
    /// the log.
    #[error(
        "Mend could not read or write a file. Check that the file or folder is still there and that you may use it, \
         then try again."
    )]
    Io(String),
}

fn first_message(fields: &FieldErrors) -> String {
    fields.values().next().cloned().unwrap_or_else(|| "Please check what you typed.".to_string())
}

/// What the window receives for an error: `{kind, message, fields}`, all in
/// plain words.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UiError {
    /// The machine-readable kind the UI switches on.
    pub kind: &'static str,
    /// What happened and what to do next.
    pub message: String,
    /// Messages for the inputs to fix; empty when the problem is not about an input.
    pub fields: FieldErrors,
}

impl Error {
    /// The machine-readable kind the UI switches on.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::Stale { .. } => "stale",
            Error::NewerDatabase { .. } => "newer_database",
            Error::Unreadable { .. } => "unreadable",
            Error::Busy => "busy",
            Error::DiskFull(_) => "disk_full",
            Error::Damaged(_) => "damaged",
            Error::FolderUnavailable { .. } => "folder_unavailable",
            Error::AlreadyOpen => "already_open",
            Error::Database(_) => "database",
            Error::Io(_) => "io",
        }
    }

    /// An `Invalid` error about one input.
    pub fn field(name: &str, message: impl Into<String>) -> Self {
        let mut fields = FieldErrors::new();
        fields.insert(name.to_string(), message.into());
        Error::Invalid(fields)
    }

    /// A stale save of `what` ("incident", "customer card", "playbook"),
    /// changed by someone else at `at` (local time as shown): `changed` is each
    /// differing input as (input, its name in words, the value saved now).
    pub fn stale(what: &str, at: &str, changed: &[(&str, &str, String)]) -> Self {
        let names: Vec<&str> = changed.iter().map(|(_, name, _)| *name).collect();
        let which = match names.split_last() {
            None => String::new(),
            Some((last, [])) => format!("; what is saved now differs from your form in {last}"),
            Some((last, rest)) => {
                format!("; what is saved now differs from your form in {} and {last}", rest.join(", "))
            }
        };
        let message = format!(
            "Someone else changed this {what} at {at}{which}. Your text is still in the form; look at what is saved \
             now (shown beside each field) and save again."
        );
        let fields = changed.iter().map(|(key, _, now)| (key.to_string(), format!("Saved now: {now}"))).collect();
        Error::Stale { message, fields }
    }

    /// Everything known about the error, for the log: its kind and message,
    /// the inputs it is about, and each of its causes in turn.
    pub fn details(&self) -> String {
        let mut text = format!("{}: {self}", self.kind());
        match self {
            Error::Invalid(fields) => {
                let names: Vec<&str> = fields.keys().map(String::as_str).collect();
                text.push_str(&format!(" (inputs: {})", names.join(", ")));
            }
            Error::Io(what) => text.push_str(&format!(" (because: {what})")),
            _ => {}
        }
        let mut cause = std::error::Error::source(self);
        while let Some(err) = cause {
            text.push_str(&format!(" (because: {err})"));
            cause = err.source();
        }
        text
    }

    /// What the window receives for this error; logs it with its causes.
    pub fn for_ui(&self) -> UiError {
        match self {
            Error::Invalid(_) | Error::NotFound(_) | Error::Conflict(_) | Error::Stale { .. } => {
                log::info!("{}", self.details())
            }
            _ => log::error!("{}", self.details()),
        }
        let fields = match self {
            Error::Invalid(fields) | Error::Stale { fields, .. } => fields.clone(),
            _ => FieldErrors::new(),
        };
        UiError { kind: self.kind(), message: self.to_string(), fields }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        match &err {
            rusqlite::Error::SqliteFailure(e, _)
                if matches!(e.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) =>
            {
                Error::Busy
            }
            rusqlite::Error::QueryReturnedNoRows => Error::NotFound("That record no longer exists.".to_string()),
            rusqlite::Error::SqliteFailure(e, _) if e.code == ErrorCode::DiskFull => Error::DiskFull(err.into()),
            rusqlite::Error::SqliteFailure(e, _)
                if matches!(e.code, ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) =>
            {
                Error::Damaged(err.into())
            }
            _ => Error::Database(err.into()),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        if is_disk_full(&err) {
            Error::DiskFull(Cause::from(err.to_string()))
        } else {
            Error::Io(err.to_string())
        }
    }
}

/// Whether a file operation failed because the disk is full (`ENOSPC`).
fn is_disk_full(err: &std::io::Error) -> bool {
    err.kind() == std::io::ErrorKind::StorageFull || (cfg!(unix) && err.raw_os_error() == Some(28))
}

impl Error {
    /// A failed file operation on `what` ("can't write /x/y.db"): a full disk
    /// is [`Error::DiskFull`], anything else [`Error::Io`] with the system's
    /// reason kept for the log.
    pub fn io(what: impl fmt::Display, err: std::io::Error) -> Self {
        if is_disk_full(&err) {
            Error::DiskFull(Cause::from(format!("{what}: {err}")))
        } else {
            Error::Io(format!("{what} ({err})"))
        }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.for_ui().serialize(serializer)
    }
}

/// Mend's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A real SQLite failure that is neither "busy" nor "no rows".
    fn sqlite_failure() -> rusqlite::Error {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute("INSERT INTO nowhere VALUES (1)", []).unwrap_err()
    }

    mod serialize {
        use super::*;

        #[test]
        fn invalid_lists_fields_and_leads_with_first_message() {
            let mut fields = FieldErrors::new();
            fields.insert("severity".into(), "Choose a severity from 1 to 5.".into());
            let value = serde_json::to_value(Error::Invalid(fields)).unwrap();
            assert_eq!(
                value,
                json!({
                    "kind": "invalid",
                    "message": "Choose a severity from 1 to 5.",
                    "fields": { "severity": "Choose a severity from 1 to 5." }
                })
            );
        }

        #[test]
        fn a_stale_save_says_when_and_what_changed_and_puts_the_saved_value_beside_each_input() {
            let changed =
                [("description", "what happened", "“Dye patchy”".to_string()), ("severity", "severity", "4".into())];
            let value = serde_json::to_value(Error::stale("incident", "10:42", &changed)).unwrap();
            assert_eq!(
                value,
                json!({
                    "kind": "stale",
                    "message": "Someone else changed this incident at 10:42; what is saved now differs from your form \
                                in what happened and severity. Your text is still in the form; look at what is saved \
                                now (shown beside each field) and save again.",
                    "fields": {
                        "description": "Saved now: “Dye patchy”",
                        "severity": "Saved now: 4"
                    }
                })
            );
        }

        #[test]
        fn newer_database_has_plain_message_and_no_fields() {
            let value = serde_json::to_value(Error::NewerDatabase { found: 9, supported: 1 }).unwrap();
            assert_eq!(value["kind"], "newer_database");
            assert_eq!(value["fields"], json!({}));
            let message = value["message"].as_str().unwrap();
            assert!(message.contains("newer version of Mend"), "{message}");
            assert!(message.contains("nothing has been changed"), "{message}");
        }

        #[test]
        fn not_found_from_no_rows() {
            let err: Error = rusqlite::Error::QueryReturnedNoRows.into();
            let value = serde_json::to_value(err).unwrap();
            assert_eq!(value["kind"], "not_found");
        }

        #[test]
        fn a_database_error_is_plain_words_without_sqlite_text() {
            let value = serde_json::to_value(Error::from(sqlite_failure())).unwrap();
            assert_eq!(
                value,
                json!({
                    "kind": "database",
                    "message": "Mend could not save or read its data. Please try again; if it keeps happening, restart Mend.",
                    "fields": {}
                })
            );
        }

        #[test]
        fn a_file_error_is_plain_words_without_the_system_text() {
            let io = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "Permission denied (os error 13)");
            for err in [Error::from(io), Error::Io("can't write /home/ana/x.csv (os error 28)".into())] {
                let value = serde_json::to_value(&err).unwrap();
                assert_eq!(value["kind"], "io");
                let message = value["message"].as_str().unwrap();
                assert!(!message.contains("os error") && !message.contains("/home"), "{message}");
                assert!(message.contains("try again"), "{message}");
            }
        }
    }

    mod cause {
        use super::*;

        #[test]
        fn a_database_error_keeps_the_sqlite_error_as_its_source() {
            let err = Error::from(sqlite_failure());
            let source = std::error::Error::source(&err).expect("a source");
            assert!(source.to_string().contains("no such table: nowhere"), "{source}");
            let kept = err.clone();
            assert!(kept.details().contains("no such table: nowhere"), "{}", kept.details());
        }

        #[test]
        fn details_name_the_kind_the_message_and_every_cause() {
            let details = Error::from(sqlite_failure()).details();
            assert!(details.starts_with("database: Mend could not save or read its data."), "{details}");
            assert!(details.contains("(because: no such table: nowhere"), "{details}");
            let io = Error::Io("can't write /tmp/x.csv (disk full)".into()).details();
            assert!(io.ends_with("(because: can't write /tmp/x.csv (disk full))"), "{io}");
            assert!(Error::field("name", "Please enter a name.").details().ends_with("(inputs: name)"));
            assert_eq!(Error::Database("no database is open".into()).details().matches("because").count(), 1);
        }
    }
}
