//! The journal of a session's emails: `events/<id>.journal`, one JSON object
//! per line, appended (and fsynced). Each message gets an `attempt` line
//! before it is handed to the server, then a `sent` line right after the
//! server accepts it, or `failed` after it refuses it for good. Nothing is
//! ever rewritten: a rerun reads it to send only what is missing, and knows
//! which sends are uncertain (an attempt without an outcome: the run was
//! killed, or the server stalled, between the two). A last line torn by a
//! crash is ignored.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::atomic::append_line_durably;

/// What a message was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Invitation,
    Update,
    Cancellation,
    Reminder,
    /// A message of `jelly mail` (journaled under `mailings/`).
    Mailing,
    /// Waiting list: "you are on the list, number N".
    Waitlisted,
    /// Waiting list: "a seat is free, it is yours until …".
    Offer,
    /// Waiting list: "your offer ran out; the seat went to the next".
    #[serde(rename = "offer_expired")]
    OfferExpired,
    /// A date poll's message (`jelly poll send`).
    Poll,
    /// A date poll's reminder (`jelly poll remind`).
    #[serde(rename = "poll_reminder")]
    PollReminder,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Invitation => "invitation",
            Kind::Update => "update",
            Kind::Cancellation => "cancellation",
            Kind::Reminder => "reminder",
            Kind::Mailing => "mailing",
            Kind::Waitlisted => "waitlisted",
            Kind::Offer => "offer",
            Kind::OfferExpired => "offer_expired",
            Kind::Poll => "poll",
            Kind::PollReminder => "poll_reminder",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// About to be handed to the server: the outcome follows, unless the
    /// run dies first.
    Attempt,
    /// The server accepted the message.
    Sent,
    /// The server refused it for good (5xx); `error` holds its answer.
    Failed,
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The participant id.
    pub participant: String,
    pub email: String,
    pub kind: Kind,
    /// The reminder offset as written in `[mail] reminders` ("7d").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
    pub outcome: Outcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The iCalendar SEQUENCE the message carried.
    pub sequence: u32,
    /// RFC 3339, UTC.
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The session's date and venue the message announced (invitations and
    /// updates), so that the next update can show what changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
}

impl Entry {
    /// What identifies one message: (participant, kind, offset, sequence).
    fn key(&self) -> (&str, Kind, Option<&str>, u32) {
        (
            self.participant.as_str(),
            self.kind,
            self.offset.as_deref(),
            self.sequence,
        )
    }
}

/// The attempts that have no outcome after them: the server may or may not
/// have the message. Resending them is safe, as a resend carries the same
/// Message-ID.
pub fn uncertain(entries: &[Entry]) -> Vec<&Entry> {
    let mut open: Vec<&Entry> = Vec::new();
    for entry in entries {
        open.retain(|e| e.key() != entry.key());
        if entry.outcome == Outcome::Attempt {
            open.push(entry);
        }
    }
    open
}

/// Was the message (participant, kind, offset, sequence) attempted without
/// an outcome?
pub fn is_uncertain(
    uncertain: &[&Entry],
    participant: &str,
    kind: Kind,
    offset: Option<&str>,
    sequence: u32,
) -> bool {
    uncertain
        .iter()
        .any(|e| e.key() == (participant, kind, offset, sequence))
}

/// The last invitation or update `participant` was sent (for its date and
/// venue).
pub fn last_invitation<'a>(entries: &'a [Entry], participant: &str) -> Option<&'a Entry> {
    entries.iter().rev().find(|e| {
        e.participant == participant
            && e.outcome == Outcome::Sent
            && matches!(e.kind, Kind::Invitation | Kind::Update)
    })
}

/// Every complete entry of the journal at `path` (none if it does not exist).
/// Lines that are not valid entries (a line torn by a crash) are skipped.
pub fn read(path: &Path) -> Result<Vec<Entry>> {
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    Ok(parse(&text))
}

/// The entries of a journal's text; lines that do not parse are skipped.
pub fn parse(text: &str) -> Vec<Entry> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// Makes sure the journal ends with a newline, so that the next entry does
/// not glue onto a line torn by an earlier crash. Call it once, under the
/// session's send lock, before appending.
pub fn repair(path: &Path) -> Result<()> {
    let mut file = match std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if len == 0 {
        return Ok(());
    }
    let mut last = [0u8; 1];
    file.seek(SeekFrom::Start(len - 1))
        .and_then(|_| file.read_exact(&mut last))
        .map_err(|e| Error::io(path, e))?;
    if last[0] != b'\n' {
        file.write_all(b"\n")
            .and_then(|_| file.sync_data())
            .map_err(|e| Error::io(path, e))?;
    }
    Ok(())
}

/// Appends one entry durably.
pub fn append(path: &Path, entry: &Entry) -> Result<()> {
    let line = serde_json::to_string(entry)
        .map_err(|e| Error::runtime(format!("{}: {e}", path.display())))?;
    append_line_durably(path, &line)
}

/// The highest SEQUENCE of an invitation or update accepted for `participant`.
pub fn invited_sequence(entries: &[Entry], participant: &str) -> Option<u32> {
    entries
        .iter()
        .filter(|e| {
            e.participant == participant
                && e.outcome == Outcome::Sent
                && matches!(e.kind, Kind::Invitation | Kind::Update)
        })
        .map(|e| e.sequence)
        .max()
}

/// Was `participant` sent the message of `kind` named `offset` (a
/// mailing's or a waiting-list step's stamp), whatever the SEQUENCE?
pub fn sent_once(entries: &[Entry], participant: &str, kind: Kind, offset: &str) -> bool {
    entries.iter().any(|e| {
        e.participant == participant
            && e.outcome == Outcome::Sent
            && e.kind == kind
            && e.offset.as_deref() == Some(offset)
    })
}

/// Was `participant` sent a cancellation already?
pub fn cancelled(entries: &[Entry], participant: &str) -> bool {
    entries.iter().any(|e| {
        e.participant == participant && e.outcome == Outcome::Sent && e.kind == Kind::Cancellation
    })
}

/// Was `participant` sent the reminder at `offset` already?
pub fn reminded(entries: &[Entry], participant: &str, offset: &str) -> bool {
    entries.iter().any(|e| {
        e.participant == participant
            && e.outcome == Outcome::Sent
            && e.kind == Kind::Reminder
            && e.offset.as_deref() == Some(offset)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(participant: &str, kind: Kind, sequence: u32) -> Entry {
        Entry {
            participant: participant.into(),
            email: format!("{participant}@example.org"),
            kind,
            offset: None,
            outcome: Outcome::Sent,
            message_id: Some("<x@example.org>".into()),
            sequence,
            at: "2026-11-20T09:00:00Z".into(),
            error: None,
            date: None,
            venue: None,
        }
    }

    #[test]
    fn an_attempt_without_an_outcome_is_uncertain() {
        let attempt = |p: &str| Entry {
            outcome: Outcome::Attempt,
            message_id: None,
            ..entry(p, Kind::Invitation, 0)
        };
        let entries = vec![
            attempt("noemie"),
            attempt("agnes"),
            entry("noemie", Kind::Invitation, 0),
            attempt("gaetan"),
        ];
        let open = uncertain(&entries);
        let ids: Vec<&str> = open.iter().map(|e| e.participant.as_str()).collect();
        assert_eq!(ids, ["agnes", "gaetan"]);
        assert!(is_uncertain(&open, "agnes", Kind::Invitation, None, 0));
        assert!(!is_uncertain(&open, "agnes", Kind::Invitation, None, 1));
        assert!(!is_uncertain(&open, "noemie", Kind::Invitation, None, 0));
    }

    #[test]
    fn a_torn_last_line_is_ignored_and_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.journal");
        append(&path, &entry("noemie", Kind::Invitation, 0)).unwrap();
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        file.write_all(b"{\"participant\":\"agn").unwrap();
        drop(file);
        assert_eq!(read(&path).unwrap().len(), 1);
        repair(&path).unwrap();
        append(&path, &entry("agnes", Kind::Invitation, 0)).unwrap();
        let entries = read(&path).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].participant, "agnes");
    }

    #[test]
    fn sequences_and_reminders_are_found() {
        let mut reminder = entry("noemie", Kind::Reminder, 0);
        reminder.offset = Some("7d".into());
        let mut failed = entry("agnes", Kind::Update, 4);
        failed.outcome = Outcome::Failed;
        let entries = vec![
            entry("noemie", Kind::Invitation, 0),
            entry("noemie", Kind::Update, 1),
            reminder,
            failed,
        ];
        assert_eq!(invited_sequence(&entries, "noemie"), Some(1));
        assert_eq!(invited_sequence(&entries, "agnes"), None);
        assert!(reminded(&entries, "noemie", "7d"));
        assert!(!reminded(&entries, "noemie", "1d"));
        assert!(!cancelled(&entries, "noemie"));
    }
}
