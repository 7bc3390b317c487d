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

/// The first year Mend accepts in a date: an earlier one is a slip of the keyboard (a year
/// typed short, "26" for 2026) rather than a shop's record.
pub const YEAR_MIN: i32 = 2000;
/// The last year Mend accepts in a date. Dates of things still to happen are held closer
/// still, by [`event_time`].
pub const YEAR_MAX: i32 = 2100;
/// How far ahead something still to happen (a promise, a call) may be planned.
pub const EVENT_DAYS_AHEAD_MAX: i64 = 366;

/// Refuses a year that is not four digits from [`YEAR_MIN`] to [`YEAR_MAX`], looking at the
/// text before the first `-` as it was typed ("26", "0026", "-262143", "+262142").
fn plausible_year(value: &str) -> Result<(), String> {
    let typed = value.split_once('-').map_or(value, |(year, _)| year);
    let digits = typed.chars().all(|c| c.is_ascii_digit());
    if typed.is_empty() || !digits || typed.len() > 4 {
        return Err(format!("Please check the year: Mend keeps dates from {YEAR_MIN} to {YEAR_MAX}."));
    }
    if typed.len() < 4 {
        return Err("Please type the year in full, like 2026.".to_string());
    }
    let year: i32 = typed.parse().map_err(|_| "Please type the year in full, like 2026.".to_string())?;
    if year < YEAR_MIN {
        return Err(format!("Please check the year: Mend keeps dates from the year {YEAR_MIN} on."));
    }
    if year > YEAR_MAX {
        return Err(format!("Please check the year: Mend keeps dates up to the year {YEAR_MAX}."));
    }
    Ok(())
}

/// A calendar date "YYYY-MM-DD" with a year from [`YEAR_MIN`] to [`YEAR_MAX`], or empty.
pub fn date(raw: &str) -> Result<Option<NaiveDate>, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let day = NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| "Please enter a date like 2026-03-31.")?;
    plausible_year(value)?;
    Ok(Some(day))
}

/// A local wall-clock time as a `datetime-local` input gives it
/// ("2026-11-22T10:15", seconds optional), turned into UTC for zone `tz`.
///
/// A time that falls twice (clocks going back) means the first of the two; a
/// time that does not exist (clocks going forward) is refused, since we can't
/// know which the user meant.
///
/// The year must be four digits from [`YEAR_MIN`] to [`YEAR_MAX`].
pub fn local_datetime<Tz: TimeZone>(raw: &str, tz: &Tz) -> Result<DateTime<Utc>, String> {
    let value = raw.trim();
    let naive = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S%.f"]
        .iter()
        .find_map(|fmt| NaiveDateTime::parse_from_str(value, fmt).ok())
        .ok_or_else(|| "Please enter a date and time like 2026-11-22 10:15.".to_string())?;
    plausible_year(value)?;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(dt) => Ok(dt.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => {
            Err("That time does not exist on this day because the clocks changed. Please pick another time."
                .to_string())
        }
    }
}

/// The time of something still to happen (a promise kept, a call made), as
/// [`local_datetime`] reads it, at most [`EVENT_DAYS_AHEAD_MAX`] days after `now`. Whether it
/// may lie in the past is the caller's rule.
pub fn event_time<Tz: TimeZone>(raw: &str, tz: &Tz, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let at = local_datetime(raw, tz)?;
    if at > now + chrono::Duration::days(EVENT_DAYS_AHEAD_MAX) {
        return Err("That is more than a year ahead. Please check the year.".to_string());
    }
    Ok(at)
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
        fn years_typed_short_or_absurd_are_refused_in_plain_words() {
            let tz = FixedOffset::east_opt(0).unwrap();
            for raw in ["26-03-01", "026-03-01"] {
                assert_eq!(date(raw).unwrap_err(), "Please type the year in full, like 2026.", "{raw}");
            }
            assert_eq!(local_datetime("26-03-01T10:00", &tz).unwrap_err(), "Please type the year in full, like 2026.");
            for raw in ["0026-03-01", "0000-01-01", "1999-12-31"] {
                assert!(date(raw).unwrap_err().contains("from the year 2000 on"), "{raw}");
            }
            for raw in ["-262143-01-01", "+262142-12-31", "2101-01-01", "9999-12-31"] {
                let err = date(raw).unwrap_err();
                assert!(err.starts_with("Please check the year"), "{raw}: {err}");
                let err = local_datetime(&format!("{raw}T10:00"), &tz).unwrap_err();
                assert!(err.starts_with("Please check the year"), "{raw}: {err}");
            }
            assert_eq!(date("2000-01-01").unwrap(), NaiveDate::from_ymd_opt(2000, 1, 1));
            assert_eq!(date("2100-12-31").unwrap(), NaiveDate::from_ymd_opt(2100, 12, 31));
        }

        #[test]
        fn days_that_do_not_exist_are_refused() {
            let tz = FixedOffset::east_opt(0).unwrap();
            assert_eq!(date("2026-02-31").unwrap_err(), "Please enter a date like 2026-03-31.");
            assert!(date("2026-02-29").is_err());
            assert!(date("2028-02-29").is_ok());
            assert!(local_datetime("2026-02-31T10:00", &tz).unwrap_err().contains("date and time"));
        }

        #[test]
        fn the_hour_a_clock_change_skips_is_refused_and_the_repeated_one_is_the_first() {
            use chrono_tz::Europe::Berlin;
            let now: DateTime<Utc> = "2026-03-01T09:00:00Z".parse().unwrap();
            let err = event_time("2026-03-29T02:30", &Berlin, now).unwrap_err();
            assert!(err.starts_with("That time does not exist on this day because the clocks changed."), "{err}");
            assert_eq!(local_datetime("2026-10-25T02:30", &Berlin).unwrap().to_rfc3339(), "2026-10-25T00:30:00+00:00");
        }

        #[test]
        fn an_event_more_than_a_year_ahead_is_refused() {
            let tz = FixedOffset::east_opt(0).unwrap();
            let now: DateTime<Utc> = "2026-12-03T09:00:00Z".parse().unwrap();
            assert!(event_time("2027-12-03T09:00", &tz, now).is_ok());
            let err = event_time("2027-12-05T09:00", &tz, now).unwrap_err();
            assert_eq!(err, "That is more than a year ahead. Please check the year.");
            assert!(event_time("0026-12-05T09:00", &tz, now).unwrap_err().contains("2000"));
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
