//! End to end, in the real window: the "Your data" screen (Settings → Your
//! data). Backing up and exporting write real files; restoring previews the
//! backup, keeps a safety copy and switches, while a file that is not a Mend
//! database is refused with the data left alone; a damaged data file at start
//! is answered with the offer to restore the newest automatic copy; and the
//! sample shop opens beside the owner's data and closes again.
//!
//! Every run uses its own data folder, UTC wall clocks, a fixed clock and no
//! automatic backups (the tests place the copies they need themselves).

mod common;

use common::{fresh_data_dir, App};
use mend_core::store::backup::inspect_backup;
use mend_core::store::Store;
use std::fs;
use std::path::{Path, PathBuf};

const NOW: &str = "2026-11-22T10:00:00Z";

/// Starts the app on `dir` with the fixed clock, UTC, no automatic backups, and `env`.
fn launch(dir: tempfile::TempDir, env: &[(&str, &str)]) -> App {
    let mut all = vec![("TZ", "UTC"), ("MEND_NOW", NOW), ("MEND_AUTO_BACKUP", "off")];
    all.extend_from_slice(env);
    App::launch_full(dir, &[], &all)
}

/// Fills `dir/mend.db` with a sample shop of `incidents` incidents.
fn generate(dir: &Path, incidents: usize, seed: u64) {
    common::generate_sample(dir, incidents, seed, NOW);
}

/// A clean, self-contained copy of the database in `dir` written to `dest`.
fn copy_database(dir: &Path, dest: &Path) {
    fs::create_dir_all(dest.parent().unwrap()).unwrap();
    Store::open(&dir.join("mend.db")).unwrap().backup_to(dest).unwrap();
}

/// (incidents, customers) in a database file.
fn counts(path: &Path) -> (i64, i64) {
    let conn = rusqlite::Connection::open(path).expect("open a database");
    let n = |table: &str| conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap();
    (n("incidents"), n("customers"))
}

/// The files in `dir` whose names start with `prefix`.
fn files_starting(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect();
    found.sort();
    found
}

fn open_data_screen(app: &App) {
    app.go("settings");
    app.wait_for("#settings-data-link").click();
    app.wait_for("#data-backup-now");
}

#[test]
fn back_up_and_export_from_the_data_screen() {
    let data = fresh_data_dir();
    generate(data.path(), 40, 1);
    // Two automatic copies, as Mend would have made them on earlier days.
    copy_database(data.path(), &data.path().join("backups/mend-2026-11-21.db"));
    copy_database(data.path(), &data.path().join("backups/mend-2026-11-15.db"));
    let out = tempfile::tempdir().unwrap();
    let saved = out.path().join("saved-file");
    let saved_text = saved.display().to_string();
    let app = launch(data, &[("MEND_SAVE_FILE", saved_text.as_str())]);
    app.wait_for("#nav");

    // Settings leads to the screen with a clear entry.
    app.go("settings");
    let link = app.wait_for("#settings-data-link");
    assert_eq!(link.text(), "Your data: export, back up, restore, sample shop");
    app.execute("document.getElementById('settings-data-link').scrollIntoView({block: 'center'});", &[]);
    app.screenshot("data-settings-link");
    open_data_screen(&app);
    assert_eq!(app.find("h1").text(), "Your data");
    // The automatic copies, newest first, and where the data lives.
    app.wait_until("two automatic copies", |s| s.find_all("#automatic-backups tbody tr").len() == 2);
    let dates: Vec<String> = app.find_all("#automatic-backups tbody th").iter().map(|e| e.text()).collect();
    assert!(dates[0].contains("21") && dates[1].contains("15"), "newest first: {dates:?}");
    app.wait_for_text("#data-dir", &app.data_dir().display().to_string());

    // Back up now: the file is a Mend database holding the same data.
    app.find("#data-backup-now").click();
    app.wait_for_text("#data-backup-status", "Backup saved:");
    app.wait_for_text("#data-backup-status", &saved_text);
    assert!(
        app.find("#data-backup-status").text().ends_with("KB)")
            || app.find("#data-backup-status").text().ends_with("MB)")
    );
    let info = inspect_backup(&saved).expect("the backup is a Mend database");
    assert_eq!((info.incidents, info.customers), counts(&app.db_path()));
    assert_eq!(info.incidents, 40);
    // The screen for the docs, without the toast over it.
    app.wait_until("the toast has faded", |s| {
        s.execute("return document.getElementById('toast').classList.contains('show');", &[]) != serde_json::json!(true)
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    app.screenshot("data-screen");
    let _ = fs::create_dir_all(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs"));
    fs::copy(
        common::output_dir().join("data-screen.png"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshot-data.png"),
    )
    .expect("copy the screenshot to docs/");

    // Export the incidents: a header and one line per incident.
    app.find("#data-export-incidents").click();
    app.wait_for_text("#data-export-status", "Saved 40 incidents to");
    let csv = fs::read_to_string(&saved).expect("the CSV file");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert!(header.iter().any(|h| h == "received_at"), "header: {header:?}");
    assert_eq!(reader.records().count(), 40);

    // The customers too, with their own count in the message.
    app.find("#data-export-customers").click();
    app.wait_for_text("#data-export-status", "customers to");
    let customers = counts(&app.db_path()).1;
    assert!(app.find("#data-export-status").text().contains(&format!("Saved {customers} customers")));
}

#[test]
fn restore_previews_keeps_a_safety_copy_and_refuses_a_foreign_file() {
    let data = fresh_data_dir();
    generate(data.path(), 40, 1);
    copy_database(data.path(), &data.path().join("backups/mend-2026-11-21.db"));
    let own = counts(&data.path().join("mend.db"));

    // A backup of a different, smaller shop.
    let other = tempfile::tempdir().unwrap();
    generate(other.path(), 12, 7);
    let files = tempfile::tempdir().unwrap();
    let backup = files.path().join("shop-backup.db");
    copy_database(other.path(), &backup);
    let theirs = counts(&backup);
    assert_ne!(theirs, own);
    let notes = files.path().join("notes.txt");
    fs::write(&notes, "Order more chains on Monday.\n".repeat(200)).unwrap();

    // A text file: refused in plain words, nothing changes.
    let notes_text = notes.display().to_string();
    let mut app = launch(data, &[("MEND_PICK_FILE", notes_text.as_str())]);
    app.wait_for("#nav");
    open_data_screen(&app);
    let before = fs::read(app.db_path()).unwrap();
    app.find("#data-restore").click();
    app.wait_for("#restore-preview.refused");
    app.wait_for_text("#restore-preview", "Your current data has not been changed.");
    assert!(!app.find("#restore-refusal").text().is_empty());
    assert!(!app.is_shown("#restore-confirm"));
    assert_eq!(counts(&app.db_path()), own);
    assert_eq!(fs::read(app.db_path()).unwrap(), before, "the data file is byte for byte the same");
    assert!(files_starting(app.data_dir(), "before-restore-").is_empty());
    app.screenshot("data-restore-refused");
    app.find("#restore-cancel").click();
    assert!(!app.is_shown("#restore-preview"));

    // The real backup: previewed with its counts, then restored after the confirmation.
    let backup_text = backup.display().to_string();
    app.set_env("MEND_PICK_FILE", &backup_text);
    app.restart();
    app.wait_for("#nav");
    open_data_screen(&app);
    app.find("#data-restore").click();
    app.wait_for("#restore-confirm");
    assert_eq!(app.find("#restore-file").text(), "shop-backup.db");
    assert_eq!(app.find("#restore-incidents").text(), theirs.0.to_string());
    assert_eq!(app.find("#restore-customers").text(), theirs.1.to_string());
    assert!(!app.find("#restore-first").text().is_empty());
    app.screenshot("data-restore-preview");
    // Saying no to the confirmation changes nothing.
    app.find("#restore-confirm").click();
    app.wait_for("#confirm-cancel").click();
    assert_eq!(counts(&app.db_path()), own);
    app.find("#restore-confirm").click();
    app.wait_for("#confirm-ok").click();

    // The window reloads on Today with the backup's data, and says so.
    app.wait_for_text("#data-notice", "Backup restored");
    app.wait_for_text("#data-notice", &format!("{} incidents", theirs.0));
    app.go("incidents");
    app.wait_for_text("#incident-count", &format!("{} incidents", theirs.0));
    assert_eq!(counts(&app.db_path()), theirs);
    let safety = files_starting(app.data_dir(), "before-restore-");
    assert_eq!(safety.len(), 1, "one safety copy");
    assert_eq!(counts(&safety[0]), own, "the safety copy holds the data from before");

    // Back to yesterday's automatic copy from the list: the own data returns.
    open_data_screen(&app);
    app.wait_for("#automatic-backups button.restore-automatic").click();
    app.wait_for_text("#restore-preview", "automatic copy");
    app.find("#restore-confirm").click();
    app.wait_for("#confirm-ok").click();
    app.wait_for_text("#data-notice", &format!("{} incidents", own.0));
    assert_eq!(counts(&app.db_path()), own);
    assert_eq!(files_starting(app.data_dir(), "before-restore-").len(), 2);
}

#[test]
fn damaged_data_file_at_start_offers_the_newest_automatic_copy() {
    let data = fresh_data_dir();
    generate(data.path(), 15, 3);
    copy_database(data.path(), &data.path().join("backups/mend-2026-11-19.db"));
    let good = counts(&data.path().join("backups/mend-2026-11-19.db"));
    // The live file is overwritten with garbage.
    for suffix in ["", "-wal", "-shm"] {
        let _ = fs::remove_file(data.path().join(format!("mend.db{suffix}")));
    }
    let garbage: Vec<u8> = (0..16384u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    fs::write(data.path().join("mend.db"), &garbage).unwrap();

    let app = launch(data, &[]);
    app.wait_for("#startup-error");
    app.wait_for_text("#startup-error", "The file looks damaged. Mend has not changed it.");
    let offer = app.wait_for("#startup-restore");
    assert!(offer.text().contains(&format!("{} incidents", good.0)), "offer: {}", offer.text());
    assert!(offer.text().contains("19 Nov"), "the copy's date: {}", offer.text());
    assert!(!app.exists("#nav"));
    app.screenshot("startup-recovery");
    assert_eq!(fs::read(app.db_path()).unwrap(), garbage, "nothing was changed before the click");

    offer.click();
    app.wait_for("#nav");
    app.wait_for_text("#data-notice", "Your data is back");
    app.go("incidents");
    app.wait_for_text("#incident-count", &format!("{} incidents", good.0));
    assert_eq!(counts(&app.db_path()), good);
    let damaged = files_starting(app.data_dir(), "damaged-");
    let kept: Vec<&PathBuf> = damaged.iter().filter(|p| p.extension().is_some_and(|e| e == "db")).collect();
    assert_eq!(kept.len(), 1, "the damaged file is kept aside: {damaged:?}");
    assert_eq!(fs::read(kept[0]).unwrap(), garbage, "and left as it was");
}

#[test]
fn sample_shop_opens_beside_the_owners_data_and_closes_again() {
    let app = launch(fresh_data_dir(), &[]);
    // An empty shop: Today offers the sample shop next to the first steps.
    app.wait_for("#today-empty");
    app.screenshot("data-today-sample-offer");
    app.find("#today-demo-start").click();
    app.wait_for_text("#confirm-message", "separate file");
    app.find("#confirm-ok").click();
    app.wait_until_timeout("the sample shop is open", std::time::Duration::from_secs(90), |s| s.exists("#demo-banner"));
    app.wait_for_text("#demo-banner", "You are looking at a sample shop.");
    app.wait_for_text("#data-notice", "This is the sample shop");
    app.screenshot("data-demo-today");

    // The sample's incidents, on every screen under the banner.
    app.go("incidents");
    app.wait_until("sample incidents listed", |s| s.find_all("#incident-list li").len() > 5);
    assert!(app.is_shown("#demo-banner"));
    let listed = app.find("#incident-count").text();
    assert_ne!(listed, "0 incidents");
    open_data_screen(&app);
    assert!(app.is_shown("#data-demo-fresh"), "the sample can be started over");
    assert!(!app.find("#data-restore").is_enabled(), "no restoring over the sample");
    assert_eq!(counts(&app.db_path()).0, 0, "the owner's file is untouched");
    assert!(app.data_dir().join("demo").join("mend.db").exists());
    app.screenshot("data-demo");

    // Back to my data: the banner goes, the owner's empty shop returns.
    app.find("#demo-leave").click();
    app.wait_for_text("#data-notice", "You are back on your own data.");
    app.wait_for("#today-empty");
    assert!(!app.exists("#demo-banner"));
    app.go("incidents");
    app.wait_until("no incidents listed", |s| s.find("#incident-count").text() == "0 incidents");
    assert_eq!(counts(&app.db_path()).0, 0);
}
