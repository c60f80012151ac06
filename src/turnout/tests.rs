//! Proof on generated associations whose attendance follows a known law:
//! the expected turnout per venue is close to the true expectation, much
//! closer than the constant rate `next` used before; answers, the fallback
//! and the calibration behave as documented.

use chrono::{NaiveDate, NaiveDateTime};

use super::*;
use crate::model::{Objective, Participant, Rsvp, Status, Venue};
use crate::rotation;
use crate::testing::{participant, venue, village};
use crate::turnout::model::sigmoid;

use crate::rng::Rng;

/// Uniform in 0..n, from one uniform draw (the sequence the tests were tuned on).
fn below(rng: &mut Rng, n: usize) -> usize {
    (rng.unit() * n as f64) as usize % n
}

/// The law attendance follows in a generated association.
struct Law {
    intercept: f64,
    per_10_km: f64,
    /// Person effect of each participant, in `data.participants` order.
    person: Vec<f64>,
}

impl Law {
    fn chance(&self, person: usize, km: f64) -> f64 {
        sigmoid(self.intercept + self.person[person] + self.per_10_km * km / 10.0)
    }
}

fn day(n: i64) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 1, 4)
        .unwrap()
        .and_hms_opt(18, 30, 0)
        .unwrap()
        + chrono::Duration::days(n)
}

/// The distance `next` uses between a participant and a venue (no routes
/// here: great circle × detour factor).
fn km(data: &Dataset, p: &Participant, v: &Venue) -> f64 {
    let home = data.village(&p.village).unwrap();
    let (lat, lon) = data.venue_point(v).unwrap();
    rotation::haversine_km(home.lat, home.lon, lat, lon) * data.config.rotation.detour_factor
}

/// An association of `people` members in 40 villages spread over about
/// 100 × 100 km, 15 venues, and `sessions` held sessions (one every six
/// weeks, everyone invited) whose attendance is drawn from the law.
fn association(people: usize, sessions: usize, seed: u64) -> (Dataset, Law) {
    let mut rng = Rng::new(seed);
    let mut data = Dataset::default();
    for i in 0..40 {
        let (lat, lon) = (43.8 + 0.9 * rng.unit(), 3.4 + 1.25 * rng.unit());
        data.villages
            .push(village(&format!("w{i}"), &format!("W{i}"), lat, lon));
    }
    for i in 0..15 {
        let at = format!("w{}", below(&mut rng, 40));
        data.venues
            .push(venue(&format!("h{i:02}"), &format!("H{i}"), &at));
    }
    let law = Law {
        intercept: 1.0,
        per_10_km: -0.45,
        person: (0..people).map(|_| 0.9 * rng.normal()).collect(),
    };
    for i in 0..people {
        let home = format!("w{}", below(&mut rng, 40));
        data.participants
            .push(participant(&format!("p{i:04}"), &format!("P{i}"), &home));
    }
    for s in 0..sessions {
        let venue = data.venues[below(&mut rng, 15)].clone();
        let mut attended = Vec::new();
        for (i, p) in data.participants.iter().enumerate() {
            if rng.unit() < law.chance(i, km(&data, p, &venue)) {
                attended.push(p.id.clone());
            }
        }
        data.events.push(Event {
            id: format!("e{s:02}"),
            date: day(42 * s as i64),
            venue: venue.id.clone(),
            theme: None,
            status: Status::Held,
            invited: data.participants.iter().map(|p| p.id.clone()).collect(),
            attended,
            rsvp: Default::default(),
            sequence: 0,
            cancel_reason: None,
            previous_date: None,
        });
    }
    (data, law)
}

/// Mean relative error of `expected` (by venue id) against the law's own
/// expectation at each venue.
fn mean_error(data: &Dataset, law: &Law, candidates: &[rotation::Candidate]) -> f64 {
    let errors: Vec<f64> = candidates
        .iter()
        .map(|c| {
            let venue = data.venue(&c.venue).unwrap();
            let truth: f64 = data
                .participants
                .iter()
                .enumerate()
                .map(|(i, p)| law.chance(i, km(data, p, venue)))
                .sum();
            (c.expected_turnout - truth).abs() / truth
        })
        .collect();
    errors.iter().sum::<f64>() / errors.len() as f64
}

#[test]
fn expected_turnout_per_venue_is_within_8_percent_where_a_constant_rate_is_far_off() {
    for seed in [3, 17] {
        let (data, law) = association(300, 24, seed);
        let date = day(42 * 24);
        let (with_model, model) = rotation::rank_with_turnout(&data, date, Objective::Total);
        assert!(model.is_fitted());
        let constant = rotation::rank(&data, date, Objective::Total);
        let model_error = mean_error(&data, &law, &with_model.candidates);
        let constant_error = mean_error(&data, &law, &constant.candidates);
        eprintln!("seed {seed}: model {model_error:.3}, constant rate {constant_error:.3}");
        assert!(model_error < 0.08, "seed {seed}: {model_error}");
        assert!(
            constant_error > 0.15 && constant_error > 2.5 * model_error,
            "seed {seed}: constant {constant_error} vs model {model_error}"
        );
    }
}

#[test]
fn the_fitted_distance_effect_is_within_20_percent_on_a_generated_association() {
    let (data, law) = association(300, 24, 5);
    let model = learn(&data, day(42 * 24));
    let Basis::Model { per_10_km, .. } = model.basis else {
        panic!("not fitted");
    };
    let error = (per_10_km - law.per_10_km).abs() / law.per_10_km.abs();
    assert!(error < 0.2, "{per_10_km} for {}", law.per_10_km);
}

#[test]
fn with_too_little_history_the_prior_decides_and_the_interval_stays_open() {
    let (data, _) = association(40, MIN_SESSIONS - 1, 9);
    let date = day(10_000);
    let model = learn(&data, date);
    assert!(!model.is_fitted());
    assert!(matches!(model.basis, Basis::Prior { .. }));
    assert_eq!(model.sessions, MIN_SESSIONS - 1);
    let (ranking, _) = rotation::rank_with_turnout(&data, date, Objective::Total);
    assert!(!ranking.capacity_enforced);
    for c in &ranking.candidates {
        // Nobody is certain to come: never everyone, never one number.
        assert!(c.expected_turnout < 40.0 * 0.9, "{c:?}");
        assert!(c.turnout_low < c.turnout_high, "{c:?}");
    }
    // A newcomer at next door gets about the prior's rate (the data of
    // three sessions move it a little).
    let newcomer = model.probability("newcomer", 0.0, None);
    assert!((newcomer - 0.4).abs() < 0.25, "{newcomer}");
}

#[test]
fn with_no_history_at_all_the_prior_alone_gives_the_chance() {
    let (mut data, _) = association(40, 0, 9);
    data.events.clear();
    let model = learn(&data, day(10));
    let prior = crate::turnout::prior(&data);
    assert!((model.fit().intercept - prior.intercept).abs() < 1e-9);
    assert!((model.fit().per_10_km - prior.per_10_km).abs() < 1e-9);
    let at_home = model.probability("x", 0.0, None);
    assert!((at_home - data.config.rotation.expected_turnout_rate).abs() < 1e-9);
    let ten_km = model.probability("x", 10.0, None);
    let odds = |p: f64| p / (1.0 - p);
    let factor = odds(ten_km) / odds(at_home);
    assert!((factor - data.config.rotation.turnout_odds_per_10_km).abs() < 1e-9);
}

#[test]
fn the_forecast_counts_answers_yes_as_the_yes_rate_and_no_as_zero() {
    let (mut data, _) = association(60, 8, 21);
    let venue = data.venues[0].id.clone();
    let mut event = data.events[0].clone();
    event.id = "upcoming".into();
    event.date = day(42 * 9);
    event.status = Status::Planned;
    event.venue = venue;
    event.attended.clear();
    data.events.push(event.clone());
    let model = learn(&data, event.date);
    let before = forecast(&data, &event, &model);
    assert_eq!(before.invited, 60);
    // Everyone answered: yes for the first ten, no for the others.
    for (i, id) in event.invited.iter().enumerate() {
        let answer = if i < 10 { Answer::Yes } else { Answer::No };
        event.rsvp.insert(
            id.clone(),
            Rsvp {
                answer,
                at: None,
                offered: None,
                expired: false,
            },
        );
    }
    let after = forecast(&data, &event, &model);
    assert_eq!((after.answered_yes, after.answered_no), (10, 50));
    assert!((after.expected_turnout - 10.0 * model.yes_rate).abs() < 1e-9);
    assert!(before.expected_turnout > after.expected_turnout);
    assert!(after.low <= 10 && after.high <= 10);
    // No history of yeses: the prior alone, 9 out of 10.
    assert!((model.yes_rate - 0.9).abs() < 1e-12);
}

#[test]
fn max_km_is_a_hard_limit_when_the_model_is_fitted() {
    let (data, _) = association(50, 6, 4);
    let model = learn(&data, day(10_000));
    assert!(model.is_fitted());
    let id = &data.participants[0].id;
    assert!(model.probability(id, 30.0, Some(40.0)) > 0.0);
    assert_eq!(model.probability(id, 41.0, Some(40.0)), 0.0);
}

#[test]
fn the_calibration_sums_every_invitation_once_and_predicts_near_what_happened() {
    let (data, _) = association(200, 12, 8);
    let bands = calibration(&data, day(10_000));
    let invitations: usize = bands.iter().map(|b| b.invitations).sum();
    let observed: usize = bands.iter().map(|b| b.observed).sum();
    assert_eq!(invitations, 200 * 12);
    let attended: usize = data.events.iter().map(|e| e.attended.len()).sum();
    assert_eq!(observed, attended);
    for b in bands.iter().filter(|b| b.invitations > 200) {
        let (p, o) = (
            b.predicted / b.invitations as f64,
            b.observed as f64 / b.invitations as f64,
        );
        assert!((p - o).abs() < 0.06, "{b:?}");
    }
}

/// The batched kernel of `next` (travellers grouped by village and by
/// log-odds, limits sorted) gives each venue the turnout of the model taken
/// one participant at a time: the sum of the chances and the interval of
/// their Poisson-binomial distribution (exact below
/// `interval::EXACT_UP_TO` people, from the moments above).
#[test]
fn the_ranking_kernel_gives_the_models_turnout_person_by_person() {
    // The last case has groups of ~19 newcomers with ~15 limits each:
    // several rows of the vector kernel per group (`rotation::kernel`).
    for (people, seed, newcomer_every, limited) in
        [(300, 21, 7, 0.3), (900, 22, 7, 0.3), (1500, 23, 2, 0.8)]
    {
        let (mut data, _) = association(people, 24, seed);
        // Newcomers (no history) and limits, so that groups mix both.
        let mut rng = Rng::new(seed + 100);
        for (i, p) in data.participants.iter_mut().enumerate() {
            if rng.unit() < limited {
                p.max_km = Some(5.0 + 60.0 * rng.unit());
            }
            if i % newcomer_every == 0 {
                p.id = format!("new{i:04}");
            }
        }
        let date = day(42 * 24);
        let (ranking, model) = rotation::rank_with_turnout(&data, date, Objective::Total);
        assert!(model.is_fitted());
        for c in &ranking.candidates {
            let venue = data.venue(&c.venue).unwrap();
            let chances: Vec<f64> = data
                .participants
                .iter()
                .map(|p| model.probability(&p.id, km(&data, p, venue), p.max_km))
                .collect();
            // The model's own uncertainty widens the interval (see
            // `interval::with_spread`), from the same sums.
            let weight: f64 = chances.iter().map(|p| p * (1.0 - p)).sum();
            let weighted_km: f64 = data
                .participants
                .iter()
                .zip(&chances)
                .map(|(p, c)| c * (1.0 - c) * km(&data, p, venue) / 10.0)
                .sum();
            let spread = model.parameter_variance(weight, weighted_km);
            let expected = if chances.len() <= interval::EXACT_UP_TO {
                interval::with_spread(&chances, spread, COVERAGE)
            } else {
                let sum: f64 = chances.iter().sum();
                interval::from_moments(sum, weight + spread, chances.len(), COVERAGE)
            };
            let relative = (c.expected_turnout - expected.expected).abs() / expected.expected;
            assert!(
                relative < 1e-9,
                "{}: {} vs {}",
                c.venue,
                c.expected_turnout,
                expected.expected
            );
            assert_eq!(
                (c.turnout_low, c.turnout_high),
                (expected.low, expected.high),
                "{}",
                c.venue
            );
        }
    }
}
