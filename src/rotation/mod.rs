//! Choosing the next venue (see `shared/spec/rotation.md`): distances,
//! history, exclusions, figures per venue and the three objectives. Pure
//! functions on a validated [`Dataset`]; no I/O.

pub mod plan;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::model::{Dataset, Event, Objective, Status};

/// Mean Earth radius (IUGG), in km.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km between two WGS84 points (degrees).
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let d_phi = (lat2 - lat1).to_radians();
    let d_lambda = (lon2 - lon1).to_radians();
    let a = (d_phi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (d_lambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

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
    pub eligible: bool,
    pub excluded: Option<Exclusion>,
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
        .sum()
}

/// Ranks every venue for a session on `date`.
pub fn rank(data: &Dataset, date: NaiveDateTime, objective: Objective) -> Ranking {
    let history = history(data, date);
    let cooldown = cooldown_villages(data, &history, data.config.rotation.cooldown);
    let expected = expected_attendance(data, &history);
    let detour = data.config.rotation.detour_factor;
    let villages: HashMap<&str, (f64, f64)> = data
        .villages
        .iter()
        .map(|v| (v.id.as_str(), (v.lat, v.lon)))
        .collect();
    let mut routes: HashMap<(&str, &str), f64> = HashMap::new();
    for r in &data.routes {
        routes.insert((r.from.as_str(), r.to.as_str()), r.km);
        routes
            .entry((r.to.as_str(), r.from.as_str()))
            .or_insert(r.km);
    }
    let travellers: Vec<_> = data.participants.iter().filter(|p| p.active).collect();
    let mut candidates: Vec<Candidate> = data
        .venues
        .iter()
        .map(|venue| {
            let own_point = venue.lat.is_some() && venue.lon.is_some();
            let (vlat, vlon) = data.venue_point(venue).unwrap_or((0.0, 0.0));
            let mut total = 0.0;
            let mut max: f64 = 0.0;
            let mut beyond = 0;
            for p in &travellers {
                let d = match (
                    own_point,
                    routes.get(&(p.village.as_str(), venue.village.as_str())),
                ) {
                    (false, Some(&km)) => km,
                    _ => {
                        let (plat, plon) = villages[p.village.as_str()];
                        haversine_km(plat, plon, vlat, vlon) * detour
                    }
                };
                total += d;
                max = max.max(d);
                if p.max_km.is_some_and(|limit| d > limit) {
                    beyond += 1;
                }
            }
            let excluded = if !venue.active {
                Some(Exclusion::Inactive)
            } else if cooldown.contains(venue.village.as_str()) {
                Some(Exclusion::Cooldown)
            } else if venue.capacity.is_some_and(|c| (c as f64) < expected) {
                Some(Exclusion::Capacity)
            } else {
                None
            };
            Candidate {
                venue: venue.id.clone(),
                village: venue.village.clone(),
                total_km: total,
                mean_km: if travellers.is_empty() {
                    0.0
                } else {
                    total / travellers.len() as f64
                },
                max_km: max,
                beyond_limit: beyond,
                eligible: excluded.is_none(),
                excluded,
            }
        })
        .collect();
    candidates.sort_by(|a, b| {
        b.eligible
            .cmp(&a.eligible)
            .then_with(|| compare(objective, a, b))
    });
    let choice = candidates
        .iter()
        .find(|c| c.eligible)
        .map(|c| c.venue.clone());
    Ranking {
        date,
        objective,
        participants: travellers.len(),
        expected_attendance: expected,
        choice,
        candidates,
    }
}

/// Objective order, ties broken by the next key and lastly by venue id.
pub fn compare(objective: Objective, a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    let total = a.total_km.total_cmp(&b.total_km);
    let primary = match objective {
        Objective::Total => total,
        Objective::Fair => a.max_km.total_cmp(&b.max_km).then(total),
        Objective::Coverage => a.beyond_limit.cmp(&b.beyond_limit).then(total),
    };
    primary.then_with(|| a.venue.cmp(&b.venue))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_matches_a_known_distance() {
        // Alès → Anduze: about 10.9 km as the crow flies.
        let d = haversine_km(44.12489, 4.08082, 44.055, 3.98495);
        assert!((d - 10.9).abs() < 0.5, "{d}");
        assert_eq!(haversine_km(44.0, 4.0, 44.0, 4.0), 0.0);
    }
}
