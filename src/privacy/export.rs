//! Everything the association holds about one person, as one JSON document
//! (the GDPR right of access): their record as written in
//! participants.toml (every key, including those `jelly inbox` sets), every
//! session they appear in with their answer and attendance, and every
//! message sent to them according to the sessions' journals.

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::mail::journal::{Entry, Outcome};
use crate::model::{Dataset, Participant};

/// The journal of one session.
pub(crate) struct Journal<'a> {
    pub(crate) event: &'a str,
    pub(crate) entries: Vec<Entry>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Session {
    pub(crate) event: String,
    /// Local time, `YYYY-MM-DDTHH:MM:SS`.
    pub(crate) date: String,
    pub(crate) status: &'static str,
    pub(crate) venue: String,
    pub(crate) venue_name: Option<String>,
    pub(crate) village: Option<String>,
    pub(crate) theme: Option<String>,
    pub(crate) invited: bool,
    /// yes | no | maybe; null without an answer.
    pub(crate) answer: Option<&'static str>,
    pub(crate) answered_at: Option<String>,
    pub(crate) attended: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct Message {
    pub(crate) event: String,
    pub(crate) kind: &'static str,
    /// The reminder offset ("7d") for reminders.
    pub(crate) offset: Option<String>,
    /// When the server accepted (or refused) it, RFC 3339 UTC.
    pub(crate) at: String,
    pub(crate) email: String,
    pub(crate) message_id: Option<String>,
    /// attempt (handed to the server, no answer journaled) | sent | failed
    pub(crate) outcome: &'static str,
    pub(crate) error: Option<String>,
}

/// The export of `participant`. `record` is their `[[participant]]` table as
/// written; `journals` the journals of the sessions.
pub(crate) fn export(
    data: &Dataset,
    participant: &Participant,
    record: Map<String, Value>,
    journals: &[Journal],
    exported_at: &str,
) -> Value {
    let id = participant.id.as_str();
    let sessions: Vec<Session> = data
        .events
        .iter()
        .filter(|e| {
            e.invited.iter().any(|p| p == id)
                || e.attended.iter().any(|p| p == id)
                || e.rsvp.contains_key(id)
        })
        .map(|e| {
            let venue = data.venue(&e.venue);
            let rsvp = e.rsvp.get(id);
            Session {
                event: e.id.clone(),
                date: e.date.format("%Y-%m-%dT%H:%M:%S").to_string(),
                status: e.status.as_str(),
                venue: e.venue.clone(),
                venue_name: venue.map(|v| v.name.clone()),
                village: venue
                    .and_then(|v| data.village(&v.village))
                    .map(|v| v.name.clone()),
                theme: e.theme.clone(),
                invited: e.invited.iter().any(|p| p == id),
                answer: rsvp.map(|r| r.answer.as_str()),
                answered_at: rsvp
                    .and_then(|r| r.at)
                    .map(|at| at.format("%Y-%m-%dT%H:%M:%S").to_string()),
                attended: e.attended.iter().any(|p| p == id),
            }
        })
        .collect();
    let email = participant.email.as_deref().map(str::to_lowercase);
    let mut messages: Vec<Message> = Vec::new();
    for journal in journals {
        let theirs: Vec<&Entry> = journal
            .entries
            .iter()
            .filter(|m| m.participant == id || Some(m.email.to_lowercase()) == email)
            .collect();
        // An attempt line is followed by the server's answer; it is shown
        // alone only when no answer was journaled.
        let answered = |a: &Entry| {
            theirs.iter().any(|m| {
                m.outcome != Outcome::Attempt
                    && m.kind == a.kind
                    && m.sequence == a.sequence
                    && m.offset == a.offset
            })
        };
        for m in &theirs {
            if m.outcome == Outcome::Attempt && answered(m) {
                continue;
            }
            messages.push(Message {
                event: journal.event.to_string(),
                kind: m.kind.as_str(),
                offset: m.offset.clone(),
                at: m.at.clone(),
                email: m.email.clone(),
                message_id: m.message_id.clone(),
                outcome: match m.outcome {
                    Outcome::Attempt => "attempt",
                    Outcome::Sent => "sent",
                    Outcome::Failed => "failed",
                },
                error: m.error.clone(),
            });
        }
    }
    // What `jelly inbox` records in the record itself.
    let mut inbox = Map::new();
    for key in ["bounced", "mail"] {
        if let Some(value) = record.get(key) {
            inbox.insert(key.to_string(), value.clone());
        }
    }
    json!({
        "participant": id,
        "exported_at": exported_at,
        "association": data.config.association.name,
        "record": record,
        "inbox": inbox,
        "sessions": sessions,
        "messages": messages,
    })
}

/// A TOML value as JSON (dates as their TOML text, e.g. `2014-06-05`).
pub(crate) fn toml_to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// The `[[participant]]` table of `id` in the text of participants.toml.
pub(crate) fn record_of(participants_toml: &str, id: &str) -> Option<Map<String, Value>> {
    let doc: toml::Table = toml::from_str(participants_toml).ok()?;
    doc.get("participant")?
        .as_array()?
        .iter()
        .filter_map(|t| t.as_table())
        .find(|t| t.get("id").and_then(|v| v.as_str()) == Some(id))
        .map(|t| {
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect()
        })
}
