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

// ---- participant import ----

fn import(env: &TestEnv, file: &str, extra: &[&str]) -> crate::harness::Outcome {
    env.run(
        &[
            &[
                "--now",
                NOW,
                "--format",
                "json",
                "participant",
                "import",
                file,
            ][..],
            extra,
        ]
        .concat(),
    )
    .output()
}

#[test]
fn import_never_makes_or_copies_an_id_reserved_for_erased_people() {
    let env = TestEnv::demo();
    env.write(
        "members.csv",
        "name,email,village\nAnon Cafe,cafe@example.org,anduze\n",
    );
    let out = import(&env, "members.csv", &[]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let participants = env.read("participants.toml");
    assert!(
        !participants.contains("id = \"anon-cafe\""),
        "{participants}"
    );
    for command in [&["check"][..], &["next"]] {
        let out = env.run(&[&["--now", NOW][..], command].concat()).output();
        assert_eq!(out.code, Some(0), "{command:?}: {}", out.stderr);
    }
    // An Id column holding one is a problem of its row.
    env.write(
        "ids.csv",
        "id,name,email,village\nanon-beef,Someone,someone@example.org,anduze\n",
    );
    let before = env.snapshot();
    let out = import(&env, "ids.csv", &[]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn paris_lyon_and_marseille_arrondissement_postcodes_are_their_commune() {
    let env = TestEnv::demo();
    env.write(
        "members.csv",
        "name,email,postcode,town\n\
         Anne Paris,anne@example.org,75011,Paris\n\
         Louis Lyon,louis@example.org,69003,LYON 3EME\n\
         Marc Marseille,marc@example.org,13008,Marseille\n\
         Paul Seize,paul@example.org,75116,\n",
    );
    let out = import(&env, "members.csv", &[]);
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
    let villages = env.read("villages.toml");
    for name in ["Paris", "Lyon", "Marseille"] {
        assert!(
            villages.contains(&format!("name = \"{name}\"")),
            "{villages}"
        );
    }
    let out = env.run(&["--now", NOW, "check"]).output();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}

#[test]
fn csv_export_neutralises_formulas_and_import_reads_them_back_unchanged() {
    let env = TestEnv::demo();
    env.edit(
        "participants.toml",
        "name = \"Sébastien\"",
        "name = \"=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")\"",
    );
    env.edit(
        "participants.toml",
        "profession = \"chef de projet informatique, co-organisateur\"",
        "profession = \"+33 6 12 34 56 78\"",
    );
    let csv = env.run(&["participants", "--format", "csv"]).output();
    assert_eq!(csv.code, Some(0), "{}", csv.stderr);
    let text = csv.stdout;
    assert!(text.contains("\"'=HYPERLINK("), "{text}");
    assert!(text.contains(",'+33 6 12 34 56 78,"), "{text}");
    for line in text.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '@']), "{cell} in {line}");
        }
    }
    env.write("export.csv", &text);
    let before = env.snapshot();
    let out = import(&env, "export.csv", &["--update"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["added"], 0, "{report}");
    assert_eq!(report["updated"], 0, "{report}");
    let after = env.snapshot();
    let changed: Vec<_> = after
        .iter()
        .filter(|f| !before.contains(f))
        .map(|(p, _)| p.clone())
        .collect();
    assert!(
        changed.iter().all(|p| p.ends_with("export.csv")),
        "{changed:?}"
    );
}

#[test]
fn a_spreadsheet_with_a_value_in_xfd1048576_is_refused_at_once() {
    let env = TestEnv::demo();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "name").unwrap();
    sheet.write_string(0, 1, "village").unwrap();
    sheet.write_string(1, 0, "Marie").unwrap();
    sheet.write_string(1, 1, "anduze").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    assert!(bytes.len() < 10_000);
    env.write("far.xlsx", &bytes);
    let before = env.snapshot();
    let start = std::time::Instant::now();
    let out = env
        .run(&[
            "--lang",
            "en",
            "participant",
            "import",
            "far.xlsx",
            "--dry-run",
        ])
        .output();
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("10 million cells"), "{}", out.stderr);
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_zip_bomb_spreadsheet_is_refused_before_it_is_inflated() {
    if !crate::harness::needs("Python 3 (to write a zip bomb fast)", "python3") {
        return;
    }
    let env = TestEnv::demo();
    // 1.5 MB of zip holding a 1.5 GB sheet, written by Python's zlib.
    let script = "import zipfile,sys\n\
        z=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED,compresslevel=9)\n\
        z.writestr('[Content_Types].xml','<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>')\n\
        with z.open('xl/worksheets/sheet1.xml','w',force_zip64=True) as f:\n\
        \x20 f.write(b'<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>')\n\
        \x20 block=b'A'*(1<<24)\n\
        \x20 for _ in range(96): f.write(block)\n\
        \x20 f.write(b'</t></is></c></row></sheetData></worksheet>')\n\
        z.close()\n";
    let path = env.file("bomb.xlsx");
    let made = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success());
    assert!(std::fs::metadata(&path).unwrap().len() < 5_000_000);
    let start = std::time::Instant::now();
    let out = env
        .run(&[
            "--lang",
            "en",
            "participant",
            "import",
            "bomb.xlsx",
            "--dry-run",
        ])
        .output();
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("200 MB"), "{}", out.stderr);
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
}

// ---- the unsubscribe key ----

#[test]
fn a_dangling_unsubscribe_key_symlink_is_a_clear_error() {
    let env = TestEnv::demo();
    std::os::unix::fs::symlink("/nonexistent/key", env.file(".unsubscribe-key")).unwrap();
    let out = env.run(&["unsubscribe-token", "sebastien"]).output();
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains(".unsubscribe-key"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
}

#[test]
fn unsubscribe_tokens_are_lower_case_hex_only() {
    let env = TestEnv::demo();
    let participants: toml::Table = env.read("participants.toml").parse().unwrap();
    let ids: Vec<String> = participants["participant"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    let mut tried = 0;
    for id in &ids {
        let token = env.ok(&["unsubscribe-token", id]);
        let token = token.lines().next().unwrap().to_string();
        let (person, mac) = token.rsplit_once('.').unwrap();
        // A pair "0x" also parses as "+x" with from_str_radix.
        let Some(at) = (0..mac.len())
            .step_by(2)
            .find(|&i| mac.as_bytes()[i] == b'0')
        else {
            continue;
        };
        let forged = format!("{person}.{}+{}", &mac[..at], &mac[at + 1..]);
        let out = env
            .run(&["unsubscribe-token", "--verify", &forged])
            .output();
        assert_eq!(out.code, Some(2), "{forged} verifies: {}", out.stdout);
        let upper = format!("{person}.{}", mac.to_uppercase());
        if upper != token {
            let out = env.run(&["unsubscribe-token", "--verify", &upper]).output();
            assert_eq!(out.code, Some(2), "{upper} verifies");
        }
        tried += 1;
    }
    assert!(tried > 0, "no token had a 0 at an even place");
}

mod import_property {
    use proptest::prelude::*;

    use crate::harness::TestEnv;

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            "[A-Za-zéèÉ' -]{0,12}",
            Just("Anon Cafe".to_string()),
            Just("anon-beef".to_string()),
            Just("=1+2".to_string()),
            Just("'=x".to_string()),
            Just("@SUM(A1)".to_string()),
            Just("-".to_string()),
            "[\\x00-\\x1f]{1,3}",
            "\\PC{0,8}",
        ]
    }

    fn row() -> impl Strategy<Value = Vec<String>> {
        (
            cell(),
            prop_oneof![Just(String::new()), cell(), "[a-z]{1,6}@example\\.org"],
            prop_oneof![
                Just("30100".to_string()),
                Just("75011".to_string()),
                Just("13008".to_string()),
                Just("99999".to_string()),
                cell()
            ],
            prop_oneof![Just("Alès".to_string()), Just("Paris".to_string()), cell()],
            prop_oneof![
                Just(String::new()),
                Just("1e300".to_string()),
                Just("-3".to_string()),
                Just("nan".to_string()),
                Just("25".to_string()),
                cell()
            ],
            prop_oneof![
                Just(String::new()),
                Just("9999-12-31".to_string()),
                Just("1899-01-01".to_string()),
                Just("2020-02-30".to_string()),
                Just("2024-05-01".to_string()),
                cell()
            ],
            prop_oneof![Just(String::new()), cell(), "[a-z0-9-]{1,10}"],
        )
            .prop_map(|(name, email, postcode, town, km, joined, id)| {
                vec![name, email, postcode, town, km, joined, id]
            })
    }

    fn csv_line(cells: &[String]) -> String {
        cells
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(",")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8))]

        /// Any import that exits 0 leaves data `check` accepts.
        #[test]
        fn an_import_that_succeeds_leaves_check_passing(
            rows in prop::collection::vec(row(), 1..6),
            skip_bad in any::<bool>(),
        ) {
            let env = TestEnv::demo();
            let mut text = String::from("name,email,postcode,town,max_km,joined,id\n");
            for row in &rows {
                text.push_str(&csv_line(row));
                text.push('\n');
            }
            env.write("members.csv", &text);
            let mut args = vec!["--now", super::NOW, "participant", "import", "members.csv"];
            if skip_bad {
                args.push("--skip-bad");
            }
            let out = env.run(&args).output();
            prop_assert!(out.code == Some(0) || out.code == Some(2), "{:?} {}", out.code, out.stderr);
            if out.code == Some(0) {
                let check = env.run(&["--now", super::NOW, "check"]).output();
                prop_assert_eq!(check.code, Some(0), "{}\n{}\n{}", text, check.stdout, check.stderr);
            }
        }
    }
}

// ---- the sign-in sheet ----

#[test]
fn the_sheet_names_the_people_whose_names_its_font_cannot_print() {
    let people = [
        ("marie", "Marie Dupont"),
        ("li", "李小龙"),
        ("asha", "आशा देवी"),
        ("sequoyah", "ᏍᏏᏉᏯ"),
        ("lucie", "Lucie 🎉"),
    ];
    let mut participants = String::new();
    for (id, name) in people {
        participants.push_str(&format!(
            "[[participant]]\nid = \"{id}\"\nname = \"{name}\"\nvillage = \"ales\"\n\n"
        ));
    }
    let env = TestEnv::with_files(&[
        (
            "jelly.toml",
            "[association]\nname = \"Jelly\"\n\n[mail]\nfrom = \"Jelly <contact@example.org>\"\n",
        ),
        (
            "villages.toml",
            "[[village]]\nid = \"ales\"\nname = \"Alès\"\nlat = 44.12489\nlon = 4.08082\n",
        ),
        (
            "venues.toml",
            "[[venue]]\nid = \"ales-telecentre\"\nname = \"Télécentre\"\nvillage = \"ales\"\n",
        ),
        ("participants.toml", &participants),
        (
            "events/2026-12-10-ales.toml",
            "date = 2026-12-10T18:30:00\nvenue = \"ales-telecentre\"\nstatus = \"planned\"\n\
             invited = [\"marie\", \"li\", \"asha\", \"sequoyah\", \"lucie\"]\n",
        ),
    ]);
    let path = env.file("sheet.pdf");
    let (stdout, stderr) = env.ok_with_stderr(&[
        "--lang",
        "en",
        "sheet",
        "2026-12-10-ales",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert!(stdout.contains("sheet.pdf"), "{stdout}");
    assert!(stderr.contains("4 rows"), "{stderr}");
    for (_, name) in &people[1..] {
        assert!(stderr.contains(name), "{name}: {stderr}");
    }
    assert!(!stderr.contains("Marie"), "{stderr}");
    // The HTML page prints through the browser's fonts: no warning.
    let html = env.file("sheet.html");
    env.ok(&["sheet", "2026-12-10-ales", "-o", html.to_str().unwrap()]);
}

// ---- one trust store ----

/// An HTTPS routing engine on 127.0.0.1 whose certificate a private CA
/// signed: (url, ca.pem).
fn https_engine(dir: &std::path::Path) -> (String, std::path::PathBuf) {
    use rustls::pki_types::{pem::PemObject, CertificateDer, PrivateKeyDer};
    let (ca, cert, key) = crate::harness::smtp::certificates(dir);
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&cert)
        .unwrap()
        .map(|c| c.unwrap())
        .collect();
    let key = PrivateKeyDer::from_pem_file(&key).unwrap();
    // The provider jelly uses (deprecated in rustls 0.23.48: see
    // src/inbox/imap.rs).
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "https://127.0.0.1:{}",
        listener.local_addr().unwrap().port()
    );
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let Ok(connection) = rustls::ServerConnection::new(config.clone()) else {
                continue;
            };
            let mut tls = rustls::StreamOwned::new(connection, stream);
            let mut reader = BufReader::new(&mut tls);
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue; // the client refused the certificate
            }
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let body = table(&path, "12000", "900");
            let _ = write!(
                tls,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            );
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    });
    (url, ca)
}

#[test]
fn distances_fetch_trusts_the_system_store_with_ssl_cert_file_and_ca_file() {
    let env = TestEnv::demo();
    let (url, ca) = https_engine(&env.file("tls"));
    // A private CA the system does not know: refused, nothing written.
    let before = env.snapshot();
    let out = env
        .run(&["--now", NOW, "distances", "fetch", "--url", &url])
        .env("SSL_CERT_FILE", env.file("tls/cert.pem"))
        .output();
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(env.snapshot(), before);
    // $SSL_CERT_FILE naming the CA: trusted, as by SMTP and IMAP.
    let out = env
        .run(&[
            "--now",
            NOW,
            "distances",
            "fetch",
            "--url",
            &url,
            "--format",
            "json",
        ])
        .env("SSL_CERT_FILE", &ca)
        .output();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(report["added"].as_u64().unwrap() > 0, "{report}");
    // `[mail] ca_file` instead of the environment.
    let env = TestEnv::demo();
    let (url, _) = https_engine(&env.file("tls"));
    let config = env.read("jelly.toml");
    env.write(
        "jelly.toml",
        config.replace("[mail]\n", "[mail]\nca_file = \"tls/ca.pem\"\n"),
    );
    let out = env
        .run(&["--now", NOW, "distances", "fetch", "--url", &url])
        .output();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}
