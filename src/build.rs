//! Embeds every Fluent catalog under `locales/<lang>/*.ftl` in the binary:
//! writes `$OUT_DIR/locales.rs`, a list of (language, file name, text) that
//! `src/i18n.rs` includes. A new .ftl file is picked up with no registration.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=locales");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut files = Vec::new();
    for lang in ["fr", "en"] {
        let dir = root.join(lang);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.expect("locales entry").path())
            .filter(|path| path.extension().is_some_and(|x| x == "ftl"))
            .collect();
        names.sort();
        for path in names {
            println!("cargo:rerun-if-changed={}", path.display());
            files.push((lang, path));
        }
    }
    let mut out = String::from("&[\n");
    for (lang, path) in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        writeln!(
            out,
            "    ({lang:?}, {name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push(']');
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("locales.rs");
    std::fs::write(dest, out).unwrap();
    build_id();
}

/// `JELLY_BUILD_ID`: a hash of the sources and of the locked dependencies,
/// so that the parsed-data cache (`src/store/cache.rs`) never hands a
/// snapshot written by one build of jelly to another (whose types may have
/// other fields). The std hasher is enough: a collision only costs a
/// snapshot that fails its own checks, and only between two builds.
fn build_id() {
    use std::hash::{Hash, Hasher};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|x| x == "rs") {
                files.push(path);
            }
        }
    }
    walk(&root.join("src"), &mut files);
    files.sort();
    files.push(root.join("Cargo.toml"));
    files.push(root.join("Cargo.lock"));
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for path in &files {
        path.strip_prefix(root).unwrap_or(path).hash(&mut hasher);
        std::fs::read(path).unwrap_or_default().hash(&mut hasher);
    }
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.toml");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rustc-env=JELLY_BUILD_ID={:016x}", hasher.finish());
}
