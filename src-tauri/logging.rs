//! Mend's log: `mend.log` in the data folder, one line per event with its local time, level
//! and where it came from. The core writes through the `log` facade (every error it maps for
//! the window, with its causes); this module gives the facade its file.
//!
//! `flexi_logger` does it in one well-kept crate with few dependencies: timestamps, a size cap
//! with rotation and clean-up, and writing straight to the file. At 1 MiB the file is renamed
//! `mend_<date>_<time>.log` and a fresh `mend.log` begins; the three newest of those are kept,
//! so the log never takes more than about 4 MiB. Until the logger starts (the data folder is
//! known only in `setup`), nothing is logged; if the file can't be opened, the log goes to
//! standard error instead. Warnings and errors are copied to standard error as well.

use flexi_logger::{
    Cleanup, Criterion, DeferredNow, Duplicate, FileSpec, FlexiLoggerError, Logger, LoggerHandle, Naming, WriteMode,
};
use log::Record;
use std::io::Write;
use std::path::Path;

/// The log file's name in the data folder.
pub const LOG_FILE: &str = "mend.log";
/// The size at which the file is set aside and a new one begun.
const MAX_BYTES: u64 = 1024 * 1024;
/// How many set-aside files are kept.
const KEEP: usize = 3;
/// What is logged: Mend's own messages from `info` up, other crates' warnings and errors.
const LEVELS: &str = "warn, mend=info, mend_core=info";

/// Keeps the logger running for as long as the app (managed state).
pub struct Log(#[allow(dead_code)] LoggerHandle);

/// `2026-11-22 10:15:03.120 +01:00 ERROR [mend_core::error] database: …`
fn line(w: &mut dyn Write, now: &mut DeferredNow, record: &Record) -> std::io::Result<()> {
    let time = now.now().format("%Y-%m-%d %H:%M:%S%.3f %:z");
    write!(w, "{time} {:<5} [{}] {}", record.level(), record.target(), record.args())
}

/// Starts logging to `mend.log` in `data_dir`, appending to what is there.
pub fn start(data_dir: &Path) -> Result<LoggerHandle, FlexiLoggerError> {
    let file = FileSpec::try_from(data_dir.join(LOG_FILE))?.suppress_timestamp();
    // An empty infix for the current file: it is always `mend.log`.
    let naming = Naming::TimestampsCustomFormat { current_infix: Some(""), format: "%Y-%m-%d_%H-%M-%S" };
    Logger::try_with_str(LEVELS)?
        .log_to_file(file)
        .rotate(Criterion::Size(MAX_BYTES), naming, Cleanup::KeepLogFiles(KEEP))
        .append()
        .write_mode(WriteMode::Direct)
        .duplicate_to_stderr(Duplicate::Warn)
        .format(line)
        .start()
}

/// Starts logging to `mend.log` in `data_dir`, or to standard error when that fails; `None`
/// when no logger could be started at all.
pub fn start_or_stderr(data_dir: &Path) -> Option<Log> {
    match start(data_dir) {
        Ok(handle) => Some(Log(handle)),
        Err(file_err) => {
            let handle = Logger::try_with_str(LEVELS).ok()?.log_to_stderr().format(line).start().ok()?;
            log::warn!("Mend can't write its log file in {}: {file_err}", data_dir.display());
            Some(Log(handle))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    /// The one test in this binary that starts the logger: a process has one.
    #[test]
    fn an_error_shown_to_the_window_lands_in_mend_log_with_its_cause_and_time() {
        let dir = tempfile::tempdir().unwrap();
        let handle = start(dir.path()).unwrap();
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let cause = conn.execute("INSERT INTO nowhere VALUES (1)", []).unwrap_err();
        let shown = serde_json::to_value(Error::from(cause)).unwrap();
        handle.flush();

        let text = std::fs::read_to_string(dir.path().join(LOG_FILE)).unwrap();
        let logged = text.lines().find(|l| l.contains("no such table: nowhere")).unwrap_or_else(|| panic!("{text}"));
        assert!(logged.contains(" ERROR "), "{logged}");
        assert!(logged.contains(shown["message"].as_str().unwrap()), "the plain message too: {logged}");
        let (date, rest) = logged.split_at(10);
        assert!(chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(), "starts with the date: {logged}");
        assert_eq!(&rest[3..4], ":", "then the time: {logged}");
        assert!(!shown["message"].as_str().unwrap().contains("nowhere"), "the window gets no SQLite text: {shown}");
    }
}
