//! Mend's rules and data, without Tauri or a webview: everything the app does
//! that can be tested without a window.
//!
//! The layers, each using only those before it:
//! - [`error`]: the one error type, with what the window is told in plain words;
//! - [`domain`]: the rules, plain Rust (every input check, the checklist's target
//!   times, the advisor, value tiers, follow-up scheduling, periods, the CSV
//!   customer import and the calendar file, the sample shop's generator);
//! - [`db`]: the SQLite file and its schema history;
//! - [`store`]: every query, table by table, and the pages composed from them;
//! - [`state`]: the open data of a running app (which file, the demo, backups);
//! - [`config`]: where the data lives and the switches that move it.

pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod state;
pub mod store;
