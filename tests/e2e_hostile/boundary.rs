//! The window's requests in the real window: a page sent away (`location.href`, a form posted
//! elsewhere, a `file:` page) stays on Mend, and a malformed request or one for a command Mend
//! doesn't have is answered `{kind, message}` in plain words, as the screens show it.

#[allow(unused_imports)]
use super::common::{fresh_data_dir, generate_sample, keys, App};
use serde_json::{json, Value};
use std::time::Duration;

/// Where the window is, and whether Mend's page (its menu and a screen) is still there.
fn where_the_window_is(app: &App) -> (String, bool) {
    let url = app.execute("return location.href", &[]);
    let on_mend = app.execute(
        "return !!document.querySelector('#nav a[data-route=\"today\"]') && !!document.querySelector('#view h1')",
        &[],
    );
    (url.as_str().unwrap_or_default().to_string(), on_mend == json!(true))
}

#[test]
fn the_window_stays_on_mend_whatever_the_page_asks() {
    let mut app = App::launch();
    app.visit("#/today");
    let (home, _) = where_the_window_is(&app);
    assert!(home.starts_with("tauri://localhost"), "Mend's own page: {home}");

    let attempts = [
        ("location.href", "location.href = 'https://example.com'"),
        ("location.assign of a file", "location.assign('file:///etc/passwd')"),
        (
            "a form posted elsewhere",
            "const f = document.createElement('form'); f.method = 'post'; f.action = 'https://example.com/steal'; \
             document.body.appendChild(f); f.submit()",
        ),
        (
            "a link clicked",
            "const a = document.createElement('a'); a.href = 'https://example.com'; \
                            document.body.appendChild(a); a.click()",
        ),
    ];
    for (what, script) in attempts {
        app.execute(&format!("setTimeout(() => {{ {script} }}, 0); return true"), &[]);
        std::thread::sleep(Duration::from_millis(1500));
        let (url, on_today) = where_the_window_is(&app);
        assert!(url.starts_with("tauri://localhost"), "{what}: the window went to {url}");
        assert!(on_today, "{what}: Mend's page is no longer shown ({url})");
    }
    // Mend's own screens still work.
    app.visit("#/settings");
    app.screenshot("hostile-boundary-still-on-mend");
    app.stop();
}

#[test]
fn malformed_requests_are_answered_in_mends_shape_and_words() {
    let mut app = App::launch();
    app.visit("#/today");
    let answer = |script: &str| -> Value {
        app.execute_async(
            &format!(
                "const done = arguments[arguments.length - 1];
                 (async () => {{ {script} }})().then(
                   (ok) => done({{ ok }}),
                   (e) => done({{ err: (e && typeof e === 'object') ? {{ kind: e.kind, message: e.message, fields: e.fields }} : String(e) }}));"
            ),
            &[],
        )
    };
    // Straight through the framework's invoke: a number sent as text, an argument left out.
    for script in [
        "return await window.__TAURI__.core.invoke('get_customer', { id: 'seven' })",
        "return await window.__TAURI__.core.invoke('add_staff', {})",
        "return await window.__TAURI__.core.invoke('get_insights', { period: 'custom', from: '-262143-01-01', to: '-262143-01-05' })",
    ] {
        let err = &answer(script)["err"];
        assert!(err.is_object(), "{script}: {err}");
        assert_eq!(err["kind"], "invalid", "{script}: {err}");
        let message = err["message"].as_str().unwrap();
        assert!(!message.contains('`') && !message.contains("invalid type") && !message.contains("missing"), "{message}");
        assert!(err["fields"].as_object().is_some_and(|f| !f.is_empty()), "{script}: {err}");
    }
    // A command Mend doesn't have is refused by the framework before Mend sees it; the screens'
    // api.js turns its bare sentence into plain words.
    let err = answer(
        "const api = await import('./api.js');
         try { await window.__TAURI__.core.invoke('drop_everything', {}) } catch (raw) { throw new api.ApiError(raw) }",
    );
    let err = &err["err"];
    assert_eq!(err["kind"], "internal", "{err}");
    assert!(err["message"].as_str().unwrap().starts_with("Mend could not do that, and nothing was changed."), "{err}");
    // The app is still fine.
    let staff = answer("return await window.__TAURI__.core.invoke('list_staff', { include_inactive: true })");
    assert_eq!(staff["ok"], json!([]), "{staff}");
    app.stop();
}
