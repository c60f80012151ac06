//! One file per subcommand: its arguments (clap) and its `run`, which
//! returns an [`Output`] for the output module to print.

pub mod agenda;
pub mod attend;
pub mod cancel;
pub mod check;
pub(crate) mod complete;
pub mod completions;
pub mod distances;
pub mod forecast;
pub mod import;
pub mod inbox;
pub mod inbox_links;
pub mod init;
pub mod invite;
pub mod mail;
pub mod map;
pub mod next;
pub mod participant;
pub mod participant_merge;
pub mod participant_privacy;
pub mod plan;
pub mod poll;
pub mod publish;
pub mod remind;
pub mod report;
pub mod reschedule;
pub mod rsvp;
pub mod schedule;
pub mod sheet;
pub mod site;
pub mod stats;
pub mod turnout_model;
pub mod unsubscribe_token;
pub mod venue;
pub mod village;

use crate::cli::Command;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Output;

pub fn dispatch(command: Command, ctx: &Context) -> Result<Output> {
    if ctx.format == crate::context::Format::Csv
        && !matches!(command, Command::Stats(_) | Command::Participants(_))
    {
        return Err(Error::usage(crate::t!(ctx.lang, "stats-err-csv")));
    }
    match command {
        Command::Init(args) => init::run(args, ctx),
        Command::Check(args) => check::run(args, ctx),
        Command::Villages(args) => village::list(args, ctx),
        Command::Village(command) => village::run(command, ctx),
        Command::Venues(args) => venue::list(args, ctx),
        Command::Venue(command) => venue::run(command, ctx),
        Command::Participants(args) => participant::list(args, ctx),
        Command::Participant(command) => participant::run(command, ctx),
        Command::Distances(command) => distances::run(command, ctx),
        Command::Next(args) => next::run(args, ctx),
        Command::Schedule(args) => schedule::run(args, ctx),
        Command::Invite(args) => invite::run(args, ctx),
        Command::Mail(args) => mail::run(args, ctx),
        Command::Reschedule(args) => reschedule::run(args, ctx),
        Command::Cancel(args) => cancel::run(args, ctx),
        Command::Remind(args) => remind::run(args, ctx),
        Command::Agenda(args) => agenda::run(args, ctx),
        Command::Plan(args) => plan::run(args, ctx),
        Command::Map(args) => map::run(args, ctx),
        Command::Completions(args) => completions::completions(args, ctx),
        Command::Man(args) => completions::man(args, ctx),
        Command::Rsvp(args) => rsvp::run(args, ctx),
        Command::Attend(args) => attend::run(args, ctx),
        Command::Stats(args) => stats::run(args, ctx),
        Command::Sheet(args) => sheet::run(args, ctx),
        Command::Site(args) => site::run(args, ctx),
        Command::Publish(command) => publish::run(command, ctx),
        Command::Report(args) => report::run(args, ctx),
        Command::Forecast(args) => forecast::run(args, ctx),
        Command::UnsubscribeToken(args) => unsubscribe_token::run(args, ctx),
        Command::Inbox(args) => inbox::run(args, ctx),
        Command::Poll(command) => poll::run(command, ctx),
    }
}

/// A usage error about one flag's value: "--email: invalid email address …".
///
/// A positional argument (`EVENT`, `PARTICIPANT`) is named by a word of the
/// user's language (« session », « participant »), not its placeholder.
pub fn flag_error(flag: &str, message: String) -> Error {
    if flag.starts_with('-') || !flag.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
        return Error::usage(format!("{flag}: {message}"));
    }
    let lang = crate::i18n::current();
    let key = format!("arg-word-{}", flag.to_ascii_lowercase());
    let word = if crate::i18n::has_message(lang, &key) {
        crate::t!(lang, &key)
    } else {
        flag.to_lowercase()
    };
    Error::usage(crate::t!(
        lang,
        "arg-word-prefix",
        word = crate::i18n::Raw(word),
        message = crate::i18n::Raw(message)
    ))
}

/// Refuses a text given as `flag` that holds a control character or is too
/// long ([`crate::model::validate_text_field`]); `key` names the field.
pub fn check_text_flag(ctx: &Context, flag: &str, key: &str, value: &str) -> Result<()> {
    crate::model::validate_text_field(value)
        .map_err(|problem| flag_error(flag, problem.message(ctx.lang, key)))
}

/// Parses a number given as a flag or typed at a prompt.
pub fn parse_number(ctx: &Context, flag: &str, text: &str) -> Result<f64> {
    // « 20 km », « 20km »: the unit the flag already says is allowed.
    let trimmed = text.trim();
    let number = trimmed
        .strip_suffix("km")
        .or_else(|| trimmed.strip_suffix("KM"))
        .or_else(|| trimmed.strip_suffix("Km"))
        .filter(|_| flag.contains("km"))
        .unwrap_or(trimmed);
    number
        .trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| {
            let expected = crate::t!(ctx.lang, "type-number");
            flag_error(
                flag,
                crate::t!(ctx.lang, "err-wrong-type", key = text, expected = expected),
            )
        })
}

/// The closest of `ids` to `id`, phrased as a hint.
pub fn unknown_ref(ctx: &Context, flag: &str, what_key: &str, id: &str, ids: &[&str]) -> Error {
    let hint = match crate::store::schema::closest(id, ids.iter().copied()) {
        Some(s) => crate::t!(ctx.lang, "err-unknown-ref-hint", suggestion = s),
        None => crate::t!(ctx.lang, "err-unknown-ref-none"),
    };
    let what = crate::t!(ctx.lang, what_key);
    flag_error(
        flag,
        crate::t!(
            ctx.lang,
            "err-unknown-ref",
            what = what,
            id = id,
            hint = hint
        ),
    )
}

/// The participant `text` names: an id, else the one person whose whole
/// name, or first name, it is (at the door or on the phone, people say
/// « Camille »). Several of that name: exit 2 listing them, nobody picked.
pub(crate) fn participant_named(
    ctx: &Context,
    data: &crate::model::Dataset,
    text: &str,
    flag: &str,
) -> Result<String> {
    if data.participant(text).is_some() {
        return Ok(text.to_string());
    }
    match crate::identity::named(&data.participants, text).as_slice() {
        [one] => Ok(one.id.clone()),
        [] => {
            let ids: Vec<&str> = data.participants.iter().map(|p| p.id.as_str()).collect();
            Err(unknown_ref(ctx, flag, "what-participant", text, &ids))
        }
        several => {
            let list: Vec<String> = several
                .iter()
                .map(|p| format!("{} ({})", p.name, p.id))
                .collect();
            Err(flag_error(
                flag,
                crate::t!(
                    ctx.lang,
                    "rsvp-several-named",
                    name = text,
                    count = several.len(),
                    people = crate::i18n::Raw(list.join(", "))
                ),
            ))
        }
    }
}

/// The id of a new entry of `file`: `requested` (`--id`) if it is valid and
/// free, else one made from `name`, unique.
pub fn new_id(
    ctx: &Context,
    requested: Option<String>,
    name: &str,
    file: &str,
    taken: impl Fn(&str) -> bool,
) -> Result<String> {
    let lang = ctx.lang;
    match requested {
        Some(id) => {
            if !crate::model::is_valid_id(&id) {
                let example = crate::model::slug(&id);
                return Err(flag_error(
                    "--id",
                    crate::t!(lang, "err-bad-id", id = id, example = example),
                ));
            }
            if taken(&id) {
                return Err(flag_error(
                    "--id",
                    crate::t!(lang, "err-id-taken", id = id, file = file),
                ));
            }
            Ok(id)
        }
        None => Ok(crate::model::unique_slug(name, taken)),
    }
}

/// The session `id`, or a usage error naming the closest existing id.
/// « le jeudi 14 janvier 2027 à Auch »: the session as people say it.
pub fn session_title(
    ctx: &Context,
    data: &crate::model::Dataset,
    event: &crate::model::Event,
) -> String {
    session_words(ctx, data, event, "attend-session-title")
}

/// « du jeudi 14 janvier 2027 à Auch »: a session in words, after « la
/// session » in a sentence.
pub fn session_of(
    ctx: &Context,
    data: &crate::model::Dataset,
    event: &crate::model::Event,
) -> crate::i18n::Raw<String> {
    crate::i18n::Raw(session_words(ctx, data, event, "attend-session-of"))
}

/// The message `key` with the session's date in words and its village.
fn session_words(
    ctx: &Context,
    data: &crate::model::Dataset,
    event: &crate::model::Event,
    key: &str,
) -> String {
    let place = data
        .venue(&event.venue)
        .and_then(|venue| data.village(&venue.village))
        .map_or_else(|| event.venue.clone(), |v| v.name.clone());
    crate::t!(
        ctx.lang,
        key,
        date = crate::mail::compose::long_date(ctx.lang, event.date),
        place = place
    )
}

pub fn find_event<'a>(
    ctx: &Context,
    data: &'a crate::model::Dataset,
    id: &str,
) -> Result<&'a crate::model::Event> {
    data.event(id).ok_or_else(|| {
        let ids = data.events.iter().map(|e| e.id.as_str());
        let hint = match crate::store::schema::closest(id, ids) {
            Some(s) => crate::t!(ctx.lang, "err-unknown-ref-hint", suggestion = s),
            None => String::new(),
        };
        let dir = ctx.dir.events();
        // The message names what is unknown (« session … inconnue »): no
        // prefix to repeat it.
        Error::usage(crate::t!(
            ctx.lang,
            "err-unknown-event",
            id = id,
            dir = dir.display(),
            hint = hint
        ))
    })
}
