//! jelly: plan itinerant meetups ("jellies") for rural freelancers and
//! teleworkers. The binary's `main` calls [`run`]; everything else is here.

/// The national-size data generator of the benchmarks: built for the
/// crate's tests and with the `bench-data` feature only.
#[cfg(any(test, feature = "bench-data"))]
pub mod bench_data;
#[cfg(any(test, feature = "bench-data"))]
pub mod bench_import;
pub(crate) mod checklist;
pub(crate) mod cli;
pub(crate) mod cli_lang;
pub mod commands;
pub(crate) mod context;
pub(crate) mod distances;
pub mod error;
pub(crate) mod gazetteer;
pub(crate) mod geo;
pub mod i18n;
pub mod identity;
pub(crate) mod import;
pub mod inbox;
pub mod mail;
pub(crate) mod map;
pub mod model;
pub(crate) mod output;
pub mod poll;
pub(crate) mod privacy;
pub(crate) mod prompt;
pub mod publish;
pub(crate) mod report;
pub(crate) mod rng;
pub mod rotation;
pub mod selectors;
pub(crate) mod sheet;
pub(crate) mod site;
pub(crate) mod stats;
pub mod store;
#[cfg(test)]
mod testing;
pub mod trust;
pub mod turnout;
pub(crate) mod vecmath;
pub mod waitlist;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::FromArgMatches;

use crate::cli::Cli;
use crate::context::{Context, Format, GlobalArgs};
use crate::error::Error;

/// Parses `args`, runs the command, prints its result or its error, and
/// returns the exit status: 0 success, 1 runtime failure, 2 invalid input.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    if args.get(1).is_some_and(|a| a == "__complete") {
        let words: Vec<String> = args[2..]
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        return commands::complete::run(&words);
    }
    let lang = context::early_lang(&args);
    let cli = match cli_lang::command(lang)
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e, lang),
    };
    let globals = GlobalArgs {
        data: cli.data.clone(),
        format: cli.format,
        quiet: cli.quiet,
        verbose: cli.verbose,
        now: cli.now.clone(),
        lang: cli.lang.clone(),
        no_cache: cli.no_cache,
    };
    // The parsed-data cache serves the command line only (`[store] cache`
    // in jelly.toml turns it off too).
    crate::store::cache::enable(!cli.no_cache, cli.verbose);
    let ctx = match Context::new(&globals) {
        Ok(ctx) => ctx,
        Err(e) => return report_error(None, globals.format, &e),
    };
    output::set_table_options(cli.wide, ctx.lang);
    i18n::set_current(ctx.lang);
    let started = std::time::Instant::now();
    if ctx.verbose {
        eprintln!(
            "{}",
            t!(
                ctx.lang,
                "verbose-data",
                root = ctx.dir.root.display(),
                description = ctx.dir.description.display(),
                now = ctx.now.format("%Y-%m-%dT%H:%M:%S")
            )
        );
    }
    let result = commands::dispatch(cli.command, &ctx);
    if ctx.verbose {
        eprintln!(
            "{}",
            t!(ctx.lang, "verbose-took", ms = started.elapsed().as_millis())
        );
    }
    let code = match result {
        Ok(output) => match output::emit(&ctx, &output) {
            Ok(()) => ExitCode::from(output.exit_code),
            Err(e) => report_error(Some(&ctx), ctx.format, &e),
        },
        Err(e) => report_error(Some(&ctx), ctx.format, &e),
    };
    // The answer is out: the parsed-data snapshot may finish writing.
    crate::store::cache::finish();
    code
}

/// Prints help or version on stdout, or a usage error in `lang` on stderr.
fn usage_error(error: &clap::Error, lang: i18n::Lang) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp => {
            print!("{}", cli_lang::help_text(error, lang));
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{}", cli_lang::help_text(error, lang));
            ExitCode::from(2)
        }
        ErrorKind::DisplayVersion => {
            let _ = error.print();
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{}", cli_lang::render_error(error, lang));
            ExitCode::from(2)
        }
    }
}

/// Prints `error` on stderr. Data problems keep `file:line:column: message`
/// as their first line; for a person (not `--format json`) the source line
/// and a caret follow each.
fn report_error(ctx: Option<&Context>, format: Format, error: &Error) -> ExitCode {
    match error {
        Error::Invalid(problems) if format != Format::Json => {
            let styled = console::colors_enabled_stderr();
            for problem in problems {
                eprintln!("{}", output::problems::render(problem, styled));
            }
        }
        // Values are escaped where messages are built; this catches any
        // control code left in a message composed another way.
        _ => {
            let text = error
                .to_string()
                .split('\n')
                .map(crate::error::escaped)
                .collect::<Vec<_>>()
                .join("\n");
            eprintln!("{}", output::wrap_prose(&text, output::stderr_width()));
        }
    }
    if let (Error::Invalid(problems), Some(ctx)) = (error, ctx) {
        if problems.len() > 1 {
            eprintln!("{}", t!(ctx.lang, "check-problems", count = problems.len()));
        }
    }
    ExitCode::from(error.exit_code())
}
