//! The `playbooks` and `playbook_steps` tables: the built-in routines and
//! the shop's own, and which one new incidents start with.

use super::base::{changed_at, loaded_version, quoted, timestamp, Store};
use crate::domain::checklist::Target;
use crate::domain::playbook::{Capture, PlaybookFields};
use crate::error::{Error, Result};
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

/// Custom playbooks are numbered from here, leaving lower ids to built-ins.
pub const FIRST_CUSTOM_ID: i64 = 1000;

/// A playbook in a list or picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaybookSummary {
    /// Row id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// When it suits.
    pub summary: String,
    /// Shipped with Mend (can be copied and hidden, not edited).
    pub builtin: bool,
    /// Retired from the pickers.
    pub hidden: bool,
    /// Number of steps.
    pub step_count: i64,
    /// The shop's default for new incidents.
    pub is_default: bool,
}

/// A step as shown in the editor and on checklists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepView {
    /// Order (1 = first).
    pub position: i64,
    /// Title.
    pub title: String,
    /// One line of guidance.
    pub guidance: String,
    /// Phrases that work.
    pub say: Vec<String>,
    /// Phrases to avoid.
    pub avoid: Vec<String>,
    /// Target time.
    pub target: Option<Target>,
    /// The target in words ("within 5 minutes of the complaint").
    pub target_text: Option<String>,
    /// What the step captures.
    pub capture: Option<Capture>,
    /// Whether this is the step where staff say sorry (ticking it records the apology).
    pub apology: bool,
}

/// A playbook with its steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaybookView {
    /// Row id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// When it suits.
    pub summary: String,
    /// Shipped with Mend.
    pub builtin: bool,
    /// Retired from the pickers.
    pub hidden: bool,
    /// The shop's default.
    pub is_default: bool,
    /// Steps in order.
    pub steps: Vec<StepView>,
    /// The row version the editor sends back with a save (see `update_playbook`).
    pub version: i64,
}

/// Reads the step columns `title, guidance, say, avoid, target_amount,
/// target_unit, target_from, capture` starting at column `at`.
pub(super) fn step_from_row(r: &Row<'_>, position: i64, at: usize) -> rusqlite::Result<StepView> {
    let lines = |s: String| -> Vec<String> { s.lines().map(str::to_string).filter(|l| !l.is_empty()).collect() };
    let unit: Option<String> = r.get(at + 5)?;
    let from: Option<String> = r.get(at + 6)?;
    let target = Target::from_columns(r.get(at + 4)?, unit.as_deref(), from.as_deref());
    let capture: Option<String> = r.get(at + 7)?;
    Ok(StepView {
        position,
        title: r.get(at)?,
        guidance: r.get(at + 1)?,
        say: lines(r.get(at + 2)?),
        avoid: lines(r.get(at + 3)?),
        target_text: target.map(|t| t.describe()),
        target,
        capture: capture.as_deref().and_then(Capture::parse),
        apology: r.get(at + 8)?,
    })
}

/// Columns read by [`step_from_row`].
pub(super) const STEP_COLUMNS: &str =
    "title, guidance, say, avoid, target_amount, target_unit, target_from, capture, apology";

fn insert_steps(conn: &Connection, playbook_id: i64, fields: &PlaybookFields) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO playbook_steps (playbook_id, position, title, guidance, say, avoid,
                                     target_amount, target_unit, target_from, capture, apology)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (i, s) in fields.steps.iter().enumerate() {
        stmt.execute(rusqlite::params![
            playbook_id,
            i as i64 + 1,
            s.title,
            s.guidance,
            s.say,
            s.avoid,
            s.target.map(|t| t.amount),
            s.target.map(|t| t.unit.as_str()),
            s.target.map(|t| t.from.as_str()),
            s.capture.map(|c| c.as_str()),
            s.apology,
        ])?;
    }
    Ok(())
}

impl Store {
    /// The playbook new incidents start with.
    pub fn default_playbook_id(&self) -> Result<i64> {
        let value: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = 'default_playbook_id'", [], |r| r.get(0))
            .optional()?;
        Ok(value.and_then(|v| v.parse().ok()).unwrap_or(1))
    }

    /// Makes `id` the default for new incidents.
    pub fn set_default_playbook(&mut self, id: i64) -> Result<()> {
        let p = self.playbook(id)?;
        if p.hidden {
            return Err(Error::Conflict(format!("{} is retired; bring it back before making it the default.", p.name)));
        }
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES ('default_playbook_id', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [id.to_string()],
        )?;
        Ok(())
    }

    /// Playbooks in display order; retired ones only when asked.
    pub fn list_playbooks(&self, include_hidden: bool) -> Result<Vec<PlaybookSummary>> {
        let default = self.default_playbook_id()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id, p.name, p.summary, p.builtin_key IS NOT NULL, p.hidden,
                    (SELECT count(*) FROM playbook_steps s WHERE s.playbook_id = p.id)
             FROM playbooks p WHERE p.hidden = 0 OR ?1 ORDER BY p.position, p.id",
        )?;
        let rows = stmt.query_map([include_hidden], |r| {
            let id: i64 = r.get(0)?;
            Ok(PlaybookSummary {
                id,
                name: r.get(1)?,
                summary: r.get(2)?,
                builtin: r.get(3)?,
                hidden: r.get(4)?,
                step_count: r.get(5)?,
                is_default: id == default,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One playbook with its steps.
    pub fn playbook(&self, id: i64) -> Result<PlaybookView> {
        let default = self.default_playbook_id()?;
        let head = self
            .conn
            .query_row(
                "SELECT id, name, summary, builtin_key IS NOT NULL, hidden, version FROM playbooks WHERE id = ?1",
                [id],
                |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound("That playbook no longer exists.".to_string()))?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT position, {STEP_COLUMNS} FROM playbook_steps WHERE playbook_id = ?1 ORDER BY position"
        ))?;
        let steps = stmt.query_map([id], |r| step_from_row(r, r.get(0)?, 1))?.collect::<rusqlite::Result<_>>()?;
        Ok(PlaybookView {
            id: head.0,
            name: head.1,
            summary: head.2,
            builtin: head.3,
            hidden: head.4,
            is_default: head.0 == default,
            steps,
            version: head.5,
        })
    }

    fn ensure_playbook_name_free(&self, name: &str, except: Option<i64>) -> Result<()> {
        let taken: Option<i64> = self
            .conn
            .query_row("SELECT id FROM playbooks WHERE name = ?1 AND id IS NOT ?2", (name, except), |r| r.get(0))
            .optional()?;
        match taken {
            Some(_) => Err(Error::field("name", format!("There is already a playbook called {name}."))),
            None => Ok(()),
        }
    }

    /// Adds one of the shop's own playbooks.
    pub fn create_playbook(&mut self, fields: &PlaybookFields, now: DateTime<Utc>) -> Result<PlaybookView> {
        self.ensure_playbook_name_free(&fields.name, None)?;
        let tx = self.conn.transaction()?;
        let id: i64 =
            tx.query_row("SELECT max(?1, coalesce(max(id), 0) + 1) FROM playbooks", [FIRST_CUSTOM_ID], |r| r.get(0))?;
        tx.execute(
            "INSERT INTO playbooks (id, name, summary, position, created_at, updated_at)
             VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM playbooks), ?4, ?4)",
            (id, &fields.name, &fields.summary, timestamp(now)),
        )?;
        insert_steps(&tx, id, fields)?;
        tx.commit()?;
        self.playbook(id)
    }

    /// Copies any playbook (built-in or not) into a new one of the shop's own.
    pub fn copy_playbook(&mut self, id: i64, now: DateTime<Utc>) -> Result<PlaybookView> {
        let source = self.playbook(id)?;
        let mut name = format!("{} (copy)", source.name);
        let mut n = 2;
        while self.ensure_playbook_name_free(&name, None).is_err() {
            name = format!("{} (copy {n})", source.name);
            n += 1;
        }
        let fields = PlaybookFields {
            name,
            summary: source.summary.clone(),
            steps: source
                .steps
                .iter()
                .map(|s| crate::domain::playbook::StepFields {
                    title: s.title.clone(),
                    guidance: s.guidance.clone(),
                    say: s.say.join("\n"),
                    avoid: s.avoid.join("\n"),
                    target: s.target,
                    capture: s.capture,
                    apology: s.apology,
                })
                .collect(),
        };
        self.create_playbook(&fields, now)
    }

    /// Replaces the name, summary and steps of one of the shop's own
    /// playbooks. Incidents already logged keep their own copy of the steps.
    /// `version` is the row version the editor loaded: when someone else saved
    /// a change since, nothing is written and the error ([`Error::Stale`])
    /// says when (on the wall clock of `tz`) and what differs. A save raises
    /// the version by one.
    pub fn update_playbook<Tz: TimeZone>(
        &mut self,
        id: i64,
        version: Option<i64>,
        fields: &PlaybookFields,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<PlaybookView>
    where
        Tz::Offset: std::fmt::Display,
    {
        let version = loaded_version(version)?;
        let current = self.playbook(id)?;
        if current.builtin {
            return Err(Error::Conflict(
                "Built-in playbooks can't be changed. Make a copy and edit the copy instead.".to_string(),
            ));
        }
        if current.version != version {
            return Err(self.stale_playbook(&current, fields, now, tz)?);
        }
        self.ensure_playbook_name_free(&fields.name, Some(id))?;
        let tx = self.conn.transaction()?;
        let written = tx.execute(
            "UPDATE playbooks SET name = ?1, summary = ?2, updated_at = ?3, version = version + 1
             WHERE id = ?4 AND version = ?5",
            (&fields.name, &fields.summary, timestamp(now), id, version),
        )?;
        if written == 0 {
            // Saved by another program between the read above and this write.
            drop(tx);
            let current = self.playbook(id)?;
            return Err(self.stale_playbook(&current, fields, now, tz)?);
        }
        tx.execute("DELETE FROM playbook_steps WHERE playbook_id = ?1", [id])?;
        insert_steps(&tx, id, fields)?;
        tx.commit()?;
        self.playbook(id)
    }

    /// The refusal of a save of `fields` made on an editor older than
    /// `current` (the playbook as saved now): when it changed and what differs.
    fn stale_playbook<Tz: TimeZone>(
        &self,
        current: &PlaybookView,
        fields: &PlaybookFields,
        now: DateTime<Utc>,
        tz: &Tz,
    ) -> Result<Error>
    where
        Tz::Offset: std::fmt::Display,
    {
        let updated_at: String =
            self.conn.query_row("SELECT updated_at FROM playbooks WHERE id = ?1", [current.id], |r| r.get(0))?;
        let mut changed: Vec<(&str, &str, String)> = Vec::new();
        if current.name != fields.name {
            changed.push(("name", "name", quoted(&current.name)));
        }
        if current.summary != fields.summary {
            changed.push(("summary", "what it is for", quoted(&current.summary)));
        }
        let lines = |s: &str| -> Vec<String> { s.lines().map(str::to_string).filter(|l| !l.is_empty()).collect() };
        let same_steps = current.steps.len() == fields.steps.len()
            && current.steps.iter().zip(&fields.steps).all(|(a, b)| {
                a.title == b.title
                    && a.guidance == b.guidance
                    && a.say == lines(&b.say)
                    && a.avoid == lines(&b.avoid)
                    && a.target == b.target
                    && a.capture == b.capture
                    && a.apology == b.apology
            });
        if !same_steps {
            let titles: Vec<&str> = current.steps.iter().map(|s| s.title.as_str()).collect();
            changed.push(("steps", "the steps", quoted(&titles.join(", "))));
        }
        Ok(Error::stale("playbook", &changed_at(&updated_at, now, tz), &changed))
    }

    /// Retires a playbook from the pickers, or brings it back. Nothing is
    /// ever deleted: old incidents still name it.
    pub fn set_playbook_hidden(&mut self, id: i64, hidden: bool) -> Result<PlaybookView> {
        let p = self.playbook(id)?;
        if hidden && p.is_default {
            return Err(Error::Conflict(format!(
                "{} is the default playbook. Choose another default first, then retire this one.",
                p.name
            )));
        }
        self.conn.execute("UPDATE playbooks SET hidden = ?1 WHERE id = ?2", (hidden, id))?;
        self.playbook(id)
    }

    /// Moves a playbook one place up (`-1`) or down (`+1`) in the pickers.
    pub fn move_playbook(&mut self, id: i64, direction: i64) -> Result<Vec<PlaybookSummary>> {
        self.playbook(id)?;
        let tx = self.conn.transaction()?;
        let order: Vec<i64> = tx
            .prepare("SELECT id FROM playbooks ORDER BY position, id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut order = order;
        if let Some(i) = order.iter().position(|x| *x == id) {
            let j = i as i64 + direction.signum();
            if j >= 0 && (j as usize) < order.len() {
                order.swap(i, j as usize);
            }
        }
        for (pos, pid) in order.iter().enumerate() {
            tx.execute("UPDATE playbooks SET position = ?1 WHERE id = ?2", (pos as i64 + 1, pid))?;
        }
        tx.commit()?;
        self.list_playbooks(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::playbook::{PlaybookInput, StepInput};

    fn now() -> DateTime<Utc> {
        "2026-11-22T09:00:00Z".parse().unwrap()
    }

    fn fields(name: &str, titles: &[&str]) -> PlaybookFields {
        PlaybookInput {
            name: name.into(),
            steps: titles.iter().map(|t| StepInput { title: t.to_string(), ..Default::default() }).collect(),
            ..Default::default()
        }
        .validated()
        .unwrap()
    }

    #[test]
    fn builtins_are_listed_with_the_default_marked() {
        let store = Store::open_in_memory().unwrap();
        let list = store.list_playbooks(false).unwrap();
        assert_eq!(list.len(), 6);
        assert!(list.iter().all(|p| p.builtin));
        assert!(list[0].is_default);
        let seven = store.playbook(3).unwrap();
        assert_eq!(seven.steps.len(), 7);
        assert!(seven.steps.iter().any(|s| s.target_text.is_some()));
    }

    mod edit {
        use super::*;

        #[test]
        fn custom_playbooks_get_ids_from_1000_and_can_be_edited() {
            let mut store = Store::open_in_memory().unwrap();
            let p = store.create_playbook(&fields("Counter", &["Sorry", "Fix"]), now()).unwrap();
            assert_eq!(p.id, FIRST_CUSTOM_ID);
            let p = store
                .update_playbook(p.id, Some(p.version), &fields("Counter", &["Fix", "Sorry", "Call"]), now(), &Utc)
                .unwrap();
            let titles: Vec<_> = p.steps.iter().map(|s| s.title.as_str()).collect();
            assert_eq!(titles, ["Fix", "Sorry", "Call"]);
        }

        #[test]
        fn copy_of_builtin_is_editable() {
            let mut store = Store::open_in_memory().unwrap();
            let copy = store.copy_playbook(3, now()).unwrap();
            assert_eq!(copy.name, "Seven steps (copy)");
            assert!(!copy.builtin);
            assert_eq!(copy.steps.len(), 7);
            assert_eq!(store.playbook(3).unwrap().steps, copy.steps);
            assert_eq!(store.copy_playbook(3, now()).unwrap().name, "Seven steps (copy 2)");
        }

        mod error {
            use super::*;

            #[test]
            fn builtin_cannot_be_edited() {
                let mut store = Store::open_in_memory().unwrap();
                let err = store.update_playbook(1, Some(1), &fields("Mine", &["A"]), now(), &Utc).unwrap_err();
                assert_eq!(err.kind(), "conflict");
                assert_eq!(store.playbook(1).unwrap().name, "Five steps");
            }

            #[test]
            fn default_cannot_be_retired() {
                let mut store = Store::open_in_memory().unwrap();
                assert_eq!(store.set_playbook_hidden(1, true).unwrap_err().kind(), "conflict");
                store.set_default_playbook(2).unwrap();
                assert!(store.set_playbook_hidden(1, true).unwrap().hidden);
                assert_eq!(store.list_playbooks(false).unwrap().len(), 5);
                assert_eq!(store.set_default_playbook(1).unwrap_err().kind(), "conflict");
            }

            #[test]
            fn duplicate_name() {
                let mut store = Store::open_in_memory().unwrap();
                let err = store.create_playbook(&fields("heard", &["A"]), now()).unwrap_err();
                assert_eq!(
                    serde_json::to_value(&err).unwrap()["fields"]["name"],
                    "There is already a playbook called heard."
                );
            }
        }
    }

    #[test]
    fn reorder_playbooks() {
        let mut store = Store::open_in_memory().unwrap();
        let list = store.move_playbook(2, -1).unwrap();
        assert_eq!(list[0].id, 2);
        assert_eq!(list[1].id, 1);
    }
}
