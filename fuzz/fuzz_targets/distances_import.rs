//! `jelly distances import` on any bytes, as a CSV (`from,to,km,minutes`)
//! or a saved OSRM table answer (JSON): it never panics, exits 0 or 2, and
//! when it exits 0 distances.toml passes `jelly check` (no negative,
//! infinite or overflowing km or minutes).
#![no_main]

use libfuzzer_sys::fuzz_target;

const VILLAGES: &str = "[[village]]\nid = \"ales\"\nname = \"Alès\"\nlat = 44.12\nlon = 4.08\n\n\
[[village]]\nid = \"anduze\"\nname = \"Anduze\"\nlat = 44.055\nlon = 3.985\n";
const VENUES: &str =
    "[[venue]]\nid = \"ales-telecentre\"\nname = \"Télécentre\"\nvillage = \"ales\"\n";
const PARTICIPANTS: &str = "[[participant]]\nid = \"marie\"\nname = \"Marie\"\nvillage = \"anduze\"\n";
const DISTANCES: &str = "# measured by hand\n[[route]]\nfrom = \"anduze\"\nto = \"ales\"\nkm = 14.0\n";

fn jelly(root: &std::path::Path, args: &[&str]) -> std::process::ExitCode {
    let mut all = vec!["jelly", "--data", root.to_str().unwrap(), "--now", "2026-12-03T09:00"];
    all.extend_from_slice(args);
    jelly::run(all)
}

fuzz_target!(|data: &[u8]| {
    // The first byte chooses the file's extension, the rest is the file.
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (name, text) in [
        ("villages.toml", VILLAGES),
        ("venues.toml", VENUES),
        ("participants.toml", PARTICIPANTS),
        ("distances.toml", DISTANCES),
    ] {
        std::fs::write(root.join(name), text).unwrap();
    }
    let file = root.join(if kind % 2 == 0 { "routes.csv" } else { "answer.json" });
    std::fs::write(&file, bytes).unwrap();
    let overwrite = if kind & 2 == 0 { "--overwrite" } else { "--quiet" };
    let code = jelly(root, &["distances", "import", file.to_str().unwrap(), overwrite]);
    assert!(
        code == std::process::ExitCode::SUCCESS || code == std::process::ExitCode::from(2),
        "exit {code:?}"
    );
    if code == std::process::ExitCode::SUCCESS {
        assert_eq!(jelly(root, &["check"]), std::process::ExitCode::SUCCESS);
    }
});
