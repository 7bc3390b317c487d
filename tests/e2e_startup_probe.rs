//! The startup probe end to end: Mend started with `MEND_STARTUP_PROBE=1` on a private Xvfb
//! display opens its window, waits until Today shows its data, prints one
//! `mend-startup-ms=…` line and closes by itself (what `scripts/startup-probe.sh` relies on).
//!
//! No WebDriver here: the app is started directly, as the probe script starts it.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MEND: &str = env!("CARGO_BIN_EXE_mend");

/// The numbers of the probe's line, by key.
fn probe_values(stdout: &str) -> Vec<(String, u64)> {
    let line = stdout.lines().find(|l| l.starts_with("mend-startup-ms=")).unwrap_or_else(|| {
        panic!("no mend-startup-ms line in the app's output:\n{stdout}");
    });
    line.split_whitespace()
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or_else(|| panic!("not key=value: {pair:?}"));
            (key.to_string(), value.parse().unwrap_or_else(|_| panic!("not a number: {pair:?}")))
        })
        .collect()
}

#[test]
fn prints_the_start_up_time_once_today_has_painted_and_exits() {
    let data = tempfile::Builder::new().prefix("mend-probe-data-").tempdir().unwrap();
    let xdg = tempfile::Builder::new().prefix("mend-probe-xdg-").tempdir().unwrap();
    let now = "2026-11-23T09:00:00Z";

    // A shop with open incidents and calls due, so Today has real rows to load and paint.
    common::generate_sample(data.path(), 300, 3, now);

    let (_xvfb, display) = common::webdriver::start_xvfb(Path::new("Xvfb"), &xdg.path().join("xvfb.log"));
    let started = Instant::now();
    let mut app = Command::new(MEND)
        .arg("--data-dir")
        .arg(data.path())
        .env("DISPLAY", &display)
        .env_remove("WAYLAND_DISPLAY")
        .env("TZ", "UTC")
        .env("MEND_NOW", now)
        .env("MEND_STARTUP_PROBE", "1")
        .env("MEND_AUTO_BACKUP", "off")
        .env("XDG_DATA_HOME", xdg.path().join("data"))
        .env("XDG_CONFIG_HOME", xdg.path().join("config"))
        .env("XDG_CACHE_HOME", xdg.path().join("cache"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    // The app must close by itself; a debug build on a busy 2-core machine needs a few seconds.
    let status = loop {
        if let Some(status) = app.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = app.kill();
            let _ = app.wait();
            let mut err = String::new();
            let _ = app.stderr.take().unwrap().read_to_string(&mut err);
            panic!("the app did not close by itself within 120 s; its stderr:\n{err}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let wall_ms = started.elapsed().as_millis() as u64;
    let mut stdout = String::new();
    app.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
    let mut stderr = String::new();
    app.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(status.success(), "exit {status:?}\nstdout:\n{stdout}\nstderr:\n{stderr}");

    let values = probe_values(&stdout);
    let value = |key: &str| values.iter().find(|(k, _)| k == key).map(|(_, v)| *v).unwrap();
    let keys: Vec<&str> = values.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "mend-startup-ms",
            "mend-painted-unix-ms",
            "mend-page-ms",
            "mend-probe-wait-ms",
            "mend-peak-rss-kib",
            "mend-tree-peak-rss-kib"
        ],
        "{stdout}"
    );
    let startup = value("mend-startup-ms");
    // Measured from the process start, so it can't exceed what this test saw (plus a tick).
    assert!(startup > 0 && startup <= wall_ms + 10, "startup {startup} ms, whole run {wall_ms} ms");
    // The page began loading after the process started.
    let page = value("mend-page-ms");
    assert!(page > 0 && page <= startup + 10, "page {page} ms, startup {startup} ms");
    // WebKit's own processes are children of the app: the tree holds more than the app alone.
    let own = value("mend-peak-rss-kib");
    let tree = value("mend-tree-peak-rss-kib");
    assert!(own > 10_000, "the app's own peak is only {own} KiB");
    assert!(tree > own, "the web and network processes were not counted: tree {tree} KiB, app {own} KiB");
}
