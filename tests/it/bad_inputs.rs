//! The corpus of bad inputs under `tests/bad/`: each file replaces one file
//! of the small valid association in `tests/bad/base/` and says, in its
//! first comment lines, where the problem must be reported:
//!
//! ```toml
//! # target: venues.toml
//! # expect: venues.toml:8:1
//! # message: clé inconnue « capcity »
//! ```
//!
//! For each: `jelly check` exits 2 naming the file, line (and column) and
//! the message; a writing command refuses too; and no file changed.

use crate::harness::*;

struct Case {
    name: String,
    target: String,
    expect: String,
    message: String,
    text: String,
}

fn header<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("# {key}: ")))
        .unwrap_or_else(|| panic!("missing `# {key}:` header"))
        .trim()
}

fn cases() -> Vec<Case> {
    let dir = repo_root().join("tests/bad");
    let mut cases: Vec<Case> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            Case {
                name: path.file_stem().unwrap().to_string_lossy().into_owned(),
                target: header(&text, "target").to_string(),
                expect: header(&text, "expect").to_string(),
                message: header(&text, "message").to_string(),
                text,
            }
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

fn base_env() -> TestEnv {
    TestEnv::copy_of("tests/bad/base")
}

#[test]
fn the_base_of_the_corpus_is_valid() {
    base_env().ok(&["check"]);
}

#[test]
fn corpus_has_at_least_25_cases() {
    assert!(cases().len() >= 25, "only {} bad inputs", cases().len());
}

#[test]
fn every_bad_input_is_reported_with_its_place_and_changes_nothing() {
    let mut failures = Vec::new();
    for case in cases() {
        let env = base_env();
        env.write(&case.target, &case.text);
        let before = env.snapshot();
        let out = env.output(&["check"]);
        let err = &out.stderr;
        if out.code != Some(2) {
            failures.push(format!("{}: check exited {:?}", case.name, out.code));
        }
        // The exact place, with a column: `file:line:column: ` (so that
        // `8:1` does not also match `8:12`).
        let place: Vec<&str> = case.expect.split(':').collect();
        if place.len() != 3 || place[1..].iter().any(|n| n.parse::<u32>().is_err()) {
            failures.push(format!(
                "{}: `# expect: {}` must be file:line:column",
                case.name, case.expect
            ));
        }
        let located = err.lines().any(|l| {
            l.contains(&format!("{}{}: ", std::path::MAIN_SEPARATOR, case.expect))
                && l.contains(&case.message)
        });
        if !located {
            failures.push(format!(
                "{}: expected a line with `{}` and `{}`, got:\n{}",
                case.name, case.expect, case.message, err
            ));
        }
        if !out.stdout.is_empty() {
            failures.push(format!("{}: stdout should be empty on error", case.name));
        }
        let add = env.output(&["participant", "add", "Zoé", "--village", "ales"]);
        if add.code != Some(2) || !add.stdout.is_empty() {
            failures.push(format!(
                "{}: participant add exited {:?}",
                case.name, add.code
            ));
        }
        if env.snapshot() != before {
            failures.push(format!("{}: a file changed", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_problem_of_every_file_is_reported_at_once() {
    let env = base_env();
    env.write(
        "venues.toml",
        "[[venue]]\nid = \"v-anduze\"\nname = \"M\"\nvillage = \"anduz\"\ncapcity = 3\n",
    );
    env.write(
        "participants.toml",
        "[[participant]]\nid = \"ana\"\nname = \"Ana\"\nvillage = \"alez\"\nemail = \"x\"\nmax_km = -1\n",
    );
    env.write("jelly.toml", "[rotation]\nobjective = \"far\"\n");
    let err = env.fails(2, &["check"]);
    for expected in [
        "jelly.toml:2:13",
        "venues.toml:5:1",
        "participants.toml:4:11",
        "participants.toml:5:9",
        "participants.toml:6:10",
    ] {
        assert!(err.contains(expected), "missing {expected} in:\n{err}");
    }
    assert!(err.contains("5 problèmes trouvés"), "{err}");
}

#[test]
fn problems_speak_english_when_asked() {
    let env = base_env();
    env.write(
        "venues.toml",
        "[[venue]]\nid = \"v-anduze\"\nname = \"M\"\nvillage = \"anduze\"\ncapcity = 3\n",
    );
    let err = env.fails(2, &["--lang", "en", "check"]);
    assert!(
        err.contains("venues.toml:5:1: unknown key `capcity`; did you mean `capacity`?"),
        "{err}"
    );
}

#[test]
fn a_missing_required_file_is_named() {
    let env = base_env();
    std::fs::remove_file(env.file("participants.toml")).unwrap();
    let err = env.fails(2, &["check"]);
    assert!(
        err.contains("participants.toml: fichier obligatoire absent"),
        "{err}"
    );
}

#[test]
fn a_problem_shows_its_source_line_with_a_caret_but_not_in_json() {
    let env = base_env();
    env.write(
        "venues.toml",
        "[[venue]]\nid = \"v-anduze\"\nname = \"M\"\nvillage = \"anduze\"\ncapcity = 3\n",
    );
    let err = env.fails(2, &["--lang", "en", "check"]);
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines[0].ends_with("venues.toml:5:1: unknown key `capcity`; did you mean `capacity`?"),
        "{err}"
    );
    assert_eq!(
        lines[1..4],
        ["  |", "5 | capcity = 3", "  | ^^^^^^^"],
        "{err}"
    );

    let err = env.fails(2, &["--lang", "en", "--format", "json", "check"]);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.contains("^^^"), "{err}");
}

#[test]
fn every_located_problem_of_the_corpus_shows_its_line() {
    let mut failures = Vec::new();
    for case in cases() {
        let env = base_env();
        env.write(&case.target, &case.text);
        let err = env.fails(2, &["check"]);
        if let Some(line) = case.expect.split(':').nth(1) {
            if !err.contains(&format!("\n{line} | ")) {
                failures.push(format!("{}: no source line {line} in:\n{err}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
