//! The data-directory loader fed arbitrary bytes for each of its files: it
//! returns a dataset or located problems, never panics.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Files {
    config: Option<Vec<u8>>,
    villages: Vec<u8>,
    venues: Vec<u8>,
    participants: Vec<u8>,
    distances: Option<Vec<u8>>,
    event: Option<Vec<u8>>,
}

fuzz_target!(|files: Files| {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |name: &str, bytes: &[u8]| std::fs::write(root.join(name), bytes).unwrap();
    if let Some(config) = &files.config {
        write("jelly.toml", config);
    }
    write("villages.toml", &files.villages);
    write("venues.toml", &files.venues);
    write("participants.toml", &files.participants);
    if let Some(distances) = &files.distances {
        write("distances.toml", distances);
    }
    if let Some(event) = &files.event {
        std::fs::create_dir_all(root.join("events")).unwrap();
        write("events/2026-12-03-anduze.toml", event);
    }
    let data_dir = jelly::store::DataDir::new(root);
    if let Err(jelly::error::Error::Invalid(problems)) =
        jelly::store::load(&data_dir, jelly::i18n::Lang::En)
    {
        for problem in problems {
            // Every problem renders on one line.
            assert!(!problem.to_string().contains('\r'));
        }
    }
});
