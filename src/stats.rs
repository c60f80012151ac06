//! Attendance statistics over the held sessions: per session (invited,
//! answered yes, came, newcomers, returning), overall (sessions per year,
//! mean attendance, loyalty, newcomers per session), attendance rate by
//! village and by distance band, and the people drifting away. Pure
//! functions on a validated [`Dataset`]; no I/O.
//!
//! Definitions (documented in the README, "Statistics"):
//! - the sessions counted are the `held` ones whose date is within
//!   `[from, to]`; planned and cancelled sessions are left out;
//! - a *newcomer* at a session came for the first time: they attended no
//!   held session before it, in the whole history (also before `from`);
//!   the others who came are *returning*;
//! - *loyalty* is Σ returning / Σ came over the sessions counted: the share
//!   of attendances by people who had come before;
//! - an *invitation* is a (participant, session) pair with the participant in
//!   the session's `invited` or `attended` list (someone who came is counted
//!   as invited, even if a hand-edited file forgot them); the *attendance
//!   rate* of a group is its attendances divided by its invitations;
//! - the distance of an invitation is d(p, v) of rotation.md: the known road
//!   distance between the participant's village and the venue's village when
//!   the venue has no coordinates of its own, else the great-circle distance
//!   to the venue's point times `detour_factor`;
//! - *drifting away*: active participants who came to a counted session
//!   before the last N counted sessions, but to none of those N.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::model::{Answer, Dataset, Event, Participant, Status, Venue};
use crate::rotation::distance::{routes, travel_km};
use crate::rotation::serialize_datetime;

/// The distance bands, in km: `[0, 10)`, `[10, 20)`, `[20, 40)`, `[40, ∞)`.
pub(crate) const DISTANCE_BANDS: &[(f64, Option<f64>)] = &[
    (0.0, Some(10.0)),
    (10.0, Some(20.0)),
    (20.0, Some(40.0)),
    (40.0, None),
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionStats {
    pub event: String,
    #[serde(serialize_with = "serialize_datetime")]
    pub date: NaiveDateTime,
    pub venue: String,
    pub village: String,
    pub invited: usize,
    pub answered_yes: usize,
    pub came: usize,
    pub newcomers: usize,
    pub returning: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearStats {
    pub year: i32,
    pub sessions: usize,
    pub attendances: usize,
    pub mean_attendance: f64,
    pub newcomers: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overall {
    pub sessions: usize,
    /// Σ came.
    pub attendances: usize,
    /// Distinct people who came at least once.
    pub people: usize,
    /// attendances / sessions; null without sessions.
    pub mean_attendance: Option<f64>,
    /// Σ returning / Σ came; null without attendances.
    pub loyalty: Option<f64>,
    /// Σ newcomers / sessions; null without sessions.
    pub newcomers_per_session: Option<f64>,
    pub per_year: Vec<YearStats>,
}

/// Attendance rate of a group of invitations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rate {
    /// Distinct participants invited.
    pub people: usize,
    pub invitations: usize,
    pub attended: usize,
    /// attended / invitations; null without invitations.
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VillageRate {
    pub village: String,
    pub name: String,
    #[serde(flatten)]
    pub rate: Rate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandRate {
    /// "0-10", "10-20", "20-40", "40+".
    pub band: String,
    pub min_km: f64,
    /// Exclusive upper bound; null for the last band.
    pub max_km: Option<f64>,
    #[serde(flatten)]
    pub rate: Rate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drifter {
    pub participant: String,
    pub name: String,
    pub village: String,
    /// Counted sessions they came to.
    pub sessions: usize,
    pub last_event: String,
    pub last_came: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drifting {
    /// N: the number of most recent sessions looked at.
    pub last: usize,
    pub people: Vec<Drifter>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    #[serde(serialize_with = "serialize_opt_datetime")]
    pub from: Option<NaiveDateTime>,
    #[serde(serialize_with = "serialize_opt_datetime")]
    pub to: Option<NaiveDateTime>,
    pub sessions: Vec<SessionStats>,
    pub overall: Overall,
    pub by_village: Vec<VillageRate>,
    pub by_distance: Vec<BandRate>,
    pub drifting: Drifting,
}

fn serialize_opt_datetime<S: serde::Serializer>(
    dt: &Option<NaiveDateTime>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match dt {
        Some(dt) => serialize_datetime(dt, s),
        None => s.serialize_none(),
    }
}

/// The index in [`DISTANCE_BANDS`] of a distance.
pub(crate) fn band_of(km: f64) -> usize {
    DISTANCE_BANDS
        .iter()
        .position(|(_, max)| max.is_none_or(|max| km < max))
        .unwrap_or(DISTANCE_BANDS.len() - 1)
}

fn band_label(index: usize) -> String {
    match DISTANCE_BANDS[index] {
        (min, Some(max)) => format!("{min}-{max}"),
        (min, None) => format!("{min}+"),
    }
}

/// The villages whose people were invited, by id, with their rates.
fn by_village(
    data: &Dataset,
    counts: &[(usize, usize)],
    home: &[Option<usize>],
    invited_ever: &[bool],
) -> Vec<VillageRate> {
    let mut people = vec![0usize; data.villages.len()];
    for (p, village) in home.iter().enumerate() {
        if let (Some(v), true) = (village, invited_ever[p]) {
            people[*v] += 1;
        }
    }
    let mut rows: Vec<VillageRate> = data
        .villages
        .iter()
        .enumerate()
        .filter(|&(v, _)| counts[v].0 > 0)
        .map(|(v, village)| VillageRate {
            village: village.id.clone(),
            name: village.name.clone(),
            rate: Rate {
                people: people[v],
                invitations: counts[v].0,
                attended: counts[v].1,
                rate: ratio(counts[v].1, counts[v].0),
            },
        })
        .collect();
    rows.sort_by(|a, b| a.village.cmp(&b.village));
    rows
}

fn ratio(numerator: usize, denominator: usize) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

/// Is `event` a counted session for the window `[from, to]`?
fn in_window(event: &Event, from: Option<NaiveDateTime>, to: Option<NaiveDateTime>) -> bool {
    from.is_none_or(|from| event.date >= from) && to.is_none_or(|to| event.date <= to)
}

/// Computes every figure over the held sessions dated within `[from, to]`;
/// `drift_last` is N of "drifting away".
pub(crate) fn compute(
    data: &Dataset,
    from: Option<NaiveDateTime>,
    to: Option<NaiveDateTime>,
    drift_last: usize,
) -> Stats {
    let mut held: Vec<&Event> = data
        .events
        .iter()
        .filter(|e| e.status == Status::Held)
        .collect();
    held.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    let routes = routes(data);
    let detour = data.config.rotation.detour_factor;
    // Dense indexes and per-participant marks: a national network has
    // 100,000 participants, each invited to every session.
    let participant_index = data.participant_index();
    let village_index = data.village_index();
    let home: Vec<Option<usize>> = data
        .participants
        .iter()
        .map(|p| village_index.get(p.village.as_str()).copied())
        .collect();
    let venues: HashMap<&str, &Venue> = data.venues.iter().map(|v| (v.id.as_str(), v)).collect();
    let participants: HashMap<&str, &Participant> = data
        .participants
        .iter()
        .map(|p| (p.id.as_str(), p))
        .collect();

    let mut seen: HashSet<&str> = HashSet::new();
    let mut sessions = Vec::new();
    let mut counted: Vec<&Event> = Vec::new();
    // Per village: (invitations, attended); per participant: ever invited,
    // and the bands (bits) they were invited in.
    let mut village_counts = vec![(0usize, 0usize); data.villages.len()];
    let mut band_counts = vec![(0usize, 0usize); DISTANCE_BANDS.len()];
    let mut invited_ever = vec![false; data.participants.len()];
    let mut bands_of = vec![0u8; data.participants.len()];
    // Marks of the current session (its number + 1), so nothing is reset.
    let mut came_mark = vec![0usize; data.participants.len()];
    let mut invited_mark = vec![0usize; data.participants.len()];
    let mut km_of_village = vec![f64::NAN; data.villages.len()];
    for event in held {
        let counts = in_window(event, from, to);
        let newcomers = event
            .attended
            .iter()
            .filter(|id| !seen.contains(id.as_str()))
            .count();
        seen.extend(event.attended.iter().map(String::as_str));
        if !counts {
            continue;
        }
        counted.push(event);
        let mark = counted.len();
        let venue = venues.get(event.venue.as_str()).copied();
        let venue_point = venue.and_then(|v| match (v.lat, v.lon) {
            (Some(lat), Some(lon)) => Some((lat, lon)),
            _ => village_index
                .get(v.village.as_str())
                .map(|&i| (data.villages[i].lat, data.villages[i].lon)),
        });
        km_of_village.fill(f64::NAN);
        for id in &event.attended {
            if let Some(&p) = participant_index.get(id.as_str()) {
                came_mark[p] = mark;
            }
        }
        for id in event.invited.iter().chain(&event.attended) {
            let Some(&p) = participant_index.get(id.as_str()) else {
                continue;
            };
            if invited_mark[p] == mark {
                continue; // listed twice (invited and attended)
            }
            invited_mark[p] = mark;
            invited_ever[p] = true;
            let came = came_mark[p] == mark;
            let Some(v) = home[p] else {
                continue;
            };
            village_counts[v].0 += 1;
            village_counts[v].1 += usize::from(came);
            if let (Some(venue), Some(point)) = (venue, venue_point) {
                if km_of_village[v].is_nan() {
                    km_of_village[v] = travel_km(&routes, detour, &data.villages[v], venue, point);
                }
                let band = band_of(km_of_village[v]);
                band_counts[band].0 += 1;
                band_counts[band].1 += usize::from(came);
                bands_of[p] |= 1 << band;
            }
        }
        sessions.push(SessionStats {
            event: event.id.clone(),
            date: event.date,
            venue: event.venue.clone(),
            village: venue.map(|v| v.village.clone()).unwrap_or_default(),
            invited: event.invited.len(),
            answered_yes: event
                .rsvp
                .values()
                .filter(|r| r.answer == Answer::Yes)
                .count(),
            came: event.attended.len(),
            newcomers,
            returning: event.attended.len() - newcomers,
        });
    }

    let attendances: usize = sessions.iter().map(|s| s.came).sum();
    let returning: usize = sessions.iter().map(|s| s.returning).sum();
    let newcomers: usize = sessions.iter().map(|s| s.newcomers).sum();
    let people: HashSet<&str> = counted
        .iter()
        .flat_map(|e| e.attended.iter().map(String::as_str))
        .collect();
    let mut years: BTreeMap<i32, (usize, usize, usize)> = BTreeMap::new();
    for s in &sessions {
        let entry = years.entry(s.date.year()).or_default();
        entry.0 += 1;
        entry.1 += s.came;
        entry.2 += s.newcomers;
    }
    let overall = Overall {
        sessions: sessions.len(),
        attendances,
        people: people.len(),
        mean_attendance: ratio(attendances, sessions.len()),
        loyalty: ratio(returning, attendances),
        newcomers_per_session: ratio(newcomers, sessions.len()),
        per_year: years
            .into_iter()
            .map(|(year, (count, came, newcomers))| YearStats {
                year,
                sessions: count,
                attendances: came,
                mean_attendance: came as f64 / count as f64,
                newcomers,
            })
            .collect(),
    };

    Stats {
        from,
        to,
        overall,
        by_village: by_village(data, &village_counts, &home, &invited_ever),
        by_distance: band_counts
            .iter()
            .enumerate()
            .map(|(i, &(invitations, attended))| BandRate {
                band: band_label(i),
                min_km: DISTANCE_BANDS[i].0,
                max_km: DISTANCE_BANDS[i].1,
                rate: Rate {
                    people: bands_of
                        .iter()
                        .filter(|&&bits| bits & (1 << i) != 0)
                        .count(),
                    invitations,
                    attended,
                    rate: ratio(attended, invitations),
                },
            })
            .collect(),
        drifting: drifting(&participants, &counted, drift_last),
        sessions,
    }
}

/// Active participants who came to one of `counted` (in date order) before
/// its last `last` sessions but to none of those; the longest gone first.
pub(crate) fn drifting(
    participants: &HashMap<&str, &Participant>,
    counted: &[&Event],
    last: usize,
) -> Drifting {
    let mut people = Vec::new();
    if counted.len() > last {
        let (before, recent) = counted.split_at(counted.len() - last);
        let recent: HashSet<&str> = recent
            .iter()
            .flat_map(|e| e.attended.iter().map(String::as_str))
            .collect();
        let mut history: BTreeMap<&str, (usize, &Event)> = BTreeMap::new();
        for event in before {
            for id in &event.attended {
                let entry = history.entry(id.as_str()).or_insert((0, event));
                entry.0 += 1;
                entry.1 = event;
            }
        }
        for (id, (sessions, last_event)) in history {
            if recent.contains(id) {
                continue;
            }
            let Some(p) = participants.get(id).filter(|p| p.active) else {
                continue;
            };
            people.push(Drifter {
                participant: p.id.clone(),
                name: p.name.clone(),
                village: p.village.clone(),
                sessions,
                last_event: last_event.id.clone(),
                last_came: last_event.date.date(),
            });
        }
        people.sort_by(|a, b| {
            a.last_came
                .cmp(&b.last_came)
                .then_with(|| a.participant.cmp(&b.participant))
        });
    }
    Drifting { last, people }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Route, Rsvp, Village};

    fn village(id: &str, lat: f64, lon: f64) -> Village {
        crate::testing::village(id, &id.to_uppercase(), lat, lon)
    }

    fn venue(id: &str, village: &str) -> Venue {
        crate::testing::venue(id, id, village)
    }

    fn person(id: &str, village: &str, active: bool) -> Participant {
        Participant {
            active,
            ..crate::testing::participant(id, &id.to_uppercase(), village)
        }
    }

    fn event(
        id: &str,
        date: &str,
        venue: &str,
        status: Status,
        inv: &[&str],
        att: &[&str],
    ) -> Event {
        Event {
            id: id.into(),
            date: crate::model::parse_local_datetime(date).unwrap(),
            venue: venue.into(),
            theme: None,
            status,
            invited: inv.iter().map(std::string::ToString::to_string).collect(),
            attended: att.iter().map(std::string::ToString::to_string).collect(),
            rsvp: Default::default(),
            sequence: 0,
            cancel_reason: None,
            previous_date: None,
        }
    }

    /// Villages on one meridian: 0.1° of latitude is 11.12 km, ×1.3 = 14.46 km.
    /// a at 44.0, b at 44.1 (14.5 km from a), c at 44.3 (43.4 km from a,
    /// 28.9 km from b). A road a–c of 25 km is known.
    fn fixture() -> Dataset {
        let mut data = Dataset {
            villages: vec![
                village("a", 44.0, 4.0),
                village("b", 44.1, 4.0),
                village("c", 44.3, 4.0),
            ],
            venues: vec![venue("va", "a"), venue("vb", "b")],
            participants: vec![
                person("ann", "a", true),
                person("bob", "a", true),
                person("cat", "b", true),
                person("dan", "c", true),
                person("eve", "c", false),
            ],
            routes: vec![Route {
                from: "c".into(),
                to: "a".into(),
                km: 25.0,
                minutes: None,
            }],
            ..Dataset::default()
        };
        let everyone = ["ann", "bob", "cat", "dan", "eve"];
        let mut s2 = event(
            "2020-03-01-b",
            "2020-03-01T18:00",
            "vb",
            Status::Held,
            &everyone,
            &["ann", "cat", "dan"],
        );
        s2.rsvp.insert(
            "ann".into(),
            Rsvp {
                answer: Answer::Yes,
                at: None,
                offered: None,
                expired: false,
            },
        );
        s2.rsvp.insert(
            "bob".into(),
            Rsvp {
                answer: Answer::No,
                at: None,
                offered: None,
                expired: false,
            },
        );
        s2.rsvp.insert(
            "cat".into(),
            Rsvp {
                answer: Answer::Yes,
                at: None,
                offered: None,
                expired: false,
            },
        );
        data.events = vec![
            event(
                "2019-11-01-a",
                "2019-11-01T18:00",
                "va",
                Status::Held,
                &everyone,
                &["ann", "bob", "eve"],
            ),
            s2,
            event(
                "2020-04-01-a",
                "2020-04-01T18:00",
                "va",
                Status::Cancelled,
                &everyone,
                &[],
            ),
            // dan came without being on the invited list.
            event(
                "2020-05-01-a",
                "2020-05-01T18:00",
                "va",
                Status::Held,
                &["ann", "bob", "cat"],
                &["ann", "dan"],
            ),
            event(
                "2020-06-01-b",
                "2020-06-01T18:00",
                "vb",
                Status::Held,
                &everyone,
                &["ann", "cat"],
            ),
            event(
                "2020-09-01-b",
                "2020-09-01T18:00",
                "vb",
                Status::Planned,
                &everyone,
                &[],
            ),
        ];
        data
    }

    #[test]
    fn per_session_figures() {
        let stats = compute(&fixture(), None, None, 2);
        let rows: Vec<(&str, usize, usize, usize, usize, usize)> = stats
            .sessions
            .iter()
            .map(|s| {
                (
                    s.event.as_str(),
                    s.invited,
                    s.answered_yes,
                    s.came,
                    s.newcomers,
                    s.returning,
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                ("2019-11-01-a", 5, 0, 3, 3, 0),
                ("2020-03-01-b", 5, 2, 3, 2, 1),
                ("2020-05-01-a", 3, 0, 2, 0, 2),
                ("2020-06-01-b", 5, 0, 2, 0, 2),
            ]
        );
        assert_eq!(stats.sessions[1].village, "b");
    }

    #[test]
    fn overall_figures() {
        let o = compute(&fixture(), None, None, 2).overall;
        assert_eq!(o.sessions, 4);
        assert_eq!(o.attendances, 10);
        assert_eq!(o.people, 5);
        assert_eq!(o.mean_attendance, Some(2.5));
        // returning 0 + 1 + 2 + 2 = 5 of 10 attendances.
        assert_eq!(o.loyalty, Some(0.5));
        assert_eq!(o.newcomers_per_session, Some(1.25));
        let years: Vec<(i32, usize, usize, usize)> = o
            .per_year
            .iter()
            .map(|y| (y.year, y.sessions, y.attendances, y.newcomers))
            .collect();
        assert_eq!(years, vec![(2019, 1, 3, 3), (2020, 3, 7, 2)]);
    }

    #[test]
    fn rates_by_village_and_distance() {
        let stats = compute(&fixture(), None, None, 2);
        let villages: Vec<(&str, usize, usize, usize)> = stats
            .by_village
            .iter()
            .map(|v| {
                (
                    v.village.as_str(),
                    v.rate.people,
                    v.rate.invitations,
                    v.rate.attended,
                )
            })
            .collect();
        // a: ann, bob invited 4 times each: ann came 4, bob 1.
        // b: cat invited 4 times, came 2. c: dan 3 invited + 1 walk-in, came 2;
        // eve invited 3 times, came once.
        assert_eq!(
            villages,
            vec![("a", 2, 8, 5), ("b", 1, 4, 2), ("c", 2, 7, 3)]
        );
        assert_eq!(stats.by_village[0].rate.rate, Some(5.0 / 8.0));

        // Distances: a→va 0, a→vb 14.5, b→va 14.5, b→vb 0, c→va 25 (road),
        // c→vb 28.9. Sessions at va: 2019-11 (everyone), 2020-05 (ann, bob,
        // cat + dan); at vb: 2020-03 and 2020-06 (everyone).
        let bands: Vec<(&str, usize, usize)> = stats
            .by_distance
            .iter()
            .map(|b| (b.band.as_str(), b.rate.invitations, b.rate.attended))
            .collect();
        // 0-10: ann, bob at va ×2 (4 inv: ann 2, bob 1 → 3) + cat at vb ×2 (2 inv, 2 came) = 6 inv, 5 came.
        // 10-20: ann, bob at vb ×2 (4 inv: ann 2 → 2) + cat at va ×2 (2 inv, 0 came) = 6 inv, 2 came.
        // 20-40: dan, eve at va 2019 (2 inv: eve came) + dan at va 2020-05 (came)
        //        + dan, eve at vb ×2 (4 inv: dan came 2020-03) = 7 inv, 3 came.
        assert_eq!(
            bands,
            vec![
                ("0-10", 6, 5),
                ("10-20", 6, 2),
                ("20-40", 7, 3),
                ("40+", 0, 0)
            ]
        );
        assert_eq!(stats.by_distance[3].rate.rate, None);
    }

    #[test]
    fn the_window_limits_sessions_but_newcomers_know_the_whole_history() {
        let from = crate::model::parse_local_datetime("2020-03-01").unwrap();
        let to = crate::model::parse_local_datetime("2020-05-31").unwrap();
        let stats = compute(&fixture(), Some(from), Some(to), 3);
        let rows: Vec<(&str, usize, usize)> = stats
            .sessions
            .iter()
            .map(|s| (s.event.as_str(), s.newcomers, s.returning))
            .collect();
        assert_eq!(rows, vec![("2020-03-01-b", 2, 1), ("2020-05-01-a", 0, 2)]);
        assert_eq!(stats.overall.loyalty, Some(3.0 / 5.0));
        // Two sessions counted, N = 3: nobody can be drifting.
        assert!(stats.drifting.people.is_empty());
    }

    #[test]
    fn drifting_away_leaves_out_recent_and_inactive_people() {
        let stats = compute(&fixture(), None, None, 2);
        // Last 2 sessions: 2020-05 (ann, dan), 2020-06 (ann, cat). Before:
        // ann, bob, eve (inactive), cat, dan. Drifting: bob only.
        let ids: Vec<(&str, usize, &str)> = stats
            .drifting
            .people
            .iter()
            .map(|d| (d.participant.as_str(), d.sessions, d.last_event.as_str()))
            .collect();
        assert_eq!(ids, vec![("bob", 1, "2019-11-01-a")]);
        let three = compute(&fixture(), None, None, 3).drifting;
        // Last 3: 2020-03, 05, 06. Before: ann, bob, eve → bob (eve inactive).
        assert_eq!(three.people.len(), 1);
        assert_eq!(three.people[0].participant, "bob");
    }

    #[test]
    fn bands_have_exclusive_upper_bounds() {
        assert_eq!(band_of(0.0), 0);
        assert_eq!(band_of(9.99), 0);
        assert_eq!(band_of(10.0), 1);
        assert_eq!(band_of(39.9), 2);
        assert_eq!(band_of(40.0), 3);
        assert_eq!(band_of(400.0), 3);
        assert_eq!(band_label(0), "0-10");
        assert_eq!(band_label(3), "40+");
    }

    #[test]
    fn a_road_counts_only_for_venues_without_their_own_point() {
        let mut data = fixture();
        let routes_map = routes(&data);
        let c = data.villages[2].clone();
        let point = (44.0, 4.0);
        assert_eq!(
            travel_km(&routes_map, 1.3, &c, &data.venues[0], point),
            25.0
        );
        data.venues[0].lat = Some(44.0);
        data.venues[0].lon = Some(4.0);
        let routes_map = routes(&data);
        let km = travel_km(&routes_map, 1.3, &c, &data.venues[0], point);
        assert!((km - 0.3 * 111.195 * 1.3).abs() < 0.1, "{km}");
    }
}
