//! The venues' figures kept in `.jelly-cache/figures.bin`: any records
//! decode to the venues' count or to nothing, never a panic; and whatever
//! bytes the file holds, the figures a command gets are the ones computed
//! from the data.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

use jelly::store::{cache, figures_cache, DataDir};

#[derive(Arbitrary, Debug)]
struct Input {
    venues: u8,
    records: Vec<u8>,
    /// The whole figures file, or the kept one with these bytes changed.
    file: Vec<u8>,
    changes: Vec<(u16, u8)>,
}

const VILLAGES: &str = r#"
[[village]]
id = "anduze"
name = "Anduze"
lat = 44.055
lon = 3.98495

[[village]]
id = "ales"
name = "Alès"
lat = 44.12489
lon = 4.08082
"#;

const VENUES: &str = r#"
[[venue]]
id = "mediatheque"
name = "Médiathèque"
village = "anduze"
capacity = 12

[[venue]]
id = "tiers-lieu"
name = "Tiers-lieu"
village = "ales"
"#;

const PARTICIPANTS: &str = r#"
[[participant]]
id = "a"
name = "A"
village = "anduze"
max_km = 20

[[participant]]
id = "b"
name = "B"
village = "ales"
"#;

/// A small association, loaded once through the cache.
fn association() -> &'static (tempfile::TempDir, jelly::model::Dataset) {
    static ONCE: OnceLock<(tempfile::TempDir, jelly::model::Dataset)> = OnceLock::new();
    ONCE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [
            ("villages.toml", VILLAGES),
            ("venues.toml", VENUES),
            ("participants.toml", PARTICIPANTS),
        ] {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        cache::enable(true, false);
        let data = jelly::store::load(&DataDir::new(dir.path()), jelly::i18n::Lang::En).unwrap();
        cache::finish();
        assert!(data.cache_key.is_some());
        (dir, data)
    })
}

fuzz_target!(|input: Input| {
    let venues = usize::from(input.venues % 8);
    if let Some(figures) = figures_cache::decode_records(&input.records, venues) {
        assert_eq!(figures.len(), venues);
        let again = figures_cache::encode_records(&figures);
        assert_eq!(figures_cache::decode_records(&again, venues), Some(figures));
    }

    let (root, data) = association();
    let dir = DataDir::new(root.path());
    let date = chrono::NaiveDate::from_ymd_opt(2027, 1, 14)
        .unwrap()
        .and_hms_opt(18, 30, 0)
        .unwrap();
    let expected = jelly::rotation::figures_with_turnout(data, date).0;
    let path = root.path().join(".jelly-cache/figures.bin");
    // The file as kept for this key, then damaged; or any bytes at all.
    figures_cache::figures(&dir, data, date);
    let mut bytes = std::fs::read(&path).unwrap();
    if input.changes.is_empty() {
        bytes = input.file;
    }
    let length = bytes.len().max(1);
    for (at, value) in input.changes {
        if let Some(byte) = bytes.get_mut(usize::from(at) % length) {
            *byte ^= value;
        }
    }
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(figures_cache::figures(&dir, data, date), expected);
});
