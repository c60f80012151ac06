//! `jelly participant import` on any bytes (CSV in any encoding, or a zip
//! taken for a spreadsheet): it never panics, exits 0 or 2, and when it
//! exits 0 what it wrote passes `jelly check` (no reserved id, no value
//! check refuses).
#![no_main]

use libfuzzer_sys::fuzz_target;

const VILLAGES: &str = "[[village]]\nid = \"ales\"\nname = \"Alès\"\nlat = 44.12\nlon = 4.08\ndepartment = \"30\"\n";
const VENUES: &str =
    "[[venue]]\nid = \"ales-telecentre\"\nname = \"Télécentre\"\nvillage = \"ales\"\n";
const PARTICIPANTS: &str = "[[participant]]\nid = \"marie\"\nname = \"Marie\"\n\
email = \"marie@example.org\"\nvillage = \"ales\"\n";

fn jelly(root: &std::path::Path, args: &[&str]) -> std::process::ExitCode {
    let mut all = vec!["jelly", "--data", root.to_str().unwrap(), "--now", "2026-12-03T09:00"];
    all.extend_from_slice(args);
    jelly::run(all)
}

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (name, text) in [
        ("villages.toml", VILLAGES),
        ("venues.toml", VENUES),
        ("participants.toml", PARTICIPANTS),
    ] {
        std::fs::write(root.join(name), text).unwrap();
    }
    let file = root.join("members.csv");
    std::fs::write(&file, data).unwrap();
    let code = jelly(root, &["--format", "json", "participant", "import", file.to_str().unwrap()]);
    assert!(
        code == std::process::ExitCode::SUCCESS || code == std::process::ExitCode::from(2),
        "exit {code:?}"
    );
    if code == std::process::ExitCode::SUCCESS {
        assert_eq!(jelly(root, &["check"]), std::process::ExitCode::SUCCESS);
    }
});
