//! Loading a data directory: each file is parsed with serde into plain raw
//! structs (fast: this is the hot path of `jelly next` on 100,000 people),
//! then checked as a whole. Every problem of every file is collected; line
//! and column are computed afterwards, only for the files that have one.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{Error, Problem, Result};
use crate::i18n::Lang;
use crate::model::duration;
use crate::model::validate::*;
use crate::model::*;
use crate::path;
use crate::store::locate::{locate, Seg};
use crate::store::schema::{self, closest, Section};
use crate::store::text::{line_col, TextFile};
use crate::store::DataDir;
use crate::store::{cache, fast_participants};
use crate::t;

// ---------- raw shapes, as written ----------

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawVillages {
    #[serde(default)]
    pub village: Vec<RawVillage>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVillage {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub department: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawVenues {
    #[serde(default)]
    pub venue: Vec<RawVenue>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVenue {
    pub id: String,
    pub name: String,
    pub village: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub capacity: Option<i64>,
    #[serde(default)]
    pub amenities: Vec<String>,
    pub address: Option<String>,
    pub contact: Option<String>,
    pub active: Option<bool>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawParticipants {
    #[serde(default)]
    pub participant: Vec<RawParticipant>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParticipant {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub village: String,
    pub max_km: Option<f64>,
    pub active: Option<bool>,
    pub profession: Option<String>,
    pub joined: Option<toml::value::Datetime>,
    pub carpool: Option<bool>,
    pub mail: Option<bool>,
    pub bounced: Option<toml::value::Datetime>,
    pub aliases: Option<Vec<String>>,
    pub listed: Option<bool>,
    pub skills: Option<Vec<String>>,
    pub website: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawDistances {
    #[serde(default)]
    pub route: Vec<RawRoute>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoute {
    pub from: String,
    pub to: String,
    pub km: f64,
    pub minutes: Option<f64>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    #[serde(default)]
    pub association: RawAssociation,
    #[serde(default)]
    pub rotation: RawRotation,
    #[serde(default)]
    pub mail: RawMail,
    #[serde(default)]
    pub inbox: RawInbox,
    #[serde(default)]
    pub site: RawSite,
    #[serde(default)]
    pub publish: RawPublish,
    #[serde(default)]
    pub store: RawStore,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub url: Option<String>,
    pub join_url: Option<String>,
    pub contact: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawPublish {
    pub caldav_url: Option<String>,
    pub username: Option<String>,
    pub password_command: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawStore {
    pub cache: Option<bool>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawInbox {
    pub imap_url: Option<String>,
    pub maildir: Option<String>,
    pub username: Option<String>,
    pub password_command: Option<String>,
    pub folder: Option<String>,
    pub done_folder: Option<String>,
    pub ca_file: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawAssociation {
    pub name: Option<String>,
    pub timezone: Option<String>,
    pub language: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawRotation {
    pub objective: Option<String>,
    pub cooldown: Option<i64>,
    pub detour_factor: Option<f64>,
    pub every: Option<String>,
    pub quorum: Option<i64>,
    pub expected_turnout_rate: Option<f64>,
    pub turnout_odds_per_10_km: Option<f64>,
    pub default_time: Option<String>,
    pub weekday: Option<String>,
    /// A selector, or a list of them (`"near:salle:40"`).
    pub invite: Option<RawSelectors>,
    pub waitlist: Option<bool>,
    pub waitlist_hold: Option<String>,
}

/// One selector or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawSelectors {
    One(String),
    Many(Vec<String>),
}

/// `[mail]` as written: every key of the section, declared here only
/// (the settings that talk to servers are checked in
/// [`crate::mail::settings::check`]).
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawMail {
    pub from: Option<String>,
    pub transport: Option<String>,
    pub smtp_url: Option<String>,
    pub tls: Option<String>,
    pub username: Option<String>,
    pub password_command: Option<String>,
    pub outbox: Option<String>,
    pub sendmail_command: Option<String>,
    pub reminders: Option<Vec<String>>,
    pub connections: Option<i64>,
    pub ca_file: Option<String>,
    pub timeout: Option<String>,
    pub hello_name: Option<String>,
    pub dkim_selector: Option<String>,
    pub dkim_key_file: Option<String>,
    pub unsubscribe_url: Option<String>,
    /// The largest total size of `jelly mail --attach` files ("10 MB").
    pub max_attachments: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawDateTime {
    Toml(toml::value::Datetime),
    Text(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub date: RawDateTime,
    pub venue: String,
    pub theme: Option<String>,
    pub status: String,
    #[serde(default)]
    pub invited: Vec<String>,
    #[serde(default)]
    pub attended: Vec<String>,
    pub sequence: Option<i64>,
    pub cancel_reason: Option<String>,
    pub previous_date: Option<RawDateTime>,
    #[serde(default)]
    pub rsvp: BTreeMap<String, RawRsvp>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRsvp {
    pub answer: String,
    pub at: Option<RawDateTime>,
    /// Waiting list: when a freed seat was offered to them.
    pub offered: Option<RawDateTime>,
    /// Waiting list: their offer ran out unanswered.
    pub expired: Option<bool>,
}

// ---------- problems, located later ----------

/// A problem known by its path in a file; its line and column are found later.
#[derive(Debug)]
struct Pending {
    file: PathBuf,
    path: Vec<Seg>,
    message: String,
}

/// Collects problems while checking a data directory.
pub struct Checker {
    lang: Lang,
    texts: HashMap<PathBuf, String>,
    pending: Vec<Pending>,
    located: Vec<Problem>,
    /// Problems that do not stop commands other than `check`.
    soft: Vec<Pending>,
    /// Whether `report` files problems as soft ones.
    reporting_soft: bool,
    /// Two participants on one address: `check` refuses it, every other
    /// command works on (`participant merge` is how it is fixed).
    identity: Vec<Pending>,
    /// Every file read, by path and bytes: the parsed-data cache's key.
    inputs: cache::Inputs,
    /// The folders searched for the data directory (named when a required
    /// file is missing).
    looked_in: Vec<PathBuf>,
}

impl Checker {
    pub fn new(lang: Lang) -> Self {
        Checker {
            lang,
            texts: HashMap::new(),
            pending: Vec::new(),
            located: Vec::new(),
            soft: Vec::new(),
            reporting_soft: false,
            identity: Vec::new(),
            inputs: cache::Inputs::default(),
            looked_in: Vec::new(),
        }
    }

    fn report(&mut self, file: &Path, path: Vec<Seg>, message: String) {
        let pending = Pending {
            file: file.to_path_buf(),
            path,
            message,
        };
        if self.reporting_soft {
            self.soft.push(pending);
        } else {
            self.pending.push(pending);
        }
    }

    fn has_problems_at(&self, file: &Path, path: &[Seg]) -> bool {
        self.pending
            .iter()
            .any(|p| p.file == file && p.path.as_slice() == path)
    }

    fn has_problems(&self) -> bool {
        !self.pending.is_empty() || !self.located.is_empty()
    }

    /// Every problem, located, in file then line order.
    pub fn finish(mut self) -> Vec<Problem> {
        let located = std::mem::take(&mut self.located);
        let pending = std::mem::take(&mut self.pending);
        self.located(located, pending)
    }

    /// `pending` located, after `problems`, all in file then line order.
    fn located(&self, mut problems: Vec<Problem>, pending: Vec<Pending>) -> Vec<Problem> {
        let mut by_file: BTreeMap<PathBuf, Vec<Pending>> = BTreeMap::new();
        for pending in pending {
            by_file
                .entry(pending.file.clone())
                .or_default()
                .push(pending);
        }
        for (file, pendings) in by_file {
            let text = self.texts.get(&file);
            for pending in pendings {
                let mut problem = Problem::new(&file, pending.message);
                if let Some((line, column)) = text.and_then(|text| locate(text, &pending.path)) {
                    problem = problem.at(line, column);
                }
                problems.push(problem);
            }
        }
        problems.sort_by(|a, b| {
            (a.file.as_path(), a.line.unwrap_or(0), a.column.unwrap_or(0)).cmp(&(
                b.file.as_path(),
                b.line.unwrap_or(0),
                b.column.unwrap_or(0),
            ))
        });
        problems.dedup();
        problems
    }

    /// Reads a file; a missing required file is a problem, a missing optional one is `None`.
    fn read(&mut self, path: &Path, required: bool) -> Option<String> {
        match std::fs::read(path) {
            Ok(bytes) => {
                self.inputs.file(path, &bytes);
                // The usual case (UTF-8, no BOM, no CR) keeps the bytes as
                // they are: no copy of a 12 MB participants file.
                let plain = !bytes.starts_with(b"\xEF\xBB\xBF") && !bytes.contains(&b'\r');
                let text = match String::from_utf8(bytes) {
                    Ok(text) if plain => text,
                    Ok(text) => TextFile::decode(text.as_bytes()).text,
                    Err(e) => TextFile::decode(e.as_bytes()).text,
                };
                self.texts.insert(path.to_path_buf(), text.clone());
                Some(text)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.inputs.missing(path);
                if required {
                    // A relative path is named absolute too (the user may
                    // not know which folder jelly is in).
                    let mut message = if path.is_absolute() {
                        t!(self.lang, "err-missing-file")
                    } else {
                        let absolute =
                            std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
                        t!(self.lang, "dir-missing-file", path = absolute.display())
                    };
                    if !self.looked_in.is_empty() {
                        let dirs: Vec<String> = self
                            .looked_in
                            .iter()
                            .map(|d| crate::error::escaped(&d.display().to_string()))
                            .collect();
                        message.push_str(&t!(
                            self.lang,
                            "dir-looked-in",
                            count = dirs.len(),
                            dirs = crate::i18n::Raw(dirs.join(", "))
                        ));
                    }
                    self.located.push(Problem::new(path, message));
                }
                None
            }
            Err(e) => {
                self.located
                    .push(Problem::new(path, t!(self.lang, "err-read", error = e)));
                None
            }
        }
    }

    /// Parses `text` as `T`; on failure explains every problem of shape.
    pub fn parse<T: DeserializeOwned>(
        &mut self,
        path: &Path,
        text: &str,
        sections: &[Section],
    ) -> Option<T> {
        self.texts
            .entry(path.to_path_buf())
            .or_insert_with(|| text.to_string());
        match toml::from_str::<T>(text) {
            Ok(value) => Some(value),
            Err(serde_error) => {
                let syntax_problem = |message: &str, span: Option<std::ops::Range<usize>>| {
                    let mut problem = Problem::new(
                        path,
                        t!(
                            self.lang,
                            "err-syntax",
                            error = crate::store::syntax::message(self.lang, message)
                        ),
                    );
                    if let Some(span) = span {
                        let (line, column) = line_col(text, span.start);
                        problem = problem.at(line, column);
                    }
                    vec![problem]
                };
                // toml_edit panics building a document from some invalid
                // texts (`==` then `[.`: "all items have spans"); the toml
                // crate's parser reports the same errors without panicking,
                // so toml_edit only ever sees valid TOML.
                let problems = match toml::from_str::<toml::Table>(text) {
                    Err(syntax) => syntax_problem(syntax.message(), syntax.span()),
                    Ok(_) => match toml_edit::Document::parse(text) {
                        Err(syntax) => syntax_problem(syntax.message(), syntax.span()),
                        Ok(doc) => {
                            schema::check_document(self.lang, path, text, doc.as_table(), sections)
                        }
                    },
                };
                if problems.is_empty() {
                    // The walker found nothing: fall back on serde's own words.
                    let mut problem = Problem::new(path, serde_error.message().to_string());
                    if let Some(span) = serde_error.span() {
                        let (line, column) = line_col(text, span.start);
                        problem = problem.at(line, column);
                    }
                    self.located.push(problem);
                } else {
                    self.located.extend(problems);
                }
                None
            }
        }
    }
}

// ---------- loading ----------

/// Loads `jelly.toml` alone (defaults when it is absent).
pub fn load_config(dir: &DataDir, lang: Lang) -> Result<Config> {
    let mut checker = Checker::new(lang);
    let config = read_config(&mut checker, dir);
    if checker.has_problems() {
        return Err(Error::Invalid(checker.finish()));
    }
    Ok(config)
}

fn read_config(checker: &mut Checker, dir: &DataDir) -> Config {
    let path = dir.config();
    let Some(text) = checker.read(&path, false) else {
        return Config::default();
    };
    match checker.parse::<RawConfig>(&path, &text, schema::CONFIG) {
        Some(raw) => {
            let config = check_config(checker, &path, raw);
            // The mail settings that name files (ca_file, dkim_key_file).
            for (key, message) in
                crate::mail::settings::check_files(dir, &config.mail, checker.lang)
            {
                checker.report(&path, path!["mail", key], message);
            }
            config
        }
        None => Config::default(),
    }
}

/// The session files of `dir`, in the order a load reads them.
fn event_paths(dir: &DataDir) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir.events()) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .collect();
    paths.sort();
    paths
}

/// The snapshot's key for `paths` as they are now, after the settings
/// already in `inputs`: what a full read would compute, without keeping
/// the files. `None` if one cannot be read for another reason than being
/// absent (the full read then reports it).
fn probe_key<'a>(
    inputs: &cache::Inputs,
    dir: &DataDir,
    lang: Lang,
    paths: impl Iterator<Item = &'a PathBuf>,
) -> Option<cache::Key> {
    let mut inputs = inputs.clone();
    let mut buffer = vec![0u8; 256 * 1024];
    for path in paths {
        match inputs.file_at(path, &mut buffer) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => inputs.missing(path),
            Err(_) => return None,
        }
    }
    Some(inputs.key(dir, lang))
}

/// A folder with none of an association's files (a new volunteer's first
/// command in an empty folder, a `--data` with a typo) is said once, with
/// what to do, rather than as three missing files.
fn no_association_here(dir: &DataDir, lang: Lang) -> Result<()> {
    let files = [
        dir.config(),
        dir.villages(),
        dir.venues(),
        dir.participants(),
    ];
    if files.iter().any(|file| file.exists()) {
        return Ok(());
    }
    let path = std::path::absolute(&dir.description).unwrap_or_else(|_| dir.description.clone());
    let path = crate::error::escaped(&path.display().to_string());
    let looked = if dir.looked_in.len() > 1 {
        let dirs: Vec<String> = dir
            .looked_in
            .iter()
            .skip(1)
            .map(|d| crate::error::escaped(&d.display().to_string()))
            .collect();
        t!(
            lang,
            "dir-no-association-above",
            dirs = crate::i18n::Raw(dirs.join(", "))
        )
    } else {
        String::new()
    };
    Err(Error::Usage(t!(
        lang,
        "dir-no-association",
        path = crate::i18n::Raw(path),
        looked = crate::i18n::Raw(looked)
    )))
}

/// Loads and checks the whole data directory; every problem at once.
pub fn load(dir: &DataDir, lang: Lang) -> Result<Dataset> {
    no_association_here(dir, lang)?;
    let mut checker = Checker::new(lang);
    checker.looked_in = dir.looked_in.clone();
    let config = read_config(&mut checker, dir);
    let villages_path = dir.villages();
    let venues_path = dir.venues();
    let participants_path = dir.participants();
    let distances_path = dir.distances();

    // Read every file, then parse them all at once (participants.toml in
    // pieces, on every core); a file that does not parse is parsed again,
    // alone, to explain its problems with their positions.
    let event_paths = event_paths(dir);

    // Nothing changed since a snapshot was kept: no parse. The files are
    // hashed through one small buffer (no copy of 12 MB into memory), with
    // the key a full read would give them; on a miss they are read again,
    // and the snapshot then written is keyed by the bytes actually parsed.
    // The settings are always those just read (they name files checked on
    // every run).
    if cache::enabled() && config.store.cache && !checker.has_problems() {
        let description = [
            &villages_path,
            &venues_path,
            &participants_path,
            &distances_path,
        ];
        let key = probe_key(
            &checker.inputs,
            dir,
            lang,
            description.into_iter().chain(&event_paths),
        );
        if let Some(snapshot) = key.and_then(|key| Some((key, cache::read(dir, key)?))) {
            return Ok(Dataset {
                config,
                cache_key: Some(snapshot.0),
                ..snapshot.1
            });
        }
    }

    let villages_text = checker.read(&villages_path, true);
    let venues_text = checker.read(&venues_path, true);
    let participants_text = checker.read(&participants_path, true);
    let distances_text = checker.read(&distances_path, false);
    let mut event_texts = Vec::new();
    for path in event_paths {
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        if let Some(text) = checker.read(&path, true) {
            event_texts.push((id, path, text));
        }
    }

    let cache_key = (cache::enabled() && config.store.cache && !checker.has_problems())
        .then(|| checker.inputs.key(dir, lang));

    fn quick<T: DeserializeOwned>(text: &Option<String>) -> Option<T> {
        text.as_deref().and_then(|t| toml::from_str(t).ok())
    }
    let ((villages, venues), (participants, (distances, events))) = rayon::join(
        || {
            rayon::join(
                || quick::<RawVillages>(&villages_text),
                || quick::<RawVenues>(&venues_text),
            )
        },
        || {
            rayon::join(
                || participants_text.as_deref().and_then(parse_participants),
                || {
                    rayon::join(
                        || quick::<RawDistances>(&distances_text),
                        || {
                            use rayon::prelude::*;
                            event_texts
                                .par_iter()
                                .map(|(_, _, text)| toml::from_str::<RawEvent>(text).ok())
                                .collect::<Vec<_>>()
                        },
                    )
                },
            )
        },
    );
    let raw_villages = explain(
        &mut checker,
        &villages_path,
        &villages_text,
        villages,
        schema::VILLAGES,
    );
    let raw_venues = explain(
        &mut checker,
        &venues_path,
        &venues_text,
        venues,
        schema::VENUES,
    );
    let raw_participants = explain(
        &mut checker,
        &participants_path,
        &participants_text,
        participants,
        schema::PARTICIPANTS,
    );
    let raw_distances = explain(
        &mut checker,
        &distances_path,
        &distances_text,
        distances,
        schema::DISTANCES,
    );
    let mut raw_events = Vec::new();
    for ((id, path, text), parsed) in event_texts.into_iter().zip(events) {
        let text = Some(text);
        if let Some(raw) = explain(&mut checker, &path, &text, parsed, schema::EVENT) {
            raw_events.push((id, path, raw));
        }
    }

    let mut dataset = Dataset {
        config,
        ..Dataset::default()
    };
    // References into a file that did not parse cannot be checked.
    let villages_ok = raw_villages.is_some();
    let venues_ok = raw_venues.is_some();
    let participants_ok = raw_participants.is_some();
    if let Some(raw) = raw_villages {
        dataset.villages = check_villages(&mut checker, &villages_path, raw);
    }
    let village_ids: HashSet<&str> = dataset.villages.iter().map(|v| v.id.as_str()).collect();
    let village_refs = villages_ok.then_some(&village_ids);
    if let Some(raw) = raw_venues {
        dataset.venues = check_venues(&mut checker, &venues_path, raw, village_refs);
    }
    if let Some(raw) = raw_participants {
        dataset.participants =
            check_participants(&mut checker, &participants_path, raw, village_refs);
    }
    if let Some(raw) = raw_distances {
        dataset.routes = check_routes(&mut checker, &distances_path, raw, village_refs);
    }
    let venue_ids: HashSet<&str> = dataset.venues.iter().map(|v| v.id.as_str()).collect();
    let participant_ids: HashSet<&str> =
        dataset.participants.iter().map(|p| p.id.as_str()).collect();
    let refs = EventRefs {
        venues: venues_ok.then_some(&venue_ids),
        participants: participants_ok.then_some(&participant_ids),
        timezone: dataset.config.association.timezone,
    };
    let mut events = Vec::new();
    for (id, path, raw) in raw_events {
        if let Some(event) = check_event(&mut checker, &path, &id, raw, &refs) {
            events.push(event);
        }
    }
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    dataset.events = events;
    // `[rotation] invite` naming a session, village or venue that is not
    // there: `check` refuses it, the commands that do not use it work on.
    let invite = dataset.config.rotation.invite.clone();
    for (i, text) in invite.iter().enumerate() {
        if let Ok(selector) = crate::selectors::Selector::parse(text) {
            if let Err(e) = selector.check(&dataset, text) {
                let at = if invite.len() == 1 {
                    path!["rotation", "invite"]
                } else {
                    path!["rotation", "invite", i]
                };
                checker.reporting_soft = true;
                checker.report(&dir.config(), at, e.message(checker.lang));
                checker.reporting_soft = false;
            }
        }
    }

    let soft = std::mem::take(&mut checker.soft);
    let identity = std::mem::take(&mut checker.identity);
    if checker.has_problems() {
        checker.pending.extend(soft);
        checker.pending.extend(identity);
        return Err(Error::Invalid(checker.finish()));
    }
    dataset.shared_addresses = checker.located(Vec::new(), identity);
    checker.pending = soft;
    dataset.dangling = checker.finish();
    if let Some(key) = cache_key {
        cache::write_soon(dir, key, &dataset, lang);
    }
    dataset.cache_key = cache_key;
    Ok(dataset)
}

/// A file parsed in advance (`parsed`), or, when it did not parse, parsed
/// again by the checker to report every problem with its position.
fn explain<T: DeserializeOwned>(
    checker: &mut Checker,
    path: &Path,
    text: &Option<String>,
    parsed: Option<T>,
    sections: &[Section],
) -> Option<T> {
    match (parsed, text) {
        (Some(value), _) => Some(value),
        (None, Some(text)) => checker.parse::<T>(path, text, sections),
        (None, None) => None,
    }
}

/// participants.toml is the largest file by far (12 MB for a national
/// network): it is cut at its `[[participant]]` headers and the pieces are
/// parsed on every core, each by the fast path for the plain shape
/// ([`fast_participants`]) or else by the TOML parser. `None` when it does not parse, or when its shape
/// does not allow a safe cut (multi-line strings, other tables) and it does
/// not parse whole either: the caller then explains its problems.
fn parse_participants(text: &str) -> Option<RawParticipants> {
    use rayon::prelude::*;
    const PIECE: usize = 512 * 1024;
    let plain_or_toml = |piece: &str| match fast_participants::parse(piece) {
        Some(participant) => Some(RawParticipants { participant }),
        None => toml::from_str(piece).ok(),
    };
    if text.len() <= 2 * PIECE {
        return plain_or_toml(text);
    }
    let mut cuts = vec![0];
    let mut from = PIECE;
    while from < text.len() {
        // `from` counts bytes: step onto a character boundary before slicing.
        while !text.is_char_boundary(from) {
            from += 1;
        }
        match text[from..].find("\n[[participant]]") {
            Some(offset) => {
                cuts.push(from + offset + 1);
                from = from + offset + 1 + PIECE;
            }
            None => break,
        }
    }
    cuts.push(text.len());
    let pieces: Vec<&str> = cuts.windows(2).map(|w| &text[w[0]..w[1]]).collect();
    // A cut is safe when no piece has a multi-line string (which could hold
    // a line that looks like a header) or a header other than
    // `[[participant]]`; each piece checks itself while it is parsed.
    let safe = |piece: &str| {
        !piece.contains("\'\'\'")
            && !piece.contains("\"\"\"")
            && piece
                .lines()
                .filter(|l| l.trim_start().starts_with('['))
                .all(|l| l.trim() == "[[participant]]")
    };
    let parsed: Vec<Option<RawParticipants>> = pieces
        .par_iter()
        .map(|piece| match fast_participants::parse(piece) {
            Some(participant) => Some(RawParticipants { participant }),
            None if safe(piece) => toml::from_str(piece).ok(),
            None => None,
        })
        .collect();
    if parsed.iter().any(Option::is_none) {
        // Not safe to cut here, or a problem: try the file whole.
        return toml::from_str(text).ok();
    }
    let mut all = RawParticipants::default();
    all.participant
        .reserve(parsed.iter().flatten().map(|p| p.participant.len()).sum());
    for mut part in parsed.into_iter().flatten() {
        all.participant.append(&mut part.participant);
    }
    Some(all)
}

// ---------- checks ----------

fn closest_hint(lang: Lang, id: &str, ids: &HashSet<&str>) -> String {
    match closest(id, ids.iter().copied()) {
        Some(suggestion) => t!(lang, "err-unknown-ref-hint", suggestion = suggestion),
        None => t!(lang, "err-unknown-ref-none"),
    }
}

impl Checker {
    fn check_id(&mut self, file: &Path, path: Vec<Seg>, id: &str) {
        if !is_valid_id(id) {
            let example = slug(id);
            self.report(
                file,
                path,
                t!(self.lang, "err-bad-id", id = id, example = example),
            );
        }
    }

    fn check_ref(
        &mut self,
        file: &Path,
        path: Vec<Seg>,
        what: &str,
        id: &str,
        ids: Option<&HashSet<&str>>,
    ) {
        if let Some(ids) = ids {
            if !ids.contains(id) {
                let hint = closest_hint(self.lang, id, ids);
                let what = t!(self.lang, what);
                self.report(
                    file,
                    path,
                    t!(
                        self.lang,
                        "err-unknown-ref",
                        what = what,
                        id = id,
                        hint = crate::i18n::Raw(hint)
                    ),
                );
            }
        }
    }

    // `path!` builds a Vec that `locate` only borrows here.
    #[allow(clippy::useless_vec)]
    fn check_unique(&mut self, file: &Path, array: &str, ids: &[&str]) {
        let mut first: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
        for (index, id) in ids.iter().enumerate() {
            if let Some(&earlier) = first.get(id) {
                let line = self
                    .texts
                    .get(file)
                    .and_then(|t| locate(t, &path![array, earlier, "id"]))
                    .map_or(0, |(l, _)| l);
                self.report(
                    file,
                    path![array, index, "id"],
                    t!(self.lang, "err-duplicate-id", id = id, line = line),
                );
            } else {
                first.insert(id, index);
            }
        }
    }

    fn check_lat_lon(&mut self, file: &Path, array: &str, index: usize, lat: f64, lon: f64) {
        if !(-90.0..=90.0).contains(&lat) || !lat.is_finite() {
            self.report(
                file,
                path![array, index, "lat"],
                t!(self.lang, "err-lat-range", value = lat),
            );
        }
        if !(-180.0..=180.0).contains(&lon) || !lon.is_finite() {
            self.report(
                file,
                path![array, index, "lon"],
                t!(self.lang, "err-lon-range", value = lon),
            );
        }
    }

    /// A finite number within `min..=max`.
    fn check_range(
        &mut self,
        file: &Path,
        path: Vec<Seg>,
        key: &str,
        value: f64,
        min: f64,
        max: f64,
    ) {
        if !value.is_finite() {
            self.report(file, path, t!(self.lang, "err-not-finite", key = key));
        } else if value < 0.0 && min == 0.0 {
            self.report(
                file,
                path,
                t!(self.lang, "err-negative", key = key, value = value),
            );
        } else if !(min..=max).contains(&value) {
            self.report(
                file,
                path,
                t!(
                    self.lang,
                    "err-out-of-range",
                    key = key,
                    min = min,
                    max = max,
                    value = value
                ),
            );
        }
    }

    /// A date within the years jelly handles.
    fn check_date_range(&mut self, file: &Path, path: Vec<Seg>, date: Option<NaiveDateTime>) {
        if let Some(date) = date.filter(|d| !date_in_range(*d)) {
            let value = date.format("%Y-%m-%dT%H:%M").to_string();
            self.report(
                file,
                path,
                t!(
                    self.lang,
                    "err-date-range",
                    value = value,
                    first = crate::i18n::Raw(FIRST_YEAR),
                    last = crate::i18n::Raw(LAST_YEAR)
                ),
            );
        }
    }

    /// A participant named by a session: a soft problem when unknown, with
    /// a hint on removing someone properly.
    fn check_dangling_participant(
        &mut self,
        file: &Path,
        path: Vec<Seg>,
        id: &str,
        ids: Option<&HashSet<&str>>,
    ) {
        if ids.is_some_and(|ids| !ids.contains(id)) {
            self.reporting_soft = true;
            self.check_ref(file, path, "what-participant", id, ids);
            self.reporting_soft = false;
            if let Some(last) = self.soft.last_mut() {
                last.message
                    .push_str(&t!(self.lang, "err-dangling-participant-hint", id = id));
            }
        }
    }

    /// A one-line text field: no control characters, not too long.
    fn check_text(&mut self, file: &Path, path: Vec<Seg>, key: &str, value: &str) {
        if let Err(problem) = validate_text_field(value) {
            let message = problem.message(self.lang, key);
            self.report(file, path, message);
        }
    }

    fn check_choice(
        &mut self,
        file: &Path,
        path: Vec<Seg>,
        key: &str,
        value: &str,
        allowed: &[&str],
    ) {
        let allowed = allowed.join(", ");
        self.report(
            file,
            path,
            t!(
                self.lang,
                "err-bad-choice",
                key = key,
                value = value,
                allowed = crate::i18n::Raw(allowed)
            ),
        );
    }
}

fn check_config(checker: &mut Checker, file: &Path, raw: RawConfig) -> Config {
    let lang = checker.lang;
    let mut config = Config::default();
    let a = raw.association;
    if let Some(name) = a.name {
        checker.check_text(file, path!["association", "name"], "name", &name);
        config.association.name = name;
    }
    if let Some(tz) = a.timezone {
        match chrono_tz::Tz::from_str(&tz) {
            Ok(zone) => config.association.timezone = zone,
            Err(_) => {
                let names = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name());
                let hint = closest(&tz, names)
                    .map(|s| t!(lang, "err-unknown-key-hint", suggestion = s))
                    .unwrap_or_default();
                checker.report(
                    file,
                    path!["association", "timezone"],
                    t!(
                        lang,
                        "err-bad-timezone",
                        value = tz,
                        hint = crate::i18n::Raw(hint)
                    ),
                );
            }
        }
    }
    if let Some(language) = a.language {
        match Lang::parse(&language) {
            Some(l) => config.association.language = l,
            None => checker.check_choice(
                file,
                path!["association", "language"],
                "language",
                &language,
                &["fr", "en"],
            ),
        }
    }
    let r = raw.rotation;
    if let Some(objective) = r.objective {
        match Objective::parse(&objective) {
            Some(o) => config.rotation.objective = o,
            None => checker.check_choice(
                file,
                path!["rotation", "objective"],
                "objective",
                &objective,
                Objective::ALL,
            ),
        }
    }
    if let Some(cooldown) = r.cooldown {
        if !(0..=MAX_COOLDOWN).contains(&cooldown) {
            checker.report(
                file,
                path!["rotation", "cooldown"],
                t!(
                    lang,
                    "err-out-of-range",
                    key = "cooldown",
                    min = 0,
                    max = MAX_COOLDOWN,
                    value = cooldown
                ),
            );
        } else {
            config.rotation.cooldown = cooldown as usize;
        }
    }
    if let Some(detour) = r.detour_factor {
        let (min, max) = DETOUR_FACTOR;
        if !detour.is_finite() || !(min..=max).contains(&detour) {
            checker.check_range(
                file,
                path!["rotation", "detour_factor"],
                "detour_factor",
                detour,
                min,
                max,
            );
        } else {
            config.rotation.detour_factor = detour;
        }
    }
    if let Some(quorum) = r.quorum {
        if !(1..=100_000).contains(&quorum) {
            checker.report(
                file,
                path!["rotation", "quorum"],
                t!(lang, "turnout-bad-quorum", value = quorum),
            );
        } else {
            config.rotation.quorum = Some(quorum as u32);
        }
    }
    if let Some(rate) = r.expected_turnout_rate {
        if rate.is_finite() && rate > 0.0 && rate < 1.0 {
            config.rotation.expected_turnout_rate = rate;
        } else {
            checker.report(
                file,
                path!["rotation", "expected_turnout_rate"],
                t!(
                    lang,
                    "first-use-bad-rate",
                    key = "expected_turnout_rate",
                    value = rate
                ),
            );
        }
    }
    if let Some(odds) = r.turnout_odds_per_10_km {
        if odds.is_finite() && odds > 0.0 && odds <= 1.0 {
            config.rotation.turnout_odds_per_10_km = odds;
        } else {
            checker.report(
                file,
                path!["rotation", "turnout_odds_per_10_km"],
                t!(lang, "first-use-bad-odds", value = odds),
            );
        }
    }
    if let Some(time) = r.default_time {
        // 18:30, or as French organisers write it, 18h30 or 18h.
        let text = time.trim().to_lowercase();
        let parsed = chrono::NaiveTime::parse_from_str(&text, "%H:%M")
            .or_else(|_| chrono::NaiveTime::parse_from_str(&text, "%Hh%M"))
            .or_else(|_| chrono::NaiveTime::parse_from_str(&format!("{text}00"), "%Hh%M"));
        match parsed {
            Ok(t) => config.rotation.default_time = t,
            Err(_) => checker.report(
                file,
                path!["rotation", "default_time"],
                t!(lang, "first-use-bad-time", value = time),
            ),
        }
    }
    if let Some(weekday) = r.weekday {
        match crate::model::parse_weekday(&weekday) {
            Some(day) => config.rotation.weekday = Some(day),
            None => checker.check_choice(
                file,
                path!["rotation", "weekday"],
                "weekday",
                &weekday,
                crate::model::WEEKDAYS,
            ),
        }
    }
    if let Some(invite) = r.invite {
        let (list, single) = match invite {
            RawSelectors::One(one) => (vec![one], true),
            RawSelectors::Many(many) => (many, false),
        };
        for (i, text) in list.iter().enumerate() {
            if let Err(e) = crate::selectors::Selector::parse(text) {
                let at = if single {
                    path!["rotation", "invite"]
                } else {
                    path!["rotation", "invite", i]
                };
                checker.report(file, at, e.message(lang));
            }
        }
        config.rotation.invite = list;
    }
    if let Some(waitlist) = r.waitlist {
        config.rotation.waitlist = waitlist;
    }
    if let Some(hold) = r.waitlist_hold {
        match duration::Span::parse_offset(&hold) {
            Ok(span) => config.rotation.waitlist_hold = span,
            Err(_) => checker.report(
                file,
                path!["rotation", "waitlist_hold"],
                t!(lang, "err-bad-offset", value = hold),
            ),
        }
    }
    if let Some(every) = r.every {
        match duration::Span::parse_spacing(&every) {
            Ok(span) => config.rotation.every = span,
            Err(e) => checker.report(
                file,
                path!["rotation", "every"],
                duration::spacing_error_message(lang, &every, &e),
            ),
        }
    }
    let mut m = raw.mail;
    if let Some(from) = m.from.take() {
        if from.parse::<lettre::message::Mailbox>().is_err() {
            checker.report(
                file,
                path!["mail", "from"],
                t!(lang, "err-bad-mailbox", value = from),
            );
        } else {
            config.mail.from = from;
        }
    }
    if let Some(transport) = m.transport.take() {
        match transport.as_str() {
            "smtp" => config.mail.transport = TransportKind::Smtp,
            "file" => config.mail.transport = TransportKind::File,
            "sendmail" => config.mail.transport = TransportKind::Sendmail,
            _ => checker.check_choice(
                file,
                path!["mail", "transport"],
                "transport",
                &transport,
                &["smtp", "file", "sendmail"],
            ),
        }
    }
    // As docs/data-format.md says: `smtp` needs `smtp_url`, and `check`
    // says so (not only `invite`, at the first send).
    if m.smtp_url.is_none() && matches!(config.mail.transport, TransportKind::Smtp) {
        checker.report(
            file,
            path!["mail", "transport"],
            t!(lang, "mail-no-smtp-url"),
        );
    }
    let mut url_host = None;
    if let Some(url) = m.smtp_url.take() {
        match SmtpUrl::parse(&url) {
            Some(parsed) => {
                if parsed.implicit_tls {
                    config.mail.tls = Tls::Implicit;
                }
                url_host = Some(parsed.host.clone());
                config.mail.smtp_url = Some(parsed);
            }
            None => checker.report(
                file,
                path!["mail", "smtp_url"],
                t!(lang, "err-bad-url", value = url),
            ),
        }
    }
    if let Some(tls) = m.tls.clone() {
        match tls.as_str() {
            "starttls" => config.mail.tls = Tls::Starttls,
            "implicit" => config.mail.tls = Tls::Implicit,
            "none" => {
                let host = url_host.clone().unwrap_or_default();
                if is_loopback(&host) {
                    config.mail.tls = Tls::None;
                } else {
                    checker.report(
                        file,
                        path!["mail", "tls"],
                        t!(lang, "err-tls-none-remote", host = host),
                    );
                }
            }
            _ => checker.check_choice(
                file,
                path!["mail", "tls"],
                "tls",
                &tls,
                &["starttls", "implicit", "none"],
            ),
        }
    }
    config.mail.username = m.username.take();
    config.mail.password_command = m.password_command.take();
    if let Some(outbox) = m.outbox.take() {
        config.mail.outbox = outbox;
    }
    if let Some(command) = m.sendmail_command.take() {
        config.mail.sendmail_command = command;
    }
    if let Some(reminders) = m.reminders.take() {
        let mut durations = Vec::new();
        for (i, offset) in reminders.iter().enumerate() {
            match duration::Span::parse_offset(offset) {
                Ok(span) => durations.push(span),
                Err(_) => checker.report(
                    file,
                    path!["mail", "reminders", i],
                    t!(lang, "err-bad-offset", value = offset),
                ),
            }
        }
        config.mail.reminders = durations;
    }
    if let Some(connections) = m.connections.take() {
        if !(1..=MAX_CONNECTIONS).contains(&connections) {
            checker.report(
                file,
                path!["mail", "connections"],
                t!(
                    lang,
                    "err-out-of-range",
                    key = "connections",
                    min = 1,
                    max = MAX_CONNECTIONS,
                    value = connections
                ),
            );
        } else {
            config.mail.connections = connections as usize;
        }
    }
    for (key, message) in crate::mail::settings::check(&mut config.mail, m, lang) {
        checker.report(file, path!["mail", key], message);
    }
    config.inbox = check_inbox(checker, file, raw.inbox);
    config.site = check_site(checker, file, raw.site);
    config.publish = check_publish(checker, file, raw.publish);
    if let Some(cache) = raw.store.cache {
        config.store.cache = cache;
    }
    config
}

/// `[inbox]`: an IMAP URL jelly can use, or a Maildir, not both.
fn check_inbox(checker: &mut Checker, file: &Path, raw: RawInbox) -> crate::model::InboxSettings {
    let lang = checker.lang;
    let defaults = Config::default().inbox;
    if let Some(url) = &raw.imap_url {
        if crate::inbox::imap::parse_url(url).is_none() {
            checker.report(
                file,
                path!["inbox", "imap_url"],
                t!(lang, "inbox-err-bad-url", value = url.as_str()),
            );
        }
        if raw.maildir.is_some() {
            checker.report(file, path!["inbox", "maildir"], t!(lang, "inbox-err-both"));
        }
    }
    crate::model::InboxSettings {
        imap_url: raw.imap_url,
        maildir: raw.maildir,
        username: raw.username,
        password_command: raw.password_command,
        folder: raw.folder.unwrap_or(defaults.folder),
        done_folder: raw.done_folder.unwrap_or(defaults.done_folder),
        ca_file: raw.ca_file,
    }
}

/// `[site]`: the public site's address, its join link and contact.
fn check_site(checker: &mut Checker, file: &Path, raw: RawSite) -> crate::model::SiteSettings {
    let lang = checker.lang;
    for (key, value) in [("url", &raw.url), ("join_url", &raw.join_url)] {
        if let Some(url) = value {
            if !crate::model::validate::is_valid_website(url) {
                checker.report(
                    file,
                    path!["site", key],
                    t!(lang, "site-err-url", key = key, value = url.as_str()),
                );
            }
        }
    }
    if let Some(contact) = &raw.contact {
        checker.check_text(file, path!["site", "contact"], "contact", contact);
    }
    crate::model::SiteSettings {
        url: raw.url.map(|u| u.trim_end_matches('/').to_string()),
        join_url: raw.join_url,
        contact: raw.contact,
    }
}

/// `[publish]`: the shared calendar `jelly publish caldav` fills.
fn check_publish(
    checker: &mut Checker,
    file: &Path,
    raw: RawPublish,
) -> crate::model::PublishSettings {
    let lang = checker.lang;
    if let Some(url) = &raw.caldav_url {
        let ok = url.starts_with("https://")
            || url.strip_prefix("http://").is_some_and(|rest| {
                let host = rest.split(['/', ':']).next().unwrap_or("");
                is_loopback(host)
            });
        if !ok || url.chars().any(char::is_whitespace) {
            checker.report(
                file,
                path!["publish", "caldav_url"],
                t!(lang, "publish-err-url", value = url.as_str()),
            );
        }
    }
    crate::model::PublishSettings {
        caldav_url: raw.caldav_url,
        username: raw.username,
        password_command: raw.password_command,
    }
}

pub fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn check_villages(checker: &mut Checker, file: &Path, raw: RawVillages) -> Vec<Village> {
    let lang = checker.lang;
    for (i, v) in raw.village.iter().enumerate() {
        checker.check_id(file, path!["village", i, "id"], &v.id);
        if v.name.trim().is_empty() {
            checker.report(
                file,
                path!["village", i, "name"],
                t!(lang, "err-empty", key = "name"),
            );
        }
        checker.check_text(file, path!["village", i, "name"], "name", &v.name);
        if let Some(department) = &v.department {
            checker.check_text(
                file,
                path!["village", i, "department"],
                "department",
                department,
            );
        }
        checker.check_lat_lon(file, "village", i, v.lat, v.lon);
    }
    let ids: Vec<&str> = raw.village.iter().map(|v| v.id.as_str()).collect();
    checker.check_unique(file, "village", &ids);
    raw.village
        .into_iter()
        .map(|v| Village {
            id: v.id,
            name: v.name,
            lat: v.lat,
            lon: v.lon,
            department: v.department,
        })
        .collect()
}

fn check_venues(
    checker: &mut Checker,
    file: &Path,
    raw: RawVenues,
    villages: Option<&HashSet<&str>>,
) -> Vec<Venue> {
    let lang = checker.lang;
    for (i, v) in raw.venue.iter().enumerate() {
        checker.check_id(file, path!["venue", i, "id"], &v.id);
        if v.name.trim().is_empty() {
            checker.report(
                file,
                path!["venue", i, "name"],
                t!(lang, "err-empty", key = "name"),
            );
        }
        checker.check_text(file, path!["venue", i, "name"], "name", &v.name);
        for (key, value) in [("address", &v.address), ("contact", &v.contact)] {
            if let Some(value) = value {
                checker.check_text(file, path!["venue", i, key], key, value);
            }
        }
        checker.check_ref(
            file,
            path!["venue", i, "village"],
            "what-village",
            &v.village,
            villages,
        );
        match (v.lat, v.lon) {
            (Some(lat), Some(lon)) => checker.check_lat_lon(file, "venue", i, lat, lon),
            (None, None) => {}
            (Some(_), None) => {
                checker.report(file, path!["venue", i, "lat"], t!(lang, "err-lat-lon-pair"));
            }
            (None, Some(_)) => {
                checker.report(file, path!["venue", i, "lon"], t!(lang, "err-lat-lon-pair"));
            }
        }
        if let Some(capacity) = v.capacity {
            if capacity < 0 {
                checker.report(
                    file,
                    path!["venue", i, "capacity"],
                    t!(lang, "err-negative", key = "capacity", value = capacity),
                );
            } else if capacity > MAX_CAPACITY {
                checker.report(
                    file,
                    path!["venue", i, "capacity"],
                    t!(
                        lang,
                        "err-out-of-range",
                        key = "capacity",
                        min = 0,
                        max = MAX_CAPACITY,
                        value = capacity
                    ),
                );
            }
        }
    }
    let ids: Vec<&str> = raw.venue.iter().map(|v| v.id.as_str()).collect();
    checker.check_unique(file, "venue", &ids);
    raw.venue
        .into_iter()
        .map(|v| Venue {
            id: v.id,
            name: v.name,
            village: v.village,
            lat: v.lat,
            lon: v.lon,
            capacity: v.capacity.map(|c| c.clamp(0, u32::MAX as i64) as u32),
            amenities: v.amenities,
            address: v.address,
            contact: v.contact,
            active: v.active.unwrap_or(true),
        })
        .collect()
}

/// Is `text` an email address the mail transport accepts (`name@domain`)?
/// See [`validate_recipient`], which also checks it with its owner's name.
pub fn is_valid_email(text: &str) -> bool {
    validate_recipient("", text)
}

fn check_participants(
    checker: &mut Checker,
    file: &Path,
    raw: RawParticipants,
    villages: Option<&HashSet<&str>>,
) -> Vec<Participant> {
    let lang = checker.lang;
    for (i, p) in raw.participant.iter().enumerate() {
        checker.check_id(file, path!["participant", i, "id"], &p.id);
        if crate::privacy::is_anonymous(&p.id) {
            checker.report(
                file,
                path!["participant", i, "id"],
                t!(lang, "privacy-err-anon-reserved", id = p.id),
            );
        }
        if p.name.trim().is_empty() {
            checker.report(
                file,
                path!["participant", i, "name"],
                t!(lang, "err-empty", key = "name"),
            );
        }
        checker.check_text(file, path!["participant", i, "name"], "name", &p.name);
        if let Some(profession) = &p.profession {
            checker.check_text(
                file,
                path!["participant", i, "profession"],
                "profession",
                profession,
            );
        }
        checker.check_ref(
            file,
            path!["participant", i, "village"],
            "what-village",
            &p.village,
            villages,
        );
        if let Some(email) = &p.email {
            // A name with a control character is reported on its own, above:
            // the address is then judged alone, not called invalid for it.
            let name = if crate::model::validate_text_field(&p.name).is_ok() {
                p.name.as_str()
            } else {
                ""
            };
            if !validate_recipient(name, email) {
                checker.report(
                    file,
                    path!["participant", i, "email"],
                    t!(lang, "err-bad-email", value = email),
                );
            }
        }
        for (j, alias) in p.aliases.iter().flatten().enumerate() {
            if !validate_recipient(&p.name, alias) {
                checker.report(
                    file,
                    path!["participant", i, "aliases", j],
                    t!(lang, "err-bad-email", value = alias),
                );
            }
        }
        if let Some(website) = &p.website {
            if !crate::model::validate::is_valid_website(website) {
                checker.report(
                    file,
                    path!["participant", i, "website"],
                    t!(lang, "site-err-website", value = website),
                );
            }
        }
        if let Some(phone) = &p.phone {
            if !crate::model::validate::is_valid_phone(phone) {
                checker.report(
                    file,
                    path!["participant", i, "phone"],
                    t!(lang, "site-err-phone", value = phone),
                );
            }
        }
        for (k, skill) in p.skills.iter().flatten().enumerate() {
            if !crate::model::validate::is_valid_skill(skill) {
                checker.report(
                    file,
                    path!["participant", i, "skills", k],
                    t!(lang, "site-err-skill", value = skill),
                );
            }
        }
        if let Some(max_km) = p.max_km {
            checker.check_range(
                file,
                path!["participant", i, "max_km"],
                "max_km",
                max_km,
                0.0,
                MAX_KM,
            );
        }
        if let Some(bounced) = &p.bounced {
            if date_of(bounced).is_none() || bounced.time.is_some() {
                checker.report(
                    file,
                    path!["participant", i, "bounced"],
                    t!(
                        lang,
                        "err-wrong-type",
                        key = "bounced",
                        expected = t!(lang, "type-date")
                    ),
                );
            }
        }
        for (k, skill) in p.skills.iter().flatten().enumerate() {
            checker.check_text(file, path!["participant", i, "skills", k], "skills", skill);
        }
        if let Some(joined) = &p.joined {
            if date_of(joined).is_none() || joined.time.is_some() {
                checker.report(
                    file,
                    path!["participant", i, "joined"],
                    t!(
                        lang,
                        "err-wrong-type",
                        key = "joined",
                        expected = t!(lang, "type-date")
                    ),
                );
            } else {
                checker.check_date_range(
                    file,
                    path!["participant", i, "joined"],
                    date_of(joined).and_then(|d| d.and_hms_opt(0, 0, 0)),
                );
            }
        }
    }
    let ids: Vec<&str> = raw.participant.iter().map(|p| p.id.as_str()).collect();
    checker.check_unique(file, "participant", &ids);
    // One address, one person (see `crate::identity`).
    let mut first: HashMap<String, usize> = HashMap::with_capacity(raw.participant.len());
    for (i, p) in raw.participant.iter().enumerate() {
        let Some(email) = p.email.as_deref() else {
            continue;
        };
        let address = crate::identity::normalise_address(email);
        if address.is_empty() {
            continue;
        }
        match first.entry(address) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(i);
            }
            std::collections::hash_map::Entry::Occupied(slot) => {
                let earlier = &raw.participant[*slot.get()];
                checker.identity.push(Pending {
                    file: file.to_path_buf(),
                    path: path!["participant", i, "email"],
                    message: t!(
                        lang,
                        "identity-err-shared-address",
                        email = email.trim(),
                        id = p.id,
                        other = earlier.id
                    ),
                });
            }
        }
    }
    raw.participant
        .into_iter()
        .map(|p| Participant {
            id: p.id,
            name: p.name,
            email: p.email,
            village: p.village,
            max_km: p.max_km,
            active: p.active.unwrap_or(true),
            profession: p.profession,
            joined: p.joined.as_ref().and_then(date_of),
            carpool: p.carpool.unwrap_or(false),
            mail: p.mail.unwrap_or(true),
            bounced: p.bounced.as_ref().and_then(date_of),
            listed: p.listed.unwrap_or(false),
            skills: p.skills.unwrap_or_default(),
            website: p.website,
            phone: p.phone,
            aliases: p.aliases.unwrap_or_default(),
        })
        .collect()
}

fn check_routes(
    checker: &mut Checker,
    file: &Path,
    raw: RawDistances,
    villages: Option<&HashSet<&str>>,
) -> Vec<Route> {
    for (i, r) in raw.route.iter().enumerate() {
        checker.check_ref(
            file,
            path!["route", i, "from"],
            "what-village",
            &r.from,
            villages,
        );
        checker.check_ref(
            file,
            path!["route", i, "to"],
            "what-village",
            &r.to,
            villages,
        );
        checker.check_range(file, path!["route", i, "km"], "km", r.km, 0.0, MAX_KM);
        if let Some(minutes) = r.minutes {
            checker.check_range(
                file,
                path!["route", i, "minutes"],
                "minutes",
                minutes,
                0.0,
                MAX_MINUTES,
            );
        }
    }
    raw.route
        .into_iter()
        .map(|r| Route {
            from: r.from,
            to: r.to,
            km: r.km,
            minutes: r.minutes,
        })
        .collect()
}

fn date_of(dt: &toml::value::Datetime) -> Option<NaiveDate> {
    let d = dt.date?;
    NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
}

/// A TOML date-time (or a string in the command-line form) as local time in `tz`.
pub fn local_datetime(raw: &RawDateTime, tz: chrono_tz::Tz) -> Option<NaiveDateTime> {
    match raw {
        RawDateTime::Text(text) => parse_local_datetime(text),
        RawDateTime::Toml(dt) => {
            let date = date_of(dt)?;
            let time = match dt.time {
                Some(t) => chrono::NaiveTime::from_hms_nano_opt(
                    t.hour as u32,
                    t.minute as u32,
                    t.second as u32,
                    t.nanosecond,
                )?,
                None => chrono::NaiveTime::MIN,
            };
            let naive = date.and_time(time);
            match dt.offset {
                None => Some(naive),
                Some(offset) => {
                    let minutes = match offset {
                        toml::value::Offset::Z => 0,
                        toml::value::Offset::Custom { minutes } => minutes as i32,
                    };
                    let fixed = chrono::FixedOffset::east_opt(minutes * 60)?;
                    let instant = naive.and_local_timezone(fixed).single()?;
                    Some(instant.with_timezone(&tz).naive_local())
                }
            }
        }
    }
}

struct EventRefs<'a> {
    venues: Option<&'a HashSet<&'a str>>,
    participants: Option<&'a HashSet<&'a str>>,
    timezone: chrono_tz::Tz,
}

/// Is `stem` a valid session file name, `YYYY-MM-DD-<village>[-N]`?
pub fn is_valid_event_id(stem: &str) -> bool {
    is_valid_id(stem)
        && stem.len() > 11
        && NaiveDate::parse_from_str(&stem[..10], "%Y-%m-%d").is_ok()
        && stem.as_bytes()[10] == b'-'
}

fn check_event(
    checker: &mut Checker,
    file: &Path,
    id: &str,
    raw: RawEvent,
    refs: &EventRefs,
) -> Option<Event> {
    let lang = checker.lang;
    if !is_valid_event_id(id) {
        let example = format!("2026-12-01-{}", slug(id.get(11..).unwrap_or(id)));
        checker.located.push(Problem::new(
            file,
            t!(lang, "err-event-name", example = example),
        ));
    }
    let date = local_datetime(&raw.date, refs.timezone);
    checker.check_date_range(file, path!["date"], date);
    let date = date.filter(|d| date_in_range(*d));
    if date.is_none() && !checker.has_problems_at(file, &[Seg::Key("date".into())]) {
        checker.report(
            file,
            path!["date"],
            t!(
                lang,
                "err-wrong-type",
                key = "date",
                expected = t!(lang, "type-datetime")
            ),
        );
    }
    // A deleted participant or venue still named by a session: `check`
    // refuses it, other commands go on for the others.
    checker.reporting_soft = true;
    checker.check_ref(file, path!["venue"], "what-venue", &raw.venue, refs.venues);
    checker.reporting_soft = false;
    for (key, value) in [("theme", &raw.theme), ("cancel_reason", &raw.cancel_reason)] {
        if let Some(value) = value {
            checker.check_text(file, path![key], key, value);
        }
    }
    let status = Status::parse(&raw.status);
    if status.is_none() {
        checker.check_choice(file, path!["status"], "status", &raw.status, Status::ALL);
    }
    for (key, list) in [("invited", &raw.invited), ("attended", &raw.attended)] {
        let mut seen = HashSet::new();
        for (i, pid) in list.iter().enumerate() {
            if !crate::privacy::is_anonymous(pid) {
                checker.check_dangling_participant(file, path![key, i], pid, refs.participants);
            }
            if !seen.insert(pid.as_str()) {
                checker.report(
                    file,
                    path![key, i],
                    t!(lang, "err-duplicate-in-list", id = pid, key = key),
                );
            }
        }
    }
    if status == Some(Status::Cancelled) && !raw.attended.is_empty() {
        checker.report(
            file,
            path!["attended"],
            t!(
                lang,
                "err-attended-not-held",
                status = Status::Cancelled.as_str()
            ),
        );
    }
    let mut rsvp = BTreeMap::new();
    for (pid, answer) in &raw.rsvp {
        if !crate::privacy::is_anonymous(pid) {
            checker.check_dangling_participant(
                file,
                path!["rsvp", pid.as_str()],
                pid,
                refs.participants,
            );
        }
        let parsed = Answer::parse(&answer.answer);
        if parsed.is_none() {
            checker.check_choice(
                file,
                path!["rsvp", pid.as_str(), "answer"],
                "answer",
                &answer.answer,
                Answer::ALL,
            );
        }
        let at = answer
            .at
            .as_ref()
            .and_then(|a| local_datetime(a, refs.timezone));
        checker.check_date_range(file, path!["rsvp", pid.as_str(), "at"], at);
        let offered = answer
            .offered
            .as_ref()
            .and_then(|a| local_datetime(a, refs.timezone));
        checker.check_date_range(file, path!["rsvp", pid.as_str(), "offered"], offered);
        if let Some(parsed) = parsed {
            rsvp.insert(
                pid.clone(),
                Rsvp {
                    answer: parsed,
                    at,
                    offered,
                    expired: answer.expired.unwrap_or(false),
                },
            );
        }
    }
    let previous_date = raw
        .previous_date
        .as_ref()
        .and_then(|d| local_datetime(d, refs.timezone));
    if raw.previous_date.is_some() {
        checker.check_date_range(file, path!["previous_date"], previous_date);
    }
    let sequence = match raw.sequence {
        Some(s) if s < 0 => {
            checker.report(
                file,
                path!["sequence"],
                t!(lang, "err-negative", key = "sequence", value = s),
            );
            0
        }
        Some(s) => s.min(u32::MAX as i64) as u32,
        None => 0,
    };
    Some(Event {
        id: id.to_string(),
        date: date?,
        venue: raw.venue,
        theme: raw.theme,
        status: status?,
        invited: raw.invited,
        attended: raw.attended,
        rsvp,
        sequence,
        cancel_reason: raw.cancel_reason,
        previous_date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn minimal(dir: &Path) {
        write(dir, "villages.toml", "[[village]]\nid = \"anduze\"\nname = \"Anduze\"\nlat = 44.055\nlon = 3.98495\n\n[[village]]\nid = \"ales\"\nname = \"Alès\"\nlat = 44.12489\nlon = 4.08082\n");
        write(dir, "venues.toml", "[[venue]]\nid = \"anduze-mediatheque\"\nname = \"Médiathèque\"\nvillage = \"anduze\"\ncapacity = 20\n");
        write(dir, "participants.toml", "# the people\n[[participant]]\nid = \"marie\"\nname = \"Marie\"\nvillage = \"ales\"\nmax_km = 20\nemail = \"marie@example.org\"\n");
    }

    #[test]
    fn loads_a_minimal_directory_with_defaults() {
        let dir = tempfile::tempdir().unwrap();
        minimal(dir.path());
        let data = load(&DataDir::new(dir.path()), Lang::En).unwrap();
        assert_eq!(data.villages.len(), 2);
        assert_eq!(data.venues[0].capacity, Some(20));
        assert!(data.venues[0].active);
        assert_eq!(data.participants[0].max_km, Some(20.0));
        assert_eq!(data.config.rotation.cooldown, 2);
        assert_eq!(data.config.association.timezone, chrono_tz::Europe::Paris);
    }

    #[test]
    fn reports_every_problem_with_its_position() {
        let dir = tempfile::tempdir().unwrap();
        minimal(dir.path());
        write(
            dir.path(),
            "venues.toml",
            "[[venue]]\nid = \"v1\"\nname = \"V\"\nvillage = \"anduz\"\ncapcity = 3\n",
        );
        write(dir.path(), "participants.toml", "[[participant]]\nid = \"marie\"\nname = \"Marie\"\nvillage = \"alez\"\nemail = \"not-an-email\"\n");
        let err = load(&DataDir::new(dir.path()), Lang::En).unwrap_err();
        let Error::Invalid(problems) = err else {
            panic!("expected invalid")
        };
        let text: Vec<String> = problems
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert!(
            text.iter()
                .any(|p| p
                    .ends_with("venues.toml:5:1: unknown key `capcity`; did you mean `capacity`?")),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|p| p
                    .contains("participants.toml:4:11: unknown village `alez`; closest: `ales`")),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|p| p.contains("participants.toml:5:9: invalid email address")),
            "{text:#?}"
        );
    }

    #[test]
    fn a_large_participants_file_with_accents_is_cut_on_character_boundaries() {
        let dir = tempfile::tempdir().unwrap();
        minimal(dir.path());
        // Over 1 MB (so it is parsed in pieces), every byte offset likely to
        // fall inside a two-byte character somewhere.
        let mut text = String::new();
        let mut n = 0;
        while text.len() < 3 * 1024 * 1024 {
            n += 1;
            text.push_str(&format!(
                "[[participant]]\nid = \"p{n}\"\nname = \"Éléonore Hélène Gaëtan Noémie {}\"\nvillage = \"ales\"\n\n",
                "é".repeat(n % 7)
            ));
        }
        write(dir.path(), "participants.toml", &text);
        let data = load(&DataDir::new(dir.path()), Lang::En).unwrap();
        assert_eq!(data.participants.len(), n);
        assert_eq!(data.participants[n - 1].id, format!("p{n}"));
    }

    #[test]
    fn a_problem_deep_in_a_large_participants_file_is_located_exactly() {
        let dir = tempfile::tempdir().unwrap();
        minimal(dir.path());
        let mut text = String::new();
        let mut bad_line = 0;
        for n in 1..=40_000 {
            text.push_str(&format!(
                "[[participant]]\nid = \"p{n}\"\nname = \"P {n}\"\nvillage = \"ales\"\n"
            ));
            if n == 25_000 {
                bad_line = text.lines().count() + 1;
                text.push_str("max_km = \"loin\"\n");
            }
            text.push('\n');
        }
        assert!(text.len() > 1024 * 1024, "large enough to be cut in pieces");
        write(dir.path(), "participants.toml", &text);
        let Error::Invalid(problems) = load(&DataDir::new(dir.path()), Lang::En).unwrap_err()
        else {
            panic!("expected invalid")
        };
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].line, Some(bad_line), "{}", problems[0]);
        assert!(problems[0].message.contains("max_km"), "{}", problems[0]);
    }

    #[test]
    fn parses_strings_and_explains_every_problem_of_shape() {
        let path = Path::new("villages.toml");
        let mut checker = Checker::new(Lang::En);
        let ok: RawVillages = checker
            .parse(
                path,
                "[[village]]\nid = \"a\"\nname = \"A\"\nlat = 44\nlon = 3.5\n",
                schema::VILLAGES,
            )
            .unwrap();
        assert_eq!(ok.village[0].lat, 44.0, "an integer is a number");
        let bad = "[[village]]\nid = \"a\"\nname = \"A\"\nlatitude = 44.0\nlon = \"3,5\"\n";
        assert!(checker
            .parse::<RawVillages>(path, bad, schema::VILLAGES)
            .is_none());
        let problems: Vec<String> = checker
            .finish()
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "villages.toml:1:1: required key `lat` is missing from this entry",
                "villages.toml:4:1: unknown key `latitude`; did you mean `lat`?",
                "villages.toml:5:7: `lon` must be a number",
            ]
        );
    }

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback("127.0.0.1") && is_loopback("localhost") && is_loopback("::1"));
        assert!(!is_loopback("192.168.1.2"));
    }

    #[test]
    fn event_ids() {
        assert!(is_valid_event_id("2014-06-05-anduze"));
        assert!(is_valid_event_id("2014-06-05-anduze-2"));
        assert!(!is_valid_event_id("anduze"));
        assert!(!is_valid_event_id("2014-13-05-anduze"));
    }
}
