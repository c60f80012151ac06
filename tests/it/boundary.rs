//! The boundary under attack (issue 23): nothing in a mailbox may crash
//! `jelly inbox`, write what `check` refuses, or change someone else's
//! data. Each test is an attack that worked before, through the binary.

use std::time::{Duration, Instant};

use crate::harness::TestEnv;
use crate::inbox::{
    answers, deliver_at, files_in, fixture, inbox, json, maildir_env, person, EVENT, EVENT_FILE,
    NOW,
};

/// Seconds since 1970 of an RFC 3339 time.
fn at(time: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(time)
        .unwrap()
        .timestamp()
}

/// A calendar REPLY to the session of Alès from `from`, naming these
/// attendees (the value after `ATTENDEE…:`, and the PARTSTAT).
fn reply(id: &str, from: &str, date: &str, attendees: &[(&str, &str)]) -> Vec<u8> {
    reply_to(id, from, date, EVENT, attendees)
}

fn reply_to(id: &str, from: &str, date: &str, event: &str, attendees: &[(&str, &str)]) -> Vec<u8> {
    let lines: String = attendees
        .iter()
        .map(|(value, partstat)| format!("ATTENDEE;PARTSTAT={partstat}:{value}\r\n"))
        .collect();
    format!(
        "Message-ID: <{id}>\r\nDate: {date}\r\nMIME-Version: 1.0\r\nFrom: {from}\r\n\
         To: contact@jelly-gard-lozere.example.org\r\nSubject: Re: Jelly\r\n\
         Content-Type: text/calendar; charset=UTF-8; method=REPLY\r\n\r\n\
         BEGIN:VCALENDAR\r\nPRODID:-//test//EN\r\nVERSION:2.0\r\nMETHOD:REPLY\r\n\
         BEGIN:VEVENT\r\nDTSTAMP:20261201T133045Z\r\n\
         UID:{event}@jelly-gard-lozere.example.org\r\n{lines}SEQUENCE:1\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    .into_bytes()
}

fn answer_of(env: &TestEnv, id: &str) -> Option<(String, String)> {
    answers(env)
        .into_iter()
        .find(|(p, _, _)| p == id)
        .map(|(_, answer, at)| (answer, at))
}

fn whys(report: &serde_json::Value) -> Vec<String> {
    let mut whys: Vec<String> = report["needs_a_person"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["why"].as_str().unwrap().to_string())
        .collect();
    whys.sort();
    whys
}

/// `check` accepts the data directory (exit 0).
fn check_passes(env: &TestEnv) {
    let out = env.run(&["--now", NOW, "check"]).output();
    assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
}

// ---- §1: no mail can crash inbox or brick the data ----

#[test]
fn an_attendee_without_mailto_and_a_multibyte_character_does_not_panic() {
    let env = maildir_env();
    let t = at("2026-12-01T10:00:00Z");
    deliver_at(
        &env,
        t,
        "a",
        &reply(
            "umlaut@x",
            "emmanuel@example.org",
            "Tue, 1 Dec 2026 11:00:00 +0100",
            &[("emmanuël@example.org", "ACCEPTED")],
        ),
    );
    deliver_at(
        &env,
        t + 60,
        "b",
        &reply(
            "valerie@x",
            "valerie@example.org",
            "Tue, 1 Dec 2026 11:01:00 +0100",
            &[("mailto:valerie@example.org", "DECLINED")],
        ),
    );
    let report = json(&inbox(&env, &["--format", "json"]));
    assert_eq!(whys(&report), ["unknown_sender"], "{report:#}");
    // The next message of the same run is handled.
    assert_eq!(
        answer_of(&env, "valerie"),
        Some(("no".into(), "2026-12-01T11:01:00".into()))
    );
}

#[test]
fn a_header_date_is_never_recorded_the_server_s_receive_time_is() {
    let env = maildir_env();
    // Year 9999 (TOML cannot hold 10000-01-01 once shifted) and 2100 (to
    // pin an answer against every later one), received on 1 December.
    deliver_at(
        &env,
        at("2026-12-01T10:00:00Z"),
        "a",
        &reply(
            "far@x",
            "marie-france@example.org",
            "Fri, 31 Dec 9999 23:00:00 -1200",
            &[("mailto:marie-france@example.org", "ACCEPTED")],
        ),
    );
    deliver_at(
        &env,
        at("2026-12-01T10:05:00Z"),
        "b",
        &reply(
            "pinned@x",
            "valerie@example.org",
            "Fri, 1 Jan 2100 00:00:00 +0000",
            &[("mailto:valerie@example.org", "ACCEPTED")],
        ),
    );
    // A file name without a delivery time, and a time in the future: now.
    std::fs::write(
        env.file("Maildir/new/no-time.host"),
        reply(
            "notime@x",
            "sebastien@example.org",
            "Fri, 31 Dec 9999 23:00:00 -1200",
            &[("mailto:sebastien@example.org", "DECLINED")],
        ),
    )
    .unwrap();
    deliver_at(
        &env,
        at("2099-01-01T00:00:00Z"),
        "future",
        &reply(
            "future@x",
            "celine@example.org",
            "Fri, 31 Dec 9999 23:00:00 -1200",
            &[("mailto:celine@example.org", "DECLINED")],
        ),
    );
    json(&inbox(&env, &["--format", "json"]));
    assert_eq!(
        answer_of(&env, "marie-france"),
        Some(("yes".into(), "2026-12-01T11:00:00".into()))
    );
    assert_eq!(
        answer_of(&env, "valerie"),
        Some(("yes".into(), "2026-12-01T11:05:00".into()))
    );
    assert_eq!(
        answer_of(&env, "sebastien"),
        Some(("no".into(), "2026-12-03T09:00:00".into()))
    );
    assert_eq!(
        answer_of(&env, "celine"),
        Some(("no".into(), "2026-12-03T09:00:00".into()))
    );
    check_passes(&env);
    // Valérie's genuine later answer is not pinned by the 2100 one.
    deliver_at(
        &env,
        at("2026-12-02T10:00:00Z"),
        "c",
        &reply(
            "later@x",
            "valerie@example.org",
            "Wed, 2 Dec 2026 11:00:00 +0100",
            &[("mailto:valerie@example.org", "DECLINED")],
        ),
    );
    json(&inbox(&env, &["--format", "json"]));
    assert_eq!(
        answer_of(&env, "valerie"),
        Some(("no".into(), "2026-12-02T11:00:00".into()))
    );
    for command in [
        &["next"][..],
        &["remind", "--dry-run"],
        &["invite", EVENT, "--dry-run"],
    ] {
        let out = env.run(&[&["--now", NOW][..], command].concat()).output();
        assert_ne!(out.code, Some(2), "{command:?}: {}", out.stderr);
    }
}

#[test]
fn a_bounce_dated_9999_marks_the_day_it_was_received_and_does_not_loop() {
    let env = maildir_env();
    let bounce = String::from_utf8(fixture("postfix-bounce.eml"))
        .unwrap()
        .replace(
            "Date: Wed, 2 Dec 2026 07:12:33 +0100 (CET)",
            "Date: Fri, 31 Dec 9999 23:00:00 -1200",
        );
    deliver_at(
        &env,
        at("2026-12-02T06:12:33Z"),
        "bounce",
        bounce.as_bytes(),
    );
    let report = json(&inbox(&env, &["--format", "json"]));
    assert_eq!(report["bounced"][0]["date"], "2026-12-02", "{report:#}");
    let participants: toml::Table = env.read("participants.toml").parse().unwrap();
    assert_eq!(
        person(&participants, "jean-luc")["bounced"].to_string(),
        "2026-12-02"
    );
    check_passes(&env);
    let again = inbox(&env, &[]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert_eq!(again.stdout, "");
    assert_eq!(files_in(&env, "new").len(), 0);
}

#[test]
fn unreadable_entries_of_the_maildir_are_listed_and_skipped_never_the_run() {
    let env = maildir_env();
    let new = env.file("Maildir/new");
    std::os::unix::fs::symlink("/nonexistent/message", new.join("1764583200.dangling.host"))
        .unwrap();
    std::fs::create_dir(new.join("1764583201.folder.host")).unwrap();
    let fifo = new.join("1764583202.fifo.host");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // Larger than the 25 MiB limit (a sparse file: nothing is written).
    let big = std::fs::File::create(new.join("1764583203.big.host")).unwrap();
    big.set_len(25 * 1024 * 1024 + 1).unwrap();
    deliver_at(
        &env,
        at("2026-12-01T10:00:00Z"),
        "good",
        &reply(
            "good@x",
            "valerie@example.org",
            "Tue, 1 Dec 2026 11:00:00 +0100",
            &[("mailto:valerie@example.org", "ACCEPTED")],
        ),
    );
    // A FIFO once hung jelly forever, holding the lock: give it a minute.
    let mut child = env
        .run(&["--now", NOW, "inbox", "--format", "json"])
        .command()
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("jelly inbox hangs on a FIFO in new/");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = crate::harness::finish(child);
    assert!(status.success(), "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        whys(&report),
        ["not_a_file", "not_a_file", "not_a_file", "too_large"],
        "{report:#}"
    );
    assert_eq!(
        answer_of(&env, "valerie"),
        Some(("yes".into(), "2026-12-01T11:00:00".into()))
    );
    // Listed once: the next run is silent.
    let again = inbox(&env, &[]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert_eq!(again.stdout, "");
}

#[test]
fn a_huge_subject_with_escape_sequences_is_escaped_cut_and_quick() {
    let env = maildir_env();
    let subject = format!("\x1b[2J\x1b]0;pwned\x07{}", "é".repeat(5_000_000));
    let message = format!(
        "Message-ID: <huge@x>\r\nFrom: someone@example.org\r\nSubject: {subject}\r\n\r\nhello\r\n"
    );
    deliver_at(&env, at("2026-12-01T10:00:00Z"), "huge", message.as_bytes());
    let start = Instant::now();
    let out = inbox(&env, &["--dry-run"]);
    let took = start.elapsed();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        !out.stdout.contains('\x1b'),
        "raw escape reaches the terminal"
    );
    assert!(!out.stdout.contains('\x07'));
    assert!(out.stdout.contains("\\u{1b}[2J"), "{}", out.stdout);
    assert!(out.stdout.len() < 10_000, "{} bytes", out.stdout.len());
    assert!(took < Duration::from_secs(8), "{took:?}");
    let out = inbox(&env, &["--format", "json"]);
    let report = json(&out);
    let shown = report["needs_a_person"][0]["subject"].as_str().unwrap();
    assert!(shown.starts_with("\\u{1b}[2J"), "{shown}");
    assert!(shown.chars().count() < 200, "{shown}");
}

// ---- §2: nobody changes someone else's data through the mailbox ----

#[test]
fn a_reply_from_another_address_is_listed_until_a_person_accepts_it_once() {
    let env = maildir_env();
    deliver_at(
        &env,
        at("2026-12-01T10:00:00Z"),
        "forged",
        &reply(
            "forged@evil.example",
            "attacker@evil.example",
            "Fri, 1 Jan 2100 00:00:00 +0000",
            &[("mailto:marie-france@example.org", "DECLINED")],
        ),
    );
    let report = json(&inbox(&env, &["--format", "json"]));
    assert!(report["rsvp"].as_array().unwrap().is_empty(), "{report:#}");
    let line = &report["needs_a_person"][0];
    assert_eq!(line["why"], "sender_not_attendee");
    assert_eq!(line["message_id"], "<forged@evil.example>");
    assert_eq!(
        line["accept"],
        "jelly inbox --accept '<forged@evil.example>'"
    );
    assert_eq!(env.read(&format!("events/{EVENT}.toml")), EVENT_FILE);
    // The table says which command records it.
    std::fs::remove_file(env.file("inbox.journal")).unwrap();
    let out = inbox(&env, &[]);
    assert!(
        out.stdout
            .contains("jelly inbox --accept '<forged@evil.example>'"),
        "{}",
        out.stdout
    );

    // An organiser who knows it is Marie-France's other address accepts it.
    let out = inbox(
        &env,
        &["--accept", "<forged@evil.example>", "--format", "json"],
    );
    let report = json(&out);
    assert_eq!(
        report["rsvp"][0]["participant"], "marie-france",
        "{report:#}"
    );
    assert_eq!(report["rsvp"][0]["alias"], "attacker@evil.example");
    assert_eq!(
        answer_of(&env, "marie-france"),
        Some(("no".into(), "2026-12-01T11:00:00".into()))
    );
    let participants: toml::Table = env.read("participants.toml").parse().unwrap();
    assert_eq!(
        person(&participants, "marie-france")["aliases"]
            .as_array()
            .unwrap()[0]
            .as_str(),
        Some("attacker@evil.example")
    );
    check_passes(&env);
    // From now on that address answers for her without a confirmation.
    deliver_at(
        &env,
        at("2026-12-02T10:00:00Z"),
        "again",
        &reply(
            "again@evil.example",
            "Attacker@Evil.example",
            "Wed, 2 Dec 2026 11:00:00 +0100",
            &[("mailto:marie-france@example.org", "ACCEPTED")],
        ),
    );
    json(&inbox(&env, &["--format", "json"]));
    assert_eq!(
        answer_of(&env, "marie-france"),
        Some(("yes".into(), "2026-12-02T11:00:00".into()))
    );
    // An id that is not in the mailbox is a usage error.
    let out = inbox(&env, &["--accept", "<nowhere@x>"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("<nowhere@x>"), "{}", out.stderr);
}

#[test]
fn a_member_cannot_answer_for_another_and_several_attendees_count_only_the_sender() {
    let env = maildir_env();
    // Sébastien's reply names Marie-France too: only his own answer counts.
    deliver_at(
        &env,
        at("2026-12-01T10:00:00Z"),
        "several",
        &reply(
            "several@x",
            "sebastien@example.org",
            "Tue, 1 Dec 2026 11:00:00 +0100",
            &[
                ("mailto:marie-france@example.org", "DECLINED"),
                ("mailto:sebastien@example.org", "ACCEPTED"),
            ],
        ),
    );
    // Valérie answering for Céline alone.
    deliver_at(
        &env,
        at("2026-12-01T10:01:00Z"),
        "other",
        &reply(
            "other@x",
            "valerie@example.org",
            "Tue, 1 Dec 2026 11:01:00 +0100",
            &[("mailto:celine@example.org", "DECLINED")],
        ),
    );
    let report = json(&inbox(&env, &["--format", "json"]));
    assert_eq!(
        answer_of(&env, "sebastien"),
        Some(("yes".into(), "2026-12-01T11:00:00".into()))
    );
    assert_eq!(answer_of(&env, "marie-france"), None);
    assert_eq!(answer_of(&env, "celine"), None);
    assert_eq!(answer_of(&env, "valerie"), None);
    assert_eq!(
        whys(&report),
        ["other_attendees", "sender_not_attendee"],
        "{report:#}"
    );
}

#[test]
fn a_reply_to_a_past_session_is_listed_never_rewrites_history() {
    let env = maildir_env();
    let held = "2014-01-23-saint-christol-lez-ales";
    let before = env.read(&format!("events/{held}.toml"));
    let id = before
        .lines()
        .find(|l| l.starts_with("invited"))
        .and_then(|l| l.split('"').nth(1))
        .unwrap()
        .to_string();
    let email = format!("{id}@example.org");
    let participants = env.read("participants.toml");
    assert!(participants.contains(&email), "{id}");
    deliver_at(
        &env,
        at("2026-12-01T10:00:00Z"),
        "old",
        &reply_to(
            "old@x",
            &email,
            "Tue, 1 Dec 2026 11:00:00 +0100",
            held,
            &[(&format!("mailto:{email}"), "DECLINED")],
        ),
    );
    let report = json(&inbox(&env, &["--format", "json"]));
    assert_eq!(whys(&report), ["past_session"], "{report:#}");
    assert_eq!(env.read(&format!("events/{held}.toml")), before);
}

#[test]
fn a_forged_delivery_report_marks_nobody_bounced() {
    let env = maildir_env();
    let bounce = String::from_utf8(fixture("postfix-bounce.eml")).unwrap();
    // Anyone can write a delivery report: one about a message jelly never
    // sent, and one naming Marie-France with Jean-Luc's message.
    let never_sent = bounce
        .replace("2026-12-10-ales.jean-luc.invitation", "made-up")
        .replace("Message-Id: <20261202", "Message-Id: <forged1");
    let other_address = bounce
        .replace(
            "rfc822; jean-luc@example.org",
            "rfc822; marie-france@example.org",
        )
        .replace(
            "rfc822;jean-luc@example.org",
            "rfc822;marie-france@example.org",
        )
        .replace("Message-Id: <20261202", "Message-Id: <forged2");
    deliver_at(&env, at("2026-12-02T06:00:00Z"), "a", never_sent.as_bytes());
    deliver_at(
        &env,
        at("2026-12-02T06:01:00Z"),
        "b",
        other_address.as_bytes(),
    );
    let before = env.read("participants.toml");
    let report = json(&inbox(&env, &["--format", "json"]));
    assert!(
        report["bounced"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
    assert_eq!(whys(&report), ["unverified_bounce", "unverified_bounce"]);
    assert_eq!(env.read("participants.toml"), before);
}

#[test]
fn policy_refusals_and_full_mailboxes_are_not_hard_bounces() {
    let env = maildir_env();
    let bounce = String::from_utf8(fixture("postfix-bounce.eml")).unwrap();
    let dmarc = bounce
        .replace("Status: 5.1.1", "Status: 5.7.26")
        .replace("Message-Id: <20261202", "Message-Id: <dmarc");
    let full = bounce
        .replace("Status: 5.1.1", "Status: 5.2.2")
        .replace("Message-Id: <20261202", "Message-Id: <full");
    deliver_at(&env, at("2026-12-02T06:00:00Z"), "a", dmarc.as_bytes());
    deliver_at(&env, at("2026-12-02T06:01:00Z"), "b", full.as_bytes());
    let before = env.read("participants.toml");
    let report = json(&inbox(&env, &["--format", "json"]));
    assert!(
        report["bounced"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
    assert_eq!(whys(&report), ["not_hard_failure", "not_hard_failure"]);
    assert_eq!(env.read("participants.toml"), before);
}

// ---- §5: a reply already opened in a mail program ----

#[test]
fn a_reply_already_opened_in_cur_is_recorded_and_flagged_handled() {
    let env = maildir_env();
    let name = format!("{}.opened.host:2,S", at("2026-12-01T10:00:00Z"));
    std::fs::write(
        env.file("Maildir/cur").join(&name),
        reply(
            "opened@x",
            "valerie@example.org",
            "Tue, 1 Dec 2026 11:00:00 +0100",
            &[("mailto:valerie@example.org", "ACCEPTED")],
        ),
    )
    .unwrap();
    // And a human message opened too: marked handled, listed once.
    std::fs::write(
        env.file("Maildir/cur")
            .join(format!("{}.human.host:2,S", at("2026-12-01T10:01:00Z"))),
        fixture("human.eml"),
    )
    .unwrap();
    let report = json(&inbox(&env, &["--format", "json"]));
    assert_eq!(
        answer_of(&env, "valerie"),
        Some(("yes".into(), "2026-12-01T11:00:00".into()))
    );
    assert_eq!(whys(&report), ["human"]);
    let cur = files_in(&env, "cur");
    assert_eq!(cur.len(), 2, "{cur:?}");
    assert!(cur.iter().all(|n| n.ends_with(":2,Sj")), "{cur:?}");
    let again = inbox(&env, &[]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert_eq!(again.stdout, "");
}
