//! Date polls: `polls/<id>.toml`, a hand-editable file of the dates (and
//! venues) proposed for the next session and of the members' votes, read
//! with every problem located (file:line:column) and edited in place with
//! comments kept. The poll's schema is declared here, once; its format is
//! in docs/data-format.md.

pub mod tally;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem, Result};
use crate::mail::answer_token::Vote;
use crate::store::edit::EditableFile;
use crate::store::DataDir;

/// The folder of the polls.
pub fn folder(dir: &DataDir) -> PathBuf {
    dir.root.join("polls")
}

/// A poll's file.
pub fn path(dir: &DataDir, id: &str) -> PathBuf {
    folder(dir).join(format!("{id}.toml"))
}

/// The journal of a poll's emails (the same format as a session's).
pub fn journal(dir: &DataDir, id: &str) -> PathBuf {
    folder(dir).join(format!("{id}.journal"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PollStatus {
    #[default]
    Open,
    Closed,
}

/// One proposed date, at one venue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PollOption {
    #[serde(
        deserialize_with = "toml_datetime",
        serialize_with = "crate::rotation::serialize_datetime"
    )]
    pub date: NaiveDateTime,
    pub venue: String,
}

/// One vote, with when the association's server received it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteRecord {
    pub vote: Vote,
    #[serde(default, skip_serializing, deserialize_with = "toml_optional_datetime")]
    pub at: Option<NaiveDateTime>,
}

/// A poll, as its file says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PollFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// Answers wanted by this date (said in the message).
    #[serde(default, skip_serializing, deserialize_with = "toml_optional_date")]
    pub close: Option<NaiveDate>,
    #[serde(default)]
    pub status: PollStatus,
    /// The session `poll close` created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    #[serde(rename = "option", default)]
    pub options: Vec<PollOption>,
    /// participant → option number ("1", "2"…) → vote.
    #[serde(default)]
    pub votes: BTreeMap<String, BTreeMap<String, VoteRecord>>,
}

/// A TOML local date-time (`2027-01-14T18:30:00`).
fn toml_datetime<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<NaiveDateTime, D::Error> {
    let value = toml::value::Datetime::deserialize(d)?;
    if value.offset.is_some() {
        return Err(serde::de::Error::custom(
            "a local date-time without an offset (the association's time)",
        ));
    }
    // Built from the fields when they are plain (a poll holds one per vote:
    // 60,000 on a national poll); else through the text, as every other
    // date-time of the data directory is read.
    let plain = match (value.date, value.time) {
        (Some(d), Some(t)) if t.nanosecond == 0 && t.second < 60 => {
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                .and_then(|date| {
                    date.and_hms_opt(u32::from(t.hour), u32::from(t.minute), u32::from(t.second))
                })
        }
        _ => None,
    };
    plain
        .or_else(|| crate::model::parse_local_datetime(&value.to_string()))
        .ok_or_else(|| serde::de::Error::custom("a date-time YYYY-MM-DDTHH:MM[:SS]"))
}

fn toml_optional_datetime<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<NaiveDateTime>, D::Error> {
    toml_datetime(d).map(Some)
}

fn toml_optional_date<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<NaiveDate>, D::Error> {
    let value = toml::value::Datetime::deserialize(d)?;
    match (value.date, value.time) {
        (Some(date), None) => NaiveDate::from_ymd_opt(
            i32::from(date.year),
            u32::from(date.month),
            u32::from(date.day),
        )
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom("a date YYYY-MM-DD")),
        _ => Err(serde::de::Error::custom("a date YYYY-MM-DD")),
    }
}

/// A poll, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Poll {
    pub id: String,
    pub file: PollFile,
    /// participant → (option number from 1 → vote).
    pub votes: BTreeMap<String, BTreeMap<u32, VoteRecord>>,
}

impl Poll {
    pub fn is_open(&self) -> bool {
        self.file.status == PollStatus::Open
    }

    pub fn option_count(&self) -> u32 {
        self.file.options.len() as u32
    }
}

/// Reads a poll's text; `path` is for messages.
pub fn parse(id: &str, text: &str, path: &Path) -> Result<Poll> {
    let located = |message: String, span: Option<std::ops::Range<usize>>| {
        let problem = Problem::new(path, message);
        match span {
            Some(span) => {
                let (line, column) = line_column(text, span.start);
                problem.at(line, column)
            }
            None => problem,
        }
    };
    let file: PollFile = toml::from_str(text)
        .map_err(|e| Error::Invalid(vec![located(e.message().to_string(), e.span())]))?;
    let mut problems = Vec::new();
    if file.options.is_empty() {
        problems.push(located("a poll needs at least one [[option]]".into(), None));
    }
    let mut votes = BTreeMap::new();
    for (participant, by_option) in &file.votes {
        let mut read = BTreeMap::new();
        for (number, record) in by_option {
            match number.parse::<u32>() {
                Ok(n) if n >= 1 && n as usize <= file.options.len() => {
                    read.insert(n, *record);
                }
                _ => problems.push(located(
                    format!(
                        "votes.{participant}: option `{number}` does not exist (1 to {})",
                        file.options.len()
                    ),
                    find_span(text, &format!("[votes.{participant}]"))
                        .or_else(|| find_span(text, participant)),
                )),
            }
        }
        votes.insert(participant.clone(), read);
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(Poll {
        id: id.to_string(),
        file,
        votes,
    })
}

fn find_span(text: &str, what: &str) -> Option<std::ops::Range<usize>> {
    text.find(what).map(|at| at..at + what.len())
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Reads `polls/<id>.toml`.
pub fn load(dir: &DataDir, id: &str) -> Result<Option<Poll>> {
    let path = path(dir, id);
    match std::fs::read(&path) {
        Ok(bytes) => {
            let text = crate::store::text::TextFile::decode(&bytes).text;
            parse(id, &text, &path).map(Some)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Every poll of the data directory, by id.
pub fn load_all(dir: &DataDir) -> Result<Vec<Poll>> {
    let folder = folder(dir);
    let entries = match std::fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(folder, e)),
    };
    let mut ids: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".toml").map(str::to_string)
        })
        .filter(|id| crate::model::is_valid_id(id))
        .collect();
    ids.sort();
    let mut polls = Vec::new();
    for id in ids {
        if let Some(poll) = load(dir, &id)? {
            polls.push(poll);
        }
    }
    Ok(polls)
}

/// Every problem of the poll files against the data (`jelly check`): a
/// file that does not read, an option at an unknown venue, a vote of an
/// unknown participant.
pub fn check_all(dir: &DataDir, data: &crate::model::Dataset) -> Vec<Problem> {
    let folder = folder(dir);
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut problems = Vec::new();
    for path in paths {
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = match std::fs::read(&path) {
            Ok(bytes) => crate::store::text::TextFile::decode(&bytes).text,
            Err(e) => {
                problems.push(Problem::new(&path, e.to_string()));
                continue;
            }
        };
        if !crate::model::is_valid_id(&id) {
            problems.push(Problem::new(
                &path,
                "a poll's file name is its id: lower-case letters, digits and hyphens",
            ));
            continue;
        }
        let poll = match parse(&id, &text, &path) {
            Ok(poll) => poll,
            Err(Error::Invalid(found)) => {
                problems.extend(found);
                continue;
            }
            Err(e) => {
                problems.push(Problem::new(&path, e.to_string()));
                continue;
            }
        };
        let at = |what: &str| {
            let problem = Problem::new(&path, String::new());
            match find_span(&text, what) {
                Some(span) => {
                    let (line, column) = line_column(&text, span.start);
                    problem.at(line, column)
                }
                None => problem,
            }
        };
        for option in &poll.file.options {
            if data.venue(&option.venue).is_none() {
                let mut problem = at(&format!("\"{}\"", option.venue));
                problem.message = format!("unknown venue `{}`", option.venue);
                problems.push(problem);
            }
        }
        for participant in poll.votes.keys() {
            if data.participant(participant).is_none() {
                let mut problem = at(participant);
                problem.message = format!("votes: unknown participant `{participant}`");
                problems.push(problem);
            }
        }
    }
    problems
}

/// The votes of `participant` in every poll, as JSON (`participant export`).
pub fn export_votes(polls: &[Poll], participant: &str) -> serde_json::Value {
    let list: Vec<serde_json::Value> = polls
        .iter()
        .filter_map(|poll| {
            let votes = poll.votes.get(participant)?;
            let options: Vec<serde_json::Value> = votes
                .iter()
                .map(|(number, record)| {
                    let option = &poll.file.options[*number as usize - 1];
                    serde_json::json!({
                        "option": number,
                        "date": option.date.format("%Y-%m-%dT%H:%M:%S").to_string(),
                        "venue": option.venue,
                        "vote": record.vote.as_str(),
                        "at": record.at.map(|at| at.format("%Y-%m-%dT%H:%M:%S").to_string()),
                    })
                })
                .collect();
            Some(serde_json::json!({ "poll": poll.id, "votes": options }))
        })
        .collect();
    serde_json::Value::Array(list)
}

/// The text of a new poll's file.
pub fn new_text(
    heading: &str,
    theme: Option<&str>,
    close: Option<NaiveDate>,
    options: &[PollOption],
) -> String {
    let mut doc = toml_edit::DocumentMut::new();
    if let Some(theme) = theme {
        doc.insert("theme", toml_edit::value(theme));
    }
    if let Some(close) = close {
        let date: toml_edit::Datetime = close
            .format("%Y-%m-%d")
            .to_string()
            .parse()
            .expect("a formatted date parses");
        doc.insert("close", toml_edit::value(date));
    }
    doc.insert("status", toml_edit::value("open"));
    let mut array = toml_edit::ArrayOfTables::new();
    for option in options {
        let mut table = toml_edit::Table::new();
        table.insert(
            "date",
            toml_edit::value(crate::store::event_file::toml_datetime(option.date)),
        );
        table.insert("venue", toml_edit::value(option.venue.as_str()));
        array.push(table);
    }
    doc.insert("option", toml_edit::Item::ArrayOfTables(array));
    let mut text = String::new();
    for line in heading.lines() {
        text.push_str(&format!("# {line}\n"));
    }
    text.push_str(&doc.to_string());
    text.push_str("\n[votes]\n");
    text
}

/// A poll's file opened for edits (votes, closing), comments kept.
pub struct PollEdit {
    file: EditableFile,
}

impl PollEdit {
    pub fn open(dir: &DataDir, id: &str) -> Result<PollEdit> {
        Ok(PollEdit {
            file: EditableFile::open(&path(dir, id))?,
        })
    }

    fn votes(&mut self) -> &mut toml_edit::Table {
        let doc = self.file.doc.as_table_mut();
        if !doc.contains_key("votes") {
            let mut table = toml_edit::Table::new();
            table.set_implicit(false);
            doc.insert("votes", toml_edit::Item::Table(table));
        }
        doc["votes"]
            .as_table_mut()
            .expect("votes is a table (the file was checked)")
    }

    /// Records `participant`'s vote on `option`, unless a later one is there.
    pub fn set_vote(&mut self, participant: &str, option: u32, vote: Vote, at: NaiveDateTime) {
        let votes = self.votes();
        if !votes.contains_key(participant) {
            let mut table = toml_edit::InlineTable::new();
            table.set_dotted(false);
            votes.insert(participant, toml_edit::value(table));
        }
        let key = option.to_string();
        let mut record = toml_edit::InlineTable::new();
        record.insert("vote", vote.as_str().into());
        record.insert(
            "at",
            toml_edit::Value::from(crate::store::event_file::toml_datetime(at)),
        );
        match votes.get_mut(participant) {
            Some(item) if item.is_inline_table() => {
                let table = item.as_inline_table_mut().expect("checked");
                table.insert(&key, toml_edit::Value::InlineTable(record));
            }
            Some(item) => {
                if let Some(table) = item.as_table_like_mut() {
                    table.insert(&key, toml_edit::value(record));
                }
            }
            None => {}
        }
    }

    /// Removes a participant's votes (`participant forget`).
    pub fn remove_votes(&mut self, participant: &str) -> bool {
        self.votes().remove(participant).is_some()
    }

    /// `status = "closed"`, `session = ID`.
    pub fn close(&mut self, session: &str) {
        let doc = self.file.doc.as_table_mut();
        doc.insert("status", toml_edit::value("closed"));
        doc.insert("session", toml_edit::value(session));
    }

    pub fn save(&self) -> Result<()> {
        self.file.save()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Vec<PollOption> {
        vec![
            PollOption {
                date: crate::model::parse_local_datetime("2027-01-14T18:30").unwrap(),
                venue: "ales-telecentre".into(),
            },
            PollOption {
                date: crate::model::parse_local_datetime("2027-01-21T18:30").unwrap(),
                venue: "anduze-mediatheque".into(),
            },
        ]
    }

    #[test]
    fn a_new_poll_reads_back_and_takes_votes_keeping_comments() {
        let text = new_text("Sondage\nà la main", Some("IA"), None, &options());
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        std::fs::create_dir_all(folder(&data)).unwrap();
        std::fs::write(path(&data, "p"), &text).unwrap();
        let poll = load(&data, "p").unwrap().unwrap();
        assert_eq!(poll.file.options, options());
        assert!(poll.is_open() && poll.votes.is_empty());
        let at = crate::model::parse_local_datetime("2026-11-21T09:00").unwrap();
        let mut edit = PollEdit::open(&data, "p").unwrap();
        edit.set_vote("noemie", 2, Vote::IfNeedBe, at);
        edit.set_vote("noemie", 1, Vote::Yes, at);
        edit.set_vote("noemie", 2, Vote::No, at);
        edit.save().unwrap();
        let written = std::fs::read_to_string(path(&data, "p")).unwrap();
        assert!(written.starts_with("# Sondage\n# à la main\n"), "{written}");
        let poll = load(&data, "p").unwrap().unwrap();
        assert_eq!(poll.votes["noemie"][&1].vote, Vote::Yes);
        assert_eq!(poll.votes["noemie"][&2].vote, Vote::No);
        assert_eq!(poll.votes["noemie"][&2].at, Some(at));
    }

    #[test]
    fn mistakes_are_located() {
        let text = "status = \"open\"\n[[option]]\ndate = 2027-01-14T18:30:00\nvenue = 3\n";
        let e = parse("p", text, Path::new("polls/p.toml")).unwrap_err();
        let Error::Invalid(problems) = e else {
            panic!()
        };
        assert_eq!(problems[0].line, Some(4), "{problems:?}");
        let text = "[[option]]\ndate = 2027-01-14T18:30:00\nvenue = \"v\"\n[votes]\nnoemie = { 3 = { vote = \"yes\" } }\n";
        let e = parse("p", text, Path::new("polls/p.toml")).unwrap_err();
        assert!(e.to_string().contains("polls/p.toml:5:1"), "{e}");
    }
}
