//! An iCalendar (RFC 5545) writer, by hand: the icalendar crate cannot write
//! what calendar clients need for invitations (METHOD, stable UIDs, SEQUENCE)
//! together with exact control of folding and escaping.
//!
//! [`vevent`] writes one VEVENT; [`calendar`] wraps VEVENTs in a VCALENDAR
//! with its METHOD. The agenda feed reuses [`vevent`] with the same [`uid`],
//! so a session keeps one identity in every calendar it reaches.

use chrono::{DateTime, Utc};

/// What a calendar message asks of its receiver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// An invitation or an update (same UID, higher SEQUENCE).
    Request,
    /// The session is cancelled.
    Cancel,
    /// A plain feed (no scheduling): `jelly agenda --ics`.
    Publish,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
            Method::Publish => "PUBLISH",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Confirmed,
    Cancelled,
}

/// Someone named in the calendar: organiser or attendee.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// One session as a calendar event.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarEvent {
    pub uid: String,
    pub sequence: u32,
    /// When this version was made (DTSTAMP).
    pub stamp: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    pub description: Option<String>,
    /// The venue's name and address.
    pub location: Option<String>,
    /// Latitude, longitude of the venue.
    pub geo: Option<(f64, f64)>,
    pub organizer: Option<Person>,
    pub attendees: Vec<Person>,
    pub status: EventStatus,
    /// The attendee's answer already given (a reminder): PARTSTAT says it
    /// and no answer is requested again.
    pub answer: Option<crate::model::Answer>,
}

/// The UID of a session: stable across invitations, updates, cancellation
/// and the agenda feed.
pub fn uid(event_id: &str, from_domain: &str) -> String {
    format!("{event_id}@{from_domain}")
}

/// A whole calendar object with one METHOD, lines ended by CRLF.
pub fn calendar(method: Method, events: &[CalendarEvent]) -> String {
    let mut out = String::new();
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    push_line(&mut out, "PRODID:-//jelly//jelly 0.1//FR");
    push_line(&mut out, "CALSCALE:GREGORIAN");
    push_line(&mut out, &format!("METHOD:{}", method.as_str()));
    for event in events {
        out.push_str(&vevent(event));
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// A subscribable feed (METHOD:PUBLISH) named after the association, that
/// calendar applications refresh twice a day.
pub fn feed(name: &str, events: &[CalendarEvent]) -> String {
    let mut out = String::new();
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    push_line(&mut out, "PRODID:-//jelly//jelly 0.1//FR");
    push_line(&mut out, "CALSCALE:GREGORIAN");
    push_line(&mut out, "METHOD:PUBLISH");
    push_line(&mut out, &format!("NAME:{}", escape_text(name)));
    push_line(&mut out, &format!("X-WR-CALNAME:{}", escape_text(name)));
    // RFC 7986, and the older name Outlook and Google read.
    push_line(&mut out, "REFRESH-INTERVAL;VALUE=DURATION:PT12H");
    push_line(&mut out, "X-PUBLISHED-TTL:PT12H");
    for event in events {
        out.push_str(&vevent(event));
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// One VEVENT block, folded and escaped, lines ended by CRLF.
pub fn vevent(event: &CalendarEvent) -> String {
    let mut out = String::new();
    push_line(&mut out, "BEGIN:VEVENT");
    push_line(&mut out, &format!("UID:{}", escape_text(&event.uid)));
    push_line(&mut out, &format!("SEQUENCE:{}", event.sequence));
    push_line(&mut out, &format!("DTSTAMP:{}", utc(event.stamp)));
    push_line(&mut out, &format!("DTSTART:{}", utc(event.start)));
    push_line(&mut out, &format!("DTEND:{}", utc(event.end)));
    push_line(
        &mut out,
        &format!("SUMMARY:{}", escape_text(&event.summary)),
    );
    if let Some(description) = &event.description {
        push_line(
            &mut out,
            &format!("DESCRIPTION:{}", escape_text(description)),
        );
    }
    if let Some(location) = &event.location {
        push_line(&mut out, &format!("LOCATION:{}", escape_text(location)));
    }
    if let Some((lat, lon)) = event.geo {
        push_line(&mut out, &format!("GEO:{lat:.6};{lon:.6}"));
    }
    if let Some(organizer) = &event.organizer {
        push_line(
            &mut out,
            &format!(
                "ORGANIZER;CN={}:mailto:{}",
                param_value(&organizer.name),
                address(&organizer.email)
            ),
        );
    }
    let partstat = match event.answer {
        None => "PARTSTAT=NEEDS-ACTION;RSVP=TRUE",
        Some(crate::model::Answer::Yes) => "PARTSTAT=ACCEPTED",
        Some(crate::model::Answer::Maybe) => "PARTSTAT=TENTATIVE",
        Some(crate::model::Answer::No) => "PARTSTAT=DECLINED",
    };
    for attendee in &event.attendees {
        push_line(
            &mut out,
            &format!(
                "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;{partstat}:mailto:{}",
                param_value(&attendee.name),
                address(&attendee.email)
            ),
        );
    }
    let status = match event.status {
        EventStatus::Confirmed => "CONFIRMED",
        EventStatus::Cancelled => "CANCELLED",
    };
    push_line(&mut out, &format!("STATUS:{status}"));
    push_line(&mut out, "TRANSP:OPAQUE");
    push_line(&mut out, "END:VEVENT");
    out
}

fn utc(dt: DateTime<Utc>) -> String {
    dt.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks.
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

/// A parameter value (CN=…): quoted when it holds `:`, `;` or `,`; a
/// parameter cannot hold a double quote at all, so those become `'`.
fn param_value(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '"' { '\'' } else { c })
        .collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// The address of a `mailto:` value: a control character would end the
/// line (jelly's checks refuse such addresses; the writer never relies on it).
fn address(email: &str) -> String {
    email.chars().filter(|c| !c.is_control()).collect()
}

/// Appends `line` folded at 75 octets (RFC 5545 §3.1): continuation lines
/// start with one space, which counts in their 75; a UTF-8 character is never
/// split.
fn push_line(out: &mut String, line: &str) {
    let mut budget = 75;
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > budget {
            out.push_str("\r\n ");
            used = 1;
            budget = 75;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

/// Undoes folding: the logical lines of an iCalendar text.
pub fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split("\r\n").flat_map(|l| l.split('\n')) {
        if let Some(rest) = raw.strip_prefix(' ').or_else(|| raw.strip_prefix('\t')) {
            if let Some(last) = lines.last_mut() {
                last.push_str(rest);
                continue;
            }
        }
        if !raw.is_empty() {
            lines.push(raw.to_string());
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn sample() -> CalendarEvent {
        CalendarEvent {
            uid: uid("2026-12-03-anduze", "example.org"),
            sequence: 2,
            stamp: Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap(),
            start: Utc.with_ymd_and_hms(2026, 12, 3, 17, 30, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 12, 3, 20, 30, 0).unwrap(),
            summary: "Jelly à Anduze : « le télétravail, ça marche ? »".into(),
            description: Some("Ligne 1\nLigne 2; avec, virgule \\ fin".into()),
            location: Some("Médiathèque d'Anduze, Place de la Mairie, 30140 Anduze".into()),
            geo: Some((44.0551, 3.985)),
            organizer: Some(Person {
                name: "Jelly Gard-Lozère".into(),
                email: "contact@example.org".into(),
            }),
            attendees: vec![Person {
                name: "Noémie \"No\" Dupont, fille".into(),
                email: "noemie@example.org".into(),
            }],
            status: EventStatus::Confirmed,
            answer: None,
        }
    }

    #[test]
    fn lines_are_folded_at_75_octets_without_splitting_characters() {
        let text = calendar(Method::Request, &[sample()]);
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        let long = "é".repeat(100);
        let mut out = String::new();
        push_line(&mut out, &format!("SUMMARY:{long}"));
        assert!(out.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(unfold(&out), vec![format!("SUMMARY:{long}")]);
    }

    #[test]
    fn text_is_escaped_and_unfolds_to_the_original() {
        let text = calendar(Method::Request, &[sample()]);
        let lines = unfold(&text);
        assert!(lines.contains(&"METHOD:REQUEST".to_string()));
        assert!(lines.contains(&"UID:2026-12-03-anduze@example.org".to_string()));
        assert!(lines.contains(&"SEQUENCE:2".to_string()));
        assert!(lines.contains(&"DTSTART:20261203T173000Z".to_string()));
        assert!(lines.contains(&"GEO:44.055100;3.985000".to_string()));
        assert!(lines
            .contains(&"DESCRIPTION:Ligne 1\\nLigne 2\\; avec\\, virgule \\\\ fin".to_string()));
        assert!(lines.contains(
            &"LOCATION:Médiathèque d'Anduze\\, Place de la Mairie\\, 30140 Anduze".to_string()
        ));
        assert!(lines.iter().any(|l| l
            .starts_with("ATTENDEE;CN=\"Noémie 'No' Dupont, fille\";ROLE=REQ-PARTICIPANT")
            && l.ends_with(":mailto:noemie@example.org")));
    }

    /// Found by the `ics` fuzz target (fuzz/regressions/ics/): an address
    /// with a line break split the ATTENDEE line and the calendar no longer
    /// parsed.
    #[test]
    fn an_address_with_a_line_break_stays_on_its_line() {
        let mut event = sample();
        event.attendees[0].email = "\r\nERE#".into();
        event.organizer.as_mut().unwrap().email = "a\nEND:VEVENT@x".into();
        let text = calendar(Method::Request, &[event]);
        let unfolded = icalendar::parser::unfold(&text);
        let parsed = icalendar::parser::read_calendar(&unfolded).expect("parses back");
        assert_eq!(parsed.components.len(), 1, "{text}");
        let lines = unfold(&text);
        assert!(lines.iter().any(|l| l.ends_with(":mailto:ERE#")), "{text}");
        assert!(
            lines.iter().any(|l| l.ends_with(":mailto:aEND:VEVENT@x")),
            "{text}"
        );
    }

    #[test]
    fn a_cancellation_keeps_the_uid() {
        let mut event = sample();
        event.sequence = 3;
        event.status = EventStatus::Cancelled;
        let lines = unfold(&calendar(Method::Cancel, &[event]));
        assert!(lines.contains(&"METHOD:CANCEL".to_string()));
        assert!(lines.contains(&"STATUS:CANCELLED".to_string()));
        assert!(lines.contains(&"UID:2026-12-03-anduze@example.org".to_string()));
    }
}
