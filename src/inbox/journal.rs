//! The journal of handled messages, `inbox.journal` in the data directory:
//! one line per message, `KEY<TAB>OUTCOME<TAB>WHEN`, appended and synced
//! after the data written from the message is durable. A message whose key
//! is there is never acted on again, even if moving it out of the inbox
//! failed; it is only moved.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::error::{Error, Result};

/// Key → outcome of every message already handled.
pub fn read(path: &Path) -> Result<HashMap<String, String>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    Ok(text
        .lines()
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let key = fields.next()?;
            let outcome = fields.next()?;
            Some((key.to_string(), outcome.to_string()))
        })
        .collect())
}

/// Appends `entries` (key, outcome) and waits until they are on disk.
pub fn append(path: &Path, entries: &[(String, &str)], at: DateTime<Utc>) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let when = at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut text = String::new();
    for (key, outcome) in entries {
        text.push_str(&format!("{key}\t{outcome}\t{when}\n"));
    }
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    };
    write().map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("inbox.journal");
        assert!(read(&path).unwrap().is_empty());
        let at = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        append(
            &path,
            &[
                ("<a@x>".into(), "rsvp"),
                ("fnv:00ff".into(), "needs_a_person"),
            ],
            at,
        )
        .unwrap();
        append(&path, &[("<b@x>".into(), "bounced")], at).unwrap();
        let journal = read(&path).unwrap();
        assert_eq!(journal.len(), 3);
        assert_eq!(journal["<a@x>"], "rsvp");
        assert_eq!(journal["fnv:00ff"], "needs_a_person");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("<a@x>\trsvp\t2027-01-15T08:00:00Z\n"),
            "{text}"
        );
    }
}
