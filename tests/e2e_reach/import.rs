//! Customers → Import in the real window with Square's customer directory export: the preview
//! says which columns make up each detail ("Name ← First Name + Last Name"), follows the
//! owner's choices, and the report counts added, merged and left-out rows with their lines.

use super::common::{fresh_data_dir, App};
use std::path::Path;

fn square_fixture() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/customers/square_customer_directory.csv");
    path.to_str().unwrap().to_string()
}

#[test]
fn a_square_export_imports_under_first_and_last_name_with_the_mapping_shown() {
    let app = App::launch_full(fresh_data_dir(), &[], &[("MEND_PICK_FILE", &square_fixture())]);
    app.wait_for("#nav");
    app.go("customers");
    app.wait_for("#import-customers").click();
    app.wait_for("#choose-import-file").click();
    app.wait_for("table#import-preview");
    app.wait_for_text("#import-row-count", "5 rows");

    // What each detail is read from, before anything is imported.
    app.wait_for_text("#import-sources", "Name ← First Name + Last Name, or Nickname when both are empty");
    app.wait_for_text("#import-sources", "Phone ← Phone Number");
    app.wait_for_text("#import-sources", "Total spend ← Lifetime Spend");
    app.wait_for_text("#import-sources", "Visits ← Transaction Count");
    app.scroll_to("#import-step-columns");
    app.screenshot("reach-import-preview");

    // The lines follow the owner's choice: without the nickname the name is first + last alone.
    let nickname = app.execute(
        "return [...document.querySelectorAll('select.column-map')].find((s) => s.value === 'nickname').id;",
        &[],
    );
    let nickname = format!("#{}", nickname.as_str().expect("a column is guessed as the nickname"));
    app.set_value(&nickname, "ignore");
    app.wait_until("the name line drops the nickname", |s| {
        s.find("#import-sources li[data-field=\"name\"]").text() == "Name ← First Name + Last Name"
    });
    app.set_value(&nickname, "nickname");
    app.wait_for_text("#import-sources", "or Nickname when both are empty");

    app.find("#run-import").click();
    app.wait_for_text("#import-summary", "4 added, 0 merged, 1 row left out");
    app.wait_for_text("#import-skipped li[data-line=\"6\"]", "no name");

    app.go("customers");
    app.wait_until("four customers", |s| s.find_all(".customer-row").len() == 4);
    let list = app.find("#customer-list").text();
    for name in ["María José Ortega Núñez", "Zoë Brandt", "Sunny", "Łukasz Wiśniewski"] {
        assert!(list.contains(name), "{name} missing from the list: {list}");
    }
    assert!(!list.contains("Majo"), "a nickname won over first + last name: {list}");

    // The same file again: every row matches a card already there.
    app.wait_for("#import-customers").click();
    app.wait_for("#choose-import-file").click();
    app.wait_for_text("#import-sources", "Name ← First Name + Last Name");
    app.find("#run-import").click();
    app.wait_for_text("#import-summary", "0 added, 4 merged");
    app.wait_for_text("#import-merged li[data-line=\"2\"]", "María José Ortega Núñez");
    app.wait_for_text("#import-merged li[data-line=\"4\"]", "same email");
    app.scroll_to("#import-report");
    app.screenshot("reach-import-report");
    app.go("customers");
    app.wait_until("still four customers", |s| s.find_all(".customer-row").len() == 4);
}

#[test]
fn a_vagaro_workbook_is_read_from_its_first_sheet_below_the_title() {
    let xlsx = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/customers/vagaro_CustomersList.xlsx");
    let app = App::launch_full(fresh_data_dir(), &[], &[("MEND_PICK_FILE", xlsx.to_str().unwrap())]);
    app.wait_for("#nav");
    app.visit("#/customers/import");
    app.find("#choose-import-file").click();
    app.wait_for_text("#import-file-name", "vagaro_CustomersList.xlsx");
    app.wait_for_text("#import-row-count", "5 rows");
    app.wait_for_text("#import-sources", "Phone ← Mobile");
    app.wait_for_text("#import-sources", "Total spend ← Amount Paid");
    app.wait_for_text("#import-sources", "Visits ← Appointments Booked");
    assert_eq!(
        app.find("table#import-preview tbody tr th").text().trim(),
        "First Name",
        "the title row is not the header"
    );
    app.find("#run-import").click();
    app.wait_for_text("#import-summary", "4 added, 0 merged, 1 row left out");
    app.wait_for_text("#import-skipped li[data-line=\"7\"]", "no name");
    app.go("customers");
    app.wait_until("four customers", |s| s.find_all(".customer-row").len() == 4);
    app.wait_for_text("#customer-list", "Thu Trang Nguyễn");
}
