//! d(p, v) of `docs/rotation.md` for one traveller and one venue,
//! for the commands that need a few distances (emails, statistics). The
//! ranking of every venue uses the batched kernel in [`super::Network`],
//! which follows the same rule; tests check they agree.

use std::collections::HashMap;

use crate::model::{Dataset, Participant, Venue, Village};

use super::haversine_km;

/// Road distances by (village, village), both directions.
pub type Routes<'a> = HashMap<(&'a str, &'a str), f64>;

/// The known routes of `data`, usable in both directions (the first route
/// given for a pair wins, as in the rotation engine).
pub fn routes(data: &Dataset) -> Routes<'_> {
    let mut routes = HashMap::new();
    for r in &data.routes {
        routes
            .entry((r.from.as_str(), r.to.as_str()))
            .or_insert(r.km);
        routes
            .entry((r.to.as_str(), r.from.as_str()))
            .or_insert(r.km);
    }
    routes
}

/// d(p, v) of rotation.md for someone living in `village` travelling to
/// `venue`, whose point (its own, else its village's) is `venue_point`: the
/// known road distance between the two villages if the venue has no
/// coordinates of its own, else the great-circle distance to the venue's
/// point times `detour_factor`.
pub fn travel_km(
    routes: &Routes,
    detour_factor: f64,
    village: &Village,
    venue: &Venue,
    venue_point: (f64, f64),
) -> f64 {
    let own_point = venue.lat.is_some() && venue.lon.is_some();
    if !own_point {
        if let Some(&km) = routes.get(&(village.id.as_str(), venue.village.as_str())) {
            return km;
        }
    }
    let (lat, lon) = venue_point;
    haversine_km(village.lat, village.lon, lat, lon) * detour_factor
}

/// d(p, v) for `participant` and `venue` in `data` (`None` only if a
/// reference is missing, which a validated dataset rules out).
pub fn participant_km(data: &Dataset, participant: &Participant, venue: &Venue) -> Option<f64> {
    let home = data.village(&participant.village)?;
    let point = data.venue_point(venue)?;
    let own_point = venue.lat.is_some() && venue.lon.is_some();
    if !own_point {
        if let Some(route) = data.route(&participant.village, &venue.village) {
            return Some(route.km);
        }
    }
    Some(haversine_km(home.lat, home.lon, point.0, point.1) * data.config.rotation.detour_factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pair functions and the batched kernel of `rank` agree on the
    /// demo association (routes, venues with and without their own point).
    #[test]
    fn one_pair_distances_add_up_to_the_ranking_figures() {
        let dir = crate::store::DataDir::new(env!("CARGO_MANIFEST_DIR"));
        let data = crate::store::load(&dir, crate::i18n::Lang::En).unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let ranking = super::super::rank(&data, date, crate::model::Objective::Total);
        let index = routes(&data);
        for candidate in &ranking.candidates {
            let venue = data.venue(&candidate.venue).unwrap();
            let point = data.venue_point(venue).unwrap();
            let (mut by_participant, mut by_village) = (0.0, 0.0);
            for p in data.participants.iter().filter(|p| p.active) {
                by_participant += participant_km(&data, p, venue).unwrap();
                let village = data.village(&p.village).unwrap();
                by_village += travel_km(
                    &index,
                    data.config.rotation.detour_factor,
                    village,
                    venue,
                    point,
                );
            }
            assert!(
                (by_participant - candidate.total_km).abs() < 1e-6,
                "{}",
                candidate.venue
            );
            assert!(
                (by_village - candidate.total_km).abs() < 1e-6,
                "{}",
                candidate.venue
            );
        }
    }
}
