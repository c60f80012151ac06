//! One person, one record: an address is one participant's (`add`,
//! `check`), one message per address however the file was edited (`invite`,
//! `remind`, `cancel`), `participant merge`, walk-ins found by name, honest
//! imports, and erasure that touches nobody else.

use crate::harness::*;

const EV: &str = "2026-12-10-ales";

fn schedule(env: &TestEnv) {
    let id = env.ok(&[
        "--now",
        "2026-11-01T10:00",
        "schedule",
        "--date",
        "2026-12-10T18:30",
        "--venue",
        "ales-telecentre",
    ]);
    assert_eq!(id.trim(), EV);
}

/// The .eml files of the outbox addressed to `address`.
fn outbox_to(env: &TestEnv, address: &str) -> usize {
    env.files_in("outbox")
        .iter()
        .filter(|p| {
            let raw = std::fs::read_to_string(p).unwrap();
            raw.lines()
                .find(|l| l.starts_with("To:"))
                .is_some_and(|l| l.to_lowercase().contains(address))
        })
        .count()
}

#[test]
fn on_a_terminal_an_address_on_file_is_refused_before_any_further_question() {
    let env = TestEnv::demo().lang("fr");
    let mut session = env.pty(&[
        "participant",
        "add",
        "Marie F.",
        "--village",
        "ales",
        "--email",
        "Marie-France@example.org",
    ]);
    session
        .expect("marie-france")
        .unwrap_or_else(|e| panic!("the owner is named at once: {e}"));
    let code = pty_exit_code(&mut session);
    assert_eq!(code, 2);
}

#[test]
fn an_address_on_file_is_refused_to_a_second_add() {
    let env = TestEnv::demo();
    let add = |extra: &[&str]| {
        let mut args = vec!["participant", "add", "Zoé Ménard", "--village", "ales"];
        args.extend_from_slice(extra);
        args.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let first = add(&["--email", "zoe.menard@gmail.com"]);
    let first: Vec<&str> = first.iter().map(String::as_str).collect();
    env.ok(&first);
    for email in ["zoe.menard@gmail.com", " Zoe.Menard@GMAIL.com"] {
        let again = add(&["--email", email]);
        let again: Vec<&str> = again.iter().map(String::as_str).collect();
        let err = env.unchanged(|| env.fails(2, &again));
        assert!(err.contains("zoe-menard"), "{err}");
        assert!(err.contains("--email"), "{err}");
    }
    let people = env.json(&["participants"]);
    assert_eq!(
        column(&people, "id")
            .iter()
            .filter(|id| id.starts_with("zoe"))
            .count(),
        1
    );
    // Same name and village without an address: accepted, but flagged with
    // the command that would merge them.
    let (out, err) = env.ok_with_stderr(&["participant", "add", "zoe menard", "--village", "ales"]);
    assert!(out.contains("zoe-menard-2"), "{out}");
    assert!(
        err.contains("jelly participant merge zoe-menard zoe-menard-2"),
        "{err}"
    );
    env.ok(&["check"]);
    // Elsewhere, a namesake is not flagged.
    env.ok(&["participant", "add", "Zoé Ménard", "--village", "anduze"]);
}

/// The demo with Édith's address given by hand to a second participant.
fn demo_with_a_shared_address() -> TestEnv {
    let env = TestEnv::demo();
    let mut text = env.read("participants.toml");
    text.push_str(
        "\n[[participant]]\nid = \"edith-bis\"\nname = \"Edith B.\"\nemail = \"EDITH@example.org\"\nvillage = \"ales\"\n",
    );
    env.write("participants.toml", text);
    env
}

#[test]
fn check_reports_two_participants_on_one_address() {
    let env = demo_with_a_shared_address();
    let lines = env.read("participants.toml").lines().count();
    let err = env.fails(2, &["check"]);
    assert!(err.contains("edith-bis"), "{err}");
    assert!(err.contains("« edith »"), "{err}");
    // file:line:column of the second address.
    assert!(
        err.contains(&format!("participants.toml:{}:9:", lines - 1)),
        "{err}"
    );
    // The other commands work on.
    env.ok(&["participants"]);
}

#[test]
fn one_message_per_address_whatever_the_file_holds() {
    let env = demo_with_a_shared_address();
    schedule(&env);
    let invited = strings(&env.event(EV)["invited"]);
    assert!(invited.contains(&"edith".to_string()) && invited.contains(&"edith-bis".to_string()));

    let dry = env.json(&["--now", "2026-11-02T10:00", "invite", EV, "--dry-run"]);
    let to: Vec<&str> = dry["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["participant"].as_str().unwrap())
        .collect();
    assert!(
        to.contains(&"edith") && !to.contains(&"edith-bis"),
        "{to:?}"
    );

    let (out, _) = env
        .run(&["--now", "2026-11-02T10:00", "invite", EV])
        .ok_with_stderr();
    assert!(out.contains("edith-bis"), "{out}");
    assert_eq!(outbox_to(&env, "edith@example.org"), 1);
    let report = env.json(&["--now", "2026-11-02T11:00", "invite", EV]);
    assert_eq!(report["deliveries"], serde_json::json!([]));
    let skipped = find(&report["skipped"], "participant", "edith-bis");
    assert_eq!(skipped["reason"], "shared_address");
    assert_eq!(skipped["with"], "edith");
    assert_eq!(outbox_to(&env, "edith@example.org"), 1);

    // Reminders: once per address too.
    env.ok(&["--now", "2026-12-09T19:00", "remind"]);
    let journal = env.read(&format!("events/{EV}.journal"));
    let reminders = journal
        .lines()
        .filter(|l| {
            l.contains("\"reminder\"")
                && l.contains("\"sent\"")
                && l.to_lowercase().contains("edith@example.org")
        })
        .count();
    assert_eq!(reminders, 1, "{journal}");
    // And the cancellation.
    env.ok(&["--now", "2026-12-09T20:00", "cancel", EV]);
    let journal = env.read(&format!("events/{EV}.journal"));
    let cancellations = journal
        .lines()
        .filter(|l| {
            l.contains("\"cancellation\"")
                && l.contains("\"sent\"")
                && l.to_lowercase().contains("edith@example.org")
        })
        .count();
    assert_eq!(cancellations, 1, "{journal}");
}

#[test]
fn merge_moves_sessions_answers_and_journals_then_nothing_goes_twice() {
    let env = TestEnv::demo();
    let (_, warning) = env.ok_with_stderr(&[
        "participant",
        "add",
        "Edith",
        "--village",
        "saint-jean-du-gard",
        "--email",
        "edith.pro@example.org",
        "--max-km",
        "40",
    ]);
    assert!(warning.contains("merge edith edith-2"), "{warning}");
    // Both came to a session of the past, and both answered.
    let held = "2013-02-21-anduze";
    let text = env.read(&format!("events/{held}.toml"));
    assert!(text.contains("\"edith\""), "{text}");
    let text = text
        .replacen("invited = [", "invited = [\"edith-2\", ", 1)
        .replacen("attended = [", "attended = [\"edith-2\", ", 1);
    env.write(&format!("events/{held}.toml"), text);
    schedule(&env);
    env.ok(&["--now", "2026-11-02T10:00", "invite", EV]);
    env.ok(&["--now", "2026-11-03T10:00", "rsvp", EV, "edith", "yes"]);
    env.ok(&["--now", "2026-11-03T11:00", "rsvp", EV, "edith-2", "no"]);
    let stats_before = env.json(&["stats"]);
    let outbox_before = env.files_in("outbox").len();

    let dry =
        env.unchanged(|| env.json(&["participant", "merge", "edith", "edith-2", "--dry-run"]));
    assert_eq!(dry["merged"], false);
    let sessions: Vec<&str> = column(&dry["sessions"], "event");
    assert_eq!(sessions, [held, EV]);
    let refused = env.unchanged(|| env.fails(2, &["participant", "merge", "edith", "edith-2"]));
    assert!(refused.contains("--yes"), "{refused}");
    let same = env.unchanged(|| env.fails(2, &["participant", "merge", "edith", "edith"]));
    assert!(same.contains("edith"), "{same}");

    let report = env.json(&["participant", "merge", "edith", "edith-2", "--yes"]);
    assert_eq!(report["merged"], true);
    assert!(report["journal_lines"].as_u64().unwrap() >= 2, "{report}");
    // Édith has every field already: hers stay.
    assert_eq!(report["gained"], serde_json::json!([]), "{report}");

    let people = env.read("participants.toml");
    assert!(!people.contains("edith-2"), "{people}");
    assert!(
        !people.contains("edith.pro@example.org"),
        "KEEP's own address stays"
    );
    let event = env.event(EV);
    let invited = strings(&event["invited"]);
    assert_eq!(invited.iter().filter(|id| *id == "edith").count(), 1);
    assert!(!invited.contains(&"edith-2".to_string()));
    assert_eq!(
        event["rsvp"]["edith"]["answer"].as_str(),
        Some("yes"),
        "KEEP's answer wins"
    );
    assert!(event["rsvp"].get("edith-2").is_none());
    let past = env.event(held);
    let attended = strings(&past["attended"]);
    assert_eq!(attended.iter().filter(|id| *id == "edith").count(), 1);
    assert!(!attended.contains(&"edith-2".to_string()));
    let journal = env.read(&format!("events/{EV}.journal"));
    assert!(
        !journal.contains("\"participant\":\"edith-2\""),
        "{journal}"
    );

    env.ok(&["check"]);
    let stats = env.json(&["stats"]);
    assert_eq!(
        stats["overall"]["people"].as_u64().map(|n| n + 1),
        stats_before["overall"]["people"].as_u64(),
        "{stats}"
    );
    // Nothing is sent again because of the merge.
    let again = env.json(&["--now", "2026-11-04T10:00", "invite", EV]);
    assert_eq!(again["deliveries"], serde_json::json!([]), "{again}");
    assert_eq!(env.files_in("outbox").len(), outbox_before);
}

/// The demo with a session held at Alès on 2026-12-10, to record walk-ins.
fn demo_at_the_door() -> TestEnv {
    let env = TestEnv::demo();
    schedule(&env);
    env
}

fn attend(env: &TestEnv, args: &[&str]) -> (serde_json::Value, String) {
    let mut all = vec![
        "--now",
        "2026-12-10T22:00",
        "--format",
        "json",
        "attend",
        EV,
        "--yes",
    ];
    all.extend_from_slice(args);
    let (out, err) = env.ok_with_stderr(&all);
    (serde_json::from_str(&out).unwrap(), err)
}

#[test]
fn walk_ins_are_found_by_name_in_their_village_then_anywhere() {
    let env = demo_at_the_door();
    env.ok(&[
        "participant",
        "add",
        "Marc Saint-Cyr",
        "--village",
        "anduze",
    ]);
    let count = || env.json(&["participants"]).as_array().unwrap().len();
    let people = count();

    // Without a village, accents and case aside: Édith of the file.
    let (report, note) = attend(&env, &["--walk-in", "EDITH"]);
    assert_eq!(report["walk_ins"][0]["id"], "edith");
    assert_eq!(report["walk_ins"][0]["new"], false);
    assert!(note.contains("edith"), "{note}");
    // With « St » for « Saint » and a hyphen left out, in their village.
    let (report, _) = attend(&env, &["--walk-in", "marc st cyr", "--village", "anduze"]);
    assert_eq!(report["walk_ins"][0]["id"], "marc-saint-cyr");
    // A village given that is not theirs: still found anywhere.
    let (report, _) = attend(&env, &["--walk-in", "Marc Saint Cyr", "--village", "ales"]);
    assert_eq!(report["walk_ins"][0]["id"], "marc-saint-cyr");
    assert_eq!(count(), people);

    // Two of that name and no terminal: refused with both.
    env.ok_with_stderr(&["participant", "add", "Marc Saint-Cyr", "--village", "ales"]);
    let err = env.unchanged(|| {
        env.fails(
            2,
            &[
                "--now",
                "2026-12-10T22:00",
                "attend",
                EV,
                "--yes",
                "--walk-in",
                "Marc St-Cyr",
            ],
        )
    });
    assert!(
        err.contains("marc-saint-cyr") && err.contains("marc-saint-cyr-2"),
        "{err}"
    );
    // In a village, the one of that village.
    let (report, _) = attend(&env, &["--walk-in", "Marc St-Cyr", "--village", "Alès"]);
    assert_eq!(report["walk_ins"][0]["id"], "marc-saint-cyr-2");
}

#[test]
fn a_walk_ins_village_is_found_among_the_communes_and_added() {
    let env = demo_at_the_door();
    assert!(!env.read("villages.toml").contains("Bassoues"));
    let (report, _) = attend(
        &env,
        &["--walk-in", "Paul Nouveau", "--village", "Bassoues"],
    );
    assert_eq!(report["walk_ins"][0]["new"], true);
    assert_eq!(report["walk_ins"][0]["village"], "bassoues");
    let villages = env.toml("villages.toml");
    let bassoues = villages["village"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"].as_str() == Some("bassoues"))
        .expect("Bassoues added");
    assert_eq!(bassoues["department"].as_str(), Some("32"));
    // A village already there, written another way.
    let before = env.read("villages.toml");
    let (report, _) = attend(
        &env,
        &["--walk-in", "Jeanne Autre", "--village", "st jean du gard"],
    );
    assert_eq!(report["walk_ins"][0]["village"], "saint-jean-du-gard");
    assert_eq!(env.read("villages.toml"), before);
    // Nobody of that name and no village: refused.
    env.unchanged(|| {
        env.fails(
            2,
            &[
                "--now",
                "2026-12-10T22:00",
                "attend",
                EV,
                "--yes",
                "--walk-in",
                "Inconnu Total",
            ],
        )
    });
    env.ok(&["check"]);
}

#[test]
fn the_lafforgue_export_gives_two_people_and_says_so() {
    let env = TestEnv::demo();
    let file = env.file("adherents.csv");
    std::fs::write(
        &file,
        "Nom;Prénom;Email;Code Postal;Ville\r\n\
         Lafforgue;Léa;lea@example.org;32390;Sainte-Christie\r\n\
         Lafforgue;Léa;lea.lafforgue@example.org;32390;Sainte-Christie\r\n",
    )
    .unwrap();
    let file = file.display().to_string();
    let out = env.ok(&["participant", "import", &file]);
    assert!(out.contains(":3:"), "the second row is named: {out}");
    let people = env.json(&["participants"]);
    let lea: Vec<&serde_json::Value> = people
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"] == "Léa Lafforgue")
        .collect();
    assert_eq!(lea.len(), 2, "{people}");
    let emails: Vec<&str> = lea.iter().map(|p| p["email"].as_str().unwrap()).collect();
    assert_eq!(emails, ["lea@example.org", "lea.lafforgue@example.org"]);
    let before = env.read_bytes("participants.toml");
    env.ok(&["participant", "import", &file]);
    assert_eq!(env.read_bytes("participants.toml"), before);
    // And back through the CSV of participants: a no-op.
    let csv = env.ok(&["--format", "csv", "participants"]);
    let export = env.file("participants.csv");
    std::fs::write(&export, csv).unwrap();
    let report = env.json(&[
        "participant",
        "import",
        &export.display().to_string(),
        "--update",
    ]);
    assert_eq!(report["added"], 0, "{report}");
    assert_eq!(report["updated"], 0, "{report}");
    assert_eq!(env.read_bytes("participants.toml"), before);
}

#[test]
fn forget_changes_nobody_elses_records_but_for_the_name() {
    let env = TestEnv::demo();
    env.ok(&[
        "participant",
        "add",
        "Hélène Dupuy",
        "--village",
        "anduze",
        "--email",
        "helene.dupuy@example.org",
        "--carpool",
    ]);
    schedule(&env);
    env.ok(&["--now", "2026-11-02T10:00", "invite", EV]);
    env.ok(&[
        "--now",
        "2026-11-03T10:00",
        "rsvp",
        EV,
        "helene-dupuy",
        "yes",
    ]);
    env.write("inbox.journal", "<reply.1@example.org>\trsvp\t2026-11-03T10:00:00Z\n<x@helene.dupuy@example.org>\trsvp\t2026-11-03T10:00:00Z\n");
    // Her name is in the invitations of the other people of Anduze.
    let named: Vec<String> = env
        .files_in("outbox")
        .iter()
        .filter(|p| !p.display().to_string().contains(".helene-dupuy."))
        .filter(|p| {
            let raw = std::fs::read(p).unwrap();
            String::from_utf8_lossy(&decode_qp(&raw)).contains("Hélène Dupuy")
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(!named.is_empty(), "the car-sharing line names her");
    let before = env.snapshot();

    let report = env.json(&["participant", "forget", "helene-dupuy", "--yes"]);
    assert_eq!(report["outbox_files"], 1, "her own invitation only");
    assert_eq!(report["outbox_rewritten"], named.len());
    assert_eq!(report["still_mentioned"], serde_json::json!([]));

    let after = env.snapshot();
    let mentions = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        text.contains("helene.dupuy@example.org")
            || text.contains("hélène dupuy")
            || text.contains("h=c3=a9l=c3=a8ne dupuy")
            || text.contains("helene-dupuy")
    };
    // No file holds her name, address or id any more.
    for (path, bytes) in &after {
        assert!(!mentions(bytes), "{} still mentions her", path.display());
    }
    for (path, old) in &before {
        let new = after.iter().find(|(p, _)| p == path).map(|(_, b)| b);
        let name = path.display().to_string();
        if name.contains(".helene-dupuy.") {
            assert!(new.is_none(), "her own message goes: {name}");
            continue;
        }
        let new = new.unwrap_or_else(|| panic!("{name} was deleted"));
        if !mentions(old) {
            assert!(new == old, "{name} changed");
            continue;
        }
        // A file that mentioned her: byte for byte the same once her
        // mentions are replaced, line by line (the outbox by its decoded text).
        if name.ends_with(".eml") {
            let decode = |b: &[u8]| String::from_utf8_lossy(&decode_qp(b)).into_owned();
            assert_eq!(
                decode(new),
                decode(old).replace("Hélène Dupuy", "un membre"),
                "{name}"
            );
        } else if name.ends_with(".journal") || name == "inbox.journal" {
            let old = String::from_utf8_lossy(old);
            let new = String::from_utf8_lossy(new);
            let (old_lines, new_lines): (Vec<&str>, Vec<&str>) =
                (old.lines().collect(), new.lines().collect());
            assert_eq!(old_lines.len(), new_lines.len(), "{name}");
            for (o, n) in old_lines.iter().zip(&new_lines) {
                if !mentions(o.as_bytes()) {
                    assert_eq!(o, n, "{name}");
                }
            }
        }
    }
    env.ok(&["check"]);
}

/// Quoted-printable decoded loosely (soft breaks joined, =XX decoded).
fn decode_qp(raw: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(raw)
        .replace("=\r\n", "")
        .replace("=\n", "");
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

#[test]
fn merge_on_a_terminal_shows_what_it_does_and_asks_first() {
    let env = TestEnv::demo();
    env.ok_with_stderr(&[
        "participant",
        "add",
        "Édith",
        "--village",
        "saint-jean-du-gard",
    ]);
    let before = env.snapshot();
    let mut session = env.pty(&["--lang", "en", "participant", "merge", "edith", "edith-2"]);
    session
        .expect("Merging edith-2 (Édith) into edith (Édith)")
        .unwrap();
    session.expect("Merge edith-2 into edith?").unwrap();
    session.send("n").unwrap();
    session.expect("nothing was merged").unwrap();
    assert_eq!(pty_exit_code(&mut session), 0);
    assert_eq!(env.snapshot(), before);

    let mut session = env.pty(&["--lang", "en", "participant", "merge", "edith", "edith-2"]);
    session.expect("Merge edith-2 into edith?").unwrap();
    session.send("y").unwrap();
    session.expect("edith-2 merged into edith").unwrap();
    assert_eq!(pty_exit_code(&mut session), 0);
    assert!(!env.read("participants.toml").contains("edith-2"));
    env.ok(&["check"]);
}
