//! Smoke test: the real app starts on a fresh data dir and shows its Today screen.

mod common;

use common::App;

#[test]
fn app_starts_and_shows_today() {
    let app = App::launch();

    app.wait_for("body");
    app.wait_until("the title to be \"Mend\"", |s| s.title() == "Mend");
    assert_eq!(app.title(), "Mend", "window (document) title");
    // The Today screen, once the UI has it; until then the page body is enough.
    let has_today = app.execute("return document.querySelector('#view-today') !== null", &[]);
    if has_today == true {
        app.wait_for("#view-today");
    }

    let shot = app.screenshot("smoke-today");
    assert!(shot.exists(), "screenshot written to {}", shot.display());
}
