//! The `staff` table: the names people pick so the log shows who did what.

use super::base::Store;
use crate::domain::validate;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;

/// A member of staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaffMember {
    /// Row id.
    pub id: i64,
    /// Name as shown in pickers.
    pub name: String,
    /// Inactive staff stay in the history but leave the pickers.
    pub active: bool,
}

impl Store {
    /// Staff sorted by name; inactive ones only when asked.
    pub fn list_staff(&self, include_inactive: bool) -> Result<Vec<StaffMember>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT id, name, active FROM staff WHERE active = 1 OR ?1 ORDER BY name, id")?;
        let rows = stmt
            .query_map([include_inactive], |r| Ok(StaffMember { id: r.get(0)?, name: r.get(1)?, active: r.get(2)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a staff member; names are unique regardless of case.
    pub fn add_staff(&mut self, name: &str, now: DateTime<Utc>) -> Result<StaffMember> {
        let name = validate::required_name(name, "name").map_err(|m| Error::field("name", m))?;
        self.ensure_staff_name_free(&name, None)?;
        self.conn.execute("INSERT INTO staff (name, created_at) VALUES (?1, ?2)", (&name, super::timestamp(now)))?;
        self.staff_member(self.conn.last_insert_rowid())
    }

    /// Renames a staff member.
    pub fn rename_staff(&mut self, id: i64, name: &str) -> Result<StaffMember> {
        let name = validate::required_name(name, "name").map_err(|m| Error::field("name", m))?;
        self.staff_member(id)?;
        self.ensure_staff_name_free(&name, Some(id))?;
        self.conn.execute("UPDATE staff SET name = ?1 WHERE id = ?2", (&name, id))?;
        self.staff_member(id)
    }

    /// Retires or brings back a staff member.
    pub fn set_staff_active(&mut self, id: i64, active: bool) -> Result<StaffMember> {
        self.staff_member(id)?;
        self.conn.execute("UPDATE staff SET active = ?1 WHERE id = ?2", (active, id))?;
        self.staff_member(id)
    }

    /// One staff member by id.
    pub fn staff_member(&self, id: i64) -> Result<StaffMember> {
        self.conn
            .query_row("SELECT id, name, active FROM staff WHERE id = ?1", [id], |r| {
                Ok(StaffMember { id: r.get(0)?, name: r.get(1)?, active: r.get(2)? })
            })
            .optional()?
            .ok_or_else(|| Error::NotFound("That staff member no longer exists.".to_string()))
    }

    fn ensure_staff_name_free(&self, name: &str, except: Option<i64>) -> Result<()> {
        let taken: Option<i64> = self
            .conn
            .query_row("SELECT id FROM staff WHERE name = ?1 AND id IS NOT ?2", (name, except), |r| r.get(0))
            .optional()?;
        match taken {
            Some(_) => Err(Error::field("name", format!("There is already someone called {name}."))),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-22T09:00:00Z".parse().unwrap()
    }

    mod add {
        use super::*;

        #[test]
        fn success_sorted_by_name() {
            let mut store = Store::open_in_memory().unwrap();
            store.add_staff("Zoe", now()).unwrap();
            store.add_staff(" Ana ", now()).unwrap();
            let names: Vec<_> = store.list_staff(false).unwrap().into_iter().map(|s| s.name).collect();
            assert_eq!(names, ["Ana", "Zoe"]);
        }

        mod error {
            use super::*;

            #[test]
            fn duplicate_name_any_case() {
                let mut store = Store::open_in_memory().unwrap();
                store.add_staff("Ana", now()).unwrap();
                let err = store.add_staff("ANA", now()).unwrap_err();
                assert_eq!(
                    serde_json::to_value(&err).unwrap()["fields"]["name"],
                    "There is already someone called ANA."
                );
            }

            #[test]
            fn empty_name() {
                let mut store = Store::open_in_memory().unwrap();
                assert_eq!(store.add_staff("  ", now()).unwrap_err().kind(), "invalid");
                assert!(store.list_staff(true).unwrap().is_empty());
            }
        }
    }

    #[test]
    fn inactive_staff_leave_the_picker() {
        let mut store = Store::open_in_memory().unwrap();
        let ana = store.add_staff("Ana", now()).unwrap();
        store.set_staff_active(ana.id, false).unwrap();
        assert!(store.list_staff(false).unwrap().is_empty());
        assert_eq!(store.list_staff(true).unwrap().len(), 1);
    }

    #[test]
    fn rename_to_own_name_in_other_case_is_fine() {
        let mut store = Store::open_in_memory().unwrap();
        let ana = store.add_staff("ana", now()).unwrap();
        assert_eq!(store.rename_staff(ana.id, "Ana").unwrap().name, "Ana");
    }
}
