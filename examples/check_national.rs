//! Checks `jelly next`'s engine against a brute force on a whole data
//! directory (meant for the national set written by `gen_national`): the
//! rules of `docs/rotation.md` read literally, one traveller at a
//! time, the textbook haversine formula, no grouping and no threads. The
//! choice, the order, the exclusions and the counts must be equal, the
//! distances equal to 1e-9 (relative; the two add the same numbers in a
//! different order).
//!
//! Usage: `cargo run --release --example check_national -- DATA_DIR [DATE]`
//! (default date 2026-12-01; the check also runs with no history, at
//! 2000-01-01). Exit status 0 when everything matches, 1 otherwise.
// A test, bench or example crate has no public surface: `pub` here only
// shares items between its own modules.
#![allow(unreachable_pub)]

use std::collections::HashMap;
use std::process::ExitCode;

use chrono::NaiveDateTime;
use jelly::i18n::Lang;
use jelly::model::{parse_local_datetime, Dataset, Objective, Status};
use jelly::rotation::{rank_with_figures, Candidate, Exclusion, Network, EARTH_RADIUS_KM};

fn textbook_haversine(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// Every venue's (total, max, beyond) the slow way, in `data.venues` order.
fn brute_figures(data: &Dataset) -> Vec<(f64, f64, usize)> {
    let points: HashMap<&str, (f64, f64)> = data
        .villages
        .iter()
        .map(|v| (v.id.as_str(), (v.lat, v.lon)))
        .collect();
    let mut routes: HashMap<(&str, &str), f64> = HashMap::new();
    for r in &data.routes {
        routes.entry((&r.from, &r.to)).or_insert(r.km);
        routes.entry((&r.to, &r.from)).or_insert(r.km);
    }
    let travellers: Vec<_> = data.participants.iter().filter(|p| p.active).collect();
    data.venues
        .iter()
        .map(|v| {
            let own = v.lat.is_some() && v.lon.is_some();
            let (vlat, vlon) = match (v.lat, v.lon) {
                (Some(lat), Some(lon)) => (lat, lon),
                _ => points[v.village.as_str()],
            };
            let (mut total, mut max, mut beyond) = (0.0, 0.0f64, 0);
            for p in &travellers {
                let d = match routes.get(&(p.village.as_str(), v.village.as_str())) {
                    Some(&km) if !own => km,
                    _ => {
                        let (plat, plon) = points[p.village.as_str()];
                        textbook_haversine(plat, plon, vlat, vlon)
                            * data.config.rotation.detour_factor
                    }
                };
                total += d;
                max = max.max(d);
                if p.max_km.is_some_and(|m| d > m) {
                    beyond += 1;
                }
            }
            (total, max, beyond)
        })
        .collect()
}

/// The exclusions and the expected attendance on `date`, the slow way.
fn brute_exclusions(data: &Dataset, date: NaiveDateTime) -> (f64, Vec<Option<Exclusion>>) {
    let mut history: Vec<_> = data
        .events
        .iter()
        .filter(|e| e.status != Status::Cancelled && e.date < date)
        .collect();
    history.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let cooldown: Vec<&str> = history
        .iter()
        .rev()
        .take(data.config.rotation.cooldown)
        .map(|e| {
            data.venue(&e.venue)
                .expect("a known venue")
                .village
                .as_str()
        })
        .collect();
    let mut expected = 0.0;
    for p in data.participants.iter().filter(|p| p.active) {
        let held = history
            .iter()
            .filter(|e| e.status == Status::Held && e.invited.contains(&p.id));
        let invited = held.clone().count();
        let attended = held.filter(|e| e.attended.contains(&p.id)).count();
        expected += if invited == 0 {
            1.0
        } else {
            attended as f64 / invited as f64
        };
    }
    // Capacity excludes only once 4 held sessions back the figure; the
    // rules give way (cooldown first, then capacity) rather than leave no
    // active venue (docs/rotation.md).
    let held = history.iter().filter(|e| e.status == Status::Held).count();
    let enforced = held >= jelly::turnout::MIN_SESSIONS;
    let passes = |v: &jelly::model::Venue, keep_cooldown: bool, keep_capacity: bool| {
        v.active
            && !(keep_cooldown && cooldown.contains(&v.village.as_str()))
            && !(keep_capacity && v.capacity.is_some_and(|c| (c as f64) < expected))
    };
    let (keep_cooldown, keep_capacity) = if data.venues.iter().any(|v| passes(v, true, enforced)) {
        (true, enforced)
    } else if data.venues.iter().any(|v| passes(v, false, enforced)) {
        (false, enforced)
    } else {
        (false, false)
    };
    let reasons = data
        .venues
        .iter()
        .map(|v| {
            if passes(v, keep_cooldown, keep_capacity) {
                None
            } else if !v.active {
                Some(Exclusion::Inactive)
            } else if keep_cooldown && cooldown.contains(&v.village.as_str()) {
                Some(Exclusion::Cooldown)
            } else {
                Some(Exclusion::Capacity)
            }
        })
        .collect();
    (expected, reasons)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: check_national DATA_DIR [DATE]");
        return ExitCode::from(2);
    };
    let date = parse_local_datetime(&args.next().unwrap_or_else(|| "2026-12-01".into()))
        .expect("DATE: YYYY-MM-DD");
    let data = jelly::store::load(&jelly::store::DataDir::new(dir), Lang::En)
        .unwrap_or_else(|e| panic!("{e}"));
    let travellers = data.participants.iter().filter(|p| p.active).count();
    eprintln!(
        "{} villages, {} venues, {travellers} travellers: brute force…",
        data.villages.len(),
        data.venues.len()
    );
    let slow = brute_figures(&data);
    let figures = Network::new(&data).figures();
    let mut failures = 0;
    let no_history = parse_local_datetime("2000-01-01").expect("a date");
    for when in [date, no_history] {
        let (expected, reasons) = brute_exclusions(&data, when);
        for objective in [Objective::Total, Objective::Fair, Objective::Coverage] {
            let fast = rank_with_figures(&data, &figures, when, objective);
            let mut brute: Vec<Candidate> = data
                .venues
                .iter()
                .zip(&slow)
                .zip(&reasons)
                .map(|((v, &(total, max, beyond)), &excluded)| Candidate {
                    venue: v.id.clone(),
                    village: v.village.clone(),
                    total_km: total,
                    mean_km: total / travellers as f64,
                    max_km: max,
                    beyond_limit: beyond,
                    // Not checked here: the ranking's own turnout figures.
                    expected_turnout: expected,
                    turnout_low: 0,
                    turnout_high: 0,
                    eligible: excluded.is_none(),
                    excluded,
                    // Not checked here.
                    warnings: Vec::new(),
                })
                .collect();
            brute.sort_by(|a, b| {
                let key = |c: &Candidate| match objective {
                    Objective::Total => (c.total_km, 0.0),
                    Objective::Fair => (c.max_km, c.total_km),
                    Objective::Coverage => (c.beyond_limit as f64, c.total_km),
                    Objective::Turnout => (-c.expected_turnout, c.total_km),
                };
                (!a.eligible)
                    .cmp(&!b.eligible)
                    .then(key(a).partial_cmp(&key(b)).expect("no NaN"))
                    .then(a.venue.cmp(&b.venue))
            });
            let choice = brute.iter().find(|c| c.eligible).map(|c| c.venue.clone());
            let mut problems = Vec::new();
            if fast.choice != choice {
                problems.push(format!("choice {:?} vs {:?}", fast.choice, choice));
            }
            if !close(fast.expected_attendance, expected) {
                problems.push(format!(
                    "expected attendance {} vs {expected}",
                    fast.expected_attendance
                ));
            }
            for (i, (f, s)) in fast.candidates.iter().zip(&brute).enumerate() {
                if f.venue != s.venue
                    || f.excluded != s.excluded
                    || f.beyond_limit != s.beyond_limit
                    || !close(f.total_km, s.total_km)
                    || !close(f.mean_km, s.mean_km)
                    || !close(f.max_km, s.max_km)
                {
                    problems.push(format!("rank {i}: {f:?} vs {s:?}"));
                }
            }
            println!(
                "{when} {:8} choice {:?}: {}",
                objective.as_str(),
                fast.choice,
                if problems.is_empty() {
                    "same as the brute force".to_string()
                } else {
                    format!("{} differences", problems.len())
                }
            );
            for p in problems.iter().take(5) {
                println!("  {p}");
            }
            failures += problems.len();
        }
    }
    if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
