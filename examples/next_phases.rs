//! Times each phase of `jelly next` in one process, three times: loading
//! the data directory (and, apart, a single-threaded TOML parse of
//! participants.toml for comparison), grouping travellers, the figures,
//! the exclusions and ranking, the table and the JSON.
//!
//! Usage: `cargo run --release --example next_phases -- DATA_DIR [DATE]`
//! (default date 2026-12-01).
// A test, bench or example crate has no public surface: `pub` here only
// shares items between its own modules.
#![allow(unreachable_pub)]

use std::time::Instant;

use jelly::i18n::Lang;
use jelly::model::{parse_local_datetime, Objective};
use jelly::rotation::{rank_with_figures, Network};
use jelly::store::{load::RawParticipants, DataDir};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: next_phases DATA_DIR [DATE]");
        std::process::exit(2);
    };
    let date = parse_local_datetime(&args.next().unwrap_or_else(|| "2026-12-01".into()))
        .expect("DATE: YYYY-MM-DD");
    let dir = DataDir::new(dir);
    let participants = std::fs::read_to_string(dir.participants()).expect("participants.toml");
    for _ in 0..3 {
        let start = Instant::now();
        let parsed: RawParticipants = toml::from_str(&participants).expect("valid TOML");
        let toml_alone = start.elapsed();

        let start = Instant::now();
        let data = jelly::store::load(&dir, Lang::Fr).unwrap_or_else(|e| panic!("{e}"));
        let load = start.elapsed();
        let network = Network::new(&data);
        let group = start.elapsed();
        let figures = network.figures();
        let compute = start.elapsed();
        let ranking = rank_with_figures(&data, &figures, date, Objective::Total);
        let rank = start.elapsed();
        let table = jelly::commands::next::render(Lang::Fr, &data, &ranking, None);
        let render = start.elapsed();
        let json = serde_json::to_string_pretty(&ranking).expect("serialisable");
        let end = start.elapsed();
        eprintln!(
            "toml parse alone {toml_alone:.0?} ({} people) | load {load:.0?} | group {:.0?} ({} villages) | figures {:.0?} ({} points) | rank {:.0?} | table {:.0?} ({} bytes) | json {:.0?} ({} bytes)",
            parsed.participant.len(),
            group - load,
            network.origins(),
            compute - group,
            network.places(),
            rank - compute,
            render - rank,
            table.len(),
            end - render,
            json.len(),
        );
    }
}
