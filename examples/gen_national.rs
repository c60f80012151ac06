//! Writes a national-size data directory for benchmarks: every place of
//! the gazetteer built into jelly a village, 2,000 venues, 100,000
//! participants (~30% with a `max_km`), some road distances and a history
//! of sessions.
//!
//! Usage: `cargo run --release --features bench-data --example gen_national -- OUTDIR [SEED]`
//! (default seed 42). Then: `jelly --data OUTDIR next`.
// A test, bench or example crate has no public surface: `pub` here only
// shares items between its own modules.
#![allow(unreachable_pub)]

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: gen_national OUTDIR [SEED]");
        return ExitCode::from(2);
    };
    let seed = match args.get(1).map(|s| s.parse::<u64>()) {
        None => 42,
        Some(Ok(seed)) => seed,
        Some(Err(_)) => {
            eprintln!("SEED must be a whole number, got `{}`", args[1]);
            return ExitCode::from(2);
        }
    };
    let size = jelly::bench_data::NationalSize::default();
    match jelly::bench_data::write_national(out.as_ref(), seed, &size) {
        Ok(summary) => {
            eprintln!(
                "{out}: {} villages, {} venues, {} participants ({} with max_km), {} routes, {} sessions",
                summary.villages,
                summary.venues,
                summary.participants,
                summary.with_max_km,
                summary.routes,
                summary.events
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {out}: {e}");
            ExitCode::from(1)
        }
    }
}
