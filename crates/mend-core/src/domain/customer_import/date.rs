//! Days as exports write them ("2024-03-05", "05/03/2024", "5.3.2024",
//! "Mar 5, 2024", with or without a time after), and how to tell day from
//! month in "05/03/2024".

use chrono::{Datelike, NaiveDate};

/// How to read a numeric date whose year comes last ("05/03/2024").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DayOrder {
    /// 05/03/2024 is the 5th of March.
    DayFirst,
    /// 05/03/2024 is the 3rd of May.
    MonthFirst,
}

/// A date written as three numbers with the same separator between them.
#[derive(Debug, Clone, Copy)]
struct NumericDate {
    parts: [u32; 3],
    lengths: [usize; 3],
    separator: u8,
}

/// Decides, once per file, how to read dates like "05/03/2024", from every
/// value of the file's date columns.
///
/// One system writes all its dates the same way, so every value counts: a
/// first number above 12 ("25/03/2024") is a vote for day first, a second
/// number above 12 ("03/25/2024") a vote for month first. The side with more
/// votes wins; with no votes, or as many each way, dates are read day first,
/// as most of the world writes them. A value that does not fit the chosen
/// order is then reported on its own line rather than guessed. Dates with
/// dots ("5.3.2024") are always day first and dates that start with the year
/// ("2024/03/05") always year-month-day, so neither votes.
pub(super) fn date_order<'a>(values: impl IntoIterator<Item = &'a str>) -> DayOrder {
    let mut day_first = 0usize;
    let mut month_first = 0usize;
    for value in values {
        let Some(date) = split_numeric_date(value.trim()) else {
            continue;
        };
        if date.lengths[0] == 4 || date.separator == b'.' {
            continue;
        }
        let [a, b, _] = date.parts;
        if a > 12 && b <= 12 {
            day_first += 1;
        } else if b > 12 && a <= 12 {
            month_first += 1;
        }
    }
    if month_first > day_first {
        DayOrder::MonthFirst
    } else {
        DayOrder::DayFirst
    }
}

/// Formats with a month name, tried in order (English names only; `%B`
/// and `%A` take both full and short names: "March" or "Mar").
const NAMED_MONTH_FORMATS: &[&str] = &[
    "%B %d, %Y",
    "%B %d %Y",
    "%d %B %Y",
    "%d %B, %Y",
    "%d-%B-%Y",
    "%A, %d %B %Y",
    "%A, %B %d, %Y",
    "%A %B %d %Y",
    "%d-%B-%y",
    "%d %B %y",
];

/// A date in one of the forms exports use; empty, or all zeros as some
/// databases write a missing date ("0000-00-00"), gives `None`. A time after
/// the date is allowed and dropped.
pub(super) fn parse_date(raw: &str, order: DayOrder) -> Result<Option<NaiveDate>, ()> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().any(|c| c.is_ascii_digit()) && value.chars().filter(|c| c.is_ascii_digit()).all(|c| c == '0') {
        return Ok(None);
    }
    if let Some(date) = split_numeric_date(value) {
        return numeric_date(date, order).map(Some).ok_or(());
    }
    for format in NAMED_MONTH_FORMATS {
        if let Ok((date, rest)) = NaiveDate::parse_and_remainder(value, format) {
            if time_follows(rest) && plausible(date) {
                return Ok(Some(date));
            }
        }
    }
    Err(())
}

fn plausible(date: NaiveDate) -> bool {
    (1900..=2100).contains(&date.year())
}

/// What may follow a date: nothing, or a time ("14:30", "T14:30:00Z").
fn time_follows(rest: &str) -> bool {
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    match rest.strip_prefix(['T', ' ']) {
        None => rest.is_empty(),
        Some(time) => time.trim_start().starts_with(|c: char| c.is_ascii_digit()),
    }
}

/// Splits "2024-03-05", "05/03/2024", "5.3.2024" or "05/03/24" (with an
/// optional time after) into its three numbers.
fn split_numeric_date(value: &str) -> Option<NumericDate> {
    let bytes = value.as_bytes();
    let mut i = 0;
    let mut parts = [0u32; 3];
    let mut lengths = [0usize; 3];
    let mut separator = None;
    for k in 0..3 {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i - start > 4 {
            return None;
        }
        parts[k] = value[start..i].parse().ok()?;
        lengths[k] = i - start;
        if k < 2 {
            let sep = *bytes.get(i)?;
            if !matches!(sep, b'-' | b'/' | b'.') || separator.is_some_and(|s| s != sep) {
                return None;
            }
            separator = Some(sep);
            i += 1;
        }
    }
    if !time_follows(&value[i..]) {
        return None;
    }
    Some(NumericDate { parts, lengths, separator: separator? })
}

/// The day a [`NumericDate`] stands for, reading day and month in `order`
/// unless the form settles it (year first, or dots).
fn numeric_date(date: NumericDate, order: DayOrder) -> Option<NaiveDate> {
    let [a, b, c] = date.parts;
    let (year, month, day) = if date.lengths[0] == 4 {
        (a, b, c)
    } else {
        let year = match date.lengths[2] {
            4 => c,
            2 if c < 70 => 2000 + c,
            2 => 1900 + c,
            _ => return None,
        };
        if date.separator == b'.' || order == DayOrder::DayFirst {
            (year, b, a)
        } else {
            (year, a, b)
        }
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day).filter(|d| plausible(*d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_forms_exports_use() {
        let d = DayOrder::DayFirst;
        assert_eq!(parse_date("2024-03-05", d), Ok(Some(day(2024, 3, 5))));
        assert_eq!(parse_date("2024/03/05", d), Ok(Some(day(2024, 3, 5))));
        assert_eq!(parse_date("05/03/2024", d), Ok(Some(day(2024, 3, 5))));
        assert_eq!(parse_date("03/05/2024", DayOrder::MonthFirst), Ok(Some(day(2024, 3, 5))));
        assert_eq!(parse_date("5.3.2024", DayOrder::MonthFirst), Ok(Some(day(2024, 3, 5))));
        assert_eq!(parse_date("2024-03-05 14:30", d), Ok(Some(day(2024, 3, 5))));
        assert_eq!(parse_date("2024-03-05T14:30:00Z", d), Ok(Some(day(2024, 3, 5))));
        assert_eq!(parse_date("Mar 5, 2024", d), Ok(Some(day(2024, 3, 5))));
        assert_eq!(parse_date("March 5, 2024", d), Ok(Some(day(2024, 3, 5))));
        assert_eq!(parse_date("5 Mar 2024", d), Ok(Some(day(2024, 3, 5))));
        assert_eq!(parse_date("05-Mar-2024", d), Ok(Some(day(2024, 3, 5))));
        assert_eq!(parse_date("05/03/24", d), Ok(Some(day(2024, 3, 5))));
        assert_eq!(parse_date("05/03/2024 2:30 PM", d), Ok(Some(day(2024, 3, 5))));
    }

    #[test]
    fn missing_dates() {
        assert_eq!(parse_date("", DayOrder::DayFirst), Ok(None));
        assert_eq!(parse_date("0000-00-00", DayOrder::DayFirst), Ok(None));
    }

    #[test]
    fn not_dates() {
        for bad in ["yesterday", "31/02/2024", "2024-13-01", "5/3", "1234", "2024-03-05x", "0001-01-01"] {
            assert_eq!(parse_date(bad, DayOrder::DayFirst), Err(()), "{bad}");
        }
    }

    #[test]
    fn numbers_above_12_vote_for_the_order() {
        assert_eq!(date_order(["03/05/2024", "03/25/2024"]), DayOrder::MonthFirst);
        assert_eq!(date_order(["03/05/2024", "25/03/2024", " 26/03/2024 "]), DayOrder::DayFirst);
        assert_eq!(date_order(["03/25/2024", "25/03/2024"]), DayOrder::DayFirst, "a tie is day first");
        assert_eq!(date_order(["", "someday", "Mar 25, 2024"]), DayOrder::DayFirst, "no votes is day first");
        // Dotted and year-first dates don't vote.
        assert_eq!(date_order(["3.25.2024", "2024/03/25"]), DayOrder::DayFirst);
    }
}
