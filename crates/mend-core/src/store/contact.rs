//! Reaching a customer, read-only: their phone and e-mail as on their card, and what a
//! message to them is filled in with: their first name, the shop's name, and for a line of
//! the call list the incident's latest gesture given and its latest open promise (or the
//! promise the line is about).

use super::base::Store;
use crate::domain::contact::{CallKind, CallRef, Reach};
use crate::domain::templates::{CallContext, FilledMessage, MessageValues, TemplateKey};
use crate::error::{Error, Result};
use rusqlite::OptionalExtension;

/// Who is reached, and with what a message to them is filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactFacts {
    /// The customer.
    pub customer_id: i64,
    /// Their full name.
    pub name: String,
    /// Their phone number as typed.
    pub phone: String,
    /// Their e-mail address.
    pub email: String,
    /// The shop's name.
    pub shop: String,
    /// The line of the call list, when the contact is about one.
    pub call: Option<CallFacts>,
}

/// A line of the call list, for its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallFacts {
    /// The incident.
    pub incident_id: i64,
    /// A first call, a try again after no answer, or a promise.
    pub context: CallContext,
    /// The latest gesture given on the incident.
    pub gesture: Option<String>,
    /// The promise the line is about, or the incident's latest open promise.
    pub promise: Option<String>,
}

impl ContactFacts {
    /// The phone and e-mail to build a link from.
    pub fn reach(&self) -> Reach<'_> {
        Reach { name: &self.name, phone: &self.phone, email: &self.email }
    }

    /// What the message is filled in with.
    pub fn values(&self) -> MessageValues {
        let (gesture, promise) = match &self.call {
            Some(c) => (c.gesture.as_deref().unwrap_or(""), c.promise.as_deref().unwrap_or("")),
            None => ("", ""),
        };
        MessageValues::new(&self.name, &self.shop, gesture, promise)
    }

    /// The template `chosen`, else the one that fits the line of the call list.
    pub fn template(&self, chosen: Option<TemplateKey>) -> TemplateKey {
        chosen.unwrap_or_else(|| self.call.as_ref().map_or(TemplateKey::FollowUp, |c| TemplateKey::for_call(c.context)))
    }
}

impl Store {
    /// The customer `customer_id` and, with `call`, that line of the call list, which must be
    /// about this customer.
    pub fn contact_facts(&self, customer_id: i64, call: Option<CallRef>) -> Result<ContactFacts> {
        let (name, phone, email): (String, String, String) = self
            .conn
            .prepare_cached("SELECT name, phone, email FROM customers WHERE id = ?1")?
            .query_row([customer_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
            .ok_or_else(|| Error::NotFound("This customer is no longer in Mend.".to_string()))?;
        let shop = self.settings()?.business_name;
        let call = match call {
            None => None,
            Some(call) => Some(self.call_facts(customer_id, call)?),
        };
        Ok(ContactFacts { customer_id, name, phone, email, shop, call })
    }

    fn call_facts(&self, customer_id: i64, call: CallRef) -> Result<CallFacts> {
        let gone = || Error::NotFound("This call is no longer on the list. Look at Today again.".to_string());
        let (incident_id, owner, context, own_promise): (i64, i64, CallContext, Option<String>) = match call.kind {
            CallKind::FollowUp => self
                .conn
                .prepare_cached(
                    "SELECT f.incident_id, i.customer_id, f.attempts FROM follow_ups f
                     JOIN incidents i ON i.id = f.incident_id WHERE f.id = ?1",
                )?
                .query_row([call.id], |r| Ok((r.get(0)?, r.get(1)?, CallContext::of_follow_up(r.get(2)?), None)))
                .optional()?,
            CallKind::Promise => self
                .conn
                .prepare_cached(
                    "SELECT p.incident_id, i.customer_id, p.text FROM promises p
                     JOIN incidents i ON i.id = p.incident_id WHERE p.id = ?1",
                )?
                .query_row([call.id], |r| Ok((r.get(0)?, r.get(1)?, CallContext::Promise, Some(r.get(2)?))))
                .optional()?,
        }
        .ok_or_else(gone)?;
        if owner != customer_id {
            return Err(gone());
        }
        let gesture: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT description FROM incident_gestures WHERE incident_id = ?1 ORDER BY given_at DESC, id DESC LIMIT 1",
            )?
            .query_row([incident_id], |r| r.get(0))
            .optional()?;
        let promise = match own_promise {
            Some(text) => Some(text),
            None => self
                .conn
                .prepare_cached(
                    "SELECT text FROM promises WHERE incident_id = ?1 AND status = 'open'
                     ORDER BY created_at DESC, id DESC LIMIT 1",
                )?
                .query_row([incident_id], |r| r.get(0))
                .optional()?,
        };
        Ok(CallFacts { incident_id, context, gesture, promise })
    }

    /// The message `template` (or the one that fits the line `call`) filled in for the
    /// customer, with the facts it was filled from.
    pub fn contact_message(
        &self,
        customer_id: i64,
        call: Option<CallRef>,
        template: Option<TemplateKey>,
    ) -> Result<(ContactFacts, FilledMessage)> {
        let facts = self.contact_facts(customer_id, call)?;
        let key = facts.template(template);
        let message = self.message_templates()?.get(key).fill(&facts.values());
        Ok((facts, message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contact::CallKind;
    use crate::domain::customer::NewCustomerInput;
    use crate::domain::gesture::GivenInput;
    use crate::domain::incident::IncidentInput;
    use crate::domain::recovery::{FollowUpInput, PromiseInput};
    use crate::domain::settings::Settings;
    use chrono::{DateTime, FixedOffset, Utc};

    fn t0() -> DateTime<Utc> {
        "2026-11-21T11:00:00Z".parse().unwrap()
    }

    fn tz() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    /// An incident for `name` with a follow-up call booked: (customer, incident, follow-up).
    fn logged(store: &mut Store, name: &str, phone: &str) -> (i64, i64, i64) {
        let input = IncidentInput {
            new_customer: Some(NewCustomerInput { name: name.into(), phone: phone.into(), email: String::new() }),
            channel: "phone".into(),
            severity: Some(3),
            description: "Gears slip after the tune-up".into(),
            ..Default::default()
        };
        let id = store.create_incident(&input.validated(t0(), &tz()).unwrap(), None, t0()).unwrap();
        let due =
            FollowUpInput { due_at: "2026-11-23T10:00".into(), assignee_id: None }.validated(t0(), &tz()).unwrap();
        store.schedule_follow_up(id, &due, None, t0(), &tz()).unwrap();
        let detail = store.incident(id, t0(), &tz()).unwrap();
        (detail.customer.id, id, detail.follow_ups[0].id)
    }

    #[test]
    fn a_call_s_message_has_the_latest_gesture_and_open_promise() {
        let mut store = Store::open_in_memory().unwrap();
        store.update_settings(&Settings { business_name: "Bike Barn".into(), currency: "GBP".into() }).unwrap();
        let (customer, incident, follow_up) = logged(&mut store, "Marta Silva", "555 0142");
        for text in ["Refund reaches your card", "We call when the new chain arrives"] {
            let promise = PromiseInput { text: text.into(), due_at: "2026-11-27T17:00".into(), owner_id: None }
                .validated(t0(), &tz());
            store.add_promise(incident, &promise.unwrap(), None, t0(), &tz()).unwrap();
        }
        let coffee = GivenInput {
            description: "Free coffee".into(),
            kind: "gift".into(),
            cost: "3".into(),
            ..Default::default()
        };
        store.record_gesture(incident, &coffee.validated().unwrap(), None, None, t0()).unwrap();

        let call = Some(CallRef { kind: CallKind::FollowUp, id: follow_up });
        let (facts, message) = store.contact_message(customer, call, Some(TemplateKey::Apology)).unwrap();
        assert_eq!(facts.phone, "555 0142");
        let values = facts.values();
        assert_eq!(values.first_name.as_deref(), Some("Marta"));
        assert_eq!(values.shop.as_deref(), Some("Bike Barn"));
        assert_eq!(values.gesture.as_deref(), Some("Free coffee"));
        assert_eq!(values.promise.as_deref(), Some("We call when the new chain arrives"), "the latest one made");
        assert!(message.body.contains("offer you this: Free coffee."), "{}", message.body);

        // Without a template chosen, a first call gets the follow-up after a fix.
        let (_, message) = store.contact_message(customer, call, None).unwrap();
        assert_eq!(message.template, TemplateKey::FollowUp);
        assert!(message.body.starts_with("Hello Marta,"), "{}", message.body);
    }

    #[test]
    fn a_call_of_another_customer_is_refused() {
        let mut store = Store::open_in_memory().unwrap();
        let (marta, _, _) = logged(&mut store, "Marta Silva", "555 0142");
        let (_, _, bos_call) = logged(&mut store, "Bo Berg", "555 0199");
        let err = store.contact_facts(marta, Some(CallRef { kind: CallKind::FollowUp, id: bos_call })).unwrap_err();
        assert_eq!(err.kind(), "not_found");
        assert_eq!(store.contact_facts(999, None).unwrap_err().kind(), "not_found");
        let err = store.contact_facts(marta, Some(CallRef { kind: CallKind::Promise, id: 1 })).unwrap_err();
        assert_eq!(err.kind(), "not_found");
    }
}
