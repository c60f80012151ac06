//! `jelly map [EVENT] [-o FILE.svg]`: the network on an SVG map, with the
//! venue of a session (or the `next` choice) highlighted.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::map::{self, MapSpec};
use crate::output::Output;
use crate::rotation;
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A session id (file stem under events/): its venue is highlighted and
    /// the circles count its invited participants. Default: the venue `next`
    /// would choose now, and every active participant.
    pub event: Option<String>,
    /// Write the SVG to this file instead of printing it.
    #[arg(short = 'o', long = "output", value_name = "FILE.svg")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Serialize)]
struct Written {
    file: PathBuf,
    venue: Option<String>,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    let data = ctx.load()?;
    let active: Vec<&crate::model::Participant> =
        data.participants.iter().filter(|p| p.active).collect();
    let (venue, title, people): (Option<String>, String, Vec<&str>) = match &args.event {
        Some(id) => {
            let Some(event) = data.event(id) else {
                let ids: Vec<&str> = data.events.iter().map(|e| e.id.as_str()).collect();
                let hint = match crate::store::schema::closest(id, ids.iter().copied()) {
                    Some(s) => t!(lang, "err-unknown-ref-hint", suggestion = s),
                    None => String::new(),
                };
                return Err(Error::usage(t!(
                    lang,
                    "err-unknown-event",
                    id = id,
                    dir = ctx.dir.events().display(),
                    hint = hint
                )));
            };
            let venue_name = data
                .venue(&event.venue)
                .map_or_else(|| event.venue.clone(), |v| v.name.clone());
            let title = t!(
                lang,
                "map-title-event",
                date = event.date.format("%Y-%m-%d %H:%M"),
                venue = venue_name
            );
            let people = if event.invited.is_empty() {
                active.iter().map(|p| p.village.as_str()).collect()
            } else {
                event
                    .invited
                    .iter()
                    .filter_map(|id| data.participant(id))
                    .map(|p| p.village.as_str())
                    .collect()
            };
            (Some(event.venue.clone()), title, people)
        }
        None => {
            let ranking = rotation::rank(&data, ctx.now, data.config.rotation.objective);
            let title = match ranking.choice.as_ref().and_then(|id| data.venue(id)) {
                Some(v) => t!(
                    lang,
                    "map-title-next",
                    association = data.config.association.name,
                    venue = v.name
                ),
                None => data.config.association.name.clone(),
            };
            (
                ranking.choice.clone(),
                title,
                active.iter().map(|p| p.village.as_str()).collect(),
            )
        }
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for village in people {
        *counts.entry(village.to_string()).or_default() += 1;
    }
    let spec = MapSpec {
        title,
        venue: venue.clone(),
        people: counts,
    };
    let svg = map::render(&data, &spec, lang);
    match args.output {
        Some(file) => {
            crate::store::write_atomic(&file, svg.as_bytes())?;
            let text = t!(lang, "map-written", file = file.display());
            Output::new(&Written { file, venue }, text)
        }
        None => Output::new(&svg, svg.clone()),
    }
}
