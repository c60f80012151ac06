//! `jelly cancel`: cancel a session and send the cancellation (METHOD:CANCEL,
//! STATUS:CANCELLED, same UID, SEQUENCE+1) to everyone already sent the
//! invitation. Run again, it sends only the cancellations still missing.

use crate::commands::find_event;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::mail::journal::{self, Kind};
use crate::mail::send_lock;
use crate::mail::session::{self, Pick, SkipReason};
use crate::model::Status;
use crate::output::Output;
use crate::store::event_file::EventFile;
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The session (the file stem under events/).
    pub event: String,
    /// Why, told to the participants.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Delete the session file instead, when no message about it was ever
    /// sent (a session planned by mistake). Once invitations went out,
    /// cancel without --delete so that the invited are told.
    #[arg(long, conflicts_with = "reason")]
    pub delete: bool,
}

/// `cancel --delete`: removes a planned session nobody was told about.
fn delete(ctx: &Context, id: &str) -> Result<Output> {
    let data = ctx.load()?;
    let event = find_event(ctx, &data, id)?;
    if event.status != Status::Planned {
        return Err(Error::usage(t!(
            ctx.lang,
            "first-use-delete-not-planned",
            of = super::session_of(ctx, &data, event),
            id = event.id.as_str()
        )));
    }
    let _send = send_lock(&ctx.dir, &event.id)?;
    let _lock = ctx.dir.lock()?;
    // Any line in the journal, even one jelly cannot read back, means a
    // message may have gone out.
    let journal_path = ctx.dir.journal(&event.id);
    let entries = journal::read(&journal_path)?;
    let written = std::fs::metadata(&journal_path).is_ok_and(|m| m.len() > 0);
    if !entries.is_empty() || written {
        return Err(Error::usage(t!(
            ctx.lang,
            "first-use-delete-sent",
            id = event.id.as_str(),
            count = entries.len().max(1)
        )));
    }
    let path = ctx.dir.event(&event.id);
    std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
    let text = t!(
        ctx.lang,
        "first-use-deleted",
        of = super::session_of(ctx, &data, event),
        id = event.id.as_str()
    );
    Output::new(&serde_json::json!({ "deleted": event.id }), text)
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    if args.delete {
        return delete(ctx, &args.event);
    }
    if let Some(reason) = &args.reason {
        super::check_text_flag(ctx, "--reason", "cancel_reason", reason)?;
    }
    let data = ctx.load()?;
    let event = find_event(ctx, &data, &args.event)?;
    if event.status == Status::Held {
        return Err(Error::usage(t!(
            ctx.lang,
            "reschedule-held",
            of = super::session_of(ctx, &data, event),
            id = event.id
        )));
    }
    let _send = send_lock(&ctx.dir, &event.id)?;
    if event.status != Status::Cancelled || args.reason.is_some() {
        let _lock = ctx.dir.lock()?;
        let mut file = EventFile::open(&ctx.dir.event(&event.id))?;
        if file.status() != Some(Status::Cancelled) {
            file.set_status(Status::Cancelled);
            file.bump_sequence();
        }
        if let Some(reason) = &args.reason {
            file.set_cancel_reason(reason);
        }
        file.save()?;
    }
    session::resend_to_invited(ctx, &args.event, |_, participant, entries| {
        let id = &participant.id;
        if participant.email.is_none() || journal::invited_sequence(entries, id).is_none() {
            Pick::Pass
        } else if let Some(reason) = session::no_mail_reason(participant) {
            // Bounced since, or asked for no more email: nothing more goes.
            Pick::Skip(reason)
        } else if journal::cancelled(entries, id) {
            Pick::Skip(SkipReason::AlreadySent)
        } else {
            Pick::Send(Kind::Cancellation)
        }
    })
}
