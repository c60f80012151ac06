//! Bringing members in from a membership platform's export (HelloAsso) or a
//! spreadsheet: pure functions from a file's bytes to the participants and
//! villages to add or update, with every problem and its line. The command
//! (`commands::import`) does the I/O.
//!
//! 1. [`read`]: bytes → a table of text cells (CSV sniffed, .xlsx, .ods).
//! 2. [`columns`]: header names → fields.
//! 3. [`record`]: one row → a [`Record`] of checked values.
//! 4. [`Resolver`]: postcode + town → a village of villages.toml, or a
//!    commune to add, or why not (never a guess).
//! 5. [`merge`]: records + the participants already there → what to add,
//!    what changed.

pub(crate) mod columns;
pub(crate) mod read;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::gazetteer::{self, Commune, Resolution};
use crate::model::{Participant, Village};
use columns::{Columns, Field};
use read::Row;

/// One row, checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Record {
    pub line: usize,
    pub id: Option<String>,
    pub name: String,
    pub email: Option<String>,
    pub postcode: Option<String>,
    pub town: Option<String>,
    pub village: Option<String>,
    pub profession: Option<String>,
    pub max_km: Option<f64>,
    pub joined: Option<NaiveDate>,
    pub active: Option<bool>,
    pub carpool: Option<bool>,
    pub listed: Option<bool>,
    pub skills: Option<Vec<String>>,
    pub website: Option<String>,
    pub phone: Option<String>,
}

/// Why a row cannot be imported as it is. The command turns each into a
/// message in the user's language.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Problem {
    NoName,
    BadEmail(String),
    /// A control character, or too long (the data format's text rule).
    Text(Field, crate::model::validate::TextProblem),
    BadNumber(Field, String),
    NegativeKm(String),
    BadDate(String),
    BadActive(String),
    BadCarpool(String),
    BadListed(String),
    /// A website, phone or skill that `check` would refuse.
    BadWebsite(String),
    BadPhone(String),
    BadSkill(String),
    BadId(String),
    /// No village, postcode nor town.
    NoPlace,
    UnknownVillage(String),
    UnknownPostcode(String),
    /// The postcode's communes, none of them called `town`.
    UnknownTownForPostcode {
        postcode: String,
        town: String,
        communes: Vec<String>,
    },
    UnknownTown(String),
    /// Several communes fit `what` (a town without postcode, or a postcode
    /// without town); "Name (department)" of each.
    Ambiguous {
        what: String,
        candidates: Vec<String>,
    },
    NoCoordinates(String),
}

/// A cell's text, trimmed; `None` when empty.
fn cell<'a>(row: &'a Row, columns: &Columns, field: Field) -> Option<&'a str> {
    let i = columns.get(field)?;
    row.cells.get(i).map(|c| c.trim()).filter(|c| !c.is_empty())
}

/// A number as French and English spreadsheets write it: `15,00`, `15.5`,
/// `20 km`.
pub(crate) fn parse_decimal(text: &str) -> Option<f64> {
    let text = text.trim();
    let text = text
        .strip_suffix("km")
        .or_else(|| text.strip_suffix("KM"))
        .unwrap_or(text);
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A date as exports write it: `09/10/2025 21:59` (day first, as in
/// France), `09/10/2025`, `2025-10-09`, `2025-10-09T21:59:00`.
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    for format in [
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(dt) = chrono::NaiveDateTime::parse_from_str(text, format) {
            return Some(dt.date());
        }
    }
    for format in ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(text, format) {
            return Some(d);
        }
    }
    None
}

fn parse_active(text: &str) -> Option<bool> {
    match columns::normalise(text).as_str() {
        "true" | "yes" | "oui" | "vrai" | "1" | "x" => Some(true),
        "false" | "no" | "non" | "faux" | "0" => Some(false),
        _ => None,
    }
}

/// The row as a [`Record`] (what could be read of it) and its problems;
/// `None` for an empty row. The member's own email wins over the payer's,
/// the member's own postcode and town over the payer's address.
pub(crate) fn record(row: &Row, columns: &Columns) -> Option<(Record, Vec<Problem>)> {
    if row.cells.iter().all(|c| c.trim().is_empty()) {
        return None;
    }
    let mut problems = Vec::new();
    for (field, i) in &columns.by_field {
        if let Some(Err(problem)) = row
            .cells
            .get(*i)
            .map(|c| crate::model::validate::validate_text_field(c.trim()))
        {
            problems.push(Problem::Text(*field, problem));
        }
    }
    let get = |field| cell(row, columns, field).map(str::to_string);
    let name = match get(Field::Name) {
        Some(name) => name,
        None => [get(Field::FirstName), get(Field::LastName)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
    };
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        problems.push(Problem::NoName);
    }
    let email = get(Field::Email).or_else(|| get(Field::PayerEmail));
    if let Some(email) = &email {
        if !crate::store::load::is_valid_email(email) {
            problems.push(Problem::BadEmail(email.clone()));
        }
    }
    let (postcode, town) = match (get(Field::Postcode), get(Field::Town)) {
        (None, None) => (get(Field::PayerPostcode), get(Field::PayerTown)),
        own => own,
    };
    let max_km = match get(Field::MaxKm) {
        None => None,
        Some(text) => match parse_decimal(&text) {
            Some(km) if km < 0.0 => {
                problems.push(Problem::NegativeKm(text));
                None
            }
            Some(km) if km > crate::model::validate::MAX_KM => {
                problems.push(Problem::BadNumber(Field::MaxKm, text));
                None
            }
            Some(km) => Some(km),
            None => {
                problems.push(Problem::BadNumber(Field::MaxKm, text));
                None
            }
        },
    };
    let joined = match get(Field::Joined) {
        None => None,
        Some(text) => {
            let date = parse_date(&text).filter(|d| {
                crate::model::validate::date_in_range(d.and_time(chrono::NaiveTime::MIN))
            });
            if date.is_none() {
                problems.push(Problem::BadDate(text));
            }
            date
        }
    };
    let active = match get(Field::Active) {
        None => None,
        Some(text) => {
            let value = parse_active(&text);
            if value.is_none() {
                problems.push(Problem::BadActive(text));
            }
            value
        }
    };
    let carpool = match get(Field::Carpool) {
        None => None,
        Some(text) => {
            let value = parse_active(&text);
            if value.is_none() {
                problems.push(Problem::BadCarpool(text));
            }
            value
        }
    };
    let listed = match get(Field::Listed) {
        None => None,
        Some(text) => {
            let value = parse_active(&text);
            if value.is_none() {
                problems.push(Problem::BadListed(text));
            }
            value
        }
    };
    let skills = get(Field::Skills).map(|text| {
        // `;` separates when there is one (the CSV `participants` writes),
        // else `,`.
        let separator = if text.contains(';') { ';' } else { ',' };
        text.split(separator)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
    });
    if let Some(skill) = skills
        .iter()
        .flatten()
        .find(|s| !crate::model::validate::is_valid_skill(s))
    {
        problems.push(Problem::BadSkill(skill.clone()));
    }
    let website = get(Field::Website);
    if let Some(w) = website
        .as_ref()
        .filter(|w| !crate::model::validate::is_valid_website(w))
    {
        problems.push(Problem::BadWebsite(w.clone()));
    }
    let phone = get(Field::Phone);
    if let Some(p) = phone
        .as_ref()
        .filter(|p| !crate::model::validate::is_valid_phone(p))
    {
        problems.push(Problem::BadPhone(p.clone()));
    }
    let id = get(Field::Id);
    if let Some(id) = &id {
        // anon-… ids are reserved for erased people (`participant forget`).
        if !crate::model::is_valid_id(id) || crate::privacy::is_anonymous(id) {
            problems.push(Problem::BadId(id.clone()));
        }
    }
    let village = get(Field::Village);
    if village.is_none() && postcode.is_none() && town.is_none() {
        problems.push(Problem::NoPlace);
    }
    let record = Record {
        line: row.line,
        id,
        name,
        email,
        postcode,
        town,
        village,
        profession: get(Field::Profession),
        max_km,
        joined,
        active,
        carpool,
        listed,
        skills,
        website,
        phone,
    };
    Some((record, problems))
}

/// Where a record lives.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Place {
    /// A village of villages.toml (or one this import adds).
    Village(String),
    /// A commune to add to villages.toml.
    Commune(&'static Commune),
}

/// Finds records' villages: a village id, else the commune of the postcode
/// and town, which is the village of villages.toml with its name and
/// department (or, without department, within 10 km) if there is one.
pub(crate) struct Resolver {
    ids: HashSet<String>,
    /// Name key → the villages of that name.
    by_name: HashMap<String, Vec<Known>>,
}

/// A village of villages.toml: id, department, point, and the INSEE code
/// of the commune its name and department designate, when one alone does.
type Known = (String, Option<String>, (f64, f64), Option<String>);

fn describe(c: &Commune) -> String {
    format!("{} ({})", c.name, c.department)
}

impl Resolver {
    pub(crate) fn new(villages: &[Village]) -> Resolver {
        let mut by_name: HashMap<String, Vec<_>> = HashMap::new();
        for v in villages {
            let insee =
                v.department.as_deref().and_then(
                    |d| match gazetteer::lookup(&v.name, Some(d))[..] {
                        [one] => Some(one.insee.clone()),
                        _ => None,
                    },
                );
            by_name.entry(gazetteer::key(&v.name)).or_default().push((
                v.id.clone(),
                v.department.as_deref().map(gazetteer::normalise_department),
                (v.lat, v.lon),
                insee,
            ));
        }
        Resolver {
            ids: villages.iter().map(|v| v.id.clone()).collect(),
            by_name,
        }
    }

    /// The village of villages.toml that is `commune`, if any: the one whose
    /// name and department designate it, else one of its name (articles
    /// aside) in its department (or, without department, within 10 km)
    /// that designates no other commune ("La Vergne" is not "Vergne").
    pub(crate) fn village_of(&self, commune: &Commune) -> Option<&str> {
        let candidates = self.by_name.get(commune.name_key())?;
        let exact = candidates
            .iter()
            .find(|(_, _, _, insee)| insee.as_deref() == Some(commune.insee.as_str()));
        exact
            .or_else(|| {
                candidates.iter().find(|(_, department, point, insee)| {
                    insee.is_none()
                        && match department {
                            Some(d) => *d == commune.department,
                            None => commune.point().is_some_and(|(lat, lon)| {
                                crate::rotation::haversine_km(lat, lon, point.0, point.1) <= 10.0
                            }),
                        }
                })
            })
            .map(|(id, _, _, _)| id.as_str())
    }

    pub(crate) fn place(&self, record: &Record) -> Result<Place, Problem> {
        if let Some(id) = &record.village {
            return if self.ids.contains(id) {
                Ok(Place::Village(id.clone()))
            } else {
                Err(Problem::UnknownVillage(id.clone()))
            };
        }
        let commune = match gazetteer::resolve(record.postcode.as_deref(), record.town.as_deref()) {
            Resolution::Found(commune) => commune,
            Resolution::Nothing => return Err(Problem::NoPlace),
            Resolution::UnknownPostcode(postcode) => {
                return Err(Problem::UnknownPostcode(postcode))
            }
            Resolution::UnknownTownForPostcode(communes) => {
                return Err(Problem::UnknownTownForPostcode {
                    postcode: gazetteer::normalise_postcode(
                        record.postcode.as_deref().unwrap_or(""),
                    ),
                    town: record.town.clone().unwrap_or_default(),
                    communes: communes.iter().map(|c| c.name.clone()).collect(),
                })
            }
            Resolution::UnknownTown => {
                return Err(Problem::UnknownTown(
                    record.town.clone().unwrap_or_default(),
                ))
            }
            Resolution::Ambiguous(communes) => {
                let what = match (&record.town, &record.postcode) {
                    (Some(town), _) => town.clone(),
                    (None, Some(postcode)) => gazetteer::normalise_postcode(postcode),
                    (None, None) => String::new(),
                };
                return Err(Problem::Ambiguous {
                    what,
                    candidates: communes.iter().map(|c| describe(c)).collect(),
                });
            }
        };
        if let Some(id) = self.village_of(commune) {
            return Ok(Place::Village(id.to_string()));
        }
        if commune.point().is_none() {
            return Err(Problem::NoCoordinates(describe(commune)));
        }
        Ok(Place::Commune(commune))
    }
}

/// A record whose village is known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    pub record: Record,
    pub place: Place,
}

/// One field that an import changes: `from` → `to`, as written in the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Change {
    pub id: String,
    pub field: &'static str,
    pub from: String,
    pub to: String,
}

/// What an import does.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Outcome {
    pub new_villages: Vec<Village>,
    pub added: Vec<Participant>,
    /// Index in the participants given, and the participant as it becomes.
    pub updated: Vec<(usize, Participant)>,
    pub changes: Vec<Change>,
    pub unchanged: usize,
    /// Namesakes, values replaced by a later row, addresses not taken,
    /// rows not imported for want of telling people apart.
    pub notes: Vec<Note>,
}

/// A name as people are compared (see [`crate::identity::name_key`]).
fn person_key(name: &str) -> String {
    crate::identity::name_key(name)
}

fn opt_text<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(|v| v.to_string()).unwrap_or_default()
}

/// A name with its spaces as the import reads them (single, trimmed).
fn spaced(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What an import says about people that is not a problem of a row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Note {
    /// Same name and village as someone (a row, or a participant already
    /// there), with another address: two people, maybe namesakes.
    Homonyms {
        line: usize,
        name: String,
        /// The earlier row's line, when the namesake is a row of the file.
        other_line: Option<usize>,
        /// The participant's id, when the namesake is already there.
        other_id: Option<String>,
    },
    /// A row of the same person as an earlier one (same id or address)
    /// gave another value for a field: the later row's is kept.
    Replaced {
        line: usize,
        earlier_line: usize,
        field: &'static str,
        dropped: String,
        kept: String,
    },
    /// The address a row gives is another participant's: not taken.
    AddressTaken {
        line: usize,
        id: String,
        email: String,
        owner: String,
    },
    /// Several participants could be this row (same name and village, no
    /// address to tell them apart): it is not imported.
    Doubtful {
        line: usize,
        candidates: Vec<String>,
    },
}

/// The changes that `record` (placed in `village`) brings to `p`: the
/// fields the file gives and that differ; `joined` only moves earlier. An
/// address that is someone else's is not taken (`Err` with the owner).
fn apply(
    p: &mut Participant,
    r: &Record,
    village: &str,
    owner_of: &dyn Fn(&str) -> Option<String>,
    notes: &mut Vec<Note>,
) -> Vec<(&'static str, String, String)> {
    let mut changes = Vec::new();
    if spaced(&p.name) != r.name {
        changes.push(("name", p.name.clone(), r.name.clone()));
        p.name = r.name.clone();
    }
    let same_email = match (&p.email, &r.email) {
        (Some(a), Some(b)) => crate::identity::same_address(a, b),
        _ => false,
    };
    if let (Some(email), false) = (&r.email, same_email) {
        match owner_of(email).filter(|owner| *owner != p.id) {
            Some(owner) => notes.push(Note::AddressTaken {
                line: r.line,
                id: p.id.clone(),
                email: email.clone(),
                owner,
            }),
            None => {
                changes.push(("email", opt_text(&p.email), email.clone()));
                p.email = Some(email.clone());
            }
        }
    }
    if p.village != village {
        changes.push(("village", p.village.clone(), village.to_string()));
        p.village = village.to_string();
    }
    if r.max_km.is_some() && p.max_km != r.max_km {
        changes.push(("max_km", opt_text(&p.max_km), opt_text(&r.max_km)));
        p.max_km = r.max_km;
    }
    if r.profession.is_some() && p.profession.as_deref().map(str::trim) != r.profession.as_deref() {
        changes.push((
            "profession",
            opt_text(&p.profession),
            opt_text(&r.profession),
        ));
        p.profession = r.profession.clone();
    }
    if let Some(joined) = r.joined {
        if p.joined.is_none_or(|j| joined < j) {
            changes.push(("joined", opt_text(&p.joined), joined.to_string()));
            p.joined = Some(joined);
        }
    }
    if let Some(active) = r.active {
        if p.active != active {
            changes.push(("active", p.active.to_string(), active.to_string()));
            p.active = active;
        }
    }
    if let Some(carpool) = r.carpool {
        if p.carpool != carpool {
            changes.push(("carpool", p.carpool.to_string(), carpool.to_string()));
            p.carpool = carpool;
        }
    }
    if let Some(skills) = &r.skills {
        if &p.skills != skills {
            changes.push(("skills", p.skills.join(", "), skills.join(", ")));
            p.skills = skills.clone();
        }
    }
    if let Some(website) = &r.website {
        if p.website.as_ref() != Some(website) {
            changes.push(("website", opt_text(&p.website), website.clone()));
            p.website = Some(website.clone());
        }
    }
    if let Some(phone) = &r.phone {
        if p.phone.as_ref() != Some(phone) {
            changes.push(("phone", opt_text(&p.phone), phone.clone()));
            p.phone = Some(phone.clone());
        }
    }
    if let Some(listed) = r.listed {
        if p.listed != listed {
            changes.push(("listed", p.listed.to_string(), listed.to_string()));
            p.listed = listed;
        }
    }
    changes
}

/// Folds a later row of the same person into the earlier one: the later
/// row's fields win where it has them, `joined` is the earliest. Every
/// value given by both rows that differs is noted, never dropped silently.
fn fold(into: &mut Record, later: Record, notes: &mut Vec<Note>) {
    let mut note = |field: &'static str, dropped: String, kept: String| {
        notes.push(Note::Replaced {
            line: later.line,
            earlier_line: into.line,
            field,
            dropped,
            kept,
        });
    };
    if into.name != later.name {
        note("name", into.name.clone(), later.name.clone());
    }
    if let (Some(a), Some(b)) = (&into.email, &later.email) {
        if !crate::identity::same_address(a, b) {
            note("email", a.clone(), b.clone());
        }
    }
    if let (Some(a), Some(b)) = (&into.profession, &later.profession) {
        if a != b {
            note("profession", a.clone(), b.clone());
        }
    }
    if let (Some(a), Some(b)) = (into.max_km, later.max_km) {
        if a != b {
            note("max_km", a.to_string(), b.to_string());
        }
    }
    if let (Some(a), Some(b)) = (into.active, later.active) {
        if a != b {
            note("active", a.to_string(), b.to_string());
        }
    }
    if let (Some(a), Some(b)) = (into.carpool, later.carpool) {
        if a != b {
            note("carpool", a.to_string(), b.to_string());
        }
    }
    into.name = later.name;
    into.email = later.email.or(into.email.take());
    into.profession = later.profession.or(into.profession.take());
    into.max_km = later.max_km.or(into.max_km);
    into.active = later.active.or(into.active);
    into.carpool = later.carpool.or(into.carpool);
    into.listed = later.listed.or(into.listed);
    into.skills = later.skills.or(into.skills.take());
    into.website = later.website.or(into.website.take());
    into.phone = later.phone.or(into.phone.take());
    into.id = into.id.take().or(later.id);
    into.joined = match (into.joined, later.joined) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
}

/// New ids by the rule of [`crate::model::unique_slug`] (`marie`,
/// `marie-2`, `marie-3`…), remembering where each name's count stopped so
/// that a thousand namesakes do not probe a thousand ids each.
#[derive(Default)]
struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    fn new(taken: impl IntoIterator<Item = String>) -> Ids {
        Ids {
            taken: taken.into_iter().collect(),
            next: HashMap::new(),
        }
    }

    fn contains(&self, id: &str) -> bool {
        self.taken.contains(id)
    }

    fn insert(&mut self, id: String) {
        self.taken.insert(id);
    }

    fn make(&mut self, name: &str) -> String {
        let mut base = crate::model::slug(name);
        // « Anon Cafe » would get `anon-cafe`, an id reserved for erased
        // people (`check` refuses it): never made.
        if crate::privacy::is_anonymous(&base) {
            base = format!("p-{base}");
        }
        let id = if !self.taken.contains(&base) {
            base.clone()
        } else {
            let mut n = self.next.get(&base).copied().unwrap_or(2);
            while self.taken.contains(&format!("{base}-{n}")) {
                n += 1;
            }
            self.next.insert(base.clone(), n + 1);
            format!("{base}-{n}")
        };
        self.taken.insert(id.clone());
        id
    }
}

/// Merges placed records into `existing` participants (with `villages`
/// already there): people are matched by id, else email, else name and
/// village; the same person twice in the file is one. New villages get ids
/// made from their names, new participants an id column's value if free,
/// else one made from their name. With `update`, changed fields are
/// rewritten; without, matched people are left as they are (their
/// differences are still listed in `changes`).
pub(crate) fn merge(
    placed: Vec<Placed>,
    existing: &[Participant],
    villages: &[Village],
    update: bool,
) -> Outcome {
    let mut outcome = Outcome::default();
    // Villages: one per commune, ids unique.
    let mut village_ids = Ids::new(villages.iter().map(|v| v.id.clone()));
    let mut commune_village: HashMap<&str, String> = HashMap::new();
    let mut people: Vec<(Record, String)> = Vec::with_capacity(placed.len());
    for Placed { record, place } in placed {
        let village = match place {
            Place::Village(id) => id,
            Place::Commune(c) => commune_village
                .entry(c.insee.as_str())
                .or_insert_with(|| {
                    let id = village_ids.make(&c.name);
                    let (lat, lon) = c.point().expect("communes without a point are problems");
                    outcome.new_villages.push(Village {
                        id: id.clone(),
                        name: c.name.clone(),
                        lat,
                        lon,
                        department: Some(c.department.clone()),
                    });
                    id
                })
                .clone(),
        };
        people.push((record, village));
    }

    // The same person twice in the file: one record. Rows are the same
    // person when they give the same id, else the same address; rows of
    // one name and village are one person unless their addresses (or ids)
    // differ: then they are namesakes, and said to be.
    let mut merged: Vec<(Record, String)> = Vec::with_capacity(people.len());
    let mut seen_email: HashMap<String, usize> = HashMap::new();
    let mut seen_name: HashMap<(String, String), Vec<usize>> = HashMap::new();
    let mut seen_id: HashMap<String, usize> = HashMap::new();
    let ids_differ =
        |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(a), Some(b)) if a != b);
    for (record, village) in people {
        let email = record
            .email
            .as_deref()
            .map(crate::identity::normalise_address);
        let name = (person_key(&record.name), village.clone());
        let by_id = record.id.as_ref().and_then(|id| seen_id.get(id)).copied();
        let by_email = email
            .as_ref()
            .and_then(|e| seen_email.get(e))
            .copied()
            .filter(|&at| !ids_differ(&merged[at].0.id, &record.id));
        let by_name = seen_name.get(&name).and_then(|list| {
            list.iter().copied().find(|&at| {
                let earlier = &merged[at].0;
                let emails_fit = match (&earlier.email, &email) {
                    (Some(a), Some(b)) => crate::identity::normalise_address(a) == *b,
                    _ => true,
                };
                emails_fit && !ids_differ(&earlier.id, &record.id)
            })
        });
        let earlier = by_id.or(by_email).or(by_name);
        let at = match earlier {
            Some(at) => {
                fold(&mut merged[at].0, record, &mut outcome.notes);
                merged[at].1 = village;
                at
            }
            None => {
                // Rows with ids of their own are told apart already.
                let namesake = seen_name
                    .get(&name)
                    .and_then(|l| l.first())
                    .copied()
                    .filter(|&other| record.id.is_none() || merged[other].0.id.is_none());
                if let Some(other) = namesake {
                    outcome.notes.push(Note::Homonyms {
                        line: record.line,
                        name: record.name.clone(),
                        other_line: Some(merged[other].0.line),
                        other_id: None,
                    });
                }
                merged.push((record, village));
                merged.len() - 1
            }
        };
        let (record, village) = &merged[at];
        if let Some(id) = &record.id {
            seen_id.insert(id.clone(), at);
        }
        if let Some(email) = &record.email {
            seen_email
                .entry(crate::identity::normalise_address(email))
                .or_insert(at);
        }
        let list = seen_name
            .entry((person_key(&record.name), village.clone()))
            .or_default();
        if !list.contains(&at) {
            list.push(at);
        }
    }

    // Match against the participants already there: by id, else address,
    // else name and village when no address tells them apart.
    let by_id: HashMap<&str, usize> = existing
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let mut by_email: HashMap<String, usize> = HashMap::new();
    let mut by_name: HashMap<(String, &str), Vec<usize>> = HashMap::new();
    for (i, p) in existing.iter().enumerate() {
        for address in crate::identity::addresses_of(p) {
            by_email.entry(address).or_insert(i);
        }
        by_name
            .entry((person_key(&p.name), p.village.as_str()))
            .or_default()
            .push(i);
    }
    // Addresses given by this import to new people, so that a second row
    // cannot take one.
    let mut new_addresses: HashMap<String, String> = HashMap::new();
    let mut taken = Ids::new(existing.iter().map(|p| p.id.clone()));
    let mut touched: HashMap<usize, usize> = HashMap::new();
    for (record, village) in merged {
        let email = record
            .email
            .as_deref()
            .map(crate::identity::normalise_address);
        let mut found = record
            .id
            .as_deref()
            .and_then(|id| by_id.get(id))
            .or_else(|| email.as_ref().and_then(|e| by_email.get(e)))
            .copied();
        if found.is_none() && record.id.is_none() {
            let named = by_name
                .get(&(person_key(&record.name), village.as_str()))
                .map_or(&[][..], Vec::as_slice);
            let fitting: Vec<usize> = named
                .iter()
                .copied()
                .filter(|&i| email.is_none() || existing[i].email.is_none())
                .collect();
            match fitting.len() {
                0 => {
                    if let Some(&i) = named.first() {
                        outcome.notes.push(Note::Homonyms {
                            line: record.line,
                            name: record.name.clone(),
                            other_line: None,
                            other_id: Some(existing[i].id.clone()),
                        });
                    }
                }
                1 => found = Some(fitting[0]),
                _ => {
                    outcome.notes.push(Note::Doubtful {
                        line: record.line,
                        candidates: fitting.iter().map(|&i| existing[i].id.clone()).collect(),
                    });
                    continue;
                }
            }
        }
        let owner_of = |address: &str| -> Option<String> {
            let address = crate::identity::normalise_address(address);
            by_email
                .get(&address)
                .map(|&i| existing[i].id.clone())
                .or_else(|| new_addresses.get(&address).cloned())
        };
        match found {
            Some(i) => {
                let mut p = match touched.get(&i) {
                    Some(&at) => outcome.updated[at].1.clone(),
                    None => existing[i].clone(),
                };
                let changes = apply(&mut p, &record, &village, &owner_of, &mut outcome.notes);
                if changes.is_empty() {
                    if !touched.contains_key(&i) {
                        outcome.unchanged += 1;
                    }
                    continue;
                }
                outcome
                    .changes
                    .extend(changes.into_iter().map(|(field, from, to)| Change {
                        id: p.id.clone(),
                        field,
                        from,
                        to,
                    }));
                if !update {
                    outcome.unchanged += 1;
                    continue;
                }
                match touched.get(&i) {
                    Some(&at) => outcome.updated[at].1 = p,
                    None => {
                        touched.insert(i, outcome.updated.len());
                        outcome.updated.push((i, p));
                    }
                }
            }
            None => {
                let id = match record.id.as_ref().filter(|id| !taken.contains(id)) {
                    Some(id) => {
                        taken.insert(id.clone());
                        id.clone()
                    }
                    None => taken.make(&record.name),
                };
                let email = match (&record.email, &email) {
                    (Some(given), Some(address)) => match owner_of(address) {
                        Some(owner) => {
                            outcome.notes.push(Note::AddressTaken {
                                line: record.line,
                                id: id.clone(),
                                email: given.clone(),
                                owner,
                            });
                            None
                        }
                        None => {
                            new_addresses.insert(address.clone(), id.clone());
                            Some(given.clone())
                        }
                    },
                    _ => None,
                };
                outcome.added.push(Participant {
                    id,
                    name: record.name,
                    email,
                    village,
                    max_km: record.max_km,
                    active: record.active.unwrap_or(true),
                    profession: record.profession,
                    joined: record.joined,
                    mail: true,
                    bounced: None,
                    skills: record.skills.unwrap_or_default(),
                    aliases: vec![],
                    listed: record.listed.unwrap_or(false),
                    website: record.website,
                    phone: record.phone,
                    carpool: record.carpool.unwrap_or(false),
                });
            }
        }
    }
    outcome
}

#[cfg(test)]
mod tests;
