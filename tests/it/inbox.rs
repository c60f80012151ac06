//! `jelly inbox` on a Maildir (nothing to install): the replies of the main
//! calendar clients become answers, a Postfix bounce `bounced = DATE`, an
//! unsubscribe request `mail = false`; the rest is listed or ignored; a
//! rerun, a crash before the move and two overlapping runs change nothing
//! twice. The fixtures under tests/inbox/ are written from RFC 5546/6047,
//! RFC 3464 and each client's documented shape (see tests/inbox/README.md).

use crate::harness::{repo_root, Outcome, TestEnv};

pub const EVENT: &str = "2026-12-10-ales";
pub const NOW: &str = "2026-12-03T09:00";

pub const EVENT_FILE: &str = "# La session d'Alès (commentaire gardé)\n\
date = 2026-12-10T18:30:00\n\
venue = \"ales-telecentre\"\n\
theme = \"Facturer sans se fâcher\"\n\
status = \"planned\"\n\
sequence = 1\n\
invited = [\"sebastien\", \"valerie\", \"marie-france\", \"edith\", \"jean-luc\", \"francois\", \"celine\", \"noemie\", \"gaetan\", \"helene\"]\n\
\n\
[rsvp]\n\
# par téléphone\n\
gaetan = { answer = \"maybe\", at = 2026-11-20T10:00:00 }\n";

/// Every fixture, by name.
pub const FIXTURES: &[&str] = &[
    "google-accepted.eml",
    "outlook-declined.eml",
    "thunderbird-tentative.eml",
    "apple-accepted.eml",
    "outdated-accepted.eml",
    "counter.eml",
    "postfix-bounce.eml",
    "postfix-delayed.eml",
    "unsubscribe.eml",
    "out-of-office.eml",
    "human.eml",
];

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("tests/inbox").join(name)).unwrap()
}

/// The demo association with the session of 10 December at Alès and an
/// `[inbox]` section (`extra` is appended to jelly.toml).
pub fn inbox_env(inbox: &str) -> TestEnv {
    let env = TestEnv::demo();
    let config = env.read("jelly.toml");
    env.write("jelly.toml", format!("{config}\n[inbox]\n{inbox}\n"));
    env.write(&format!("events/{EVENT}.toml"), EVENT_FILE);
    env
}

fn maildir_env() -> TestEnv {
    let env = inbox_env("maildir = \"Maildir\"");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(env.file("Maildir").join(sub)).unwrap();
    }
    env
}

/// Delivers a message to the Maildir's new/ as an MDA would.
fn deliver(env: &TestEnv, name: &str, bytes: &[u8]) {
    let path = env
        .file("Maildir/new")
        .join(format!("1764660000.{name}.host"));
    std::fs::write(path, bytes).unwrap();
}

fn files_in(env: &TestEnv, sub: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(env.file("Maildir").join(sub))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn inbox(env: &TestEnv, args: &[&str]) -> Outcome {
    env.run(&[&["--now", NOW, "inbox"][..], args].concat())
        .output()
}

fn json(out: &Outcome) -> serde_json::Value {
    assert!(out.success(), "{}", out.stderr);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

/// The answers recorded in the session file: participant → (answer, at).
pub fn answers(env: &TestEnv) -> Vec<(String, String, String)> {
    let table: toml::Table = env.read(&format!("events/{EVENT}.toml")).parse().unwrap();
    let mut out: Vec<(String, String, String)> = table["rsvp"]
        .as_table()
        .unwrap()
        .iter()
        .map(|(id, v)| {
            (
                id.clone(),
                v["answer"].as_str().unwrap().to_string(),
                v["at"].to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

pub fn person<'a>(participants: &'a toml::Table, id: &str) -> &'a toml::Table {
    participants["participant"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_table().unwrap())
        .find(|p| p["id"].as_str() == Some(id))
        .unwrap()
}

/// Checks what every fixture led to, in the JSON report and in the files.
pub fn assert_everything_handled(env: &TestEnv, report: &serde_json::Value) {
    let rsvp: Vec<(String, String, bool)> = report["rsvp"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(r["event"], EVENT);
            (
                r["participant"].as_str().unwrap().to_string(),
                r["answer"].as_str().unwrap().to_string(),
                r["outdated"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rsvp,
        vec![
            ("celine".into(), "yes".into(), true),
            ("edith".into(), "yes".into(), false),
            ("marie-france".into(), "yes".into(), false),
            ("sebastien".into(), "maybe".into(), false),
            ("valerie".into(), "no".into(), false),
        ],
        "{report:#}"
    );
    assert_eq!(
        answers(env),
        vec![
            ("celine".into(), "yes".into(), "2026-11-23T08:00:00".into()),
            ("edith".into(), "yes".into(), "2026-12-01T16:45:00".into()),
            (
                "gaetan".into(),
                "maybe".into(),
                "2026-11-20T10:00:00".into()
            ),
            // 09:15:02 UTC is 10:15:02 in Paris.
            (
                "marie-france".into(),
                "yes".into(),
                "2026-12-01T10:15:02".into()
            ),
            (
                "sebastien".into(),
                "maybe".into(),
                "2026-12-01T14:30:45".into()
            ),
            ("valerie".into(), "no".into(), "2026-12-01T11:02:10".into()),
        ]
    );
    let event = env.read(&format!("events/{EVENT}.toml"));
    assert!(event.starts_with("# La session d'Alès (commentaire gardé)\n"));
    assert!(event.contains("# par téléphone\ngaetan = "), "{event}");

    assert_eq!(report["bounced"].as_array().unwrap().len(), 1);
    assert_eq!(report["bounced"][0]["participant"], "jean-luc");
    assert_eq!(report["bounced"][0]["date"], "2026-12-02");
    assert_eq!(report["bounced"][0]["status"], "5.1.1");
    assert_eq!(report["unsubscribed"][0]["participant"], "francois");
    assert_eq!(report["unsubscribed"].as_array().unwrap().len(), 1);
    let participants: toml::Table = env.read("participants.toml").parse().unwrap();
    assert_eq!(
        person(&participants, "jean-luc")["bounced"].to_string(),
        "2026-12-02"
    );
    assert_eq!(
        person(&participants, "francois")["mail"].as_bool(),
        Some(false)
    );
    assert!(person(&participants, "lucie").get("bounced").is_none());
    assert!(env
        .read("participants.toml")
        .starts_with("# The people of the network."));

    let person_list: Vec<(String, String)> = report["needs_a_person"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["from"].as_str().unwrap().to_string(),
                p["why"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        person_list,
        vec![
            ("noemie@example.org".into(), "counter".into()),
            ("gaetan@example.org".into(), "human".into()),
        ]
    );
}

#[test]
fn replies_bounces_and_unsubscribes_become_data_and_the_rest_is_listed() {
    let env = maildir_env();
    for name in FIXTURES {
        deliver(&env, name, &fixture(name));
    }
    let report = json(&inbox(&env, &["--format", "json"]));
    assert_everything_handled(&env, &report);
    // Handled messages are flagged seen in cur/; the others stay in new/.
    let cur = files_in(&env, "cur");
    assert_eq!(cur.len(), 7, "{cur:?}");
    assert!(cur.iter().all(|n| n.ends_with(":2,S")), "{cur:?}");
    let new = files_in(&env, "new");
    assert_eq!(new.len(), 4, "{new:?}");
    for left in ["counter", "human", "out-of-office", "postfix-delayed"] {
        assert!(
            new.iter().any(|n| n.contains(left)),
            "{left} stays: {new:?}"
        );
    }

    // A rerun is a no-op: silent, and every file as it was.
    let before = env.snapshot();
    let again = inbox(&env, &[]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert!(again.stdout.is_empty() && again.stderr.is_empty());
    assert_eq!(env.snapshot(), before);

    // `jelly participants` shows who no longer gets email.
    let out = env.run(&["participants"]).output();
    let text = out.stdout;
    assert!(
        text.contains("jean-luc@example.org (en échec depuis le 2026-12-02)"),
        "{text}"
    );
    assert!(
        text.contains("francois@example.org (ne veut plus d'e-mail)"),
        "{text}"
    );
    let out = env.run(&["participants", "--format", "json"]).output();
    let list: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let jean_luc = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "jean-luc")
        .unwrap();
    assert_eq!(jean_luc["bounced"], "2026-12-02");
    let francois = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "francois")
        .unwrap();
    assert_eq!(francois["mail"], false);
}

#[test]
fn the_table_lists_answers_and_what_needs_a_person_in_french_and_english() {
    let env = maildir_env();
    for name in ["outlook-declined.eml", "human.eml", "postfix-bounce.eml"] {
        deliver(&env, name, &fixture(name));
    }
    let out = inbox(&env, &["--dry-run"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = out.stdout;
    assert!(
        text.contains("Simulation : rien n'est enregistré ni déplacé."),
        "{text}"
    );
    assert!(text.contains("1 réponse enregistrée :"), "{text}");
    assert!(text.contains("Valérie"), "{text}");
    assert!(text.contains("non"), "{text}");
    assert!(
        text.contains("1 message à lire par une personne :"),
        "{text}"
    );
    assert!(text.contains("écrit par une personne"), "{text}");
    assert!(text.contains("1 adresse en échec définitif"), "{text}");
    // --dry-run wrote and moved nothing.
    assert_eq!(env.read(&format!("events/{EVENT}.toml")), EVENT_FILE);
    assert_eq!(files_in(&env, "new").len(), 3);
    assert!(!env.file("inbox.journal").exists());

    let out = env.run(&["--now", NOW, "--lang", "en", "inbox"]).output();
    let text = out.stdout;
    assert!(text.contains("1 answer recorded:"), "{text}");
    assert!(text.contains("1 message for a person to read:"), "{text}");
    assert!(text.contains("written by a person"), "{text}");
}

#[test]
fn an_idle_inbox_is_silent() {
    let env = maildir_env();
    let out = inbox(&env, &[]);
    assert_eq!(out.code, Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    // Only what the auto-reply and the delay warning say: nothing to show.
    deliver(&env, "ooo", &fixture("out-of-office.eml"));
    deliver(&env, "delayed", &fixture("postfix-delayed.eml"));
    let out = inbox(&env, &[]);
    assert_eq!(out.code, Some(0));
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert_eq!(env.read(&format!("events/{EVENT}.toml")), EVENT_FILE);
}

#[test]
fn a_crash_between_the_write_and_the_move_handles_each_message_once() {
    let env = maildir_env();
    deliver(&env, "google", &fixture("google-accepted.eml"));
    deliver(&env, "bounce", &fixture("postfix-bounce.eml"));
    let crashed = env
        .run(&["--now", NOW, "inbox"])
        .env("JELLY_INBOX_TEST_CRASH_BEFORE_MOVE", "1")
        .output();
    assert_eq!(crashed.code, Some(101));
    // The data and the journal are there, the messages still in new/.
    assert_eq!(answers(&env).len(), 2);
    assert!(env
        .read("participants.toml")
        .contains("bounced = 2026-12-02"));
    assert_eq!(files_in(&env, "new").len(), 2);
    let event = env.read(&format!("events/{EVENT}.toml"));
    let participants = env.read("participants.toml");

    // Someone answers again by phone in between: the rerun must not undo it.
    env.run(&["--now", NOW, "rsvp", EVENT, "marie-france", "no"])
        .ok();
    let event_after_phone = env.read(&format!("events/{EVENT}.toml"));
    assert_ne!(event_after_phone, event);

    let rerun = inbox(&env, &[]);
    assert_eq!(rerun.code, Some(0), "{}", rerun.stderr);
    assert!(
        rerun.stdout.is_empty(),
        "nothing new to report: {}",
        rerun.stdout
    );
    assert_eq!(env.read(&format!("events/{EVENT}.toml")), event_after_phone);
    assert_eq!(env.read("participants.toml"), participants);
    assert_eq!(files_in(&env, "new").len(), 0);
    assert_eq!(files_in(&env, "cur").len(), 2);
    let journal = env.read("inbox.journal");
    assert_eq!(journal.lines().count(), 2, "{journal}");
}

#[test]
fn two_overlapping_runs_handle_each_message_once() {
    let env = maildir_env();
    for name in FIXTURES {
        deliver(&env, name, &fixture(name));
    }
    let spawn = || {
        env.run(&["--now", NOW, "inbox", "--format", "json"])
            .output()
    };
    let (first, second) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert_eq!(second.code, Some(0), "{}", second.stderr);
    // One of them did the work and reported it; the other found it done.
    let outputs = [first.stdout, second.stdout];
    let reports: Vec<&String> = outputs.iter().filter(|o| !o.trim().is_empty()).collect();
    assert_eq!(reports.len(), 1, "{outputs:?}");
    let report: serde_json::Value = serde_json::from_str(reports[0]).unwrap();
    assert_everything_handled(&env, &report);
    let journal = env.read("inbox.journal");
    assert_eq!(journal.lines().count(), FIXTURES.len(), "{journal}");
}

#[test]
fn the_latest_answer_wins_and_a_later_recorded_one_is_kept() {
    let env = maildir_env();
    let accepted = String::from_utf8(fixture("outlook-declined.eml")).unwrap();
    let later = accepted
        .replace("DECLINED", "ACCEPTED")
        .replace("Declined:", "Accepted:")
        .replace(
            "Date: Tue, 1 Dec 2026 11:02:10",
            "Date: Tue, 1 Dec 2026 12:00:00",
        )
        .replace("<PR3P192MB0732A1B2", "<LATER0732A1B2");
    deliver(&env, "a-later", later.as_bytes());
    deliver(&env, "b-earlier", &fixture("outlook-declined.eml"));
    // Gaëtan said maybe by phone on 20 November; an older email says yes.
    let old = String::from_utf8(fixture("outdated-accepted.eml"))
        .unwrap()
        .replace("celine", "gaetan")
        .replace("Mon, 23 Nov", "Wed, 18 Nov");
    deliver(&env, "c-old", old.as_bytes());
    let report = json(&inbox(&env, &["--format", "json"]));
    let rsvp = report["rsvp"].as_array().unwrap();
    assert_eq!(rsvp.len(), 2, "{report:#}");
    let gaetan = rsvp.iter().find(|r| r["participant"] == "gaetan").unwrap();
    assert_eq!(gaetan["recorded"], false);
    let valerie = rsvp.iter().find(|r| r["participant"] == "valerie").unwrap();
    assert_eq!(valerie["answer"], "yes");
    let recorded = answers(&env);
    assert!(recorded.contains(&("valerie".into(), "yes".into(), "2026-12-01T12:00:00".into())));
    assert!(recorded.contains(&(
        "gaetan".into(),
        "maybe".into(),
        "2026-11-20T10:00:00".into()
    )));
}

#[test]
fn replies_that_cannot_be_matched_are_listed_never_guessed() {
    let env = maildir_env();
    let google = String::from_utf8(fixture("thunderbird-tentative.eml")).unwrap();
    let unknown_session = google
        .replace("2026-12-10-ales@", "2031-01-01-nowhere@")
        .replace("<8f2c1d3e", "<unknown-session");
    let stranger = google
        .replace("sebastien@example.org", "stranger@elsewhere.example")
        .replace("<8f2c1d3e", "<stranger");
    let broken = google
        .replace("END:VEVENT", "")
        .replace("<8f2c1d3e", "<broken");
    deliver(&env, "a", unknown_session.as_bytes());
    deliver(&env, "b", stranger.as_bytes());
    deliver(&env, "c", broken.as_bytes());
    deliver(&env, "d", b"\x00\x01 not a message at all");
    let report = json(&inbox(&env, &["--format", "json"]));
    assert!(report["rsvp"].as_array().unwrap().is_empty(), "{report:#}");
    let mut whys: Vec<&str> = report["needs_a_person"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["why"].as_str().unwrap())
        .collect();
    whys.sort();
    assert_eq!(whys.len(), 4, "{report:#}");
    assert!(whys.contains(&"unknown_session"), "{whys:?}");
    assert!(whys.contains(&"unknown_sender"), "{whys:?}");
    assert!(whys.contains(&"bad_calendar"), "{whys:?}");
    assert_eq!(env.read(&format!("events/{EVENT}.toml")), EVENT_FILE);
    assert_eq!(files_in(&env, "new").len(), 4);
}

#[test]
fn invite_and_remind_skip_bounced_and_unsubscribed_people_and_say_so() {
    let env = maildir_env();
    deliver(&env, "bounce", &fixture("postfix-bounce.eml"));
    deliver(&env, "unsub", &fixture("unsubscribe.eml"));
    json(&inbox(&env, &["--format", "json"]));
    let out = env.run(&["--now", NOW, "invite", EVENT]).output();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = out.stdout;
    assert!(
        text.contains("1 participant sans e-mail : adresse en échec (bounced)."),
        "{text}"
    );
    assert!(
        text.contains("1 participant ne veut plus d'e-mail (mail = false)."),
        "{text}"
    );
    let outbox: Vec<String> = std::fs::read_dir(env.file("outbox"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(outbox.len(), 8);
    assert!(outbox
        .iter()
        .all(|m| !m.contains("To: jean-luc") && !m.contains("francois@")));

    let out = env
        .run(&["--now", "2026-12-09T19:00", "remind", "--format", "json"])
        .output();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let skipped = &report["sessions"][0]["skipped"];
    let reasons: Vec<(&str, &str)> = skipped
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["participant"].as_str().unwrap(),
                s["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(reasons.contains(&("jean-luc", "bounced")), "{reasons:?}");
    assert!(
        reasons.contains(&("francois", "unsubscribed")),
        "{reasons:?}"
    );
}

#[test]
fn a_missing_or_misconfigured_inbox_is_a_usage_error_and_writes_nothing() {
    let env = TestEnv::demo();
    let err = env.run(&["inbox"]).fails(2);
    assert!(err.contains("[inbox]"), "{}", err);

    let env = inbox_env("imap_url = \"https://imap.example.org\"");
    let err = env.run(&["inbox"]).fails(2);
    assert!(
        err.contains("jelly.toml:") && err.contains("imaps://"),
        "{}",
        err
    );
    let err = env.run(&["check"]).fails(2);
    assert!(err.contains("imaps://"), "{err}");
    // A bounced date that is not a date is located.
    let env = maildir_env();
    let participants = env.read("participants.toml");
    env.write(
        "participants.toml",
        participants.replacen(
            "joined = 2011-10-06\n",
            "joined = 2011-10-06\nbounced = \"hier\"\n",
            1,
        ),
    );
    deliver(&env, "google", &fixture("google-accepted.eml"));
    let out = inbox(&env, &[]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("participants.toml:"), "{}", out.stderr);
    assert_eq!(env.read(&format!("events/{EVENT}.toml")), EVENT_FILE);
    assert_eq!(files_in(&env, "new").len(), 1);
}

#[test]
fn a_real_postfix_bounce_marks_the_participant() {
    let Some(postfix) = crate::harness::postfix::start() else {
        return;
    };
    // Jean-Luc's address is an unknown user of jelly.test: Postfix accepts
    // the invitation, then bounces it to contact@jelly.test's Maildir.
    let env = TestEnv::demo();
    env.write(
        "jelly.toml",
        format!(
            "[association]\nname = \"Jelly Gard-Lozère\"\ntimezone = \"Europe/Paris\"\n\n\
             [mail]\nfrom = \"Jelly Gard-Lozère <contact@jelly.test>\"\ntransport = \"smtp\"\n\
             smtp_url = \"{}\"\ntls = \"none\"\n\n[inbox]\nmaildir = \"{}\"\n",
            postfix.url(),
            postfix.maildir().display()
        ),
    );
    env.edit(
        "participants.toml",
        "email = \"jean-luc@example.org\"",
        "email = \"jean-luc@jelly.test\"",
    );
    env.write(
        "events/2036-06-05-ales.toml",
        "date = 2036-06-05T18:30:00\nvenue = \"ales-telecentre\"\nstatus = \"planned\"\n\
         invited = [\"jean-luc\"]\n",
    );
    let out = env.run(&["invite", "2036-06-05-ales"]).output();
    assert!(out.success(), "{}\n{}", out.stderr, postfix.log());
    postfix.wait_for_mail(1);

    let report = json(&env.run(&["inbox", "--format", "json"]).output());
    assert_eq!(
        report["bounced"][0]["participant"], "jean-luc",
        "{report:#}"
    );
    assert_eq!(report["bounced"][0]["status"], "5.1.1");
    let participants: toml::Table = env.read("participants.toml").parse().unwrap();
    assert!(person(&participants, "jean-luc").contains_key("bounced"));

    // The next invitation leaves Jean-Luc out and says so.
    let out = env.run(&["invite", "2036-06-05-ales", "--resend"]).ok();
    assert!(
        out.contains("1 participant sans e-mail : adresse en échec (bounced)."),
        "{}",
        out
    );
}
