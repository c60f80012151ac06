//! Reading routes from a file: a CSV `from,to,km[,minutes]` (village ids,
//! a header line) or a saved OSRM `table` answer to the request
//! `jelly distances fetch --dry-run` prints. Every problem is reported with
//! its line and column, and then nothing is written.

use std::collections::HashSet;

use crate::i18n::Lang;
use crate::t;

use super::{osrm, round_km, Measured, Pair, Plan};

/// One problem of an imported file: line, column (1-based), message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ImportProblem {
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<usize>,
    pub(crate) message: String,
}

/// Routes read from a CSV whose header names the columns `from`, `to`,
/// `km` and optionally `minutes`, in any order. `villages` are the known
/// ids.
pub(crate) fn csv(
    lang: Lang,
    text: &str,
    villages: &HashSet<&str>,
) -> Result<Vec<Measured>, Vec<ImportProblem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Ok(Vec::new());
    };
    let names: Vec<String> = header
        .split(',')
        .map(|h| h.trim().trim_matches('"').to_lowercase())
        .collect();
    let column = |name: &str| names.iter().position(|n| n == name);
    let (Some(from_at), Some(to_at), Some(km_at)) = (column("from"), column("to"), column("km"))
    else {
        return Err(vec![ImportProblem {
            line: Some(1),
            column: Some(1),
            message: t!(lang, "distances-csv-header"),
        }]);
    };
    let minutes_at = column("minutes");
    let mut routes = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in lines {
        let number = index + 1;
        // Column (1-based, in characters) where each field starts.
        let mut fields = Vec::new();
        let mut start = 0;
        for field in line.split(',') {
            fields.push((line[..start].chars().count() + 1, field));
            start += field.len() + 1;
        }
        let end_column = line.chars().count() + 1;
        let get = |at: usize| {
            fields
                .get(at)
                .map(|&(c, f)| (c, f.trim().trim_matches('"')))
        };
        let mut problem = |column: usize, message: String| {
            problems.push(ImportProblem {
                line: Some(number),
                column: Some(column),
                message,
            });
        };
        let mut village = |at: usize| match get(at) {
            Some((_, id)) if villages.contains(id) => Some(id.to_string()),
            Some((c, id)) => {
                problem(c, t!(lang, "distances-unknown-village", id = id));
                None
            }
            None => {
                problem(end_column, t!(lang, "distances-csv-missing"));
                None
            }
        };
        let from = village(from_at);
        let to = village(to_at);
        let mut number_at = |at: usize, key: &str, required: bool| -> Option<Option<f64>> {
            match get(at) {
                None | Some((_, "")) if !required => Some(None),
                None => {
                    problem(end_column, t!(lang, "distances-csv-missing"));
                    None
                }
                Some((c, text)) => match text.parse::<f64>() {
                    Ok(v) if v.is_finite() && v >= 0.0 => Some(Some(v)),
                    Ok(v) if v.is_finite() => {
                        problem(c, t!(lang, "distances-negative", key = key, value = text));
                        None
                    }
                    _ => {
                        problem(c, t!(lang, "distances-not-number", key = key, value = text));
                        None
                    }
                },
            }
        };
        let km = number_at(km_at, "km", true);
        let minutes = match minutes_at {
            Some(at) => number_at(at, "minutes", false),
            None => Some(None),
        };
        if let (Some(from), Some(to), Some(Some(km)), Some(minutes)) = (from, to, km, minutes) {
            routes.push(Measured {
                from,
                to,
                km: round_km(km),
                minutes: minutes.map(|m| m.round() as i64),
            });
        }
    }
    if problems.is_empty() {
        Ok(routes)
    } else {
        Err(problems)
    }
}

/// Routes from a saved OSRM `table` answer to the request that
/// `jelly distances fetch --dry-run` prints for the whole table: rows are
/// the villages where active participants live, columns the villages of
/// active venues, both in villages.toml order. The answer's shape must
/// match, and each waypoint OSRM snapped must lie near its village.
pub(crate) fn osrm_answer(
    lang: Lang,
    text: &str,
    plan: &Plan,
) -> Result<(Vec<Measured>, Vec<Pair>), Vec<ImportProblem>> {
    let problem = |message: String| {
        vec![ImportProblem {
            line: None,
            column: None,
            message,
        }]
    };
    let rows = plan.sources.len();
    let columns = plan.destinations.len();
    let parsed = match osrm::parse_table(text, rows, columns) {
        Ok(parsed) => parsed,
        Err(e) => {
            return Err(problem(t!(
                lang,
                "distances-osrm-shape",
                detail = e,
                rows = rows,
                columns = columns
            )))
        }
    };
    let matrix = match parsed {
        osrm::Parsed::Table(matrix) => matrix,
        osrm::Parsed::TooBig => {
            return Err(problem(t!(
                lang,
                "distances-osrm-refused",
                code = "TooBig",
                message = ""
            )))
        }
        osrm::Parsed::Refused { code, message } => {
            return Err(problem(t!(
                lang,
                "distances-osrm-refused",
                code = code,
                message = message
            )))
        }
    };
    // The waypoints OSRM snapped to the road network: each must be near
    // the village it stands for, else the file answers another request.
    let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let check = |key: &str, points: &[super::Point]| -> Vec<ImportProblem> {
        let mut problems = Vec::new();
        if let Some(waypoints) = value.get(key).and_then(|w| w.as_array()) {
            for (waypoint, point) in waypoints.iter().zip(points) {
                let location = waypoint.get("location").and_then(|l| l.as_array());
                if let Some([lon, lat]) = location.map(Vec::as_slice) {
                    let (Some(lon), Some(lat)) = (lon.as_f64(), lat.as_f64()) else {
                        continue;
                    };
                    let off = crate::rotation::haversine_km(point.lat, point.lon, lat, lon);
                    if off > SNAP_KM {
                        problems.push(ImportProblem {
                            line: None,
                            column: None,
                            message: t!(
                                lang,
                                "distances-osrm-far",
                                id = point.id.as_str(),
                                km = crate::i18n::km(lang, off)
                            ),
                        });
                    }
                }
            }
        }
        problems
    };
    let mut problems = check("sources", &plan.sources);
    problems.extend(check("destinations", &plan.destinations));
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(plan.routes(&matrix))
}

/// How far OSRM may snap a village's point to the nearest road before an
/// imported answer is taken for the answer to another request.
pub(crate) const SNAP_KM: f64 = 10.0;
