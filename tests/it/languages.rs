//! French and English: every message key the code names exists in the
//! catalog (in both languages: the catalog's own test checks that).

use std::collections::BTreeSet;
use std::path::Path;

use crate::harness::repo_root;

fn rust_files(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|x| x == "rs") {
            files.push(path);
        }
    }
}

/// The string literals of Rust source (normal and raw strings; comments,
/// char literals and lifetimes skipped), escapes left as written.
fn string_literals(source: &str) -> Vec<String> {
    let chars: Vec<char> = source.chars().collect();
    let mut literals = Vec::new();
    let mut i = 0;
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == 'r'
            && (i == 0 || !ident(chars[i - 1]))
            && matches!(chars.get(i + 1), Some('#') | Some('"'))
        {
            let mut hashes = 0;
            let mut j = i + 1;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                i += 1;
                continue;
            }
            let start = j + 1;
            let mut k = start;
            while k < chars.len()
                && !(chars[k] == '"' && (1..=hashes).all(|h| chars.get(k + h) == Some(&'#')))
            {
                k += 1;
            }
            literals.push(chars[start..k.min(chars.len())].iter().collect());
            i = k + 1 + hashes;
        } else if c == '"' {
            let start = i + 1;
            let mut k = start;
            while k < chars.len() && chars[k] != '"' {
                if chars[k] == '\\' {
                    k += 1;
                }
                k += 1;
            }
            literals.push(chars[start..k.min(chars.len())].iter().collect());
            i = k + 1;
        } else if c == '\'' {
            // 'x', '\n', '\u{..}' are chars; 'a (no closing quote soon) a lifetime.
            if chars.get(i + 1) == Some(&'\\') {
                let mut k = i + 2;
                while k < chars.len() && chars[k] != '\'' {
                    k += 1;
                }
                i = k + 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    literals
}

/// String literals of the form `prefix.rest` whose prefix is one the
/// catalog uses (`err.`, `col.`, `plan.`…): message keys named in code.
fn keys_named_in(text: &str, prefixes: &BTreeSet<&str>) -> Vec<String> {
    let mut keys = Vec::new();
    for literal in string_literals(text) {
        let Some((prefix, rest)) = literal.split_once('.') else {
            continue;
        };
        let looks_like_key = !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
            && !rest.ends_with('.')
            && ![
                "rs", "toml", "svg", "ics", "md", "csv", "gz", "1", "lock", "journal", "tmp",
            ]
            .contains(&rest);
        if looks_like_key && prefixes.contains(prefix) {
            keys.push(literal.clone());
        }
    }
    keys
}

#[test]
fn the_literal_scanner_reads_rust_strings() {
    let source = r##"let a = '"'; let b = "x\"y"; // "not.this"
let c = r#"raw "q" text"#; fn f<'a>(s: &'a str) {} let d = "err.read";"##;
    assert_eq!(
        string_literals(source),
        ["x\\\"y", "raw \"q\" text", "err.read"]
    );
}

#[test]
fn every_message_key_named_in_the_code_exists() {
    let known: BTreeSet<&str> = jelly::i18n::CATALOGS
        .iter()
        .flat_map(|c| c.iter().map(|(key, _, _)| *key))
        .collect();
    let prefixes: BTreeSet<&str> = known
        .iter()
        .filter_map(|k| k.split_once('.').map(|(p, _)| p))
        .collect();
    let mut files = Vec::new();
    rust_files(&repo_root().join("src"), &mut files);
    let mut missing = Vec::new();
    let mut named = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // Only code: the test modules may name keys that must not exist.
        let code = text.split("#[cfg(test)]").next().unwrap();
        for key in keys_named_in(code, &prefixes) {
            named += 1;
            if !known.contains(key.as_str()) {
                missing.push(format!(
                    "{}: {key}",
                    file.strip_prefix(repo_root()).unwrap().display()
                ));
            }
        }
    }
    assert!(named > 100, "only {named} keys found: is the scan broken?");
    assert!(
        missing.is_empty(),
        "keys without a message:\n{}",
        missing.join("\n")
    );
}
