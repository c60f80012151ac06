//! Exactly one invitation per person, what a message reveals, and the texts
//! and feed of issue 12: killed runs against a server that stalls after
//! DATA, nobody else's address in a message's headers or calendar, the old
//! date beside the new in an update, the agenda feed.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use crate::harness::{jelly_bin, MailServer, Part, Received, TestEnv, DATE, NOW};

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
    let (_, err) = env.run(&["--now", NOW, "invite", &id]).ok_with_stderr();

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
    // The journal, read as plain JSON lines (not with jelly's parser):
    // every attempt of the killed runs is followed by an outcome now.
    let uncertain = |lines: &[serde_json::Value]| -> usize {
        lines
            .iter()
            .enumerate()
            .filter(|(i, l)| {
                l["outcome"] == "attempt"
                    && !lines[i + 1..].iter().any(|later| {
                        later["participant"] == l["participant"]
                            && later["kind"] == l["kind"]
                            && later["outcome"] != "attempt"
                    })
            })
            .count()
    };
    assert_eq!(uncertain(&journal_lines(&env, &id)), 0);
    // The last run said how many it sent again. (Whether a kill left a send
    // uncertain depends on timing here; `a_kill_after_data_…` below makes
    // one on purpose.)
    let uncertain_before = uncertain(&lines);
    if uncertain_before > 0 {
        assert!(
            err.contains(&format!("{uncertain_before} message")),
            "{uncertain_before} uncertain: {err}"
        );
    } else {
        assert!(err.is_empty(), "{err}");
    }
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
    let out = env.run(&["unsubscribe-token", "noemie"]).ok();
    assert_eq!(
        out.lines().next(),
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

/// The crash bound of docs/mail.md, on an uncertain send made on purpose:
/// the server has received every byte of `connections` messages (the end
/// of DATA) and not answered yet when jelly is killed (SIGKILL). The rerun
/// sends those again and says so; the copies are byte-for-byte the same,
/// with the same Message-ID, and there are at most `connections` of them.
/// Then `invite --resend` sends one person's invitation again, still with
/// the same Message-ID.
#[test]
fn a_kill_after_data_resends_at_most_connections_identical_copies() {
    const CONNECTIONS: usize = 4;
    let server = MailServer::start();
    server.set_delay(Duration::from_secs(2));
    let env = smtp_env(&server.url());
    assert!(env.read("jelly.toml").contains("connections = 4"));
    let id = schedule(&env);
    let expected = env.invitees();
    let mut child = env.run(&["--now", NOW, "invite", &id]).spawn();
    // Every connection has handed a whole message over: kill now.
    server.wait_for_data_end(CONNECTIONS);
    child.kill().unwrap();
    child.wait().unwrap();
    let in_flight = server.data_ends();
    assert!((1..=CONNECTIONS).contains(&in_flight), "{in_flight}");
    // The server keeps what it had in full (as a real one may).
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while server.count() < in_flight {
        assert!(std::time::Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(10));
    }
    // The journal, read as plain JSON lines: attempts with no outcome after.
    let lines = journal_lines(&env, &id);
    let uncertain: BTreeSet<String> = lines
        .iter()
        .filter(|l| l["outcome"] == "attempt")
        .map(|l| l["participant"].as_str().unwrap().to_string())
        .filter(|who| {
            !lines
                .iter()
                .any(|l| l["participant"] == who.as_str() && l["outcome"] != "attempt")
        })
        .collect();
    assert_eq!(uncertain.len(), in_flight, "{lines:?}");

    server.set_delay(Duration::ZERO);
    let (out, err) = env.ok_with_stderr(&["--now", NOW, "invite", &id]);
    assert!(
        err.contains(&format!("{in_flight} message")) && err.contains("même Message-ID"),
        "{err}"
    );
    assert!(!out.is_empty());
    // Everyone has it; the copies are the uncertain ones, identical.
    let received = server.received();
    let mut by_person: BTreeMap<String, Vec<Vec<u8>>> = BTreeMap::new();
    for message in &received {
        by_person
            .entry(message.to[0].clone())
            .or_default()
            .push(message.data.clone());
    }
    assert_eq!(
        by_person.keys().cloned().collect::<BTreeSet<_>>(),
        expected.values().cloned().collect()
    );
    let copies = received.len() - expected.len();
    assert_eq!(copies, in_flight);
    assert!(copies <= CONNECTIONS);
    for (who, messages) in &by_person {
        let id_of = |raw: &[u8]| Part::parse(raw).header("Message-ID").unwrap();
        let twice = uncertain.iter().any(|p| expected[p] == *who);
        assert_eq!(messages.len(), if twice { 2 } else { 1 }, "{who}");
        if twice {
            assert_eq!(id_of(&messages[0]), id_of(&messages[1]), "{who}");
            let lines = |raw: &[u8]| -> Vec<String> {
                String::from_utf8_lossy(raw)
                    .lines()
                    .map(str::to_string)
                    .collect()
            };
            let (a, b) = (lines(&messages[0]), lines(&messages[1]));
            let differ: Vec<(&String, &String)> =
                a.iter().zip(&b).filter(|(x, y)| x != y).collect();
            assert!(
                messages[0] == messages[1],
                "{who}: the copy differs: {differ:?}"
            );
        }
    }
    // --resend: one more copy for Noémie, with her Message-ID.
    let noemie = &expected["noemie"];
    let first = Part::parse(&by_person[noemie][0])
        .header("Message-ID")
        .unwrap();
    env.ok(&["--now", NOW, "invite", &id, "--resend", "--only", "noemie"]);
    let received = server.received();
    let hers: Vec<&Received> = received.iter().filter(|m| m.to[0] == *noemie).collect();
    assert_eq!(hers.len(), by_person[noemie].len() + 1);
    let last = Part::parse(&hers.last().unwrap().data)
        .header("Message-ID")
        .unwrap();
    assert_eq!(last, first, "--resend keeps the Message-ID");
}
