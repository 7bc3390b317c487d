//! The CSV exports opened by a real spreadsheet program: LibreOffice Calc,
//! headless, converts each file to a flat OpenDocument spreadsheet, and the
//! test reads the cells back: accents intact, one value per cell, and no
//! cell turned into a formula.
//!
//! Calc's import dialog reads the byte order mark and picks UTF-8; headless
//! there is no dialog and Calc falls back to the system character set, so
//! the test passes the choices the dialog makes (comma, double quote, UTF-8,
//! from line 1). With those same choices a plain `=1+1` does become a
//! formula, which the control case checks: the neutralising is what keeps
//! the exported cells inert.
//!
//! Needs `soffice` (Debian's libreoffice-calc-nogui, installed by
//! `scripts/setup.sh --test`).

use chrono::{DateTime, FixedOffset, Utc};
use mend_core::domain::customer::NewCustomerInput;
use mend_core::domain::gesture::GivenInput;
use mend_core::domain::incident::IncidentInput;
use mend_core::store::{ExportKind, Store};
use std::path::Path;
use std::process::Command;

fn t0() -> DateTime<Utc> {
    "2026-11-22T10:00:00Z".parse().unwrap()
}

fn tz() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

/// Replaces the five XML entities.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// One cell as Calc saw it: its text, whether it holds a formula, and
/// whether Calc took it for a number.
#[derive(Debug, Clone, PartialEq)]
struct Cell {
    text: String,
    formula: bool,
    number: bool,
}

/// The cells of the first sheet of a flat ODS file, row by row. Enough of
/// the format for this test: rows, repeated cells, paragraphs, line breaks.
fn read_fods(xml: &str) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for row in xml.split("<table:table-row").skip(1) {
        let row = &row[..row.find("</table:table-row>").unwrap_or(row.len())];
        let mut cells = Vec::new();
        for cell in row.split("<table:table-cell").skip(1) {
            let open_end = cell.find('>').unwrap_or(cell.len());
            let attrs = &cell[..open_end];
            let repeat = attrs
                .split("table:number-columns-repeated=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(1);
            let body = if attrs.ends_with('/') { "" } else { &cell[open_end + 1..] };
            let body = &body[..body.find("</table:table-cell>").unwrap_or(body.len())];
            let mut paragraphs = Vec::new();
            for p in body.split("<text:p").skip(1) {
                let inner = &p[p.find('>').map_or(0, |i| i + 1)..p.find("</text:p>").unwrap_or(p.len())];
                // Drop inline tags (spans, line breaks become newlines).
                let inner = inner.replace("<text:line-break/>", "\n");
                let mut text = String::new();
                let mut in_tag = false;
                for ch in inner.chars() {
                    match ch {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => text.push(c),
                        _ => {}
                    }
                }
                paragraphs.push(unescape(&text));
            }
            let one = Cell {
                text: paragraphs.join("\n"),
                formula: attrs.contains("table:formula="),
                number: attrs.contains("office:value-type=\"float\""),
            };
            // Trailing empty cells repeated to the sheet's edge don't matter.
            for _ in 0..repeat.min(64) {
                cells.push(one.clone());
            }
        }
        while cells.last().is_some_and(|c: &Cell| c.text.is_empty()) {
            cells.pop();
        }
        if !cells.is_empty() {
            rows.push(cells);
        }
    }
    rows
}

/// Opens `csv` in LibreOffice as a user would (no import options given) and
/// returns its cells.
fn open_in_calc(csv: &Path, work: &Path) -> Vec<Vec<Cell>> {
    let profile = work.join("lo-profile");
    let out = work.join("out");
    let status = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore", "--infilter=Text - txt - csv (StarCalc):44,34,76,1"])
        .args(["--convert-to", "fods", "--outdir"])
        .arg(&out)
        .arg(csv)
        .status()
        .expect("LibreOffice (soffice) is needed: run scripts/setup.sh --test");
    assert!(status.success(), "soffice failed: {status}");
    let fods = out.join(csv.file_stem().unwrap()).with_extension("fods");
    read_fods(&std::fs::read_to_string(&fods).unwrap())
}

fn write_export(store: &Store, kind: ExportKind, path: &Path) {
    let mut file = std::fs::File::create(path).unwrap();
    store.export_csv(kind, &mut file).unwrap();
}

#[test]
fn calc_reads_accents_amounts_and_inert_formulas_cell_for_cell() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .update_settings(&mend_core::domain::settings::Settings {
            business_name: "Salon".into(),
            currency: "EUR".into(),
        })
        .unwrap();
    let input = IncidentInput {
        new_customer: Some(NewCustomerInput {
            name: "Zoë Ångström-Núñez".into(),
            phone: "+44 20 7946 0958".into(),
            ..Default::default()
        }),
        channel: "phone".into(),
        severity: Some(3),
        description: "=HYPERLINK(\"http://evil.example\",\"click\"), then \"quotes\"\nand a second line".into(),
        desired_outcome: "@SUM(1+1)".into(),
        transaction_value: "1234.5".into(),
        category_id: Some(2),
        ..Default::default()
    };
    let fields = input.validated(t0(), &tz()).unwrap();
    let incident = store.create_incident(&fields, None, t0()).unwrap();
    let given = GivenInput {
        description: "-10% next visit".into(),
        kind: "discount".into(),
        cost: "12.30".into(),
        ..Default::default()
    }
    .validated()
    .unwrap();
    store.record_gesture(incident, &given, None, None, t0()).unwrap();

    let work = tempfile::tempdir().unwrap();
    for (kind, name) in [
        (ExportKind::Incidents, "incidents.csv"),
        (ExportKind::Customers, "customers.csv"),
        (ExportKind::Gestures, "gestures.csv"),
    ] {
        write_export(&store, kind, &work.path().join(name));
    }

    // The control: left as it was, a cell starting with = is run by Calc.
    let control = work.path().join("control.csv");
    std::fs::write(&control, "\u{feff}name,total\nZoë,=1+1\n").unwrap();
    let cells = open_in_calc(&control, work.path());
    assert_eq!(cells[1][0].text, "Zoë");
    assert!(cells[1][1].formula, "Calc should have read =1+1 as a formula: {cells:#?}");

    // Incidents: the header row, then one row whose cells match the data.
    let incidents = open_in_calc(&work.path().join("incidents.csv"), work.path());
    assert_eq!(incidents.len(), 2, "{incidents:#?}");
    let header: Vec<&str> = incidents[0].iter().map(|c| c.text.as_str()).collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no {name} in {header:?}"));
    let row = &incidents[1];
    assert!(row.iter().all(|c| !c.formula), "a cell became a formula: {row:#?}");
    assert_eq!(row[col("customer")].text, "Zoë Ångström-Núñez");
    assert_eq!(
        row[col("what_happened")].text,
        "'=HYPERLINK(\"http://evil.example\",\"click\"), then \"quotes\"\nand a second line"
    );
    assert_eq!(row[col("desired_outcome")].text, "'@SUM(1+1)");
    assert_eq!(row[col("received_at")].text.get(..10), Some("2026-11-22"));
    assert_eq!(row[col("currency")].text, "EUR");
    // Words people read in the main columns, the codes at the end.
    assert_eq!(row[col("channel")].text, "Phone");
    assert_eq!(row[col("failure_kind")].text, "The work itself");
    assert_eq!(row[col("fault")].text, "Ours");
    assert_eq!(row[col("status")].text, "Open");
    assert_eq!(row[col("fault_code")].text, "shop");
    assert!(col("status_code") > col("root_cause"), "the codes come after the main columns");

    // Customers: the phone number starting with + stays text, not a sum.
    let customers = open_in_calc(&work.path().join("customers.csv"), work.path());
    let header: Vec<&str> = customers[0].iter().map(|c| c.text.as_str()).collect();
    let phone = header.iter().position(|h| *h == "phone").unwrap();
    assert_eq!(customers[1][phone].text, "'+44 20 7946 0958");
    assert!(customers[1].iter().all(|c| !c.formula));

    // Gestures: the amount is a number Calc can add up; "-10%" stays text.
    let gestures = open_in_calc(&work.path().join("gestures.csv"), work.path());
    let header: Vec<&str> = gestures[0].iter().map(|c| c.text.as_str()).collect();
    let cost = header.iter().position(|h| h.starts_with("cost")).unwrap();
    let description = header.iter().position(|h| *h == "gesture").unwrap();
    assert!(gestures[1][cost].number, "{:?}", gestures[1][cost]);
    assert_eq!(gestures[1][cost].text.replace(',', "."), "12.3");
    assert_eq!(gestures[1][description].text, "'-10% next visit");
    let kind = header.iter().position(|h| *h == "kind").unwrap();
    let kind_code = header.iter().position(|h| *h == "kind_code").unwrap();
    assert_eq!((gestures[1][kind].text.as_str(), gestures[1][kind_code].text.as_str()), ("Discount", "discount"));
}
