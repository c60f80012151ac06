//! `jelly inbox [--dry-run]`, for cron: read the association's mailbox
//! (`[inbox]` of jelly.toml: IMAP or a Maildir) and act on what comes back.
//! A calendar REPLY becomes the person's answer (as `jelly rsvp` records
//! it), a hard bounce `bounced = DATE` on the participant, an unsubscribe
//! request `mail = false`; auto-replies are ignored; everything else is
//! listed for a person. Who may change what is decided by
//! [`crate::inbox::authorise`]; the time recorded is when the association's
//! server received the message, never its `Date:`. Under the data
//! directory's lock: the data is written, then the journal of handled
//! messages, then the handled messages are moved out of the inbox. Silent
//! when there is nothing new.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;

use crate::context::Context;
use crate::error::shown;
use crate::error::{Error, Result};
use crate::inbox::answer_link::{self, Scan};
use crate::inbox::authorise::{authorise, SentMessages};
use crate::inbox::parse::{self, Kind, Parsed, Why};
use crate::inbox::{imap::ImapBox, journal, maildir::MaildirBox, Mailbox};
use crate::model::{Answer, Dataset, Participant, Status};
use crate::output::{self, Output};
use crate::store::edit::EditableFile;
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show what would be recorded; write nothing, move nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Record the calendar answer of this message (its Message-ID, as the
    /// list of messages for a person shows it) although it came from
    /// another address than the attendee's, and remember that address as
    /// one of theirs (`aliases`).
    #[arg(long, value_name = "MESSAGE-ID")]
    pub accept: Vec<String>,
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
    /// The sender's address, remembered in the participant's `aliases`
    /// (`--accept`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
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

/// A message for a person. Everything taken from the message (sender,
/// subject) is escaped and cut ([`shown`]).
#[derive(Debug, Serialize, Clone)]
pub struct PersonLine {
    /// When the server received it (local time).
    pub date: Option<String>,
    pub from: Option<String>,
    pub subject: String,
    /// human, counter, unknown_session, cancelled_session, past_session,
    /// unknown_sender, sender_not_attendee, other_attendees, unclear_answer,
    /// bad_calendar, other_method, unknown_recipient, unverified_bounce,
    /// not_hard_failure, soft_failure, unreadable, not_a_file, too_large,
    /// unreadable_file.
    pub why: &'static str,
    /// Its Message-ID (or jelly's key for it).
    pub message_id: String,
    /// The command that records it anyway, when a person may decide so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accept: Option<String>,
}

/// What one message leads to.
enum Action {
    Rsvp {
        event: String,
        participant: String,
        answer: Answer,
        at: NaiveDateTime,
        outdated: bool,
        alias: Option<String>,
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
    /// A sender who is not the attendee: `--accept` may record it.
    Acceptable,
}

impl Action {
    /// The journal's word for it; messages that led to data are moved.
    fn outcome(&self) -> &'static str {
        match self {
            Action::Rsvp { .. } | Action::Links { .. } => "rsvp",
            Action::Bounce(_) => "bounced",
            Action::Unsubscribe(_) => "unsubscribed",
            Action::Ignore => "ignored",
            Action::Person(_) | Action::Acceptable => "needs_a_person",
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
    let accepted: HashSet<&str> = args.accept.iter().map(|k| k.trim()).collect();
    let is_handled = |key: &str, handled: &HashMap<String, String>| {
        handled.contains_key(key) && !accepted.contains(key)
    };

    let listed = mailbox.list()?;
    let received: HashMap<&str, NaiveDateTime> = listed
        .iter()
        .map(|item| (item.id.as_str(), received_at(ctx, item.received)))
        .collect();
    let links = super::inbox_links::Links::load(ctx)?;
    let mut report = Report {
        dry_run: args.dry_run,
        ..Report::default()
    };
    let mut new_entries: Vec<(String, &'static str)> = Vec::new();
    let mut to_move: Vec<String> = Vec::new();
    let mut to_fetch = Vec::new();
    // A message that cannot be read is listed once (keyed by its place in
    // the mailbox) and skipped; the run goes on.
    let skip = |id: &str, why: &'static str, report: &mut Report, new_entries: &mut Vec<_>| {
        let key = format!("unreadable:{id}");
        if handled.contains_key(&key) {
            return;
        }
        report.needs_a_person.push(PersonLine {
            date: Some(format_local(received[id])),
            from: None,
            subject: shown(id),
            why,
            message_id: shown_key(&key),
            accept: None,
        });
        new_entries.push((key, "needs_a_person"));
    };
    for item in &listed {
        if let Some(why) = item.problem {
            skip(&item.id, why, &mut report, &mut new_entries);
            continue;
        }
        match item
            .message_id
            .as_ref()
            .filter(|id| is_handled(id, &handled))
        {
            Some(id) if item.seen || is_moved(&handled[id]) => to_move.push(item.id.clone()),
            Some(_) => {}
            None => to_fetch.push(item.id.clone()),
        }
    }
    let fetched = mailbox.fetch(&to_fetch)?;
    let mut parsed: Vec<(String, Parsed, Scan)> = Vec::new();
    for (id, bytes) in &fetched {
        if let Err(why) = bytes {
            skip(id, why, &mut report, &mut new_entries);
        }
    }
    {
        use rayon::prelude::*;
        parsed.par_extend(fetched.into_par_iter().filter_map(|(id, bytes)| {
            let bytes = bytes.ok()?;
            Some((id, parse::parse(&bytes), answer_link::scan(&bytes)))
        }));
    }
    // Oldest first (as the server received them), so that the last answer wins.
    parsed.sort_by(|a, b| {
        (received[a.0.as_str()], &a.1.key).cmp(&(received[b.0.as_str()], &b.1.key))
    });
    let seen_ids: HashSet<&str> = listed
        .iter()
        .filter(|l| l.seen)
        .map(|l| l.id.as_str())
        .collect();
    for key in &accepted {
        if !parsed.iter().any(|(_, m, _)| m.key == *key) {
            return Err(Error::usage(t!(
                lang,
                "boundary-accept-not-found",
                id = *key
            )));
        }
    }

    let resolver = Resolver::new(ctx, &data, &accepted);
    let mut seen_now = HashSet::new();
    let mut rsvps: Vec<RsvpLine> = Vec::new();
    let mut votes: Vec<super::inbox_links::VoteLine> = Vec::new();
    for (id, message, scan) in &parsed {
        // A message a mail program already opened is marked either way.
        let seen = seen_ids.contains(id.as_str());
        if is_handled(&message.key, &handled) {
            if seen || is_moved(&handled[&message.key]) {
                to_move.push(id.clone());
            }
            continue;
        }
        let at = received[id.as_str()];
        let link_action = match message.kind {
            Kind::Other(_) => links.action(&data, scan, message.from.as_deref()),
            _ => None,
        };
        let (action, note) = match link_action {
            Some(super::inbox_links::LinkAction::Record {
                answers,
                votes,
                other_address,
            }) => (
                Action::Links {
                    answers,
                    votes,
                    other_address,
                    at,
                },
                None,
            ),
            Some(super::inbox_links::LinkAction::Person(why)) => (Action::Person(why), None),
            None => resolver.resolve(message, at),
        };
        let outcome = action.outcome();
        if seen || is_moved(outcome) {
            to_move.push(id.clone());
        }
        if seen_now.insert(message.key.clone()) {
            new_entries.push((message.key.clone(), outcome));
        } else {
            continue; // the same message twice in the folder: handled once
        }
        let person = |why: &'static str, accept: Option<String>| PersonLine {
            date: Some(format_local(at)),
            from: message.from.as_deref().map(shown),
            subject: shown(&message.subject),
            why,
            message_id: shown_key(&message.key),
            accept,
        };
        if let Some(why) = note {
            report.needs_a_person.push(person(why, None));
        }
        match action {
            Action::Rsvp {
                event,
                participant,
                answer,
                at,
                outdated,
                alias,
            } => rsvps.push(RsvpLine {
                event,
                participant,
                answer,
                at,
                outdated,
                recorded: true,
                alias,
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
                    alias: None,
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
            Action::Person(why) => report.needs_a_person.push(person(why, None)),
            Action::Acceptable => {
                // A key a shell can take whole between single quotes.
                let command = (message.key.len() <= 998 && !message.key.contains('\''))
                    .then(|| format!("jelly inbox --accept '{}'", message.key));
                report
                    .needs_a_person
                    .push(person("sender_not_attendee", command));
            }
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
        write_rsvps(ctx, &data, &report.rsvp)?;
        super::inbox_links::write_votes(ctx, &report.votes)?;
        write_participants(ctx, &data, &report)?;
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
    let mut text = render(ctx, &data, &report);
    let mut exit_code = 0;
    if !args.dry_run {
        let (sent, code) = send_waitlist_messages(ctx, &report.rsvp)?;
        text.push_str(&sent);
        exit_code = code;
    }
    Ok(Output::new(&report, text)?.with_exit_code(exit_code))
}

/// When the association's server received a message, in local time to
/// the second: the mailbox's word for it when it is not in the future,
/// else now (jelly's clock). Never the sender's `Date:`.
fn received_at(ctx: &Context, received: Option<DateTime<Utc>>) -> NaiveDateTime {
    use chrono::Timelike;
    let at = received
        .filter(|at| *at <= ctx.now_utc)
        .map_or(ctx.now, |at| local(ctx, at));
    at.with_nanosecond(0).unwrap_or(at)
}

/// A message's key as shown: whole (it is what `--accept` takes) unless
/// longer than a mail header line may be, escaped either way.
fn shown_key(key: &str) -> String {
    if key.len() <= 998 {
        crate::error::escaped(key)
    } else {
        shown(key)
    }
}

fn format_local(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
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
    /// Who each address is, aliases included (see `crate::identity`).
    people: crate::identity::AddressBook<'a>,
    sent: SentMessages,
    domain: String,
    accepted: &'a HashSet<&'a str>,
}

impl<'a> Resolver<'a> {
    fn new(ctx: &'a Context, data: &'a Dataset, accepted: &'a HashSet<&'a str>) -> Self {
        let people = crate::identity::AddressBook::new(&data.participants);
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
            people,
            sent: SentMessages::load(&ctx.dir, data),
            domain,
            accepted,
        }
    }

    fn person(&self, address: &str) -> Option<&'a Participant> {
        self.people.owner(address)
    }

    /// What `message`, received at `at`, leads to; and a second note for a
    /// person about the same message (other attendees not recorded).
    fn resolve(&self, message: &Parsed, at: NaiveDateTime) -> (Action, Option<&'static str>) {
        match &message.kind {
            Kind::Reply(reply) => self.reply(message, reply, at),
            Kind::Counter { .. } => (Action::Person("counter"), None),
            Kind::Bounce(bounce) => (self.bounce(bounce, at), None),
            Kind::AutoReply => (Action::Ignore, None),
            Kind::Unsubscribe => {
                let action = match message
                    .from
                    .as_deref()
                    .and_then(|f| self.person(f).map(|p| (f, p)))
                {
                    Some((address, participant)) if authorise(Some(address), participant) => {
                        Action::Unsubscribe(UnsubscribedLine {
                            participant: participant.id.clone(),
                            address: address.to_string(),
                        })
                    }
                    _ => Action::Person("unknown_sender"),
                };
                (action, None)
            }
            Kind::Other(why) => (
                Action::Person(match why {
                    Why::Human => "human",
                    Why::BadCalendar => "bad_calendar",
                    Why::OtherMethod => "other_method",
                    Why::Unreadable => "unreadable",
                }),
                None,
            ),
        }
    }

    /// A calendar answer changes only the sender's own answer, to a
    /// session still to come.
    fn reply(
        &self,
        message: &Parsed,
        reply: &parse::Reply,
        at: NaiveDateTime,
    ) -> (Action, Option<&'static str>) {
        let person = |why| (Action::Person(why), None);
        let Some(event) = reply
            .uid
            .rsplit_once('@')
            .filter(|(_, domain)| domain.eq_ignore_ascii_case(&self.domain))
            .and_then(|(id, _)| self.data.event(id))
        else {
            return person("unknown_session");
        };
        if event.status == Status::Cancelled {
            return person("cancelled_session");
        }
        // `jelly rsvp` refuses a past session without --force: so does mail.
        if event.status == Status::Held || event.date < self.ctx.now {
            return person("past_session");
        }
        // Our members among the attendees, each once.
        let mut ours: Vec<(&Participant, &str)> = Vec::new();
        for (address, partstat) in &reply.attendees {
            if let Some(p) = self.person(address) {
                if !ours.iter().any(|(o, _)| o.id == p.id) {
                    ours.push((p, partstat));
                }
            }
        }
        let from = message.from.as_deref();
        let sender = from.and_then(|f| self.person(f));
        let (participant, partstat, alias, others) =
            match ours.iter().position(|(p, _)| authorise(from, p)) {
                Some(i) => (ours[i].0, ours[i].1, None, ours.len() > 1),
                // The sender is one of ours answering for an address we do
                // not know (their calendar's own): theirs.
                None if ours.is_empty() && reply.attendees.len() == 1 => match sender {
                    Some(p) => (p, reply.attendees[0].1.as_str(), None, false),
                    None => return person("unknown_sender"),
                },
                None if ours.len() == 1 && sender.is_none() && from.is_some() => {
                    if !self.accepted.contains(message.key.as_str()) {
                        return (Action::Acceptable, None);
                    }
                    (ours[0].0, ours[0].1, from.map(str::to_string), false)
                }
                None if ours.is_empty() => return person("unknown_sender"),
                None => return person("sender_not_attendee"),
            };
        let answer = match partstat {
            "ACCEPTED" => Answer::Yes,
            "DECLINED" => Answer::No,
            "TENTATIVE" => Answer::Maybe,
            _ => return person("unclear_answer"),
        };
        (
            Action::Rsvp {
                event: event.id.clone(),
                participant: participant.id.clone(),
                answer,
                at,
                outdated: reply.sequence < event.sequence,
                alias,
            },
            others.then_some("other_attendees"),
        )
    }

    /// A delivery report marks an address `bounced` only for a hard
    /// failure (see [`parse::Recipient::is_hard`]) of a message jelly's
    /// journals record as sent to that address.
    fn bounce(&self, bounce: &parse::Bounce, at: NaiveDateTime) -> Action {
        let recipients = &bounce.recipients;
        let hard: Vec<_> = recipients.iter().filter(|r| r.is_hard()).collect();
        if hard.is_empty() {
            return if recipients.iter().all(|r| {
                matches!(
                    r.action.as_str(),
                    "delayed" | "delivered" | "relayed" | "expanded"
                )
            }) {
                Action::Ignore
            } else if recipients.iter().any(|r| r.is_permanent()) {
                Action::Person("not_hard_failure")
            } else {
                Action::Person("soft_failure")
            };
        }
        let ours: Vec<(&parse::Recipient, &Participant)> = hard
            .iter()
            .filter_map(|r| {
                self.person(&r.address)
                    .filter(|p| {
                        p.email
                            .as_deref()
                            .is_some_and(|e| e.trim().eq_ignore_ascii_case(&r.address))
                    })
                    .map(|p| (*r, p))
            })
            .collect();
        if ours.is_empty() {
            return Action::Person("unknown_recipient");
        }
        let lines: Vec<BouncedLine> = ours
            .iter()
            .filter(|(r, _)| self.sent.vouches(&bounce.original, &r.address))
            .map(|(r, p)| BouncedLine {
                participant: p.id.clone(),
                address: r.address.clone(),
                date: at.date(),
                status: r.status.clone(),
            })
            .collect();
        if lines.is_empty() {
            Action::Person("unverified_bounce")
        } else {
            Action::Bounce(lines)
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

/// Each session file touched once, through `jelly rsvp`'s own function
/// (the waiting list included).
fn write_rsvps(ctx: &Context, data: &Dataset, rsvps: &[RsvpLine]) -> Result<()> {
    let mut by_event: BTreeMap<&str, Vec<&RsvpLine>> = BTreeMap::new();
    for line in rsvps.iter().filter(|l| l.recorded) {
        by_event.entry(&line.event).or_default().push(line);
    }
    for (event, mut lines) in by_event {
        // In the order they were given: the waiting list's queue order.
        lines.sort_by_key(|l| l.at);
        let answers: Vec<_> = lines
            .iter()
            .map(|l| (l.participant.clone(), l.answer, l.at))
            .collect();
        crate::commands::rsvp::record_answers(ctx, data, event, &answers)?;
    }
    Ok(())
}

/// Sends what the waiting lists of the sessions answered owe.
fn send_waitlist_messages(ctx: &Context, rsvps: &[RsvpLine]) -> Result<(String, u8)> {
    let events: std::collections::BTreeSet<&str> = rsvps
        .iter()
        .filter(|l| l.recorded)
        .map(|l| l.event.as_str())
        .collect();
    let mut text = String::new();
    let mut exit_code = 0;
    for event in events {
        if let Some(sent) = crate::mail::waitlist::send_due(ctx, event)? {
            exit_code = exit_code.max(sent.exit_code);
            text.push('\n');
            text.push_str(&sent.text);
        }
    }
    Ok((text, exit_code))
}

/// `bounced = DATE`, `mail = false` and the aliases `--accept` taught, in
/// participants.toml, comments kept.
fn write_participants(ctx: &Context, data: &Dataset, report: &Report) -> Result<()> {
    let bounced: Vec<&BouncedLine> = report
        .bounced
        .iter()
        .filter(|b| {
            data.participant(&b.participant)
                .is_some_and(|p| p.bounced.is_none())
        })
        .collect();
    let unsubscribed: Vec<&UnsubscribedLine> = report
        .unsubscribed
        .iter()
        .filter(|u| data.participant(&u.participant).is_some_and(|p| p.mail))
        .collect();
    let aliases: Vec<(&str, &str)> = report
        .rsvp
        .iter()
        .filter_map(|r| r.alias.as_deref().map(|a| (r.participant.as_str(), a)))
        .collect();
    if bounced.is_empty() && unsubscribed.is_empty() && aliases.is_empty() {
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
        let new: Vec<&str> = aliases
            .iter()
            .filter(|(p, _)| *p == id)
            .map(|(_, a)| *a)
            .collect();
        if !new.is_empty() {
            let mut list = person
                .get("aliases")
                .and_then(|v| v.as_array())
                .cloned()
                .unwrap_or_default();
            for alias in new {
                if !list.iter().any(|v| v.as_str() == Some(alias)) {
                    list.push(alias);
                }
            }
            person.insert("aliases", toml_edit::value(list));
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
        for line in &report.needs_a_person {
            if let Some(command) = &line.accept {
                text.push_str(&t!(
                    lang,
                    "boundary-accept-hint",
                    from = output::cell(line.from.as_ref()),
                    command = crate::i18n::Raw(command)
                ));
                text.push('\n');
            }
        }
    }
    text
}
