//! Amounts of money as exports write them ("1.234,50 €", "$1,234.50",
//! "CHF 1'234.50"), read into cents.

use crate::domain::validate;

/// Why a value is not an amount Mend imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AmountProblem {
    /// Not a number with an optional currency around it.
    NotAnAmount,
    /// Below zero (a minus sign, a trailing minus or brackets).
    Negative,
    /// Larger than a form accepts.
    TooLarge,
}

/// Currency signs dropped around an amount.
const CURRENCY_SYMBOLS: &str = "$€£¥₹₽₩₺₪฿₴₱₦¢₫₭₡₲₵₸₼₾";

/// Currency codes and short names written around amounts, lower case.
const CURRENCY_WORDS: &[&str] = &[
    "eur", "euro", "euros", "usd", "us", "gbp", "chf", "fr", "sfr", "sek", "nok", "dkk", "isk", "kr", "pln", "zł",
    "zl", "czk", "kč", "huf", "ft", "ron", "lei", "bgn", "aud", "au", "a", "cad", "c", "nzd", "nz", "jpy", "yen",
    "cny", "rmb", "inr", "rs", "zar", "r", "brl", "mxn", "ars", "clp", "cop", "sgd", "s", "hkd", "hk", "try", "tl",
];

/// An amount of money as exports write it, in cents; empty gives `None`.
///
/// Currency symbols and codes (€, $, £, EUR, USD, kr…) and spaces are
/// dropped first. Then the separators are read like this:
///
/// - when both `.` and `,` appear, whichever comes last separates the
///   decimals and the other groups thousands: "1.234,50" and "1,234.50" are
///   both 1234.50;
/// - when only one of them appears, once, followed by exactly three digits,
///   after one to three digits that don't start with 0, it groups
///   thousands: "1,234" and "1.234" are 1234 (no shop records a spend to the
///   tenth of a cent);
/// - otherwise a single `.` or `,` separates the decimals ("12,5", "40.00"),
///   and a separator that appears several times groups thousands
///   ("1.234.567").
///
/// The cleaned-up number then goes through [`validate::money`], so the limits
/// are the same as when the amount is typed in a form. A minus sign, a
/// trailing minus or brackets (accounting style) make the amount negative,
/// which is refused.
pub(super) fn parse_amount(raw: &str) -> Result<Option<i64>, AmountProblem> {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace() && !matches!(c, '\'' | '’')).collect();
    if compact.is_empty() {
        return Ok(None);
    }
    let Some(first_digit) = compact.find(|c: char| c.is_ascii_digit()) else {
        return Err(AmountProblem::NotAnAmount);
    };
    let last_digit = compact.rfind(|c: char| c.is_ascii_digit()).unwrap_or(first_digit);
    // A separator right before the first digit belongs to the number (".50").
    let start = if first_digit > 0 && matches!(compact.as_bytes()[first_digit - 1], b'.' | b',') {
        first_digit - 1
    } else {
        first_digit
    };
    let core = &compact[start..=last_digit];
    let affixes = [&compact[..start], &compact[last_digit + 1..]];

    let mut negative = false;
    for affix in affixes {
        let mut letters = String::new();
        for c in affix.chars() {
            match c {
                '-' | '−' | '(' | ')' => negative = true,
                '+' | '.' => {}
                c if c.is_alphabetic() => letters.extend(c.to_lowercase()),
                c if CURRENCY_SYMBOLS.contains(c) => {}
                _ => return Err(AmountProblem::NotAnAmount),
            }
        }
        if !letters.is_empty() && !CURRENCY_WORDS.contains(&letters.as_str()) {
            return Err(AmountProblem::NotAnAmount);
        }
    }
    if !core.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(AmountProblem::NotAnAmount);
    }
    let plain = plain_number(core).ok_or(AmountProblem::NotAnAmount)?;
    match validate::money(&plain) {
        Ok(Some(cents)) if negative && cents > 0 => Err(AmountProblem::Negative),
        Ok(cents) => Ok(cents),
        Err(message) if message.contains("too large") => Err(AmountProblem::TooLarge),
        Err(_) => Err(AmountProblem::NotAnAmount),
    }
}

/// Rewrites digits with `.`/`,` separators as digits with at most one `.`
/// for the decimals, following the rule in [`parse_amount`].
fn plain_number(core: &str) -> Option<String> {
    let dot = core.rfind('.');
    let comma = core.rfind(',');
    let (decimal, group) = match (dot, comma) {
        (None, None) => return Some(core.to_string()),
        (Some(d), Some(c)) if d > c => (Some('.'), Some(',')),
        (Some(_), Some(_)) => (Some(','), Some('.')),
        (Some(_), None) => one_kind_of_separator(core, '.'),
        (None, Some(_)) => one_kind_of_separator(core, ','),
    };
    let (whole, fraction) = match decimal {
        Some(d) => {
            let (whole, fraction) = core.rsplit_once(d)?;
            if whole.contains(d) {
                return None;
            }
            (whole, Some(fraction))
        }
        None => (core, None),
    };
    let whole = match group {
        Some(g) if whole.contains(g) => {
            let groups: Vec<&str> = whole.split(g).collect();
            let well_formed = (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|part| part.len() == 3);
            if !well_formed {
                return None;
            }
            groups.concat()
        }
        _ => whole.to_string(),
    };
    Some(match fraction {
        Some(fraction) => format!("{whole}.{fraction}"),
        None => whole,
    })
}

/// For a number with only `sep` as separator: which role it plays, as
/// `(decimal, group)`.
fn one_kind_of_separator(core: &str, sep: char) -> (Option<char>, Option<char>) {
    if core.matches(sep).count() > 1 {
        return (None, Some(sep));
    }
    let (before, after) = core.split_once(sep).unwrap_or((core, ""));
    let thousands = after.len() == 3 && (1..=3).contains(&before.len()) && !before.starts_with('0');
    if thousands {
        (None, Some(sep))
    } else {
        (Some(sep), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_and_separators() {
        assert_eq!(parse_amount("€1.234,50"), Ok(Some(123450)));
        assert_eq!(parse_amount("$1,234.50"), Ok(Some(123450)));
        assert_eq!(parse_amount("1234.5"), Ok(Some(123450)));
        assert_eq!(parse_amount("1 234,50"), Ok(Some(123450)));
        assert_eq!(parse_amount("1\u{a0}234,50 €"), Ok(Some(123450)));
        assert_eq!(parse_amount("£40"), Ok(Some(4000)));
        assert_eq!(parse_amount("EUR 12,5"), Ok(Some(1250)));
        assert_eq!(parse_amount("12.00 USD"), Ok(Some(1200)));
        assert_eq!(parse_amount("CHF 1'234.50"), Ok(Some(123450)));
        assert_eq!(parse_amount("US$ 7"), Ok(Some(700)));
        assert_eq!(parse_amount("kr 99,95"), Ok(Some(9995)));
        assert_eq!(parse_amount(".50"), Ok(Some(50)));
        assert_eq!(parse_amount(""), Ok(None));
    }

    #[test]
    fn a_lone_separator_before_three_digits_groups_thousands() {
        assert_eq!(parse_amount("1,234"), Ok(Some(123400)));
        assert_eq!(parse_amount("1.234"), Ok(Some(123400)));
        assert_eq!(plain_number("1.234.567").as_deref(), Some("1234567"));
        assert_eq!(parse_amount("1.234.567"), Err(AmountProblem::TooLarge));
        assert_eq!(parse_amount("12,34"), Ok(Some(1234)));
    }

    #[test]
    fn negative_amounts() {
        assert_eq!(parse_amount("-40"), Err(AmountProblem::Negative));
        assert_eq!(parse_amount("-$40.00"), Err(AmountProblem::Negative));
        assert_eq!(parse_amount("(40.00)"), Err(AmountProblem::Negative));
        assert_eq!(parse_amount("40.00-"), Err(AmountProblem::Negative));
        assert_eq!(parse_amount("-0.00"), Ok(Some(0)));
    }

    #[test]
    fn not_amounts() {
        assert_eq!(parse_amount("abc"), Err(AmountProblem::NotAnAmount));
        assert_eq!(parse_amount("12 apples"), Err(AmountProblem::NotAnAmount));
        assert_eq!(parse_amount("1,2,3"), Err(AmountProblem::NotAnAmount));
        assert_eq!(parse_amount("1.2,3.4"), Err(AmountProblem::NotAnAmount));
        assert_eq!(parse_amount("0,125"), Err(AmountProblem::NotAnAmount));
        assert_eq!(parse_amount("5000000"), Err(AmountProblem::TooLarge));
    }
}
