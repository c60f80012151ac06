//! Publishing the sessions to a shared CalDAV calendar (RFC 4791):
//! `jelly publish caldav`. Each session is one calendar object resource,
//! `<session id>.ics`, with the session's stable UID (the one of its
//! invitations), so a rerun updates it (PUT with If-Match on its ETag)
//! instead of adding a duplicate; a cancelled session becomes
//! STATUS:CANCELLED; a session whose file was deleted is removed.
//!
//! What to do is decided on values ([`plan`]); [`dav`] talks HTTP.

pub mod dav;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;

use crate::mail::compose::Composer;
use crate::mail::ics;
use crate::model::Dataset;

/// Past sessions this recent stay in the calendar and are kept up to date
/// (attendance corrections, a late cancellation); older ones are left as
/// they are.
pub(crate) const RECENT_DAYS: i64 = 90;

/// The calendar object jelly wants for one session.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Wanted {
    /// The resource's name in the collection: `<session id>.ics`.
    pub name: String,
    pub event: String,
    pub uid: String,
    pub body: String,
    pub cancelled: bool,
}

/// What the server holds under one name.
#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    pub name: String,
    pub etag: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Action {
    Create,
    Update,
    Delete,
}

/// Is `at` upcoming or recent enough to publish?
pub(crate) fn in_window(date: NaiveDateTime, now: NaiveDateTime) -> bool {
    date >= now - chrono::Duration::days(RECENT_DAYS)
}

/// The calendar objects of the sessions to publish, by date.
pub(crate) fn wanted(
    data: &Dataset,
    composer: &Composer,
    now: NaiveDateTime,
    stamp: DateTime<Utc>,
) -> Vec<Wanted> {
    data.events
        .iter()
        .filter(|e| in_window(e.date, now))
        .map(|e| {
            let event = composer.calendar_event(data, e, None, stamp);
            Wanted {
                name: format!("{}.ics", e.id),
                event: e.id.clone(),
                uid: event.uid.clone(),
                body: object(&event),
                cancelled: e.status == crate::model::Status::Cancelled,
            }
        })
        .collect()
}

/// A calendar object resource: one VEVENT and no METHOD (RFC 4791 §4.1).
pub(crate) fn object(event: &ics::CalendarEvent) -> String {
    let mut out = String::new();
    out.push_str("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//jelly//jelly 0.1//FR\r\nCALSCALE:GREGORIAN\r\n");
    out.push_str(&ics::vevent(event));
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// The parts of a calendar object that matter to people, to tell whether
/// the server's copy is already right: unfolded, without DTSTAMP and
/// without the server's own additions, sorted (servers may reorder).
pub(crate) fn essence(text: &str) -> Vec<String> {
    const KEPT: &[&str] = &[
        "UID",
        "SEQUENCE",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "DESCRIPTION",
        "LOCATION",
        "GEO",
        "STATUS",
    ];
    let unfolded = text.replace("\r\n ", "").replace("\n ", "");
    let mut lines: Vec<String> = unfolded
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| {
            let name = l.split([':', ';']).next().unwrap_or("");
            KEPT.contains(&name.to_ascii_uppercase().as_str())
        })
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

/// The UID of a calendar object, if it has one.
pub(crate) fn uid_of(text: &str) -> Option<String> {
    let unfolded = text.replace("\r\n ", "").replace("\n ", "");
    unfolded
        .lines()
        .find_map(|l| l.trim_end_matches('\r').strip_prefix("UID:"))
        .map(str::to_string)
}

/// Which resources jelly may delete: `<id>.ics` named after a session id
/// that no longer exists in the data. (The caller also checks its UID is
/// one jelly gives, so nobody else's event in a shared calendar is touched.)
pub(crate) fn orphans<'a>(held: &'a [Held], data: &Dataset) -> Vec<&'a Held> {
    held.iter()
        .filter(|h| {
            h.name.strip_suffix(".ics").is_some_and(|stem| {
                crate::store::load::is_valid_event_id(stem) && data.event(stem).is_none()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn essence_ignores_folding_stamps_and_order() {
        let a = "BEGIN:VEVENT\r\nUID:x@d\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Jelly à Alès — un thème as long as\r\n  it needs\r\nSTATUS:CONFIRMED\r\nEND:VEVENT\r\n";
        let b = "BEGIN:VEVENT\nSTATUS:CONFIRMED\nSUMMARY:Jelly à Alès — un thème as long as \n it needs\nDTSTAMP:20270101T000000Z\nUID:x@d\nX-SERVER:1\nEND:VEVENT\n";
        assert_eq!(essence(a), essence(b));
        assert_eq!(uid_of(b).as_deref(), Some("x@d"));
        let c = a.replace("CONFIRMED", "CANCELLED");
        assert_ne!(essence(a), essence(&c));
    }

    #[test]
    fn only_resources_named_after_deleted_sessions_are_orphans() {
        let data = Dataset::default();
        let held = vec![
            Held {
                name: "2026-12-03-ales.ics".into(),
                etag: None,
            },
            Held {
                name: "anniversaire-de-paul.ics".into(),
                etag: None,
            },
        ];
        let names: Vec<&str> = orphans(&held, &data)
            .iter()
            .map(|h| h.name.as_str())
            .collect();
        assert_eq!(names, ["2026-12-03-ales.ics"]);
    }
}
