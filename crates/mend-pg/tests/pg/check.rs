//! "Check the connection": what the owner is told about each server.

use super::server::{Server, PASSWORD};
use mend_pg::{check, Connection, ConnectionInput, Contents};

fn checked(input: &ConnectionInput) -> Result<mend_pg::Report, mend_pg::Error> {
    check(&Connection::from_input(input).expect("valid input"))
}

mod success {
    use super::*;

    #[test]
    fn an_empty_database_is_ready_for_the_move() {
        let server = Server::start();
        server.create_database("shop", "mend", "pw1");
        let report = checked(&server.input("shop", "mend", "pw1")).unwrap();
        assert_eq!(report.contents, Contents::Empty);
        assert!(report.encrypted);
        assert!(report.usable);
        assert!(report.can_create_tables);
        assert!(report.missing_extensions.is_empty(), "{:?}", report.missing_extensions);
        assert!(report.server_version.starts_with("1"), "{}", report.server_version);
        assert_eq!(
            report.summary,
            "The database shop on 127.0.0.1 is empty and ready: this computer's data can be moved there."
        );
    }

    #[test]
    fn a_database_holding_a_mend_shop_is_offered_to_join() {
        let server = Server::start();
        server.create_database("shop", "mend", "pw1");
        let file = mend_core::store::Store::open_in_memory().unwrap();
        file.connection()
            .execute("UPDATE settings SET value = 'Lina''s Salon' WHERE key = 'business_name'", [])
            .unwrap();
        let mut client =
            mend_pg::connect(&Connection::from_input(&server.input("shop", "mend", "pw1")).unwrap()).unwrap();
        mend_pg::copy::copy(file.connection(), &mut client, "2026-12-03T09:00:00Z").unwrap();

        let report = checked(&server.input("shop", "mend", "pw1")).unwrap();
        assert_eq!(
            report.contents,
            Contents::MendShop { schema_version: 8, business_name: "Lina's Salon".into(), incidents: 0, customers: 0 }
        );
        assert!(report.usable);
        assert!(
            report.summary.contains("already holds Lina's Salon (0 incidents and 0 customers)"),
            "{}",
            report.summary
        );
        assert!(report.summary.contains("nothing there will be overwritten"), "{}", report.summary);
    }

    #[test]
    fn a_plain_connection_works_when_encryption_is_switched_off() {
        let server = Server::start_with(false);
        server.create_database("shop", "mend", "pw1");
        let report = checked(&server.input("shop", "mend", "pw1")).unwrap();
        assert!(!report.encrypted);
        assert_eq!(report.contents, Contents::Empty);
    }

    #[test]
    fn a_connection_address_works_like_the_fields() {
        let server = Server::start();
        server.create_database("shop", "mend", "pw1");
        let input = ConnectionInput {
            url: format!("postgresql://mend:pw1@127.0.0.1:{}/shop", server.port),
            ..Default::default()
        };
        let report = checked(&input).unwrap();
        assert_eq!(report.contents, Contents::Empty);
        assert!(report.encrypted, "encryption is on unless switched off");
    }
}

mod error {
    use super::*;
    use serde_json::json;

    #[test]
    fn someone_elses_tables_are_left_alone() {
        let server = Server::start();
        server.create_database("shop", "mend", "pw1");
        server.admin("shop").batch_execute("CREATE TABLE invoices (id int); CREATE TABLE clients (id int);").unwrap();
        let report = checked(&server.input("shop", "mend", "pw1")).unwrap();
        assert_eq!(report.contents, Contents::OtherData { tables: 2 });
        assert!(!report.usable);
        assert_eq!(
            report.summary,
            "The database shop on 127.0.0.1 holds other data (2 tables) that isn't Mend's. Mend leaves it alone: use an empty database."
        );
    }

    #[test]
    fn a_wrong_password_points_at_the_password() {
        let server = Server::start();
        server.create_database("shop", "mend", "pw1");
        let err = checked(&server.input("shop", "mend", "wrong")).unwrap_err();
        let message = "The server did not accept the user name or password. Check both, and try again.";
        assert_eq!(
            err.for_ui(),
            json!({"kind": "sign_in_refused", "message": message, "fields": {"password": message}})
        );
    }

    #[test]
    fn a_database_that_does_not_exist_is_named() {
        let server = Server::start();
        server.create_database("shop", "mend", "pw1");
        let err = checked(&server.input("shoop", "mend", "pw1")).unwrap_err();
        assert_eq!(err.kind(), "no_database");
        assert_eq!(
            err.to_string(),
            "The server has no database called shoop. Check the name, or ask whoever runs it to create it."
        );
        assert_eq!(err.for_ui()["fields"]["database"], json!(err.to_string()));
    }

    #[test]
    fn a_server_without_tls_is_explained_when_encryption_is_on() {
        let server = Server::start_with(false);
        server.create_database("shop", "mend", "pw1");
        let mut input = server.input("shop", "mend", "pw1");
        input.encrypt = None;
        let err = checked(&input).unwrap_err();
        assert_eq!(err.kind(), "tls_refused");
        assert!(err.to_string().starts_with("The server does not accept encrypted connections."), "{err}");
        assert_eq!(err.for_ui()["fields"]["encrypt"], json!(err.to_string()));
    }

    #[test]
    fn nothing_listening_on_the_port_is_a_refusal() {
        let server = Server::start();
        let mut input = server.input("shop", "mend", "pw1");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        input.port = port.to_string();
        let err = checked(&input).unwrap_err();
        assert_eq!(err.kind(), "refused");
        assert_eq!(
            err.to_string(),
            format!(
                "127.0.0.1 refused the connection on port {port}. Check the port (usually 5432) and that PostgreSQL \
                 is running and accepts connections from other computers."
            )
        );
    }

    #[test]
    fn a_name_that_leads_nowhere_is_an_unknown_server() {
        let input = ConnectionInput {
            host: "no-such-server.invalid".into(),
            database: "shop".into(),
            user: "mend".into(),
            ..Default::default()
        };
        let err = checked(&input).unwrap_err();
        assert_eq!(err.kind(), "unknown_host");
        assert!(err.to_string().starts_with("Mend can't find a server called no-such-server.invalid."), "{err}");
    }

    #[test]
    fn a_shop_saved_by_a_newer_mend_is_refused() {
        let server = Server::start();
        server.create_database("shop", "mend", "pw1");
        let file = mend_core::store::Store::open_in_memory().unwrap();
        let mut client =
            mend_pg::connect(&Connection::from_input(&server.input("shop", "mend", "pw1")).unwrap()).unwrap();
        mend_pg::copy::copy(file.connection(), &mut client, "2026-12-03T09:00:00Z").unwrap();
        client
            .batch_execute("INSERT INTO mend_schema (version, applied_at) VALUES (99, '2030-01-01T00:00:00Z')")
            .unwrap();
        let err = checked(&server.input("shop", "mend", "pw1")).unwrap_err();
        assert_eq!(err.kind(), "newer_shop");
        assert!(err.to_string().contains("data version 99, this app understands up to 8"), "{err}");
    }

    #[test]
    fn the_superusers_password_is_never_in_a_message() {
        let server = Server::start();
        let err = checked(&server.input("nothere", "postgres", "not-the-password")).unwrap_err();
        assert!(!err.for_ui().to_string().contains("not-the-password"));
        assert!(!format!("{:?}", Connection::from_input(&server.input("x", "y", PASSWORD)).unwrap()).contains(PASSWORD));
    }
}

mod input {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_missing_field_is_named_at_once() {
        let err = Connection::from_input(&ConnectionInput::default()).unwrap_err();
        assert_eq!(
            err.for_ui()["fields"],
            json!({
                "host": "Enter the server's name or address, for example db.myshop.com.",
                "database": "Enter the name of the database Mend should use.",
                "user": "Enter the user name Mend signs in with.",
            })
        );
    }

    #[test]
    fn the_join_address_carries_everything_but_the_password() {
        let input = ConnectionInput {
            host: "db.myshop.com".into(),
            port: "6543".into(),
            database: "salon lina".into(),
            user: "front@desk".into(),
            password: "s3cret".into(),
            ..Default::default()
        };
        let first = Connection::from_input(&input).unwrap();
        let address = first.join_address();
        assert_eq!(address, "postgresql://front%40desk@db.myshop.com:6543/salon%20lina?sslmode=require");
        let second =
            Connection::from_input(&ConnectionInput { url: address, password: "s3cret".into(), ..Default::default() })
                .unwrap();
        assert_eq!(second, first);
    }

    #[test]
    fn a_port_out_of_range_is_refused() {
        let input = ConnectionInput {
            host: "db".into(),
            port: "70000".into(),
            database: "shop".into(),
            user: "mend".into(),
            ..Default::default()
        };
        let err = Connection::from_input(&input).unwrap_err();
        assert_eq!(
            err.for_ui()["fields"],
            json!({"port": "The port is a number from 1 to 65535 (PostgreSQL's usual port is 5432)."})
        );
    }

    #[test]
    fn an_address_that_is_not_one_is_refused_alone() {
        let input = ConnectionInput { url: "db.myshop.com:5432".into(), ..Default::default() };
        let err = Connection::from_input(&input).unwrap_err();
        assert_eq!(
            err.for_ui()["fields"],
            json!({"url": "A connection address starts with postgresql:// (or leave it empty and fill in the fields below)."})
        );
    }

    #[test]
    fn an_address_fills_what_the_fields_leave_out() {
        let input = ConnectionInput {
            url: "postgres://tom:s3cret@db.myshop.com:6543/mend?sslmode=disable".into(),
            database: "other".into(),
            ..Default::default()
        };
        let c = Connection::from_input(&input).unwrap();
        assert_eq!(
            (c.host.as_str(), c.port, c.database.as_str(), c.user.as_str()),
            ("db.myshop.com", 6543, "other", "tom")
        );
        assert_eq!(c.password, "s3cret");
        assert_eq!(c.tls, mend_pg::Tls::Off, "the address switched encryption off");
        assert_eq!(c.describe(), "db.myshop.com:6543, database other");
    }
}
