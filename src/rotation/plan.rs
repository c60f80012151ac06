//! Season planning (`jelly plan`): N sessions at fixed dates, one venue each,
//! chosen so that the travel burden is spread over the season instead of
//! sending the same far-away people far every time.
//!
//! # Criterion
//!
//! Among the plans whose every session is at an eligible venue (active, big
//! enough for the expected attendance, its village not among the villages of
//! the last `cooldown` sessions — the existing history and the plan's own
//! earlier sessions together) and whose total distance is at most
//! `(1 + slack)` times the greedy sequence's, minimise lexicographically:
//!
//! 1. `max_beyond`: the largest number of sessions any participant would have
//!    beyond their own `max_km`;
//! 2. `max_season_km`: the largest distance any participant would travel over
//!    the whole season;
//! 3. `total_km`: the distance travelled by everybody over the season.
//!
//! The greedy sequence is what `jelly next` would pick date after date (the
//! `--objective` order, with the cooldown applied to the picks before it).
//!
//! # Search
//!
//! Every figure only depends on the participants' villages, so the search
//! works on villages (weighted by their number of travellers; the smallest
//! `max_km` of a village stands for its limit) and on a distance matrix
//! village × venue. A local search seeded with the greedy sequence (best
//! single-session changes, then random kicks) gives a good plan quickly; a
//! branch and bound then tries to prove it optimal, or finds better, within
//! a work budget. The plan is `exact` when the branch and bound finished over
//! every eligible venue, `heuristic` otherwise.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use rayon::prelude::*;
use serde::Serialize;

use crate::geo;
pub use crate::model::duration::Span;
use crate::model::{Dataset, Objective, Status};
use crate::rng::Rng;
use crate::rotation::{self, Candidate};

/// Differences below this many km are ties.
const EPSILON_KM: f64 = 1e-6;

/// `count` dates from `from`, `every` apart (calendar months for `mo`).
pub fn season_dates(from: NaiveDateTime, count: usize, every: Span) -> Vec<NaiveDateTime> {
    (0..u32::try_from(count).unwrap_or(u32::MAX))
        .map_while(|i| every.after(from, i))
        .collect()
}

/// The season's dates as an organiser means them: `count` dates from
/// `from`, `every` apart, each moved forward to `weekday` when one is given,
/// and never closer than `every` to a session already `planned` (a date
/// that would be is pushed to `every` after it).
pub fn season_dates_around(
    from: NaiveDateTime,
    count: usize,
    every: Span,
    weekday: Option<chrono::Weekday>,
    planned: &[NaiveDateTime],
) -> Vec<NaiveDateTime> {
    use chrono::Datelike;
    let align = |d: NaiveDateTime| match weekday {
        Some(day) => {
            let ahead = (7 + day.num_days_from_monday() - d.weekday().num_days_from_monday()) % 7;
            d + chrono::Duration::days(i64::from(ahead))
        }
        None => d,
    };
    let too_close = |a: NaiveDateTime, b: NaiveDateTime| {
        let (early, late) = if a <= b { (a, b) } else { (b, a) };
        every.after(early, 1).is_some_and(|next| late < next)
    };
    let mut dates = Vec::with_capacity(count);
    let mut next = Some(from);
    // Each planned session can push the season once per date at most.
    let mut budget = count + planned.len() * (count + 1) + 1;
    while let Some(candidate) = next {
        if dates.len() == count || budget == 0 {
            break;
        }
        budget -= 1;
        let date = align(candidate);
        match planned.iter().filter(|&&p| too_close(p, date)).max() {
            Some(&p) => next = every.after(p, 1),
            None => {
                dates.push(date);
                next = every.after(date, 1);
            }
        }
    }
    dates
}

/// Tuning of the search; [`Default`] is what the command uses.
#[derive(Debug, Clone)]
pub struct Options {
    /// The order of the greedy sequence (what `next` would pick).
    pub objective: Objective,
    /// How much more total distance than the greedy sequence the plan may
    /// cost (0.10 = 10 %).
    pub slack: f64,
    /// Work budget of the branch and bound, in village × venue evaluations.
    pub exact_work: u64,
    /// Work budget of the local search, in the same unit.
    pub search_work: u64,
    /// Above this many eligible venues the local search only considers the
    /// most promising ones (and the plan cannot be called exact).
    pub pool_limit: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            objective: Objective::Total,
            slack: 0.10,
            exact_work: 60_000_000,
            search_work: 200_000_000,
            pool_limit: 320,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Exact,
    Heuristic,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Exact => "exact",
            Method::Heuristic => "heuristic",
        }
    }
}

/// The three figures of the criterion, compared in this order.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Criterion {
    pub max_beyond: usize,
    pub max_season_km: f64,
    pub total_km: f64,
}

impl Criterion {
    /// Lexicographic order; distances closer than a micrometre are equal.
    pub fn compare(&self, other: &Criterion) -> Ordering {
        self.max_beyond
            .cmp(&other.max_beyond)
            .then_with(|| cmp_km(self.max_season_km, other.max_season_km))
            .then_with(|| cmp_km(self.total_km, other.total_km))
    }
}

fn cmp_km(a: f64, b: f64) -> Ordering {
    if (a - b).abs() <= EPSILON_KM * (1.0 + a.abs().max(b.abs()) * 1e-9) {
        Ordering::Equal
    } else {
        a.total_cmp(&b)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Session {
    #[serde(serialize_with = "serialize_datetime")]
    pub date: NaiveDateTime,
    pub venue: String,
    pub village: String,
    pub total_km: f64,
    /// How many are expected to come (see `crate::turnout`).
    pub expected_turnout: f64,
}

fn serialize_datetime<S: serde::Serializer>(dt: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&dt.format("%Y-%m-%dT%H:%M:%S").to_string())
}

/// One participant's season, in the plan and in the greedy sequence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Burden {
    pub participant: String,
    pub village: String,
    pub max_km: Option<f64>,
    /// Sessions beyond their `max_km` (0 without a limit).
    pub beyond: usize,
    pub season_km: f64,
    pub greedy_beyond: Option<usize>,
    pub greedy_season_km: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Greedy {
    pub objective: Objective,
    pub sessions: Vec<Session>,
    pub criterion: Criterion,
}

/// A proposed season.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub method: Method,
    pub sessions: Vec<Session>,
    pub criterion: Criterion,
    /// The plan's total may be at most this (the greedy total × (1 + slack)).
    pub total_budget_km: Option<f64>,
    /// Every active participant, the worst-off first.
    pub burden: Vec<Burden>,
    /// The sequence of `next` choices, for comparison; `None` when it gets
    /// stuck (every eligible village in cooldown at some date).
    pub greedy: Option<Greedy>,
    /// The cooldown the plan keeps: `[rotation] cooldown`, or less when
    /// that would leave no plan at all (one venue, two villages…).
    pub cooldown: usize,
    /// False when the configured cooldown could not be kept.
    pub rotation_kept: bool,
    /// Dates on which every active venue is too small for the expected
    /// turnout (backed by enough history): the plan uses them anyway.
    pub capacity_set_aside: Vec<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PlanError {
    /// No venue is active and big enough on this date.
    NoEligibleVenue(NaiveDateTime),
    /// The cooldown cannot be respected with the eligible venues.
    NoFeasiblePlan,
}

/// A point on the unit sphere: great-circle distances by the chord length,
/// the same value as the haversine formula, with the trigonometry done once.
#[derive(Debug, Clone, Copy)]
struct UnitPoint([f64; 3]);

impl UnitPoint {
    fn new(lat: f64, lon: f64) -> Self {
        UnitPoint(geo::unit_vector(lat, lon))
    }

    fn km(&self, other: &UnitPoint) -> f64 {
        geo::great_circle_km(&self.0, &other.0)
    }
}

/// The villages people travel from, with what the criterion needs of them.
struct Origins {
    /// Index in `data.villages`.
    village: Vec<usize>,
    point: Vec<UnitPoint>,
    /// Active participants living there.
    weight: Vec<f64>,
    /// The smallest `max_km` among them, or infinity.
    limit: Vec<f64>,
    /// Every `max_km` among them, ascending (for per-person counts).
    limits: Vec<Vec<f64>>,
}

/// Distances from every origin to one venue, `detour_factor` and known
/// routes applied as in `next`.
struct Geometry<'a> {
    data: &'a Dataset,
    origins: Origins,
    /// Venue index → its point.
    venue_point: Vec<UnitPoint>,
    /// Venue index → (origin index, km) of known routes that apply to it.
    venue_routes: Vec<Vec<(usize, f64)>>,
    detour: f64,
}

impl<'a> Geometry<'a> {
    fn new(data: &'a Dataset) -> Self {
        let village_index = data.village_index();
        let mut origin_of_village = vec![usize::MAX; data.villages.len()];
        let mut origins = Origins {
            village: Vec::new(),
            point: Vec::new(),
            weight: Vec::new(),
            limit: Vec::new(),
            limits: Vec::new(),
        };
        for p in data.participants.iter().filter(|p| p.active) {
            let Some(&vi) = village_index.get(p.village.as_str()) else {
                continue;
            };
            if origin_of_village[vi] == usize::MAX {
                origin_of_village[vi] = origins.village.len();
                let v = &data.villages[vi];
                origins.village.push(vi);
                origins.point.push(UnitPoint::new(v.lat, v.lon));
                origins.weight.push(0.0);
                origins.limit.push(f64::INFINITY);
                origins.limits.push(Vec::new());
            }
            let o = origin_of_village[vi];
            origins.weight[o] += 1.0;
            if let Some(limit) = p.max_km {
                origins.limit[o] = origins.limit[o].min(limit);
                origins.limits[o].push(limit);
            }
        }
        for limits in &mut origins.limits {
            limits.sort_by(f64::total_cmp);
        }
        // Known routes, both directions, the first one given winning:
        // village → (other village, km).
        let mut routes: HashMap<(usize, usize), f64> = HashMap::new();
        for r in &data.routes {
            if let (Some(&a), Some(&b)) = (
                village_index.get(r.from.as_str()),
                village_index.get(r.to.as_str()),
            ) {
                routes.insert((a, b), r.km);
                routes.entry((b, a)).or_insert(r.km);
            }
        }
        let mut routes_to: Vec<Vec<(usize, f64)>> = vec![Vec::new(); data.villages.len()];
        for (&(from, to), &km) in &routes {
            routes_to[to].push((from, km));
        }
        let mut venue_point = Vec::with_capacity(data.venues.len());
        let mut venue_routes = Vec::with_capacity(data.venues.len());
        for venue in &data.venues {
            let (lat, lon) = data.venue_point(venue).unwrap_or((0.0, 0.0));
            venue_point.push(UnitPoint::new(lat, lon));
            let own_point = venue.lat.is_some() && venue.lon.is_some();
            let mut applying = Vec::new();
            if !own_point {
                if let Some(&vv) = village_index.get(venue.village.as_str()) {
                    for &(from, km) in &routes_to[vv] {
                        let o = origin_of_village[from];
                        if o != usize::MAX {
                            applying.push((o, km));
                        }
                    }
                }
            }
            venue_routes.push(applying);
        }
        Geometry {
            data,
            origins,
            venue_point,
            venue_routes,
            detour: data.config.rotation.detour_factor,
        }
    }

    fn column(&self, venue: usize, out: &mut Vec<f64>) {
        out.clear();
        let point = &self.venue_point[venue];
        out.extend(self.origins.point.iter().map(|p| p.km(point) * self.detour));
        for &(o, km) in &self.venue_routes[venue] {
            out[o] = km;
        }
    }

    /// The figures `next` shows for a venue (eligibility left to the caller).
    fn candidate(&self, venue: usize, column: &[f64]) -> Candidate {
        let o = &self.origins;
        let mut total = 0.0;
        let mut max: f64 = 0.0;
        let mut beyond = 0;
        for (x, &d) in column.iter().enumerate() {
            total += o.weight[x] * d;
            max = max.max(d);
            beyond += o.limits[x].partition_point(|&l| l < d);
        }
        let people: f64 = o.weight.iter().sum();
        let v = &self.data.venues[venue];
        Candidate {
            venue: v.id.clone(),
            village: v.village.clone(),
            total_km: total,
            mean_km: if people > 0.0 { total / people } else { 0.0 },
            max_km: max,
            beyond_limit: beyond,
            expected_turnout: 0.0,
            turnout_low: 0,
            turnout_high: 0,
            eligible: true,
            excluded: None,
            warnings: Vec::new(),
        }
    }
}

/// The search problem on a pool of venues.
struct Problem {
    sessions: usize,
    origins: usize,
    /// Pool venue → index in `data.venues`.
    venue: Vec<usize>,
    /// Pool venue → village index (for the cooldown).
    village: Vec<usize>,
    /// Pool venue → distances to every origin.
    dist: Vec<Vec<f64>>,
    /// Pool venue → which origins' limit it exceeds.
    beyond: Vec<Vec<bool>>,
    /// The same as bitsets.
    beyond_bits: Vec<Vec<u64>>,
    /// Origin → its distance to the farthest pool venue.
    farthest: Vec<f64>,
    /// Pool venue → Σ weight × distance.
    total: Vec<f64>,
    /// Session → pool venues eligible then (objective order, duplicates of
    /// the same point in the same village removed).
    eligible: Vec<Vec<usize>>,
    /// Session → villages of existing sessions in its cooldown window.
    cooldown_villages: Vec<Vec<usize>>,
    /// Session → earlier plan sessions in its cooldown window.
    cooldown_sessions: Vec<Vec<usize>>,
    /// Session → later plan sessions whose window holds it.
    cooldown_later: Vec<Vec<usize>>,
    budget: f64,
}

impl Problem {
    fn allowed(&self, assign: &[usize], session: usize, p: usize, assigned_upto: usize) -> bool {
        let village = self.village[p];
        !self.cooldown_villages[session].contains(&village)
            && self.cooldown_sessions[session]
                .iter()
                .all(|&j| j >= assigned_upto || self.village[assign[j]] != village)
            && self.cooldown_later[session]
                .iter()
                .all(|&k| k >= assigned_upto || self.village[assign[k]] != village)
    }

    fn evaluate(&self, assign: &[usize]) -> Criterion {
        let mut season = vec![0.0; self.origins];
        let mut beyond = vec![0usize; self.origins];
        let mut total = 0.0;
        for &p in assign {
            for x in 0..self.origins {
                season[x] += self.dist[p][x];
                beyond[x] += self.beyond[p][x] as usize;
            }
            total += self.total[p];
        }
        Criterion {
            max_beyond: beyond.iter().copied().max().unwrap_or(0),
            max_season_km: season.iter().copied().fold(0.0, f64::max),
            total_km: total,
        }
    }
}

/// Proposes a season at `dates` (ascending). The rotation never leaves
/// nothing: when the cooldown admits no plan, the longest cooldown that
/// does is kept (down to none), and the plan says so.
pub fn plan(data: &Dataset, dates: &[NaiveDateTime], options: &Options) -> Result<Plan, PlanError> {
    let configured = data.config.rotation.cooldown;
    let mut cooldown = configured;
    loop {
        match plan_with_cooldown(data, dates, options, cooldown) {
            Err(PlanError::NoFeasiblePlan) if cooldown > 0 => cooldown -= 1,
            Ok(mut plan) => {
                plan.cooldown = cooldown;
                plan.rotation_kept = cooldown == configured;
                return Ok(plan);
            }
            Err(e) => return Err(e),
        }
    }
}

fn plan_with_cooldown(
    data: &Dataset,
    dates: &[NaiveDateTime],
    options: &Options,
    cooldown: usize,
) -> Result<Plan, PlanError> {
    let geometry = Geometry::new(data);
    let n_venues = data.venues.len();

    // Figures of every venue that could be chosen: `next`'s own (they do
    // not depend on the date; only the exclusions do), with each venue's
    // expected turnout under the model `next` would learn at each date. The
    // model rests on the held sessions before the date; planned sessions
    // add none, so dates with the same held history share one model.
    let mut ranked: Vec<Candidate> = Vec::new();
    let mut turnout_at: Vec<HashMap<String, f64>> = Vec::with_capacity(dates.len());
    let mut last_history: Option<usize> = None;
    for &date in dates {
        let held_before = data
            .events
            .iter()
            .filter(|e| e.status == Status::Held && e.date < date)
            .count();
        if last_history != Some(held_before) {
            let candidates = rotation::rank_with_turnout(data, date, options.objective)
                .0
                .candidates;
            turnout_at.push(
                candidates
                    .iter()
                    .map(|c| (c.venue.clone(), c.expected_turnout))
                    .collect(),
            );
            if ranked.is_empty() {
                ranked = candidates;
            }
            last_history = Some(held_before);
        } else {
            let same = turnout_at.last().cloned().unwrap_or_default();
            turnout_at.push(same);
        }
    }

    // Eligibility per date: active, big enough for the expected turnout
    // when enough held sessions back it (else capacity is only a warning,
    // as in `next`); when no active venue is big enough, all of them.
    let mut eligible_at: Vec<Vec<bool>> = Vec::with_capacity(dates.len());
    let mut capacity_set_aside = Vec::new();
    for (i, &date) in dates.iter().enumerate() {
        let held_before = data
            .events
            .iter()
            .filter(|e| e.status == Status::Held && e.date < date)
            .count();
        let enforced = held_before >= crate::turnout::MIN_SESSIONS;
        let mut flags: Vec<bool> = data
            .venues
            .iter()
            .map(|v| {
                let expected = turnout_at[i].get(&v.id).copied().unwrap_or(0.0);
                v.active && !(enforced && v.capacity.is_some_and(|c| (c as f64) < expected))
            })
            .collect();
        if !flags.iter().any(|&f| f) {
            flags = data.venues.iter().map(|v| v.active).collect();
            capacity_set_aside.push(date);
        }
        if !flags.iter().any(|&f| f) {
            return Err(PlanError::NoEligibleVenue(date));
        }
        eligible_at.push(flags);
    }
    let ever_eligible: Vec<usize> = (0..n_venues)
        .filter(|&v| eligible_at.iter().any(|flags| flags[v]))
        .collect();

    let figures = ranked;
    let by_id: HashMap<&str, &Candidate> = figures.iter().map(|c| (c.venue.as_str(), c)).collect();
    let candidates: Vec<Candidate> = ever_eligible
        .iter()
        .map(|&v| match by_id.get(data.venues[v].id.as_str()) {
            Some(&c) => c.clone(),
            None => {
                let mut column = Vec::new();
                geometry.column(v, &mut column);
                geometry.candidate(v, &column)
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..ever_eligible.len()).collect();
    order.sort_by(|&a, &b| rotation::compare(options.objective, &candidates[a], &candidates[b]));

    let village_index = data.village_index();
    let venue_village: Vec<usize> = data
        .venues
        .iter()
        .map(|v| {
            village_index
                .get(v.village.as_str())
                .copied()
                .unwrap_or(usize::MAX)
        })
        .collect();

    // Cooldown windows over the existing history and the plan together.
    let mut cooldown_villages = Vec::with_capacity(dates.len());
    let mut cooldown_sessions = Vec::with_capacity(dates.len());
    for (i, &date) in dates.iter().enumerate() {
        // (date, Some(village) for an existing session | None for plan session j)
        let mut items: Vec<(NaiveDateTime, Result<usize, usize>)> = rotation::history(data, date)
            .iter()
            .filter_map(|e| {
                data.venues
                    .iter()
                    .position(|v| v.id == e.venue)
                    .map(|v| (e.date, Ok(venue_village[v])))
            })
            .collect();
        items.extend(
            (0..i)
                .filter(|&j| dates[j] < date)
                .map(|j| (dates[j], Err(j))),
        );
        items.sort_by_key(|item| item.0);
        let window = &items[items.len().saturating_sub(cooldown)..];
        cooldown_villages.push(
            window
                .iter()
                .filter_map(|(_, it)| it.ok())
                .collect::<Vec<_>>(),
        );
        cooldown_sessions.push(
            window
                .iter()
                .filter_map(|(_, it)| it.err())
                .collect::<Vec<_>>(),
        );
    }
    // Sessions already planned after a plan date wait their turn too: a
    // plan session within the cooldown window before one of them may not
    // be in its village.
    if let Some(&first) = dates.first() {
        for later in data
            .events
            .iter()
            .filter(|e| e.status == Status::Planned && e.date > first)
        {
            let Some(v) = data.venues.iter().position(|v| v.id == later.venue) else {
                continue;
            };
            let mut items: Vec<(NaiveDateTime, Option<usize>)> =
                rotation::history(data, later.date)
                    .iter()
                    .map(|e| (e.date, None))
                    .collect();
            items.extend(
                (0..dates.len())
                    .filter(|&j| dates[j] < later.date)
                    .map(|j| (dates[j], Some(j))),
            );
            items.sort_by_key(|item| item.0);
            for &(_, plan_session) in &items[items.len().saturating_sub(cooldown)..] {
                if let Some(j) = plan_session {
                    cooldown_villages[j].push(venue_village[v]);
                }
            }
        }
    }
    let mut cooldown_later = vec![Vec::new(); dates.len()];
    for (k, earlier) in cooldown_sessions.iter().enumerate() {
        for &j in earlier {
            cooldown_later[j].push(k);
        }
    }

    // The greedy sequence: at each date the first eligible venue in objective
    // order whose village is not in cooldown.
    let mut greedy_venues: Vec<usize> = Vec::with_capacity(dates.len());
    for i in 0..dates.len() {
        let pick = order.iter().map(|&c| ever_eligible[c]).find(|&v| {
            let village = venue_village[v];
            eligible_at[i][v]
                && !cooldown_villages[i].contains(&village)
                && cooldown_sessions[i]
                    .iter()
                    .all(|&j| venue_village[greedy_venues[j]] != village)
        });
        match pick {
            Some(v) => greedy_venues.push(v),
            None => break,
        }
    }
    let greedy_complete = greedy_venues.len() == dates.len();

    // The pool of venues the search may use.
    let complete_pool = ever_eligible.len() <= options.pool_limit;
    let mut pool: Vec<usize> = if complete_pool {
        order.iter().map(|&c| ever_eligible[c]).collect()
    } else {
        let per_list = options.pool_limit / 4;
        let mut chosen: Vec<usize> = Vec::new();
        let mut seen = vec![false; n_venues];
        let mut take = |v: usize, chosen: &mut Vec<usize>| {
            if !seen[v] {
                seen[v] = true;
                chosen.push(v);
            }
        };
        for &v in &greedy_venues {
            take(v, &mut chosen);
        }
        for objective in [Objective::Total, Objective::Fair, Objective::Coverage] {
            let mut by: Vec<usize> = (0..ever_eligible.len()).collect();
            by.sort_by(|&a, &b| rotation::compare(objective, &candidates[a], &candidates[b]));
            for &c in by.iter().take(per_list) {
                take(ever_eligible[c], &mut chosen);
            }
        }
        for &c in &order {
            if chosen.len() >= options.pool_limit {
                break;
            }
            take(ever_eligible[c], &mut chosen);
        }
        chosen
    };
    // Keep the pool in objective order so ties go the way `next` would.
    let rank_of: HashMap<usize, usize> = order
        .iter()
        .enumerate()
        .map(|(r, &c)| (ever_eligible[c], r))
        .collect();
    pool.sort_by_key(|v| rank_of[v]);

    let origins = &geometry.origins;
    let columns: Vec<Vec<f64>> = pool
        .par_iter()
        .map(|&v| {
            let mut column = Vec::new();
            geometry.column(v, &mut column);
            column
        })
        .collect();
    let pool_index: HashMap<usize, usize> = pool.iter().enumerate().map(|(p, &v)| (v, p)).collect();
    let greedy_pool: Vec<usize> = greedy_venues.iter().map(|v| pool_index[v]).collect();
    let mut problem = Problem {
        sessions: dates.len(),
        origins: origins.village.len(),
        venue: pool.clone(),
        village: pool.iter().map(|&v| venue_village[v]).collect(),
        beyond: columns
            .iter()
            .map(|col| col.iter().zip(&origins.limit).map(|(d, l)| d > l).collect())
            .collect(),
        total: columns
            .iter()
            .map(|col| col.iter().zip(&origins.weight).map(|(d, w)| d * w).sum())
            .collect(),
        beyond_bits: Vec::new(),
        farthest: (0..origins.village.len())
            .map(|x| columns.iter().map(|c| c[x]).fold(0.0, f64::max))
            .collect(),
        dist: columns,
        eligible: Vec::new(),
        cooldown_villages,
        cooldown_sessions,
        cooldown_later,
        budget: f64::INFINITY,
    };
    problem.beyond_bits = problem
        .beyond
        .iter()
        .map(|flags| {
            let mut bits = vec![0u64; flags.len().div_ceil(64)];
            for (x, _) in flags.iter().enumerate().filter(|(_, &b)| b) {
                bits[x / 64] |= 1 << (x % 64);
            }
            bits
        })
        .collect();
    problem.eligible = (0..dates.len())
        .map(|i| {
            let mut kept: Vec<usize> = Vec::new();
            for (p, &v) in pool.iter().enumerate() {
                if !eligible_at[i][v] {
                    continue;
                }
                let venue = &data.venues[v];
                let shared_point = venue.lat.is_none() || venue.lon.is_none();
                let duplicate = shared_point
                    && kept.iter().any(|&q| {
                        let other = &data.venues[pool[q]];
                        problem.village[q] == problem.village[p]
                            && (other.lat.is_none() || other.lon.is_none())
                    });
                if !duplicate {
                    kept.push(p);
                }
            }
            kept
        })
        .collect();

    let greedy_criterion = greedy_complete.then(|| problem.evaluate(&greedy_pool));
    if let Some(g) = &greedy_criterion {
        problem.budget = g.total_km * (1.0 + options.slack.max(0.0)) + EPSILON_KM;
    }

    let mut best: Option<(Vec<usize>, Criterion)> = None;
    if let Some(g) = greedy_criterion {
        // The greedy picks may be duplicates dropped from `eligible`; they
        // are still valid sessions.
        best = Some((greedy_pool.clone(), g));
        let improved = local_search(&problem, &greedy_pool, options.search_work);
        if improved.1.compare(&g) == Ordering::Less {
            best = Some(improved);
        }
    }
    // Over a partial pool the branch and bound could prove nothing.
    let (searched, finished) = if complete_pool || best.is_none() {
        branch_and_bound(&problem, best.clone(), options.exact_work)
    } else {
        (None, false)
    };
    if let Some(found) = searched {
        if best
            .as_ref()
            .is_none_or(|b| found.1.compare(&b.1) == Ordering::Less)
        {
            best = Some(found);
        }
    }
    let Some((assign, criterion)) = best else {
        return Err(PlanError::NoFeasiblePlan);
    };
    let method = if finished && complete_pool {
        Method::Exact
    } else {
        Method::Heuristic
    };

    let session = |i: usize, v: usize, total: f64| Session {
        date: dates[i],
        venue: data.venues[v].id.clone(),
        village: data.venues[v].village.clone(),
        total_km: total,
        expected_turnout: turnout_at[i]
            .get(&data.venues[v].id)
            .copied()
            .unwrap_or(0.0),
    };
    let sessions: Vec<Session> = assign
        .iter()
        .enumerate()
        .map(|(i, &p)| session(i, problem.venue[p], problem.total[p]))
        .collect();
    let greedy = greedy_criterion.map(|criterion| Greedy {
        objective: options.objective,
        sessions: greedy_pool
            .iter()
            .enumerate()
            .map(|(i, &p)| session(i, problem.venue[p], problem.total[p]))
            .collect(),
        criterion,
    });
    let burden = burden(
        data,
        &geometry,
        &problem,
        &assign,
        greedy_complete.then_some(greedy_pool.as_slice()),
    );
    Ok(Plan {
        method,
        sessions,
        criterion,
        total_budget_km: greedy_criterion.map(|g| g.total_km * (1.0 + options.slack.max(0.0))),
        burden,
        greedy,
        cooldown,
        rotation_kept: true,
        capacity_set_aside,
    })
}

/// Per participant: sessions beyond their limit and km over the season.
fn burden(
    data: &Dataset,
    geometry: &Geometry,
    problem: &Problem,
    assign: &[usize],
    greedy: Option<&[usize]>,
) -> Vec<Burden> {
    let origin_of: HashMap<&str, usize> = geometry
        .origins
        .village
        .iter()
        .enumerate()
        .map(|(o, &vi)| (data.villages[vi].id.as_str(), o))
        .collect();
    let season = |venues: &[usize], o: usize, limit: Option<f64>| {
        let mut km = 0.0;
        let mut beyond = 0;
        for &p in venues {
            let d = problem.dist[p][o];
            km += d;
            if limit.is_some_and(|l| d > l) {
                beyond += 1;
            }
        }
        (beyond, km)
    };
    let mut rows: Vec<Burden> = data
        .participants
        .iter()
        .filter(|p| p.active)
        .filter_map(|p| {
            let o = *origin_of.get(p.village.as_str())?;
            let (beyond, season_km) = season(assign, o, p.max_km);
            let greedy = greedy.map(|g| season(g, o, p.max_km));
            Some(Burden {
                participant: p.id.clone(),
                village: p.village.clone(),
                max_km: p.max_km,
                beyond,
                season_km,
                greedy_beyond: greedy.map(|g| g.0),
                greedy_season_km: greedy.map(|g| g.1),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        b.beyond
            .cmp(&a.beyond)
            .then_with(|| b.season_km.total_cmp(&a.season_km))
            .then_with(|| a.participant.cmp(&b.participant))
    });
    rows
}

/// The running sums of a plan under local search.
struct State {
    assign: Vec<usize>,
    season: Vec<f64>,
    beyond: Vec<u32>,
    total: f64,
}

impl State {
    fn new(problem: &Problem, assign: &[usize]) -> Self {
        let mut state = State {
            assign: assign.to_vec(),
            season: vec![0.0; problem.origins],
            beyond: vec![0; problem.origins],
            total: 0.0,
        };
        for &p in assign {
            state.add(problem, p, 1.0);
        }
        state
    }

    fn add(&mut self, problem: &Problem, p: usize, sign: f64) {
        for x in 0..problem.origins {
            self.season[x] += sign * problem.dist[p][x];
            if problem.beyond[p][x] {
                if sign > 0.0 {
                    self.beyond[x] += 1;
                } else {
                    self.beyond[x] -= 1;
                }
            }
        }
        self.total += sign * problem.total[p];
    }

    fn set(&mut self, problem: &Problem, session: usize, p: usize) {
        let old = self.assign[session];
        self.add(problem, old, -1.0);
        self.add(problem, p, 1.0);
        self.assign[session] = p;
    }

    /// The search's view of the plan as it is.
    fn key(&self, problem: &Problem) -> SearchKey {
        Without::new(problem, self, 0).key(problem, self.assign[0])
    }
}

/// The plan's sums without one session, against which every venue that
/// could take that session is measured (see [`Without::key`]).
struct Without {
    /// The largest beyond-count among the other sessions, the origins that
    /// have it, and those one below it (bitsets over origins).
    top: u32,
    at_top: Vec<u64>,
    below_top: Vec<u64>,
    /// The largest season km among the other sessions, and the origins that
    /// could be the worst-off once a venue is added: (origin, km so far).
    floor_km: f64,
    contenders: Vec<(usize, f64)>,
    rest_total: f64,
}

impl Without {
    fn new(problem: &Problem, state: &State, session: usize) -> Self {
        let old = state.assign[session];
        let words = problem.origins.div_ceil(64);
        let mut top = 0;
        let mut floor_km: f64 = 0.0;
        for x in 0..problem.origins {
            top = top.max(state.beyond[x] - problem.beyond[old][x] as u32);
            floor_km = floor_km.max(state.season[x] - problem.dist[old][x]);
        }
        let mut at_top = vec![0u64; words];
        let mut below_top = vec![0u64; words];
        let mut contenders = Vec::new();
        for x in 0..problem.origins {
            let b = state.beyond[x] - problem.beyond[old][x] as u32;
            if b == top {
                at_top[x / 64] |= 1 << (x % 64);
            } else if b + 1 == top {
                below_top[x / 64] |= 1 << (x % 64);
            }
            // Nobody else can become the worst-off: even the farthest venue
            // leaves them below someone's km without this session.
            let km = state.season[x] - problem.dist[old][x];
            if km + problem.farthest[x] >= floor_km {
                contenders.push((x, km));
            }
        }
        Without {
            top,
            at_top,
            below_top,
            floor_km,
            contenders,
            rest_total: state.total - problem.total[old],
        }
    }

    /// The search key of the plan with venue `p` for the session: over budget
    /// first, then the criterion, with — while someone could still be spared
    /// one session beyond their limit — how many villages share the worst
    /// beyond-count after it (so that relieving one of several counts).
    fn key(&self, problem: &Problem, p: usize) -> SearchKey {
        let bits = &problem.beyond_bits[p];
        let hits = self.at_top.iter().zip(bits).any(|(a, b)| a & b != 0);
        let max_beyond = self.top + hits as u32;
        let at_max = if max_beyond as usize >= problem.sessions {
            0
        } else if hits {
            popcount_and(&self.at_top, bits, false)
        } else {
            popcount_and(&self.at_top, bits, true) + popcount_and(&self.below_top, bits, false)
        };
        let dist = &problem.dist[p];
        let max_season = self
            .contenders
            .iter()
            .map(|&(x, km)| km + dist[x])
            .fold(self.floor_km, f64::max);
        let total = self.rest_total + problem.total[p];
        SearchKey {
            over_budget: (total - problem.budget).max(0.0),
            criterion: Criterion {
                max_beyond: max_beyond as usize,
                max_season_km: max_season,
                total_km: total,
            },
            at_max,
        }
    }

    fn work(&self, problem: &Problem) -> u64 {
        (problem.origins.div_ceil(64) * 3 + self.contenders.len()) as u64
    }
}

/// Number of origins in `a` and in `b` (or, with `not_b`, not in `b`).
fn popcount_and(a: &[u64], b: &[u64], not_b: bool) -> u32 {
    a.iter()
        .zip(b)
        .map(|(a, b)| (if not_b { a & !b } else { a & b }).count_ones())
        .sum()
}

/// A change: session, pool venue, the plan's key after it.
type Move = (usize, usize, SearchKey);

#[derive(Debug, Clone, Copy)]
struct SearchKey {
    over_budget: f64,
    criterion: Criterion,
    at_max: u32,
}

impl SearchKey {
    fn compare(&self, other: &SearchKey) -> Ordering {
        cmp_km(self.over_budget, other.over_budget)
            .then(self.criterion.max_beyond.cmp(&other.criterion.max_beyond))
            .then_with(|| self.at_max.cmp(&other.at_max))
            .then_with(|| self.criterion.compare(&other.criterion))
    }

    fn feasible(&self) -> bool {
        self.over_budget <= 0.0
    }
}

/// Best-improvement descent from `start`, then random kicks of one to three
/// sessions followed by a new descent, until the work budget is spent or
/// many kicks in a row found nothing better. Returns the best feasible plan.
fn local_search(problem: &Problem, start: &[usize], work_budget: u64) -> (Vec<usize>, Criterion) {
    let n = problem.sessions;
    let mut best = (start.to_vec(), problem.evaluate(start));
    if n == 0 {
        return best;
    }
    let mut work: u64 = 0;
    let mut state = State::new(problem, start);
    let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
    let mut fruitless = 0;
    loop {
        // Descent.
        loop {
            if work > work_budget {
                break;
            }
            let current = state.key(problem);
            // The best change of each session, the sessions on every core;
            // then the best of those, in session order (deterministic).
            let per_session: Vec<(Option<Move>, u64)> = (0..n)
                .into_par_iter()
                .map(|i| {
                    let without = Without::new(problem, &state, i);
                    let mut work = 2 * problem.origins as u64;
                    let mut best: Option<Move> = None;
                    for &p in &problem.eligible[i] {
                        if p == state.assign[i] || !problem.allowed(&state.assign, i, p, n) {
                            continue;
                        }
                        work += without.work(problem);
                        let key = without.key(problem, p);
                        let better_than = best.as_ref().map_or(current, |m| m.2);
                        if key.compare(&better_than) == Ordering::Less {
                            best = Some((i, p, key));
                        }
                    }
                    (best, work)
                })
                .collect();
            let mut best_move: Option<Move> = None;
            for (candidate, session_work) in per_session {
                work += session_work;
                if let Some(candidate) = candidate {
                    if best_move
                        .as_ref()
                        .is_none_or(|b| candidate.2.compare(&b.2) == Ordering::Less)
                    {
                        best_move = Some(candidate);
                    }
                }
            }
            match best_move {
                Some((i, p, key)) => {
                    state.set(problem, i, p);
                    // The incremental key is the plan's true criterion.
                    debug_assert_eq!(
                        problem.evaluate(&state.assign).compare(&key.criterion),
                        Ordering::Equal,
                        "{:?} vs {:?}",
                        problem.evaluate(&state.assign),
                        key.criterion
                    );
                }
                None => break,
            }
        }
        let key = state.key(problem);
        if key.feasible() && key.criterion.compare(&best.1) == Ordering::Less {
            best = (state.assign.clone(), problem.evaluate(&state.assign));
            fruitless = 0;
        } else {
            fruitless += 1;
        }
        if work > work_budget || fruitless > 25 {
            break;
        }
        // Kick: restart from the best, with one to three sessions moved to a
        // random allowed venue.
        state = State::new(problem, &best.0);
        let moves = 1 + rng.below(3.min(n));
        for _ in 0..moves {
            let i = rng.below(n);
            let options: Vec<usize> = problem.eligible[i]
                .iter()
                .copied()
                .filter(|&p| problem.allowed(&state.assign, i, p, n))
                .collect();
            if !options.is_empty() {
                let p = options[rng.below(options.len())];
                state.set(problem, i, p);
            }
        }
        work += problem.origins as u64 * 4;
    }
    best
}

/// Branch and bound over every eligible venue of every session, in date
/// order. Returns the best plan found (better than `incumbent`, if any) and
/// whether the search finished, i.e. proved it optimal.
fn branch_and_bound(
    problem: &Problem,
    incumbent: Option<(Vec<usize>, Criterion)>,
    work_budget: u64,
) -> (Option<(Vec<usize>, Criterion)>, bool) {
    let n = problem.sessions;
    let x_count = problem.origins;
    // Suffix bounds: from session i on, at least this many km per origin,
    // this many sessions beyond its limit, this total.
    let mut min_km = vec![vec![0.0; x_count]; n + 1];
    let mut forced_beyond = vec![vec![0u32; x_count]; n + 1];
    let mut min_total = vec![0.0; n + 1];
    for i in (0..n).rev() {
        let eligible = &problem.eligible[i];
        for x in 0..x_count {
            let nearest = eligible
                .iter()
                .map(|&p| problem.dist[p][x])
                .fold(f64::INFINITY, f64::min);
            min_km[i][x] = min_km[i + 1][x] + if nearest.is_finite() { nearest } else { 0.0 };
            let all_beyond = eligible.iter().all(|&p| problem.beyond[p][x]);
            forced_beyond[i][x] = forced_beyond[i + 1][x] + all_beyond as u32;
        }
        let cheapest = eligible
            .iter()
            .map(|&p| problem.total[p])
            .fold(f64::INFINITY, f64::min);
        min_total[i] = min_total[i + 1] + if cheapest.is_finite() { cheapest } else { 0.0 };
    }
    struct Search<'a> {
        problem: &'a Problem,
        min_km: Vec<Vec<f64>>,
        forced_beyond: Vec<Vec<u32>>,
        min_total: Vec<f64>,
        assign: Vec<usize>,
        season: Vec<Vec<f64>>,
        beyond: Vec<Vec<u32>>,
        totals: Vec<f64>,
        best: Option<(Vec<usize>, Criterion)>,
        improved: bool,
        work: u64,
        budget: u64,
        aborted: bool,
        /// Partial plans already explored, by what decides their future:
        /// the venues chosen so far (in any order: the criterion does not
        /// depend on it) and the villages later cooldown windows look at.
        seen: HashSet<Vec<u32>>,
        /// Session i → earlier sessions that some window from i on holds.
        looked_back: Vec<Vec<usize>>,
    }
    impl Search<'_> {
        fn first_visit(&mut self, i: usize) -> bool {
            let mut key: Vec<u32> = self.assign[..i].iter().map(|&p| p as u32).collect();
            key.sort_unstable();
            key.push(u32::MAX);
            key.extend(
                self.looked_back[i]
                    .iter()
                    .map(|&j| self.problem.village[self.assign[j]] as u32),
            );
            self.seen.insert(key)
        }

        fn bound(&self, i: usize, p: usize) -> Criterion {
            let pr = self.problem;
            let mut max_beyond = 0;
            let mut max_season: f64 = 0.0;
            for x in 0..pr.origins {
                let b = self.beyond[i][x] + pr.beyond[p][x] as u32 + self.forced_beyond[i + 1][x];
                max_beyond = max_beyond.max(b);
                max_season =
                    max_season.max(self.season[i][x] + pr.dist[p][x] + self.min_km[i + 1][x]);
            }
            Criterion {
                max_beyond: max_beyond as usize,
                max_season_km: max_season,
                total_km: self.totals[i] + pr.total[p] + self.min_total[i + 1],
            }
        }

        fn visit(&mut self, i: usize) {
            let pr = self.problem;
            if i == pr.sessions {
                let criterion = pr.evaluate(&self.assign);
                if criterion.total_km <= pr.budget
                    && self
                        .best
                        .as_ref()
                        .is_none_or(|b| criterion.compare(&b.1) == Ordering::Less)
                {
                    self.best = Some((self.assign.clone(), criterion));
                    self.improved = true;
                }
                return;
            }
            if i > 0 && !self.first_visit(i) {
                return;
            }
            let mut children: Vec<(Criterion, usize)> = Vec::new();
            for &p in &pr.eligible[i] {
                if !pr.allowed(&self.assign, i, p, i) {
                    continue;
                }
                self.work += pr.origins as u64;
                let bound = self.bound(i, p);
                if bound.total_km > pr.budget {
                    continue;
                }
                if self
                    .best
                    .as_ref()
                    .is_some_and(|b| bound.compare(&b.1) != Ordering::Less)
                {
                    continue;
                }
                children.push((bound, p));
            }
            children.sort_by(|a, b| a.0.compare(&b.0));
            for (bound, p) in children {
                if self.work > self.budget {
                    self.aborted = true;
                    return;
                }
                if self
                    .best
                    .as_ref()
                    .is_some_and(|b| bound.compare(&b.1) != Ordering::Less)
                {
                    continue;
                }
                self.assign[i] = p;
                for x in 0..pr.origins {
                    self.season[i + 1][x] = self.season[i][x] + pr.dist[p][x];
                    self.beyond[i + 1][x] = self.beyond[i][x] + pr.beyond[p][x] as u32;
                }
                self.totals[i + 1] = self.totals[i] + pr.total[p];
                self.visit(i + 1);
                if self.aborted {
                    return;
                }
            }
        }
    }
    let mut search = Search {
        problem,
        min_km,
        forced_beyond,
        min_total,
        assign: vec![0; n],
        season: vec![vec![0.0; x_count]; n + 1],
        beyond: vec![vec![0; x_count]; n + 1],
        totals: vec![0.0; n + 1],
        best: incumbent,
        improved: false,
        work: 0,
        budget: work_budget,
        aborted: false,
        seen: HashSet::new(),
        looked_back: (0..=n)
            .map(|i| {
                let mut js: Vec<usize> = (i..n)
                    .flat_map(|k| problem.cooldown_sessions[k].iter().copied())
                    .filter(|&j| j < i)
                    .collect();
                js.sort_unstable();
                js.dedup();
                js
            })
            .collect(),
    };
    if n > 0 {
        search.visit(0);
    }
    let finished = !search.aborted;
    (search.improved.then_some(search.best).flatten(), finished)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::duration::Unit;

    #[test]
    fn chord_distance_is_the_haversine_distance() {
        let pairs = [
            ((44.12489, 4.08082), (44.055, 3.98495)),
            ((48.85, 2.35), (43.3, 5.37)),
            ((41.9, 8.7), (51.0, 2.3)),
            ((44.0, 4.0), (44.0, 4.0)),
        ];
        for ((a, b), (c, d)) in pairs {
            let chord = UnitPoint::new(a, b).km(&UnitPoint::new(c, d));
            let haversine = rotation::haversine_km(a, b, c, d);
            assert!((chord - haversine).abs() < 1e-6, "{chord} vs {haversine}");
        }
    }

    #[test]
    fn seasons_follow_calendar_months() {
        let from = crate::model::parse_local_datetime("2026-01-31T18:30").unwrap();
        let dates: Vec<String> = season_dates(from, 3, Span::new(1, Unit::Months))
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(
            dates,
            [
                "2026-01-31 18:30:00",
                "2026-02-28 18:30:00",
                "2026-03-31 18:30:00"
            ]
        );
    }

    /// A data directory written by `bench_data::write_national` from the
    /// built-in gazetteer (every French place it holds), loaded.
    fn national(size: &crate::bench_data::NationalSize) -> Dataset {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("national");
        crate::bench_data::write_national(&data_dir, 42, size).unwrap();
        crate::store::load(
            &crate::store::DataDir::new(&data_dir),
            crate::i18n::Lang::En,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Ten sessions: the worst-off participant is no worse off than with
    /// the greedy sequence, and the total at most 10 % above its total.
    fn check_ten_sessions(data: &Dataset, options: &Options) -> Plan {
        let from = crate::model::parse_local_datetime("2027-01-04T18:30").unwrap();
        let dates = season_dates(from, 10, Span::new(6, Unit::Weeks));
        let plan = plan(data, &dates, options).unwrap();
        let greedy = plan.greedy.as_ref().expect("the greedy sequence completes");
        assert_eq!(plan.sessions.len(), 10);
        let (p, g) = (&plan.criterion, &greedy.criterion);
        assert!(p.max_beyond <= g.max_beyond, "{p:?} vs {g:?}");
        if p.max_beyond == g.max_beyond {
            assert!(p.max_season_km <= g.max_season_km + 1e-6, "{p:?} vs {g:?}");
        }
        assert!(p.total_km <= g.total_km * 1.10 + 1e-6, "{p:?} vs {g:?}");
        // The burden table agrees with the criterion.
        let worst = plan.burden.iter().map(|b| b.season_km).fold(0.0, f64::max);
        assert!((worst - p.max_season_km).abs() < 1e-6);
        let total: f64 = plan.burden.iter().map(|b| b.season_km).sum();
        assert!((total - p.total_km).abs() < 1e-6 * total.max(1.0));
        plan
    }

    #[test]
    fn plan_on_a_national_set_is_fairer_than_greedy_within_ten_percent() {
        // Every French place a village; fewer people and venues than the
        // full national set, and a smaller search budget, so that it runs
        // in a debug build (the full set is measured by `cargo bench --bench plan`
        // and the README's command).
        let size = crate::bench_data::NationalSize {
            venues: 500,
            participants: 8_000,
            routes: 100,
            events: 12,
            invited_per_event: 100,
            ..Default::default()
        };
        let data = national(&size);
        let options = Options {
            search_work: 20_000_000,
            ..Options::default()
        };
        let plan = check_ten_sessions(&data, &options);
        assert_eq!(plan.method, Method::Heuristic);
        let greedy = plan.greedy.unwrap().criterion;
        assert_eq!(
            plan.criterion.compare(&greedy),
            Ordering::Less,
            "the search improves on greedy"
        );
    }

    mod brute_force {
        use super::super::*;
        use crate::model::{Event, Participant, Route, Status, Venue, Village};
        use crate::rotation::Exclusion;
        use proptest::prelude::*;

        fn datetime(day: i64) -> NaiveDateTime {
            crate::model::parse_local_datetime("2026-01-01T18:00").unwrap()
                + chrono::Duration::days(day)
        }

        /// A small random network: villages in a box of about 100 km, a few
        /// venues, people with and without limits, a short history.
        fn network() -> impl Strategy<Value = (Dataset, usize)> {
            let villages = prop::collection::vec((43.5f64..44.5, 3.5f64..4.5), 2..5);
            (villages, any::<u64>(), 0usize..3, 1usize..4).prop_map(
                |(points, seed, cooldown, sessions)| {
                    let mut rng = crate::rng::Rng::new(seed);
                    let mut data = Dataset::default();
                    data.config.rotation.cooldown = cooldown;
                    for (i, (lat, lon)) in points.iter().enumerate() {
                        data.villages.push(Village {
                            id: format!("v{i}"),
                            name: format!("V{i}"),
                            lat: *lat,
                            lon: *lon,
                            department: None,
                        });
                    }
                    let nv = points.len();
                    for i in 0..1 + rng.below(5) {
                        let own = rng.below(3) == 0;
                        let village = rng.below(nv);
                        data.venues.push(Venue {
                            id: format!("h{i}"),
                            name: format!("H{i}"),
                            village: format!("v{village}"),
                            lat: own.then(|| points[village].0 + 0.01 * rng.below(5) as f64),
                            lon: own.then(|| points[village].1 - 0.01 * rng.below(5) as f64),
                            capacity: (rng.below(3) == 0).then(|| rng.below(8) as u32),
                            amenities: vec![],
                            address: None,
                            contact: None,
                            active: rng.below(6) != 0,
                        });
                    }
                    for i in 0..1 + rng.below(8) {
                        data.participants.push(Participant {
                            id: format!("p{i}"),
                            name: format!("P{i}"),
                            email: None,
                            village: format!("v{}", rng.below(nv)),
                            max_km: (rng.below(2) == 0).then(|| 10.0 + rng.below(70) as f64),
                            active: rng.below(8) != 0,
                            profession: None,
                            joined: None,
                            carpool: false,
                            mail: true,
                            bounced: None,
                            skills: vec![],
                            aliases: vec![],
                            listed: false,
                            website: None,
                            phone: None,
                        });
                    }
                    if rng.below(2) == 0 && nv > 1 {
                        data.routes.push(Route {
                            from: "v0".into(),
                            to: "v1".into(),
                            km: 5.0 + rng.below(100) as f64,
                            minutes: None,
                        });
                    }
                    let people: Vec<String> =
                        data.participants.iter().map(|p| p.id.clone()).collect();
                    // Up to 6 sessions: with 4 held or more, the turnout
                    // model is fitted and decides the capacity exclusions.
                    for e in 0..rng.below(7) {
                        let venue = data.venues[rng.below(data.venues.len())].id.clone();
                        let attended: Vec<String> = people
                            .iter()
                            .filter(|_| rng.below(2) == 0)
                            .cloned()
                            .collect();
                        data.events.push(Event {
                            id: format!("2025-0{}-01-x", e + 1),
                            date: datetime(-100 + 20 * e as i64),
                            venue,
                            theme: None,
                            status: if rng.below(4) == 0 {
                                Status::Cancelled
                            } else {
                                Status::Held
                            },
                            invited: people.clone(),
                            attended: if rng.below(4) == 0 { vec![] } else { attended },
                            rsvp: Default::default(),
                            sequence: 0,
                            cancel_reason: None,
                            previous_date: None,
                        });
                    }
                    data.events
                        .retain(|e| e.status == Status::Held || e.attended.is_empty());
                    (data, sessions)
                },
            )
        }

        /// d(p, v) as rotation.md defines it, written out independently.
        fn distance(data: &Dataset, p: &Participant, v: &Venue) -> f64 {
            let home = data.village(&p.village).unwrap();
            let own = v.lat.is_some() && v.lon.is_some();
            let route = data.routes.iter().find(|r| {
                (r.from == p.village && r.to == v.village)
                    || (r.to == p.village && r.from == v.village)
            });
            match (own, route) {
                (false, Some(r)) => r.km,
                _ => {
                    let (lat, lon) = data.venue_point(v).unwrap();
                    rotation::haversine_km(home.lat, home.lon, lat, lon)
                        * data.config.rotation.detour_factor
                }
            }
        }

        fn with_planned(data: &Dataset, dates: &[NaiveDateTime], venues: &[usize]) -> Dataset {
            let mut planned = data.clone();
            for (i, &v) in venues.iter().enumerate() {
                planned.events.push(Event {
                    id: format!("plan-{i}"),
                    date: dates[i],
                    venue: data.venues[v].id.clone(),
                    theme: None,
                    status: Status::Planned,
                    invited: vec![],
                    attended: vec![],
                    rsvp: Default::default(),
                    sequence: 0,
                    cancel_reason: None,
                    previous_date: None,
                });
            }
            planned
        }

        /// Every assignment of venues to dates, checked with `next`'s own
        /// ranking (the exclusions `next` would apply with the earlier
        /// sessions planned, capacity against the turnout model), scored by
        /// the criterion.
        fn brute_force(data: &Dataset, dates: &[NaiveDateTime], budget: f64) -> Option<Criterion> {
            let nv = data.venues.len();
            let n = dates.len();
            let travellers: Vec<&Participant> =
                data.participants.iter().filter(|p| p.active).collect();
            let mut best: Option<Criterion> = None;
            for code in 0..nv.pow(n as u32) {
                let venues: Vec<usize> = (0..n).map(|i| code / nv.pow(i as u32) % nv).collect();
                let feasible = (0..n).all(|i| {
                    let before = with_planned(data, dates, &venues[..i]);
                    let ranking =
                        rotation::rank_with_turnout(&before, dates[i], Objective::Total).0;
                    // The rules kept: no venue chosen by setting one aside.
                    !ranking.capacity_set_aside
                        && ranking.candidates.iter().any(|c| {
                            c.venue == data.venues[venues[i]].id
                                && c.eligible
                                && !c.warnings.contains(&Exclusion::Cooldown)
                        })
                });
                if !feasible {
                    continue;
                }
                let mut max_beyond = 0;
                let mut max_season: f64 = 0.0;
                let mut total = 0.0;
                for p in &travellers {
                    let mut season = 0.0;
                    let mut beyond = 0;
                    for &v in &venues {
                        let d = distance(data, p, &data.venues[v]);
                        season += d;
                        beyond += p.max_km.is_some_and(|l| d > l) as usize;
                    }
                    max_beyond = max_beyond.max(beyond);
                    max_season = max_season.max(season);
                    total += season;
                }
                let c = Criterion {
                    max_beyond,
                    max_season_km: max_season,
                    total_km: total,
                };
                if total <= budget + 1e-6 && best.is_none_or(|b| c.compare(&b) == Ordering::Less) {
                    best = Some(c);
                }
            }
            best
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(96))]
            #[test]
            fn exact_search_equals_brute_force((data, sessions) in network()) {
                let dates: Vec<NaiveDateTime> = (0..sessions).map(|i| datetime(14 * i as i64)).collect();
                let options = Options::default();
                // The greedy sequence is the sequence of `next` choices.
                let mut rank_greedy: Vec<usize> = Vec::new();
                for &date in &dates {
                    let before = with_planned(&data, &dates, &rank_greedy);
                    let ranking = rotation::rank_with_turnout(&before, date, Objective::Total).0;
                    // The plan's greedy sequence stops where `next` would
                    // have to set a rule aside.
                    if !ranking.rotation_kept || ranking.capacity_set_aside {
                        break;
                    }
                    match ranking.choice {
                        Some(id) => rank_greedy.push(data.venues.iter().position(|v| v.id == id).unwrap()),
                        None => break,
                    }
                }
                let result = plan(&data, &dates, &options);
                // A plan that had to set the rotation or the capacity aside
                // is not what the brute force (every rule kept) checks.
                if result.as_ref().is_ok_and(|p| !p.rotation_kept || !p.capacity_set_aside.is_empty()) {
                    return Ok(());
                }
                let greedy_complete = rank_greedy.len() == sessions;
                let budget = match &result {
                    Ok(p) => {
                        prop_assert_eq!(p.greedy.is_some(), greedy_complete);
                        if let Some(g) = &p.greedy {
                            let ids: Vec<&str> = g.sessions.iter().map(|s| s.venue.as_str()).collect();
                            let expected: Vec<&str> = rank_greedy.iter().map(|&v| data.venues[v].id.as_str()).collect();
                            prop_assert_eq!(ids, expected);
                        }
                        p.total_budget_km.unwrap_or(f64::INFINITY)
                    }
                    Err(_) => f64::INFINITY,
                };
                let brute = brute_force(&data, &dates, budget);
                match (result, brute) {
                    (Ok(p), Some(b)) => {
                        prop_assert_eq!(p.method, Method::Exact);
                        prop_assert_eq!(p.criterion.compare(&b), Ordering::Equal, "plan {:?} vs brute force {:?}", p.criterion, b);
                        // The reported sessions really have these figures.
                        let venues: Vec<usize> = p.sessions.iter()
                            .map(|s| data.venues.iter().position(|v| v.id == s.venue).unwrap())
                            .collect();
                        prop_assert!(brute_force_single(&data, &dates, &venues, p.criterion));
                    }
                    (Err(_), None) => {}
                    (r, b) => prop_assert!(false, "plan {:?} but brute force {:?}", r.map(|p| p.criterion), b),
                }
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]
            #[test]
            fn heuristic_plans_are_feasible_and_no_worse_than_greedy((data, sessions) in network()) {
                let dates: Vec<NaiveDateTime> = (0..sessions).map(|i| datetime(14 * i as i64)).collect();
                // A pool smaller than the venues: local search only.
                let options = Options { pool_limit: 1, ..Options::default() };
                let Ok(p) = plan(&data, &dates, &options) else { return Ok(()); };
                // As in the exact search's test: a plan that had to set the
                // rotation or the capacity aside is not what the brute force
                // (every rule kept) checks.
                if !p.rotation_kept || !p.capacity_set_aside.is_empty() {
                    return Ok(());
                }
                let venues: Vec<usize> = p.sessions.iter()
                    .map(|s| data.venues.iter().position(|v| v.id == s.venue).unwrap())
                    .collect();
                prop_assert!(brute_force_single(&data, &dates, &venues, p.criterion));
                if let Some(g) = &p.greedy {
                    prop_assert_ne!(p.criterion.compare(&g.criterion), Ordering::Greater);
                    prop_assert!(p.criterion.total_km <= g.criterion.total_km * 1.1 + 1e-6);
                }
            }
        }

        /// The given assignment is feasible and scores `criterion`.
        fn brute_force_single(
            data: &Dataset,
            dates: &[NaiveDateTime],
            venues: &[usize],
            criterion: Criterion,
        ) -> bool {
            let chosen: Vec<Venue> = venues.iter().map(|&v| data.venues[v].clone()).collect();
            let n = dates.len();
            let feasible = (0..n).all(|i| {
                let before = with_planned(data, dates, &venues[..i]);
                rotation::rank_with_turnout(&before, dates[i], Objective::Total)
                    .0
                    .candidates
                    .iter()
                    .any(|c| c.venue == chosen[i].id && c.eligible)
            });
            let mut max_beyond = 0;
            let mut max_season: f64 = 0.0;
            let mut total = 0.0;
            for p in data.participants.iter().filter(|p| p.active) {
                let season: f64 = chosen.iter().map(|v| distance(data, p, v)).sum();
                let beyond = chosen
                    .iter()
                    .filter(|v| p.max_km.is_some_and(|l| distance(data, p, v) > l))
                    .count();
                max_beyond = max_beyond.max(beyond);
                max_season = max_season.max(season);
                total += season;
            }
            feasible
                && Criterion {
                    max_beyond,
                    max_season_km: max_season,
                    total_km: total,
                }
                .compare(&criterion)
                    == Ordering::Equal
        }
    }
}
