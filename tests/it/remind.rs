//! `jelly remind` for cron, against the real loopback SMTP server: each
//! offset once, only the latest when several are due, nothing for those who
//! said no, silence when idle, retries after a failure, overlapping runs.

use crate::harness::*;

// The session is 2026-12-03 18:30 in Paris; reminders 7d, 1d and 3h before.
const IDLE: &str = "2026-11-24T09:00";
const WEEK_BEFORE: &str = "2026-11-27T10:00";
const DAY_BEFORE: &str = "2026-12-02T19:00";
const HOURS_BEFORE: &str = "2026-12-03T16:00";
const AFTER: &str = "2026-12-03T19:00";

fn remind(env: &TestEnv, now: &str) -> Outcome {
    env.output(&["--now", now, "remind"])
}

fn answer_no(env: &TestEnv, id: &str, participant: &str) {
    let path = format!("events/{id}.toml");
    let text = env.read(&path);
    env.write(
        &path,
        format!("{text}\n[rsvp.{participant}]\nanswer = \"no\"\nat = 2026-11-24T10:00:00\n"),
    );
}

fn offsets(env: &TestEnv, id: &str, participant: &str) -> Vec<String> {
    env.journal(id)
        .iter()
        .filter(|l| {
            l["participant"] == participant && l["kind"] == "reminder" && l["outcome"] == "sent"
        })
        .map(|l| l["offset"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn each_offset_is_sent_once_and_never_to_those_who_said_no() {
    let server = MailServer::start();
    let env = TestEnv::smtp(&server.url());
    let id = env.schedule_anduze();
    answer_no(&env, &id, "agnes");
    let expected = env.invitees();
    let reached = expected.len() - 1;

    let idle = remind(&env, IDLE);
    assert_eq!(idle.code, Some(0));
    assert!(
        idle.stdout.is_empty() && idle.stderr.is_empty(),
        "an idle run is silent"
    );
    assert_eq!(server.count(), 0);

    for (now, offset) in [
        (WEEK_BEFORE, "7d"),
        (DAY_BEFORE, "1d"),
        (HOURS_BEFORE, "3h"),
    ] {
        let before = server.count();
        remind(&env, now).ok();
        assert_eq!(server.count(), before + reached, "{offset}");
        // The same time again: nothing more, and silence.
        let again = remind(&env, now).ok();
        assert!(again.is_empty(), "{again}");
        assert_eq!(server.count(), before + reached);
    }
    assert!(remind(&env, AFTER).ok().is_empty());

    let all = server.received();
    assert!(
        !recipients(&all).contains(&expected["agnes"]),
        "agnes said no"
    );
    assert!(offsets(&env, &id, "agnes").is_empty());
    assert_eq!(offsets(&env, &id, "noemie"), ["7d", "1d", "3h"]);
    let last = all
        .iter()
        .rev()
        .find(|m| m.to == [expected["noemie"].clone()])
        .unwrap();
    let message = last.parse();
    assert!(message
        .decoded_header("Subject")
        .unwrap()
        .starts_with("Rappel : Jelly à Anduze"));
    let text = message.find("text/plain").unwrap().text();
    assert!(
        text.contains("Bonjour Noémie,") && text.contains("dans 3 heures"),
        "{text}"
    );
}

#[test]
fn only_the_latest_due_offset_is_sent_after_a_gap() {
    let server = MailServer::start();
    let env = TestEnv::smtp(&server.url());
    let id = env.schedule_anduze();
    remind(&env, HOURS_BEFORE).ok();
    assert_eq!(server.count(), env.invitees().len());
    assert_eq!(offsets(&env, &id, "noemie"), ["3h"]);
}

#[test]
fn a_server_down_exits_1_and_the_next_run_sends_what_was_missed() {
    let env = TestEnv::smtp(&format!("smtp://127.0.0.1:{}", closed_port()));
    let id = env.schedule_anduze();
    let err = remind(&env, WEEK_BEFORE).fails(1);
    assert!(!err.is_empty());
    assert!(env.journal(&id).is_empty());

    let server = MailServer::start();
    env.mail_config(&server.url(), "");
    remind(&env, "2026-11-28T10:00").ok();
    assert_eq!(server.count(), env.invitees().len());
    assert_eq!(offsets(&env, &id, "noemie"), ["7d"]);
}

#[test]
fn an_overlapping_run_exits_0_without_sending() {
    let server = MailServer::start();
    let env = TestEnv::smtp(&server.url());
    env.schedule_anduze();
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(env.file("events/.remind.lock"))
        .unwrap();
    lock.lock().unwrap();
    let out = remind(&env, WEEK_BEFORE);
    assert_eq!(out.code, Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(server.count(), 0);
    lock.unlock().unwrap();
    let dry = env.ok(&["--now", WEEK_BEFORE, "remind", "--dry-run"]);
    assert!(dry.contains("noemie"), "{dry}");
    assert_eq!(server.count(), 0, "a dry run sends nothing");
    remind(&env, WEEK_BEFORE).ok();
    assert_eq!(server.count(), env.invitees().len());
}

/// `remind` (reading the session, appending to its journal) and `rsvp`
/// (rewriting the session file) at the same time, 20 times over, each time
/// on a new session whose "3h" reminder is due: the answer is never lost,
/// remind never fails on a half-written file, and every invitee gets the
/// reminder exactly once. (`attend` would mark the session held, after
/// which remind rightly sends nothing: racing it proved nothing.)
#[test]
fn remind_and_a_session_write_at_once_lose_nothing() {
    let server = MailServer::start();
    let env = TestEnv::smtp(&server.url());
    let invitees = env.invitees();
    let people = ["sebastien", "valerie", "edith"];
    for round in 0..20 {
        let day = format!("2026-12-{:02}", 3 + round);
        let id = env.schedule(
            &format!("{day}T18:30"),
            Some("anduze-mediatheque"),
            Some("Le télétravail, ça marche ?"),
        );
        let now = format!("{day}T15:30");
        let person = people[round % 3];
        let rsvp = env
            .run(&["--now", &now, "rsvp", &id, person, "yes"])
            .spawn();
        let remind = env.run(&["--now", &now, "remind"]).spawn();
        for child in [rsvp, remind] {
            let out = finish(child);
            assert!(out.success(), "round {round}: {}", out.stderr);
            assert!(out.stderr.is_empty(), "round {round}: {}", out.stderr);
        }
        let session = env.event(&id);
        assert_eq!(
            session["rsvp"][person]["answer"].as_str(),
            Some("yes"),
            "round {round}: the answer was lost"
        );
        let sent: Vec<String> = env
            .journal(&id)
            .iter()
            .filter(|l| l["outcome"] == "sent")
            .map(|l| {
                assert_eq!(l["kind"].as_str(), Some("reminder"), "{l}");
                l["participant"].as_str().unwrap().to_string()
            })
            .collect();
        let unique: std::collections::BTreeSet<&String> = sent.iter().collect();
        assert_eq!(
            unique.len(),
            sent.len(),
            "round {round}: someone reminded twice"
        );
        assert_eq!(
            unique.into_iter().cloned().collect::<Vec<_>>(),
            invitees.keys().cloned().collect::<Vec<_>>(),
            "round {round}: every invitee reminded"
        );
    }
    assert_eq!(server.count(), 20 * invitees.len());
    env.ok(&["check"]);
}

/// Reminders are durations before the session's instant: across the change
/// of time of Sunday 25 October 2026 (03:00 summer time becomes 02:00),
/// "1d" before 18:30 on the 25th (17:30 UTC) is 17:30 UTC on the 24th,
/// which the clocks of Paris show as 19:30, summer time. (Worked out by
/// hand from the EU rule.) `--now` is the association's local time.
#[test]
fn reminders_across_a_change_of_time_count_real_hours() {
    let server = MailServer::start();
    let env = TestEnv::smtp(&server.url()).at("2026-10-01T09:00");
    let id = env.schedule("2026-10-25T18:30", Some("anduze-mediatheque"), None);
    let everyone = env.invitees().len();
    remind(&env, "2026-10-20T09:00").ok();
    assert_eq!(server.count(), everyone, "the 7d reminder");
    // 19:29 summer time on the 24th: 24 h 01 min before the session.
    assert_eq!(remind(&env, "2026-10-24T19:29").ok(), "");
    assert_eq!(server.count(), everyone, "1d is not due yet");
    remind(&env, "2026-10-24T19:30").ok();
    assert_eq!(server.count(), 2 * everyone, "the 1d reminder");
    assert_eq!(offsets(&env, &id, "noemie"), ["7d", "1d"]);
    // On the day, winter time: 3 h before 18:30 is 15:30.
    assert_eq!(remind(&env, "2026-10-25T15:29").ok(), "");
    remind(&env, "2026-10-25T15:30").ok();
    assert_eq!(offsets(&env, &id, "noemie"), ["7d", "1d", "3h"]);
}

/// `remind` killed (SIGKILL) while the server holds messages after DATA:
/// the next run finishes the job; everyone has the reminder, the only
/// copies are of the messages that were in flight, identical (same
/// Message-ID), and no later run sends anything.
#[test]
fn a_remind_killed_mid_run_is_finished_by_the_next_one() {
    let server = MailServer::start();
    server.set_delay(std::time::Duration::from_secs(2));
    let env = TestEnv::smtp(&server.url());
    let id = env.schedule_anduze();
    let invitees = env.invitees();
    assert!(env.read("jelly.toml").contains("connections = 4"));
    let mut child = env.run(&["--now", WEEK_BEFORE, "remind"]).spawn();
    // Every connection holds a message the server has not answered: no
    // more can reach it before the kill.
    server.wait_for_data_end(4);
    child.kill().unwrap();
    child.wait().unwrap();
    let in_flight = server.data_ends();
    assert_eq!(in_flight, 4, "killed mid-run");
    server.set_delay(std::time::Duration::ZERO);
    let (_, err) = remind(&env, WEEK_BEFORE).ok_with_stderr();
    assert!(err.is_empty() || err.contains("même Message-ID"), "{err}");
    // Wait for the held messages of the killed run to land too.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while server.count() < server.data_ends() {
        assert!(std::time::Instant::now() < deadline);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let mut ids: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        Default::default();
    for message in server.received() {
        let message_id = message.parse().header("Message-ID").unwrap();
        ids.entry(message.to[0].clone())
            .or_default()
            .insert(message_id);
    }
    assert_eq!(ids.len(), invitees.len(), "everyone reminded");
    assert!(ids.values().all(|set| set.len() == 1), "{ids:?}");
    assert!(
        server.count() - invitees.len() <= in_flight,
        "at most the in-flight copies"
    );
    assert_eq!(offsets(&env, &id, "noemie"), ["7d"]);
    // Nothing left to do.
    assert_eq!(remind(&env, WEEK_BEFORE).ok(), "");
    assert_eq!(server.count(), server.data_ends());
}
