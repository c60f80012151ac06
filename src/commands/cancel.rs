//! `jelly cancel`: cancel a session and send the cancellation (METHOD:CANCEL,
//! STATUS:CANCELLED, same UID, SEQUENCE+1) to everyone already sent the
//! invitation. Run again, it sends only the cancellations still missing.

use crate::context::Context;
use crate::error::{Error, Result};
use crate::mail::journal::{self, Kind};
use crate::mail::send_lock;
use crate::mail::session::{self, set_value};
use crate::model::Status;
use crate::output::Output;
use crate::store::edit::EditableFile;
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The session (the file stem under events/).
    pub event: String,
    /// Why, told to the participants.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let data = ctx.load()?;
    let event = session::find_event(ctx, &data, &args.event)?;
    if event.status == Status::Held {
        return Err(Error::usage(t!(ctx.lang, "reschedule-held", id = event.id)));
    }
    let _send = send_lock(&ctx.dir, &event.id)?;
    if event.status != Status::Cancelled || args.reason.is_some() {
        let _lock = ctx.dir.lock()?;
        let mut file = EditableFile::open(&ctx.dir.event(&event.id))?;
        let already = file.doc.get("status").and_then(|i| i.as_str()) == Some("cancelled");
        if !already {
            let current = file
                .doc
                .get("sequence")
                .and_then(|i| i.as_integer())
                .unwrap_or(0);
            set_value(&mut file, "status", toml_edit::Value::from("cancelled"));
            set_value(
                &mut file,
                "sequence",
                toml_edit::Value::from(current.max(0) + 1),
            );
        }
        if let Some(reason) = &args.reason {
            set_value(
                &mut file,
                "cancel_reason",
                toml_edit::Value::from(reason.as_str()),
            );
        }
        file.save()?;
    }
    let data = ctx.load()?;
    let event = session::find_event(ctx, &data, &args.event)?;
    let entries = journal::read(&ctx.dir.journal(&event.id))?;
    let composer = session::composer(ctx, &data)?;
    let mut messages = Vec::new();
    for id in &event.invited {
        let Some(participant) = data.participant(id) else {
            continue;
        };
        if participant.email.is_none()
            || journal::invited_sequence(&entries, id).is_none()
            || journal::cancelled(&entries, id)
        {
            continue;
        }
        messages.push(composer.compose(
            &data,
            event,
            participant,
            Kind::Cancellation,
            None,
            ctx.now_utc,
        )?);
    }
    session::deliver(ctx, &data, event, &messages, Vec::new())
}
