//! The native open and save dialogs, the files chosen in them, and the test hooks that answer
//! for them: WebDriver can't reach a native dialog, so end-to-end tests set `MEND_PICK_FILE`
//! or `MEND_SAVE_FILE` to the path the user would choose.
//!
//! A file chosen to open stays here, in [`PickedFiles`]: the commands that read it (the import
//! preview, the import, restoring a chosen backup) take it from there, never a path from the
//! page. The page is told the path only to show it.
//!
//! The dialogs wait without holding a thread: the plugin shows them from the main thread and
//! answers through a channel that the command awaits.

use crate::config::{PICK_FILE_ENV, SAVE_FILE_ENV};
use std::path::PathBuf;
use std::sync::Mutex;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::{DialogExt, FilePath};

/// What a file was chosen for; each purpose remembers its own last file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A customer export to import.
    Import,
    /// A backup to restore.
    Backup,
}

/// The last file chosen in Mend's own open dialog, for each purpose (managed state).
#[derive(Debug, Default)]
pub struct PickedFiles {
    import: Mutex<Option<PathBuf>>,
    backup: Mutex<Option<PathBuf>>,
}

impl PickedFiles {
    fn slot(&self, purpose: Purpose) -> std::sync::MutexGuard<'_, Option<PathBuf>> {
        let slot = match purpose {
            Purpose::Import => &self.import,
            Purpose::Backup => &self.backup,
        };
        slot.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Keeps `path` as the file chosen for `purpose`, in place of the one before.
    pub fn remember(&self, purpose: Purpose, path: PathBuf) {
        *self.slot(purpose) = Some(path);
    }

    /// The file last chosen for `purpose`, if any.
    pub fn get(&self, purpose: Purpose) -> Option<PathBuf> {
        self.slot(purpose).clone()
    }
}

/// Under unit test: the files the dialogs answer with, held by the app (managed state) rather
/// than set in the environment, which tests running side by side share.
#[cfg(test)]
#[derive(Debug, Default)]
pub struct TestAnswers {
    /// The file every open dialog answers with.
    pub pick: Option<PathBuf>,
    /// The file every save dialog answers with.
    pub save: Option<PathBuf>,
}

/// The answer a unit test set for a dialog, if any.
#[cfg(test)]
fn test_answer<R: Runtime>(app: &AppHandle<R>, pick: bool) -> Option<PathBuf> {
    let answers = tauri::Manager::try_state::<TestAnswers>(app)?;
    if pick {
        answers.pick.clone()
    } else {
        answers.save.clone()
    }
}

#[cfg(not(test))]
fn test_answer<R: Runtime>(_app: &AppHandle<R>, _pick: bool) -> Option<PathBuf> {
    None
}

/// The plugin's answer to a dialog: what to hand the dialog, and where its answer arrives.
type Answer = tauri::async_runtime::Receiver<Option<FilePath>>;

fn on_answer() -> (impl FnOnce(Option<FilePath>) + Send + 'static, Answer) {
    let (tx, rx) = tauri::async_runtime::channel(1);
    (
        move |file| {
            let _ = tx.try_send(file);
        },
        rx,
    )
}

/// The path the user chose, once the dialog closes; `None` when cancelled.
async fn chosen(mut answer: Answer) -> Option<PathBuf> {
    answer.recv().await.flatten().and_then(|f| f.into_path().ok())
}

/// Asks where to save; `None` when the user cancels.
pub async fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
    (filter, extensions): (&str, &[&str]),
) -> Option<PathBuf> {
    if let Some(path) = test_answer(app, false).or_else(|| std::env::var_os(SAVE_FILE_ENV).map(PathBuf::from)) {
        return Some(path);
    }
    let (done, answer) = on_answer();
    app.dialog().file().set_title(title).set_file_name(file_name).add_filter(filter, extensions).save_file(done);
    chosen(answer).await
}

/// Asks which file to open for `purpose`, and remembers it in [`PickedFiles`]; `None` when
/// the user cancels (the file chosen before is kept).
pub async fn pick_path<R: Runtime>(
    app: &AppHandle<R>,
    purpose: Purpose,
    title: &str,
    (filter, extensions): (&str, &[&str]),
) -> Option<PathBuf> {
    let path = match test_answer(app, true).or_else(|| std::env::var_os(PICK_FILE_ENV).map(PathBuf::from)) {
        Some(path) => Some(path),
        None => {
            let (done, answer) = on_answer();
            app.dialog().file().set_title(title).add_filter(filter, extensions).pick_file(done);
            chosen(answer).await
        }
    };
    if let Some(path) = &path {
        tauri::Manager::state::<PickedFiles>(app).remember(purpose, path.clone());
    }
    path
}
