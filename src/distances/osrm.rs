//! A polite client of OSRM's `table` service: one request at a time, a
//! `User-Agent` naming jelly and its version, and chunks no larger than the
//! server accepts.
//!
//! osrm-routed refuses a table whose sources × destinations exceed the
//! square of its `--max-table-size` (100 by default) with the code
//! `TooBig`. The client starts with 100 × 100 cells and halves both sides
//! of the chunk on every `TooBig`, then keeps the size that worked for the
//! rest of the fetch.

use std::time::Duration;

use serde::Deserialize;

use super::Point;

/// The largest side of a chunk asked first (OSRM's default limit).
pub(crate) const FIRST_CHUNK: usize = 100;

/// One cell of a table: metres and seconds, or `None` where the engine
/// found no route.
pub(crate) type Cell = Option<(f64, f64)>;

/// Why a fetch stopped.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FetchError {
    /// The server could not be reached, or its answer was not OSRM's.
    Unreachable(String),
    /// The server answered with an error code and message.
    Refused { code: String, message: String },
}

/// An OSRM server (`http://host:port`, as given to `--url`).
pub(crate) struct Osrm {
    agent: ureq::Agent,
    base: String,
    /// How many requests were made (for reports and tests).
    pub(crate) requests: usize,
}

#[derive(Debug, Deserialize)]
struct TableAnswer {
    code: String,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    distances: Option<Vec<Vec<Option<f64>>>>,
    #[serde(default)]
    durations: Option<Vec<Vec<Option<f64>>>>,
}

impl Osrm {
    /// `tls`: the trust store ([`crate::trust::ureq_tls`]).
    pub(crate) fn new(url: &str, tls: ureq::tls::TlsConfig) -> Osrm {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .tls_config(tls)
            .user_agent(user_agent())
            .http_status_as_error(false)
            // Redirects are followed by hand, within the same origin only.
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        Osrm {
            agent,
            base: url.trim_end_matches('/').to_string(),
            requests: 0,
        }
    }

    /// The table URL for `sources` → `destinations` (the request the
    /// fetch makes; `distances import` reads answers to it).
    pub(crate) fn table_url(&self, sources: &[Point], destinations: &[Point]) -> String {
        table_url(&self.base, sources, destinations)
    }

    /// One table request. `Ok(None)` when the server says `TooBig`.
    fn table(
        &mut self,
        sources: &[Point],
        destinations: &[Point],
    ) -> Result<Option<Vec<Vec<Cell>>>, FetchError> {
        let mut url = self.table_url(sources, destinations);
        self.requests += 1;
        let mut redirects = 0;
        let mut response = loop {
            let response = self
                .agent
                .get(&url)
                .call()
                .map_err(|e| FetchError::Unreachable(format!("{}: {e}", self.base)))?;
            if !response.status().is_redirection() {
                break response;
            }
            let location = response
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .unwrap_or("")
                .to_string();
            // A routing engine has no reason to send jelly elsewhere: a
            // redirect to another origin (scheme, host, port) is refused.
            let next = same_origin(&url, &location).filter(|_| redirects < 5);
            let Some(next) = next else {
                return Err(FetchError::Unreachable(format!(
                    "{}: HTTP {}: redirect to {} refused (another origin)",
                    self.base,
                    response.status().as_u16(),
                    crate::error::shown(&location)
                )));
            };
            redirects += 1;
            url = next;
        };
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| FetchError::Unreachable(format!("{}: {e}", self.base)))?;
        let answer = parse_table(&body, sources.len(), destinations.len())
            .map_err(|e| FetchError::Unreachable(format!("{}: HTTP {status}: {e}", self.base)))?;
        match answer {
            Parsed::TooBig => Ok(None),
            Parsed::Refused { code, message } => Err(FetchError::Refused { code, message }),
            Parsed::Table(cells) => Ok(Some(cells)),
        }
    }

    /// The whole `sources` × `destinations` matrix, in chunks, one request
    /// at a time; `progress` is told how many cells each chunk brought.
    pub(crate) fn matrix(
        &mut self,
        sources: &[Point],
        destinations: &[Point],
        mut progress: impl FnMut(usize),
    ) -> Result<Vec<Vec<Cell>>, FetchError> {
        let mut matrix = vec![vec![None; destinations.len()]; sources.len()];
        let mut side = FIRST_CHUNK;
        let mut s0 = 0;
        while s0 < sources.len() {
            let mut d0 = 0;
            let mut s1 = (s0 + side).min(sources.len());
            while d0 < destinations.len() {
                let d1 = (d0 + side).min(destinations.len());
                match self.table(&sources[s0..s1], &destinations[d0..d1])? {
                    Some(cells) => {
                        for (i, row) in cells.into_iter().enumerate() {
                            matrix[s0 + i][d0..d1].copy_from_slice(&row);
                        }
                        progress((s1 - s0) * (d1 - d0));
                        d0 = d1;
                    }
                    None if side > 1 => {
                        // Smaller chunks from here on; this band of sources
                        // starts again so no cell is left out.
                        side /= 2;
                        s1 = (s0 + side).min(sources.len());
                        d0 = 0;
                    }
                    None => {
                        return Err(FetchError::Refused {
                            code: "TooBig".into(),
                            message: "the server refuses even a 1 × 1 table".into(),
                        })
                    }
                }
            }
            s0 = s1;
        }
        Ok(matrix)
    }
}

/// `jelly/0.1.0 (+https://…)`: who is asking, for the server's logs.
pub(crate) fn user_agent() -> String {
    format!(
        "jelly/{} (itinerant meetups planner; road distances for an association)",
        env!("CARGO_PKG_VERSION")
    )
}

/// `{base}/table/v1/driving/{lon,lat;…}?sources=…&destinations=…&annotations=distance,duration`:
/// the sources' points first, then the destinations'.
pub(crate) fn table_url(base: &str, sources: &[Point], destinations: &[Point]) -> String {
    let coordinates: Vec<String> = sources
        .iter()
        .chain(destinations)
        .map(|p| format!("{:.6},{:.6}", p.lon, p.lat))
        .collect();
    let source_indices: Vec<String> = (0..sources.len()).map(|i| i.to_string()).collect();
    let destination_indices: Vec<String> = (0..destinations.len())
        .map(|i| (sources.len() + i).to_string())
        .collect();
    format!(
        "{base}/table/v1/driving/{}?sources={}&destinations={}&annotations=distance,duration",
        coordinates.join(";"),
        source_indices.join(";"),
        destination_indices.join(";"),
    )
}

/// What an OSRM table answer says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Parsed {
    Table(Vec<Vec<Cell>>),
    TooBig,
    Refused { code: String, message: String },
}

/// Reads an OSRM table answer of `rows` × `columns` cells (metres and
/// seconds). An answer of another shape, or without distances, is an error.
pub(crate) fn parse_table(body: &str, rows: usize, columns: usize) -> Result<Parsed, String> {
    let answer: TableAnswer =
        serde_json::from_str(body).map_err(|e| format!("not an OSRM answer ({e})"))?;
    if answer.code == "TooBig" {
        return Ok(Parsed::TooBig);
    }
    if answer.code != "Ok" {
        return Ok(Parsed::Refused {
            code: answer.code,
            message: answer.message.unwrap_or_default(),
        });
    }
    let distances = answer
        .distances
        .ok_or("the answer has no \"distances\" (annotations=distance,duration)")?;
    let durations = answer.durations;
    if distances.len() != rows || distances.iter().any(|r| r.len() != columns) {
        return Err(format!(
            "the answer's \"distances\" is not {rows} × {columns}"
        ));
    }
    let mut cells = Vec::with_capacity(rows);
    for (i, row) in distances.into_iter().enumerate() {
        let mut out = Vec::with_capacity(columns);
        for (j, metres) in row.into_iter().enumerate() {
            let seconds = durations
                .as_ref()
                .and_then(|d| d.get(i))
                .and_then(|r| r.get(j))
                .copied()
                .flatten();
            out.push(match (metres, seconds) {
                (Some(m), Some(s)) => Some((m, s)),
                (Some(m), None) => Some((m, f64::NAN)),
                _ => None,
            });
        }
        cells.push(out);
    }
    Ok(Parsed::Table(cells))
}

/// `location` (absolute, or a path) resolved against `url`, if it stays on
/// the same origin (scheme, host and port).
fn same_origin(url: &str, location: &str) -> Option<String> {
    let from: ureq::http::Uri = url.parse().ok()?;
    if location.starts_with('/') && !location.starts_with("//") {
        return Some(format!(
            "{}://{}{location}",
            from.scheme_str()?,
            from.authority()?
        ));
    }
    let to: ureq::http::Uri = location.parse().ok()?;
    let origin = |u: &ureq::http::Uri| {
        let scheme = u.scheme_str()?.to_ascii_lowercase();
        let port = u
            .port_u16()
            .unwrap_or(if scheme == "https" { 443 } else { 80 });
        Some((scheme, u.host()?.to_ascii_lowercase(), port))
    };
    (origin(&from)? == origin(&to)?).then(|| location.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(id: &str, lat: f64, lon: f64) -> Point {
        Point {
            id: id.into(),
            lat,
            lon,
        }
    }

    #[test]
    fn the_url_lists_sources_then_destinations() {
        let url = table_url(
            "http://h:5000",
            &[point("a", 44.1, 3.5)],
            &[point("b", 44.2, 3.6), point("c", 44.3, 3.7)],
        );
        assert_eq!(
            url,
            "http://h:5000/table/v1/driving/3.500000,44.100000;3.600000,44.200000;3.700000,44.300000?sources=0&destinations=1;2&annotations=distance,duration"
        );
    }

    #[test]
    fn null_cells_are_unroutable_and_too_big_is_told_apart() {
        let body = r#"{"code":"Ok","distances":[[1000.5,null]],"durations":[[60,null]]}"#;
        assert_eq!(
            parse_table(body, 1, 2).unwrap(),
            Parsed::Table(vec![vec![Some((1000.5, 60.0)), None]])
        );
        let too_big = r#"{"code":"TooBig","message":"Too many table coordinates"}"#;
        assert_eq!(parse_table(too_big, 1, 2).unwrap(), Parsed::TooBig);
        assert!(parse_table(body, 2, 2).is_err());
        assert!(parse_table("<html>", 1, 2).is_err());
    }
}
