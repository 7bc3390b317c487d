//! One cell of a row as a checked customer detail, or the reason it can't be
//! one.
//!
//! The checks are the customer form's ([`validate`]), so an imported customer
//! holds nothing a person could not have typed. A reason is in plain words,
//! starts in lower case and quotes the value (cut to 40 characters), so it
//! reads well after "line 7: ".

use super::amount::{parse_amount, AmountProblem};
use super::date::{parse_date, DayOrder};
use crate::domain::validate;
use chrono::NaiveDate;

/// The cells of a row that can make up the customer's name.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct NameCells<'a> {
    pub(super) full: &'a str,
    pub(super) first: &'a str,
    pub(super) prefix: &'a str,
    pub(super) last: &'a str,
    pub(super) nickname: &'a str,
}

/// The customer's name, with runs of spaces and line breaks made one space:
/// the full-name cell; or else the first name, the last-name prefix and the
/// last name joined ("Anna" "van" "Dijk" → "Anna van Dijk"); or, only when
/// the row has neither a first nor a last name, the nickname.
pub(super) fn name(cells: NameCells<'_>) -> Result<String, String> {
    let mut name = collapse_spaces(cells.full);
    if name.is_empty() && !(cells.first.trim().is_empty() && cells.last.trim().is_empty()) {
        name = collapse_spaces(&format!("{} {} {}", cells.first, cells.prefix, cells.last));
    }
    if name.is_empty() {
        name = collapse_spaces(cells.nickname);
    }
    if name.is_empty() {
        return Err("no name".to_string());
    }
    validate::required_name(&name, "name").map_err(|_| {
        if name.chars().count() > validate::NAME_MAX {
            format!("the name is longer than {} characters", validate::NAME_MAX)
        } else {
            format!("the name “{}” has characters that can't be shown", shorten(&name))
        }
    })
}

/// A phone number, or empty.
pub(super) fn phone(raw: &str) -> Result<String, String> {
    validate::phone(raw).map_err(|_| format!("the phone number “{}” is not valid", shorten(raw)))
}

/// An e-mail address, or empty.
pub(super) fn email(raw: &str) -> Result<String, String> {
    validate::email(raw).map_err(|_| format!("the e-mail address “{}” is not valid", shorten(raw)))
}

/// A number of visits: a whole number, also when written "12.0" or "12,00".
pub(super) fn visits(raw: &str) -> Result<Option<i64>, String> {
    parse_visits(raw).map_err(|negative| {
        if negative {
            format!("the number of visits “{}” is negative", shorten(raw))
        } else {
            format!("the number of visits “{}” is not a whole number", shorten(raw))
        }
    })
}

/// The total spent, in cents (see [`parse_amount`] for the forms read).
pub(super) fn total_spend(raw: &str) -> Result<Option<i64>, String> {
    parse_amount(raw).map_err(|problem| {
        let what = match problem {
            AmountProblem::NotAnAmount => "is not an amount",
            AmountProblem::Negative => "is negative",
            AmountProblem::TooLarge => "is too large",
        };
        format!("the total spend “{}” {what}", shorten(raw))
    })
}

/// A day, read in the file's `order`; `what` names it in the reason ("first
/// visit").
pub(super) fn day(raw: &str, order: DayOrder, what: &str) -> Result<Option<NaiveDate>, String> {
    parse_date(raw, order).map_err(|_| format!("the {what} “{}” is not a date Mend can read", shorten(raw)))
}

/// Joins runs of spaces, tabs and line breaks into one space.
fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A value short enough to quote in a reason.
fn shorten(value: &str) -> String {
    let value = value.trim();
    if value.chars().count() <= 40 {
        value.to_string()
    } else {
        let head: String = value.chars().take(39).collect();
        format!("{head}…")
    }
}

/// A visit count: a whole number, also when written "12.0". `Err(true)` when
/// it is negative, `Err(false)` when it is not a whole number.
fn parse_visits(raw: &str) -> Result<Option<i64>, bool> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let whole = match value.split_once(['.', ',']) {
        Some((whole, fraction)) if !fraction.is_empty() && fraction.chars().all(|c| c == '0') => whole,
        _ => value,
    };
    validate::count(whole).map(Some).map_err(|_| whole.trim_start().starts_with('-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn halves<'a>(full: &'a str, first: &'a str, last: &'a str) -> NameCells<'a> {
        NameCells { full, first, last, ..NameCells::default() }
    }

    #[test]
    fn the_full_name_wins_over_its_halves() {
        assert_eq!(name(halves(" Ana \t Ruiz ", "Bo", "Lind")), Ok("Ana Ruiz".to_string()));
        assert_eq!(name(halves("", " Zoë ", "Müller")), Ok("Zoë Müller".to_string()));
        assert_eq!(name(halves("", "", "Ångström")), Ok("Ångström".to_string()));
        assert_eq!(name(halves(" ", "", "")), Err("no name".to_string()));
    }

    #[test]
    fn a_nickname_is_the_name_only_when_there_is_no_first_or_last_name() {
        let with = |first, last| NameCells { first, last, nickname: "Lulu", ..NameCells::default() };
        assert_eq!(name(with("Lucía", "Fernández")), Ok("Lucía Fernández".to_string()));
        assert_eq!(name(with("Lucía", "")), Ok("Lucía".to_string()));
        assert_eq!(name(with("", "Fernández")), Ok("Fernández".to_string()));
        assert_eq!(name(with("", " ")), Ok("Lulu".to_string()));
        let full = NameCells { full: "Lucía Fernández Ruiz", nickname: "Lulu", ..NameCells::default() };
        assert_eq!(name(full), Ok("Lucía Fernández Ruiz".to_string()));
    }

    #[test]
    fn the_last_name_prefix_joins_the_last_name() {
        let dutch = |prefix, last| NameCells { first: "Anna", prefix, last, ..NameCells::default() };
        assert_eq!(name(dutch("van", "Dijk")), Ok("Anna van Dijk".to_string()));
        assert_eq!(name(dutch(" van der ", "Berg")), Ok("Anna van der Berg".to_string()));
        assert_eq!(name(dutch("", "Jansen")), Ok("Anna Jansen".to_string()));
        // A prefix alone is not a name.
        let alone = NameCells { prefix: "de", ..NameCells::default() };
        assert_eq!(name(alone), Err("no name".to_string()));
    }

    #[test]
    fn visit_counts_are_whole_numbers() {
        assert_eq!(visits("12"), Ok(Some(12)));
        assert_eq!(visits(" 12.0 "), Ok(Some(12)));
        assert_eq!(visits("12,00"), Ok(Some(12)));
        assert_eq!(visits(""), Ok(None));
        assert_eq!(visits("1.5"), Err("the number of visits “1.5” is not a whole number".to_string()));
        assert_eq!(visits("-2.0"), Err("the number of visits “-2.0” is negative".to_string()));
    }

    #[test]
    fn reasons_quote_at_most_40_characters() {
        let long = format!("{}@", "a".repeat(60));
        let reason = email(&long).unwrap_err();
        assert_eq!(reason, format!("the e-mail address “{}…” is not valid", "a".repeat(39)));
        assert_eq!(shorten(&"é".repeat(40)), "é".repeat(40));
    }

    #[test]
    fn days_are_named_in_the_reason() {
        assert_eq!(
            day("someday", DayOrder::DayFirst, "last visit"),
            Err("the last visit “someday” is not a date Mend can read".to_string())
        );
        assert_eq!(day("", DayOrder::DayFirst, "last visit"), Ok(None));
    }
}
