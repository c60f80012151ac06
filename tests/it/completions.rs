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
    let path = path_with_jelly();
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

/// PATH with the jelly under test first, for the shells' scripts to call.
fn path_with_jelly() -> String {
    let bin_dir = jelly_bin().parent().unwrap().to_path_buf();
    format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// Issue 24: fish completes ids too, beside clap's options; checked in a
/// real fish with `complete -C` (what fish would offer for that line).
#[test]
fn fish_completes_ids_from_the_data_directory() {
    if !needs("fish completion", "fish") {
        return;
    }
    let env = TestEnv::demo();
    let script = env.ok(&["completions", "fish"]);
    env.write("jelly.fish", &script);
    let complete = |line: &str| -> Vec<String> {
        let out = std::process::Command::new("fish")
            .args(["--no-config", "-c"])
            .arg(format!("source ../jelly.fish; complete -C '{line}'"))
            .current_dir(env.file("events"))
            .env_clear()
            .env("PATH", path_with_jelly())
            .env("HOME", env.path())
            .output()
            .expect("fish runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // `complete -C` prints a candidate, then a tab and its description.
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap_or_default().to_string())
            .collect()
    };
    let sessions = complete("jelly rsvp 2014-0");
    assert!(
        sessions.contains(&"2014-06-05-anduze".to_string()),
        "{sessions:?}"
    );
    assert!(
        sessions.iter().all(|s| s.starts_with("2014-0")),
        "{sessions:?}"
    );
    assert_eq!(complete("jelly rsvp 2014-06-05-anduze seb"), ["sebastien"]);
    assert_eq!(
        complete("jelly schedule --venue anduze"),
        ["anduze-mediatheque"]
    );
    // Elsewhere, clap's own completion: subcommands, no ids; files where
    // a file is expected.
    assert_eq!(complete("jelly rsv"), ["rsvp"]);
    env.write("membres.csv", "nom\n");
    assert_eq!(
        complete("jelly participant import ../mem"),
        ["../membres.csv"]
    );
}

/// Issue 24: zsh completes ids, typed with Tab in a real zsh in a
/// pseudo-terminal (the script loaded with `source`, as the docs say).
#[test]
fn zsh_completes_ids_from_the_data_directory() {
    if !needs("zsh completion", "zsh") {
        return;
    }
    let env = TestEnv::demo();
    let script = env.ok(&["completions", "zsh"]);
    env.write("jelly.zsh", &script);
    let mut cmd = std::process::Command::new("zsh");
    cmd.args(["-f", "-i"])
        .current_dir(env.file("events"))
        .env_clear()
        .env("PATH", path_with_jelly())
        .env("HOME", env.path())
        .env("TERM", "xterm");
    let mut zsh = expectrl::Session::spawn(cmd).expect("zsh in a pseudo-terminal");
    zsh.set_expect_timeout(Some(std::time::Duration::from_secs(30)));
    zsh.send_line(
        "autoload -Uz compinit && compinit -u -D && source ../jelly.zsh && print READY-$((20+4))",
    )
    .unwrap();
    zsh.expect("READY-24").expect("the script loads");
    // Type the start of a line, Tab, then go to the line's start and make
    // it a `print` of itself: what is printed is what the Tab completed.
    // The marker is typed as `${:-P1}` so that only the printed line (not
    // the echo of the typing) starts with `P1`.
    let mut completed = |typed: &str, marker: &str| -> String {
        zsh.send(typed).unwrap();
        zsh.send("\t").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(800));
        zsh.send(format!("\x01print -r -- ${{:-{marker}}} "))
            .unwrap();
        zsh.send("\r").unwrap();
        let found = zsh
            .expect(expectrl::Regex(&format!("\n{marker} (jelly [a-z0-9 -]*)")))
            .expect("the line is printed");
        String::from_utf8_lossy(found.get(1).unwrap())
            .trim_end()
            .to_string()
    };
    assert_eq!(
        completed("jelly rsvp 2014-06-05-anduze seb", "P1"),
        "jelly rsvp 2014-06-05-anduze sebastien"
    );
    assert_eq!(
        completed("jelly schedule --venue anduze", "P2"),
        "jelly schedule --venue anduze-mediatheque"
    );
    // Elsewhere, clap's `_jelly`: subcommands.
    assert_eq!(completed("jelly rsv", "P3"), "jelly rsvp");
    zsh.send_line("exit").unwrap();
}
