//! Writing the result: a write error on stdout (a full disk) is exit 1 with
//! a message; a closed pipe is a quiet exit 0, as in ripgrep.

use std::process::Stdio;

use crate::harness::*;

const NOW: &str = "2026-11-23T09:00";

/// `jelly --data DEMO ARGS` run by `sh -c`, with `redirect` appended.
fn shell(env: &TestEnv, args: &str, redirect: &str) -> std::process::Output {
    let script = format!("\"$JELLY\" --data \"$DATA\" --now {NOW} {args} {redirect}");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("JELLY", jelly_bin())
        .env("DATA", env.path())
        .output()
        .expect("sh")
}

#[test]
fn next_to_a_full_disk_fails_with_exit_1_and_says_why() {
    let env = TestEnv::demo();
    let out = shell(&env, "next", "> /dev/full");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("impossible d'écrire le résultat sur la sortie standard"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn agenda_ics_to_a_full_disk_fails_with_exit_1_in_english_too() {
    let env = TestEnv::demo();
    let out = shell(&env, "--lang en agenda --ics", "> /dev/full");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot write the result to standard output"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn json_to_a_full_disk_fails_with_exit_1() {
    let env = TestEnv::demo();
    let out = shell(&env, "--format json next", "> /dev/full");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn next_piped_to_head_exits_0_without_a_panic() {
    let env = TestEnv::demo();
    // The shell reports jelly's own status on stderr (sh has no pipefail).
    let script = format!(
        "{{ \"$JELLY\" --data \"$DATA\" --now {NOW} next; echo \"jelly-status=$?\" >&2; }} | head -1"
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("JELLY", jelly_bin())
        .env("DATA", env.path())
        .output()
        .expect("sh");
    assert!(out.status.success());
    assert_eq!(stdout(&out).lines().count(), 1, "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("jelly-status=0"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("Broken pipe"), "{err}");
}

#[test]
fn a_pipe_closed_before_the_first_write_is_a_quiet_success() {
    // Deterministic version of `| head -1`: the reading end is closed before
    // jelly writes anything, so every write fails with EPIPE.
    let env = TestEnv::demo();
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let out = std::process::Command::new(jelly_bin())
        .env_clear()
        .arg("--data")
        .arg(env.path())
        .args(["--now", NOW, "agenda", "--ics"])
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}
