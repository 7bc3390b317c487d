//! Customers as the shop knows them: contact details and how much they matter.

use crate::domain::validate::{self, Checker};
use crate::error::Result;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A customer created on the spot while logging an incident.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewCustomerInput {
    /// Full name as the customer gives it.
    pub name: String,
    /// Phone number, may be empty.
    #[serde(default)]
    pub phone: String,
    /// E-mail address, may be empty.
    #[serde(default)]
    pub email: String,
}

/// The customer form as typed (numbers and dates still text).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CustomerInput {
    /// Full name.
    pub name: String,
    /// Phone number.
    pub phone: String,
    /// E-mail address.
    pub email: String,
    /// Anything worth remembering.
    pub notes: String,
    /// Number of visits so far.
    pub visits: String,
    /// Total spent so far, in the shop's currency.
    pub total_spend: String,
    /// First visit, "YYYY-MM-DD" or empty.
    pub first_visit: String,
    /// Last visit, "YYYY-MM-DD" or empty.
    pub last_visit: String,
    /// Owner-set "very important" flag.
    pub vip: bool,
    /// On an edit, the row version the card loaded (see `Store::update_customer`).
    pub version: Option<i64>,
}

/// A customer's details after checking, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerFields {
    /// Full name.
    pub name: String,
    /// Phone number as typed (trimmed).
    pub phone: String,
    /// E-mail address (trimmed).
    pub email: String,
    /// Free notes.
    pub notes: String,
    /// Visits so far.
    pub visits: i64,
    /// Total spent, in cents.
    pub total_spend_cents: i64,
    /// First visit.
    pub first_visit: Option<NaiveDate>,
    /// Last visit.
    pub last_visit: Option<NaiveDate>,
    /// VIP flag.
    pub vip: bool,
}

impl NewCustomerInput {
    /// Checks the inline customer, reporting errors under `prefix.field`.
    pub fn validated(&self, checker: &mut Checker, prefix: &str) -> Option<CustomerFields> {
        let key = |f: &str| format!("{prefix}{f}");
        let name = checker.check(&key("name"), validate::required_name(&self.name, "customer's name"));
        let phone = checker.check(&key("phone"), validate::phone(&self.phone));
        let email = checker.check(&key("email"), validate::email(&self.email));
        Some(CustomerFields {
            name: name?,
            phone: phone?,
            email: email?,
            notes: String::new(),
            visits: 0,
            total_spend_cents: 0,
            first_visit: None,
            last_visit: None,
            vip: false,
        })
    }
}

impl CustomerInput {
    /// Checks the full customer form.
    pub fn validated(&self) -> Result<CustomerFields> {
        let mut c = Checker::new();
        let base = NewCustomerInput { name: self.name.clone(), phone: self.phone.clone(), email: self.email.clone() }
            .validated(&mut c, "");
        let notes = c.check("notes", validate::optional_text(&self.notes, validate::TEXT_MAX));
        let visits = c.check("visits", validate::count(&self.visits));
        let spend = c.check("total_spend", validate::money(&self.total_spend));
        let first = c.check("first_visit", validate::date(&self.first_visit));
        let last = c.check("last_visit", validate::date(&self.last_visit));
        if let (Some(Some(f)), Some(Some(l))) = (first, last) {
            if l < f {
                c.fail("last_visit", "The last visit can't be before the first visit.");
            }
        }
        c.finish()?;
        let base = base.expect("checked above");
        Ok(CustomerFields {
            notes: notes.unwrap_or_default(),
            visits: visits.unwrap_or_default(),
            total_spend_cents: spend.flatten().unwrap_or(0),
            first_visit: first.flatten(),
            last_visit: last.flatten(),
            vip: self.vip,
            ..base
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn input(name: &str) -> CustomerInput {
        CustomerInput { name: name.into(), ..Default::default() }
    }

    mod validated {
        use super::*;

        #[test]
        fn success() {
            let fields = CustomerInput {
                total_spend: "340".into(),
                visits: "12".into(),
                first_visit: "2024-01-05".into(),
                vip: true,
                ..input("Zoë Martin")
            }
            .validated()
            .unwrap();
            assert_eq!(fields.name, "Zoë Martin");
            assert_eq!(fields.total_spend_cents, 34000);
            assert_eq!(fields.visits, 12);
            assert!(fields.vip);
        }

        mod error {
            use super::*;

            #[test]
            fn empty_name_and_bad_email_reported_together() {
                let err = CustomerInput { email: "nope".into(), ..input(" ") }.validated().unwrap_err();
                let Error::Invalid(fields) = err else { panic!("expected invalid") };
                assert!(fields.contains_key("name"));
                assert!(fields.contains_key("email"));
            }

            #[test]
            fn last_visit_before_first() {
                let err =
                    CustomerInput { first_visit: "2025-05-01".into(), last_visit: "2025-04-01".into(), ..input("Ana") }
                        .validated()
                        .unwrap_err();
                let Error::Invalid(fields) = err else { panic!("expected invalid") };
                assert!(fields["last_visit"].contains("before the first"));
            }
        }
    }
}
