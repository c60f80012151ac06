//! Writes a HelloAsso-shaped membership export of N members (default
//! 100,000) living all over France, and an empty association to import it
//! into, for timing `jelly participant import` at national scale (see
//! `jelly::bench_import`).
//!
//! Usage: `cargo run --release --features bench-data --example gen_import -- OUTDIR [ROWS] [SEED]`
//! Then:
//! ```text
//! time target/release/jelly --data OUTDIR/association participant import OUTDIR/export.csv
//! time target/release/jelly --data OUTDIR/association check
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first().map(std::path::PathBuf::from) else {
        eprintln!("usage: gen_import OUTDIR [ROWS] [SEED]");
        return ExitCode::from(2);
    };
    let rows: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42);
    match jelly::bench_import::write_export(&out, rows, seed) {
        Ok(()) => {
            eprintln!(
                "{}: {rows} rows; {}: an empty association",
                out.join("export.csv").display(),
                out.join("association").display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", out.display());
            ExitCode::from(1)
        }
    }
}
