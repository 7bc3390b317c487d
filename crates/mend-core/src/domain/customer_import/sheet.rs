//! Spreadsheets (.xlsx, .xls, .ods) as rows of text.
//!
//! Some systems export their customers only as a spreadsheet (Vagaro's
//! `CustomersList.xlsx`), and owners often tidy a CSV in Excel or LibreOffice
//! and save it as a workbook. The workbook is read by `calamine`, and each
//! cell becomes the text a CSV export would have held: numbers without a
//! needless ".0", days as "2024-03-05", errors ("#N/A") and empty cells as
//! nothing. The rows go on to the same header and row checks as a CSV file's.
//!
//! The first sheet with anything in it is read; a row's number is the one the
//! spreadsheet program shows beside it, so "line 7" in a reason points at the
//! right row.

use super::decode::{file_error, EMPTY_FILE};
use crate::error::Result;
use calamine::{open_workbook_auto_from_rs, Data, Reader};
use std::io::Cursor;

pub(super) const NOT_A_SPREADSHEET: &str = "Mend can't read this file as a spreadsheet. If it is one, open it in Excel or LibreOffice, save it again as .xlsx or CSV, and choose the new file.";

/// One row of the sheet: its number as the spreadsheet shows it and its cells
/// as text, untrimmed.
pub(super) struct SheetRow {
    pub(super) line: usize,
    pub(super) cells: Vec<String>,
}

/// Whether the bytes are a workbook: .xlsx and .ods are zip archives, .xls
/// is an OLE container.
pub(super) fn is_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0")
}

/// Every row of the first sheet that has a value in it, empty rows included
/// (they are dropped with the blank lines of a CSV file).
pub(super) fn read_sheet(bytes: &[u8]) -> Result<Vec<SheetRow>> {
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        log::info!("the chosen file is not a workbook calamine can read: {e}");
        file_error(NOT_A_SPREADSHEET)
    })?;
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|e| {
            log::info!("the sheet {name:?} of the chosen workbook can't be read: {e}");
            file_error(NOT_A_SPREADSHEET)
        })?;
        let Some((first_row, first_column)) = range.start() else { continue };
        if range.used_cells().all(|(_, _, cell)| cell_text(cell).trim().is_empty()) {
            continue;
        }
        // Columns left of the used range are empty in every row; a CSV export
        // would have written them as empty values, so they keep their place.
        let padding = first_column as usize;
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, row)| SheetRow {
                line: first_row as usize + i + 1,
                cells: std::iter::repeat_n(String::new(), padding).chain(row.iter().map(cell_text)).collect(),
            })
            .collect();
        return Ok(rows);
    }
    Err(file_error(EMPTY_FILE))
}

/// A cell as the text a CSV export would hold.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) => number_text(*x),
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Data::DateTime(moment) if moment.is_datetime() => {
            let (year, month, day, hour, minute, _, _) = moment.to_ymd_hms_milli();
            if (hour, minute) == (0, 0) {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}")
            }
        }
        Data::DateTime(duration) => number_text(duration.as_f64()),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// A number without a needless ".0" ("12", not "12.0") and without the
/// float's noise in the last digits ("40.1", not "40.099999999999994").
fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    let cents = (x * 100.0).round() / 100.0;
    if (cents - x).abs() < 1e-7 {
        format!("{cents}")
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_they_were_typed() {
        assert_eq!(number_text(12.0), "12");
        assert_eq!(number_text(447_700_900_123.0), "447700900123");
        assert_eq!(number_text(85.5), "85.5");
        assert_eq!(number_text(40.099_999_999_999_994), "40.1");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(-3.0), "-3");
    }

    #[test]
    fn cells_become_text() {
        assert_eq!(cell_text(&Data::String(" Zoë ".into())), " Zoë ");
        assert_eq!(cell_text(&Data::Int(7)), "7");
        assert_eq!(cell_text(&Data::Bool(true)), "yes");
        assert_eq!(cell_text(&Data::DateTimeIso("2024-03-05T10:30:00".into())), "2024-03-05T10:30:00");
        assert_eq!(cell_text(&Data::Error(calamine::CellErrorType::NA)), "");
        assert_eq!(cell_text(&Data::Empty), "");
        // 45356 is the 5th of March 2024 in Excel's 1900 calendar.
        let day = calamine::ExcelDateTime::new(45356.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(day)), "2024-03-05");
        let moment = calamine::ExcelDateTime::new(45356.75, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(moment)), "2024-03-05 18:00");
    }

    #[test]
    fn recognises_workbooks_by_their_first_bytes() {
        assert!(is_spreadsheet(b"PK\x03\x04\x14\x00"));
        assert!(is_spreadsheet(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"));
        assert!(!is_spreadsheet(b"Name,Phone\n"));
    }

    #[test]
    fn a_zip_that_is_no_workbook_is_refused_in_plain_words() {
        let err = read_sheet(b"PK\x03\x04 this is not really a zip").err().unwrap();
        let value = serde_json::to_value(err).unwrap();
        assert_eq!(value["fields"]["file"], NOT_A_SPREADSHEET);
    }
}
