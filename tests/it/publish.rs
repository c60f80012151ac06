//! `jelly publish caldav` against a real Radicale server (PyPI) started on
//! a free port, read back by an independent client (the Python `caldav`
//! library, tests/publish/caldav_client.py).

use std::process::{Child, Command, Stdio};

use crate::harness::{needs_python, ports, repo_root, TestEnv, NOW};

struct Radicale {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Radicale {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Radicale with one user (jelly / s3cret) on a free port of 127.0.0.1.
fn radicale() -> Radicale {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("users"), "jelly:s3cret\n").unwrap();
    // Radicale takes no port 0: a held free port, released just before.
    let port = ports::hold().release();
    let log = dir.path().join("radicale.log");
    let child = Command::new("python3")
        .args(["-m", "radicale"])
        .arg(format!(
            "--storage-filesystem-folder={}",
            dir.path().join("collections").display()
        ))
        .arg(format!("--server-hosts=127.0.0.1:{port}"))
        .arg("--auth-type=htpasswd")
        .arg(format!(
            "--auth-htpasswd-filename={}",
            dir.path().join("users").display()
        ))
        .arg("--auth-htpasswd-encryption=plain")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let server = Radicale {
        child,
        url: format!("http://127.0.0.1:{port}/"),
        _dir: dir,
    };
    ports::wait_listening(port, 30, || {
        std::fs::read_to_string(&log).unwrap_or_default()
    });
    server
}

fn client(server: &Radicale, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(repo_root().join("tests/publish/caldav_client.py"))
        .args([server.url.as_str(), "jelly", "s3cret"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn dump(server: &Radicale, calendar: &str) -> Vec<serde_json::Value> {
    serde_json::from_str(&client(server, &["dump", calendar])).unwrap()
}

#[test]
fn sessions_go_to_a_real_caldav_calendar_and_stay_in_step() {
    if !needs_python("radicale, caldav") {
        return;
    }
    let server = radicale();
    let calendar = client(&server, &["mkcalendar", "sessions"])
        .trim()
        .to_string();
    assert!(calendar.ends_with("/jelly/sessions/"), "{calendar}");
    // Someone else's event in the shared calendar: never touched.
    client(&server, &["add", &calendar, "anniversaire@example.net"]);
    let env = TestEnv::demo().at(NOW);
    env.edit(
        "jelly.toml",
        "[site]",
        &format!("[publish]\ncaldav_url = \"{calendar}\"\nusername = \"jelly\"\n\n[site]"),
    );
    for (date, venue) in [
        ("2026-12-03T18:30", "ales-telecentre"),
        ("2027-01-21T18:30", "rousson-mairie"),
    ] {
        env.ok(&["schedule", "--date", date, "--venue", venue]);
    }
    let run = |args: &[&str]| env.run(args).env("JELLY_CALDAV_PASSWORD", "s3cret");

    // Without a password: a usage error that says where to put it.
    let err = env.fails(2, &["publish", "caldav"]);
    assert!(err.contains("JELLY_CALDAV_PASSWORD"), "{err}");
    // --dry-run writes nothing.
    let out = run(&["publish", "caldav", "--dry-run"]).ok();
    assert!(
        out.contains("2026-12-03-ales") && out.contains("--dry-run"),
        "{out}"
    );
    assert_eq!(dump(&server, &calendar).len(), 1);

    let out = run(&["publish", "caldav"]).ok();
    assert!(out.contains("2 changements"), "{out}");
    let events = dump(&server, &calendar);
    assert_eq!(events.len(), 3);
    let ales = events
        .iter()
        .find(|e| e["uid"] == "2026-12-03-ales@jelly-gard-lozere.example.org")
        .expect("the session, with its stable UID");
    assert_eq!(ales["status"], "CONFIRMED");
    assert_eq!(ales["start"], "2026-12-03T17:30:00+00:00");
    assert_eq!(ales["href"], "2026-12-03-ales.ics");

    // A rerun with nothing changed: nothing sent, nothing said (cron).
    assert_eq!(run(&["publish", "caldav"]).ok(), "");
    assert_eq!(dump(&server, &calendar).len(), 3, "no duplicate");

    // Cancelled and moved: updated in place (If-Match), still one each.
    env.run(&["cancel", "2027-01-21-rousson", "--reason", "neige"])
        .ok_with_stderr();
    env.run(&[
        "reschedule",
        "2026-12-03-ales",
        "--date",
        "2026-12-10T18:30",
    ])
    .ok_with_stderr();
    let json = run(&["publish", "caldav", "--format", "json"]).json();
    assert_eq!(json["changes"].as_array().unwrap().len(), 2, "{json}");
    assert!(json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["action"] == "update"));
    let events = dump(&server, &calendar);
    assert_eq!(events.len(), 3);
    let by_uid = |uid: &str| events.iter().find(|e| e["uid"] == uid).unwrap().clone();
    assert_eq!(
        by_uid("2027-01-21-rousson@jelly-gard-lozere.example.org")["status"],
        "CANCELLED"
    );
    let ales = by_uid("2026-12-03-ales@jelly-gard-lozere.example.org");
    assert_eq!(ales["start"], "2026-12-10T17:30:00+00:00");
    assert_eq!(ales["sequence"], 1);

    // A deleted session is removed; the foreign event stays.
    std::fs::remove_file(env.file("events/2027-01-21-rousson.toml")).unwrap();
    let out = run(&["publish", "caldav"]).ok();
    assert!(out.contains("retirée"), "{out}");
    let uids: Vec<String> = dump(&server, &calendar)
        .iter()
        .map(|e| e["uid"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        uids,
        [
            "2026-12-03-ales@jelly-gard-lozere.example.org",
            "anniversaire@example.net"
        ]
    );

    // The password from password_command, as for IMAP; a wrong one is refused.
    env.edit(
        "jelly.toml",
        "username = \"jelly\"",
        "username = \"jelly\"\npassword_command = \"printf 's3cret\\\\nignored'\"",
    );
    assert_eq!(env.ok(&["publish", "caldav"]), "");
    let err = env
        .run(&["publish", "caldav"])
        .env("JELLY_CALDAV_PASSWORD", "wrong")
        .fails(1);
    assert!(err.contains("HTTP 401"), "{err}");
}
