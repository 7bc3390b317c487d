//! The store: every read and write of Mend's data, behind one [`Store`].
//!
//! The modules, each using only those listed before it (a test in
//! `tests/store/layers.rs` fails on a circle or a step up):
//! - `base`: the [`Store`] and its connection, and what every table shares;
//! - table modules, one per table group, whose writes return ids: `staff`,
//!   `categories`, `settings`, `customers`, `playbooks`, `checklist`
//!   (an incident's steps, prevention actions and follow-up calls booked),
//!   `gestures`, `calls` (promises and calls ticked off), `incidents`,
//!   `merge` (possible duplicates, and two customer cards made one);
//! - page modules, read-only composition for a screen: `advice`,
//!   `incident_page`, `customer_card`, `today` (with the morning call list),
//!   `insights`, `ledger`;
//! - the files Mend reads and writes: `export` (CSV), `import` (customer CSV),
//!   `sample` (the sample shop), `backup`, and `plans` (query plans, for tests).
//!
//! Methods take checked domain values (never raw form text) and the current
//! time, so they are deterministic in tests. Changes that touch more than one
//! row run in one transaction. Callers never see a rusqlite type except
//! through [`Store::connection`], kept for tests and tools that inspect the file.

mod base;

mod calls;
mod categories;
mod checklist;
mod customers;
mod gestures;
mod incidents;
mod merge;
mod playbooks;
mod settings;
mod staff;

mod advice;
mod contact;
mod customer_card;
mod incident_page;
mod insights;
mod ledger;
mod today;

pub mod backup;
mod export;
mod import;
pub mod plans;
mod sample;

pub use advice::{AdviceFacts, AdvicePanel, CustomerValue, PriorProblem};
pub use base::{timestamp, NamedRef, Page, Store, MAX_PAGE};
pub use calls::{CallItem, CallList, Promise, Unhappy, FOLLOW_UP_QUESTION};
pub use categories::Category;
pub use checklist::{ChecklistStep, FollowUp, PreventionAction, Timings};
pub use contact::{CallFacts, ContactFacts};
pub use customer_card::CustomerCard;
pub use customers::{CustomerMatch, CustomerRow, CustomerView};
pub use export::{amount, neutralise, ExportKind};
pub use gestures::{CatalogueEntry, GivenGesture};
pub use import::{ImportReport, MatchedOn, MergedRow};
pub use incident_page::{CustomerContact, IncidentDetail, PlaybookRef};
pub use incidents::{EventView, IncidentRow};
pub use insights::{Amount, CategoryShare, Compared, Insights, RecoveryLine, Spread};
pub use ledger::{Ledger, LedgerLine};
pub use merge::{DuplicateCard, DuplicateList, DuplicatePair, MergePreview, MergeSide, MAX_DUPLICATES};
pub use playbooks::{PlaybookSummary, PlaybookView, StepView};
pub use sample::SampleReport;
pub use staff::StaffMember;
pub use today::Today;
