//! The store's rules and data through its public API, one module per area: incidents, the
//! checklist, the advisor and ledger, promises and calls, customer import, the calendar file and
//! the sample shop. One binary, linked against the core alone (no webview).

mod atonement;
mod calls;
mod checklist;
mod customer_import;
mod history;
mod ics;
mod incidents;
mod layers;
mod merge;
mod sample;
mod versions;
