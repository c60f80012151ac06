//! `jelly reschedule`: move a session (date, venue) and send the update
//! (same UID, SEQUENCE+1) to everyone already sent the invitation.

use crate::commands::find_event;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::mail::journal::{self, Kind};
use crate::mail::send_lock;
use crate::mail::session::{self, Pick};
use crate::model::Status;
use crate::output::Output;
use crate::store::event_file::EventFile;
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The session (the file stem under events/).
    pub event: String,
    /// The new start (the association's local time).
    #[arg(long, value_name = "DT")]
    pub date: Option<String>,
    /// The new venue id.
    #[arg(long, value_name = "ID")]
    pub venue: Option<String>,
    /// Accept a date in the past.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    if args.date.is_none() && args.venue.is_none() {
        return Err(Error::usage(t!(ctx.lang, "reschedule-nothing")));
    }
    let date = match &args.date {
        Some(text) => Some(ctx.parse_datetime("--date", text)?),
        None => None,
    };
    if let Some(date) = date {
        if date < ctx.now && !args.force {
            return Err(Error::usage(t!(
                ctx.lang,
                "schedule-past",
                date = date.format("%Y-%m-%d %H:%M"),
                now = ctx.now.format("%Y-%m-%d %H:%M")
            )));
        }
    }
    let data = ctx.load()?;
    let event = find_event(ctx, &data, &args.event)?;
    match event.status {
        Status::Cancelled => {
            return Err(Error::usage(t!(
                ctx.lang,
                "mail-cancelled-event",
                of = super::session_of(ctx, &data, event),
                id = event.id
            )))
        }
        Status::Held => {
            return Err(Error::usage(t!(
                ctx.lang,
                "reschedule-held",
                of = super::session_of(ctx, &data, event),
                id = event.id
            )))
        }
        Status::Planned => {}
    }
    if let Some(id) = &args.venue {
        if data.venue(id).is_none() {
            let ids: Vec<&str> = data.venues.iter().map(|v| v.id.as_str()).collect();
            return Err(super::unknown_ref(ctx, "--venue", "what-venue", id, &ids));
        }
    }
    let _send = send_lock(&ctx.dir, &event.id)?;
    {
        let _lock = ctx.dir.lock()?;
        let mut file = EventFile::open(&ctx.dir.event(&event.id))?;
        if let Some(date) = date {
            if date != event.date {
                file.set_previous_date(event.date);
            }
            file.set_date(date);
        }
        if let Some(venue) = &args.venue {
            file.set_venue(venue);
        }
        file.bump_sequence();
        file.save()?;
    }
    session::resend_to_invited(ctx, &args.event, |event, participant, entries| {
        match journal::invited_sequence(entries, &participant.id) {
            Some(seq) if seq < event.sequence => {}
            _ => return Pick::Pass,
        }
        match session::no_mail_reason(participant) {
            Some(reason) => Pick::Skip(reason),
            None => Pick::Send(Kind::Update),
        }
    })
}
