//! The incident page (a page module): the incident with its checklist and
//! timings, the advice, the gestures given, promises, calls, prevention
//! actions and the timeline, composed from the table modules. Read only.

use super::advice::{AdviceFacts, AdvicePanel};
use super::base::{coded, severity_at, timestamp, NamedRef, Store};
use super::calls::Promise;
use super::checklist::{self, ChecklistStep, FollowUp, PreventionAction, Timings};
use super::gestures::{given_gestures, GivenGesture};
use super::incidents::EventView;
use crate::domain::breakdown::{FailureKind, Fault, Severity};
use crate::domain::incident::Status;
use crate::error::{Error, Result};
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;

/// The playbook an incident's checklist came from, with its one-line
/// description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaybookRef {
    /// Row id.
    pub id: i64,
    /// Name to show.
    pub name: String,
    /// What the routine is for, in one sentence ("" for a shop's own
    /// playbook without one).
    pub summary: String,
}

/// The contact details shown on the incident page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerContact {
    /// Row id.
    pub id: i64,
    /// Full name.
    pub name: String,
    /// Phone number.
    pub phone: String,
    /// E-mail address.
    pub email: String,
}

/// Everything the incident page shows.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentDetail {
    /// Row id.
    pub id: i64,
    /// The customer.
    pub customer: CustomerContact,
    /// When it was received (UTC).
    pub received_at: String,
    /// Channel value.
    pub channel: String,
    /// Category id.
    pub category_id: Option<i64>,
    /// Category name.
    pub category_name: Option<String>,
    /// How serious it is.
    pub severity: Severity,
    /// What happened.
    pub description: String,
    /// What would make them happy.
    pub desired_outcome: String,
    /// Transaction value in cents.
    pub transaction_cents: Option<i64>,
    /// Who took it.
    pub taken_by: Option<NamedRef>,
    /// "open" or "resolved".
    pub status: String,
    /// When it was resolved.
    pub resolved_at: Option<String>,
    /// When resolving counted as the first response (no step had been
    /// ticked by then); the timings include it.
    pub responded_at: Option<String>,
    /// How it was put right.
    pub resolution_note: String,
    /// When it was logged.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// The row version the edit form sends back with a save (see `update_incident`).
    pub version: i64,
    /// The playbook its checklist came from.
    pub playbook: Option<PlaybookRef>,
    /// The checklist, in order.
    pub checklist: Vec<ChecklistStep>,
    /// Response and resolution times.
    pub timings: Timings,
    /// Why it went wrong, once known.
    pub root_cause: String,
    /// What will be done so it can't happen again.
    pub prevention_actions: Vec<PreventionAction>,
    /// Follow-up calls.
    pub follow_ups: Vec<FollowUp>,
    /// What failed (sent as "outcome" or "process").
    pub failure_kind: FailureKind,
    /// Whose fault (sent as "shop", "third_party", "customer" or "unknown").
    pub fault: Fault,
    /// The atonement advisor's suggestion and what it looked at.
    pub advice: Option<AdvicePanel>,
    /// Gestures given on this incident (the goodwill ledger).
    pub gestures: Vec<GivenGesture>,
    /// Promises made to the customer.
    pub promises: Vec<Promise>,
    /// When resolved with no call booked: the follow-up call Mend proposes.
    pub proposed_follow_up: Option<String>,
    /// The timeline, oldest first.
    pub events: Vec<EventView>,
}

impl IncidentDetail {
    /// What its advice is worked out from.
    pub fn advice_facts(&self) -> AdviceFacts<'_> {
        AdviceFacts {
            id: self.id,
            customer_id: self.customer.id,
            category_id: self.category_id,
            received_at: &self.received_at,
            severity: self.severity,
            failure_kind: self.failure_kind,
            fault: self.fault,
            transaction_cents: self.transaction_cents,
            first_response_minutes: self.timings.first_response_minutes,
            resolved: self.status == Status::Resolved.as_str(),
            checklist: &self.checklist,
        }
    }
}

impl Store {
    /// Everything the incident page shows, with the checklist's due times
    /// and overdue flags worked out at `now` on the wall clock of `tz`.
    pub fn incident<Tz: TimeZone>(&self, id: i64, now: DateTime<Utc>, tz: &Tz) -> Result<IncidentDetail> {
        let mut detail = self.incident_raw(id)?;
        detail.timings = checklist::annotate(
            &mut detail.checklist,
            &detail.received_at,
            detail.resolved_at.as_deref(),
            detail.responded_at.as_deref(),
            detail.status == Status::Open.as_str(),
            now,
            tz,
        );
        detail.advice = Some(self.advice_for(&detail.advice_facts())?);
        // A call still to make, or one made since the fix, means no proposal.
        let resolved_at = detail.resolved_at.clone().unwrap_or_default();
        let call_booked =
            detail.follow_ups.iter().any(|f| f.done_at.as_deref().map(|d| d >= resolved_at.as_str()).unwrap_or(true));
        if let (Some(resolved), false) = (detail.resolved_at.as_deref(), call_booked) {
            if let Ok(resolved) = DateTime::parse_from_rfc3339(resolved) {
                let rules = self.follow_up_rules()?;
                let proposed = crate::domain::schedule::propose_follow_up(resolved.with_timezone(&Utc), &rules, tz);
                detail.proposed_follow_up = Some(timestamp(proposed.max(now)));
            }
        }
        Ok(detail)
    }

    /// The incident as stored, without due times.
    fn incident_raw(&self, id: i64) -> Result<IncidentDetail> {
        let detail = self
            .conn
            .prepare_cached(
                "SELECT i.id, c.id, c.name, c.phone, c.email, i.received_at, i.channel, i.category_id, cat.name,
                        i.severity, i.description, i.desired_outcome, i.transaction_cents, s.id, s.name,
                        i.status, i.resolved_at, i.resolution_note, i.created_at, i.updated_at,
                        p.id, p.name, i.root_cause, i.failure_kind, i.fault, i.responded_at, p.summary, i.version
                 FROM incidents i
                 JOIN customers c ON c.id = i.customer_id
                 LEFT JOIN categories cat ON cat.id = i.category_id
                 LEFT JOIN staff s ON s.id = i.taken_by
                 LEFT JOIN playbooks p ON p.id = i.playbook_id
                 WHERE i.id = ?1",
            )?
            .query_row([id], |r| {
                Ok(IncidentDetail {
                    id: r.get(0)?,
                    customer: CustomerContact { id: r.get(1)?, name: r.get(2)?, phone: r.get(3)?, email: r.get(4)? },
                    received_at: r.get(5)?,
                    channel: r.get(6)?,
                    category_id: r.get(7)?,
                    category_name: r.get(8)?,
                    severity: severity_at(r, 9)?,
                    description: r.get(10)?,
                    desired_outcome: r.get(11)?,
                    transaction_cents: r.get(12)?,
                    taken_by: NamedRef::maybe(r.get(13)?, r.get(14)?),
                    status: r.get(15)?,
                    resolved_at: r.get(16)?,
                    responded_at: r.get(25)?,
                    resolution_note: r.get(17)?,
                    created_at: r.get(18)?,
                    updated_at: r.get(19)?,
                    version: r.get(27)?,
                    playbook: match r.get::<_, Option<i64>>(20)? {
                        Some(id) => Some(PlaybookRef {
                            id,
                            name: r.get::<_, Option<String>>(21)?.unwrap_or_default(),
                            summary: r.get::<_, Option<String>>(26)?.unwrap_or_default(),
                        }),
                        None => None,
                    },
                    checklist: Vec::new(),
                    timings: Timings::default(),
                    root_cause: r.get(22)?,
                    prevention_actions: Vec::new(),
                    follow_ups: Vec::new(),
                    failure_kind: coded(r, 23, FailureKind::parse)?,
                    fault: coded(r, 24, Fault::parse)?,
                    advice: None,
                    gestures: Vec::new(),
                    promises: Vec::new(),
                    proposed_follow_up: None,
                    events: Vec::new(),
                })
            })
            .optional()?;
        let mut detail = detail.ok_or_else(|| Error::NotFound("That incident no longer exists.".to_string()))?;
        detail.events = self.incident_events(id)?;
        detail.checklist = checklist::load(&self.conn, id)?;
        detail.prevention_actions = checklist::prevention_actions(&self.conn, id)?;
        detail.follow_ups = checklist::follow_ups(&self.conn, id)?;
        detail.gestures = given_gestures(&self.conn, id)?;
        detail.promises = super::calls::promises(&self.conn, id)?;
        Ok(detail)
    }
}
