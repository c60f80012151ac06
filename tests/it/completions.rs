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

/// Issue 24: bash completes session, participant and venue ids from the
/// data directory (`jelly __complete`, called by the script), checked in a
/// real bash with `complete -p` and `compgen`.
#[test]
fn bash_completes_ids_from_the_data_directory() {
    if !needs("Bash completion", "bash") {
        return;
    }
    let env = TestEnv::demo();
    let script = env.ok(&["completions", "bash"]);
    env.write("jelly.bash", &script);
    let bin_dir = jelly_bin().parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let complete = |line: &[&str]| -> Vec<String> {
        let words = line
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" ");
        let program = format!(
            "source ../jelly.bash\n\
             complete -p jelly\n\
             COMP_WORDS=(jelly {words}); COMP_CWORD={}\n\
             _jelly_ids jelly\n\
             compgen -W \"${{COMPREPLY[*]}}\" -- \"${{COMP_WORDS[COMP_CWORD]}}\"\n",
            line.len()
        );
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(&program)
            .current_dir(env.file("events"))
            .env_clear()
            .env("PATH", &path)
            .env("HOME", env.path())
            .output()
            .expect("bash runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut lines = text.lines();
        let registration = lines.next().unwrap_or_default();
        assert!(
            registration.contains("-F _jelly_ids") && registration.ends_with("jelly"),
            "{registration}"
        );
        lines.map(str::to_string).collect()
    };
    // Session ids (from a subfolder: the data directory is found above).
    let sessions = complete(&["rsvp", "2014-0"]);
    assert!(
        sessions.contains(&"2014-06-05-anduze".to_string()),
        "{sessions:?}"
    );
    assert!(
        sessions.iter().all(|s| s.starts_with("2014-0")),
        "{sessions:?}"
    );
    // Participant ids.
    let people = complete(&["rsvp", "2014-06-05-anduze", "seb"]);
    assert_eq!(people, ["sebastien"]);
    // Venue ids.
    let venues = complete(&["schedule", "--venue", "anduze"]);
    assert_eq!(venues, ["anduze-mediatheque"]);
    // Elsewhere, clap's own completion: subcommands.
    let subcommands = complete(&["rsv"]);
    assert_eq!(subcommands, ["rsvp"]);
}
