//! The `gestures` and `incident_gestures` tables: the shop's gesture
//! catalogue, and each gesture given on an incident (the goodwill ledger's rows).

use super::base::{record_event, timestamp, NamedRef, Store};
use crate::domain::advisor::{CatalogueGesture, Tier};
use crate::domain::gesture::{GestureFields, GivenFields, KINDS};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

/// A catalogue entry: the gesture and whether the advisor offers it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogueEntry {
    /// The gesture.
    #[serde(flatten)]
    pub gesture: CatalogueGesture,
    /// Offered by the advisor.
    pub active: bool,
}

/// A gesture given on an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GivenGesture {
    /// Row id.
    pub id: i64,
    /// The incident.
    pub incident_id: i64,
    /// The catalogue entry it came from.
    pub gesture_id: Option<i64>,
    /// What was given.
    pub description: String,
    /// Kind.
    pub kind: String,
    /// What it cost, in cents.
    pub cost_cents: i64,
    /// Note.
    pub note: String,
    /// The advisor's suggestion at the time.
    pub suggested_tier: Option<String>,
    /// When it was given.
    pub given_at: String,
    /// Who gave it.
    pub given_by: Option<NamedRef>,
    /// When the customer used it.
    pub redeemed_at: Option<String>,
}

fn tiers_text(tiers: &[Tier]) -> String {
    tiers.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",")
}

fn parse_tiers(text: &str) -> Vec<Tier> {
    text.split(',').filter_map(|t| Tier::parse(t.trim())).collect()
}

/// The gestures given on incident `incident_id`, oldest first.
pub(crate) fn given_gestures(conn: &Connection, incident_id: i64) -> Result<Vec<GivenGesture>> {
    let mut stmt =
        conn.prepare_cached(&format!("{GIVEN_SELECT} WHERE g.incident_id = ?1 ORDER BY g.given_at, g.id"))?;
    let rows = stmt.query_map([incident_id], given_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const GIVEN_SELECT: &str = "SELECT g.id, g.incident_id, g.gesture_id, g.description, g.kind, g.cost_cents, g.note,
    g.suggested_tier, g.given_at, g.given_by, s.name, g.redeemed_at
    FROM incident_gestures g LEFT JOIN staff s ON s.id = g.given_by";

fn given_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<GivenGesture> {
    Ok(GivenGesture {
        id: r.get(0)?,
        incident_id: r.get(1)?,
        gesture_id: r.get(2)?,
        description: r.get(3)?,
        kind: r.get(4)?,
        cost_cents: r.get(5)?,
        note: r.get(6)?,
        suggested_tier: r.get(7)?,
        given_at: r.get(8)?,
        given_by: NamedRef::maybe(r.get(9)?, r.get(10)?),
        redeemed_at: r.get(11)?,
    })
}

impl Store {
    /// The gesture catalogue in display order.
    pub fn list_gestures(&self, include_inactive: bool) -> Result<Vec<CatalogueEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, kind, cost_cents, percent, tiers, active FROM gestures
             WHERE active = 1 OR ?1 ORDER BY position, id",
        )?;
        let rows = stmt.query_map([include_inactive], |r| {
            Ok(CatalogueEntry {
                gesture: CatalogueGesture {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    cost_cents: r.get(3)?,
                    percent: r.get(4)?,
                    tiers: parse_tiers(&r.get::<_, String>(5)?),
                },
                active: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn gesture(&self, id: i64) -> Result<CatalogueEntry> {
        self.list_gestures(true)?
            .into_iter()
            .find(|g| g.gesture.id == id)
            .ok_or_else(|| Error::NotFound("That gesture is no longer in the catalogue.".to_string()))
    }

    fn ensure_gesture_name_free(&self, name: &str, except: Option<i64>) -> Result<()> {
        let taken: Option<i64> = self
            .conn
            .query_row("SELECT id FROM gestures WHERE name = ?1 AND id IS NOT ?2", (name, except), |r| r.get(0))
            .optional()?;
        match taken {
            Some(_) => Err(Error::field("name", format!("The catalogue already has “{name}”."))),
            None => Ok(()),
        }
    }

    /// Adds a gesture to the catalogue.
    pub fn create_gesture(&mut self, f: &GestureFields) -> Result<CatalogueEntry> {
        self.ensure_gesture_name_free(&f.name, None)?;
        self.conn.execute(
            "INSERT INTO gestures (name, kind, cost_cents, percent, tiers, position)
             VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(position), 0) + 1 FROM gestures))",
            (&f.name, &f.kind, f.cost_cents, f.percent, tiers_text(&f.tiers)),
        )?;
        self.gesture(self.conn.last_insert_rowid())
    }

    /// Changes a catalogue entry (gestures already given keep their own copy).
    pub fn update_gesture(&mut self, id: i64, f: &GestureFields) -> Result<CatalogueEntry> {
        self.gesture(id)?;
        self.ensure_gesture_name_free(&f.name, Some(id))?;
        self.conn.execute(
            "UPDATE gestures SET name = ?1, kind = ?2, cost_cents = ?3, percent = ?4, tiers = ?5 WHERE id = ?6",
            (&f.name, &f.kind, f.cost_cents, f.percent, tiers_text(&f.tiers), id),
        )?;
        self.gesture(id)
    }

    /// Retires a catalogue entry from the advisor, or brings it back.
    pub fn set_gesture_active(&mut self, id: i64, active: bool) -> Result<CatalogueEntry> {
        self.gesture(id)?;
        self.conn.execute("UPDATE gestures SET active = ?1 WHERE id = ?2", (active, id))?;
        self.gesture(id)
    }

    /// Records a gesture given on an incident, with the advisor's tier at the time.
    pub fn record_gesture(
        &mut self,
        incident_id: i64,
        f: &GivenFields,
        suggested: Option<Tier>,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.ensure_exists("incidents", incident_id, "incident", "That incident no longer exists.")?;
        if let Some(g) = f.gesture_id {
            self.ensure_exists("gestures", g, "gesture_id", "That gesture is no longer in the catalogue.")?;
        }
        if let Some(a) = actor {
            self.ensure_exists(
                "staff",
                a,
                "actor",
                "The staff member using Mend no longer exists; please pick your name again.",
            )?;
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO incident_gestures (incident_id, gesture_id, description, kind, cost_cents, note,
                                            suggested_tier, given_at, given_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            rusqlite::params![
                incident_id,
                f.gesture_id,
                f.description,
                f.kind,
                f.cost_cents,
                f.note,
                suggested.map(|t| t.as_str()),
                timestamp(now),
                actor
            ],
        )?;
        let label = KINDS.iter().find(|(k, _)| *k == f.kind).map(|(_, l)| *l).unwrap_or("Gesture");
        record_event(
            &tx,
            incident_id,
            now,
            actor,
            "gesture",
            &format!(
                "Gesture given: {} ({label}, cost {}.{:02})",
                f.description,
                f.cost_cents / 100,
                f.cost_cents % 100
            ),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Marks a given gesture as used by the customer, or not.
    pub fn set_gesture_redeemed(
        &mut self,
        incident_id: i64,
        given_id: i64,
        redeemed: bool,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let description: String = self
            .conn
            .query_row(
                "SELECT description FROM incident_gestures WHERE id = ?1 AND incident_id = ?2",
                (given_id, incident_id),
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound("That gesture is no longer on this incident.".to_string()))?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE incident_gestures SET redeemed_at = CASE WHEN ?1 THEN ?2 ELSE NULL END WHERE id = ?3",
            (redeemed, timestamp(now), given_id),
        )?;
        let summary = if redeemed {
            format!("The customer used the gesture: {description}")
        } else {
            format!("Gesture marked as not used: {description}")
        };
        record_event(&tx, incident_id, now, actor, "gesture", &summary)?;
        tx.commit()?;
        Ok(())
    }

    /// Gestures given to one customer, newest first.
    pub fn customer_gestures(&self, customer_id: i64) -> Result<Vec<GivenGesture>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{GIVEN_SELECT} JOIN incidents i ON i.id = g.incident_id WHERE i.customer_id = ?1 ORDER BY g.given_at DESC, g.id DESC"
        ))?;
        let rows = stmt.query_map([customer_id], given_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
