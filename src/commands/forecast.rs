//! `jelly forecast EVENT`: how many people are expected at a scheduled
//! session, with an 80 % interval, counting the answers already received,
//! against `[rotation] quorum`. The statistics are in [`crate::turnout`].

use crate::context::Context;
use crate::error::Result;
use crate::i18n::{number, Lang};
use crate::output::Output;
use crate::t;
use crate::turnout::{self, Basis, Forecast};

use super::find_event;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The session's id (its file name in events/, without .toml).
    #[arg(value_name = "EVENT")]
    pub event: String,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let data = ctx.load()?;
    let event = find_event(ctx, &data, &args.event)?;
    let model = turnout::learn(&data, event.date);
    let forecast = turnout::forecast(&data, event, &model);
    if forecast.below_quorum {
        let warning = turnout::below_quorum(
            ctx.lang,
            &data,
            &event.venue,
            event.date,
            forecast.expected_turnout,
        );
        if let Some(warning) = warning {
            eprintln!("{warning}");
        }
    }
    let venue = data
        .venue(&event.venue)
        .map_or(event.venue.as_str(), |v| v.name.as_str());
    // The date in words, as the invitations say it.
    let when = t!(
        ctx.lang,
        "mail-date-time",
        date = crate::mail::compose::long_date(ctx.lang, event.date),
        time = event.date.format("%H:%M").to_string()
    );
    let text = render(ctx.lang, &forecast, venue, &when);
    Output::new(&forecast, text)
}

/// The forecast in sentences.
pub fn render(lang: Lang, f: &Forecast, venue: &str, date: &str) -> String {
    let mut lines = vec![t!(
        lang,
        "forecast-summary",
        event = f.event,
        venue = venue,
        date = date,
        expected = number(lang, f.expected_turnout, 1),
        whole = turnout::whole(f.expected_turnout),
        low = f.low,
        high = f.high,
        invited = f.invited
    )];
    if f.answered_yes + f.answered_no + f.answered_maybe > 0 {
        lines.push(t!(
            lang,
            "forecast-answers",
            yes = f.answered_yes,
            no = f.answered_no,
            maybe = f.answered_maybe,
            yes_rate = number(lang, f.yes_rate, 2)
        ));
    }
    if !f.waitlist.is_empty() {
        lines.push(t!(
            lang,
            "waitlist-forecast",
            count = f.waitlist.len(),
            list = crate::i18n::Raw(f.waitlist.join(", "))
        ));
    }
    if let Some(quorum) = f.quorum {
        let key = if f.below_quorum {
            "forecast-quorum-missed"
        } else {
            "forecast-quorum-met"
        };
        lines.push(t!(lang, key, quorum = quorum));
    }
    lines.push(match f.basis {
        Basis::Model { .. } => t!(lang, "forecast-basis-model", sessions = f.sessions),
        Basis::Prior { .. } => t!(
            lang,
            "first-use-forecast-prior",
            sessions = f.sessions,
            min = turnout::MIN_SESSIONS
        ),
    });
    let mut text = lines.join(" ");
    text.push('\n');
    text
}
