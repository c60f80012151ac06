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
    env.ok(&["rsvp", EV, "sebastien", "yes", "--now", "2026-11-20T09:15"]);
    env.ok(&["rsvp", EV, "valerie", "maybe", "--now", "2026-11-20T10:00"]);
    env.ok(&[
        "rsvp",
        EV,
        "sebastien",
        "no",
        "--now",
        "2026-11-22T08:00:30",
    ]);

    let table = env.event(EV);
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
    env.ok(&["check"]);

    let value = env.json(&["rsvp", EV, "edith", "yes", "--now", "2026-11-23T12:00"]);
    assert_eq!(value["answer"], "yes");
    assert_eq!(value["previous"], serde_json::Value::Null);
    assert_eq!(value["at"], "2026-11-23T12:00:00");
}

#[test]
fn rsvp_is_refused_for_cancelled_or_past_sessions_unless_forced() {
    let env = network();
    env.unchanged(|| {
        let err = env.fails(
            2,
            &[
                "rsvp",
                "2026-12-15-anduze",
                "edith",
                "yes",
                "--now",
                "2026-11-20",
            ],
        );
        assert!(err.contains("annulée"), "{err}");
        let err = env.fails(2, &["rsvp", EV, "edith", "yes", "--now", "2026-12-02"]);
        assert!(err.contains("--force"), "{err}");
    });

    for (id, now) in [("2026-12-15-anduze", "2026-11-20"), (EV, "2026-12-02")] {
        env.ok(&["rsvp", id, "edith", "no", "--force", "--now", now]);
        assert_eq!(rsvp_of(&env.event(id), "edith").0, "no");
    }
}

#[test]
fn rsvp_unknown_ids_and_answers_exit_2_with_the_closest_id() {
    let env = network();
    let cases: [(&[&str], &str); 3] = [
        (&["2026-12-01-andze", "edith", "yes"], "2026-12-01-anduze"),
        (&[EV, "edit", "yes"], "edith"),
        (&[EV, "edith", "bof"], "oui, non, peut-être"),
    ];
    env.unchanged(|| {
        for (args, expected) in cases {
            let err = env.fails(2, &[&["rsvp"], args, &["--now", "2026-11-20"]].concat());
            assert!(err.contains(expected), "{args:?}: {err}");
        }
    });
}

#[test]
fn attend_with_flags_adds_walk_ins_with_unique_ids_and_keeps_comments() {
    let env = network();
    let report = env.json(&[
        "attend",
        EV,
        "--present",
        "sebastien,edith",
        "--walk-in",
        "Sébastien <seb.bis@example.org>",
        "--walk-in",
        "Zoé Martin",
        "--village",
        "ales",
        "--village",
        "anduze",
        "--now",
        "2026-12-01T21:00",
    ]);
    assert_eq!(
        report["attended"],
        serde_json::json!(["sebastien", "edith", "sebastien-2", "zoe-martin"])
    );

    // participants.toml: every original byte, then the two new entries.
    let text = env.read("participants.toml");
    assert!(text.starts_with(PARTICIPANTS), "{text}");
    let parsed = env.toml("participants.toml");
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
    let session = env.event(EV);
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
    env.ok(&["check"]);
}

#[test]
fn attend_reruns_replace_the_list_only_with_yes_and_known_emails_are_not_duplicated() {
    let env = network().at("2026-12-01T21:00");
    let walk_in = |email: &'static str| -> [&str; 8] {
        [
            "attend",
            EV,
            "--present",
            "sebastien",
            "--walk-in",
            email,
            "--village",
            "ales",
        ]
    };
    env.ok(&walk_in("Zoé <zoe@example.org>"));

    // The same list again: nothing to confirm, nobody duplicated.
    let (_, err) = env.unchanged(|| env.ok_with_stderr(&walk_in("Zoé <ZOE@example.org>")));
    assert_eq!(err, "Zoé est déjà participant : zoe\n");

    // A different list is refused without --yes, and nothing changes.
    let err = env.unchanged(|| env.fails(2, &["attend", EV, "--present", "valerie"]));
    assert!(err.contains("--yes"), "{err}");

    env.ok(&[
        "attend",
        EV,
        "--present",
        "valerie,zoe",
        "--yes",
        "--now",
        "2026-12-02",
    ]);
    assert_eq!(strings(&env.event(EV)["attended"]), ["valerie", "zoe"]);
    let parsed = env.toml("participants.toml");
    assert_eq!(parsed["participant"].as_array().unwrap().len(), 4);
}

#[test]
fn attend_without_terminal_or_flags_exits_2_and_shows_the_flags() {
    let env = network();
    let message = env.unchanged(|| env.fails(2, &["attend", EV, "--now", "2026-12-01T21:00"]));
    for flag in ["--present", "--walk-in", "--village", "--yes", EV] {
        assert!(message.contains(flag), "{flag} missing from: {message}");
    }
}

#[test]
fn attend_bad_input_exits_2_and_writes_nothing() {
    let env = network();
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
    env.unchanged(|| {
        for (flags, expected) in cases {
            let args = [&["attend", EV], flags, &["--now", "2026-12-01T21:00"]].concat();
            let err = env.fails(2, &args);
            assert!(err.contains(expected), "{flags:?}: {err}");
        }
        // A cancelled session, or one still to come, takes no attendance.
        for (id, now) in [("2026-12-15-anduze", "2026-12-20"), (EV, "2026-11-30")] {
            env.fails(2, &["attend", id, "--present", "edith", "--now", now]);
        }
    });
}

/// `jelly --lang en ARGS` on a pseudo-terminal (stdin, stdout and stderr).
fn spawn_in_pty(env: &TestEnv, args: &[&str]) -> expectrl::Session {
    env.pty(&[&["--lang", "en"], args].concat())
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
    env.ok(&[
        "attend",
        EV,
        "--present",
        "valerie,edith",
        "--now",
        "2026-12-01T21:00",
    ]);
    let recorded = env.snapshot();

    let mut session = spawn_in_pty(&env, &["attend", EV, "--now", "2026-12-01T22:00"]);
    session.expect("Replace it?").unwrap();
    session.send("n").unwrap();
    session.expect("Nothing changed").unwrap();
    exited_with(&mut session, 0);
    assert_eq!(env.snapshot(), recorded);

    let mut session = spawn_in_pty(&env, &["attend", EV, "--now", "2026-12-01T22:00"]);
    session.expect("Replace it? [y/N]").unwrap();
    session.send("y").unwrap();
    session.expect("Who came on").unwrap();
    session.expect("[x] Édith").unwrap();
    session.send("+").unwrap();
    session.expect("Name of the walk-in").unwrap();
    session.send("Paul\r").unwrap();
    session.expect("Email").unwrap();
    session.send("\r").unwrap();
    session.expect("Village (id or name)").unwrap();
    session.send("alès\r").unwrap();
    session.expect("Walk-in: Paul (Alès)").unwrap();
    session.send("\r").unwrap();
    session
        .expect("Record 2 people and 1 walk-in? [Y/n]")
        .unwrap();
    session.send("y").unwrap();
    exited_with(&mut session, 0);
    assert_eq!(
        strings(&env.event(EV)["attended"]),
        ["edith", "valerie", "paul"]
    );
    let people = env.toml("participants.toml");
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
    env.ok(&["rsvp", EV, "valerie", "yes", "--now", "2026-11-20"]);

    let mut session = spawn_in_pty(&env, &["attend", EV, "--now", "2026-12-01T21:00"]);

    const DOWN: &str = "\x1b[B";
    session.expect("Who came on").unwrap();
    // Valérie said yes: first, and ticked.
    session.expect("> [x] Valérie").unwrap();
    // Untick Valérie, tick Édith and Sébastien.
    session.send(" ").unwrap();
    session.send(DOWN).unwrap();
    session.send(" ").unwrap();
    session.send(DOWN).unwrap();
    session.send(" ").unwrap();
    session.expect("2 people ticked of 3").unwrap();
    session.send("+").unwrap();
    session.expect("Name of the walk-in").unwrap();
    session.send("Zoé Martin\r").unwrap();
    session.expect("Email").unwrap();
    session.send("zoe@example.org\r").unwrap();
    session.expect("Village (id or name)").unwrap();
    session.send("Lasalle\r").unwrap();
    // Found among the built-in communes.
    session.expect("Lasalle (30, ").unwrap();
    session.send("y").unwrap();
    session.expect("Walk-in: Zoé Martin (Lasalle)").unwrap();
    session.send("\r").unwrap();
    session.expect("Record 2 people and 1 walk-in?").unwrap();
    session.send("y").unwrap();
    session.expect("Attendance of").unwrap();
    exited_with(&mut session, 0);

    let session_file = env.event(EV);
    assert_eq!(session_file["status"].as_str(), Some("held"));
    assert_eq!(
        strings(&session_file["attended"]),
        ["edith", "sebastien", "zoe-martin"]
    );
    assert!(strings(&session_file["invited"]).contains(&"zoe-martin".to_string()));
    let villages = env.toml("villages.toml");
    let lasalle = &villages["village"].as_array().unwrap()[2];
    assert_eq!(lasalle["id"].as_str(), Some("lasalle"));
    let lat = lasalle["lat"].as_float().unwrap();
    let lon = lasalle["lon"].as_float().unwrap();
    assert!(
        (lat - 44.04).abs() < 0.05 && (lon - 3.85).abs() < 0.05,
        "{lat} {lon}"
    );
    assert!(env.read("villages.toml").starts_with(VILLAGES));
    let people_text = env.read("participants.toml");
    assert!(people_text.starts_with(PARTICIPANTS));
    let people = env.toml("participants.toml");
    let zoe = &people["participant"].as_array().unwrap()[3];
    assert_eq!(zoe["id"].as_str(), Some("zoe-martin"));
    assert_eq!(zoe["email"].as_str(), Some("zoe@example.org"));
    assert_eq!(zoe["village"].as_str(), Some("lasalle"));
    env.ok(&["check"]);
}

/// `attend` and `rsvp` write the same session file at the same time, 20
/// times over: under the data directory's lock, neither loses the other's
/// write.
#[test]
fn concurrent_attend_and_rsvp_lose_no_write() {
    let env = network();
    let people = ["sebastien", "valerie", "edith"];
    let answers = ["yes", "no", "maybe"];
    for round in 0..20 {
        let present = people[round % 3];
        let voter = people[(round + 1) % 3];
        let answer = answers[round % 3];
        let now = format!("2026-12-01T21:{:02}:00", round);
        let attend = env
            .run(&["--now", &now, "attend", EV, "--present", present, "--yes"])
            .spawn();
        let rsvp = env
            .run(&["--now", &now, "rsvp", EV, voter, answer, "--force"])
            .spawn();
        for child in [attend, rsvp] {
            let out = finish(child);
            assert!(out.success(), "round {round}: {}", out.stderr);
        }
        let session = env.event(EV);
        assert_eq!(strings(&session["attended"]), [present], "round {round}");
        assert_eq!(
            rsvp_of(&session, voter),
            (answer.to_string(), now.clone()),
            "round {round}"
        );
        assert_eq!(session["status"].as_str(), Some("held"));
    }
    env.ok(&["check"]);
}

/// The rotation engine's expected attendance reads what attend writes:
/// attended/invited over held sessions, walk-ins counted as invited.
#[test]
fn attendance_feeds_the_rotation_engines_expected_attendance() {
    let env = network();
    let expected = || {
        env.json(&["next", "--date", "2026-12-20"])["expected_attendance"]
            .as_f64()
            .unwrap()
    };
    // Nobody was ever invited to a held session: 1.0 each.
    assert_eq!(expected(), 3.0);
    env.ok(&[
        "attend",
        EV,
        "--present",
        "sebastien",
        "--walk-in",
        "Zoé <zoe@example.org>",
        "--village",
        "ales",
        "--now",
        "2026-12-01T21:00",
    ]);
    // sebastien 1/1, valerie 0/1, edith 0/1, zoé 1/1.
    assert_eq!(expected(), 2.0);
}
