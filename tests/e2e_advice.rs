//! The advisor in the real window: a fast apology never asks more of the shop, a recorded zero
//! is a fact, and "In similar cases here" and Insights' "Recovery that works" show the shop's own
//! history with the backend's counts.

mod common;

#[path = "e2e_advice/history.rs"]
mod history;
