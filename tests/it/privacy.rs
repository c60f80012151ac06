//! Personal data end to end: a person's export, their erasure (everywhere,
//! with the session counts kept), confirmation on a terminal, the inactive
//! people, anonymous tokens in `check`, and car-sharing consent.

use crate::harness::*;

const EV: &str = "2026-12-10-ales";

/// The demo association with one session scheduled, invited (into the
/// outbox: the demo's transport is "file") and answered by Édith.
fn demo_with_invitations() -> TestEnv {
    let env = TestEnv::demo();
    let id = env.ok(&[
        "--now",
        "2026-11-01T10:00",
        "schedule",
        "--date",
        "2026-12-10T18:30",
        "--venue",
        "ales-telecentre",
        "--theme",
        "L'IA pour les indépendants",
    ]);
    assert_eq!(id.trim(), EV);
    env.ok(&["--now", "2026-11-02T10:00", "invite", EV]);
    env.ok(&["--now", "2026-11-03T10:00", "rsvp", EV, "edith", "yes"]);
    env
}

/// Every file under the data directory whose bytes contain `needle`
/// (ignoring case for ASCII letters).
fn files_containing(env: &TestEnv, needle: &str) -> Vec<String> {
    let needle = needle.to_lowercase();
    env.snapshot()
        .into_iter()
        .filter(|(_, bytes)| {
            String::from_utf8_lossy(bytes)
                .to_lowercase()
                .contains(&needle)
        })
        .map(|(path, _)| path.display().to_string())
        .collect()
}

#[test]
fn export_holds_the_record_sessions_and_messages() {
    let env = demo_with_invitations();
    let export = env.json(&["participant", "export", "edith"]);
    assert_eq!(export["participant"], "edith");
    assert_eq!(export["record"]["name"], "Édith");
    assert_eq!(export["record"]["email"], "edith@example.org");
    assert_eq!(export["record"]["joined"], "2011-10-06");
    let sessions = export["sessions"].as_array().unwrap();
    let last = sessions.last().unwrap();
    assert_eq!(last["event"], EV);
    assert_eq!(last["answer"], "yes");
    assert_eq!(last["answered_at"], "2026-11-03T10:00:00");
    assert!(sessions.iter().any(|s| s["attended"] == true));
    let messages = export["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0]["kind"], "invitation");
    assert_eq!(messages[0]["outcome"], "sent");
    assert!(messages[0]["message_id"]
        .as_str()
        .unwrap()
        .contains(".edith.invitation."));
    // Without --format json it is the same JSON document.
    let out = env.ok(&["participant", "export", "edith"]);
    let again: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(again["sessions"], export["sessions"]);
    let unknown = env.fails(2, &["participant", "export", "editth"]);
    assert!(unknown.contains("edith"), "{unknown}");
}

#[test]
fn forget_erases_the_person_everywhere_and_keeps_the_counts() {
    let env = demo_with_invitations();
    assert!(!files_containing(&env, "edith@example.org").is_empty());
    assert!(!files_containing(&env, "Édith").is_empty());
    let before = env.json(&["stats"]);
    let journal_lines = env
        .read(&format!("events/{EV}.journal"))
        .matches("\"participant\":\"edith\"")
        .count();
    assert!(journal_lines >= 1);

    // Without a terminal and without --yes: refused, nothing touched.
    let refused = env.unchanged(|| env.fails(2, &["participant", "forget", "edith"]));
    assert!(refused.contains("--yes"), "{refused}");

    let report = env.json(&["participant", "forget", "edith", "--yes"]);
    let token = report["token"].as_str().unwrap().to_string();
    assert!(token.starts_with("anon-"), "{token}");
    assert_eq!(report["journal_lines"], journal_lines);
    assert_eq!(report["outbox_files"], 1);
    assert_eq!(report["still_mentioned"], serde_json::json!([]));

    assert_eq!(
        files_containing(&env, "edith@example.org"),
        Vec::<String>::new()
    );
    assert_eq!(files_containing(&env, "Édith"), Vec::<String>::new());
    assert!(!env.read("participants.toml").contains("id = \"edith\""));
    let session = env.read(&format!("events/{EV}.toml"));
    assert!(session.contains(&format!("\"{token}\"")), "{session}");
    assert!(
        session.contains(&format!("{token} = {{ answer = \"yes\"")),
        "{session}"
    );
    let journal = env.read(&format!("events/{EV}.journal"));
    assert!(journal.contains(&format!("\"participant\":\"{token}\"")));
    assert!(journal.contains("\"email\":\"hmac-sha256:"));
    assert!(!journal.contains(".edith."));

    env.ok(&["check"]);
    let after = env.json(&["stats"]);
    assert_eq!(after["sessions"], before["sessions"]);
    assert_eq!(after["overall"], before["overall"]);
    env.ok(&["next"]);

    // Nobody is sent the invitation twice, and the token is not a recipient.
    let invite = env.json(&["--now", "2026-11-04T10:00", "invite", EV]);
    assert_eq!(invite["deliveries"], serde_json::json!([]), "{invite}");

    // The same person always gets the same token (the key is kept).
    let key = env.read(".jelly-privacy.key");
    assert_eq!(key.trim().len(), 64);
}

#[test]
fn forget_on_a_terminal_asks_first() {
    let env = demo_with_invitations();
    let before = env.snapshot();
    let mut session = env.pty(&["--lang", "en", "participant", "forget", "edith"]);
    session.expect("Erase Édith (edith) for good?").unwrap();
    session.send("n").unwrap();
    session.expect("nothing was erased").unwrap();
    assert_eq!(pty_exit_code(&mut session), 0);
    assert_eq!(env.snapshot(), before);

    let mut session = env.pty(&["--lang", "en", "participant", "forget", "edith"]);
    session.expect("for good?").unwrap();
    session.send("y").unwrap();
    session.expect("is erased").unwrap();
    assert_eq!(pty_exit_code(&mut session), 0);
    assert!(files_containing(&env, "edith@example.org").is_empty());
}

const VILLAGES: &str =
    "[[village]]\nid = \"ales\"\nname = \"Alès\"\nlat = 44.12489\nlon = 4.08082\n";
const VENUES: &str =
    "[[venue]]\nid = \"ales-telecentre\"\nname = \"Télécentre d'Alès\"\nvillage = \"ales\"\n";
const PEOPLE: &str = "\
[[participant]]
id = \"ancienne\"
name = \"Ancienne\"
village = \"ales\"
joined = 2019-01-10

[[participant]]
id = \"fidele\"
name = \"Fidèle\"
village = \"ales\"
joined = 2019-01-10

[[participant]]
id = \"muette\"
name = \"Muette\"
village = \"ales\"

[[participant]]
id = \"nouvelle\"
name = \"Nouvelle\"
village = \"ales\"
joined = 2025-09-01
";
const OLD_SESSION: &str =
    "date = 2022-05-12T18:30:00\nvenue = \"ales-telecentre\"\nstatus = \"held\"\n\
invited = [\"ancienne\", \"fidele\", \"muette\"]\nattended = [\"ancienne\"]\n";
const RECENT_SESSION: &str = "date = 2025-03-12T18:30:00\nvenue = \"ales-telecentre\"\nstatus = \"held\"\n\
invited = [\"ancienne\", \"fidele\", \"muette\"]\nattended = []\n\n[rsvp.fidele]\nanswer = \"no\"\nat = 2025-03-01T09:00:00\n";

fn small_network() -> TestEnv {
    TestEnv::with_files(&[
        ("villages.toml", VILLAGES),
        ("venues.toml", VENUES),
        ("participants.toml", PEOPLE),
        ("events/2022-05-12-ales.toml", OLD_SESSION),
        ("events/2025-03-12-ales.toml", RECENT_SESSION),
    ])
}

#[test]
fn inactive_since_lists_who_gave_no_sign_for_that_long() {
    let env = small_network();
    let ids = |since: &str| -> Vec<String> {
        env.json(&[
            "--now",
            "2026-06-01",
            "participants",
            "--inactive-since",
            since,
        ])
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect()
    };
    // Muette never answered nor came; Ancienne last came in May 2022;
    // Fidèle answered (no) in March 2025; Nouvelle joined in 2025.
    assert_eq!(ids("3y"), ["muette", "ancienne"]);
    assert_eq!(ids("5y"), ["muette"]);
    assert_eq!(ids("12mo"), ["muette", "ancienne", "fidele"]);
    assert_eq!(ids("30d"), ["muette", "ancienne", "fidele", "nouvelle"]);
    let text = env.ok(&[
        "--now",
        "2026-06-01",
        "participants",
        "--inactive-since",
        "3y",
    ]);
    assert!(
        text.contains("2022-05-12") && text.contains("jamais"),
        "{text}"
    );
    assert!(
        text.contains("2 personnes sans réponse ni présence depuis le 2023-06-01"),
        "{text}"
    );
    let bad = env.fails(2, &["participants", "--inactive-since", "3 lunes"]);
    assert!(bad.contains("--inactive-since"), "{bad}");
}

#[test]
fn check_accepts_anonymous_tokens_in_sessions_but_not_as_participants() {
    let env = small_network();
    env.write(
        "events/2022-05-12-ales.toml",
        OLD_SESSION.replace("\"muette\"]", "\"muette\", \"anon-7f3a\"]"),
    );
    env.ok(&["check"]);
    env.write(
        "events/2022-05-12-ales.toml",
        OLD_SESSION.replace("\"muette\"]", "\"muette\", \"anonyme\"]"),
    );
    env.fails(2, &["check"]);
    env.write("events/2022-05-12-ales.toml", OLD_SESSION);
    env.write(
        "participants.toml",
        format!(
            "{PEOPLE}\n[[participant]]\nid = \"anon-7f3a\"\nname = \"X\"\nvillage = \"ales\"\n"
        ),
    );
    let reserved = env.fails(2, &["check"]);
    assert!(
        reserved.contains("participants.toml:25:6: l'identifiant « anon-7f3a » est réservé"),
        "{reserved}"
    );
}

#[test]
fn carpool_consent_is_written_by_add_and_read_back() {
    let env = small_network();
    env.ok(&[
        "participant",
        "add",
        "Covoitureuse",
        "--village",
        "ales",
        "--carpool",
    ]);
    assert!(env.read("participants.toml").contains("carpool = true"));
    let people = env.json(&["participants"]);
    let added = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "covoitureuse")
        .unwrap();
    assert_eq!(added["carpool"], true);
    let others: Vec<_> = people
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["carpool"] == true)
        .collect();
    assert_eq!(others.len(), 1);
    env.write(
        "participants.toml",
        PEOPLE.replace(
            "joined = 2025-09-01",
            "joined = 2025-09-01\ncarpool = \"oui\"",
        ),
    );
    let bad = env.fails(2, &["check"]);
    assert!(bad.contains("carpool"), "{bad}");
}

#[test]
fn forgetting_the_first_participant_keeps_the_file_header() {
    let env = small_network();
    env.write(
        "participants.toml",
        format!("# Les gens du réseau — ce commentaire reste.\n\n{PEOPLE}"),
    );
    let before = env.json(&["stats"]);
    let out = env.ok(&["participant", "forget", "ancienne", "--yes"]);
    assert!(
        out.contains(
            "Ancienne (ancienne) : données effacées. 2 sessions la comptent désormais comme anon-"
        ),
        "{out}"
    );
    let people = env.read("participants.toml");
    assert!(
        people.starts_with(
            "# Les gens du réseau — ce commentaire reste.\n\n[[participant]]\nid = \"fidele\""
        ),
        "{people}"
    );
    assert!(files_containing(&env, "Ancienne").is_empty());
    let after = env.json(&["stats"]);
    assert_eq!(after["sessions"], before["sessions"]);
    assert_eq!(after["overall"], before["overall"]);
    // The second time, there is nobody to forget.
    env.fails(2, &["participant", "forget", "ancienne", "--yes"]);
}

/// `forget` killed (SIGKILL) at moments spread over its run, then run again:
/// whatever the moment, the rerun finishes the erasure (or says there is
/// nobody left, when the first had finished): no file names the person,
/// every file checks, and the counts are kept.
#[test]
fn forget_interrupted_then_rerun_erases_everything() {
    let template = demo_with_invitations();
    let before = template.json(&["stats"]);
    let mut interrupted = 0;
    for moment_ms in [0, 1, 2, 3, 5, 8, 12, 20, 40] {
        let env = TestEnv::empty();
        for (path, bytes) in template.snapshot() {
            env.write(path.to_str().unwrap(), bytes);
        }
        let mut child = env
            .run(&["participant", "forget", "edith", "--yes"])
            .spawn();
        std::thread::sleep(std::time::Duration::from_millis(moment_ms));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let finished = status.success();
        if !finished {
            interrupted += 1;
        }
        let rerun = env.output(&["participant", "forget", "edith", "--yes"]);
        let left = files_containing(&env, "edith@example.org");
        match rerun.code {
            Some(0) => assert!(rerun.stderr.is_empty(), "{moment_ms} ms: {}", rerun.stderr),
            Some(2) => assert!(
                rerun.stdout.is_empty() && left.is_empty(),
                "{moment_ms} ms: the rerun found nobody, yet {left:?} still name her: {}",
                rerun.stderr
            ),
            other => panic!("{moment_ms} ms: rerun exited {other:?}: {}", rerun.stderr),
        }
        assert_eq!(left, Vec::<String>::new(), "{moment_ms} ms");
        assert_eq!(
            files_containing(&env, "Édith"),
            Vec::<String>::new(),
            "{moment_ms} ms"
        );
        env.ok(&["check"]);
        let after = env.json(&["stats"]);
        assert_eq!(after["sessions"], before["sessions"], "{moment_ms} ms");
        assert_eq!(after["overall"], before["overall"], "{moment_ms} ms");
    }
    assert!(
        interrupted >= 1,
        "no run was interrupted: the moments are too late"
    );
}
