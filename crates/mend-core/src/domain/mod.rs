//! Mend's domain: the rules of service recovery, free of Tauri and of SQL.
//!
//! Everything here is plain Rust that takes values and returns values, so it
//! is tested directly and reused by the store, the commands and the tools.

pub mod advisor;
pub mod breakdown;
pub mod checklist;
pub mod clock;
pub mod contact;
pub mod customer;
pub mod customer_import;
pub mod duplicates;
pub mod gesture;
pub mod ics;
pub mod incident;
pub mod period;
pub mod playbook;
pub mod recovery;
pub mod rotation;
pub mod sample;
pub mod schedule;
pub mod settings;
pub mod templates;
pub mod tuning;
pub mod validate;
pub mod value;
