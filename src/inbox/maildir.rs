//! A Maildir (mbsync, fetchmail, getmail or local delivery): the messages
//! no mail program has seen yet are the files of `new/`; those a mail
//! program already opened are in `cur/` with their flags after `:2,`.
//! jelly reads both, and remembers what it handled with a flag of its own,
//! [`HANDLED_FLAG`]: a handled message of `new/` moves to `cur/` flagged
//! seen (`S`) and handled; a message of `cur/` only gains the flag. A
//! message listed for a person stays in `new/`, unflagged, so that the
//! organiser's mail program still shows it as new.
//!
//! Only regular files are read (a folder, a FIFO, a dangling symlink in
//! `new/` is listed and skipped; a FIFO is never opened for reading), each
//! at most [`MAX_MESSAGE_BYTES`]. The directory walk is hand-written (the
//! `maildir` crate stops at the first unreadable entry and follows
//! symlinks).

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::inbox::{Fetched, Listed, Mailbox, MAX_MESSAGE_BYTES};

/// The Maildir flag jelly adds to a message it handled: a lower-case
/// letter, which Maildir keeps for keywords (Dovecot), so mail programs
/// leave it alone.
pub const HANDLED_FLAG: char = 'j';

pub struct MaildirBox {
    path: PathBuf,
    /// Id (the file name) → (in cur/?, path).
    files: HashMap<String, (bool, PathBuf)>,
}

impl MaildirBox {
    pub fn open(path: PathBuf) -> Result<MaildirBox> {
        if !path.join("new").is_dir() || !path.join("cur").is_dir() {
            return Err(Error::io(
                path.join("new"),
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "not a Maildir (no new/ or cur/)",
                ),
            ));
        }
        Ok(MaildirBox {
            path,
            files: HashMap::new(),
        })
    }
}

/// The flags of a file name of `cur/` (`1764660000.M1P2.host:2,FS`).
fn flags(name: &str) -> &str {
    name.rsplit_once(":2,").map_or("", |(_, flags)| flags)
}

/// The delivery time a Maildir file name starts with (seconds since 1970,
/// written by the MDA that received the message: `1764660000.M1P2.host`).
pub fn delivery_time(name: &str) -> Option<DateTime<Utc>> {
    let seconds = name.split(['.', ':']).next()?;
    if seconds.is_empty() || seconds.len() > 11 || !seconds.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    DateTime::from_timestamp(seconds.parse().ok()?, 0)
}

impl Mailbox for MaildirBox {
    fn list(&mut self) -> Result<Vec<Listed>> {
        let mut listed = Vec::new();
        for (sub, in_cur) in [("new", false), ("cur", true)] {
            let dir = self.path.join(sub);
            let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
            for entry in entries {
                let Ok(entry) = entry else { continue };
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                if in_cur && flags(&name).contains(HANDLED_FLAG) {
                    continue;
                }
                // file_type() does not follow a symlink: a link is not a file.
                let metadata = entry.metadata();
                let problem = match &metadata {
                    Ok(m) if !m.file_type().is_file() => Some("not_a_file"),
                    Ok(m) if m.len() > MAX_MESSAGE_BYTES => Some("too_large"),
                    Ok(_) => None,
                    Err(_) => Some("unreadable_file"),
                };
                let received = delivery_time(&name).or_else(|| {
                    metadata
                        .as_ref()
                        .ok()
                        .and_then(|m| m.modified().ok())
                        .map(DateTime::<Utc>::from)
                });
                self.files.insert(name.clone(), (in_cur, entry.path()));
                listed.push(Listed {
                    id: name,
                    message_id: None,
                    received,
                    problem,
                    seen: in_cur,
                });
            }
        }
        listed.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(listed)
    }

    fn fetch(&mut self, ids: &[String]) -> Result<Vec<(String, Fetched)>> {
        use rayon::prelude::*;
        Ok(ids
            .par_iter()
            .filter_map(|id| self.files.get(id).map(|(_, path)| (id, path)))
            .map(|(id, path)| (id.clone(), read_message(path)))
            .collect())
    }

    fn done(&mut self, ids: &[String]) -> Result<()> {
        let cur = self.path.join("cur");
        for id in ids {
            let Some((in_cur, path)) = self.files.get(id) else {
                continue;
            };
            let (base, old_flags) = if *in_cur {
                match id.rsplit_once(":2,") {
                    Some((base, flags)) => (base, flags),
                    None => (id.as_str(), ""),
                }
            } else {
                (id.as_str(), "S")
            };
            let mut new_flags: Vec<char> = old_flags.chars().collect();
            new_flags.push(HANDLED_FLAG);
            new_flags.sort_unstable();
            new_flags.dedup();
            let target = cur.join(format!(
                "{base}:2,{}",
                new_flags.into_iter().collect::<String>()
            ));
            std::fs::rename(path, &target).map_err(|e| Error::io(path, e))?;
        }
        if !ids.is_empty() {
            crate::store::atomic::sync_dir(&self.path.join("new"));
            crate::store::atomic::sync_dir(&cur);
        }
        Ok(())
    }
}

/// One message file: a regular file (checked on the open file, so a file
/// swapped for a FIFO after the listing is not read), at most
/// [`MAX_MESSAGE_BYTES`]. `O_NONBLOCK` so that opening a FIFO never waits
/// for a writer; `O_NOFOLLOW` so that a symlink is not followed.
fn read_message(path: &Path) -> Fetched {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
        .map_err(|_| "unreadable_file")?;
    let metadata = file.metadata().map_err(|_| "unreadable_file")?;
    if !metadata.file_type().is_file() {
        return Err("not_a_file");
    }
    if metadata.len() > MAX_MESSAGE_BYTES {
        return Err("too_large");
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    (&mut file)
        .take(MAX_MESSAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| "unreadable_file")?;
    if bytes.len() as u64 > MAX_MESSAGE_BYTES {
        return Err("too_large");
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delivery_time_is_read_from_the_file_name() {
        assert_eq!(
            delivery_time("1764660000.M1P2.host").map(|t| t.timestamp()),
            Some(1764660000)
        );
        assert_eq!(delivery_time("x.M1P2.host"), None);
        assert_eq!(delivery_time("99999999999999999999.x"), None);
        assert_eq!(flags("1.x.host:2,FS"), "FS");
        assert_eq!(flags("1.x.host"), "");
    }
}
