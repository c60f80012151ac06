//! `jelly distances fetch | import | fit`, against a real osrm-routed
//! started here on a map written here (OpenStreetMap XML, extracted and
//! contracted with OSRM's car profile). The OSRM binaries come from the
//! PyPI wheel `osrm-bindings`, unpacked by .ci/run, which exports their
//! folder as JELLY_OSRM_BIN; without them these tests skip loudly (and
//! fail when CI=true).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use crate::harness::*;

// ---------------------------------------------------------------- the map

/// A village of the test maps: id, lat, lon.
type Place = (&'static str, f64, f64);

/// Five Cévennes villages on their real coordinates, joined by roads; the
/// road from Saint-Jean-du-Gard to Florac makes a long detour east; Le
/// Pompidou sits on a road of its own that joins nothing (unreachable).
const CEVENNES: &[Place] = &[
    ("anduze", 44.0517, 3.9853),
    ("ales", 44.1250, 4.0810),
    ("saint-jean-du-gard", 44.1053, 3.8850),
    ("florac", 44.3241, 3.5933),
    ("mende", 44.5180, 3.5010),
    ("le-pompidou", 44.1990, 3.6510),
];

/// Roads of the Cévennes map, each a list of points (the villages' ids or
/// bends as (lat, lon)).
fn cevennes_roads() -> Vec<Vec<Waypoint>> {
    use Waypoint::{At, Bend};
    vec![
        vec![At("anduze"), At("ales")],
        vec![At("anduze"), At("saint-jean-du-gard")],
        // The detour: north-east up the valley, then back west.
        vec![
            At("saint-jean-du-gard"),
            Bend(44.2500, 4.0500),
            Bend(44.4000, 3.8500),
            At("florac"),
        ],
        vec![At("florac"), At("mende")],
        // Le Pompidou's lane leads nowhere else.
        vec![At("le-pompidou"), Bend(44.2100, 3.6700)],
    ]
}

#[derive(Clone, Copy)]
enum Waypoint {
    At(&'static str),
    Bend(f64, f64),
}

/// The .osm XML of `places` joined by `roads` (each leg cut in ten so the
/// road follows a line), all tagged `highway=secondary`.
fn osm_xml(places: &[(String, f64, f64)], roads: &[Vec<(f64, f64)>]) -> String {
    let mut nodes: Vec<(f64, f64)> = Vec::new();
    let mut node_of: HashMap<(i64, i64), usize> = HashMap::new();
    let mut node = |lat: f64, lon: f64, nodes: &mut Vec<(f64, f64)>| -> usize {
        let key = ((lat * 1e7).round() as i64, (lon * 1e7).round() as i64);
        *node_of.entry(key).or_insert_with(|| {
            nodes.push((lat, lon));
            nodes.len()
        })
    };
    for (_, lat, lon) in places {
        node(*lat, *lon, &mut nodes);
    }
    let mut ways = Vec::new();
    for road in roads {
        let mut refs = vec![node(road[0].0, road[0].1, &mut nodes)];
        for leg in road.windows(2) {
            let ((a_lat, a_lon), (b_lat, b_lon)) = (leg[0], leg[1]);
            for step in 1..=10 {
                let t = step as f64 / 10.0;
                refs.push(node(
                    a_lat + (b_lat - a_lat) * t,
                    a_lon + (b_lon - a_lon) * t,
                    &mut nodes,
                ));
            }
        }
        ways.push(refs);
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"jelly tests\">\n",
    );
    for (i, (lat, lon)) in nodes.iter().enumerate() {
        xml.push_str(&format!(
            "  <node id=\"{}\" version=\"1\" lat=\"{lat:.7}\" lon=\"{lon:.7}\"/>\n",
            i + 1
        ));
    }
    for (i, refs) in ways.iter().enumerate() {
        xml.push_str(&format!("  <way id=\"{}\" version=\"1\">", i + 1));
        for r in refs {
            xml.push_str(&format!("<nd ref=\"{r}\"/>"));
        }
        xml.push_str("<tag k=\"highway\" v=\"secondary\"/></way>\n");
    }
    xml.push_str("</osm>\n");
    xml
}

fn cevennes_osm() -> String {
    let places: Vec<(String, f64, f64)> = CEVENNES
        .iter()
        .map(|&(id, lat, lon)| (id.to_string(), lat, lon))
        .collect();
    let at = |id: &str| {
        let &(_, lat, lon) = CEVENNES.iter().find(|p| p.0 == id).unwrap();
        (lat, lon)
    };
    let roads: Vec<Vec<(f64, f64)>> = cevennes_roads()
        .into_iter()
        .map(|road| {
            road.into_iter()
                .map(|w| match w {
                    Waypoint::At(id) => at(id),
                    Waypoint::Bend(lat, lon) => (lat, lon),
                })
                .collect()
        })
        .collect();
    osm_xml(&places, &roads)
}

/// A square grid of `side` × `side` villages 0.02° apart (about 2 km),
/// each joined to its neighbours: "g-ROW-COLUMN".
pub fn grid(side: usize) -> (Vec<(String, f64, f64)>, String) {
    let point = |r: usize, c: usize| (44.0 + r as f64 * 0.02, 3.5 + c as f64 * 0.02);
    let mut places = Vec::new();
    let mut roads = Vec::new();
    for r in 0..side {
        for c in 0..side {
            let (lat, lon) = point(r, c);
            places.push((format!("g-{r}-{c}"), lat, lon));
            if c + 1 < side {
                roads.push(vec![point(r, c), point(r, c + 1)]);
            }
            if r + 1 < side {
                roads.push(vec![point(r, c), point(r + 1, c)]);
            }
        }
    }
    let xml = osm_xml(&places, &roads);
    (places, xml)
}

// ------------------------------------------------------------- the engine

/// The folder of osrm-extract, osrm-contract and osrm-routed, with the car
/// profile at ../share/profiles/car.lua (the wheel's layout).
#[track_caller]
fn osrm_bin() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("JELLY_OSRM_BIN") {
        let dir = PathBuf::from(dir);
        if dir.join("osrm-routed").is_file() {
            return Some(dir);
        }
    }
    if needs(
        "OSRM (the osrm-bindings wheel; .ci/run exports JELLY_OSRM_BIN)",
        "osrm-routed",
    ) {
        let path = std::env::var_os("PATH").unwrap_or_default();
        return std::env::split_paths(&path).find(|d| d.join("osrm-routed").is_file());
    }
    None
}

fn car_profile(bin: &Path) -> PathBuf {
    let wheel = bin.join("../share/profiles/car.lua");
    if wheel.is_file() {
        return wheel;
    }
    PathBuf::from("/usr/share/osrm/profiles/car.lua")
}

/// A running osrm-routed on 127.0.0.1, stopped when dropped.
pub struct Osrm {
    child: Child,
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl Osrm {
    /// Extracts and contracts `osm` with the car profile, then serves it.
    pub fn start(bin: &Path, osm: &str, max_table_size: Option<u32>) -> Osrm {
        let dir = tempfile::tempdir().unwrap();
        let map = dir.path().join("map.osm");
        std::fs::write(&map, osm).unwrap();
        let run = |program: &str, args: &[&std::ffi::OsStr]| {
            let out = Command::new(bin.join(program))
                .args(args)
                .current_dir(dir.path())
                .output()
                .unwrap_or_else(|e| panic!("{program}: {e}"));
            assert!(
                out.status.success(),
                "{program} failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        };
        let profile = car_profile(bin);
        // Every component counts as a network of its own, so a village on
        // an isolated lane is unreachable instead of snapped elsewhere.
        run(
            "osrm-extract",
            &[
                "-p".as_ref(),
                profile.as_os_str(),
                "--small-component-size".as_ref(),
                "1".as_ref(),
                map.as_os_str(),
            ],
        );
        let data = dir.path().join("map.osrm");
        run("osrm-contract", &[data.as_os_str()]);
        let mut hold = ports::hold();
        let port = hold.port;
        let mut command = Command::new(bin.join("osrm-routed"));
        command
            .args(["-a", "CH", "-i", "127.0.0.1", "-p", &port.to_string()])
            .arg(&data)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(size) = max_table_size {
            command.args(["--max-table-size", &size.to_string()]);
        }
        hold.release();
        let child = command.spawn().expect("start osrm-routed");
        ports::wait_listening(port, 60, || format!("osrm-routed on {port}"));
        Osrm {
            child,
            port,
            _dir: dir,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// osrm-routed's own answer for one pair: (km, minutes), asked alone
    /// (a 1 × 1 table); None if it has no route.
    pub fn route(&self, a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
        let url = format!(
            "{}/table/v1/driving/{:.7},{:.7};{:.7},{:.7}?sources=0&destinations=1&annotations=distance,duration",
            self.url(),
            a.1,
            a.0,
            b.1,
            b.0
        );
        let answer: serde_json::Value = get_json(&url);
        assert_eq!(answer["code"], "Ok", "{answer}");
        Some((
            answer["distances"][0][0].as_f64()? / 1000.0,
            answer["durations"][0][0].as_f64()? / 60.0,
        ))
    }
}

impl Drop for Osrm {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn get_json(url: &str) -> serde_json::Value {
    let mut response = ureq::get(url).call().expect("osrm-routed answers");
    response.body_mut().read_json().expect("JSON")
}

// --------------------------------------------------------- the association

fn villages_toml(places: &[(String, f64, f64)]) -> String {
    let mut text = String::from("# Test villages.\n");
    for (id, lat, lon) in places {
        text.push_str(&format!(
            "\n[[village]]\nid = \"{id}\"\nname = \"{id}\"\nlat = {lat}\nlon = {lon}\n"
        ));
    }
    text
}

fn venues_toml(villages: &[&str]) -> String {
    let mut text = String::new();
    for v in villages {
        text.push_str(&format!(
            "[[venue]]\nid = \"{v}-salle\"\nname = \"Salle {v}\"\nvillage = \"{v}\"\n\n"
        ));
    }
    text
}

fn participants_toml(villages: &[&str]) -> String {
    let mut text = String::new();
    for (i, v) in villages.iter().enumerate() {
        text.push_str(&format!(
            "[[participant]]\nid = \"p{i}\"\nname = \"P{i}\"\nemail = \"p{i}@example.org\"\nvillage = \"{v}\"\n\n"
        ));
    }
    text
}

const JELLY_TOML: &str =
    "[association]\nname = \"Test\"\n[mail]\nfrom = \"T <t@example.org>\"\ntransport = \"file\"\n";

const DISTANCES_TOML: &str = "# Road distances, measured by OSRM.\n# Keep this comment.\n\n[[route]]\nfrom = \"anduze\"\nto = \"ales\" # the old road\nkm = 99.0 # to be corrected\n";

/// The Cévennes association: people in five villages (one unreachable),
/// venues in four.
fn cevennes_env() -> TestEnv {
    let places: Vec<(String, f64, f64)> = CEVENNES
        .iter()
        .map(|&(id, lat, lon)| (id.to_string(), lat, lon))
        .collect();
    TestEnv::with_files(&[
        ("jelly.toml", JELLY_TOML),
        ("villages.toml", &villages_toml(&places)),
        (
            "venues.toml",
            &venues_toml(&["anduze", "ales", "saint-jean-du-gard", "florac"]),
        ),
        (
            "participants.toml",
            &participants_toml(&["anduze", "ales", "florac", "mende", "le-pompidou"]),
        ),
        ("distances.toml", DISTANCES_TOML),
    ])
    .at(NOW)
}

fn point_of(id: &str) -> (f64, f64) {
    let &(_, lat, lon) = CEVENNES.iter().find(|p| p.0 == id).unwrap();
    (lat, lon)
}

/// The routes of distances.toml: (from, to) → (km, minutes).
fn routes_of(env: &TestEnv) -> HashMap<(String, String), (f64, Option<f64>)> {
    let table = env.toml("distances.toml");
    let mut routes = HashMap::new();
    for r in table["route"].as_array().unwrap() {
        let from = r["from"].as_str().unwrap().to_string();
        let to = r["to"].as_str().unwrap().to_string();
        let km = r["km"].as_float().unwrap();
        let minutes = r.get("minutes").map(|m| {
            m.as_float()
                .or_else(|| m.as_integer().map(|i| i as f64))
                .unwrap()
        });
        routes.insert((from, to), (km, minutes));
    }
    routes
}

// ------------------------------------------------------------------ tests

/// Every pair fetched is osrm-routed's own answer; the file's comments
/// stay; unreachable pairs are reported and not written; `next` then ranks
/// with exactly those km.
#[test]
fn fetch_writes_the_engine_answers_and_keeps_comments() {
    let Some(bin) = osrm_bin() else { return };
    let osrm = Osrm::start(&bin, &cevennes_osm(), None);
    let env = cevennes_env();
    let report = env.json(&["distances", "fetch", "--url", &osrm.url()]);
    // 5 home villages × 4 venue villages, less the 3 villages with both,
    // less the 3 pairs among those asked in one direction only.
    assert_eq!(report["pairs"], 14, "{report}");
    assert_eq!(report["requests"], 1, "{report}");
    let unroutable: Vec<String> = report["unroutable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}>{}",
                p["from"].as_str().unwrap(),
                p["to"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        unroutable,
        [
            "le-pompidou>anduze",
            "le-pompidou>ales",
            "le-pompidou>saint-jean-du-gard",
            "le-pompidou>florac"
        ]
    );
    assert_eq!(report["added"], 9, "{report}");
    assert_eq!(report["updated"], 1, "{report}");

    let text = env.read("distances.toml");
    assert!(
        text.starts_with("# Road distances, measured by OSRM.\n# Keep this comment.\n\n"),
        "{text}"
    );
    assert!(text.contains("to = \"ales\" # the old road\n"), "{text}");
    assert!(text.contains(" # to be corrected\n"), "{text}");
    assert!(!text.contains("le-pompidou"), "{text}");

    let routes = routes_of(&env);
    assert_eq!(routes.len(), 10);
    for ((from, to), (km, minutes)) in &routes {
        let (want_km, want_minutes) = osrm
            .route(point_of(from), point_of(to))
            .unwrap_or_else(|| panic!("osrm-routed has no route {from} → {to}"));
        assert!(
            (km - want_km).abs() <= 0.05,
            "{from} → {to}: {km} vs {want_km}"
        );
        let minutes = minutes.expect("minutes written");
        assert!(
            (minutes - want_minutes).abs() <= 1.0,
            "{from} → {to}: {minutes} min vs {want_minutes}"
        );
    }
    // The detour is there: Saint-Jean-du-Gard → Florac is much longer than
    // the straight line.
    let (sjdg_florac, _) = routes[&("florac".to_string(), "saint-jean-du-gard".to_string())];
    let straight = haversine(point_of("florac"), point_of("saint-jean-du-gard"));
    assert!(sjdg_florac > 1.5 * straight, "{sjdg_florac} vs {straight}");

    // Sorted by (from, to).
    let order: Vec<(String, String)> = env.toml("distances.toml")["route"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["from"].as_str().unwrap().to_string(),
                r["to"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);

    // `next` uses them: without the unreachable member, each venue's
    // total_km is the sum of the route km of everyone else.
    env.edit(
        "participants.toml",
        "village = \"le-pompidou\"\n",
        "village = \"le-pompidou\"\nactive = false\n",
    );
    let next = env.json(&["next", "--top", "10"]);
    let homes = ["anduze", "ales", "florac", "mende"];
    for candidate in next["candidates"].as_array().unwrap() {
        let venue = candidate["venue"].as_str().unwrap();
        let village = venue.trim_end_matches("-salle");
        let expected: f64 = homes
            .iter()
            .filter(|h| **h != village)
            .map(|h| {
                routes
                    .get(&(h.to_string(), village.to_string()))
                    .or_else(|| routes.get(&(village.to_string(), h.to_string())))
                    .unwrap()
                    .0
            })
            .sum();
        let total = candidate["total_km"].as_f64().unwrap();
        assert!(
            (total - expected).abs() < 1e-6,
            "{venue}: {total} vs {expected}"
        );
    }
}

fn haversine(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().asin()
}

/// A second fetch with --only-missing asks only for what is still missing
/// (the unreachable pairs) and changes nothing.
#[test]
fn only_missing_asks_nothing_new_on_a_second_run() {
    let Some(bin) = osrm_bin() else { return };
    let osrm = Osrm::start(&bin, &cevennes_osm(), None);
    let env = cevennes_env();
    env.ok(&["distances", "fetch", "--url", &osrm.url()]);
    let before = env.read("distances.toml");
    let report = env.json(&["distances", "fetch", "--url", &osrm.url(), "--only-missing"]);
    assert_eq!(report["known"], 10, "{report}");
    assert_eq!(report["pairs"], 4, "{report}");
    assert_eq!(report["added"], 0, "{report}");
    assert_eq!(report["unroutable"].as_array().unwrap().len(), 4);
    assert_eq!(env.read("distances.toml"), before);
    // Without the unreachable member, nothing at all is asked.
    env.edit(
        "participants.toml",
        "village = \"le-pompidou\"\n",
        "village = \"le-pompidou\"\nactive = false\n",
    );
    let report = env.json(&["distances", "fetch", "--url", &osrm.url(), "--only-missing"]);
    assert_eq!(report["pairs"], 0, "{report}");
    assert_eq!(report["requests"], 0, "{report}");
    assert_eq!(env.read("distances.toml"), before);
}

/// A server that is down, or that answers an error: exit 1, nothing
/// written. Needs no OSRM.
#[test]
fn a_server_down_or_refusing_leaves_the_file_unchanged() {
    let env = cevennes_env();
    let down = format!("http://127.0.0.1:{}", closed_port());
    let stderr = env.unchanged(|| env.run(&["distances", "fetch", "--url", &down]).fails(1));
    assert!(!stderr.trim().is_empty());
    let Some(bin) = osrm_bin() else { return };
    let osrm = Osrm::start(&bin, &cevennes_osm(), None);
    // osrm-routed answers an error for a service it does not have.
    let wrong = format!("{}/nowhere", osrm.url());
    let stderr = env.unchanged(|| {
        env.run(&["--lang", "en", "distances", "fetch", "--url", &wrong])
            .fails(1)
    });
    assert!(stderr.contains("routing engine"), "{stderr}");
}

/// With `--max-table-size 10` (100 cells) the 49 × 13 table is asked in
/// chunks, and every pair still equals osrm-routed's own answer.
#[test]
fn chunks_fit_the_server_max_table_size() {
    let Some(bin) = osrm_bin() else { return };
    let (places, osm) = grid(7);
    let osrm = Osrm::start(&bin, &osm, Some(10));
    let ids: Vec<&str> = places.iter().map(|p| p.0.as_str()).collect();
    let hosts: Vec<&str> = ids.iter().step_by(4).copied().collect();
    let env = TestEnv::with_files(&[
        ("jelly.toml", JELLY_TOML),
        ("villages.toml", &villages_toml(&places)),
        ("venues.toml", &venues_toml(&hosts)),
        ("participants.toml", &participants_toml(&ids)),
    ])
    .at(NOW);
    let report = env.json(&["distances", "fetch", "--url", &osrm.url()]);
    let h = hosts.len();
    let pairs = 49 * h - h - h * (h - 1) / 2;
    assert_eq!(report["pairs"], pairs, "{report}");
    assert_eq!(report["added"], pairs, "{report}");
    assert!(report["requests"].as_u64().unwrap() > 6, "{report}");
    let point: HashMap<&str, (f64, f64)> = places
        .iter()
        .map(|(id, lat, lon)| (id.as_str(), (*lat, *lon)))
        .collect();
    let routes = routes_of(&env);
    assert_eq!(routes.len(), pairs);
    for ((from, to), (km, minutes)) in &routes {
        let (want_km, want_minutes) = osrm
            .route(point[from.as_str()], point[to.as_str()])
            .unwrap();
        assert!(
            (km - want_km).abs() <= 0.05,
            "{from} → {to}: {km} vs {want_km}"
        );
        assert!((minutes.unwrap() - want_minutes).abs() <= 1.0);
    }
}

/// The answer of the one-request URL that `fetch --dry-run` prints, saved
/// to a file, imports to the same routes as a fetch.
#[test]
fn a_saved_osrm_answer_imports_like_a_fetch() {
    let Some(bin) = osrm_bin() else { return };
    let osrm = Osrm::start(&bin, &cevennes_osm(), None);
    let fetched = cevennes_env();
    fetched.ok(&["distances", "fetch", "--url", &osrm.url()]);
    let env = cevennes_env();
    let plan =
        env.unchanged(|| env.json(&["distances", "fetch", "--url", &osrm.url(), "--dry-run"]));
    assert_eq!(plan["pairs"], 14);
    let answer = get_json(plan["url"].as_str().unwrap());
    env.write("answer.json", answer.to_string());
    let report = env.json(&["distances", "import", "answer.json"]);
    assert_eq!(
        report["unroutable"].as_array().unwrap().len(),
        4,
        "{report}"
    );
    assert_eq!(routes_of(&env), routes_of(&fetched));
    assert_eq!(env.read("distances.toml"), fetched.read("distances.toml"));
}

/// A CSV with an unknown village or a negative km stops at its line and
/// column, exit 2, nothing written; a good one is merged.
#[test]
fn csv_import_checks_every_line_before_writing() {
    let env = cevennes_env();
    env.write(
        "routes.csv",
        "from,to,km,minutes\nmende,florac,38.5,41\nmende,atlantis,12,10\nales,florac,-3,40\n",
    );
    let stderr = env.unchanged(|| {
        env.run(&["--lang", "en", "distances", "import", "routes.csv"])
            .fails(2)
    });
    assert!(stderr.contains("routes.csv:3:7: "), "{stderr}");
    assert!(stderr.contains("atlantis"), "{stderr}");
    assert!(stderr.contains("routes.csv:4:13: "), "{stderr}");

    env.write(
        "routes.csv",
        "from,to,km,minutes\r\nmende,florac,38.54,41\r\nales,anduze,14.2,\r\n",
    );
    let report = env.json(&["distances", "import", "routes.csv"]);
    assert_eq!(report["added"], 1, "{report}");
    assert_eq!(report["updated"], 1, "{report}");
    let routes = routes_of(&env);
    assert_eq!(
        routes[&("mende".into(), "florac".into())],
        (38.5, Some(41.0))
    );
    assert_eq!(routes[&("anduze".into(), "ales".into())], (14.2, None));
    assert!(env.read("distances.toml").contains("# Keep this comment."));
}

/// `fit` on the demo association: the median of route km / great-circle
/// km, computed here independently.
#[test]
fn fit_gives_the_median_detour_of_the_known_routes() {
    let env = TestEnv::demo().at(NOW);
    let villages = env.toml("villages.toml");
    let point = |id: &str| {
        let v = villages["village"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["id"].as_str() == Some(id))
            .unwrap();
        (v["lat"].as_float().unwrap(), v["lon"].as_float().unwrap())
    };
    let mut ratios: Vec<f64> = routes_of(&env)
        .iter()
        .map(|((from, to), (km, _))| km / haversine(point(from), point(to)))
        .collect();
    ratios.sort_by(f64::total_cmp);
    let n = ratios.len();
    let median = if n % 2 == 1 {
        ratios[n / 2]
    } else {
        (ratios[n / 2 - 1] + ratios[n / 2]) / 2.0
    };
    let fit = env.json(&["distances", "fit"]);
    assert_eq!(fit["routes"], n);
    assert!(
        (fit["median"].as_f64().unwrap() - median).abs() < 1e-9,
        "{fit}"
    );
    assert_eq!(
        fit["factor"].as_f64().unwrap(),
        (median * 100.0).round() / 100.0
    );
    assert!(fit["iqr"].as_f64().unwrap() >= 0.0);
    let text = env.ok(&["--lang", "en", "distances", "fit"]);
    assert!(
        text.contains(&format!("detour_factor = {:.2}", median)),
        "{text}"
    );
}

// ------------------------------------------------------------- benchmark

/// The benchmark of docs/distances.md (ignored by `cargo test`; run with
/// `cargo test --test it distances::bench -- --ignored --nocapture`, and
/// `JELLY_BENCH_JELLY=target/release/jelly` to time a release build): a
/// 150-village × 50-venue association on a 20 × 20 grid map, all pairs
/// fetched from a local osrm-routed, then `next` with the 7,310 routes.
#[test]
#[ignore]
fn bench_fetch_and_next_at_association_scale() {
    let Some(bin) = osrm_bin() else { return };
    let (places, osm) = grid(20);
    let started = Instant::now();
    let osrm = Osrm::start(&bin, &osm, None);
    eprintln!("map: extract + contract + start: {:?}", started.elapsed());
    let ids: Vec<&str> = places.iter().map(|p| p.0.as_str()).collect();
    // 150 home villages, 50 venue villages (every 8th of the 400).
    let homes: Vec<&str> = ids.iter().take(150).copied().collect();
    let hosts: Vec<&str> = ids.iter().step_by(8).copied().collect();
    assert_eq!(hosts.len(), 50);
    let env = TestEnv::with_files(&[
        ("jelly.toml", JELLY_TOML),
        ("villages.toml", &villages_toml(&places)),
        ("venues.toml", &venues_toml(&hosts)),
        ("participants.toml", &participants_toml(&homes)),
    ]);
    let jelly = std::env::var_os("JELLY_BENCH_JELLY").map_or_else(jelly_bin, PathBuf::from);
    let timed = |args: &[&str]| {
        let started = Instant::now();
        let out = Command::new(&jelly)
            .arg("--data")
            .arg(env.path())
            .args(["--now", NOW, "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        let took = started.elapsed();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
            took,
        )
    };
    let (_, next_without) = timed(&["next"]);
    let (report, fetch) = timed(&["distances", "fetch", "--url", &osrm.url()]);
    let (_, next_with) = timed(&["next"]);
    let (_, fit) = timed(&["distances", "fit"]);
    let mut file = std::io::stderr();
    let _ = writeln!(
        file,
        "{}: fetch {} pairs in {} requests: {:?}; next without routes: {:?}, with {} routes: {:?}; fit: {:?}",
        jelly.display(),
        report["pairs"],
        report["requests"],
        fetch,
        next_without,
        report["added"],
        next_with,
        fit
    );
}
