//! Where Mend keeps its data, and how a user or a test points it elsewhere.
//!
//! Order of precedence: the `--data-dir <path>` flag, then the
//! `MEND_DATA_DIR` environment variable, then the OS app-data directory
//! (on Linux `~/.local/share/app.mend.desktop`).

use std::ffi::OsString;
use std::path::PathBuf;

/// The environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "MEND_DATA_DIR";
/// The environment variable that answers the "open file" dialog with a path
/// (for end-to-end tests: WebDriver can't drive native dialogs).
pub const PICK_FILE_ENV: &str = "MEND_PICK_FILE";
/// The environment variable that answers the "save file" dialog with a path.
pub const SAVE_FILE_ENV: &str = "MEND_SAVE_FILE";
/// The environment variable that starts the clock at a given instant.
pub const NOW_ENV: &str = "MEND_NOW";
/// The environment variable that turns on the startup probe: the window reports when Today
/// has painted and the app exits (`scripts/startup-probe.sh`).
pub const STARTUP_PROBE_ENV: &str = "MEND_STARTUP_PROBE";
/// Set to "off" to stop the daily automatic backup (tests that count files).
pub const AUTO_BACKUP_ENV: &str = "MEND_AUTO_BACKUP";

/// The data directory asked for on the command line or in the environment,
/// if any. `args` excludes the program name.
pub fn data_dir_override<I, S>(args: I, env: Option<OsString>) -> Option<PathBuf>
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    let mut args = args.into_iter().map(Into::into);
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy().into_owned();
        if text == "--data-dir" {
            if let Some(value) = args.next() {
                return Some(PathBuf::from(value));
            }
        } else if let Some(value) = text.strip_prefix("--data-dir=") {
            return Some(PathBuf::from(value));
        }
    }
    env.filter(|v| !v.is_empty()).map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_wins_over_env() {
        let dir = data_dir_override(["--data-dir", "/tmp/a"], Some("/tmp/b".into()));
        assert_eq!(dir, Some(PathBuf::from("/tmp/a")));
    }

    #[test]
    fn equals_form() {
        assert_eq!(data_dir_override(["--data-dir=/x"], None), Some(PathBuf::from("/x")));
    }

    #[test]
    fn env_then_default() {
        assert_eq!(data_dir_override(Vec::<String>::new(), Some("/e".into())), Some(PathBuf::from("/e")));
        assert_eq!(data_dir_override(Vec::<String>::new(), Some("".into())), None);
        assert_eq!(data_dir_override(["--other"], None), None);
    }
}
