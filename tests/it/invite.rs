//! Sessions and invitations against a real SMTP server on 127.0.0.1:
//! schedule, invite, rerun, cancel, refusals, a server down, a killed run,
//! STARTTLS, and the file transport of the demo.

use std::collections::{BTreeMap, BTreeSet};

use icalendar::{Component, EventLike};

use crate::harness::{stderr, stdout, TestEnv};
use crate::mailserver::{closed_port, MailServer, Part, Received};

pub const NOW: &str = "2026-11-23T09:00";
pub const DATE: &str = "2026-12-03T18:30";

/// The demo association, sending through `url` (plain SMTP, loopback).
pub fn smtp_env(url: &str, extra: &str) -> TestEnv {
    let env = TestEnv::demo();
    write_config(&env, url, extra);
    env
}

pub fn write_config(env: &TestEnv, url: &str, extra: &str) {
    env.write(
        "jelly.toml",
        &format!(
            "[association]\nname = \"Jelly Gard-Lozère\"\ntimezone = \"Europe/Paris\"\n\n\
             [mail]\nfrom = \"Jelly Gard-Lozère <contact@jelly.example.org>\"\n\
             transport = \"smtp\"\nsmtp_url = \"{url}\"\ntls = \"none\"\nconnections = 4\n\
             reminders = [\"7d\", \"1d\", \"3h\"]\n{extra}"
        ),
    );
}

/// Schedules the test session at Anduze and returns its id.
pub fn schedule(env: &TestEnv) -> String {
    let out = env
        .jelly()
        .args(["--now", NOW, "schedule", "--date", DATE])
        .args([
            "--venue",
            "anduze-mediatheque",
            "--theme",
            "Le télétravail, ça marche ?",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let id = stdout(&out).trim().to_string();
    assert_eq!(id, "2026-12-03-anduze");
    id
}

/// participant id → email, for the active participants who have one.
pub fn invitees(env: &TestEnv) -> BTreeMap<String, String> {
    let out = env
        .jelly()
        .args(["participants", "--format", "json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .filter(|p| p["active"].as_bool().unwrap_or(true))
        .filter_map(|p| {
            Some((
                p["id"].as_str()?.to_string(),
                p["email"].as_str()?.to_string(),
            ))
        })
        .collect()
}

pub fn journal(env: &TestEnv, id: &str) -> Vec<serde_json::Value> {
    std::fs::read_to_string(env.file(&format!("events/{id}.journal")))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// Recipients of the received messages, each message having exactly one.
pub fn recipients(received: &[Received]) -> Vec<String> {
    received
        .iter()
        .map(|m| {
            assert_eq!(m.to.len(), 1, "one recipient per message");
            m.to[0].clone()
        })
        .collect()
}

/// The message sent to `email`, parsed.
fn message_to(received: &[Received], email: &str) -> Part {
    let raw = received
        .iter()
        .find(|m| m.to == [email.to_string()])
        .unwrap_or_else(|| panic!("no message to {email}"));
    Part::parse(&raw.data)
}

/// The calendar part, parsed by the icalendar crate; also checks that the
/// Content-Type's method= equals the METHOD inside.
fn calendar(message: &Part) -> icalendar::Calendar {
    let part = message.find("text/calendar").expect("a text/calendar part");
    let text = part.text();
    let calendar: icalendar::Calendar = text.parse().expect("icalendar parses it");
    let method = crate::mailserver::parameter(&part.header("Content-Type").unwrap(), "method")
        .expect("method= on the calendar part");
    assert_eq!(calendar.property_value("METHOD"), Some(method.as_str()));
    calendar
}

fn the_event(calendar: &icalendar::Calendar) -> &icalendar::Event {
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .collect();
    assert_eq!(events.len(), 1);
    events[0]
}

#[test]
fn invitations_reach_every_invitee_once_and_cancel_reaches_the_same_people() {
    let server = MailServer::start();
    let env = smtp_env(&server.url(), "");
    let id = schedule(&env);
    let expected = invitees(&env);
    assert!(expected.len() >= 10);

    let out = env
        .jelly()
        .args(["--now", NOW, "invite", &id])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("pas d'email"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("Thierry"),
        "the participant without email is listed"
    );

    let received = server.received();
    let got: BTreeSet<String> = recipients(&received).into_iter().collect();
    assert_eq!(got.len(), received.len(), "nobody got two");
    assert_eq!(got, expected.values().cloned().collect::<BTreeSet<_>>());

    let noemie = message_to(&received, &expected["noemie"]);
    assert_eq!(noemie.mime_type(), "multipart/mixed");
    assert_eq!(noemie.parts[0].mime_type(), "multipart/alternative");
    let alternatives: Vec<String> = noemie.parts[0]
        .parts
        .iter()
        .map(|p| p.mime_type())
        .collect();
    assert_eq!(alternatives, ["text/plain", "text/html", "text/calendar"]);
    let attachment = &noemie.parts[1];
    assert!(attachment
        .header("Content-Disposition")
        .unwrap()
        .contains("invite.ics"));
    let subject = noemie.decoded_header("Subject").unwrap();
    assert_eq!(subject, "Jelly à Anduze, jeudi 3 décembre 2026 à 18:30");
    assert!(noemie.decoded_header("To").unwrap().contains("Noémie"));
    assert!(noemie
        .header("List-Unsubscribe")
        .unwrap()
        .contains("mailto:contact@jelly.example.org"));
    assert!(noemie.header("Message-ID").is_some() && noemie.header("Date").is_some());
    let text = noemie.find("text/plain").unwrap().text();
    assert!(text.contains("Bonjour Noémie,"), "{text}");
    assert!(text.contains("« Le télétravail, ça marche ? »"));
    assert!(text.contains("Médiathèque d'Anduze"));
    assert!(text.contains("km depuis"));
    assert!(text.contains("Vous recevez ce message parce que"));
    let html = noemie.find("text/html").unwrap().text();
    assert!(html.contains("Bonjour Noémie,"));

    let cal = calendar(&noemie);
    assert_eq!(cal.property_value("METHOD"), Some("REQUEST"));
    let event = the_event(&cal);
    let uid = event.get_uid().unwrap().to_string();
    assert_eq!(uid, format!("{id}@jelly.example.org"));
    assert_eq!(event.property_value("SEQUENCE"), Some("0"));
    // 18:30 in Paris in December is 17:30 UTC.
    assert_eq!(event.property_value("DTSTART"), Some("20261203T173000Z"));
    assert!(event.get_location().unwrap().contains("Médiathèque d"));
    assert!(event.property_value("GEO").is_some());
    assert!(event
        .property_value("ORGANIZER")
        .unwrap()
        .contains("contact@jelly.example.org"));
    let attendees: Vec<&str> = event
        .multi_properties()
        .get("ATTENDEE")
        .map(|list| list.iter().map(|p| p.value()).collect())
        .unwrap_or_default();
    assert_eq!(attendees, [format!("mailto:{}", expected["noemie"])]);
    let attached: icalendar::Calendar = attachment.text().parse().unwrap();
    assert_eq!(the_event(&attached).get_uid(), Some(uid.as_str()));

    let lines = journal(&env, &id);
    assert_eq!(lines.len(), expected.len());
    assert!(lines
        .iter()
        .all(|l| l["outcome"] == "sent" && l["kind"] == "invitation"));
    assert!(lines
        .iter()
        .all(|l| l["message_id"].as_str().unwrap().starts_with('<')));

    // A rerun sends nothing.
    let again = env
        .jelly()
        .args(["--now", NOW, "invite", &id])
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(server.count(), expected.len());

    // Cancel: exactly those invited, same UID, SEQUENCE 1, METHOD:CANCEL; the
    // file keeps its comment.
    let path = format!("events/{id}.toml");
    env.write(
        &path,
        &format!("# prévu avec la mairie\n{}", env.read(&path)),
    );
    let out = env
        .jelly()
        .args([
            "--now",
            NOW,
            "cancel",
            &id,
            "--reason",
            "salle indisponible, désolé",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let file = env.read(&path);
    assert!(file.starts_with("# prévu avec la mairie\n"));
    assert!(file.contains("status = \"cancelled\""));
    assert!(file.contains("sequence = 1"));
    let all = server.received();
    let cancellations = &all[expected.len()..];
    let got: BTreeSet<String> = recipients(cancellations).into_iter().collect();
    assert_eq!(got.len(), cancellations.len());
    assert_eq!(got, expected.values().cloned().collect::<BTreeSet<_>>());
    let cancel = message_to(cancellations, &expected["noemie"]);
    let cal = calendar(&cancel);
    assert_eq!(cal.property_value("METHOD"), Some("CANCEL"));
    let event = the_event(&cal);
    assert_eq!(event.get_uid(), Some(uid.as_str()));
    assert_eq!(event.property_value("SEQUENCE"), Some("1"));
    assert_eq!(event.property_value("STATUS"), Some("CANCELLED"));
    assert!(cancel
        .find("text/plain")
        .unwrap()
        .text()
        .contains("salle indisponible, désolé"));
    // Cancelling again sends nothing more; inviting is refused.
    let again = env
        .jelly()
        .args(["--now", NOW, "cancel", &id])
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(server.count(), 2 * expected.len());
    let refused = env
        .jelly()
        .args(["--now", NOW, "invite", &id])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn reschedule_sends_an_update_with_the_next_sequence() {
    let server = MailServer::start();
    let env = smtp_env(&server.url(), "");
    let id = schedule(&env);
    let expected = invitees(&env);
    let only = "noemie,agnes,thierry";
    let out = env
        .jelly()
        .args(["--now", NOW, "invite", &id, "--only", only])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.count(), 2, "thierry has no email");
    let out = env
        .jelly()
        .args([
            "--now",
            NOW,
            "reschedule",
            &id,
            "--date",
            "2026-12-10T18:00",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let all = server.received();
    assert_eq!(
        all.len(),
        4,
        "the update goes only to those already invited"
    );
    let update = message_to(&all[2..], &expected["agnes"]);
    assert!(update
        .decoded_header("Subject")
        .unwrap()
        .starts_with("Modifiée"));
    let cal = calendar(&update);
    let event = the_event(&cal);
    assert_eq!(
        event.get_uid(),
        Some(format!("{id}@jelly.example.org").as_str())
    );
    assert_eq!(event.property_value("SEQUENCE"), Some("1"));
    assert_eq!(event.property_value("DTSTART"), Some("20261210T170000Z"));
    assert!(env
        .read(&format!("events/{id}.toml"))
        .contains("date = 2026-12-10T18:00:00"));
    // The others now get the invitation at SEQUENCE 1; the first two nothing.
    let out = env
        .jelly()
        .args(["--now", NOW, "invite", &id])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.count(), 4 + expected.len() - 2);
    let noemie_count = recipients(&server.received())
        .iter()
        .filter(|r| **r == expected["noemie"])
        .count();
    assert_eq!(noemie_count, 2);
}

#[test]
fn a_refused_recipient_is_journaled_as_failed_and_a_rerun_completes() {
    let server = MailServer::start();
    let env = smtp_env(&server.url(), "");
    let id = schedule(&env);
    let expected = invitees(&env);
    server.refuse(&expected["gaetan"]);
    let out = env
        .jelly()
        .args(["--now", NOW, "invite", &id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&expected["gaetan"]),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.count(), expected.len() - 1);
    let lines = journal(&env, &id);
    let failed: Vec<_> = lines.iter().filter(|l| l["outcome"] == "failed").collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["participant"], "gaetan");
    assert!(
        failed[0]["error"].as_str().unwrap().contains("550"),
        "{:?}",
        failed[0]
    );
    assert_eq!(
        lines.iter().filter(|l| l["outcome"] == "sent").count(),
        expected.len() - 1
    );

    server.accept_all();
    let out = env
        .jelly()
        .args(["--now", NOW, "invite", &id])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let all = recipients(&server.received());
    assert_eq!(all.len(), expected.len());
    assert_eq!(all.last().unwrap(), &expected["gaetan"]);
}

#[test]
fn a_server_down_journals_nothing_and_a_later_run_sends_everything() {
    let env = smtp_env(&format!("smtp://127.0.0.1:{}", closed_port()), "");
    let id = schedule(&env);
    let out = env
        .jelly()
        .args(["--now", NOW, "invite", &id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("envoi interrompu"),
        "{}",
        stderr(&out)
    );
    assert!(journal(&env, &id).iter().all(|l| l["outcome"] != "sent"));

    let server = MailServer::start();
    write_config(&env, &server.url(), "");
    let out = env
        .jelly()
        .args(["--now", NOW, "invite", &id])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.count(), invitees(&env).len());
}

#[test]
fn a_killed_run_then_a_rerun_gives_everybody_one_invitation() {
    let server = MailServer::start();
    server.set_delay(std::time::Duration::from_millis(150));
    let env = smtp_env(&server.url(), "");
    write_config(&env, &server.url(), "");
    let config = env
        .read("jelly.toml")
        .replace("connections = 4", "connections = 1");
    env.write("jelly.toml", &config);
    let id = schedule(&env);
    let expected = invitees(&env);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("jelly"))
        .env_clear()
        .arg("--data")
        .arg(env.path())
        .args(["--now", NOW, "invite", &id])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while server.count() < 4 && started.elapsed() < std::time::Duration::from_secs(30) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = server.count();
    assert!(
        before >= 4 && before < expected.len(),
        "killed mid-run ({before})"
    );

    server.set_delay(std::time::Duration::ZERO);
    let out = env
        .jelly()
        .args(["--now", NOW, "invite", &id])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in recipients(&server.received()) {
        *counts.entry(r).or_default() += 1;
    }
    assert_eq!(
        counts.keys().cloned().collect::<BTreeSet<_>>(),
        expected.values().cloned().collect()
    );
    let duplicated = counts.values().filter(|&&c| c > 1).count();
    assert!(
        duplicated <= 1,
        "at most the message in flight twice: {counts:?}"
    );
    assert!(counts.values().all(|&c| c <= 2));
}

#[test]
fn starttls_with_a_private_certificate_authority() {
    let dir = tempfile::tempdir().unwrap();
    let server = MailServer::start_tls(dir.path());
    let env = smtp_env(&server.url(), "");
    let config = env
        .read("jelly.toml")
        .replace("tls = \"none\"", "tls = \"starttls\"");
    env.write("jelly.toml", &config);
    let id = schedule(&env);
    // Without trusting the CA: a clear TLS failure, exit 1, nothing journaled.
    let out = env
        .jelly()
        .args(["--now", NOW, "invite", &id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(server.count(), 0);
    assert!(journal(&env, &id).is_empty());
    let out = env
        .jelly()
        .env("JELLY_SMTP_CA_FILE", server.ca_file.as_ref().unwrap())
        .args(["--now", NOW, "invite", &id])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(server.count(), invitees(&env).len());
    let noemie = message_to(&server.received(), "noemie@example.org");
    assert!(noemie.find("text/plain").unwrap().text().contains("Noémie"));
}

#[test]
fn plain_smtp_to_a_remote_host_is_refused() {
    let env = smtp_env("smtp://smtp.example.org:25", "");
    let out = env.jelly().arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("jelly.toml"), "{}", stderr(&out));
}

#[test]
fn the_demo_invites_into_its_outbox_without_a_server() {
    let env = TestEnv::demo();
    let id = schedule(&env);
    let dry = env
        .jelly()
        .args(["--now", NOW, "invite", &id, "--dry-run"])
        .output()
        .unwrap();
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(stdout(&dry).contains("BEGIN:VCALENDAR"));
    assert!(!env.file("outbox").exists(), "a dry run sends nothing");
    let out = env
        .jelly()
        .args(["--now", NOW, "invite", &id])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let files: Vec<_> = std::fs::read_dir(env.file("outbox")).unwrap().collect();
    assert_eq!(files.len(), invitees(&env).len());
    let path = files[0].as_ref().unwrap().path();
    let message = Part::parse(&std::fs::read(path).unwrap());
    calendar(&message);
}

#[test]
fn schedule_refuses_the_past_and_unknown_venues() {
    let env = TestEnv::demo();
    let out = env
        .jelly()
        .args(["--now", NOW, "schedule", "--date", "2026-01-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--force"));
    let out = env
        .jelly()
        .args([
            "--now",
            NOW,
            "schedule",
            "--date",
            DATE,
            "--venue",
            "anduze-mediateque",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("anduze-mediatheque"),
        "{}",
        stderr(&out)
    );
    let out = env
        .jelly()
        .args(["--now", NOW, "schedule", "--date", DATE])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let id = stdout(&out).trim().to_string();
    let text = env.read(&format!("events/{id}.toml"));
    assert!(text.contains("status = \"planned\""));
    let check = env.jelly().arg("check").output().unwrap();
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn two_invite_runs_at_once_never_send_twice() {
    let server = MailServer::start();
    server.set_delay(std::time::Duration::from_millis(20));
    let env = smtp_env(&server.url(), "");
    let id = schedule(&env);
    let spawn = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("jelly"))
            .env_clear()
            .arg("--data")
            .arg(env.path())
            .args(["--now", NOW, "invite", &id])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let (mut first, mut second) = (spawn(), spawn());
    assert!(first.wait().unwrap().success());
    assert!(second.wait().unwrap().success());
    let all = recipients(&server.received());
    let unique: BTreeSet<&String> = all.iter().collect();
    assert_eq!(all.len(), unique.len(), "nobody got two");
    assert_eq!(all.len(), invitees(&env).len());
    assert_eq!(journal(&env, &id).len(), all.len());
}

#[test]
fn only_refuses_people_not_invited() {
    let env = TestEnv::demo();
    let id = schedule(&env);
    let out = env
        .jelly()
        .args(["--now", NOW, "invite", &id, "--only", "noemie,personne"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("personne"), "{}", stderr(&out));
    assert!(!env.file("outbox").exists());
}

#[test]
fn a_past_session_is_not_invited_to() {
    let env = TestEnv::demo();
    let id = schedule(&env);
    let before = env.snapshot();
    let out = env
        .jelly()
        .args(["--now", "2026-12-04T09:00", "invite", &id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("a déjà eu lieu"), "{}", stderr(&out));
    assert_eq!(env.snapshot(), before, "nothing sent, nothing written");
}
