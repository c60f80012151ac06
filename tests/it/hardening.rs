//! Issue 11: what a careless or hostile user types, a file holds or a clock
//! says must never crash jelly, block the others' mail, lose a write or hang
//! it. One test per case found, named after what it guards.

use crate::harness::*;

fn base() -> TestEnv {
    TestEnv::copy_of("tests/bad/base").lang("en")
}

// ---------- case 14: error text ----------

#[test]
fn error_messages_escape_control_characters_and_cut_long_values() {
    let env = base();
    env.edit(
        "participants.toml",
        "email = \"ana@example.org\"",
        "email = \"ana@example.org\\r\\nBcc: x@evil.org\"",
    );
    let err = env.fails(2, &["check"]);
    let line = err
        .lines()
        .find(|l| l.contains("participants.toml:5"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        line.contains(r"ana@example.org\r\nBcc: x@evil.org"),
        "{err}"
    );
    assert!(!err.contains('\r'), "{err:?}");
    assert!(
        !err.lines().any(|l| l.starts_with("Bcc")),
        "a value never starts a line of its own: {err}"
    );

    let huge = "x".repeat(1_000_000);
    env.edit(
        "participants.toml",
        "ana@example.org\\r\\nBcc: x@evil.org",
        &huge,
    );
    let err = env.fails(2, &["check"]);
    assert!(err.len() < 1_000, "{} bytes of stderr", err.len());
    assert!(err.contains(&format!("{}…", "x".repeat(80))), "{err}");
}

// ---------- cases 1 and 2: what ends up in a header ----------

#[test]
fn check_and_add_refuse_control_characters_in_names() {
    let env = base();
    env.edit(
        "participants.toml",
        "name = \"Ana\"",
        "name = \"Eve\\r\\nBcc: victim@evil.org\"",
    );
    let err = env.unchanged(|| env.fails(2, &["check"]));
    assert!(
        err.contains("participants.toml:3:8: `name` holds a control character (\\r)"),
        "{err}"
    );
    // One problem, the name: the valid address on the line below is not
    // called invalid because of it.
    assert!(!err.contains("invalid email"), "{err}");
    // Before the session (not refused for being past): refused for the name.
    let err = env.unchanged(|| {
        env.fails(
            2,
            &["--now", "2024-01-02T09:00", "invite", "2024-01-10-anduze"],
        )
    });
    assert!(
        err.contains("participants.toml:3:8: `name` holds a control character (\\r)"),
        "{err}"
    );

    let env = base();
    env.unchanged(|| {
        env.fails(
            2,
            &[
                "participant",
                "add",
                "Zed\r\nBcc: a@b.org",
                "--village",
                "ales",
            ],
        )
    });
    env.unchanged(|| env.fails(2, &["participant", "add", "A\nB", "--village", "ales"]));
    env.unchanged(|| env.fails(2, &["venue", "add", "Salle\u{1b}[31m", "--village", "ales"]));
    env.unchanged(|| {
        env.fails(
            2,
            &[
                "venue",
                "add",
                "Salle",
                "--village",
                "ales",
                "--address",
                "1 rue\nX",
            ],
        )
    });
    env.unchanged(|| {
        env.fails(
            2,
            &[
                "--now",
                "2024-01-01T09:00",
                "schedule",
                "--date",
                "2024-02-01T18:00",
                "--theme",
                "a\r\nb",
            ],
        )
    });
    for (file, from, to) in [
        (
            "venues.toml",
            "name = \"Médiathèque\"",
            "name = \"Média\\nthèque\"",
        ),
        ("venues.toml", "capacity = 20", "address = \"1 rue\\tX\""),
        (
            "villages.toml",
            "name = \"Anduze\"",
            "name = \"And\\u0000uze\"",
        ),
    ] {
        let env = base();
        env.edit(file, from, to);
        let err = env.fails(2, &["check"]);
        assert!(
            err.contains(file) && err.contains("control character"),
            "{err}"
        );
    }
}

#[test]
fn check_refuses_the_addresses_the_transport_would_refuse() {
    for email in [r#"\"a,b>c\"@example.org"#, "ip@[127.0.0.1]"] {
        let env = base();
        env.edit("participants.toml", "ana@example.org", email);
        let err = env.fails(2, &["check"]);
        assert!(
            err.contains("participants.toml:5:9: invalid email address"),
            "{email}: {err}"
        );
    }
    let env = base();
    env.edit(
        "participants.toml",
        "name = \"Ana\"",
        "name = \"A\\u0000na\"",
    );
    let err = env.fails(2, &["check"]);
    assert!(err.contains("participants.toml:3:8:"), "{err}");
    env.unchanged(|| {
        env.fails(
            2,
            &[
                "participant",
                "add",
                "Bob",
                "--village",
                "ales",
                "--email",
                "ip@[127.0.0.1]",
            ],
        )
    });
}

// ---------- cases 3 to 6: the lock and the files written ----------

/// Waits (at most 30 s) until process `pid` has `path` open: a writer
/// blocked on the lock of the data directory has the folder open.
fn wait_until_open(pid: u32, path: &std::path::Path) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let open = std::fs::read_dir(format!("/proc/{pid}/fd"))
            .into_iter()
            .flatten()
            .flatten()
            .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|target| target == path));
        if open {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "process {pid} never opened {}",
            path.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[test]
fn deleting_the_lock_file_under_a_writer_loses_no_write() {
    let env = base();
    // The test is the first writer: it holds the data directory's locks
    // (the folder, then .jelly.lock) as jelly does.
    let folder = std::fs::File::open(env.path()).unwrap();
    folder.lock().unwrap();
    let lock_file = std::fs::File::create(env.file(".jelly.lock")).unwrap();
    lock_file.lock().unwrap();
    let alpha = env
        .run(&["participant", "add", "Alpha", "--village", "ales"])
        .spawn();
    wait_until_open(alpha.id(), env.path());
    // As it was found: the lock file deleted while a writer holds it.
    std::fs::remove_file(env.file(".jelly.lock")).unwrap();
    let beta = env
        .run(&["participant", "add", "Beta", "--village", "ales"])
        .spawn();
    wait_until_open(beta.id(), env.path());
    // Both wait for the first writer, lock file or not.
    let text = env.read("participants.toml");
    assert!(!text.contains("Alpha") && !text.contains("Beta"), "{text}");
    drop(lock_file);
    drop(folder);
    for (name, child) in [("Alpha", alpha), ("Beta", beta)] {
        let out = finish(child);
        assert_eq!(out.code, Some(0), "{name}: {}", out.stderr);
        assert!(out.stderr.is_empty(), "{name}: {}", out.stderr);
    }
    let text = env.read("participants.toml");
    assert!(text.contains("name = \"Alpha\""), "Alpha was lost");
    assert!(text.contains("name = \"Beta\""), "Beta was lost");
    env.ok(&["check"]);
}

#[test]
fn a_lock_file_that_is_a_symlink_is_refused_not_followed() {
    let env = base();
    let target = env.file("elsewhere");
    std::os::unix::fs::symlink(&target, env.file(".jelly.lock")).unwrap();
    env.unchanged(|| env.fails(1, &["participant", "add", "Zoé", "--village", "ales"]));
    assert!(!target.exists(), "the symlink's target was created");
}

#[test]
fn the_next_writer_removes_temporary_files_left_by_a_killed_one() {
    let env = base();
    // A process id above the kernel's maximum (2^22) never runs.
    let dead = ".jelly-99999999-Xy12Ab.tmp";
    let live = format!(".jelly-{}-Zz98Cd.tmp", std::process::id());
    let old_unnamed = "events/.jelly-Q1w2E3.tmp";
    let someone_elses = ".notes.tmp";
    for name in [dead, live.as_str(), old_unnamed, someone_elses] {
        env.write(name, "half a file");
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    std::fs::File::options()
        .write(true)
        .open(env.file(old_unnamed))
        .unwrap()
        .set_modified(two_hours_ago)
        .unwrap();
    env.ok(&["participant", "add", "Zoé", "--village", "ales"]);
    assert!(!env.file(dead).exists(), "a dead writer's file stays");
    assert!(!env.file(old_unnamed).exists(), "an old unnamed file stays");
    assert!(env.file(&live).exists(), "a live writer's file was removed");
    assert!(
        env.file(someone_elses).exists(),
        "a file not of jelly's naming was removed"
    );
}

fn current_umask() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .unwrap();
    u32::from_str_radix(line.trim(), 8).unwrap()
}

#[test]
fn new_files_respect_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::demo().at(NOW).lang("en");
    env.write(
        "jelly.toml",
        "[association]\nname = \"Jelly\"\ntimezone = \"Europe/Paris\"\n\n\
         [mail]\nfrom = \"Jelly <contact@jelly.example.org>\"\ntransport = \"file\"\noutbox = \"outbox\"\n",
    );
    let id = env.schedule("2026-12-03T18:30", Some("anduze-mediatheque"), None);
    env.ok(&["invite", &id]);
    let expected = 0o666 & !current_umask();
    let mut files = vec![env.file(&format!("events/{id}.toml"))];
    files.extend(env.files_in("outbox"));
    assert!(files.len() > 2, "{files:?}");
    for file in files {
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, expected, "{} is {mode:o}", file.display());
    }
}

// ---------- cases 7 to 11: absurd values ----------

#[test]
fn a_huge_timezone_is_reported_without_a_suggestion() {
    let env = base();
    env.edit("jelly.toml", "Europe/Paris", "Europe/Pariss");
    let err = env.fails(2, &["check"]);
    assert!(
        err.contains("Europe/Paris`"),
        "a near miss gets its suggestion: {err}"
    );
    let env = base();
    env.edit("jelly.toml", "Europe/Paris", &"Europe/Paris".repeat(90_000));
    for command in [&["check"][..], &["next"], &["stats"]] {
        let err = env.fails(2, command);
        assert!(err.contains("jelly.toml:3:12"), "{err}");
        assert!(
            !err.contains("did you mean"),
            "no suggestion for 1 MB: {err}"
        );
    }
}

#[test]
fn numbers_have_documented_bounds() {
    for (value, expect) in [
        ("1e308", "`detour_factor` must be between 1 and 3"),
        ("0", "`detour_factor` must be between 1 and 3"),
        ("0.5", "`detour_factor` must be between 1 and 3"),
        ("nan", "`detour_factor` must be a finite number"),
        ("inf", "`detour_factor` must be a finite number"),
    ] {
        let env = base();
        env.write(
            "jelly.toml",
            format!("[association]\nname = \"Base\"\ntimezone = \"Europe/Paris\"\n\n[rotation]\ndetour_factor = {value}\n"),
        );
        let err = env.fails(2, &["check"]);
        assert!(
            err.contains("jelly.toml:6:17") && err.contains(expect),
            "{value}: {err}"
        );
        assert!(!err.contains("negative"), "{value}: {err}");
    }
    let env = base();
    env.edit("venues.toml", "capacity = 20", "capacity = 9000000000");
    let err = env.fails(2, &["check"]);
    assert!(
        err.contains("`capacity` must be between 0 and 100,000"),
        "{err}"
    );
    let env = base();
    env.edit(
        "participants.toml",
        "village = \"ales\"",
        "village = \"ales\"\nmax_km = 1e300",
    );
    let err = env.fails(2, &["check"]);
    assert!(
        err.contains("participants.toml:5:10: `max_km` must be between 0 and 20,000"),
        "{err}"
    );
}

#[test]
fn dates_outside_1900_to_2199_are_refused() {
    let env = base();
    let err = env.unchanged(|| {
        env.fails(
            2,
            &[
                "schedule",
                "--date",
                "9999-12-31T23:59",
                "--venue",
                "v-anduze",
                "--force",
            ],
        )
    });
    assert!(err.contains("--date") && err.contains("1900–2199"), "{err}");
    let err = env.fails(2, &["--now", "1850-01-01", "next"]);
    assert!(err.contains("--now"), "{err}");
    env.edit(
        "events/2024-01-10-anduze.toml",
        "2024-01-10T18:30:00",
        "9999-12-31T23:59:00",
    );
    let err = env.fails(2, &["check"]);
    assert!(
        err.contains("2024-01-10-anduze.toml:1:8") && err.contains("1900–2199"),
        "{err}"
    );
    // A participant's `joined` date of year 1 or 9999 passed `check`.
    for joined in ["9999-12-31", "0001-01-01"] {
        let env = base();
        env.edit(
            "participants.toml",
            "village = \"ales\"",
            &format!("village = \"ales\"\njoined = {joined}"),
        );
        let err = env.fails(2, &["check"]);
        assert!(
            err.contains("participants.toml:5:10:") && err.contains("1900–2199"),
            "{joined}: {err}"
        );
    }
}

#[test]
fn plan_bounds_name_their_own_flag() {
    let env = TestEnv::demo().at(NOW).lang("en");
    let err = env.fails(2, &["plan", "--from", "2027-01-01", "--count", "100000"]);
    assert!(err.starts_with("--count: at most 100 sessions"), "{err}");
    let err = env.fails(
        2,
        &[
            "plan",
            "--from",
            "2027-01-01",
            "--count",
            "3",
            "--every",
            "99999999mo",
        ],
    );
    assert!(
        err.starts_with("--every: at most 731 days or 24 months"),
        "{err}"
    );
    let err = env.fails(
        2,
        &[
            "plan",
            "--from",
            "2190-01-01",
            "--count",
            "100",
            "--every",
            "24mo",
        ],
    );
    assert!(
        err.starts_with("--count: the season would end after 2199"),
        "{err}"
    );
}

#[test]
fn stats_refuses_a_from_after_its_to() {
    let env = TestEnv::demo().at(NOW).lang("en");
    let err = env.fails(2, &["stats", "--from", "2031-01-01", "--to", "2020-01-01"]);
    assert!(
        err.contains("--from (2031-01-01 00:00) is after --to"),
        "{err}"
    );
}

// ---------- case 12: the clock going backwards ----------

#[test]
fn an_earlier_reminder_is_never_sent_after_a_later_one() {
    let server = MailServer::start();
    let env = TestEnv::smtp(&server.url());
    let id = env.schedule_anduze();
    // 2026-12-03 18:30: the 1-day reminder is due at 2026-12-02 18:30.
    env.ok(&["--now", "2026-12-02T19:00", "remind"]);
    let sent = server.count();
    assert_eq!(sent, env.invitees().len());
    // The clock goes back to a week before: the 7-day one must not follow.
    let out = env.ok(&["--now", "2026-11-27T10:00", "remind"]);
    assert_eq!(server.count(), sent, "{out}");
    let sevens = env
        .journal(&id)
        .iter()
        .filter(|l| l["offset"] == "7d" && l["outcome"] == "sent")
        .count();
    assert_eq!(sevens, 0);
}

// ---------- case 13: attend's separate writes ----------

#[test]
fn attend_rerun_after_a_crash_between_its_writes_adds_no_one_twice() {
    let env = base();
    // What a run killed after writing participants.toml, before the session,
    // leaves behind: the walk-in, in no session.
    let text = env.read("participants.toml");
    env.write(
        "participants.toml",
        format!("{text}\n[[participant]]\nid = \"zoe\"\nname = \"Zoé\"\nvillage = \"ales\"\njoined = 2024-01-10\n"),
    );
    env.ok(&[
        "--now",
        "2024-01-11T09:00",
        "attend",
        "2024-01-10-anduze",
        "--present",
        "ana",
        "--walk-in",
        "Zoé",
        "--village",
        "ales",
        "--yes",
    ]);
    let participants = env.read("participants.toml");
    assert_eq!(
        participants.matches("name = \"Zoé\"").count(),
        1,
        "{participants}"
    );
    let event = env.event("2024-01-10-anduze");
    assert_eq!(strings(&event["attended"]), ["ana", "zoe"]);
}

// ---------- case 15: a participant deleted by hand ----------

#[test]
fn a_deleted_participant_fails_check_but_not_the_others_mail() {
    let server = MailServer::start();
    let env = TestEnv::smtp(&server.url());
    let id = env.schedule_anduze();
    // A past session names someone, who is then deleted from the file.
    let text = env.read("participants.toml");
    let start = text
        .find("[[participant]]\nid = \"noemie\"")
        .expect("noemie in the demo");
    let end = text[start + 1..]
        .find("[[participant]]")
        .map_or(text.len(), |e| start + 1 + e);
    env.write(
        "participants.toml",
        format!("{}{}", &text[..start], &text[end..]),
    );
    let err = env.fails(2, &["--lang", "en", "check"]);
    assert!(err.contains("unknown participant `noemie`"), "{err}");
    assert!(err.contains("jelly participant forget noemie"), "{err}");
    assert!(err.contains(&format!("events/{id}.toml:")), "{err}");
    env.ok(&["next"]);
    env.ok(&["stats"]);
    env.ok(&["invite", &id]);
    assert_eq!(server.count(), env.invitees().len());
    env.ok(&["--now", "2026-12-02T19:00", "remind"]);
    assert_eq!(server.count(), 2 * env.invitees().len());
}

// ---------- found by the fuzzers ----------

/// Found by the `loader` fuzz target (fuzz/regressions/loader/): the TOML
/// editing library panicked ("all items have spans") on this text while
/// jelly was locating a syntax error, and `check` exited 101.
#[test]
fn a_syntax_error_the_toml_editor_chokes_on_is_still_located() {
    for text in ["==\n[.", "==\r\n[."] {
        let env = base();
        env.write("villages.toml", text);
        for command in ["check", "next"] {
            let err = env.fails(2, &[command]);
            assert!(
                err.contains("villages.toml:1:") && err.contains("TOML syntax error"),
                "{text:?}: {err}"
            );
            assert!(!err.contains("panicked"), "{err}");
        }
    }
}
