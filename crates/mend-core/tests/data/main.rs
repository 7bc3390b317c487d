//! The owner's data file: opening it (and refusing what isn't Mend's), the schema's history
//! upgraded from each frozen version, backups and restores, and the CSV exports (read back by
//! LibreOffice Calc). One binary, linked against the core alone.

mod backup;
mod db_open;
mod export;
mod export_libreoffice;
mod migrations;
