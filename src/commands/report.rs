//! `jelly report --year Y [-o rapport.pdf|.ods|.html]`: the yearly
//! activity report for funders (see [`crate::report`]).

use std::path::PathBuf;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::{self, Output};
use crate::report::{self, render};
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The calendar year to report on, e.g. 2026.
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i32).range(1900..=2199))]
    pub year: i32,
    /// Write the report to this file: .pdf (A4), .ods (spreadsheet) or .html.
    /// Without it, the figures are printed.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

enum Kind {
    Pdf,
    Ods,
    Html,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    let kind = match &args.output {
        None => None,
        Some(path) => Some(
            match path
                .extension()
                .and_then(|x| x.to_str())
                .map(str::to_lowercase)
                .as_deref()
            {
                Some("pdf") => Kind::Pdf,
                Some("ods") => Kind::Ods,
                Some("html" | "htm") => Kind::Html,
                _ => {
                    return Err(Error::usage(t!(
                        lang,
                        "report-err-format",
                        path = path.display()
                    )))
                }
            },
        ),
    };
    let data = ctx.load()?;
    let figures = report::compute(&data, args.year);
    let doc_lang = data.config.association.language;
    if let (Some(path), Some(kind)) = (&args.output, kind) {
        let bytes = match kind {
            Kind::Pdf => render::pdf(&figures, doc_lang, &data)?,
            Kind::Ods => render::ods(&figures, doc_lang)?,
            Kind::Html => {
                let spec = crate::map::MapSpec {
                    title: t!(doc_lang, "report-title", year = crate::i18n::Raw(args.year)),
                    venue: None,
                    people: figures.people_by_village.clone(),
                };
                let svg = crate::map::render(&data, &spec, doc_lang);
                // The SVG's own XML declaration has no place inside HTML.
                let svg = match svg.find("<svg") {
                    Some(at) => svg[at..].to_string(),
                    None => svg,
                };
                render::html(&figures, doc_lang, &svg).into_bytes()
            }
        };
        crate::store::write_atomic(path, &bytes)?;
        let text = t!(
            lang,
            "report-written",
            path = path.display(),
            year = crate::i18n::Raw(args.year),
            sessions = figures.sessions_held
        );
        return Output::new(&figures, format!("{text}\n"));
    }
    let mut table = output::table(crate::output::headers(
        lang,
        &["report-col-figure", "report-col-value"],
    ));
    for f in render::figures(&figures, lang) {
        table.add_row(vec![f.label, f.text]);
    }
    output::align_right(&mut table, &[1]);
    let heading = t!(lang, "report-title", year = crate::i18n::Raw(args.year));
    Output::new(
        &figures,
        format!("{heading} — {}\n{table}\n", figures.association),
    )
}
