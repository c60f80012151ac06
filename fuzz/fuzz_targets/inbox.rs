//! `jelly inbox` on a Maildir holding one message of any bytes, delivered
//! at any time, new or already opened: it never panics, exits 0 (a message
//! it cannot understand is listed, never the run's end), and whatever it
//! writes `jelly check` accepts afterwards.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// The input's first 8 bytes are the delivery time of the Maildir file
/// name (seconds since 1970, little-endian), the 9th says whether the
/// message is in cur/ (odd) or new/, the rest is the message: so a real
/// message with a 9-byte prefix is a seed (fuzz/regressions/inbox/).
struct Input<'a> {
    delivered: u64,
    opened: bool,
    message: &'a [u8],
}

impl<'a> Input<'a> {
    fn read(data: &'a [u8]) -> Option<Input<'a>> {
        let (head, message) = data.split_at_checked(9)?;
        Some(Input {
            delivered: u64::from_le_bytes(head[..8].try_into().ok()?),
            opened: head[8] % 2 == 1,
            message,
        })
    }
}

const CONFIG: &str = "[association]\nname = \"Jelly\"\ntimezone = \"Europe/Paris\"\n\
[mail]\nfrom = \"Jelly <contact@jelly-gard-lozere.example.org>\"\ntransport = \"file\"\n\
[inbox]\nmaildir = \"Maildir\"\n";
const VILLAGES: &str = "[[village]]\nid = \"ales\"\nname = \"Alès\"\nlat = 44.12\nlon = 4.08\n";
const VENUES: &str =
    "[[venue]]\nid = \"ales-telecentre\"\nname = \"Télécentre\"\nvillage = \"ales\"\n";
const PARTICIPANTS: &str = "[[participant]]\nid = \"marie-france\"\nname = \"Marie-France\"\n\
email = \"marie-france@example.org\"\nvillage = \"ales\"\n\n\
[[participant]]\nid = \"jean-luc\"\nname = \"Jean-Luc\"\nemail = \"jean-luc@example.org\"\n\
village = \"ales\"\naliases = [\"jl@example.net\"]\n";
const EVENT: &str = "date = 2026-12-10T18:30:00\nvenue = \"ales-telecentre\"\n\
status = \"planned\"\nsequence = 1\ninvited = [\"marie-france\", \"jean-luc\"]\n";
const JOURNAL: &str = r#"{"participant":"jean-luc","email":"jean-luc@example.org","kind":"invitation","outcome":"sent","message_id":"<2026-12-10-ales.jean-luc.invitation.1.1764655950.0@jelly-gard-lozere.example.org>","sequence":1,"at":"2026-12-01T06:12:30Z"}"#;

fn jelly(root: &std::path::Path, args: &[&str]) -> std::process::ExitCode {
    let mut all = vec!["jelly", "--data", root.to_str().unwrap(), "--now", "2026-12-03T09:00"];
    all.extend_from_slice(args);
    jelly::run(all)
}

fuzz_target!(|data: &[u8]| {
    let Some(input) = Input::read(data) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for sub in ["Maildir/new", "Maildir/cur", "Maildir/tmp", "events"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }
    for (name, text) in [
        ("jelly.toml", CONFIG),
        ("villages.toml", VILLAGES),
        ("venues.toml", VENUES),
        ("participants.toml", PARTICIPANTS),
        ("events/2026-12-10-ales.toml", EVENT),
        ("events/2026-12-10-ales.journal", JOURNAL),
    ] {
        std::fs::write(root.join(name), text).unwrap();
    }
    let name = if input.opened {
        format!("cur/{}.M1P1.fuzz:2,S", input.delivered)
    } else {
        format!("new/{}.M1P1.fuzz", input.delivered)
    };
    std::fs::write(root.join("Maildir").join(name), input.message).unwrap();
    assert_eq!(jelly(root, &["inbox", "--format", "json"]), std::process::ExitCode::SUCCESS);
    assert_eq!(jelly(root, &["check"]), std::process::ExitCode::SUCCESS);
});
