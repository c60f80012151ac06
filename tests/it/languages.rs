//! Which language jelly speaks, and that it speaks it with real plurals.
//! (The catalogs themselves are checked by the unit tests of `src/i18n.rs`:
//! every key in both languages, the same variables, no "(s)".)

use crate::harness::*;

fn check_with(env: &TestEnv, vars: &[(&str, &str)], args: &[&str]) -> String {
    let mut run = env.run(&[args, &["check"]].concat());
    for (name, value) in vars {
        run = run.env(name, value);
    }
    run.ok()
}

#[test]
fn lc_all_beats_lc_messages_which_beats_lang() {
    let env = TestEnv::demo();
    let english = "10 venues";
    let french = "10 lieux";
    let text = check_with(
        &env,
        &[("LC_ALL", "en_US.UTF-8"), ("LANG", "fr_FR.UTF-8")],
        &[],
    );
    assert!(text.contains(english), "{text}");
    let text = check_with(
        &env,
        &[("LC_MESSAGES", "fr_FR.UTF-8"), ("LANG", "en_US.UTF-8")],
        &[],
    );
    assert!(text.contains(french), "{text}");
    let text = check_with(&env, &[("LANG", "en_US.UTF-8")], &[]);
    assert!(text.contains(english), "{text}");
    let text = check_with(&env, &[("LC_ALL", "en_US.UTF-8")], &["--lang", "fr"]);
    assert!(text.contains(french), "--lang wins: {text}");
    let text = check_with(&env, &[], &[]);
    assert!(text.contains(french), "the association's language: {text}");
}

fn break_two_villages(env: &TestEnv) {
    let text = env.read("villages.toml");
    let broken = text
        .replacen("lat = ", "lat = 95 #", 1)
        .replacen("lon = ", "lon = 200 #", 1);
    assert_ne!(text, broken);
    env.write("villages.toml", broken);
}

#[test]
fn several_problems_are_counted_with_a_real_plural() {
    let env = TestEnv::demo();
    break_two_villages(&env);
    let err = env.fails(2, &["check"]);
    assert!(err.contains("2 problèmes trouvés ; corrigez-les"), "{err}");
    let err = env.fails(2, &["--lang", "en", "check"]);
    assert!(err.contains("2 problems found; fix them"), "{err}");
}

#[test]
fn nothing_a_person_reads_writes_plurals_in_parentheses() {
    let env = TestEnv::demo().at("2014-12-01T10:00");
    for lang in ["fr", "en"] {
        for args in [
            &["next"][..],
            &["stats"],
            &[
                "plan",
                "--from",
                "2015-01-01",
                "--count",
                "3",
                "--every",
                "1w",
            ],
            &["agenda", "--all"],
        ] {
            let out = env.output(&[&["--lang", lang], args].concat());
            assert!(out.success(), "{args:?}: {}", out.stderr);
            let text = format!("{}{}", out.stdout, out.stderr);
            for bad in ["(s)", "(es)", "(x)"] {
                assert!(!text.contains(bad), "{lang} {args:?} prints {bad}:\n{text}");
            }
            assert!(!text.contains('\u{2068}'), "isolation marks in {args:?}");
        }
    }
}
