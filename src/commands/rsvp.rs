//! `jelly rsvp EVENT PARTICIPANT yes|no|maybe`: record an answer to an
//! invitation in the session's file (`[rsvp]` table), with the time it was
//! recorded. The last answer wins.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::commands::find_event;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::model::{Answer, Status};
use crate::output::Output;
use crate::store::event_file::EventFile;
use crate::t;
use crate::waitlist::Transition;

use super::flag_error;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The session (its id: the file stem under events/, e.g. 2026-12-01-anduze).
    pub event: String,
    /// The participant's id.
    pub participant: String,
    /// Their answer: yes, no or maybe.
    pub answer: String,
    /// Record it even for a cancelled or past session.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Serialize)]
struct Recorded {
    event: String,
    participant: String,
    /// As written: `waitlist` for a "yes" past the capacity.
    answer: Answer,
    /// The waiting list's steps this answer caused (see `crate::waitlist`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    waitlist: Vec<Transition>,
    #[serde(serialize_with = "crate::rotation::serialize_datetime")]
    at: NaiveDateTime,
    previous: Option<Answer>,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    let answer = crate::model::input::parse_answer(&args.answer).ok_or_else(|| {
        flag_error(
            "ANSWER",
            t!(
                lang,
                "err-bad-choice",
                key = t!(lang, "arg-word-answer"),
                value = args.answer,
                allowed = t!(lang, "input-answers-allowed")
            ),
        )
    })?;
    let at = now_to_the_second(ctx);
    let lock = ctx.dir.lock()?;
    let data = ctx.load()?;
    let event = find_event(ctx, &data, &args.event)?;
    let mut args = args;
    args.participant = super::participant_named(ctx, &data, &args.participant, "PARTICIPANT")?;
    if !args.force {
        if event.status == Status::Cancelled {
            return Err(Error::usage(t!(lang, "rsvp-cancelled", id = event.id)));
        }
        if event.status == Status::Held || event.date < ctx.now {
            let date = event.date.format("%Y-%m-%d %H:%M");
            return Err(Error::usage(t!(
                lang,
                "rsvp-past",
                id = event.id,
                date = date
            )));
        }
    }
    if !event.invited.contains(&args.participant) {
        let name = data
            .participant(&args.participant)
            .map_or(args.participant.as_str(), |p| p.name.as_str());
        ctx.note(&t!(
            lang,
            "rsvp-not-invited",
            participant = format!("{name} ({})", args.participant),
            id = event.id
        ));
    }
    let previous = event.rsvp.get(&args.participant).map(|r| r.answer);
    let (written, transitions) = record_answers(
        ctx,
        &data,
        &event.id,
        &[(args.participant.clone(), answer, at)],
    )?;
    drop(lock);
    let answer = written.get(&args.participant).copied().unwrap_or(answer);
    let name = data
        .participant(&args.participant)
        .map_or_else(|| args.participant.clone(), |p| p.name.clone());
    let mut text = t!(
        lang,
        "rsvp-recorded-named",
        name = name,
        participant = args.participant,
        answer = t!(lang, &format!("rsvp-answer-{}", answer.as_str())),
        title = super::session_of(ctx, &data, event)
    );
    for step in &transitions {
        text.push('\n');
        text.push_str(&crate::waitlist::describe(lang, step));
    }
    let mut exit_code = 0;
    match crate::mail::waitlist::send_due(ctx, &event.id) {
        Ok(Some(sent)) => {
            exit_code = sent.exit_code;
            text.push_str("\n\n");
            text.push_str(sent.text.trim_end());
        }
        Ok(None) => {}
        // The answer is recorded; the message goes with the next run.
        Err(e) => {
            eprintln!("{}", t!(lang, "waitlist-mail-later", error = e.to_string()));
            exit_code = 1;
        }
    }
    Ok(Output::new(
        &Recorded {
            event: event.id.clone(),
            participant: args.participant,
            answer,
            waitlist: transitions,
            at,
            previous,
        },
        text,
    )?
    .with_exit_code(exit_code))
}

/// Records answers to the session `event_id` of `data` — the one way an
/// answer enters a session file: `jelly rsvp`, the calendar replies of
/// `jelly inbox`, one-click links — through the waiting list when it
/// applies (`[rotation] waitlist` and a venue capacity). The caller holds
/// the data directory's lock; the messages the list owes are sent after,
/// by [`crate::mail::waitlist::send_due`]. Returns each participant's
/// answer as written and the list's steps.
pub fn record_answers(
    ctx: &Context,
    data: &crate::model::Dataset,
    event_id: &str,
    answers: &[(String, Answer, NaiveDateTime)],
) -> Result<(std::collections::BTreeMap<String, Answer>, Vec<Transition>)> {
    let event = find_event(ctx, data, event_id)?;
    let rules = crate::waitlist::Rules::of(data, event);
    let mut state = event.rsvp.clone();
    let mut changes = crate::waitlist::Changes::new();
    let mut transitions = Vec::new();
    for (participant, answer, at) in answers {
        let (changed, steps) = crate::waitlist::answer(&state, rules, participant, *answer, *at);
        state.extend(changed.clone());
        changes.extend(changed);
        transitions.extend(steps);
    }
    write_changes(ctx, event_id, &changes)?;
    let written = answers
        .iter()
        .filter_map(|(p, _, _)| state.get(p).map(|r| (p.clone(), r.answer)))
        .collect();
    Ok((written, transitions))
}

/// Writes the answers `changes` into the session's file, comments kept.
pub fn write_changes(
    ctx: &Context,
    event_id: &str,
    changes: &crate::waitlist::Changes,
) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let mut file = EventFile::open(&ctx.dir.event(event_id))?;
    for (participant, rsvp) in changes {
        file.set_answer(ctx.lang, participant, rsvp)?;
    }
    file.save()
}

/// `ctx.now` without its fraction of a second (as it is written to files).
pub fn now_to_the_second(ctx: &Context) -> NaiveDateTime {
    use chrono::Timelike;
    ctx.now.with_nanosecond(0).unwrap_or(ctx.now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn edit(text: &str, participant: &str, answer: Answer, at: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2026-12-01-anduze.toml");
        std::fs::write(&path, text).unwrap();
        let mut file = EventFile::open(&path).unwrap();
        let at = crate::model::parse_local_datetime(at).unwrap();
        file.set_rsvp(Lang::En, participant, answer, at).unwrap();
        file.save().unwrap();
        std::fs::read_to_string(&path).unwrap()
    }

    const HEAD: &str =
        "# a comment\ndate = 2026-12-01T18:30:00 # local\nvenue = \"v\"\nstatus = \"planned\"\n";

    #[test]
    fn a_first_answer_creates_the_table_at_the_end() {
        let text = edit(HEAD, "edith", Answer::Yes, "2026-11-20T09:15:07");
        assert_eq!(
            text,
            format!("{HEAD}\n[rsvp]\nedith = {{ answer = \"yes\", at = 2026-11-20T09:15:07 }}\n")
        );
    }

    #[test]
    fn an_answer_replaces_the_earlier_one_in_every_form() {
        let inline = format!("{HEAD}\n[rsvp]\nedith = {{ answer = \"yes\" }} # by phone\nmarc = {{ answer = \"no\" }}\n");
        let text = edit(&inline, "edith", Answer::No, "2026-11-21T08:00");
        assert!(text.starts_with(HEAD));
        assert!(
            text.contains("edith = { answer = \"no\", at = 2026-11-21T08:00:00 } # by phone\n"),
            "{text}"
        );
        assert!(text.contains("marc = { answer = \"no\" }\n"));

        let sub = format!("{HEAD}\n[rsvp.edith]\nanswer = \"yes\" # first\n");
        let text = edit(&sub, "edith", Answer::Maybe, "2026-11-21T08:00");
        let parsed: toml::Table = text.parse().unwrap();
        assert_eq!(parsed["rsvp"]["edith"]["answer"].as_str(), Some("maybe"));
        assert_eq!(
            parsed["rsvp"]["edith"]["at"].to_string(),
            "2026-11-21T08:00:00"
        );
        assert!(text.starts_with(HEAD));

        let dotted = format!("{HEAD}rsvp = {{ edith = {{ answer = \"yes\" }} }}\n");
        let text = edit(&dotted, "marc", Answer::Yes, "2026-11-21T08:00");
        let parsed: toml::Table = text.parse().unwrap();
        assert_eq!(parsed["rsvp"]["edith"]["answer"].as_str(), Some("yes"));
        assert_eq!(parsed["rsvp"]["marc"]["answer"].as_str(), Some("yes"));
    }
}
