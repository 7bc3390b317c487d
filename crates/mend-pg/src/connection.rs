//! Where the shop's shared database is: the connection details as typed in
//! Settings, checked once here into a [`Connection`].
//!
//! The form offers either a connection address (`postgresql://…`, what a hosting
//! company or an IT helper usually hands over) or separate host, port, database,
//! user and password fields. An address is read by the `postgres` crate's own
//! parser (`postgres::Config`), so every form libpq accepts is accepted here,
//! and fields typed beside it fill what the address leaves out.
//!
//! Encryption is on unless switched off. "On" means what libpq calls
//! `sslmode=require`: the connection is encrypted, and the server's
//! certificate is not checked against a certificate authority (the servers
//! shops use are mostly on their own network with a self-made certificate).

use crate::error::{Error, FieldErrors};
use serde::Deserialize;
use std::fmt;
use std::str::FromStr;

/// The port PostgreSQL listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 5432;

/// The connection details as the form sends them; every field may be empty.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConnectionInput {
    /// A connection address (`postgresql://user@host:port/database`), or empty.
    pub url: String,
    pub host: String,
    /// The port as typed (empty for 5432).
    pub port: String,
    pub database: String,
    pub user: String,
    pub password: String,
    /// Encrypt the connection (on unless the owner switched it off).
    pub encrypt: Option<bool>,
}

/// Whether the connection is encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// Encrypted (libpq's `sslmode=require`): refused when the server can't.
    Require,
    /// Plain text, for a server on a network the shop trusts.
    Off,
}

impl Tls {
    pub fn as_str(self) -> &'static str {
        match self {
            Tls::Require => "require",
            Tls::Off => "off",
        }
    }

    pub fn parse(text: &str) -> Option<Tls> {
        match text {
            "require" => Some(Tls::Require),
            "off" => Some(Tls::Off),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tls::Require => "Encrypted",
            Tls::Off => "Not encrypted",
        }
    }
}

/// Checked connection details: a host, a port, a database and a user, each
/// present and plausible. The password is kept but never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Connection {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    pub password: String,
    pub tls: Tls,
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connection")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database", &self.database)
            .field("user", &self.user)
            .field("password", &if self.password.is_empty() { "" } else { "(set)" })
            .field("tls", &self.tls)
            .finish()
    }
}

impl Connection {
    /// Checks what was typed. Every problem is reported against the field to
    /// fix, all at once.
    pub fn from_input(input: &ConnectionInput) -> Result<Connection, Error> {
        let mut fields = FieldErrors::new();
        let mut host = input.host.trim().to_string();
        let mut port_text = input.port.trim().to_string();
        let mut database = input.database.trim().to_string();
        let mut user = input.user.trim().to_string();
        let mut password = input.password.clone();
        let mut tls = match input.encrypt {
            Some(false) => Tls::Off,
            _ => Tls::Require,
        };

        let url = input.url.trim();
        if !url.is_empty() {
            match parse_url(url) {
                Ok(parsed) => {
                    if host.is_empty() {
                        host = parsed.host;
                    }
                    if port_text.is_empty() {
                        port_text = parsed.port.map(|p| p.to_string()).unwrap_or_default();
                    }
                    if database.is_empty() {
                        database = parsed.database;
                    }
                    if user.is_empty() {
                        user = parsed.user;
                    }
                    if password.is_empty() {
                        password = parsed.password;
                    }
                    if let Some(url_tls) = parsed.tls {
                        if input.encrypt.is_none() {
                            tls = url_tls;
                        }
                    }
                }
                Err(message) => {
                    // The fields below may be empty only because the address was to fill them.
                    fields.insert("url".into(), message);
                    return Err(Error::Invalid(fields));
                }
            }
        }

        if host.is_empty() {
            fields.insert("host".into(), "Enter the server's name or address, for example db.myshop.com.".into());
        } else if host.chars().any(|c| c.is_whitespace() || c.is_control()) {
            fields.insert("host".into(), "A server name has no spaces in it.".into());
        } else if host.chars().count() > 253 {
            fields.insert("host".into(), "That server name is too long to be real (at most 253 characters).".into());
        }
        let port = if port_text.is_empty() {
            DEFAULT_PORT
        } else {
            match port_text.parse::<u32>() {
                Ok(p) if (1..=65535).contains(&p) => p as u16,
                _ => {
                    fields.insert(
                        "port".into(),
                        "The port is a number from 1 to 65535 (PostgreSQL's usual port is 5432).".into(),
                    );
                    DEFAULT_PORT
                }
            }
        };
        if database.is_empty() {
            fields.insert("database".into(), "Enter the name of the database Mend should use.".into());
        } else if database.chars().count() > 63 || database.contains('\0') {
            fields.insert("database".into(), "PostgreSQL database names are at most 63 characters.".into());
        }
        if user.is_empty() {
            fields.insert("user".into(), "Enter the user name Mend signs in with.".into());
        } else if user.chars().count() > 63 || user.contains('\0') {
            fields.insert("user".into(), "PostgreSQL user names are at most 63 characters.".into());
        }
        if password.contains('\0') {
            fields.insert("password".into(), "A password can't contain that character.".into());
        }

        if !fields.is_empty() {
            return Err(Error::Invalid(fields));
        }
        Ok(Connection { host, port, database, user, password, tls })
    }

    /// The details in the `postgres` crate's form, with a connect timeout.
    pub(crate) fn config(&self, timeout: std::time::Duration) -> postgres::Config {
        let mut config = postgres::Config::new();
        config
            .host(&self.host)
            .port(self.port)
            .dbname(&self.database)
            .user(&self.user)
            .application_name("Mend")
            .connect_timeout(timeout)
            .ssl_mode(match self.tls {
                Tls::Require => postgres::config::SslMode::Require,
                Tls::Off => postgres::config::SslMode::Disable,
            });
        if !self.password.is_empty() {
            config.password(&self.password);
        }
        config
    }

    /// What a second laptop needs to join: this connection as an address,
    /// password left out (it is typed on each laptop, never passed around).
    /// Pasted into the form's address field, it fills every other field.
    pub fn join_address(&self) -> String {
        let sslmode = match self.tls {
            Tls::Require => "require",
            Tls::Off => "disable",
        };
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        format!(
            "postgresql://{}@{}:{}/{}?sslmode={sslmode}",
            percent_encode(&self.user),
            host,
            self.port,
            percent_encode(&self.database)
        )
    }

    /// Where this is, for messages: "db.myshop.com:5432, database mend".
    pub fn describe(&self) -> String {
        format!("{}:{}, database {}", self.host, self.port, self.database)
    }
}

/// Letters, digits and `-._~` as they are; every other byte as `%XX`, as
/// connection addresses are read.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// What a connection address held.
struct ParsedUrl {
    host: String,
    port: Option<u16>,
    database: String,
    user: String,
    password: String,
    tls: Option<Tls>,
}

fn parse_url(url: &str) -> Result<ParsedUrl, String> {
    let looks_like_url = url.starts_with("postgresql://") || url.starts_with("postgres://");
    if !looks_like_url {
        return Err(
            "A connection address starts with postgresql:// (or leave it empty and fill in the fields below).".into()
        );
    }
    let config = postgres::Config::from_str(url).map_err(|_| {
        "Mend can't read that address. It looks like postgresql://user@server:5432/database.".to_string()
    })?;
    let host = match config.get_hosts() {
        [] => String::new(),
        [postgres::config::Host::Tcp(name)] => name.clone(),
        [postgres::config::Host::Tcp(_), ..] => {
            return Err("The address names several servers; Mend connects to one. Keep only the main one.".into());
        }
        #[cfg(unix)]
        [postgres::config::Host::Unix(_), ..] => {
            return Err("The address points at a local socket; Mend needs a server name and port.".into());
        }
    };
    let port = match config.get_ports() {
        [] => None,
        [port] => Some(*port),
        _ => return Err("The address names several ports; Mend connects to one.".into()),
    };
    let tls = match config.get_ssl_mode() {
        postgres::config::SslMode::Disable => Some(Tls::Off),
        postgres::config::SslMode::Require => Some(Tls::Require),
        // "prefer" is the default when the address doesn't say; Mend's own default (on) stands.
        _ => None,
    };
    Ok(ParsedUrl {
        host,
        port,
        database: config.get_dbname().unwrap_or_default().to_string(),
        user: config.get_user().unwrap_or_default().to_string(),
        password: config.get_password().map(|p| String::from_utf8_lossy(p).into_owned()).unwrap_or_default(),
        tls,
    })
}
