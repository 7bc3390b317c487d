//! The shop's own settings: its name and the currency it works in.

use crate::domain::validate::{self, Checker};
use crate::error::Result;
use serde::{Deserialize, Serialize};

/// The currencies offered in Settings: ISO 4217 code and English name.
pub const CURRENCIES: &[(&str, &str)] = &[
    ("USD", "US dollar"),
    ("EUR", "Euro"),
    ("GBP", "Pound sterling"),
    ("CAD", "Canadian dollar"),
    ("AUD", "Australian dollar"),
    ("NZD", "New Zealand dollar"),
    ("CHF", "Swiss franc"),
    ("SEK", "Swedish krona"),
    ("NOK", "Norwegian krone"),
    ("DKK", "Danish krone"),
    ("PLN", "Polish złoty"),
    ("CZK", "Czech koruna"),
    ("JPY", "Japanese yen"),
    ("INR", "Indian rupee"),
    ("ZAR", "South African rand"),
    ("BRL", "Brazilian real"),
    ("MXN", "Mexican peso"),
    ("SGD", "Singapore dollar"),
];

/// The business settings as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The shop's name, shown in the app's header.
    pub business_name: String,
    /// ISO 4217 code of the shop's currency.
    pub currency: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self { business_name: String::new(), currency: "USD".to_string() }
    }
}

impl Settings {
    /// Checks settings typed in the Settings screen.
    pub fn validated(input: &Settings) -> Result<Settings> {
        let mut c = Checker::new();
        let business_name = c.check("business_name", validate::optional_text(&input.business_name, validate::NAME_MAX));
        let code = input.currency.trim().to_ascii_uppercase();
        if !CURRENCIES.iter().any(|(c, _)| *c == code) {
            c.fail("currency", "Please choose a currency from the list.");
        }
        c.finish()?;
        Ok(Settings { business_name: business_name.unwrap_or_default(), currency: code })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_known_currency_in_any_case() {
        let s = Settings::validated(&Settings { business_name: " Salon Ana ".into(), currency: "eur".into() }).unwrap();
        assert_eq!(s, Settings { business_name: "Salon Ana".into(), currency: "EUR".into() });
    }

    #[test]
    fn unknown_currency() {
        let err = Settings::validated(&Settings { business_name: String::new(), currency: "XXX".into() }).unwrap_err();
        assert_eq!(serde_json::to_value(err).unwrap()["fields"]["currency"], "Please choose a currency from the list.");
    }
}
