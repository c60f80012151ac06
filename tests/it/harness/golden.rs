//! Golden files: text a person reads (tables, summaries), kept under
//! `tests/golden/NAME.txt` so that a change of wording or layout shows in
//! review. `UPDATE_GOLDEN=1 cargo test` rewrites the files that differ
//! (and creates missing ones) instead of failing; review with `git diff`.

use std::path::{Path, PathBuf};

/// The golden file of this name.
pub fn path(name: &str) -> PathBuf {
    super::repo_root()
        .join("tests/golden")
        .join(format!("{name}.txt"))
}

/// Whether this run rewrites the golden files.
pub fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Compares `actual` with the golden file `name`; with UPDATE_GOLDEN set,
/// writes it instead.
#[track_caller]
pub fn check(name: &str, actual: &str) {
    if let Err(message) = compare(&path(name), actual, updating()) {
        panic!("{message}");
    }
}

/// Compares `actual` with the file at `path`, or (`update`) writes it there.
fn compare(path: &Path, actual: &str, update: bool) -> Result<(), String> {
    let expected = std::fs::read_to_string(path).ok();
    if expected.as_deref() == Some(actual) {
        return Ok(());
    }
    if update {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        eprintln!("UPDATED golden file {}", path.display());
        return Ok(());
    }
    let Some(expected) = expected else {
        return Err(format!(
            "no golden file {} (run with UPDATE_GOLDEN=1 to create it); the output:\n{actual}",
            path.display()
        ));
    };
    Err(format!(
        "output differs from {} (if the change is intended: UPDATE_GOLDEN=1 cargo test, \
         then review git diff tests/golden)\n{}",
        path.display(),
        diff(&expected, actual)
    ))
}

/// A line diff: the lines that differ, with their numbers (- expected, + actual).
fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i), a.get(i));
        if x != y {
            if let Some(x) = x {
                out.push_str(&format!("{:>4} - {x}\n", i + 1));
            }
            if let Some(y) = y {
                out.push_str(&format!("{:>4} + {y}\n", i + 1));
            }
        }
    }
    if out.is_empty() {
        out.push_str("(only line endings or the final newline differ)\n");
    }
    out
}

#[test]
fn the_diff_names_the_lines_that_differ() {
    assert_eq!(
        diff("a\nb\nc\n", "a\nB\nc\nd\n"),
        "   2 - b\n   2 + B\n   4 + d\n"
    );
    assert_eq!(
        diff("a\n", "a"),
        "(only line endings or the final newline differ)\n"
    );
}

#[test]
fn a_golden_file_fails_when_the_output_differs_and_is_rewritten_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("table.txt");
    let err = compare(&path, "a\n", false).unwrap_err();
    assert!(err.contains("UPDATE_GOLDEN=1"), "{err}");
    compare(&path, "a\n", true).unwrap();
    compare(&path, "a\n", false).unwrap();
    let err = compare(&path, "b\n", false).unwrap_err();
    assert!(err.contains("   1 - a\n   1 + b"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "a\n");
}
