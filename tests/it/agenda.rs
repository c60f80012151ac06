//! `jelly agenda`: upcoming sessions as a table, JSON, or an iCalendar feed
//! whose UIDs are the invitations' UIDs.

use icalendar::{Component, EventLike};

use crate::harness::*;
use crate::mailserver::Part;

const NOW: &str = "2026-11-23T09:00";

fn schedule(env: &TestEnv, date: &str, venue: &str, theme: &str) -> String {
    let out = env
        .jelly()
        .args([
            "--now", NOW, "schedule", "--date", date, "--venue", venue, "--theme", theme,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_string()
}

#[test]
fn agenda_lists_upcoming_planned_sessions_in_date_order() {
    let env = TestEnv::demo();
    let later = schedule(
        &env,
        "2027-02-04T18:30",
        "rousson-mairie",
        "Facturation électronique",
    );
    let sooner = schedule(
        &env,
        "2026-12-10T18:30",
        "ales-telecentre",
        "L'IA générative",
    );
    let cancelled = schedule(&env, "2027-01-14T18:30", "lasalle-cafe", "Annulée");
    let out = env
        .jelly()
        .args(["--now", NOW, "cancel", &cancelled])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    let out = env
        .jelly()
        .args(["--now", NOW, "--format", "json", "agenda"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [sooner.as_str(), later.as_str()],
        "held, cancelled and past sessions are left out"
    );
    assert_eq!(json[0]["date"], "2026-12-10T18:30:00");
    assert_eq!(json[0]["village_name"], "Alès");
    assert_eq!(json[0]["invited"], 21);

    let out = env.jelly().args(["--now", NOW, "agenda"]).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("2026-12-10 18:30") && text.contains("Télécentre d'Alès"),
        "{text}"
    );
    assert!(text.find("2026-12-10").unwrap() < text.find("2027-02-04").unwrap());

    // After the first session, only the second is upcoming.
    let out = env
        .jelly()
        .args(["--now", "2026-12-11", "--format", "json", "agenda"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
}

#[test]
fn the_feed_parses_and_shares_its_uids_with_the_invitations() {
    let env = TestEnv::demo();
    let id = schedule(
        &env,
        "2026-12-10T18:30",
        "ales-telecentre",
        "L'IA générative « pour tous »",
    );
    let out = env
        .jelly()
        .args(["--now", NOW, "agenda", "--ics"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let feed = stdout(&out);
    assert!(feed.contains("METHOD:PUBLISH"));
    let calendar: icalendar::Calendar = feed.parse().expect("icalendar parses the feed");
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .collect();
    assert_eq!(events.len(), 1);
    let event = events[0];
    assert_eq!(
        event.get_summary(),
        Some("Jelly à Alès — L'IA générative « pour tous »")
    );
    // 18:30 in Paris in December is 17:30 UTC.
    assert_eq!(event.property_value("DTSTART"), Some("20261210T173000Z"));
    assert!(event
        .get_location()
        .unwrap()
        .starts_with("Télécentre d'Alès"));

    let out = env
        .jelly()
        .args(["--now", NOW, "invite", &id])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let first = std::fs::read_dir(env.file("outbox"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let message = Part::parse(&std::fs::read(first).unwrap());
    let part = message.find("text/calendar").expect("a calendar part");
    let invitation: icalendar::Calendar = part.text().parse().unwrap();
    let invited_event = invitation
        .components
        .iter()
        .find_map(|c| c.as_event())
        .unwrap();
    assert_eq!(
        invited_event.get_uid(),
        event.get_uid(),
        "same UID in the feed and the invitation"
    );
}

#[test]
fn an_empty_agenda_says_what_to_do() {
    let env = TestEnv::demo();
    let out = env.jelly().args(["--now", NOW, "agenda"]).output().unwrap();
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("Aucune session prévue"),
        "{}",
        stdout(&out)
    );
    let out = env
        .jelly()
        .args(["--now", NOW, "-q", "agenda"])
        .output()
        .unwrap();
    assert!(stdout(&out).is_empty());
}
