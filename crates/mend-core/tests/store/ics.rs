//! The calendar export read back by an independent iCalendar parser.

use chrono::{DateTime, Duration, Utc};
use mend_core::domain::ics::{calendar, Event};

#[test]
fn parses_back_with_escapes_and_folding_intact() {
    let now: DateTime<Utc> = "2026-11-22T09:00:00Z".parse().unwrap();
    let long = "Ask: have we fixed everything for you? Promised: refund, by Friday; call back\nSecond line ".repeat(3);
    let events = vec![
        Event {
            uid: "follow-up-7@mend".into(),
            start: "2026-11-24T10:00:00Z".parse().unwrap(),
            duration: Duration::minutes(15),
            summary: "Call Zoë Brandt, colour; redo".into(),
            description: long.clone(),
        },
        Event {
            uid: "promise-3@mend".into(),
            start: "2026-11-27T17:00:00Z".parse().unwrap(),
            duration: Duration::minutes(30),
            summary: "Promise due: refund reaches card".into(),
            description: String::new(),
        },
    ];
    let text = calendar("Mend – follow-ups", &events, now);
    let reader = ical::IcalParser::new(text.as_bytes());
    let calendars: Vec<_> = reader.collect::<Result<_, _>>().expect("the export parses");
    assert_eq!(calendars.len(), 1);
    let parsed = &calendars[0].events;
    assert_eq!(parsed.len(), 2);
    let prop = |i: usize, name: &str| {
        parsed[i].properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone()).unwrap_or_default()
    };
    assert_eq!(prop(0, "UID"), "follow-up-7@mend");
    assert_eq!(prop(0, "DTSTART"), "20261124T100000Z");
    // The parser unfolds lines but leaves TEXT escapes as written.
    assert_eq!(prop(0, "SUMMARY"), "Call Zoë Brandt\\, colour\\; redo");
    let unescaped = prop(0, "DESCRIPTION").replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";");
    // The parser trims the end of a value; everything else comes back as written.
    assert_eq!(unescaped, long.trim_end());
    assert_eq!(prop(1, "DTEND"), "20261127T173000Z");
}
