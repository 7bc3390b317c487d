//! Bringing an existing customer list into Mend from a CSV file or a
//! spreadsheet.
//!
//! A shop that starts using Mend already knows its customers: the booking
//! system or the till has them, with phone numbers, visit counts and what each
//! one has spent. Typing them in again is out of the question, so the owner
//! exports a CSV file (or an .xlsx/.ods workbook) and Mend reads it in two
//! steps:
//!
//! 1. [`preview()`] reads the file, shows its first rows and guesses what each
//!    column holds from its header ("Client Name", "Mobile", "Total Spent"…),
//!    naming the columns each detail is read from ([`field_sources`]);
//! 2. [`parse`] reads every row with the columns the owner confirmed, and
//!    returns the customers it could read plus, for every other line, the
//!    reason it was left out, in plain words.
//!
//! Exports differ a lot from one system and one country to the next, so the
//! reader is forgiving about the shape of the file (comma, semicolon or tab
//! between values, a byte-order mark, Windows line ends, a UTF-16 or
//! Windows-1252 file from an older program, title lines above the header,
//! "'+44 7700 900123" and "---" as spreadsheets write them, amounts like
//! "1.234,50 €", dates like "5.3.2024") and strict about the values: a row
//! with an e-mail address or an amount we can't read is reported, never
//! imported half-right.
//!
//! The exports of the systems shops use read right as they come (samples in
//! `tests/fixtures/customers/`): Square's directory (first and last name win
//! over the nickname), Shopify's customers (phones after an apostrophe),
//! Lightspeed eCom (the "LastnamePreposition" joins the last name), Fresha's
//! client list in Italian or English (the mobile number before the
//! telephone, "Aggiunto"/"Added" as the first visit) and Vagaro's
//! `CustomersList.xlsx` ("---" for nothing, "Amount Paid", "Appointments
//! Booked").
//!
//! Nothing here touches the database; the caller saves the rows.
//!
//! One file per concern, each using only files listed before it:
//!
//! - `column`: the customer details a column can hold ([`Column`]);
//! - `sources`: which columns feed each detail, in words ([`FieldSource`]);
//! - `decode`: the file's bytes as text (UTF-8, UTF-16, Windows-1252, by
//!   `encoding_rs`), refusing files that are not text;
//! - `amount`, `date`: money and days as exports write them;
//! - `headers`: what each column holds, guessed from its header
//!   ([`guess_columns`]);
//! - `sheet`: a workbook's first sheet as rows of text (by `calamine`);
//! - `table`: the file as a header and rows (delimiter, quotes, line
//!   numbers, tidied values, title lines skipped), refusing files that are
//!   not a table of customers;
//! - `cells`: one cell as a checked name, phone, e-mail, visit count, amount
//!   or day, or the reason it can't be;
//! - `preview`: what the owner sees before importing ([`CsvPreview`]);
//! - `rows`: every row read with the confirmed columns ([`ParsedImport`]).

mod amount;
mod cells;
mod column;
mod date;
mod decode;
mod headers;
mod preview;
mod rows;
mod sheet;
mod sources;
mod table;

pub use column::Column;
pub use headers::guess_columns;
pub use preview::{preview, CsvPreview};
pub use rows::{parse, ImportRow, ParsedImport, SkippedRow};
pub use sources::{field_sources, FieldSource};

#[cfg(test)]
mod tests {
    /// The files in the order of the module doc, with their source.
    const FILES: [(&str, &str); 11] = [
        ("column", include_str!("column.rs")),
        ("sources", include_str!("sources.rs")),
        ("decode", include_str!("decode.rs")),
        ("amount", include_str!("amount.rs")),
        ("date", include_str!("date.rs")),
        ("headers", include_str!("headers.rs")),
        ("sheet", include_str!("sheet.rs")),
        ("table", include_str!("table.rs")),
        ("cells", include_str!("cells.rs")),
        ("preview", include_str!("preview.rs")),
        ("rows", include_str!("rows.rs")),
    ];

    #[test]
    fn each_file_uses_only_the_files_listed_before_it() {
        for (i, (name, source)) in FILES.iter().enumerate() {
            assert!(!source.contains("super::{"), "{name}.rs: name each sibling in its own `use`");
            assert!(!source.contains("customer_import::"), "{name}.rs: reach siblings through `super::`");
            for (later, _) in &FILES[i + 1..] {
                assert!(!source.contains(&format!("super::{later}")), "{name}.rs uses {later}.rs, listed after it");
            }
        }
    }

    #[test]
    fn every_file_is_listed() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/domain/customer_import");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name != "mod.rs")
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = FILES.iter().map(|(name, _)| format!("{name}.rs")).collect();
        listed.sort();
        assert_eq!(on_disk, listed);
    }
}
