//! `jelly check`: validate the whole data directory.

use serde::Serialize;

use crate::context::Context;
use crate::error::Result;
use crate::output::Output;
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub ok: bool,
    pub villages: usize,
    pub venues: usize,
    pub participants: usize,
    pub sessions: usize,
}

/// Loads everything; every problem is reported at once (exit 2) by the
/// loader. On success, a one-line summary.
pub fn run(_args: Args, ctx: &Context) -> Result<Output> {
    let data = ctx.load()?;
    let mut problems = data.dangling.clone();
    problems.extend(crate::poll::check_all(&ctx.dir, &data));
    if !problems.is_empty() {
        return Err(crate::error::Error::Invalid(problems));
    }
    let summary = Summary {
        ok: true,
        villages: data.villages.len(),
        venues: data.venues.len(),
        participants: data.participants.len(),
        sessions: data.events.len(),
    };
    let text = t!(
        ctx.lang,
        "check-ok",
        villages = summary.villages,
        venues = summary.venues,
        participants = summary.participants,
        sessions = summary.sessions
    );
    Output::new(&summary, text)
}
