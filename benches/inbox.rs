//! `jelly inbox` on a Maildir of 10,000 messages — mostly calendar replies
//! from 1,000 participants to 5 sessions, plus bounces, unsubscribe
//! requests, auto-replies and human messages — the real binary end to end:
//! reading and parsing every message, recording the answers, editing
//! participants.toml, journaling, and moving 9,000-odd files to cur/.
//!
//! Run: `cargo bench --bench inbox`. The target is ≤ 10 s per run.

mod common;
use common::DOMAIN;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

const PEOPLE: usize = 1000;
const MESSAGES: usize = 10_000;
const SESSIONS: [&str; 5] = [
    "2026-12-10-anduze",
    "2027-01-14-ales",
    "2027-02-11-florac",
    "2027-03-11-mende",
    "2027-04-08-lasalle",
];

fn write_association(dir: &Path) {
    common::write_mailbox_association(dir, PEOPLE, |i| format!("Hélène-Françoise n°{i}"));
    std::fs::create_dir_all(dir.join("events")).unwrap();
    let invited: Vec<String> = (0..PEOPLE).map(|i| format!("\"p{i}\"")).collect();
    let venues = [
        "anduze-mediatheque",
        "ales-telecentre",
        "florac-telecentre",
        "mende-coworking",
        "lasalle-cafe",
    ];
    for (session, venue) in SESSIONS.iter().zip(venues) {
        let date = &session[..10];
        std::fs::write(
            dir.join("events").join(format!("{session}.toml")),
            format!(
                "date = {date}T18:30:00\nvenue = \"{venue}\"\nstatus = \"planned\"\n\
                 sequence = 1\ninvited = [{}]\n",
                invited.join(", ")
            ),
        )
        .unwrap();
    }
}

/// The `i`th message of the mailbox.
fn message(i: usize) -> String {
    let who = format!("p{}", i % PEOPLE);
    let date = format!(
        "Tue, 1 Dec 2026 {:02}:{:02}:{:02} +0100",
        8 + i / 3600,
        i / 60 % 60,
        i % 60
    );
    let head = |subject: &str, extra: &str| {
        format!(
            "From: {who} <{who}@example.org>\r\nTo: contact@{DOMAIN}\r\nDate: {date}\r\n\
             Message-ID: <bench-{i}@example.org>\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\n{extra}"
        )
    };
    match i % 100 {
        0..=84 => {
            let session = SESSIONS[i / PEOPLE % SESSIONS.len()];
            let partstat = ["ACCEPTED", "DECLINED", "TENTATIVE"][i % 3];
            let ics = format!(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nMETHOD:REPLY\r\n\
                 BEGIN:VEVENT\r\nUID:{session}@{DOMAIN}\r\nSEQUENCE:1\r\nDTSTAMP:20261201T080000Z\r\n\
                 ATTENDEE;PARTSTAT={partstat};CN={who}:mailto:{who}@example.org\r\n\
                 END:VEVENT\r\nEND:VCALENDAR\r\n"
            );
            format!(
                "{}Content-Type: multipart/alternative; boundary=\"b{i}\"\r\n\r\n\
                 --b{i}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{who} a répondu.\r\n\
                 --b{i}\r\nContent-Type: text/calendar; charset=utf-8; method=REPLY\r\n\r\n{ics}\
                 --b{i}--\r\n",
                head("Accepted: Jelly", "")
            )
        }
        85..=89 => format!(
            "From: MAILER-DAEMON@{DOMAIN}\r\nTo: contact@{DOMAIN}\r\nDate: {date}\r\n\
             Message-ID: <bench-{i}@example.org>\r\nSubject: Undelivered Mail Returned to Sender\r\n\
             Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/report; report-type=delivery-status; boundary=\"r{i}\"\r\n\r\n\
             --r{i}\r\nContent-Type: text/plain\r\n\r\nCould not deliver.\r\n\
             --r{i}\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; {DOMAIN}\r\n\r\n\
             Final-Recipient: rfc822; {who}@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n\
             --r{i}--\r\n"
        ),
        90..=92 => format!("{}Content-Type: text/plain\r\n\r\n\r\n", head("unsubscribe", "")),
        93..=95 => format!(
            "{}Content-Type: text/plain; charset=utf-8\r\n\r\nJe suis absent.\r\n",
            head("Réponse automatique : Jelly", "Auto-Submitted: auto-replied\r\n")
        ),
        _ => format!(
            "{}Content-Type: text/plain; charset=utf-8\r\n\r\nJe viendrai avec plaisir !\r\n",
            head("Re: Jelly", "")
        ),
    }
}

fn write_maildir(dir: &Path) {
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    for i in 0..MESSAGES {
        std::fs::write(
            dir.join("new").join(format!("1764660000.M{i}P1.bench")),
            message(i),
        )
        .unwrap();
    }
}

/// A fresh copy of the association and its full Maildir.
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

fn bench(c: &mut Criterion) {
    let template = tempfile::tempdir().unwrap();
    write_association(template.path());
    write_maildir(&template.path().join("Maildir"));
    let jelly = env!("CARGO_BIN_EXE_jelly");
    let mut group = c.benchmark_group("inbox");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    group.throughput(Throughput::Elements(MESSAGES as u64));
    group.bench_function("maildir_10000_messages", |b| {
        b.iter_batched(
            || fresh(template.path()),
            |dir| {
                let out = Command::new(jelly)
                    .arg("--data")
                    .arg(dir.path())
                    .args(["--now", "2026-12-03T09:00", "inbox", "--format", "json"])
                    .stdin(Stdio::null())
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                let left = std::fs::read_dir(dir.path().join("Maildir/new"))
                    .unwrap()
                    .count();
                assert_eq!(left, 700, "human messages and auto-replies stay in new/");
                dir
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
