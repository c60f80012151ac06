//! Choosing the next venue (see `docs/rotation.md`): distances,
//! history, exclusions, figures per venue and the three objectives. Pure
//! functions on a validated [`Dataset`]; no I/O.
//!
//! # How it is computed
//!
//! The figures of a venue (`total_km`, `mean_km`, `max_km`, `beyond_limit`)
//! depend only on who travels and where the venues are, not on the date;
//! only the exclusions (cooldown, capacity) depend on the date. So the work
//! is split in two:
//!
//! 1. [`Network::new`] groups the active participants by village (there are
//!    far fewer villages than people) and, per village, keeps how many
//!    travel from there and their `max_km` limits, sorted. Every point gets
//!    its unit vector once, and the routes of `distances.toml` are indexed
//!    by village.
//! 2. [`Network::figures`] computes every venue's figures from those groups,
//!    spreading the venues over all cores (rayon). Per (venue, village) it
//!    costs one distance and, rarely, a binary search in the sorted limits;
//!    the loops are written to run as vector instructions (`kernel`).
//!
//! [`rank_with_figures`] then applies the date's exclusions and sorts.
//! [`rank`] does both steps. A season planner that ranks venues for many
//! dates builds the [`Network`] and its figures once and calls
//! [`rank_with_figures`] (or [`exclusions`]) per date.
//!
//! Sums are compensated (Neumaier), so `total_km` is, to the last bit or
//! two, the exact sum of every traveller's distance whatever the grouping.

mod kernel;
pub mod plan;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Dataset, Event, Objective, Status};
use crate::turnout::{Turnout, TurnoutModel};

pub use crate::geo::{great_circle_km, haversine_km, unit_vector, EARTH_RADIUS_KM};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Exclusion {
    Inactive,
    Cooldown,
    Capacity,
}

impl Exclusion {
    pub fn as_str(self) -> &'static str {
        match self {
            Exclusion::Inactive => "inactive",
            Exclusion::Cooldown => "cooldown",
            Exclusion::Capacity => "capacity",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub venue: String,
    pub village: String,
    pub total_km: f64,
    pub mean_km: f64,
    pub max_km: f64,
    pub beyond_limit: usize,
    /// How many are expected to come (see `crate::turnout`), with an 80 %
    /// interval.
    pub expected_turnout: f64,
    pub turnout_low: u32,
    pub turnout_high: u32,
    pub eligible: bool,
    pub excluded: Option<Exclusion>,
    /// Rules this eligible venue breaks but that were not enforced: a
    /// capacity below the expected turnout while too few sessions back the
    /// forecast, or the cooldown (or capacity) when keeping it would have
    /// left no venue at all.
    pub warnings: Vec<Exclusion>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    #[serde(serialize_with = "serialize_datetime")]
    pub date: NaiveDateTime,
    pub objective: Objective,
    pub participants: usize,
    pub expected_attendance: f64,
    pub choice: Option<String>,
    pub candidates: Vec<Candidate>,
    /// False when the cooldown would have excluded every otherwise
    /// eligible venue and was set aside for this session.
    pub rotation_kept: bool,
    /// Whether a capacity below the expected turnout excludes a venue
    /// (enough held sessions back the forecast, [`crate::turnout::MIN_SESSIONS`]);
    /// otherwise it is a warning.
    pub capacity_enforced: bool,
    /// True when every active venue is too small and the largest is
    /// chosen anyway.
    pub capacity_set_aside: bool,
    /// Sessions already planned (not held) before the date: they count in
    /// the history like held ones.
    pub planned_before: usize,
}

pub fn serialize_datetime<S: serde::Serializer>(
    dt: &NaiveDateTime,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(&dt.format("%Y-%m-%dT%H:%M:%S").to_string())
}

/// The history before `date`: sessions not cancelled, in date order.
pub fn history(data: &Dataset, date: NaiveDateTime) -> Vec<&Event> {
    let mut events: Vec<&Event> = data
        .events
        .iter()
        .filter(|e| e.status != Status::Cancelled && e.date < date)
        .collect();
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    events
}

/// Villages of the last `cooldown` sessions of the history.
pub fn cooldown_villages<'a>(
    data: &'a Dataset,
    history: &[&'a Event],
    cooldown: usize,
) -> HashSet<&'a str> {
    history
        .iter()
        .rev()
        .take(cooldown)
        .filter_map(|e| data.venue(&e.venue).map(|v| v.village.as_str()))
        .collect()
}

/// Σ over active participants of their attendance rate (1.0 if never invited
/// to a held session of the history).
pub fn expected_attendance(data: &Dataset, history: &[&Event]) -> f64 {
    let mut sum = Sum::default();
    for rate in attendance_rates(data, history) {
        sum.add(rate);
    }
    sum.value()
}

/// Each active participant's attendance rate over the held sessions of
/// `history` (1.0 if never invited to one).
pub fn attendance_rates(data: &Dataset, history: &[&Event]) -> Vec<f64> {
    let mut invited: HashMap<&str, (u32, u32)> = HashMap::new();
    for event in history.iter().filter(|e| e.status == Status::Held) {
        let attended: HashSet<&str> = event.attended.iter().map(String::as_str).collect();
        for id in &event.invited {
            let entry = invited.entry(id.as_str()).or_default();
            entry.0 += 1;
            if attended.contains(id.as_str()) {
                entry.1 += 1;
            }
        }
    }
    data.participants
        .iter()
        .filter(|p| p.active)
        .map(|p| match invited.get(p.id.as_str()) {
            Some(&(inv, att)) if inv > 0 => att as f64 / inv as f64,
            _ => 1.0,
        })
        .collect()
}

/// The figures of one venue, whatever the date.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    pub total_km: f64,
    pub mean_km: f64,
    pub max_km: f64,
    pub beyond_limit: usize,
    /// The expected turnout, when the network was built with a model
    /// ([`Network::with_turnout`]).
    #[serde(skip)]
    pub turnout: Option<Turnout>,
}

/// The exclusion of each venue (in `data.venues` order) for a session on
/// `date`, with the expected attendance it was checked against.
#[derive(Debug, Clone, PartialEq)]
pub struct Exclusions {
    pub expected_attendance: f64,
    pub by_venue: Vec<Option<Exclusion>>,
}

/// Which venues are not eligible on `date`, and why (the first reason that
/// applies: inactive, cooldown, capacity).
pub fn exclusions(data: &Dataset, date: NaiveDateTime) -> Exclusions {
    exclusions_with(data, date, None)
}

/// [`exclusions`], where the capacity check compares each venue with its own
/// expected turnout when `turnouts` (in `data.venues` order) are given.
pub fn exclusions_with(
    data: &Dataset,
    date: NaiveDateTime,
    turnouts: Option<&[f64]>,
) -> Exclusions {
    let history = history(data, date);
    let cooldown = cooldown_villages(data, &history, data.config.rotation.cooldown);
    let expected = expected_attendance(data, &history);
    let by_venue = data
        .venues
        .iter()
        .enumerate()
        .map(|(i, venue)| {
            let expected = turnouts.map_or(expected, |t| t[i]);
            if !venue.active {
                Some(Exclusion::Inactive)
            } else if cooldown.contains(venue.village.as_str()) {
                Some(Exclusion::Cooldown)
            } else if venue.capacity.is_some_and(|c| (c as f64) < expected) {
                Some(Exclusion::Capacity)
            } else {
                None
            }
        })
        .collect();
    Exclusions {
        expected_attendance: expected,
        by_venue,
    }
}

/// Travellers from one village.
#[derive(Debug, Clone)]
struct Origin {
    point: [f64; 3],
    /// How many active participants live there (as f64: it multiplies distances).
    weight: f64,
    /// Their `max_km` limits, in `Network::limits[limits.0..limits.1]`, sorted.
    limits: (u32, u32),
}

/// Where a venue is, for distances.
#[derive(Debug, Clone)]
struct Place {
    point: [f64; 3],
    /// Road distances that replace the estimate, as (origin index, km),
    /// sorted by origin; empty when the venue has its own coordinates.
    routes: Vec<(u32, f64)>,
}

/// The travellers grouped by village and the venues' points: everything
/// the figures need, prepared once (see the module documentation).
#[derive(Debug, Clone)]
pub struct Network {
    origins: Vec<Origin>,
    limits: Vec<f64>,
    /// Distinct venue points: venues without coordinates of their own in
    /// the same village share one (and so share their figures).
    places: Vec<Place>,
    /// For each venue of `data.venues`, its index in `places`.
    place_of_venue: Vec<usize>,
    travellers: usize,
    detour_factor: f64,
    /// For each village of `data.villages`, its index in `origins` (or
    /// u32::MAX); participants of unknown villages are the last origin.
    origin_of_village: Vec<u32>,
    /// The origins' points and weights as columns, for the kernel.
    columns: Columns,
    /// The origins with limits, in order.
    limited: Vec<Limited>,
    turnout: Option<TurnoutTerms>,
}

/// An origin with limits: its first and last limit and how many there are
/// (the kernel's shortcuts, as for [`Group`]).
#[derive(Debug, Clone, Copy)]
struct Limited {
    origin: u32,
    count: u32,
    first: f64,
    last: f64,
}

/// Each origin's unit vector and weight, one array per coordinate.
#[derive(Debug, Clone, Default)]
struct Columns {
    x: Vec<f64>,
    y: Vec<f64>,
    z: Vec<f64>,
    weight: Vec<f64>,
}

/// What the turnout of a venue needs: the chance of coming is
/// σ(η + slope · km) for each traveller, 0 beyond their `max_km`.
/// Travellers of one origin who share η (newcomers, and everyone without a
/// fitted model) form one group, whose finite limits are sorted, so a group
/// costs one division and a few comparisons per venue whatever its size.
/// People with a history of their own have their own η: they are kept
/// apart as singles, in flat arrays, so that their loop has no branch and
/// no search (on the national set they are as many as the origins).
#[derive(Debug, Clone)]
struct TurnoutTerms {
    slope: f64,
    /// Travellers sharing η at one origin (at least two of them).
    groups: Vec<Group>,
    /// The finite limits of the groups, each group's sorted.
    limits: Vec<f64>,
    /// Travellers with an η of their own, in origin order.
    singles: Singles,
    /// Few enough travellers for the exact count distribution.
    exact: bool,
    /// The same turnout at every venue (no distance effect, no limit).
    constant: Option<Turnout>,
    /// The posterior covariance of the model's level and slope (per
    /// 10 km): its uncertainty widens every interval.
    covariance: [[f64; 2]; 2],
    /// The groups and singles again, as the kernel's rows.
    rows: Rows,
    /// Whether the kernel's vector path applies: not exact, and every
    /// e^−η finite and positive.
    vectorised: bool,
}

#[derive(Debug, Clone, Copy)]
struct Group {
    origin: u32,
    eta: f64,
    /// e^−η.
    odds: f64,
    /// Members without a limit.
    unlimited: u32,
    /// The others' limits: `limits[start..end]`, sorted.
    start: u32,
    end: u32,
}

/// How many limits a row of [`Rows`] holds.
const ROW_LIMITS: usize = 4;

/// The turnout terms as the kernel reads them, one column per field: a
/// row per single, and per group a row for each [`ROW_LIMITS`] of its
/// limits (the first also counting those without a limit; a group without
/// limits has one row). A row at distance d counts `base` people plus one
/// per limit ≥ d; absent limits are −∞. Rows of one group share their η,
/// so their chances add up to the group's.
#[derive(Debug, Clone, Default)]
struct Rows {
    origin: Vec<u32>,
    /// e^−η.
    odds: Vec<f64>,
    base: Vec<f64>,
    limits: [Vec<f64>; ROW_LIMITS],
}

impl Rows {
    fn new(groups: &[Group], limits: &[f64], singles: &Singles) -> Rows {
        let mut rows = Rows::default();
        for group in groups {
            let own = &limits[group.start as usize..group.end as usize];
            let mut base = f64::from(group.unlimited);
            let mut chunks = own.chunks(ROW_LIMITS).peekable();
            if chunks.peek().is_none() {
                rows.push(group.origin, group.odds, base, &[]);
            }
            for chunk in chunks {
                rows.push(group.origin, group.odds, base, chunk);
                base = 0.0;
            }
        }
        for ((&origin, &odds), &limit) in
            singles.origin.iter().zip(&singles.odds).zip(&singles.limit)
        {
            rows.push(origin, odds, 0.0, &[limit]);
        }
        rows
    }

    fn push(&mut self, origin: u32, odds: f64, base: f64, limits: &[f64]) {
        self.origin.push(origin);
        self.odds.push(odds);
        self.base.push(base);
        for (k, column) in self.limits.iter_mut().enumerate() {
            column.push(limits.get(k).copied().unwrap_or(f64::NEG_INFINITY));
        }
    }
}

/// One traveller each (structure of arrays): origin, η, e^−η, limit
/// (+∞ for none).
#[derive(Debug, Clone, Default)]
struct Singles {
    origin: Vec<u32>,
    eta: Vec<f64>,
    odds: Vec<f64>,
    limit: Vec<f64>,
}

/// Per-thread buffers of [`Network::place_figures`]: each origin's
/// distance to the place and its distance odds e^−slope·km.
#[derive(Debug, Default)]
struct Scratch {
    km: Vec<f64>,
    distance_odds: Vec<f64>,
    chances: Vec<f64>,
    /// Per row of [`Rows`]: its origin's km and distance odds, then p·n,
    /// p(1−p)·n and p(1−p)·n·km.
    row_km: Vec<f64>,
    row_odds: Vec<f64>,
    row_expected: Vec<f64>,
    row_variance: Vec<f64>,
    row_spread_km: Vec<f64>,
}

impl Network {
    /// Groups the active participants of `data` by village and indexes the
    /// venues' points and routes. Unknown village ids (impossible in a
    /// validated dataset) make a participant or venue count as at (0, 0).
    pub fn new(data: &Dataset) -> Network {
        let village_index = data.village_index();
        let village_of = |id: &str| village_index.get(id).copied();

        // Travellers per village, with their limits.
        let mut counts = vec![0u32; data.villages.len()];
        let mut limits_per_village: Vec<Vec<f64>> = vec![Vec::new(); data.villages.len()];
        let mut stray = Vec::new();
        let mut travellers = 0;
        for p in data.participants.iter().filter(|p| p.active) {
            travellers += 1;
            match village_of(&p.village) {
                Some(i) => {
                    counts[i] += 1;
                    if let Some(limit) = p.max_km {
                        limits_per_village[i].push(limit);
                    }
                }
                None => stray.push(p.max_km),
            }
        }
        let mut origins = Vec::new();
        let mut limits = Vec::new();
        let mut origin_of_village = vec![u32::MAX; data.villages.len()];
        for (i, village) in data.villages.iter().enumerate() {
            if counts[i] == 0 {
                continue;
            }
            origin_of_village[i] = origins.len() as u32;
            let start = limits.len() as u32;
            let mut own = std::mem::take(&mut limits_per_village[i]);
            own.sort_by(f64::total_cmp);
            limits.extend(own);
            origins.push(Origin {
                point: unit_vector(village.lat, village.lon),
                weight: counts[i] as f64,
                limits: (start, limits.len() as u32),
            });
        }
        if !stray.is_empty() {
            let start = limits.len() as u32;
            let mut own: Vec<f64> = stray.iter().flatten().copied().collect();
            own.sort_by(f64::total_cmp);
            limits.extend(own);
            origins.push(Origin {
                point: unit_vector(0.0, 0.0),
                weight: stray.len() as f64,
                limits: (start, limits.len() as u32),
            });
        }

        // Routes by village: the first route of the file between two
        // villages (either direction) is the one used.
        let mut route_km: HashMap<(usize, usize), f64> = HashMap::new();
        for route in &data.routes {
            if let (Some(a), Some(b)) = (village_of(&route.from), village_of(&route.to)) {
                route_km.entry((a, b)).or_insert(route.km);
                route_km.entry((b, a)).or_insert(route.km);
            }
        }
        let mut routes_to: HashMap<usize, Vec<(u32, f64)>> = HashMap::new();
        for (&(from, to), &km) in &route_km {
            let origin = origin_of_village[from];
            if origin != u32::MAX {
                routes_to.entry(to).or_default().push((origin, km));
            }
        }
        for list in routes_to.values_mut() {
            list.sort_by_key(|&(origin, _)| origin);
        }

        let mut places = Vec::new();
        let mut place_of_village: HashMap<usize, usize> = HashMap::new();
        let mut place_of_venue = Vec::with_capacity(data.venues.len());
        for venue in &data.venues {
            let village = village_of(&venue.village);
            let index = match (venue.lat, venue.lon, village) {
                (Some(lat), Some(lon), _) => {
                    places.push(Place {
                        point: unit_vector(lat, lon),
                        routes: Vec::new(),
                    });
                    places.len() - 1
                }
                (_, _, Some(i)) => *place_of_village.entry(i).or_insert_with(|| {
                    places.push(Place {
                        point: unit_vector(data.villages[i].lat, data.villages[i].lon),
                        routes: routes_to.get(&i).cloned().unwrap_or_default(),
                    });
                    places.len() - 1
                }),
                (_, _, None) => {
                    places.push(Place {
                        point: unit_vector(0.0, 0.0),
                        routes: Vec::new(),
                    });
                    places.len() - 1
                }
            };
            place_of_venue.push(index);
        }
        let columns = Columns {
            x: origins.iter().map(|o| o.point[0]).collect(),
            y: origins.iter().map(|o| o.point[1]).collect(),
            z: origins.iter().map(|o| o.point[2]).collect(),
            weight: origins.iter().map(|o| o.weight).collect(),
        };
        let limited = origins
            .iter()
            .enumerate()
            .filter(|(_, o)| o.limits.0 < o.limits.1)
            .map(|(i, o)| Limited {
                origin: i as u32,
                count: o.limits.1 - o.limits.0,
                first: limits[o.limits.0 as usize],
                last: limits[o.limits.1 as usize - 1],
            })
            .collect();
        Network {
            origins,
            limits,
            places,
            place_of_venue,
            travellers,
            detour_factor: data.config.rotation.detour_factor,
            origin_of_village,
            columns,
            limited,
            turnout: None,
        }
    }

    /// The same network, whose figures also carry each venue's expected
    /// turnout under `model` (every active participant invited).
    pub fn with_turnout(data: &Dataset, model: &TurnoutModel) -> Network {
        let mut network = Network::new(data);
        network.add_turnout(data, model);
        network
    }

    /// Adds the turnout under `model` to this network of `data`.
    fn add_turnout(&mut self, data: &Dataset, model: &TurnoutModel) {
        let network = self;
        let village_index = data.village_index();
        let stray = network.origins.len().saturating_sub(1);
        let mut per_origin: Vec<Vec<(f64, f64)>> = vec![Vec::new(); network.origins.len()];
        let mut chances = Vec::new();
        let mut limited = false;
        for p in data.participants.iter().filter(|p| p.active) {
            let origin = match village_index.get(p.village.as_str()) {
                Some(&i) => network.origin_of_village[i] as usize,
                None => stray,
            };
            let limit = p.max_km.unwrap_or(f64::INFINITY);
            limited |= limit.is_finite();
            let eta = model.logit(Some(&p.id));
            chances.push(crate::turnout::model::sigmoid(eta));
            per_origin[origin].push((eta, limit));
        }
        let slope = model.slope_per_km();
        let constant = (slope == 0.0 && !limited).then(|| {
            let weight: f64 = chances.iter().map(|p| p * (1.0 - p)).sum();
            crate::turnout::interval::with_spread(
                &chances,
                model.parameter_variance(weight, 0.0),
                crate::turnout::COVERAGE,
            )
        });
        let mut groups: Vec<Group> = Vec::new();
        let mut limits = Vec::new();
        let mut singles = Singles::default();
        for (origin, mut list) in per_origin.into_iter().enumerate() {
            list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
            for run in list.chunk_by(|a, b| a.0 == b.0) {
                let (eta, origin) = (run[0].0, origin as u32);
                if let [(_, limit)] = run {
                    singles.origin.push(origin);
                    singles.eta.push(eta);
                    singles.odds.push((-eta).exp());
                    singles.limit.push(*limit);
                    continue;
                }
                let start = limits.len() as u32;
                limits.extend(run.iter().map(|r| r.1).filter(|l| l.is_finite()));
                groups.push(Group {
                    origin,
                    eta,
                    odds: (-eta).exp(),
                    unlimited: run.len() as u32 - (limits.len() as u32 - start),
                    start,
                    end: limits.len() as u32,
                });
            }
        }
        let rows = Rows::new(&groups, &limits, &singles);
        let exact = network.travellers <= crate::turnout::interval::EXACT_UP_TO;
        let vectorised = !exact && rows.odds.iter().all(|&o| o.is_finite() && o > 0.0);
        network.turnout = Some(TurnoutTerms {
            slope,
            groups,
            limits,
            singles,
            exact,
            constant,
            covariance: model.fit().covariance,
            rows,
            vectorised,
        });
    }

    /// How many people travel (the active participants).
    pub fn travellers(&self) -> usize {
        self.travellers
    }

    /// How many distinct villages they travel from.
    pub fn origins(&self) -> usize {
        self.origins.len()
    }

    /// How many distinct venue points there are (venues without their own
    /// coordinates share their village's).
    pub fn places(&self) -> usize {
        self.places.len()
    }

    /// The figures of the venue at `index` in `data.venues`.
    pub fn venue_figures(&self, index: usize) -> Figures {
        self.place_figures(self.place_of_venue[index], &mut Scratch::default())
    }

    /// The turnout at a place whose distance from each origin is in
    /// `scratch.km`: Σ σ(η + slope · km) over those within their limit, and
    /// the interval (exact for few travellers, else from the variance).
    ///
    /// The reference computation: the kernel ([`kernel`]) takes it for the
    /// exact interval and for models whose chances could be NaN.
    fn turnout_at(&self, terms: &TurnoutTerms, scratch: &mut Scratch) -> Turnout {
        let Scratch {
            km,
            distance_odds,
            chances,
            ..
        } = scratch;
        // σ(η + s·d) = 1 / (1 + e^−η · e^−s·d): one exp per origin and
        // place, whatever the number of people there.
        distance_odds.clear();
        distance_odds.extend(km.iter().map(|&d| (-terms.slope * d).exp()));
        chances.clear();
        let chance = |eta: f64, odds: f64, origin: usize| -> f64 {
            match 1.0 / (1.0 + odds * distance_odds[origin]) {
                // e^−η = ∞ and e^−s·d = 0 (or the reverse): far outside
                // any real data, but then σ itself decides.
                p if p.is_nan() => crate::turnout::model::sigmoid(eta + terms.slope * km[origin]),
                p => p,
            }
        };
        let (mut expected, mut variance) = (0.0, 0.0);
        // Σ p(1−p)·km, for the slope's share of the uncertainty.
        let mut weighted_km = 0.0;
        for group in &terms.groups {
            let origin = group.origin as usize;
            let d = km[origin];
            // Those whose limit is below d stay home: a prefix.
            let limits = &terms.limits[group.start as usize..group.end as usize];
            let within = limits.len() - limits.partition_point(|&l| l < d);
            let coming = group.unlimited as usize + within;
            if coming == 0 {
                continue;
            }
            let p = chance(group.eta, group.odds, origin);
            let times = coming as f64;
            expected += p * times;
            variance += p * (1.0 - p) * times;
            weighted_km += p * (1.0 - p) * times * d;
            if terms.exact {
                chances.extend(std::iter::repeat_n(p, coming));
            }
        }
        let singles = &terms.singles;
        for (((&origin, &eta), &odds), &limit) in singles
            .origin
            .iter()
            .zip(&singles.eta)
            .zip(&singles.odds)
            .zip(&singles.limit)
        {
            let origin = origin as usize;
            if km[origin] > limit {
                continue;
            }
            let p = chance(eta, odds, origin);
            expected += p;
            variance += p * (1.0 - p);
            weighted_km += p * (1.0 - p) * km[origin];
            if terms.exact {
                chances.push(p);
            }
        }
        self.finish_turnout(terms, expected, variance, weighted_km, chances)
    }

    /// The turnout from Σ p, Σ p(1−p) and Σ p(1−p)·km over those who
    /// may come (and their chances, for the exact interval).
    fn finish_turnout(
        &self,
        terms: &TurnoutTerms,
        expected: f64,
        variance: f64,
        weighted_km: f64,
        chances: &[f64],
    ) -> Turnout {
        // The slope is per 10 km.
        let weighted_km = weighted_km / 10.0;
        let c = terms.covariance;
        let spread = if c[0][0].is_finite() && c[1][1].is_finite() {
            (variance * variance * c[0][0]
                + 2.0 * variance * weighted_km * c[0][1]
                + weighted_km * weighted_km * c[1][1])
                .max(0.0)
        } else {
            0.0
        };
        if terms.exact {
            crate::turnout::interval::with_spread(chances, spread, crate::turnout::COVERAGE)
        } else {
            crate::turnout::interval::from_moments(
                expected,
                variance + spread,
                self.travellers,
                crate::turnout::COVERAGE,
            )
        }
    }

    /// The figures of every venue, in `data.venues` order, computed on all
    /// cores (once per distinct point).
    pub fn figures(&self) -> Vec<Figures> {
        let per_place: Vec<Figures> = (0..self.places.len())
            .into_par_iter()
            .with_min_len(8)
            .map_init(Scratch::default, |scratch, i| {
                self.place_figures(i, scratch)
            })
            .collect();
        self.place_of_venue.iter().map(|&i| per_place[i]).collect()
    }
}

/// Ranks every venue for a session on `date`, from figures already
/// computed by [`Network::figures`] for the same `data` (in `data.venues`
/// order).
pub fn rank_with_figures(
    data: &Dataset,
    figures: &[Figures],
    date: NaiveDateTime,
    objective: Objective,
) -> Ranking {
    assert_eq!(
        figures.len(),
        data.venues.len(),
        "figures must come from the same dataset"
    );
    let turnouts: Option<Vec<f64>> = figures
        .iter()
        .map(|f| f.turnout.map(|t| t.expected))
        .collect();
    let exclusions = exclusions_with(data, date, turnouts.as_deref());
    let history = history(data, date);
    let held = history.iter().filter(|e| e.status == Status::Held).count();
    let planned_before = history.len() - held;
    let capacity_enforced = held >= crate::turnout::MIN_SESSIONS;
    let cooldown = cooldown_villages(data, &history, data.config.rotation.cooldown);
    // Without a model, everyone's past rate, the same at every venue.
    let flat = if turnouts.is_none() {
        let rates = attendance_rates(data, &history);
        Some(crate::turnout::turnout(&rates, crate::turnout::COVERAGE))
    } else {
        None
    };
    // Each venue's rules, checked apart: inactive, in cooldown, too small.
    let rules: Vec<(bool, bool, bool)> = data
        .venues
        .iter()
        .zip(figures)
        .map(|(venue, f)| {
            let expected = f
                .turnout
                .map_or(exclusions.expected_attendance, |t| t.expected);
            (
                !venue.active,
                cooldown.contains(venue.village.as_str()),
                venue.capacity.is_some_and(|c| (c as f64) < expected),
            )
        })
        .collect();
    // The rules never leave nothing: the cooldown gives way first, then
    // the capacity (the largest venue is then the first choice).
    let keeps = |keep_cooldown: bool, keep_capacity: bool| {
        move |&(inactive, cooling, small): &(bool, bool, bool)| {
            let set_aside_by_cooldown = keep_cooldown && cooling;
            let too_small = keep_capacity && small;
            !(inactive || set_aside_by_cooldown || too_small)
        }
    };
    let (keep_cooldown, keep_capacity) = if rules.iter().any(keeps(true, capacity_enforced)) {
        (true, capacity_enforced)
    } else if rules.iter().any(keeps(false, capacity_enforced)) {
        (false, capacity_enforced)
    } else {
        (false, false)
    };
    let any_active = rules.iter().any(|r| !r.0);
    let capacity_set_aside = any_active && capacity_enforced && !keep_capacity;
    let mut candidates: Vec<Candidate> = data
        .venues
        .iter()
        .zip(figures)
        .zip(&rules)
        .map(|((venue, f), rule)| {
            let turnout = f.turnout.or(flat).unwrap_or(Turnout {
                expected: exclusions.expected_attendance,
                low: 0,
                high: 0,
            });
            let &(inactive, cooling, small) = rule;
            let eligible = keeps(keep_cooldown, keep_capacity)(rule);
            let excluded = if eligible {
                None
            } else if inactive {
                Some(Exclusion::Inactive)
            } else if cooling && keep_cooldown {
                Some(Exclusion::Cooldown)
            } else {
                Some(Exclusion::Capacity)
            };
            let mut warnings = Vec::new();
            if eligible && cooling {
                warnings.push(Exclusion::Cooldown);
            }
            if eligible && small {
                warnings.push(Exclusion::Capacity);
            }
            Candidate {
                venue: venue.id.clone(),
                village: venue.village.clone(),
                total_km: f.total_km,
                mean_km: f.mean_km,
                max_km: f.max_km,
                beyond_limit: f.beyond_limit,
                expected_turnout: turnout.expected,
                turnout_low: turnout.low,
                turnout_high: turnout.high,
                eligible,
                excluded,
                warnings,
            }
        })
        .collect();
    let capacity = |c: &Candidate| {
        data.venue(&c.venue)
            .and_then(|v| v.capacity)
            .map_or(u64::MAX, u64::from)
    };
    candidates.sort_by(|a, b| {
        let larger_first = if capacity_set_aside {
            capacity(b).cmp(&capacity(a))
        } else {
            std::cmp::Ordering::Equal
        };
        b.eligible
            .cmp(&a.eligible)
            .then(larger_first)
            .then_with(|| compare(objective, a, b))
    });
    let choice = candidates
        .iter()
        .find(|c| c.eligible)
        .map(|c| c.venue.clone());
    Ranking {
        date,
        objective,
        participants: data.participants.iter().filter(|p| p.active).count(),
        expected_attendance: exclusions.expected_attendance,
        choice,
        candidates,
        rotation_kept: keep_cooldown || !any_active,
        capacity_enforced,
        capacity_set_aside,
        planned_before,
    }
}

/// Ranks every venue for a session on `date` by distance alone (capacity
/// checked against everyone's past attendance rate).
pub fn rank(data: &Dataset, date: NaiveDateTime, objective: Objective) -> Ranking {
    let figures = Network::new(data).figures();
    rank_with_figures(data, &figures, date, objective)
}

/// Ranks every venue for a session on `date` with the turnout model learned
/// from the sessions before it: each candidate's expected turnout, the
/// capacity checked against it, and the `turnout` objective. This is what
/// `next`, `schedule` and `plan` use.
pub fn rank_with_turnout(
    data: &Dataset,
    date: NaiveDateTime,
    objective: Objective,
) -> (Ranking, TurnoutModel) {
    let (figures, model) = figures_with_turnout(data, date);
    (rank_with_figures(data, &figures, date, objective), model)
}

/// Every venue's figures (in `data.venues` order) with the turnout model
/// learned from the sessions before `date`, and that model: what
/// [`rank_with_turnout`] ranks. The model is learned while the travellers
/// are grouped, on two cores.
pub fn figures_with_turnout(data: &Dataset, date: NaiveDateTime) -> (Vec<Figures>, TurnoutModel) {
    let (model, mut network) =
        rayon::join(|| crate::turnout::learn(data, date), || Network::new(data));
    network.add_turnout(data, &model);
    (network.figures(), model)
}

/// Objective order, ties broken by the next key and lastly by venue id.
pub fn compare(objective: Objective, a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    let total = a.total_km.total_cmp(&b.total_km);
    let primary = match objective {
        Objective::Total => total,
        Objective::Fair => a.max_km.total_cmp(&b.max_km).then(total),
        Objective::Coverage => a.beyond_limit.cmp(&b.beyond_limit).then(total),
        Objective::Turnout => b
            .expected_turnout
            .total_cmp(&a.expected_turnout)
            .then(total),
    };
    primary.then_with(|| a.venue.cmp(&b.venue))
}

/// Neumaier's compensated sum: the error of adding many numbers of
/// different sizes stays at the last bit instead of growing with their count.
#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    sum: f64,
    compensation: f64,
}

impl Sum {
    #[inline]
    fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
    }

    /// [`Sum::add`] with a select instead of a branch, so that a loop of
    /// them vectorises; the same result.
    #[inline(always)]
    fn add_branchless(&mut self, x: f64) {
        let t = self.sum + x;
        let (big, small) = if self.sum.abs() >= x.abs() {
            (self.sum, x)
        } else {
            (x, self.sum)
        };
        self.compensation += (big - t) + small;
        self.sum = t;
    }

    fn value(self) -> f64 {
        self.sum + self.compensation
    }
}

pub mod distance;

#[cfg(test)]
mod tests;
