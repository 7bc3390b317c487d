//! CSV exports read back with an independent CSV reader.

use chrono::{DateTime, FixedOffset, Utc};
use mend::domain::customer::{CustomerInput, NewCustomerInput};
use mend::domain::gesture::GivenInput;
use mend::domain::incident::IncidentInput;
use mend::store::{ExportKind, Store};

fn t0() -> DateTime<Utc> {
    "2026-11-22T10:00:00Z".parse().unwrap()
}

fn tz() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap()
}

fn export(store: &Store, kind: ExportKind) -> (Vec<u8>, Vec<Vec<String>>) {
    let mut bytes = Vec::new();
    store.export_csv(kind, &mut bytes).unwrap();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("starts with a UTF-8 byte order mark");
    let rows =
        csv::Reader::from_reader(body).records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    (bytes, rows)
}

#[test]
fn incidents_round_trip_with_iso_dates_amounts_and_inert_formulas() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .update_settings(&mend::domain::settings::Settings { business_name: "Salon".into(), currency: "EUR".into() })
        .unwrap();
    let input = IncidentInput {
        new_customer: Some(NewCustomerInput { name: "=HYPERLINK(\"http://x\")".into(), ..Default::default() }),
        channel: "review_site".into(),
        severity: Some(4),
        description: "Line one, with a comma\nline two \"quoted\"".into(),
        desired_outcome: "@SUM(1)".into(),
        transaction_value: "1234.5".into(),
        category_id: Some(2),
        ..Default::default()
    };
    let fields = input.validated(t0(), &tz()).unwrap();
    let d = store.create_incident(&fields, None, t0(), &tz()).unwrap();
    let given = GivenInput {
        description: "+ free trim".into(),
        kind: "service".into(),
        cost: "20".into(),
        ..Default::default()
    }
    .validated()
    .unwrap();
    store.record_gesture(d.id, &given, None, None, t0()).unwrap();

    let (_, rows) = export(&store, ExportKind::Incidents);
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row[1], "2026-11-22T10:00:00Z");
    assert_eq!(row[2], "'=HYPERLINK(\"http://x\")");
    assert_eq!(row[4], "Quality of work");
    assert_eq!(row[8], "Line one, with a comma\nline two \"quoted\"");
    assert_eq!(row[9], "'@SUM(1)");
    assert_eq!((row[10].as_str(), row[11].as_str()), ("1234.50", "EUR"));

    let (_, gestures) = export(&store, ExportKind::Gestures);
    assert_eq!(gestures[0][4], "'+ free trim");
    assert_eq!(gestures[0][6], "20.00");
}

#[test]
fn every_kind_has_a_header_row_even_when_empty() {
    let mut store = Store::open_in_memory().unwrap();
    let f = CustomerInput { name: "Zoë Brandt".into(), total_spend: "85".into(), ..Default::default() }
        .validated()
        .unwrap();
    store.create_customer(&f, t0()).unwrap();
    for kind in [
        ExportKind::Incidents,
        ExportKind::Customers,
        ExportKind::Gestures,
        ExportKind::Promises,
        ExportKind::FollowUps,
    ] {
        let mut bytes = Vec::new();
        store.export_csv(kind, &mut bytes).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let header = text.trim_start_matches('\u{feff}').lines().next().unwrap().to_string();
        assert!(header.starts_with("id,"), "{kind:?}: {header}");
    }
    let (_, customers) = export(&store, ExportKind::Customers);
    assert_eq!(customers[0][1], "Zoë Brandt");
    assert_eq!(customers[0][5], "85.00");
}
