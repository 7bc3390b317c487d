//! Checks and conversions for what people type.
//!
//! Each function takes the raw text from a form and either returns the clean
//! value or a sentence that tells the user how to fix it. Collecting those
//! sentences per field is the job of [`Checker`].

use crate::error::{Error, FieldErrors};
use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Longest name we accept (customer, staff, category).
pub const NAME_MAX: usize = 120;
/// Longest free text we accept (what happened, notes, ...).
pub const TEXT_MAX: usize = 4000;
/// Largest amount of money we accept, in cents (one million).
pub const MONEY_MAX_CENTS: i64 = 100_000_000;

/// Gathers field errors so a form gets every problem at once, not one per try.
#[derive(Debug, Default)]
pub struct Checker {
    errors: FieldErrors,
}

impl Checker {
    /// A checker with no errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps `Ok` values and records the message of an `Err` under `field`.
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.errors.entry(field.to_string()).or_insert(message);
                None
            }
        }
    }

    /// Records a message for `field` directly.
    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors.entry(field.to_string()).or_insert_with(|| message.into());
    }

    /// `Ok(())` when nothing failed, else the collected [`Error::Invalid`].
    pub fn finish(self) -> Result<(), Error> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.errors))
        }
    }
}

fn too_long(limit: usize, len: usize) -> String {
    format!(
        "That is too long: please keep it under {} characters (this has {}).",
        group_thousands(limit as i64),
        group_thousands(len as i64)
    )
}

fn group_thousands(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A name that must be present: trimmed, not empty, not too long, one line.
pub fn required_name(raw: &str, what: &str) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(format!("Please enter the {what}."));
    }
    let len = value.chars().count();
    if len > NAME_MAX {
        return Err(too_long(NAME_MAX, len));
    }
    if value.chars().any(|c| c.is_control()) {
        return Err(format!("The {what} must fit on one line."));
    }
    Ok(value.to_string())
}

/// Free text that may be empty; trimmed and limited to `max` characters.
pub fn optional_text(raw: &str, max: usize) -> Result<String, String> {
    let value = raw.trim();
    let len = value.chars().count();
    if len > max {
        return Err(too_long(max, len));
    }
    Ok(value.to_string())
}

/// Free text that must be present.
pub fn required_text(raw: &str, max: usize, empty_message: &str) -> Result<String, String> {
    let value = optional_text(raw, max)?;
    if value.is_empty() {
        return Err(empty_message.to_string());
    }
    Ok(value)
}

/// A phone number: digits with the usual separators, or empty.
pub fn phone(raw: &str) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(String::new());
    }
    if value.chars().count() > 40 {
        return Err("That phone number is too long.".to_string());
    }
    let allowed = |c: char| c.is_ascii_digit() || " +-().ext/".contains(c);
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if !value.chars().all(allowed) || digits < 3 {
        return Err("Please enter a phone number using digits, spaces, + - ( ).".to_string());
    }
    Ok(value.to_string())
}

/// The digits of a phone number, used to spot the same customer twice.
pub fn phone_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// An e-mail address (a light check: something@something.something), or empty.
pub fn email(raw: &str) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(String::new());
    }
    let bad = || "Please enter an e-mail address like name@example.com.".to_string();
    if value.chars().count() > 254 || value.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    let (local, domain) = value.rsplit_once('@').ok_or_else(bad)?;
    if local.is_empty() || !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
        return Err(bad());
    }
    Ok(value.to_string())
}

/// An amount of money typed by a person ("45", "45.5", "45.50", "1,234.50",
/// "45,50"), as cents. Empty gives `None`.
pub fn money(raw: &str) -> Result<Option<i64>, String> {
    let value: String = raw.trim().chars().filter(|c| !c.is_whitespace()).collect();
    if value.is_empty() {
        return Ok(None);
    }
    if value.starts_with('-') {
        return Err("The amount can't be negative.".to_string());
    }
    let bad = || "Please enter an amount like 45 or 45.50.".to_string();
    // A comma followed by one or two digits at the end is a decimal comma
    // ("45,50"); any other comma groups thousands ("1,234.50").
    let normalized = match value.rfind(',') {
        Some(pos) if !value.contains('.') && value.len() - pos - 1 <= 2 => {
            let mut s = value.clone();
            s.replace_range(pos..=pos, ".");
            s
        }
        _ => value.replace(',', ""),
    };
    let (whole, frac) = match normalized.split_once('.') {
        Some((w, f)) => (w, f),
        None => (normalized.as_str(), ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return Err(bad());
    }
    if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    if frac.len() > 2 {
        return Err("Please use at most two decimals (for example 45.50).".to_string());
    }
    if whole.len() > 9 {
        return Err("That amount is too large.".to_string());
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().map_err(|_| bad())? * 10,
        _ => frac.parse().map_err(|_| bad())?,
    };
    let cents = whole * 100 + frac;
    if cents > MONEY_MAX_CENTS {
        return Err("That amount is too large (the most Mend accepts is 1,000,000).".to_string());
    }
    Ok(Some(cents))
}

/// A whole number that can't be negative ("12"); empty gives 0.
pub fn count(raw: &str) -> Result<i64, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(0);
    }
    if value.starts_with('-') {
        return Err("This can't be negative.".to_string());
    }
    value
        .parse::<i64>()
        .ok()
        .filter(|n| *n <= 1_000_000)
        .ok_or_else(|| "Please enter a whole number, like 12.".to_string())
}

/// A calendar date "YYYY-MM-DD", or empty.
pub fn date(raw: &str) -> Result<Option<NaiveDate>, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| "Please enter a date like 2026-03-31.".to_string())
}

/// A local wall-clock time as a `datetime-local` input gives it
/// ("2026-11-22T10:15", seconds optional), turned into UTC for zone `tz`.
///
/// A time that falls twice (clocks going back) means the first of the two; a
/// time that does not exist (clocks going forward) is refused, since we can't
/// know which the user meant.
pub fn local_datetime<Tz: TimeZone>(raw: &str, tz: &Tz) -> Result<DateTime<Utc>, String> {
    let value = raw.trim();
    let naive = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S%.f"]
        .iter()
        .find_map(|fmt| NaiveDateTime::parse_from_str(value, fmt).ok())
        .ok_or_else(|| "Please enter a date and time like 2026-11-22 10:15.".to_string())?;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(dt) => Ok(dt.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => {
            Err("That time does not exist on this day because the clocks changed. Please pick another time."
                .to_string())
        }
    }
}

/// The UTC instant at which local calendar day `day` starts in `tz`.
pub fn start_of_local_day<Tz: TimeZone>(day: NaiveDate, tz: &Tz) -> DateTime<Utc> {
    let mut naive = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    // Where midnight itself is skipped by a clock change, the day starts at the
    // first minute that exists.
    for _ in 0..180 {
        match tz.from_local_datetime(&naive) {
            LocalResult::Single(dt) | LocalResult::Ambiguous(dt, _) => return dt.with_timezone(&Utc),
            LocalResult::None => naive += chrono::Duration::minutes(1),
        }
    }
    Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight exists"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    mod money {
        use super::*;

        #[test]
        fn plain_and_decimal_forms() {
            assert_eq!(money("45").unwrap(), Some(4500));
            assert_eq!(money("45.5").unwrap(), Some(4550));
            assert_eq!(money(" 45.50 ").unwrap(), Some(4550));
            assert_eq!(money("45,50").unwrap(), Some(4550));
            assert_eq!(money("1,234.50").unwrap(), Some(123450));
            assert_eq!(money("1,234").unwrap(), Some(123400));
            assert_eq!(money(".5").unwrap(), Some(50));
            assert_eq!(money("").unwrap(), None);
        }

        mod error {
            use super::*;

            #[test]
            fn negative() {
                assert_eq!(money("-5").unwrap_err(), "The amount can't be negative.");
            }

            #[test]
            fn not_a_number() {
                assert!(money("abc").unwrap_err().contains("amount like 45"));
                assert!(money("4.5.6").is_err());
                assert!(money(".").is_err());
            }

            #[test]
            fn three_decimals() {
                assert!(money("4.555").unwrap_err().contains("two decimals"));
            }

            #[test]
            fn too_large() {
                assert!(money("1000000.01").unwrap_err().contains("too large"));
                assert!(money("99999999999999999999").unwrap_err().contains("too large"));
            }
        }
    }

    mod text {
        use super::*;

        #[test]
        fn name_is_trimmed() {
            assert_eq!(required_name("  Ana Ruiz ", "name").unwrap(), "Ana Ruiz");
        }

        #[test]
        fn empty_name() {
            assert_eq!(required_name("   ", "customer's name").unwrap_err(), "Please enter the customer's name.");
        }

        #[test]
        fn hundred_kilobytes_of_text() {
            let big = "x".repeat(100 * 1024);
            let err = optional_text(&big, TEXT_MAX).unwrap_err();
            assert!(err.contains("4,000"), "{err}");
            assert!(err.contains("102,400"), "{err}");
        }
    }

    mod contact {
        use super::*;

        #[test]
        fn phones() {
            assert_eq!(phone("+44 (0)20 7946 0958").unwrap(), "+44 (0)20 7946 0958");
            assert!(phone("call me").is_err());
            assert_eq!(phone_digits("+44 (0)20"), "44020");
        }

        #[test]
        fn emails() {
            assert_eq!(email("ana@example.com").unwrap(), "ana@example.com");
            assert!(email("ana@example").is_err());
            assert!(email("ana example.com").is_err());
            assert_eq!(email("").unwrap(), "");
        }
    }

    mod datetime {
        use super::*;

        #[test]
        fn local_input_becomes_utc() {
            let tz = FixedOffset::east_opt(2 * 3600).unwrap();
            let utc = local_datetime("2026-11-22T10:15", &tz).unwrap();
            assert_eq!(utc.to_rfc3339(), "2026-11-22T08:15:00+00:00");
        }

        #[test]
        fn unparseable() {
            let tz = FixedOffset::east_opt(0).unwrap();
            assert!(local_datetime("yesterday", &tz).unwrap_err().contains("date and time"));
            assert!(local_datetime("2026-02-30T10:00", &tz).is_err());
        }

        #[test]
        fn dates() {
            assert_eq!(date("2026-03-31").unwrap(), NaiveDate::from_ymd_opt(2026, 3, 31));
            assert!(date("31/03/2026").is_err());
        }

        #[test]
        fn start_of_day_in_fixed_zone() {
            let tz = FixedOffset::west_opt(5 * 3600).unwrap();
            let day = NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
            assert_eq!(start_of_local_day(day, &tz).to_rfc3339(), "2026-01-10T05:00:00+00:00");
        }
    }

    #[test]
    fn checker_collects_every_field() {
        let mut c = Checker::new();
        c.check("a", Err::<(), _>("first".into()));
        c.check("b", Err::<(), _>("second".into()));
        c.check("a", Err::<(), _>("ignored".into()));
        match c.finish() {
            Err(Error::Invalid(fields)) => {
                assert_eq!(fields.len(), 2);
                assert_eq!(fields["a"], "first");
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
