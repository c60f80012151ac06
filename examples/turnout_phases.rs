//! Times the turnout model's share of `jelly next`, three times in one
//! process: loading, learning the model (observations + fit), the figures
//! of every venue without and with the turnout, and the ranking.
//!
//! Usage: `cargo run --release --example turnout_phases -- DATA_DIR [DATE]`
//! (default date 2026-12-01).

use std::time::Instant;

use jelly::i18n::Lang;
use jelly::model::{parse_local_datetime, Objective};
use jelly::rotation::{rank_with_figures, Network};
use jelly::store::DataDir;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: turnout_phases DATA_DIR [DATE]");
        std::process::exit(2);
    };
    let date = parse_local_datetime(&args.next().unwrap_or_else(|| "2026-12-01".into()))
        .expect("DATE: YYYY-MM-DD");
    let dir = DataDir::new(dir);
    for _ in 0..3 {
        let start = Instant::now();
        let data = jelly::store::load(&dir, Lang::Fr).unwrap_or_else(|e| panic!("{e}"));
        let load = start.elapsed();
        let start = Instant::now();
        let model = jelly::turnout::learn(&data, date);
        let learn = start.elapsed();
        let start = Instant::now();
        let plain = Network::new(&data).figures();
        let figures = start.elapsed();
        let start = Instant::now();
        let network = Network::with_turnout(&data, &model);
        let build = start.elapsed();
        let with_turnout = network.figures();
        let scored = start.elapsed();
        let start = Instant::now();
        let ranking = rank_with_figures(&data, &with_turnout, date, Objective::Total);
        let rank = start.elapsed();
        let iterations = model.fit().iterations;
        eprintln!(
            "load {load:.0?} | learn {learn:.0?} ({} invitations, {} people, {} sessions, {iterations} Newton steps in the last fit) | figures without turnout {figures:.0?} | network with turnout {build:.0?}, its figures {:.0?} | rank {rank:.0?} | choice {:?} ({} venues, {})",
            model.observations,
            model.people,
            model.sessions,
            scored - build,
            ranking.choice,
            plain.len(),
            ranking.candidates.first().map_or(0.0, |c| c.expected_turnout),
        );
    }
}
