//! "Check the connection": can Mend reach the server, sign in, and what does
//! the database hold?
//!
//! The network is tried step by step before PostgreSQL is spoken to, so each
//! failure can be named: the name doesn't resolve, nothing listens on the port,
//! nothing answers in time, or (with encryption on) the server says it doesn't
//! do TLS. That last answer is one byte of PostgreSQL's protocol (the reply to
//! an `SSLRequest`), read here directly, because the `postgres` crate reports
//! it only as text. Then Mend signs in and reads the server's version, whether
//! the extensions the shared schema uses are there, whether it may create
//! tables, and what the database already holds.

use crate::connection::{Connection, Tls};
use crate::error::Error;
use crate::schema;
use serde::Serialize;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

/// How long each network step may take.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// The oldest PostgreSQL Mend runs on (`server_version_num`).
pub const MIN_SERVER_VERSION: i32 = 150000;

/// What the database already holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Contents {
    /// No tables: ready for a shop's data to be moved in.
    Empty,
    /// A Mend shop: join it (never overwrite it).
    MendShop { schema_version: i64, business_name: String, incidents: i64, customers: i64 },
    /// Tables that aren't Mend's: Mend leaves this database alone.
    OtherData { tables: i64 },
}

/// What the check found, for the connection form.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The server's version as it names it ("15.18 (Debian 15.18-0+deb12u1)").
    pub server_version: String,
    pub encrypted: bool,
    /// Whether Mend may create its tables here (only matters for an empty database).
    pub can_create_tables: bool,
    /// Extensions the shared schema needs that the server lacks (`unaccent`, `pg_trgm`).
    pub missing_extensions: Vec<String>,
    pub contents: Contents,
    /// The whole finding in one or two plain sentences.
    pub summary: String,
    /// Whether Mend can go on with this database (move data in, or join).
    pub usable: bool,
}

/// Connects, signs in and looks. Nothing is written.
pub fn check(connection: &Connection) -> Result<Report, Error> {
    let addr = reach(connection)?;
    if connection.tls == Tls::Require {
        ask_for_tls(connection, addr)?;
    }
    let mut client = connect(connection)?;
    let server = |err| Error::from_server(err, &connection.user, &connection.database);

    let row = client
        .query_one(
            "SELECT current_setting('server_version'), current_setting('server_version_num')::int, \
                    has_database_privilege(current_database(), 'CREATE') \
                    AND has_schema_privilege('public', 'CREATE')",
            &[],
        )
        .map_err(server)?;
    let server_version: String = row.get(0);
    let version_num: i32 = row.get(1);
    let can_create_tables: bool = row.get(2);
    if version_num < MIN_SERVER_VERSION {
        return Err(Error::TooOld { version: server_version });
    }

    let available: Vec<String> = client
        .query(
            "SELECT name FROM pg_available_extensions WHERE name = ANY($1)",
            &[&schema::EXTENSIONS.iter().map(|e| e.to_string()).collect::<Vec<_>>()],
        )
        .map_err(server)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let missing_extensions: Vec<String> =
        schema::EXTENSIONS.iter().filter(|e| !available.iter().any(|a| a == *e)).map(|e| e.to_string()).collect();

    let contents = contents(&mut client).map_err(server)?;
    if let Contents::MendShop { schema_version, .. } = contents {
        if schema_version > schema::VERSION {
            return Err(Error::NewerShop { found: schema_version, supported: schema::VERSION });
        }
    }

    let (summary, usable) = summarise(connection, &contents, can_create_tables, &missing_extensions);
    Ok(Report {
        server_version,
        encrypted: connection.tls == Tls::Require,
        can_create_tables,
        missing_extensions,
        contents,
        summary,
        usable,
    })
}

/// Signs in, encrypted or not as the connection says.
pub fn connect(connection: &Connection) -> Result<postgres::Client, Error> {
    let config = connection.config(TIMEOUT);
    let result = match connection.tls {
        Tls::Off => config.connect(postgres::NoTls),
        Tls::Require => {
            // libpq's sslmode=require: encrypted, the certificate not checked against an authority.
            let connector = native_tls::TlsConnector::builder()
                .danger_accept_invalid_certs(true)
                .danger_accept_invalid_hostnames(true)
                .build()
                .map_err(|err| Error::TlsFailed { source: Box::new(err) })?;
            config.connect(postgres_native_tls::MakeTlsConnector::new(connector))
        }
    };
    result.map_err(|err| {
        if err.code().is_none() && connection.tls == Tls::Require && err.to_string().contains("TLS") {
            Error::TlsFailed { source: Box::new(err) }
        } else if err.code().is_none() && err.to_string().contains("timeout") {
            Error::Timeout { host: connection.host.clone(), seconds: TIMEOUT.as_secs() }
        } else {
            Error::from_server(err, &connection.user, &connection.database)
        }
    })
}

/// Resolves the name and opens a TCP connection to the first address that answers.
fn reach(connection: &Connection) -> Result<SocketAddr, Error> {
    let host = &connection.host;
    let addrs: Vec<SocketAddr> = (host.as_str(), connection.port)
        .to_socket_addrs()
        .map_err(|source| Error::UnknownHost { host: host.clone(), source })?
        .collect();
    let mut last = None;
    for addr in &addrs {
        match TcpStream::connect_timeout(addr, TIMEOUT) {
            Ok(_) => return Ok(*addr),
            Err(err) => last = Some(err),
        }
    }
    match last {
        Some(err) if err.kind() == std::io::ErrorKind::TimedOut || err.kind() == std::io::ErrorKind::WouldBlock => {
            Err(Error::Timeout { host: host.clone(), seconds: TIMEOUT.as_secs() })
        }
        Some(source) => Err(Error::Refused { host: host.clone(), port: connection.port, source }),
        None => Err(Error::UnknownHost {
            host: host.clone(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no address for the name"),
        }),
    }
}

/// Sends PostgreSQL's `SSLRequest` and reads the one-byte answer: `S` (yes) or `N` (no).
fn ask_for_tls(connection: &Connection, addr: SocketAddr) -> Result<(), Error> {
    let timeout = || Error::Timeout { host: connection.host.clone(), seconds: TIMEOUT.as_secs() };
    let mut stream = TcpStream::connect_timeout(&addr, TIMEOUT).map_err(|_| timeout())?;
    stream.set_read_timeout(Some(TIMEOUT)).map_err(|_| timeout())?;
    stream.set_write_timeout(Some(TIMEOUT)).map_err(|_| timeout())?;
    // Length 8, then the request code 1234.5679 (80877103).
    stream.write_all(&[0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]).map_err(|_| timeout())?;
    let mut answer = [0u8; 1];
    stream.read_exact(&mut answer).map_err(|_| timeout())?;
    match answer[0] {
        b'S' => Ok(()),
        _ => Err(Error::TlsRefused),
    }
}

/// What the database holds: nothing, a Mend shop, or something else.
fn contents(client: &mut postgres::Client) -> Result<Contents, postgres::Error> {
    let tables: i64 = client.query_one(crate::schema::COUNT_TABLES, &[])?.get(0);
    if tables == 0 {
        return Ok(Contents::Empty);
    }
    let has_version_table: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname = $1)",
            &[&schema::VERSION_TABLE],
        )?
        .get(0);
    if !has_version_table {
        return Ok(Contents::OtherData { tables });
    }
    let version_row = client.query_opt(&format!("SELECT max(version)::bigint FROM {}", schema::VERSION_TABLE), &[])?;
    let schema_version: i64 = version_row.and_then(|r| r.get::<_, Option<i64>>(0)).unwrap_or(0);
    if schema_version > schema::VERSION {
        // A newer Mend's tables: don't guess at their shape.
        return Ok(Contents::MendShop { schema_version, business_name: String::new(), incidents: 0, customers: 0 });
    }
    let row = client.query_one(
        "SELECT coalesce((SELECT value FROM settings WHERE key = 'business_name'), ''), \
                (SELECT count(*) FROM incidents), (SELECT count(*) FROM customers)",
        &[],
    )?;
    Ok(Contents::MendShop { schema_version, business_name: row.get(0), incidents: row.get(1), customers: row.get(2) })
}

fn summarise(
    connection: &Connection,
    contents: &Contents,
    can_create_tables: bool,
    missing_extensions: &[String],
) -> (String, bool) {
    let place = format!("The database {} on {}", connection.database, connection.host);
    match contents {
        Contents::Empty if !missing_extensions.is_empty() => (
            format!(
                "{place} is empty, but the server lacks {} (on Debian, the package postgresql-contrib). \
                 Ask whoever runs it to install it.",
                missing_extensions.join(" and ")
            ),
            false,
        ),
        Contents::Empty if !can_create_tables => (
            format!(
                "{place} is empty, but {} may not create tables in it. Ask whoever runs the server to make {} \
                 the database's owner.",
                connection.user, connection.user
            ),
            false,
        ),
        Contents::Empty => (format!("{place} is empty and ready: this computer's data can be moved there."), true),
        Contents::MendShop { business_name, incidents, customers, .. } => {
            let shop = if business_name.is_empty() { "a Mend shop".to_string() } else { business_name.clone() };
            (
                format!(
                    "{place} already holds {shop} ({} and {}). This computer can join it; nothing there will be \
                     overwritten.",
                    count(*incidents, "incident", "incidents"),
                    count(*customers, "customer", "customers")
                ),
                true,
            )
        }
        Contents::OtherData { tables } => (
            format!(
                "{place} holds other data ({}) that isn't Mend's. Mend leaves it alone: use an empty database.",
                count(*tables, "table", "tables")
            ),
            false,
        ),
    }
}

fn count(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
