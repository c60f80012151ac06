//! A built-in gazetteer of every French commune (34,969, overseas included),
//! so that a village can be added by its name or postcode alone, and a
//! member's village found from the postcode and town of a membership
//! export. The data (`fr-communes.csv.gz`, see `src/gazetteer/README.md`
//! for its sources and licences: Etalab's Licence Ouverte, La Poste's base
//! of postal codes, GeoNames CC BY 4.0) is gzipped into the binary and
//! indexed once, on first use.
//!
//! Names are compared on a key that ignores case, accents, hyphens, spaces
//! and apostrophes, reads "St"/"Ste" as "Saint"/"Sainte", and drops a
//! leading article (`Le`, `La`, `Les`, `L'`) or La Poste's trailing one
//! (`ABERGEMENT-DE-VAREY (L )`): "st jean du gard" finds
//! "Saint-Jean-du-Gard", "Abergement de Varey" finds "L'Abergement-de-Varey".

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use serde::Serialize;

const COMPRESSED: &[u8] = include_bytes!("fr-communes.csv.gz");

/// Where the embedded data comes from, as the docs say it.
macro_rules! attribution {
    () => {
        "Built-in French communes:\n\
         - communes, departments, population: @etalab/decoupage-administratif 6.0.0, Licence Ouverte (Etalab);\n\
         - postal codes and routing names: codes-postaux 4.1.2 (INSEE COG and DGFiP data, Licence Ouverte);\n\
         - coordinates: La Poste's base officielle des codes postaux (data.gouv.fr, Licence Ouverte), 2021,\n  \
           as redistributed by DevLab-umontp/Librairie-Java-Villes-de-France (MPL-2.0),\n  \
           and the GeoNames gazetteer (CC BY 4.0) for the few communes it lacks."
    };
}

/// `jelly --version` (long form): the version, then the data's attribution.
pub(crate) const LONG_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\n\n", attribution!());

/// One commune.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Commune {
    pub name: String,
    /// INSEE code, the key (`2A`/`2B` for Corsica).
    pub insee: String,
    pub department: String,
    /// Its first postal code (see `postcodes` for all of them); empty for
    /// the few communes the postal data lacks.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub postcode: String,
    #[serde(skip_serializing_if = "single")]
    pub postcodes: Vec<String>,
    /// WGS84 degrees; absent for 105 communes, mostly overseas.
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub population: Option<u32>,
    /// The comparison key of the name (see [`key`]).
    #[serde(skip)]
    key: String,
    /// The key with its article, to prefer "Le Vigan" over "Vigan".
    #[serde(skip)]
    full_key: String,
}

fn single(postcodes: &[String]) -> bool {
    postcodes.len() <= 1
}

impl Commune {
    /// The comparison key of its name (see [`key`]).
    pub(crate) fn name_key(&self) -> &str {
        &self.key
    }

    /// Its point, when the data has one.
    pub(crate) fn point(&self) -> Option<(f64, f64)> {
        self.lat.zip(self.lon)
    }
}

/// A place with coordinates, the shape the benchmark generator and the
/// national test set read (see [`places`]).
#[cfg(any(test, feature = "bench-data"))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Place {
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
}

struct Index {
    communes: Vec<Commune>,
    /// Name key (official name and La Poste's routing names) → communes.
    by_key: HashMap<String, Vec<u32>>,
    /// Postal code → (commune, key of its routing name for that code).
    by_postcode: HashMap<String, Vec<(u32, String)>>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut text = String::new();
        flate2::read::GzDecoder::new(COMPRESSED)
            .read_to_string(&mut text)
            .expect("the embedded gazetteer is valid gzip and UTF-8");
        build(&text)
    })
}

/// The communes divided into municipal arrondissements, with their
/// arrondissements' postcodes (75116: the second code of the 16th).
const ARRONDISSEMENTS: &[(&str, &str, std::ops::RangeInclusive<u32>)] = &[
    ("75056", "Paris", 75001..=75020),
    ("75056", "Paris", 75116..=75116),
    ("69123", "Lyon", 69001..=69009),
    ("13055", "Marseille", 13001..=13016),
];

/// Reads the CSV (`insee,name,department,postcode,acheminement,lat,lon,population`,
/// one row per commune and postal code; no field holds a comma or a quote)
/// and indexes it. Lines that do not parse are skipped.
fn build(text: &str) -> Index {
    let mut communes: Vec<Commune> = Vec::with_capacity(35_000);
    let mut by_insee: HashMap<String, u32> = HashMap::with_capacity(35_000);
    let mut by_key: HashMap<String, Vec<u32>> = HashMap::with_capacity(36_000);
    let mut by_postcode: HashMap<String, Vec<(u32, String)>> = HashMap::with_capacity(7_000);
    let add_key = |key: String, i: u32, by_key: &mut HashMap<String, Vec<u32>>| {
        let list = by_key.entry(key).or_default();
        if !list.contains(&i) {
            list.push(i);
        }
    };
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.trim_end_matches('\r').split(',').collect();
        let [insee, name, department, postcode, routing, lat, lon, population] = fields[..] else {
            continue;
        };
        let i = match by_insee.get(insee) {
            Some(&i) => {
                let commune = &mut communes[i as usize];
                if !postcode.is_empty() && !commune.postcodes.iter().any(|p| p == postcode) {
                    commune.postcodes.push(postcode.to_string());
                }
                i
            }
            None => {
                let i = communes.len() as u32;
                let (lat, lon) = match (lat.parse::<f64>(), lon.parse::<f64>()) {
                    (Ok(lat), Ok(lon)) => (Some(lat), Some(lon)),
                    _ => (None, None),
                };
                let commune = Commune {
                    name: name.to_string(),
                    insee: insee.to_string(),
                    department: department.to_string(),
                    postcode: postcode.to_string(),
                    postcodes: [postcode]
                        .into_iter()
                        .filter(|p| !p.is_empty())
                        .map(str::to_string)
                        .collect(),
                    lat,
                    lon,
                    population: population.parse().ok(),
                    key: key(name),
                    full_key: full_key(name),
                };
                add_key(commune.key.clone(), i, &mut by_key);
                communes.push(commune);
                by_insee.insert(insee.to_string(), i);
                i
            }
        };
        if postcode.is_empty() {
            continue;
        }
        let routing_key = key(routing);
        add_key(routing_key.clone(), i, &mut by_key);
        let served = by_postcode.entry(postcode.to_string()).or_default();
        if !served.iter().any(|(c, k)| *c == i && *k == routing_key) {
            served.push((i, routing_key));
        }
    }
    // Paris, Lyon and Marseille are one commune each in the INSEE list (no
    // postcode there): their arrondissements' postcodes (75011, 69003,
    // 13008…) belong to the commune.
    for (insee, town, codes) in ARRONDISSEMENTS {
        let Some(&i) = by_insee.get(*insee) else {
            continue;
        };
        let routing_key = key(town);
        for code in codes.clone() {
            let postcode = code.to_string();
            let commune = &mut communes[i as usize];
            if commune.postcode.is_empty() {
                commune.postcode = postcode.clone();
            }
            if !commune.postcodes.contains(&postcode) {
                commune.postcodes.push(postcode.clone());
            }
            // As people write it: "Paris", "Paris 11e", "LYON 3EME", "Marseille 8".
            let n = code % 100;
            let suffixes = [
                String::new(),
                format!(" {n}"),
                format!(" {n}e"),
                format!(" {n}eme"),
                format!(" {n}er"),
                format!(" {n:02}"),
            ];
            for suffix in suffixes {
                let written = key(&format!("{town}{suffix}"));
                let served = by_postcode.entry(postcode.clone()).or_default();
                if !served.iter().any(|(c, k)| *c == i && *k == written) {
                    served.push((i, written.clone()));
                }
                add_key(written, i, &mut by_key);
            }
        }
        add_key(routing_key, i, &mut by_key);
    }
    Index {
        communes,
        by_key,
        by_postcode,
    }
}

/// Every commune, in INSEE order.
pub(crate) fn communes() -> &'static [Commune] {
    &index().communes
}

#[cfg(any(test, feature = "bench-data"))]
/// The communes with coordinates and at least `min_population` inhabitants,
/// as [`Place`]s, in INSEE order.
pub(crate) fn places_over(min_population: u32) -> Vec<Place> {
    communes()
        .iter()
        .filter(|c| c.population.unwrap_or(0) >= min_population)
        .filter_map(|c| {
            let (lat, lon) = c.point()?;
            Some(Place {
                name: c.name.clone(),
                insee: Some(c.insee.clone()),
                postcode: Some(c.postcode.clone()),
                department: Some(c.department.clone()),
                lat,
                lon,
                population: c.population,
            })
        })
        .collect()
}

#[cfg(any(test, feature = "bench-data"))]
/// The places of 1,000 inhabitants or more (10,027 communes): a national
/// set of the size the benchmarks and the national tests were designed
/// around (the former gazetteer held 8,941 places of about that size).
pub(crate) fn places() -> &'static [Place] {
    static PLACES: OnceLock<Vec<Place>> = OnceLock::new();
    PLACES.get_or_init(|| places_over(1_000))
}

const ARTICLES: &[&str] = &["l", "la", "le", "les"];

/// The words of a name: ASCII lower-case letters and digits, "st"/"ste"
/// (also "st.") spelled "saint"/"sainte", La Poste's trailing article
/// "(L )", "(LA)", "(LES)" moved to the front.
fn words(name: &str) -> Vec<String> {
    let ascii = deunicode::deunicode(name).to_ascii_lowercase();
    let mut text = ascii.trim().to_string();
    let mut article = None;
    if let Some(open) = text.rfind('(') {
        let inside = text[open + 1..].trim_end_matches(')').trim();
        if ARTICLES.contains(&inside) {
            article = Some(inside.to_string());
            text.truncate(open);
        }
    }
    let mut words: Vec<String> = article.into_iter().collect();
    words.extend(
        text.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| match w {
                "st" => "saint".to_string(),
                "ste" => "sainte".to_string(),
                other => other.to_string(),
            }),
    );
    words
}

/// The comparison key of a name: its [`words`] without a leading article,
/// run together: "L'Isle-Arné", "L ISLE ARNE" and "isle arne" are
/// `islearne`.
pub(crate) fn key(name: &str) -> String {
    let words = words(name);
    let skip = usize::from(words.len() > 1 && ARTICLES.contains(&words[0].as_str()));
    words[skip..].concat()
}

/// The key with its article ("le vigan" → `levigan`).
fn full_key(name: &str) -> String {
    words(name).concat()
}

/// How well a commune matched a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Match {
    Exact,
    Prefix,
    Contains,
}

/// "7" and "07" are the same department; "2a" is "2A".
pub(crate) fn normalise_department(code: &str) -> String {
    let code = code.trim().to_ascii_uppercase();
    if code.len() == 1 && code.chars().all(|c| c.is_ascii_digit()) {
        format!("0{code}")
    } else {
        code
    }
}

/// A postal code as people and spreadsheets write it: spaces dropped, and
/// the leading zero that spreadsheets strip from 01000–09999 put back.
pub(crate) fn normalise_postcode(text: &str) -> String {
    let code: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()) {
        format!("0{code}")
    } else {
        code
    }
}

fn by_population(a: &Commune, b: &Commune) -> std::cmp::Ordering {
    b.population
        .unwrap_or(0)
        .cmp(&a.population.unwrap_or(0))
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| a.insee.cmp(&b.insee))
}

/// The communes called `query` (accents, hyphens, case, articles and
/// St/Ste abbreviations aside), optionally in `department`; the most
/// populous first. When the query has an article, the communes whose name
/// has the same one are preferred ("Le Vigan" does not find "Vigan").
pub(crate) fn lookup(query: &str, department: Option<&str>) -> Vec<&'static Commune> {
    let index = index();
    let department = department.map(normalise_department);
    let mut found: Vec<&Commune> = index
        .by_key
        .get(&key(query))
        .into_iter()
        .flatten()
        .map(|&i| &index.communes[i as usize])
        .filter(|c| department.as_deref().is_none_or(|d| c.department == d))
        .collect();
    let wanted = full_key(query);
    if found.len() > 1 && found.iter().any(|c| c.full_key == wanted) {
        found.retain(|c| c.full_key == wanted);
    }
    found.sort_by(|a, b| by_population(a, b));
    found
}

/// The communes a postal code serves, the most populous first.
pub(crate) fn by_postcode(postcode: &str) -> Vec<&'static Commune> {
    let index = index();
    let mut found: Vec<&Commune> = Vec::new();
    for (i, _) in index
        .by_postcode
        .get(&normalise_postcode(postcode))
        .into_iter()
        .flatten()
    {
        let commune = &index.communes[*i as usize];
        if !found.iter().any(|c| c.insee == commune.insee) {
            found.push(commune);
        }
    }
    found.sort_by(|a, b| by_population(a, b));
    found
}

/// Communes whose name is, starts with, or contains `query`, in that order,
/// the most populous first within each.
pub(crate) fn search(query: &str, department: Option<&str>) -> Vec<(&'static Commune, Match)> {
    let wanted = key(query);
    if wanted.is_empty() {
        return Vec::new();
    }
    let department = department.map(normalise_department);
    let mut found: Vec<(&Commune, Match)> = communes()
        .iter()
        .filter(|c| department.as_deref().is_none_or(|d| c.department == d))
        .filter_map(|c| {
            let how = if c.key == wanted {
                Match::Exact
            } else if c.key.starts_with(&wanted) {
                Match::Prefix
            } else if c.key.contains(&wanted) {
                Match::Contains
            } else {
                return None;
            };
            Some((c, how))
        })
        .collect();
    found.sort_by(|(a, ha), (b, hb)| ha.cmp(hb).then_with(|| by_population(a, b)));
    found
}

/// What a postcode and a town name say about a commune.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Resolution {
    /// One commune, for sure.
    Found(&'static Commune),
    /// Neither a postcode nor a town.
    Nothing,
    /// No commune has this postal code.
    UnknownPostcode(String),
    /// The postcode is known but none of its communes has this name; its
    /// communes are given.
    UnknownTownForPostcode(Vec<&'static Commune>),
    /// No postcode, and no commune has this name.
    UnknownTown,
    /// Several communes fit (a shared name without postcode, or a postcode
    /// serving several communes and no town).
    Ambiguous(Vec<&'static Commune>),
}

/// The commune of a postal address, offline: the postcode's communes, then
/// the town's name among them (official name or La Poste's routing name);
/// without a postcode, the town's name among every commune. Never guesses:
/// anything less than one certain commune says why.
pub(crate) fn resolve(postcode: Option<&str>, town: Option<&str>) -> Resolution {
    let postcode = postcode.map(normalise_postcode).filter(|p| !p.is_empty());
    let town = town.map(str::trim).filter(|t| !key(t).is_empty());
    match (postcode, town) {
        (None, None) => Resolution::Nothing,
        (Some(postcode), town) => {
            let index = index();
            let Some(served) = index.by_postcode.get(&postcode) else {
                return Resolution::UnknownPostcode(postcode);
            };
            let Some(town) = town else {
                let candidates = by_postcode(&postcode);
                return match candidates[..] {
                    [one] => Resolution::Found(one),
                    _ => Resolution::Ambiguous(candidates),
                };
            };
            let words = words(town);
            let wanted_full = words.concat();
            let skip = usize::from(words.len() > 1 && ARTICLES.contains(&words[0].as_str()));
            let wanted = words[skip..].concat();
            let mut matching: Vec<&Commune> = Vec::new();
            for (i, routing_key) in served {
                let commune = &index.communes[*i as usize];
                if (commune.key == wanted || *routing_key == wanted)
                    && !matching.iter().any(|c| c.insee == commune.insee)
                {
                    matching.push(commune);
                }
            }
            if matching.len() > 1 && matching.iter().any(|c| c.full_key == wanted_full) {
                matching.retain(|c| c.full_key == wanted_full);
            }
            match matching[..] {
                [one] => Resolution::Found(one),
                [] => Resolution::UnknownTownForPostcode(by_postcode(&postcode)),
                _ => Resolution::Ambiguous(matching),
            }
        }
        (None, Some(town)) => {
            let found = lookup(town, None);
            match found[..] {
                [one] => Resolution::Found(one),
                [] => Resolution::UnknownTown,
                _ => Resolution::Ambiguous(found),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_has_every_commune() {
        assert_eq!(communes().len(), 34_969);
        let without_point = communes().iter().filter(|c| c.point().is_none()).count();
        assert_eq!(without_point, 105);
        let sjdg = lookup("Saint-Jean-du-Gard", None)[0];
        assert_eq!(sjdg.department, "30");
        assert_eq!(sjdg.postcode, "30270");
        assert_eq!(sjdg.insee, "30269");
        let ansan = lookup("Ansan", None);
        assert_eq!(ansan.len(), 1);
        assert_eq!(ansan[0].population, Some(75));
        assert_eq!(ansan[0].point(), Some((43.68705, 0.78141)));
    }

    #[test]
    fn accents_hyphens_case_abbreviations_and_articles_are_optional() {
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
        for query in [
            "L'Abergement-de-Varey",
            "ABERGEMENT-DE-VAREY (L )",
            "abergement de varey",
            "L Abergement de Varey",
        ] {
            let found = lookup(query, None);
            assert_eq!(found.len(), 1, "{query}");
            assert_eq!(found[0].name, "L'Abergement-de-Varey", "{query}");
        }
        assert_eq!(key("ROCHETTE(LA)"), key("La Rochette"));
        assert_eq!(key("Les Salles-du-Gardon"), "sallesdugardon");
    }

    #[test]
    fn an_article_in_the_query_prefers_the_same_article() {
        // La Poste routes Le Vigan-en-Quercy (46) as "LE VIGAN" too.
        let vigan = lookup("Le Vigan", None);
        assert_eq!(vigan.len(), 1);
        assert_eq!(vigan[0].department, "30");
        let names: Vec<&str> = lookup("vigan", None)
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["Le Vigan", "Le Vigan-en-Quercy"]);
        assert_eq!(lookup("le vigan", Some("46"))[0].name, "Le Vigan-en-Quercy");
    }

    #[test]
    fn several_communes_share_a_name_and_the_department_separates_them() {
        let all = lookup("saint sauveur", None);
        assert!(all.len() >= 5, "{}", all.len());
        let one = lookup("saint sauveur", Some(&all[0].department));
        assert!(one.iter().all(|c| c.department == all[0].department));
        assert!(one.len() < all.len());
        // Leading zero optional.
        assert_eq!(lookup("privas", Some("7")).len(), 1);
    }

    #[test]
    fn postcodes_find_their_communes() {
        let served = by_postcode("32270");
        assert_eq!(served.len(), 9);
        assert_eq!(served[0].name, "Aubiet", "most populous first");
        assert!(served.iter().any(|c| c.name == "Ansan"));
        assert_eq!(by_postcode("1400").len(), by_postcode("01400").len());
        assert!(by_postcode("99999").is_empty());
    }

    #[test]
    fn resolve_uses_the_postcode_then_the_town_and_never_guesses() {
        let found = |pc: Option<&str>, town: Option<&str>| match resolve(pc, town) {
            Resolution::Found(c) => c.name.clone(),
            other => panic!("{pc:?} {town:?}: {other:?}"),
        };
        assert_eq!(found(Some("32270"), Some("ANSAN")), "Ansan");
        assert_eq!(found(Some("32270"), Some("l'isle arne")), "L'Isle-Arné");
        assert_eq!(found(Some("32270"), Some("L ISLE ARNE")), "L'Isle-Arné");
        assert_eq!(
            found(Some("01640"), Some("ABERGEMENT DE VAREY (L )")),
            "L'Abergement-de-Varey"
        );
        assert_eq!(
            found(Some("30 270"), Some("St Jean du Gard")),
            "Saint-Jean-du-Gard"
        );
        assert_eq!(found(None, Some("Ansan")), "Ansan");
        assert_eq!(found(Some("30270"), None), "Saint-Jean-du-Gard");
        assert!(matches!(
            resolve(Some("32270"), Some("Auch")),
            Resolution::UnknownTownForPostcode(c) if c.len() == 9
        ));
        assert!(matches!(resolve(Some("32270"), None), Resolution::Ambiguous(c) if c.len() == 9));
        assert!(matches!(
            resolve(None, Some("Saint-Sauveur")),
            Resolution::Ambiguous(_)
        ));
        assert_eq!(
            resolve(Some("99999"), Some("X")),
            Resolution::UnknownPostcode("99999".into())
        );
        assert_eq!(resolve(None, Some("Zzzqqq")), Resolution::UnknownTown);
        assert_eq!(resolve(Some(" "), Some(" - ")), Resolution::Nothing);
    }

    #[test]
    fn the_larger_places_make_a_national_set_of_the_former_size() {
        let places = places();
        assert_eq!(places.len(), 10_027);
        assert!(places.iter().all(|p| p.population.unwrap_or(0) >= 1000));
        assert!(places.iter().any(|p| p.name == "Alès"));
        assert!(!places.iter().any(|p| p.name == "Ansan"));
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
