//! The ranking of `jelly next` on a national-size network: every place of
//! the built-in gazetteer a village, 2,000 venues, 100,000 participants
//! (~30% with a `max_km`), generated into a temporary directory by
//! `jelly::bench_data`.
//!
//! `cargo bench --features bench-data --bench rotation`. The whole process
//! is timed separately; see docs/performance.md.
// A test, bench or example crate has no public surface: `pub` here only
// shares items between its own modules.
#![allow(unreachable_pub)]

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};

use jelly::bench_data::{write_national, NationalSize};
use jelly::i18n::Lang;
use jelly::model::Objective;
use jelly::rotation::{self, Network};
use jelly::store::{self, DataDir};

fn national(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    write_national(dir.path(), 42, &NationalSize::default())
        .unwrap_or_else(|e| panic!("cannot generate the national network: {e}"));
    let data_dir = DataDir::new(dir.path());
    let data = store::load(&data_dir, Lang::En).expect("the generated network is valid");
    let date = NaiveDate::from_ymd_opt(2026, 12, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();

    let mut group = c.benchmark_group("national");
    group.sample_size(20);
    group.bench_function(
        "rank (group by village + figures + exclusions + sort)",
        |b| b.iter(|| rotation::rank(black_box(&data), date, Objective::Total)),
    );
    let network = Network::new(&data);
    group.bench_function("figures of 2,000 venues (prepared network)", |b| {
        b.iter(|| black_box(&network).figures());
    });
    let figures = network.figures();
    group.bench_function("rank_with_figures (one more date)", |b| {
        b.iter(|| rotation::rank_with_figures(black_box(&data), &figures, date, Objective::Fair));
    });
    group.sample_size(10);
    group.bench_function("load the data directory", |b| {
        b.iter(|| store::load(black_box(&data_dir), Lang::En).expect("valid"));
    });
    group.finish();
}

criterion_group!(benches, national);
criterion_main!(benches);
