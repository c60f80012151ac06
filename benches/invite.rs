//! `jelly invite` of 1,000 participants to a loopback SMTP server (the test
//! suite's mailin-embedded server), the real binary end to end: loading,
//! composing 1,000 personalised messages with their .ics, sending them over
//! pooled connections and journaling each one durably.
//!
//! Two networks: the 1,000 people spread over six villages, and all of them
//! in one market town, every one agreeing to car-sharing (`carpool = true`),
//! the worst case for the car-sharing lists of each invitation.
//!
//! Run: `cargo bench --bench invite`. Throughput is reported in messages/s.
// A test, bench or example crate has no public surface: `pub` here only
// shares items between its own modules.
#![allow(unreachable_pub)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

#[path = "../tests/it/harness/smtp.rs"]
#[allow(dead_code)]
mod mailserver;

const PEOPLE: usize = 1000;
const EVENT: &str = "2026-12-03-anduze";

fn write_association(dir: &Path, url: &str, connections: usize, one_town: bool) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for name in ["villages.toml", "venues.toml", "distances.toml"] {
        std::fs::copy(root.join(name), dir.join(name)).unwrap();
    }
    std::fs::write(
        dir.join("jelly.toml"),
        format!(
            "[association]\nname = \"Jelly Gard-Lozère\"\n\n[mail]\n\
             from = \"Jelly Gard-Lozère <contact@jelly.example.org>\"\n\
             transport = \"smtp\"\nsmtp_url = \"{url}\"\ntls = \"none\"\nconnections = {connections}\n"
        ),
    )
    .unwrap();
    let villages = ["anduze", "ales", "lasalle", "florac", "mende", "rousson"];
    let mut participants = String::new();
    let mut invited = Vec::new();
    for i in 0..PEOPLE {
        let village = if one_town {
            "ales"
        } else {
            villages[i % villages.len()]
        };
        participants.push_str(&format!(
            "[[participant]]\nid = \"p{i}\"\nname = \"Hélène-Françoise n°{i}\"\n\
             email = \"p{i}@example.org\"\nvillage = \"{village}\"\n{}\n",
            if one_town { "carpool = true\n" } else { "" }
        ));
        invited.push(format!("\"p{i}\""));
    }
    std::fs::write(dir.join("participants.toml"), participants).unwrap();
    std::fs::create_dir_all(dir.join("events")).unwrap();
    std::fs::write(
        dir.join("events").join(format!("{EVENT}.toml")),
        format!(
            "date = 2026-12-03T18:30:00\nvenue = \"anduze-mediatheque\"\n\
             theme = \"Le télétravail, ça marche ?\"\nstatus = \"planned\"\ninvited = [{}]\n",
            invited.join(", ")
        ),
    )
    .unwrap();
}

fn invite(dir: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_jelly"))
        .arg("--data")
        .arg(dir)
        .args(["--now", "2026-11-23T09:00", "invite", EVENT])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

fn bench(c: &mut Criterion) {
    let server = mailserver::MailServer::start();
    let mut group = c.benchmark_group("invite");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(40));
    group.throughput(Throughput::Elements(PEOPLE as u64));
    for (connections, one_town) in [(1, false), (8, false), (8, true)] {
        let dir = tempfile::tempdir().unwrap();
        write_association(dir.path(), &server.url(), connections, one_town);
        let network = if one_town { "_one_town" } else { "" };
        group.bench_function(
            format!("{PEOPLE}_invitations_{connections}_connections{network}"),
            |b| {
                b.iter_batched(
                    || {
                        let _ = std::fs::remove_file(
                            dir.path().join("events").join(format!("{EVENT}.journal")),
                        );
                    },
                    |_| invite(dir.path()),
                    BatchSize::PerIteration,
                );
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
