//! Mend under bad input and faults, end to end in the real window: a damaged or emptied data file
//! offered its backup, the window's requests answered in one shape and kept on Mend's own pages,
//! hostile text shown as text on every screen, and two editors of one incident kept from
//! overwriting each other. One module per area, one binary.

mod common;

#[path = "e2e_hostile/faults.rs"]
mod faults;

#[path = "e2e_hostile/boundary.rs"]
mod boundary;

#[path = "e2e_hostile/screens.rs"]
mod screens;
