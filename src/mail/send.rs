//! The sending loop: first one connection (and login) is tried, so a wrong
//! password or an unreachable server stops the run before anything is
//! journaled; then several workers share one transport (for SMTP, a pool of
//! connections), journal an attempt before each message, retry what the
//! server defers (4xx), record what it refuses (5xx) and journal every
//! accepted message the moment it is accepted. A connection, TLS or login
//! failure stops everything: what was accepted before is journaled, the rest
//! is left for the next run.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::Result;
use crate::mail::compose::Composed;
use crate::mail::journal::{self, Entry, Kind, Outcome};
use crate::mail::transport::{SendError, Transport};

/// How to send.
#[derive(Debug, Clone)]
pub struct Options {
    /// Messages in flight at once.
    pub workers: usize,
    /// Extra attempts after a 4xx answer.
    pub retries: u32,
    /// Wait before the first retry; doubled each time.
    pub backoff: Duration,
    /// Show a progress bar on stderr.
    pub progress: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            workers: 8,
            retries: 3,
            backoff: Duration::from_millis(500),
            progress: false,
        }
    }
}

/// What happened to one message in this run (JSON: "sent", "failed",
/// "not_sent").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// The server accepted it.
    Sent,
    /// The server refused it for good.
    Failed,
    /// The run stopped before it (server unreachable, TLS).
    NotSent,
}

/// What happened to one message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delivery {
    pub participant: String,
    pub email: String,
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
    pub status: DeliveryStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The result of a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub deliveries: Vec<Delivery>,
    /// Why the run stopped early (server unreachable, TLS), if it did.
    pub aborted: Option<String>,
}

impl Report {
    pub fn count(&self, status: DeliveryStatus) -> usize {
        self.deliveries
            .iter()
            .filter(|d| d.status == status)
            .count()
    }
}

/// Sends `messages`, journaling each outcome in `journal_path`. `start` is
/// the run's "now" (the global `--now`, or the clock); journal times advance
/// from it with the real elapsed time.
pub fn deliver(
    transport: &dyn Transport,
    messages: &[Composed],
    journal_path: &Path,
    options: &Options,
    start: DateTime<Utc>,
) -> Result<Report> {
    journal::repair(journal_path)?;
    if !messages.is_empty() {
        if let Err(SendError::Connection(text) | SendError::Auth(text)) = transport.preflight() {
            return Ok(Report {
                deliveries: messages
                    .iter()
                    .map(|m| delivery(m, DeliveryStatus::NotSent, None))
                    .collect(),
                aborted: Some(text),
            });
        }
    }
    let began = Instant::now();
    let clock = || {
        let elapsed = chrono::Duration::from_std(began.elapsed()).unwrap_or_default();
        (start + elapsed).to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    };
    let progress = if options.progress && !messages.is_empty() {
        let bar = indicatif::ProgressBar::new(messages.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(bar)
    } else {
        None
    };
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let aborted: Mutex<Option<String>> = Mutex::new(None);
    let journal_error: Mutex<Option<crate::error::Error>> = Mutex::new(None);
    let results: Mutex<Vec<Option<Delivery>>> = Mutex::new(vec![None; messages.len()]);
    let workers = options.workers.clamp(1, messages.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let index = next.fetch_add(1, Ordering::SeqCst);
                let Some(message) = messages.get(index) else {
                    break;
                };
                let attempt = entry(message, Outcome::Attempt, None, clock());
                if let Err(e) = journal::append(journal_path, &attempt) {
                    stop.store(true, Ordering::SeqCst);
                    *journal_error.lock().unwrap() = Some(e);
                    break;
                }
                let outcome = send_with_retries(transport, message, options, &stop);
                let delivery = match outcome {
                    Ok(()) => {
                        let entry = entry(message, Outcome::Sent, None, clock());
                        if let Err(e) = journal::append(journal_path, &entry) {
                            // The message went out but could not be recorded:
                            // stop before sending more that would not be either.
                            stop.store(true, Ordering::SeqCst);
                            *journal_error.lock().unwrap() = Some(e);
                        }
                        delivery(message, DeliveryStatus::Sent, None)
                    }
                    Err(SendError::Permanent(text) | SendError::Transient(text)) => {
                        let entry = entry(message, Outcome::Failed, Some(text.clone()), clock());
                        if let Err(e) = journal::append(journal_path, &entry) {
                            stop.store(true, Ordering::SeqCst);
                            *journal_error.lock().unwrap() = Some(e);
                        }
                        delivery(message, DeliveryStatus::Failed, Some(text))
                    }
                    Err(SendError::Connection(text) | SendError::Auth(text)) => {
                        stop.store(true, Ordering::SeqCst);
                        aborted.lock().unwrap().get_or_insert(text.clone());
                        delivery(message, DeliveryStatus::NotSent, Some(text))
                    }
                };
                results.lock().unwrap()[index] = Some(delivery);
                if let Some(bar) = &progress {
                    bar.inc(1);
                }
            });
        }
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if let Some(e) = journal_error.into_inner().unwrap() {
        return Err(e);
    }
    let deliveries = results
        .into_inner()
        .unwrap()
        .into_iter()
        .zip(messages)
        .map(|(d, m)| d.unwrap_or_else(|| delivery(m, DeliveryStatus::NotSent, None)))
        .collect();
    Ok(Report {
        deliveries,
        aborted: aborted.into_inner().unwrap(),
    })
}

fn send_with_retries(
    transport: &dyn Transport,
    message: &Composed,
    options: &Options,
    stop: &AtomicBool,
) -> Result<(), SendError> {
    let mut wait = options.backoff;
    let mut attempt = 0;
    loop {
        match transport.send(
            &message.from_address,
            &message.email,
            &message.message_id,
            &message.bytes,
        ) {
            Err(SendError::Transient(text)) => {
                if attempt >= options.retries || stop.load(Ordering::SeqCst) {
                    return Err(SendError::Transient(text));
                }
                attempt += 1;
                std::thread::sleep(wait);
                wait *= 2;
            }
            other => return other,
        }
    }
}

fn entry(message: &Composed, outcome: Outcome, error: Option<String>, at: String) -> Entry {
    Entry {
        participant: message.participant.clone(),
        email: message.email.clone(),
        kind: message.kind,
        offset: message.offset.clone(),
        outcome,
        message_id: (outcome == Outcome::Sent).then(|| message.message_id.clone()),
        sequence: message.sequence,
        at,
        error,
        date: (outcome == Outcome::Sent && matches!(message.kind, Kind::Invitation | Kind::Update))
            .then(|| message.date.clone()),
        venue: (outcome == Outcome::Sent
            && matches!(message.kind, Kind::Invitation | Kind::Update))
        .then(|| message.venue.clone()),
    }
}

fn delivery(message: &Composed, status: DeliveryStatus, error: Option<String>) -> Delivery {
    Delivery {
        participant: message.participant.clone(),
        email: message.email.clone(),
        kind: message.kind,
        offset: message.offset.clone(),
        status,
        message_id: (status == DeliveryStatus::Sent).then(|| message.message_id.clone()),
        error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Defers the first two attempts for `slow@`, refuses `bad@` for good.
    struct Flaky {
        attempts: Mutex<Vec<String>>,
    }

    impl Transport for Flaky {
        fn send(&self, _from: &str, to: &str, _id: &str, _bytes: &[u8]) -> Result<(), SendError> {
            let mut attempts = self.attempts.lock().unwrap();
            attempts.push(to.to_string());
            let tries = attempts.iter().filter(|a| *a == to).count();
            match to {
                "slow@example.org" if tries <= 2 => {
                    Err(SendError::Transient("451 try later".into()))
                }
                "bad@example.org" => Err(SendError::Permanent("550 no such user".into())),
                _ => Ok(()),
            }
        }
    }

    fn message(participant: &str) -> Composed {
        Composed {
            participant: participant.into(),
            email: format!("{participant}@example.org"),
            kind: Kind::Invitation,
            offset: None,
            sequence: 0,
            subject: String::new(),
            text: String::new(),
            html: String::new(),
            ics: None,
            message_id: format!("<{participant}@example.org>"),
            from_address: "contact@example.org".into(),
            date: "2026-12-03T18:30".into(),
            venue: "v".into(),
            bytes: b"x".to_vec(),
        }
    }

    #[test]
    fn deferred_messages_are_retried_and_refused_ones_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.journal");
        let transport = Flaky {
            attempts: Mutex::new(Vec::new()),
        };
        let options = Options {
            workers: 2,
            retries: 3,
            backoff: Duration::from_millis(1),
            progress: false,
        };
        let messages = vec![message("ok"), message("slow"), message("bad")];
        let report = deliver(&transport, &messages, &path, &options, Utc::now()).unwrap();
        assert_eq!(report.count(DeliveryStatus::Sent), 2);
        assert_eq!(report.count(DeliveryStatus::Failed), 1);
        let entries: Vec<_> = journal::read(&path)
            .unwrap()
            .into_iter()
            .filter(|e| e.outcome != Outcome::Attempt)
            .collect();
        assert_eq!(entries.len(), 3);
        assert!(journal::uncertain(&journal::read(&path).unwrap()).is_empty());
        let bad = entries.iter().find(|e| e.participant == "bad").unwrap();
        assert_eq!(bad.outcome, Outcome::Failed);
        assert_eq!(bad.error.as_deref(), Some("550 no such user"));
        assert_eq!(
            transport
                .attempts
                .lock()
                .unwrap()
                .iter()
                .filter(|a| a.starts_with("slow"))
                .count(),
            3
        );
    }

    struct Down;
    impl Transport for Down {
        fn send(&self, _: &str, _: &str, _: &str, _: &[u8]) -> Result<(), SendError> {
            Err(SendError::Connection("connection refused".into()))
        }
        fn preflight(&self) -> Result<(), SendError> {
            Err(SendError::Connection("connection refused".into()))
        }
    }

    /// Logs in fine, then loses the connection on the second message.
    struct Drops {
        sent: AtomicUsize,
    }
    impl Transport for Drops {
        fn send(&self, _: &str, _: &str, _: &str, _: &[u8]) -> Result<(), SendError> {
            if self.sent.fetch_add(1, Ordering::SeqCst) == 0 {
                Ok(())
            } else {
                Err(SendError::Connection("connection reset".into()))
            }
        }
    }

    #[test]
    fn a_connection_lost_mid_run_leaves_the_message_uncertain() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.journal");
        let options = Options {
            workers: 1,
            ..Options::default()
        };
        let transport = Drops {
            sent: AtomicUsize::new(0),
        };
        let messages = [message("a"), message("b"), message("c")];
        let report = deliver(&transport, &messages, &path, &options, Utc::now()).unwrap();
        assert!(report.aborted.is_some());
        assert_eq!(report.count(DeliveryStatus::Sent), 1);
        let entries = journal::read(&path).unwrap();
        let open: Vec<&str> = journal::uncertain(&entries)
            .iter()
            .map(|e| e.participant.as_str())
            .collect();
        assert_eq!(open, ["b"], "{entries:?}");
    }

    #[test]
    fn an_unreachable_server_journals_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.journal");
        let report = deliver(
            &Down,
            &[message("a"), message("b")],
            &path,
            &Options::default(),
            Utc::now(),
        )
        .unwrap();
        assert!(report.aborted.is_some());
        assert_eq!(report.count(DeliveryStatus::Sent), 0);
        assert!(journal::read(&path).unwrap().is_empty());
    }
}
