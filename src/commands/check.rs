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
    problems.extend(data.shared_addresses.iter().cloned());
    problems.extend(crate::poll::check_all(&ctx.dir, &data));
    if !problems.is_empty() {
        problems.sort_by(|a, b| {
            (a.file.as_path(), a.line, a.column).cmp(&(b.file.as_path(), b.line, b.column))
        });
        return Err(crate::error::Error::Invalid(problems));
    }
    // Template overrides are checked now, not discovered at `invite` time.
    let overrides = crate::mail::compose::load_overrides(&ctx.dir)?;
    let problems = crate::mail::compose::check_overrides(&data.config, &overrides);
    if !problems.is_empty() {
        return Err(crate::error::Error::Invalid(problems));
    }
    if let Some(address) = example_address(&data.config.mail.from) {
        eprintln!(
            "{}",
            t!(ctx.lang, "first-use-example-from", address = address)
        );
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

/// The address of `from` when it is the placeholder of the starter file
/// or one like it: a mailbox at one of the reserved example domains of
/// RFC 2606 itself (a realistic sub-domain, as the demo's, is left alone).
fn example_address(from: &str) -> Option<String> {
    let mailbox: lettre::message::Mailbox = from.parse().ok()?;
    let domain = mailbox.email.domain().to_lowercase();
    ["example.org", "example.com", "example.net"]
        .contains(&domain.as_str())
        .then(|| mailbox.email.to_string())
}
