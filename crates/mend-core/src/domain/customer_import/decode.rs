//! The file's bytes as text.
//!
//! Exports come in whatever encoding the other program writes: UTF-8 with or
//! without a byte-order mark from most current systems, UTF-16 with a
//! byte-order mark from Excel's "Unicode text", and Windows-1252 from older
//! Windows programs in Western Europe and the Americas. A file is read as
//! UTF-16 or UTF-8 when its byte-order mark says so, as UTF-8 when every byte
//! of it is valid UTF-8, and as Windows-1252 otherwise (any byte is valid
//! there, so a file never fails for its encoding alone).
//!
//! The decoding is done by `encoding_rs`, which implements the WHATWG
//! Encoding Standard that browsers follow: a file reads here as it does in a
//! browser, the Windows-1252 bytes the code page leaves unassigned included,
//! and there are no code tables of our own to keep right.
//!
//! Workbooks never reach this file (the `sheet` reader takes them). Before
//! decoding, files people pick by mistake (images, PDFs, archives, anything
//! with NUL bytes) are refused; after it, text that is mostly
//! control characters is too. Every refusal is an `Invalid` error on the
//! `file` input, in plain words.

use crate::error::{Error, Result};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// The largest file read; a customer list is far smaller.
const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;

pub(super) const EMPTY_FILE: &str = "The file is empty.";
pub(super) const NOT_CSV: &str =
    "This doesn't look like a list of customers. In your booking system, export the customers as CSV (or as an Excel file) and choose that file.";
pub(super) const TOO_LARGE: &str =
    "This file is too large for a customer list (more than 50 MB). Check that you chose the right file.";

/// An `Invalid` error on the `file` input.
pub(super) fn file_error(message: impl Into<String>) -> Error {
    Error::field("file", message)
}

/// The file as text, refusing files that are too large, empty or blank, not
/// text, or mostly control characters.
pub(super) fn read_text(bytes: &[u8]) -> Result<String> {
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
    Ok(text)
}

/// Turns the bytes into text: UTF-16 (little or big endian) after its
/// byte-order mark, UTF-8 with or without one, or else Windows-1252.
///
/// UTF-16 that breaks off in the middle of a character or holds half a
/// surrogate pair is not text. The binary checks apply to everything that is
/// not UTF-16, whose ordinary text is full of NUL bytes.
fn decode(bytes: &[u8]) -> Result<String> {
    if bytes.is_empty() {
        return Err(file_error(EMPTY_FILE));
    }
    let mut bytes = bytes;
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let rest = &bytes[bom_length..];
        if encoding != UTF_8 {
            return encoding
                .decode_without_bom_handling_and_without_replacement(rest)
                .map(|text| text.into_owned())
                .ok_or_else(|| file_error(NOT_CSV));
        }
        bytes = rest;
    }
    if has_binary_signature(bytes) || bytes.iter().take(8192).any(|b| *b == 0) {
        return Err(file_error(NOT_CSV));
    }
    let text = match UTF_8.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => text,
        None => WINDOWS_1252.decode_without_bom_handling(bytes).0,
    };
    Ok(text.into_owned())
}

/// The opening bytes of file kinds people pick by mistake: images, PDFs,
/// archives. (Workbooks, zip archives or OLE containers, are read as
/// spreadsheets before any text is decoded; these signatures keep them out
/// of the text reader all the same.)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> String {
        read_text(bytes).unwrap()
    }

    fn refusal(bytes: &[u8]) -> String {
        match read_text(bytes).unwrap_err() {
            Error::Invalid(fields) => fields.get("file").cloned().unwrap_or_else(|| format!("{fields:?}")),
            other => panic!("expected a file error, got {other:?}"),
        }
    }

    fn utf16(text: &str, bom: [u8; 2], unit: fn(u16) -> [u8; 2]) -> Vec<u8> {
        let mut bytes = bom.to_vec();
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&unit(u));
        }
        bytes
    }

    const SAMPLE: &str = "Name;Total\r\nZoë Müller;€ 12,50\r\nAna “Ani” Ruiz 🌷;40\r\n";

    #[test]
    fn utf8_with_or_without_a_byte_order_mark() {
        assert_eq!(text(SAMPLE.as_bytes()), SAMPLE);
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), SAMPLE.as_bytes()].concat();
        assert_eq!(text(&with_bom), SAMPLE);
    }

    #[test]
    fn utf16_little_endian_after_its_byte_order_mark() {
        assert_eq!(text(&utf16(SAMPLE, [0xFF, 0xFE], u16::to_le_bytes)), SAMPLE);
    }

    #[test]
    fn utf16_big_endian_after_its_byte_order_mark() {
        assert_eq!(text(&utf16(SAMPLE, [0xFE, 0xFF], u16::to_be_bytes)), SAMPLE);
    }

    #[test]
    fn broken_utf16_is_not_text() {
        let mut odd = utf16("Name\nAna\n", [0xFF, 0xFE], u16::to_le_bytes);
        odd.push(b'x');
        assert_eq!(refusal(&odd), NOT_CSV);
        // Half of the surrogate pair "🌷" is written as D83C DF37.
        let mut half_pair = utf16("Name\n", [0xFE, 0xFF], u16::to_be_bytes);
        half_pair.extend_from_slice(&[0xD8, 0x3C, 0x00, b'A', 0x00, b'\n']);
        assert_eq!(refusal(&half_pair), NOT_CSV);
    }

    #[test]
    fn utf16_without_a_byte_order_mark_is_refused_for_its_nul_bytes() {
        let mut bytes = utf16("Name\nAna\n", [0xFF, 0xFE], u16::to_le_bytes);
        bytes.drain(..2);
        assert_eq!(refusal(&bytes), NOT_CSV);
    }

    #[test]
    fn windows_1252_letters_euro_and_quotes() {
        assert_eq!(text(b"Caf\xE9;\x80 12,50\n"), "Café;€ 12,50\n");
        assert_eq!(text(b"\x93Ani\x94 \x96 Zo\xEB M\xFCller\n"), "“Ani” – Zoë Müller\n");
    }

    #[test]
    fn every_windows_1252_byte_reads_as_browsers_read_it() {
        // One odd byte in a line long enough not to look like binary noise.
        let line = "x".repeat(60);
        let read = |b: u8| text(&[line.as_bytes(), &[b], line.as_bytes()].concat());
        // Above 0x9F the code page is Latin-1: the byte is the character.
        for b in 0xA0u8..=0xFF {
            assert_eq!(read(b), format!("{line}{}{line}", char::from(b)), "{b:#x}");
        }
        // Between 0x80 and 0x9F it has its own letters and signs, and the
        // five bytes it leaves unassigned become the C1 control characters.
        let expected = [
            (0x80, '€'),
            (0x81, '\u{81}'),
            (0x82, '‚'),
            (0x85, '…'),
            (0x8A, 'Š'),
            (0x8C, 'Œ'),
            (0x8D, '\u{8D}'),
            (0x8E, 'Ž'),
            (0x8F, '\u{8F}'),
            (0x90, '\u{90}'),
            (0x91, '‘'),
            (0x92, '’'),
            (0x99, '™'),
            (0x9C, 'œ'),
            (0x9D, '\u{9D}'),
            (0x9F, 'Ÿ'),
        ];
        for (b, c) in expected {
            assert_eq!(read(b), format!("{line}{c}{line}"), "{b:#x}");
        }
    }

    #[test]
    fn invalid_utf8_reads_the_whole_file_as_windows_1252() {
        // Valid UTF-8 "ë" (C3 AB) in a file that also holds a lone E9 byte:
        // the file is not UTF-8, so every byte is read as Windows-1252.
        assert_eq!(text(b"Zo\xC3\xAB;Caf\xE9\n"), "ZoÃ«;Café\n");
        // A UTF-8 sequence cut short is not UTF-8 either.
        assert_eq!(text(b"Name\nZo\xC3\n"), "Name\nZoÃ\n");
    }

    #[test]
    fn empty_and_blank_files() {
        assert_eq!(refusal(b""), EMPTY_FILE);
        assert_eq!(refusal(b"\xEF\xBB\xBF \r\n\r\n"), EMPTY_FILE);
        assert_eq!(refusal(&[0xFF, 0xFE]), EMPTY_FILE);
        assert_eq!(refusal(&utf16(" \n", [0xFE, 0xFF], u16::to_be_bytes)), EMPTY_FILE);
    }

    #[test]
    fn files_that_are_not_text() {
        assert_eq!(refusal(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), NOT_CSV);
        assert_eq!(refusal(b"PK\x03\x04\x14\x00\x06\x00"), NOT_CSV);
        assert_eq!(refusal(b"%PDF-1.7\n"), NOT_CSV);
        assert_eq!(refusal(b"Name\nAna\0\n"), NOT_CSV);
        let noise: Vec<u8> = (1u8..=8).cycle().take(400).collect();
        assert_eq!(refusal(&noise), NOT_CSV);
    }

    #[test]
    fn files_too_large_for_a_customer_list() {
        assert_eq!(refusal(&vec![b'a'; MAX_FILE_BYTES + 1]), TOO_LARGE);
    }
}
