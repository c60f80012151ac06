//! The yearly activity report funders ask for (`jelly report --year Y`),
//! computed from the data alone, as a plain value; `render` turns it into
//! HTML, PDF (krilla, as the sign-in sheet) or a spreadsheet (.ods).
//!
//! Every figure has a definition, in the appendix of each output and in
//! docs/report.md; the test recomputes each one with its own script.

pub(crate) mod render;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{Datelike, NaiveDateTime};
use serde::Serialize;

use crate::model::{Dataset, Status, Venue, Village};
use crate::rotation::distance::{routes, travel_km};

/// "Near a session": at most this many km from its venue (d of rotation.md).
pub(crate) const NEAR_KM: f64 = 20.0;

/// The figures of one year, in the order the report shows them.
pub(crate) const FIGURES: &[&str] = &[
    "sessions-held",
    "sessions-cancelled",
    "attendances",
    "people-reached",
    "newcomers",
    "returning",
    "host-villages",
    "villages-reached",
    "departments-reached",
    "members",
    "members-near",
    "share-near",
    "km-total",
    "km-mean",
    "km-central",
    "km-saved",
    "by-month",
];

#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct Report {
    pub year: i32,
    pub association: String,
    pub sessions: Vec<SessionRow>,
    pub sessions_held: usize,
    pub sessions_cancelled: usize,
    pub attendances: usize,
    pub people_reached: usize,
    pub newcomers: usize,
    pub returning: usize,
    pub host_villages: usize,
    pub villages_reached: usize,
    pub departments_reached: usize,
    pub members: usize,
    pub members_near: usize,
    /// members_near / members, 0 to 1; `None` without members.
    pub share_near: Option<f64>,
    /// Round trips of the attendances of known people, km.
    pub km_total: f64,
    /// Attendances whose trip is counted (known person and village).
    pub km_trips: usize,
    pub km_mean: Option<f64>,
    /// The venue that would have made the least km for the same trips.
    pub central_venue: Option<String>,
    pub central_venue_name: Option<String>,
    pub km_central: Option<f64>,
    /// km_central − km_total: what the rotation saved (negative: it cost).
    pub km_saved: Option<f64>,
    pub by_month: Vec<MonthRow>,
    /// Attendances per village of residence, for the map.
    #[serde(skip)]
    pub people_by_village: HashMap<String, usize>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct SessionRow {
    pub id: String,
    #[serde(serialize_with = "crate::rotation::serialize_datetime")]
    pub date: NaiveDateTime,
    pub village: String,
    pub venue: String,
    pub theme: Option<String>,
    pub attendance: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct MonthRow {
    pub month: u32,
    pub sessions: usize,
    pub attendance: usize,
}

/// Computes the report of `year`.
pub(crate) fn compute(data: &Dataset, year: i32) -> Report {
    let in_year = |e: &&crate::model::Event| e.date.year() == year;
    let held: Vec<&crate::model::Event> = data
        .events
        .iter()
        .filter(|e| e.status == Status::Held)
        .filter(in_year)
        .collect();
    let cancelled = data
        .events
        .iter()
        .filter(|e| e.status == Status::Cancelled)
        .filter(in_year)
        .count();
    let index = data.participant_index();
    let villages: HashMap<&str, &Village> =
        data.villages.iter().map(|v| (v.id.as_str(), v)).collect();
    let venue_of: HashMap<&str, &Venue> = data.venues.iter().map(|v| (v.id.as_str(), v)).collect();
    let village_name = |id: &str| {
        villages
            .get(id)
            .map_or_else(|| id.to_string(), |v| v.name.clone())
    };
    let routes = routes(data);
    let detour = data.config.rotation.detour_factor;
    // d(p, v) of rotation.md from a village to a venue.
    let km = |village: &str, venue: &Venue| -> Option<f64> {
        let home = villages.get(village)?;
        let point = match (venue.lat, venue.lon) {
            (Some(lat), Some(lon)) => (lat, lon),
            _ => villages
                .get(venue.village.as_str())
                .map(|v| (v.lat, v.lon))?,
        };
        Some(travel_km(&routes, detour, home, venue, point))
    };

    // First held session of each person, over all years.
    let mut first_year: HashMap<&str, i32> = HashMap::new();
    for e in data.events.iter().filter(|e| e.status == Status::Held) {
        for id in &e.attended {
            let y = e.date.year();
            first_year
                .entry(id.as_str())
                .and_modify(|f| *f = (*f).min(y))
                .or_insert(y);
        }
    }

    let mut sessions = Vec::new();
    let mut reached: BTreeSet<&str> = BTreeSet::new();
    let mut hosts: BTreeSet<&str> = BTreeSet::new();
    let mut months: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
    let mut attendances = 0;
    // Trips counted, by village of residence.
    let mut trips: HashMap<&str, usize> = HashMap::new();
    let mut km_total = 0.0;
    let mut km_trips = 0;
    for e in &held {
        let venue = venue_of.get(e.venue.as_str()).copied();
        let village_id = venue.map_or("", |v| v.village.as_str());
        hosts.insert(village_id);
        sessions.push(SessionRow {
            id: e.id.clone(),
            date: e.date,
            village: village_name(village_id),
            venue: venue.map_or_else(|| e.venue.clone(), |v| v.name.clone()),
            theme: e.theme.clone(),
            attendance: e.attended.len(),
        });
        let month = months.entry(e.date.month()).or_default();
        month.0 += 1;
        month.1 += e.attended.len();
        attendances += e.attended.len();
        for id in &e.attended {
            reached.insert(id);
            let Some(&i) = index.get(id.as_str()) else {
                continue;
            };
            let home = data.participants[i].village.as_str();
            if let Some(d) = venue.and_then(|v| km(home, v)) {
                *trips.entry(home).or_default() += 1;
                km_total += 2.0 * d;
                km_trips += 1;
            }
        }
    }
    let newcomers = reached
        .iter()
        .filter(|id| first_year.get(**id) == Some(&year))
        .count();
    let mut people_by_village: HashMap<String, usize> = HashMap::new();
    let mut villages_reached: HashSet<&str> = HashSet::new();
    let mut departments: HashSet<&str> = HashSet::new();
    for id in &reached {
        if let Some(&i) = index.get(*id) {
            let village = data.participants[i].village.as_str();
            villages_reached.insert(village);
            *people_by_village.entry(village.to_string()).or_default() += 1;
            if let Some(department) = villages.get(village).and_then(|v| v.department.as_deref()) {
                departments.insert(department);
            }
        }
    }

    // Members near at least one of the year's venues.
    let mut venues: Vec<&Venue> = held
        .iter()
        .filter_map(|e| venue_of.get(e.venue.as_str()).copied())
        .collect();
    venues.sort_by(|a, b| a.id.cmp(&b.id));
    venues.dedup_by(|a, b| a.id == b.id);
    let mut members_by_village: HashMap<&str, usize> = HashMap::new();
    let mut members = 0;
    for p in data.participants.iter().filter(|p| p.active) {
        members += 1;
        *members_by_village.entry(p.village.as_str()).or_default() += 1;
    }
    let members_near: usize = members_by_village
        .iter()
        .filter(|(village, _)| {
            venues
                .iter()
                .any(|v| km(village, v).is_some_and(|d| d <= NEAR_KM))
        })
        .map(|(_, n)| n)
        .sum();

    // The most central venue for the same trips: the least total km.
    let mut central: Option<(&Venue, f64)> = None;
    if km_trips > 0 {
        // Sorted, so the sum is the same from run to run.
        let mut trips: Vec<(&str, usize)> = trips.into_iter().collect();
        trips.sort_unstable();
        for venue in data.venues.iter().filter(|v| v.active) {
            let total: f64 = trips
                .iter()
                .filter_map(|&(village, n)| km(village, venue).map(|d| 2.0 * d * n as f64))
                .sum();
            if central.is_none_or(|(_, best)| total < best) {
                central = Some((venue, total));
            }
        }
    }
    let by_month = (1..=12)
        .map(|month| {
            let (sessions, attendance) = months.get(&month).copied().unwrap_or_default();
            MonthRow {
                month,
                sessions,
                attendance,
            }
        })
        .collect();
    Report {
        year,
        association: data.config.association.name.clone(),
        sessions_held: sessions.len(),
        sessions,
        sessions_cancelled: cancelled,
        attendances,
        people_reached: reached.len(),
        newcomers,
        returning: reached.len() - newcomers,
        host_villages: hosts.len(),
        villages_reached: villages_reached.len(),
        departments_reached: departments.len(),
        members,
        members_near,
        share_near: (members > 0).then(|| members_near as f64 / members as f64),
        km_total,
        km_trips,
        km_mean: (km_trips > 0).then(|| km_total / km_trips as f64),
        central_venue: central.map(|(v, _)| v.id.clone()),
        central_venue_name: central.map(|(v, _)| v.name.clone()),
        km_central: central.map(|(_, km)| km),
        km_saved: central.map(|(_, km)| km - km_total),
        by_month,
        people_by_village,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{participant, venue, village};

    fn held(id: &str, date: &str, venue: &str, attended: &[&str]) -> crate::model::Event {
        crate::model::Event {
            id: id.to_string(),
            date: crate::model::parse_local_datetime(date).unwrap(),
            venue: venue.to_string(),
            theme: None,
            status: Status::Held,
            invited: Vec::new(),
            attended: attended.iter().map(|s| s.to_string()).collect(),
            rsvp: Default::default(),
            sequence: 0,
            cancel_reason: None,
            previous_date: None,
        }
    }

    #[test]
    fn counts_people_newcomers_and_trips() {
        let data = Dataset {
            villages: vec![village("a", "A", 44.0, 4.0), village("b", "B", 44.1, 4.0)],
            venues: vec![venue("va", "VA", "a"), venue("vb", "VB", "b")],
            participants: vec![participant("p", "P", "a"), participant("q", "Q", "b")],
            events: vec![
                held("2025-03-01-a", "2025-03-01T18:00", "va", &["p"]),
                held("2026-03-01-a", "2026-03-01T18:00", "va", &["p", "q"]),
                held("2026-05-01-b", "2026-05-01T18:00", "vb", &["q"]),
            ],
            ..Dataset::default()
        };
        let r = compute(&data, 2026);
        assert_eq!(r.sessions_held, 2);
        assert_eq!(r.attendances, 3);
        assert_eq!(r.people_reached, 2);
        assert_eq!(r.newcomers, 1, "q came first in 2026, p in 2025");
        assert_eq!(r.returning, 1);
        // q's trip a→b: 0.1° of latitude × 1.3, there and back.
        let d = crate::geo::haversine_km(44.0, 4.0, 44.1, 4.0) * 1.3;
        assert!((r.km_total - 2.0 * d).abs() < 1e-9, "{}", r.km_total);
        // Everything at vb: p's one trip there and back (2d), q nothing,
        // against 4d at va; the rotation made the same 2d: nothing saved.
        assert_eq!(r.central_venue.as_deref(), Some("vb"));
        assert!(r.km_saved.unwrap().abs() < 1e-9);
        assert_eq!(r.by_month[2].attendance, 2);
        assert_eq!(r.by_month[4].sessions, 1);
        assert_eq!(r.members_near, 2);
    }
}
