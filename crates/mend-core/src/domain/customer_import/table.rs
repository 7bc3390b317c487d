//! The file's text as a table: the header line and the rows below it, each
//! row with the line of the file it starts on.
//!
//! The delimiter (comma, semicolon or tab, or whatever Excel's `sep=` line
//! names) is picked from the header line; quoted values may hold delimiters
//! and line breaks. Blank lines are dropped, every value is trimmed, and the
//! file as a whole is checked for being a table of customers at all: a
//! letter saved as .csv, a single column we can't name, rows that don't line
//! up with the header, or a header with nothing under it are refused here,
//! before any row is read.

use super::column::Column;
use super::decode::{file_error, read_text, EMPTY_FILE, NOT_CSV};
use super::headers::{guess_columns, looks_like_a_sentence};
use crate::error::Result;

const NOT_A_TABLE: &str = "This file holds ordinary text, not a table of customers. In your booking system, export customers as CSV and choose that file.";
const ONE_COLUMN: &str = "This file has only one column and Mend can't tell what it holds. Export the customers as CSV with one column per detail (name, phone, e-mail…) and choose that file.";
const NO_ROWS: &str = "The file has column names but no customers below them.";

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
    let text = read_text(bytes)?;
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

#[cfg(test)]
mod tests {
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
        let zip = b"PK\x03\x04\x14\x00\x06\x00";
        assert_eq!(file_message(read_table(zip).unwrap_err()), NOT_CSV);
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
    fn prose() {
        let text = "Dear customers, thank you so much for all your visits this year.\nWe will be closed in August.\n";
        assert_eq!(file_message(read_table(text.as_bytes()).unwrap_err()), NOT_A_TABLE);
    }
}
