//! Erasing one person everywhere (the GDPR right to erasure), while every
//! past session keeps its counts:
//!
//! - session files (`events/*.toml`): their id, wherever it is a list item,
//!   a table key (`[rsvp]`) or a value in a table, becomes their anonymous
//!   token; the session's own keys (date, venue, theme…) are left alone;
//! - journals (`events/*.journal`): their lines keep kind, time, outcome and
//!   SEQUENCE, so nothing is ever sent twice, but the participant becomes the
//!   token, the address its keyed hash, and the id inside the Message-ID the
//!   token; a torn line that mentions them is dropped; in other people's
//!   lines, their name and address give way to a neutral word (« un membre »);
//! - the outbox (`[mail] outbox`, the file transport's copies): their own
//!   messages are deleted; in other people's (a car-sharing line naming
//!   them), only their name and address give way to the neutral word;
//! - inbox.journal: a mention of their address gives way to it too;
//! - participants.toml: their `[[participant]]` entry (with the comment
//!   lines just above it) is removed — last, so that a crash half-way leaves
//!   a directory that `check` accepts and a rerun finishes.
//!
//! Everything is computed in memory first; then each file is replaced
//! atomically, under the directory's lock (taken by the caller).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;
use toml_edit::{Item, Key as TomlKey, Value};

use crate::error::{Error, Result};
use crate::model::{Dataset, Participant};
use crate::privacy::{scrub, Key};
use crate::store::edit::EditableFile;
use crate::store::{write_atomic, DataDir};

/// What was (or would be) erased.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Report {
    pub(crate) participant: String,
    /// The anonymous token that stands for them in past sessions.
    pub(crate) token: String,
    /// Session files where their id was replaced.
    pub(crate) sessions: Vec<String>,
    /// Date polls whose votes of theirs were removed.
    pub(crate) polls: Vec<String>,
    /// Journal lines anonymised (or dropped, when torn).
    pub(crate) journal_lines: usize,
    /// Outbox .eml files deleted: the person's own messages.
    pub(crate) outbox_files: usize,
    /// Other people's outbox messages where the person's name or address
    /// gave way to a neutral word.
    pub(crate) outbox_rewritten: usize,
    /// Lines of inbox.journal where their address gave way to it.
    pub(crate) inbox_lines: usize,
    /// Files under the data directory that still contain their name or
    /// address after the erasure (`file:line`), to look at by hand.
    pub(crate) still_mentioned: Vec<String>,
}

/// The files a forget rewrites or deletes.
struct Changes {
    writes: Vec<(PathBuf, Vec<u8>)>,
    deletes: Vec<PathBuf>,
}

/// Erases `person` from the data directory. The caller holds the lock and
/// loaded `data` under it.
pub(crate) fn forget(
    dir: &DataDir,
    data: &Dataset,
    person: &Participant,
    key: &Key,
) -> Result<Report> {
    let token = key.anonymous_id(&person.id);
    let neutral = crate::t!(data.config.association.language, "identity-neutral");
    let needles = scrub::Needles::new(&person.name, person.email.as_deref());
    let mut report = Report {
        participant: person.id.clone(),
        token: token.clone(),
        sessions: Vec::new(),
        polls: Vec::new(),
        journal_lines: 0,
        outbox_files: 0,
        outbox_rewritten: 0,
        inbox_lines: 0,
        still_mentioned: Vec::new(),
    };
    let mut changes = Changes {
        writes: Vec::new(),
        deletes: Vec::new(),
    };
    let others: HashSet<&str> = data
        .participants
        .iter()
        .filter(|p| p.id != person.id)
        .map(|p| p.id.as_str())
        .collect();

    for path in files_with_extension(&dir.events(), "toml")? {
        let mut file = EditableFile::open(&path)?;
        let mut replaced = 0;
        for (_, item) in file.doc.as_table_mut().iter_mut() {
            // Top-level scalars (date, venue, theme, status) are the
            // session's own; participants are in its lists and tables.
            if matches!(item, Item::Value(v) if !matches!(v, Value::Array(_) | Value::InlineTable(_)))
            {
                continue;
            }
            replaced += rename_in_item(item, &person.id, &token);
        }
        if replaced > 0 {
            report.sessions.push(
                path.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            changes
                .writes
                .push((path.clone(), file.file.encode(&file.doc.to_string())));
        }
    }

    // Date polls: their votes go (a poll counts no past session).
    let polls = crate::poll::folder(dir);
    for path in files_with_extension(&polls, "toml")? {
        let mut file = EditableFile::open(&path)?;
        let removed = file
            .doc
            .get_mut("votes")
            .and_then(Item::as_table_like_mut)
            .and_then(|votes| votes.remove(&person.id))
            .is_some();
        if removed {
            report.polls.push(
                path.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            changes
                .writes
                .push((path.clone(), file.file.encode(&file.doc.to_string())));
        }
    }

    let email = person.email.as_deref().map(str::to_lowercase);
    let mut journals = files_with_extension(&dir.events(), "journal")?;
    journals.extend(files_with_extension(&polls, "journal")?);
    for path in journals {
        let text = read_lossy(&path)?;
        let mut out = String::with_capacity(text.len());
        let mut changed = 0;
        for line in text.lines() {
            match anonymise_line(line, person, email.as_deref(), &token, key, &others) {
                // Someone else's line: only a mention of the person changes.
                Line::Kept => match scrub::journal_line(line, &needles, &neutral) {
                    Some(new) => {
                        changed += 1;
                        out.push_str(&new);
                        out.push('\n');
                    }
                    None => {
                        out.push_str(line);
                        out.push('\n');
                    }
                },
                Line::Rewritten(new) => {
                    changed += 1;
                    out.push_str(&new);
                    out.push('\n');
                }
                Line::Dropped => changed += 1,
            }
        }
        if changed > 0 {
            report.journal_lines += changed;
            changes.writes.push((path, out.into_bytes()));
        }
    }

    // The outbox: the person's own messages go; in other people's, only
    // their name and address give way to the neutral word.
    let outbox = dir.resolve(&data.config.mail.outbox);
    for path in files_with_extension(&outbox, "eml")? {
        let raw = read_lossy(&path)?;
        let own = match scrub::message_participant(&raw) {
            Some(id) => id == person.id,
            None => to_header_names(&raw, email.as_deref()),
        };
        if own {
            changes.deletes.push(path);
            report.outbox_files += 1;
        } else if let Some(new) = scrub::message(&raw, &needles, &neutral) {
            changes.writes.push((path, new.into_bytes()));
            report.outbox_rewritten += 1;
        }
    }

    // inbox.journal: keys of messages read (Message-IDs, which may hold an
    // address); a mention gives way to the neutral word.
    let inbox_journal = dir.resolve("inbox.journal");
    if inbox_journal.is_file() {
        let text = read_lossy(&inbox_journal)?;
        let mut out = String::with_capacity(text.len());
        let mut changed = 0;
        for line in text.split_inclusive('\n') {
            match needles.replace(line, &neutral) {
                Some(new) => {
                    changed += 1;
                    out.push_str(&new);
                }
                None => out.push_str(line),
            }
        }
        if changed > 0 {
            report.inbox_lines = changed;
            changes.writes.push((inbox_journal, out.into_bytes()));
        }
    }

    let participants_path = dir.participants();
    let mut participants = EditableFile::open(&participants_path)?;
    let removed = participants
        .doc
        .get_mut("participant")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|tables| {
            let index = tables
                .iter()
                .position(|t| t.get("id").and_then(Item::as_str) == Some(person.id.as_str()))?;
            let prefix = tables
                .get(index)
                .and_then(|t| t.decor().prefix())
                .and_then(|p| p.as_str())
                .map(str::to_string);
            tables.remove(index);
            // The comment lines above the first entry are the file's own
            // header: they stay, unless they mention the person.
            if let (0, Some(prefix), Some(next)) = (index, prefix, tables.get_mut(0)) {
                if !mentions(&prefix, &person.name, email.as_deref()) {
                    let own = next
                        .decor()
                        .prefix()
                        .and_then(|p| p.as_str())
                        .unwrap_or_default()
                        .to_string();
                    // A blank line between entries gives way to the header.
                    let own = if own.trim().is_empty() {
                        ""
                    } else {
                        own.as_str()
                    };
                    next.decor_mut().set_prefix(format!("{prefix}{own}"));
                }
            }
            Some(())
        });
    if removed.is_none() {
        return Err(Error::runtime(format!(
            "{}: no [[participant]] with id = \"{}\"",
            participants_path.display(),
            person.id
        )));
    }
    changes.writes.push((
        participants_path.clone(),
        participants.file.encode(&participants.doc.to_string()),
    ));

    // Sessions and journals first, participants.toml last (see the module
    // documentation); every write is atomic.
    for (path, bytes) in &changes.writes {
        write_atomic(path, bytes)?;
    }
    for path in &changes.deletes {
        match std::fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    if let Some(folder) = changes.deletes.first().and_then(|p| p.parent()) {
        crate::store::atomic::sync_dir(folder);
    }

    report.still_mentioned = still_mentioned(dir, &outbox, person)?;
    Ok(report)
}

/// Replaces `id` by `token` in an item: strings equal to it, keys equal to
/// it, at any depth. Returns how many were replaced.
fn rename_in_item(item: &mut Item, id: &str, token: &str) -> usize {
    match item {
        Item::Value(value) => rename_in_value(value, id, token),
        Item::Table(table) => {
            let renamed = rename_key(table.remove_entry(id), token, |key, inner| {
                table.insert_formatted(&key, inner);
            });
            let inner: usize = table
                .iter_mut()
                .map(|(_, inner)| rename_in_item(inner, id, token))
                .sum();
            renamed + inner
        }
        Item::ArrayOfTables(tables) => tables
            .iter_mut()
            .map(|t| {
                let mut item = Item::Table(std::mem::take(t));
                let n = rename_in_item(&mut item, id, token);
                if let Item::Table(table) = item {
                    *t = table;
                }
                n
            })
            .sum(),
        Item::None => 0,
    }
}

fn rename_in_value(value: &mut Value, id: &str, token: &str) -> usize {
    match value {
        Value::String(s) if s.value() == id => {
            let decor = s.decor().clone();
            let mut new = Value::from(token);
            *new.decor_mut() = decor;
            *value = new;
            1
        }
        Value::Array(items) => items
            .iter_mut()
            .map(|v| rename_in_value(v, id, token))
            .sum(),
        Value::InlineTable(table) => {
            let renamed = rename_key(table.remove_entry(id), token, |key, inner| {
                table.insert_formatted(&key, inner);
            });
            let inner: usize = table
                .iter_mut()
                .map(|(_, inner)| rename_in_value(inner, id, token))
                .sum();
            renamed + inner
        }
        _ => 0,
    }
}

/// Puts back an entry removed from a table (`remove_entry`) under the key
/// `token`, keeping the old key's formatting. Returns 1 if there was one.
fn rename_key<T>(
    removed: Option<(TomlKey, T)>,
    token: &str,
    insert: impl FnOnce(TomlKey, T),
) -> usize {
    let Some((old, inner)) = removed else {
        return 0;
    };
    insert(
        TomlKey::new(token).with_leaf_decor(old.leaf_decor().clone()),
        inner,
    );
    1
}

enum Line {
    Kept,
    Rewritten(String),
    Dropped,
}

/// One journal line: anonymised when it is about `person`.
fn anonymise_line(
    line: &str,
    person: &Participant,
    email: Option<&str>,
    token: &str,
    key: &Key,
    others: &HashSet<&str>,
) -> Line {
    let Ok(serde_json::Value::Object(mut entry)) = serde_json::from_str::<serde_json::Value>(line)
    else {
        // A line torn by a crash is ignored by every reader; one that
        // mentions the person goes.
        let lower = line.to_lowercase();
        let marker = format!(".{}.", person.id);
        return if email.is_some_and(|e| lower.contains(e)) || line.contains(&marker) {
            Line::Dropped
        } else {
            Line::Kept
        };
    };
    let field = |entry: &serde_json::Map<String, serde_json::Value>, name: &str| {
        entry.get(name).and_then(|v| v.as_str()).map(str::to_string)
    };
    let participant = field(&entry, "participant").unwrap_or_default();
    let address = field(&entry, "email").unwrap_or_default();
    let theirs = participant == person.id
        || (email == Some(address.to_lowercase().as_str())
            && !others.contains(participant.as_str()));
    if !theirs {
        return Line::Kept;
    }
    let hashed = key.hashed_email(&address);
    entry.insert("participant".into(), token.into());
    entry.insert("email".into(), hashed.clone().into());
    if let Some(message_id) = field(&entry, "message_id") {
        let new = message_id.replace(&format!(".{participant}."), &format!(".{token}."));
        entry.insert("message_id".into(), new.into());
    }
    if let Some(error) = field(&entry, "error") {
        entry.insert(
            "error".into(),
            scrub::replace_ignoring_case(&error, &address, &hashed).into(),
        );
    }
    match serde_json::to_string(&entry) {
        Ok(text) => Line::Rewritten(text),
        Err(_) => Line::Dropped,
    }
}

/// Does the To: header of a message (without a jelly Message-ID) name `email`?
fn to_header_names(raw: &str, email: Option<&str>) -> bool {
    let Some(email) = email else {
        return false;
    };
    let mut in_to = false;
    for line in raw.lines().take_while(|l| !l.trim().is_empty()) {
        if line.starts_with([' ', '\t']) {
            if in_to && line.to_lowercase().contains(email) {
                return true;
            }
            continue;
        }
        in_to = line.get(..3).is_some_and(|h| h.eq_ignore_ascii_case("to:"));
        if in_to && line.to_lowercase().contains(email) {
            return true;
        }
    }
    false
}

/// Does a message's raw text (or its quoted-printable decoding) mention the
/// name or the address?
fn mentions(raw: &str, name: &str, email: Option<&str>) -> bool {
    let decoded = decode_quoted_printable(raw);
    [raw, decoded.as_str()].iter().any(|text| {
        let lower = text.to_lowercase();
        email.is_some_and(|e| lower.contains(e)) || (!name.trim().is_empty() && text.contains(name))
    })
}

/// Quoted-printable decoding, loose: soft line breaks removed, `=XX` bytes
/// decoded, anything else kept.
fn decode_quoted_printable(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `file:line` of every line of the data directory's files (description
/// files, sessions, journals, outbox, templates) that still contains the
/// person's name or address.
fn still_mentioned(dir: &DataDir, outbox: &Path, person: &Participant) -> Result<Vec<String>> {
    let mut files = Vec::new();
    for folder in [
        dir.root.clone(),
        dir.description.clone(),
        dir.events(),
        outbox.to_path_buf(),
        dir.templates().join("fr"),
        dir.templates().join("en"),
    ] {
        for path in files_with_extension(&folder, "")? {
            if !files.contains(&path) {
                files.push(path);
            }
        }
    }
    let email = person.email.as_deref().map(str::to_lowercase);
    let mut found = Vec::new();
    for path in files {
        let text = read_lossy(&path)?;
        for (n, line) in text.lines().enumerate() {
            let lower = line.to_lowercase();
            if email.as_deref().is_some_and(|e| lower.contains(e)) || line.contains(&person.name) {
                found.push(format!("{}:{}", path.display(), n + 1));
            }
        }
    }
    Ok(found)
}

/// The files of `folder` whose name ends with `.ext` (every file for an
/// empty `ext`), sorted; none if the folder does not exist.
fn files_with_extension(folder: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(folder, e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::io(folder, e))?.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if path.is_file()
            && !hidden
            && (ext.is_empty() || path.extension().is_some_and(|x| x == ext))
        {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn read_lossy(path: &Path) -> Result<String> {
    std::fs::read(path)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_replaced_in_lists_and_tables_but_not_elsewhere() {
        let text = "date = 2026-01-01T18:00:00\nvenue = \"marie\"\n\
                    invited = [\"marie\", \"paul\"] # who\nattended = [\"paul\", \"marie\"]\n\n\
                    [rsvp.marie]\nanswer = \"yes\"\n\n[rsvp.paul]\nanswer = \"no\"\n";
        let mut doc: toml_edit::DocumentMut = text.parse().unwrap();
        let mut count = 0;
        for (_, item) in doc.as_table_mut().iter_mut() {
            if matches!(item, Item::Value(v) if !matches!(v, Value::Array(_) | Value::InlineTable(_)))
            {
                continue;
            }
            count += rename_in_item(item, "marie", "anon-1234abcd");
        }
        assert_eq!(count, 3);
        let out = doc.to_string();
        assert!(out.contains("venue = \"marie\""), "{out}");
        assert!(
            out.contains("invited = [\"anon-1234abcd\", \"paul\"] # who"),
            "{out}"
        );
        assert!(
            out.contains("[rsvp.anon-1234abcd]\nanswer = \"yes\""),
            "{out}"
        );
        assert!(
            out.find("[rsvp.anon-1234abcd]") < out.find("[rsvp.paul]"),
            "{out}"
        );
    }

    #[test]
    fn quoted_printable_is_decoded_loosely() {
        assert_eq!(
            decode_quoted_printable("No=C3=A9mie vient=\n aussi"),
            "Noémie vient aussi"
        );
        assert_eq!(decode_quoted_printable("a=ZZ="), "a=ZZ=");
        assert!(mentions("Bonjour No=C3=A9mie", "Noémie", None));
        assert!(mentions(
            "To: <NOEMIE@example.org>",
            "X",
            Some("noemie@example.org")
        ));
    }
}
