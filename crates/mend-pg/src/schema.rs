//! The shape of a shop's shared database, and creating it.
//!
//! `sql/schema.sql` mirrors the single file's current schema (its module doc
//! says where and why PostgreSQL differs). The data version is the same number
//! as the file's, so a shop at version N has the same tables on both engines;
//! a test fails when the file's schema gains a table, column or index that this
//! one lacks. Upgrades of a shared database will be version files beside it,
//! frozen as shipped, as for the file.

/// The data version `sql/schema.sql` creates (the file's `mend_core::db::schema::VERSION`).
pub const VERSION: i64 = 8;

/// The table holding the data version.
pub const VERSION_TABLE: &str = "mend_schema";

/// The extensions the schema uses: accent folding for search, and trigrams
/// for finding customers by any three characters. Both come with PostgreSQL's
/// contrib package.
pub const EXTENSIONS: [&str; 2] = ["unaccent", "pg_trgm"];

/// Counts the tables in the `public` schema, whoever owns them (the
/// information schema would show only those this user may read).
pub const COUNT_TABLES: &str = "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')";

/// The whole current schema.
pub const SCHEMA: &str = include_str!("sql/schema.sql");

/// Creates Mend's tables in `transaction` and records the data version. The
/// caller has checked the database is empty and commits (or not).
pub fn create(transaction: &mut postgres::Transaction<'_>, now: &str) -> Result<(), postgres::Error> {
    transaction.batch_execute(SCHEMA)?;
    transaction
        .execute(&format!("INSERT INTO {VERSION_TABLE} (version, applied_at) VALUES ($1, $2)"), &[&VERSION, &now])?;
    Ok(())
}
