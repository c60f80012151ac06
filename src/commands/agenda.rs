//! `jelly agenda`: the upcoming sessions, as a table or as an iCalendar
//! feed that calendar applications can subscribe to.

use serde::Serialize;

use crate::context::Context;
use crate::error::Result;
use crate::mail::compose::Composer;
use crate::mail::ics;
use crate::model::{Answer, Dataset, Event, Status};
use crate::output::{self, Output};
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print an iCalendar feed (one VEVENT per planned session) instead of a table.
    #[arg(long)]
    pub ics: bool,
    /// Include past sessions too.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Serialize)]
pub struct AgendaEntry {
    pub id: String,
    #[serde(serialize_with = "crate::rotation::serialize_datetime")]
    pub date: chrono::NaiveDateTime,
    pub status: Status,
    pub venue: String,
    pub venue_name: String,
    pub village: String,
    pub village_name: String,
    pub address: Option<String>,
    pub theme: Option<String>,
    pub invited: usize,
    pub answered_yes: usize,
}

/// The sessions to show: planned ones from now on (or every one with `all`), by date.
pub fn upcoming(data: &Dataset, now: chrono::NaiveDateTime, all: bool) -> Vec<&Event> {
    data.events
        .iter()
        .filter(|e| all || (e.status == Status::Planned && e.date >= now))
        .collect()
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let data = ctx.load()?;
    let events = upcoming(&data, ctx.now, args.all);
    if args.ics {
        let composer = Composer::new(&data.config, Vec::new())?;
        // Subscribers must see a cancellation: a cancelled session stays
        // in the feed (STATUS:CANCELLED) until its date has passed.
        let calendar_events: Vec<_> = data
            .events
            .iter()
            .filter(|e| {
                args.all
                    || (matches!(e.status, Status::Planned | Status::Cancelled)
                        && e.date >= ctx.now)
            })
            .map(|e| composer.calendar_event(&data, e, None, ctx.now_utc))
            .collect();
        let feed = ics::feed(&data.config.association.name, &calendar_events);
        return Output::new(&feed, feed.clone());
    }
    let entries: Vec<AgendaEntry> = events
        .iter()
        .map(|e| {
            let venue = data.venue(&e.venue);
            let village_id = venue.map(|v| v.village.clone()).unwrap_or_default();
            AgendaEntry {
                id: e.id.clone(),
                date: e.date,
                status: e.status,
                venue: e.venue.clone(),
                venue_name: venue.map(|v| v.name.clone()).unwrap_or_default(),
                village_name: data
                    .village(&village_id)
                    .map(|v| v.name.clone())
                    .unwrap_or_default(),
                village: village_id,
                address: venue.and_then(|v| v.address.clone()),
                theme: e.theme.clone(),
                invited: e.invited.len(),
                answered_yes: e.rsvp.values().filter(|r| r.answer == Answer::Yes).count(),
            }
        })
        .collect();
    let lang = ctx.lang;
    if entries.is_empty() {
        let text = if ctx.quiet {
            String::new()
        } else {
            t!(lang, "agenda-empty")
        };
        return Output::new(&entries, text);
    }
    // With --all, past and cancelled sessions are mixed in: a status column
    // tells them apart, in the reader's words.
    let mut columns = vec![
        "col-date",
        "col-session",
        "col-village",
        "col-venue",
        "col-theme",
        "col-invited",
        "col-yes",
    ];
    if args.all {
        columns.insert(2, "first-use-col-status");
    }
    let mut table = output::table(crate::output::headers(lang, &columns));
    for e in &entries {
        let mut row = vec![
            e.date.format("%Y-%m-%d %H:%M").to_string(),
            e.id.clone(),
            e.village_name.clone(),
            e.venue_name.clone(),
            output::cell(e.theme.as_ref()),
            e.invited.to_string(),
            e.answered_yes.to_string(),
        ];
        if args.all {
            let status = match e.status {
                Status::Planned => t!(lang, "first-use-status-planned"),
                Status::Held => t!(lang, "first-use-status-held"),
                Status::Cancelled => t!(lang, "first-use-status-cancelled"),
            };
            row.insert(2, status);
        }
        table.add_row(row);
    }
    let shift = usize::from(args.all);
    output::align_right(&mut table, &[5 + shift, 6 + shift]);
    Output::new(&entries, table.to_string())
}
