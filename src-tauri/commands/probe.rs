//! The startup probe: how long the app takes from the start of its process to a painted
//! first screen, and how much memory it used to get there (`scripts/startup-probe.sh`).
//!
//! With `MEND_STARTUP_PROBE=1` in the environment, `app_info` says so, the window waits until
//! Today has its data on screen plus two animation frames, then calls [`startup_probe`] with
//! the instant of that paint, and the command prints one line to standard output and closes
//! the app:
//!
//! ```text
//! mend-startup-ms=512 mend-painted-unix-ms=1795000000512 mend-page-ms=240 mend-probe-wait-ms=3 mend-peak-rss-kib=98304 mend-tree-peak-rss-kib=231000
//! ```
//!
//! - `mend-startup-ms`: from the creation of the process to the paint. The process start comes
//!   from the kernel (`/proc/self/stat`, field 22, in clock ticks since boot, compared with
//!   `/proc/uptime` on the same clock) rather than from a clock read in `main`, so the figure
//!   also covers `exec`, loading the shared libraries (WebKitGTK is large) and everything
//!   before `main`; its resolution is 10 ms (clock ticks are 1/100 s on Linux).
//! - `mend-painted-unix-ms`: the wall-clock instant of the paint (the page's `Date.now()`), so
//!   a script that noted when it started the process can compute the same to the millisecond.
//! - `mend-page-ms`: the page's `performance.now()` at the paint, i.e. from the start of its
//!   navigation; `startup - page` is what came before the page began to load (libraries, GTK,
//!   WebKit, the app's own set-up).
//! - `mend-probe-wait-ms`: how long the call took to reach this command after the paint. The
//!   command runs on the main thread, so a long wait means that thread was busy (another
//!   command was running); it is not counted in the start-up time.
//!
//! Memory: `mend-peak-rss-kib` is this process's own peak resident size (`VmHWM`);
//! `mend-tree-peak-rss-kib` adds the peaks of its child processes (WebKit's web and network
//! processes), an upper bound of their summed peak since they need not peak together.
//!
//! The file uses only `std`, `serde` and `tauri` plus `crate::config::STARTUP_PROBE_ENV`, because the
//! bare window (`src-tauri/examples/bare/`) compiles this same file: both are measured by the
//! same code.

use std::ffi::OsStr;
use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};
use tauri::{AppHandle, Runtime};

/// Clock ticks per second in `/proc` figures (`USER_HZ`): fixed at 100 by the Linux ABI on
/// every architecture Tauri supports.
const TICKS_PER_SECOND: u64 = 100;

/// What the page says about its paint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Paint {
    /// Milliseconds from the start of the page's navigation (`performance.now()`).
    pub page_ms: Option<u64>,
    /// The wall-clock instant, in milliseconds since 1970 (`Date.now()`).
    pub unix_ms: Option<u64>,
}

impl Paint {
    /// From the numbers the page sent; anything that is not a sensible time is left out.
    pub fn from_page(page_ms: Option<f64>, unix_ms: Option<f64>) -> Paint {
        let ms = |v: Option<f64>| v.filter(|v| v.is_finite() && *v >= 0.0).map(|v| v.round() as u64);
        Paint { page_ms: ms(page_ms), unix_ms: ms(unix_ms) }
    }
}

/// What the probe measured, printed as one line of `key=value` pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Milliseconds from the creation of the process to the paint.
    pub startup_ms: u64,
    /// The wall-clock instant of the paint, in milliseconds since 1970 (UTC).
    pub painted_unix_ms: u64,
    /// Milliseconds from the start of the page's navigation to the paint, as the page saw it.
    pub page_ms: Option<u64>,
    /// Milliseconds between the paint and this command's start.
    pub wait_ms: u64,
    /// This process's peak resident memory, in KiB (`VmHWM`).
    pub peak_rss_kib: u64,
    /// The peaks of this process and all its descendants added up, in KiB.
    pub tree_peak_rss_kib: u64,
}

impl Report {
    /// The line the probe prints (no trailing newline).
    pub fn line(&self) -> String {
        let page = self.page_ms.map(|ms| format!(" mend-page-ms={ms}")).unwrap_or_default();
        format!(
            "mend-startup-ms={} mend-painted-unix-ms={}{page} mend-probe-wait-ms={} mend-peak-rss-kib={} \
             mend-tree-peak-rss-kib={}",
            self.startup_ms, self.painted_unix_ms, self.wait_ms, self.peak_rss_kib, self.tree_peak_rss_kib
        )
    }
}

/// Whether the environment variable's value asks for the probe: set, and neither empty nor
/// `0`, `false` or `no`.
pub fn requested(value: Option<&OsStr>) -> bool {
    match value.map(|v| v.to_string_lossy().trim().to_ascii_lowercase()) {
        None => false,
        Some(v) => !(v.is_empty() || v == "0" || v == "false" || v == "no"),
    }
}

/// Whether this process was started with the probe on (`MEND_STARTUP_PROBE`).
pub fn requested_by_env() -> bool {
    requested(std::env::var_os(crate::config::STARTUP_PROBE_ENV).as_deref())
}

/// The start time of a process in clock ticks since boot, from the text of its
/// `/proc/<pid>/stat`. The second field (the program name, in parentheses) may itself hold
/// spaces and parentheses, so fields are counted from the last `)`.
pub fn start_ticks(stat: &str) -> Option<u64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    // After the name come field 3 (state) onwards; starttime is field 22.
    after_name.split_whitespace().nth(22 - 3)?.parse().ok()
}

/// Milliseconds since boot from the text of `/proc/uptime` ("12345.67 54321.00").
pub fn uptime_ms(uptime: &str) -> Option<u64> {
    let first = uptime.split_whitespace().next()?;
    let (secs, frac) = first.split_once('.').unwrap_or((first, ""));
    let secs: u64 = secs.parse().ok()?;
    // Read up to three decimals as milliseconds: "67" is 670 ms, "5" is 500 ms.
    let digits: String = frac.chars().take(3).collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let millis = if digits.is_empty() { 0 } else { digits.parse::<u64>().ok()? * 10u64.pow(3 - digits.len() as u32) };
    Some(secs * 1000 + millis)
}

/// Milliseconds between a process start (in clock ticks since boot) and `now_ms` since boot;
/// zero if the clocks disagree by a tick.
pub fn elapsed_ms(start_ticks: u64, now_ms: u64) -> u64 {
    now_ms.saturating_sub(start_ticks * 1000 / TICKS_PER_SECOND)
}

/// Places the paint on the process's timeline: given the process's age now and the wall clock
/// now, returns `(startup_ms, painted_unix_ms, wait_ms)`. Without a paint instant from the page,
/// or with one that can't be right (after now, or before the process started), the paint is
/// taken to be now.
pub fn timeline(age_ms: u64, now_unix_ms: u64, painted_unix_ms: Option<u64>) -> (u64, u64, u64) {
    let painted = painted_unix_ms.filter(|p| *p <= now_unix_ms && now_unix_ms - *p <= age_ms).unwrap_or(now_unix_ms);
    let wait = now_unix_ms - painted;
    (age_ms - wait, painted, wait)
}

/// A `kB` figure such as `VmHWM:   98304 kB` from the text of `/proc/<pid>/status`.
pub fn status_kib(status: &str, key: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

/// The process ids of every descendant of `pid` that is still running, children first.
fn descendants(pid: u32) -> Vec<u32> {
    let mut found = Vec::new();
    let mut queue = vec![pid];
    while let Some(parent) = queue.pop() {
        // Each thread records the children it started.
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{parent}/task")) else { continue };
        for task in tasks.flatten() {
            let path = task.path().join("children");
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            for child in text.split_whitespace().filter_map(|c| c.parse::<u32>().ok()) {
                if !found.contains(&child) {
                    found.push(child);
                    queue.push(child);
                }
            }
        }
    }
    found
}

/// The peak resident memory of a process in KiB; zero if it has exited or is unreadable.
fn peak_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status")).ok().and_then(|s| status_kib(&s, "VmHWM")).unwrap_or(0)
}

/// Measures this process now, for a paint the page describes.
pub fn measure(paint: Paint) -> Result<Report, String> {
    let read = |path: &str| std::fs::read_to_string(path).map_err(|e| format!("can't read {path}: {e}"));
    let start = start_ticks(&read("/proc/self/stat")?).ok_or("/proc/self/stat has no start time")?;
    let uptime = uptime_ms(&read("/proc/uptime")?).ok_or("/proc/uptime holds no number")?;
    let now_unix_ms = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0);
    let (startup_ms, painted_unix_ms, wait_ms) = timeline(elapsed_ms(start, uptime), now_unix_ms, paint.unix_ms);
    let me = std::process::id();
    let peak_rss_kib = peak_kib(me);
    let tree_peak_rss_kib = peak_rss_kib + descendants(me).into_iter().map(peak_kib).sum::<u64>();
    Ok(Report { startup_ms, painted_unix_ms, page_ms: paint.page_ms, wait_ms, peak_rss_kib, tree_peak_rss_kib })
}

/// Measures, prints the report line and closes the app, when `on` (the probe was asked for);
/// otherwise refuses without doing anything.
pub fn probe_and_exit<R: Runtime>(app: &AppHandle<R>, on: bool, paint: Paint) -> Result<(), String> {
    if !on {
        return Err(format!(
            "The startup probe is off. Start the app with {}=1 to measure its start-up.",
            crate::config::STARTUP_PROBE_ENV
        ));
    }
    let line = match measure(paint) {
        Ok(report) => report.line(),
        Err(why) => format!("mend-startup-error={}", why.replace(' ', "_")),
    };
    // Ignore a closed stdout: the app must still exit.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
    drop(out);
    app.exit(0);
    Ok(())
}

/// Called by the window once the first screen has painted, when `MEND_STARTUP_PROBE` is set,
/// with `page_ms` = `performance.now()` and `painted_unix_ms` = `Date.now()` at the paint:
/// prints the start-up time and peak memory, then closes the app.
///
/// The two numbers are read from the request as they come, so that whatever the page sends
/// (text, nothing, a huge number) the answer is the probe's own: a refusal is
/// `{kind, message, fields}` like every other error the window gets.
#[tauri::command(rename_all = "snake_case")]
pub fn startup_probe<R: Runtime>(app: AppHandle<R>, request: tauri::ipc::Request<'_>) -> Result<(), Refused> {
    let number = |key: &str| match request.body() {
        tauri::ipc::InvokeBody::Json(body) => body.get(key).and_then(|v| v.as_f64()),
        tauri::ipc::InvokeBody::Raw(_) => None,
    };
    let paint = Paint::from_page(number("page_ms"), number("painted_unix_ms"));
    probe_and_exit(&app, requested_by_env(), paint).map_err(Refused::new)
}

/// The probe's refusal, shaped as the window receives every error.
#[derive(Debug, serde::Serialize)]
pub struct Refused {
    kind: &'static str,
    message: String,
    fields: std::collections::BTreeMap<String, String>,
}

impl Refused {
    fn new(message: String) -> Refused {
        Refused { kind: "conflict", message, fields: Default::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    mod requested {
        use super::*;

        #[test]
        fn on_for_one_or_any_word() {
            assert!(requested(Some(OsStr::new("1"))));
            assert!(requested(Some(OsStr::new("yes"))));
            assert!(requested(Some(OsStr::new(" true "))));
        }

        #[test]
        fn off_when_unset_empty_or_a_no() {
            assert!(!requested(None));
            for value in ["", " ", "0", "false", "FALSE", "no"] {
                assert!(!requested(Some(OsStr::new(value))), "{value:?}");
            }
        }
    }

    mod parse {
        use super::*;

        /// A real line from `/proc/<pid>/stat` (Linux 6.1), start time 4242 ticks.
        const STAT: &str = "4321 (mend) S 1000 4321 1000 34816 4321 4194304 1200 0 0 0 12 3 0 0 20 0 24 0 \
                            4242 2503221248 24576 18446744073709551615 1 1 0 0 0 0 0 4096 17663 0 0 0 17 1 0 \
                            0 0 0 0 0 0 0 0 0 0 0 0";

        #[test]
        fn start_time_is_field_22() {
            assert_eq!(start_ticks(STAT), Some(4242));
        }

        #[test]
        fn start_time_after_a_name_with_spaces_and_parentheses() {
            let odd = STAT.replace("(mend)", "(we (b) ird) name)");
            assert_eq!(start_ticks(&odd), Some(4242));
        }

        #[test]
        fn start_time_missing() {
            assert_eq!(start_ticks("4321 (mend) S 1 2 3"), None);
            assert_eq!(start_ticks("no parentheses here"), None);
        }

        #[test]
        fn uptime_in_milliseconds() {
            assert_eq!(uptime_ms("12345.67 54321.00\n"), Some(12_345_670));
            assert_eq!(uptime_ms("7.5 1.0"), Some(7_500));
            assert_eq!(uptime_ms("9 1"), Some(9_000));
            assert_eq!(uptime_ms("3.1239 0"), Some(3_123));
        }

        #[test]
        fn uptime_garbage() {
            assert_eq!(uptime_ms(""), None);
            assert_eq!(uptime_ms("abc 1.0"), None);
            assert_eq!(uptime_ms("1.x2 0"), None);
        }

        #[test]
        fn elapsed_from_ticks() {
            // Started at 42.42 s after boot, now 43.000 s: 580 ms.
            assert_eq!(elapsed_ms(4242, 43_000), 580);
            assert_eq!(elapsed_ms(4242, 42_400), 0, "a clock a tick behind gives zero, not a wrap");
        }

        #[test]
        fn paint_placed_on_the_timeline() {
            // The process is 900 ms old; the page painted 40 ms ago.
            assert_eq!(timeline(900, 10_000, Some(9_960)), (860, 9_960, 40));
            assert_eq!(timeline(900, 10_000, None), (900, 10_000, 0), "no instant: the paint is now");
            assert_eq!(timeline(900, 10_000, Some(10_050)), (900, 10_000, 0), "after now: not trusted");
            assert_eq!(timeline(900, 10_000, Some(8_000)), (900, 10_000, 0), "before the start: not trusted");
        }

        #[test]
        fn page_numbers_checked() {
            assert_eq!(
                Paint::from_page(Some(240.4), Some(1.7e12)),
                Paint { page_ms: Some(240), unix_ms: Some(1_700_000_000_000) }
            );
            assert_eq!(Paint::from_page(Some(f64::NAN), Some(-5.0)), Paint::default());
            assert_eq!(Paint::from_page(None, Some(f64::INFINITY)), Paint::default());
        }

        #[test]
        fn status_figures() {
            let status = "Name:\tmend\nVmPeak:\t 2503220 kB\nVmHWM:\t   98304 kB\nVmRSS:\t   91000 kB\n";
            assert_eq!(status_kib(status, "VmHWM"), Some(98_304));
            assert_eq!(status_kib(status, "VmRSS"), Some(91_000));
            assert_eq!(status_kib(status, "VmSwap"), None);
        }
    }

    mod measure {
        use super::*;

        #[test]
        fn this_process() {
            let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as u64;
            let report = measure(Paint { page_ms: Some(7), unix_ms: Some(now - 2) }).unwrap();
            assert_eq!(report.page_ms, Some(7));
            assert_eq!(report.painted_unix_ms, now - 2);
            assert!(report.wait_ms >= 2, "{report:?}");
            assert!(report.startup_ms < 24 * 3600 * 1000, "{report:?}");
            assert!(report.peak_rss_kib > 0, "{report:?}");
            assert!(report.tree_peak_rss_kib >= report.peak_rss_kib, "{report:?}");
            assert!(report.painted_unix_ms > 1_600_000_000_000, "{report:?}");
        }

        #[test]
        fn children_are_added() {
            let mut child = std::process::Command::new("sleep").arg("5").spawn().unwrap();
            // Give the child a moment to exec and have a resident size of its own.
            std::thread::sleep(std::time::Duration::from_millis(100));
            let report = measure(Paint::default()).unwrap();
            let _ = child.kill();
            let _ = child.wait();
            assert!(report.tree_peak_rss_kib > report.peak_rss_kib, "{report:?}");
        }

        #[test]
        fn line_format() {
            let mut report = Report {
                startup_ms: 512,
                painted_unix_ms: 1_795_000_000_512,
                page_ms: Some(240),
                wait_ms: 3,
                peak_rss_kib: 10,
                tree_peak_rss_kib: 30,
            };
            assert_eq!(
                report.line(),
                "mend-startup-ms=512 mend-painted-unix-ms=1795000000512 mend-page-ms=240 mend-probe-wait-ms=3 \
                 mend-peak-rss-kib=10 mend-tree-peak-rss-kib=30"
            );
            report.page_ms = None;
            assert!(!report.line().contains("page"), "{}", report.line());
        }
    }

    mod command {
        use super::*;

        mod error {
            use super::*;

            #[test]
            fn off_without_the_variable() {
                let app = tauri::test::mock_app();
                let err = probe_and_exit(app.handle(), false, Paint::default()).unwrap_err();
                assert!(err.contains("MEND_STARTUP_PROBE=1"), "{err}");
            }
        }
    }
}
