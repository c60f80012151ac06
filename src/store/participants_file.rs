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
        self.file
            .doc
            .get_mut("participant")
            .and_then(Item::as_array_of_tables_mut)
            .ok_or_else(|| Error::runtime(format!("{}: [[participant]]", path.display())))
    }

    /// Rewrites the entry of `p.id` so that it says `p`: the keys whose value
    /// changes are replaced in place (their comments kept), keys that now
    /// say nothing (`active = true`, no profession…) are removed, new ones
    /// added at the end of the entry. False if there is no such entry.
    pub fn update(&mut self, p: &Participant) -> Result<bool> {
        let fresh = entry_table(p);
        let tables = self.tables()?;
        let Some(table) = tables
            .iter_mut()
            .find(|t| t.get("id").and_then(Item::as_str) == Some(p.id.as_str()))
        else {
            return Ok(false);
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
        Ok(true)
    }

    /// Removes the entry of `id`, with the comment lines just above it. The
    /// comment lines above the first entry are the file's own header: they
    /// stay, unless `keep_header` says no. False if there is no such entry.
    pub fn remove(&mut self, id: &str, keep_header: impl Fn(&str) -> bool) -> Result<bool> {
        let tables = self.tables()?;
        let Some(index) = tables
            .iter()
            .position(|t| t.get("id").and_then(Item::as_str) == Some(id))
        else {
            return Ok(false);
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
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
