//! `jelly participant export ID` (the GDPR right of access) and
//! `jelly participant forget ID [--yes]` (the right to erasure), and the
//! `--inactive-since` filter of `jelly participants`.

use crate::context::Context;
use crate::error::{Error, Result};
use crate::mail::journal;
use crate::model::{Dataset, Participant};
use crate::output::{self, Output};
use crate::privacy::{self, export, forget, inactive};
use crate::store::Lock;
use crate::{prompt, t};

use super::{flag_error, unknown_ref};

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The participant's id.
    pub id: String,
}

#[derive(Debug, clap::Args)]
pub struct ForgetArgs {
    /// The participant's id.
    pub id: String,
    /// Do not ask for confirmation (required without a terminal).
    #[arg(long)]
    pub yes: bool,
}

fn find<'a>(ctx: &Context, data: &'a Dataset, id: &str) -> Result<&'a Participant> {
    data.participant(id).ok_or_else(|| {
        let ids: Vec<&str> = data.participants.iter().map(|p| p.id.as_str()).collect();
        unknown_ref(ctx, "ID", "what-participant", id, &ids)
    })
}

pub fn export(args: ExportArgs, ctx: &Context) -> Result<Output> {
    let data = ctx.load()?;
    let person = find(ctx, &data, &args.id)?;
    let path = ctx.dir.participants();
    let text = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    let text = crate::store::text::TextFile::decode(&text).text;
    let record = export::record_of(&text, &person.id).unwrap_or_default();
    let mut journals = Vec::new();
    for event in &data.events {
        let entries = journal::read(&ctx.dir.journal(&event.id))?;
        if !entries.is_empty() {
            journals.push(export::Journal {
                event: &event.id,
                entries,
            });
        }
    }
    let polls = crate::poll::load_all(&ctx.dir)?;
    let poll_journals: Vec<(String, Vec<journal::Entry>)> = polls
        .iter()
        .map(|p| {
            Ok((
                p.id.clone(),
                journal::read(&crate::poll::journal(&ctx.dir, &p.id))?,
            ))
        })
        .collect::<Result<_>>()?;
    for (poll, entries) in &poll_journals {
        if !entries.is_empty() {
            journals.push(export::Journal {
                event: poll,
                entries: entries.clone(),
            });
        }
    }
    let mut document = export::export(
        &data,
        person,
        record,
        &journals,
        &ctx.now_utc
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    );
    // The date polls they voted in, with each vote (`jelly inbox` wrote them).
    document["polls"] = crate::poll::export_votes(&polls, &person.id);
    let text =
        serde_json::to_string_pretty(&document).map_err(|e| Error::runtime(e.to_string()))?;
    Output::new(&document, text)
}

pub fn forget(args: ForgetArgs, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    let data = ctx.load()?;
    let person = find(ctx, &data, &args.id)?;
    if !args.yes {
        if !ctx.interactive {
            return Err(Error::usage(t!(
                lang,
                "privacy-forget-no-terminal",
                id = person.id
            )));
        }
        let sessions = data
            .events
            .iter()
            .filter(|e| {
                e.invited.contains(&person.id)
                    || e.attended.contains(&person.id)
                    || e.rsvp.contains_key(&person.id)
            })
            .count();
        let question = t!(
            lang,
            "privacy-forget-confirm",
            name = person.name,
            id = person.id,
            sessions = sessions
        );
        if !prompt::confirm(ctx, &question, false)? {
            let text = t!(lang, "privacy-forget-kept", id = person.id);
            return Output::new(
                &serde_json::json!({"participant": person.id, "forgotten": false}),
                text,
            );
        }
    }
    // The send locks of every session with a journal (before the
    // directory's lock, in the order `invite` takes them), so no message is
    // journaled under their address while the journals are rewritten.
    let mut send_locks: Vec<Lock> = Vec::new();
    // Every planned session too, journal or not: a first `invite` or
    // `remind` that read the data before this erasure must not journal
    // their address after it.
    let mut journaled: Vec<&str> = data
        .events
        .iter()
        .filter(|e| e.status == crate::model::Status::Planned || ctx.dir.journal(&e.id).exists())
        .map(|e| e.id.as_str())
        .collect();
    journaled.sort_unstable();
    for id in journaled {
        send_locks.push(crate::mail::send_lock(&ctx.dir, id)?);
    }
    let _lock = ctx.dir.lock()?;
    let data = ctx.load()?;
    let person = find(ctx, &data, &args.id)?;
    let key = privacy::Key::load_or_create(&ctx.dir)?;
    let report = forget::forget(&ctx.dir, &data, person, &key)?;
    let mut text = t!(
        lang,
        "privacy-forget-done",
        name = person.name,
        id = person.id,
        token = report.token,
        sessions = report.sessions.len(),
        lines = report.journal_lines,
        files = report.outbox_files
    );
    text.push('\n');
    if report.outbox_rewritten > 0 {
        let neutral = t!(data.config.association.language, "identity-neutral");
        text.push_str(&t!(
            lang,
            "identity-forget-rewritten",
            files = report.outbox_rewritten,
            neutral = neutral
        ));
        text.push('\n');
    }
    if !report.still_mentioned.is_empty() {
        let list = report.still_mentioned.join("\n  ");
        eprintln!(
            "{}\n  {list}",
            t!(
                lang,
                "privacy-forget-still-mentioned",
                count = report.still_mentioned.len()
            )
        );
    }
    drop(send_locks);
    Output::new(&report, text)
}

/// `jelly participants --inactive-since DURATION`.
pub fn list_inactive(ctx: &Context, since: &str) -> Result<Output> {
    let lang = ctx.lang;
    let span = privacy::parse_since(since).ok_or_else(|| {
        flag_error(
            "--inactive-since",
            t!(lang, "privacy-err-bad-since", value = since),
        )
    })?;
    let cutoff = span.before(ctx.now.date()).ok_or_else(|| {
        flag_error(
            "--inactive-since",
            t!(lang, "privacy-err-bad-since", value = since),
        )
    })?;
    let data = ctx.load()?;
    let people = inactive::inactive_since(&data, cutoff);
    let mut table = output::table(crate::output::headers(
        lang,
        &["col-id", "col-name", "col-village", "privacy-col-last-seen"],
    ));
    for p in &people {
        table.add_row(vec![
            p.id.clone(),
            p.name.clone(),
            p.village.clone(),
            p.last_seen
                .map_or_else(|| t!(lang, "privacy-never"), |d| d.to_string()),
        ]);
    }
    let mut text = table.to_string();
    text.push('\n');
    text.push_str(&t!(
        lang,
        "privacy-inactive-count",
        count = people.len(),
        cutoff = cutoff.to_string()
    ));
    text.push('\n');
    Output::new(&people, text)
}
