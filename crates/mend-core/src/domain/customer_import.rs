//! Bringing an existing customer list into Mend from a CSV file.
//!
//! A shop that starts using Mend already knows its customers: the booking
//! system or the till has them, with phone numbers, visit counts and what each
//! one has spent. Typing them in again is out of the question, so the owner
//! exports a CSV file and Mend reads it in two steps:
//!
//! 1. [`preview`] reads the file, shows its first rows and guesses what each
//!    column holds from its header ("Client Name", "Mobile", "Total Spent"…);
//! 2. [`parse`] reads every row with the columns the owner confirmed, and
//!    returns the customers it could read plus, for every other line, the
//!    reason it was left out, in plain words.
//!
//! Exports differ a lot from one system and one country to the next, so the
//! reader is forgiving about the shape of the file (comma, semicolon or tab
//! between values, a byte-order mark, Windows line ends, a Windows-1252 file
//! from an older program, amounts like "1.234,50 €", dates like "5.3.2024")
//! and strict about the values: a row with an e-mail address or an amount we
//! can't read is reported, never imported half-right.
//!
//! Nothing here touches the database; the caller saves the rows.

use crate::domain::validate;
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// What a column of the file holds, as guessed by [`preview`] or chosen by
/// the owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// The customer's full name.
    Name,
    /// The first (given) name; joined with [`Column::LastName`].
    FirstName,
    /// The last (family) name; joined after [`Column::FirstName`].
    LastName,
    /// A phone number.
    Phone,
    /// An e-mail address.
    Email,
    /// How many times the customer came.
    Visits,
    /// How much the customer has spent in total.
    TotalSpend,
    /// The day of the first visit (or when the customer was added).
    FirstVisit,
    /// The day of the most recent visit.
    LastVisit,
    /// Anything else: not imported.
    Ignore,
}

impl Column {
    /// How the column is called in messages, starting with a capital.
    pub fn label(self) -> &'static str {
        match self {
            Column::Name => "Name",
            Column::FirstName => "First name",
            Column::LastName => "Last name",
            Column::Phone => "Phone",
            Column::Email => "E-mail",
            Column::Visits => "Number of visits",
            Column::TotalSpend => "Total spend",
            Column::FirstVisit => "First visit",
            Column::LastVisit => "Last visit",
            Column::Ignore => "Don't import",
        }
    }

    fn holds_name(self) -> bool {
        matches!(self, Column::Name | Column::FirstName | Column::LastName)
    }
}

/// What the owner sees before importing: the file's columns, our guess for
/// each, and a few rows to check the guess against.
#[derive(Debug, Clone, Serialize)]
pub struct CsvPreview {
    /// The header line, one entry per column, trimmed.
    pub headers: Vec<String>,
    /// One guess per header; [`Column::Ignore`] when we could not tell.
    pub guessed: Vec<Column>,
    /// The first five data rows as text, each cut or padded to one cell per
    /// header so they line up under the headers.
    pub rows: Vec<Vec<String>>,
    /// How many data rows the file has (blank lines not counted).
    pub total_rows: usize,
    /// True when no column could be recognised as the customer's name, so
    /// the owner has to point at it before importing.
    pub needs_mapping: bool,
}

/// One customer read from the file, checked and converted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportRow {
    /// Line of the file the row starts on (the header is line 1).
    pub line: usize,
    /// Full name, never empty.
    pub name: String,
    /// Phone number, or empty.
    pub phone: String,
    /// E-mail address, or empty.
    pub email: String,
    /// Number of visits, when the file has it.
    pub visits: Option<i64>,
    /// Total spent, in cents, when the file has it.
    pub total_spend_cents: Option<i64>,
    /// Day of the first visit, when the file has it.
    pub first_visit: Option<NaiveDate>,
    /// Day of the last visit, when the file has it.
    pub last_visit: Option<NaiveDate>,
}

/// A line of the file that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedRow {
    /// Line of the file the row starts on (the header is line 1).
    pub line: usize,
    /// Why it was left out, in plain words, starting in lower case so it
    /// reads well after "line 7: ".
    pub reason: String,
}

/// The outcome of reading a whole file.
#[derive(Debug, Clone, Serialize)]
pub struct ParsedImport {
    /// Customers ready to be saved, in file order.
    pub rows: Vec<ImportRow>,
    /// Lines that were left out, in file order.
    pub skipped: Vec<SkippedRow>,
}

/// Reads the file enough to show it to the owner: headers, guessed columns,
/// the first rows and how many rows there are.
///
/// Fails with an `Invalid` error on the `file` input when the file is empty,
/// is not text, is not a table, or its columns don't line up.
pub fn preview(bytes: &[u8]) -> Result<CsvPreview> {
    let table = read_table(bytes)?;
    let width = table.headers.len();
    let guessed = guess_columns(&table.headers);
    let needs_mapping = !guessed.iter().any(|c| c.holds_name());
    let rows = table
        .records
        .iter()
        .take(5)
        .map(|record| {
            let mut cells: Vec<String> = record.fields.iter().take(width).cloned().collect();
            cells.resize(width, String::new());
            cells
        })
        .collect();
    Ok(CsvPreview { headers: table.headers, guessed, rows, total_rows: table.records.len(), needs_mapping })
}

/// Reads every row of the file with `mapping`, which has one [`Column`] per
/// header (the preview's guess, possibly changed by the owner).
///
/// Each row either becomes an [`ImportRow`] or a [`SkippedRow`] saying why it
/// was left out. The file itself is checked as in [`preview`]; a mapping
/// without a name column, or with the same column chosen twice, fails with an
/// `Invalid` error on the `mapping` input.
pub fn parse(bytes: &[u8], mapping: &[Column]) -> Result<ParsedImport> {
    let table = read_table(bytes)?;
    let width = table.headers.len();
    check_mapping(mapping, width)?;
    let order = date_order(&table.records, mapping);
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    for record in &table.records {
        match read_row(record, mapping, width, order) {
            Ok(row) => rows.push(row),
            Err(reason) => skipped.push(SkippedRow { line: record.line, reason }),
        }
    }
    Ok(ParsedImport { rows, skipped })
}

// ---------------------------------------------------------------------------
// The file: decoding, delimiter, records
// ---------------------------------------------------------------------------

const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;

const EMPTY_FILE: &str = "The file is empty.";
const NOT_CSV: &str =
    "This doesn't look like a CSV file. In your booking system, export customers as CSV and choose that file.";
const NOT_A_TABLE: &str = "This file holds ordinary text, not a table of customers. In your booking system, export customers as CSV and choose that file.";
const ONE_COLUMN: &str = "This file has only one column and Mend can't tell what it holds. Export the customers as CSV with one column per detail (name, phone, e-mail…) and choose that file.";
const NO_ROWS: &str = "The file has column names but no customers below them.";
const TOO_LARGE: &str =
    "This file is too large for a customer list (more than 50 MB). Check that you chose the right file.";

fn file_error(message: impl Into<String>) -> Error {
    Error::field("file", message)
}

/// One data row with the line it starts on.
#[derive(Debug)]
struct Record {
    line: usize,
    fields: Vec<String>,
}

/// The file as cells: the header and the non-blank rows below it.
#[derive(Debug)]
struct Table {
    headers: Vec<String>,
    records: Vec<Record>,
}

/// Decodes, splits and sanity-checks the file.
fn read_table(bytes: &[u8]) -> Result<Table> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(file_error(TOO_LARGE));
    }
    let text = decode(bytes)?;
    if text.trim().is_empty() {
        return Err(file_error(EMPTY_FILE));
    }
    if mostly_control_characters(&text) {
        return Err(file_error(NOT_CSV));
    }
    let (delimiter, body, lines_before) = choose_delimiter(&text);

    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(body.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let mut records = Vec::new();
    let mut lines = LineCounter::new(body, lines_before);
    for result in reader.records() {
        let record = result.map_err(|_| file_error(NOT_CSV))?;
        let line = lines.line_at(record.position().map_or(0, |p| p.byte() as usize));
        let fields: Vec<String> = record.iter().map(|f| f.trim().to_string()).collect();
        if fields.iter().all(String::is_empty) {
            continue;
        }
        if headers.is_none() {
            headers = Some(fields);
        } else {
            records.push(Record { line, fields });
        }
    }
    let headers = headers.ok_or_else(|| file_error(EMPTY_FILE))?;
    let width = headers.len();

    let recognised = guess_columns(&headers).iter().any(|c| *c != Column::Ignore);
    let misfits: Vec<&Record> = records.iter().filter(|r| !fits(&r.fields, width)).collect();
    let misaligned = misfits.len() >= 2 && misfits.len() * 5 > records.len();
    if !recognised {
        // A letter or a note saved as .csv: sentences instead of column
        // names, or sentences in lines that don't form columns.
        let sentences_in_rows = records.iter().take(10).any(|r| r.fields.iter().any(|f| looks_like_a_sentence(f)));
        if headers.iter().any(|h| looks_like_a_sentence(h)) || (sentences_in_rows && (misaligned || width == 1)) {
            return Err(file_error(NOT_A_TABLE));
        }
        if width == 1 {
            return Err(file_error(ONE_COLUMN));
        }
    }
    if misaligned {
        let first = misfits[0];
        return Err(file_error(format!(
            "The columns don't line up: line {} has {} but the header line has {} columns, and so do many other lines. \
             Export the customers from your booking system again as CSV and choose that file.",
            first.line,
            values(first.fields.len()),
            width
        )));
    }
    if records.is_empty() {
        return Err(file_error(NO_ROWS));
    }
    Ok(Table { headers, records })
}

/// Finds the line a record starts on.
///
/// The csv reader reports where it started reading a record, which is before
/// any blank lines and sometimes before the `\n` of a `\r\n`; so we step over
/// line ends from there and count the line breaks ourselves (`\n`, `\r\n`
/// and a lone `\r` each count once).
struct LineCounter<'a> {
    text: &'a [u8],
    position: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str, lines_before: usize) -> Self {
        LineCounter { text: text.as_bytes(), position: 0, line: 1 + lines_before }
    }

    /// The line of the first character at or after `byte` that is not a line
    /// end. Calls must come with growing offsets.
    fn line_at(&mut self, byte: usize) -> usize {
        let mut start = byte.max(self.position);
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        for i in self.position..start.min(self.text.len()) {
            match self.text[i] {
                b'\n' => self.line += 1,
                b'\r' if self.text.get(i + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
        }
        self.position = start;
        self.line
    }
}

/// "1 value", "3 values".
fn values(n: usize) -> String {
    if n == 1 {
        "1 value".to_string()
    } else {
        format!("{n} values")
    }
}

/// Whether a row has one value per header. Extra values are tolerated when
/// they are empty (a trailing delimiter, as some exporters write).
fn fits(fields: &[String], width: usize) -> bool {
    fields.len() == width || (fields.len() > width && fields[width..].iter().all(String::is_empty))
}

/// A header cell that reads like prose rather than a column name.
fn looks_like_a_sentence(cell: &str) -> bool {
    cell.chars().count() > 60 || cell.split_whitespace().count() > 6
}

/// Turns the bytes into text: UTF-8 (with or without a byte-order mark),
/// UTF-16 with a byte-order mark, or else Windows-1252, the encoding older
/// Windows programs in Western Europe and the Americas write.
fn decode(bytes: &[u8]) -> Result<String> {
    if bytes.is_empty() {
        return Err(file_error(EMPTY_FILE));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, u16::from_be_bytes);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if has_binary_signature(bytes) || bytes.iter().take(8192).any(|b| *b == 0) {
        return Err(file_error(NOT_CSV));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(_) => Ok(decode_windows_1252(bytes)),
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String> {
    if bytes.len() % 2 != 0 {
        return Err(file_error(NOT_CSV));
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units).collect::<std::result::Result<String, _>>().map_err(|_| file_error(NOT_CSV))
}

/// The opening bytes of file kinds people pick by mistake: images, PDFs,
/// spreadsheets (.xlsx and .ods are zip archives, .xls is an OLE container).
fn has_binary_signature(bytes: &[u8]) -> bool {
    const SIGNATURES: &[&[u8]] = &[
        b"\x89PNG",
        b"PK\x03\x04",
        b"PK\x05\x06",
        b"\xD0\xCF\x11\xE0",
        b"%PDF",
        b"GIF8",
        b"\xFF\xD8\xFF",
        b"\x1F\x8B",
    ];
    SIGNATURES.iter().any(|sig| bytes.starts_with(sig))
}

/// Windows-1252: Latin-1 except for 0x80–0x9F, where it has typographic
/// quotes, dashes, € and a few letters. The five unassigned bytes become the
/// matching C1 control characters, as browsers do.
fn decode_windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{02C6}',
        '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}', '\u{017D}', '\u{8F}', '\u{90}', '\u{2018}',
        '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}',
        '\u{203A}', '\u{0153}', '\u{9D}', '\u{017E}', '\u{0178}',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// True when more than 2% of the first 10,000 characters are control
/// characters other than tab and line ends: a binary file that happened to
/// decode.
fn mostly_control_characters(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(10_000) {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
            control += 1;
        }
    }
    control * 50 > total
}

/// Picks the delimiter, and returns it with the text to read and the number
/// of lines skipped before that text.
///
/// Excel's `sep=;` first line is obeyed. Otherwise the header line (the first
/// non-blank one) decides: whichever of comma, semicolon and tab splits it
/// into the most pieces, outside quotes. A tie goes to the delimiter that
/// splits the next lines into as many pieces, then to comma.
fn choose_delimiter(text: &str) -> (u8, &str, usize) {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if let Some((first, rest)) = text.split_once('\n') {
        let hint = first.trim().to_ascii_lowercase();
        if let Some(sep) = hint.strip_prefix("sep=") {
            if let [d @ (b',' | b';' | b'\t' | b'|')] = sep.as_bytes() {
                return (*d, rest, 1);
            }
        }
    }
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let Some(header) = lines.next() else {
        return (b',', text, 0);
    };
    let sample: Vec<&str> = lines.take(20).collect();
    let mut best = (b',', 0usize, 0usize);
    for delimiter in [b',', b';', b'\t'] {
        let count = count_outside_quotes(header, delimiter);
        let agreeing = sample.iter().filter(|l| count_outside_quotes(l, delimiter) == count).count();
        if (count, agreeing) > (best.1, best.2) && count > 0 {
            best = (delimiter, count, agreeing);
        }
    }
    (best.0, text, 0)
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            count += 1;
        }
    }
    count
}

// ---------------------------------------------------------------------------
// Guessing columns from headers
// ---------------------------------------------------------------------------

/// Header names we recognise exactly, per column, as [`header_key`] writes
/// them (lower case, no accents, letters and digits only).
const EXACT: &[(Column, &[&str])] = &[
    (
        Column::Name,
        &[
            "name",
            "fullname",
            "customername",
            "customerfullname",
            "clientname",
            "clientfullname",
            "customer",
            "client",
            "contact",
            "contactname",
            "guest",
            "guestname",
            "displayname",
            "nom",
            "nomcomplet",
            "nomduclient",
            "kunde",
            "kundenname",
            "nombre",
            "nombrecompleto",
            "cliente",
            "nombredelcliente",
            "nome",
            "nomecompleto",
            "naam",
            "volledigenaam",
            "klant",
        ],
    ),
    (
        Column::FirstName,
        &[
            "firstname",
            "first",
            "givenname",
            "forename",
            "customerfirstname",
            "clientfirstname",
            "prenom",
            "vorname",
            "primeironome",
            "voornaam",
        ],
    ),
    (
        Column::LastName,
        &[
            "lastname",
            "last",
            "surname",
            "familyname",
            "customerlastname",
            "clientlastname",
            "nachname",
            "familienname",
            "apellido",
            "apellidos",
            "cognome",
            "sobrenome",
            "achternaam",
            "nomdefamille",
        ],
    ),
    (
        Column::Phone,
        &[
            "phone",
            "phonenumber",
            "phoneno",
            "mobile",
            "mobilephone",
            "mobilenumber",
            "mobileno",
            "mobilephonenumber",
            "cell",
            "cellphone",
            "cellnumber",
            "tel",
            "telno",
            "telephone",
            "telephonenumber",
            "contactnumber",
            "primaryphone",
            "phone1",
            "customerphone",
            "clientphone",
            "telefon",
            "telefonnummer",
            "handy",
            "handynummer",
            "mobil",
            "mobilnummer",
            "telefono",
            "movil",
            "celular",
            "portable",
            "telportable",
            "numerodetelephone",
            "cellulare",
            "telemovel",
        ],
    ),
    (
        Column::Email,
        &[
            "email",
            "emailaddress",
            "mail",
            "email1",
            "customeremail",
            "clientemail",
            "courriel",
            "adressemail",
            "adresseemail",
            "adresseelectronique",
            "correo",
            "correoelectronico",
            "emailadresse",
            "mailadresse",
            "epost",
        ],
    ),
    (
        Column::Visits,
        &[
            "visits",
            "visitcount",
            "numberofvisits",
            "noofvisits",
            "ofvisits",
            "totalvisits",
            "visitstotal",
            "appointments",
            "numberofappointments",
            "totalappointments",
            "bookings",
            "totalbookings",
            "numberofbookings",
            "orders",
            "numberoforders",
            "totalorders",
            "ordercount",
            "transactions",
            "transactioncount",
            "besuche",
            "anzahlbesuche",
            "anzahlderbesuche",
            "visites",
            "nombredevisites",
            "nbvisites",
            "visitas",
            "numerodevisitas",
        ],
    ),
    (
        Column::TotalSpend,
        &[
            "totalspent",
            "totalspend",
            "spent",
            "spend",
            "amountspent",
            "lifetimevalue",
            "ltv",
            "clv",
            "customerlifetimevalue",
            "lifetimespend",
            "totalsales",
            "sales",
            "netsales",
            "grosssales",
            "revenue",
            "totalrevenue",
            "totalpaid",
            "totalpurchases",
            "totalamount",
            "umsatz",
            "gesamtumsatz",
            "umsatzgesamt",
            "chiffredaffaires",
            "ca",
            "totaldepense",
            "depenses",
            "montanttotal",
            "gastototal",
            "totalgastado",
            "importetotal",
            "ventas",
            "fatturato",
            "omzet",
        ],
    ),
    (
        Column::FirstVisit,
        &[
            "firstvisit",
            "firstvisitdate",
            "customersince",
            "clientsince",
            "membersince",
            "firstappointment",
            "firstbooking",
            "firstseen",
            "firstpurchase",
            "firstorder",
            "created",
            "createdat",
            "createdon",
            "datecreated",
            "dateadded",
            "joined",
            "joindate",
            "datejoined",
            "signupdate",
            "registrationdate",
            "erstbesuch",
            "ersterbesuch",
            "kundeseit",
            "premierevisite",
            "clientdepuis",
            "datedecreation",
            "primeravisita",
            "clientedesde",
            "primavisita",
        ],
    ),
    (
        Column::LastVisit,
        &[
            "lastvisit",
            "lastvisitdate",
            "lastappointment",
            "lastappointmentdate",
            "lastbooking",
            "lastseen",
            "lastpurchase",
            "lastorder",
            "lastorderdate",
            "mostrecentvisit",
            "latestvisit",
            "letzterbesuch",
            "letztertermin",
            "letzterkauf",
            "dernierevisite",
            "derniervisite",
            "dernierrdv",
            "ultimavisita",
        ],
    ),
];

/// Words that, found inside a longer header, point at a column. Tried in this
/// order, so "Last Visit Date" is a date before it is anything else and
/// "Customer First Name" is a first name before it is a name.
const CONTAINS: &[(Column, &[&str])] = &[
    (
        Column::FirstVisit,
        &[
            "firstvisit",
            "customersince",
            "clientsince",
            "membersince",
            "firstappointment",
            "firstbooking",
            "firstpurchase",
            "firstorder",
            "erstbesuch",
            "ersterbesuch",
            "kundeseit",
        ],
    ),
    (
        Column::LastVisit,
        &[
            "lastvisit",
            "lastappointment",
            "lastbooking",
            "lastpurchase",
            "lastorder",
            "lastseen",
            "recentvisit",
            "letzterbesuch",
        ],
    ),
    (Column::Email, &["email", "mail", "courriel"]),
    (Column::Phone, &["phone", "mobile", "telef", "teleph", "handy"]),
    (Column::Visits, &["visits", "visitcount", "appointments", "bookings", "besuche"]),
    (Column::TotalSpend, &["spent", "spend", "lifetimevalue", "sales", "revenue", "umsatz"]),
    (Column::FirstName, &["firstname", "givenname", "forename", "vorname", "prenom"]),
    (Column::LastName, &["lastname", "surname", "familyname", "nachname", "apellido"]),
    (Column::Name, &["fullname", "customername", "clientname", "name"]),
];

/// Headers containing one of these are about something else (a consent flag,
/// the stylist, cancelled bookings…) and are never guessed by containment.
const NOT_ABOUT_THE_CUSTOMER: &[&str] = &[
    "optin",
    "optout",
    "consent",
    "subscri",
    "marketing",
    "mailing",
    "newsletter",
    "verified",
    "reminder",
    "notif",
    "cancel",
    "noshow",
    "upcoming",
    "next",
    "missed",
    "staff",
    "stylist",
    "employee",
    "therapist",
    "technician",
    "barber",
    "mechanic",
    "company",
    "business",
    "username",
    "product",
    "service",
    "referr",
    "average",
    "avg",
];

/// Name headers that, beside a first-name (or last-name) column, hold the
/// other half of the name: "Vorname;Name", "Prénom;Nom", "Nombre;Apellidos".
const HALF_NAME: &[&str] = &["name", "nom", "nombre", "nome", "naam"];

/// Guesses what each header holds.
///
/// Headers are compared without case, accents, spaces or punctuation. An
/// exact match with a known header name wins over a header that merely
/// contains a known word (headers that read like a sentence are only matched
/// exactly); each column is guessed at most once (the first header wins) and
/// anything unknown is [`Column::Ignore`].
pub fn guess_columns(headers: &[String]) -> Vec<Column> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut guessed = vec![Column::Ignore; keys.len()];
    let mut exact_hit = vec![false; keys.len()];

    for (i, key) in keys.iter().enumerate() {
        let Some(column) = exact_match(key) else { continue };
        exact_hit[i] = true;
        if !guessed.contains(&column) {
            guessed[i] = column;
        }
    }
    for (i, key) in keys.iter().enumerate() {
        let unlikely = key.is_empty()
            || looks_like_a_sentence(&headers[i])
            || NOT_ABOUT_THE_CUSTOMER.iter().any(|w| key.contains(w));
        if exact_hit[i] || unlikely {
            continue;
        }
        let found = CONTAINS
            .iter()
            .filter(|(column, _)| !guessed.contains(column))
            .find(|(_, words)| words.iter().any(|w| key.contains(w)));
        if let Some((column, _)) = found {
            guessed[i] = *column;
        }
    }

    let has_first = guessed.contains(&Column::FirstName);
    let has_last = guessed.contains(&Column::LastName);
    if has_first != has_last {
        let half = (0..keys.len()).find(|&i| guessed[i] == Column::Name && HALF_NAME.contains(&keys[i].as_str()));
        if let Some(i) = half {
            guessed[i] = if has_first { Column::LastName } else { Column::FirstName };
        }
    }
    guessed
}

fn exact_match(key: &str) -> Option<Column> {
    EXACT.iter().find(|(_, names)| names.contains(&key)).map(|(column, _)| *column)
}

/// A header reduced to lower-case letters and digits without accents:
/// "E-Mail Address" → "emailaddress", "Téléphone" → "telephone".
fn header_key(header: &str) -> String {
    let mut key = String::new();
    for c in header.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => key.push('a'),
            'æ' => key.push_str("ae"),
            'ç' => key.push('c'),
            'è' | 'é' | 'ê' | 'ë' => key.push('e'),
            'ì' | 'í' | 'î' | 'ï' => key.push('i'),
            'ñ' => key.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => key.push('o'),
            'œ' => key.push_str("oe"),
            'ù' | 'ú' | 'û' | 'ü' => key.push('u'),
            'ý' | 'ÿ' => key.push('y'),
            'ß' => key.push_str("ss"),
            c if c.is_alphanumeric() => key.push(c),
            _ => {}
        }
    }
    key
}

// ---------------------------------------------------------------------------
// Reading rows
// ---------------------------------------------------------------------------

fn check_mapping(mapping: &[Column], width: usize) -> Result<()> {
    if mapping.len() != width {
        return Err(Error::field(
            "mapping",
            format!(
                "The column choices don't match this file, which has {width} columns. Please choose the file again."
            ),
        ));
    }
    if !mapping.iter().any(|c| c.holds_name()) {
        return Err(Error::field("mapping", "Choose which column holds the customer's name."));
    }
    for (i, column) in mapping.iter().enumerate() {
        if *column != Column::Ignore && mapping[..i].contains(column) {
            return Err(Error::field(
                "mapping",
                format!("“{}” is chosen for more than one column. Choose it for one column only.", column.label()),
            ));
        }
    }
    Ok(())
}

fn read_row(record: &Record, mapping: &[Column], width: usize, order: DayOrder) -> Result<ImportRow, String> {
    if !fits(&record.fields, width) {
        return Err(format!("this line has {} but the header has {} columns", values(record.fields.len()), width));
    }
    let cell = |column: Column| -> &str {
        mapping.iter().position(|c| *c == column).map_or("", |i| record.fields[i].as_str())
    };

    let mut name = collapse_spaces(cell(Column::Name));
    if name.is_empty() {
        name = collapse_spaces(&format!("{} {}", cell(Column::FirstName), cell(Column::LastName)));
    }
    if name.is_empty() {
        return Err("no name".to_string());
    }
    let name = validate::required_name(&name, "name").map_err(|_| {
        if name.chars().count() > validate::NAME_MAX {
            format!("the name is longer than {} characters", validate::NAME_MAX)
        } else {
            format!("the name “{}” has characters that can't be shown", shorten(&name))
        }
    })?;

    let raw_phone = cell(Column::Phone);
    let phone =
        validate::phone(raw_phone).map_err(|_| format!("the phone number “{}” is not valid", shorten(raw_phone)))?;
    let raw_email = cell(Column::Email);
    let email =
        validate::email(raw_email).map_err(|_| format!("the e-mail address “{}” is not valid", shorten(raw_email)))?;

    let raw_visits = cell(Column::Visits);
    let visits = parse_visits(raw_visits).map_err(|negative| {
        if negative {
            format!("the number of visits “{}” is negative", shorten(raw_visits))
        } else {
            format!("the number of visits “{}” is not a whole number", shorten(raw_visits))
        }
    })?;

    let raw_spend = cell(Column::TotalSpend);
    let total_spend_cents = parse_amount(raw_spend).map_err(|problem| {
        let what = match problem {
            AmountProblem::NotAnAmount => "is not an amount",
            AmountProblem::Negative => "is negative",
            AmountProblem::TooLarge => "is too large",
        };
        format!("the total spend “{}” {what}", shorten(raw_spend))
    })?;

    let raw_first = cell(Column::FirstVisit);
    let first_visit = parse_date(raw_first, order)
        .map_err(|_| format!("the first visit “{}” is not a date Mend can read", shorten(raw_first)))?;
    let raw_last = cell(Column::LastVisit);
    let last_visit = parse_date(raw_last, order)
        .map_err(|_| format!("the last visit “{}” is not a date Mend can read", shorten(raw_last)))?;

    Ok(ImportRow { line: record.line, name, phone, email, visits, total_spend_cents, first_visit, last_visit })
}

/// Joins runs of spaces, tabs and line breaks into one space.
fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A value short enough to quote in a reason.
fn shorten(value: &str) -> String {
    let value = value.trim();
    if value.chars().count() <= 40 {
        value.to_string()
    } else {
        let head: String = value.chars().take(39).collect();
        format!("{head}…")
    }
}

/// A visit count: a whole number, also when written "12.0". `Err(true)` when
/// it is negative, `Err(false)` when it is not a whole number.
fn parse_visits(raw: &str) -> Result<Option<i64>, bool> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let whole = match value.split_once(['.', ',']) {
        Some((whole, fraction)) if !fraction.is_empty() && fraction.chars().all(|c| c == '0') => whole,
        _ => value,
    };
    validate::count(whole).map(Some).map_err(|_| whole.trim_start().starts_with('-'))
}

// ---------------------------------------------------------------------------
// Amounts
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AmountProblem {
    NotAnAmount,
    Negative,
    TooLarge,
}

const CURRENCY_SYMBOLS: &str = "$€£¥₹₽₩₺₪฿₴₱₦¢₫₭₡₲₵₸₼₾";

/// Currency codes and short names written around amounts, lower case.
const CURRENCY_WORDS: &[&str] = &[
    "eur", "euro", "euros", "usd", "us", "gbp", "chf", "fr", "sfr", "sek", "nok", "dkk", "isk", "kr", "pln", "zł",
    "zl", "czk", "kč", "huf", "ft", "ron", "lei", "bgn", "aud", "au", "a", "cad", "c", "nzd", "nz", "jpy", "yen",
    "cny", "rmb", "inr", "rs", "zar", "r", "brl", "mxn", "ars", "clp", "cop", "sgd", "s", "hkd", "hk", "try", "tl",
];

/// An amount of money as exports write it, in cents; empty gives `None`.
///
/// Currency symbols and codes (€, $, £, EUR, USD, kr…) and spaces are
/// dropped first. Then the separators are read like this:
///
/// - when both `.` and `,` appear, whichever comes last separates the
///   decimals and the other groups thousands: "1.234,50" and "1,234.50" are
///   both 1234.50;
/// - when only one of them appears, once, followed by exactly three digits,
///   after one to three digits that don't start with 0, it groups
///   thousands: "1,234" and "1.234" are 1234 (no shop records a spend to the
///   tenth of a cent);
/// - otherwise a single `.` or `,` separates the decimals ("12,5", "40.00"),
///   and a separator that appears several times groups thousands
///   ("1.234.567").
///
/// The cleaned-up number then goes through [`validate::money`], so the limits
/// are the same as when the amount is typed in a form. A minus sign, a
/// trailing minus or brackets (accounting style) make the amount negative,
/// which is refused.
fn parse_amount(raw: &str) -> Result<Option<i64>, AmountProblem> {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace() && !matches!(c, '\'' | '’')).collect();
    if compact.is_empty() {
        return Ok(None);
    }
    let Some(first_digit) = compact.find(|c: char| c.is_ascii_digit()) else {
        return Err(AmountProblem::NotAnAmount);
    };
    let last_digit = compact.rfind(|c: char| c.is_ascii_digit()).unwrap_or(first_digit);
    // A separator right before the first digit belongs to the number (".50").
    let start = if first_digit > 0 && matches!(compact.as_bytes()[first_digit - 1], b'.' | b',') {
        first_digit - 1
    } else {
        first_digit
    };
    let core = &compact[start..=last_digit];
    let affixes = [&compact[..start], &compact[last_digit + 1..]];

    let mut negative = false;
    for affix in affixes {
        let mut letters = String::new();
        for c in affix.chars() {
            match c {
                '-' | '−' | '(' | ')' => negative = true,
                '+' | '.' => {}
                c if c.is_alphabetic() => letters.extend(c.to_lowercase()),
                c if CURRENCY_SYMBOLS.contains(c) => {}
                _ => return Err(AmountProblem::NotAnAmount),
            }
        }
        if !letters.is_empty() && !CURRENCY_WORDS.contains(&letters.as_str()) {
            return Err(AmountProblem::NotAnAmount);
        }
    }
    if !core.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(AmountProblem::NotAnAmount);
    }
    let plain = plain_number(core).ok_or(AmountProblem::NotAnAmount)?;
    match validate::money(&plain) {
        Ok(Some(cents)) if negative && cents > 0 => Err(AmountProblem::Negative),
        Ok(cents) => Ok(cents),
        Err(message) if message.contains("too large") => Err(AmountProblem::TooLarge),
        Err(_) => Err(AmountProblem::NotAnAmount),
    }
}

/// Rewrites digits with `.`/`,` separators as digits with at most one `.`
/// for the decimals, following the rule in [`parse_amount`].
fn plain_number(core: &str) -> Option<String> {
    let dot = core.rfind('.');
    let comma = core.rfind(',');
    let (decimal, group) = match (dot, comma) {
        (None, None) => return Some(core.to_string()),
        (Some(d), Some(c)) if d > c => (Some('.'), Some(',')),
        (Some(_), Some(_)) => (Some(','), Some('.')),
        (Some(_), None) => one_kind_of_separator(core, '.'),
        (None, Some(_)) => one_kind_of_separator(core, ','),
    };
    let (whole, fraction) = match decimal {
        Some(d) => {
            let (whole, fraction) = core.rsplit_once(d)?;
            if whole.contains(d) {
                return None;
            }
            (whole, Some(fraction))
        }
        None => (core, None),
    };
    let whole = match group {
        Some(g) if whole.contains(g) => {
            let groups: Vec<&str> = whole.split(g).collect();
            let well_formed = (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|part| part.len() == 3);
            if !well_formed {
                return None;
            }
            groups.concat()
        }
        _ => whole.to_string(),
    };
    Some(match fraction {
        Some(fraction) => format!("{whole}.{fraction}"),
        None => whole,
    })
}

/// For a number with only `sep` as separator: which role it plays, as
/// `(decimal, group)`.
fn one_kind_of_separator(core: &str, sep: char) -> (Option<char>, Option<char>) {
    if core.matches(sep).count() > 1 {
        return (None, Some(sep));
    }
    let (before, after) = core.split_once(sep).unwrap_or((core, ""));
    let thousands = after.len() == 3 && (1..=3).contains(&before.len()) && !before.starts_with('0');
    if thousands {
        (None, Some(sep))
    } else {
        (Some(sep), None)
    }
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// How to read a numeric date whose year comes last ("05/03/2024").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayOrder {
    /// 05/03/2024 is the 5th of March.
    DayFirst,
    /// 05/03/2024 is the 3rd of May.
    MonthFirst,
}

/// A date written as three numbers with the same separator between them.
#[derive(Debug, Clone, Copy)]
struct NumericDate {
    parts: [u32; 3],
    lengths: [usize; 3],
    separator: u8,
}

/// Decides, once per file, how to read dates like "05/03/2024".
///
/// One system writes all its dates the same way, so every value of every
/// date column counts: a first number above 12 ("25/03/2024") is a vote for
/// day first, a second number above 12 ("03/25/2024") a vote for month first.
/// The side with more votes wins; with no votes, or as many each way, dates
/// are read day first, as most of the world writes them. A value that does
/// not fit the chosen order is then reported on its own line rather than
/// guessed. Dates with dots ("5.3.2024") are always day first and dates that
/// start with the year ("2024/03/05") always year-month-day, so neither
/// votes.
fn date_order(records: &[Record], mapping: &[Column]) -> DayOrder {
    let mut day_first = 0usize;
    let mut month_first = 0usize;
    for (i, column) in mapping.iter().enumerate() {
        if !matches!(column, Column::FirstVisit | Column::LastVisit) {
            continue;
        }
        for record in records {
            let Some(date) = record.fields.get(i).and_then(|v| split_numeric_date(v.trim())) else {
                continue;
            };
            if date.lengths[0] == 4 || date.separator == b'.' {
                continue;
            }
            let [a, b, _] = date.parts;
            if a > 12 && b <= 12 {
                day_first += 1;
            } else if b > 12 && a <= 12 {
                month_first += 1;
            }
        }
    }
    if month_first > day_first {
        DayOrder::MonthFirst
    } else {
        DayOrder::DayFirst
    }
}

/// Formats with a month name, tried in order (English names only; `%B`
/// and `%A` take both full and short names: "March" or "Mar").
const NAMED_MONTH_FORMATS: &[&str] = &[
    "%B %d, %Y",
    "%B %d %Y",
    "%d %B %Y",
    "%d %B, %Y",
    "%d-%B-%Y",
    "%A, %d %B %Y",
    "%A, %B %d, %Y",
    "%A %B %d %Y",
    "%d-%B-%y",
    "%d %B %y",
];

/// A date in one of the forms exports use; empty, or all zeros as some
/// databases write a missing date ("0000-00-00"), gives `None`. A time after
/// the date is allowed and dropped.
fn parse_date(raw: &str, order: DayOrder) -> Result<Option<NaiveDate>, ()> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().any(|c| c.is_ascii_digit()) && value.chars().filter(|c| c.is_ascii_digit()).all(|c| c == '0') {
        return Ok(None);
    }
    if let Some(date) = split_numeric_date(value) {
        return numeric_date(date, order).map(Some).ok_or(());
    }
    for format in NAMED_MONTH_FORMATS {
        if let Ok((date, rest)) = NaiveDate::parse_and_remainder(value, format) {
            if time_follows(rest) && plausible(date) {
                return Ok(Some(date));
            }
        }
    }
    Err(())
}

fn plausible(date: NaiveDate) -> bool {
    (1900..=2100).contains(&date.year())
}

/// What may follow a date: nothing, or a time ("14:30", "T14:30:00Z").
fn time_follows(rest: &str) -> bool {
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    match rest.strip_prefix(['T', ' ']) {
        None => rest.is_empty(),
        Some(time) => time.trim_start().starts_with(|c: char| c.is_ascii_digit()),
    }
}

/// Splits "2024-03-05", "05/03/2024", "5.3.2024" or "05/03/24" (with an
/// optional time after) into its three numbers.
fn split_numeric_date(value: &str) -> Option<NumericDate> {
    let bytes = value.as_bytes();
    let mut i = 0;
    let mut parts = [0u32; 3];
    let mut lengths = [0usize; 3];
    let mut separator = None;
    for k in 0..3 {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i - start > 4 {
            return None;
        }
        parts[k] = value[start..i].parse().ok()?;
        lengths[k] = i - start;
        if k < 2 {
            let sep = *bytes.get(i)?;
            if !matches!(sep, b'-' | b'/' | b'.') || separator.is_some_and(|s| s != sep) {
                return None;
            }
            separator = Some(sep);
            i += 1;
        }
    }
    if !time_follows(&value[i..]) {
        return None;
    }
    Some(NumericDate { parts, lengths, separator: separator? })
}

/// The day a [`NumericDate`] stands for, reading day and month in `order`
/// unless the form settles it (year first, or dots).
fn numeric_date(date: NumericDate, order: DayOrder) -> Option<NaiveDate> {
    let [a, b, c] = date.parts;
    let (year, month, day) = if date.lengths[0] == 4 {
        (a, b, c)
    } else {
        let year = match date.lengths[2] {
            4 => c,
            2 if c < 70 => 2000 + c,
            2 => 1900 + c,
            _ => return None,
        };
        if date.separator == b'.' || order == DayOrder::DayFirst {
            (year, b, a)
        } else {
            (year, a, b)
        }
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day).filter(|d| plausible(*d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn file_message(err: Error) -> String {
        match err {
            Error::Invalid(fields) => fields.get("file").cloned().unwrap_or_else(|| format!("{fields:?}")),
            other => panic!("expected a file error, got {other:?}"),
        }
    }

    fn mapping_message(err: Error) -> String {
        match err {
            Error::Invalid(fields) => fields.get("mapping").cloned().unwrap_or_else(|| format!("{fields:?}")),
            other => panic!("expected a mapping error, got {other:?}"),
        }
    }

    mod preview {
        use super::*;

        #[test]
        fn guesses_columns_and_counts_rows() {
            let csv = "Client Name,Mobile,E-mail,Visits,Total Spent,Last Visit\n\
                       Ana Ruiz,555 0100,ana@example.com,3,$40.00,2024-03-05\n\
                       \n\
                       Bo Lind,555 0101,,1,12,2024-01-10\n";
            let p = super::super::preview(csv.as_bytes()).unwrap();
            assert_eq!(p.headers[0], "Client Name");
            assert_eq!(
                p.guessed,
                vec![Column::Name, Column::Phone, Column::Email, Column::Visits, Column::TotalSpend, Column::LastVisit]
            );
            assert_eq!(p.total_rows, 2);
            assert_eq!(p.rows.len(), 2);
            assert_eq!(p.rows[1][0], "Bo Lind");
            assert!(!p.needs_mapping);
        }

        #[test]
        fn shows_at_most_five_rows_padded_to_the_headers() {
            let mut csv = String::from("Name,Phone,Email\n");
            for i in 0..8 {
                csv.push_str(&format!("Person {i},555 010{i},\n"));
            }
            csv.push_str("Short\n");
            let p = super::super::preview(csv.as_bytes()).unwrap();
            assert_eq!(p.rows.len(), 5);
            assert_eq!(p.total_rows, 9);
            assert!(p.rows.iter().all(|r| r.len() == 3));
        }

        #[test]
        fn unknown_headers_need_mapping() {
            let csv = "Who,Reach\nAna,555 0100\n";
            let p = super::super::preview(csv.as_bytes()).unwrap();
            assert_eq!(p.guessed, vec![Column::Ignore, Column::Ignore]);
            assert!(p.needs_mapping);
        }

        #[test]
        fn detects_semicolons_and_tabs() {
            let semi = "Name;Phone;Total\nAna;555 0100;1,50\n";
            assert_eq!(super::super::preview(semi.as_bytes()).unwrap().headers.len(), 3);
            let tab = "Name\tPhone\nAna\t555 0100\n";
            assert_eq!(super::super::preview(tab.as_bytes()).unwrap().headers, headers(&["Name", "Phone"]));
        }

        #[test]
        fn obeys_an_excel_separator_line() {
            let csv = "sep=;\nName;Phone\nAna;555 0100\n";
            let p = super::super::preview(csv.as_bytes()).unwrap();
            assert_eq!(p.headers, headers(&["Name", "Phone"]));
        }

        #[test]
        fn a_single_recognised_column_is_fine() {
            let p = super::super::preview(b"Customer\nAna\nBo\n").unwrap();
            assert_eq!(p.guessed, vec![Column::Name]);
            assert_eq!(p.total_rows, 2);
        }

        #[test]
        fn reads_utf16_with_a_byte_order_mark() {
            let text = "Name\tPhone\r\nZoë\t555 0100\r\n";
            let mut bytes = vec![0xFF, 0xFE];
            for unit in text.encode_utf16() {
                bytes.extend_from_slice(&unit.to_le_bytes());
            }
            let p = super::super::preview(&bytes).unwrap();
            assert_eq!(p.rows[0][0], "Zoë");
        }
    }

    mod guess {
        use super::*;

        #[test]
        fn synonyms_in_several_languages() {
            let h = headers(&["Vorname", "Nachname", "Telefon", "E-Mail", "Umsatz", "Letzter Besuch"]);
            assert_eq!(
                guess_columns(&h),
                vec![
                    Column::FirstName,
                    Column::LastName,
                    Column::Phone,
                    Column::Email,
                    Column::TotalSpend,
                    Column::LastVisit
                ]
            );
            let h = headers(&["Nom", "Téléphone", "Móvil", "Courriel", "Client depuis"]);
            assert_eq!(
                guess_columns(&h),
                vec![Column::Name, Column::Phone, Column::Ignore, Column::Email, Column::FirstVisit]
            );
        }

        #[test]
        fn exact_match_beats_contains() {
            // "Mobile Number (work)" contains "mobile", but "Tel" is an exact
            // match and is therefore preferred even though it comes later.
            let h = headers(&["Mobile Number (work)", "Tel", "Customer"]);
            assert_eq!(guess_columns(&h), vec![Column::Ignore, Column::Phone, Column::Name]);
        }

        #[test]
        fn contains_match_for_longer_headers() {
            let h = headers(&["Customer First Name", "Customer Last Name", "Date of last visit", "Primary e-mail"]);
            assert_eq!(guess_columns(&h), vec![Column::FirstName, Column::LastName, Column::LastVisit, Column::Email]);
        }

        #[test]
        fn the_first_of_two_equal_headers_wins() {
            let h = headers(&["Phone", "Mobile", "Name"]);
            assert_eq!(guess_columns(&h), vec![Column::Phone, Column::Ignore, Column::Name]);
        }

        #[test]
        fn name_beside_a_first_name_is_the_last_name() {
            assert_eq!(guess_columns(&headers(&["Prénom", "Nom"])), vec![Column::FirstName, Column::LastName]);
            assert_eq!(guess_columns(&headers(&["Nombre", "Apellidos"])), vec![Column::FirstName, Column::LastName]);
        }

        #[test]
        fn headers_about_something_else_are_ignored() {
            let h = headers(&["Name", "Email marketing opt-in", "Stylist name", "Cancelled appointments"]);
            assert_eq!(guess_columns(&h), vec![Column::Name, Column::Ignore, Column::Ignore, Column::Ignore]);
        }
    }

    mod amounts {
        use super::*;

        #[test]
        fn currency_and_separators() {
            assert_eq!(parse_amount("€1.234,50"), Ok(Some(123450)));
            assert_eq!(parse_amount("$1,234.50"), Ok(Some(123450)));
            assert_eq!(parse_amount("1234.5"), Ok(Some(123450)));
            assert_eq!(parse_amount("1 234,50"), Ok(Some(123450)));
            assert_eq!(parse_amount("1\u{a0}234,50 €"), Ok(Some(123450)));
            assert_eq!(parse_amount("£40"), Ok(Some(4000)));
            assert_eq!(parse_amount("EUR 12,5"), Ok(Some(1250)));
            assert_eq!(parse_amount("12.00 USD"), Ok(Some(1200)));
            assert_eq!(parse_amount("CHF 1'234.50"), Ok(Some(123450)));
            assert_eq!(parse_amount("US$ 7"), Ok(Some(700)));
            assert_eq!(parse_amount("kr 99,95"), Ok(Some(9995)));
            assert_eq!(parse_amount(".50"), Ok(Some(50)));
            assert_eq!(parse_amount(""), Ok(None));
        }

        #[test]
        fn a_lone_separator_before_three_digits_groups_thousands() {
            assert_eq!(parse_amount("1,234"), Ok(Some(123400)));
            assert_eq!(parse_amount("1.234"), Ok(Some(123400)));
            assert_eq!(plain_number("1.234.567").as_deref(), Some("1234567"));
            assert_eq!(parse_amount("1.234.567"), Err(AmountProblem::TooLarge));
            assert_eq!(parse_amount("12,34"), Ok(Some(1234)));
        }

        #[test]
        fn negative_amounts() {
            assert_eq!(parse_amount("-40"), Err(AmountProblem::Negative));
            assert_eq!(parse_amount("-$40.00"), Err(AmountProblem::Negative));
            assert_eq!(parse_amount("(40.00)"), Err(AmountProblem::Negative));
            assert_eq!(parse_amount("40.00-"), Err(AmountProblem::Negative));
            assert_eq!(parse_amount("-0.00"), Ok(Some(0)));
        }

        #[test]
        fn not_amounts() {
            assert_eq!(parse_amount("abc"), Err(AmountProblem::NotAnAmount));
            assert_eq!(parse_amount("12 apples"), Err(AmountProblem::NotAnAmount));
            assert_eq!(parse_amount("1,2,3"), Err(AmountProblem::NotAnAmount));
            assert_eq!(parse_amount("1.2,3.4"), Err(AmountProblem::NotAnAmount));
            assert_eq!(parse_amount("0,125"), Err(AmountProblem::NotAnAmount));
            assert_eq!(parse_amount("5000000"), Err(AmountProblem::TooLarge));
        }
    }

    mod dates {
        use super::*;

        #[test]
        fn the_forms_exports_use() {
            let d = DayOrder::DayFirst;
            assert_eq!(parse_date("2024-03-05", d), Ok(Some(day(2024, 3, 5))));
            assert_eq!(parse_date("2024/03/05", d), Ok(Some(day(2024, 3, 5))));
            assert_eq!(parse_date("05/03/2024", d), Ok(Some(day(2024, 3, 5))));
            assert_eq!(parse_date("03/05/2024", DayOrder::MonthFirst), Ok(Some(day(2024, 3, 5))));
            assert_eq!(parse_date("5.3.2024", DayOrder::MonthFirst), Ok(Some(day(2024, 3, 5))));
            assert_eq!(parse_date("2024-03-05 14:30", d), Ok(Some(day(2024, 3, 5))));
            assert_eq!(parse_date("2024-03-05T14:30:00Z", d), Ok(Some(day(2024, 3, 5))));
            assert_eq!(parse_date("Mar 5, 2024", d), Ok(Some(day(2024, 3, 5))));
            assert_eq!(parse_date("March 5, 2024", d), Ok(Some(day(2024, 3, 5))));
            assert_eq!(parse_date("5 Mar 2024", d), Ok(Some(day(2024, 3, 5))));
            assert_eq!(parse_date("05-Mar-2024", d), Ok(Some(day(2024, 3, 5))));
            assert_eq!(parse_date("05/03/24", d), Ok(Some(day(2024, 3, 5))));
            assert_eq!(parse_date("05/03/2024 2:30 PM", d), Ok(Some(day(2024, 3, 5))));
        }

        #[test]
        fn missing_dates() {
            assert_eq!(parse_date("", DayOrder::DayFirst), Ok(None));
            assert_eq!(parse_date("0000-00-00", DayOrder::DayFirst), Ok(None));
        }

        #[test]
        fn not_dates() {
            for bad in ["yesterday", "31/02/2024", "2024-13-01", "5/3", "1234", "2024-03-05x", "0001-01-01"] {
                assert_eq!(parse_date(bad, DayOrder::DayFirst), Err(()), "{bad}");
            }
        }

        fn records(values: &[&str]) -> Vec<Record> {
            values
                .iter()
                .enumerate()
                .map(|(i, v)| Record { line: i + 2, fields: vec!["x".into(), v.to_string()] })
                .collect()
        }

        #[test]
        fn order_follows_the_evidence_in_the_file() {
            let mapping = [Column::Name, Column::LastVisit];
            assert_eq!(date_order(&records(&["03/05/2024", "03/25/2024"]), &mapping), DayOrder::MonthFirst);
            assert_eq!(date_order(&records(&["03/05/2024", "25/03/2024"]), &mapping), DayOrder::DayFirst);
            assert_eq!(date_order(&records(&["03/05/2024", "01/02/2024"]), &mapping), DayOrder::DayFirst);
            // Dotted and year-first dates don't vote.
            assert_eq!(date_order(&records(&["3.25.2024", "2024/03/25"]), &mapping), DayOrder::DayFirst);
        }
    }

    mod parse {
        use super::super::parse;
        use super::*;

        const ALL: [Column; 7] = [
            Column::Name,
            Column::Phone,
            Column::Email,
            Column::Visits,
            Column::TotalSpend,
            Column::FirstVisit,
            Column::LastVisit,
        ];

        #[test]
        fn reads_every_field() {
            let csv = "Name,Phone,Email,Visits,Spent,First,Last\n\
                       \"Ruiz, Ana\",+1 555 0100,ana@example.com,12.0,\"$1,234.50\",03/25/2023,Mar 5 2024\n";
            let parsed = parse(csv.as_bytes(), &ALL).unwrap();
            assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
            assert_eq!(
                parsed.rows,
                vec![ImportRow {
                    line: 2,
                    name: "Ruiz, Ana".into(),
                    phone: "+1 555 0100".into(),
                    email: "ana@example.com".into(),
                    visits: Some(12),
                    total_spend_cents: Some(123450),
                    first_visit: Some(day(2023, 3, 25)),
                    last_visit: Some(day(2024, 3, 5)),
                }]
            );
        }

        #[test]
        fn joins_first_and_last_names() {
            let csv = "First,Last,Phone\n  Zoë ,Müller,\nJosé,,\n,Ångström,\n";
            let mapping = [Column::FirstName, Column::LastName, Column::Phone];
            let names: Vec<String> =
                parse(csv.as_bytes(), &mapping).unwrap().rows.into_iter().map(|r| r.name).collect();
            assert_eq!(names, ["Zoë Müller", "José", "Ångström"]);
        }

        #[test]
        fn empty_optional_fields_stay_empty() {
            let csv = "Name,Phone,Email,Visits,Spent,First,Last\nAna,,,,,,\n";
            let row = &parse(csv.as_bytes(), &ALL).unwrap().rows[0];
            assert_eq!((row.phone.as_str(), row.email.as_str()), ("", ""));
            assert_eq!((row.visits, row.total_spend_cents, row.first_visit, row.last_visit), (None, None, None, None));
        }

        #[test]
        fn skips_bad_rows_with_reasons_and_line_numbers() {
            let csv = "Name,Phone,Email,Visits,Spent,First,Last\n\
                       ,555 0100,,,,,\n\
                       Bo,call me,,,,,\n\
                       Cy,,cy@nowhere,,,,\n\
                       Di,,,-2,,,\n\
                       Ed,,,two,,,\n\
                       Flo,,,,abc,,\n\
                       Gus,,,,-5,,\n\
                       Hal,,,,,someday,\n\
                       Ivy,,,,,,31/02/2024\n\
                       Jo,,\n\
                       Kim,555 0199,,,,,\n";
            let parsed = parse(csv.as_bytes(), &ALL).unwrap();
            let reasons: Vec<(usize, &str)> = parsed.skipped.iter().map(|s| (s.line, s.reason.as_str())).collect();
            assert_eq!(
                reasons,
                vec![
                    (2, "no name"),
                    (3, "the phone number “call me” is not valid"),
                    (4, "the e-mail address “cy@nowhere” is not valid"),
                    (5, "the number of visits “-2” is negative"),
                    (6, "the number of visits “two” is not a whole number"),
                    (7, "the total spend “abc” is not an amount"),
                    (8, "the total spend “-5” is negative"),
                    (9, "the first visit “someday” is not a date Mend can read"),
                    (10, "the last visit “31/02/2024” is not a date Mend can read"),
                    (11, "this line has 3 values but the header has 7 columns"),
                ]
            );
            assert_eq!(parsed.rows.len(), 1);
            assert_eq!((parsed.rows[0].line, parsed.rows[0].name.as_str()), (12, "Kim"));
        }

        #[test]
        fn line_numbers_count_lines_inside_quotes_and_blank_lines() {
            let csv = "Name,Note\r\n\r\n\"Ana\",\"two\r\nlines\"\r\n\r\n,x\r\n";
            let parsed = parse(csv.as_bytes(), &[Column::Name, Column::Ignore]).unwrap();
            assert_eq!(parsed.rows[0].line, 3);
            assert_eq!(parsed.skipped, vec![SkippedRow { line: 6, reason: "no name".into() }]);
        }

        #[test]
        fn old_mac_line_ends_count_too() {
            let csv = "Name\rAna\r\r,\rBo\r";
            let parsed = parse(csv.as_bytes(), &[Column::Name]).unwrap();
            let lines: Vec<usize> = parsed.rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, [2, 5]);
        }

        #[test]
        fn trailing_empty_values_are_tolerated() {
            let csv = "Name,Phone\nAna,555 0100,,\n";
            let parsed = parse(csv.as_bytes(), &[Column::Name, Column::Phone]).unwrap();
            assert_eq!(parsed.rows.len(), 1);
        }

        #[test]
        fn names_are_tidied() {
            let csv = "Name\n\"  Ana\n  Ruiz \"\n";
            let parsed = parse(csv.as_bytes(), &[Column::Name]).unwrap();
            assert_eq!(parsed.rows[0].name, "Ana Ruiz");
            let long = format!("Name\n{}\n", "x".repeat(200));
            let parsed = parse(long.as_bytes(), &[Column::Name]).unwrap();
            assert_eq!(parsed.skipped[0].reason, "the name is longer than 120 characters");
        }

        #[test]
        fn windows_1252_is_decoded() {
            let bytes = b"Name;Total\nZo\xEB M\xFCller;\x80 12,50\n";
            let parsed = parse(bytes, &[Column::Name, Column::TotalSpend]).unwrap();
            assert_eq!(parsed.rows[0].name, "Zoë Müller");
            assert_eq!(parsed.rows[0].total_spend_cents, Some(1250));
        }

        mod error {
            use super::*;

            #[test]
            fn mapping_without_a_name() {
                let err = parse(b"A,B\nx,y\n", &[Column::Phone, Column::Ignore]).unwrap_err();
                assert_eq!(mapping_message(err), "Choose which column holds the customer's name.");
            }

            #[test]
            fn mapping_with_a_column_twice() {
                let err = parse(b"A,B,C\nx,y,z\n", &[Column::Name, Column::Phone, Column::Phone]).unwrap_err();
                assert_eq!(
                    mapping_message(err),
                    "“Phone” is chosen for more than one column. Choose it for one column only."
                );
                // Ignoring several columns is fine.
                assert!(parse(b"A,B,C\nx,y,z\n", &[Column::Name, Column::Ignore, Column::Ignore]).is_ok());
            }

            #[test]
            fn mapping_of_the_wrong_length() {
                let err = parse(b"A,B\nx,y\n", &[Column::Name]).unwrap_err();
                assert!(mapping_message(err).contains("2 columns"));
            }

            #[test]
            fn empty_file() {
                assert_eq!(file_message(parse(b"", &[]).unwrap_err()), EMPTY_FILE);
                assert_eq!(file_message(parse(b"\xEF\xBB\xBF \r\n\r\n", &[]).unwrap_err()), EMPTY_FILE);
            }

            #[test]
            fn binary_files() {
                let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
                assert_eq!(file_message(parse(png, &[]).unwrap_err()), NOT_CSV);
                let zip = b"PK\x03\x04\x14\x00\x06\x00";
                assert_eq!(file_message(parse(zip, &[]).unwrap_err()), NOT_CSV);
                let noise: Vec<u8> = (1u8..=8).cycle().take(400).collect();
                assert_eq!(file_message(parse(&noise, &[]).unwrap_err()), NOT_CSV);
            }

            #[test]
            fn one_unknown_column() {
                let err = parse(b"Stuff\nabc\ndef\n", &[Column::Name]).unwrap_err();
                assert_eq!(file_message(err), ONE_COLUMN);
            }

            #[test]
            fn header_only() {
                let err = parse(b"Name,Phone\n", &[Column::Name, Column::Phone]).unwrap_err();
                assert_eq!(file_message(err), NO_ROWS);
            }

            #[test]
            fn columns_that_dont_line_up() {
                let csv = "Name,Phone,Email\nAna\nBo,1,2,3,4\nCy,555 0100,\nDi\n";
                let err = parse(csv.as_bytes(), &[Column::Name, Column::Phone, Column::Email]).unwrap_err();
                let message = file_message(err);
                assert!(message.starts_with("The columns don't line up"), "{message}");
                assert!(message.contains("line 2 has 1 value but"), "{message}");
            }

            #[test]
            fn prose() {
                let text =
                    "Dear customers, thank you so much for all your visits this year.\nWe will be closed in August.\n";
                assert_eq!(file_message(super::super::super::preview(text.as_bytes()).unwrap_err()), NOT_A_TABLE);
            }
        }
    }
}
