//! jelly: plan itinerant meetups ("jellies") for rural freelancers and
//! teleworkers. The binary's `main` calls [`run`]; everything else is here.

pub mod bench_data;
pub mod cli;
pub mod commands;
pub mod context;
pub mod error;
pub mod gazetteer;
pub mod i18n;
pub mod import;
pub mod mail;
pub mod map;
pub mod model;
pub mod output;
pub mod prompt;
pub mod rotation;
pub mod stats;
pub mod store;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::Cli;
use crate::context::{Context, GlobalArgs};
use crate::error::Error;

/// Parses `args`, runs the command, prints its result or its error, and
/// returns the exit status: 0 success, 1 runtime failure, 2 invalid input.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let globals = GlobalArgs {
        data: cli.data.clone(),
        format: cli.format,
        quiet: cli.quiet,
        verbose: cli.verbose,
        now: cli.now.clone(),
        lang: cli.lang.clone(),
    };
    let ctx = match Context::new(&globals) {
        Ok(ctx) => ctx,
        Err(e) => return report_error(None, &e),
    };
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
    match result {
        Ok(output) => {
            output::emit(&ctx, &output);
            ExitCode::from(output.exit_code)
        }
        Err(e) => report_error(Some(&ctx), &e),
    }
}

fn report_error(ctx: Option<&Context>, error: &Error) -> ExitCode {
    eprintln!("{error}");
    if let (Error::Invalid(problems), Some(ctx)) = (error, ctx) {
        if problems.len() > 1 {
            eprintln!("{}", t!(ctx.lang, "check-problems", count = problems.len()));
        }
    }
    ExitCode::from(error.exit_code())
}
