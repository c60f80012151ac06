//! participants.toml opened for editing: the typed edits of existing
//! entries (a participant's fields rewritten, an entry removed). Comments,
//! key order, encoding and line endings are kept (see [`EditableFile`]);
//! callers hold the data directory's lock from [`ParticipantsFile::open`]
//! to [`ParticipantsFile::save`]. New entries are appended by
//! [`crate::store::edit::append_entries`].

use std::path::Path;

use toml_edit::{value, Item, Table};

use crate::error::{Error, Result};
use crate::model::Participant;
use crate::store::edit::EditableFile;

#[derive(Debug)]
pub struct ParticipantsFile {
    file: EditableFile,
}

/// A date as TOML writes it (`2026-01-14`).
fn date_value(date: chrono::NaiveDate) -> toml_edit::Datetime {
    use chrono::Datelike;
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: date.year() as u16,
            month: date.month() as u8,
            day: date.day() as u8,
        }),
        time: None,
        offset: None,
    }
}

/// The `[[participant]]` table of `p`, keys in the documented order
/// (`mail` and `bounced` only when they say something).
pub fn entry_table(p: &Participant) -> Table {
    let mut table = Table::new();
    table.insert("id", value(&p.id));
    table.insert("name", value(&p.name));
    if let Some(email) = &p.email {
        table.insert("email", value(email));
    }
    table.insert("village", value(&p.village));
    if let Some(max_km) = p.max_km {
        if max_km.fract() == 0.0 && max_km.abs() < 1e9 {
            table.insert("max_km", value(max_km as i64));
        } else {
            table.insert("max_km", value(max_km));
        }
    }
    if !p.active {
        table.insert("active", value(false));
    }
    if let Some(profession) = &p.profession {
        table.insert("profession", value(profession));
    }
    if p.carpool {
        table.insert("carpool", value(true));
    }
    if let Some(joined) = p.joined {
        table.insert("joined", value(date_value(joined)));
    }
    if !p.mail {
        table.insert("mail", value(false));
    }
    if let Some(bounced) = p.bounced {
        table.insert("bounced", value(date_value(bounced)));
    }
    if p.listed {
        table.insert("listed", value(true));
    }
    if !p.skills.is_empty() {
        let skills: toml_edit::Array = p.skills.iter().map(String::as_str).collect();
        table.insert("skills", value(skills));
    }
    if let Some(website) = &p.website {
        table.insert("website", value(website));
    }
    if let Some(phone) = &p.phone {
        table.insert("phone", value(phone));
    }
    if !p.aliases.is_empty() {
        let aliases: toml_edit::Array = p.aliases.iter().map(String::as_str).collect();
        table.insert("aliases", value(aliases));
    }
    table
}

impl ParticipantsFile {
    pub fn open(path: &Path) -> Result<ParticipantsFile> {
        Ok(ParticipantsFile {
            file: EditableFile::open(path)?,
        })
    }

    pub fn save(&self) -> Result<()> {
        self.file.save()
    }

    /// The bytes [`ParticipantsFile::save`] would write.
    pub fn encoded(&self) -> Vec<u8> {
        self.file.file.encode(&self.file.doc.to_string())
    }

    fn tables(&mut self) -> Result<&mut toml_edit::ArrayOfTables> {
        let path = self.file.path.clone();
        tables_of(&mut self.file.doc)
            .ok_or_else(|| Error::runtime(format!("{}: [[participant]]", path.display())))
    }

    /// Rewrites the entry of `p.id` so that it says `p`: the keys whose value
    /// changes are replaced in place (their comments kept), keys that now
    /// say nothing (`active = true`, no profession…) are removed, new ones
    /// added at the end of the entry. False if there is no such entry.
    pub fn update(&mut self, p: &Participant) -> Result<bool> {
        Ok(update_in(self.tables()?, p))
    }

    /// Removes the entry of `id`, with the comment lines just above it. The
    /// comment lines above the first entry are the file's own header: they
    /// stay, unless `keep_header` says no. False if there is no such entry.
    pub fn remove(&mut self, id: &str, keep_header: impl Fn(&str) -> bool) -> Result<bool> {
        Ok(remove_in(self.tables()?, id, keep_header))
    }
}

fn tables_of(doc: &mut toml_edit::DocumentMut) -> Option<&mut toml_edit::ArrayOfTables> {
    doc.get_mut("participant")
        .and_then(Item::as_array_of_tables_mut)
}

/// See [`ParticipantsFile::update`].
fn update_in(tables: &mut toml_edit::ArrayOfTables, p: &Participant) -> bool {
    {
        let fresh = entry_table(p);
        let Some(table) = tables
            .iter_mut()
            .find(|t| t.get("id").and_then(Item::as_str) == Some(p.id.as_str()))
        else {
            return false;
        };
        const KEYS: [&str; 10] = [
            "name",
            "email",
            "village",
            "max_km",
            "active",
            "profession",
            "carpool",
            "joined",
            "mail",
            "bounced",
        ];
        for key in KEYS {
            match fresh.get(key) {
                Some(item) => {
                    let text = |i: &Item| i.as_value().map(|v| v.to_string().trim().to_string());
                    if table.get(key).and_then(text) != text(item) {
                        match table.get_mut(key).and_then(Item::as_value_mut) {
                            Some(old) => {
                                let decor = old.decor().clone();
                                let mut new = item.as_value().expect("a value").clone();
                                *new.decor_mut() = decor;
                                *old = new;
                            }
                            None => {
                                table.insert(key, item.clone());
                            }
                        }
                    }
                }
                None => {
                    // `active = true`, `carpool = false`, `mail = true` may be
                    // written out by hand: they say the default, and stay.
                    let default_written = match key {
                        "active" | "mail" => table.get(key).and_then(Item::as_bool) == Some(true),
                        "carpool" => table.get(key).and_then(Item::as_bool) == Some(false),
                        _ => false,
                    };
                    if !default_written {
                        table.remove(key);
                    }
                }
            }
        }
        true
    }
}

/// See [`ParticipantsFile::remove`].
fn remove_in(
    tables: &mut toml_edit::ArrayOfTables,
    id: &str,
    keep_header: impl Fn(&str) -> bool,
) -> bool {
    {
        let Some(index) = tables
            .iter()
            .position(|t| t.get("id").and_then(Item::as_str) == Some(id))
        else {
            return false;
        };
        let prefix = tables
            .get(index)
            .and_then(|t| t.decor().prefix())
            .and_then(|p| p.as_str())
            .map(str::to_string);
        tables.remove(index);
        if let (0, Some(prefix), Some(next)) = (index, prefix, tables.get_mut(0)) {
            if keep_header(&prefix) {
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
        true
    }
}

/// Where each `[[participant]]` entry of `text` is, as toml_edit sees it:
/// from the end of the previous entry's last line (the blank and comment
/// lines above a header are its entry's) to the end of its own last line;
/// the first from the start of the file. `None` when the file is not in
/// the plain shape jelly writes (only `[[participant]]` tables, no
/// multi-line strings), or an entry's id is not a plain string.
fn entry_spans(text: &str) -> Option<Vec<(usize, usize, String)>> {
    if text.contains("\"\"\"") || text.contains("'''") {
        return None;
    }
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    let mut open: Option<(usize, Option<String>)> = None;
    let mut last_content_end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.starts_with('[') {
            let rest = trimmed.strip_prefix("[[participant]]")?.trim_start();
            if !(rest.is_empty() || rest.starts_with('#')) {
                return None;
            }
            if let Some((from, id)) = open.take() {
                spans.push((from, last_content_end, id?));
            }
            open = Some((
                if spans.is_empty() {
                    0
                } else {
                    last_content_end
                },
                None,
            ));
            last_content_end = offset;
            let _ = start;
            continue;
        }
        let (from, id) = open.as_mut()?;
        let _ = from;
        if let Some(value) = trimmed.strip_prefix("id").map(str::trim_start) {
            if let Some(value) = value.strip_prefix('=') {
                let value = value.trim();
                let value = value.split_once(" #").map_or(value, |(v, _)| v.trim());
                let plain = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .filter(|v| !v.contains(['"', '\\']))?;
                *id = Some(plain.to_string());
            }
        }
        last_content_end = offset;
    }
    if let Some((from, id)) = open.take() {
        spans.push((from, last_content_end, id?));
    }
    Some(spans)
}

/// `text` with `edit` applied to the entries `first..=last` only (parsed
/// alone); `None` when it cannot be done that way.
fn edit_spans(
    text: &str,
    spans: &[(usize, usize, String)],
    first: usize,
    last: usize,
    edit: impl FnOnce(&mut toml_edit::ArrayOfTables) -> bool,
) -> Option<String> {
    let (from, to) = (spans.get(first)?.0, spans.get(last)?.1);
    let mut doc: toml_edit::DocumentMut = text[from..to].parse().ok()?;
    if !edit(tables_of(&mut doc)?) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..from]);
    out.push_str(&doc.to_string());
    out.push_str(&text[to..]);
    Some(out)
}

/// participants.toml after a merge: `keep` rewritten (see
/// [`ParticipantsFile::update`]) and `other` removed (see
/// [`ParticipantsFile::remove`]). Only those two entries are parsed when the
/// file has the plain shape jelly writes, so a merge costs milliseconds in a
/// 12 MB file; otherwise the whole document is edited.
pub fn merge_entries(path: &Path, keep: &Participant, other: &str) -> Result<()> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let file = crate::store::text::TextFile::decode(&bytes);
    let fast = (|| {
        let spans = entry_spans(&file.text)?;
        let at = spans.iter().position(|s| s.2 == keep.id)?;
        let text = edit_spans(&file.text, &spans, at, at, |t| update_in(t, keep))?;
        let spans = entry_spans(&text)?;
        let at = spans.iter().position(|s| s.2 == other)?;
        // The first entry's comment lines are the file's header: removing
        // it is done with the next entry in the same document.
        let last = if at == 0 {
            (at + 1).min(spans.len() - 1)
        } else {
            at
        };
        edit_spans(&text, &spans, at, last, |t| remove_in(t, other, |_| true))
    })();
    match fast {
        Some(text) => crate::store::write_atomic(path, &file.encode(&text)),
        None => {
            let mut whole = ParticipantsFile::open(path)?;
            whole.update(keep)?;
            whole.remove(other, |_| true)?;
            whole.save()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merge_on_the_entries_alone_writes_what_the_whole_document_would() {
        let texts = [
            "# Nos membres\n\n[[participant]]\nid = \"a\"\nname = \"A\"\nvillage = \"auch\" # ici\n\n# B vient d'Auch\n[[participant]]\nid = \"b\"\nname = \"B\"\nvillage = \"auch\"\nprofession = \"x\"\n\n[[participant]]\nid = \"c\"\nname = \"C\"\nvillage = \"vic\"\n# fin\n",
            "[[participant]]\nid = \"b\"\nname = \"B\"\nvillage = \"auch\"\n[[participant]]\nid = \"a\"\nname = \"A\"\nvillage = \"auch\"\n",
        ];
        let dir = tempfile::tempdir().unwrap();
        for text in texts {
            assert_eq!(
                entry_spans(text).map(|s| s.len()),
                Some(text.matches("[[participant]]").count())
            );
            for (keep, other) in [("a", "b"), ("b", "a"), ("c", "a"), ("a", "c"), ("b", "c")] {
                let keep_p = Participant {
                    email: Some("k@x.org".into()),
                    max_km: Some(20.0),
                    ..crate::testing::participant(keep, "K", "auch")
                };
                let fast = dir.path().join("fast.toml");
                let slow = dir.path().join("slow.toml");
                std::fs::write(&fast, text).unwrap();
                std::fs::write(&slow, text).unwrap();
                if !text.contains(&format!("id = \"{keep}\""))
                    || !text.contains(&format!("id = \"{other}\""))
                {
                    continue;
                }
                merge_entries(&fast, &keep_p, other).unwrap();
                let mut whole = ParticipantsFile::open(&slow).unwrap();
                whole.update(&keep_p).unwrap();
                whole.remove(other, |_| true).unwrap();
                whole.save().unwrap();
                assert_eq!(
                    std::fs::read_to_string(&fast).unwrap(),
                    std::fs::read_to_string(&slow).unwrap(),
                    "{keep} {other} in {text}"
                );
            }
        }
        assert!(entry_spans("participant = [ ]\n").is_none_or(|s| s.is_empty()));
        assert!(entry_spans("[[participant]]\nid = 'a'\n").is_none());
    }

    #[test]
    fn updates_keep_comments_and_removal_keeps_the_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("participants.toml");
        std::fs::write(
            &path,
            "# Nos membres\n[[participant]]\nid = \"a\"\nname = \"A\"\nvillage = \"auch\" # ici\n\n# B\n[[participant]]\nid = \"b\"\nname = \"B\"\nvillage = \"auch\"\nactive = true\n",
        )
        .unwrap();
        let mut file = ParticipantsFile::open(&path).unwrap();
        let b = Participant {
            email: Some("b@x.org".into()),
            village: "vic".into(),
            ..crate::testing::participant("b", "B", "auch")
        };
        assert!(file.update(&b).unwrap());
        assert!(file.remove("a", |_| true).unwrap());
        assert!(!file.remove("zz", |_| true).unwrap());
        file.save().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "# Nos membres\n\n# B\n[[participant]]\nid = \"b\"\nname = \"B\"\nvillage = \"vic\"\nactive = true\nemail = \"b@x.org\"\n"
        );
    }
}
