//! What can go wrong between Mend and a shop's PostgreSQL server, in plain
//! words.
//!
//! Each variant is one situation an owner (or the IT helper they call) can act
//! on; the message says what to do. What PostgreSQL or the network said is kept
//! as the source, for the log, and never shown. [`Error::for_ui`] gives the
//! same `{kind, message, fields}` shape as every other error the window gets.

use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Messages for inputs, keyed by the input's name as the form knows it.
pub type FieldErrors = BTreeMap<String, String>;

type Source = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Something typed in the connection form can't be right; nothing was tried.
    #[error("{}", .0.values().next().map(String::as_str).unwrap_or("Please check the connection details."))]
    Invalid(FieldErrors),

    /// The server's name doesn't lead anywhere.
    #[error(
        "Mend can't find a server called {host}. Check the spelling, and that this computer is on the shop's network."
    )]
    UnknownHost { host: String, source: std::io::Error },

    /// The server exists but nothing listens on that port (or a firewall says no).
    #[error(
        "{host} refused the connection on port {port}. Check the port (usually 5432) and that PostgreSQL is running \
         and accepts connections from other computers."
    )]
    Refused { host: String, port: u16, source: std::io::Error },

    /// Nothing answered in time.
    #[error(
        "{host} did not answer within {seconds} seconds. Check that this computer is on the shop's network and that \
         the server is switched on."
    )]
    Timeout { host: String, seconds: u64 },

    /// Encryption is on but the server doesn't offer it.
    #[error(
        "The server does not accept encrypted connections. Ask whoever runs it to switch TLS on (ssl = on in \
         postgresql.conf). Only on a network you trust, switch off \"Encrypt the connection\"."
    )]
    TlsRefused,

    /// The encrypted connection could not be set up.
    #[error("The encrypted connection to the server could not be set up. Ask whoever runs the server to check its certificate.")]
    TlsFailed { source: Source },

    /// The user name or password was not accepted.
    #[error("The server did not accept the user name or password. Check both, and try again.")]
    SignInRefused { source: postgres::Error },

    /// The server has no rule letting this user in from this computer.
    #[error(
        "The server does not let {user} connect from this computer. Ask whoever runs it to allow it (pg_hba.conf)."
    )]
    NotAllowed { user: String, source: postgres::Error },

    /// The database named doesn't exist on the server.
    #[error("The server has no database called {database}. Check the name, or ask whoever runs it to create it.")]
    NoDatabase { database: String, source: postgres::Error },

    /// An older PostgreSQL than Mend needs.
    #[error("This server runs PostgreSQL {version}; Mend needs version 15 or newer. Ask whoever runs it to upgrade.")]
    TooOld { version: String },

    /// The database belongs to a newer Mend.
    #[error(
        "This shop's shared data was saved by a newer version of Mend (data version {found}, this app understands \
         up to {supported}). Install the latest Mend on this computer; nothing has been changed."
    )]
    NewerShop { found: i64, supported: i64 },

    /// A move into a database that already holds tables.
    #[error(
        "The shared database is no longer empty ({tables} tables): another computer may have moved its data there \
         first. Check the connection again; this computer can join that shop instead. Nothing was copied."
    )]
    NotEmpty { tables: i64 },

    /// The move found something it can't carry across, or the two sides disagreed; nothing was kept there.
    #[error(
        "Mend could not move this computer's data: {reason}. Nothing was kept on the server, and the data on this \
         computer is untouched."
    )]
    Unmovable { reason: String },

    /// The connection was lost in the middle of a move or a save.
    #[error(
        "The connection to the shared database was lost. Nothing was half-saved there, and nothing on this computer \
         has changed; try again once the server can be reached."
    )]
    Lost { source: std::io::Error },

    /// This computer's file could not be read for the move.
    #[error("Mend could not read this computer's data file for the move. Nothing was copied; the file is untouched.")]
    File { source: rusqlite::Error },

    /// Any other answer from the server.
    #[error("The shared database answered with an error. Please try again; if it keeps happening, tell whoever runs the server.")]
    Server { source: postgres::Error },
}

impl Error {
    /// The kind the window sees, one word per situation.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::UnknownHost { .. } => "unknown_host",
            Error::Refused { .. } => "refused",
            Error::Timeout { .. } => "timeout",
            Error::TlsRefused => "tls_refused",
            Error::TlsFailed { .. } => "tls_failed",
            Error::SignInRefused { .. } => "sign_in_refused",
            Error::NotAllowed { .. } => "not_allowed",
            Error::NoDatabase { .. } => "no_database",
            Error::TooOld { .. } => "too_old",
            Error::NewerShop { .. } => "newer_shop",
            Error::NotEmpty { .. } => "not_empty",
            Error::Unmovable { .. } => "unmovable",
            Error::Lost { .. } => "lost",
            Error::File { .. } => "file",
            Error::Server { .. } => "server",
        }
    }

    /// The fields of the connection form this error points at.
    fn fields(&self) -> FieldErrors {
        let message = self.to_string();
        let at = |name: &str| FieldErrors::from([(name.to_string(), message.clone())]);
        match self {
            Error::Invalid(fields) => fields.clone(),
            Error::UnknownHost { .. } => at("host"),
            Error::Refused { .. } => at("port"),
            Error::SignInRefused { .. } => at("password"),
            Error::NoDatabase { .. } => at("database"),
            Error::TlsRefused => at("encrypt"),
            _ => FieldErrors::new(),
        }
    }

    /// What the window receives: `{kind, message, fields}`.
    pub fn for_ui(&self) -> Value {
        json!({ "kind": self.kind(), "message": self.to_string(), "fields": self.fields() })
    }

    /// The error from the server, classified by its SQLSTATE.
    pub(crate) fn from_server(err: postgres::Error, user: &str, database: &str) -> Error {
        use postgres::error::SqlState;
        match err.code() {
            Some(code) if *code == SqlState::INVALID_PASSWORD => Error::SignInRefused { source: err },
            Some(code) if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION => {
                Error::NotAllowed { user: user.to_string(), source: err }
            }
            Some(code) if *code == SqlState::INVALID_CATALOG_NAME => {
                Error::NoDatabase { database: database.to_string(), source: err }
            }
            _ => Error::Server { source: err },
        }
    }
}
