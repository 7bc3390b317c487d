//! A tiny blocking W3C WebDriver client (ureq 2 + serde_json) that drives the real Mend app
//! through `tauri-driver`, under a private Xvfb display.
//!
//! [`Session::start`] starts Xvfb, then tauri-driver (which starts WebKitWebDriver, which
//! starts the app), and creates the WebDriver session. Dropping the [`Session`] deletes the
//! session, stops tauri-driver with SIGTERM (so it stops its WebKitWebDriver child) and stops
//! Xvfb, also when the test panicked.
//!
//! Every failing command panics with the WebDriver error and saves a screenshot to
//! `tests/output/failure-<test>.png`.

use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Condvar, Mutex};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};

/// The W3C key under which an element reference is serialised.
pub const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long [`Session::find`] and [`Element::find`] wait for an element to appear.
pub const FIND_TIMEOUT: Duration = Duration::from_secs(5);
/// How long the `wait_*` helpers wait by default.
pub const WAIT_TIMEOUT: Duration = Duration::from_secs(10);
/// Size of the private X screen.
pub const SCREEN: &str = "1280x860x24";

/// WebDriver special keys, for [`Element::send_keys`] and [`Session::send_keys_to_active`].
/// Modifier keys (SHIFT, CONTROL, ALT, META) stay pressed until pressed again, [`keys::NULL`]
/// or the end of the string: `format!("{}a{}", keys::CONTROL, keys::CONTROL)` is Ctrl+A.
pub mod keys {
    pub const NULL: &str = "\u{E000}";
    pub const CANCEL: &str = "\u{E001}";
    pub const HELP: &str = "\u{E002}";
    pub const BACKSPACE: &str = "\u{E003}";
    pub const TAB: &str = "\u{E004}";
    pub const CLEAR: &str = "\u{E005}";
    pub const RETURN: &str = "\u{E006}";
    pub const ENTER: &str = "\u{E007}";
    pub const SHIFT: &str = "\u{E008}";
    pub const CONTROL: &str = "\u{E009}";
    pub const ALT: &str = "\u{E00A}";
    pub const PAUSE: &str = "\u{E00B}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const SPACE: &str = "\u{E00D}";
    pub const PAGE_UP: &str = "\u{E00E}";
    pub const PAGE_DOWN: &str = "\u{E00F}";
    pub const END: &str = "\u{E010}";
    pub const HOME: &str = "\u{E011}";
    pub const ARROW_LEFT: &str = "\u{E012}";
    pub const ARROW_UP: &str = "\u{E013}";
    pub const ARROW_RIGHT: &str = "\u{E014}";
    pub const ARROW_DOWN: &str = "\u{E015}";
    pub const INSERT: &str = "\u{E016}";
    pub const DELETE: &str = "\u{E017}";
    pub const F1: &str = "\u{E031}";
    pub const F2: &str = "\u{E032}";
    pub const META: &str = "\u{E03D}";

    pub(crate) fn is_modifier(c: char) -> bool {
        matches!(c, '\u{E008}' | '\u{E009}' | '\u{E00A}' | '\u{E03D}')
    }
}

// ------------------------------------------------------------------------------------------
// One end-to-end test at a time per test binary (2-core machines). Re-entrant per thread, so
// a helper that holds it across an app restart can start new sessions.

struct LockState {
    owner: Option<ThreadId>,
    depth: usize,
}

static E2E_LOCK: Mutex<LockState> = Mutex::new(LockState { owner: None, depth: 0 });
static E2E_FREED: Condvar = Condvar::new();

/// Held while an end-to-end test drives the app; see [`e2e_lock`].
pub struct E2eGuard {
    _not_send: std::marker::PhantomData<*const ()>,
}

/// Takes the global end-to-end lock (re-entrant within one thread). [`Session::start`] takes
/// it by itself; hold one yourself to keep the lock across several sessions.
pub fn e2e_lock() -> E2eGuard {
    let me = thread::current().id();
    let mut st = E2E_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        match st.owner {
            None => {
                st.owner = Some(me);
                st.depth = 1;
                break;
            }
            Some(owner) if owner == me => {
                st.depth += 1;
                break;
            }
            Some(_) => st = E2E_FREED.wait(st).unwrap_or_else(|e| e.into_inner()),
        }
    }
    E2eGuard { _not_send: std::marker::PhantomData }
}

impl Drop for E2eGuard {
    fn drop(&mut self) {
        let mut st = E2E_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        st.depth -= 1;
        if st.depth == 0 {
            st.owner = None;
            E2E_FREED.notify_all();
        }
    }
}

// ------------------------------------------------------------------------------------------
// Tools and processes

/// Finds an executable on PATH or in ~/.cargo/bin (where `cargo install` puts tauri-driver).
pub fn find_tool(name: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let mut dirs: Vec<PathBuf> =
        std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    if let Some(cargo_home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(cargo_home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|p| fs::metadata(p).map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0).unwrap_or(false))
}

/// Like [`find_tool`], but a missing tool fails the test loudly, naming the install command.
#[track_caller]
pub fn require_tool(name: &str, package_hint: &str) -> PathBuf {
    match find_tool(name) {
        Some(path) => path,
        None => panic!(
            "\n\nEND-TO-END TESTS CANNOT RUN: `{name}` was not found on PATH or in ~/.cargo/bin.\n\
             Install it with:  {package_hint}\n\
             or install everything the tests need with:  ./scripts/setup.sh --test\n\n"
        ),
    }
}

/// A child process that is stopped with SIGTERM (then SIGKILL after 10 s) when dropped.
pub struct Proc {
    name: &'static str,
    child: Child,
}

impl Proc {
    fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    fn terminate(&mut self) {
        if !self.running() {
            return;
        }
        // SIGTERM first: tauri-driver only stops its WebKitWebDriver child on TERM/INT/QUIT.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if !self.running() {
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
        eprintln!("e2e: {} did not stop within 10 s of SIGTERM; killing it", self.name);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.terminate();
    }
}

fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("e2e: cannot bind a free TCP port on 127.0.0.1")
}

fn tail(path: &Path, lines: usize) -> String {
    let text = fs::read(path).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Starts Xvfb on the first free display (`-displayfd`), returning it and the display name.
pub fn start_xvfb(xvfb: &Path, log: &Path) -> (Proc, String) {
    let log_file = File::create(log).expect("e2e: cannot create the Xvfb log file");
    let mut child = Command::new(xvfb)
        .args(["-displayfd", "1", "-screen", "0", SCREEN, "-nolisten", "tcp", "-noreset"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log_file)
        .spawn()
        .unwrap_or_else(|e| panic!("e2e: cannot start {}: {e}", xvfb.display()));
    let stdout = child.stdout.take().expect("piped stdout");
    let mut proc = Proc { name: "Xvfb", child };

    // Xvfb writes the display number to fd 1 once it accepts connections. Keep draining the
    // pipe afterwards so Xvfb never writes into a closed pipe.
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let _ = reader.read_line(&mut line);
        let _ = tx.send(line);
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    let line = rx.recv_timeout(Duration::from_secs(20)).unwrap_or_default();
    match line.trim().parse::<u32>() {
        Ok(n) => (proc, format!(":{n}")),
        Err(_) => {
            proc.terminate();
            panic!("e2e: Xvfb did not report a display within 20 s (got {line:?}). Its log:\n{}", tail(log, 40))
        }
    }
}

// ------------------------------------------------------------------------------------------
// Errors

/// A failed WebDriver command.
#[derive(Debug, Clone)]
pub struct WdError {
    /// The W3C error code ("no such element", "javascript error", ...), or "transport".
    pub error: String,
    pub message: String,
    pub http_status: Option<u16>,
}

impl std::fmt::Display for WdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.http_status {
            Some(s) => write!(f, "{} (HTTP {s}): {}", self.error, self.message),
            None => write!(f, "{}: {}", self.error, self.message),
        }
    }
}

fn call(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<&Value>,
    timeout: Duration,
) -> Result<Value, WdError> {
    let req = agent.request(method, url).timeout(timeout);
    let res = match body {
        Some(b) => req.send_json(b.clone()),
        None => req.call(),
    };
    match res {
        Ok(resp) => {
            let v: Value = resp.into_json().map_err(|e| WdError {
                error: "invalid response".into(),
                message: format!("{method} {url}: {e}"),
                http_status: None,
            })?;
            Ok(v.get("value").cloned().unwrap_or(Value::Null))
        }
        Err(ureq::Error::Status(code, resp)) => {
            let text = resp.into_string().unwrap_or_default();
            let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            let val = v.get("value").cloned().unwrap_or(Value::Null);
            Err(WdError {
                error: val.get("error").and_then(Value::as_str).unwrap_or("unknown error").to_string(),
                message: val
                    .get("message")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| text.chars().take(500).collect()),
                http_status: Some(code),
            })
        }
        Err(ureq::Error::Transport(t)) => {
            Err(WdError { error: "transport".into(), message: format!("{method} {url}: {t}"), http_status: None })
        }
    }
}

fn test_name() -> String {
    let name = thread::current().name().unwrap_or("e2e").to_string();
    let clean: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    if clean.is_empty() || clean == "main" {
        "e2e".into()
    } else {
        clean
    }
}

/// Where screenshots go: `tests/output/` in the repository (ignored by git).
pub fn output_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("output");
    let _ = fs::create_dir_all(&dir);
    dir
}

// ------------------------------------------------------------------------------------------
// Session

/// A running app under WebDriver. See the module docs.
pub struct Session {
    agent: ureq::Agent,
    /// `http://127.0.0.1:PORT/session/ID`
    base: String,
    id: String,
    driver: Option<Proc>,
    xvfb: Option<Proc>,
    driver_log: PathBuf,
    /// The X display the app runs on, e.g. ":3".
    pub display: String,
    _logs: tempfile::TempDir,
    _lock: E2eGuard,
}

impl Session {
    /// Starts the app (`CARGO_BIN_EXE_mend`) with `app_args` on a private Xvfb display.
    #[track_caller]
    pub fn start(app_args: &[String]) -> Session {
        Session::start_with_env(app_args, &[])
    }

    /// Like [`Session::start`], with extra environment variables for tauri-driver and so
    /// for the app (the app inherits them through WebKitWebDriver).
    #[track_caller]
    pub fn start_with_env(app_args: &[String], env: &[(String, String)]) -> Session {
        let xvfb_bin = require_tool("Xvfb", "sudo apt-get install -y xvfb");
        let driver_bin = require_tool("tauri-driver", "cargo install tauri-driver --version '^2' --locked");
        let native_bin = require_tool("WebKitWebDriver", "sudo apt-get install -y webkit2gtk-driver");
        let app = super::app_binary();
        assert!(app.exists(), "e2e: the app binary {} does not exist; build it with `cargo build`", app.display());

        let lock = e2e_lock();
        let logs = tempfile::Builder::new().prefix("mend-e2e-logs-").tempdir().expect("e2e: cannot create a temp dir");
        let (xvfb, display) = start_xvfb(&xvfb_bin, &logs.path().join("xvfb.log"));

        let port = free_port();
        let mut native_port = free_port();
        while native_port == port {
            native_port = free_port();
        }
        let driver_log = logs.path().join("tauri-driver.log");
        let log_out = File::create(&driver_log).expect("e2e: cannot create the tauri-driver log");
        let log_err = log_out.try_clone().expect("e2e: cannot clone a file handle");
        let mut cmd = Command::new(&driver_bin);
        cmd.args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .arg("--native-driver")
            .arg(&native_bin)
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            .env("GDK_BACKEND", "x11")
            .env("NO_AT_BRIDGE", "1")
            .stdin(Stdio::null())
            .stdout(log_out)
            .stderr(log_err);
        // Not WEBKIT_DISABLE_COMPOSITING_MODE=1: with this WebKitGTK it makes every
        // screenshot hang. Pass it in `env` if a newer WebKitGTK shows a blank window.
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().unwrap_or_else(|e| panic!("e2e: cannot start {}: {e}", driver_bin.display()));
        let mut driver = Proc { name: "tauri-driver", child };

        let agent = ureq::AgentBuilder::new().timeout_connect(Duration::from_secs(5)).build();
        let root = format!("http://127.0.0.1:{port}");

        // Wait until tauri-driver answers.
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match agent.get(&format!("{root}/status")).timeout(Duration::from_secs(2)).call() {
                Ok(_) | Err(ureq::Error::Status(..)) => break,
                Err(_) if Instant::now() < deadline && driver.running() => thread::sleep(Duration::from_millis(100)),
                Err(e) => {
                    let exited = !driver.running();
                    drop(driver);
                    panic!(
                        "e2e: tauri-driver {} on port {port} within 20 s ({e}). Its log:\n{}",
                        if exited { "exited before answering" } else { "did not answer" },
                        tail(&driver_log, 40)
                    );
                }
            }
        }

        // Create the session: this launches the app. No browserName (WebKitGTK rejects "wry").
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "tauri:options": { "application": app, "args": app_args }
                }
            }
        });
        let created = call(&agent, "POST", &format!("{root}/session"), Some(&caps), Duration::from_secs(60));
        let id = match created.as_ref().ok().and_then(|v| v.get("sessionId")).and_then(Value::as_str) {
            Some(id) => id.to_string(),
            None => {
                drop(driver);
                panic!(
                    "e2e: could not create a WebDriver session for {} {:?}: {}\ntauri-driver log:\n{}",
                    app.display(),
                    app_args,
                    match created {
                        Ok(v) => format!("unexpected answer {v}"),
                        Err(e) => e.to_string(),
                    },
                    tail(&driver_log, 60)
                );
            }
        };

        let session = Session {
            agent,
            base: format!("{root}/session/{id}"),
            id,
            driver: Some(driver),
            xvfb: Some(xvfb),
            driver_log,
            display,
            _logs: logs,
            _lock: lock,
        };
        // The first command right after creating a session sometimes gets "connection reset".
        thread::sleep(Duration::from_secs(2));
        session.wait_until_timeout("the page to finish loading", Duration::from_secs(20), |s| {
            s.try_execute("return document.readyState", &[])
                .ok()
                .and_then(|v| v.as_str().map(|r| r == "complete"))
                .unwrap_or(false)
        });
        session
    }

    /// The WebDriver session id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// tauri-driver's output so far (WebKitWebDriver's and the app's stderr end up here too).
    pub fn driver_log(&self) -> String {
        fs::read(&self.driver_log).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
    }

    // --- raw commands ---------------------------------------------------------------------

    /// Sends a command relative to the session URL (`path` like "/title"). GETs are retried
    /// once on a transport error.
    pub fn try_cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, WdError> {
        let url = format!("{}{}", self.base, path);
        let timeout = Duration::from_secs(60);
        let first = call(&self.agent, method, &url, body.as_ref(), timeout);
        match first {
            // A reset connection (seen right after a session starts), not a timeout.
            Err(ref e) if e.error == "transport" && method == "GET" && !e.message.contains("timed out") => {
                thread::sleep(Duration::from_millis(500));
                call(&self.agent, method, &url, body.as_ref(), timeout)
            }
            other => other,
        }
    }

    /// Like [`Session::try_cmd`], but a failure panics (with a screenshot).
    #[track_caller]
    pub fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        match self.try_cmd(method, path, body) {
            Ok(v) => v,
            Err(e) => self.fail(&format!("WebDriver {method} {path} failed: {e}")),
        }
    }

    /// Fails the test: saves `tests/output/failure-<test>.png` if it can, then panics.
    #[track_caller]
    pub fn fail(&self, msg: &str) -> ! {
        let shot = output_dir().join(format!("failure-{}.png", test_name()));
        let url = format!("{}/screenshot", self.base);
        let saved = call(&self.agent, "GET", &url, None, Duration::from_secs(15))
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
            .and_then(|png| fs::write(&shot, png).ok())
            .is_some();
        if saved {
            panic!("{msg}\n  (screenshot at the failure: {})", shot.display());
        } else {
            panic!("{msg}\n  (no screenshot could be taken)");
        }
    }

    // --- finding elements -----------------------------------------------------------------

    fn elem_from(&self, v: &Value) -> Option<Element<'_>> {
        v.get(ELEMENT_KEY).and_then(Value::as_str).map(|id| Element { s: self, id: id.to_string() })
    }

    fn try_find_in(&self, scope: &str, css: &str) -> Result<Option<Element<'_>>, WdError> {
        match self.try_cmd("POST", &format!("{scope}/element"), Some(json!({"using": "css selector", "value": css}))) {
            Ok(v) => Ok(self.elem_from(&v)),
            Err(e) if e.error == "no such element" => Ok(None),
            Err(e) => Err(e),
        }
    }

    #[track_caller]
    fn find_in(&self, scope: &str, css: &str, timeout: Duration) -> Element<'_> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.try_find_in(scope, css) {
                Ok(Some(el)) => return el,
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(100)),
                Ok(None) => self.fail(&format!("no element matches `{css}` after {:.1} s", timeout.as_secs_f32())),
                Err(e) => self.fail(&format!("finding `{css}` failed: {e}")),
            }
        }
    }

    #[track_caller]
    fn find_all_in(&self, scope: &str, css: &str) -> Vec<Element<'_>> {
        let v = self.cmd("POST", &format!("{scope}/elements"), Some(json!({"using": "css selector", "value": css})));
        v.as_array().map(|a| a.iter().filter_map(|e| self.elem_from(e)).collect()).unwrap_or_default()
    }

    /// The first element matching `css`, waiting up to [`FIND_TIMEOUT`] for it to appear.
    #[track_caller]
    pub fn find(&self, css: &str) -> Element<'_> {
        self.find_in("", css, FIND_TIMEOUT)
    }

    /// The first element matching `css` right now, if any.
    #[track_caller]
    pub fn try_find(&self, css: &str) -> Option<Element<'_>> {
        match self.try_find_in("", css) {
            Ok(found) => found,
            Err(e) => self.fail(&format!("finding `{css}` failed: {e}")),
        }
    }

    /// All elements matching `css` right now (no waiting; may be empty).
    #[track_caller]
    pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        self.find_all_in("", css)
    }

    /// Whether an element matches `css` right now.
    #[track_caller]
    pub fn exists(&self, css: &str) -> bool {
        self.try_find(css).is_some()
    }

    /// Waits up to [`WAIT_TIMEOUT`] for a *displayed* element matching `css`.
    #[track_caller]
    pub fn wait_for(&self, css: &str) -> Element<'_> {
        let mut found = None;
        self.wait_until(&format!("a visible element matching `{css}`"), |s| {
            found = s.find_all(css).into_iter().find(|e| e.try_displayed().unwrap_or(false)).map(|e| e.id);
            found.is_some()
        });
        Element { s: self, id: found.expect("set when the wait succeeds") }
    }

    /// Waits up to [`WAIT_TIMEOUT`] for an element matching `css` whose text contains `text`.
    #[track_caller]
    pub fn wait_for_text(&self, css: &str, text: &str) -> Element<'_> {
        let mut found = None;
        self.wait_until(&format!("an element matching `{css}` with text containing {text:?}"), |s| {
            found = s
                .find_all(css)
                .into_iter()
                .find(|e| e.try_text().map(|t| t.contains(text)).unwrap_or(false))
                .map(|e| e.id);
            found.is_some()
        });
        Element { s: self, id: found.expect("set when the wait succeeds") }
    }

    /// Waits up to [`WAIT_TIMEOUT`] until no element matches `css`.
    #[track_caller]
    pub fn wait_gone(&self, css: &str) {
        self.wait_until(&format!("no element matching `{css}`"), |s| !s.exists(css));
    }

    /// Polls `cond` every 100 ms for up to [`WAIT_TIMEOUT`]; fails naming `what` on timeout.
    #[track_caller]
    pub fn wait_until<F: FnMut(&Session) -> bool>(&self, what: &str, cond: F) {
        self.wait_until_timeout(what, WAIT_TIMEOUT, cond)
    }

    /// [`Session::wait_until`] with an explicit timeout.
    #[track_caller]
    pub fn wait_until_timeout<F: FnMut(&Session) -> bool>(&self, what: &str, timeout: Duration, mut cond: F) {
        let deadline = Instant::now() + timeout;
        loop {
            if cond(self) {
                return;
            }
            if Instant::now() >= deadline {
                self.fail(&format!("timed out after {:.1} s waiting for {what}", timeout.as_secs_f32()));
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// The focused element (`document.activeElement`).
    #[track_caller]
    pub fn active_element(&self) -> Element<'_> {
        let v = self.cmd("GET", "/element/active", None);
        match self.elem_from(&v) {
            Some(el) => el,
            None => self.fail(&format!("no active element (got {v})")),
        }
    }

    // --- scripts, keys, screenshots -------------------------------------------------------

    /// Runs `script` (a function body: use `return`, arguments in `arguments[i]`) and returns
    /// its result. Pass elements with [`Element::to_json`].
    #[track_caller]
    pub fn execute(&self, script: &str, args: &[Value]) -> Value {
        match self.try_execute(script, args) {
            Ok(v) => v,
            Err(e) => self.fail(&format!("script failed: {e}\n  script: {script}")),
        }
    }

    /// Like [`Session::execute`], returning the error instead of failing.
    pub fn try_execute(&self, script: &str, args: &[Value]) -> Result<Value, WdError> {
        self.try_cmd("POST", "/execute/sync", Some(json!({"script": script, "args": args})))
    }

    /// Runs an async script: it must call `arguments[arguments.length - 1](result)`.
    #[track_caller]
    pub fn execute_async(&self, script: &str, args: &[Value]) -> Value {
        match self.try_cmd("POST", "/execute/async", Some(json!({"script": script, "args": args}))) {
            Ok(v) => v,
            Err(e) => self.fail(&format!("async script failed: {e}\n  script: {script}")),
        }
    }

    /// Types `keys` into whatever has the focus, through the W3C actions API (special keys
    /// from [`keys`]; modifiers stay down until pressed again or the end of the string).
    #[track_caller]
    pub fn send_keys_to_active(&self, keys: &str) {
        let mut actions = Vec::new();
        let mut held: Vec<char> = Vec::new();
        for c in keys.chars() {
            if c == '\u{E000}' {
                for m in held.drain(..).rev() {
                    actions.push(json!({"type": "keyUp", "value": m.to_string()}));
                }
            } else if keys::is_modifier(c) {
                if let Some(pos) = held.iter().position(|&m| m == c) {
                    held.remove(pos);
                    actions.push(json!({"type": "keyUp", "value": c.to_string()}));
                } else {
                    held.push(c);
                    actions.push(json!({"type": "keyDown", "value": c.to_string()}));
                }
            } else {
                actions.push(json!({"type": "keyDown", "value": c.to_string()}));
                actions.push(json!({"type": "keyUp", "value": c.to_string()}));
            }
        }
        for m in held.drain(..).rev() {
            actions.push(json!({"type": "keyUp", "value": m.to_string()}));
        }
        self.cmd("POST", "/actions", Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})));
        let _ = self.try_cmd("DELETE", "/actions", None);
    }

    /// Saves a screenshot of the window to `tests/output/<name>.png` and returns its path.
    ///
    /// First waits two animation frames and 300 ms: under Xvfb WebKit can hand over a frame
    /// with only part of a page that was just replaced (a blank Insights screen, say). A page
    /// too stuck to answer is photographed as it is.
    #[track_caller]
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let _ = self.try_cmd(
            "POST",
            "/execute/async",
            Some(json!({
                "script": "const done = arguments[arguments.length - 1];
                           requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300)));",
                "args": []
            })),
        );
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = match b64.as_str().and_then(|s| base64::engine::general_purpose::STANDARD.decode(s).ok()) {
            Some(png) => png,
            None => self.fail("the screenshot answer was not base64 PNG data"),
        };
        let name = name.strip_suffix(".png").unwrap_or(name);
        let path = output_dir().join(format!("{name}.png"));
        if let Err(e) = fs::write(&path, png) {
            panic!("e2e: cannot write {}: {e}", path.display());
        }
        path
    }

    /// Scrolls `css` to the top of the window once the page has settled (a page that has just
    /// rendered may still move the focus, which scrolls), then waits for the frames to be painted.
    #[track_caller]
    pub fn scroll_to(&self, css: &str) {
        self.execute_async(
            "const [css, done] = [arguments[0], arguments[arguments.length - 1]];
             const frames = (then) => requestAnimationFrame(() => requestAnimationFrame(then));
             frames(() => setTimeout(() => {
               document.querySelector(css).scrollIntoView({ block: 'start' });
               frames(() => setTimeout(done, 50));
             }, 300));",
            &[json!(css)],
        );
    }

    /// Whether an element matching `css` exists and is shown.
    pub fn is_shown(&self, css: &str) -> bool {
        self.try_find(css).map(|e| e.is_displayed()).unwrap_or(false)
    }

    /// Goes to `hash` the way a link does and waits until the screen has its data: nothing
    /// in it says "Loading…" or is still busy.
    #[track_caller]
    pub fn visit(&self, hash: &str) {
        self.execute("location.hash = arguments[0];", &[json!(hash)]);
        self.wait_until(&format!("{hash} shown with its data"), |s| {
            s.execute(
                "const v = document.querySelector('#view > .view');
                 return !!v && v.childElementCount > 0 && location.hash === arguments[0]
                   && !v.querySelector('.loading, .slot') && !document.querySelector('#view [aria-busy=\"true\"]');",
                &[json!(hash)],
            ) == json!(true)
        });
    }

    /// The window's document title.
    #[track_caller]
    pub fn title(&self) -> String {
        self.cmd("GET", "/title", None).as_str().unwrap_or_default().to_string()
    }

    /// The page source (HTML), handy when debugging a test.
    #[track_caller]
    pub fn source(&self) -> String {
        self.cmd("GET", "/source", None).as_str().unwrap_or_default().to_string()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if thread::panicking() {
            let log = self.driver_log();
            let lines: Vec<&str> = log.lines().collect();
            eprintln!(
                "---- tauri-driver / app output (last 40 lines) ----\n{}\n----",
                lines[lines.len().saturating_sub(40)..].join("\n")
            );
        }
        // Closing the session closes the app.
        let _ = call(&self.agent, "DELETE", &self.base, None, Duration::from_secs(10));
        // SIGTERM so tauri-driver stops WebKitWebDriver too; then the X server.
        drop(self.driver.take());
        drop(self.xvfb.take());
    }
}

// ------------------------------------------------------------------------------------------
// Element

/// A reference to an element in the app's page.
pub struct Element<'s> {
    s: &'s Session,
    id: String,
}

impl<'s> Element<'s> {
    fn path(&self, rest: &str) -> String {
        format!("/element/{}{}", self.id, rest)
    }

    fn try_displayed(&self) -> Result<bool, WdError> {
        self.s.try_cmd("GET", &self.path("/displayed"), None).map(|v| v.as_bool().unwrap_or(false))
    }

    /// The element's rendered text, read as the page's `innerText`: WebKitWebDriver's own
    /// "Get Element Text" drops the text of some nested layouts (grid rows of links).
    fn try_text(&self) -> Result<String, WdError> {
        self.s
            .try_execute("return arguments[0].innerText;", &[self.to_json()])
            .map(|v| v.as_str().unwrap_or_default().to_string())
    }

    /// The WebDriver element id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The W3C JSON reference, to pass the element to [`Session::execute`].
    pub fn to_json(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    /// Clicks the element, retrying for up to [`FIND_TIMEOUT`] while it is covered or not
    /// yet interactable (e.g. during a transition).
    #[track_caller]
    pub fn click(&self) {
        let deadline = Instant::now() + FIND_TIMEOUT;
        loop {
            match self.s.try_cmd("POST", &self.path("/click"), Some(json!({}))) {
                Ok(_) => return,
                Err(e)
                    if (e.error == "element click intercepted" || e.error == "element not interactable")
                        && Instant::now() < deadline =>
                {
                    thread::sleep(Duration::from_millis(100))
                }
                Err(e) => self.s.fail(&format!("click on {} failed: {e}", self.describe())),
            }
        }
    }

    /// Types `text` into the element (special keys from [`keys`] work).
    #[track_caller]
    pub fn send_keys(&self, text: &str) {
        if let Err(e) = self.s.try_cmd("POST", &self.path("/value"), Some(json!({ "text": text }))) {
            self.s.fail(&format!("typing {text:?} into {} failed: {e}", self.describe()));
        }
    }

    /// Clears an input, textarea or contenteditable element.
    #[track_caller]
    pub fn clear(&self) {
        if let Err(e) = self.s.try_cmd("POST", &self.path("/clear"), Some(json!({}))) {
            self.s.fail(&format!("clearing {} failed: {e}", self.describe()));
        }
    }

    /// The rendered text (as a user sees it).
    #[track_caller]
    pub fn text(&self) -> String {
        match self.try_text() {
            Ok(t) => t,
            Err(e) => self.s.fail(&format!("reading the text of {} failed: {e}", self.describe())),
        }
    }

    /// The `value` property (what an input currently holds).
    #[track_caller]
    pub fn value(&self) -> String {
        match self.prop("value") {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }

    /// A DOM property (`checked`, `selectedIndex`, ...).
    #[track_caller]
    pub fn prop(&self, name: &str) -> Value {
        self.s.cmd("GET", &self.path(&format!("/property/{name}")), None)
    }

    /// An HTML attribute, `None` when absent.
    #[track_caller]
    pub fn attr(&self, name: &str) -> Option<String> {
        self.s.cmd("GET", &self.path(&format!("/attribute/{name}")), None).as_str().map(str::to_string)
    }

    /// The tag name, lower case.
    #[track_caller]
    pub fn tag_name(&self) -> String {
        self.s.cmd("GET", &self.path("/name"), None).as_str().unwrap_or_default().to_lowercase()
    }

    #[track_caller]
    pub fn is_displayed(&self) -> bool {
        match self.try_displayed() {
            Ok(d) => d,
            Err(e) => self.s.fail(&format!("checking whether {} is displayed failed: {e}", self.describe())),
        }
    }

    #[track_caller]
    pub fn is_enabled(&self) -> bool {
        self.s.cmd("GET", &self.path("/enabled"), None).as_bool().unwrap_or(false)
    }

    #[track_caller]
    pub fn is_selected(&self) -> bool {
        self.s.cmd("GET", &self.path("/selected"), None).as_bool().unwrap_or(false)
    }

    /// The first descendant matching `css`, waiting up to [`FIND_TIMEOUT`].
    #[track_caller]
    pub fn find(&self, css: &str) -> Element<'s> {
        self.s.find_in(&self.path(""), css, FIND_TIMEOUT)
    }

    /// All descendants matching `css` right now.
    #[track_caller]
    pub fn find_all(&self, css: &str) -> Vec<Element<'s>> {
        self.s.find_all_in(&self.path(""), css)
    }

    fn describe(&self) -> String {
        self.s
            .try_execute(
                "const e = arguments[0]; return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + \
                 (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '');",
                &[self.to_json()],
            )
            .ok()
            .and_then(|v| v.as_str().map(|s| format!("<{s}>")))
            .unwrap_or_else(|| format!("element {}", self.id))
    }
}

impl std::fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Element({})", self.id)
    }
}
