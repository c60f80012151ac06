//! `jelly rsvp EVENT PARTICIPANT yes|no|maybe`: record an answer to an
//! invitation in the session's file (`[rsvp]` table), with the time it was
//! recorded. The last answer wins.

use chrono::NaiveDateTime;
use serde::Serialize;
use toml_edit::{value, InlineTable, Item, Table};

use crate::context::Context;
use crate::error::{Error, Result};
use crate::model::{Answer, Dataset, Event, Status};
use crate::output::Output;
use crate::store::edit::EditableFile;
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
    let answer = Answer::parse(args.answer.trim()).ok_or_else(|| {
        flag_error(
            "ANSWER",
            t!(
                lang,
                "err-bad-choice",
                key = "answer",
                value = args.answer,
                allowed = Answer::ALL.join(", ")
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
    let mut file = EditableFile::open(&ctx.dir.event(&event.id))?;
    set_rsvp(lang, &mut file, &args.participant, answer, at)?;
    file.save()?;
    let text = t!(
        lang,
        "rsvp-recorded",
        participant = args.participant,
        answer = t!(lang, &format!("rsvp-answer-{}", answer.as_str())),
        id = event.id
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

/// The session `id`, or a usage error naming the closest existing id.
pub fn find_event<'a>(ctx: &Context, data: &'a Dataset, id: &str) -> Result<&'a Event> {
    data.event(id).ok_or_else(|| {
        let ids = data.events.iter().map(|e| e.id.as_str());
        let hint = match crate::store::schema::closest(id, ids) {
            Some(s) => t!(ctx.lang, "err-unknown-ref-hint", suggestion = s),
            None => String::new(),
        };
        let dir = ctx.dir.events();
        flag_error(
            "EVENT",
            t!(
                ctx.lang,
                "err-unknown-event",
                id = id,
                dir = dir.display(),
                hint = hint
            ),
        )
    })
}

/// A local date-time as a TOML value (no offset: the association's time).
pub fn toml_datetime(dt: NaiveDateTime) -> toml_edit::Datetime {
    use chrono::{Datelike, Timelike};
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: dt.year() as u16,
            month: dt.month() as u8,
            day: dt.day() as u8,
        }),
        time: Some(toml_edit::Time {
            hour: dt.hour() as u8,
            minute: dt.minute() as u8,
            second: dt.second() as u8,
            nanosecond: 0,
        }),
        offset: None,
    }
}

/// Sets `participant`'s answer in the event file's `[rsvp]` table (created
/// at the end of the file if absent), replacing any earlier one. Whatever
/// form the user wrote the table in (`[rsvp]` with inline tables,
/// `[rsvp.<id>]` sub-tables, or `rsvp = { … }`) is kept.
pub fn set_rsvp(
    lang: crate::i18n::Lang,
    file: &mut EditableFile,
    participant: &str,
    answer: Answer,
    at: NaiveDateTime,
) -> Result<()> {
    let mut entry = InlineTable::new();
    entry.insert("answer", answer.as_str().into());
    entry.insert("at", toml_datetime(at).into());
    let root = file.doc.as_table_mut();
    let rsvp = root
        .entry("rsvp")
        .or_insert_with(|| Item::Table(Table::new()));
    // An earlier answer is replaced in place, keeping its comments.
    let replace = |existing: &mut toml_edit::Value, entry: InlineTable| {
        let decor = existing.decor().clone();
        *existing = toml_edit::Value::InlineTable(entry);
        *existing.decor_mut() = decor;
    };
    match rsvp {
        Item::Table(table) => match table.get_mut(participant) {
            Some(Item::Table(sub)) => {
                sub.insert("answer", value(answer.as_str()));
                sub.insert("at", value(toml_datetime(at)));
            }
            Some(Item::Value(existing)) => replace(existing, entry),
            _ => {
                table.insert(participant, value(entry));
            }
        },
        Item::Value(toml_edit::Value::InlineTable(map)) => match map.get_mut(participant) {
            Some(existing) => replace(existing, entry),
            None => {
                map.insert(participant, entry.into());
            }
        },
        _ => {
            return Err(Error::Invalid(vec![crate::error::Problem::new(
                &file.path,
                t!(lang, "err-not-table", key = "rsvp"),
            )]))
        }
    }
    Ok(())
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn edit(text: &str, participant: &str, answer: Answer, at: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2026-12-01-anduze.toml");
        std::fs::write(&path, text).unwrap();
        let mut file = EditableFile::open(&path).unwrap();
        let at = crate::model::parse_local_datetime(at).unwrap();
        set_rsvp(Lang::En, &mut file, participant, answer, at).unwrap();
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
