//! Possible duplicates and merging two customer cards (a table module over `customers`,
//! `incidents`, `incident_events` and `customer_pairs_dismissed`): the pairs of cards that are
//! likely one customer, the pairs the owner said are different people, the two cards side by
//! side, and the merge, in one transaction, that moves every incident (and with them their
//! gestures, promises, calls, steps and timeline) to the card that stays.

use super::base::{name_of, record_event, timestamp, Store};
use super::customers::CustomerView;
use crate::domain::customer::CustomerFields;
use crate::domain::duplicates::{self, CardKey, MergePicks, MergeRequest, Reason};
use crate::domain::validate::phone_digits;
use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Most pairs one call lists (the total counts them all).
pub const MAX_DUPLICATES: i64 = 200;

/// One card of a pair of possible duplicates, as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateCard {
    /// Row id.
    pub id: i64,
    /// Full name.
    pub name: String,
    /// Phone number as typed.
    pub phone: String,
    /// E-mail address.
    pub email: String,
    /// Last visit.
    pub last_visit: Option<NaiveDate>,
    /// Incidents logged on this card.
    pub incident_count: i64,
}

/// Two cards that are likely one customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicatePair {
    /// The card with the smaller id.
    pub a: DuplicateCard,
    /// The other card.
    pub b: DuplicateCard,
    /// Why, strongest first.
    pub reasons: Vec<Reason>,
    /// Why, in plain words ("Same phone number and same e-mail").
    pub reason: String,
}

/// The possible duplicates: how many pairs there are, and the first of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateList {
    /// Every pair not dismissed.
    pub total: i64,
    /// The first pairs, those with more reasons first.
    pub pairs: Vec<DuplicatePair>,
}

/// One of the two cards on the merge screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeSide {
    /// The card.
    pub customer: CustomerView,
    /// Incidents logged on it.
    pub incident_count: i64,
    /// Of which still open.
    pub open_count: i64,
}

/// Two cards side by side before a merge: the one that stays (the one with more incidents,
/// or the older one), the one merged into it, and what to keep of each by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergePreview {
    /// The card that stays.
    pub kept: MergeSide,
    /// The card merged into it and then removed.
    pub other: MergeSide,
    /// What the merged card keeps unless the owner picks otherwise.
    pub suggested: MergePicks,
    /// Why the two look like one customer, in plain words, if they do.
    pub reason: Option<String>,
}

fn gone() -> Error {
    Error::NotFound(
        "One of the two customer cards no longer exists (it may have been merged already). \
         Go back to Possible duplicates and pick again."
            .to_string(),
    )
}

/// A stored card's details as the merge rules read them.
fn fields_of(c: &CustomerView) -> CustomerFields {
    CustomerFields {
        name: c.name.clone(),
        phone: c.phone.clone(),
        email: c.email.clone(),
        notes: c.notes.clone(),
        visits: c.visits,
        total_spend_cents: c.total_spend_cents,
        first_visit: c.first_visit,
        last_visit: c.last_visit,
        vip: c.vip,
    }
}

impl Store {
    /// The pairs of cards that are likely one customer (see [`duplicates::likely_duplicates`]),
    /// without the pairs dismissed: how many, and the first `limit` (at most
    /// [`MAX_DUPLICATES`]; 0 for the count alone).
    pub fn likely_duplicates(&self, limit: i64) -> Result<DuplicateList> {
        let cards: Vec<CardKey> = self
            .conn
            .prepare_cached("SELECT id, name, phone_digits, email FROM customers")?
            .query_map([], |r| {
                Ok(CardKey { id: r.get(0)?, name: r.get(1)?, phone_digits: r.get(2)?, email: r.get(3)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let dismissed: HashSet<(i64, i64)> = self
            .conn
            .prepare_cached("SELECT customer_a, customer_b FROM customer_pairs_dismissed")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let found = duplicates::likely_duplicates(&cards, &dismissed);
        let names: HashMap<i64, &str> = cards.iter().map(|c| (c.id, c.name.as_str())).collect();
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.name, c.phone, c.email, c.last_visit,
                    (SELECT count(*) FROM incidents i INDEXED BY incidents_customer WHERE i.customer_id = c.id)
             FROM customers c WHERE c.id = ?1",
        )?;
        let mut card = |id: i64| -> Result<DuplicateCard> {
            Ok(stmt.query_row([id], |r| {
                Ok(DuplicateCard {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    phone: r.get(2)?,
                    email: r.get(3)?,
                    last_visit: r.get(4)?,
                    incident_count: r.get(5)?,
                })
            })?)
        };
        let mut pairs = Vec::new();
        for pair in found.iter().take(limit.clamp(0, MAX_DUPLICATES) as usize) {
            let reason = duplicates::describe(&pair.reasons, names[&pair.a], names[&pair.b]);
            pairs.push(DuplicatePair { a: card(pair.a)?, b: card(pair.b)?, reasons: pair.reasons.clone(), reason });
        }
        Ok(DuplicateList { total: found.len() as i64, pairs })
    }

    /// Remembers that two cards are different people ("Not the same person"), so Possible
    /// duplicates no longer pairs them. Saying it again changes nothing.
    pub fn dismiss_duplicate(&mut self, x: i64, y: i64, actor: Option<i64>, now: DateTime<Utc>) -> Result<()> {
        if x == y {
            return Err(Error::field("customer_b", "These are the same card: pick two different customers."));
        }
        self.check_actor(actor)?;
        self.customer(x).map_err(|_| gone())?;
        self.customer(y).map_err(|_| gone())?;
        let (a, b) = duplicates::ordered(x, y);
        self.conn
            .prepare_cached(
                "INSERT INTO customer_pairs_dismissed (customer_a, customer_b, dismissed_at, dismissed_by)
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (customer_a, customer_b) DO NOTHING",
            )?
            .execute((a, b, timestamp(now), actor))?;
        Ok(())
    }

    /// Two cards side by side before merging them, the one that stays first.
    pub fn merge_preview(&self, x: i64, y: i64) -> Result<MergePreview> {
        if x == y {
            return Err(Error::field("other_id", "These are the same card: pick two different customers to merge."));
        }
        let side = |id: i64| -> Result<MergeSide> {
            let customer = self.customer(id).map_err(|_| gone())?;
            let (incident_count, open_count): (i64, i64) = self
                .conn
                .prepare_cached(
                    "SELECT count(*), count(*) FILTER (WHERE status = 'open')
                     FROM incidents INDEXED BY incidents_customer WHERE customer_id = ?1",
                )?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(MergeSide { customer, incident_count, open_count })
        };
        let (mut kept, mut other) = (side(x)?, side(y)?);
        let other_first = (other.incident_count, -other.customer.id) > (kept.incident_count, -kept.customer.id);
        if other_first {
            std::mem::swap(&mut kept, &mut other);
        }
        let key = |c: &CustomerView| CardKey {
            id: c.id,
            name: c.name.clone(),
            phone_digits: phone_digits(&c.phone),
            email: c.email.clone(),
        };
        let pair = [key(&kept.customer), key(&other.customer)];
        let reason = duplicates::likely_duplicates(&pair, &HashSet::new())
            .first()
            .map(|p| duplicates::describe(&p.reasons, &pair[0].name, &pair[1].name));
        let suggested = duplicates::suggested_picks(&fields_of(&kept.customer), &fields_of(&other.customer));
        Ok(MergePreview { kept, other, suggested, reason })
    }

    /// Merges card `other_id` into card `keep_id`, in one transaction: the kept card takes the
    /// picked details (and the earlier of the two times the cards were added to Mend), every
    /// incident of the other card moves to it (its gestures, promises, calls, steps and timeline
    /// with it; the search index follows by trigger) and gets a timeline line saying who merged
    /// what and when, the pairs dismissed for the other card carry over, and the other card is
    /// removed. Returns the kept card's id.
    pub fn merge_customers(&mut self, request: &MergeRequest, actor: Option<i64>, now: DateTime<Utc>) -> Result<i64> {
        let (keep_id, other_id) = (request.keep_id, request.other_id);
        if keep_id == other_id {
            return Err(Error::field(
                "other_id",
                "These are the same card: a card can't be merged into itself. Pick two different customers.",
            ));
        }
        self.check_actor(actor)?;
        let kept = self.customer(keep_id).map_err(|_| gone())?;
        let other = self.customer(other_id).map_err(|_| gone())?;
        let f = duplicates::merged_fields(&fields_of(&kept), &fields_of(&other), &request.picks)?;
        let summary = format!(
            "Customer cards merged{}: {} (#{}) into {} (#{})",
            name_of(&self.conn, "staff", actor)?.map(|n| format!(" by {n}")).unwrap_or_default(),
            other.name,
            other.id,
            kept.name,
            kept.id
        );
        let at = timestamp(now);
        let tx = self.conn.transaction()?;
        tx.prepare_cached(
            "UPDATE customers SET name = ?1, phone = ?2, phone_digits = ?3, email = ?4, notes = ?5,
                    visits = ?6, total_spend_cents = ?7, first_visit = ?8, last_visit = ?9, vip = ?10,
                    updated_at = ?11, created_at = min(created_at, ?13)
             WHERE id = ?12",
        )?
        .execute(rusqlite::params![
            f.name,
            f.phone,
            phone_digits(&f.phone),
            f.email,
            f.notes,
            f.visits,
            f.total_spend_cents,
            f.first_visit,
            f.last_visit,
            f.vip,
            at,
            keep_id,
            other.created_at
        ])?;
        let moved: Vec<i64> = tx
            .prepare_cached(
                "SELECT id FROM incidents INDEXED BY incidents_customer WHERE customer_id = ?1 ORDER BY id",
            )?
            .query_map([other_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        tx.prepare_cached("UPDATE incidents SET customer_id = ?1, updated_at = ?2 WHERE customer_id = ?3")?
            .execute((keep_id, &at, other_id))?;
        for incident_id in &moved {
            record_event(&tx, *incident_id, now, actor, "merged", &summary)?;
        }
        // "Not the same person" said of the other card holds for the merged one.
        tx.prepare_cached(
            "INSERT INTO customer_pairs_dismissed (customer_a, customer_b, dismissed_at, dismissed_by)
             SELECT min(?1, x), max(?1, x), dismissed_at, dismissed_by
             FROM (SELECT CASE WHEN customer_a = ?2 THEN customer_b ELSE customer_a END AS x, dismissed_at, dismissed_by
                   FROM customer_pairs_dismissed WHERE customer_a = ?2 OR customer_b = ?2)
             WHERE x <> ?1
             ON CONFLICT (customer_a, customer_b) DO NOTHING",
        )?
        .execute((keep_id, other_id))?;
        let removed = tx.prepare_cached("DELETE FROM customers WHERE id = ?1")?.execute([other_id])?;
        let still_there: Option<i64> =
            tx.query_row("SELECT id FROM customers WHERE id = ?1", [keep_id], |r| r.get(0)).optional()?;
        if removed != 1 || still_there.is_none() {
            return Err(gone());
        }
        tx.commit()?;
        Ok(keep_id)
    }
}
