//! Email: composition as pure values (templates, iCalendar), transports
//! (SMTP, .eml files, sendmail), the sending loop and the per-session journal.

pub mod answer_links;
pub mod answer_token;
pub mod carpool;
pub mod compose;
pub mod ics;
pub mod journal;
pub mod members;
pub mod poll_message;
pub mod send;
pub mod session;
pub mod settings;
pub mod transport;
pub mod unsubscribe;
pub mod waitlist;

use crate::error::Result;
use crate::store::{DataDir, Lock};

/// The lock held while sending anything for one session, so that two runs
/// (two `invite`, or `invite` and `remind`) never send the same message twice:
/// the second waits, then reads the journal the first one wrote.
pub fn send_lock(dir: &DataDir, event_id: &str) -> Result<Lock> {
    Lock::acquire(&dir.events().join(format!(".{event_id}.send.lock")))
}
