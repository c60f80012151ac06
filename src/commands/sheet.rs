//! `jelly sheet EVENT [-o FILE.pdf|FILE.html]`: the printable sign-in sheet
//! (feuille d'émargement) of a session; see [`crate::sheet`].

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use crate::commands::find_event;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::sheet::{self, Options, Sheet};
use crate::t;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The session (the file stem under events/).
    pub event: String,
    /// Write to this file: .pdf (A4) or .html (one printable page). Default: PDF on stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// On stdout, the HTML page instead of the PDF.
    #[arg(long)]
    pub html: bool,
    /// The organiser's or speaker's name (default: the name of `[mail] from`).
    #[arg(long, value_name = "NAME")]
    pub organiser: Option<String>,
    /// When the session ends, HH:MM (default: 3 hours after its start).
    #[arg(long, value_name = "HH:MM")]
    pub end: Option<String>,
}

pub fn run(args: Args, ctx: &Context) -> Result<Output> {
    let lang = ctx.lang;
    let html = match &args.output {
        Some(path) => match path
            .extension()
            .and_then(|x| x.to_str())
            .map(str::to_lowercase)
        {
            Some(x) if x == "pdf" => false,
            Some(x) if x == "html" || x == "htm" => true,
            _ => {
                return Err(Error::usage(t!(
                    lang,
                    "sheet-err-format",
                    path = path.display()
                )))
            }
        },
        None => args.html,
    };
    let data = ctx.load()?;
    let event = find_event(ctx, &data, &args.event)?;
    let end = match &args.end {
        Some(text) => {
            let bad = || {
                crate::commands::flag_error(
                    "--end",
                    t!(
                        lang,
                        "sheet-err-end",
                        value = text,
                        start = event.date.format("%H:%M")
                    ),
                )
            };
            let end = crate::model::input::parse_time(text).ok_or_else(bad)?;
            if end <= event.date.time() {
                return Err(bad());
            }
            Some(end)
        }
        None => None,
    };
    let sheet = Sheet::new(
        &data,
        event,
        &Options {
            organiser: args.organiser.clone(),
            end,
        },
    );
    let bytes = if html {
        sheet::html::render(&sheet)?.into_bytes()
    } else {
        sheet::pdf::render(&sheet)?
    };
    let summary = serde_json::json!({
        "event": event.id,
        "path": args.output.as_ref().map(|p| p.display().to_string()),
        "format": if html { "html" } else { "pdf" },
        "rows": sheet.rows.len(),
        "blank_rows": sheet.blank_rows,
        "pages": sheet.pages(),
    });
    match &args.output {
        Some(path) => {
            crate::store::write_atomic(path, &bytes)?;
            let text = t!(
                lang,
                "sheet-written",
                path = path.display(),
                rows = sheet.rows.len(),
                pages = sheet.pages()
            );
            Output::new(&summary, format!("{text}\n"))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            if !html && stdout.is_terminal() {
                return Err(Error::usage(t!(lang, "sheet-err-tty")));
            }
            stdout
                .write_all(&bytes)
                .and_then(|_| stdout.flush())
                .map_err(|e| Error::runtime(format!("stdout: {e}")))?;
            Ok(Output::empty())
        }
    }
}
