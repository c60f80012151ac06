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

/// `remind` (reading the session, appending to its journal) and `attend`
/// (rewriting the session file) at the same time, 20 times over: attend's
/// write is never lost, remind never fails on a half-written file, and
/// nobody gets a reminder twice.
#[test]
fn remind_and_attend_at_once_lose_no_write() {
    let server = MailServer::start();
    let env = TestEnv::smtp(&server.url());
    let id = env.schedule_anduze();
    let people = ["sebastien", "valerie", "edith"];
    for round in 0..20 {
        // The session's day, 3 h before it: the "3h" reminder is due, and
        // attendance can be recorded.
        let now = format!("2026-12-03T15:{:02}:00", 30 + round);
        let present = people[round % 3];
        let attend = env
            .run(&["--now", &now, "attend", &id, "--present", present, "--yes"])
            .spawn();
        let remind = env.run(&["--now", &now, "remind"]).spawn();
        for child in [attend, remind] {
            let out = finish(child);
            assert!(out.success(), "round {round}: {}", out.stderr);
        }
        let session = env.event(&id);
        assert_eq!(strings(&session["attended"]), [present], "round {round}");
        assert_eq!(session["status"].as_str(), Some("held"));
    }
    let sent: Vec<String> = env
        .journal(&id)
        .iter()
        .filter(|l| l["outcome"] == "sent")
        .map(|l| l["participant"].as_str().unwrap().to_string())
        .collect();
    let unique: std::collections::BTreeSet<&String> = sent.iter().collect();
    assert_eq!(unique.len(), sent.len(), "nobody reminded twice");
    assert_eq!(server.count(), sent.len());
    env.ok(&["check"]);
}
