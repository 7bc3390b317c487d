//! A real PostgreSQL server for the tests, from Debian's packages, on
//! 127.0.0.1 in a temporary folder.
//!
//! `initdb` runs once per test binary into a template folder; each test copies
//! it and starts its own server on a free port, stopped when the test ends
//! (also when it fails). As root (CI), the server runs as the `postgres` user
//! through `runuser`, since PostgreSQL refuses to run as root. A missing
//! installation fails the test with what to install: these tests never skip.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The superuser's password on every test server.
pub const PASSWORD: &str = "mend-test-secret";

pub struct Server {
    dir: tempfile::TempDir,
    pub port: u16,
    pub tls: bool,
    bin: PathBuf,
    stopped: bool,
}

struct Template {
    dir: tempfile::TempDir,
    bin: PathBuf,
}

fn bin_dir() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let version: u32 = e.file_name().to_str()?.parse().ok()?;
                    let bin = e.path().join("bin");
                    bin.join("initdb").exists().then_some((version, bin))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    match found.pop() {
        Some((version, bin)) if version >= 15 => bin,
        Some((version, _)) => panic!("PostgreSQL {version} is installed; Mend's tests need 15 or newer"),
        None => panic!(
            "PostgreSQL's server is not installed (no /usr/lib/postgresql/*/bin/initdb): \
             run scripts/setup.sh --test, which installs postgresql and postgresql-contrib"
        ),
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

/// A command run as the server's owner.
fn as_owner(program: &Path) -> Command {
    if is_root() {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

fn run(mut cmd: Command, what: &str) {
    let out = cmd.stdin(Stdio::null()).output().unwrap_or_else(|e| panic!("{what}: could not start: {e}"));
    if !out.status.success() {
        panic!(
            "{what} failed ({}):\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn give_to_owner(path: &Path) {
    if is_root() {
        let mut cmd = Command::new("chown");
        cmd.args(["-R", "postgres:postgres"]).arg(path);
        run(cmd, "chown to postgres");
    }
}

fn template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let bin = bin_dir();
        let dir = tempfile::Builder::new().prefix("mend-pg-template").tempdir().expect("temp dir");
        let data = dir.path().join("data");
        let pwfile = dir.path().join("pw");
        std::fs::write(&pwfile, PASSWORD).unwrap();
        // A key and a self-made certificate, for the servers that offer TLS.
        let mut openssl = Command::new("openssl");
        openssl
            .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost", "-keyout"])
            .arg(dir.path().join("server.key"))
            .arg("-out")
            .arg(dir.path().join("server.crt"));
        run(openssl, "openssl req (test certificate)");
        give_to_owner(dir.path());
        let mut initdb = as_owner(&bin.join("initdb"));
        initdb
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--auth-local=trust"])
            .args(["--auth-host=scram-sha-256", "--no-sync"])
            .arg(format!("--pwfile={}", pwfile.display()));
        run(initdb, "initdb");
        Template { dir, bin }
    })
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Server {
    /// A new server offering TLS (as a shop's server should).
    pub fn start() -> Server {
        Server::start_with(true)
    }

    /// A new server that offers TLS or not.
    pub fn start_with(tls: bool) -> Server {
        let template = template();
        let dir = tempfile::Builder::new().prefix("mend-pg").tempdir().expect("temp dir");
        let mut cp = Command::new("cp");
        cp.arg("-a").arg(template.dir.path().join(".")).arg(dir.path());
        run(cp, "copy the template cluster");
        give_to_owner(dir.path());
        let mut server = Server { dir, port: 0, tls, bin: template.bin.clone(), stopped: true };
        server.start_again();
        server
    }

    /// Starts the server again after [`Server::stop`], on a new port unless the old one is free.
    pub fn start_again(&mut self) {
        if self.port == 0 {
            self.port = free_port();
        }
        let dir = self.dir.path();
        let mut options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=40",
            self.port,
            dir.display()
        );
        if self.tls {
            options.push_str(&format!(
                " -c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
                dir.join("server.crt").display(),
                dir.join("server.key").display()
            ));
        }
        let mut pg_ctl = as_owner(&self.bin.join("pg_ctl"));
        pg_ctl.arg("-D").arg(dir.join("data")).args(["-w", "-t", "30", "-o", &options, "-l"]).arg(dir.join("log"));
        pg_ctl.arg("start");
        let out = pg_ctl.stdin(Stdio::null()).output().expect("pg_ctl");
        if !out.status.success() {
            let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
            panic!("the test PostgreSQL server did not start:\n{}\n{log}", String::from_utf8_lossy(&out.stderr));
        }
        self.stopped = false;
    }

    /// Stops the server at once (as a pulled network cable or a crash would look to Mend).
    pub fn stop(&mut self) {
        if self.stopped {
            return;
        }
        let mut pg_ctl = as_owner(&self.bin.join("pg_ctl"));
        pg_ctl.arg("-D").arg(self.dir.path().join("data")).args(["-m", "immediate", "-w", "stop"]);
        let _ = pg_ctl.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).status();
        self.stopped = true;
    }

    /// A superuser client, unencrypted, to set things up and look.
    pub fn admin(&self, database: &str) -> postgres::Client {
        postgres::Config::new()
            .host("127.0.0.1")
            .port(self.port)
            .user("postgres")
            .password(PASSWORD)
            .dbname(database)
            .ssl_mode(postgres::config::SslMode::Disable)
            .connect(postgres::NoTls)
            .expect("connect as postgres")
    }

    /// Creates a database (and, unless it exists, a user `owner` with `password` owning it).
    pub fn create_database(&self, name: &str, owner: &str, password: &str) {
        let mut admin = self.admin("postgres");
        let exists: bool =
            admin.query_one("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", &[&owner]).unwrap().get(0);
        if !exists {
            admin.batch_execute(&format!("CREATE ROLE \"{owner}\" LOGIN PASSWORD '{password}'")).unwrap();
        }
        admin.batch_execute(&format!("CREATE DATABASE \"{name}\" OWNER \"{owner}\"")).unwrap();
    }

    /// The connection form as a shop would fill it in for `database` and `user`.
    pub fn input(&self, database: &str, user: &str, password: &str) -> mend_pg::ConnectionInput {
        mend_pg::ConnectionInput {
            host: "127.0.0.1".into(),
            port: self.port.to_string(),
            database: database.into(),
            user: user.into(),
            password: password.into(),
            encrypt: Some(self.tls),
            ..Default::default()
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}
