//! Folding one participant (OTHER) into another (KEEP), as values: what
//! KEEP gains, and what each session becomes. `participant merge` writes it.
//!
//! - KEEP gains the fields it lacks: address (with that address's
//!   `bounced` date), profession, `max_km`; `joined` becomes the earlier of
//!   the two; `mail = false` (a request for no more email) on either stays;
//!   `carpool` needs both to have agreed, since KEEP never did.
//! - In each session, OTHER becomes KEEP in `invited` and `attended`
//!   (attendance is the union, each person once, in their first place);
//!   OTHER's answer becomes KEEP's unless KEEP answered too (KEEP's wins).
//! - In each send journal, OTHER's lines become KEEP's, so nothing OTHER was
//!   sent goes again to KEEP.

use serde::Serialize;

use crate::model::{Event, Participant};

/// One field KEEP gains from OTHER: its name and value as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gained {
    pub field: &'static str,
    pub value: String,
}

/// KEEP as it becomes, and what it gained.
pub fn merged(keep: &Participant, other: &Participant) -> (Participant, Vec<Gained>) {
    let mut p = keep.clone();
    let mut gained = Vec::new();
    if p.email.is_none() {
        if let Some(email) = &other.email {
            p.email = Some(email.clone());
            gained.push(Gained {
                field: "email",
                value: email.clone(),
            });
            if let Some(date) = other.bounced {
                p.bounced = Some(date);
                gained.push(Gained {
                    field: "bounced",
                    value: date.to_string(),
                });
            }
        }
    }
    if p.profession.is_none() {
        if let Some(profession) = &other.profession {
            p.profession = Some(profession.clone());
            gained.push(Gained {
                field: "profession",
                value: profession.clone(),
            });
        }
    }
    if p.max_km.is_none() {
        if let Some(km) = other.max_km {
            p.max_km = Some(km);
            gained.push(Gained {
                field: "max_km",
                value: km.to_string(),
            });
        }
    }
    if let Some(joined) = other.joined {
        if p.joined.is_none_or(|j| joined < j) {
            p.joined = Some(joined);
            gained.push(Gained {
                field: "joined",
                value: joined.to_string(),
            });
        }
    }
    if p.mail && !other.mail {
        p.mail = false;
        gained.push(Gained {
            field: "mail",
            value: "false".into(),
        });
    }
    (p, gained)
}

/// What a merge changes in one session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionChange {
    pub event: String,
    pub invited: Vec<String>,
    pub attended: Vec<String>,
    /// OTHER's answer moves to KEEP (KEEP had none).
    pub answer_moved: bool,
    /// OTHER's answer is dropped (KEEP's wins).
    pub answer_dropped: bool,
}

/// `ids` with `other` replaced by `keep`, each id once, in its first place.
fn replaced(ids: &[String], keep: &str, other: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        let id = if id == other { keep } else { id.as_str() };
        if !out.iter().any(|o| o == id) {
            out.push(id.to_string());
        }
    }
    out
}

/// The change to `event`, if OTHER is in it.
pub fn session_change(event: &Event, keep: &str, other: &str) -> Option<SessionChange> {
    let named = event.invited.iter().any(|id| id == other)
        || event.attended.iter().any(|id| id == other)
        || event.rsvp.contains_key(other);
    if !named {
        return None;
    }
    let answered = event.rsvp.contains_key(other);
    let keep_answered = event.rsvp.contains_key(keep);
    Some(SessionChange {
        event: event.id.clone(),
        invited: replaced(&event.invited, keep, other),
        attended: replaced(&event.attended, keep, other),
        answer_moved: answered && !keep_answered,
        answer_dropped: answered && keep_answered,
    })
}

/// A journal's text with OTHER's lines made KEEP's; the number of lines
/// changed. Lines that are not entries (torn by a crash) are kept as they are.
pub fn journal_text(text: &str, keep: &str, other: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut changed = 0;
    for line in text.lines() {
        let rewritten = match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(mut entry))
                if entry.get("participant").and_then(|v| v.as_str()) == Some(other) =>
            {
                entry.insert("participant".into(), keep.into());
                serde_json::to_string(&entry).ok()
            }
            _ => None,
        };
        match rewritten {
            Some(line) => {
                changed += 1;
                out.push_str(&line);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    (out, changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Answer, Rsvp, Status};
    use crate::testing::participant;

    fn date(text: &str) -> chrono::NaiveDate {
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn keep_gains_only_what_it_lacks() {
        let keep = Participant {
            profession: Some("graphiste".into()),
            joined: Some(date("2024-05-01")),
            ..participant("zoe", "Zoé", "auch")
        };
        let other = Participant {
            email: Some("zoe@x.org".into()),
            profession: Some("autre".into()),
            max_km: Some(30.0),
            joined: Some(date("2023-01-10")),
            mail: false,
            ..participant("zoe-2", "Zoé", "auch")
        };
        let (p, gained) = merged(&keep, &other);
        assert_eq!(p.id, "zoe");
        assert_eq!(p.email.as_deref(), Some("zoe@x.org"));
        assert_eq!(p.profession.as_deref(), Some("graphiste"));
        assert_eq!(p.max_km, Some(30.0));
        assert_eq!(p.joined, Some(date("2023-01-10")));
        assert!(!p.mail);
        let fields: Vec<&str> = gained.iter().map(|g| g.field).collect();
        assert_eq!(fields, ["email", "max_km", "joined", "mail"]);
        let (_, none) = merged(&p, &keep);
        assert!(none.is_empty(), "{none:?}");
    }

    #[test]
    fn sessions_keep_one_of_each_and_keeps_answer_wins() {
        let at =
            chrono::NaiveDateTime::parse_from_str("2026-01-01 10:00", "%Y-%m-%d %H:%M").unwrap();
        let mut event = Event {
            id: "e".into(),
            date: at,
            venue: "v".into(),
            theme: None,
            status: Status::Held,
            invited: vec!["a".into(), "other".into(), "keep".into()],
            attended: vec!["other".into(), "keep".into()],
            rsvp: Default::default(),
            sequence: 0,
            cancel_reason: None,
            previous_date: None,
        };
        event.rsvp.insert(
            "other".into(),
            Rsvp {
                answer: Answer::No,
                at: None,
                offered: None,
                expired: false,
            },
        );
        let change = session_change(&event, "keep", "other").unwrap();
        assert_eq!(change.invited, ["a", "keep"]);
        assert_eq!(change.attended, ["keep"]);
        assert!(change.answer_moved && !change.answer_dropped);
        event.rsvp.insert(
            "keep".into(),
            Rsvp {
                answer: Answer::Yes,
                at: None,
                offered: None,
                expired: false,
            },
        );
        let change = session_change(&event, "keep", "other").unwrap();
        assert!(!change.answer_moved && change.answer_dropped);
        assert!(session_change(&event, "keep", "nobody").is_none());
    }

    #[test]
    fn journal_lines_of_other_become_keeps() {
        let text = "{\"participant\":\"other\",\"email\":\"o@x\"}\n{\"participant\":\"b\"}\ntorn {\"partic\n";
        let (out, changed) = journal_text(text, "keep", "other");
        assert_eq!(changed, 1);
        assert_eq!(
            out,
            "{\"participant\":\"keep\",\"email\":\"o@x\"}\n{\"participant\":\"b\"}\ntorn {\"partic\n"
        );
    }
}
