//! The .ics writer: whatever goes in, the output parses back with the
//! `icalendar` crate and holds exactly one VEVENT.
#![no_main]

use arbitrary::Arbitrary;
use chrono::{TimeZone, Utc};
use jelly::mail::ics::{self, CalendarEvent, EventStatus, Method, Person};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    uid: String,
    summary: String,
    description: Option<String>,
    location: Option<String>,
    organizer: Option<(String, String)>,
    attendees: Vec<(String, String)>,
    start: i64,
    minutes: u16,
    sequence: u32,
    cancel: bool,
    geo: Option<(f64, f64)>,
}

fuzz_target!(|input: Input| {
    // Dates within the range jelly accepts (1900–2199).
    let first = Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).unwrap().timestamp();
    let last = Utc.with_ymd_and_hms(2199, 12, 31, 0, 0, 0).unwrap().timestamp();
    let start = first + input.start.rem_euclid(last - first);
    let start = Utc.timestamp_opt(start, 0).unwrap();
    let person = |(name, email): &(String, String)| Person {
        name: name.clone(),
        email: email.clone(),
    };
    let event = CalendarEvent {
        uid: input.uid,
        sequence: input.sequence,
        stamp: start,
        start,
        end: start + chrono::Duration::minutes(input.minutes as i64),
        summary: input.summary,
        description: input.description,
        location: input.location,
        geo: input.geo,
        organizer: input.organizer.as_ref().map(person),
        attendees: input.attendees.iter().take(8).map(person).collect(),
        status: if input.cancel {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        },
        answer: None,
    };
    let method = if input.cancel {
        Method::Cancel
    } else {
        Method::Request
    };
    let text = ics::calendar(method, &[event]);
    let unfolded = icalendar::parser::unfold(&text);
    let calendar = icalendar::parser::read_calendar(&unfolded)
        .unwrap_or_else(|e| panic!("does not parse back: {e}\n{text}"));
    let events = calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .count();
    assert_eq!(events, 1, "{text}");
});
