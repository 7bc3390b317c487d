//! A small iCalendar (RFC 5545) writer for exporting follow-up calls and
//! promises to any calendar app.
//!
//! Only what Mend needs: a VCALENDAR of VEVENTs with UTC times. Text values
//! are escaped (backslash, semicolon, comma, newline) and content lines are
//! folded at 75 octets without splitting a UTF-8 character; lines end in CRLF.

use chrono::{DateTime, Duration, Utc};

/// One calendar entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Globally unique and stable, so a re-import updates instead of duplicating.
    pub uid: String,
    /// Start time.
    pub start: DateTime<Utc>,
    /// Length.
    pub duration: Duration,
    /// One-line title.
    pub summary: String,
    /// Longer text (may hold newlines).
    pub description: String,
}

/// Escapes a TEXT value (RFC 5545, 3.3.11).
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line at 75 octets (RFC 5545, 3.1), never inside a
/// UTF-8 sequence; continuation lines start with a space.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        // The first line holds 75 octets; continuations hold 74 after their space.
        if used + len > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The whole calendar as text.
pub fn calendar(name: &str, events: &[Event], now: DateTime<Utc>) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Mend//Follow-ups//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        format!("X-WR-CALNAME:{}", escape_text(name)),
    ];
    for e in events {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", escape_text(&e.uid)));
        lines.push(format!("DTSTAMP:{}", stamp(now)));
        lines.push(format!("DTSTART:{}", stamp(e.start)));
        lines.push(format!("DTEND:{}", stamp(e.start + e.duration)));
        lines.push(format!("SUMMARY:{}", escape_text(&e.summary)));
        if !e.description.is_empty() {
            lines.push(format!("DESCRIPTION:{}", escape_text(&e.description)));
        }
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold_line(l) + "\r\n").collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_special_characters() {
        assert_eq!(escape_text("a;b,c\\d\ne\r\nf"), "a\\;b\\,c\\\\d\\ne\\nf");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let line = format!("DESCRIPTION:{}", "é".repeat(100));
        let folded = fold_line(&line);
        for part in folded.split("\r\n") {
            assert!(part.len() <= 75, "{} octets", part.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), line);
    }

    #[test]
    fn calendar_has_crlf_lines_and_utc_times() {
        let now: DateTime<Utc> = "2026-11-22T09:00:00Z".parse().unwrap();
        let text = calendar(
            "Mend",
            &[Event {
                uid: "follow-up-1@mend".into(),
                start: "2026-11-24T10:00:00Z".parse().unwrap(),
                duration: Duration::minutes(15),
                summary: "Call Zoë".into(),
                description: "Ask: have we fixed everything for you?".into(),
            }],
            now,
        );
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.contains("DTSTART:20261124T100000Z\r\n"));
        assert!(text.contains("DTEND:20261124T101500Z\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
    }
}
