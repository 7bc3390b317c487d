//! Mend on a shop's shared PostgreSQL server, without Tauri.
//!
//! When one laptop is not enough, a shop's data lives on an existing
//! PostgreSQL server (15 or newer) instead of the single file. This crate holds
//! what is particular to that server:
//! - [`connection`]: the connection details as typed in Settings, checked once;
//! - [`check`]: reaching the server, signing in, and saying in plain words what
//!   the database holds (empty, a Mend shop to join, or someone else's data);
//! - [`schema`]: the shared schema, the same tables as the file's;
//! - [`copy`]: a shop's file copied into an empty shared database in one
//!   transaction, and checked table by table;
//! - [`error`]: what can go wrong, in the same `{kind, message, fields}` shape
//!   as every other error the window gets.
//!
//! The single SQLite file stays Mend's default; nothing here runs unless a shop
//! asks for it.

pub mod check;
pub mod connection;
pub mod copy;
pub mod error;
pub mod schema;

pub use check::{check, connect, Contents, Report};
pub use connection::{Connection, ConnectionInput, Tls};
pub use error::Error;
