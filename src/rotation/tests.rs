//! Unit tests of the rotation engine, and property tests against a naive
//! brute force written here from the rules of `docs/rotation.md` alone.

use super::*;
use crate::model::{Participant, Route, Venue, Village};
use crate::testing;
use chrono::NaiveDate;
use proptest::prelude::*;

fn village(id: &str, lat: f64, lon: f64) -> Village {
    testing::village(id, &id.to_uppercase(), lat, lon)
}

fn venue(id: &str, village: &str) -> Venue {
    testing::venue(id, &id.to_uppercase(), village)
}

fn person(id: &str, village: &str, max_km: Option<f64>) -> Participant {
    Participant {
        max_km,
        ..testing::participant(id, id, village)
    }
}

fn event(
    id: &str,
    day: u32,
    venue: &str,
    status: Status,
    invited: &[&str],
    attended: &[&str],
) -> Event {
    Event {
        id: id.into(),
        date: NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(18, 0, 0)
            .unwrap()
            + chrono::Duration::days(day as i64),
        venue: venue.into(),
        theme: None,
        status,
        invited: invited
            .iter()
            .map(std::string::ToString::to_string)
            .collect(),
        attended: attended
            .iter()
            .map(std::string::ToString::to_string)
            .collect(),
        rsvp: Default::default(),
        sequence: 0,
        cancel_reason: None,
        previous_date: None,
    }
}

fn day(n: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        + chrono::Duration::days(n as i64)
}

/// km per degree along the equator (or a meridian).
use crate::geo::KM_PER_DEGREE;

/// The textbook haversine formula, independent of the module's vector form.
fn textbook_haversine(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn haversine_matches_a_known_distance_and_the_textbook_formula() {
    // Alès → Anduze: about 10.9 km as the crow flies.
    let d = haversine_km(44.12489, 4.08082, 44.055, 3.98495);
    assert!((d - 10.9).abs() < 0.5, "{d}");
    assert_eq!(haversine_km(44.0, 4.0, 44.0, 4.0), 0.0);
    assert!(close(haversine_km(0.0, 0.0, 0.0, 1.0), KM_PER_DEGREE));
    // Antipodes: half the circumference.
    assert!(close(
        haversine_km(0.0, 0.0, 0.0, 180.0),
        EARTH_RADIUS_KM * std::f64::consts::PI
    ));
    for (a, b, c, d) in [
        (44.12489, 4.08082, 44.51667, 3.5),
        (48.85, 2.35, 43.3, 5.37),
        (-33.9, 18.4, 51.5, -0.12),
        (10.0, 20.0, 10.000001, 20.000001),
    ] {
        let ours = haversine_km(a, b, c, d);
        let textbook = textbook_haversine(a, b, c, d);
        assert!((ours - textbook).abs() < 1e-8, "{ours} vs {textbook}");
    }
}

/// Three villages on the equator, 1° apart, detour factor 1: every distance
/// is a whole number of degrees.
fn equator() -> Dataset {
    let mut data = Dataset::default();
    data.config.rotation.detour_factor = 1.0;
    data.config.rotation.cooldown = 1;
    data.villages = vec![
        village("a", 0.0, 0.0),
        village("b", 0.0, 1.0),
        village("c", 0.0, 2.0),
    ];
    data.venues = vec![venue("va", "a"), venue("vb", "b"), venue("vc", "c")];
    data.participants = vec![
        person("p1", "a", Some(50.0)),
        person("p2", "a", None),
        person("p3", "c", Some(150.0)),
        person("p4", "b", None),
    ];
    data
}

#[test]
fn figures_by_hand_on_the_equator() {
    let data = equator();
    let ranking = rank(&data, day(10), Objective::Total);
    let k = KM_PER_DEGREE;
    // va: p1 0, p2 0, p3 2°, p4 1° → 3°; max 2°; p3 (limit 150 < 222) beyond.
    // vb: 1 + 1 + 1 + 0 = 3°; max 1°; p1 (50 < 111) beyond.
    // vc: 2 + 2 + 0 + 1 = 5°; max 2°; p1 beyond.
    let by_id = |id: &str| ranking.candidates.iter().find(|c| c.venue == id).unwrap();
    for (id, total, max, beyond) in [
        ("va", 3.0, 2.0, 1),
        ("vb", 3.0, 1.0, 1),
        ("vc", 5.0, 2.0, 1),
    ] {
        let c = by_id(id);
        assert!(close(c.total_km, total * k), "{id} {}", c.total_km);
        assert!(close(c.mean_km, total * k / 4.0), "{id}");
        assert!(close(c.max_km, max * k), "{id}");
        assert_eq!(c.beyond_limit, beyond, "{id}");
    }
    assert_eq!(ranking.participants, 4);
    assert_eq!(ranking.expected_attendance, 4.0);
    // va and vb tie on total_km: venue id decides.
    let order: Vec<&str> = ranking
        .candidates
        .iter()
        .map(|c| c.venue.as_str())
        .collect();
    assert_eq!(order, ["va", "vb", "vc"]);
    assert_eq!(ranking.choice.as_deref(), Some("va"));
    // fair: vb has the smallest max.
    let fair = rank(&data, day(10), Objective::Fair);
    assert_eq!(fair.choice.as_deref(), Some("vb"));
    // coverage: all have 1 beyond; total decides, then id.
    let coverage = rank(&data, day(10), Objective::Coverage);
    let order: Vec<&str> = coverage
        .candidates
        .iter()
        .map(|c| c.venue.as_str())
        .collect();
    assert_eq!(order, ["va", "vb", "vc"]);
}

#[test]
fn routes_replace_the_estimate_in_both_directions_unless_the_venue_has_its_own_point() {
    let mut data = equator();
    data.routes = vec![Route {
        from: "b".into(),
        to: "c".into(),
        km: 7.0,
        minutes: None,
    }];
    let k = KM_PER_DEGREE;
    let ranking = rank(&data, day(10), Objective::Total);
    let by_id =
        |r: &Ranking, id: &str| r.candidates.iter().find(|c| c.venue == id).unwrap().clone();
    // vc (village c): p4 from b now travels 7 km instead of 1°.
    assert!(close(by_id(&ranking, "vc").total_km, 4.0 * k + 7.0));
    // vb (village b): p3 from c travels 7 km.
    assert!(close(by_id(&ranking, "vb").total_km, 2.0 * k + 7.0));
    // A venue with its own point ignores routes (and the point counts).
    data.venues[2].lat = Some(0.0);
    data.venues[2].lon = Some(2.0);
    let ranking = rank(&data, day(10), Objective::Total);
    assert!(close(by_id(&ranking, "vc").total_km, 5.0 * k));
}

#[test]
fn exclusions_come_in_the_spec_order_and_explain_each_venue() {
    let mut data = equator();
    data.config.rotation.cooldown = 2;
    data.venues[0].active = false; // inactive beats cooldown
    data.venues[1].capacity = Some(2);
    data.events = vec![
        event(
            "e1",
            1,
            "va",
            Status::Held,
            &["p1", "p2", "p3", "p4"],
            &["p1"],
        ),
        event("e2", 2, "vc", Status::Held, &["p1", "p2"], &["p1", "p2"]),
        // Cancelled sessions are not history; sessions after the date neither.
        event("e3", 3, "vb", Status::Cancelled, &[], &[]),
        event("e4", 30, "vb", Status::Held, &["p3"], &[]),
    ];
    let ranking = rank(&data, day(10), Objective::Total);
    // p1: 2/2, p2: 1/2, p3: 0/1, p4: 0/1 → 1.5
    assert!(close(ranking.expected_attendance, 1.5));
    let reasons: Vec<(&str, Option<Exclusion>)> = ranking
        .candidates
        .iter()
        .map(|c| (c.venue.as_str(), c.excluded))
        .collect();
    // cooldown = 2 covers villages a and c; vb (capacity 2 ≥ 1.5) is eligible.
    assert_eq!(
        reasons,
        [
            ("vb", None),
            ("va", Some(Exclusion::Inactive)),
            ("vc", Some(Exclusion::Cooldown)),
        ]
    );
    assert_eq!(ranking.choice.as_deref(), Some("vb"));
    // Everyone never invited: 4 expected, vb too small, but with no held
    // session behind the figure it is a warning, not an exclusion.
    data.events.clear();
    let ranking = rank(&data, day(10), Objective::Total);
    let vb = ranking.candidates.iter().find(|c| c.venue == "vb").unwrap();
    assert_eq!(vb.excluded, None);
    assert_eq!(vb.warnings, [Exclusion::Capacity]);
    assert!(vb.eligible);
    assert!(!ranking.capacity_enforced);
}

#[test]
fn nothing_eligible_means_no_choice() {
    let mut data = equator();
    for v in &mut data.venues {
        v.active = false;
    }
    let ranking = rank(&data, day(10), Objective::Total);
    assert_eq!(ranking.choice, None);
    assert_eq!(ranking.candidates.len(), 3);
    let json = serde_json::to_value(&ranking).unwrap();
    assert!(json["choice"].is_null());
    assert_eq!(json["candidates"][0]["excluded"], "inactive");
    assert_eq!(json["candidates"][0]["eligible"], false);
}

#[test]
fn the_json_has_the_shape_of_the_spec() {
    let ranking = rank(&equator(), day(10), Objective::Fair);
    let json = serde_json::to_value(&ranking).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "date",
            "objective",
            "participants",
            "expected_attendance",
            "choice",
            "candidates",
            "rotation_kept",
            "capacity_enforced",
            "capacity_set_aside",
            "planned_before"
        ]
    );
    assert_eq!(json["date"], "2026-01-11T00:00:00");
    assert_eq!(json["objective"], "fair");
    let candidate: Vec<&str> = json["candidates"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        candidate,
        [
            "venue",
            "village",
            "total_km",
            "mean_km",
            "max_km",
            "beyond_limit",
            "expected_turnout",
            "turnout_low",
            "turnout_high",
            "eligible",
            "excluded",
            "warnings"
        ]
    );
    assert!(json["candidates"][0]["excluded"].is_null());
}

#[test]
fn no_travellers_gives_zero_figures() {
    let mut data = equator();
    for p in &mut data.participants {
        p.active = false;
    }
    let ranking = rank(&data, day(10), Objective::Total);
    assert_eq!(ranking.participants, 0);
    assert_eq!(ranking.expected_attendance, 0.0);
    assert!(ranking
        .candidates
        .iter()
        .all(|c| c.total_km == 0.0 && c.mean_km == 0.0));
    assert_eq!(ranking.choice.as_deref(), Some("va"));
}

#[test]
fn a_network_serves_many_dates() {
    let mut data = equator();
    data.events = vec![event("e1", 1, "va", Status::Held, &[], &[])];
    let network = Network::new(&data);
    assert_eq!(network.travellers(), 4);
    assert_eq!(network.origins(), 3);
    let figures = network.figures();
    assert_eq!(
        rank_with_figures(&data, &figures, day(0), Objective::Total),
        rank(&data, day(0), Objective::Total)
    );
    let later = rank_with_figures(&data, &figures, day(5), Objective::Total);
    assert_eq!(
        later.choice.as_deref(),
        Some("vb"),
        "va is in cooldown after e1"
    );
}

// ---------- property tests against a brute force ----------

/// The spec, read literally: one traveller at a time, no grouping (maps
/// only to look ids up).
fn brute_force(data: &Dataset, date: NaiveDateTime, objective: Objective) -> Ranking {
    let mut history: Vec<&Event> = data
        .events
        .iter()
        .filter(|e| e.status != Status::Cancelled && e.date < date)
        .collect();
    history.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let venue_village: HashMap<&str, &str> = data
        .venues
        .iter()
        .map(|v| (v.id.as_str(), v.village.as_str()))
        .collect();
    let cooldown_villages: Vec<&str> = history
        .iter()
        .rev()
        .take(data.config.rotation.cooldown)
        .map(|e| venue_village[e.venue.as_str()])
        .collect();
    let travellers: Vec<&Participant> = data.participants.iter().filter(|p| p.active).collect();
    let mut expected = 0.0;
    let mut rates = Vec::new();
    for p in &travellers {
        let held = history.iter().filter(|e| e.status == Status::Held);
        let invited = held.clone().filter(|e| e.invited.contains(&p.id)).count();
        let attended = held
            .filter(|e| e.invited.contains(&p.id) && e.attended.contains(&p.id))
            .count();
        let rate = if invited == 0 {
            1.0
        } else {
            attended as f64 / invited as f64
        };
        expected += rate;
        rates.push(rate);
    }
    // Without a model, the same turnout everywhere: everyone's past rate.
    let flat = crate::turnout::turnout(&rates, crate::turnout::COVERAGE);
    // Capacity excludes only with enough held sessions; the rules give way
    // (cooldown first, then capacity) rather than leave no venue.
    let held = history.iter().filter(|e| e.status == Status::Held).count();
    let planned_before = history.len() - held;
    let enforced = held >= crate::turnout::MIN_SESSIONS;
    let passes = |v: &crate::model::Venue, cooldown: bool, capacity: bool| {
        v.active
            && !(cooldown && cooldown_villages.contains(&v.village.as_str()))
            && !(capacity && v.capacity.is_some_and(|c| (c as f64) < expected))
    };
    let (keep_cooldown, keep_capacity) = if data.venues.iter().any(|v| passes(v, true, enforced)) {
        (true, enforced)
    } else if data.venues.iter().any(|v| passes(v, false, enforced)) {
        (false, enforced)
    } else {
        (false, false)
    };
    let any_active = data.venues.iter().any(|v| v.active);
    let capacity_set_aside = any_active && enforced && !keep_capacity;
    let points: HashMap<&str, (f64, f64)> = data
        .villages
        .iter()
        .map(|v| (v.id.as_str(), (v.lat, v.lon)))
        .collect();
    // The first route of the file between two villages, either direction.
    let routes = distance::routes(data);
    let mut candidates: Vec<Candidate> = data
        .venues
        .iter()
        .map(|v| {
            let own = v.lat.is_some() && v.lon.is_some();
            let (vlat, vlon) = if own {
                (v.lat.unwrap(), v.lon.unwrap())
            } else {
                points[v.village.as_str()]
            };
            let distances: Vec<f64> = travellers
                .iter()
                .map(
                    |p| match routes.get(&(p.village.as_str(), v.village.as_str())) {
                        Some(&km) if !own => km,
                        _ => {
                            let (plat, plon) = points[p.village.as_str()];
                            textbook_haversine(plat, plon, vlat, vlon)
                                * data.config.rotation.detour_factor
                        }
                    },
                )
                .collect();
            let total: f64 = distances.iter().sum();
            let cooling = cooldown_villages.contains(&v.village.as_str());
            let small = v.capacity.is_some_and(|c| (c as f64) < expected);
            let (eligible, excluded) = if !v.active {
                (false, Some(Exclusion::Inactive))
            } else if cooling && keep_cooldown {
                (false, Some(Exclusion::Cooldown))
            } else if small && keep_capacity {
                (false, Some(Exclusion::Capacity))
            } else {
                (true, None)
            };
            let mut warnings = Vec::new();
            if eligible && cooling {
                warnings.push(Exclusion::Cooldown);
            }
            if eligible && small {
                warnings.push(Exclusion::Capacity);
            }
            Candidate {
                venue: v.id.clone(),
                village: v.village.clone(),
                total_km: total,
                mean_km: if travellers.is_empty() {
                    0.0
                } else {
                    total / travellers.len() as f64
                },
                max_km: distances.iter().copied().fold(0.0, f64::max),
                beyond_limit: travellers
                    .iter()
                    .zip(&distances)
                    .filter(|(p, d)| p.max_km.is_some_and(|m| **d > m))
                    .count(),
                expected_turnout: expected,
                turnout_low: flat.low,
                turnout_high: flat.high,
                eligible,
                excluded,
                warnings,
            }
        })
        .collect();
    candidates.sort_by(|a, b| {
        let key = |c: &Candidate| match objective {
            Objective::Total => (c.total_km, 0.0),
            Objective::Fair => (c.max_km, c.total_km),
            Objective::Coverage => (c.beyond_limit as f64, c.total_km),
            Objective::Turnout => (-c.expected_turnout, c.total_km),
        };
        let seats = |c: &Candidate| {
            data.venue(&c.venue)
                .unwrap()
                .capacity
                .map_or(u64::MAX, u64::from)
        };
        let larger_first = if capacity_set_aside {
            seats(b).cmp(&seats(a))
        } else {
            std::cmp::Ordering::Equal
        };
        (!a.eligible)
            .cmp(&!b.eligible)
            .then(larger_first)
            .then(key(a).partial_cmp(&key(b)).unwrap())
            .then(a.venue.cmp(&b.venue))
    });
    Ranking {
        date,
        objective,
        participants: travellers.len(),
        expected_attendance: expected,
        choice: candidates
            .iter()
            .find(|c| c.eligible)
            .map(|c| c.venue.clone()),
        candidates,
        rotation_kept: keep_cooldown || !any_active,
        capacity_enforced: enforced,
        capacity_set_aside,
        planned_before,
    }
}

/// The first difference between the engine's ranking and the brute
/// force's: choice, order, exclusions and counts exactly, distances to
/// 1e-9 (the two add the same distances in a different order).
fn difference(fast: &Ranking, slow: &Ranking) -> Option<String> {
    if fast.choice != slow.choice {
        return Some(format!("choice {:?} vs {:?}", fast.choice, slow.choice));
    }
    if fast.participants != slow.participants
        || !close(fast.expected_attendance, slow.expected_attendance)
        || fast.candidates.len() != slow.candidates.len()
    {
        return Some("participants, expected attendance or venue count".into());
    }
    for (i, (f, s)) in fast.candidates.iter().zip(&slow.candidates).enumerate() {
        if f.venue != s.venue
            || f.village != s.village
            || f.beyond_limit != s.beyond_limit
            || f.excluded != s.excluded
            || f.eligible != s.eligible
            || !close(f.total_km, s.total_km)
            || !close(f.mean_km, s.mean_km)
            || !close(f.max_km, s.max_km)
            || !close(f.expected_turnout, s.expected_turnout)
            || (f.turnout_low, f.turnout_high) != (s.turnout_low, s.turnout_high)
        {
            return Some(format!("rank {i}: {f:?} vs {s:?}"));
        }
    }
    None
}

/// A random small network: few villages (so venues and people share them,
/// which makes exact ties), optional own points, limits, routes, history.
fn network() -> impl Strategy<Value = (Dataset, NaiveDateTime, Objective)> {
    let villages = prop::collection::vec((43.5f64..45.0, 3.0f64..4.5), 1..6);
    (
        villages,
        0usize..4,
        prop::sample::select(vec![1.0, 1.3, 1.45]),
        0u32..60,
    )
        .prop_flat_map(|(points, cooldown, detour, date)| {
            let n = points.len();
            let venues = prop::collection::vec(
                (
                    0..n,
                    prop::option::weighted(0.3, (-0.05f64..0.05, -0.05f64..0.05)),
                    prop::option::of(0u32..12),
                    prop::bool::weighted(0.85),
                ),
                0..8,
            );
            let people = prop::collection::vec(
                (
                    0..n,
                    prop::option::of(prop::sample::select(vec![
                        0.0, 5.0, 10.0, 20.0, 35.0, 60.0, 100.0,
                    ])),
                    prop::bool::weighted(0.9),
                ),
                0..25,
            );
            let routes = prop::collection::vec((0..n, 0..n, 0.0f64..150.0), 0..5);
            let events = prop::collection::vec(
                (
                    any::<prop::sample::Index>(),
                    0u32..60,
                    prop::sample::select(vec![
                        Status::Held,
                        Status::Held,
                        Status::Planned,
                        Status::Cancelled,
                    ]),
                    prop::collection::vec((any::<prop::sample::Index>(), any::<bool>()), 0..10),
                ),
                0..6,
            );
            (
                Just(points),
                venues,
                people,
                routes,
                events,
                Just((cooldown, detour, date)),
                prop::sample::select(vec![
                    Objective::Total,
                    Objective::Fair,
                    Objective::Coverage,
                    Objective::Turnout,
                ]),
            )
        })
        .prop_map(
            |(points, venues, people, routes, events, (cooldown, detour, date), objective)| {
                let mut data = Dataset::default();
                data.config.rotation.cooldown = cooldown;
                data.config.rotation.detour_factor = detour;
                data.villages = points
                    .iter()
                    .enumerate()
                    .map(|(i, &(lat, lon))| village(&format!("w{i}"), lat, lon))
                    .collect();
                data.venues = venues
                    .iter()
                    .enumerate()
                    .map(|(i, &(w, own, capacity, active))| {
                        let mut v = venue(&format!("v{}", (i * 7) % 10), &format!("w{w}"));
                        v.id = format!("v{}-{i}", (i * 7) % 10);
                        if let Some((dlat, dlon)) = own {
                            v.lat = Some(points[w].0 + dlat);
                            v.lon = Some(points[w].1 + dlon);
                        }
                        v.capacity = capacity;
                        v.active = active;
                        v
                    })
                    .collect();
                data.participants = people
                    .iter()
                    .enumerate()
                    .map(|(i, &(w, max_km, active))| {
                        let mut p = person(&format!("p{i}"), &format!("w{w}"), max_km);
                        p.active = active;
                        p
                    })
                    .collect();
                data.routes = routes
                    .iter()
                    .map(|&(a, b, km)| Route {
                        from: format!("w{a}"),
                        to: format!("w{b}"),
                        km,
                        minutes: None,
                    })
                    .collect();
                if !data.venues.is_empty() {
                    data.events = events
                        .iter()
                        .enumerate()
                        .map(|(i, (venue, d, status, guests))| {
                            let venue = data.venues[venue.index(data.venues.len())].id.clone();
                            let mut invited = Vec::new();
                            let mut attended = Vec::new();
                            if !data.participants.is_empty() {
                                for (who, came) in guests {
                                    let id = data.participants[who.index(data.participants.len())]
                                        .id
                                        .clone();
                                    if !invited.contains(&id) {
                                        if *came && *status == Status::Held {
                                            attended.push(id.clone());
                                        }
                                        invited.push(id);
                                    }
                                }
                            }
                            let mut e = event(&format!("e{i}"), *d, &venue, *status, &[], &[]);
                            e.invited = invited;
                            e.attended = attended;
                            e
                        })
                        .collect();
                }
                (data, day(date), objective)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn ranking_matches_the_brute_force((data, date, objective) in network()) {
        let fast = rank(&data, date, objective);
        let slow = brute_force(&data, date, objective);
        let diff = difference(&fast, &slow);
        prop_assert!(diff.is_none(), "{}", diff.unwrap_or_default());
    }

    #[test]
    fn ties_on_every_key_fall_to_the_venue_id(
        (data, date, objective) in network(),
    ) {
        let ranking = rank(&data, date, objective);
        // When no venue is large enough, the larger ones come first: the
        // capacity is then a key too.
        let capacity = |id: &str| data.venue(id).and_then(|v| v.capacity);
        for pair in ranking.candidates.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let same_capacity = !ranking.capacity_set_aside || capacity(&a.venue) == capacity(&b.venue);
            if same_capacity && a.eligible == b.eligible && a.total_km == b.total_km && a.max_km == b.max_km && a.beyond_limit == b.beyond_limit {
                prop_assert!(a.venue < b.venue, "{} before {}", a.venue, b.venue);
            }
        }
    }
}

/// Generated networks at a larger scale (many villages, thousands of
/// people) give the brute force's answer too.
fn check_generated(places: &[crate::bench_data::Place], size: &crate::bench_data::NationalSize) {
    let dir = tempfile::tempdir().unwrap();
    crate::bench_data::write_network(dir.path(), places, 11, size).unwrap();
    let data = crate::store::load(
        &crate::store::DataDir::new(dir.path()),
        crate::i18n::Lang::En,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let network = Network::new(&data);
    let figures = network.figures();
    for (date, objective) in [
        (day(330), Objective::Total),
        (day(330), Objective::Fair),
        (day(330), Objective::Coverage),
        (day(0), Objective::Total),
    ] {
        let fast = rank_with_figures(&data, &figures, date, objective);
        let slow = brute_force(&data, date, objective);
        assert!(fast.choice.is_some());
        if let Some(diff) = difference(&fast, &slow) {
            panic!("{objective:?} on {date}: {diff}");
        }
    }
}

#[test]
fn a_generated_network_matches_the_brute_force() {
    // 1,500 places scattered over France.
    let mut seed = 5u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let places: Vec<crate::bench_data::Place> = (0..1500)
        .map(|i| crate::bench_data::Place {
            name: format!("Lieu {i}"),
            department: "30".to_string(),
            lat: 42.5 + 8.0 * next(),
            lon: -4.5 + 12.5 * next(),
            population: (next() * 20_000.0) as u64,
        })
        .collect();
    let size = crate::bench_data::NationalSize {
        venues: 150,
        participants: 4_000,
        with_max_km: 0.3,
        routes: 80,
        events: 10,
        invited_per_event: 200,
    };
    check_generated(&places, &size);
}

// The full national set is checked the same way, in release, by
// `cargo run --release --example check_national -- DIR` (see the README).
