//! The file as a table: the header row and the rows below it, each row with
//! the line of the file (or the row of the sheet) it starts on.
//!
//! A spreadsheet's rows come from [`read_sheet`]; a text file's are split
//! here. The delimiter (comma, semicolon or tab, or whatever Excel's `sep=`
//! line names) is picked from the header line; quoted values may hold
//! delimiters and line breaks.
//!
//! Every value is tidied the same way whatever the file: trimmed, without the
//! apostrophe that tells a spreadsheet to keep "'+44 7700 900123" as text,
//! and empty where an export writes a placeholder for nothing ("---", "-",
//! "n/a"). Blank rows are dropped, and so are title lines above the header
//! ("Customers List", an export date): the header is the first row that
//! reads like one (see [`looks_like_a_header_row`]), or the first row when
//! none does.
//!
//! The file as a whole is then checked for being a table of customers at
//! all: a letter saved as .csv, a single column we can't name, rows that
//! don't line up with the header, or a header with nothing under it are
//! refused here, before any row is read.

use super::column::Column;
use super::decode::{file_error, read_text, EMPTY_FILE, NOT_CSV};
use super::headers::{guess_columns, looks_like_a_header_row, looks_like_a_sentence};
use super::sheet::{is_spreadsheet, read_sheet};
use crate::error::Result;

const NOT_A_TABLE: &str = "This file holds ordinary text, not a table of customers. In your booking system, export customers as CSV and choose that file.";
const ONE_COLUMN: &str = "This file has only one column and Mend can't tell what it holds. Export the customers as CSV with one column per detail (name, phone, e-mail…) and choose that file.";
const NO_ROWS: &str = "The file has column names but no customers below them.";

/// How many rows from the top may be titles and notes above the header.
const HEADER_SEARCH: usize = 10;

/// One data row with the line it starts on.
#[derive(Debug)]
pub(super) struct Record {
    /// Line of the file the row starts on (the header is line 1).
    pub(super) line: usize,
    /// The row's values, trimmed.
    pub(super) fields: Vec<String>,
}

/// The file as cells: the header and the non-blank rows below it.
#[derive(Debug)]
pub(super) struct Table {
    /// The header line's values, trimmed.
    pub(super) headers: Vec<String>,
    /// The rows below the header, blank lines left out; never empty.
    pub(super) records: Vec<Record>,
}

/// Decodes, splits and sanity-checks the file.
pub(super) fn read_table(bytes: &[u8]) -> Result<Table> {
    let spreadsheet = is_spreadsheet(bytes);
    let rows = if spreadsheet { sheet_rows(bytes)? } else { text_rows(bytes)? };
    let header_at = rows.iter().take(HEADER_SEARCH).position(|r| looks_like_a_header_row(&r.fields)).unwrap_or(0);
    let mut rows = rows.into_iter().skip(header_at);
    let mut headers = rows.next().ok_or_else(|| file_error(EMPTY_FILE))?.fields;
    let records: Vec<Record> = rows.collect();
    if spreadsheet {
        // A sheet is as wide as its widest row; columns with neither a
        // heading nor a value are not columns of the export.
        while headers.last().is_some_and(String::is_empty)
            && records.iter().all(|r| r.fields.get(headers.len() - 1).is_none_or(String::is_empty))
        {
            headers.pop();
        }
    }
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

/// The rows of a workbook's first sheet, tidied, blank rows left out.
fn sheet_rows(bytes: &[u8]) -> Result<Vec<Record>> {
    Ok(read_sheet(bytes)?
        .into_iter()
        .map(|row| Record { line: row.line, fields: row.cells.iter().map(|c| tidy(c)).collect() })
        .filter(|r| !r.fields.iter().all(String::is_empty))
        .collect())
}

/// The rows of a text file, tidied, blank lines left out.
fn text_rows(bytes: &[u8]) -> Result<Vec<Record>> {
    let text = read_text(bytes)?;
    let (delimiter, body, lines_before) = choose_delimiter(&text);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(body.as_bytes());
    let mut rows = Vec::new();
    let mut lines = LineCounter::new(body, lines_before);
    for result in reader.records() {
        let record = result.map_err(|_| file_error(NOT_CSV))?;
        let line = lines.line_at(record.position().map_or(0, |p| p.byte() as usize));
        let fields: Vec<String> = record.iter().map(tidy).collect();
        if !fields.iter().all(String::is_empty) {
            rows.push(Record { line, fields });
        }
    }
    Ok(rows)
}

/// A value as Mend reads it: trimmed, without a spreadsheet's text marker (a
/// leading apostrophe before a digit, "+" or other sign, as in
/// "'+44 7700 900123"; before a letter it is part of the value, as in the
/// Dutch "'t Hart"), and empty when it only says there is nothing ("---",
/// "-", "n/a").
pub(super) fn tidy(raw: &str) -> String {
    let value = raw.trim();
    let value = match value.strip_prefix('\'') {
        Some(rest) if !rest.starts_with(char::is_alphabetic) => rest.trim_start(),
        _ => value,
    };
    let placeholder = value.chars().all(|c| matches!(c, '-' | '–' | '—'))
        || value.eq_ignore_ascii_case("n/a")
        || value.eq_ignore_ascii_case("#n/a");
    if placeholder {
        String::new()
    } else {
        value.to_string()
    }
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
pub(super) fn values(n: usize) -> String {
    if n == 1 {
        "1 value".to_string()
    } else {
        format!("{n} values")
    }
}

/// Whether a row has one value per header. Extra values are tolerated when
/// they are empty (a trailing delimiter, as some exporters write).
pub(super) fn fits(fields: &[String], width: usize) -> bool {
    fields.len() == width || (fields.len() > width && fields[width..].iter().all(String::is_empty))
}

/// Picks the delimiter, and returns it with the text to read and the number
/// of lines skipped before that text.
///
/// Excel's `sep=;` first line is obeyed. Otherwise the header line decides:
/// whichever of comma, semicolon and tab splits it into the most pieces,
/// outside quotes. A tie goes to the delimiter that splits the next lines
/// into as many pieces, then to comma. The header line is the first
/// non-blank one that, split by one of the three, reads like a header row;
/// or else simply the first non-blank one.
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
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(HEADER_SEARCH + 20).collect();
    let header_at = lines
        .iter()
        .take(HEADER_SEARCH)
        .position(|line| [b',', b';', b'\t'].iter().any(|d| looks_like_a_header_row(&split_line(line, *d))))
        .unwrap_or(0);
    let Some(header) = lines.get(header_at) else {
        return (b',', text, 0);
    };
    let sample: Vec<&str> = lines[header_at + 1..].iter().take(20).copied().collect();
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

/// One line split at `delimiter` as a CSV reader would, tidied.
fn split_line(line: &str, delimiter: u8) -> Vec<String> {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(line.as_bytes());
    match reader.records().next() {
        Some(Ok(record)) => record.iter().map(tidy).collect(),
        _ => Vec::new(),
    }
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

#[cfg(test)]
mod tests {
    use super::super::sheet::NOT_A_SPREADSHEET;
    use super::*;
    use crate::error::Error;

    fn file_message(err: Error) -> String {
        match err {
            Error::Invalid(fields) => fields.get("file").cloned().unwrap_or_else(|| format!("{fields:?}")),
            other => panic!("expected a file error, got {other:?}"),
        }
    }

    #[test]
    fn empty_file() {
        assert_eq!(file_message(read_table(b"").unwrap_err()), EMPTY_FILE);
        assert_eq!(file_message(read_table(b"\xEF\xBB\xBF \r\n\r\n").unwrap_err()), EMPTY_FILE);
    }

    #[test]
    fn binary_files() {
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
        assert_eq!(file_message(read_table(png).unwrap_err()), NOT_CSV);
        // A zip archive is tried as a workbook (.xlsx and .ods are zips).
        let zip = b"PK\x03\x04\x14\x00\x06\x00";
        assert_eq!(file_message(read_table(zip).unwrap_err()), NOT_A_SPREADSHEET);
        let noise: Vec<u8> = (1u8..=8).cycle().take(400).collect();
        assert_eq!(file_message(read_table(&noise).unwrap_err()), NOT_CSV);
    }

    #[test]
    fn one_unknown_column() {
        let err = read_table(b"Stuff\nabc\ndef\n").unwrap_err();
        assert_eq!(file_message(err), ONE_COLUMN);
    }

    #[test]
    fn header_only() {
        let err = read_table(b"Name,Phone\n").unwrap_err();
        assert_eq!(file_message(err), NO_ROWS);
    }

    #[test]
    fn columns_that_dont_line_up() {
        let csv = "Name,Phone,Email\nAna\nBo,1,2,3,4\nCy,555 0100,\nDi\n";
        let err = read_table(csv.as_bytes()).unwrap_err();
        let message = file_message(err);
        assert!(message.starts_with("The columns don't line up"), "{message}");
        assert!(message.contains("line 2 has 1 value but"), "{message}");
    }

    #[test]
    fn values_are_tidied() {
        assert_eq!(tidy("  '+44 7700 900123 "), "+44 7700 900123");
        assert_eq!(tidy("'07700 900123"), "07700 900123");
        assert_eq!(tidy("'"), "");
        assert_eq!(tidy("'t Hart"), "'t Hart", "an apostrophe before a letter belongs to the name");
        assert_eq!(tidy("O'Neill"), "O'Neill");
        for nothing in ["---", "-", "—", " n/a ", "N/A", "#N/A"] {
            assert_eq!(tidy(nothing), "", "{nothing:?}");
        }
        assert_eq!(tidy("-5"), "-5");
        assert_eq!(tidy("Na"), "Na", "a surname, not n/a");
    }

    #[test]
    fn title_and_blank_lines_above_the_header_are_skipped() {
        let csv = "Client list – Salon Aurora;;;\n;;;\nExported 03/12/2026;;;\n\nNome;Cognome;Telefono;Email\nGiulia;Rossi;333 123 4567;\n";
        let table = read_table(csv.as_bytes()).unwrap();
        assert_eq!(table.headers, ["Nome", "Cognome", "Telefono", "Email"]);
        assert_eq!(table.records.len(), 1);
        assert_eq!((table.records[0].line, table.records[0].fields[0].as_str()), (6, "Giulia"));
    }

    #[test]
    fn without_a_recognisable_header_the_first_row_is_the_header() {
        let table = read_table(b"Ref,Who\n7,Mia Wong\n").unwrap();
        assert_eq!(table.headers, ["Ref", "Who"]);
    }

    #[test]
    fn placeholders_leave_a_row_blank() {
        let table = read_table(b"Name,Phone\n---,---\nAna,555 0100\n").unwrap();
        assert_eq!(table.records.len(), 1);
        assert_eq!(table.records[0].line, 3);
    }

    #[test]
    fn prose() {
        let text = "Dear customers, thank you so much for all your visits this year.\nWe will be closed in August.\n";
        assert_eq!(file_message(read_table(text.as_bytes()).unwrap_err()), NOT_A_TABLE);
    }
}
