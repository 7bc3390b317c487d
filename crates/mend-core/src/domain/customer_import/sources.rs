//! Which columns of the file feed each customer detail, in words the owner
//! can check before importing: "Name ← First Name + Last Name",
//! "Phone ← Mobile".

use super::column::Column;
use serde::Serialize;

/// The customer details in the order they are listed (a second phone is a
/// step of the phone's line).
const DETAILS: [Column; 7] = [
    Column::Name,
    Column::Phone,
    Column::Email,
    Column::Visits,
    Column::TotalSpend,
    Column::FirstVisit,
    Column::LastVisit,
];

/// One customer detail and the columns of the file it is read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldSource {
    /// The detail filled in: [`Column::Name`], [`Column::Phone`],
    /// [`Column::Email`], [`Column::Visits`], [`Column::TotalSpend`],
    /// [`Column::FirstVisit`] or [`Column::LastVisit`].
    pub field: Column,
    /// The file's columns it is read from (0-based), in the order they are
    /// tried or joined.
    pub columns: Vec<usize>,
    /// The whole line, as shown: "Name ← First Name + Last Name, or Nickname
    /// when both are empty".
    pub text: String,
}

/// The details that `mapping` fills in, each with the columns it reads, in
/// the order of the customer form; details no column feeds are left out.
///
/// The name is read as [`parse`](super::parse()) reads it: the full-name
/// column, or else first name + prefix + last name, or else the nickname;
/// the line names every step the file has.
pub fn field_sources(headers: &[String], mapping: &[Column]) -> Vec<FieldSource> {
    let heading = |i: usize| match headers.get(i).map(|h| h.trim()) {
        Some(h) if !h.is_empty() => h.to_string(),
        _ => format!("Column {}", i + 1),
    };
    let position = |column: Column| mapping.iter().position(|c| *c == column);
    let mut sources = Vec::new();
    for detail in DETAILS {
        let steps: Vec<Vec<usize>> = if detail == Column::Name {
            let halves: Vec<usize> = [Column::FirstName, Column::LastNamePrefix, Column::LastName]
                .into_iter()
                .filter_map(position)
                .collect();
            let has_halves = position(Column::FirstName).is_some() || position(Column::LastName).is_some();
            [
                position(Column::Name).map(|i| vec![i]),
                has_halves.then_some(halves),
                position(Column::Nickname).map(|i| vec![i]),
            ]
            .into_iter()
            .flatten()
            .collect()
        } else if detail == Column::Phone {
            [position(Column::Phone), position(Column::OtherPhone)].into_iter().flatten().map(|i| vec![i]).collect()
        } else {
            position(detail).map(|i| vec![vec![i]]).unwrap_or_default()
        };
        let Some(first) = steps.first() else { continue };
        let joined = |step: &[usize]| step.iter().map(|i| heading(*i)).collect::<Vec<_>>().join(" + ");
        let mut text = format!("{} ← {}", detail.label(), joined(first));
        for pair in steps.windows(2) {
            let before = match pair[0].len() {
                1 => "it is",
                2 => "both are",
                _ => "they are",
            };
            text.push_str(&format!(", or {} when {before} empty", joined(&pair[1])));
        }
        sources.push(FieldSource { field: detail, columns: steps.concat(), text });
    }
    sources
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn lines(names: &[&str], mapping: &[Column]) -> Vec<String> {
        field_sources(&headers(names), mapping).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn names_each_detail_with_its_column() {
        let mapping = [Column::Name, Column::Ignore, Column::Phone, Column::TotalSpend];
        assert_eq!(
            lines(&["Client", "Notes", "Mobile", "Amount Paid"], &mapping),
            ["Name ← Client", "Phone ← Mobile", "Total spend ← Amount Paid"]
        );
        let sources = field_sources(&headers(&["Client", "Notes", "Mobile"]), &mapping[..3]);
        assert_eq!((sources[1].field, sources[1].columns.clone()), (Column::Phone, vec![2]));
    }

    #[test]
    fn first_and_last_name_before_the_nickname() {
        let mapping = [Column::FirstName, Column::LastName, Column::Email, Column::Nickname];
        let sources = field_sources(&headers(&["First Name", "Last Name", "Email Address", "Nickname"]), &mapping);
        assert_eq!(sources[0].text, "Name ← First Name + Last Name, or Nickname when both are empty");
        assert_eq!(sources[0].columns, [0, 1, 3]);
        assert_eq!(sources[1].text, "Email ← Email Address");
    }

    #[test]
    fn the_other_phone_after_the_phone() {
        let mapping = [Column::Name, Column::Phone, Column::OtherPhone];
        assert_eq!(
            lines(&["Nome", "Numero di cellulare", "Telefono"], &mapping),
            ["Name ← Nome", "Phone ← Numero di cellulare, or Telefono when it is empty"]
        );
        assert_eq!(lines(&["Nome", "Telefono"], &[Column::Name, Column::OtherPhone])[1], "Phone ← Telefono");
    }

    #[test]
    fn the_prefix_sits_between_first_and_last_name() {
        let mapping = [Column::FirstName, Column::LastNamePrefix, Column::LastName];
        assert_eq!(
            lines(&["Firstname", "LastnamePreposition", "Lastname"], &mapping),
            ["Name ← Firstname + LastnamePreposition + Lastname"]
        );
    }

    #[test]
    fn a_full_name_first_then_its_halves() {
        let mapping = [Column::FirstName, Column::LastName, Column::Name];
        assert_eq!(
            lines(&["First name", "Last name", "Full name"], &mapping),
            ["Name ← Full name, or First name + Last name when it is empty"]
        );
    }

    #[test]
    fn a_column_without_a_heading_is_named_by_its_place() {
        assert_eq!(lines(&["", "Phone"], &[Column::Name, Column::Phone]), ["Name ← Column 1", "Phone ← Phone"]);
    }

    #[test]
    fn nothing_mapped_names_nothing() {
        assert!(lines(&["A", "B"], &[Column::Ignore, Column::Ignore]).is_empty());
        // A prefix alone gives no name.
        assert!(lines(&["Tussenvoegsel"], &[Column::LastNamePrefix]).is_empty());
    }
}
