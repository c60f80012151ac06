//! Exactly one invitation per person, what a message reveals, and the texts
//! and feed of issue 12: killed runs against a server that stalls after
//! DATA, nobody else's address in a message's headers or calendar, the old
//! date beside the new in an update, the agenda feed.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use crate::harness::{jelly_bin, MailServer, Part, TestEnv, DATE, NOW};

/// The demo association sending through `url` (no fixed --now: each run
/// gives its own).
pub fn smtp_env(url: &str) -> TestEnv {
    let env = TestEnv::demo();
    env.mail_config(url, "");
    env
}

/// Schedules the mail tests' session at Anduze, as seen at [`NOW`].
pub fn schedule(env: &TestEnv) -> String {
    let out = env
        .run(&[
            "--now",
            NOW,
            "schedule",
            "--date",
            DATE,
            "--venue",
            "anduze-mediatheque",
        ])
        .ok();
    out.trim().to_string()
}

/// The journal's outcome lines (sent, failed), without the attempts.
pub fn journal(env: &TestEnv, id: &str) -> Vec<serde_json::Value> {
    env.journal(id)
}

/// Every line of the journal, attempts included.
pub fn journal_lines(env: &TestEnv, id: &str) -> Vec<serde_json::Value> {
    env.journal_lines(id)
}

/// A small deterministic generator for the kill moments (xorshift).
struct Moments(u64);

impl Moments {
    fn next_millis(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

#[test]
fn twenty_kills_against_a_stalling_server_leave_one_message_id_per_person() {
    let server = MailServer::start();
    // The server sits on each message after the end of DATA, the moment
    // where a kill leaves the sender unsure.
    server.set_delay(Duration::from_millis(250));
    let env = smtp_env(&server.url());
    let config = env
        .read("jelly.toml")
        .replace("connections = 4", "connections = 8");
    env.write("jelly.toml", config);
    let id = schedule(&env);
    let expected = env.invitees();
    let mut moments = Moments(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20 {
        let mut child = std::process::Command::new(jelly_bin())
            .env_clear()
            .arg("--data")
            .arg(env.path())
            .args(["--now", NOW, "invite", &id])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(moments.next_millis(700)));
        let _ = child.kill(); // SIGKILL, unless it has finished
        child.wait().unwrap();
    }
    let lines = journal_lines(&env, &id);
    let attempts = |l: &&serde_json::Value| l["outcome"] == "attempt";
    assert!(lines.iter().any(|l| attempts(&l)), "the runs got going");

    server.set_delay(Duration::ZERO);
    let out = env.run(&["--now", NOW, "invite", &id]).ok();

    // Every person: at least one message, all with one Message-ID.
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for received in server.received() {
        let message = Part::parse(&received.data);
        ids.entry(received.to[0].clone())
            .or_default()
            .insert(message.header("Message-ID").unwrap().trim().to_string());
    }
    assert_eq!(
        ids.keys().cloned().collect::<BTreeSet<_>>(),
        expected.values().cloned().collect(),
    );
    for (email, set) in &ids {
        assert_eq!(set.len(), 1, "{email}: {set:?}");
    }
    // The journal ends with an outcome for every attempt.
    let text = std::fs::read_to_string(env.file(&format!("events/{id}.journal"))).unwrap();
    let entries = jelly::mail::journal::parse(&text);
    assert!(jelly::mail::journal::uncertain(&entries).is_empty());
    // The last run said how many it sent again, if any were uncertain.
    let before: Vec<jelly::mail::journal::Entry> =
        jelly::mail::journal::parse(&serde_lines(&lines));
    let uncertain_before = jelly::mail::journal::uncertain(&before).len();
    if uncertain_before > 0 {
        assert!(
            out.contains("après une interruption"),
            "{uncertain_before} uncertain: {}",
            out
        );
    }
}

fn serde_lines(lines: &[serde_json::Value]) -> String {
    lines
        .iter()
        .map(|l| format!("{l}\n"))
        .collect::<Vec<_>>()
        .concat()
}

#[test]
fn a_message_names_nobody_else_in_its_headers_or_calendar() {
    let server = MailServer::start();
    let env = smtp_env(&server.url());
    let id = schedule(&env);
    let expected = env.invitees();
    env.run(&["--now", NOW, "invite", &id]).ok();
    let received = server.received();
    assert_eq!(received.len(), expected.len());
    for message in &received {
        let own = &message.to[0];
        let raw = String::from_utf8_lossy(&message.data).to_string();
        let headers = raw.split("\r\n\r\n").next().unwrap().to_ascii_lowercase();
        let part = Part::parse(&message.data);
        let calendar = part
            .find("text/calendar")
            .unwrap()
            .text()
            .replace("\r\n ", "")
            .replace("\n ", "")
            .to_ascii_lowercase();
        for other in expected.values().filter(|e| *e != own) {
            let other = other.to_ascii_lowercase();
            assert!(!headers.contains(&other), "{own}'s headers name {other}");
            assert!(!calendar.contains(&other), "{own}'s calendar names {other}");
        }
        let attendees: Vec<&str> = calendar
            .lines()
            .filter(|l| l.starts_with("attendee"))
            .collect();
        assert_eq!(attendees.len(), 1, "{own}: {attendees:?}");
        assert!(attendees[0].contains(&own.to_ascii_lowercase()));
    }
}

#[test]
fn an_update_shows_the_old_date_beside_the_new_and_reminders_carry_the_invitation() {
    let env = TestEnv::demo();
    let id = schedule(&env);
    env.run(&["--now", NOW, "invite", &id, "--only", "noemie,valerie"])
        .ok();

    env.run(&[
        "--now",
        NOW,
        "reschedule",
        &id,
        "--date",
        "2026-12-10T18:30",
    ])
    .ok();
    let outbox = |prefix: &str| -> Part {
        let name = std::fs::read_dir(env.file("outbox"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .find(|n| n.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix}* in the outbox"));
        Part::parse(&std::fs::read(env.file("outbox").join(name)).unwrap())
    };
    let update = outbox(&format!("{id}.noemie.update.1"));
    let text = update.find("text/plain").unwrap().text();
    assert!(
        text.contains("jeudi 10 décembre 2026 à 18:30 (au lieu de jeudi 3 décembre 2026 à 18:30)"),
        "{text}"
    );
    assert!(!text.contains("Où : Médiathèque d'Anduze, Place de la Mairie, 30140 Anduze (au lieu"));
    // Valérie lives in Anduze: no "0 km".
    let valerie = outbox(&format!("{id}.valerie.invitation.0"));
    let text = valerie.find("text/plain").unwrap().text();
    assert!(text.contains("Pour vous : dans votre village."), "{text}");
    // A reminder, a week before: the invitation again (same UID), and the
    // automatic-message mark.
    env.run(&["--now", "2026-12-03T19:00", "remind"]).ok();
    let reminder = outbox(&format!("{id}.noemie.reminder.1.7d"));
    assert_eq!(
        reminder.header("Auto-Submitted").as_deref().map(str::trim),
        Some("auto-generated")
    );
    let calendar = reminder.find("text/calendar").unwrap().text();
    assert!(calendar.contains("METHOD:REQUEST") && calendar.contains(&format!("UID:{id}@")));
}

#[test]
fn one_click_unsubscribe_links_verify_and_never_carry_the_key() {
    let env = TestEnv::demo();
    let config = env.read("jelly.toml").replace(
        "[mail]",
        "[mail]\nunsubscribe_url = \"https://jelly.example.org/desinscription?t={token}\"",
    );
    env.write("jelly.toml", config);
    let id = schedule(&env);
    env.run(&["--now", NOW, "invite", &id, "--only", "noemie"])
        .ok();
    let file = std::fs::read_dir(env.file("outbox"))
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    let raw = std::fs::read(file).unwrap();
    let message = Part::parse(&raw);
    let header = message.header("List-Unsubscribe").unwrap();
    let token = header
        .split("?t=")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .unwrap()
        .to_string();
    assert!(header.contains("mailto:"), "{header}");
    assert_eq!(
        message
            .header("List-Unsubscribe-Post")
            .as_deref()
            .map(str::trim),
        Some("List-Unsubscribe=One-Click")
    );
    let key = env.read(".unsubscribe-key");
    assert!(!String::from_utf8_lossy(&raw).contains(key.trim()));
    let out = env.run(&["unsubscribe-token", "--verify", &token]).ok();
    assert_eq!(out.trim(), "noemie");
    let forged = token.replacen("noemie", "gaetan", 1);
    let err = env
        .run(&["unsubscribe-token", "--verify", &forged])
        .fails(2);
    assert!(!err.is_empty(), "{err}");
    let out = env.run(&["unsubscribe-token", "noemie"]).output();
    assert_eq!(
        out.stdout.lines().next(),
        Some(token.as_str()),
        "the same token every time"
    );
}

#[test]
fn the_agenda_feed_is_named_refreshed_and_keeps_a_cancelled_session() {
    let env = TestEnv::demo();
    let id = schedule(&env);
    env.run(&["--now", NOW, "cancel", &id]).ok();

    let out = env.run(&["--now", NOW, "agenda", "--ics"]).ok();
    let feed = out;
    assert!(feed.contains("X-WR-CALNAME:Jelly Gard-Lozère"), "{feed}");
    assert!(feed.contains("REFRESH-INTERVAL;VALUE=DURATION:PT12H"));
    assert!(feed.contains("X-PUBLISHED-TTL:PT12H"));
    let event = feed
        .split("BEGIN:VEVENT")
        .find(|e| e.contains(&format!("UID:{id}@")))
        .expect("the cancelled session stays in the feed");
    assert!(event.contains("STATUS:CANCELLED"), "{event}");
    let parsed: icalendar::Calendar = feed.parse().unwrap();
    assert!(!parsed.components.is_empty());
    // Once past, it leaves the feed.
    let feed = env.ok(&["--now", "2026-12-04T09:00", "agenda", "--ics"]);
    assert!(feed.starts_with("BEGIN:VCALENDAR"), "{feed}");
    assert!(!feed.contains(&format!("UID:{id}@")), "{feed}");
}

#[test]
fn check_refuses_the_known_wrong_port_and_tls_pairs_and_a_short_hello_name() {
    let env = TestEnv::demo();
    let base = env.read("jelly.toml");
    for (extra, word) in [
        (
            "smtp_url = \"smtp://smtp.example.org:465\"\ntls = \"starttls\"",
            "465",
        ),
        ("smtp_url = \"smtps://smtp.example.org:587\"", "587"),
        ("hello_name = \"vm\"", "hello_name"),
        ("timeout = \"bientôt\"", "timeout"),
        ("dkim_selector = \"jelly\"", "dkim_key_file"),
    ] {
        env.write(
            "jelly.toml",
            base.replace("[mail]", &format!("[mail]\n{extra}")),
        );
        let err = env.run(&["check"]).fails(2);
        assert!(
            err.contains("jelly.toml:") && err.contains(word),
            "{extra}: {err}"
        );
    }
}
