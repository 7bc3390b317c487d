//! The `categories` table: the owner's list of what goes wrong.

use super::base::Store;
use crate::domain::validate;
use crate::error::{Error, Result};
use rusqlite::OptionalExtension;
use serde::Serialize;

/// A complaint category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    /// Row id.
    pub id: i64,
    /// Name as shown.
    pub name: String,
    /// Retired categories stay on old incidents but leave the pickers.
    pub active: bool,
}

impl Store {
    /// Categories in display order; retired ones only when asked.
    pub fn list_categories(&self, include_inactive: bool) -> Result<Vec<Category>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, active FROM categories WHERE active = 1 OR ?1 ORDER BY position, id")?;
        let rows =
            stmt.query_map([include_inactive], |r| Ok(Category { id: r.get(0)?, name: r.get(1)?, active: r.get(2)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a category at the end of the list.
    pub fn add_category(&mut self, name: &str) -> Result<Category> {
        let name = validate::required_name(name, "category name").map_err(|m| Error::field("name", m))?;
        self.ensure_category_name_free(&name, None)?;
        self.conn.execute(
            "INSERT INTO categories (name, position)
             VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM categories))",
            [&name],
        )?;
        self.category(self.conn.last_insert_rowid())
    }

    /// Renames a category (old incidents show the new name).
    pub fn rename_category(&mut self, id: i64, name: &str) -> Result<Category> {
        let name = validate::required_name(name, "category name").map_err(|m| Error::field("name", m))?;
        self.category(id)?;
        self.ensure_category_name_free(&name, Some(id))?;
        self.conn.execute("UPDATE categories SET name = ?1 WHERE id = ?2", (&name, id))?;
        self.category(id)
    }

    /// Retires or brings back a category.
    pub fn set_category_active(&mut self, id: i64, active: bool) -> Result<Category> {
        self.category(id)?;
        self.conn.execute("UPDATE categories SET active = ?1 WHERE id = ?2", (active, id))?;
        self.category(id)
    }

    /// One category by id.
    pub fn category(&self, id: i64) -> Result<Category> {
        self.conn
            .query_row("SELECT id, name, active FROM categories WHERE id = ?1", [id], |r| {
                Ok(Category { id: r.get(0)?, name: r.get(1)?, active: r.get(2)? })
            })
            .optional()?
            .ok_or_else(|| Error::NotFound("That category no longer exists.".to_string()))
    }

    fn ensure_category_name_free(&self, name: &str, except: Option<i64>) -> Result<()> {
        let taken: Option<i64> = self
            .conn
            .query_row("SELECT id FROM categories WHERE name = ?1 AND id IS NOT ?2", (name, except), |r| r.get(0))
            .optional()?;
        match taken {
            Some(_) => Err(Error::field("name", format!("There is already a category called {name}."))),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_seeded_in_order() {
        let store = Store::open_in_memory().unwrap();
        let names: Vec<_> = store.list_categories(false).unwrap().into_iter().map(|c| c.name).collect();
        assert_eq!(names, crate::db::schema::DEFAULT_CATEGORIES);
    }

    #[test]
    fn added_category_goes_last_and_retired_ones_hide() {
        let mut store = Store::open_in_memory().unwrap();
        let c = store.add_category("Noise").unwrap();
        assert_eq!(store.list_categories(false).unwrap().last().unwrap().name, "Noise");
        store.set_category_active(c.id, false).unwrap();
        assert!(store.list_categories(false).unwrap().iter().all(|x| x.name != "Noise"));
    }

    #[test]
    fn duplicate_category() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.add_category("billing").unwrap_err().kind(), "invalid");
    }
}
