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
    assert!(line.contains(r"ana@example.org\r\nBcc: x@evil.org"), "{err}");
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
