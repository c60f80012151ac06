//! Nothing written that jelly cannot read back (issue 23, §4): a routing
//! server, a saved answer or a spreadsheet that says something absurd
//! leaves the data directory as it was, and what is written passes
//! `check`.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::harness::TestEnv;

const NOW: &str = "2026-12-03T09:00";

/// A fake routing engine on 127.0.0.1 (port 0): each request gets
/// `answer(path)` as (status line, extra headers, body). Counts requests.
struct FakeServer {
    url: String,
    hits: Arc<AtomicUsize>,
}

fn serve(answer: impl Fn(&str) -> (String, String, String) + Send + 'static) -> FakeServer {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, headers, body) = answer(&path);
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\n{headers}Content-Type: application/json\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    FakeServer { url, hits }
}

/// An OSRM table answer of the size the request asks, every cell `km`
/// kilometres and `minutes` minutes (written as JSON numbers as given).
fn table(path: &str, metres: &str, seconds: &str) -> String {
    let query = path.split_once('?').map_or("", |(_, q)| q);
    let count = |name: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .map_or(0, |v| v.split(';').count())
    };
    let (rows, columns) = (count("sources"), count("destinations"));
    let row = |v: &str| format!("[{}]", vec![v; columns].join(","));
    let matrix = |v: &str| format!("[{}]", vec![row(v); rows].join(","));
    format!(
        "{{\"code\":\"Ok\",\"distances\":{},\"durations\":{}}}",
        matrix(metres),
        matrix(seconds)
    )
}

fn fetch(env: &TestEnv, url: &str, extra: &[&str]) -> crate::harness::Outcome {
    env.run(
        &[
            &["--now", NOW, "distances", "fetch", "--url", url][..],
            extra,
        ]
        .concat(),
    )
    .output()
}

#[test]
fn absurd_distances_from_an_engine_write_nothing() {
    for (metres, seconds) in [
        ("-5000", "600"),
        ("1e300", "600"),
        ("5000", "9.3e18"),
        ("5000", "-60"),
    ] {
        let env = TestEnv::demo();
        let server =
            serve(move |path| ("200 OK".into(), String::new(), table(path, metres, seconds)));
        let before = env.snapshot();
        let out = fetch(&env, &server.url, &["--overwrite"]);
        assert_eq!(out.code, Some(2), "{metres} m, {seconds} s: {}", out.stderr);
        assert!(out.stdout.is_empty(), "{}", out.stdout);
        assert!(out.stderr.contains("distances.toml"), "{}", out.stderr);
        assert_eq!(env.snapshot(), before, "{metres} m, {seconds} s");
        assert!(server.hits.load(Ordering::SeqCst) >= 1);
        let check = env.run(&["--now", NOW, "check"]).output();
        assert_eq!(check.code, Some(0), "{}", check.stderr);
    }
}

#[test]
fn a_saved_answer_with_absurd_values_writes_nothing() {
    let env = TestEnv::demo();
    env.write("routes.csv", "from,to,km,minutes\nanduze,ales,1e300,10\n");
    let before = env.snapshot();
    let out = env
        .run(&["--now", NOW, "distances", "import", "routes.csv"])
        .output();
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn hand_measured_routes_are_kept_unless_overwrite() {
    let env = TestEnv::demo();
    let text = env.read("distances.toml");
    let table: toml::Table = text.parse().unwrap();
    let first = table["route"].as_array().unwrap()[0].as_table().unwrap();
    let (from, to) = (
        first["from"].as_str().unwrap().to_string(),
        first["to"].as_str().unwrap().to_string(),
    );
    let km = first["km"]
        .as_float()
        .unwrap_or_else(|| first["km"].as_integer().unwrap() as f64);
    env.write(
        "routes.csv",
        format!("from,to,km,minutes\n{from},{to},{},99\n", km + 7.0),
    );
    let out = env
        .run(&[
            "--now",
            NOW,
            "distances",
            "import",
            "routes.csv",
            "--format",
            "json",
        ])
        .output();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["kept"], 1, "{report}");
    assert_eq!(env.read("distances.toml"), text);
    let out = env
        .run(&["--now", NOW, "distances", "import", "routes.csv"])
        .output();
    assert!(out.stdout.contains("--overwrite"), "{}", out.stdout);

    let out = env
        .run(&[
            "--now",
            NOW,
            "distances",
            "import",
            "routes.csv",
            "--overwrite",
            "--format",
            "json",
        ])
        .output();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["updated"], 1, "{report}");
    let after: toml::Table = env.read("distances.toml").parse().unwrap();
    assert!(after["route"].as_array().unwrap().iter().any(|r| {
        r["from"].as_str() == Some(from.as_str())
            && r["to"].as_str() == Some(to.as_str())
            && r["minutes"].as_integer() == Some(99)
    }));
}

#[test]
fn a_redirect_to_another_origin_is_refused() {
    let elsewhere = serve(|path| ("200 OK".into(), String::new(), table(path, "1000", "60")));
    let target = elsewhere.url.clone();
    let redirecting = serve(move |path| {
        (
            "302 Found".into(),
            format!("Location: {target}{path}\r\n"),
            String::new(),
        )
    });
    let env = TestEnv::demo();
    let before = env.snapshot();
    let out = fetch(&env, &redirecting.url, &[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("redirect"), "{}", out.stderr);
    assert_eq!(elsewhere.hits.load(Ordering::SeqCst), 0);
    assert_eq!(env.snapshot(), before);

    // Within the same origin, a redirect is followed.
    let same = serve(|path| {
        if path.starts_with("/moved") {
            ("200 OK".into(), String::new(), table(path, "1000", "60"))
        } else {
            (
                "301 Moved Permanently".into(),
                format!("Location: /moved{path}\r\n"),
                String::new(),
            )
        }
    });
    let out = fetch(&env, &same.url, &[]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}
