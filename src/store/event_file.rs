//! One session's file (`events/<id>.toml`) opened for editing: the only code
//! that writes its keys. Commands say what changes (`set_status`,
//! `bump_sequence`, `set_rsvp`…) with typed values; the TOML spelling of
//! those keys lives here. Edits go through [`EditableFile`], so comments,
//! key order, the file's encoding and its line endings are kept.

use std::path::Path;

use chrono::NaiveDateTime;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

use crate::error::{Error, Problem, Result};
use crate::i18n::Lang;
use crate::model::{Answer, Status};
use crate::store::edit::EditableFile;
use crate::t;

/// A session file opened for editing. Callers hold the data directory's
/// lock from [`EventFile::open`] to [`EventFile::save`].
#[derive(Debug)]
pub struct EventFile {
    file: EditableFile,
}

impl EventFile {
    /// Opens the file at `path` (a missing file is an empty document).
    pub fn open(path: &Path) -> Result<EventFile> {
        Ok(EventFile {
            file: EditableFile::open(path)?,
        })
    }

    /// A new session file at `path` (not yet written) holding `text`, to
    /// edit before its first save.
    pub fn new_at(path: &Path, text: &str) -> Result<EventFile> {
        let doc = text
            .parse::<DocumentMut>()
            .map_err(|e| Error::Invalid(vec![Problem::new(path, e.message().to_string())]))?;
        Ok(EventFile {
            file: EditableFile {
                path: path.to_path_buf(),
                file: crate::store::text::TextFile::new(text.to_string()),
                doc,
            },
        })
    }

    /// Writes the file back atomically, in its encoding and line endings.
    pub fn save(&self) -> Result<()> {
        self.file.save()
    }

    pub fn path(&self) -> &Path {
        &self.file.path
    }

    /// The text of a new planned session: date, venue, optional theme,
    /// `status = "planned"` and the invited ids one per line.
    pub fn planned_text(
        date: NaiveDateTime,
        venue: &str,
        theme: Option<&str>,
        invited: &[&str],
    ) -> String {
        let mut doc = DocumentMut::new();
        doc.insert("date", Item::Value(datetime_value(date)));
        doc.insert("venue", toml_edit::value(venue));
        if let Some(theme) = theme {
            doc.insert("theme", toml_edit::value(theme));
        }
        doc.insert("status", toml_edit::value(Status::Planned.as_str()));
        let mut list = Array::new();
        for id in invited {
            let mut value = Value::from(*id);
            value.decor_mut().set_prefix("\n  ");
            list.push_formatted(value);
        }
        list.set_trailing("\n");
        list.set_trailing_comma(true);
        doc.insert("invited", toml_edit::value(list));
        doc.to_string()
    }

    /// The status as written, if it is one of the known ones.
    pub fn status(&self) -> Option<Status> {
        self.file
            .doc
            .get("status")
            .and_then(Item::as_str)
            .and_then(Status::parse)
    }

    /// The iCalendar SEQUENCE as written (0 when absent or negative).
    pub fn sequence(&self) -> u32 {
        self.file
            .doc
            .get("sequence")
            .and_then(Item::as_integer)
            .map_or(0, |n| u32::try_from(n.max(0)).unwrap_or(u32::MAX))
    }

    pub fn set_status(&mut self, status: Status) {
        self.set_value("status", Value::from(status.as_str()));
    }

    /// Adds one to the SEQUENCE (a change people are told about); returns
    /// the new value.
    pub fn bump_sequence(&mut self) -> u32 {
        let next = self.sequence().saturating_add(1);
        self.set_value("sequence", Value::from(i64::from(next)));
        next
    }

    pub fn set_date(&mut self, date: NaiveDateTime) {
        self.set_value("date", datetime_value(date));
    }

    /// The date before a reschedule (schema.org `previousStartDate`).
    pub fn set_previous_date(&mut self, date: NaiveDateTime) {
        self.set_value("previous_date", datetime_value(date));
    }

    pub fn set_venue(&mut self, venue: &str) {
        self.set_value("venue", Value::from(venue));
    }

    pub fn set_cancel_reason(&mut self, reason: &str) {
        self.set_value("cancel_reason", Value::from(reason));
    }

    pub fn set_invited(&mut self, ids: &[String]) {
        self.set_string_array("invited", ids);
    }

    pub fn set_attended(&mut self, ids: &[String]) {
        self.set_string_array("attended", ids);
    }

    /// Sets `participant`'s answer in the `[rsvp]` table (created at the end
    /// of the file if absent), replacing any earlier one. Whatever form the
    /// user wrote the table in (`[rsvp]` with inline tables, `[rsvp.<id>]`
    /// sub-tables, or `rsvp = { … }`) is kept.
    pub fn set_rsvp(
        &mut self,
        lang: Lang,
        participant: &str,
        answer: Answer,
        at: NaiveDateTime,
    ) -> Result<()> {
        let rsvp = crate::model::Rsvp {
            answer,
            at: Some(at),
            offered: None,
            expired: false,
        };
        self.set_answer(lang, participant, &rsvp)
    }

    /// Sets `participant`'s whole entry of the `[rsvp]` table: the answer,
    /// its time, and the waiting list's `offered` and `expired` when they
    /// apply (see `crate::waitlist`).
    pub fn set_answer(
        &mut self,
        lang: Lang,
        participant: &str,
        rsvp: &crate::model::Rsvp,
    ) -> Result<()> {
        let answer = rsvp.answer;
        let mut entry = InlineTable::new();
        entry.insert("answer", answer.as_str().into());
        if let Some(at) = rsvp.at {
            entry.insert("at", toml_datetime(at).into());
        }
        if let Some(offered) = rsvp.offered {
            entry.insert("offered", toml_datetime(offered).into());
        }
        if rsvp.expired {
            entry.insert("expired", true.into());
        }
        let root = self.file.doc.as_table_mut();
        let rsvp = root
            .entry("rsvp")
            .or_insert_with(|| Item::Table(Table::new()));
        // An earlier answer is replaced in place, keeping its comments.
        let replace = |existing: &mut Value, entry: InlineTable| {
            let decor = existing.decor().clone();
            *existing = Value::InlineTable(entry);
            *existing.decor_mut() = decor;
        };
        match rsvp {
            Item::Table(table) => match table.get_mut(participant) {
                Some(Item::Table(sub)) => {
                    sub.insert("answer", toml_edit::value(answer.as_str()));
                    for key in ["at", "offered", "expired"] {
                        match entry.get(key) {
                            Some(value) => {
                                sub.insert(key, Item::Value(value.clone()));
                            }
                            None => {
                                sub.remove(key);
                            }
                        }
                    }
                }
                Some(Item::Value(existing)) => replace(existing, entry),
                _ => {
                    table.insert(participant, toml_edit::value(entry));
                }
            },
            Item::Value(Value::InlineTable(map)) => match map.get_mut(participant) {
                Some(existing) => replace(existing, entry),
                None => {
                    map.insert(participant, entry.into());
                }
            },
            _ => {
                return Err(Error::Invalid(vec![Problem::new(
                    &self.file.path,
                    t!(lang, "err-not-table", key = "rsvp"),
                )]))
            }
        }
        Ok(())
    }

    /// Makes `from`'s answer `to`'s, keeping its text and comments, unless
    /// `to` answered too: then `to`'s answer stays and `from`'s goes.
    /// Returns whether `from` had an answer.
    pub fn move_rsvp(&mut self, from: &str, to: &str) -> bool {
        let root = self.file.doc.as_table_mut();
        let Some(rsvp) = root.get_mut("rsvp") else {
            return false;
        };
        let rename = |old: &toml_edit::Key| {
            toml_edit::Key::new(to).with_leaf_decor(old.leaf_decor().clone())
        };
        match rsvp {
            Item::Table(table) => {
                let Some((key, item)) = table.remove_entry(from) else {
                    return false;
                };
                if !table.contains_key(to) {
                    table.insert_formatted(&rename(&key), item);
                }
                true
            }
            Item::Value(Value::InlineTable(map)) => {
                let Some((key, value)) = map.remove_entry(from) else {
                    return false;
                };
                if !map.contains_key(to) {
                    map.insert_formatted(&rename(&key), value);
                }
                true
            }
            _ => false,
        }
    }

    /// Sets a top-level `key`, keeping the comments around an existing value.
    fn set_value(&mut self, key: &str, mut value: Value) {
        let table = self.file.doc.as_table_mut();
        if let Some(old) = table.get(key).and_then(Item::as_value) {
            *value.decor_mut() = old.decor().clone();
        }
        table.insert(key, Item::Value(value));
    }

    /// Sets a top-level list of strings, in place when it exists (its
    /// comments and position are kept), else as a new key.
    fn set_string_array(&mut self, key: &str, items: &[String]) {
        let root = self.file.doc.as_table_mut();
        if let Some(array) = root.get_mut(key).and_then(Item::as_array_mut) {
            let current: Vec<&str> = array.iter().filter_map(Value::as_str).collect();
            if current == items.iter().map(String::as_str).collect::<Vec<_>>() {
                return;
            }
            array.clear();
            for item in items {
                array.push(item.as_str());
            }
            return;
        }
        let mut array = Array::new();
        for item in items {
            array.push(item.as_str());
        }
        root.insert(key, toml_edit::value(array));
    }

    /// The document as it would be saved (for tests).
    pub fn to_text(&self) -> String {
        self.file.doc.to_string()
    }
}

/// A local date-time (no offset: the association's time) as TOML.
pub fn toml_datetime(dt: NaiveDateTime) -> toml_edit::Datetime {
    use chrono::{Datelike, Timelike};
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: dt.year() as u16,
            month: dt.month() as u8,
            day: dt.day() as u8,
        }),
        time: Some(toml_edit::Time {
            hour: dt.hour() as u8,
            minute: dt.minute() as u8,
            second: dt.second() as u8,
            nanosecond: 0,
        }),
        offset: None,
    }
}

fn datetime_value(date: NaiveDateTime) -> Value {
    Value::from(toml_datetime(date))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        crate::model::parse_local_datetime(text).unwrap()
    }

    fn open(text: &str) -> (tempfile::TempDir, EventFile) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.toml");
        std::fs::write(&path, text).unwrap();
        let file = EventFile::open(&path).unwrap();
        (dir, file)
    }

    #[test]
    fn cancelling_keeps_comments_and_bumps_the_sequence() {
        let (_dir, mut file) = open(
            "# a session\ndate = 2026-12-01T18:30:00\nvenue = \"v\"\nstatus = \"planned\" # still on\n",
        );
        assert_eq!(file.status(), Some(Status::Planned));
        assert_eq!(file.sequence(), 0);
        file.set_status(Status::Cancelled);
        assert_eq!(file.bump_sequence(), 1);
        assert_eq!(file.bump_sequence(), 2);
        file.set_cancel_reason("neige");
        let text = file.to_text();
        assert!(text.starts_with("# a session\n"), "{text}");
        assert!(
            text.contains("status = \"cancelled\" # still on\n"),
            "{text}"
        );
        assert!(text.contains("sequence = 2\n"), "{text}");
        assert!(text.contains("cancel_reason = \"neige\"\n"), "{text}");
        assert_eq!(file.status(), Some(Status::Cancelled));
    }

    #[test]
    fn rescheduling_sets_date_and_venue_in_place() {
        let (_dir, mut file) = open(
            "date = 2026-12-01T18:30:00 # first\nvenue = \"v\"\nstatus = \"planned\"\nsequence = 3\n",
        );
        file.set_date(at("2026-12-08T19:00"));
        file.set_venue("w");
        assert_eq!(file.bump_sequence(), 4);
        assert_eq!(
            file.to_text(),
            "date = 2026-12-08T19:00:00 # first\nvenue = \"w\"\nstatus = \"planned\"\nsequence = 4\n"
        );
    }

    #[test]
    fn attendance_and_answers_are_written() {
        let (_dir, mut file) =
            open("date = 2026-12-01T18:30:00\nvenue = \"v\"\ninvited = [\"a\", \"b\"]\n");
        file.set_invited(&["a".into(), "b".into(), "c".into()]);
        file.set_attended(&["a".into(), "c".into()]);
        file.set_status(Status::Held);
        file.set_rsvp(Lang::En, "b", Answer::No, at("2026-11-30T10:00"))
            .unwrap();
        let text = file.to_text();
        assert!(text.contains("invited = [\"a\", \"b\", \"c\"]"), "{text}");
        assert!(text.contains("attended = [\"a\", \"c\"]"), "{text}");
        assert!(text.contains("status = \"held\""), "{text}");
        assert!(
            text.contains("b = { answer = \"no\", at = 2026-11-30T10:00:00 }"),
            "{text}"
        );
    }

    #[test]
    fn a_new_planned_session_parses_back() {
        let text = EventFile::planned_text(at("2026-12-01T18:30"), "v", Some("IA"), &["a", "b"]);
        assert_eq!(
            text,
            "date = 2026-12-01T18:30:00\nvenue = \"v\"\ntheme = \"IA\"\nstatus = \"planned\"\ninvited = [\n  \"a\",\n  \"b\",\n]\n"
        );
    }

    #[test]
    fn saving_keeps_the_encoding_and_line_endings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.toml");
        // Windows-1252 "é" (0xE9) and CRLF line endings.
        std::fs::write(
            &path,
            b"# caf\xe9\r\ndate = 2026-12-01T18:30:00\r\nvenue = \"v\"\r\nstatus = \"planned\"\r\n",
        )
        .unwrap();
        let mut file = EventFile::open(&path).unwrap();
        file.set_status(Status::Cancelled);
        file.save().unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"# caf\xe9\r\ndate = 2026-12-01T18:30:00\r\nvenue = \"v\"\r\nstatus = \"cancelled\"\r\n"
        );
    }
}
