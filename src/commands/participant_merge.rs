//! `jelly participant merge KEEP OTHER [--dry-run] [--yes]`: one person
//! recorded twice becomes one. What changes is decided by
//! [`crate::identity::merge`]; this command asks, locks and writes.

use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::identity::merge::{self, Gained, SessionChange};
use crate::model::{Dataset, Participant};
use crate::output::Output;
use crate::store::event_file::EventFile;
use crate::store::{write_atomic, Lock};
use crate::{prompt, t};

use super::unknown_ref;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The participant who stays (their id).
    pub keep: String,
    /// The participant folded into KEEP, then removed (their id).
    pub other: String,
    /// Show what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation (required without a terminal).
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Serialize)]
struct Report {
    keep: String,
    other: String,
    /// The fields KEEP gains from OTHER.
    gained: Vec<Gained>,
    /// The sessions that named OTHER, as they become.
    sessions: Vec<SessionChange>,
    /// Send-journal lines that become KEEP's.
    journal_lines: usize,
    dry_run: bool,
    merged: bool,
}

/// Everything a merge changes, computed from the directory as loaded.
struct Plan {
    keep: Participant,
    other: Participant,
    merged: Participant,
    gained: Vec<Gained>,
    sessions: Vec<SessionChange>,
    /// (session id, new journal text, lines changed) of each journal naming OTHER.
    journals: Vec<(String, String, usize)>,
}

fn find<'a>(ctx: &Context, data: &'a Dataset, flag: &str, id: &str) -> Result<&'a Participant> {
    data.participant(id).ok_or_else(|| {
        let ids: Vec<&str> = data.participants.iter().map(|p| p.id.as_str()).collect();
        unknown_ref(ctx, flag, "what-participant", id, &ids)
    })
}

fn plan(ctx: &Context, data: &Dataset, args: &Args) -> Result<Plan> {
    let keep = find(ctx, data, "KEEP", &args.keep)?;
    let other = find(ctx, data, "OTHER", &args.other)?;
    if keep.id == other.id {
        return Err(Error::usage(t!(
            ctx.lang,
            "identity-merge-same",
            id = keep.id
        )));
    }
    let (merged, gained) = merge::merged(keep, other);
    let sessions = data
        .events
        .iter()
        .filter_map(|e| merge::session_change(e, &keep.id, &other.id))
        .collect();
    let mut journals = Vec::new();
    for event in &data.events {
        let path = ctx.dir.journal(&event.id);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io(&path, e)),
        };
        let text = String::from_utf8_lossy(&bytes);
        let (new, changed) = merge::journal_text(&text, &keep.id, &other.id);
        if changed > 0 {
            journals.push((event.id.clone(), new, changed));
        }
    }
    Ok(Plan {
        keep: keep.clone(),
        other: other.clone(),
        merged,
        gained,
        sessions,
        journals,
    })
}

fn report(plan: &Plan, dry_run: bool, merged: bool) -> Report {
    Report {
        keep: plan.keep.id.clone(),
        other: plan.other.id.clone(),
        gained: plan.gained.clone(),
        sessions: plan.sessions.clone(),
        journal_lines: plan.journals.iter().map(|(_, _, n)| n).sum(),
        dry_run,
        merged,
    }
}

/// What the merge does, for a person to read before it happens.
fn describe(ctx: &Context, plan: &Plan) -> String {
    let lang = ctx.lang;
    let mut text = t!(
        lang,
        "identity-merge-plan",
        keep = plan.keep.id,
        keep_name = plan.keep.name,
        other = plan.other.id,
        other_name = plan.other.name
    );
    text.push('\n');
    for g in &plan.gained {
        text.push_str("  ");
        text.push_str(&t!(
            lang,
            "identity-merge-gains",
            field = g.field,
            value = g.value
        ));
        text.push('\n');
    }
    for s in &plan.sessions {
        text.push_str("  ");
        let answer = if s.answer_moved {
            "moved"
        } else if s.answer_dropped {
            "dropped"
        } else {
            "none"
        };
        text.push_str(&t!(
            lang,
            "identity-merge-session",
            event = s.event,
            answer = answer
        ));
        text.push('\n');
    }
    let lines: usize = plan.journals.iter().map(|(_, _, n)| n).sum();
    text.push_str("  ");
    text.push_str(&t!(lang, "identity-merge-journal", lines = lines));
    text.push('\n');
    text
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    if let Some(declined) = confirm(ctx, &args)? {
        return Ok(declined);
    }
    if args.dry_run {
        let data = ctx.load()?;
        let plan = plan(ctx, &data, &args)?;
        let mut text = describe(ctx, &plan);
        text.push_str(&t!(lang, "identity-merge-dry-run"));
        text.push('\n');
        return Output::new(&report(&plan, true, false), text);
    }
    // The send locks of every session with a journal, before the
    // directory's lock (the order `invite` takes them): no message goes
    // under either id while the journals are rewritten.
    let mut journaled: Vec<std::path::PathBuf> = match std::fs::read_dir(ctx.dir.events()) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "journal"))
            .collect(),
        Err(_) => Vec::new(),
    };
    journaled.sort();
    let mut send_locks: Vec<Lock> = Vec::new();
    for path in &journaled {
        if let Some(id) = path.file_stem().and_then(|s| s.to_str()) {
            send_locks.push(crate::mail::send_lock(&ctx.dir, id)?);
        }
    }
    let _lock = ctx.dir.lock()?;
    let data = ctx.load()?;
    let plan = plan(ctx, &data, &args)?;
    write(ctx, &plan)?;
    drop(send_locks);
    let sessions = plan.sessions.len();
    let lines: usize = plan.journals.iter().map(|(_, _, n)| n).sum();
    let text = t!(
        lang,
        "identity-merge-done",
        keep = plan.keep.id,
        other = plan.other.id,
        sessions = sessions,
        lines = lines,
        fields = plan.gained.len()
    );
    Output::new(&report(&plan, false, true), text)
}

/// Without `--yes` (and `--dry-run`): on a terminal, shows what the merge
/// does and asks, and the output to give when the answer is no; without a
/// terminal, a usage error.
fn confirm(ctx: &Context, args: &Args) -> Result<Option<Output>> {
    let lang = ctx.lang;
    if args.dry_run || args.yes {
        return Ok(None);
    }
    let data = ctx.load()?;
    let first = plan(ctx, &data, args)?;
    if !ctx.interactive {
        return Err(Error::usage(t!(
            lang,
            "identity-merge-no-terminal",
            keep = first.keep.id,
            other = first.other.id
        )));
    }
    eprint!("{}", describe(ctx, &first));
    let question = t!(
        lang,
        "identity-merge-confirm",
        keep = first.keep.id,
        other = first.other.id
    );
    if !prompt::confirm(ctx, &question, false)? {
        let text = t!(lang, "identity-merge-kept", other = first.other.id);
        return Output::new(&report(&first, false, false), text).map(Some);
    }
    Ok(None)
}

/// Sessions, then journals, then participants.toml last: a crash half-way
/// leaves sessions naming KEEP (who exists) and a rerun finishes the merge.
fn write(ctx: &Context, plan: &Plan) -> Result<()> {
    let keep = &plan.keep.id;
    let other = &plan.other.id;
    for change in &plan.sessions {
        let mut file = EventFile::open(&ctx.dir.event(&change.event))?;
        file.set_invited(&change.invited);
        file.set_attended(&change.attended);
        file.move_rsvp(other, keep);
        file.save()?;
    }
    for (event, text, _) in &plan.journals {
        write_atomic(&ctx.dir.journal(event), text.as_bytes())?;
    }
    crate::store::participants_file::merge_entries(&ctx.dir.participants(), &plan.merged, other)
}
