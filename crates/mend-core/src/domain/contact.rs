//! Reaching a customer: the `tel:`, `sms:` and `mailto:` links Mend hands to the system's
//! phone, messages and e-mail programs, built only from the phone number and e-mail address
//! on the customer's card, so no other kind of link can come out of here.
//!
//! Phone numbers are written for dialling: digits, with a leading `+` when the number has one,
//! the UK-style "(0)" after a country code dropped, and an extension ("ext 12", "x12") left
//! off. Texts and e-mails carry the filled-in message, percent-encoded (RFC 5724 for `sms:`,
//! RFC 6068 for `mailto:`, whose line ends are CRLF).

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize, Serializer};

/// How to reach the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactHow {
    /// A phone call (`tel:`).
    Call,
    /// A text message (`sms:`).
    Text,
    /// An e-mail (`mailto:`).
    Email,
}

impl ContactHow {
    /// Every way, in the order the screens offer them.
    pub const ALL: [ContactHow; 3] = [ContactHow::Call, ContactHow::Text, ContactHow::Email];

    /// The value the window sends.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactHow::Call => "call",
            ContactHow::Text => "text",
            ContactHow::Email => "email",
        }
    }

    /// The words shown to people.
    pub fn label(self) -> &'static str {
        match self {
            ContactHow::Call => "Call",
            ContactHow::Text => "Text",
            ContactHow::Email => "E-mail",
        }
    }

    /// Reads a sent value.
    pub fn parse(value: &str) -> Option<ContactHow> {
        ContactHow::ALL.into_iter().find(|h| h.as_str() == value)
    }

    /// A value sent by the window (field `how`).
    pub fn from_input(value: &str) -> Result<ContactHow> {
        ContactHow::parse(value.trim())
            .ok_or_else(|| Error::field("how", "Please choose to call, text or e-mail the customer."))
    }

    /// Whether this way carries a written message.
    pub fn carries_message(self) -> bool {
        !matches!(self, ContactHow::Call)
    }
}

impl Serialize for ContactHow {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Which line of the call list a contact is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    /// A follow-up call.
    FollowUp,
    /// A promise due.
    Promise,
}

impl CallKind {
    /// The value the call list uses.
    pub fn as_str(self) -> &'static str {
        match self {
            CallKind::FollowUp => "follow_up",
            CallKind::Promise => "promise",
        }
    }

    /// The words shown to people.
    pub fn label(self) -> &'static str {
        match self {
            CallKind::FollowUp => "Follow-up call",
            CallKind::Promise => "Promise",
        }
    }

    /// Reads a sent value.
    pub fn parse(value: &str) -> Option<CallKind> {
        [CallKind::FollowUp, CallKind::Promise].into_iter().find(|k| k.as_str() == value)
    }
}

/// A line of the call list, as the window names it: `{kind, id}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct CallRef {
    /// A follow-up call or a promise.
    pub kind: CallKind,
    /// Its id.
    pub id: i64,
}

/// The number to dial: digits, with a leading `+` when written; `None` when there are fewer
/// than three digits.
pub fn dial_number(phone: &str) -> Option<String> {
    let phone = phone.trim().trim_start_matches('\'');
    // An extension is not dialled: "555 0142 ext 12", "555 0142 x12".
    let number = phone.split(|c: char| c.is_alphabetic()).next().unwrap_or_default();
    let plus = number.trim_start().starts_with('+');
    // "+44 (0)20 …": the 0 in brackets is dialled only from inside the country.
    let number = if plus { number.replace("(0)", "") } else { number.to_string() };
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 3 {
        return None;
    }
    Some(if plus { format!("+{digits}") } else { digits })
}

/// Percent-encodes `text` for a link: everything but letters, digits and `-._~` (and `keep`).
fn encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A written message: the e-mail subject and the text.
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    /// Used by e-mail only.
    pub subject: &'a str,
    /// The text.
    pub body: &'a str,
}

/// The customer's phone number and e-mail address, as on their card.
#[derive(Debug, Clone, Copy)]
pub struct Reach<'a> {
    /// The customer's name, for the messages.
    pub name: &'a str,
    /// The phone number as typed.
    pub phone: &'a str,
    /// The e-mail address.
    pub email: &'a str,
}

fn no_phone(name: &str, how: ContactHow) -> Error {
    let verb = if how == ContactHow::Call { "call" } else { "text" };
    Error::field(
        "phone",
        format!("There is no phone number to {verb} on {name}’s card. Add one on the card (Customers → {name} → Edit), or e-mail them instead."),
    )
}

/// The link that reaches the customer `how`, with `message` for a text or an e-mail.
pub fn contact_uri(how: ContactHow, reach: Reach<'_>, message: Option<Message<'_>>) -> Result<String> {
    let name = if reach.name.trim().is_empty() { "the customer" } else { reach.name.trim() };
    match how {
        ContactHow::Call => dial_number(reach.phone).map(|n| format!("tel:{n}")).ok_or_else(|| no_phone(name, how)),
        ContactHow::Text => {
            let number = dial_number(reach.phone).ok_or_else(|| no_phone(name, how))?;
            Ok(match message.filter(|m| !m.body.is_empty()) {
                Some(m) => format!("sms:{number}?body={}", encode(m.body, b"")),
                None => format!("sms:{number}"),
            })
        }
        ContactHow::Email => {
            let address = reach.email.trim();
            if address.is_empty() || !address.contains('@') || address.contains(char::is_whitespace) {
                return Err(Error::field(
                    "email",
                    format!("There is no e-mail address on {name}’s card. Add one on the card (Customers → {name} → Edit), or call or text them instead."),
                ));
            }
            let mut uri = format!("mailto:{}", encode(address, b"@+"));
            if let Some(m) = message {
                let mut query = Vec::new();
                if !m.subject.is_empty() {
                    query.push(format!("subject={}", encode(m.subject, b"")));
                }
                if !m.body.is_empty() {
                    query.push(format!("body={}", encode(&m.body.replace('\n', "\r\n"), b"")));
                }
                if !query.is_empty() {
                    uri.push('?');
                    uri.push_str(&query.join("&"));
                }
            }
            Ok(uri)
        }
    }
}

/// Whether `uri` is one of the kinds Mend opens (`tel:`, `sms:`, `mailto:`): checked once more
/// right before a link leaves Mend.
pub fn is_contact_uri(uri: &str) -> bool {
    ["tel:", "sms:", "mailto:"].iter().any(|scheme| uri.starts_with(scheme))
        && !uri.contains(|c: char| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach<'a>(phone: &'a str, email: &'a str) -> Reach<'a> {
        Reach { name: "Zoë Brandt", phone, email }
    }

    #[test]
    fn phone_numbers_are_written_for_dialling() {
        assert_eq!(dial_number("555 0142").as_deref(), Some("5550142"));
        assert_eq!(dial_number("+44 7700 900123").as_deref(), Some("+447700900123"));
        assert_eq!(dial_number("'+44 7700 900123").as_deref(), Some("+447700900123"));
        assert_eq!(dial_number("+44 (0)20 7946 0958").as_deref(), Some("+442079460958"));
        assert_eq!(dial_number("(020) 7946-0958").as_deref(), Some("02079460958"));
        assert_eq!(dial_number("030/1234567").as_deref(), Some("0301234567"));
        assert_eq!(dial_number("555 0142 ext 12").as_deref(), Some("5550142"));
        assert_eq!(dial_number("555 0142 x12").as_deref(), Some("5550142"));
        assert_eq!(dial_number("1+2"), None, "a plus inside the number is not a country code");
        assert_eq!(dial_number("12"), None);
        assert_eq!(dial_number(""), None);
    }

    #[test]
    fn a_call_is_a_tel_link() {
        assert_eq!(contact_uri(ContactHow::Call, reach("+44 7700 900123", ""), None).unwrap(), "tel:+447700900123");
    }

    #[test]
    fn a_text_carries_the_message_encoded() {
        let message = Message { subject: "ignored", body: "Hello Zoë,\n\nAll good? 100% & “fine” 👍" };
        let uri = contact_uri(ContactHow::Text, reach("555 0142", ""), Some(message)).unwrap();
        assert_eq!(
            uri,
            "sms:5550142?body=Hello%20Zo%C3%AB%2C%0A%0AAll%20good%3F%20100%25%20%26%20%E2%80%9Cfine%E2%80%9D%20%F0%9F%91%8D"
        );
        assert!(is_contact_uri(&uri));
        assert_eq!(contact_uri(ContactHow::Text, reach("555 0142", ""), None).unwrap(), "sms:5550142");
    }

    #[test]
    fn an_email_carries_subject_and_body_with_crlf_line_ends() {
        let message = Message { subject: "We’re sorry – Salon Ana", body: "Hi Zoë,\nsee you?" };
        let uri = contact_uri(ContactHow::Email, reach("", "zoe+salon@example.com"), Some(message)).unwrap();
        assert_eq!(
            uri,
            "mailto:zoe+salon@example.com?subject=We%E2%80%99re%20sorry%20%E2%80%93%20Salon%20Ana&body=Hi%20Zo%C3%AB%2C%0D%0Asee%20you%3F"
        );
        assert_eq!(
            contact_uri(ContactHow::Email, reach("", "a&b@example.com"), None).unwrap(),
            "mailto:a%26b@example.com"
        );
    }

    #[test]
    fn no_link_for_a_customer_without_phone_or_email() {
        let err = contact_uri(ContactHow::Text, reach("", "zoe@example.com"), None).unwrap_err().for_ui();
        assert_eq!(err.kind, "invalid");
        assert!(err.message.starts_with("There is no phone number to text on Zoë Brandt’s card."), "{}", err.message);
        assert!(contact_uri(ContactHow::Call, reach("12", ""), None).is_err());
        let err = contact_uri(ContactHow::Email, reach("555 0142", ""), None).unwrap_err().for_ui();
        assert!(err.fields["email"].starts_with("There is no e-mail address on Zoë Brandt’s card."));
    }

    #[test]
    fn only_tel_sms_and_mailto_links_count() {
        assert!(is_contact_uri("tel:+1555"));
        assert!(is_contact_uri("mailto:a@b.c"));
        assert!(!is_contact_uri("https://example.com"));
        assert!(!is_contact_uri("file:///etc/passwd"));
        assert!(!is_contact_uri("tel:1 2"));
        assert!(ContactHow::from_input("fax").is_err());
        assert_eq!(ContactHow::from_input("email").unwrap(), ContactHow::Email);
    }
}
