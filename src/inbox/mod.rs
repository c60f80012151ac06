//! Reading the association's mailbox for `jelly inbox`: an IMAP folder or a
//! Maildir behind one small [`Mailbox`] interface, each message understood
//! by [`parse`], and the [`journal`] that makes a rerun a no-op.

pub mod answer_link;
pub mod authorise;
pub mod imap;
pub mod journal;
pub mod maildir;
pub mod parse;

use chrono::{DateTime, Utc};

use crate::error::Result;

/// The largest message jelly reads (25 MiB, the usual limit of a mail
/// server): a larger one is listed for a person, never read.
pub const MAX_MESSAGE_BYTES: u64 = 25 * 1024 * 1024;

/// A message in the mailbox, before it is read.
#[derive(Debug, Clone)]
pub struct Listed {
    /// Its handle in this mailbox: an IMAP UID, a Maildir file id.
    pub id: String,
    /// Its Message-ID, `<…>`, when the mailbox tells it without the body.
    pub message_id: Option<String>,
    /// When the association's server received it (IMAP INTERNALDATE, the
    /// delivery time of a Maildir file name): never the sender's `Date:`.
    pub received: Option<DateTime<Utc>>,
    /// Why it cannot be read (`not_a_file`, `too_large`): listed for a
    /// person and skipped, never the whole run.
    pub problem: Option<&'static str>,
    /// Already opened by a mail program (Maildir `cur/`): whatever jelly
    /// makes of it, [`Mailbox::done`] marks it so it is not read again.
    pub seen: bool,
}

/// What [`Mailbox::fetch`] gives for one message: its bytes, or why they
/// could not be read (`unreadable_file`, `too_large`, `not_a_file`).
pub type Fetched = std::result::Result<Vec<u8>, &'static str>;

/// Where the messages are.
pub trait Mailbox {
    /// Every message waiting in the folder.
    fn list(&mut self) -> Result<Vec<Listed>>;
    /// The bytes of these messages (ids from [`Mailbox::list`]), in one go.
    /// A message that cannot be read is given with why, never fails the run.
    fn fetch(&mut self, ids: &[String]) -> Result<Vec<(String, Fetched)>>;
    /// Moves these messages out of the way (IMAP: to `done_folder`;
    /// Maildir: flagged seen and handled, in `cur/`).
    fn done(&mut self, ids: &[String]) -> Result<()>;
    /// Ends the session politely.
    fn close(&mut self) {}
}
