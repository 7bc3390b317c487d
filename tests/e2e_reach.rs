//! The shop's real systems in and the customer reached, end to end in the real window: vendor
//! customer exports imported with the preview naming what fed each field, a call's customer
//! reached in one click with a ready message, a promise moved honestly, and two cards of one
//! customer merged without losing history. One module per area, one binary.

mod common;

#[path = "e2e_reach/import.rs"]
mod import;

#[path = "e2e_reach/contact.rs"]
mod contact;

#[path = "e2e_reach/promises.rs"]
mod promises;

#[path = "e2e_reach/merge.rs"]
mod merge;
