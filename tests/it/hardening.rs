//! Issue 11: what a careless or hostile user types, a file holds or a clock
//! says must never crash jelly, block the others' mail, lose a write or hang
//! it. One test per case found, named after what it guards.

use crate::harness::*;

fn base() -> TestEnv {
    TestEnv::copy_of("tests/bad/base")
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
    let err = env.fails(2, &["--lang", "en", "check"]);
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
    let err = env.fails(2, &["--lang", "en", "check"]);
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
    let err = env.unchanged(|| env.fails(2, &["--lang", "en", "check"]));
    assert!(
        err.contains("participants.toml:3:8: `name` holds a control character (\\r)"),
        "{err}"
    );
    env.unchanged(|| env.fails(2, &["--lang", "en", "invite", "2024-01-10-anduze"]));

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
        let err = env.fails(2, &["--lang", "en", "check"]);
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
        let err = env.fails(2, &["--lang", "en", "check"]);
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
    let err = env.fails(2, &["--lang", "en", "check"]);
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
