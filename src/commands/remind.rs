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

/// The waiting lists of the sessions to come: offers past their hold pass
/// to the next person; then every message a list owes goes (once).
fn waitlists(ctx: &Context) -> Result<Vec<Output>> {
    if !crate::store::load_config(&ctx.dir, ctx.lang)?
        .rotation
        .waitlist
    {
        return Ok(Vec::new());
    }
    let now = super::rsvp::now_to_the_second(ctx);
    // The sessions with a list, and those with an offer run out.
    let with_list = |data: &Dataset| -> Vec<(String, bool)> {
        data.events
            .iter()
            .filter_map(|event| {
                let rules = crate::waitlist::Rules::of(data, event);
                let open = rules.capacity.is_some()
                    && event.status == Status::Planned
                    && event.date >= ctx.now;
                open.then(|| {
                    let expired = !crate::waitlist::expire(&event.rsvp, rules, now)
                        .0
                        .is_empty();
                    (event.id.clone(), expired)
                })
            })
            .collect()
    };
    let sessions = with_list(&ctx.load()?);
    // The lock (and the stricter load that goes with it) only to write.
    if sessions.iter().any(|(_, expired)| *expired) {
        let _lock = ctx.dir.lock()?;
        let data = ctx.load()?;
        for event in &data.events {
            if sessions
                .iter()
                .any(|(id, expired)| *expired && *id == event.id)
            {
                let rules = crate::waitlist::Rules::of(&data, event);
                let (changes, _) = crate::waitlist::expire(&event.rsvp, rules, now);
                super::rsvp::write_changes(ctx, &event.id, &changes)?;
            }
        }
    }
    let mut outputs = Vec::new();
    for (id, _) in sessions {
        outputs.extend(crate::mail::waitlist::send_due(ctx, &id)?);
    }
    Ok(outputs)
}

#[derive(Debug, Serialize)]
struct Reminders {
    sessions: Vec<serde_json::Value>,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let Some(_running) = Lock::try_acquire(&ctx.dir.events().join(".remind.lock"))? else {
        return Ok(Output::empty());
    };
    let mut outputs = Vec::new();
    if !args.dry_run {
        outputs.extend(waitlists(ctx)?);
    }
    let data = ctx.load()?;
    let mut planned: Vec<(&Event, String, chrono::Duration)> = data
        .events
        .iter()
        .filter_map(|e| due_offset(&data, e, ctx.now_utc).map(|(n, d)| (e, n, d)))
        .collect();
    planned.sort_by_key(|p| p.0.date);
    let planned: Vec<(String, String, chrono::Duration)> = planned
        .into_iter()
        .map(|(e, name, offset)| (e.id.clone(), name, offset))
        .collect();
    let mut exit_code = 0;
    let mut texts = Vec::new();
    let mut json = Vec::new();
    for (event_id, name, offset) in planned {
        let _send = if args.dry_run {
            None
        } else {
            Some(send_lock(&ctx.dir, &event_id)?)
        };
        // Read again under the session's send lock: a `participant forget`
        // that finished meanwhile has removed the person (it takes this
        // lock too), so an erased person never gets a reminder.
        let fresh = if args.dry_run {
            None
        } else {
            Some(ctx.load()?)
        };
        let data = fresh.as_ref().unwrap_or(&data);
        let Some(event) = data.event(&event_id) else {
            continue;
        };
        if due_offset(data, event, ctx.now_utc).map(|(n, _)| n) != Some(name.clone()) {
            continue;
        }
        let entries = journal::read(&ctx.dir.journal(&event.id))?;
        let mut recipients = Vec::new();
        let mut skipped = Vec::new();
        let mut guard = session::AddressGuard::new(&entries, event.sequence);
        for id in &event.invited {
            let Some(participant) = data.participant(id) else {
                continue;
            };
            if matches!(
                event.rsvp.get(id).map(|r| r.answer),
                Some(Answer::No | Answer::Waitlist)
            ) {
                continue;
            }
            if journal::reminded(&entries, id, &name)
                || later_reminder_sent(data, &entries, id, offset)
            {
                continue;
            }
            if let Some(reason) = session::no_mail_reason(participant) {
                skipped.push(Skipped::new(id, reason));
                continue;
            }
            if let Err(with) = guard.claim(participant, Kind::Reminder, Some(&name)) {
                skipped.push(Skipped::shared(id, &with));
                continue;
            }
            recipients.push(participant);
        }
        if recipients.is_empty() {
            continue;
        }
        let composer = session::composer(ctx, data)?;
        let mut batch = session::Batch::default();
        for p in recipients {
            batch.compose(
                &composer,
                data,
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
        let output = session::deliver_batch(ctx, data, event, batch, skipped)?;
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
