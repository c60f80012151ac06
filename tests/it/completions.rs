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
        let script = env.ok(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: {marker} missing");
        for word in ["plan", "map", "village", "slack", "every", "department"] {
            assert!(script.contains(word), "{shell}: {word} missing");
        }
    }
    env.fails(2, &["completions", "tcsh"]);
}

#[test]
fn man_page_on_stdout_and_one_page_per_subcommand() {
    let env = TestEnv::empty();
    let page = env.ok(&["man"]);
    assert!(page.contains(".TH jelly 1"), "{page}");
    assert!(page.contains("plan") && page.contains("completions"));
    let out = env.ok(&["--lang", "en", "man", "--dir", "man1"]);
    assert!(out.contains("man pages written to"), "{out}");
    for name in [
        "jelly.1",
        "jelly-plan.1",
        "jelly-map.1",
        "jelly-village-add.1",
        "jelly-village-search.1",
    ] {
        assert!(
            env.read(&format!("man1/{name}")).contains(".SH NAME"),
            "{name}"
        );
    }
    let plan = env.read("man1/jelly-plan.1");
    assert!(
        plan.contains(".TH jelly\\-plan 1") || plan.contains(".TH jelly-plan 1"),
        "{plan}"
    );
    assert!(plan.contains("\\-\\-slack"), "{plan}");
}
