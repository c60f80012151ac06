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

use super::{flag_error, unknown_ref};

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
    answer: Answer,
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
    let _lock = ctx.dir.lock()?;
    let data = ctx.load()?;
    let event = find_event(ctx, &data, &args.event)?;
    if data.participant(&args.participant).is_none() {
        let ids: Vec<&str> = data.participants.iter().map(|p| p.id.as_str()).collect();
        return Err(unknown_ref(
            ctx,
            "PARTICIPANT",
            "what-participant",
            &args.participant,
            &ids,
        ));
    }
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
        ctx.note(&t!(
            lang,
            "rsvp-not-invited",
            participant = args.participant,
            id = event.id
        ));
    }
    let previous = event.rsvp.get(&args.participant).map(|r| r.answer);
    let mut file = EventFile::open(&ctx.dir.event(&event.id))?;
    file.set_rsvp(lang, &args.participant, answer, at)?;
    file.save()?;
    let name = data
        .participant(&args.participant)
        .map_or_else(|| args.participant.clone(), |p| p.name.clone());
    let text = t!(
        lang,
        "rsvp-recorded-named",
        name = name,
        participant = args.participant,
        answer = t!(lang, &format!("rsvp-answer-{}", answer.as_str())),
        title = crate::i18n::Raw(super::session_title(ctx, &data, event))
    );
    Output::new(
        &Recorded {
            event: event.id.clone(),
            participant: args.participant,
            answer,
            at,
            previous,
        },
        text,
    )
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
