//! Writes a national-size data directory for benchmarks: every place of
//! `shared/data/fr-places.csv` a village, 2,000 venues, 100,000 participants
//! (~30% with a `max_km`), some road distances and a history of sessions.
//!
//! Usage: `cargo run --release --example gen_national -- OUTDIR [SEED] [PLACES_CSV]`
//! (default seed 42; default places file: `$JELLY_PLACES_CSV`, else
//! `../shared/data/fr-places.csv` next to the repository).
//! Then: `jelly --data OUTDIR next`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: gen_national OUTDIR [SEED] [PLACES_CSV]");
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
    let places = args
        .get(2)
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("JELLY_PLACES_CSV").map(PathBuf::from))
        .unwrap_or_else(jelly::bench_data::default_places_csv);
    let size = jelly::bench_data::NationalSize::default();
    match jelly::bench_data::write_national(out.as_ref(), &places, seed, &size) {
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
            eprintln!("cannot write {out} from {}: {e}", places.display());
            ExitCode::from(1)
        }
    }
}
