//! The one error type of Mend, and how it reaches the UI.
//!
//! Every failure a user can meet is one of these kinds, each with a message in
//! plain words that says what to do next. The UI receives them as
//! `{ "kind": "...", "message": "...", "fields": { "<input>": "<message>" } }`,
//! where `fields` points at the inputs to fix (empty when the problem is not
//! about an input).

use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::collections::BTreeMap;

/// Messages for inputs, keyed by the input's name as the UI knows it.
pub type FieldErrors = BTreeMap<String, String>;

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
        /// What SQLite said, in plain words where we can.
        reason: String,
    },

    /// Another program (or another Mend window) holds the data file.
    #[error("The data file is busy: another Mend window may be saving. Please try again in a moment.")]
    Busy,

    /// Any other database failure: a bug or a broken disk.
    #[error("Mend could not save or read its data ({0}). Please try again; if it keeps happening, restart Mend.")]
    Database(String),

    /// Reading or writing a file failed.
    #[error("Mend could not use a file: {0}")]
    Io(String),
}

fn first_message(fields: &FieldErrors) -> String {
    fields.values().next().cloned().unwrap_or_else(|| "Please check what you typed.".to_string())
}

impl Error {
    /// The machine-readable kind the UI switches on.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::NewerDatabase { .. } => "newer_database",
            Error::Unreadable { .. } => "unreadable",
            Error::Busy => "busy",
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
            _ => Error::Database(err.to_string()),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        Error::Io(err.to_string())
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 3)?;
        s.serialize_field("kind", self.kind())?;
        s.serialize_field("message", &self.to_string())?;
        match self {
            Error::Invalid(fields) => s.serialize_field("fields", fields)?,
            _ => s.serialize_field("fields", &FieldErrors::new())?,
        }
        s.end()
    }
}

/// Mend's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
    }
}
