//! Mend's shared database against a real PostgreSQL server (tests/pg/server.rs
//! starts one per test from Debian's packages): the connection check, the
//! schema beside the file's, and a shop's file moved in.

mod server;

mod check;
mod copy;
mod schema;
