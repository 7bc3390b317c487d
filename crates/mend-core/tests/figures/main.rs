//! The owner's figures: Insights checked row by row, and the query plans of every screen's
//! statements (no full scan of a large table). One binary, linked against the core alone.

mod insights;
mod query_plans;
