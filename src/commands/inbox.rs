//! `jelly inbox [--dry-run]`, for cron: read the association's mailbox
//! (`[inbox]` of jelly.toml: IMAP or a Maildir) and act on what comes back.
//! A calendar REPLY becomes the person's answer (as `jelly rsvp` records
//! it), a hard bounce `bounced = DATE` on the participant, an unsubscribe
//! request `mail = false`; auto-replies are ignored; everything else is
//! listed for a person. Under the data directory's lock: the data is
//! written, then the journal of handled messages, then the handled messages
//! are moved out of the inbox. Silent when there is nothing new.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::inbox::answer_link::{self, Scan};
use crate::inbox::parse::{self, Kind, Parsed, Why};
use crate::inbox::{imap::ImapBox, journal, maildir::MaildirBox, Mailbox};
use crate::model::{Answer, Dataset, Status};
use crate::output::{self, Output};
use crate::store::edit::EditableFile;
use crate::store::event_file::EventFile;
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show what would be recorded; write nothing, move nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Serialize, Default)]
pub struct Report {
    pub rsvp: Vec<RsvpLine>,
    pub bounced: Vec<BouncedLine>,
    pub unsubscribed: Vec<UnsubscribedLine>,
    pub needs_a_person: Vec<PersonLine>,
    /// Poll votes from one-click links.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub votes: Vec<super::inbox_links::VoteLine>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dry_run: bool,
}

#[derive(Debug, Serialize, Clone)]
pub struct RsvpLine {
    pub event: String,
    pub participant: String,
    pub answer: Answer,
    #[serde(serialize_with = "crate::rotation::serialize_datetime")]
    pub at: NaiveDateTime,
    /// The reply answered an older version of the invitation (its SEQUENCE
    /// is below the session's): it counts, but the person may not know the
    /// new date or place.
    pub outdated: bool,
    /// false when a later answer was already recorded (kept).
    pub recorded: bool,
    /// The answer came from a one-click link from another address than
    /// the person's (people answer from their phone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_other_address: Option<String>,
}

#[derive(Debug, Serialize, Clone)]
pub struct BouncedLine {
    pub participant: String,
    pub address: String,
    pub date: NaiveDate,
    pub status: String,
}

#[derive(Debug, Serialize, Clone)]
pub struct UnsubscribedLine {
    pub participant: String,
    pub address: String,
}

#[derive(Debug, Serialize, Clone)]
pub struct PersonLine {
    pub date: Option<String>,
    pub from: Option<String>,
    pub subject: String,
    /// human, counter, unknown_session, cancelled_session, unknown_sender,
    /// unclear_answer, bad_calendar, other_method, unknown_recipient,
    /// soft_failure, unreadable.
    pub why: &'static str,
}

/// What one message leads to.
enum Action {
    Rsvp {
        event: String,
        participant: String,
        answer: Answer,
        at: NaiveDateTime,
        outdated: bool,
    },
    /// A reply from a one-click answer link (see `inbox_links`).
    Links {
        answers: Vec<crate::inbox::answer_link::SessionAnswer>,
        votes: Vec<crate::inbox::answer_link::PollVote>,
        other_address: Option<String>,
        at: NaiveDateTime,
    },
    Bounce(Vec<BouncedLine>),
    Unsubscribe(UnsubscribedLine),
    Ignore,
    Person(&'static str),
}

impl Action {
    /// The journal's word for it; messages that led to data are moved.
    fn outcome(&self) -> &'static str {
        match self {
            Action::Rsvp { .. } | Action::Links { .. } => "rsvp",
            Action::Bounce(_) => "bounced",
            Action::Unsubscribe(_) => "unsubscribed",
            Action::Ignore => "ignored",
            Action::Person(_) => "needs_a_person",
        }
    }
}

fn is_moved(outcome: &str) -> bool {
    matches!(outcome, "rsvp" | "bounced" | "unsubscribed")
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    // Held for the whole run: a second `jelly inbox` (two cron jobs
    // overlapping) waits, then finds every message in the journal.
    let _lock = if args.dry_run {
        None
    } else {
        Some(ctx.dir.lock()?)
    };
    let data = ctx.load()?;
    let settings = &data.config.inbox;
    let mut mailbox = open(ctx, &data)?;
    let journal_path = ctx.dir.resolve("inbox.journal");
    let mut handled = journal::read(&journal_path)?;

    let listed = mailbox.list()?;
    let mut to_move: Vec<String> = Vec::new();
    let mut to_fetch = Vec::new();
    for item in &listed {
        match item.message_id.as_ref().and_then(|id| handled.get(id)) {
            Some(outcome) if is_moved(outcome) => to_move.push(item.id.clone()),
            Some(_) => {}
            None => to_fetch.push(item.id.clone()),
        }
    }
    let fetched = mailbox.fetch(&to_fetch)?;
    let received = mailbox.received(&to_fetch)?;
    let links = super::inbox_links::Links::load(ctx)?;
    let mut parsed: Vec<(String, Parsed, Scan)> = {
        use rayon::prelude::*;
        fetched
            .par_iter()
            .map(|(id, raw)| (id.clone(), parse::parse(raw), answer_link::scan(raw)))
            .collect()
    };
    // Oldest first, so that the last answer wins: by when the server
    // received them when it says so.
    let when = |id: &String, message: &Parsed| received.get(id).copied().or(message.date);
    parsed.sort_by(|a, b| (when(&a.0, &a.1), &a.1.key).cmp(&(when(&b.0, &b.1), &b.1.key)));

    let resolver = Resolver::new(ctx, &data);
    let mut report = Report {
        dry_run: args.dry_run,
        ..Report::default()
    };
    let mut new_entries: Vec<(String, &'static str)> = Vec::new();
    let mut seen_now = HashSet::new();
    let mut rsvps: Vec<RsvpLine> = Vec::new();
    let mut votes: Vec<super::inbox_links::VoteLine> = Vec::new();
    for (id, message, scan) in &parsed {
        if let Some(outcome) = handled.get(&message.key) {
            if is_moved(outcome) {
                to_move.push(id.clone());
            }
            continue;
        }
        let link_action = match message.kind {
            Kind::Other(_) => links.action(&data, scan, message.from.as_deref()),
            _ => None,
        };
        let action = match link_action {
            Some(super::inbox_links::LinkAction::Record {
                answers,
                votes,
                other_address,
            }) => Action::Links {
                answers,
                votes,
                other_address,
                at: resolver.received_at(received.get(id).copied(), message),
            },
            Some(super::inbox_links::LinkAction::Person(why)) => Action::Person(why),
            None => resolver.resolve(message),
        };
        let outcome = action.outcome();
        if is_moved(outcome) {
            to_move.push(id.clone());
        }
        if seen_now.insert(message.key.clone()) {
            new_entries.push((message.key.clone(), outcome));
        } else {
            continue; // the same message twice in the folder: handled once
        }
        match action {
            Action::Rsvp {
                event,
                participant,
                answer,
                at,
                outdated,
            } => rsvps.push(RsvpLine {
                event,
                participant,
                answer,
                at,
                outdated,
                recorded: true,
                from_other_address: None,
            }),
            Action::Links {
                answers,
                votes: link_votes,
                other_address,
                at,
            } => {
                rsvps.extend(answers.into_iter().map(|a| RsvpLine {
                    event: a.event,
                    participant: a.participant,
                    answer: a.answer,
                    at,
                    outdated: false,
                    recorded: true,
                    from_other_address: other_address.clone(),
                }));
                votes.extend(
                    link_votes
                        .into_iter()
                        .map(|v| super::inbox_links::VoteLine {
                            poll: v.poll,
                            participant: v.participant,
                            option: v.option,
                            vote: v.vote,
                            at,
                            from_other_address: other_address.clone(),
                            recorded: true,
                        }),
                );
            }
            Action::Bounce(lines) => report.bounced.extend(lines),
            Action::Unsubscribe(line) => report.unsubscribed.push(line),
            Action::Ignore => {}
            Action::Person(why) => report.needs_a_person.push(PersonLine {
                date: message
                    .date
                    .map(|d| local(ctx, d).format("%Y-%m-%d %H:%M").to_string()),
                from: message.from.clone(),
                subject: message.subject.clone(),
                why,
            }),
        }
    }
    report.rsvp = settle_rsvps(&data, rsvps);
    report.votes = links.settle(votes);
    // Each participant once, even if several bounces named them.
    let mut seen = HashSet::new();
    report
        .bounced
        .retain(|b| seen.insert(b.participant.clone()));
    let mut seen = HashSet::new();
    report
        .unsubscribed
        .retain(|u| seen.insert(u.participant.clone()));

    if !args.dry_run {
        write_rsvps(ctx, &report.rsvp)?;
        super::inbox_links::write_votes(ctx, &report.votes)?;
        write_participants(ctx, &data, &report.bounced, &report.unsubscribed)?;
        journal::append(&journal_path, &new_entries, ctx.now_utc)?;
        for (key, outcome) in new_entries {
            handled.insert(key, outcome.to_string());
        }
        if std::env::var_os("JELLY_INBOX_TEST_CRASH_BEFORE_MOVE").is_some() {
            // Test hook: die the way a killed process would, after the data
            // and the journal are on disk and before the messages move.
            std::process::exit(101);
        }
        if let Err(e) = mailbox.done(&to_move) {
            mailbox.close();
            return Err(Error::runtime(t!(
                lang,
                "inbox-move-failed",
                error = e.to_string(),
                folder = settings.done_folder.as_str()
            )));
        }
    }
    mailbox.close();
    if report.rsvp.is_empty()
        && report.bounced.is_empty()
        && report.unsubscribed.is_empty()
        && report.needs_a_person.is_empty()
        && report.votes.is_empty()
    {
        return Ok(Output::empty());
    }
    let text = render(ctx, &data, &report);
    Output::new(&report, text)
}

/// The mailbox `[inbox]` names.
fn open(ctx: &Context, data: &Dataset) -> Result<Box<dyn Mailbox>> {
    let lang = ctx.lang;
    let settings = &data.config.inbox;
    if let Some(path) = &settings.maildir {
        return Ok(Box::new(MaildirBox::open(ctx.dir.resolve(path))?));
    }
    let Some(url) = &settings.imap_url else {
        return Err(Error::usage(t!(lang, "inbox-not-configured")));
    };
    let username = settings
        .username
        .clone()
        .or_else(|| data.config.mail.username.clone())
        .ok_or_else(|| Error::usage(t!(lang, "inbox-no-username")))?;
    let password = password(ctx, data, &username)?;
    // `[inbox] ca_file`, else `[mail] ca_file` (the data-format's default).
    let ca_file: Option<PathBuf> = settings
        .ca_file
        .as_deref()
        .or(data.config.mail.ca_file.as_deref())
        .map(|p| ctx.dir.resolve(p));
    Ok(Box::new(ImapBox::connect(
        url,
        &username,
        &password,
        &settings.folder,
        &settings.done_folder,
        ca_file.as_deref(),
    )?))
}

/// `$JELLY_IMAP_PASSWORD`, else `[inbox] password_command`, else the
/// `[mail]` one when it is the same account.
fn password(ctx: &Context, data: &Dataset, username: &str) -> Result<String> {
    if let Ok(password) = std::env::var("JELLY_IMAP_PASSWORD") {
        if !password.is_empty() {
            return Ok(password);
        }
    }
    let mail = &data.config.mail;
    let command = data.config.inbox.password_command.as_ref().or_else(|| {
        mail.password_command
            .as_ref()
            .filter(|_| mail.username.as_deref().is_none_or(|u| u == username))
    });
    match command {
        Some(command) => crate::mail::transport::password_from_command(command, ctx.lang),
        None => Err(Error::usage(t!(ctx.lang, "inbox-no-password"))),
    }
}

fn local(ctx: &Context, at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&ctx.config.association.timezone)
        .naive_local()
}

/// Matches messages with the association's sessions and people.
struct Resolver<'a> {
    ctx: &'a Context,
    data: &'a Dataset,
    by_email: HashMap<String, &'a str>,
    domain: String,
}

impl<'a> Resolver<'a> {
    fn new(ctx: &'a Context, data: &'a Dataset) -> Self {
        let by_email = data
            .participants
            .iter()
            .filter_map(|p| {
                p.email
                    .as_ref()
                    .map(|e| (e.trim().to_lowercase(), p.id.as_str()))
            })
            .collect();
        let from = &data.config.mail.from;
        let address = from
            .rsplit_once('<')
            .map_or(from.as_str(), |(_, a)| a.trim_end_matches('>'));
        let domain = address
            .rsplit_once('@')
            .map(|(_, d)| d.trim().to_lowercase())
            .unwrap_or_default();
        Resolver {
            ctx,
            data,
            by_email,
            domain,
        }
    }

    fn person(&self, address: &str) -> Option<&'a str> {
        self.by_email.get(address).copied()
    }

    /// When the server received the message, else its Date, else now.
    fn received_at(&self, received: Option<DateTime<Utc>>, message: &Parsed) -> NaiveDateTime {
        use chrono::Timelike;
        let at = match received.or(message.date) {
            Some(date) => local(self.ctx, date),
            None => self.ctx.now,
        };
        at.with_nanosecond(0).unwrap_or(at)
    }

    fn at(&self, message: &Parsed) -> NaiveDateTime {
        use chrono::Timelike;
        let at = match message.date {
            Some(date) => local(self.ctx, date),
            None => self.ctx.now,
        };
        at.with_nanosecond(0).unwrap_or(at)
    }

    fn resolve(&self, message: &Parsed) -> Action {
        match &message.kind {
            Kind::Reply(reply) => {
                let Some(event) = reply
                    .uid
                    .rsplit_once('@')
                    .filter(|(_, domain)| domain.eq_ignore_ascii_case(&self.domain))
                    .and_then(|(id, _)| self.data.event(id))
                else {
                    return Action::Person("unknown_session");
                };
                if event.status == Status::Cancelled {
                    return Action::Person("cancelled_session");
                }
                // The ATTENDEE who is one of ours; else the sender, when the
                // reply names a single attendee (an alias answering).
                let found = reply
                    .attendees
                    .iter()
                    .find_map(|(address, partstat)| self.person(address).map(|p| (p, partstat)))
                    .or_else(|| match (&message.from, reply.attendees.as_slice()) {
                        (Some(from), [(_, partstat)]) => self.person(from).map(|p| (p, partstat)),
                        _ => None,
                    });
                let Some((participant, partstat)) = found else {
                    return Action::Person("unknown_sender");
                };
                let answer = match partstat.as_str() {
                    "ACCEPTED" => Answer::Yes,
                    "DECLINED" => Answer::No,
                    "TENTATIVE" => Answer::Maybe,
                    _ => return Action::Person("unclear_answer"),
                };
                Action::Rsvp {
                    event: event.id.clone(),
                    participant: participant.to_string(),
                    answer,
                    at: self.at(message),
                    outdated: reply.sequence < event.sequence,
                }
            }
            Kind::Counter { .. } => Action::Person("counter"),
            Kind::Bounce(recipients) => {
                let hard: Vec<_> = recipients.iter().filter(|r| r.is_hard()).collect();
                if hard.is_empty() {
                    return if recipients.iter().all(|r| {
                        r.action == "delayed"
                            || r.action == "delivered"
                            || r.action == "relayed"
                            || r.action == "expanded"
                    }) {
                        Action::Ignore
                    } else {
                        Action::Person("soft_failure")
                    };
                }
                let date = self.at(message).date();
                let lines: Vec<BouncedLine> = hard
                    .iter()
                    .filter_map(|r| {
                        self.person(&r.address).map(|p| BouncedLine {
                            participant: p.to_string(),
                            address: r.address.clone(),
                            date,
                            status: r.status.clone(),
                        })
                    })
                    .collect();
                if lines.is_empty() {
                    Action::Person("unknown_recipient")
                } else {
                    Action::Bounce(lines)
                }
            }
            Kind::AutoReply => Action::Ignore,
            Kind::Unsubscribe => match message
                .from
                .as_deref()
                .and_then(|f| self.person(f).map(|p| (f, p)))
            {
                Some((address, participant)) => Action::Unsubscribe(UnsubscribedLine {
                    participant: participant.to_string(),
                    address: address.to_string(),
                }),
                None => Action::Person("unknown_sender"),
            },
            Kind::Other(why) => Action::Person(match why {
                Why::Human => "human",
                Why::BadCalendar => "bad_calendar",
                Why::OtherMethod => "other_method",
                Why::Unreadable => "unreadable",
            }),
        }
    }
}

/// One line per (session, person): the latest reply; `recorded` is false
/// when the session file already holds a later answer.
fn settle_rsvps(data: &Dataset, rsvps: Vec<RsvpLine>) -> Vec<RsvpLine> {
    let mut latest: BTreeMap<(String, String), RsvpLine> = BTreeMap::new();
    for line in rsvps {
        let key = (line.event.clone(), line.participant.clone());
        match latest.get(&key) {
            Some(existing) if existing.at > line.at => {}
            _ => {
                latest.insert(key, line);
            }
        }
    }
    latest
        .into_values()
        .map(|mut line| {
            let earlier = data
                .event(&line.event)
                .and_then(|e| e.rsvp.get(&line.participant))
                .and_then(|r| r.at);
            if earlier.is_some_and(|at| at > line.at) {
                line.recorded = false;
            }
            line
        })
        .collect()
}

/// Each session file touched once, through `jelly rsvp`'s own edit.
fn write_rsvps(ctx: &Context, rsvps: &[RsvpLine]) -> Result<()> {
    let mut by_event: BTreeMap<&str, Vec<&RsvpLine>> = BTreeMap::new();
    for line in rsvps.iter().filter(|l| l.recorded) {
        by_event.entry(&line.event).or_default().push(line);
    }
    for (event, lines) in by_event {
        let mut file = EventFile::open(&ctx.dir.event(event))?;
        for line in lines {
            file.set_rsvp(ctx.lang, &line.participant, line.answer, line.at)?;
        }
        file.save()?;
    }
    Ok(())
}

/// `bounced = DATE` and `mail = false` in participants.toml, comments kept.
fn write_participants(
    ctx: &Context,
    data: &Dataset,
    bounced: &[BouncedLine],
    unsubscribed: &[UnsubscribedLine],
) -> Result<()> {
    let bounced: Vec<&BouncedLine> = bounced
        .iter()
        .filter(|b| {
            data.participant(&b.participant)
                .is_some_and(|p| p.bounced.is_none())
        })
        .collect();
    let unsubscribed: Vec<&UnsubscribedLine> = unsubscribed
        .iter()
        .filter(|u| data.participant(&u.participant).is_some_and(|p| p.mail))
        .collect();
    if bounced.is_empty() && unsubscribed.is_empty() {
        return Ok(());
    }
    let mut file = EditableFile::open(&ctx.dir.participants())?;
    let Some(people) = file
        .doc
        .get_mut("participant")
        .and_then(|item| item.as_array_of_tables_mut())
    else {
        return Err(Error::runtime(format!(
            "{}: [[participant]]",
            ctx.dir.participants().display()
        )));
    };
    for person in people.iter_mut() {
        let Some(id) = person
            .get("id")
            .and_then(|v| v.as_str())
            .map(str::to_string)
        else {
            continue;
        };
        if let Some(b) = bounced.iter().find(|b| b.participant == id) {
            let date: toml_edit::Datetime = b
                .date
                .format("%Y-%m-%d")
                .to_string()
                .parse()
                .expect("a formatted date parses");
            person.insert("bounced", toml_edit::value(date));
        }
        if unsubscribed.iter().any(|u| u.participant == id) {
            person.insert("mail", toml_edit::value(false));
        }
    }
    file.save()
}

fn render(ctx: &Context, data: &Dataset, report: &Report) -> String {
    let lang = ctx.lang;
    let name = |id: &str| {
        data.participant(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    };
    let headers = |keys: &[&str]| crate::output::headers(lang, keys);
    let mut text = String::new();
    if report.dry_run {
        text.push_str(&t!(lang, "inbox-dry-run"));
        text.push('\n');
    }
    if !report.rsvp.is_empty() {
        text.push_str(&t!(lang, "inbox-title-rsvp", count = report.rsvp.len()));
        text.push('\n');
        let mut table = output::table(headers(&[
            "inbox-col-event",
            "inbox-col-participant",
            "inbox-col-answer",
            "inbox-col-at",
            "inbox-col-note",
        ]));
        for line in &report.rsvp {
            let mut notes = Vec::new();
            if line.outdated {
                notes.push(t!(lang, "inbox-note-outdated"));
            }
            if let Some(address) = &line.from_other_address {
                notes.push(t!(lang, "inbox-note-other-address", address = address));
            }
            if !line.recorded {
                notes.push(t!(lang, "inbox-note-later-kept"));
            }
            table.add_row(vec![
                line.event.clone(),
                name(&line.participant),
                t!(lang, &format!("rsvp-answer-{}", line.answer.as_str())),
                line.at.format("%Y-%m-%d %H:%M").to_string(),
                notes.join(" ; "),
            ]);
        }
        text.push_str(&table.to_string());
        text.push('\n');
    }
    text.push_str(&super::inbox_links::render_votes(ctx, data, &report.votes));
    if !report.bounced.is_empty() {
        text.push_str(&t!(
            lang,
            "inbox-title-bounced",
            count = report.bounced.len()
        ));
        text.push('\n');
        let mut table = output::table(headers(&[
            "inbox-col-participant",
            "inbox-col-address",
            "inbox-col-date",
            "inbox-col-status",
        ]));
        for line in &report.bounced {
            table.add_row(vec![
                name(&line.participant),
                line.address.clone(),
                line.date.to_string(),
                line.status.clone(),
            ]);
        }
        text.push_str(&table.to_string());
        text.push('\n');
    }
    if !report.unsubscribed.is_empty() {
        text.push_str(&t!(
            lang,
            "inbox-title-unsubscribed",
            count = report.unsubscribed.len()
        ));
        text.push('\n');
        let mut table = output::table(headers(&["inbox-col-participant", "inbox-col-address"]));
        for line in &report.unsubscribed {
            table.add_row(vec![name(&line.participant), line.address.clone()]);
        }
        text.push_str(&table.to_string());
        text.push('\n');
    }
    if !report.needs_a_person.is_empty() {
        text.push_str(&t!(
            lang,
            "inbox-title-person",
            count = report.needs_a_person.len()
        ));
        text.push('\n');
        let mut table = output::table(headers(&[
            "inbox-col-date",
            "inbox-col-from",
            "inbox-col-subject",
            "inbox-col-why",
        ]));
        for line in &report.needs_a_person {
            table.add_row(vec![
                output::cell(line.date.as_ref()),
                output::cell(line.from.as_ref()),
                line.subject.clone(),
                t!(lang, &format!("inbox-why-{}", line.why.replace('_', "-"))),
            ]);
        }
        text.push_str(&table.to_string());
        text.push('\n');
    }
    text
}
