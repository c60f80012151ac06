//! Writing the result: a write error on stdout (a full disk) is exit 1 with
//! a message; a closed pipe is a quiet exit 0, as in ripgrep.

use std::process::{Command, Stdio};

use crate::harness::*;

const NOW: &str = "2026-11-23T09:00";

/// `sh -c SCRIPT` where `$JELLY` is the binary and `$DATA` the demo copy.
fn shell(env: &TestEnv, script: &str) -> Outcome {
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("JELLY", jelly_bin())
        .env("DATA", env.path())
        .output()
        .expect("sh");
    Outcome {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn to_full_disk(args: &str) -> Outcome {
    let env = TestEnv::demo();
    shell(
        &env,
        &format!("\"$JELLY\" --data \"$DATA\" --now {NOW} {args} > /dev/full"),
    )
}

#[test]
fn next_to_a_full_disk_fails_with_exit_1_and_says_why() {
    let out = to_full_disk("next");
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("impossible d'écrire le résultat sur la sortie standard"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}

#[test]
fn agenda_ics_to_a_full_disk_fails_with_exit_1_in_english_too() {
    let out = to_full_disk("--lang en agenda --ics");
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("cannot write the result to standard output"),
        "{}",
        out.stderr
    );
}

#[test]
fn json_to_a_full_disk_fails_with_exit_1() {
    let out = to_full_disk("--format json next");
    assert_eq!(out.code, Some(1), "{}", out.stderr);
}

#[test]
fn next_piped_to_head_exits_0_without_a_panic() {
    let env = TestEnv::demo();
    // The shell reports jelly's own status on stderr (sh has no pipefail).
    let out = shell(
        &env,
        &format!(
            "{{ \"$JELLY\" --data \"$DATA\" --now {NOW} next; echo \"jelly-status=$?\" >&2; }} | head -1"
        ),
    );
    assert_eq!(out.code, Some(0));
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    assert!(out.stderr.contains("jelly-status=0"), "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert!(!out.stderr.contains("Broken pipe"), "{}", out.stderr);
}

#[test]
fn a_pipe_closed_before_the_first_write_is_a_quiet_success() {
    // Deterministic version of `| head -1`: the reading end is closed before
    // jelly writes anything, so every write fails with EPIPE.
    let env = TestEnv::demo().at(NOW);
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let out = env
        .run(&["agenda", "--ics"])
        .command()
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{:?}", out);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
