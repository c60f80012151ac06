//! rsvp and attend, end to end: answers in the event file (last one wins,
//! refused for cancelled or past sessions), attendance with flags and through
//! a real pseudo-terminal, walk-ins becoming participants, and concurrent
//! writers losing nothing.

use crate::harness::*;

const VILLAGES: &str = "\
# Nos villages
[[village]]
id = \"anduze\"
name = \"Anduze\"
lat = 44.055
lon = 3.98495

[[village]]
id = \"ales\"
name = \"Alès\"
lat = 44.12489
lon = 4.08082
";

const VENUES: &str = "\
[[venue]]
id = \"anduze-mediatheque\"
name = \"Médiathèque d'Anduze\"
village = \"anduze\"
";

const PARTICIPANTS: &str = "\
# Les gens du réseau — ce commentaire doit survivre.
[[participant]]
id = \"sebastien\"
name = \"Sébastien\"
email = \"sebastien@example.org\"
village = \"anduze\"   # co-organisateur

[[participant]]
id = \"valerie\"
name = \"Valérie\"
village = \"anduze\"

[[participant]]
id = \"edith\"
name = \"Édith\"
email = \"edith@example.org\"
village = \"ales\"
# fin du fichier, sans saut de ligne final";

const EVENT: &str = "\
# La session de décembre
date = 2026-12-01T18:30:00
venue = \"anduze-mediatheque\"   # au premier étage
status = \"planned\"
invited = [\"sebastien\", \"valerie\", \"edith\"]
";

const CANCELLED: &str = "\
date = 2026-12-15T18:30:00
venue = \"anduze-mediatheque\"
status = \"cancelled\"
invited = [\"sebastien\", \"valerie\", \"edith\"]
";

const EV: &str = "2026-12-01-anduze";

fn network() -> TestEnv {
    TestEnv::with_files(&[
        ("villages.toml", VILLAGES),
        ("venues.toml", VENUES),
        ("participants.toml", PARTICIPANTS),
        ("events/2026-12-01-anduze.toml", EVENT),
        ("events/2026-12-15-anduze.toml", CANCELLED),
    ])
}

fn event(env: &TestEnv, id: &str) -> toml::Table {
    env.read(&format!("events/{id}.toml")).parse().unwrap()
}

fn strings(value: &toml::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn rsvp_of(table: &toml::Table, participant: &str) -> (String, String) {
    let entry = &table["rsvp"][participant];
    (
        entry["answer"].as_str().unwrap().to_string(),
        entry["at"].to_string(),
    )
}

#[test]
fn rsvp_records_the_answer_with_its_time_and_the_last_one_wins() {
    let env = network();
    let run = |who: &str, answer: &str, now: &str| {
        env.jelly()
            .args(["rsvp", EV, who, answer, "--now", now])
            .output()
            .unwrap()
    };
    let out = run("sebastien", "yes", "2026-11-20T09:15");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(run("valerie", "maybe", "2026-11-20T10:00").status.success());
    let out = run("sebastien", "no", "2026-11-22T08:00:30");
    assert!(out.status.success(), "{}", stderr(&out));

    let table = event(&env, EV);
    assert_eq!(
        rsvp_of(&table, "sebastien"),
        ("no".into(), "2026-11-22T08:00:30".into())
    );
    assert_eq!(
        rsvp_of(&table, "valerie"),
        ("maybe".into(), "2026-11-20T10:00:00".into())
    );
    assert_eq!(table["rsvp"].as_table().unwrap().len(), 2);
    // The rest of the file is untouched, comments included.
    let text = env.read(&format!("events/{EV}.toml"));
    assert!(text.starts_with(EVENT), "{text}");
    let check = env.jelly().arg("check").output().unwrap();
    assert!(check.status.success(), "{}", stderr(&check));

    let json = env
        .jelly()
        .args(["--format", "json", "rsvp", EV, "edith", "yes"])
        .args(["--now", "2026-11-23T12:00"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["answer"], "yes");
    assert_eq!(value["previous"], serde_json::Value::Null);
    assert_eq!(value["at"], "2026-11-23T12:00:00");
}

#[test]
fn rsvp_is_refused_for_cancelled_or_past_sessions_unless_forced() {
    let env = network();
    let before = env.snapshot();
    let cancelled = env
        .jelly()
        .args([
            "rsvp",
            "2026-12-15-anduze",
            "edith",
            "yes",
            "--now",
            "2026-11-20",
        ])
        .output()
        .unwrap();
    assert_eq!(cancelled.status.code(), Some(2));
    assert!(
        stderr(&cancelled).contains("annulée"),
        "{}",
        stderr(&cancelled)
    );
    let past = env
        .jelly()
        .args(["rsvp", EV, "edith", "yes", "--now", "2026-12-02"])
        .output()
        .unwrap();
    assert_eq!(past.status.code(), Some(2));
    assert!(stderr(&past).contains("--force"), "{}", stderr(&past));
    assert_eq!(env.snapshot(), before, "a refused answer writes nothing");

    for (id, now) in [("2026-12-15-anduze", "2026-11-20"), (EV, "2026-12-02")] {
        let forced = env
            .jelly()
            .args(["rsvp", id, "edith", "no", "--force", "--now", now])
            .output()
            .unwrap();
        assert!(forced.status.success(), "{}", stderr(&forced));
        assert_eq!(rsvp_of(&event(&env, id), "edith").0, "no");
    }
}

#[test]
fn rsvp_unknown_ids_and_answers_exit_2_with_the_closest_id() {
    let env = network();
    let before = env.snapshot();
    let cases: [(&[&str], &str); 3] = [
        (&["2026-12-01-andze", "edith", "yes"], "2026-12-01-anduze"),
        (&[EV, "edit", "yes"], "edith"),
        (&[EV, "edith", "oui"], "yes, no, maybe"),
    ];
    for (args, expected) in cases {
        let out = env
            .jelly()
            .arg("rsvp")
            .args(args)
            .args(["--now", "2026-11-20"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn attend_with_flags_adds_walk_ins_with_unique_ids_and_keeps_comments() {
    let env = network();
    let out = env
        .jelly()
        .args(["attend", EV, "--present", "sebastien,edith"])
        .args(["--walk-in", "Sébastien <seb.bis@example.org>"])
        .args(["--walk-in", "Zoé Martin"])
        .args(["--village", "ales", "--village", "anduze"])
        .args(["--now", "2026-12-01T21:00", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["attended"],
        serde_json::json!(["sebastien", "edith", "sebastien-2", "zoe-martin"])
    );

    // participants.toml: every original byte, then the two new entries.
    let text = env.read("participants.toml");
    assert!(text.starts_with(PARTICIPANTS), "{text}");
    let parsed: toml::Table = text.parse().unwrap();
    let people = parsed["participant"].as_array().unwrap();
    assert_eq!(people.len(), 5);
    assert_eq!(people[3]["id"].as_str(), Some("sebastien-2"));
    assert_eq!(people[3]["email"].as_str(), Some("seb.bis@example.org"));
    assert_eq!(people[3]["village"].as_str(), Some("ales"));
    assert_eq!(people[3]["joined"].to_string(), "2026-12-01");
    assert_eq!(people[4]["id"].as_str(), Some("zoe-martin"));
    assert_eq!(people[4]["village"].as_str(), Some("anduze"));
    assert!(people[4].get("email").is_none());

    // The session: held, attended written, walk-ins added to invited.
    let session = event(&env, EV);
    assert_eq!(session["status"].as_str(), Some("held"));
    assert_eq!(
        strings(&session["attended"]),
        ["sebastien", "edith", "sebastien-2", "zoe-martin"]
    );
    assert_eq!(
        strings(&session["invited"]),
        ["sebastien", "valerie", "edith", "sebastien-2", "zoe-martin"]
    );
    let session_text = env.read(&format!("events/{EV}.toml"));
    assert!(session_text.starts_with("# La session de décembre\n"));
    assert!(session_text.contains("venue = \"anduze-mediatheque\"   # au premier étage\n"));
    let check = env.jelly().arg("check").output().unwrap();
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn attend_reruns_replace_the_list_only_with_yes_and_known_emails_are_not_duplicated() {
    let env = network();
    let first = env
        .jelly()
        .args(["attend", EV, "--present", "sebastien"])
        .args(["--walk-in", "Zoé <zoe@example.org>", "--village", "ales"])
        .args(["--now", "2026-12-01T21:00"])
        .output()
        .unwrap();
    assert!(first.status.success(), "{}", stderr(&first));
    let after_first = env.snapshot();

    // The same list again: nothing to confirm, nobody duplicated.
    let same = env
        .jelly()
        .args(["attend", EV, "--present", "sebastien"])
        .args(["--walk-in", "Zoé <ZOE@example.org>", "--village", "ales"])
        .args(["--now", "2026-12-01T21:00"])
        .output()
        .unwrap();
    assert!(same.status.success(), "{}", stderr(&same));
    assert_eq!(env.snapshot(), after_first);

    // A different list is refused without --yes, and nothing changes.
    let refused = env
        .jelly()
        .args(["attend", EV, "--present", "valerie"])
        .args(["--now", "2026-12-01T21:00"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("--yes"), "{}", stderr(&refused));
    assert_eq!(env.snapshot(), after_first);

    let replaced = env
        .jelly()
        .args(["attend", EV, "--present", "valerie,zoe", "--yes"])
        .args(["--now", "2026-12-02"])
        .output()
        .unwrap();
    assert!(replaced.status.success(), "{}", stderr(&replaced));
    assert_eq!(strings(&event(&env, EV)["attended"]), ["valerie", "zoe"]);
    let parsed: toml::Table = env.read("participants.toml").parse().unwrap();
    assert_eq!(parsed["participant"].as_array().unwrap().len(), 4);
}

#[test]
fn attend_without_terminal_or_flags_exits_2_and_shows_the_flags() {
    let env = network();
    let before = env.snapshot();
    let out = env
        .jelly()
        .args(["attend", EV, "--now", "2026-12-01T21:00"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    for flag in ["--present", "--walk-in", "--village", "--yes", EV] {
        assert!(message.contains(flag), "{flag} missing from: {message}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn attend_bad_input_exits_2_and_writes_nothing() {
    let env = network();
    let before = env.snapshot();
    let cases: [(&[&str], &str); 7] = [
        (&["--present", "sebastien,valrie"], "valerie"),
        (&["--walk-in", "Zoé <zoe@example.org>"], "--village"),
        (&["--present", "edith", "--village", "ales"], "--walk-in"),
        (
            &[
                "--walk-in",
                "A",
                "--walk-in",
                "B",
                "--walk-in",
                "C",
                "--village",
                "ales",
                "--village",
                "anduze",
            ],
            "--village",
        ),
        (
            &["--walk-in", "Zoé <zoe@example.org>", "--village", "alez"],
            "ales",
        ),
        (
            &["--walk-in", "Zoé <pas-une-adresse>", "--village", "ales"],
            "pas-une-adresse",
        ),
        (
            &["--walk-in", "<zoe@example.org>", "--village", "ales"],
            "--walk-in",
        ),
    ];
    for (flags, expected) in cases {
        let out = env
            .jelly()
            .args(["attend", EV])
            .args(flags)
            .args(["--now", "2026-12-01T21:00"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flags:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{flags:?}: {}",
            stderr(&out)
        );
    }
    // A cancelled session, or one still to come, takes no attendance.
    for (id, now) in [("2026-12-15-anduze", "2026-12-20"), (EV, "2026-11-30")] {
        let out = env
            .jelly()
            .args(["attend", id, "--present", "edith", "--now", now])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{id}: {}", stderr(&out));
    }
    assert_eq!(env.snapshot(), before);
}

/// `jelly --lang en ARGS` on a pseudo-terminal (stdin, stdout and stderr).
fn spawn_in_pty(env: &TestEnv, args: &[&str]) -> expectrl::Session {
    let mut all = vec!["--lang", "en"];
    all.extend_from_slice(args);
    env.pty(&all)
}

fn exited_with(session: &mut expectrl::Session, code: i32) {
    assert_eq!(pty_exit_code(session), code);
}

/// On a terminal, a recorded list is replaced only after a yes; the
/// checklist then starts from the people already recorded, and a walk-in's
/// village can be named by its name.
#[test]
fn attend_on_a_terminal_asks_before_replacing() {
    let env = network();
    let first = env
        .jelly()
        .args([
            "attend",
            EV,
            "--present",
            "valerie,edith",
            "--now",
            "2026-12-01T21:00",
        ])
        .output()
        .unwrap();
    assert!(first.status.success(), "{}", stderr(&first));
    let recorded = env.snapshot();

    let mut session = spawn_in_pty(&env, &["attend", EV, "--now", "2026-12-01T22:00"]);
    session.expect("Replace it?").unwrap();
    session.send("n").unwrap();
    session.expect("Nothing changed").unwrap();
    exited_with(&mut session, 0);
    assert_eq!(env.snapshot(), recorded);

    let mut session = spawn_in_pty(&env, &["attend", EV, "--now", "2026-12-01T22:00"]);
    session.expect("Replace it?").unwrap();
    session.send("y").unwrap();
    session.expect("Who came to").unwrap();
    session.expect("Édith (edith)").unwrap();
    session.send("\r").unwrap();
    session.expect("Anyone else?").unwrap();
    session.send("y").unwrap();
    session.expect("Name").unwrap();
    session.send("Paul\r").unwrap();
    session.expect("Email").unwrap();
    session.send("\r").unwrap();
    session.expect("Village (id or name)").unwrap();
    session.send("alès\r").unwrap();
    session.expect("Anyone else?").unwrap();
    session.send("n").unwrap();
    exited_with(&mut session, 0);
    let session_file = event(&env, EV);
    assert_eq!(
        strings(&session_file["attended"]),
        ["valerie", "edith", "paul"]
    );
    let people: toml::Table = env.read("participants.toml").parse().unwrap();
    let paul = &people["participant"].as_array().unwrap()[3];
    assert_eq!(paul["village"].as_str(), Some("ales"));
    assert!(paul.get("email").is_none());
    assert_eq!(env.read("villages.toml"), VILLAGES);
}

/// Drives the real checklist through a pseudo-terminal: Valérie, who
/// answered yes, is ticked already and gets unticked; Sébastien and Édith
/// are ticked; one walk-in from a village unknown until now is added.
#[test]
fn attend_checklist_through_a_pseudo_terminal() {
    let env = network();
    let rsvp = env
        .jelly()
        .args(["rsvp", EV, "valerie", "yes", "--now", "2026-11-20"])
        .output()
        .unwrap();
    assert!(rsvp.status.success(), "{}", stderr(&rsvp));

    let mut session = spawn_in_pty(&env, &["attend", EV, "--now", "2026-12-01T21:00"]);

    const DOWN: &str = "\x1b[B";
    session.expect("Who came to").unwrap();
    session.expect("Édith (edith)").unwrap();
    // Tick Sébastien, untick Valérie (ticked by her yes), tick Édith.
    session.send(" ").unwrap();
    session.send(DOWN).unwrap();
    session.send(" ").unwrap();
    session.send(DOWN).unwrap();
    session.send(" ").unwrap();
    session.send("\r").unwrap();
    session.expect("Anyone else?").unwrap();
    session.send("y").unwrap();
    session.expect("Name").unwrap();
    session.send("Zoé Martin\r").unwrap();
    session.expect("Email").unwrap();
    session.send("zoe@example.org\r").unwrap();
    session.expect("Village (id or name)").unwrap();
    session.send("Lasalle\r").unwrap();
    session.expect("Add it?").unwrap();
    session.send("y").unwrap();
    session.expect("Latitude").unwrap();
    session.send("44.0467\r").unwrap();
    session.expect("Longitude").unwrap();
    session.send("3.8588\r").unwrap();
    session.expect("Anyone else?").unwrap();
    session.send("n").unwrap();
    session.expect("Attendance of").unwrap();
    exited_with(&mut session, 0);

    let session_file = event(&env, EV);
    assert_eq!(session_file["status"].as_str(), Some("held"));
    assert_eq!(
        strings(&session_file["attended"]),
        ["sebastien", "edith", "zoe-martin"]
    );
    assert!(strings(&session_file["invited"]).contains(&"zoe-martin".to_string()));
    let villages: toml::Table = env.read("villages.toml").parse().unwrap();
    let lasalle = &villages["village"].as_array().unwrap()[2];
    assert_eq!(lasalle["id"].as_str(), Some("lasalle"));
    assert_eq!(lasalle["lat"].as_float(), Some(44.0467));
    assert_eq!(lasalle["lon"].as_float(), Some(3.8588));
    assert!(env.read("villages.toml").starts_with(VILLAGES));
    let people_text = env.read("participants.toml");
    assert!(people_text.starts_with(PARTICIPANTS));
    let people: toml::Table = people_text.parse().unwrap();
    let zoe = &people["participant"].as_array().unwrap()[3];
    assert_eq!(zoe["id"].as_str(), Some("zoe-martin"));
    assert_eq!(zoe["email"].as_str(), Some("zoe@example.org"));
    assert_eq!(zoe["village"].as_str(), Some("lasalle"));
    let check = env.jelly().arg("check").output().unwrap();
    assert!(check.status.success(), "{}", stderr(&check));
}

/// `attend` and `rsvp` write the same session file at the same time, 20
/// times over: under the data directory's lock, neither loses the other's
/// write.
#[test]
fn concurrent_attend_and_rsvp_lose_no_write() {
    let env = network();
    let people = ["sebastien", "valerie", "edith"];
    let answers = ["yes", "no", "maybe"];
    let jelly = assert_cmd::cargo::cargo_bin("jelly");
    for round in 0..20 {
        let present = people[round % 3];
        let voter = people[(round + 1) % 3];
        let answer = answers[round % 3];
        let now = format!("2026-12-01T21:{:02}:00", round);
        let spawn = |args: &[&str]| {
            std::process::Command::new(&jelly)
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .arg("--data")
                .arg(env.path())
                .args(["--now", now.as_str()])
                .args(args)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let attend = spawn(&["attend", EV, "--present", present, "--yes"]);
        let rsvp = spawn(&["rsvp", EV, voter, answer, "--force"]);
        for child in [attend, rsvp] {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "round {round}: {}", stderr(&out));
        }
        let session = event(&env, EV);
        assert_eq!(strings(&session["attended"]), [present], "round {round}");
        assert_eq!(
            rsvp_of(&session, voter),
            (answer.to_string(), now.clone()),
            "round {round}"
        );
        assert_eq!(session["status"].as_str(), Some("held"));
    }
    let check = env.jelly().arg("check").output().unwrap();
    assert!(check.status.success(), "{}", stderr(&check));
}

/// The rotation engine's expected attendance reads what attend writes:
/// attended/invited over held sessions, walk-ins counted as invited.
#[test]
fn attendance_feeds_the_rotation_engines_expected_attendance() {
    let env = network();
    let expected = |env: &TestEnv| {
        let out = env
            .jelly()
            .args(["--format", "json", "next", "--date", "2026-12-20"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        value["expected_attendance"].as_f64().unwrap()
    };
    // Nobody was ever invited to a held session: 1.0 each.
    assert_eq!(expected(&env), 3.0);
    let out = env
        .jelly()
        .args(["attend", EV, "--present", "sebastien"])
        .args(["--walk-in", "Zoé <zoe@example.org>", "--village", "ales"])
        .args(["--now", "2026-12-01T21:00"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // sebastien 1/1, valerie 0/1, edith 0/1, zoé 1/1.
    assert_eq!(expected(&env), 2.0);
}
