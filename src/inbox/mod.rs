//! Reading the association's mailbox for `jelly inbox`: an IMAP folder or a
//! Maildir behind one small [`Mailbox`] interface, each message understood
//! by [`parse`], and the [`journal`] that makes a rerun a no-op.

pub mod answer_link;
pub mod imap;
pub mod journal;
pub mod maildir;
pub mod parse;

use crate::error::Result;

/// A message in the mailbox, before it is read.
#[derive(Debug, Clone)]
pub struct Listed {
    /// Its handle in this mailbox: an IMAP UID, a Maildir file id.
    pub id: String,
    /// Its Message-ID, `<…>`, when the mailbox tells it without the body.
    pub message_id: Option<String>,
}

/// Where the messages are.
pub trait Mailbox {
    /// Every message waiting in the folder.
    fn list(&mut self) -> Result<Vec<Listed>>;
    /// The bytes of these messages (ids from [`Mailbox::list`]), in one go.
    fn fetch(&mut self, ids: &[String]) -> Result<Vec<(String, Vec<u8>)>>;
    /// Moves these messages out of the way (IMAP: to `done_folder`;
    /// Maildir: flagged seen and moved to `cur/`).
    fn done(&mut self, ids: &[String]) -> Result<()>;
    /// When the association's server received each of these messages (IMAP
    /// INTERNALDATE, a Maildir file name's delivery time): never the Date
    /// header a sender writes. Messages it cannot tell are left out.
    fn received(
        &mut self,
        ids: &[String],
    ) -> Result<std::collections::HashMap<String, chrono::DateTime<chrono::Utc>>> {
        let _ = ids;
        Ok(Default::default())
    }
    /// Ends the session politely.
    fn close(&mut self) {}
}
