//! Issue 28: the parsed-data cache (`.jelly-cache/`) never changes an
//! answer. A property test edits the demo association's files the ways a
//! person or a program can — an edit that keeps the size and then puts the
//! modification time back, two files swapped, a file replaced through a
//! symlink then its target edited, files deleted and added, the settings
//! changed, the snapshot or the kept figures damaged or taken from another
//! association, a writer at work during the run — and after each edit
//! compares `next` (also for an earlier date and for a selection, in JSON),
//! `check`, `stats` and `plan` run with the cache and with `--no-cache`:
//! same exit code, same stdout, same stderr.
//!
//! 6 cases by default; `PROPTEST_CASES=100 cargo test --test it cache` runs more.

use std::path::Path;
use std::time::{Duration, SystemTime};

use proptest::prelude::*;

use crate::harness::*;

const COMMANDS: [&[&str]; 6] = [
    &["next"],
    &["check"],
    &["stats"],
    &["plan", "--from", "2027-01-01", "--count", "2"],
    // The kept figures (`figures.bin`) depend on the sessions before the
    // date and on who is invited: every figure, to the last bit, in JSON.
    &["next", "--date", "2013-06-01", "--format", "json"],
    &["next", "--invite", "village:anduze", "--format", "json"],
];

const SNAPSHOT: &str = ".jelly-cache/dataset.bin";
const FIGURES: &str = ".jelly-cache/figures.bin";

/// One command's exit code, stdout and stderr.
type Answer = (Option<i32>, String, String);

/// Every command's outcome (code, stdout, stderr), with the cache or without.
fn answers(env: &TestEnv, cache: bool) -> Vec<Answer> {
    COMMANDS
        .iter()
        .map(|args| {
            let mut run = env.run(args);
            if !cache {
                run = run.arg("--no-cache");
            }
            let out = run.output();
            (out.code, out.stdout, out.stderr)
        })
        .collect()
}

/// Runs every command with the cache (twice: the second run reads the
/// snapshot the first one wrote, if the data is valid) and without it.
fn assert_same(env: &TestEnv, step: &str) {
    let cached = answers(env, true);
    let again = answers(env, true);
    let parsed = answers(env, false);
    for (i, args) in COMMANDS.iter().enumerate() {
        assert_eq!(
            cached[i],
            parsed[i],
            "{step}: `{}` with the cache (cold)",
            args.join(" ")
        );
        assert_eq!(
            again[i],
            parsed[i],
            "{step}: `{}` with the cache (warm)",
            args.join(" ")
        );
    }
}

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

fn set_mtime(path: &Path, time: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

/// Replaces `path` atomically (a temporary file renamed over it), as jelly
/// and most programs write.
fn replace(path: &Path, bytes: &[u8]) {
    let temp = path.with_extension("swap");
    std::fs::write(&temp, bytes).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

const DESCRIPTION: [&str; 5] = [
    "jelly.toml",
    "villages.toml",
    "venues.toml",
    "participants.toml",
    "distances.toml",
];

#[derive(Debug, Clone)]
enum Edit {
    /// One digit of a file changed into another (same size), then the
    /// file's modification time put back as it was.
    SameSize { file: usize, at: usize, digit: u8 },
    /// Two files' contents exchanged (modification times kept).
    Swap { a: usize, b: usize },
    /// `participants.toml` becomes a symlink to a copy elsewhere, and the
    /// copy is edited (the link itself does not change).
    ThroughSymlink { at: usize, digit: u8 },
    /// A session file deleted, or a new one added.
    Sessions { delete: usize, add: bool },
    /// The settings: another time zone, another objective, the cache off.
    Settings(usize),
    /// The snapshot damaged: truncated, a byte flipped, or replaced by
    /// another association's.
    Snapshot { how: usize, at: usize },
    /// Another program rewrites a file while the commands run.
    ConcurrentWriter { file: usize, at: usize, digit: u8 },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..5usize, any::<usize>(), 0..10u8).prop_map(|(file, at, digit)| Edit::SameSize {
            file,
            at,
            digit
        }),
        (0..5usize, 0..5usize).prop_map(|(a, b)| Edit::Swap { a, b }),
        (any::<usize>(), 0..10u8).prop_map(|(at, digit)| Edit::ThroughSymlink { at, digit }),
        (any::<usize>(), any::<bool>()).prop_map(|(delete, add)| Edit::Sessions { delete, add }),
        (0..4usize).prop_map(Edit::Settings),
        (0..3usize, any::<usize>()).prop_map(|(how, at)| Edit::Snapshot { how, at }),
        (0..5usize, any::<usize>(), 0..10u8).prop_map(|(file, at, digit)| Edit::ConcurrentWriter {
            file,
            at,
            digit
        }),
    ]
}

/// `bytes` with its `at`-th digit (modulo their count) set to `digit`.
fn change_digit(bytes: &[u8], at: usize, digit: u8) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    let digits: Vec<usize> = (0..bytes.len())
        .filter(|&i| bytes[i].is_ascii_digit())
        .collect();
    if !digits.is_empty() {
        bytes[digits[at % digits.len()]] = b'0' + digit;
    }
    bytes
}

fn apply(env: &TestEnv, edit: &Edit) {
    match *edit {
        Edit::SameSize { file, at, digit } => {
            let path = env.file(DESCRIPTION[file]);
            let before = mtime(&path);
            let bytes = std::fs::read(&path).unwrap();
            std::fs::write(&path, change_digit(&bytes, at, digit)).unwrap();
            set_mtime(&path, before);
        }
        Edit::Swap { a, b } => {
            let (pa, pb) = (env.file(DESCRIPTION[a]), env.file(DESCRIPTION[b]));
            let (ta, tb) = (mtime(&pa), mtime(&pb));
            let (ba, bb) = (std::fs::read(&pa).unwrap(), std::fs::read(&pb).unwrap());
            std::fs::write(&pa, bb).unwrap();
            std::fs::write(&pb, ba).unwrap();
            set_mtime(&pa, ta);
            set_mtime(&pb, tb);
        }
        Edit::ThroughSymlink { at, digit } => {
            let link = env.file("participants.toml");
            let target = env.file("elsewhere/participants.toml");
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            let bytes = std::fs::read(&link).unwrap();
            if !std::fs::symlink_metadata(&link).unwrap().is_symlink() {
                std::fs::write(&target, &bytes).unwrap();
                std::fs::remove_file(&link).unwrap();
                std::os::unix::fs::symlink(&target, &link).unwrap();
                assert_same(env, "participants.toml made a symlink");
            }
            let before = mtime(&target);
            std::fs::write(&target, change_digit(&bytes, at, digit)).unwrap();
            set_mtime(&target, before);
        }
        Edit::Sessions { delete, add } => {
            let sessions = env.files_in("events");
            if add || sessions.is_empty() {
                env.write(
                    "events/2027-02-04-ales.toml",
                    "date = 2027-02-04T18:30:00\nvenue = \"ales-telecentre\"\nstatus = \"planned\"\n",
                );
            } else {
                std::fs::remove_file(&sessions[delete % sessions.len()]).unwrap();
            }
        }
        Edit::Settings(which) => {
            let path = env.file("jelly.toml");
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let text = match which {
                0 => text.replace("objective = \"total\"", "objective = \"fair\""),
                1 => text.replace("Europe/Paris", "America/Cayenne"),
                2 if !text.contains("[store]") => format!("{text}\n[store]\ncache = false\n"),
                _ => text.replace("cache = false", "cache = true"),
            };
            std::fs::write(&path, text).unwrap();
        }
        Edit::Snapshot { how, at } => {
            // The data's snapshot, or the venues' figures kept beside it.
            let (file, command): (&str, &[&str]) = if at % 2 == 0 {
                (SNAPSHOT, &["check"])
            } else {
                (FIGURES, &["next"])
            };
            let path = env.file(file);
            let Ok(bytes) = std::fs::read(&path) else {
                return;
            };
            let damaged = match how {
                0 => bytes[..at % bytes.len().max(1)].to_vec(),
                1 => {
                    let mut bytes = bytes;
                    let i = at % bytes.len().max(1);
                    bytes[i] ^= 0x01;
                    bytes
                }
                _ => {
                    // Another association's snapshot, written by this jelly.
                    let other = TestEnv::demo();
                    other.edit("participants.toml", "max_km = 20", "max_km = 21");
                    other.ok(command);
                    std::fs::read(other.file(file)).unwrap()
                }
            };
            std::fs::write(&path, damaged).unwrap();
        }
        Edit::ConcurrentWriter { file, at, digit } => {
            let path = env.file(DESCRIPTION[file]);
            let a = std::fs::read(&path).unwrap();
            let b = change_digit(&a, at, digit);
            // The answers to each version, without the cache.
            std::fs::write(&path, &b).unwrap();
            let answers_b = answers(env, false);
            std::fs::write(&path, &a).unwrap();
            let answers_a = answers(env, false);
            let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let writer = {
                let (stop, path, a, b) = (stop.clone(), path.clone(), a.clone(), b.clone());
                std::thread::spawn(move || {
                    let mut flip = false;
                    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                        replace(&path, if flip { &b } else { &a });
                        flip = !flip;
                        std::thread::sleep(Duration::from_millis(3));
                    }
                    replace(&path, &b);
                })
            };
            // While it writes, each answer is that of one version or the
            // other. (An error's first line, `file:line:column: message`,
            // comes from the bytes parsed; the source line shown under it
            // is read again for display, so a writer may have changed it
            // in between: only the first line is compared.)
            let located = |answer: &Answer| {
                let (code, out, err) = answer;
                (
                    *code,
                    out.clone(),
                    err.lines().next().unwrap_or("").to_string(),
                )
            };
            for _ in 0..2 {
                let racing = answers(env, true);
                for (i, args) in COMMANDS.iter().enumerate() {
                    assert!(
                        located(&racing[i]) == located(&answers_a[i])
                            || located(&racing[i]) == located(&answers_b[i]),
                        "`{}` during a concurrent write: {:?}",
                        args.join(" "),
                        racing[i]
                    );
                }
            }
            stop.store(true, std::sync::atomic::Ordering::SeqCst);
            writer.join().unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(6),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn answers_are_the_same_with_and_without_the_cache(edits in prop::collection::vec(edit(), 1..4)) {
        let env = TestEnv::demo();
        assert_same(&env, "the demo as it is");
        for (i, edit) in edits.iter().enumerate() {
            apply(&env, edit);
            assert_same(&env, &format!("after edit {i}: {edit:?}"));
        }
    }
}

/// The first run keeps a snapshot; the next one reads it (seen from the
/// outside: the snapshot is not rewritten while nothing changed), and an
/// edit of one byte that keeps the size and the modification time is seen.
#[test]
fn a_snapshot_is_kept_and_used_and_never_stale() {
    let env = TestEnv::demo();
    let first = env.ok(&["next"]);
    let snapshot = env.file(SNAPSHOT);
    let written = std::fs::metadata(&snapshot).expect("a snapshot is kept");
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(env.ok(&["next"]), first);
    let again = std::fs::metadata(&snapshot).unwrap();
    assert_eq!(
        (written.modified().unwrap(), written.len()),
        (again.modified().unwrap(), again.len()),
        "nothing changed: the snapshot is read, not rewritten"
    );
    // Make one participant unable to travel, in place, same size, same mtime.
    let path = env.file("participants.toml");
    let before = mtime(&path);
    let text = env.read("participants.toml");
    assert!(text.contains("max_km = 20"));
    env.write(
        "participants.toml",
        text.replacen("max_km = 20", "max_km = 90", 1),
    );
    set_mtime(&path, before);
    let parsed = env.ok(&["next", "--no-cache"]);
    assert_eq!(env.ok(&["next"]), parsed);
    assert_eq!(env.ok(&["stats"]), env.ok(&["stats", "--no-cache"]));
}

/// The venues' figures are kept by the first `next` and read by the next
/// runs (the file is not rewritten), whatever the clock says; a date with
/// other sessions before it, or another selection, computes them again,
/// and every answer is the one of a run without the cache.
#[test]
fn figures_are_kept_for_what_they_depend_on_only() {
    let env = TestEnv::demo();
    let json = |args: &[&str], cache: bool| {
        let mut run = env.run(args).arg("--format").arg("json");
        if !cache {
            run = run.arg("--no-cache");
        }
        let out = run.output();
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        out.stdout
    };
    let first = json(&["next"], true);
    let figures = env.file(FIGURES);
    let written = std::fs::metadata(&figures).expect("the figures are kept");
    std::thread::sleep(Duration::from_millis(20));
    // Another hour, the same sessions before it: read, not rewritten.
    let later = json(&["next", "--date", "2030-01-01T10:00"], true);
    let again = std::fs::metadata(&figures).unwrap();
    assert_eq!(written.modified().unwrap(), again.modified().unwrap());
    assert_eq!(later, json(&["next", "--date", "2030-01-01T10:00"], false));
    assert_eq!(first, json(&["next"], false));
    // Fewer sessions before the date, then fewer people: new figures.
    for args in [
        &["next", "--date", "2013-01-01"][..],
        &["next", "--invite", "village:anduze"][..],
    ] {
        let kept = std::fs::read(&figures).unwrap();
        let cached = json(args, true);
        assert_ne!(std::fs::read(&figures).unwrap(), kept, "{args:?}");
        assert_eq!(cached, json(args, false), "{args:?}");
        assert_eq!(json(args, true), cached, "{args:?}, warm");
    }
    assert_ne!(first, json(&["next", "--date", "2013-01-01"], true));
}

/// Errors come from a real parse, with their line and column, even when a
/// snapshot of the valid data is there.
#[test]
fn errors_come_from_the_files_with_their_position() {
    let env = TestEnv::demo();
    env.ok(&["check"]);
    assert!(env.file(SNAPSHOT).exists());
    env.edit("participants.toml", "max_km = 20", "max_km = \"vingt\"");
    let cached = env.fails(2, &["check"]);
    let parsed = env.fails(2, &["check", "--no-cache"]);
    assert_eq!(cached, parsed);
    let out = env.run(&["check"]).output();
    assert!(out.stderr.contains("participants.toml:"), "{}", out.stderr);
}

/// `--no-cache` and `[store] cache = false` neither read nor write it;
/// `check` does not mind the folder (nor garbage in it).
#[test]
fn the_cache_can_be_turned_off_and_check_ignores_it() {
    let env = TestEnv::demo();
    env.ok(&["next", "--no-cache"]);
    assert!(!env.file(".jelly-cache").exists());
    let text = env.read("jelly.toml");
    env.write("jelly.toml", format!("{text}\n[store]\ncache = false\n"));
    env.ok(&["next"]);
    env.ok(&["check"]);
    assert!(!env.file(".jelly-cache").exists());
    env.write("jelly.toml", text);
    env.write(SNAPSHOT, "not a snapshot");
    env.write(".jelly-cache/other", "junk");
    env.ok(&["check"]);
    assert_ne!(env.read_bytes(SNAPSHOT), b"not a snapshot");
}
