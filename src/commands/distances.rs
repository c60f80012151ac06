//! `jelly distances fetch | import | fit`: road distances from a routing
//! engine (OSRM), from a saved answer or a CSV, and how well the detour
//! factor fits them. See docs/distances.md.

use std::collections::HashSet;
use std::path::PathBuf;

use serde::Serialize;

use crate::context::Context;
use crate::distances::{self, import, osrm, Measured, Merged, Pair, Plan};
use crate::error::{Error, Problem, Result};
use crate::i18n::{number, Lang};
use crate::model::validate::{MAX_KM, MAX_MINUTES};
use crate::output::Output;
use crate::store::edit::EditableFile;
use crate::t;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Ask a routing engine for the road km and minutes of every (participant village, venue village) pair.
    Fetch(FetchArgs),
    /// Read routes from a saved OSRM table answer (JSON) or a CSV from,to,km[,minutes].
    Import(ImportArgs),
    /// Compare the known routes with the straight line; suggest a detour_factor.
    Fit(FitArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    Osrm,
}

#[derive(Debug, clap::Args)]
pub struct FetchArgs {
    /// The engine's address, e.g. http://127.0.0.1:5000 (your own osrm-routed).
    #[arg(long)]
    pub url: String,
    /// The routing engine's API.
    #[arg(long, value_enum, default_value_t = Engine::Osrm)]
    pub engine: Engine,
    /// Ask only for the pairs distances.toml does not have yet.
    #[arg(long)]
    pub only_missing: bool,
    /// Say what would be asked (and the one-request URL `import` reads the answer of); ask nothing, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Replace the km and minutes of routes already in distances.toml (by default a route there, measured by hand, is kept).
    #[arg(long)]
    pub overwrite: bool,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// A saved OSRM table answer (.json) or a CSV with a header from,to,km[,minutes].
    pub file: PathBuf,
    /// Say what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Replace the km and minutes of routes already in distances.toml (by default a route there, measured by hand, is kept).
    #[arg(long)]
    pub overwrite: bool,
}

#[derive(Debug, clap::Args)]
pub struct FitArgs {}

pub fn run(command: Command, ctx: &Context) -> Result<Output> {
    match command {
        Command::Fetch(args) => fetch(args, ctx),
        Command::Import(args) => import_file(args, ctx),
        Command::Fit(args) => fit(args, ctx),
    }
}

/// The JSON of `fetch --dry-run`.
#[derive(Debug, Serialize)]
struct Planned {
    dry_run: bool,
    pairs: usize,
    known: usize,
    sources: usize,
    destinations: usize,
    /// The whole table in one request, as `distances import` expects it.
    url: String,
}

/// The JSON of `fetch` and `import`.
#[derive(Debug, Serialize)]
struct Written {
    dry_run: bool,
    pairs: usize,
    known: usize,
    requests: usize,
    #[serde(flatten)]
    merged: Merged,
    unroutable: Vec<Pair>,
}

fn fetch(args: FetchArgs, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    let data = ctx.load()?;
    let plan = Plan::new(&data, args.only_missing);
    // The system's roots and `[mail] ca_file`, as for SMTP and IMAP.
    let ca_file = data
        .config
        .mail
        .ca_file
        .as_deref()
        .map(|f| ctx.dir.resolve(f));
    let mut osrm = osrm::Osrm::new(&args.url, crate::trust::ureq_tls(ca_file.as_deref())?);
    if args.dry_run {
        let whole = Plan::new(&data, false);
        let url = osrm.table_url(&whole.sources, &whole.destinations);
        let text = format!(
            "{}\n{}\n{url}\n",
            t!(
                lang,
                "distances-would-ask",
                pairs = plan.wanted.len(),
                sources = plan.sources.len(),
                destinations = plan.destinations.len()
            ),
            t!(lang, "distances-whole-table")
        );
        let planned = Planned {
            dry_run: true,
            pairs: plan.wanted.len(),
            known: plan.known,
            sources: plan.sources.len(),
            destinations: plan.destinations.len(),
            url,
        };
        return Output::new(&planned, text);
    }
    if plan.wanted.is_empty() {
        let written = Written {
            dry_run: false,
            pairs: 0,
            known: plan.known,
            requests: 0,
            merged: Merged::default(),
            unroutable: Vec::new(),
        };
        return Output::new(&written, t!(lang, "distances-nothing", known = plan.known));
    }
    let cells = (plan.sources.len() * plan.destinations.len()) as u64;
    let bar = if !ctx.quiet && console::Term::stderr().is_term() {
        indicatif::ProgressBar::new(cells).with_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        )
    } else {
        indicatif::ProgressBar::hidden()
    };
    let matrix = osrm
        .matrix(&plan.sources, &plan.destinations, |n| bar.inc(n as u64))
        .map_err(|e| fetch_error(lang, e));
    bar.finish_and_clear();
    let (routes, unroutable) = plan.routes(&matrix?);
    let merged = write(ctx, &routes, false, args.overwrite)?;
    let requests = osrm.requests;
    let mut text = merged_text(ctx, &merged, false);
    text.push_str(&t!(
        lang,
        "distances-requests",
        requests = requests,
        url = args.url.as_str()
    ));
    text.push('\n');
    text.push_str(&unroutable_text(lang, &unroutable));
    let written = Written {
        dry_run: false,
        pairs: plan.wanted.len(),
        known: plan.known,
        requests,
        merged,
        unroutable,
    };
    Output::new(&written, text)
}

fn fetch_error(lang: Lang, error: osrm::FetchError) -> Error {
    match error {
        osrm::FetchError::Unreachable(detail) => {
            Error::runtime(t!(lang, "distances-unreachable", detail = detail))
        }
        osrm::FetchError::Refused { code, message } => Error::runtime(t!(
            lang,
            "distances-osrm-refused",
            code = code,
            message = message
        )),
    }
}

/// Merges `routes` into distances.toml under the lock, in one atomic
/// write (none with `dry_run`).
fn write(ctx: &Context, routes: &[Measured], dry_run: bool, overwrite: bool) -> Result<Merged> {
    let path = ctx.dir.distances();
    check_routes(ctx, routes)?;
    let _lock = ctx.dir.lock()?;
    let mut file = EditableFile::open(&path)?;
    let merged = distances::merge(&mut file.doc, routes, overwrite).map_err(|_| {
        Error::Invalid(vec![Problem::new(&path, t!(ctx.lang, "distances-not-aot"))])
    })?;
    if !dry_run && file.doc.to_string() != file.file.text {
        file.save()?;
    }
    Ok(merged)
}

/// Every route within the bounds `jelly check` enforces (km 0 to 20,000,
/// minutes 0 to 10,080): an engine or a file that says otherwise (negative,
/// 1e300 km, i64::MAX minutes) writes nothing, exit 2.
fn check_routes(ctx: &Context, routes: &[Measured]) -> Result<()> {
    let path = ctx.dir.distances();
    let problems: Vec<Problem> = routes
        .iter()
        .filter_map(|r| {
            let km_ok = r.km.is_finite() && (0.0..=MAX_KM).contains(&r.km);
            let minutes_ok = r.minutes.is_none_or(|m| m >= 0 && m as f64 <= MAX_MINUTES);
            (!km_ok || !minutes_ok).then(|| {
                Problem::new(
                    &path,
                    t!(
                        ctx.lang,
                        "boundary-distances-out-of-range",
                        from = r.from.as_str(),
                        to = r.to.as_str(),
                        km = r.km,
                        minutes = r.minutes.map_or_else(String::new, |m| m.to_string())
                    ),
                )
            })
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(problems))
    }
}

fn merged_text(ctx: &Context, merged: &Merged, dry_run: bool) -> String {
    let file = ctx.dir.distances();
    let key = if dry_run {
        "distances-merged-dry"
    } else {
        "distances-merged"
    };
    let mut text = t!(
        ctx.lang,
        key,
        added = merged.added,
        updated = merged.updated,
        unchanged = merged.unchanged,
        file = file.display()
    );
    text.push('\n');
    if merged.kept > 0 {
        text.push_str(&t!(
            ctx.lang,
            "boundary-distances-kept",
            count = merged.kept
        ));
        text.push('\n');
    }
    text
}

fn unroutable_text(lang: Lang, unroutable: &[Pair]) -> String {
    if unroutable.is_empty() {
        return String::new();
    }
    let mut text = t!(lang, "distances-unroutable", count = unroutable.len());
    text.push('\n');
    for pair in unroutable {
        text.push_str(&format!("  {} → {}\n", pair.from, pair.to));
    }
    text
}

fn import_file(args: ImportArgs, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    let path = &args.file;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let data = ctx.load()?;
    let located = |problems: Vec<import::ImportProblem>| {
        Error::Invalid(
            problems
                .into_iter()
                .map(|p| {
                    let problem = Problem::new(path, p.message);
                    match (p.line, p.column) {
                        (Some(line), Some(column)) => problem.at(line, column),
                        _ => problem,
                    }
                })
                .collect(),
        )
    };
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('{');
    let plan = Plan::new(&data, false);
    let (routes, unroutable) = if is_json {
        import::osrm_answer(lang, &text, &plan).map_err(located)?
    } else {
        let villages: HashSet<&str> = data.villages.iter().map(|v| v.id.as_str()).collect();
        (
            import::csv(lang, &text, &villages).map_err(located)?,
            Vec::new(),
        )
    };
    let merged = write(ctx, &routes, args.dry_run, args.overwrite)?;
    let mut out = merged_text(ctx, &merged, args.dry_run);
    out.push_str(&unroutable_text(lang, &unroutable));
    let written = Written {
        dry_run: args.dry_run,
        pairs: routes.len() + unroutable.len(),
        known: 0,
        requests: 0,
        merged,
        unroutable,
    };
    Output::new(&written, out)
}

fn fit(_args: FitArgs, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    let data = ctx.load()?;
    let fit = distances::fit(&data);
    let two = |v: Option<f64>| v.map(|v| number(lang, v, 2)).unwrap_or_default();
    let current = fit.current.to_string();
    let text = match fit.factor {
        Some(factor) => format!(
            "{}\n{}\n",
            t!(
                lang,
                "distances-fit",
                routes = fit.routes,
                median = two(fit.median),
                q1 = two(fit.q1),
                q3 = two(fit.q3),
                iqr = two(fit.iqr)
            ),
            t!(
                lang,
                "distances-fit-suggest",
                // As it is written in jelly.toml: a dot, whatever the language.
                factor = format!("{factor:.2}"),
                current = current
            )
        ),
        None => t!(lang, "distances-fit-none", current = current),
    };
    Output::new(&fit, text)
}
