//! `jelly mail` (issue 27): a message to the members a selector picks,
//! through a real SMTP server, counted at the server; the journal that
//! makes a rerun send nothing and a killed run lose and double nothing;
//! Markdown as HTML and as text; `near:` against an independent
//! computation on the demo.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use crate::harness::{MailServer, Part, TestEnv, NOW};

/// The demo's last session held (the largest file stem with attendance).
fn last_held(env: &TestEnv) -> (String, Vec<String>) {
    let mut ids: Vec<String> = env
        .files_in("events")
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    for id in ids.iter().rev() {
        let event = env.event(id);
        if event["status"].as_str() == Some("held") {
            let attended = crate::harness::strings(&event["attended"]);
            if !attended.is_empty() {
                return (id.clone(), attended);
            }
        }
    }
    panic!("no held session in the demo");
}

/// participant id → email, for those jelly may write to (an address, not
/// bounced, not `mail = false`), read from participants.toml.
fn reachable(env: &TestEnv) -> BTreeMap<String, String> {
    let file = env.toml("participants.toml");
    file["participant"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p.get("bounced").is_none() && p.get("mail").and_then(|m| m.as_bool()) != Some(false)
        })
        .filter_map(|p| {
            Some((
                p["id"].as_str()?.to_string(),
                p.get("email")?.as_str()?.to_string(),
            ))
        })
        .collect()
}

const BODY: &str = "# Merci d'être venu·e\n\nBonjour **{{ name }}**,\n\nvoici de quoi prolonger la soirée :\n\n- les [diapos](https://example.org/diapos.pdf)\n- le *compte rendu*\n\n1. relire\n2. partager\n";

fn mail_env(server: &MailServer) -> TestEnv {
    let env = TestEnv::smtp(&server.url());
    env.write("merci.md", BODY);
    env
}

#[test]
fn came_reaches_exactly_the_attendees_with_an_address_once() {
    let server = MailServer::start();
    let env = mail_env(&server);
    let (event, attended) = last_held(&env);
    let reachable = reachable(&env);
    let expected: BTreeSet<String> = attended
        .iter()
        .filter_map(|id| reachable.get(id).cloned())
        .collect();
    assert!(!expected.is_empty());
    let to = format!("came:{event}");
    let args = [
        "mail",
        "--subject",
        "Les diapos, {{ name }}",
        "--body",
        "merci.md",
        "--to",
        &to,
    ];
    let out = env.ok(&args);
    let received: BTreeSet<String> = server.received().iter().map(|r| r.to[0].clone()).collect();
    assert_eq!(received, expected);
    assert_eq!(server.count(), expected.len(), "one message each");
    assert!(
        out.contains(&format!("{} envoyés", expected.len())),
        "{out}"
    );
    // The attendees without an address are counted, not silently dropped.
    let without = attended
        .iter()
        .filter(|id| !reachable.contains_key(*id))
        .count();
    assert!(out.contains(&format!("{without} sans adresse")), "{out}");

    // Run again: nothing goes twice.
    let again = env.ok(&args);
    assert_eq!(server.count(), expected.len());
    assert!(again.contains("0 envoyé"), "{again}");
    assert!(
        again.contains(&format!("{} déjà reçus", expected.len())),
        "{again}"
    );
    let journals = env.files_in("mailings");
    assert_eq!(
        journals
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "journal"))
            .count(),
        1
    );
}

#[test]
fn the_html_part_renders_the_markdown_and_the_text_part_reads_well() {
    let server = MailServer::start();
    let env = mail_env(&server);
    let unsubscribe = "https://jelly.example.org/u/{token}";
    env.mail_config(
        &server.url(),
        &format!("unsubscribe_url = \"{unsubscribe}\"\n"),
    );
    env.write("merci.md", BODY);
    env.ok(&[
        "mail",
        "--subject",
        "Merci",
        "--body",
        "merci.md",
        "--to",
        "village:anduze",
    ]);
    let received = server.received();
    assert!(!received.is_empty());
    let message = Part::parse(&received[0].data);
    let html = message.find("text/html").expect("an HTML part").text();
    assert!(
        html.contains("<h1>Merci d’être venu·e</h1>")
            || html.contains("<h1>Merci d'être venu·e</h1>"),
        "{html}"
    );
    assert!(html.contains("<strong>"), "{html}");
    assert!(
        html.contains("<li>les <a href=\"https://example.org/diapos.pdf\">diapos</a></li>"),
        "{html}"
    );
    assert!(
        html.contains("<em>compte rendu</em>") && html.contains("<ol>"),
        "{html}"
    );
    let text = message.find("text/plain").expect("a text part").text();
    assert!(
        text.contains("- les diapos <https://example.org/diapos.pdf>"),
        "{text}"
    );
    assert!(text.contains("1. relire\n2. partager"), "{text}");
    assert!(
        !text.contains("**") && !text.contains("](") && !text.contains('*'),
        "{text}"
    );
    // The headers every message of the association carries.
    assert_eq!(
        message.header("Auto-Submitted").as_deref(),
        Some("auto-generated")
    );
    let list = message.header("List-Unsubscribe").unwrap();
    assert!(list.contains("https://jelly.example.org/u/"), "{list}");
    assert_eq!(
        message.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
}

#[test]
fn a_killed_run_then_a_rerun_loses_and_doubles_nothing() {
    let server = MailServer::start();
    server.set_delay(Duration::from_millis(150));
    let env = TestEnv::demo();
    env.mail_config(&server.url(), "");
    env.write("merci.md", BODY);
    let expected: BTreeSet<String> = {
        let people = env.toml("participants.toml");
        let reachable = reachable(&env);
        people["participant"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p.get("active").and_then(|a| a.as_bool()) != Some(false))
            .filter_map(|p| reachable.get(p["id"].as_str()?).cloned())
            .collect()
    };
    let args = [
        "--now",
        NOW,
        "mail",
        "--subject",
        "Nouvelles",
        "--body",
        "merci.md",
    ];
    let mut child = env.run(&args).spawn();
    // Let a few messages through, then kill it in the middle of the batch.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while server.count() < 3 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "jelly stopped before sending"
        );
        assert!(std::time::Instant::now() < deadline, "nothing sent");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(60));
    let _ = child.kill();
    child.wait().unwrap();
    let before = server.count();
    assert!(before < expected.len(), "killed before the end ({before})");
    server.set_delay(Duration::ZERO);
    let out = env.run(&args).output();
    assert!(out.success(), "{}", out.stderr);
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for received in server.received() {
        let message = Part::parse(&received.data);
        ids.entry(received.to[0].clone())
            .or_default()
            .insert(message.header("Message-ID").unwrap());
    }
    assert_eq!(
        ids.keys().cloned().collect::<BTreeSet<_>>(),
        expected,
        "nobody lost"
    );
    for (email, set) in &ids {
        assert_eq!(set.len(), 1, "{email} got two different messages: {set:?}");
    }
    // A third run finds everyone served. (Wait for the server to be
    // quiet first: the killed run's connections may still be finishing.)
    let quiet_deadline = std::time::Instant::now() + Duration::from_secs(10);
    let mut count = server.count();
    loop {
        std::thread::sleep(Duration::from_millis(300));
        let now = server.count();
        if now == count || std::time::Instant::now() > quiet_deadline {
            break;
        }
        count = now;
    }
    let out = env.run(&args).output();
    assert!(out.success(), "{}", out.stderr);
    assert_eq!(server.count(), count);
}

/// d(p, v) of docs/rotation.md computed here from the files: the road
/// distance between the villages when the venue has no point of its own and
/// one is known, else the great circle × the detour factor.
fn independent_km(env: &TestEnv, venue_id: &str) -> BTreeMap<String, f64> {
    let villages = env.toml("villages.toml");
    let point = |id: &str| -> (f64, f64) {
        let v = villages["village"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["id"].as_str() == Some(id))
            .unwrap();
        (v["lat"].as_float().unwrap(), v["lon"].as_float().unwrap())
    };
    let venues = env.toml("venues.toml");
    let venue = venues["venue"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"].as_str() == Some(venue_id))
        .unwrap();
    let venue_village = venue["village"].as_str().unwrap();
    let own = venue
        .get("lat")
        .and_then(|l| l.as_float())
        .zip(venue.get("lon").and_then(|l| l.as_float()));
    let routes = env.toml("distances.toml");
    let route = |a: &str, b: &str| {
        routes["route"].as_array().unwrap().iter().find_map(|r| {
            let (from, to) = (r["from"].as_str()?, r["to"].as_str()?);
            ((from == a && to == b) || (from == b && to == a)).then(|| r["km"].as_float().unwrap())
        })
    };
    let haversine = |(lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)| {
        let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
        let dp = p2 - p1;
        let dl = (lon2 - lon1).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * 6371.0088 * a.sqrt().asin()
    };
    let people = env.toml("participants.toml");
    people["participant"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p.get("active").and_then(|a| a.as_bool()) != Some(false))
        .map(|p| {
            let home = p["village"].as_str().unwrap();
            let km = match (own, route(home, venue_village)) {
                (None, Some(km)) => km,
                (Some(point_of_venue), _) => haversine(point(home), point_of_venue) * 1.3,
                (None, None) => haversine(point(home), point(venue_village)) * 1.3,
            };
            (p["id"].as_str().unwrap().to_string(), km)
        })
        .collect()
}

#[test]
fn near_agrees_with_an_independent_computation_on_the_demo() {
    let env = TestEnv::demo().at(NOW);
    env.write("merci.md", "Bonjour {{ name }}\n");
    for (venue, km) in [
        ("anduze-mediatheque", 25.0),
        ("ales-telecentre", 15.0),
        ("florac-telecentre", 60.0),
    ] {
        let Some(distances) = Some(independent_km(&env, venue)).filter(|d| !d.is_empty()) else {
            continue;
        };
        let expected: BTreeSet<String> = distances
            .iter()
            .filter(|(_, d)| **d <= km)
            .map(|(id, _)| id.clone())
            .collect();
        let to = format!("near:{venue}:{km}");
        let json = env.json(&[
            "mail",
            "--subject",
            "x",
            "--body",
            "merci.md",
            "--to",
            &to,
            "--dry-run",
        ]);
        let mut got: BTreeSet<String> = crate::harness::column(&json["recipients"], "participant")
            .into_iter()
            .map(str::to_string)
            .collect();
        got.extend(
            crate::harness::column(&json["skipped"], "participant")
                .into_iter()
                .map(str::to_string),
        );
        assert_eq!(got, expected, "{venue} within {km} km");
        assert!(
            !expected.is_empty() && expected.len() < distances.len(),
            "{venue}: a real cut"
        );
    }
}

#[test]
fn bad_input_stops_before_anything_is_sent() {
    let server = MailServer::start();
    let env = mail_env(&server);
    env.write("faute.md", "Bonjour {{ name }},\n\nà {{ vilage }} !\n");
    let err = env.fails(2, &["mail", "--subject", "x", "--body", "faute.md"]);
    assert!(
        err.contains("faute.md:3:6") && err.contains("vilage"),
        "{err}"
    );
    let err = env.fails(
        2,
        &[
            "mail",
            "--subject",
            "x",
            "--body",
            "merci.md",
            "--to",
            "came:2099-01-01-nulle-part",
        ],
    );
    assert!(err.contains("came:2099-01-01-nulle-part"), "{err}");
    let err = env.fails(
        2,
        &[
            "mail",
            "--subject",
            "x",
            "--body",
            "merci.md",
            "--to",
            "near:anduze-mediatheque:loin",
        ],
    );
    assert!(err.contains("near:VENUE:KM"), "{err}");
    // Attachments: over [mail] max_attachments, refused.
    env.write("diapos.pdf", vec![b'%'; 3000]);
    env.mail_config(&server.url(), "max_attachments = \"2 kB\"\n");
    let err = env.fails(
        2,
        &[
            "mail",
            "--subject",
            "x",
            "--body",
            "merci.md",
            "--attach",
            "diapos.pdf",
        ],
    );
    assert!(err.contains("max_attachments"), "{err}");
    assert_eq!(server.count(), 0);
    assert!(!env.file("mailings").exists(), "nothing written");
}

#[test]
fn attachments_go_with_their_guessed_type() {
    let server = MailServer::start();
    let env = mail_env(&server);
    env.write("diapos.pdf", b"%PDF-1.4 slides");
    env.write("notes.txt", "notes");
    let attach_pdf = env.file("diapos.pdf");
    let attach_txt = env.file("notes.txt");
    env.ok(&[
        "mail",
        "--subject",
        "Diapos",
        "--body",
        "merci.md",
        "--to",
        "village:anduze",
        "--attach",
        attach_pdf.to_str().unwrap(),
        "--attach",
        attach_txt.to_str().unwrap(),
    ]);
    let message = Part::parse(&server.received()[0].data);
    let pdf = message.find("application/pdf").expect("the PDF");
    assert_eq!(pdf.body, b"%PDF-1.4 slides");
    assert!(message.find("text/plain").is_some());
    assert!(
        message.mime_type().starts_with("multipart/mixed"),
        "{}",
        message.mime_type()
    );
}

#[test]
fn a_mailing_is_signed_with_dkim_like_the_invitations() {
    if !crate::harness::needs("OpenSSL (a DKIM key)", "openssl") {
        return;
    }
    let server = MailServer::start();
    let env = mail_env(&server);
    env.mail_config(
        &server.url(),
        "dkim_selector = \"jelly2026\"\ndkim_key_file = \"dkim.pem\"\n",
    );
    let status = std::process::Command::new("openssl")
        .args(["genrsa", "-out", "dkim.pem", "2048"])
        .current_dir(env.path())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    env.ok(&[
        "mail",
        "--subject",
        "Merci",
        "--body",
        "merci.md",
        "--to",
        "village:anduze",
    ]);
    let received = server.received();
    assert!(!received.is_empty());
    for r in received {
        let signature = Part::parse(&r.data)
            .header("DKIM-Signature")
            .expect("signed");
        assert!(signature.contains("s=jelly2026"), "{signature}");
        assert!(signature.contains("d=jelly.example.org"), "{signature}");
    }
}
