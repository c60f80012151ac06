//! Email composition as pure values: the templates (built in, or the data
//! directory's `templates/<lang>/` overrides), one personalised message per
//! participant, its calendar part, and the MIME bytes ready for a transport.

use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::Message;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::i18n::{km, Lang};
use crate::mail::carpool::CarpoolIndex;
use crate::mail::ics::{self, CalendarEvent, EventStatus, Method, Person};
use crate::mail::journal::Kind;
use crate::model::{local_to_utc, Config, Dataset, Event, Participant};
use crate::t;

/// How long a session lasts in calendars (the files give only its start).
pub const SESSION_HOURS: i64 = 3;

/// The template files, by name. The built-in ones hold no language: their
/// text comes from the Fluent catalogs through `t("key", name=value…)`
/// (locales/<lang>/mail-body.ftl). An association overrides one with
/// `templates/<lang>/<name>` in its data directory, which may call `t` too.
pub const TEMPLATE_NAMES: &[&str] = &["subject.txt", "body.txt", "body.html"];

const BUILT_IN: &[(&str, &str)] = &[
    ("subject.txt", include_str!("templates/subject.txt")),
    ("body.txt", include_str!("templates/body.txt")),
    ("body.html", include_str!("templates/body.html")),
];

/// The templates' `t("key", name=value…)`: a message of the catalogs in the
/// emails' language. Numbers stay numbers, so plural selectors work.
pub(crate) fn template_t(
    lang: Lang,
) -> impl Fn(&str, minijinja::value::Kwargs) -> std::result::Result<String, minijinja::Error>
       + Send
       + Sync
       + 'static {
    move |key: &str, kwargs: minijinja::value::Kwargs| {
        let mut args = Vec::new();
        for name in kwargs.args() {
            let value: minijinja::Value = kwargs.get(name)?;
            let fluent = match f64::try_from(value.clone()) {
                Ok(n) if value.kind() == minijinja::value::ValueKind::Number => {
                    fluent_bundle::FluentValue::from(n)
                }
                _ if value.is_none() || value.is_undefined() => {
                    fluent_bundle::FluentValue::from(String::new())
                }
                _ => fluent_bundle::FluentValue::from(value.to_string()),
            };
            args.push((name, fluent));
        }
        if !crate::i18n::has_message(lang, key) {
            return Err(minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                format!("no message `{key}` in the catalogs"),
            ));
        }
        Ok(crate::i18n::tr(lang, key, &args))
    }
}

/// The data directory's template overrides: `(name, source)` for every file
/// `templates/<lang>/<name>` that exists.
pub fn load_overrides(dir: &crate::store::DataDir) -> Result<Vec<(String, String)>> {
    let mut found = Vec::new();
    for lang in ["fr", "en"] {
        for name in TEMPLATE_NAMES {
            let path = dir.templates().join(lang).join(name);
            match std::fs::read_to_string(&path) {
                Ok(text) => found.push((format!("{lang}/{name}"), text)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(path, e)),
            }
        }
    }
    Ok(found)
}

/// Every problem of the template overrides, with its file, line and
/// column: syntax errors, and unknown variables or catalog keys met when
/// each is rendered for every kind of message, once with every optional
/// value given and once with none (so that both sides of a condition run).
pub fn check_overrides(
    config: &Config,
    overrides: &[(String, String)],
) -> Vec<crate::error::Problem> {
    let lang = config.association.language;
    let mut env = minijinja::Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_function("t", template_t(lang));
    env.add_global("lang", lang.code());
    let problem = |name: &str, source: &str, e: &minijinja::Error| {
        let mut p = crate::error::Problem::new(
            format!("templates/{name}"),
            crate::t!(
                lang,
                "first-use-template-error",
                detail = e
                    .detail()
                    .map_or_else(|| e.kind().to_string(), str::to_string)
            ),
        );
        if let Some(start) = e.range().map(|r| r.start) {
            let before = &source[..start.min(source.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            p = p.at(line, column);
        } else if let Some(line) = e.line() {
            p = p.at(line, 1);
        }
        p
    };
    let mut problems = Vec::new();
    for (name, source) in overrides {
        if let Err(e) = env.add_template_owned(name.clone(), source.clone()) {
            problems.push(problem(name, source, &e));
        }
    }
    for (name, source) in overrides {
        let Ok(template) = env.get_template(name) else {
            continue;
        };
        'kinds: for kind in ["invitation", "update", "reminder", "cancellation"] {
            for full in [true, false] {
                if let Err(e) = template.render(sample_values(kind, full)) {
                    problems.push(problem(name, source, &e));
                    break 'kinds;
                }
            }
        }
    }
    problems
}

/// Values of the right shape for checking a template: every optional
/// value given (`full`) or none.
fn sample_values(kind: &'static str, full: bool) -> Values {
    let some = |text: &str| full.then(|| text.to_string());
    Values {
        kind,
        name: "Marie".into(),
        association: "Jelly".into(),
        date: "jeudi 3 décembre 2026".into(),
        time: "18:30".into(),
        venue: "Médiathèque".into(),
        address: some("1 place du Marché"),
        village: "Anduze".into(),
        home: "Alès".into(),
        from_home: "d'Alès".into(),
        theme: some("Le télétravail"),
        distance: some("12"),
        same_village: full,
        previous_date: some("mercredi 2 décembre 2026 à 18:30"),
        previous_venue: some("Salle des fêtes, Anduze"),
        carshare: if full {
            vec!["Paul".into()]
        } else {
            Vec::new()
        },
        cancel_reason: some("la salle est prise"),
        when: some("demain"),
        answer: full.then_some("yes"),
        organiser: "contact@example.org".into(),
        footer: "—".into(),
        subject: "Jelly".into(),
        answers: if full {
            vec![crate::mail::answer_links::Link {
                label: "Je viens".into(),
                link: "mailto:contact@example.org?subject=Je%20viens".into(),
                answer: "yes",
            }]
        } else {
            Vec::new()
        },
    }
}

/// A message ready to send.
#[derive(Debug, Clone)]
pub struct Composed {
    pub participant: String,
    pub email: String,
    pub kind: Kind,
    pub offset: Option<String>,
    pub sequence: u32,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The calendar object (absent for reminders).
    pub ics: Option<String>,
    pub message_id: String,
    /// The envelope sender (the `[mail] from` address).
    pub from_address: String,
    /// The session's local date-time and venue id, as announced.
    pub date: String,
    pub venue: String,
    /// The whole message, MIME-encoded.
    pub bytes: Vec<u8>,
}

/// The personal values a template sees.
#[derive(Debug, Clone, Serialize)]
struct Values {
    kind: &'static str,
    name: String,
    association: String,
    date: String,
    time: String,
    venue: String,
    address: Option<String>,
    village: String,
    home: String,
    /// "d'Alès", "de Lasalle" (French elision); "from Alès" in English.
    from_home: String,
    theme: Option<String>,
    distance: Option<String>,
    /// The participant lives in the venue's village.
    same_village: bool,
    /// For an update: what the participant was told before, when it differs.
    previous_date: Option<String>,
    previous_venue: Option<String>,
    carshare: Vec<String>,
    cancel_reason: Option<String>,
    when: Option<String>,
    /// A reminder's reader's answer already given ("yes", "maybe", "no"):
    /// the text then does not ask for it again.
    answer: Option<&'static str>,
    organiser: String,
    footer: String,
    subject: String,
    /// The one-click answer links (`mailto:`), for invitations, updates and
    /// reminders; empty without the association's key.
    answers: Vec<crate::mail::answer_links::Link>,
}

/// Builds messages for one association.
pub struct Composer {
    env: minijinja::Environment<'static>,
    /// The language of the emails (the association's).
    pub lang: Lang,
    pub from: Mailbox,
    pub config: Config,
    /// The car-sharing lists of the session being composed, made on its
    /// first message (see [`CarpoolIndex`]).
    carpool: std::sync::Mutex<Option<(CarpoolKey, std::sync::Arc<CarpoolIndex>)>>,
    /// Signs every message when `[mail] dkim_selector` is set.
    dkim: Option<lettre::message::dkim::DkimConfig>,
    /// The association's key (loaded by [`Composer::for_sending`]): signs
    /// the one-click answer links, and the unsubscribe links when `[mail]
    /// unsubscribe_url` is set.
    key: Option<crate::mail::unsubscribe::Key>,
    /// participant → (local date-time, venue id) of the last invitation or
    /// update they were sent, for an update to show what changed.
    previous: std::collections::HashMap<String, (String, String)>,
}

/// What the cached car-sharing lists were made from.
type CarpoolKey = (String, u32, usize, usize);

impl Composer {
    /// A composer with the built-in templates, replaced by `overrides`.
    pub fn new(config: &Config, overrides: Vec<(String, String)>) -> Result<Composer> {
        let mut env = minijinja::Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        // A misspelt variable is an error, never an empty string.
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.add_function("t", template_t(config.association.language));
        env.add_global("lang", config.association.language.code());
        for (name, source) in BUILT_IN {
            env.add_template(name, source)
                .map_err(|e| Error::runtime(format!("built-in template {name}: {e}")))?;
        }
        for (name, source) in overrides {
            env.add_template_owned(name.clone(), source).map_err(|e| {
                Error::Invalid(vec![crate::error::Problem::new(
                    format!("templates/{name}"),
                    e.to_string(),
                )])
            })?;
        }
        let from: Mailbox = config
            .mail
            .from
            .parse()
            .map_err(|e| Error::usage(format!("[mail] from: {e}")))?;
        Ok(Composer {
            env,
            lang: config.association.language,
            from,
            config: config.clone(),
            carpool: Default::default(),
            dkim: None,
            key: None,
            previous: Default::default(),
        })
    }

    /// Loads what signing and unsubscribe links need from the data
    /// directory: the DKIM key, the unsubscribe key (made on first use).
    pub fn for_sending(mut self, dir: &crate::store::DataDir, lang: Lang) -> Result<Composer> {
        let mail = &self.config.mail;
        if let (Some(selector), Some(file)) = (&mail.dkim_selector, &mail.dkim_key_file) {
            let domain = self.domain();
            self.dkim = Some(
                crate::mail::settings::dkim_config(dir, mail, selector, file, &domain, lang)
                    .map_err(Error::usage)?,
            );
        }
        self.key = Some(crate::mail::unsubscribe::Key::load_or_create(dir)?);
        Ok(self)
    }

    /// The association's key, once [`Composer::for_sending`] loaded it.
    pub fn key(&self) -> Option<&crate::mail::unsubscribe::Key> {
        self.key.as_ref()
    }

    /// Remembers, from a session's journal, the date and venue each
    /// participant was last sent.
    pub fn remember(&mut self, entries: &[crate::mail::journal::Entry]) {
        self.previous.clear();
        for entry in entries {
            if entry.outcome == crate::mail::journal::Outcome::Sent
                && matches!(entry.kind, Kind::Invitation | Kind::Update)
            {
                if let (Some(date), Some(venue)) = (&entry.date, &entry.venue) {
                    self.previous
                        .insert(entry.participant.clone(), (date.clone(), venue.clone()));
                }
            }
        }
    }

    /// The domain of the `from` address: UIDs and Message-IDs live there.
    pub fn domain(&self) -> String {
        self.from.email.domain().to_string()
    }

    /// The calendar event of a session, for one attendee (or none, for a feed).
    pub fn calendar_event(
        &self,
        data: &Dataset,
        event: &Event,
        attendee: Option<&Participant>,
        stamp: DateTime<Utc>,
    ) -> CalendarEvent {
        let tz = self.config.association.timezone;
        let start = local_to_utc(tz, event.date);
        let venue = data.venue(&event.venue);
        let village = venue
            .and_then(|v| data.village(&v.village))
            .map(|v| v.name.clone())
            .unwrap_or_default();
        let summary = match &event.theme {
            Some(theme) => format!(
                "{} — {}",
                t!(self.lang, "mail-summary", village = village),
                theme
            ),
            None => t!(self.lang, "mail-summary", village = village),
        };
        let location = venue.map(|v| match &v.address {
            Some(address) => format!("{}, {}", v.name, address),
            None => format!("{}, {}", v.name, village),
        });
        CalendarEvent {
            uid: ics::uid(&event.id, &self.domain()),
            sequence: event.sequence,
            stamp,
            start,
            end: start + chrono::Duration::hours(SESSION_HOURS),
            summary,
            description: event.theme.clone(),
            location,
            geo: venue.and_then(|v| data.venue_point(v)),
            organizer: Some(Person {
                name: self
                    .from
                    .name
                    .clone()
                    .unwrap_or_else(|| self.config.association.name.clone()),
                email: self.from.email.to_string(),
            }),
            attendees: attendee
                .and_then(|p| {
                    p.email.as_ref().map(|email| Person {
                        name: p.name.clone(),
                        email: email.clone(),
                    })
                })
                .into_iter()
                .collect(),
            status: if event.status == crate::model::Status::Cancelled {
                EventStatus::Cancelled
            } else {
                EventStatus::Confirmed
            },
            answer: None,
        }
    }

    /// The message of `kind` for `participant` (who must have an email).
    pub fn compose(
        &self,
        data: &Dataset,
        event: &Event,
        participant: &Participant,
        kind: Kind,
        offset: Option<(&str, chrono::Duration)>,
        now: DateTime<Utc>,
    ) -> Result<Composed> {
        let email = participant
            .email
            .clone()
            .ok_or_else(|| Error::runtime(format!("{}: no email", participant.id)))?;
        // What the mail library cannot format (a line break in the name…)
        // is refused here, not left to panic inside it.
        if !crate::model::validate_recipient(&participant.name, &email) {
            return Err(Error::runtime(crate::t!(
                self.lang,
                "err-bad-email",
                value = format!("{} <{email}>", participant.name)
            )));
        }
        let mut values = self.values(data, event, participant, kind, offset);
        let render = |name: &str, values: &Values| -> Result<String> {
            let template = self
                .env
                .get_template(&format!("{}/{name}", self.lang.code()))
                .or_else(|_| self.env.get_template(name))
                .map_err(|e| Error::runtime(e.to_string()))?;
            template.render(values).map_err(|e| {
                Error::Invalid(vec![crate::error::Problem::new(
                    format!("templates/{}/{name}", self.lang.code()),
                    e.to_string(),
                )])
            })
        };
        let subject = render("subject.txt", &values)?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        values.subject = subject.clone();
        let text = render("body.txt", &values)?;
        let html = render("body.html", &values)?;
        let ics = match kind {
            // Polls are composed by `crate::mail::poll_message`.
            Kind::Poll | Kind::PollReminder => None,
            // A reminder carries the invitation again (same UID and
            // SEQUENCE): one click puts it in a calendar that lacks it.
            // It carries the person's own answer (PARTSTAT), so that the
            // calendar does not ask them again.
            Kind::Reminder => {
                let mut calendar_event = self.calendar_event(data, event, Some(participant), now);
                calendar_event.answer = event.rsvp.get(&participant.id).map(|r| r.answer);
                Some(ics::calendar(Method::Request, &[calendar_event]))
            }
            Kind::Cancellation => Some(ics::calendar(
                Method::Cancel,
                &[self.calendar_event(data, event, Some(participant), now)],
            )),
            Kind::Mailing | Kind::Waitlisted | Kind::OfferExpired => None,
            Kind::Invitation | Kind::Update | Kind::Offer => Some(ics::calendar(
                Method::Request,
                &[self.calendar_event(data, event, Some(participant), now)],
            )),
        };
        let offset_name = offset.map(|(name, _)| name);
        let message_id = message_id(
            &event.id,
            &participant.id,
            kind,
            event.sequence,
            offset_name,
            &self.domain(),
        );
        let unsubscribe_url = match (&self.key, &self.config.mail.unsubscribe_url) {
            (Some(key), Some(url)) => Some(url.replace("{token}", &key.token(participant))),
            _ => None,
        };
        let to = Mailbox::new(
            Some(participant.name.clone()),
            email
                .parse()
                .map_err(|e| Error::runtime(format!("{email}: {e}")))?,
        );
        let method = if kind == Kind::Cancellation {
            Method::Cancel
        } else {
            Method::Request
        };
        let bytes = mime(MimeParts {
            from: self.from.clone(),
            to,
            subject: &subject,
            message_id: &message_id,
            date: now,
            text: &text,
            html: &html,
            ics: ics.as_deref(),
            method,
            unsubscribe_url: unsubscribe_url.as_deref(),
            dkim: self.dkim.as_ref(),
            attachments: &[],
        })?;
        Ok(Composed {
            participant: participant.id.clone(),
            email,
            kind,
            offset: offset.map(|(name, _)| name.to_string()),
            sequence: event.sequence,
            subject,
            text,
            html,
            ics,
            message_id,
            from_address: self.from.email.to_string(),
            date: event.date.format("%Y-%m-%dT%H:%M").to_string(),
            venue: event.venue.clone(),
            bytes,
        })
    }

    /// The one-click unsubscribe address of `participant`, when
    /// `[mail] unsubscribe_url` is set.
    fn unsubscribe_url(&self, participant: &Participant) -> Option<String> {
        match (&self.key, &self.config.mail.unsubscribe_url) {
            (Some(key), Some(url)) => Some(url.replace("{token}", &key.token(participant))),
            _ => None,
        }
    }

    /// The last lines of every message: why they receive it, and how to
    /// stop (the one-click link when there is one).
    pub fn footer(&self, participant: &Participant) -> String {
        match self.unsubscribe_url(participant) {
            Some(link) => t!(
                self.lang,
                "mail-compose-footer-link",
                association = self.config.association.name,
                link = link
            ),
            None => t!(
                self.lang,
                "mail-footer",
                association = self.config.association.name,
                organiser = self.from.email.to_string()
            ),
        }
    }

    /// The values the invitation templates see, for a message that is not
    /// an invitation (`jelly mail`): the person's, and the session's when
    /// there is one.
    pub fn person_values(
        &self,
        data: &Dataset,
        event: Option<&Event>,
        participant: &Participant,
    ) -> serde_json::Map<String, serde_json::Value> {
        let home = data
            .village(&participant.village)
            .map_or_else(|| participant.village.clone(), |v| v.name.clone());
        let mut map = match event {
            Some(event) => {
                let values = self.values(data, event, participant, Kind::Invitation, None);
                match serde_json::to_value(values) {
                    Ok(serde_json::Value::Object(map)) => map,
                    _ => serde_json::Map::new(),
                }
            }
            None => {
                let mut map = serde_json::Map::new();
                map.insert("name".into(), participant.name.clone().into());
                map.insert(
                    "association".into(),
                    self.config.association.name.clone().into(),
                );
                map.insert("from_home".into(), from_place(self.lang, &home).into());
                map.insert("home".into(), home.into());
                map.insert("organiser".into(), self.from.email.to_string().into());
                map.insert("footer".into(), self.footer(participant).into());
                map
            }
        };
        for key in [
            "kind",
            "subject",
            "previous_date",
            "previous_venue",
            "cancel_reason",
            "when",
        ] {
            map.remove(key);
        }
        map
    }

    /// A message whose texts are already written (`jelly mail`, the waiting
    /// list), with the headers, DKIM signature and unsubscribe link of
    /// every message of the association.
    pub fn compose_written(&self, written: Written, now: DateTime<Utc>) -> Result<Composed> {
        let participant = written.participant;
        let email = participant
            .email
            .clone()
            .ok_or_else(|| Error::runtime(format!("{}: no email", participant.id)))?;
        if !crate::model::validate_recipient(&participant.name, &email) {
            return Err(Error::runtime(crate::t!(
                self.lang,
                "err-bad-email",
                value = format!("{} <{email}>", participant.name)
            )));
        }
        let to = Mailbox::new(
            Some(participant.name.clone()),
            email
                .parse()
                .map_err(|e| Error::runtime(format!("{email}: {e}")))?,
        );
        let unsubscribe_url = self.unsubscribe_url(participant);
        let bytes = mime(MimeParts {
            from: self.from.clone(),
            to,
            subject: &written.subject,
            message_id: &written.message_id,
            date: now,
            text: &written.text,
            html: &written.html,
            ics: written.ics.as_deref(),
            method: Method::Request,
            unsubscribe_url: unsubscribe_url.as_deref(),
            dkim: self.dkim.as_ref(),
            attachments: written.attachments,
        })?;
        Ok(Composed {
            participant: participant.id.clone(),
            email,
            kind: written.kind,
            offset: written.offset,
            sequence: written.sequence,
            subject: written.subject,
            text: written.text,
            html: written.html,
            ics: written.ics,
            message_id: written.message_id,
            from_address: self.from.email.to_string(),
            date: written.date,
            venue: written.venue,
            bytes,
        })
    }

    /// The car-sharing lists of `event`, made once for all its messages.
    fn carpool_index(&self, data: &Dataset, event: &Event) -> std::sync::Arc<CarpoolIndex> {
        let key: CarpoolKey = (
            event.id.clone(),
            event.sequence,
            event.invited.len(),
            event.rsvp.len(),
        );
        let mut cache = self.carpool.lock().unwrap_or_else(|e| e.into_inner());
        match &*cache {
            Some((cached, index)) if *cached == key => index.clone(),
            _ => {
                let index = std::sync::Arc::new(CarpoolIndex::new(data, event));
                *cache = Some((key, index.clone()));
                index
            }
        }
    }

    fn values(
        &self,
        data: &Dataset,
        event: &Event,
        participant: &Participant,
        kind: Kind,
        offset: Option<(&str, chrono::Duration)>,
    ) -> Values {
        let lang = self.lang;
        let venue = data.venue(&event.venue);
        let village = venue
            .and_then(|v| data.village(&v.village))
            .map(|v| v.name.clone())
            .unwrap_or_default();
        let home = data
            .village(&participant.village)
            .map_or_else(|| participant.village.clone(), |v| v.name.clone());
        let distance = venue
            .and_then(|v| crate::rotation::distance::participant_km(data, participant, v))
            .map(|d| {
                km(lang, d.round())
                    .trim_end_matches(",0")
                    .trim_end_matches(".0")
                    .to_string()
            });
        let organiser = self.from.email.to_string();
        let same_village = venue.is_some_and(|v| v.village == participant.village);
        // No car to share when the session is in the reader's own village.
        let carshare = if same_village {
            Vec::new()
        } else {
            self.carpool_index(data, event).names_for(participant)
        };
        let answer = match kind {
            // Reminders skip the waiting list; were one composed, it would
            // ask for an answer as to someone who gave none.
            Kind::Reminder => event
                .rsvp
                .get(&participant.id)
                .and_then(|r| match r.answer {
                    crate::model::Answer::Yes => Some("yes"),
                    crate::model::Answer::Maybe => Some("maybe"),
                    crate::model::Answer::No => Some("no"),
                    crate::model::Answer::Waitlist => None,
                }),
            _ => None,
        };
        let (previous_date, previous_venue) = match (kind, self.previous.get(&participant.id)) {
            (Kind::Update, Some((date, venue_id))) => {
                let now_date = event.date.format("%Y-%m-%dT%H:%M").to_string();
                let old_date = crate::model::parse_local_datetime(date)
                    .filter(|_| *date != now_date)
                    .map(|d| {
                        t!(
                            lang,
                            "mail-compose-date-at",
                            date = long_date(lang, d),
                            time = d.format("%H:%M")
                        )
                    });
                let old_venue = (*venue_id != event.venue).then(|| {
                    data.venue(venue_id).map_or_else(
                        || venue_id.clone(),
                        |v| {
                            let village = data
                                .village(&v.village)
                                .map(|x| x.name.clone())
                                .unwrap_or_default();
                            format!("{}, {}", v.name, village)
                        },
                    )
                });
                (old_date, old_venue)
            }
            _ => (None, None),
        };
        let footer = match (&self.key, &self.config.mail.unsubscribe_url) {
            (Some(key), Some(url)) => t!(
                lang,
                "mail-compose-footer-link",
                association = self.config.association.name,
                link = url.replace("{token}", &key.token(participant))
            ),
            _ => t!(
                lang,
                "mail-footer",
                association = self.config.association.name,
                organiser = organiser
            ),
        };
        Values {
            kind: kind.as_str(),
            name: participant.name.clone(),
            association: self.config.association.name.clone(),
            date: long_date(lang, event.date),
            time: event.date.format("%H:%M").to_string(),
            venue: venue.map(|v| v.name.clone()).unwrap_or_default(),
            address: venue.and_then(|v| v.address.clone()),
            village,
            from_home: from_place(lang, &home),
            home,
            theme: event.theme.clone(),
            distance,
            same_village,
            previous_date,
            previous_venue,
            carshare,
            cancel_reason: event.cancel_reason.clone(),
            when: offset.map(|(_, d)| when_text(lang, d)),
            answer,
            footer,
            organiser,
            subject: String::new(),
            answers: match (&self.key, kind) {
                (Some(key), Kind::Invitation | Kind::Update | Kind::Reminder) => {
                    crate::mail::answer_links::session_links(
                        lang,
                        key,
                        self.from.email.as_ref(),
                        event,
                        &participant.id,
                    )
                }
                _ => Vec::new(),
            },
        }
    }
}

/// "d'Alès", "de Lasalle", "from Alès".
fn from_place(lang: Lang, place: &str) -> String {
    match lang {
        Lang::En => format!("from {place}"),
        Lang::Fr => {
            let first = deunicode::deunicode(&place.chars().take(1).collect::<String>())
                .to_ascii_lowercase();
            if matches!(first.as_str(), "a" | "e" | "i" | "o" | "u" | "y" | "h") {
                format!("d'{place}")
            } else {
                format!("de {place}")
            }
        }
    }
}

/// "jeudi 3 décembre 2026" / "Thursday 3 December 2026".
pub fn long_date(lang: Lang, date: NaiveDateTime) -> String {
    const FR_DAYS: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    const FR_MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const EN_DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const EN_MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let weekday = date.weekday().num_days_from_monday() as usize;
    let month = date.month0() as usize;
    match lang {
        Lang::Fr => format!(
            "{} {} {} {}",
            FR_DAYS[weekday],
            if date.day() == 1 {
                "1er".to_string()
            } else {
                date.day().to_string()
            },
            FR_MONTHS[month],
            date.year()
        ),
        Lang::En => format!(
            "{} {} {} {}",
            EN_DAYS[weekday],
            date.day(),
            EN_MONTHS[month],
            date.year()
        ),
    }
}

/// "dans 7 jours", "demain", "dans 3 heures" (and English).
pub(crate) fn when_text(lang: Lang, offset: chrono::Duration) -> String {
    let days = offset.num_days();
    if days == 1 && offset.num_hours() == 24 {
        t!(lang, "mail-when-tomorrow")
    } else if days >= 1 && offset.num_hours() % 24 == 0 {
        t!(lang, "mail-when-days", n = days)
    } else if offset.num_hours() >= 1 {
        t!(lang, "mail-when-hours", n = offset.num_hours())
    } else {
        t!(lang, "mail-when-minutes", n = offset.num_minutes().max(1))
    }
}

/// The Message-ID of one message, derived from what it is:
/// `<event.participant.kind.sequence[.offset]@domain>`. A message sent again
/// after an interruption is the same message, and mail clients show it once.
pub fn message_id(
    event: &str,
    participant: &str,
    kind: Kind,
    sequence: u32,
    offset: Option<&str>,
    domain: &str,
) -> String {
    let safe = |text: &str| -> String {
        text.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let offset = offset.map(|o| format!(".{}", safe(o))).unwrap_or_default();
    format!(
        "<{}.{}.{}.{sequence}{offset}@{domain}>",
        safe(event),
        safe(participant),
        kind.as_str()
    )
}

/// A header whose value is plain ASCII text, written as given.
macro_rules! text_header {
    ($(#[$doc:meta])* $name:ident, $header:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        struct $name(String);

        impl Header for $name {
            fn name() -> HeaderName {
                HeaderName::new_from_ascii_str($header)
            }

            fn parse(s: &str) -> std::result::Result<Self, Box<dyn std::error::Error + Send + Sync>> {
                Ok($name(s.to_string()))
            }

            fn display(&self) -> HeaderValue {
                HeaderValue::new(Self::name(), self.0.clone())
            }
        }
    };
}

text_header!(
    /// `List-Unsubscribe: <mailto:organiser?subject=unsubscribe>` (RFC 2369).
    ListUnsubscribe,
    "List-Unsubscribe"
);

text_header!(
    /// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
    ListUnsubscribePost,
    "List-Unsubscribe-Post"
);

text_header!(
    /// `Auto-Submitted: auto-generated` (RFC 3834): holiday auto-replies
    /// leave jelly's messages alone.
    AutoSubmitted,
    "Auto-Submitted"
);

text_header!(
    /// `List-Id: <jelly.domain>` (RFC 2919): the association's mailing, so
    /// mail clients and filters see a well-formed list, not a bulk sender.
    ListId,
    "List-Id"
);

/// A file joined to a message.
#[derive(Debug, Clone)]
pub struct AttachedFile {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// What [`Composer::compose_written`] needs: the texts, and what the
/// journal knows the message by.
pub struct Written<'a> {
    pub participant: &'a Participant,
    pub kind: Kind,
    /// The journal's name for the message (a mailing's id, a waiting-list
    /// step's stamp).
    pub offset: Option<String>,
    pub sequence: u32,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// A calendar REQUEST to carry (an offer: one click on "Accept").
    pub ics: Option<String>,
    pub message_id: String,
    pub date: String,
    pub venue: String,
    pub attachments: &'a [AttachedFile],
}

pub(crate) struct MimeParts<'a> {
    pub from: Mailbox,
    pub to: Mailbox,
    pub subject: &'a str,
    pub message_id: &'a str,
    pub date: DateTime<Utc>,
    pub text: &'a str,
    pub html: &'a str,
    pub ics: Option<&'a str>,
    pub method: Method,
    pub unsubscribe_url: Option<&'a str>,
    pub dkim: Option<&'a lettre::message::dkim::DkimConfig>,
    pub attachments: &'a [AttachedFile],
}

/// multipart/mixed { multipart/alternative { text/plain, text/html,
/// text/calendar; method=… }, invite.ics } — or just the alternative part
/// when there is no calendar.
pub(crate) fn mime(parts: MimeParts) -> Result<Vec<u8>> {
    let content_type =
        |text: &str| ContentType::parse(text).map_err(|e| Error::runtime(format!("{text}: {e}")));
    // The boundaries come from the Message-ID, not lettre's random ones:
    // a message sent again after a crash (docs/mail.md) is then the same
    // message byte for byte, as the documentation promises.
    let boundary = |kind: &str| {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(format!("{kind}\n{}", parts.message_id).as_bytes());
        let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        format!("jelly-{kind}-{hex}")
    };
    let mut alternative = MultiPart::alternative()
        .boundary(boundary("alt"))
        .singlepart(SinglePart::plain(parts.text.to_string()))
        .singlepart(SinglePart::html(parts.html.to_string()));
    let mailto = format!("<mailto:{}?subject=unsubscribe>", parts.from.email);
    let mut builder = Message::builder()
        .from(parts.from.clone())
        .to(parts.to)
        .subject(parts.subject)
        .message_id(Some(parts.message_id.to_string()))
        .date(parts.date.into())
        .header(AutoSubmitted("auto-generated".to_string()))
        .header(ListId(format!("<jelly.{}>", parts.from.email.domain())));
    builder = match parts.unsubscribe_url {
        Some(url) => builder
            .header(ListUnsubscribe(format!("<{url}>, {mailto}")))
            .header(ListUnsubscribePost(
                "List-Unsubscribe=One-Click".to_string(),
            )),
        None => builder.header(ListUnsubscribe(mailto)),
    };
    let message = match parts.ics {
        Some(ics) => {
            let calendar_type = content_type(&format!(
                "text/calendar; charset=utf-8; method={}",
                parts.method.as_str()
            ))?;
            alternative = alternative.singlepart(
                SinglePart::builder()
                    .header(calendar_type)
                    .body(ics.to_string()),
            );
            let attachment = Attachment::new("invite.ics".to_string()).body(
                ics.to_string(),
                content_type(&format!(
                    "application/ics; name=\"invite.ics\"; method={}",
                    parts.method.as_str()
                ))?,
            );
            builder.multipart(
                MultiPart::mixed()
                    .boundary(boundary("mixed"))
                    .multipart(alternative)
                    .singlepart(attachment),
            )
        }
        None if parts.attachments.is_empty() => builder.multipart(alternative),
        None => {
            let mut mixed = MultiPart::mixed().multipart(alternative);
            for file in parts.attachments {
                mixed = mixed.singlepart(
                    Attachment::new(file.name.clone())
                        .body(file.bytes.clone(), content_type(&file.content_type)?),
                );
            }
            builder.multipart(mixed)
        }
    }
    .map_err(|e| Error::runtime(format!("composing the message: {e}")))?;
    let mut message = message;
    if let Some(dkim) = parts.dkim {
        message.sign(dkim);
    }
    Ok(message.formatted())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Status, Venue};
    use crate::testing;

    fn dataset() -> Dataset {
        let mut data = Dataset::default();
        data.config.mail.from = "Jelly Gard-Lozère <contact@example.org>".into();
        data.config.association.name = "Jelly Gard-Lozère".into();
        data.villages = vec![
            testing::village("anduze", "Anduze", 44.055, 3.98495),
            testing::village("ales", "Alès", 44.12489, 4.08082),
        ];
        data.venues = vec![Venue {
            address: Some("Place de la Mairie, 30140 Anduze".into()),
            ..testing::venue("anduze-mediatheque", "Médiathèque d'Anduze", "anduze")
        }];
        let person = |id: &str, name: &str, village: &str| Participant {
            email: Some(format!("{id}@example.org")),
            ..testing::participant(id, name, village)
        };
        data.participants = vec![
            person("noemie", "Noémie", "ales"),
            person("francois", "François", "ales"),
            person("gaetan", "Gaëtan", "anduze"),
        ];
        // François agreed to be named for car-sharing; Noémie did not.
        data.participants[1].carpool = true;
        data
    }

    /// The message `data.participants[who]` gets, composed on 20 November.
    fn try_compose(
        composer: &Composer,
        data: &Dataset,
        event: &Event,
        who: usize,
        kind: Kind,
        offset: Option<(&str, chrono::Duration)>,
    ) -> Result<Composed> {
        let now = "2026-11-20T09:00:00Z".parse().unwrap();
        composer.compose(data, event, &data.participants[who], kind, offset, now)
    }

    fn event() -> Event {
        Event {
            id: "2026-12-03-anduze".into(),
            date: crate::model::parse_local_datetime("2026-12-03T18:30").unwrap(),
            venue: "anduze-mediatheque".into(),
            theme: Some("Le télétravail, ça marche ?".into()),
            status: Status::Planned,
            invited: vec!["noemie".into(), "francois".into(), "gaetan".into()],
            attended: vec![],
            rsvp: Default::default(),
            sequence: 0,
            cancel_reason: None,
            previous_date: None,
        }
    }

    #[test]
    fn one_message_that_cannot_be_composed_never_stops_the_others() {
        let mut data = dataset();
        // Data that `check` refuses, here as if it had slipped through.
        data.participants[0].name = "Eve\r\nBcc: victim@evil.org".into();
        data.participants[1].email = Some("\"a,b>c\"@example.org".into());
        let composer = Composer::new(&data.config, vec![]).unwrap();
        let now = "2026-11-20T09:00:00Z".parse().unwrap();
        let mut batch = crate::mail::session::Batch::default();
        for participant in &data.participants {
            batch
                .compose(
                    &composer,
                    &data,
                    &event(),
                    participant,
                    Kind::Invitation,
                    None,
                    now,
                )
                .unwrap();
        }
        let sent: Vec<&str> = batch
            .messages
            .iter()
            .map(|m| m.participant.as_str())
            .collect();
        assert_eq!(sent, ["gaetan"]);
        let failed: Vec<&str> = batch
            .unsendable
            .iter()
            .map(|d| d.participant.as_str())
            .collect();
        assert_eq!(failed, ["noemie", "francois"]);
        assert!(batch
            .unsendable
            .iter()
            .all(|d| d.status == crate::mail::send::DeliveryStatus::Failed
                && d.error.as_deref().is_some_and(|e| !e.is_empty())));
    }

    /// Found by the `mail` fuzz target (fuzz/regressions/mail/): a name
    /// with a control character made the mail library panic, caught only by
    /// the batch. The composer refuses it with an error instead.
    #[test]
    fn a_recipient_the_mail_library_cannot_format_is_an_error_not_a_panic() {
        let mut data = dataset();
        data.participants[0].name = "\u{1}\nO/".into();
        data.participants[0].email = Some("/LMMMMR@MMOM".into());
        let composer = Composer::new(&data.config, vec![]).unwrap();
        let composed = try_compose(&composer, &data, &event(), 0, Kind::Invitation, None);
        let error = composed.expect_err("an error").to_string();
        assert!(error.contains("/LMMMMR@MMOM"), "{error}");
    }

    #[test]
    fn an_invitation_is_personal_and_complete() {
        let data = dataset();
        let composer = Composer::new(&data.config, vec![]).unwrap();
        let m = try_compose(&composer, &data, &event(), 0, Kind::Invitation, None).unwrap();
        assert_eq!(m.subject, "Jelly à Anduze, jeudi 3 décembre 2026 à 18:30");
        assert!(m.text.starts_with("Bonjour Noémie,"), "{}", m.text);
        assert!(m
            .text
            .contains("Médiathèque d'Anduze, Place de la Mairie, 30140 Anduze"));
        assert!(m.text.contains("« Le télétravail, ça marche ? »"));
        // Alès → Anduze: ~10.9 km × 1.3 ≈ 14 km.
        assert!(m.text.contains("environ 14 km depuis Alès"), "{}", m.text);
        assert!(m
            .text
            .contains("Covoiturage : François vient aussi d'Alès."));
        let to_francois =
            try_compose(&composer, &data, &event(), 1, Kind::Invitation, None).unwrap();
        assert!(
            !to_francois.text.contains("Covoiturage") && !to_francois.text.contains("Noémie"),
            "Noémie did not agree to be named: {}",
            to_francois.text
        );
        assert!(m.text.contains("Vous recevez ce message parce que"));
        assert!(m.html.contains("Médiathèque d&#x27;Anduze"), "{}", m.html);
        let ics = m.ics.unwrap();
        assert!(ics.contains("METHOD:REQUEST"));
        assert!(ics.contains("DTSTART:20261203T173000Z"));
        let raw = String::from_utf8(m.bytes).unwrap();
        assert!(raw.is_ascii(), "the MIME text is 7-bit clean");
        assert!(raw.contains("List-Unsubscribe: <mailto:contact@example.org?subject=unsubscribe>"));
        assert!(raw.contains("List-Id: <jelly.example.org>"));
        assert!(raw.contains("multipart/mixed"));
        assert!(raw.contains("multipart/alternative"));
        assert!(raw.contains("text/calendar; charset=utf-8; method=REQUEST"));
        assert!(raw.contains("invite.ics"));
        assert!(raw.contains(&format!("Message-ID: {}", m.message_id)));
    }

    #[test]
    fn overrides_replace_the_built_in_templates() {
        let data = dataset();
        let composer = Composer::new(
            &data.config,
            vec![("fr/subject.txt".into(), "Coucou {{ name }} !".into())],
        )
        .unwrap();
        let offset = Some(("1d", chrono::Duration::days(1)));
        let m = try_compose(&composer, &data, &event(), 2, Kind::Reminder, offset).unwrap();
        assert_eq!(m.subject, "Coucou Gaëtan !");
        assert!(m.text.contains("c'est demain"), "{}", m.text);
        let ics = m.ics.unwrap();
        assert!(ics.contains("METHOD:REQUEST") && ics.contains("UID:2026-12-03-anduze@"));
        // Gaëtan lives in Anduze, where the session is.
        assert!(m.text.contains("dans votre village"), "{}", m.text);
        assert!(!m.text.contains("0 km"), "{}", m.text);
        assert!(!m.text.contains("Covoiturage"));
    }

    #[test]
    fn english_dates_and_cancellations() {
        let mut data = dataset();
        data.config.association.language = Lang::En;
        let composer = Composer::new(&data.config, vec![]).unwrap();
        let mut e = event();
        e.status = Status::Cancelled;
        e.sequence = 1;
        e.cancel_reason = Some("salle indisponible".into());
        let m = try_compose(&composer, &data, &e, 1, Kind::Cancellation, None).unwrap();
        assert!(m
            .subject
            .starts_with("Cancelled: Jelly in Anduze, Thursday 3 December 2026"));
        assert!(m.text.contains("Reason: salle indisponible"));
        let ics = m.ics.unwrap();
        assert!(
            ics.contains("METHOD:CANCEL")
                && ics.contains("STATUS:CANCELLED")
                && ics.contains("SEQUENCE:1")
        );
    }
}
