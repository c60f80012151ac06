//! `jelly plan` on a national-size association: 10 sessions, every place of
//! the built-in gazetteer a village, 2,000 venues, 100,000 participants (the
//! data of `jelly::bench_data::write_national`, seed 42). The data directory
//! is written and loaded once; the benchmark times the planning itself.
//!
//! `cargo bench --features bench-data --bench plan`
// A test, bench or example crate has no public surface: `pub` here only
// shares items between its own modules.
#![allow(unreachable_pub)]

use criterion::{criterion_group, criterion_main, Criterion};

use jelly::i18n::Lang;
use jelly::model::duration::{Span, Unit};
use jelly::model::parse_local_datetime;
use jelly::rotation::plan::{plan, season_dates, Options};
use jelly::store::DataDir;

fn national_plan(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    jelly::bench_data::write_national(dir.path(), 42, &jelly::bench_data::NationalSize::default())
        .expect("the national data set is written");
    let data = jelly::store::load(&DataDir::new(dir.path()), Lang::En).expect("it loads");
    let from = parse_local_datetime("2027-01-04T18:30").unwrap();
    let dates = season_dates(from, 10, Span::new(6, Unit::Weeks));
    let options = Options::default();
    let result = plan(&data, &dates, &options).expect("a plan");
    let greedy = result.greedy.as_ref().expect("a greedy sequence");
    eprintln!(
        "national, 10 sessions, {}: plan (max beyond {}, worst season {:.1} km, total {:.1} km) vs greedy ({}, {:.1} km, {:.1} km)",
        result.method.as_str(),
        result.criterion.max_beyond,
        result.criterion.max_season_km,
        result.criterion.total_km,
        greedy.criterion.max_beyond,
        greedy.criterion.max_season_km,
        greedy.criterion.total_km,
    );
    let mut group = c.benchmark_group("plan");
    group.sample_size(10);
    group.bench_function("national_10_sessions", |b| {
        b.iter(|| plan(&data, &dates, &options).expect("a plan"));
    });
    group.finish();
}

criterion_group!(benches, national_plan);
criterion_main!(benches);
