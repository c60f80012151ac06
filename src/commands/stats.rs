//! `jelly stats [--from DATE] [--to DATE] [--drifting N]`: attendance,
//! loyalty, newcomers, attendance by village and by distance, people
//! drifting away. The figures are computed in [`crate::stats`]; this file
//! parses the flags and renders tables (comfy-table), JSON or CSV.

use chrono::NaiveDateTime;

use crate::context::Context;
use crate::error::Result;
use crate::i18n::{number, Lang};
use crate::output::{self, Output};
use crate::stats::{self, Rate, Stats};
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Count the sessions from this date on (YYYY-MM-DD[THH:MM]).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Count the sessions up to this date, included (a date alone means the whole day).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// "Drifting away": people who came before but not to the last N sessions.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub drifting: usize,
    /// Show the turnout model instead: the fitted distance effect, the data
    /// it rests on and its calibration (see docs/turnout.md).
    #[arg(long)]
    pub model: bool,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    if args.model {
        return super::turnout_model::run(ctx);
    }
    let from = args
        .from
        .as_deref()
        .map(|text| ctx.parse_datetime("--from", text))
        .transpose()?;
    let to = args
        .to
        .as_deref()
        .map(|text| parse_end(ctx, text))
        .transpose()?;
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            return Err(super::flag_error(
                "--from",
                crate::t!(
                    ctx.lang,
                    "stats-from-after-to",
                    from = from.format("%Y-%m-%d %H:%M"),
                    to = to.format("%Y-%m-%d %H:%M")
                ),
            ));
        }
    }
    let data = ctx.load()?;
    let stats = stats::compute(&data, from, to, args.drifting);
    let text = render(ctx.lang, &stats);
    Ok(Output::new(&stats, text)?.with_csv(csv(&stats)))
}

/// `--to`: a date alone includes its whole day.
fn parse_end(ctx: &Context, text: &str) -> Result<NaiveDateTime> {
    let parsed = ctx.parse_datetime("--to", text)?;
    if text.trim().len() == "YYYY-MM-DD".len() {
        Ok(parsed.date().and_hms_opt(23, 59, 59).unwrap_or(parsed))
    } else {
        Ok(parsed)
    }
}

fn percent(lang: Lang, rate: Option<f64>) -> String {
    match rate {
        Some(rate) => match lang {
            Lang::Fr => format!("{}\u{a0}%", number(lang, rate * 100.0, 0)),
            Lang::En => format!("{}%", number(lang, rate * 100.0, 0)),
        },
        None => "–".to_string(),
    }
}

fn decimal(lang: Lang, value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| number(lang, v, 1))
}

fn rate_cells(lang: Lang, rate: &Rate) -> Vec<String> {
    vec![
        rate.people.to_string(),
        rate.invitations.to_string(),
        rate.attended.to_string(),
        percent(lang, rate.rate),
    ]
}

/// The report as text: one table per part, each under a title.
pub fn render(lang: Lang, stats: &Stats) -> String {
    let mut out = String::new();
    if stats.sessions.is_empty() {
        out.push_str(&t!(lang, "stats-none"));
        out.push('\n');
        return out;
    }

    out.push_str(&t!(lang, "stats-sessions-title"));
    out.push('\n');
    let mut table = output::table(output::headers(
        lang,
        &[
            "stats-col-date",
            "col-village",
            "stats-col-invited",
            "stats-col-answered-yes",
            "stats-col-came",
            "stats-col-newcomers",
            "stats-col-returning",
        ],
    ));
    for s in &stats.sessions {
        table.add_row(vec![
            s.date.format("%Y-%m-%d").to_string(),
            village_name(stats, &s.village),
            s.invited.to_string(),
            s.answered_yes.to_string(),
            s.came.to_string(),
            s.newcomers.to_string(),
            s.returning.to_string(),
        ]);
    }
    output::align_right(&mut table, &[2, 3, 4, 5, 6]);
    out.push_str(&table.to_string());
    out.push_str("\n\n");

    let o = &stats.overall;
    out.push_str(&t!(
        lang,
        "stats-overall",
        sessions = o.sessions,
        attendances = o.attendances,
        people = o.people,
        mean = decimal(lang, o.mean_attendance),
        loyalty = percent(lang, o.loyalty),
        newcomers = decimal(lang, o.newcomers_per_session)
    ));
    out.push_str("\n\n");

    out.push_str(&t!(lang, "stats-years-title"));
    out.push('\n');
    let mut table = output::table(output::headers(
        lang,
        &[
            "stats-col-year",
            "stats-col-sessions",
            "stats-col-came",
            "stats-col-mean-attendance",
            "stats-col-newcomers",
        ],
    ));
    for y in &o.per_year {
        table.add_row(vec![
            y.year.to_string(),
            y.sessions.to_string(),
            y.attendances.to_string(),
            number(lang, y.mean_attendance, 1),
            y.newcomers.to_string(),
        ]);
    }
    output::align_right(&mut table, &[1, 2, 3, 4]);
    out.push_str(&table.to_string());
    out.push_str("\n\n");

    out.push_str(&t!(lang, "stats-villages-title"));
    out.push('\n');
    let rate_headers = [
        "stats-col-people",
        "stats-col-invitations",
        "stats-col-came",
        "stats-col-rate",
    ];
    let mut keys = vec!["col-village"];
    keys.extend(rate_headers);
    let mut table = output::table(output::headers(lang, &keys));
    for v in &stats.by_village {
        let mut row = vec![v.name.clone()];
        row.extend(rate_cells(lang, &v.rate));
        table.add_row(row);
    }
    output::align_right(&mut table, &[1, 2, 3, 4]);
    out.push_str(&table.to_string());
    out.push_str("\n\n");

    out.push_str(&t!(lang, "stats-distance-title"));
    out.push('\n');
    let mut keys = vec!["stats-col-distance-km"];
    keys.extend(rate_headers);
    let mut table = output::table(output::headers(lang, &keys));
    for b in &stats.by_distance {
        let mut row = vec![b.band.clone()];
        row.extend(rate_cells(lang, &b.rate));
        table.add_row(row);
    }
    output::align_right(&mut table, &[1, 2, 3, 4]);
    out.push_str(&table.to_string());
    out.push_str("\n\n");

    let drifting = &stats.drifting;
    if drifting.people.is_empty() {
        out.push_str(&t!(lang, "stats-drifting-none", last = drifting.last));
        out.push('\n');
    } else {
        out.push_str(&t!(
            lang,
            "stats-drifting-title",
            last = drifting.last,
            count = drifting.people.len()
        ));
        out.push('\n');
        let mut table = output::table(output::headers(
            lang,
            &[
                "col-id",
                "col-name",
                "col-village",
                "stats-col-sessions",
                "stats-col-last-came",
            ],
        ));
        for d in &drifting.people {
            table.add_row(vec![
                d.participant.clone(),
                d.name.clone(),
                village_name(stats, &d.village),
                d.sessions.to_string(),
                d.last_came.to_string(),
            ]);
        }
        output::align_right(&mut table, &[3]);
        out.push_str(&table.to_string());
        out.push('\n');
    }
    out
}

/// A village's name as known from the rates table (its id otherwise).
fn village_name(stats: &Stats, id: &str) -> String {
    stats
        .by_village
        .iter()
        .find(|v| v.village == id)
        .map_or_else(|| id.to_string(), |v| v.name.clone())
}

/// `--format csv`: one record per session, with a header record.
pub fn csv(stats: &Stats) -> String {
    let mut out = output::csv_record(&[
        "date",
        "event",
        "venue",
        "village",
        "invited",
        "answered_yes",
        "came",
        "newcomers",
        "returning",
    ]);
    for s in &stats.sessions {
        out.push_str(&output::csv_record(&[
            s.date.format("%Y-%m-%dT%H:%M:%S").to_string(),
            s.event.clone(),
            s.venue.clone(),
            s.village.clone(),
            s.invited.to_string(),
            s.answered_yes.to_string(),
            s.came.to_string(),
            s.newcomers.to_string(),
            s.returning.to_string(),
        ]));
    }
    out
}
