//! `jelly next`: rank the venues for the next session.

use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::{km, Lang};
use crate::model::{Dataset, Objective};
use crate::output::{self, Output};
use crate::rotation::{self, Exclusion, Ranking};
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The day the session is planned for (default: now).
    #[arg(long, value_name = "DT")]
    pub date: Option<String>,
    /// total (least km overall), fair (least km for the furthest person) or
    /// coverage (fewest people beyond their limit). Default: [rotation] objective.
    #[arg(long)]
    pub objective: Option<String>,
    /// Show only the first N venues in the table.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let date = match &args.date {
        Some(text) => ctx.parse_datetime("--date", text)?,
        None => ctx.now,
    };
    let data = ctx.load()?;
    let objective = match &args.objective {
        Some(text) => Objective::parse(text).ok_or_else(|| {
            Error::usage(format!(
                "--objective: {}",
                t!(
                    ctx.lang,
                    "err.bad_choice",
                    key = "objective",
                    value = text,
                    allowed = Objective::ALL.join(", ")
                )
            ))
        })?,
        None => data.config.rotation.objective,
    };
    let ranking = rotation::rank(&data, date, objective);
    let text = render(ctx.lang, &data, &ranking, args.top);
    Output::new(&ranking, text)
}

fn exclusion_text(lang: Lang, reason: Exclusion) -> String {
    t!(lang, &format!("next.excluded.{}", reason.as_str()))
}

/// The explanation and the table.
pub fn render(lang: Lang, data: &Dataset, ranking: &Ranking, top: Option<usize>) -> String {
    let mut text = String::new();
    let village_name = |id: &str| {
        data.village(id)
            .map(|v| v.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    match ranking
        .choice
        .as_ref()
        .and_then(|id| ranking.candidates.iter().find(|c| &c.venue == id))
    {
        Some(best) => {
            text.push_str(&t!(
                lang,
                "next.choice",
                village = village_name(&best.village),
                total = km(lang, best.total_km),
                people = ranking.participants,
                mean = km(lang, best.mean_km),
                beyond = best.beyond_limit
            ));
        }
        None => text.push_str(&t!(lang, "next.none")),
    }
    let excluded: Vec<String> = ranking
        .candidates
        .iter()
        .filter_map(|c| {
            c.excluded.map(|reason| {
                let venue = data
                    .venue(&c.venue)
                    .map(|v| v.name.clone())
                    .unwrap_or_else(|| c.venue.clone());
                t!(
                    lang,
                    "next.excluded",
                    venue = venue,
                    reason = exclusion_text(lang, reason)
                )
            })
        })
        .take(5)
        .collect();
    if !excluded.is_empty() {
        text.push(' ');
        text.push_str(&excluded.join(" "));
    }
    text.push('\n');
    let mut table = output::table(
        [
            "col.rank",
            "col.venue",
            "col.village",
            "col.total_km",
            "col.mean_km",
            "col.max_km_travel",
            "col.beyond",
            "col.last_session",
            "col.excluded",
        ]
        .iter()
        .map(|k| t!(lang, k))
        .collect(),
    );
    let history = rotation::history(data, ranking.date);
    for (i, c) in ranking
        .candidates
        .iter()
        .take(top.unwrap_or(usize::MAX))
        .enumerate()
    {
        let last = history
            .iter()
            .rev()
            .find(|e| e.venue == c.venue)
            .map(|e| e.date.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        table.add_row(vec![
            if c.eligible {
                (i + 1).to_string()
            } else {
                String::new()
            },
            c.venue.clone(),
            village_name(&c.village),
            km(lang, c.total_km),
            km(lang, c.mean_km),
            km(lang, c.max_km),
            c.beyond_limit.to_string(),
            last,
            c.excluded
                .map(|r| exclusion_text(lang, r))
                .unwrap_or_default(),
        ]);
    }
    output::align_right(&mut table, &[0, 3, 4, 5, 6]);
    text.push_str(&table.to_string());
    text
}

pub const MESSAGES: &[crate::i18n::Msg] = &[
    ("next.choice", "{village} : {total} km au total pour {people} personnes ({mean} km en moyenne) ; {beyond} personne(s) au-delà de leur distance maximale.", "{village}: {total} km in all for {people} people ({mean} km on average); {beyond} person(s) beyond their maximum distance."),
    ("next.none", "Aucun lieu n'est possible pour cette date ; voir pourquoi ci-dessous.", "No venue is eligible for this date; see why below."),
    ("next.excluded", "{venue} exclu : {reason}.", "{venue} excluded: {reason}."),
    ("next.excluded.inactive", "lieu inactif", "inactive venue"),
    ("next.excluded.cooldown", "village d'une des dernières sessions", "village of one of the last sessions"),
    ("next.excluded.capacity", "trop petit pour l'affluence attendue", "too small for the expected attendance"),
    ("col.rank", "rang", "rank"),
    ("col.venue", "lieu", "venue"),
    ("col.total_km", "km total", "total km"),
    ("col.mean_km", "km moyen", "mean km"),
    ("col.max_km_travel", "km max", "max km"),
    ("col.beyond", "au-delà", "beyond"),
    ("col.last_session", "dernière session", "last session"),
    ("col.excluded", "exclu", "excluded"),
];
