//! What the owner sees before importing: the file's columns, a guess for
//! each, and the first rows to check the guess against.

use super::column::Column;
use super::headers::guess_columns;
use super::sources::{field_sources, FieldSource};
use super::table::read_table;
use crate::error::Result;
use serde::Serialize;

/// What the owner sees before importing: the file's columns, our guess for
/// each, and a few rows to check the guess against.
#[derive(Debug, Clone, Serialize)]
pub struct CsvPreview {
    /// The header line, one entry per column, trimmed.
    pub headers: Vec<String>,
    /// One guess per header; [`Column::Ignore`] when we could not tell.
    pub guessed: Vec<Column>,
    /// The customer details the guess fills in, each with the columns it
    /// reads ("Name ← First Name + Last Name").
    pub sources: Vec<FieldSource>,
    /// The first five data rows as text, each cut or padded to one cell per
    /// header so they line up under the headers.
    pub rows: Vec<Vec<String>>,
    /// How many data rows the file has (blank lines not counted).
    pub total_rows: usize,
    /// True when no column could be recognised as the customer's name, so
    /// the owner has to point at it before importing.
    pub needs_mapping: bool,
}

/// Reads the file enough to show it to the owner: headers, guessed columns
/// and what they fill in, the first rows and how many rows there are. Title
/// lines above the header are not shown (see [`read_table`]).
///
/// A spreadsheet (.xlsx, .xls, .ods) is read from its first sheet with
/// values.
///
/// Fails with an `Invalid` error on the `file` input when the file is empty,
/// is not text, is not a table, or its columns don't line up.
pub fn preview(bytes: &[u8]) -> Result<CsvPreview> {
    let table = read_table(bytes)?;
    let width = table.headers.len();
    let guessed = guess_columns(&table.headers);
    let needs_mapping = !guessed.iter().any(|c| c.holds_name());
    let rows = table
        .records
        .iter()
        .take(5)
        .map(|record| {
            let mut cells: Vec<String> = record.fields.iter().take(width).cloned().collect();
            cells.resize(width, String::new());
            cells
        })
        .collect();
    let sources = field_sources(&table.headers, &guessed);
    Ok(CsvPreview { headers: table.headers, guessed, sources, rows, total_rows: table.records.len(), needs_mapping })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn guesses_columns_and_counts_rows() {
        let csv = "Client Name,Mobile,E-mail,Visits,Total Spent,Last Visit\n\
                   Ana Ruiz,555 0100,ana@example.com,3,$40.00,2024-03-05\n\
                   \n\
                   Bo Lind,555 0101,,1,12,2024-01-10\n";
        let p = preview(csv.as_bytes()).unwrap();
        assert_eq!(p.headers[0], "Client Name");
        assert_eq!(
            p.guessed,
            vec![Column::Name, Column::Phone, Column::Email, Column::Visits, Column::TotalSpend, Column::LastVisit]
        );
        assert_eq!(p.total_rows, 2);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[1][0], "Bo Lind");
        assert!(!p.needs_mapping);
    }

    #[test]
    fn shows_at_most_five_rows_padded_to_the_headers() {
        let mut csv = String::from("Name,Phone,Email\n");
        for i in 0..8 {
            csv.push_str(&format!("Person {i},555 010{i},\n"));
        }
        csv.push_str("Short\n");
        let p = preview(csv.as_bytes()).unwrap();
        assert_eq!(p.rows.len(), 5);
        assert_eq!(p.total_rows, 9);
        assert!(p.rows.iter().all(|r| r.len() == 3));
    }

    #[test]
    fn unknown_headers_need_mapping() {
        let csv = "Who,Reach\nAna,555 0100\n";
        let p = preview(csv.as_bytes()).unwrap();
        assert_eq!(p.guessed, vec![Column::Ignore, Column::Ignore]);
        assert!(p.needs_mapping);
    }

    #[test]
    fn detects_semicolons_and_tabs() {
        let semi = "Name;Phone;Total\nAna;555 0100;1,50\n";
        assert_eq!(preview(semi.as_bytes()).unwrap().headers.len(), 3);
        let tab = "Name\tPhone\nAna\t555 0100\n";
        assert_eq!(preview(tab.as_bytes()).unwrap().headers, headers(&["Name", "Phone"]));
    }

    #[test]
    fn obeys_an_excel_separator_line() {
        let csv = "sep=;\nName;Phone\nAna;555 0100\n";
        let p = preview(csv.as_bytes()).unwrap();
        assert_eq!(p.headers, headers(&["Name", "Phone"]));
    }

    #[test]
    fn a_single_recognised_column_is_fine() {
        let p = preview(b"Customer\nAna\nBo\n").unwrap();
        assert_eq!(p.guessed, vec![Column::Name]);
        assert_eq!(p.total_rows, 2);
    }

    #[test]
    fn reads_utf16_with_a_byte_order_mark() {
        let text = "Name\tPhone\r\nZoë\t555 0100\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let p = preview(&bytes).unwrap();
        assert_eq!(p.rows[0][0], "Zoë");
    }
}
