//! A national-size association, generated for benchmarks and scale checks:
//! every place of the built-in gazetteer (`src/gazetteer`) becomes a
//! village, with (by
//! default) 2,000 venues, 100,000 participants (~30% with a `max_km`), a
//! few known road distances and a history of sessions.
//!
//! The output is a complete data directory that `jelly` loads like any
//! other. It depends only on the seed and the sizes: the same arguments
//! always write the same bytes. The generator uses jelly's own small random
//! number generator (`crate::rng`, SplitMix64) so that no crate's algorithm
//! change can alter the data.
//!
//! The places are the communes of 1,000 inhabitants or more of the built-in
//! gazetteer: names and populations from the French Licence Ouverte data of
//! `@etalab/decoupage-administratif`, coordinates from La Poste (Licence
//! Ouverte) and GeoNames (CC BY 4.0)
//! (see `src/gazetteer/README.md`); the generated `villages.toml` says so.
//!
//! Built only for the crate's own tests and with the `bench-data` feature
//! (the national benchmarks and the `gen_national` example): it is not part
//! of jelly's library surface.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use crate::model::{slug, unique_slug, Status};
use crate::rng::Rng;

/// How big the generated association is.
#[derive(Debug, Clone, PartialEq)]
pub struct NationalSize {
    pub venues: usize,
    pub participants: usize,
    /// The share of participants with a `max_km` (0.0..=1.0).
    pub with_max_km: f64,
    /// Known road distances written to `distances.toml`.
    pub routes: usize,
    /// Sessions written under `events/` (a few of them cancelled).
    pub events: usize,
    /// People invited to each session of the history.
    pub invited_per_event: usize,
}

impl Default for NationalSize {
    fn default() -> Self {
        NationalSize {
            venues: 2_000,
            participants: 100_000,
            with_max_km: 0.3,
            routes: 1_000,
            events: 24,
            invited_per_event: 400,
        }
    }
}

/// What was written, for messages and checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub villages: usize,
    pub venues: usize,
    pub participants: usize,
    pub with_max_km: usize,
    pub routes: usize,
    pub events: usize,
}

/// A place that becomes a village of the generated association.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub name: String,
    /// The department code, empty when unknown.
    pub department: String,
    pub lat: f64,
    pub lon: f64,
    /// Weighs where people live and venues stand.
    pub population: u64,
}

/// Every place of the gazetteer embedded in the binary, in its order (a
/// place without a population weighs as 1,000 inhabitants).
pub fn gazetteer_places() -> Vec<Place> {
    crate::gazetteer::places()
        .iter()
        .map(|place| Place {
            name: place.name.clone(),
            department: place.department.clone().unwrap_or_default(),
            lat: place.lat,
            lon: place.lon,
            population: place.population.map_or(1_000, u64::from),
        })
        .collect()
}

/// A TOML basic string, quoted and escaped.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Picks an index with probability proportional to its weight.
fn weighted(rng: &mut Rng, cumulative: &[u64]) -> usize {
    let total = *cumulative.last().expect("at least one weight");
    let target = (rng.unit() * total as f64) as u64;
    cumulative
        .partition_point(|&c| c <= target)
        .min(cumulative.len() - 1)
}

const FIRST_NAMES: &[&str] = &[
    "Marie",
    "Jean",
    "Camille",
    "Lucas",
    "Léa",
    "Hugo",
    "Chloé",
    "Louis",
    "Manon",
    "Gabriel",
    "Inès",
    "Raphaël",
    "Jade",
    "Arthur",
    "Louise",
    "Jules",
    "Emma",
    "Adam",
    "Zoé",
    "Noé",
    "Anaïs",
    "Théo",
    "Hélène",
    "Joël",
    "Agnès",
    "Françoise",
    "Sébastien",
    "Valérie",
    "Édith",
    "Gaëtan",
];

const PROFESSIONS: &[&str] = &[
    "graphiste",
    "développeuse",
    "traducteur",
    "correctrice",
    "architecte",
    "consultant",
    "photographe",
    "comptable",
    "formatrice",
    "journaliste",
];

/// Writes a national-size data directory into `dir` (created if needed),
/// with every place of the built-in gazetteer a village; see
/// [`write_network`].
pub fn write_national(dir: &Path, seed: u64, size: &NationalSize) -> io::Result<Summary> {
    write_network(dir, &gazetteer_places(), seed, size)
}

/// Writes a data directory into `dir` (created if needed): `jelly.toml`,
/// `villages.toml` (every one of `places`), `venues.toml`,
/// `participants.toml`, `distances.toml` and `events/*.toml`. Deterministic
/// in `places`, `seed` and `size`.
pub fn write_network(
    dir: &Path,
    places: &[Place],
    seed: u64,
    size: &NationalSize,
) -> io::Result<Summary> {
    if places.is_empty() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "no places"));
    }
    let mut rng = Rng::new(seed);
    std::fs::create_dir_all(dir.join("events"))?;

    // Villages: every place, ids unique.
    let mut taken = std::collections::HashSet::new();
    let mut village_ids = Vec::with_capacity(places.len());
    let mut text = String::from(
        "# Every commune of 1,000 inhabitants or more of jelly's gazetteer. Names, population:\n\
         # @etalab/decoupage-administratif (Licence Ouverte); coordinates: La Poste (Licence\n\
         # Ouverte) and GeoNames (CC BY 4.0).\n",
    );
    for place in places {
        let id = unique_slug(&place.name, |s| taken.contains(s));
        taken.insert(id.clone());
        let _ = write!(
            text,
            "\n[[village]]\nid = \"{id}\"\nname = {}\nlat = {}\nlon = {}\n",
            quoted(&place.name),
            place.lat,
            place.lon
        );
        if !place.department.is_empty() {
            let _ = writeln!(text, "department = {}", quoted(&place.department));
        }
        village_ids.push(id);
    }
    std::fs::write(dir.join("villages.toml"), text)?;

    // People live (and venues stand) where people are: weights by population.
    let mut cumulative = Vec::with_capacity(places.len());
    let mut sum = 0u64;
    for place in places {
        sum += place.population.max(1);
        cumulative.push(sum);
    }

    // Venues.
    struct GenVenue {
        id: String,
        village: usize,
    }
    let mut venues = Vec::with_capacity(size.venues);
    let mut text = String::from("# Generated venues.\n");
    for n in 1..=size.venues {
        let village = weighted(&mut rng, &cumulative);
        let stem: String = slug(&places[village].name).chars().take(40).collect();
        let id = format!("v{n:04}-{}", stem.trim_end_matches('-'));
        let _ = write!(
            text,
            "\n[[venue]]\nid = \"{id}\"\nname = {}\nvillage = \"{}\"\n",
            quoted(&format!("Tiers-lieu n° {n} de {}", places[village].name)),
            village_ids[village]
        );
        if rng.chance(0.4) {
            // Its own point, a few hundred metres from the village's.
            let lat = places[village].lat + (rng.unit() - 0.5) * 0.02;
            let lon = places[village].lon + (rng.unit() - 0.5) * 0.02;
            let _ = write!(text, "lat = {lat:.5}\nlon = {lon:.5}\n");
        }
        if rng.chance(0.75) {
            let _ = writeln!(text, "capacity = {}", 10 + rng.below(111));
        }
        if rng.chance(0.5) {
            text.push_str("amenities = [\"wifi\", \"projector\"]\n");
        }
        if rng.chance(0.05) {
            text.push_str("active = false\n");
        }
        venues.push(GenVenue { id, village });
    }
    std::fs::write(dir.join("venues.toml"), text)?;

    // Participants.
    let mut text = String::with_capacity(size.participants * 130);
    text.push_str("# Generated participants.\n");
    let mut with_max_km = 0;
    let mut active_ids = Vec::with_capacity(size.participants);
    for n in 1..=size.participants {
        let village = weighted(&mut rng, &cumulative);
        let first = FIRST_NAMES[rng.below(FIRST_NAMES.len())];
        let initial = (b'A' + rng.below(26) as u8) as char;
        let _ = write!(
            text,
            "\n[[participant]]\nid = \"p{n:06}\"\nname = \"{first} {initial}.\"\nemail = \"p{n:06}@example.org\"\nvillage = \"{}\"\n",
            village_ids[village]
        );
        if rng.chance(size.with_max_km) {
            with_max_km += 1;
            let _ = writeln!(text, "max_km = {}", 5 * (2 + rng.below(23)));
        }
        if rng.chance(0.3) {
            let _ = writeln!(
                text,
                "profession = \"{}\"",
                PROFESSIONS[rng.below(PROFESSIONS.len())]
            );
        }
        if rng.chance(0.03) {
            text.push_str("active = false\n");
        } else {
            active_ids.push(n);
        }
    }
    std::fs::write(dir.join("participants.toml"), text)?;

    // Known road distances: from a venue's village to another village,
    // somewhat longer than the crow flies.
    let mut text = String::from("# Generated road distances.\n");
    let mut routes = 0;
    if !venues.is_empty() {
        for _ in 0..size.routes {
            let venue = &venues[rng.below(venues.len())];
            let other = weighted(&mut rng, &cumulative);
            if other == venue.village {
                continue;
            }
            let (a, b) = (&places[venue.village], &places[other]);
            let crow = crate::rotation::haversine_km(a.lat, a.lon, b.lat, b.lon);
            let km = (crow * (1.1 + 0.5 * rng.unit()) * 10.0).round() / 10.0;
            let (from, to) = if rng.chance(0.5) {
                (venue.village, other)
            } else {
                (other, venue.village)
            };
            let _ = write!(
                text,
                "\n[[route]]\nfrom = \"{}\"\nto = \"{}\"\nkm = {km:.1}\n",
                village_ids[from], village_ids[to]
            );
            routes += 1;
        }
    }
    std::fs::write(dir.join("distances.toml"), text)?;

    // History: sessions every six weeks from 2023, some cancelled.
    let mut events = 0;
    if !venues.is_empty() && !active_ids.is_empty() {
        let mut day = chrono::NaiveDate::from_ymd_opt(2023, 1, 12).expect("a valid date");
        let mut used = std::collections::HashSet::new();
        for k in 0..size.events {
            let venue = &venues[rng.below(venues.len())];
            let stem: String = slug(&places[venue.village].name).chars().take(40).collect();
            let base = format!("{}-{}", day.format("%Y-%m-%d"), stem.trim_end_matches('-'));
            let id = unique_slug(&base, |s| used.contains(s));
            used.insert(id.clone());
            let cancelled = k % 7 == 3;
            let count = size.invited_per_event.min(active_ids.len());
            let mut invited = Vec::with_capacity(count);
            let mut seen = std::collections::HashSet::new();
            while invited.len() < count {
                let n = active_ids[rng.below(active_ids.len())];
                if seen.insert(n) {
                    invited.push(n);
                }
            }
            let list = |ids: &[usize]| {
                ids.iter()
                    .map(|n| format!("\"p{n:06}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut text = format!(
                "date = {}T18:30:00\nvenue = \"{}\"\nstatus = \"{}\"\ninvited = [{}]\n",
                day.format("%Y-%m-%d"),
                venue.id,
                if cancelled {
                    Status::Cancelled
                } else {
                    Status::Held
                }
                .as_str(),
                list(&invited)
            );
            if cancelled {
                text.push_str("cancel_reason = \"salle indisponible\"\n");
            } else {
                let attended: Vec<usize> = invited
                    .iter()
                    .copied()
                    .filter(|_| rng.chance(0.4))
                    .collect();
                let _ = writeln!(text, "attended = [{}]", list(&attended));
            }
            std::fs::write(dir.join("events").join(format!("{id}.toml")), text)?;
            events += 1;
            day += chrono::Duration::weeks(6);
        }
    }

    std::fs::write(
        dir.join("jelly.toml"),
        "# A generated national network (see src/bench_data.rs).\n\n\
         [association]\nname = \"Jelly France\"\ntimezone = \"Europe/Paris\"\nlanguage = \"fr\"\n\n\
         [rotation]\nobjective = \"total\"\ncooldown = 2\ndetour_factor = 1.3\n\n\
         [mail]\nfrom = \"Jelly France <contact@example.org>\"\ntransport = \"file\"\n",
    )?;

    Ok(Summary {
        villages: places.len(),
        venues: venues.len(),
        participants: size.participants,
        with_max_km,
        routes,
        events,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_generated_network_loads_and_is_deterministic() {
        let place = |name: &str, department: &str, lat, lon, population| Place {
            name: name.to_string(),
            department: department.to_string(),
            lat,
            lon,
            population,
        };
        let places = [
            place("Anduze", "30", 44.055, 3.98495, 3400),
            place("Alès", "30", 44.12489, 4.08082, 42000),
            place("Alès", "07", 44.5, 4.3, 1000),
            place("Mende", "48", 44.51667, 3.5, 12000),
        ];
        let size = NationalSize {
            venues: 20,
            participants: 300,
            with_max_km: 0.3,
            routes: 10,
            events: 8,
            invited_per_event: 50,
        };
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let summary = write_network(a.path(), &places, 7, &size).unwrap();
        write_network(b.path(), &places, 7, &size).unwrap();
        assert_eq!(summary.villages, 4);
        assert_eq!(summary.venues, 20);
        for name in ["villages.toml", "venues.toml", "participants.toml"] {
            assert_eq!(
                std::fs::read(a.path().join(name)).unwrap(),
                std::fs::read(b.path().join(name)).unwrap(),
                "{name} differs between two runs with the same seed"
            );
        }
        let data = crate::store::load(&crate::store::DataDir::new(a.path()), crate::i18n::Lang::En)
            .unwrap_or_else(|e| panic!("the generated directory is invalid:\n{e}"));
        assert_eq!(data.villages.len(), 4);
        assert_eq!(data.villages[2].id, "ales-2");
        assert_eq!(data.participants.len(), 300);
        let limited = data
            .participants
            .iter()
            .filter(|p| p.max_km.is_some())
            .count();
        assert_eq!(limited, summary.with_max_km);
        assert!((50..=130).contains(&limited), "{limited}");
        assert_eq!(data.events.len(), 8);
        // The fast path reads the generated file, and reads it as TOML does.
        let text = std::fs::read_to_string(a.path().join("participants.toml")).unwrap();
        let fast = crate::store::fast_participants::parse(&text).expect("the plain shape");
        let toml: crate::store::load::RawParticipants = toml::from_str(&text).unwrap();
        assert_eq!(format!("{fast:?}"), format!("{:?}", toml.participant));
        assert!(data
            .events
            .iter()
            .any(|e| e.status == crate::model::Status::Cancelled));
    }
}
