//! A built-in gazetteer of French places, so that a village can be added by
//! its name alone. The data is `fr-places.csv.gz` beside this file
//! (GeoNames, CC BY 4.0; INSEE codes, postcodes and populations from
//! Etalab, Licence Ouverte — see `src/gazetteer/README.md`), embedded in
//! the binary.
//!
//! Names are compared on a key that ignores case, accents, hyphens, spaces
//! and apostrophes, with "St"/"Ste" read as "Saint"/"Sainte":
//! "st jean du gard" finds "Saint-Jean-du-Gard".

use std::io::Read;
use std::sync::OnceLock;

use serde::Serialize;

const COMPRESSED: &[u8] = include_bytes!("fr-places.csv.gz");

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub insee: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    pub lat: f64,
    pub lon: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population: Option<u32>,
    /// The comparison key of the name (see [`key`]).
    #[serde(skip)]
    key: String,
}

/// Every place, in the order of the file.
pub(crate) fn places() -> &'static [Place] {
    static PLACES: OnceLock<Vec<Place>> = OnceLock::new();
    PLACES.get_or_init(|| {
        let mut text = String::new();
        flate2::read::GzDecoder::new(COMPRESSED)
            .read_to_string(&mut text)
            .expect("the embedded gazetteer is valid gzip and UTF-8");
        parse(&text)
    })
}

/// Parses the CSV (`name,insee,postcode,department,lat,lon,population`; no
/// field holds a comma or a quote). Lines that do not parse are skipped.
pub(crate) fn parse(text: &str) -> Vec<Place> {
    let optional = |s: &str| (!s.is_empty()).then(|| s.to_string());
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.trim_end_matches('\r').split(',').collect();
            let [name, insee, postcode, department, lat, lon, population] = fields[..] else {
                return None;
            };
            Some(Place {
                name: name.to_string(),
                insee: optional(insee),
                postcode: optional(postcode),
                department: optional(department),
                lat: lat.parse().ok()?,
                lon: lon.parse().ok()?,
                population: population.parse().ok(),
                key: key(name),
            })
        })
        .collect()
}

/// The comparison key of a name: ASCII lower-case letters and digits only,
/// with the words "st"/"ste" (also "st.") spelled "saint"/"sainte".
pub(crate) fn key(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_ascii_lowercase();
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "st" => "saint",
            "ste" => "sainte",
            other => other,
        })
        .collect()
}

/// How well a place matched a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Match {
    Exact,
    Prefix,
    Contains,
}

/// The places whose name is `query` (accents, hyphens, case and St/Ste
/// abbreviations aside), optionally in `department`; the most populous first.
pub(crate) fn lookup<'a>(query: &str, department: Option<&str>) -> Vec<&'a Place> {
    search(query, department)
        .into_iter()
        .filter(|(_, how)| *how == Match::Exact)
        .map(|(place, _)| place)
        .collect()
}

/// Places whose name is, starts with, or contains `query`, in that order,
/// the most populous first within each.
pub(crate) fn search<'a>(query: &str, department: Option<&str>) -> Vec<(&'a Place, Match)> {
    let wanted = key(query);
    if wanted.is_empty() {
        return Vec::new();
    }
    let department = department.map(normalise_department);
    let mut found: Vec<(&Place, Match)> = places()
        .iter()
        .filter(|p| {
            department.as_deref().is_none_or(|d| {
                p.department.as_deref().map(normalise_department).as_deref() == Some(d)
            })
        })
        .filter_map(|p| {
            let how = if p.key == wanted {
                Match::Exact
            } else if p.key.starts_with(&wanted) {
                Match::Prefix
            } else if p.key.contains(&wanted) {
                Match::Contains
            } else {
                return None;
            };
            Some((p, how))
        })
        .collect();
    found.sort_by(|(a, ha), (b, hb)| {
        ha.cmp(hb)
            .then_with(|| b.population.unwrap_or(0).cmp(&a.population.unwrap_or(0)))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.department.cmp(&b.department))
    });
    found
}

/// "7" and "07" are the same department; "2a" is "2A".
fn normalise_department(code: &str) -> String {
    let code = code.trim().to_ascii_uppercase();
    if code.len() == 1 && code.chars().all(|c| c.is_ascii_digit()) {
        format!("0{code}")
    } else {
        code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_has_every_place() {
        assert_eq!(places().len(), 8941);
        let sjdg = &lookup("Saint-Jean-du-Gard", None)[0];
        assert_eq!(sjdg.department.as_deref(), Some("30"));
        assert_eq!(sjdg.postcode.as_deref(), Some("30270"));
        assert!((sjdg.lat - 44.10505).abs() < 1e-9 && (sjdg.lon - 3.88584).abs() < 1e-9);
    }

    #[test]
    fn accents_hyphens_case_and_abbreviations_are_optional() {
        for query in [
            "st jean du gard",
            "ST-JEAN-DU-GARD",
            "Saint Jean du Gard",
            "saintjeandugard",
        ] {
            let found = lookup(query, None);
            assert_eq!(found.len(), 1, "{query}");
            assert_eq!(found[0].name, "Saint-Jean-du-Gard");
        }
        assert_eq!(lookup("ales", None)[0].name, "Alès");
        assert_eq!(key("Sainte-Cécile-d'Andorge"), key("ste cecile d andorge"));
        assert_eq!(key("St. Jean-Pla-de-Corts"), "saintjeanpladecorts");
    }

    #[test]
    fn several_places_share_a_name_and_the_department_separates_them() {
        let all = lookup("saint sauveur", None);
        assert!(all.len() >= 5, "{}", all.len());
        let departments: Vec<_> = all.iter().filter_map(|p| p.department.clone()).collect();
        let one = lookup("saint sauveur", Some(&departments[0]));
        assert!(one
            .iter()
            .all(|p| p.department == Some(departments[0].clone())));
        assert!(one.len() < all.len());
        // Leading zero optional.
        assert_eq!(lookup("privas", Some("7")).len(), 1);
    }

    #[test]
    fn search_ranks_exact_then_prefix_then_contained() {
        let found = search("anduze", None);
        assert_eq!(found[0].1, Match::Exact);
        let found = search("saint jean du", None);
        assert!(found.iter().all(|(_, how)| *how != Match::Exact));
        assert!(found.iter().any(|(p, _)| p.name == "Saint-Jean-du-Gard"));
        let positions: Vec<Match> = search("gard", None).iter().map(|(_, m)| *m).collect();
        let mut sorted = positions.clone();
        sorted.sort();
        assert_eq!(positions, sorted);
        assert!(search("", None).is_empty());
        assert!(search("zzzzqqq", None).is_empty());
    }
}
