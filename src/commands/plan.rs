//! `jelly plan`: propose a season of sessions that rotates fairly, compare it
//! with the greedy sequence of `next` choices, and with `--apply` write the
//! sessions as planned events.

use chrono::{NaiveDateTime, NaiveTime};
use serde::Serialize;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::{km, Lang};
use crate::model::duration::{spacing_error_message, Span, Unit};
use crate::model::{slug, Dataset, Objective};
use crate::output::{self, Output};
use crate::rotation::plan::{self, Criterion, Options, Plan, PlanError};
use crate::store::event_file::EventFile;
use crate::t;

use super::{flag_error, parse_number};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Date of the first session: YYYY-MM-DD (at the time of day of the last
    /// session, else midnight) or YYYY-MM-DDTHH:MM.
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// Number of sessions.
    #[arg(long, value_name = "N")]
    pub count: usize,
    /// Spacing: Nw (weeks), Nd (days) or Nmo (calendar months).
    /// Default: [rotation] every.
    #[arg(long, value_name = "DURATION")]
    pub every: Option<String>,
    /// Order of the greedy sequence the plan is compared with (total, fair,
    /// coverage or turnout). Default: [rotation] objective.
    #[arg(long)]
    pub objective: Option<String>,
    /// How much more total distance than the greedy sequence the plan may
    /// cost to be fairer, in percent.
    #[arg(
        long,
        value_name = "PERCENT",
        default_value = "10",
        allow_hyphen_values = true
    )]
    pub slack: String,
    /// Show only the N worst-off participants in the burden table (0: all).
    #[arg(long, value_name = "N", default_value_t = 25)]
    pub top: usize,
    /// Write the sessions as planned events (events/<date>-<village>.toml).
    #[arg(long)]
    pub apply: bool,
}

#[derive(Debug, Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    plan: &'a Plan,
    every: Span,
    objective: Objective,
    /// Event ids written by --apply.
    #[serde(skip_serializing_if = "Option::is_none")]
    applied: Option<Vec<String>>,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    let every = match &args.every {
        Some(text) => Span::parse_spacing(text)
            .map_err(|e| flag_error("--every", spacing_error_message(lang, text, &e)))?,
        None => ctx.config.rotation.every,
    };
    if args.count == 0 {
        return Err(flag_error("--count", t!(lang, "plan-zero-count")));
    }
    {
        use crate::model::validate::{MAX_PLAN_COUNT, MAX_SPACING_DAYS, MAX_SPACING_MONTHS};
        if args.count > MAX_PLAN_COUNT {
            return Err(flag_error(
                "--count",
                t!(
                    lang,
                    "plan-count-too-large",
                    max = MAX_PLAN_COUNT,
                    value = args.count
                ),
            ));
        }
        use crate::model::duration::Unit;
        let too_far = match every.unit {
            Unit::Months => every.count > MAX_SPACING_MONTHS,
            Unit::Weeks => every.count > MAX_SPACING_DAYS / 7,
            _ => every
                .fixed()
                .is_some_and(|d| d.num_days() > i64::from(MAX_SPACING_DAYS)),
        };
        if too_far {
            return Err(flag_error(
                "--every",
                t!(
                    lang,
                    "plan-every-too-large",
                    days = MAX_SPACING_DAYS,
                    months = MAX_SPACING_MONTHS,
                    value = every.to_string()
                ),
            ));
        }
    }
    let slack = parse_number(ctx, "--slack", &args.slack)?;
    if slack < 0.0 {
        return Err(flag_error(
            "--slack",
            t!(lang, "err-negative", key = "slack", value = slack),
        ));
    }
    let typed = ctx.parse_typed_datetime("--from", &args.from)?;
    let from_given = typed.at;
    let date_only = !typed.time_given;

    // With --apply the whole read-plan-write happens under the lock.
    let _lock = if args.apply {
        Some(ctx.dir.lock()?)
    } else {
        None
    };
    let data = ctx.load()?;
    let objective = match &args.objective {
        Some(text) => Objective::parse(text).ok_or_else(|| {
            flag_error(
                "--objective",
                t!(
                    lang,
                    "err-bad-choice",
                    key = "objective",
                    value = text,
                    allowed = Objective::ALL.join(", ")
                ),
            )
        })?,
        None => data.config.rotation.objective,
    };
    let from = if date_only {
        let time = crate::rotation::history(&data, from_given)
            .last()
            .map_or(NaiveTime::MIN, |e| e.date.time());
        from_given.date().and_time(time)
    } else {
        from_given
    };
    let dates = plan::season_dates(from, args.count, every);
    if dates.len() < args.count
        || !dates
            .iter()
            .all(|d| crate::model::validate::date_in_range(*d))
    {
        return Err(flag_error(
            "--count",
            t!(
                lang,
                "plan-beyond-range",
                last = crate::i18n::Raw(crate::model::validate::LAST_YEAR)
            ),
        ));
    }
    let options = Options {
        objective,
        slack: slack / 100.0,
        ..Options::default()
    };
    let plan = plan::plan(&data, &dates, &options).map_err(|e| match e {
        PlanError::NoEligibleVenue(date) => Error::usage(t!(
            lang,
            "plan-no-venue",
            date = date.format("%Y-%m-%d %H:%M")
        )),
        PlanError::NoFeasiblePlan => Error::usage(t!(lang, "plan-infeasible")),
    })?;
    for session in &plan.sessions {
        let warning = crate::turnout::below_quorum(
            lang,
            &data,
            &session.venue,
            session.date,
            session.expected_turnout,
        );
        if let Some(warning) = warning {
            eprintln!("{warning}");
        }
    }
    let applied = if args.apply {
        Some(apply(ctx, &data, &plan)?)
    } else {
        None
    };
    let mut text = render(lang, &data, &plan, every, objective, args.top);
    if let Some(ids) = &applied {
        text.push('\n');
        text.push_str(&t!(
            lang,
            "plan-applied",
            count = ids.len(),
            dir = ctx.dir.events().display()
        ));
        text.push('\n');
    }
    let report = Report {
        plan: &plan,
        every,
        objective,
        applied,
    };
    let output = Output::new(&report, text);
    // The process ends once the result is printed: freeing a national
    // network's participants one by one would only add time.
    std::mem::forget(data);
    output
}

/// Writes one planned event per session; refuses if any file exists, and
/// removes what it wrote if a later write fails.
fn apply(ctx: &Context, data: &Dataset, plan: &Plan) -> Result<Vec<String>> {
    let lang = ctx.lang;
    let invited: Vec<&str> = data
        .participants
        .iter()
        .filter(|p| p.active)
        .map(|p| p.id.as_str())
        .collect();
    let mut files = Vec::new();
    for session in &plan.sessions {
        let id = format!(
            "{}-{}",
            session.date.format("%Y-%m-%d"),
            slug(&session.village)
        );
        let path = ctx.dir.event(&id);
        if path.exists() || files.iter().any(|(other, _, _)| other == &id) {
            return Err(Error::usage(t!(
                lang,
                "plan-apply-exists",
                path = path.display()
            )));
        }
        files.push((
            id,
            path,
            event_text(lang, session.date, &session.venue, &invited),
        ));
    }
    std::fs::create_dir_all(ctx.dir.events()).map_err(|e| Error::io(ctx.dir.events(), e))?;
    let mut written: Vec<&std::path::Path> = Vec::new();
    for (_, path, text) in &files {
        if let Err(e) = crate::store::write_atomic(path, text.as_bytes()) {
            for done in written {
                let _ = std::fs::remove_file(done);
            }
            return Err(e);
        }
        written.push(path);
    }
    Ok(files.into_iter().map(|(id, _, _)| id).collect())
}

fn event_text(lang: Lang, date: NaiveDateTime, venue: &str, invited: &[&str]) -> String {
    format!(
        "# {}\n{}",
        t!(lang, "plan-event-comment"),
        EventFile::planned_text(date, venue, None, invited)
    )
}

/// "8 semaines", "2 months", "10 days".
fn spacing_text(lang: Lang, every: Span) -> String {
    let plural = |key: &str, n: u32| t!(lang, key, n = n);
    match every.unit {
        Unit::Weeks => plural("plan-weeks", every.count),
        Unit::Days if every.count.is_multiple_of(7) => plural("plan-weeks", every.count / 7),
        Unit::Days => plural("plan-days", every.count),
        Unit::Months => plural("plan-months", every.count),
        Unit::Hours | Unit::Minutes => every.to_string(),
    }
}

fn date_text(date: NaiveDateTime) -> String {
    date.format("%Y-%m-%d %H:%M").to_string()
}

fn percent(lang: Lang, value: f64, reference: f64) -> String {
    if reference.abs() < 1e-9 {
        return String::new();
    }
    let change = (value / reference - 1.0) * 100.0;
    let sign = if change > 0.05 { "+" } else { "" };
    format!("{sign}{} %", crate::i18n::number(lang, change, 1))
}

/// The sessions, the burden per participant and the comparison with greedy.
fn render(
    lang: Lang,
    data: &Dataset,
    plan: &Plan,
    every: Span,
    objective: Objective,
    top: usize,
) -> String {
    let village_name = |id: &str| {
        data.village(id)
            .map_or_else(|| id.to_string(), |v| v.name.clone())
    };
    let venue_name = |id: &str| {
        data.venue(id)
            .map_or_else(|| id.to_string(), |v| v.name.clone())
    };
    let method = t!(lang, &format!("plan-method-{}", plan.method.as_str()));
    let mut text = t!(
        lang,
        "plan-summary",
        count = plan.sessions.len(),
        every = spacing_text(lang, every),
        from = plan
            .sessions
            .first()
            .map(|s| date_text(s.date))
            .unwrap_or_default(),
        method = method
    );
    text.push('\n');
    let mut sessions = output::table(crate::output::headers(
        lang,
        &[
            "plan-col-number",
            "plan-col-date",
            "plan-col-venue",
            "col-village",
            "plan-col-total-km",
        ],
    ));
    for (i, s) in plan.sessions.iter().enumerate() {
        sessions.add_row(vec![
            (i + 1).to_string(),
            date_text(s.date),
            venue_name(&s.venue),
            village_name(&s.village),
            km(lang, s.total_km),
        ]);
    }
    output::align_right(&mut sessions, &[0, 4]);
    text.push_str(&sessions.to_string());
    text.push_str("\n\n");

    let shown = if top == 0 { plan.burden.len() } else { top };
    text.push_str(&t!(lang, "plan-burden-title"));
    text.push('\n');
    let mut burden = output::table(crate::output::headers(
        lang,
        &[
            "plan-col-participant",
            "col-village",
            "col-max-km",
            "plan-col-plan-beyond",
            "plan-col-plan-km",
            "plan-col-greedy-beyond",
            "plan-col-greedy-km",
        ],
    ));
    for b in plan.burden.iter().take(shown) {
        let name = data
            .participant(&b.participant)
            .map_or_else(|| b.participant.clone(), |p| p.name.clone());
        burden.add_row(vec![
            name,
            village_name(&b.village),
            output::cell(b.max_km.map(|k| km(lang, k))),
            if b.max_km.is_some() {
                b.beyond.to_string()
            } else {
                String::new()
            },
            km(lang, b.season_km),
            match (b.max_km, b.greedy_beyond) {
                (Some(_), Some(g)) => g.to_string(),
                _ => String::new(),
            },
            output::cell(b.greedy_season_km.map(|k| km(lang, k))),
        ]);
    }
    output::align_right(&mut burden, &[2, 3, 4, 5, 6]);
    text.push_str(&burden.to_string());
    if shown < plan.burden.len() {
        text.push('\n');
        text.push_str(&t!(lang, "plan-more", count = plan.burden.len() - shown));
    }
    text.push_str("\n\n");

    match &plan.greedy {
        Some(greedy) => {
            text.push_str(&t!(
                lang,
                "plan-compare-title",
                objective = objective.as_str()
            ));
            text.push('\n');
            let mut compare = output::table(crate::output::headers(
                lang,
                &[
                    "plan-col-figure",
                    "plan-col-plan",
                    "plan-col-greedy",
                    "plan-col-change",
                ],
            ));
            let (p, g): (&Criterion, &Criterion) = (&plan.criterion, &greedy.criterion);
            compare.add_row(vec![
                t!(lang, "plan-figure-max-beyond"),
                p.max_beyond.to_string(),
                g.max_beyond.to_string(),
                (p.max_beyond as i64 - g.max_beyond as i64).to_string(),
            ]);
            compare.add_row(vec![
                t!(lang, "plan-figure-max-season-km"),
                km(lang, p.max_season_km),
                km(lang, g.max_season_km),
                percent(lang, p.max_season_km, g.max_season_km),
            ]);
            compare.add_row(vec![
                t!(lang, "plan-figure-total-km"),
                km(lang, p.total_km),
                km(lang, g.total_km),
                percent(lang, p.total_km, g.total_km),
            ]);
            output::align_right(&mut compare, &[1, 2, 3]);
            text.push_str(&compare.to_string());
            text.push('\n');
            let greedy_venues: Vec<String> = greedy
                .sessions
                .iter()
                .map(|s| village_name(&s.village))
                .collect();
            text.push_str(&t!(
                lang,
                "plan-greedy-sequence",
                villages = crate::i18n::Raw(greedy_venues.join(", "))
            ));
        }
        None => text.push_str(&t!(lang, "plan-no-greedy")),
    }
    text.push('\n');
    text
}
