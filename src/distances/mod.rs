//! Road distances from a routing engine: which pairs of villages to ask
//! for, reading the answers (a live OSRM server, a saved OSRM `table`
//! answer, a CSV), writing them into `distances.toml` with its comments
//! kept, and how well `[rotation] detour_factor` fits the known routes.
//! Pure functions except [`osrm::Osrm`], which talks HTTP.

pub(crate) mod import;
pub(crate) mod osrm;

use std::collections::HashSet;

use serde::Serialize;
use toml_edit::{value, ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::model::Dataset;
use crate::rotation::haversine_km;

/// A village as a routing engine sees it: an id and a point.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Point {
    pub(crate) id: String,
    pub(crate) lat: f64,
    pub(crate) lon: f64,
}

/// The pairs to ask for: every (village where an active participant
/// lives, village of an active venue), a village with itself left out.
/// The engine is asked for the whole `sources` × `destinations` table;
/// `wanted` says which cells are kept.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    pub(crate) sources: Vec<Point>,
    pub(crate) destinations: Vec<Point>,
    /// (source index, destination index) of the pairs to write.
    pub(crate) wanted: Vec<(usize, usize)>,
    /// Pairs left out because distances.toml already has them.
    pub(crate) known: usize,
}

impl Plan {
    /// The pairs of `data`, each unordered pair once; with `only_missing`,
    /// those distances.toml lacks (in either direction). Villages are in
    /// villages.toml order.
    pub(crate) fn new(data: &Dataset, only_missing: bool) -> Plan {
        let home: HashSet<&str> = data
            .participants
            .iter()
            .filter(|p| p.active)
            .map(|p| p.village.as_str())
            .collect();
        let hosts: HashSet<&str> = data
            .venues
            .iter()
            .filter(|v| v.active)
            .map(|v| v.village.as_str())
            .collect();
        let point = |v: &crate::model::Village| Point {
            id: v.id.clone(),
            lat: v.lat,
            lon: v.lon,
        };
        let all_sources: Vec<Point> = data
            .villages
            .iter()
            .filter(|v| home.contains(v.id.as_str()))
            .map(point)
            .collect();
        let all_destinations: Vec<Point> = data
            .villages
            .iter()
            .filter(|v| hosts.contains(v.id.as_str()))
            .map(point)
            .collect();
        let mut wanted = Vec::new();
        let mut known = 0;
        // A route serves both directions: a pair of two villages that are
        // both homes and hosts is asked once.
        let mut asked: HashSet<(&str, &str)> = HashSet::new();
        for (i, s) in all_sources.iter().enumerate() {
            for (j, d) in all_destinations.iter().enumerate() {
                if s.id == d.id || asked.contains(&(d.id.as_str(), s.id.as_str())) {
                    continue;
                }
                asked.insert((s.id.as_str(), d.id.as_str()));
                if only_missing && data.route(&s.id, &d.id).is_some() {
                    known += 1;
                    continue;
                }
                wanted.push((i, j));
            }
        }
        // Ask only for the rows and columns that hold a wanted pair.
        let used_sources: Vec<usize> = dedup(wanted.iter().map(|w| w.0), all_sources.len());
        let used_destinations: Vec<usize> =
            dedup(wanted.iter().map(|w| w.1), all_destinations.len());
        let source_at = renumber(&used_sources, all_sources.len());
        let destination_at = renumber(&used_destinations, all_destinations.len());
        Plan {
            sources: used_sources
                .iter()
                .map(|&i| all_sources[i].clone())
                .collect(),
            destinations: used_destinations
                .iter()
                .map(|&j| all_destinations[j].clone())
                .collect(),
            wanted: wanted
                .into_iter()
                .map(|(i, j)| (source_at[i], destination_at[j]))
                .collect(),
            known,
        }
    }

    /// The measured routes of the wanted pairs of a `matrix` answered for
    /// this plan, and the pairs the engine could not route.
    pub(crate) fn routes(&self, matrix: &[Vec<osrm::Cell>]) -> (Vec<Measured>, Vec<Pair>) {
        let mut routes = Vec::new();
        let mut unroutable = Vec::new();
        for &(i, j) in &self.wanted {
            let from = self.sources[i].id.clone();
            let to = self.destinations[j].id.clone();
            match matrix.get(i).and_then(|row| row.get(j)).copied().flatten() {
                Some((metres, seconds)) => routes.push(Measured {
                    from,
                    to,
                    km: round_km(metres / 1000.0),
                    minutes: seconds.is_finite().then(|| (seconds / 60.0).round() as i64),
                }),
                None => unroutable.push(Pair { from, to }),
            }
        }
        (routes, unroutable)
    }
}

fn dedup(indices: impl Iterator<Item = usize>, len: usize) -> Vec<usize> {
    let mut seen = vec![false; len];
    for i in indices {
        seen[i] = true;
    }
    (0..len).filter(|&i| seen[i]).collect()
}

fn renumber(used: &[usize], len: usize) -> Vec<usize> {
    let mut at = vec![usize::MAX; len];
    for (new, &old) in used.iter().enumerate() {
        at[old] = new;
    }
    at
}

/// Kilometres to the nearest 100 m, as they are written.
pub(crate) fn round_km(km: f64) -> f64 {
    (km * 10.0).round() / 10.0
}

/// Two villages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Pair {
    pub(crate) from: String,
    pub(crate) to: String,
}

/// A route to write: km to 100 m, minutes rounded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Measured {
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) km: f64,
    pub(crate) minutes: Option<i64>,
}

/// What writing routes changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct Merged {
    pub(crate) added: usize,
    pub(crate) updated: usize,
    pub(crate) unchanged: usize,
    /// Routes already in the file with other values, kept because
    /// `--overwrite` was not given (a hand-measured route wins).
    pub(crate) kept: usize,
}

/// Writes `routes` into the document of distances.toml: a pair already
/// there (either direction; every copy of it) gets the new km and minutes
/// in place, its comments kept; a new pair is a new `[[route]]`. Then the
/// routes are sorted by (from, to), the file's opening comment staying at
/// the top. A pair already there keeps its values unless `overwrite`
/// (counted as `kept`). Returns `Err` with a message when `route` is not an
/// array of tables.
pub(crate) fn merge(
    doc: &mut DocumentMut,
    routes: &[Measured],
    overwrite: bool,
) -> Result<Merged, String> {
    let root = doc.as_table_mut();
    let item = root
        .entry("route")
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    let Some(aot) = item.as_array_of_tables_mut() else {
        return Err("`route` is not a list of [[route]] tables".into());
    };
    let base_position = aot.iter().filter_map(Table::position).min().unwrap_or(1);
    let mut tables: Vec<Table> = aot.iter().cloned().collect();
    let mut merged = Merged::default();
    // Where each pair is, both directions.
    let mut at: std::collections::HashMap<(String, String), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, t) in tables.iter().enumerate() {
        if let (Some(from), Some(to)) = (text(t, "from"), text(t, "to")) {
            at.entry((from.clone(), to.clone())).or_default().push(i);
            if from != to {
                at.entry((to, from)).or_default().push(i);
            }
        }
    }
    for route in routes {
        match at.get(&(route.from.clone(), route.to.clone())) {
            Some(indices) if !overwrite => {
                let same = indices.iter().all(|&i| {
                    let mut t = tables[i].clone();
                    let mut changed = set_number(&mut t, "km", Value::from(route.km));
                    if let Some(minutes) = route.minutes {
                        changed |= set_number(&mut t, "minutes", Value::from(minutes));
                    }
                    !changed
                });
                if same {
                    merged.unchanged += 1;
                } else {
                    merged.kept += 1;
                }
            }
            Some(indices) => {
                let mut changed = false;
                for &i in indices {
                    changed |= set_number(&mut tables[i], "km", Value::from(route.km));
                    if let Some(minutes) = route.minutes {
                        changed |= set_number(&mut tables[i], "minutes", Value::from(minutes));
                    }
                }
                if changed {
                    merged.updated += 1;
                } else {
                    merged.unchanged += 1;
                }
            }
            None => {
                let mut t = Table::new();
                t.insert("from", value(&route.from));
                t.insert("to", value(&route.to));
                t.insert("km", value(route.km));
                if let Some(minutes) = route.minutes {
                    t.insert("minutes", value(minutes));
                }
                at.insert((route.from.clone(), route.to.clone()), vec![tables.len()]);
                at.insert((route.to.clone(), route.from.clone()), vec![tables.len()]);
                tables.push(t);
                merged.added += 1;
            }
        }
    }
    if merged.added == 0 && merged.updated == 0 {
        return Ok(merged); // nothing to write: the file stays as it is
    }
    // The comment that opens the file sits in the first table's prefix:
    // keep everything up to its last blank line at the top of the file.
    let header = tables.first_mut().map(split_header).unwrap_or_default();
    let key = |t: &Table| (text(t, "from"), text(t, "to"));
    tables.sort_by_key(key);
    let mut sorted = ArrayOfTables::new();
    for (i, mut t) in tables.into_iter().enumerate() {
        if i == 0 {
            let own = t.decor().prefix().and_then(|p| p.as_str()).unwrap_or("");
            let own = own.trim_start_matches('\n').to_string();
            t.decor_mut().set_prefix(format!("{header}{own}"));
        } else {
            let own = t.decor().prefix().and_then(|p| p.as_str()).unwrap_or("");
            if !own.starts_with('\n') {
                let own = format!("\n{own}");
                t.decor_mut().set_prefix(own);
            }
        }
        t.set_position(base_position + i as isize);
        sorted.push(t);
    }
    *item = Item::ArrayOfTables(sorted);
    Ok(merged)
}

/// Takes from `table`'s prefix the text up to its last blank line (the
/// file's opening comment) and returns it.
fn split_header(table: &mut Table) -> String {
    let prefix = table
        .decor()
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_string();
    match prefix.rfind("\n\n") {
        Some(cut) => {
            let (header, own) = prefix.split_at(cut + 2);
            let header = header.to_string();
            table.decor_mut().set_prefix(own.to_string());
            header
        }
        None => String::new(),
    }
}

fn text(t: &Table, key: &str) -> Option<String> {
    t.get(key).and_then(|i| i.as_str()).map(str::to_string)
}

/// Sets a number, keeping the comments around the old one. True if the
/// value changed.
fn set_number(t: &mut Table, key: &str, new: Value) -> bool {
    if let Some(old) = t.get_mut(key).and_then(|i| i.as_value_mut()) {
        let same = match (&*old, &new) {
            (Value::Float(a), Value::Float(b)) => a.value() == b.value(),
            (Value::Integer(a), Value::Integer(b)) => a.value() == b.value(),
            (Value::Integer(a), Value::Float(b)) => (*a.value() as f64) == *b.value(),
            (Value::Float(a), Value::Integer(b)) => *a.value() == (*b.value() as f64),
            _ => false,
        };
        if same {
            return false;
        }
        let decor = old.decor().clone();
        *old = new;
        *old.decor_mut() = decor;
        return true;
    }
    t.insert(key, Item::Value(new));
    true
}

/// How the known routes compare with the great-circle distance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Fit {
    /// Routes compared (those between two distinct points).
    pub(crate) routes: usize,
    pub(crate) median: Option<f64>,
    pub(crate) q1: Option<f64>,
    pub(crate) q3: Option<f64>,
    /// q3 − q1.
    pub(crate) iqr: Option<f64>,
    /// The suggested `detour_factor`: the median ratio, to 0.01.
    pub(crate) factor: Option<f64>,
    /// The one in jelly.toml now.
    pub(crate) current: f64,
}

/// Compares every route of `data` with the great-circle distance between
/// its villages.
pub(crate) fn fit(data: &Dataset) -> Fit {
    let villages: std::collections::HashMap<&str, &crate::model::Village> =
        data.villages.iter().map(|v| (v.id.as_str(), v)).collect();
    let mut ratios: Vec<f64> = data
        .routes
        .iter()
        .filter_map(|r| {
            let a = villages.get(r.from.as_str())?;
            let b = villages.get(r.to.as_str())?;
            let straight = haversine_km(a.lat, a.lon, b.lat, b.lon);
            (straight > 0.01).then(|| r.km / straight)
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    let q1 = quantile(&ratios, 0.25);
    let q3 = quantile(&ratios, 0.75);
    let median = quantile(&ratios, 0.5);
    Fit {
        routes: ratios.len(),
        median,
        q1,
        q3,
        iqr: q1.zip(q3).map(|(a, b)| b - a),
        factor: median.map(|m| (m * 100.0).round() / 100.0),
        current: data.config.rotation.detour_factor,
    }
}

/// The `q` quantile of sorted values, linear between the two nearest
/// (type 7, as R and numpy compute it by default).
pub(crate) fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(from: &str, to: &str, km: f64, minutes: i64) -> Measured {
        Measured {
            from: from.into(),
            to: to.into(),
            km,
            minutes: Some(minutes),
        }
    }

    #[test]
    fn merging_keeps_comments_updates_in_place_and_sorts() {
        let original = "# Our roads\n# (measured)\n\n[[route]]\nfrom = \"mende\"\nto = \"ales\" # via the col\nkm = 105.0 # was 110\nminutes = 95\n\n# the long one\n[[route]]\nfrom = \"anduze\"\nto = \"florac\"\nkm = 60.0\n";
        let mut doc: DocumentMut = original.parse().unwrap();
        let merged = merge(
            &mut doc,
            &[
                measured("ales", "mende", 104.2, 93),
                measured("anduze", "florac", 60.0, 55),
                measured("bez", "ales", 3.5, 6),
            ],
            true,
        )
        .unwrap();
        assert_eq!(
            merged,
            Merged {
                added: 1,
                updated: 2,
                unchanged: 0,
                kept: 0
            }
        );
        let text = doc.to_string();
        assert_eq!(
            text,
            "# Our roads\n# (measured)\n\n# the long one\n[[route]]\nfrom = \"anduze\"\nto = \"florac\"\nkm = 60.0\nminutes = 55\n\n[[route]]\nfrom = \"bez\"\nto = \"ales\"\nkm = 3.5\nminutes = 6\n\n[[route]]\nfrom = \"mende\"\nto = \"ales\" # via the col\nkm = 104.2 # was 110\nminutes = 93\n"
        );
        // Merging the same again changes nothing.
        let again = merge(&mut doc, &[measured("bez", "ales", 3.5, 6)], true).unwrap();
        assert_eq!(again.unchanged, 1);
        assert_eq!(doc.to_string(), text);
        // Without overwrite, a route already there keeps its values.
        let kept = merge(
            &mut doc,
            &[
                measured("bez", "ales", 9.9, 60),
                measured("bez", "vialas", 50.0, 70),
            ],
            false,
        )
        .unwrap();
        assert_eq!((kept.kept, kept.added), (1, 1));
        assert!(doc.to_string().contains("km = 3.5\nminutes = 6\n"));
    }

    /// On the demo association: each unordered pair once, never a village
    /// with itself; `--only-missing` leaves out exactly the pairs a route
    /// of distances.toml covers, in either direction.
    #[test]
    fn the_plan_asks_each_pair_once_and_skips_known_ones() {
        let dir = crate::store::DataDir::new(env!("CARGO_MANIFEST_DIR"));
        let data = crate::store::load(&dir, crate::i18n::Lang::En).unwrap();
        let ids = |plan: &Plan| -> Vec<(String, String)> {
            plan.wanted
                .iter()
                .map(|&(i, j)| (plan.sources[i].id.clone(), plan.destinations[j].id.clone()))
                .collect()
        };
        let all = ids(&Plan::new(&data, false));
        let mut unordered = HashSet::new();
        for (a, b) in &all {
            assert_ne!(a, b);
            let key = if a < b { (a, b) } else { (b, a) };
            assert!(unordered.insert(key), "{a} {b} asked twice");
        }
        let missing = Plan::new(&data, true);
        let known: Vec<_> = all
            .iter()
            .filter(|(a, b)| data.route(a, b).is_some())
            .collect();
        assert!(!known.is_empty());
        assert_eq!(missing.known, known.len());
        assert_eq!(ids(&missing).len(), all.len() - known.len());
        for (a, b) in ids(&missing) {
            assert!(data.route(&a, &b).is_none() && data.route(&b, &a).is_none());
        }
        // The route index answers both directions, first route first.
        let first = &data.routes[0];
        assert_eq!(data.route(&first.to, &first.from), Some(first));
    }

    #[test]
    fn quantiles_are_linear_between_neighbours() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.5), Some(2.5));
        assert_eq!(quantile(&v, 0.25), Some(1.75));
        assert_eq!(quantile(&[], 0.5), None);
    }
}
