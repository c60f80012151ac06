//! A Maildir (mbsync, fetchmail, getmail or local delivery): the messages
//! no mail program has seen yet are the files of `new/`; a handled one is
//! flagged seen (`S`) and moved to `cur/` (the `maildir` crate).

use std::collections::HashMap;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::inbox::{Listed, Mailbox};

pub struct MaildirBox {
    path: PathBuf,
    maildir: maildir::Maildir,
    files: HashMap<String, PathBuf>,
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
            maildir: maildir::Maildir::from(path.clone()),
            path,
            files: HashMap::new(),
        })
    }
}

impl Mailbox for MaildirBox {
    fn list(&mut self) -> Result<Vec<Listed>> {
        let mut listed = Vec::new();
        for entry in self.maildir.list_new() {
            let entry = entry.map_err(|e| Error::io(self.path.join("new"), e))?;
            self.files
                .insert(entry.id().to_string(), entry.path().clone());
            listed.push(Listed {
                id: entry.id().to_string(),
                message_id: None,
            });
        }
        listed.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(listed)
    }

    fn fetch(&mut self, ids: &[String]) -> Result<Vec<(String, Vec<u8>)>> {
        use rayon::prelude::*;
        ids.par_iter()
            .filter_map(|id| self.files.get(id).map(|path| (id, path)))
            .map(|(id, path)| {
                std::fs::read(path)
                    .map(|bytes| (id.clone(), bytes))
                    .map_err(|e| Error::io(path, e))
            })
            .collect()
    }

    fn received(
        &mut self,
        ids: &[String],
    ) -> Result<HashMap<String, chrono::DateTime<chrono::Utc>>> {
        Ok(ids
            .iter()
            .filter_map(|id| delivery_time(id).map(|at| (id.clone(), at)))
            .collect())
    }

    fn done(&mut self, ids: &[String]) -> Result<()> {
        for id in ids {
            self.maildir
                .move_new_to_cur_with_flags(id, "S")
                .map_err(|e| Error::io(self.path.join("new").join(id), e))?;
        }
        if !ids.is_empty() {
            crate::store::atomic::sync_dir(&self.path.join("new"));
            crate::store::atomic::sync_dir(&self.path.join("cur"));
        }
        Ok(())
    }
}

/// The delivery time a Maildir file name starts with (`1733300000.M…`,
/// seconds since the epoch, written by the delivering program).
pub fn delivery_time(name: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let seconds: i64 = name.split('.').next()?.parse().ok()?;
    chrono::DateTime::from_timestamp(seconds, 0)
}
