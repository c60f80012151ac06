//! `jelly stats --model`: the turnout model in words (the distance effect
//! for a typical member, regulars against occasional visitors, what a "yes"
//! is worth), the data it rests on, and the leave-one-session-out
//! calibration table. The figures come from [`crate::turnout::summary`].

use crate::context::Context;
use crate::error::Result;
use crate::i18n::{number, Lang};
use crate::output::{self, Output};
use crate::t;
use crate::turnout::{self, Basis, Summary};

pub fn run(ctx: &Context) -> Result<Output> {
    let data = ctx.load()?;
    let summary = turnout::summary(&data, ctx.now);
    let text = render(ctx.lang, &summary);
    Ok(Output::new(&summary, text)?.with_csv(csv(&summary)))
}

fn percent(lang: Lang, rate: f64) -> String {
    match lang {
        Lang::Fr => format!("{}\u{a0}%", number(lang, rate * 100.0, 0)),
        Lang::En => format!("{}%", number(lang, rate * 100.0, 0)),
    }
}

/// "0–10", "40+" (km).
fn band_label(band: &turnout::Band) -> String {
    match band.to_km {
        Some(to) => format!("{}–{}", band.from_km, to),
        None => format!("{}+", band.from_km),
    }
}

/// The summary as sentences and the calibration table.
pub fn render(lang: Lang, s: &Summary) -> String {
    let mut out = t!(lang, "turnout-model-title");
    out.push('\n');
    if s.sessions == 0 {
        out.push_str(&t!(lang, "turnout-model-none"));
        out.push('\n');
        return out;
    }
    let mut sentences = Vec::new();
    match s.basis {
        Basis::Model { .. } => {
            sentences.push(t!(
                lang,
                "turnout-model-data",
                sessions = s.sessions,
                invitations = s.invitations,
                people = s.people
            ));
            if let (Some(km), Some(near), Some(far), Some(points)) = (
                s.typical_km,
                s.chance_at_typical_km,
                s.chance_10_km_further,
                s.points_per_10_km,
            ) {
                let key = if points <= 0.0 {
                    "turnout-model-drop"
                } else {
                    "turnout-model-rise"
                };
                sentences.push(t!(
                    lang,
                    key,
                    points = number(lang, points.abs(), 1),
                    whole = turnout::whole(points.abs()),
                    near = percent(lang, near),
                    far = percent(lang, far),
                    km = number(lang, km, 0),
                    further = number(lang, km + 10.0, 0)
                ));
            }
            if let (Some(km), Some(regular), Some(occasional)) =
                (s.typical_km, s.regular_chance, s.occasional_chance)
            {
                sentences.push(t!(
                    lang,
                    "turnout-model-people",
                    km = number(lang, km, 0),
                    regular = percent(lang, regular),
                    occasional = percent(lang, occasional)
                ));
            }
        }
        Basis::Prior { .. } => sentences.push(t!(
            lang,
            "first-use-model-prior",
            sessions = s.sessions,
            min = s.min_sessions,
            rate = percent(lang, s.prior_rate),
            odds = number(lang, s.prior_odds_per_10_km, 2)
        )),
    }
    // Only what the history holds: no "yes" answers, no sentence.
    if s.yes_answers > 0 {
        sentences.push(t!(
            lang,
            "first-use-model-yes",
            came = s.yes_came,
            answers = s.yes_answers,
            rate = percent(lang, s.yes_came as f64 / s.yes_answers as f64)
        ));
    }
    out.push_str(&sentences.join(" "));
    out.push('\n');
    if s.calibration.is_empty() {
        out.push_str(&t!(
            lang,
            "first-use-model-no-calibration",
            sessions = s.sessions,
            min = s.min_calibration_sessions
        ));
        out.push('\n');
        return out;
    }
    out.push('\n');
    out.push_str(&t!(lang, "turnout-model-calibration-title"));
    out.push('\n');
    let mut table = output::table(crate::output::headers(
        lang,
        &[
            "turnout-col-band",
            "turnout-col-invitations",
            "turnout-col-predicted",
            "turnout-col-observed",
            "turnout-col-predicted-rate",
            "turnout-col-observed-rate",
        ],
    ));
    for band in &s.calibration {
        let rate = |x: f64| {
            if band.invitations == 0 {
                "–".to_string()
            } else {
                percent(lang, x / band.invitations as f64)
            }
        };
        table.add_row(vec![
            band_label(band),
            band.invitations.to_string(),
            number(lang, band.predicted, 1),
            band.observed.to_string(),
            rate(band.predicted),
            rate(band.observed as f64),
        ]);
    }
    output::align_right(&mut table, &[1, 2, 3, 4, 5]);
    out.push_str(&table.to_string());
    out.push('\n');
    out
}

/// The calibration table as CSV.
fn csv(s: &Summary) -> String {
    let mut out = output::csv_record(&["from_km", "to_km", "invitations", "predicted", "observed"]);
    for band in &s.calibration {
        out.push_str(&output::csv_record(&[
            band.from_km.to_string(),
            band.to_km.map(|t| t.to_string()).unwrap_or_default(),
            band.invitations.to_string(),
            band.predicted.to_string(),
            band.observed.to_string(),
        ]));
    }
    out
}
