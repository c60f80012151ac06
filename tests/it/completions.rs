//! `jelly completions SHELL` and `jelly man`, generated from the clap
//! definitions.

use crate::harness::*;

#[test]
fn completion_scripts_know_the_subcommands_and_their_flags() {
    let env = TestEnv::empty();
    for (shell, marker) in [
        ("bash", "_jelly()"),
        ("zsh", "#compdef jelly"),
        ("fish", "complete -c jelly"),
        ("elvish", "edit:completion:arg-completer[jelly]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = env.jelly().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}: {marker} missing");
        for word in ["plan", "map", "village", "slack", "every", "department"] {
            assert!(script.contains(word), "{shell}: {word} missing");
        }
    }
    let out = env.jelly().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_page_on_stdout_and_one_page_per_subcommand() {
    let env = TestEnv::empty();
    let out = env.jelly().arg("man").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.contains(".TH jelly 1"), "{page}");
    assert!(page.contains("plan") && page.contains("completions"));
    let dir = env.path().join("man1");
    let out = env
        .jelly()
        .args(["--lang", "en", "man", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("man pages written to"),
        "{}",
        stdout(&out)
    );
    for name in [
        "jelly.1",
        "jelly-plan.1",
        "jelly-map.1",
        "jelly-village-add.1",
        "jelly-village-search.1",
    ] {
        let text =
            std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(text.contains(".SH NAME"), "{name}");
    }
    let plan = std::fs::read_to_string(dir.join("jelly-plan.1")).unwrap();
    assert!(
        plan.contains(".TH jelly\\-plan 1") || plan.contains(".TH jelly-plan 1"),
        "{plan}"
    );
    assert!(plan.contains("\\-\\-slack"), "{plan}");
}
