//! `jelly next`: rank the venues for the next session and explain the
//! choice (see `docs/rotation.md`). The ranking itself is
//! [`crate::rotation::rank`]; this file reads the flags and writes the
//! explanation and the table.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::context::{Context, Format};
use crate::error::{Error, Result};
use crate::i18n::{km, number, Lang};
use crate::model::{Dataset, Objective};
use crate::output::{self, Output};
use crate::rotation::{self, Candidate, Exclusion, Ranking};
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The day the session is planned for: YYYY-MM-DD or YYYY-MM-DDTHH:MM
    /// (default: now). Sessions before it are the history.
    #[arg(long, value_name = "DT")]
    pub date: Option<String>,
    /// total (least km overall), fair (least km for the furthest person),
    /// coverage (fewest people beyond their limit) or turnout (most people
    /// expected). Default: [rotation] objective.
    #[arg(long, value_name = "OBJECTIVE")]
    pub objective: Option<String>,
    /// Show only the first N venues in the table (JSON always lists every venue).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Count only those this selector picks (repeatable; see `jelly mail`).
    /// Default: [rotation] invite, else all.
    #[arg(long, value_name = "SELECTOR")]
    pub invite: Vec<String>,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    // Flags first: a typo is reported before the data is read.
    let date = match &args.date {
        Some(text) => ctx.parse_datetime("--date", text)?,
        None => ctx.now,
    };
    let objective = match &args.objective {
        Some(text) => Some(Objective::parse(text.trim()).ok_or_else(|| {
            Error::usage(format!(
                "--objective: {}",
                t!(
                    ctx.lang,
                    "err-bad-choice",
                    key = "objective",
                    value = text,
                    allowed = Objective::ALL.join(", ")
                )
            ))
        })?),
        None => None,
    };
    let loaded = ctx.load()?;
    let data = crate::selectors::for_invited(loaded, &args.invite).map_err(|e| {
        super::flag_error(
            crate::selectors::invite_source(&args.invite),
            e.message(ctx.lang),
        )
    })?;
    let objective = objective.unwrap_or(data.config.rotation.objective);
    let ranking = crate::store::figures_cache::ranking(&ctx.dir, &data, date, objective);
    if let Some(warning) = crate::turnout::quorum_warning(ctx.lang, &data, &ranking) {
        eprintln!("{warning}");
    }
    let text = match ctx.format {
        Format::Table => render(ctx.lang, &data, &ranking, args.top),
        Format::Json | Format::Csv => String::new(),
    };
    // The process ends once the result is printed: freeing a national
    // network's 100,000 participants string by string would only add time.
    std::mem::forget(data);
    Output::new(&ranking, text)
}

/// Names of villages and venues by id, for the text.
struct Names<'a> {
    villages: HashMap<&'a str, &'a str>,
    venues: HashMap<&'a str, &'a str>,
}

impl<'a> Names<'a> {
    fn new(data: &'a Dataset) -> Self {
        Names {
            villages: data
                .villages
                .iter()
                .map(|v| (v.id.as_str(), v.name.as_str()))
                .collect(),
            venues: data
                .venues
                .iter()
                .map(|v| (v.id.as_str(), v.name.as_str()))
                .collect(),
        }
    }

    fn village<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        self.villages.get(id).copied().unwrap_or(id)
    }

    fn venue<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        self.venues.get(id).copied().unwrap_or(id)
    }
}

/// "A", "A et B", "A, B et C", "A, B, C, D et 12 autres".
fn list(lang: Lang, names: &[String]) -> String {
    const SHOWN: usize = 4;
    let and = t!(lang, "next-and");
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        n if n <= SHOWN => format!("{} {and} {}", names[..n - 1].join(", "), names[n - 1]),
        n => {
            let more = t!(
                lang,
                "next-more",
                count = number(lang, (n - SHOWN) as f64, 0)
            );
            format!("{} {and} {more}", names[..SHOWN].join(", "))
        }
    }
}

/// Why a group of venues is excluded, in a sentence's words.
fn reason_sentence(
    lang: Lang,
    reason: Exclusion,
    many: bool,
    data: &Dataset,
    ranking: &Ranking,
    names: &Names,
) -> String {
    match reason {
        Exclusion::Inactive if many => t!(lang, "next-reason-inactive-many"),
        Exclusion::Inactive => t!(lang, "next-reason-inactive-one"),
        Exclusion::Cooldown => {
            let villages: Vec<String> = cooldown_village_ids(data, ranking)
                .iter()
                .map(|id| names.village(id).to_string())
                .collect();
            let villages = list(lang, &villages);
            match data.config.rotation.cooldown {
                1 => t!(lang, "next-reason-cooldown-last", villages = villages),
                n => t!(lang, "next-reason-cooldown", count = n, villages = villages),
            }
        }
        Exclusion::Capacity => t!(lang, "next-reason-capacity"),
    }
}

/// The villages in cooldown, in the order of the sessions (latest first).
fn cooldown_village_ids<'a>(data: &'a Dataset, ranking: &Ranking) -> Vec<&'a str> {
    let history = rotation::history(data, ranking.date);
    let mut ids: Vec<&str> = Vec::new();
    for village in history
        .iter()
        .rev()
        .take(data.config.rotation.cooldown)
        .filter_map(|e| data.venue(&e.venue).map(|v| v.village.as_str()))
    {
        if !ids.contains(&village) {
            ids.push(village);
        }
    }
    ids
}

/// The short reason shown in the table.
fn reason_cell(lang: Lang, c: &Candidate, data: &Dataset, names: &Names) -> String {
    match c.excluded {
        None => c
            .warnings
            .iter()
            .map(|w| match w {
                Exclusion::Cooldown => t!(
                    lang,
                    "first-use-cell-rotation",
                    village = names.village(&c.village)
                ),
                _ => t!(
                    lang,
                    "first-use-cell-capacity",
                    capacity = data.venue(&c.venue).and_then(|v| v.capacity).unwrap_or(0),
                    expected = number(lang, c.expected_turnout, 1)
                ),
            })
            .collect::<Vec<_>>()
            .join(", "),
        Some(Exclusion::Inactive) => t!(lang, "next-cell-inactive"),
        Some(Exclusion::Cooldown) => t!(
            lang,
            "next-cell-cooldown",
            village = names.village(&c.village)
        ),
        Some(Exclusion::Capacity) => {
            let capacity = data.venue(&c.venue).and_then(|v| v.capacity).unwrap_or(0);
            t!(
                lang,
                "next-cell-capacity",
                capacity = capacity,
                expected = number(lang, c.expected_turnout, 1)
            )
        }
    }
}

/// The explanation: the choice in one sentence, then why venues were
/// excluded, one sentence per reason.
pub fn explain(lang: Lang, data: &Dataset, ranking: &Ranking) -> String {
    let names = Names::new(data);
    let mut sentences = Vec::new();
    let best = ranking
        .choice
        .as_ref()
        .and_then(|id| ranking.candidates.iter().find(|c| &c.venue == id));
    match best {
        // Nobody to bring together yet: every venue is as good as another,
        // and « 0 km pour 0 personnes » says nothing.
        Some(_) if ranking.participants == 0 => {
            sentences.push(t!(lang, "next-no-participants"));
        }
        Some(best) => {
            let beyond = match best.beyond_limit {
                0 => t!(lang, "next-beyond-none"),
                1 => t!(lang, "next-beyond-one"),
                n => t!(lang, "next-beyond-many", count = number(lang, n as f64, 0)),
            };
            let people = match ranking.participants {
                1 => t!(lang, "next-people-one"),
                n => t!(lang, "next-people-many", count = number(lang, n as f64, 0)),
            };
            sentences.push(t!(
                lang,
                "next-choice",
                venue = names.venue(&best.venue),
                village = names.village(&best.village),
                total = number(lang, best.total_km, 0),
                people = people,
                mean = number(lang, best.mean_km, 0),
                beyond = beyond
            ));
            if ranking.objective == Objective::Fair {
                sentences.push(t!(lang, "next-fair", max = number(lang, best.max_km, 0)));
            }
            let expected = number(lang, best.expected_turnout, 1);
            let whole = crate::turnout::whole(best.expected_turnout);
            sentences.push(t!(
                lang,
                if best.turnout_low == best.turnout_high {
                    "next-turnout-exact"
                } else {
                    "next-turnout"
                },
                expected = expected,
                whole = whole,
                low = best.turnout_low,
                high = best.turnout_high
            ));
        }
        None if ranking.candidates.is_empty() => sentences.push(t!(lang, "next-no-venues")),
        None => sentences.push(t!(lang, "next-none")),
    }
    sentences.extend(warnings(lang, data, ranking));
    if ranking.planned_before > 0 {
        sentences.push(t!(
            lang,
            "first-use-planned-count",
            count = ranking.planned_before
        ));
    }
    for reason in [
        Exclusion::Inactive,
        Exclusion::Cooldown,
        Exclusion::Capacity,
    ] {
        let venues: Vec<String> = ranking
            .candidates
            .iter()
            .filter(|c| c.excluded == Some(reason))
            .map(|c| names.venue(&c.venue).to_string())
            .collect();
        if venues.is_empty() {
            continue;
        }
        let many = venues.len() > 1;
        let why = reason_sentence(lang, reason, many, data, ranking, &names);
        let key = if many {
            "next-excluded-many"
        } else {
            "next-excluded-one"
        };
        sentences.push(t!(lang, key, venues = list(lang, &venues), reason = why));
    }
    sentences.join(" ")
}

/// What the choice sets aside or rests on, in sentences (`next` puts them
/// in its explanation, `schedule` on stderr): the rotation not kept, a
/// capacity not enforced.
pub fn warnings(lang: Lang, data: &Dataset, ranking: &Ranking) -> Vec<String> {
    let names = Names::new(data);
    let mut sentences = Vec::new();
    let Some(best) = ranking
        .choice
        .as_ref()
        .and_then(|id| ranking.candidates.iter().find(|c| &c.venue == id))
    else {
        return sentences;
    };
    if !ranking.rotation_kept {
        let villages: Vec<String> = cooldown_village_ids(data, ranking)
            .iter()
            .map(|id| names.village(id).to_string())
            .collect();
        sentences.push(t!(
            lang,
            "first-use-rotation-not-kept",
            count = data.config.rotation.cooldown,
            villages = list(lang, &villages),
            venue = names.venue(&best.venue)
        ));
    }
    if best.warnings.contains(&Exclusion::Capacity) {
        let capacity = data
            .venue(&best.venue)
            .and_then(|v| v.capacity)
            .unwrap_or(0);
        let key = if ranking.capacity_set_aside {
            "first-use-capacity-set-aside"
        } else {
            "first-use-capacity-unbacked"
        };
        sentences.push(t!(
            lang,
            key,
            venue = names.venue(&best.venue),
            capacity = capacity,
            expected = number(lang, best.expected_turnout, 1),
            whole = crate::turnout::whole(best.expected_turnout),
            min = crate::turnout::MIN_SESSIONS
        ));
    }
    sentences
}

/// The explanation and the table.
pub fn render(lang: Lang, data: &Dataset, ranking: &Ranking, top: Option<usize>) -> String {
    let names = Names::new(data);
    let mut text = explain(lang, data, ranking);
    text.push('\n');
    let mut last_session: HashMap<&str, NaiveDate> = HashMap::new();
    for event in rotation::history(data, ranking.date) {
        last_session.insert(event.venue.as_str(), event.date.date());
    }
    let mut table = output::table(crate::output::headers(
        lang,
        &[
            "next-col-rank",
            "next-col-venue",
            "col-village",
            "next-col-total-km",
            "next-col-mean-km",
            "next-col-max-km",
            "next-col-beyond",
            "next-col-turnout",
            "next-col-last-session",
            "next-col-excluded",
            "next-col-id",
        ],
    ));
    let shown = top.unwrap_or(usize::MAX).min(ranking.candidates.len());
    for (i, c) in ranking.candidates[..shown].iter().enumerate() {
        table.add_row(vec![
            if c.eligible {
                (i + 1).to_string()
            } else {
                String::new()
            },
            // The name people know (`schedule --venue` takes it, or the id
            // of the last column).
            names.venue(&c.venue).to_string(),
            names.village(&c.village).to_string(),
            km(lang, c.total_km),
            km(lang, c.mean_km),
            km(lang, c.max_km),
            number(lang, c.beyond_limit as f64, 0),
            t!(
                lang,
                "next-cell-turnout",
                expected = number(lang, c.expected_turnout, 1),
                low = c.turnout_low,
                high = c.turnout_high
            ),
            last_session
                .get(c.venue.as_str())
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            reason_cell(lang, c, data, &names),
            c.venue.clone(),
        ]);
    }
    output::align_right(&mut table, &[0, 3, 4, 5, 6, 7]);
    // Too wide for the terminal: the id, the last session, then the mean,
    // max, beyond-limit and turnout figures, then the village go first;
    // rank, venue, total km and the reason for an exclusion stay.
    table.drop_first(&[10, 8, 4, 5, 6, 7, 2, 9]);
    if shown > 0 {
        text.push_str(&table.to_string());
        text.push('\n');
    }
    let hidden = ranking.candidates.len() - shown;
    if hidden > 0 {
        text.push_str(&t!(
            lang,
            "next-hidden",
            count = number(lang, hidden as f64, 0)
        ));
        text.push('\n');
    }
    text
}
