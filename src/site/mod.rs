//! The association's public site (`jelly site -o DIR`), as pure values:
//! data in, a map of relative file names to bytes out. Nothing here reads
//! the clock or the disk, so the same data always gives the same bytes and
//! an upload by rsync or `lftp mirror` sends nothing when nothing changed.
//!
//! Privacy by construction: the pages are made from sessions, venues and
//! villages, counts of people, and — for the members' directory only —
//! participants with `listed = true`. No participant's email address is
//! ever read here; [`Site::leaks`] checks the finished files anyway, and
//! the command refuses to write a site that names one.
//!
//! Pages are written with `format!` and [`esc`] rather than a template
//! engine: a dozen small fixed shapes, one escaping rule, and the exact
//! bytes under our control (attribute order, no trailing whitespace).

mod feeds;
mod pages;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde::Serialize;

use crate::i18n::Lang;
use crate::model::{Dataset, Event, Participant, Status};

use feeds::vcard;

/// What the site is made from, besides the data.
pub(crate) struct Input<'a> {
    pub data: &'a Dataset,
    /// Sessions from this time on are "upcoming".
    pub now: NaiveDateTime,
    /// The association's language: the site's.
    pub lang: Lang,
    /// When each session last changed (its file's modification time), for
    /// the Atom feed's `updated` and the calendars' DTSTAMP. A session
    /// without one uses its start.
    pub changed: &'a HashMap<String, DateTime<Utc>>,
}

/// The finished site.
#[derive(Debug, Default)]
pub(crate) struct Site {
    /// Relative path (with `/`) → content.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Who the directory shows, and what about them.
    pub published: Vec<Published>,
    /// Upcoming sessions with a page.
    pub sessions: usize,
}

/// What the site publishes about one person (`site --check`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct Published {
    pub id: String,
    pub name: String,
    pub village: String,
    pub profession: Option<String>,
    pub skills: Vec<String>,
    pub website: Option<String>,
    pub phone: Option<String>,
}

/// One upcoming session, with everything its pages say.
pub(crate) struct Session<'a> {
    pub event: &'a Event,
    pub venue_name: String,
    pub address: Option<String>,
    pub village_name: String,
    pub department: Option<String>,
    pub point: Option<(f64, f64)>,
    /// RFC 3339 with the association's UTC offset.
    pub start: String,
    pub end: String,
    pub previous_start: Option<String>,
    pub changed: DateTime<Utc>,
}

/// One past session, as counts only.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PastSession {
    pub date: NaiveDateTime,
    pub village_name: String,
    pub theme: Option<String>,
    pub came: usize,
    pub villages: usize,
}

/// The people of the directory, and the skills and villages they list.
pub(crate) struct Directory<'a> {
    pub people: Vec<&'a Participant>,
    /// Skill slug → (the skill as first written, people ids).
    pub skills: BTreeMap<String, (String, Vec<&'a Participant>)>,
    /// Village id → its people.
    pub villages: BTreeMap<String, Vec<&'a Participant>>,
    /// Every village by id (a national set has 35,000: no linear search).
    pub by_id: HashMap<&'a str, &'a crate::model::Village>,
}

/// A session's start as RFC 3339 with the local offset, `2026-12-03T18:30:00+01:00`.
pub(crate) fn local_rfc3339(tz: chrono_tz::Tz, local: NaiveDateTime) -> String {
    let utc = crate::model::local_to_utc(tz, local);
    tz.from_utc_datetime(&utc.naive_utc())
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// Is this session shown as upcoming (planned or cancelled, not yet past)?
pub(crate) fn is_upcoming(event: &Event, now: NaiveDateTime) -> bool {
    matches!(event.status, Status::Planned | Status::Cancelled) && event.date >= now
}

/// Builds the whole site.
pub(crate) fn build(input: &Input) -> crate::error::Result<Site> {
    let data = input.data;
    let composer = crate::mail::compose::Composer::new(&data.config, Vec::new())?;
    let domain = composer.domain();
    let tz = data.config.association.timezone;
    let sessions: Vec<Session> = data
        .events
        .iter()
        .filter(|e| is_upcoming(e, input.now))
        .map(|event| {
            let venue = data.venue(&event.venue);
            let village = venue.and_then(|v| data.village(&v.village));
            let start_utc = crate::model::local_to_utc(tz, event.date);
            let end_local =
                event.date + chrono::Duration::hours(crate::mail::compose::SESSION_HOURS);
            Session {
                event,
                venue_name: venue.map_or_else(|| event.venue.clone(), |v| v.name.clone()),
                address: venue.and_then(|v| v.address.clone()).map(|a| scrub(&a)),
                village_name: village.map(|v| v.name.clone()).unwrap_or_default(),
                department: village.and_then(|v| v.department.clone()),
                point: venue.and_then(|v| data.venue_point(v)),
                start: local_rfc3339(tz, event.date),
                end: local_rfc3339(tz, end_local),
                previous_start: event
                    .previous_date
                    .filter(|_| event.status == Status::Planned)
                    .map(|d| local_rfc3339(tz, d)),
                changed: input.changed.get(&event.id).copied().unwrap_or(start_utc),
            }
        })
        .collect();
    let past = past_sessions(data, input.now);
    let directory = directory(data);
    let mut site = Site {
        sessions: sessions.len(),
        ..Site::default()
    };
    let lang = input.lang;
    let mut put = |name: String, text: String| {
        site.files.insert(name, text.into_bytes());
    };
    put("style.css".into(), pages::STYLE.to_string());
    put("filtre.js".into(), pages::SCRIPT.to_string());
    put(
        "index.html".into(),
        pages::index(data, lang, &sessions, &past),
    );
    // The maps are most of the work: drawn on every core.
    let maps: Vec<String> = {
        use rayon::prelude::*;
        sessions
            .par_iter()
            .map(|session| session_map(data, lang, session))
            .collect()
    };
    for (session, map) in sessions.iter().zip(maps) {
        let id = &session.event.id;
        put(
            format!("sessions/{id}.html"),
            pages::session(data, lang, session),
        );
        put(
            format!("sessions/{id}.ics"),
            feeds::session_ics(data, &composer, &[session]),
        );
        put(format!("sessions/{id}.svg"), map);
    }
    let all: Vec<&Session> = sessions.iter().collect();
    put(
        "agenda.ics".into(),
        feeds::session_ics(data, &composer, &all),
    );
    put(
        "agenda.atom".into(),
        feeds::atom(data, lang, &domain, &sessions),
    );
    put(
        "membres.html".into(),
        pages::members(data, lang, &directory, pages::Filter::All),
    );
    for (slug, (skill, _)) in &directory.skills {
        put(
            format!("membres/competence-{slug}.html"),
            pages::members(data, lang, &directory, pages::Filter::Skill(slug, skill)),
        );
    }
    for village in directory.villages.keys() {
        put(
            format!("membres/village-{village}.html"),
            pages::members(data, lang, &directory, pages::Filter::Village(village)),
        );
    }
    for p in &directory.people {
        put(
            format!("membres/{}.vcf", p.id),
            vcard(directory.by_id.get(p.village.as_str()).copied(), p),
        );
    }
    site.published = directory
        .people
        .iter()
        .map(|p| Published {
            id: p.id.clone(),
            name: p.name.clone(),
            village: directory
                .by_id
                .get(p.village.as_str())
                .map_or_else(|| p.village.clone(), |v| v.name.clone()),
            profession: p.profession.as_deref().map(scrub),
            skills: p.skills.clone(),
            website: p.website.clone(),
            phone: p.phone.clone(),
        })
        .collect();
    Ok(site)
}

/// The map of a session: its venue, and the villages of the people it
/// invites (everyone active when it invites nobody yet), drawn by
/// `jelly map`'s code.
fn session_map(data: &Dataset, lang: Lang, session: &Session) -> String {
    let mut people: HashMap<String, usize> = HashMap::new();
    let villages: Vec<&str> = if session.event.invited.is_empty() {
        data.participants
            .iter()
            .filter(|p| p.active)
            .map(|p| p.village.as_str())
            .collect()
    } else {
        session
            .event
            .invited
            .iter()
            .filter_map(|id| data.participant(id))
            .map(|p| p.village.as_str())
            .collect()
    };
    for village in villages {
        *people.entry(village.to_string()).or_default() += 1;
    }
    let spec = crate::map::MapSpec {
        title: format!(
            "{} — {}",
            crate::mail::compose::long_date(lang, session.event.date),
            session.venue_name
        ),
        venue: Some(session.event.venue.clone()),
        people,
    };
    crate::map::render(data, &spec, lang)
}

/// Held sessions before `now`, most recent first, as counts.
pub(crate) fn past_sessions(data: &Dataset, now: NaiveDateTime) -> Vec<PastSession> {
    let index = data.participant_index();
    let mut past: Vec<PastSession> = data
        .events
        .iter()
        .filter(|e| e.status == Status::Held && e.date < now)
        .map(|e| {
            let villages: HashSet<&str> = e
                .attended
                .iter()
                .filter_map(|id| index.get(id.as_str()))
                .map(|&i| data.participants[i].village.as_str())
                .collect();
            PastSession {
                date: e.date,
                village_name: data
                    .venue(&e.venue)
                    .and_then(|v| data.village(&v.village))
                    .map(|v| v.name.clone())
                    .unwrap_or_default(),
                theme: e.theme.as_deref().map(scrub),
                came: e.attended.len(),
                villages: villages.len(),
            }
        })
        .collect();
    past.reverse();
    past
}

/// The directory: active participants who consented, by name.
fn directory(data: &Dataset) -> Directory<'_> {
    let mut people: Vec<&Participant> = data
        .participants
        .iter()
        .filter(|p| p.listed && p.active)
        .collect();
    people.sort_by(|a, b| {
        sort_key(&a.name)
            .cmp(&sort_key(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    let mut skills: BTreeMap<String, (String, Vec<&Participant>)> = BTreeMap::new();
    let mut villages: BTreeMap<String, Vec<&Participant>> = BTreeMap::new();
    for p in &people {
        let mut seen = BTreeSet::new();
        for skill in &p.skills {
            let slug = crate::model::slug(skill);
            if seen.insert(slug.clone()) {
                skills
                    .entry(slug)
                    .or_insert_with(|| (skill.trim().to_string(), Vec::new()))
                    .1
                    .push(p);
            }
        }
        villages.entry(p.village.clone()).or_default().push(p);
    }
    Directory {
        people,
        skills,
        villages,
        by_id: data.villages.iter().map(|v| (v.id.as_str(), v)).collect(),
    }
}

/// Names sort as people read them: without accents, case-insensitively.
pub(crate) fn sort_key(name: &str) -> String {
    deunicode::deunicode(name).to_lowercase()
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn esc(text: &str) -> String {
    crate::map::escape(text)
}

/// A free text (a theme, an address, a profession) with every word that
/// looks like an email address replaced by "…": the site names no address,
/// even one typed by mistake into another field.
pub(crate) fn scrub(text: &str) -> String {
    if !text.contains('@') {
        return text.to_string();
    }
    text.split(' ')
        .map(|word| {
            if looks_like_address(word) {
                "…"
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn looks_like_address(word: &str) -> bool {
    match word.split_once('@') {
        Some((local, domain)) => !local.is_empty() && domain.contains('.'),
        None => false,
    }
}

impl Site {
    /// Every participant's address found in the files, with the file: must
    /// be empty. Each `@` of the site is looked at once, so this stays fast
    /// with 100,000 addresses.
    pub(crate) fn leaks(&self, data: &Dataset) -> Vec<(String, String)> {
        let addresses: HashSet<String> = data
            .participants
            .iter()
            .filter_map(|p| p.email.as_ref())
            .map(|e| e.to_lowercase())
            .collect();
        let mut found = Vec::new();
        let is_part = |c: char| c.is_alphanumeric() || "._%+-'".contains(c);
        for (name, bytes) in &self.files {
            let Ok(text) = std::str::from_utf8(bytes) else {
                continue;
            };
            // Calendar and vCard lines are folded (RFC 5545, 6350): unfold.
            let unfolded = text.replace("\r\n ", "");
            let text = unfolded.as_str();
            for (at, _) in text.match_indices('@') {
                let start = text[..at]
                    .char_indices()
                    .rev()
                    .take_while(|(_, c)| is_part(*c))
                    .last()
                    .map_or(at, |(i, _)| i);
                let end = text[at + 1..]
                    .char_indices()
                    .take_while(|(_, c)| is_part(*c))
                    .last()
                    .map_or(at + 1, |(i, c)| at + 1 + i + c.len_utf8());
                let candidate = text[start..end].trim_end_matches(['.', '-']).to_lowercase();
                if addresses.contains(&candidate) {
                    found.push((name.clone(), candidate));
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_hides_addresses_only() {
        assert_eq!(scrub("chez a.b@example.org demain"), "chez … demain");
        assert_eq!(scrub("rendez-vous @ la mairie"), "rendez-vous @ la mairie");
        assert_eq!(scrub("sans arobase"), "sans arobase");
    }

    #[test]
    fn offsets_follow_daylight_saving() {
        let tz = chrono_tz::Europe::Paris;
        let winter = crate::model::parse_local_datetime("2026-12-03T18:30").unwrap();
        let summer = crate::model::parse_local_datetime("2026-06-04T18:30").unwrap();
        assert_eq!(local_rfc3339(tz, winter), "2026-12-03T18:30:00+01:00");
        assert_eq!(local_rfc3339(tz, summer), "2026-06-04T18:30:00+02:00");
    }
}
