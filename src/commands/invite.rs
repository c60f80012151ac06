//! `jelly invite`: email the invitation (with its .ics) to every invited
//! participant who has an email and has not been sent it yet.

use crate::context::Context;
use crate::error::{Error, Result};
use crate::mail::compose::Composed;
use crate::mail::journal::{self, Kind};
use crate::mail::send_lock;
use crate::mail::session::{self, Pick, SkipReason, Skipped};
use crate::model::Status;
use crate::output::Output;
use crate::store::event_file::EventFile;
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The session (the file stem under events/).
    pub event: String,
    /// Show the first message in full and the recipients; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Send again to people who already received the invitation.
    #[arg(long)]
    pub resend: bool,
    /// Only these participants (ids, comma-separated).
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub only: Vec<String>,
    /// Add these people to the session's guests (ids or names,
    /// comma-separated: someone who joined after it was scheduled), then
    /// send them their invitation.
    #[arg(
        long,
        value_name = "ID,…",
        value_delimiter = ',',
        conflicts_with = "dry_run"
    )]
    pub add: Vec<String>,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let mut args = args;
    if !args.add.is_empty() {
        let added = add_guests(ctx, &args)?;
        if args.only.is_empty() {
            args.only = added;
        }
    }
    // Checked once before taking the send lock (a refusal leaves no lock
    // file behind), and again on the data read under it.
    let event_id = {
        let data = ctx.load()?;
        let event = super::find_event(ctx, &data, &args.event)?;
        check(ctx, &data, event, &args.only)?;
        event.id.clone()
    };
    // Held while reading the data and the journal and sending: a second run
    // waits, then finds everything already sent; a `participant forget`
    // (which takes this lock) is either finished, and the person is gone
    // from the data read below, or waits until the messages are journaled.
    let _send = if args.dry_run {
        None
    } else {
        Some(send_lock(&ctx.dir, &event_id)?)
    };
    let data = ctx.load()?;
    let event = super::find_event(ctx, &data, &event_id)?;
    check(ctx, &data, event, &args.only)?;
    let (entries, composer) = session::journal_and_composer(ctx, &data, event)?;
    let (batch, skipped) =
        session::compose_for_invited(ctx, &data, event, &composer, &entries, |person| {
            let id = &person.id;
            if !args.only.is_empty() && !args.only.contains(id) {
                return Pick::Pass;
            }
            if let Some(reason) = session::no_mail_reason(person) {
                return Pick::Skip(reason);
            }
            match journal::invited_sequence(&entries, id) {
                Some(seq) if seq >= event.sequence && !args.resend => {
                    Pick::Skip(SkipReason::AlreadySent)
                }
                Some(seq) if seq < event.sequence => Pick::Send(Kind::Update),
                _ => Pick::Send(Kind::Invitation),
            }
        })?;
    if args.dry_run {
        return dry_run(ctx, &batch.messages, &skipped);
    }
    session::deliver_batch(ctx, &data, event, batch, skipped)
}

/// A session one may invite to: not cancelled, not past, and `--only`
/// naming invited people.
fn check(
    ctx: &Context,
    data: &crate::model::Dataset,
    event: &crate::model::Event,
    only: &[String],
) -> Result<()> {
    if event.status == Status::Cancelled {
        return Err(Error::usage(t!(
            ctx.lang,
            "mail-cancelled-event",
            of = super::session_of(ctx, data, event),
            id = event.id
        )));
    }
    if event.status == Status::Held || event.date < ctx.now {
        return Err(Error::usage(t!(
            ctx.lang,
            "mail-past-event",
            of = super::session_of(ctx, data, event),
            id = event.id
        )));
    }
    for id in only {
        if !event.invited.contains(id) {
            return Err(Error::usage(t!(
                ctx.lang,
                "mail-only-not-invited",
                id = id,
                event = event.id
            )));
        }
    }
    Ok(())
}

/// `--add`: the people named, found as `rsvp` finds them, written into the
/// session's `invited` under the data lock (a planned, future session
/// only); their ids, for the send that follows.
fn add_guests(ctx: &Context, args: &Args) -> Result<Vec<String>> {
    let _lock = ctx.dir.lock()?;
    let data = ctx.load()?;
    let event = super::find_event(ctx, &data, &args.event)?;
    check(ctx, &data, event, &[])?;
    let mut ids = Vec::new();
    for text in args.add.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        let id = super::participant_named(ctx, &data, text, "--add")?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let mut invited = event.invited.clone();
    let new: Vec<&String> = ids.iter().filter(|id| !invited.contains(id)).collect();
    if !new.is_empty() {
        invited.extend(new.iter().map(|id| (*id).clone()));
        let mut file = EventFile::open(&ctx.dir.event(&event.id))?;
        file.set_invited(&invited);
        file.save()?;
        let names: Vec<String> = new
            .iter()
            .filter_map(|id| data.participant(id))
            .map(|p| p.name.clone())
            .collect();
        ctx.note(&t!(
            ctx.lang,
            "invite-added",
            count = new.len(),
            names = crate::i18n::Raw(names.join(", ")),
            id = event.id.as_str()
        ));
    }
    Ok(ids)
}

/// The first message in full and the list of recipients.
pub fn dry_run(ctx: &Context, messages: &[Composed], skipped: &[Skipped]) -> Result<Output> {
    let mut text = String::new();
    if messages.is_empty() {
        text.push_str(&t!(ctx.lang, "mail-dry-run-none"));
        text.push('\n');
    } else {
        text.push_str(&t!(ctx.lang, "mail-dry-run", count = messages.len()));
        text.push('\n');
        for m in messages {
            text.push_str(&format!("  {} <{}>\n", m.participant, m.email));
        }
        text.push('\n');
        text.push_str(&t!(ctx.lang, "mail-dry-run-first"));
        text.push_str("\n\n");
        let first = &messages[0];
        text.push_str(&format!("Subject: {}\n\n{}\n", first.subject, first.text));
        if let Some(ics) = &first.ics {
            text.push_str(&ics.replace("\r\n", "\n"));
        }
    }
    for s in skipped.iter().filter(|s| s.reason == SkipReason::NoEmail) {
        text.push_str(&format!(
            "{} : {}\n",
            s.participant,
            t!(ctx.lang, "mail-result-no-email")
        ));
    }
    text.push_str(&session::shared_lines(ctx.lang, skipped, &|id| {
        id.to_string()
    }));
    text.push_str(&session::no_mail_note(ctx.lang, skipped));
    let json = serde_json::json!({
        "dry_run": true,
        "recipients": messages.iter().map(|m| serde_json::json!({
            "participant": m.participant, "email": m.email, "kind": m.kind,
        })).collect::<Vec<_>>(),
        "skipped": skipped,
        "first": messages.first().map(|m| serde_json::json!({
            "subject": m.subject, "text": m.text, "html": m.html, "ics": m.ics,
        })),
    });
    Output::new(&json, text)
}
