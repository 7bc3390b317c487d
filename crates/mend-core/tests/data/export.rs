//! CSV exports read back with an independent CSV reader.

use chrono::{DateTime, FixedOffset, Utc};
use mend_core::domain::customer::{CustomerInput, NewCustomerInput};
use mend_core::domain::gesture::GivenInput;
use mend_core::domain::incident::IncidentInput;
use mend_core::domain::recovery;
use mend_core::store::{ExportKind, Store};

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
        .update_settings(&mend_core::domain::settings::Settings {
            business_name: "Salon".into(),
            currency: "EUR".into(),
        })
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
    let d = store.create_incident(&fields, None, t0()).unwrap();
    let given = GivenInput {
        description: "+ free trim".into(),
        kind: "service".into(),
        cost: "20".into(),
        ..Default::default()
    }
    .validated()
    .unwrap();
    store.record_gesture(d, &given, None, None, t0()).unwrap();

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

/// The header row and the rows of a file, each row as header -> cell.
fn export_by_name(store: &Store, kind: ExportKind) -> (Vec<String>, Vec<std::collections::HashMap<String, String>>) {
    let mut bytes = Vec::new();
    store.export_csv(kind, &mut bytes).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows =
        reader.records().map(|r| header.iter().cloned().zip(r.unwrap().iter().map(str::to_string)).collect()).collect();
    (header, rows)
}

#[test]
fn codes_are_written_in_words_with_the_codes_in_extra_columns_at_the_end() {
    let mut store = Store::open_in_memory().unwrap();
    let input = IncidentInput {
        new_customer: Some(NewCustomerInput { name: "Zoë Brandt".into(), ..Default::default() }),
        channel: "in_person".into(),
        severity: Some(3),
        description: "Colour patchy".into(),
        failure_kind: "process".into(),
        fault: "third_party".into(),
        ..Default::default()
    };
    let d = store.create_incident(&input.validated(t0(), &tz()).unwrap(), None, t0()).unwrap();
    let token =
        GivenInput { description: "Note".into(), kind: "symbolic".into(), cost: "1".into(), ..Default::default() }
            .validated()
            .unwrap();
    store.record_gesture(d, &token, Some(mend_core::domain::advisor::Tier::Symbolic), None, t0()).unwrap();
    let promise = mend_core::domain::recovery::PromiseInput {
        text: "Redo Friday".into(),
        due_at: "2026-11-27T10:00".into(),
        ..Default::default()
    };
    store.add_promise(d, &promise.validated(t0(), &tz()).unwrap(), None, t0(), &tz()).unwrap();
    store.resolve_incident(d, &recovery::resolution_note("").unwrap(), None, t0()).unwrap();
    let call = store.incident(d, t0(), &tz()).unwrap().proposed_follow_up.unwrap();
    let due = chrono::DateTime::parse_from_rfc3339(&call).unwrap().format("%Y-%m-%dT%H:%M").to_string();
    store
        .schedule_follow_up(
            d,
            &mend_core::domain::recovery::FollowUpInput { due_at: due, assignee_id: None }
                .validated(t0(), &tz())
                .unwrap(),
            None,
            t0(),
            &tz(),
        )
        .unwrap();
    let call_id = store.incident(d, t0(), &tz()).unwrap().follow_ups[0].id;
    let outcome = mend_core::domain::recovery::CallInput { outcome: "partly_satisfied".into(), ..Default::default() };
    store
        .log_call(
            call_id,
            &outcome.validated(t0() + chrono::Duration::days(2), &tz()).unwrap(),
            None,
            t0() + chrono::Duration::days(2),
            &tz(),
        )
        .unwrap();

    let (header, rows) = export_by_name(&store, ExportKind::Incidents);
    let row = &rows[0];
    assert_eq!(row["channel"], "In person");
    assert_eq!(row["failure_kind"], "How it was handled");
    assert_eq!(row["fault"], "A supplier or partner");
    assert_eq!(row["status"], "Resolved");
    assert_eq!(
        header[header.len() - 4..],
        ["channel_code", "failure_kind_code", "fault_code", "status_code"],
        "the codes come last"
    );
    assert_eq!(
        [&row["channel_code"], &row["failure_kind_code"], &row["fault_code"], &row["status_code"]],
        ["in_person", "process", "third_party", "resolved"]
    );

    let (header, rows) = export_by_name(&store, ExportKind::Gestures);
    assert_eq!((rows[0]["kind"].as_str(), rows[0]["suggested_tier"].as_str()), ("Token", "A small token"));
    assert_eq!(header[header.len() - 2..], ["kind_code", "suggested_tier_code"]);
    assert_eq!((rows[0]["kind_code"].as_str(), rows[0]["suggested_tier_code"].as_str()), ("symbolic", "symbolic"));

    let (header, rows) = export_by_name(&store, ExportKind::Promises);
    assert_eq!((rows[0]["status"].as_str(), rows[0]["status_code"].as_str()), ("Open", "open"));
    assert_eq!(header.last().unwrap(), "status_code");

    let (header, rows) = export_by_name(&store, ExportKind::FollowUps);
    assert_eq!(
        (rows[0]["outcome"].as_str(), rows[0]["outcome_code"].as_str()),
        ("Partly satisfied", "partly_satisfied")
    );
    assert_eq!(header.last().unwrap(), "outcome_code");

    // No cell of the main columns holds a code.
    for kind in [ExportKind::Incidents, ExportKind::Gestures, ExportKind::Promises, ExportKind::FollowUps] {
        let (_, rows) = export_by_name(&store, kind);
        for row in &rows {
            for (column, cell) in row {
                if !column.ends_with("_code") {
                    assert!(!cell.contains('_'), "{kind:?} {column}: {cell}");
                }
            }
        }
    }
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
