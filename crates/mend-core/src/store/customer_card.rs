//! The customer card (a page module): the customer's details, every
//! incident newest first, their value tier and problem history, and the
//! gestures they were given.

use super::advice::CustomerValue;
use super::base::Store;
use super::customers::CustomerView;
use super::gestures::GivenGesture;
use super::incidents::{IncidentRow, INCIDENT_ROW_SELECT};
use crate::error::Result;
use serde::Serialize;

/// The customer card: details and every incident, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct CustomerCard {
    /// The customer.
    pub customer: CustomerView,
    /// The customer's incidents, newest first.
    pub incidents: Vec<IncidentRow>,
    /// Value tier, VIP flag and problem history.
    pub value: CustomerValue,
    /// Gestures given to the customer, newest first (their goodwill ledger).
    pub gestures: Vec<GivenGesture>,
    /// What those gestures cost in all, in cents.
    pub gesture_total_cents: i64,
}

impl Store {
    /// The customer card: details and incidents, newest first.
    pub fn customer_card(&self, id: i64) -> Result<CustomerCard> {
        let customer = self.customer(id)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "{INCIDENT_ROW_SELECT} WHERE i.customer_id = ?1 ORDER BY i.received_at DESC, i.id DESC"
        ))?;
        let incidents = stmt.query_map([id], IncidentRow::from_row)?.collect::<rusqlite::Result<_>>()?;
        let gestures = self.customer_gestures(id)?;
        let gesture_total_cents = gestures.iter().map(|g| g.cost_cents).sum();
        Ok(CustomerCard { customer, incidents, value: self.customer_value(id)?, gestures, gesture_total_cents })
    }
}
