//! The domain as plain values: villages, venues, participants, routes,
//! sessions (events) and the association's settings. No I/O here.

pub mod validate;
pub use validate::{validate_recipient, validate_text_field, TextProblem, MAX_TEXT_CHARS};

use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::i18n::Lang;

pub mod duration;
pub mod input;
mod smtp_url;

pub use smtp_url::SmtpUrl;

use duration::{Span, Unit};

/// `skip_serializing_if` for the JSON output: an absent value is left out
/// of it, but never out of the parsed-data cache's snapshot (a compact
/// binary format with no field names, where a missing field would shift
/// every following one). Use these, not `Option::is_none` or
/// `Vec::is_empty`, on the types of a [`Dataset`]: the cache refuses to
/// write a snapshot that does not read back equal (and a unit test fails).
pub fn skip_none<T>(value: &Option<T>) -> bool {
    value.is_none() && !crate::store::cache::encoding()
}

/// [`skip_none`] for lists.
pub fn skip_empty<T>(value: &[T]) -> bool {
    value.is_empty() && !crate::store::cache::encoding()
}

/// The same for a flag that is false.
pub fn skip_false(value: &bool) -> bool {
    !*value && !crate::store::cache::encoding()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Village {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    #[serde(skip_serializing_if = "skip_none")]
    pub department: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Venue {
    pub id: String,
    pub name: String,
    pub village: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub capacity: Option<u32>,
    pub amenities: Vec<String>,
    pub address: Option<String>,
    pub contact: Option<String>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub village: String,
    pub max_km: Option<f64>,
    pub active: bool,
    pub profession: Option<String>,
    pub joined: Option<NaiveDate>,
    /// May invitations name them to people of their own village for
    /// car-sharing? Default false: only with their consent.
    pub carpool: bool,
    /// `mail = false`: asked for no more email (they still count).
    pub mail: bool,
    /// When their address bounced for good; no email until it is removed.
    pub bounced: Option<NaiveDate>,
    /// What they can share or teach (`skills = ["comptabilité"]`), for
    /// `jelly mail --to skill:WORD`.
    pub skills: Vec<String>,
    /// Other addresses they write from (`aliases = [...]`): a calendar
    /// answer or an unsubscribe request from one of them is theirs. jelly
    /// never writes to an alias.
    #[serde(skip_serializing_if = "skip_empty")]
    pub aliases: Vec<String>,
    /// May the public site's members' directory show them? Default false:
    /// only with their consent (`participant add --listed`).
    pub listed: bool,
    /// What they offer, as words, for the directory (`skills = [...]`).
    /// Their web page (`https://…`), shown in the directory if listed.
    pub website: Option<String>,
    /// Their public phone number, shown in the directory if listed.
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub from: String,
    pub to: String,
    pub km: f64,
    pub minutes: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Planned,
    Held,
    Cancelled,
}

impl Status {
    pub const ALL: &'static [&'static str] = &["planned", "held", "cancelled"];

    pub fn parse(text: &str) -> Option<Status> {
        match text {
            "planned" => Some(Status::Planned),
            "held" => Some(Status::Held),
            "cancelled" => Some(Status::Cancelled),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Held => "held",
            Status::Cancelled => "cancelled",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    Yes,
    No,
    Maybe,
    /// A "yes" past the venue's capacity, with `[rotation] waitlist`: in the
    /// queue (see `crate::waitlist`).
    Waitlist,
}

impl Answer {
    pub const ALL: &'static [&'static str] = &["yes", "no", "maybe", "waitlist"];

    pub fn parse(text: &str) -> Option<Answer> {
        match text {
            "yes" => Some(Answer::Yes),
            "no" => Some(Answer::No),
            "maybe" => Some(Answer::Maybe),
            "waitlist" => Some(Answer::Waitlist),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Maybe => "maybe",
            Answer::Waitlist => "waitlist",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rsvp {
    pub answer: Answer,
    /// When the answer was given (for `waitlist`: their place in the queue).
    pub at: Option<NaiveDateTime>,
    /// Waiting list: when a freed seat was offered to them.
    #[serde(skip_serializing_if = "skip_none")]
    pub offered: Option<NaiveDateTime>,
    /// Waiting list: the offer ran out unanswered; out of the queue.
    #[serde(skip_serializing_if = "skip_false")]
    pub expired: bool,
}

/// One session ("jelly"): a file `events/<id>.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The file stem, e.g. `2014-06-05-anduze`.
    pub id: String,
    /// Local time in the association's timezone.
    pub date: NaiveDateTime,
    pub venue: String,
    pub theme: Option<String>,
    pub status: Status,
    pub invited: Vec<String>,
    pub attended: Vec<String>,
    /// The last answer of each participant, by participant id.
    pub rsvp: BTreeMap<String, Rsvp>,
    /// iCalendar SEQUENCE: 0 when created, +1 on every change sent to people.
    pub sequence: u32,
    pub cancel_reason: Option<String>,
    /// The date it had before its last `reschedule` (local time), for
    /// calendars and the public site (schema.org `previousStartDate`).
    pub previous_date: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Objective {
    #[default]
    Total,
    Fair,
    Coverage,
    /// The largest expected turnout (see `crate::turnout`).
    Turnout,
}

impl Objective {
    pub const ALL: &'static [&'static str] = &["total", "fair", "coverage", "turnout"];

    pub fn parse(text: &str) -> Option<Objective> {
        match text {
            "total" => Some(Objective::Total),
            "fair" => Some(Objective::Fair),
            "coverage" => Some(Objective::Coverage),
            "turnout" => Some(Objective::Turnout),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Objective::Total => "total",
            Objective::Fair => "fair",
            Objective::Coverage => "coverage",
            Objective::Turnout => "turnout",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TransportKind {
    Smtp,
    #[default]
    File,
    Sendmail,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tls {
    Starttls,
    Implicit,
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssociationSettings {
    pub name: String,
    pub timezone: Tz,
    pub language: Lang,
}

/// The turnout prior's defaults (an assumption, see docs/turnout.md).
pub const DEFAULT_TURNOUT_RATE: f64 = 0.4;
pub const DEFAULT_TURNOUT_ODDS_PER_10_KM: f64 = 0.75;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RotationSettings {
    pub objective: Objective,
    pub cooldown: usize,
    pub detour_factor: f64,
    /// Default spacing of a season's sessions (`plan --every`), e.g. `6w`.
    pub every: Span,
    /// Warn when a session's expected turnout is below this many people.
    pub quorum: Option<u32>,
    /// The prior of the turnout model (docs/turnout.md): the chance that an
    /// invited member comes from next door, before any history.
    pub expected_turnout_rate: f64,
    /// The prior's effect of distance: each 10 km multiplies the odds of
    /// coming by this factor.
    pub turnout_odds_per_10_km: f64,
    /// The time of day of a session given by its date alone.
    pub default_time: chrono::NaiveTime,
    /// The weekday every planned session falls on, if any.
    pub weekday: Option<chrono::Weekday>,
    /// Who `schedule` and `plan --apply` invite by default: selectors
    /// (`crate::selectors`), a union; empty means `all`.
    pub invite: Vec<String>,
    /// A "yes" past the venue's capacity goes on a waiting list.
    pub waitlist: bool,
    /// How long a seat offered from the waiting list is held.
    pub waitlist_hold: Span,
}

/// A weekday named in French or English, in full or its first three
/// letters, any case: `jeudi`, `jeu`, `Thursday`, `thu`.
pub fn parse_weekday(text: &str) -> Option<chrono::Weekday> {
    use chrono::Weekday::*;
    let text = text.trim().to_lowercase();
    const NAMES: [(chrono::Weekday, &str, &str); 7] = [
        (Mon, "lundi", "monday"),
        (Tue, "mardi", "tuesday"),
        (Wed, "mercredi", "wednesday"),
        (Thu, "jeudi", "thursday"),
        (Fri, "vendredi", "friday"),
        (Sat, "samedi", "saturday"),
        (Sun, "dimanche", "sunday"),
    ];
    NAMES.iter().find_map(|&(day, fr, en)| {
        let short = |name: &str| text.len() >= 3 && name.starts_with(text.as_str());
        (text == fr || text == en || short(fr) || short(en)).then_some(day)
    })
}

/// The weekday names `parse_weekday` accepts, for messages.
pub const WEEKDAYS: &[&str] = &[
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MailSettings {
    pub from: String,
    pub transport: TransportKind,
    pub smtp_url: Option<SmtpUrl>,
    pub tls: Tls,
    pub username: Option<String>,
    pub password_command: Option<String>,
    pub outbox: String,
    pub sendmail_command: String,
    /// Offsets before a session at which reminders go, e.g. `7d`; each
    /// one's text (`Span`'s Display) is its name in the journal.
    pub reminders: Vec<Span>,
    /// How many SMTP connections send at once.
    pub connections: usize,
    /// A PEM file of extra certificates to trust (a private server's CA),
    /// beside the system's store.
    pub ca_file: Option<String>,
    /// Connection and command timeout, in seconds.
    pub timeout_secs: u64,
    /// The name given in EHLO; `None`: a fully qualified name found at run time.
    pub hello_name: Option<String>,
    pub dkim_selector: Option<String>,
    pub dkim_key_file: Option<String>,
    /// The one-click unsubscribe address, with `{token}` in it.
    pub unsubscribe_url: Option<String>,
    /// The largest total size, in bytes, of a `jelly mail`'s attachments.
    pub max_attachments: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    pub association: AssociationSettings,
    pub rotation: RotationSettings,
    pub mail: MailSettings,
    pub inbox: InboxSettings,
    pub site: SiteSettings,
    pub publish: PublishSettings,
    pub store: StoreSettings,
}

/// `[store]`: how the data directory is read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoreSettings {
    /// Keep a snapshot of the parsed data under `.jelly-cache/` (default true).
    pub cache: bool,
}

/// `[site]`: what the public site (`jelly site`) says about joining.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct SiteSettings {
    /// Where the site is published, without a trailing `/` (Atom links).
    pub url: Option<String>,
    /// The page to join the association, e.g. its HelloAsso form.
    pub join_url: Option<String>,
    /// The association's contact, as it should appear on the site.
    pub contact: Option<String>,
}

/// `[publish]`: the shared CalDAV calendar of `jelly publish caldav`.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct PublishSettings {
    pub caldav_url: Option<String>,
    pub username: Option<String>,
    pub password_command: Option<String>,
}

/// `[inbox]`: the mailbox `jelly inbox` reads (IMAP or a Maildir).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct InboxSettings {
    pub imap_url: Option<String>,
    pub maildir: Option<String>,
    pub username: Option<String>,
    pub password_command: Option<String>,
    pub folder: String,
    pub done_folder: String,
    pub ca_file: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            association: AssociationSettings {
                name: "Jelly".to_string(),
                timezone: chrono_tz::Europe::Paris,
                language: Lang::Fr,
            },
            rotation: RotationSettings {
                objective: Objective::Total,
                cooldown: 2,
                detour_factor: 1.3,
                every: Span::new(6, Unit::Weeks),
                quorum: None,
                expected_turnout_rate: DEFAULT_TURNOUT_RATE,
                turnout_odds_per_10_km: DEFAULT_TURNOUT_ODDS_PER_10_KM,
                default_time: chrono::NaiveTime::from_hms_opt(18, 30, 0).expect("a valid time"),
                weekday: None,
                invite: Vec::new(),
                waitlist: false,
                waitlist_hold: Span::new(48, Unit::Hours),
            },
            mail: MailSettings {
                from: "Jelly <jelly@localhost>".to_string(),
                transport: TransportKind::File,
                smtp_url: None,
                tls: Tls::Starttls,
                username: None,
                password_command: None,
                outbox: "outbox".to_string(),
                sendmail_command: "sendmail".to_string(),
                reminders: vec![Span::new(7, Unit::Days), Span::new(1, Unit::Days)],
                connections: 8,
                ca_file: None,
                timeout_secs: 60,
                hello_name: None,
                dkim_selector: None,
                dkim_key_file: None,
                unsubscribe_url: None,
                max_attachments: crate::mail::settings::DEFAULT_MAX_ATTACHMENTS,
            },
            inbox: InboxSettings {
                folder: "INBOX".to_string(),
                done_folder: "jelly".to_string(),
                ..InboxSettings::default()
            },
            site: SiteSettings::default(),
            publish: PublishSettings::default(),
            store: StoreSettings { cache: true },
        }
    }
}

/// The whole data directory, validated: every reference resolves.
///
/// Serialized whole (but for the settings, always read from `jelly.toml`,
/// and the index built on use) as the parsed-data cache's snapshot
/// (`crate::store::cache`): a field added here is carried with no more work.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Dataset {
    #[serde(skip)]
    pub config: Config,
    pub villages: Vec<Village>,
    pub venues: Vec<Venue>,
    pub participants: Vec<Participant>,
    pub routes: Vec<Route>,
    /// Sorted by date, then id.
    pub events: Vec<Event>,
    /// `routes` by pair of villages, built on first use by [`Dataset::route`].
    #[serde(skip)]
    pub route_index: RouteIndex,
    /// Positions by id, built on first use by [`Dataset::participant`] and
    /// the others (checked on every use, so never wrong after an edit).
    #[serde(skip)]
    pub id_index: IdIndex,
    /// Sessions naming a participant or venue that is no longer in its file
    /// (deleted by hand): `check` refuses them, the other commands work on
    /// for everyone else.
    pub dangling: Vec<crate::error::Problem>,
    /// Participants giving an address an earlier one gives (a hand edit):
    /// `check` refuses them, the other commands work on, sending each
    /// message once per address (see `crate::identity`).
    pub shared_addresses: Vec<crate::error::Problem>,
    /// The parsed-data cache's key of the files this was loaded from, when
    /// the cache is on (`crate::store::cache`): what results derived from
    /// the data alone are kept under (`crate::store::figures_cache`).
    #[serde(skip)]
    pub cache_key: Option<crate::store::cache::Key>,
}

/// Each id → its position in the list.
fn position_by_id<'a>(
    ids: impl Iterator<Item = &'a str>,
) -> std::collections::HashMap<&'a str, usize> {
    ids.enumerate().map(|(i, id)| (id, i)).collect()
}

/// The routes of a [`Dataset`] by pair of village ids, both directions,
/// built once on first use, so looking one up costs a hash, not a scan.
/// Code that changes `routes` after a lookup must reset it
/// (`RouteIndex::default()`).
#[derive(Debug, Clone, Default)]
pub struct RouteIndex(
    std::sync::OnceLock<
        std::collections::HashMap<String, std::collections::HashMap<String, usize>>,
    >,
);

/// The position of each village, venue, participant and session by a hash
/// of its id, built once on first use: looking one up in a national
/// network's 100,000 participants costs a hash, not a scan (`check` of a
/// date poll with 20,000 voters took 1.5 s scanning).
///
/// It is a hint, never trusted: the entry found must carry the id asked
/// for, else (the list was edited after the index was built, or two ids
/// share a hash) the list is scanned as before. So code that changes a
/// list needs no care, and the answer is the entry with that id (ids are
/// unique in a loaded dataset), as a scan gives.
#[derive(Debug, Clone, Default)]
pub struct IdIndex {
    villages: std::sync::OnceLock<std::collections::HashMap<u64, usize>>,
    venues: std::sync::OnceLock<std::collections::HashMap<u64, usize>>,
    participants: std::sync::OnceLock<std::collections::HashMap<u64, usize>>,
    events: std::sync::OnceLock<std::collections::HashMap<u64, usize>>,
}

/// The first item of `items` whose id is `id`, looked up through `index`.
fn find_by_id<'a, T>(
    index: &std::sync::OnceLock<std::collections::HashMap<u64, usize>>,
    items: &'a [T],
    key: impl Fn(&T) -> &str,
    id: &str,
) -> Option<&'a T> {
    let hash = |text: &str| xxhash_rust::xxh3::xxh3_64(text.as_bytes());
    let positions = index.get_or_init(|| {
        let mut positions = std::collections::HashMap::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            positions.entry(hash(key(item))).or_insert(i);
        }
        positions
    });
    match positions.get(&hash(id)).and_then(|&i| items.get(i)) {
        Some(item) if key(item) == id => Some(item),
        _ => items.iter().find(|item| key(item) == id),
    }
}

impl Dataset {
    pub fn village(&self, id: &str) -> Option<&Village> {
        find_by_id(&self.id_index.villages, &self.villages, |v| &v.id, id)
    }

    pub fn venue(&self, id: &str) -> Option<&Venue> {
        find_by_id(&self.id_index.venues, &self.venues, |v| &v.id, id)
    }

    pub fn participant(&self, id: &str) -> Option<&Participant> {
        find_by_id(
            &self.id_index.participants,
            &self.participants,
            |p| &p.id,
            id,
        )
    }

    pub fn event(&self, id: &str) -> Option<&Event> {
        find_by_id(&self.id_index.events, &self.events, |e| &e.id, id)
    }

    /// Village id → its position in `villages`.
    pub fn village_index(&self) -> std::collections::HashMap<&str, usize> {
        position_by_id(self.villages.iter().map(|v| v.id.as_str()))
    }

    /// Participant id → their position in `participants`.
    pub fn participant_index(&self) -> std::collections::HashMap<&str, usize> {
        position_by_id(self.participants.iter().map(|p| p.id.as_str()))
    }

    /// The route between two villages, in either direction (the first one
    /// of the file for a pair, as in the rotation engine).
    pub fn route(&self, a: &str, b: &str) -> Option<&Route> {
        let index = self.route_index.0.get_or_init(|| {
            let mut index: std::collections::HashMap<
                String,
                std::collections::HashMap<String, usize>,
            > = std::collections::HashMap::new();
            for (i, r) in self.routes.iter().enumerate() {
                index
                    .entry(r.from.clone())
                    .or_default()
                    .entry(r.to.clone())
                    .or_insert(i);
                index
                    .entry(r.to.clone())
                    .or_default()
                    .entry(r.from.clone())
                    .or_insert(i);
            }
            index
        });
        let i = *index.get(a)?.get(b)?;
        self.routes.get(i)
    }

    /// The point of a venue: its own coordinates, else its village's.
    pub fn venue_point(&self, venue: &Venue) -> Option<(f64, f64)> {
        match (venue.lat, venue.lon) {
            (Some(lat), Some(lon)) => Some((lat, lon)),
            _ => self.village(&venue.village).map(|v| (v.lat, v.lon)),
        }
    }
}

/// Does `id` match `^[a-z0-9][a-z0-9-]{0,63}$`?
pub fn is_valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 64
        && (bytes[0].is_ascii_lowercase() || bytes[0].is_ascii_digit())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// An id made from a name: ASCII, lower case, hyphens for everything else,
/// e.g. "Saint-Jean-du-Gard" → "saint-jean-du-gard", "Édith Piaf" → "edith-piaf".
pub fn slug(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_ascii_lowercase();
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out.truncate(60);
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

/// A slug of `name` not in `taken`: `marie`, then `marie-2`, `marie-3`…
pub fn unique_slug(name: &str, taken: impl Fn(&str) -> bool) -> String {
    // `anon-<hex>` ids stand for erased people (see `crate::privacy`).
    let taken = |id: &str| taken(id) || crate::privacy::is_anonymous(id);
    let base = slug(name);
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken(candidate))
        .expect("an unbounded range always yields a free id")
}

/// Parses a command-line date: `YYYY-MM-DD` (midnight) or
/// `YYYY-MM-DDTHH:MM[:SS]` (a space instead of `T` is accepted too).
pub fn parse_local_datetime(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(text, format) {
            return Some(dt);
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// Converts a local time in `tz` to UTC, choosing the earlier instant in a
/// DST overlap and shifting forward through a DST gap.
pub fn local_to_utc(tz: Tz, local: NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(dt) => dt.with_timezone(&chrono::Utc),
        chrono::LocalResult::Ambiguous(a, _) => a.with_timezone(&chrono::Utc),
        chrono::LocalResult::None => {
            let shifted = local + chrono::Duration::hours(1);
            local_to_utc(tz, shifted)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paris changes time on the last Sunday of March and of October at
    /// 01:00 UTC (EU rule): the expected instants below are worked out by
    /// hand from that rule, not by chrono.
    #[test]
    fn local_to_utc_across_the_changes_of_time() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        let local = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
        let utc = |s: &str| {
            NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
                .unwrap()
                .and_utc()
        };
        // Winter (UTC+1) and summer (UTC+2).
        assert_eq!(
            local_to_utc(paris, local("2026-12-03T18:30")),
            utc("2026-12-03T17:30")
        );
        assert_eq!(
            local_to_utc(paris, local("2026-07-02T18:30")),
            utc("2026-07-02T16:30")
        );
        // 29 March 2026: 02:00 becomes 03:00; 02:30 does not exist and is
        // read as the hour after the gap, 03:30 summer time.
        assert_eq!(
            local_to_utc(paris, local("2026-03-29T01:59")),
            utc("2026-03-29T00:59")
        );
        assert_eq!(
            local_to_utc(paris, local("2026-03-29T02:30")),
            utc("2026-03-29T01:30")
        );
        assert_eq!(
            local_to_utc(paris, local("2026-03-29T03:30")),
            utc("2026-03-29T01:30")
        );
        // 25 October 2026: 03:00 becomes 02:00; 02:30 happens twice, and
        // the first (summer time, UTC+2) is taken.
        assert_eq!(
            local_to_utc(paris, local("2026-10-25T02:30")),
            utc("2026-10-25T00:30")
        );
        assert_eq!(
            local_to_utc(paris, local("2026-10-25T03:30")),
            utc("2026-10-25T02:30")
        );
        assert_eq!(
            local_to_utc(paris, local("2026-10-25T01:30")),
            utc("2026-10-24T23:30")
        );
    }

    #[test]
    fn ids_follow_the_pattern() {
        assert!(is_valid_id("anduze"));
        assert!(is_valid_id("2014-06-05-anduze"));
        assert!(!is_valid_id("Anduze"));
        assert!(!is_valid_id("-anduze"));
        assert!(!is_valid_id("saint jean"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id(&"a".repeat(65)));
        assert!(is_valid_id(&"a".repeat(64)));
    }

    #[test]
    fn slugs_are_ascii_ids() {
        assert_eq!(slug("Saint-Jean-du-Gard"), "saint-jean-du-gard");
        assert_eq!(slug("Édith Piaf"), "edith-piaf");
        assert_eq!(slug("  Marie-France  "), "marie-france");
        assert_eq!(slug("Médiathèque d'Anduze"), "mediatheque-d-anduze");
        assert!(is_valid_id(&slug("Ça œuvre !")));
        assert_eq!(
            unique_slug("Marie", |s| s == "marie" || s == "marie-2"),
            "marie-3"
        );
    }

    #[test]
    fn parses_dates() {
        assert_eq!(
            parse_local_datetime("2026-12-01").unwrap().to_string(),
            "2026-12-01 00:00:00"
        );
        assert_eq!(
            parse_local_datetime("2026-12-01T18:30")
                .unwrap()
                .to_string(),
            "2026-12-01 18:30:00"
        );
        assert!(parse_local_datetime("2026-13-01").is_none());
        assert!(parse_local_datetime("demain").is_none());
    }

    #[test]
    fn local_times_convert_across_daylight_saving() {
        let tz = chrono_tz::Europe::Paris;
        let winter = parse_local_datetime("2026-12-01T18:30").unwrap();
        assert_eq!(
            local_to_utc(tz, winter).to_rfc3339(),
            "2026-12-01T17:30:00+00:00"
        );
        let summer = parse_local_datetime("2026-06-01T18:30").unwrap();
        assert_eq!(
            local_to_utc(tz, summer).to_rfc3339(),
            "2026-06-01T16:30:00+00:00"
        );
    }
}
