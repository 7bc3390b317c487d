//! Reading every row of the file with the columns the owner confirmed: each
//! row becomes a customer ready to save or a line left out with its reason.

use super::cells;
use super::column::Column;
use super::date::{date_order, DayOrder};
use super::table::{fits, read_table, values, Record};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::Serialize;

/// One customer read from the file, checked and converted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportRow {
    /// Line of the file the row starts on, counting every line from the
    /// first (for a spreadsheet, the row number it shows).
    pub line: usize,
    /// Full name, never empty.
    pub name: String,
    /// Phone number, or empty.
    pub phone: String,
    /// E-mail address, or empty.
    pub email: String,
    /// Number of visits, when the file has it.
    pub visits: Option<i64>,
    /// Total spent, in cents, when the file has it.
    pub total_spend_cents: Option<i64>,
    /// Day of the first visit, when the file has it.
    pub first_visit: Option<NaiveDate>,
    /// Day of the last visit, when the file has it.
    pub last_visit: Option<NaiveDate>,
}

/// A line of the file that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedRow {
    /// Line of the file the row starts on, as in [`ImportRow::line`].
    pub line: usize,
    /// Why it was left out, in plain words, starting in lower case so it
    /// reads well after "line 7: ".
    pub reason: String,
}

/// The outcome of reading a whole file.
#[derive(Debug, Clone, Serialize)]
pub struct ParsedImport {
    /// Customers ready to be saved, in file order.
    pub rows: Vec<ImportRow>,
    /// Lines that were left out, in file order.
    pub skipped: Vec<SkippedRow>,
}

/// Reads every row of the file with `mapping`, which has one [`Column`] per
/// header (the preview's guess, possibly changed by the owner).
///
/// Each row either becomes an [`ImportRow`] or a [`SkippedRow`] saying why it
/// was left out. The file itself is checked as in
/// [`preview`](super::preview()); a mapping without a name column, or with
/// the same column chosen twice, fails with an `Invalid` error on the
/// `mapping` input.
pub fn parse(bytes: &[u8], mapping: &[Column]) -> Result<ParsedImport> {
    let table = read_table(bytes)?;
    let width = table.headers.len();
    check_mapping(mapping, width)?;
    let order = file_date_order(&table.records, mapping);
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    for record in &table.records {
        match read_row(record, mapping, width, order) {
            Ok(row) => rows.push(row),
            Err(reason) => skipped.push(SkippedRow { line: record.line, reason }),
        }
    }
    Ok(ParsedImport { rows, skipped })
}

/// The owner's column choices: one per header, a name among them, and no
/// detail chosen twice.
fn check_mapping(mapping: &[Column], width: usize) -> Result<()> {
    if mapping.len() != width {
        return Err(Error::field(
            "mapping",
            format!(
                "The column choices don't match this file, which has {width} columns. Please choose the file again."
            ),
        ));
    }
    if !mapping.iter().any(|c| c.holds_name()) {
        return Err(Error::field("mapping", "Choose which column holds the customer's name."));
    }
    for (i, column) in mapping.iter().enumerate() {
        if *column != Column::Ignore && mapping[..i].contains(column) {
            return Err(Error::field(
                "mapping",
                format!("“{}” is chosen for more than one column. Choose it for one column only.", column.label()),
            ));
        }
    }
    Ok(())
}

/// One row as a customer, or the reason it is left out. The cells are read
/// in the order of [`ImportRow`]'s fields, so the first problem is the one
/// reported.
fn read_row(record: &Record, mapping: &[Column], width: usize, order: DayOrder) -> Result<ImportRow, String> {
    if !fits(&record.fields, width) {
        return Err(format!("this line has {} but the header has {} columns", values(record.fields.len()), width));
    }
    let cell = |column: Column| -> &str {
        mapping.iter().position(|c| *c == column).map_or("", |i| record.fields[i].as_str())
    };
    Ok(ImportRow {
        line: record.line,
        name: cells::name(cells::NameCells {
            full: cell(Column::Name),
            first: cell(Column::FirstName),
            prefix: cell(Column::LastNamePrefix),
            last: cell(Column::LastName),
            nickname: cell(Column::Nickname),
        })?,
        phone: match cell(Column::Phone) {
            "" => cells::phone(cell(Column::OtherPhone))?,
            phone => cells::phone(phone)?,
        },
        email: cells::email(cell(Column::Email))?,
        visits: cells::visits(cell(Column::Visits))?,
        total_spend_cents: cells::total_spend(cell(Column::TotalSpend))?,
        first_visit: cells::day(cell(Column::FirstVisit), order, "first visit")?,
        last_visit: cells::day(cell(Column::LastVisit), order, "last visit")?,
    })
}

/// How this file writes "05/03/2024", from every value of the columns the
/// mapping names as days.
fn file_date_order(records: &[Record], mapping: &[Column]) -> DayOrder {
    let values = mapping
        .iter()
        .enumerate()
        .filter(|(_, column)| column.holds_date())
        .flat_map(|(i, _)| records.iter().filter_map(move |record| record.fields.get(i)));
    date_order(values.map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn mapping_message(err: Error) -> String {
        match err {
            Error::Invalid(fields) => fields.get("mapping").cloned().unwrap_or_else(|| format!("{fields:?}")),
            other => panic!("expected a mapping error, got {other:?}"),
        }
    }

    const ALL: [Column; 7] = [
        Column::Name,
        Column::Phone,
        Column::Email,
        Column::Visits,
        Column::TotalSpend,
        Column::FirstVisit,
        Column::LastVisit,
    ];

    #[test]
    fn reads_every_field() {
        let csv = "Name,Phone,Email,Visits,Spent,First,Last\n\
                   \"Ruiz, Ana\",+1 555 0100,ana@example.com,12.0,\"$1,234.50\",03/25/2023,Mar 5 2024\n";
        let parsed = parse(csv.as_bytes(), &ALL).unwrap();
        assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
        assert_eq!(
            parsed.rows,
            vec![ImportRow {
                line: 2,
                name: "Ruiz, Ana".into(),
                phone: "+1 555 0100".into(),
                email: "ana@example.com".into(),
                visits: Some(12),
                total_spend_cents: Some(123450),
                first_visit: Some(day(2023, 3, 25)),
                last_visit: Some(day(2024, 3, 5)),
            }]
        );
    }

    #[test]
    fn joins_first_and_last_names() {
        let csv = "First,Last,Phone\n  Zoë ,Müller,\nJosé,,\n,Ångström,\n";
        let mapping = [Column::FirstName, Column::LastName, Column::Phone];
        let names: Vec<String> = parse(csv.as_bytes(), &mapping).unwrap().rows.into_iter().map(|r| r.name).collect();
        assert_eq!(names, ["Zoë Müller", "José", "Ångström"]);
    }

    #[test]
    fn phones_after_an_apostrophe_and_placeholders_import() {
        let csv = "Name,Phone,Email,Visits,Spent,First,Last\n\
                   Ana,'+44 7700 900123,---,n/a,-,---,\n";
        let parsed = parse(csv.as_bytes(), &ALL).unwrap();
        assert_eq!(parsed.skipped, vec![]);
        let row = &parsed.rows[0];
        assert_eq!((row.phone.as_str(), row.email.as_str()), ("+44 7700 900123", ""));
        assert_eq!((row.visits, row.total_spend_cents, row.first_visit), (None, None, None));
    }

    #[test]
    fn the_other_phone_when_the_phone_is_empty() {
        let csv = "Name,Mobile,Telephone\nAna,333 123 4567,02 1234 5678\nBo,,02 8765 4321\nCy,call me,02 1\n";
        let mapping = [Column::Name, Column::Phone, Column::OtherPhone];
        let parsed = parse(csv.as_bytes(), &mapping).unwrap();
        let phones: Vec<&str> = parsed.rows.iter().map(|r| r.phone.as_str()).collect();
        assert_eq!(phones, ["333 123 4567", "02 8765 4321"]);
        assert_eq!(parsed.skipped[0].reason, "the phone number “call me” is not valid");
    }

    #[test]
    fn nickname_and_prefix_make_the_name_as_the_rules_say() {
        let csv = "First,Prefix,Last,Nick\nAnna,van,Dijk,Annie\n,,,Sunny\nLucía,,Fernández,Lu\n";
        let mapping = [Column::FirstName, Column::LastNamePrefix, Column::LastName, Column::Nickname];
        let names: Vec<String> = parse(csv.as_bytes(), &mapping).unwrap().rows.into_iter().map(|r| r.name).collect();
        assert_eq!(names, ["Anna van Dijk", "Sunny", "Lucía Fernández"]);
    }

    #[test]
    fn empty_optional_fields_stay_empty() {
        let csv = "Name,Phone,Email,Visits,Spent,First,Last\nAna,,,,,,\n";
        let row = &parse(csv.as_bytes(), &ALL).unwrap().rows[0];
        assert_eq!((row.phone.as_str(), row.email.as_str()), ("", ""));
        assert_eq!((row.visits, row.total_spend_cents, row.first_visit, row.last_visit), (None, None, None, None));
    }

    #[test]
    fn skips_bad_rows_with_reasons_and_line_numbers() {
        let csv = "Name,Phone,Email,Visits,Spent,First,Last\n\
                   ,555 0100,,,,,\n\
                   Bo,call me,,,,,\n\
                   Cy,,cy@nowhere,,,,\n\
                   Di,,,-2,,,\n\
                   Ed,,,two,,,\n\
                   Flo,,,,abc,,\n\
                   Gus,,,,-5,,\n\
                   Hal,,,,,someday,\n\
                   Ivy,,,,,,31/02/2024\n\
                   Jo,,\n\
                   Kim,555 0199,,,,,\n";
        let parsed = parse(csv.as_bytes(), &ALL).unwrap();
        let reasons: Vec<(usize, &str)> = parsed.skipped.iter().map(|s| (s.line, s.reason.as_str())).collect();
        assert_eq!(
            reasons,
            vec![
                (2, "no name"),
                (3, "the phone number “call me” is not valid"),
                (4, "the e-mail address “cy@nowhere” is not valid"),
                (5, "the number of visits “-2” is negative"),
                (6, "the number of visits “two” is not a whole number"),
                (7, "the total spend “abc” is not an amount"),
                (8, "the total spend “-5” is negative"),
                (9, "the first visit “someday” is not a date Mend can read"),
                (10, "the last visit “31/02/2024” is not a date Mend can read"),
                (11, "this line has 3 values but the header has 7 columns"),
            ]
        );
        assert_eq!(parsed.rows.len(), 1);
        assert_eq!((parsed.rows[0].line, parsed.rows[0].name.as_str()), (12, "Kim"));
    }

    #[test]
    fn line_numbers_count_lines_inside_quotes_and_blank_lines() {
        let csv = "Name,Note\r\n\r\n\"Ana\",\"two\r\nlines\"\r\n\r\n,x\r\n";
        let parsed = parse(csv.as_bytes(), &[Column::Name, Column::Ignore]).unwrap();
        assert_eq!(parsed.rows[0].line, 3);
        assert_eq!(parsed.skipped, vec![SkippedRow { line: 6, reason: "no name".into() }]);
    }

    #[test]
    fn old_mac_line_ends_count_too() {
        let csv = "Name\rAna\r\r,\rBo\r";
        let parsed = parse(csv.as_bytes(), &[Column::Name]).unwrap();
        let lines: Vec<usize> = parsed.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 5]);
    }

    #[test]
    fn trailing_empty_values_are_tolerated() {
        let csv = "Name,Phone\nAna,555 0100,,\n";
        let parsed = parse(csv.as_bytes(), &[Column::Name, Column::Phone]).unwrap();
        assert_eq!(parsed.rows.len(), 1);
    }

    #[test]
    fn names_are_tidied() {
        let csv = "Name\n\"  Ana\n  Ruiz \"\n";
        let parsed = parse(csv.as_bytes(), &[Column::Name]).unwrap();
        assert_eq!(parsed.rows[0].name, "Ana Ruiz");
        let long = format!("Name\n{}\n", "x".repeat(200));
        let parsed = parse(long.as_bytes(), &[Column::Name]).unwrap();
        assert_eq!(parsed.skipped[0].reason, "the name is longer than 120 characters");
    }

    #[test]
    fn windows_1252_is_decoded() {
        let bytes = b"Name;Total\nZo\xEB M\xFCller;\x80 12,50\n";
        let parsed = parse(bytes, &[Column::Name, Column::TotalSpend]).unwrap();
        assert_eq!(parsed.rows[0].name, "Zoë Müller");
        assert_eq!(parsed.rows[0].total_spend_cents, Some(1250));
    }

    #[test]
    fn mapping_without_a_name() {
        let err = parse(b"A,B\nx,y\n", &[Column::Phone, Column::Ignore]).unwrap_err();
        assert_eq!(mapping_message(err), "Choose which column holds the customer's name.");
    }

    #[test]
    fn mapping_with_a_column_twice() {
        let err = parse(b"A,B,C\nx,y,z\n", &[Column::Name, Column::Phone, Column::Phone]).unwrap_err();
        assert_eq!(mapping_message(err), "“Phone” is chosen for more than one column. Choose it for one column only.");
        // Ignoring several columns is fine.
        assert!(parse(b"A,B,C\nx,y,z\n", &[Column::Name, Column::Ignore, Column::Ignore]).is_ok());
    }

    #[test]
    fn mapping_of_the_wrong_length() {
        let err = parse(b"A,B\nx,y\n", &[Column::Name]).unwrap_err();
        assert!(mapping_message(err).contains("2 columns"));
    }

    fn records(values: &[&str]) -> Vec<Record> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| Record { line: i + 2, fields: vec!["x".into(), v.to_string()] })
            .collect()
    }

    #[test]
    fn order_follows_the_evidence_in_the_file() {
        let mapping = [Column::Name, Column::LastVisit];
        assert_eq!(file_date_order(&records(&["03/05/2024", "03/25/2024"]), &mapping), DayOrder::MonthFirst);
        assert_eq!(file_date_order(&records(&["03/05/2024", "25/03/2024"]), &mapping), DayOrder::DayFirst);
        assert_eq!(file_date_order(&records(&["03/05/2024", "01/02/2024"]), &mapping), DayOrder::DayFirst);
        // Dotted and year-first dates don't vote.
        assert_eq!(file_date_order(&records(&["3.25.2024", "2024/03/25"]), &mapping), DayOrder::DayFirst);
    }
}
