//! `jelly inbox` against a real Dovecot over IMAPS and STARTTLS: the same
//! client-shaped replies, moved to `done_folder` once their data is saved;
//! a rerun that changes nothing; a thousand messages in one session; a
//! server that refuses the password or an untrusted certificate: exit 1,
//! nothing written.

use crate::harness::dovecot::{self, Dovecot, PASSWORD, USER};
use crate::harness::{Outcome, TestEnv};
use crate::inbox::{
    assert_everything_handled, fixture, inbox_env, EVENT, EVENT_FILE, FIXTURES, NOW,
};

/// "jelly/traité" as Dovecot's Maildir++ stores it (modified UTF-7).
const DONE_ON_DISK: &str = ".jelly.trait&AOk-";

fn imap_env(server: &Dovecot, url: &str, extra: &str) -> TestEnv {
    inbox_env(&format!(
        "imap_url = \"{url}\"\nusername = \"{USER}\"\nfolder = \"INBOX\"\n\
         done_folder = \"jelly/traité\"\nca_file = \"{}\"\n{extra}",
        server.ca.display()
    ))
}

fn inbox(env: &TestEnv, args: &[&str]) -> Outcome {
    env.run(&[&["--now", NOW, "inbox"][..], args].concat())
        .env("JELLY_IMAP_PASSWORD", PASSWORD)
        .output()
}

#[test]
fn imaps_replies_become_data_and_handled_messages_are_moved() {
    let Some(mut server) = dovecot::start() else {
        return;
    };
    let messages: Vec<Vec<u8>> = FIXTURES.iter().map(|name| fixture(name)).collect();
    server.deliver(&messages);
    let env = imap_env(&server, &server.imaps_url(), "");
    let out = inbox(&env, &["--format", "json"]);
    assert_eq!(out.code, Some(0), "{}\n{}", out.stderr, server.log());
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_everything_handled(&env, &report);
    assert_eq!(server.count(DONE_ON_DISK), 7, "{}", server.log());
    assert_eq!(server.count(""), 4);

    // Rerun: silent, every data file byte for byte as it was, one more
    // login and nothing moved.
    let before = env.snapshot();
    let again = inbox(&env, &[]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert!(
        again.stdout.is_empty() && again.stderr.is_empty(),
        "{}",
        again.stdout
    );
    assert_eq!(env.snapshot(), before);
    assert_eq!(server.count(DONE_ON_DISK), 7);
    assert_eq!(server.count(""), 4);
}

#[test]
fn a_crash_before_the_move_is_finished_by_the_next_run() {
    let Some(mut server) = dovecot::start() else {
        return;
    };
    server.deliver(&[fixture("google-accepted.eml"), fixture("human.eml")]);
    let env = imap_env(&server, &server.imaps_url(), "");
    let crashed = env
        .run(&["--now", NOW, "inbox"])
        .env("JELLY_IMAP_PASSWORD", PASSWORD)
        .env("JELLY_INBOX_TEST_CRASH_BEFORE_MOVE", "1")
        .output();
    assert_eq!(crashed.code, Some(101));
    assert_eq!(server.count(""), 2);
    let event = env.read(&format!("events/{EVENT}.toml"));
    assert_ne!(event, EVENT_FILE);
    let rerun = inbox(&env, &[]);
    assert_eq!(rerun.code, Some(0), "{}", rerun.stderr);
    assert!(rerun.stdout.is_empty(), "{}", rerun.stdout);
    assert_eq!(env.read(&format!("events/{EVENT}.toml")), event);
    assert_eq!(server.count(DONE_ON_DISK), 1);
    assert_eq!(server.count(""), 1, "the human message stays in INBOX");
}

/// `n` Thunderbird-shaped replies from the demo's people, each its own.
pub fn many_replies(n: usize) -> Vec<Vec<u8>> {
    let people = [
        "sebastien",
        "valerie",
        "marie-france",
        "edith",
        "jean-luc",
        "francois",
        "celine",
        "noemie",
        "gaetan",
        "helene",
    ];
    let answers = ["ACCEPTED", "DECLINED", "TENTATIVE"];
    let base = String::from_utf8(fixture("thunderbird-tentative.eml")).unwrap();
    (0..n)
        .map(|i| {
            let who = people[i % people.len()];
            base.replace("sebastien@example.org", &format!("{who}@example.org"))
                .replace(
                    "PARTSTAT=TENTATIVE",
                    &format!("PARTSTAT={}", answers[i % 3]),
                )
                .replace("<8f2c1d3e-", &format!("<reply-{i}-"))
                .replace(
                    "Date: Tue, 1 Dec 2026 14:30:45",
                    &format!(
                        "Date: Tue, 1 Dec 2026 {:02}:{:02}:{:02}",
                        8 + i / 3600,
                        i / 60 % 60,
                        i % 60
                    ),
                )
                .into_bytes()
        })
        .collect()
}

#[test]
fn a_thousand_messages_over_starttls_in_one_session() {
    let Some(mut server) = dovecot::start() else {
        return;
    };
    server.deliver(&many_replies(1000));
    let env = imap_env(
        &server,
        &server.starttls_url(),
        &format!("password_command = \"printf '%s\\\\n' {PASSWORD}\""),
    );
    let started = std::time::Instant::now();
    let out = env
        .run(&["--now", NOW, "inbox", "--format", "json"])
        .output();
    let took = started.elapsed();
    assert_eq!(out.code, Some(0), "{}\n{}", out.stderr, server.log());
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    eprintln!("inbox: 1,000 IMAP messages over STARTTLS handled in {took:?}");
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    // The last answer of each of the ten people.
    assert_eq!(report["rsvp"].as_array().unwrap().len(), 10, "{report:#}");
    assert_eq!(env.read("inbox.journal").lines().count(), 1000);
    assert_eq!(server.count(DONE_ON_DISK), 1000);
    assert_eq!(server.count(""), 0);
    assert_eq!(server.logins(), 1, "one session: {}", server.log());
}

#[test]
fn a_refused_password_or_an_untrusted_certificate_is_exit_1_and_writes_nothing() {
    let Some(mut server) = dovecot::start() else {
        return;
    };
    server.deliver(&[fixture("google-accepted.eml")]);
    let env = imap_env(&server, &server.imaps_url(), "");
    let before = env.snapshot();
    let out = env
        .run(&["--now", NOW, "inbox"])
        .env("JELLY_IMAP_PASSWORD", "wrong")
        .output();
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("LOGIN"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
    assert_eq!(env.snapshot(), before);

    // Without the test CA, the server's certificate is not trusted.
    let untrusted = inbox_env(&format!(
        "imap_url = \"{}\"\nusername = \"{USER}\"",
        server.imaps_url()
    ));
    let before = untrusted.snapshot();
    let out = inbox(&untrusted, &[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr.to_lowercase().contains("certificate"),
        "{}",
        out.stderr
    );
    assert_eq!(untrusted.snapshot(), before);
    assert_eq!(server.count(""), 1);

    // The CA named only in `[mail] ca_file` is trusted too.
    let via_mail = inbox_env(&format!(
        "imap_url = \"{}\"\nusername = \"{USER}\"",
        server.imaps_url()
    ));
    via_mail.edit(
        "jelly.toml",
        "[mail]\n",
        &format!("[mail]\nca_file = \"{}\"\n", server.ca.display()),
    );
    let out = inbox(&via_mail, &[]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(server.count(""), 0, "the reply was handled and moved");

    // Nobody listening.
    let closed = inbox_env(&format!(
        "imap_url = \"imaps://127.0.0.1:{}\"\nusername = \"{USER}\"",
        crate::harness::closed_port()
    ));
    let out = inbox(&closed, &[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(!closed.file("inbox.journal").exists());
}

#[test]
fn a_server_without_move_gets_copy_then_delete() {
    // The capabilities Dovecot announces, without MOVE (RFC 6851).
    let Some(mut server) =
        dovecot::start_with("imap_capability = IMAP4rev1 LITERAL+ UIDPLUS IDLE NAMESPACE")
    else {
        return;
    };
    server.deliver(&[fixture("outlook-declined.eml"), fixture("human.eml")]);
    let env = imap_env(&server, &server.imaps_url(), "");
    let out = inbox(&env, &["--format", "json"]);
    assert_eq!(out.code, Some(0), "{}\n{}", out.stderr, server.log());
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["rsvp"][0]["participant"], "valerie");
    assert_eq!(server.count(DONE_ON_DISK), 1);
    assert_eq!(server.count(""), 1, "copied, flagged deleted and expunged");
}
