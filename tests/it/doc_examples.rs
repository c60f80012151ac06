//! The documentation's examples are tests: every ```console block of
//! README.md and docs/*.md is run against the demo association and its
//! output compared with the one shown, so that the two cannot drift.
//!
//! The format is trycmd's (the tool clap and cargo use for theirs), read by
//! this small harness because the examples need the test harness's demo
//! copy, its pinned clock and its clean environment:
//!
//! ````markdown
//! ```console
//! $ jelly next --date 2026-12-01 --top 5
//! Télécentre d'Alès (Alès) : 575 km au total […]
//! ┌──────┬─[..]
//! ...
//! ```
//! ````
//!
//! - `$ jelly ARGS` runs jelly on a copy of the demo (one copy per Markdown
//!   file, so a page's examples follow one another, as a reader types
//!   them), with `--now 2026-11-23T09:00` unless the arguments give one;
//!   the lines after it, up to the next `$ ` line or the end of the block,
//!   are what it prints (stdout, then stderr);
//! - `[..]` in a line matches any text within it, and a line `...` any
//!   number of lines (trycmd's wildcards);
//! - a command that must fail says so on the line after it, as in trycmd:
//!   `? failed` (any non-zero exit code) or `? 2` (that code); else 0 is
//!   required.

use crate::harness::*;

/// The Markdown files read: README.md and docs/*.md.
fn pages() -> Vec<std::path::PathBuf> {
    let root = repo_root();
    let mut pages = vec![root.join("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

struct Example {
    line: usize,
    args: Vec<String>,
    /// None: exit 0; Some(None): any failure; Some(Some(code)): that code.
    must_fail: Option<Option<i32>>,
    expected: Vec<String>,
}

/// The ```console blocks of a page, as examples.
fn examples(text: &str) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut in_block = false;
    for (number, line) in text.lines().enumerate() {
        if !in_block {
            in_block = line.trim_end() == "```console";
            continue;
        }
        if line.starts_with("```") {
            in_block = false;
            continue;
        }
        let status = line.trim_end().strip_prefix("? ");
        if let (Some(status), Some(example)) = (status, examples.last_mut()) {
            if example.expected.is_empty() && example.must_fail.is_none() {
                example.must_fail = Some(status.parse().ok());
                continue;
            }
        }
        if let Some(command) = line.strip_prefix("$ ") {
            let words = shell_words(command);
            assert_eq!(
                words.first().map(String::as_str),
                Some("jelly"),
                "line {}",
                number + 1
            );
            examples.push(Example {
                line: number + 1,
                args: words[1..].to_vec(),
                must_fail: None,
                expected: Vec::new(),
            });
        } else if let Some(example) = examples.last_mut() {
            example.expected.push(line.to_string());
        }
    }
    examples
}

/// Words of a command line: spaces separate, "double" and 'single' quotes
/// group (enough for the documentation's examples).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, ' ') => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            _ => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

/// Whether `actual` matches `pattern` with trycmd's `[..]` and `...`.
fn matches(pattern: &[String], actual: &[&str]) -> bool {
    match pattern.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => {
            !actual.is_empty() && line_matches(first, actual[0]) && matches(rest, &actual[1..])
        }
    }
}

fn line_matches(pattern: &str, line: &str) -> bool {
    let parts: Vec<&str> = pattern.split("[..]").collect();
    if parts.len() == 1 {
        return pattern.trim_end() == line.trim_end();
    }
    let line = line.trim_end();
    let Some(mut rest) = line.strip_prefix(parts[0]) else {
        return false;
    };
    for (i, part) in parts[1..].iter().enumerate() {
        let last = i == parts.len() - 2;
        if last {
            return rest.trim_end().ends_with(part.trim_end());
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

#[test]
fn the_documentations_console_examples_print_what_they_show() {
    let mut failures = Vec::new();
    let mut count = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        let examples = examples(&text);
        if examples.is_empty() {
            continue;
        }
        let env = TestEnv::demo();
        let name = page
            .strip_prefix(repo_root())
            .unwrap()
            .display()
            .to_string();
        for example in examples {
            count += 1;
            let args: Vec<&str> = example.args.iter().map(String::as_str).collect();
            let out = env.output(&args);
            let printed = format!("{}{}", out.stdout, out.stderr);
            let lines: Vec<&str> = printed.lines().collect();
            let code_ok = match example.must_fail {
                None => out.code == Some(0),
                Some(None) => out.code.is_some_and(|c| c != 0),
                Some(Some(code)) => out.code == Some(code),
            };
            if !code_ok || !matches(&example.expected, &lines) {
                failures.push(format!(
                    "{name}:{}: `jelly {}` exited {:?} and printed:\n{printed}--- the page shows:\n{}\n",
                    example.line,
                    example.args.join(" "),
                    out.code,
                    example.expected.join("\n")
                ));
            }
        }
    }
    assert!(count >= 3, "only {count} examples found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_example_matcher_understands_trycmds_wildcards() {
    let pattern: Vec<String> = ["a [..] c", "...", "end"].map(String::from).to_vec();
    assert!(matches(&pattern, &["a b c", "x", "y", "end"]));
    assert!(matches(&pattern, &["a  c", "end"]));
    assert!(!matches(&pattern, &["a b d", "end"]));
    assert!(!matches(&pattern, &["a b c", "x"]));
    assert_eq!(
        shell_words("jelly schedule --theme \"L'IA pour tous\" -q"),
        ["jelly", "schedule", "--theme", "L'IA pour tous", "-q"]
    );
}
