//! `jelly schedule`: create a session file, by default at the venue `jelly
//! next` would choose, with every active participant invited.

use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::rotation;
use crate::store::atomic::write_atomic;
use crate::store::event_file::EventFile;
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// When the session starts (the association's local time); a date
    /// alone takes [rotation] default_time (18:30 by default).
    #[arg(long, value_name = "DT")]
    pub date: String,
    /// The venue: its id or its name (default: the first choice of `jelly
    /// next` for that date).
    #[arg(long, value_name = "ID")]
    pub venue: Option<String>,
    /// The session's theme.
    #[arg(long, value_name = "TEXT")]
    pub theme: Option<String>,
    /// Accept a date in the past (recording a session after the fact).
    #[arg(long)]
    pub force: bool,
    /// Who is invited (repeatable: a union), e.g. near:VENUE:KM, came:EVENT,
    /// village:ID,… (see `jelly mail`). Default: [rotation] invite, else all.
    #[arg(long, value_name = "SELECTOR")]
    pub invite: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Scheduled {
    id: String,
    #[serde(serialize_with = "rotation::serialize_datetime")]
    date: chrono::NaiveDateTime,
    venue: String,
    village: String,
    invited: usize,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let typed = ctx.parse_typed_datetime("--date", &args.date)?;
    // A day alone means the association's usual time, never midnight.
    let date = if typed.time_given {
        typed.at
    } else {
        typed.at.date().and_time(ctx.config.rotation.default_time)
    };
    if let Some(theme) = &args.theme {
        super::check_text_flag(ctx, "--theme", "theme", theme)?;
    }
    if date < ctx.now && !args.force {
        return Err(Error::usage(t!(
            ctx.lang,
            "schedule-past",
            date = date.format("%Y-%m-%d %H:%M"),
            now = ctx.now.format("%Y-%m-%d %H:%M")
        )));
    }
    let loaded = ctx.load()?;
    // The choice of venue and the turnout count only those invited.
    let data = crate::selectors::for_invited(loaded, &args.invite).map_err(|e| {
        super::flag_error(
            crate::selectors::invite_source(&args.invite),
            e.message(ctx.lang),
        )
    })?;
    let venue = match &args.venue {
        Some(id) => {
            // An id, or a venue's name as `next` shows it (accents, case and
            // hyphens aside) when exactly one venue has it.
            let by_name = || {
                let key = crate::identity::name_key(id);
                let mut named = data
                    .venues
                    .iter()
                    .filter(|v| crate::identity::name_key(&v.name) == key);
                match (named.next(), named.next()) {
                    (Some(venue), None) => Some(venue),
                    _ => None,
                }
            };
            let venue = data.venue(id).or_else(by_name).ok_or_else(|| {
                let ids: Vec<&str> = data.venues.iter().map(|v| v.id.as_str()).collect();
                super::unknown_ref(ctx, "--venue", "what-venue", id, &ids)
            })?;
            let ranking = crate::store::figures_cache::ranking(
                &ctx.dir,
                &data,
                date,
                data.config.rotation.objective,
            );
            let warning =
                crate::turnout::venue_quorum_warning(ctx.lang, &data, &ranking, &venue.id);
            if let Some(warning) = warning {
                eprintln!("{warning}");
            }
            let expected = ranking
                .candidates
                .iter()
                .find(|c| c.venue == venue.id)
                .map_or(0.0, |c| c.expected_turnout);
            if let Some(capacity) = venue.capacity.filter(|&c| f64::from(c) < expected) {
                eprintln!(
                    "{}",
                    t!(
                        ctx.lang,
                        "first-use-schedule-small",
                        venue = venue.name.as_str(),
                        capacity = capacity,
                        expected = crate::i18n::number(ctx.lang, expected, 1),
                        whole = crate::turnout::whole(expected)
                    )
                );
            }
            venue
        }
        None => {
            let ranking = crate::store::figures_cache::ranking(
                &ctx.dir,
                &data,
                date,
                data.config.rotation.objective,
            );
            if let Some(warning) = crate::turnout::quorum_warning(ctx.lang, &data, &ranking) {
                eprintln!("{warning}");
            }
            for warning in super::next::warnings(ctx.lang, &data, &ranking) {
                eprintln!("{warning}");
            }
            let choice = ranking
                .choice
                .ok_or_else(|| Error::usage(t!(ctx.lang, "schedule-no-venue")))?;
            let venue = data.venue(&choice).expect("the ranking names known venues");
            let village = data
                .village(&venue.village)
                .map(|v| v.name.clone())
                .unwrap_or_default();
            ctx.note(&t!(
                ctx.lang,
                "schedule-chosen",
                venue = venue.name,
                village = village
            ));
            venue
        }
    };
    // One session per venue and day: a second one is a mistake (a typo in
    // the date, a double run), not a "-2" file.
    if let Some(existing) = data.events.iter().find(|e| {
        e.venue == venue.id
            && e.date.date() == date.date()
            && e.status != crate::model::Status::Cancelled
    }) {
        return Err(Error::usage(t!(
            ctx.lang,
            "first-use-schedule-same-day",
            venue = venue.name.as_str(),
            date = date.format("%Y-%m-%d"),
            id = existing.id.as_str()
        )));
    }
    let _lock = ctx.dir.lock()?;
    let (id, invited) = create(ctx, &data, date, &venue.id, args.theme.as_deref(), &[])?;
    // stdout keeps the id alone (scripts read it); a person at a terminal
    // is told what was made and what comes next.
    if ctx.interactive {
        let place = data
            .village(&venue.village)
            .map_or_else(|| venue.village.clone(), |v| v.name.clone());
        ctx.note(&t!(
            ctx.lang,
            "schedule-done",
            date = crate::mail::compose::long_date(ctx.lang, date),
            time = date.format("%H:%M").to_string(),
            venue = venue.name.as_str(),
            village = place,
            count = invited,
            id = id.as_str()
        ));
    }
    let scheduled = Scheduled {
        id: id.clone(),
        date,
        venue: venue.id.clone(),
        village: venue.village.clone(),
        invited,
    };
    Output::new(&scheduled, id)
}

/// Writes a new planned session at `venue` (every active participant
/// invited, `answers` already recorded as `jelly rsvp` records them) and
/// returns its id and how many are invited. Also `jelly poll close`'s way
/// of creating the session.
pub fn create(
    ctx: &Context,
    data: &crate::model::Dataset,
    date: chrono::NaiveDateTime,
    venue: &str,
    theme: Option<&str>,
    answers: &[(String, crate::model::Answer, chrono::NaiveDateTime)],
) -> Result<(String, usize)> {
    let invited: Vec<&str> = data
        .participants
        .iter()
        .filter(|p| p.active)
        .map(|p| p.id.as_str())
        .collect();
    let text = EventFile::planned_text(date, venue, theme, &invited);
    let events = ctx.dir.events();
    std::fs::create_dir_all(&events).map_err(|e| Error::io(&events, e))?;
    let village = data.venue(venue).map_or("", |v| v.village.as_str());
    let base = format!("{}-{}", date.format("%Y-%m-%d"), village);
    let id = crate::model::unique_slug(&base, |candidate| ctx.dir.event(candidate).exists());
    if answers.is_empty() {
        write_atomic(&ctx.dir.event(&id), text.as_bytes())?;
    } else {
        let mut file = EventFile::new_at(&ctx.dir.event(&id), &text)?;
        for (participant, answer, at) in answers {
            file.set_rsvp(ctx.lang, participant, *answer, *at)?;
        }
        file.save()?;
    }
    Ok((id, invited.len()))
}
