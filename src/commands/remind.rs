//! `jelly remind`, for cron: send the reminders that are due, exactly once
//! per (session, participant, offset). When several offsets are due at once
//! (the job did not run for a while) only the latest is sent. Silent, exit 0,
//! when nothing is due; a second run overlapping the first exits 0 at once.

use serde::Serialize;

use crate::context::Context;
use crate::error::Result;
use crate::mail::journal::{self, Kind};
use crate::mail::send_lock;
use crate::mail::session::{self, Skipped};
use crate::model::{local_to_utc, Answer, Dataset, Event, Status};
use crate::output::Output;
use crate::store::Lock;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show what is due; send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The reminder due for `event` at `now`: the smallest offset whose time has
/// come, as (name, offset); none once the session has started.
pub fn due_offset(
    data: &Dataset,
    event: &Event,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<(String, chrono::Duration)> {
    let start = local_to_utc(data.config.association.timezone, event.date);
    if event.status != Status::Planned || now >= start {
        return None;
    }
    data.config
        .mail
        .reminders
        .iter()
        .filter_map(|span| Some((span, span.fixed()?)))
        .filter(|(_, offset)| now >= start - *offset)
        .min_by_key(|(_, offset)| *offset)
        .map(|(span, offset)| (span.to_string(), offset))
}

/// Was `participant` already sent a reminder closer to the session than
/// `offset`? Then an earlier one is never sent after it, even when the clock
/// goes backwards (a `--now` in the past, a clock reset).
fn later_reminder_sent(
    data: &Dataset,
    entries: &[journal::Entry],
    participant: &str,
    offset: chrono::Duration,
) -> bool {
    let mail = &data.config.mail;
    entries
        .iter()
        .filter(|e| {
            e.participant == participant
                && e.kind == Kind::Reminder
                && e.outcome == journal::Outcome::Sent
        })
        .filter_map(|e| e.offset.as_deref())
        .filter_map(|name| {
            let span = mail
                .reminders
                .iter()
                .find(|s| s.to_string() == name)
                .copied()
                .or_else(|| crate::model::duration::Span::parse(name).ok());
            span.and_then(crate::model::duration::Span::fixed)
        })
        .any(|sent| sent < offset)
}

#[derive(Debug, Serialize)]
struct Reminders {
    sessions: Vec<serde_json::Value>,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let Some(_running) = Lock::try_acquire(&ctx.dir.events().join(".remind.lock"))? else {
        return Ok(Output::empty());
    };
    let data = ctx.load()?;
    let mut outputs = Vec::new();
    let mut planned: Vec<(&Event, String, chrono::Duration)> = data
        .events
        .iter()
        .filter_map(|e| due_offset(&data, e, ctx.now_utc).map(|(n, d)| (e, n, d)))
        .collect();
    planned.sort_by_key(|p| p.0.date);
    let mut exit_code = 0;
    let mut texts = Vec::new();
    let mut json = Vec::new();
    for (event, name, offset) in planned {
        let _send = if args.dry_run {
            None
        } else {
            Some(send_lock(&ctx.dir, &event.id)?)
        };
        let entries = journal::read(&ctx.dir.journal(&event.id))?;
        let mut recipients = Vec::new();
        let mut skipped = Vec::new();
        for id in &event.invited {
            let Some(participant) = data.participant(id) else {
                continue;
            };
            if event.rsvp.get(id).map(|r| r.answer) == Some(Answer::No) {
                continue;
            }
            if journal::reminded(&entries, id, &name)
                || later_reminder_sent(&data, &entries, id, offset)
            {
                continue;
            }
            if let Some(reason) = session::no_mail_reason(participant) {
                skipped.push(Skipped::new(id, reason));
                continue;
            }
            recipients.push(participant);
        }
        if recipients.is_empty() {
            continue;
        }
        let composer = session::composer(ctx, &data)?;
        let mut batch = session::Batch::default();
        for p in recipients {
            batch.compose(
                &composer,
                &data,
                event,
                p,
                Kind::Reminder,
                Some((name.as_str(), offset)),
                ctx.now_utc,
            )?;
        }
        if args.dry_run {
            let output = super::invite::dry_run(ctx, &batch.messages, &skipped)?;
            let when = crate::mail::compose::when_text(ctx.lang, offset);
            texts.push(format!("{} ({when})\n{}", event.id, output.text));
            json.push(output.json);
            continue;
        }
        let output = session::deliver_batch(ctx, &data, event, batch, skipped)?;
        exit_code = exit_code.max(output.exit_code);
        outputs.push(output);
    }
    for output in outputs {
        texts.push(output.text);
        json.push(output.json);
    }
    if texts.is_empty() {
        return Ok(Output::empty());
    }
    Ok(Output::new(&Reminders { sessions: json }, texts.join("\n"))?.with_exit_code(exit_code))
}
