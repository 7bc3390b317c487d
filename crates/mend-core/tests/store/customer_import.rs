//! Importing customer lists exported by booking and point-of-sale systems,
//! through the public API, with sample files in `tests/fixtures/customers/`:
//! the exports of Square, Shopify, Lightspeed eCom, Fresha (in Italian and in
//! English) and Vagaro (.xlsx, .ods and .xls) with their own headers and
//! ways of writing cells, and generic files from other systems.

use chrono::NaiveDate;
use mend_core::domain::customer_import::{self, Column, ImportRow, SkippedRow};
use mend_core::error::Error;
use mend_core::store::{MatchedOn, Store};

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

/// A customer as the test expects it: line, name, phone, e-mail, visits,
/// spend in cents, first and last visit.
type Expected =
    (usize, &'static str, &'static str, &'static str, Option<i64>, Option<i64>, Option<NaiveDate>, Option<NaiveDate>);

fn assert_customers(rows: &[ImportRow], expected: &[Expected]) {
    let expected: Vec<ImportRow> = expected
        .iter()
        .map(|&(line, name, phone, email, visits, total_spend_cents, first_visit, last_visit)| ImportRow {
            line,
            name: name.to_string(),
            phone: phone.to_string(),
            email: email.to_string(),
            visits,
            total_spend_cents,
            first_visit,
            last_visit,
        })
        .collect();
    assert_eq!(rows, expected);
}

fn skipped(line: usize, reason: &str) -> SkippedRow {
    SkippedRow { line, reason: reason.to_string() }
}

fn source_lines(name: &str) -> Vec<String> {
    customer_import::preview(&fixture(name)).unwrap().sources.into_iter().map(|s| s.text).collect()
}

fn now() -> chrono::DateTime<chrono::Utc> {
    "2026-12-03T09:00:00Z".parse().unwrap()
}

/// Square's customer directory: first and last name, not the nickname, make
/// the name; the nickname only names a customer who has neither.
mod square {
    use super::*;

    const FILE: &str = "square_customer_directory.csv";

    #[test]
    fn preview_names_the_columns_behind_each_detail() {
        let preview = customer_import::preview(&fixture(FILE)).unwrap();
        assert_eq!(preview.headers.len(), 22);
        assert_eq!(
            &preview.guessed[..7],
            &[
                Column::Ignore,
                Column::FirstName,
                Column::LastName,
                Column::Email,
                Column::Phone,
                Column::Nickname,
                Column::Ignore,
            ]
        );
        assert_eq!(
            source_lines(FILE),
            [
                "Name ← First Name + Last Name, or Nickname when both are empty",
                "Phone ← Phone Number",
                "Email ← Email Address",
                "Visits ← Transaction Count",
                "Total spend ← Lifetime Spend",
                "First visit ← First Visit",
                "Last visit ← Last Visit",
            ]
        );
        assert_eq!(preview.total_rows, 5);
    }

    #[test]
    fn imports_under_first_and_last_name() {
        let parsed = import_as_guessed(FILE);
        assert_customers(
            &parsed.rows,
            &[
                (
                    2,
                    "María José Ortega Núñez",
                    "+1 415-555-0142",
                    "mj.ortega@example.com",
                    Some(14),
                    Some(123_450),
                    day(2023, 1, 15),
                    day(2024, 3, 25),
                ),
                (3, "Zoë Brandt", "(415) 555-0177", "", Some(3), Some(8_500), day(2023, 11, 2), day(2024, 2, 7)),
                (4, "Sunny", "", "sunny.kaur@example.com", Some(7), Some(61_225), day(2022, 6, 30), day(2023, 12, 20)),
                (
                    5,
                    "Łukasz Wiśniewski",
                    "415.555.0199",
                    "lukasz.w@example.pl",
                    Some(1),
                    Some(4_000),
                    day(2024, 4, 2),
                    day(2024, 4, 2),
                ),
            ],
        );
        // A business with only a company name has no name to file it under.
        assert_eq!(parsed.skipped, vec![skipped(6, "no name")]);
    }
}

/// Shopify's customers export: phones after an apostrophe (Excel's "keep as
/// text" mark) import; the default address's phone is not the phone.
mod shopify {
    use super::*;

    const FILE: &str = "shopify_customers_export.csv";

    #[test]
    fn phones_written_with_a_leading_apostrophe_import() {
        let parsed = import_as_guessed(FILE);
        assert_customers(
            &parsed.rows,
            &[
                (
                    2,
                    "Siobhán O'Neill",
                    "+44 7700 900123",
                    "siobhan.oneill@example.co.uk",
                    Some(8),
                    Some(48_000),
                    None,
                    None,
                ),
                (3, "Jürgen Weiß", "+4930123456", "j.weiss@example.de", Some(3), Some(125_050), None, None),
                (4, "Amélie Dubois", "", "amelie.dubois@example.fr", Some(0), Some(0), None, None),
                (6, "Kofi Mensah-Bonsu", "+233 24 123 4567", "kofi@example.com.gh", Some(2), Some(9_590), None, None),
            ],
        );
        assert_eq!(parsed.skipped, vec![skipped(5, "no name")]);
        assert_eq!(
            source_lines(FILE),
            [
                "Name ← First Name + Last Name",
                "Phone ← Phone",
                "Email ← Email",
                "Visits ← Total Orders",
                "Total spend ← Total Spent"
            ]
        );
    }
}

/// Lightspeed eCom: the last-name preposition joins the last name.
mod lightspeed {
    use super::*;

    const FILE: &str = "lightspeed_ecom_customers.csv";

    #[test]
    fn the_preposition_joins_the_last_name() {
        let parsed = import_as_guessed(FILE);
        assert_eq!(parsed.skipped, vec![]);
        assert_customers(
            &parsed.rows,
            &[
                (2, "Anna van Dijk", "020 123 4567", "anna.vandijk@example.nl", None, None, day(2023, 4, 12), None),
                (3, "Pieter de Vries", "040 246 8101", "p.devries@example.nl", None, None, day(2024, 1, 3), None),
                (4, "Sanne Jansen", "+32 470 12 34 56", "sanne@example.be", None, None, day(2022, 11, 30), None),
                (5, "Gerard 't Hooft", "030 765 4321", "g.thooft@example.nl", None, None, day(2023, 8, 21), None),
                (
                    6,
                    "Émile van der Berg",
                    "071 512 3456",
                    "emile.vdberg@example.nl",
                    None,
                    None,
                    day(2024, 2, 29),
                    None,
                ),
            ],
        );
        assert_eq!(source_lines(FILE)[0], "Name ← Firstname + LastnamePreposition + Lastname");
    }
}

/// Fresha's client list, in the account's language: the mobile number first
/// (the telephone when there is none), "Aggiunto"/"Added" as the first visit.
mod fresha {
    use super::*;

    #[test]
    fn italian_headers_the_mobile_number_and_the_day_added() {
        let file = "fresha_clienti_it.csv";
        let parsed = import_as_guessed(file);
        assert_customers(
            &parsed.rows,
            &[
                (2, "Giulia Rossi", "+39 333 123 4567", "giulia.rossi@example.it", None, None, day(2023, 5, 14), None),
                (
                    3,
                    "Niccolò D'Angelo",
                    "+39 06 9876 5432",
                    "niccolo.dangelo@example.it",
                    None,
                    None,
                    day(2023, 11, 2),
                    None,
                ),
                (4, "Chiara Esposito Bianchi", "+39 347 765 4321", "", None, None, day(2024, 2, 28), None),
            ],
        );
        assert_eq!(parsed.skipped, vec![skipped(5, "no name")]);
        assert_eq!(
            source_lines(file),
            [
                "Name ← Nome + Cognome",
                "Phone ← Numero di cellulare, or Telefono when it is empty",
                "Email ← Email",
                "First visit ← Aggiunto"
            ]
        );
    }

    #[test]
    fn english_headers_read_the_same_way() {
        let file = "fresha_clients_en.csv";
        let parsed = import_as_guessed(file);
        assert_eq!(parsed.skipped, vec![]);
        assert_customers(
            &parsed.rows,
            &[
                (
                    2,
                    "Saoirse Ní Bhriain",
                    "+44 7700 900456",
                    "saoirse@example.co.uk",
                    None,
                    None,
                    day(2023, 11, 2),
                    None,
                ),
                (
                    3,
                    "Rhys Llewellyn",
                    "029 2018 0123",
                    "rhys.llewellyn@example.com",
                    None,
                    None,
                    day(2024, 2, 19),
                    None,
                ),
                (4, "Ana Lucía Pérez", "+44 7700 900789", "", None, None, day(2022, 6, 30), None),
            ],
        );
        assert_eq!(
            source_lines(file),
            [
                "Name ← Full name, or First name + Last name when it is empty",
                "Phone ← Mobile number, or Telephone when it is empty",
                "Email ← Email",
                "First visit ← Added"
            ]
        );
    }
}

/// Vagaro's `CustomersList.xlsx`, and the same sheet saved as .ods and .xls:
/// a title above the header, "---" for nothing, "Amount Paid" as the spend
/// and "Appointments Booked" as the visits.
mod vagaro {
    use super::*;

    const EXPECTED: &[Expected] = &[
        (
            4,
            "Chloé Lefèvre",
            "(212) 555-0148",
            "chloe.lefevre@example.com",
            Some(22),
            Some(187_550),
            Some(d(2021, 6, 3)),
            Some(d(2024, 3, 18)),
        ),
        (
            5,
            "Mateo García López",
            "(917) 555-0111",
            "",
            Some(4),
            Some(26_000),
            Some(d(2023, 9, 14)),
            Some(d(2024, 1, 5)),
        ),
        (
            6,
            "Ingrid Sørensen",
            "(646) 555-0190",
            "ingrid.sorensen@example.no",
            Some(0),
            Some(0),
            Some(d(2024, 2, 1)),
            None,
        ),
        (
            8,
            "Thu Trang Nguyễn",
            "+1 718 555 0163",
            "thutrang.nguyen@example.com",
            Some(1),
            None,
            Some(d(2024, 3, 9)),
            None,
        ),
    ];

    const fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        match NaiveDate::from_ymd_opt(y, m, day) {
            Some(date) => date,
            None => panic!("not a day"),
        }
    }

    #[test]
    fn each_kind_of_workbook_imports_the_same_customers() {
        for file in ["vagaro_CustomersList.xlsx", "vagaro_CustomersList.ods", "vagaro_CustomersList.xls"] {
            let preview = customer_import::preview(&fixture(file)).unwrap();
            assert_eq!(preview.headers[0], "First Name", "{file}: the title rows are not the header");
            assert_eq!(preview.headers.len(), 18, "{file}");
            assert_eq!(preview.total_rows, 5, "{file}");
            assert_eq!(preview.rows[1][2], "", "{file}: “---” is shown as nothing");
            let lines: Vec<&str> = preview.sources.iter().map(|s| s.text.as_str()).collect();
            assert_eq!(
                lines,
                [
                    "Name ← First Name + Last Name",
                    "Phone ← Mobile",
                    "Email ← Email",
                    "Visits ← Appointments Booked",
                    "Total spend ← Amount Paid",
                    "First visit ← Customer Since",
                    "Last visit ← Last Visited"
                ],
                "{file}"
            );
            let parsed = customer_import::parse(&fixture(file), &preview.guessed).unwrap();
            assert_customers(&parsed.rows, EXPECTED);
            assert_eq!(parsed.skipped, vec![skipped(7, "no name")], "{file}");
        }
    }
}

/// A title line, an export date and a blank line above the header row.
mod title_line_above_header {
    use super::*;

    #[test]
    fn the_header_is_found_below_the_title() {
        let file = "title_line_above_header.csv";
        let preview = customer_import::preview(&fixture(file)).unwrap();
        assert_eq!(preview.headers, ["First name", "Last name", "Mobile", "Email", "Visits", "Last visit"]);
        assert_eq!(preview.total_rows, 3);
        let parsed = customer_import::parse(&fixture(file), &preview.guessed).unwrap();
        assert_eq!(parsed.skipped, vec![]);
        assert_customers(
            &parsed.rows,
            &[
                (5, "Inès Moreau", "06 12 34 56 78", "ines.moreau@example.fr", Some(12), None, None, day(2026, 11, 28)),
                (6, "Hélène Dupont-Lefèvre", "", "helene@example.fr", Some(3), None, None, day(2026, 10, 2)),
                (7, "Joëlle", "07 98 76 54 32", "", Some(1), None, None, day(2026, 9, 15)),
            ],
        );
    }
}

/// The report of an import into a shop that already has customers: added,
/// merged (with whom, and on what) and left out, each row by its line.
mod report {
    use super::*;

    #[test]
    fn counts_added_merged_and_skipped_rows() {
        let mut store = Store::open_in_memory().unwrap();
        let square = import_as_guessed("square_customer_directory.csv");
        let first = store.import_customers(&square.rows, square.skipped, now()).unwrap();
        assert_eq!((first.added, first.merged.len(), first.skipped.len()), (4, 0, 1));

        // The same shop's Shopify customers: none in common, then Shopify's
        // Siobhán again in a Fresha list, by her e-mail.
        let shopify = import_as_guessed("shopify_customers_export.csv");
        let second = store.import_customers(&shopify.rows, shopify.skipped, now()).unwrap();
        assert_eq!((second.added, second.merged.len()), (4, 0));
        assert_eq!(second.skipped, vec![skipped(5, "no name")]);

        let csv = "Nome;Cognome;Numero di cellulare;Email\n\
                   Siobhán;O'Neill;;SIOBHAN.ONEILL@example.co.uk\n\
                   Zoë;B.;415-555-0177;\n\
                   Nuova;Cliente;333 000 1234;\n\
                   ;;;\n\
                   Senza;Email;;nessuna\n";
        let preview = customer_import::preview(csv.as_bytes()).unwrap();
        let parsed = customer_import::parse(csv.as_bytes(), &preview.guessed).unwrap();
        let third = store.import_customers(&parsed.rows, parsed.skipped, now()).unwrap();
        assert_eq!(third.added, 1);
        let merged: Vec<(usize, &str, &str, MatchedOn)> =
            third.merged.iter().map(|m| (m.line, m.name.as_str(), m.customer_name.as_str(), m.matched_on)).collect();
        assert_eq!(
            merged,
            [
                (2, "Siobhán O'Neill", "Siobhán O'Neill", MatchedOn::Email),
                (3, "Zoë B.", "Zoë Brandt", MatchedOn::Phone)
            ]
        );
        assert_eq!(third.skipped, vec![skipped(6, "the e-mail address “nessuna” is not valid")]);
        let value = serde_json::to_value(&third).unwrap();
        assert_eq!(value["merged"][1]["matched_on"], "phone");
        assert_eq!(value["added"], 1);
        assert_eq!(store.list_customers("", None, 50).unwrap().total, 9);
    }
}

mod wrong_files {
    use super::*;

    const NOT_CSV: &str = "This doesn't look like a list of customers. In your booking system, export the customers as CSV (or as an Excel file) and choose that file.";

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

    /// `customers.xlsx` is a zip with a workbook part but no sheet in it.
    #[test]
    fn a_broken_excel_workbook() {
        const BROKEN: &str = "Mend can't read this file as a spreadsheet. If it is one, open it in Excel or LibreOffice, save it again as .xlsx or CSV, and choose the new file.";
        let err = customer_import::preview(&fixture("customers.xlsx")).unwrap_err();
        assert_eq!(invalid_message(err, "file"), BROKEN);
        let err = customer_import::parse(&fixture("customers.xlsx"), &[Column::Name]).unwrap_err();
        assert_eq!(invalid_message(err, "file"), BROKEN);
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
