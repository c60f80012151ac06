//! Date polls at scale, the real binary end to end:
//!
//! - `jelly inbox` on a Maildir of 5,000 replies written from poll links
//!   (1,000 members, 3 options; text and HTML, quoted-printable), each
//!   token checked, the votes written into the poll file (the inbox's
//!   budget: ≤ 10 s for 10,000 messages, benches/inbox.rs);
//! - `jelly poll show` on the national set (100,000 members, 3 options,
//!   60,000 votes), target < 0.5 s.
//!
//! `cargo bench --features bench-data --bench poll`; see docs/performance.md.
#![allow(unreachable_pub)]

mod common;
use common::DOMAIN;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use jelly::bench_data::{write_national, NationalSize};
use jelly::mail::answer_token::{Claim, Vote};
use jelly::mail::unsubscribe::Key;
use jelly::store::DataDir;

const PEOPLE: usize = 1000;
const REPLIES: usize = 5000;

/// A poll file: 3 options and `votes` (participant, option, vote).
pub fn poll_text(venues: [&str; 3], votes: &[(String, u32, Vote)]) -> String {
    let mut text = String::from("# generated for the poll benchmark\nstatus = \"open\"\n");
    for (day, venue) in ["14", "21", "28"].iter().zip(venues) {
        text.push_str(&format!(
            "\n[[option]]\ndate = 2027-01-{day}T18:30:00\nvenue = \"{venue}\"\n"
        ));
    }
    text.push_str("\n[votes]\n");
    let mut current = String::new();
    let mut line = String::new();
    for (participant, option, vote) in votes {
        if *participant != current {
            if !line.is_empty() {
                text.push_str(&format!("{current} = {{ {line} }}\n"));
            }
            current = participant.clone();
            line.clear();
        } else {
            line.push_str(", ");
        }
        line.push_str(&format!(
            "{option} = {{ vote = \"{}\", at = 2026-11-24T10:00:00 }}",
            vote.as_str()
        ));
    }
    if !line.is_empty() {
        text.push_str(&format!("{current} = {{ {line} }}\n"));
    }
    text
}

fn write_association(dir: &Path) -> Key {
    common::write_mailbox_association(dir, PEOPLE, |i| format!("Membre {i}"));
    std::fs::create_dir_all(dir.join("polls")).unwrap();
    std::fs::write(
        dir.join("polls/hiver.toml"),
        poll_text(
            ["ales-telecentre", "anduze-mediatheque", "florac-telecentre"],
            &[],
        ),
    )
    .unwrap();
    Key::load_or_create(&DataDir::new(dir)).unwrap()
}

/// The `i`th reply: person i % 1,000, option i % 3 + 1.
fn reply(key: &Key, i: usize) -> String {
    let who = format!("p{}", i % PEOPLE);
    let token = Claim::Poll {
        poll: "hiver".into(),
        participant: who.clone(),
        option: (i % 3) as u32 + 1,
        vote: Vote::ALL[i / 3 % 3],
    }
    .token(key);
    let head = format!(
        "From: {who} <{who}@example.org>\r\nTo: contact@{DOMAIN}\r\n\
         Date: Tue, 1 Dec 2026 08:00:00 +0100\r\nMessage-ID: <poll-{i}@example.org>\r\n\
         Subject: Oui : jeudi 14 janvier 2027 {token}\r\nMIME-Version: 1.0\r\n"
    );
    if i.is_multiple_of(2) {
        format!(
            "{head}Content-Type: text/plain; charset=utf-8\r\n\r\n\
             Ma réponse : Oui. Envoyez ce message tel quel.\r\n\r\n{token}\r\n"
        )
    } else {
        format!(
            "{head}Content-Type: text/html; charset=utf-8\r\n\
             Content-Transfer-Encoding: quoted-printable\r\n\r\n\
             <div dir=3D\"ltr\">Ma r=C3=A9ponse : Oui.<br><br>{token}</div>\r\n"
        )
    }
}

fn fresh(template: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("cp")
        .arg("-a")
        .arg(format!("{}/.", template.display()))
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    dir
}

fn jelly(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_jelly"))
        .arg("--data")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn inbox(c: &mut Criterion) {
    let template = tempfile::tempdir().unwrap();
    let key = write_association(template.path());
    let maildir = template.path().join("Maildir");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    for i in 0..REPLIES {
        std::fs::write(
            maildir
                .join("new")
                .join(format!("{}.M{i}P1.bench", 1_795_510_800 + i)),
            reply(&key, i),
        )
        .unwrap();
    }
    let mut group = c.benchmark_group("poll");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(40));
    group.throughput(Throughput::Elements(REPLIES as u64));
    group.bench_function("inbox_5000_poll_replies", |b| {
        b.iter_batched(
            || fresh(template.path()),
            |dir| {
                jelly(
                    dir.path(),
                    &["--now", "2026-12-03T09:00", "inbox", "--format", "json"],
                );
                let poll = std::fs::read_to_string(dir.path().join("polls/hiver.toml")).unwrap();
                assert_eq!(poll.matches("vote = ").count(), 3 * PEOPLE);
                dir
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

/// The national set with a poll of 60,000 votes: 20,000 members × 3 options.
pub fn national_with_poll(dir: &Path) {
    write_national(dir, 42, &NationalSize::default()).unwrap();
    let data = jelly::store::load(&DataDir::new(dir), jelly::i18n::Lang::En).unwrap();
    let venues: Vec<&str> = data
        .venues
        .iter()
        .filter(|v| v.active)
        .take(3)
        .map(|v| v.id.as_str())
        .collect();
    let mut votes = Vec::new();
    for (i, p) in data
        .participants
        .iter()
        .filter(|p| p.active)
        .take(20_000)
        .enumerate()
    {
        for option in 1..=3u32 {
            votes.push((p.id.clone(), option, Vote::ALL[(i + option as usize) % 3]));
        }
    }
    std::fs::create_dir_all(dir.join("polls")).unwrap();
    std::fs::write(
        dir.join("polls/national.toml"),
        poll_text([venues[0], venues[1], venues[2]], &votes),
    )
    .unwrap();
}

fn show(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    national_with_poll(dir.path());
    let mut group = c.benchmark_group("poll");
    group.sample_size(10);
    group.bench_function("show_national_60000_votes", |b| {
        b.iter(|| {
            let out = jelly(
                dir.path(),
                &[
                    "--now",
                    "2026-12-03T09:00",
                    "poll",
                    "show",
                    "national",
                    "--format",
                    "json",
                ],
            );
            assert!(out.stdout.len() > 60_000);
        });
    });
    group.finish();
}

criterion_group!(benches, inbox, show);
criterion_main!(benches);
