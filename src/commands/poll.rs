//! `jelly poll new|send|remind|show|close`: choose the next session's date
//! by email. `new` writes `polls/<id>.toml`; `send` mails each active
//! member the options with one-click « Oui », « Si besoin », « Non » links
//! (journaled in `polls/<id>.journal` exactly like invitations); `jelly
//! inbox` records the votes; `show` counts them with each option's
//! expected turnout; `close` creates the session as `schedule` does, the
//! votes carried over as answers. The poll's file and tally are in
//! [`crate::poll`].

use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::number;
use crate::mail::compose::long_date;
use crate::mail::journal::{self, Kind, Outcome};
use crate::mail::session::{self, SkipReason, Skipped};
use crate::output::{self, Output};
use crate::poll::{self, tally, Poll, PollEdit, PollOption};
use crate::t;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Propose dates: writes polls/<id>.toml and prints its id.
    New(NewArgs),
    /// Email each active member the options with one-click answer links.
    Send(SendArgs),
    /// Remind the members who have not answered (once each).
    Remind(SendArgs),
    /// The votes per option, the expected turnout and the recommended option.
    Show(IdArgs),
    /// Create the session of the chosen option (default: the recommended one).
    Close(CloseArgs),
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// A date proposed (the association's local time); give it several times.
    #[arg(long = "date", value_name = "DT")]
    pub dates: Vec<String>,
    /// The venue of every option (default: `jelly next`'s choice for each date).
    #[arg(long, value_name = "ID")]
    pub venue: Option<String>,
    /// The session's theme.
    #[arg(long, value_name = "TEXT")]
    pub theme: Option<String>,
    /// Answers wanted by this date (said in the message).
    #[arg(long, value_name = "DATE")]
    pub close: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct SendArgs {
    /// The poll's id (its file name in polls/, without .toml).
    pub poll: String,
    /// Show the first message in full and the recipients; send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub struct IdArgs {
    /// The poll's id.
    pub poll: String,
}

#[derive(Debug, clap::Args)]
pub struct CloseArgs {
    /// The poll's id.
    pub poll: String,
    /// The option to hold (numbered from 1, as `poll show` lists them).
    #[arg(long, value_name = "N")]
    pub option: Option<u32>,
}

pub fn run(command: Command, ctx: &Context) -> Result<Output> {
    match command {
        Command::New(args) => new(args, ctx),
        Command::Send(args) => send(args, ctx, Kind::Poll),
        Command::Remind(args) => send(args, ctx, Kind::PollReminder),
        Command::Show(args) => show(args, ctx),
        Command::Close(args) => close(args, ctx),
    }
}

#[derive(Debug, Serialize)]
struct Created {
    id: String,
    options: Vec<PollOption>,
}

fn new(args: NewArgs, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    if args.dates.is_empty() {
        return Err(Error::usage(t!(lang, "poll-no-date")));
    }
    let mut dates = Vec::new();
    for text in &args.dates {
        let date = ctx.parse_datetime("--date", text)?;
        let shown = date.format("%Y-%m-%d %H:%M").to_string();
        if date < ctx.now {
            return Err(Error::usage(t!(
                lang,
                "poll-date-past",
                date = shown,
                now = ctx.now.format("%Y-%m-%d %H:%M")
            )));
        }
        if dates.contains(&date) {
            return Err(Error::usage(t!(lang, "poll-date-twice", date = shown)));
        }
        dates.push(date);
    }
    let close = match &args.close {
        Some(text) => {
            let close = ctx.parse_datetime("--close", text)?.date();
            let first = dates.iter().min().expect("at least one date");
            if close > first.date() {
                return Err(Error::usage(t!(
                    lang,
                    "poll-close-before",
                    close = close.format("%Y-%m-%d"),
                    first = first.format("%Y-%m-%d")
                )));
            }
            Some(close)
        }
        None => None,
    };
    if let Some(theme) = &args.theme {
        super::check_text_flag(ctx, "--theme", "theme", theme)?;
    }
    let data = ctx.load()?;
    if let Some(id) = &args.venue {
        if data.venue(id).is_none() {
            let ids: Vec<&str> = data.venues.iter().map(|v| v.id.as_str()).collect();
            return Err(super::unknown_ref(ctx, "--venue", "what-venue", id, &ids));
        }
    }
    let mut options = Vec::new();
    for date in dates {
        let venue = match &args.venue {
            Some(id) => id.clone(),
            None => {
                let ranking = crate::store::figures_cache::ranking(
                    &ctx.dir,
                    &data,
                    date,
                    data.config.rotation.objective,
                );
                ranking.choice.ok_or_else(|| {
                    Error::usage(t!(lang, "poll-no-venue", date = date.format("%Y-%m-%d")))
                })?
            }
        };
        options.push(PollOption { date, venue });
    }
    let _lock = ctx.dir.lock()?;
    let folder = poll::folder(&ctx.dir);
    std::fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
    let base = format!("poll-{}", options[0].date.format("%Y-%m-%d"));
    let id = crate::model::unique_slug(&base, |c| poll::path(&ctx.dir, c).exists());
    let heading = t!(lang, "poll-file-heading", id = id.as_str());
    let text = poll::new_text(&heading, args.theme.as_deref(), close, &options);
    crate::store::write_atomic(&poll::path(&ctx.dir, &id), text.as_bytes())?;
    ctx.note(&t!(
        lang,
        "poll-created",
        id = id.as_str(),
        count = options.len()
    ));
    Output::new(
        &Created {
            id: id.clone(),
            options,
        },
        format!("{id}\n"),
    )
}

/// Reads a poll or says which ones exist (exit 2).
fn find(ctx: &Context, id: &str) -> Result<Poll> {
    if crate::model::is_valid_id(id) {
        if let Some(poll) = poll::load(&ctx.dir, id)? {
            return Ok(poll);
        }
    }
    let all = poll::load_all(&ctx.dir).unwrap_or_default();
    let ids: Vec<&str> = all.iter().map(|p| p.id.as_str()).collect();
    let hint = match crate::store::schema::closest(id, ids.iter().copied()) {
        Some(s) => t!(ctx.lang, "err-unknown-ref-hint", suggestion = s),
        None => String::new(),
    };
    Err(Error::usage(format!(
        "{}{hint}",
        t!(ctx.lang, "poll-unknown", id = id)
    )))
}

fn refuse_closed(ctx: &Context, poll: &Poll) -> Result<()> {
    if poll.is_open() {
        return Ok(());
    }
    Err(Error::usage(t!(
        ctx.lang,
        "poll-closed-already",
        id = poll.id.as_str(),
        session = poll.file.session.clone().unwrap_or_default()
    )))
}

#[derive(Debug, Serialize)]
struct SendReport {
    poll: String,
    deliveries: Vec<crate::mail::send::Delivery>,
    skipped: Vec<Skipped>,
}

fn send(args: SendArgs, ctx: &Context, kind: Kind) -> Result<Output> {
    let lang = ctx.lang;
    let poll = find(ctx, &args.poll)?;
    refuse_closed(ctx, &poll)?;
    let data = ctx.load()?;
    let journal_path = poll::journal(&ctx.dir, &poll.id);
    let _send = if args.dry_run {
        None
    } else {
        let folder = poll::folder(&ctx.dir);
        Some(crate::store::Lock::acquire(
            &folder.join(format!(".{}.send.lock", poll.id)),
        )?)
    };
    let entries = journal::read(&journal_path)?;
    let sent = |participant: &str, kind: Kind| {
        entries
            .iter()
            .any(|e| e.participant == participant && e.kind == kind && e.outcome == Outcome::Sent)
    };
    let composer = session::composer(ctx, &data)?;
    let mut messages = Vec::new();
    let mut deliveries = Vec::new();
    let mut skipped = Vec::new();
    for person in data.participants.iter().filter(|p| p.active) {
        let id = &person.id;
        if let Some(reason) = session::no_mail_reason(person) {
            skipped.push(Skipped::new(id, reason));
            continue;
        }
        let due = match kind {
            Kind::PollReminder => {
                sent(id, Kind::Poll)
                    && !sent(id, Kind::PollReminder)
                    && poll.votes.get(id).is_none_or(|v| v.is_empty())
            }
            _ => !sent(id, Kind::Poll),
        };
        if !due {
            if kind == Kind::Poll {
                skipped.push(Skipped::new(id, SkipReason::AlreadySent));
            }
            continue;
        }
        match crate::mail::poll_message::compose(&composer, &data, &poll, person, kind, ctx.now_utc)
        {
            Ok(message) => messages.push(message),
            Err(e) => deliveries.push(crate::mail::send::Delivery {
                participant: id.clone(),
                email: person.email.clone().unwrap_or_default(),
                kind,
                offset: None,
                status: crate::mail::send::DeliveryStatus::Failed,
                message_id: None,
                error: Some(e.to_string()),
            }),
        }
    }
    if args.dry_run {
        return super::invite::dry_run(ctx, &messages, &skipped);
    }
    if messages.is_empty() && deliveries.is_empty() && kind == Kind::PollReminder {
        return Ok(Output::empty());
    }
    if !messages.is_empty() {
        let transport = crate::mail::transport::from_config(&ctx.dir, &data.config, lang)?;
        let options = crate::mail::send::Options {
            workers: data.config.mail.connections,
            progress: ctx.interactive && !ctx.quiet,
            ..Default::default()
        };
        let report = crate::mail::send::deliver(
            transport.as_ref(),
            &messages,
            &journal_path,
            &options,
            ctx.now_utc,
        )?;
        if let Some(reason) = &report.aborted {
            return Err(Error::runtime(t!(
                lang,
                "mail-aborted",
                reason = crate::i18n::Raw(crate::error::escaped(reason)),
                sent = report.count(crate::mail::send::DeliveryStatus::Sent),
                left = messages.len() - report.count(crate::mail::send::DeliveryStatus::Sent)
            )));
        }
        deliveries.extend(report.deliveries);
    }
    let count = |status| deliveries.iter().filter(|d| d.status == status).count();
    let failed = count(crate::mail::send::DeliveryStatus::Failed);
    let mut text = String::new();
    let mut table = output::table(output::headers(
        lang,
        &[
            "mail-col-participant",
            "mail-col-email",
            "mail-col-kind",
            "mail-col-result",
        ],
    ));
    for d in &deliveries {
        let result = match d.status {
            crate::mail::send::DeliveryStatus::Sent => t!(lang, "mail-result-sent"),
            crate::mail::send::DeliveryStatus::Failed => format!(
                "{} : {}",
                t!(lang, "mail-result-failed"),
                d.error.clone().unwrap_or_default()
            ),
            crate::mail::send::DeliveryStatus::NotSent => t!(lang, "mail-result-not-sent"),
        };
        let name = data
            .participant(&d.participant)
            .map_or(d.participant.clone(), |p| p.name.clone());
        table.add_row(vec![
            name,
            d.email.clone(),
            t!(lang, &format!("mail-kind-{}", d.kind.as_str())),
            result,
        ]);
    }
    if !deliveries.is_empty() {
        text.push_str(&table.to_string());
        text.push('\n');
    }
    text.push_str(&t!(
        lang,
        "poll-sent-totals",
        id = poll.id.as_str(),
        sent = count(crate::mail::send::DeliveryStatus::Sent),
        failed = failed,
        already = skipped
            .iter()
            .filter(|s| s.reason == SkipReason::AlreadySent)
            .count(),
        no_email = skipped
            .iter()
            .filter(|s| s.reason == SkipReason::NoEmail)
            .count()
    ));
    text.push('\n');
    text.push_str(&session::no_mail_note(lang, &skipped));
    let report = SendReport {
        poll: poll.id.clone(),
        deliveries,
        skipped,
    };
    Ok(Output::new(&report, text)?.with_exit_code(if failed > 0 { 1 } else { 0 }))
}

fn show(args: IdArgs, ctx: &Context) -> Result<Output> {
    let poll = find(ctx, &args.poll)?;
    let data = ctx.load()?;
    let tally = tally::tally(&data, &poll);
    let text = render(ctx, &data, &tally);
    // The process ends once the result is printed: freeing a national
    // network's 100,000 participants and 60,000 votes one by one would
    // only add time (as in `next`).
    std::mem::forget(data);
    std::mem::forget(poll);
    Output::new(&tally, text)
}

/// At most this many names per list in the table; JSON has them all.
const NAMES_SHOWN: usize = 30;

fn render(ctx: &Context, data: &crate::model::Dataset, tally: &tally::Tally) -> String {
    let lang = ctx.lang;
    let mut text = t!(
        lang,
        "poll-show-head",
        id = tally.poll.as_str(),
        status = if tally.status == poll::PollStatus::Closed {
            "closed"
        } else {
            "open"
        },
        voters = tally.voters,
        members = tally.members
    );
    text.push('\n');
    let venue_name = |id: &str| {
        data.venue(id).map_or_else(
            || id.to_string(),
            |v| {
                let village = data.village(&v.village).map_or("", |x| x.name.as_str());
                format!("{}, {village}", v.name)
            },
        )
    };
    let mut table = output::table(output::headers(
        lang,
        &[
            "poll-col-option",
            "poll-col-date",
            "poll-col-venue",
            "poll-col-yes",
            "poll-col-if-need-be",
            "poll-col-no",
            "poll-col-no-answer",
            "poll-col-expected",
        ],
    ));
    for o in &tally.options {
        let mark = if Some(o.option) == tally.recommended {
            " *"
        } else {
            ""
        };
        table.add_row(vec![
            format!("{}{mark}", o.option),
            o.date.format("%Y-%m-%d %H:%M").to_string(),
            venue_name(&o.venue),
            o.yes.to_string(),
            o.if_need_be.to_string(),
            o.no.to_string(),
            o.no_answer.to_string(),
            number(lang, o.expected_turnout, 1),
        ]);
    }
    text.push_str(&table.to_string());
    text.push('\n');
    if let Some(best) = tally
        .recommended
        .and_then(|n| tally.options.iter().find(|o| o.option == n))
    {
        text.push_str(&t!(
            lang,
            "poll-recommended",
            option = best.option,
            date = long_date(lang, best.date),
            venue = venue_name(&best.venue),
            because = tally.because,
            expected = number(lang, best.expected_turnout, 1)
        ));
        text.push('\n');
    }
    let name = |id: &String| data.participant(id).map_or(id.clone(), |p| p.name.clone());
    for o in &tally.options {
        for vote in crate::mail::answer_token::Vote::ALL {
            let Some(ids) = o.names.get(vote.as_str()) else {
                continue;
            };
            let label = t!(
                lang,
                &format!("poll-vote-{}", vote.as_str().replace('_', "-"))
            );
            if ids.len() > NAMES_SHOWN {
                text.push_str(&t!(
                    lang,
                    "poll-names-many",
                    vote = label,
                    option = o.option,
                    count = ids.len()
                ));
            } else {
                let names: Vec<String> = ids.iter().map(name).collect();
                text.push_str(&t!(
                    lang,
                    "poll-names",
                    vote = label,
                    option = o.option,
                    names = names.join(", ")
                ));
            }
            text.push('\n');
        }
    }
    text
}

#[derive(Debug, Serialize)]
struct Closed {
    poll: String,
    option: u32,
    session: String,
    invited: usize,
    answers: usize,
}

fn close(args: CloseArgs, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    let poll = find(ctx, &args.poll)?;
    refuse_closed(ctx, &poll)?;
    let data = ctx.load()?;
    let count = poll.option_count();
    let chosen = match args.option {
        Some(n) if n >= 1 && n <= count => n,
        Some(n) => {
            return Err(Error::usage(t!(
                lang,
                "poll-bad-option",
                option = n,
                count = count
            )))
        }
        None => tally::tally(&data, &poll)
            .recommended
            .ok_or_else(|| Error::usage(t!(lang, "poll-bad-option", option = 0, count = count)))?,
    };
    let option = &poll.file.options[chosen as usize - 1];
    let at = super::rsvp::now_to_the_second(ctx);
    let answers: Vec<(String, crate::model::Answer, chrono::NaiveDateTime)> = poll
        .votes
        .iter()
        .filter(|(id, _)| data.participant(id).is_some_and(|p| p.active))
        .filter_map(|(id, votes)| {
            votes
                .get(&chosen)
                .map(|r| (id.clone(), tally::as_answer(r.vote), r.at.unwrap_or(at)))
        })
        .collect();
    let _lock = ctx.dir.lock()?;
    let (session, invited) = super::schedule::create(
        ctx,
        &data,
        option.date,
        &option.venue,
        poll.file.theme.as_deref(),
        &answers,
    )?;
    let mut edit = PollEdit::open(&ctx.dir, &poll.id)?;
    edit.close(&session);
    edit.save()?;
    ctx.note(&t!(
        lang,
        "poll-closed-session",
        session = session.as_str(),
        option = chosen
    ));
    Output::new(
        &Closed {
            poll: poll.id.clone(),
            option: chosen,
            session: session.clone(),
            invited,
            answers: answers.len(),
        },
        format!("{session}\n"),
    )
}
