//! Incidents ("service breakdowns"): what a complaint is made of and which
//! values are acceptable.

use crate::domain::breakdown::{FailureKind, Fault, Severity};
use crate::domain::customer::{CustomerFields, NewCustomerInput};
use crate::domain::validate::{self, Checker};
use crate::error::Result;
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// How the complaint reached the shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// At the counter.
    InPerson,
    /// On the phone.
    Phone,
    /// By e-mail.
    Email,
    /// Text message, chat or social media message.
    Message,
    /// A public review site.
    ReviewSite,
    /// Anything else.
    Other,
}

impl Channel {
    /// All channels in the order the form lists them.
    pub const ALL: [Channel; 6] =
        [Channel::InPerson, Channel::Phone, Channel::Email, Channel::Message, Channel::ReviewSite, Channel::Other];

    /// The value stored in the database and sent to the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::InPerson => "in_person",
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::Message => "message",
            Channel::ReviewSite => "review_site",
            Channel::Other => "other",
        }
    }

    /// The words shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Channel::InPerson => "In person",
            Channel::Phone => "Phone",
            Channel::Email => "Email",
            Channel::Message => "Message",
            Channel::ReviewSite => "Review site",
            Channel::Other => "Other",
        }
    }

    /// Reads a stored value.
    pub fn parse(value: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == value)
    }
}

/// Whether an incident is still being worked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Still being worked on.
    Open,
    /// Put right.
    Resolved,
}

impl Status {
    /// Both statuses.
    pub const ALL: [Status; 2] = [Status::Open, Status::Resolved];

    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Resolved => "resolved",
        }
    }

    /// The words shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "Open",
            Status::Resolved => "Resolved",
        }
    }

    /// Reads a stored value.
    pub fn parse(value: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// Where a promise made to a customer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PromiseStatus {
    /// Not closed yet.
    Open,
    /// Done as promised.
    Kept,
    /// Not done, with the reason recorded.
    Broken,
}

impl PromiseStatus {
    /// Every status, in the order screens list them.
    pub const ALL: [PromiseStatus; 3] = [PromiseStatus::Open, PromiseStatus::Kept, PromiseStatus::Broken];

    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            PromiseStatus::Open => "open",
            PromiseStatus::Kept => "kept",
            PromiseStatus::Broken => "broken",
        }
    }

    /// The words shown to people.
    pub fn label(self) -> &'static str {
        match self {
            PromiseStatus::Open => "Open",
            PromiseStatus::Kept => "Kept",
            PromiseStatus::Broken => "Broken",
        }
    }

    /// Reads a stored value.
    pub fn parse(value: &str) -> Option<PromiseStatus> {
        PromiseStatus::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

/// The incident form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct IncidentInput {
    /// An existing customer ...
    pub customer_id: Option<i64>,
    /// ... or one to create with the incident.
    pub new_customer: Option<NewCustomerInput>,
    /// Local wall-clock time ("2026-11-22T10:15"); empty means now.
    pub received_at: String,
    /// Channel value ("phone").
    pub channel: String,
    /// Category id.
    pub category_id: Option<i64>,
    /// 1 to 5.
    pub severity: Option<i64>,
    /// What happened, in the customer's words.
    pub description: String,
    /// What would make them happy.
    pub desired_outcome: String,
    /// Value of the transaction as typed; empty when unknown.
    pub transaction_value: String,
    /// Staff id of who took the complaint.
    pub taken_by: Option<i64>,
    /// The playbook to follow; `None` means the shop's default.
    pub playbook_id: Option<i64>,
    /// "outcome" or "process"; empty means outcome.
    pub failure_kind: String,
    /// "shop", "third_party", "customer" or "unknown"; empty means shop.
    pub fault: String,
    /// On an edit, the row version the form loaded (the incident's
    /// `version`); the save is refused when someone else saved since. Not
    /// used when logging a new incident.
    pub version: Option<i64>,
}

/// Who the incident is about, after checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerRef {
    /// A customer already on file.
    Existing(i64),
    /// A customer to create in the same transaction.
    New(CustomerFields),
}

/// A checked incident, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentFields {
    /// The customer.
    pub customer: CustomerRef,
    /// When the complaint was received (UTC).
    pub received_at: DateTime<Utc>,
    /// How it reached the shop.
    pub channel: Channel,
    /// Category id, if chosen.
    pub category_id: Option<i64>,
    /// How serious it is.
    pub severity: Severity,
    /// What happened.
    pub description: String,
    /// What would make them happy.
    pub desired_outcome: String,
    /// Transaction value in cents.
    pub transaction_cents: Option<i64>,
    /// Who took it.
    pub taken_by: Option<i64>,
    /// The playbook chosen; `None` means the shop's default.
    pub playbook_id: Option<i64>,
    /// What failed.
    pub failure_kind: FailureKind,
    /// Whose fault.
    pub fault: Fault,
}

/// How far ahead of the clock a received time may be (a clock a little off).
const FUTURE_SLACK_MINUTES: i64 = 10;

impl IncidentInput {
    /// Checks the form. `now` fills an empty time; `tz` reads the typed time.
    pub fn validated<Tz: TimeZone>(&self, now: DateTime<Utc>, tz: &Tz) -> Result<IncidentFields> {
        let mut c = Checker::new();
        let customer = match (self.customer_id, &self.new_customer) {
            (Some(id), _) => Some(CustomerRef::Existing(id)),
            (None, Some(new)) => new.validated(&mut c, "new_customer.").map(CustomerRef::New),
            (None, None) => {
                c.fail("customer", "Please choose a customer, or type a name to add a new one.");
                None
            }
        };
        let received_at = if self.received_at.trim().is_empty() {
            Some(now)
        } else {
            c.check("received_at", validate::local_datetime(&self.received_at, tz))
        };
        if let Some(at) = received_at {
            if at > now + Duration::minutes(FUTURE_SLACK_MINUTES) {
                c.fail("received_at", "That time is in the future. When did the customer tell you?");
            }
        }
        let channel = Channel::parse(self.channel.trim());
        if channel.is_none() {
            c.fail("channel", "Please choose how the complaint reached you.");
        }
        let severity = self.severity.and_then(Severity::new);
        if severity.is_none() {
            c.fail("severity", "Please choose a severity from 1 (minor) to 5 (critical).");
        }
        let description = c.check(
            "description",
            validate::required_text(
                &self.description,
                validate::TEXT_MAX,
                "Please write what happened, in the customer's words.",
            ),
        );
        let desired_outcome =
            c.check("desired_outcome", validate::optional_text(&self.desired_outcome, validate::TEXT_MAX));
        let transaction_cents = c.check("transaction_value", validate::money(&self.transaction_value));
        // An empty choice is the usual case: the work itself, our fault.
        let failure_kind = match self.failure_kind.trim() {
            "" => Some(FailureKind::default()),
            code => FailureKind::parse(code),
        };
        if failure_kind.is_none() {
            c.fail("failure_kind", "Please choose whether the work itself or the handling went wrong.");
        }
        let fault = match self.fault.trim() {
            "" => Some(Fault::default()),
            code => Fault::parse(code),
        };
        if fault.is_none() {
            c.fail("fault", "Please choose whose fault it was, or \"Not known yet\".");
        }
        c.finish()?;
        Ok(IncidentFields {
            customer: customer.expect("checked"),
            received_at: received_at.expect("checked"),
            channel: channel.expect("checked"),
            category_id: self.category_id,
            severity: severity.expect("checked"),
            description: description.expect("checked"),
            desired_outcome: desired_outcome.expect("checked"),
            transaction_cents: transaction_cents.expect("checked"),
            taken_by: self.taken_by,
            playbook_id: self.playbook_id,
            failure_kind: failure_kind.expect("checked"),
            fault: fault.expect("checked"),
        })
    }
}

/// Filters of the incident list, as the UI sends them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct IncidentFilter {
    /// Words to search for in the customer's name and the incident's texts.
    pub q: String,
    /// "", "open" or "resolved".
    pub status: String,
    /// Exact severity.
    pub severity: Option<i64>,
    /// Category id.
    pub category_id: Option<i64>,
    /// First local day, "YYYY-MM-DD" or empty.
    pub from: String,
    /// Last local day (inclusive), "YYYY-MM-DD" or empty.
    pub to: String,
}

/// A checked filter, with the date range turned into UTC instants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// An FTS5 query, if words were given.
    pub fts: Option<String>,
    /// Status to keep.
    pub status: Option<Status>,
    /// Severity to keep.
    pub severity: Option<i64>,
    /// Category to keep.
    pub category_id: Option<i64>,
    /// Received at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Received before this instant.
    pub until: Option<DateTime<Utc>>,
}

impl IncidentFilter {
    /// Checks the filter and works out the UTC range of the chosen days.
    pub fn validated<Tz: TimeZone>(&self, tz: &Tz) -> Result<ListQuery> {
        let mut c = Checker::new();
        let status = match self.status.trim() {
            "" | "all" => None,
            "open" => Some(Status::Open),
            "resolved" => Some(Status::Resolved),
            _ => {
                c.fail("status", "Please choose Open, Resolved or All.");
                None
            }
        };
        if let Some(s) = self.severity {
            if !(1..=5).contains(&s) {
                c.fail("severity", "Please choose a severity from 1 to 5.");
            }
        }
        let from = c.check("from", validate::date(&self.from)).flatten();
        let to = c.check("to", validate::date(&self.to)).flatten();
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                c.fail("to", "The end date is before the start date.");
            }
        }
        c.finish()?;
        Ok(ListQuery {
            fts: fts_query(&self.q),
            status,
            severity: self.severity,
            category_id: self.category_id,
            from: from.map(|d| validate::start_of_local_day(d, tz)),
            until: to.and_then(|d| d.succ_opt()).map(|d| validate::start_of_local_day(d, tz)),
        })
    }
}

/// Turns typed words into an FTS5 query: every word must appear, each may be
/// the start of a longer word, and nothing typed can break the query syntax.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use chrono::FixedOffset;

    fn now() -> DateTime<Utc> {
        "2026-11-22T12:00:00Z".parse().unwrap()
    }

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    fn valid() -> IncidentInput {
        IncidentInput {
            customer_id: Some(1),
            channel: "phone".into(),
            severity: Some(3),
            description: "Colour came out orange".into(),
            ..Default::default()
        }
    }

    fn fields_of(err: Error) -> crate::error::FieldErrors {
        match err {
            Error::Invalid(f) => f,
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    mod validated {
        use super::*;

        #[test]
        fn success_defaults_time_to_now() {
            let f = valid().validated(now(), &utc()).unwrap();
            assert_eq!(f.received_at, now());
            assert_eq!(f.channel, Channel::Phone);
            assert_eq!(f.customer, CustomerRef::Existing(1));
            assert_eq!(f.transaction_cents, None);
        }

        #[test]
        fn success_with_new_customer() {
            let input = IncidentInput {
                customer_id: None,
                new_customer: Some(NewCustomerInput {
                    name: "Ana".into(),
                    phone: "555 0101".into(),
                    email: String::new(),
                }),
                ..valid()
            };
            let f = input.validated(now(), &utc()).unwrap();
            assert!(matches!(f.customer, CustomerRef::New(ref c) if c.name == "Ana"));
        }

        mod error {
            use super::*;

            #[test]
            fn severity_zero_and_nine() {
                for s in [0, 9] {
                    let f =
                        fields_of(IncidentInput { severity: Some(s), ..valid() }.validated(now(), &utc()).unwrap_err());
                    assert!(f["severity"].contains("1 (minor) to 5"));
                }
            }

            #[test]
            fn unparseable_date() {
                let f = fields_of(
                    IncidentInput { received_at: "last tuesday".into(), ..valid() }
                        .validated(now(), &utc())
                        .unwrap_err(),
                );
                assert!(f.contains_key("received_at"));
            }

            #[test]
            fn future_date() {
                let f = fields_of(
                    IncidentInput { received_at: "2026-11-23T12:00".into(), ..valid() }
                        .validated(now(), &utc())
                        .unwrap_err(),
                );
                assert!(f["received_at"].contains("future"));
            }

            #[test]
            fn negative_amount() {
                let f = fields_of(
                    IncidentInput { transaction_value: "-10".into(), ..valid() }.validated(now(), &utc()).unwrap_err(),
                );
                assert_eq!(f["transaction_value"], "The amount can't be negative.");
            }

            #[test]
            fn huge_text() {
                let f = fields_of(
                    IncidentInput { description: "a".repeat(100 * 1024), ..valid() }
                        .validated(now(), &utc())
                        .unwrap_err(),
                );
                assert!(f["description"].contains("too long"));
            }

            #[test]
            fn empty_new_customer_name_and_no_channel() {
                let input = IncidentInput {
                    customer_id: None,
                    new_customer: Some(NewCustomerInput::default()),
                    channel: String::new(),
                    ..valid()
                };
                let f = fields_of(input.validated(now(), &utc()).unwrap_err());
                assert!(f.contains_key("new_customer.name"));
                assert!(f.contains_key("channel"));
            }

            #[test]
            fn no_customer() {
                let f = fields_of(IncidentInput { customer_id: None, ..valid() }.validated(now(), &utc()).unwrap_err());
                assert!(f.contains_key("customer"));
            }
        }
    }

    mod filter {
        use super::*;

        #[test]
        fn date_range_is_local_days() {
            let tz = FixedOffset::east_opt(3600).unwrap();
            let q = IncidentFilter { from: "2026-11-01".into(), to: "2026-11-30".into(), ..Default::default() }
                .validated(&tz)
                .unwrap();
            assert_eq!(q.from.unwrap().to_rfc3339(), "2026-10-31T23:00:00+00:00");
            assert_eq!(q.until.unwrap().to_rfc3339(), "2026-11-30T23:00:00+00:00");
        }

        #[test]
        fn words_become_safe_prefix_terms() {
            assert_eq!(fts_query("  orange hair\""), Some("\"orange\"* \"hair\"*".to_string()));
            assert_eq!(fts_query("\"*() OR"), Some("\"OR\"*".to_string()));
            assert_eq!(fts_query(" - "), None);
        }

        #[test]
        fn reversed_range() {
            let err = IncidentFilter { from: "2026-11-30".into(), to: "2026-11-01".into(), ..Default::default() }
                .validated(&utc())
                .unwrap_err();
            assert!(fields_of(err).contains_key("to"));
        }
    }
}
