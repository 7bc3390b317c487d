//! Importing customer lists exported by booking and point-of-sale systems,
//! through the public API, with sample files in `tests/fixtures/customers/`.

use chrono::NaiveDate;
use mend_core::domain::customer_import::{self, Column, ImportRow, SkippedRow};
use mend_core::error::Error;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/fixtures/customers/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("can't read {path}: {e}"))
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Previews the file, then parses it with the guessed columns, as the app
/// does when the owner accepts the guess.
fn import_as_guessed(name: &str) -> customer_import::ParsedImport {
    let bytes = fixture(name);
    let preview = customer_import::preview(&bytes).unwrap();
    assert!(!preview.needs_mapping, "{name}: {:?}", preview.guessed);
    customer_import::parse(&bytes, &preview.guessed).unwrap()
}

fn invalid_message(err: Error, field: &str) -> String {
    match err {
        Error::Invalid(fields) => fields.get(field).cloned().unwrap_or_else(|| panic!("no {field} in {fields:?}")),
        other => panic!("expected an Invalid error, got {other:?}"),
    }
}

mod salon_export {
    use super::*;

    #[test]
    fn preview_guesses_every_column() {
        let preview = customer_import::preview(&fixture("salon_export.csv")).unwrap();
        assert_eq!(preview.headers.len(), 10);
        assert_eq!(
            preview.guessed,
            vec![
                Column::Ignore,
                Column::Name,
                Column::Phone,
                Column::Email,
                Column::Visits,
                Column::TotalSpend,
                Column::FirstVisit,
                Column::LastVisit,
                Column::Ignore,
                Column::Ignore,
            ]
        );
        assert_eq!(preview.total_rows, 4);
        assert_eq!(preview.rows[0][1], "Ruiz, Ana María");
        assert_eq!(preview.rows[1][8], "Allergic to ammonia.\nPatch test first, always.");
        assert!(!preview.needs_mapping);
    }

    #[test]
    fn month_first_dates_quoted_names_and_dollar_amounts() {
        let parsed = import_as_guessed("salon_export.csv");
        assert_eq!(parsed.skipped, vec![]);
        assert_eq!(
            parsed.rows[0],
            ImportRow {
                line: 2,
                name: "Ruiz, Ana María".into(),
                phone: "+1 (555) 010-0100".into(),
                email: "ana.ruiz@example.com".into(),
                visits: Some(14),
                total_spend_cents: Some(123_450),
                first_visit: day(2021, 1, 15),
                last_visit: day(2024, 3, 25),
            }
        );
        let zoe = &parsed.rows[1];
        assert_eq!((zoe.line, zoe.name.as_str()), (3, "Zoë Brandt"));
        // "11/02/2023" is the 2nd of November: the file writes months first.
        assert_eq!(zoe.first_visit, day(2023, 11, 2));
        assert_eq!(zoe.last_visit, day(2024, 2, 7));
        assert_eq!(zoe.total_spend_cents, Some(8_500));

        // The note of line 3 spans two lines, so José is on line 5.
        let jose = &parsed.rows[2];
        assert_eq!((jose.line, jose.name.as_str(), jose.phone.as_str()), (5, "José Ortega", ""));
        assert_eq!(jose.total_spend_cents, Some(4_000));
        assert_eq!(jose.first_visit, day(2024, 2, 29));

        let dana = &parsed.rows[3];
        assert_eq!((dana.line, dana.name.as_str(), dana.email.as_str()), (6, "Dana \"DJ\" Jones", ""));
        assert_eq!(dana.total_spend_cents, Some(61_225));
        assert_eq!(dana.last_visit, day(2023, 12, 20));
    }
}

mod pos_export_semicolon {
    use super::*;

    #[test]
    fn german_headers_are_recognised_despite_the_byte_order_mark() {
        let preview = customer_import::preview(&fixture("pos_export_semicolon.csv")).unwrap();
        assert_eq!(preview.headers[0], "Kundennr");
        assert_eq!(
            preview.guessed,
            vec![
                Column::Ignore,
                Column::FirstName,
                Column::LastName,
                Column::Phone,
                Column::Email,
                Column::TotalSpend,
                Column::LastVisit,
                Column::Ignore,
            ]
        );
        assert_eq!(preview.total_rows, 4);
    }

    #[test]
    fn umlauts_euro_amounts_and_dotted_dates() {
        let parsed = import_as_guessed("pos_export_semicolon.csv");
        assert_eq!(parsed.skipped, vec![]);
        let summary: Vec<(usize, &str, Option<i64>, Option<NaiveDate>)> =
            parsed.rows.iter().map(|r| (r.line, r.name.as_str(), r.total_spend_cents, r.last_visit)).collect();
        assert_eq!(
            summary,
            vec![
                (2, "Jürgen Müller", Some(123_450), day(2024, 3, 5)),
                (3, "Zoë Ångström", Some(8_990), day(2023, 12, 17)),
                (4, "Renée Öztürk", Some(1_200), day(2024, 2, 1)),
                (5, "Françoise Weiß", Some(200_000), day(2024, 2, 28)),
            ]
        );
        assert_eq!(parsed.rows[0].phone, "+49 30 1234567");
        assert_eq!(parsed.rows[0].email, "j.mueller@example.de");
        assert_eq!(parsed.rows[1].email, "");
        assert_eq!(parsed.rows[0].visits, None);
        assert_eq!(parsed.rows[0].first_visit, None);
    }
}

mod first_last_tab {
    use super::*;

    #[test]
    fn tabs_first_and_last_names_and_ignored_extras() {
        let bytes = fixture("first_last_tab.csv");
        let preview = customer_import::preview(&bytes).unwrap();
        assert_eq!(
            preview.guessed,
            vec![
                Column::Ignore,
                Column::FirstName,
                Column::LastName,
                Column::Phone,
                Column::Email,
                Column::Ignore,
                Column::Visits,
                Column::TotalSpend,
                Column::FirstVisit,
                Column::LastVisit,
                Column::Ignore,
            ]
        );
        let parsed = customer_import::parse(&bytes, &preview.guessed).unwrap();
        assert_eq!(parsed.skipped, vec![]);
        assert_eq!(
            parsed.rows[0],
            ImportRow {
                line: 2,
                name: "Siobhán O'Neill".into(),
                phone: "087 123 4567".into(),
                email: "siobhan@example.ie".into(),
                visits: Some(8),
                total_spend_cents: Some(48_000),
                first_visit: day(2022, 4, 1),
                last_visit: day(2024, 2, 14),
            }
        );
        let bjorn = &parsed.rows[1];
        assert_eq!(bjorn.name, "Björn Lindqvist");
        assert_eq!((bjorn.visits, bjorn.total_spend_cents, bjorn.last_visit), (Some(0), Some(0), None));
        let chloe = &parsed.rows[2];
        assert_eq!((chloe.line, chloe.name.as_str()), (4, "Chloé"));
        assert_eq!(chloe.total_spend_cents, Some(105_000));
        assert_eq!(chloe.last_visit, day(2024, 3, 2));
    }
}

mod blank_lines_and_bad_rows {
    use super::*;

    #[test]
    fn bad_rows_are_reported_by_line_and_the_rest_imported() {
        let bytes = fixture("blank_lines_and_bad_rows.csv");
        let preview = customer_import::preview(&bytes).unwrap();
        // Four blank lines (one of them only commas, one only spaces) don't count.
        assert_eq!(preview.total_rows, 9);

        let parsed = customer_import::parse(&bytes, &preview.guessed).unwrap();
        let imported: Vec<(usize, &str)> = parsed.rows.iter().map(|r| (r.line, r.name.as_str())).collect();
        assert_eq!(imported, vec![(2, "Ana Ruiz"), (9, "Ed Stone"), (12, "Flo Ng")]);
        assert_eq!(parsed.rows[1].total_spend_cents, Some(102_000));
        assert_eq!(parsed.rows[2].phone, "");
        assert_eq!(parsed.rows[2].visits, None);

        let skipped = |line: usize, reason: &str| SkippedRow { line, reason: reason.to_string() };
        assert_eq!(
            parsed.skipped,
            vec![
                skipped(4, "no name"),
                skipped(5, "the e-mail address “bo(at)example.com” is not valid"),
                skipped(6, "the total spend “-15.00” is negative"),
                skipped(8, "this line has 2 values but the header has 6 columns"),
                skipped(13, "the total spend “abc” is not an amount"),
                skipped(14, "the last visit “someday” is not a date Mend can read"),
            ]
        );
    }
}

mod unknown_headers {
    use super::*;

    #[test]
    fn needs_mapping_then_imports_with_the_owners_choice() {
        let bytes = fixture("unknown_headers.csv");
        let preview = customer_import::preview(&bytes).unwrap();
        assert!(preview.needs_mapping);
        assert!(preview.guessed.iter().all(|c| *c == Column::Ignore), "{:?}", preview.guessed);
        assert_eq!(preview.rows[1][1], "Noah Berg");

        let err = customer_import::parse(&bytes, &preview.guessed).unwrap_err();
        assert_eq!(invalid_message(err, "mapping"), "Choose which column holds the customer's name.");

        let mapping = [
            Column::Ignore,
            Column::Name,
            Column::Phone,
            Column::Email,
            Column::Visits,
            Column::TotalSpend,
            Column::FirstVisit,
            Column::LastVisit,
        ];
        let parsed = customer_import::parse(&bytes, &mapping).unwrap();
        assert_eq!(parsed.skipped, vec![]);
        assert_eq!(
            parsed.rows[1],
            ImportRow {
                line: 3,
                name: "Noah Berg".into(),
                phone: "555 0111".into(),
                email: "".into(),
                visits: Some(2),
                total_spend_cents: Some(150_000),
                first_visit: day(2023, 6, 15),
                last_visit: day(2024, 1, 20),
            }
        );
    }

    #[test]
    fn the_same_column_twice_is_refused() {
        let bytes = fixture("unknown_headers.csv");
        let mut mapping = [Column::Ignore; 8];
        mapping[1] = Column::Name;
        mapping[2] = Column::Phone;
        mapping[3] = Column::Phone;
        let err = customer_import::parse(&bytes, &mapping).unwrap_err();
        assert_eq!(
            invalid_message(err, "mapping"),
            "“Phone” is chosen for more than one column. Choose it for one column only."
        );
    }
}

mod wrong_files {
    use super::*;

    const NOT_CSV: &str =
        "This doesn't look like a CSV file. In your booking system, export customers as CSV and choose that file.";

    #[test]
    fn empty_file() {
        let err = customer_import::preview(&fixture("empty.csv")).unwrap_err();
        assert_eq!(invalid_message(err, "file"), "The file is empty.");
    }

    #[test]
    fn a_picture() {
        let err = customer_import::preview(&fixture("not_a_csv.png")).unwrap_err();
        assert_eq!(invalid_message(err, "file"), NOT_CSV);
    }

    #[test]
    fn an_excel_workbook() {
        let err = customer_import::preview(&fixture("customers.xlsx")).unwrap_err();
        assert_eq!(invalid_message(err, "file"), NOT_CSV);
        let err = customer_import::parse(&fixture("customers.xlsx"), &[Column::Name]).unwrap_err();
        assert_eq!(invalid_message(err, "file"), NOT_CSV);
    }

    #[test]
    fn a_letter_saved_as_csv() {
        let err = customer_import::preview(&fixture("letter_not_a_table.csv")).unwrap_err();
        let message = invalid_message(err, "file");
        assert!(message.starts_with("This file holds ordinary text, not a table of customers."), "{message}");
    }

    #[test]
    fn errors_reach_the_ui_as_invalid_file() {
        let err = customer_import::preview(&fixture("empty.csv")).unwrap_err();
        let value = serde_json::to_value(err).unwrap();
        assert_eq!(value["kind"], "invalid");
        assert_eq!(value["fields"]["file"], "The file is empty.");
    }
}

mod windows_1252 {
    use super::*;

    #[test]
    fn accents_and_the_euro_sign_come_through() {
        let parsed = import_as_guessed("windows_1252.csv");
        assert_eq!(parsed.skipped, vec![]);
        let rows: Vec<(&str, Option<i64>, Option<NaiveDate>)> =
            parsed.rows.iter().map(|r| (r.name.as_str(), r.total_spend_cents, r.last_visit)).collect();
        assert_eq!(
            rows,
            vec![
                ("Zoë Brandt", Some(4_550), day(2024, 3, 14)),
                // "14/03/2024" above shows the file writes days first.
                ("José Núñez", Some(102_000), day(2024, 1, 2)),
            ]
        );
    }
}

/// Excel's "Unicode text" and some tills write UTF-16 after a byte-order
/// mark, in either byte order.
mod utf16 {
    use super::*;

    fn utf16(text: &str, bom: [u8; 2], unit: fn(u16) -> [u8; 2]) -> Vec<u8> {
        let mut bytes = bom.to_vec();
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&unit(u));
        }
        bytes
    }

    #[test]
    fn imports_the_same_customers_as_the_utf8_file() {
        for name in ["first_last_tab.csv", "pos_export_semicolon.csv", "salon_export.csv"] {
            let utf8 = import_as_guessed(name);
            assert!(!utf8.rows.is_empty(), "{name}");
            let text = String::from_utf8(fixture(name)).unwrap();
            let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
            for bytes in [utf16(text, [0xFF, 0xFE], u16::to_le_bytes), utf16(text, [0xFE, 0xFF], u16::to_be_bytes)] {
                let preview = customer_import::preview(&bytes).unwrap();
                let parsed = customer_import::parse(&bytes, &preview.guessed).unwrap();
                assert_eq!((parsed.rows, parsed.skipped), (utf8.rows.clone(), utf8.skipped.clone()), "{name}");
            }
        }
    }

    #[test]
    fn accents_and_the_euro_sign_come_through() {
        let text = "Name;Total spent\r\nZoë Brandt;€ 45,50\r\nJosé Núñez;1.020,00 €\r\n";
        let bytes = utf16(text, [0xFE, 0xFF], u16::to_be_bytes);
        let parsed = customer_import::parse(&bytes, &[Column::Name, Column::TotalSpend]).unwrap();
        let rows: Vec<(&str, Option<i64>)> =
            parsed.rows.iter().map(|r| (r.name.as_str(), r.total_spend_cents)).collect();
        assert_eq!(rows, vec![("Zoë Brandt", Some(4_550)), ("José Núñez", Some(102_000))]);
    }
}
