//! `jelly agenda`: upcoming sessions as a table, JSON, or an iCalendar feed
//! whose UIDs are the invitations' UIDs.

use icalendar::{Component, EventLike};

use crate::harness::*;

#[test]
fn agenda_lists_upcoming_planned_sessions_in_date_order() {
    let env = TestEnv::demo().at(NOW);
    let later = env.schedule(
        "2027-02-04T18:30",
        Some("rousson-mairie"),
        Some("Facturation électronique"),
    );
    let sooner = env.schedule(
        "2026-12-10T18:30",
        Some("ales-telecentre"),
        Some("L'IA générative"),
    );
    let cancelled = env.schedule("2027-01-14T18:30", Some("lasalle-cafe"), Some("Annulée"));
    env.ok(&["cancel", &cancelled]);

    let json = env.json(&["agenda"]);
    assert_eq!(
        column(&json, "id"),
        [sooner.as_str(), later.as_str()],
        "held, cancelled and past sessions are left out"
    );
    assert_eq!(json[0]["date"], "2026-12-10T18:30:00");
    assert_eq!(json[0]["village_name"], "Alès");
    assert_eq!(json[0]["invited"], 21);

    let text = env.ok(&["agenda"]);
    assert!(
        text.contains("2026-12-10 18:30") && text.contains("Télécentre d'Alès"),
        "{text}"
    );
    assert!(text.find("2026-12-10").unwrap() < text.find("2027-02-04").unwrap());

    // After the first session, only the second is upcoming.
    let json = env.json(&["--now", "2026-12-11", "agenda"]);
    assert_eq!(json.as_array().unwrap().len(), 1);
}

#[test]
fn the_feed_parses_and_shares_its_uids_with_the_invitations() {
    let env = TestEnv::demo().at(NOW);
    let id = env.schedule(
        "2026-12-10T18:30",
        Some("ales-telecentre"),
        Some("L'IA générative « pour tous »"),
    );
    let feed = env.ok(&["agenda", "--ics"]);
    assert!(feed.contains("METHOD:PUBLISH"));
    let calendar: icalendar::Calendar = feed.parse().expect("icalendar parses the feed");
    let event = the_event(&calendar);
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

    env.ok(&["invite", &id]);
    let first = &env.files_in("outbox")[0];
    let message = Part::parse(&std::fs::read(first).unwrap());
    let invitation = crate::harness::calendar(&message);
    assert_eq!(
        the_event(&invitation).get_uid(),
        event.get_uid(),
        "same UID in the feed and the invitation"
    );
}

#[test]
fn an_empty_agenda_says_what_to_do() {
    let env = TestEnv::demo().at(NOW);
    let out = env.ok(&["agenda"]);
    assert!(out.contains("Aucune session prévue"), "{out}");
    assert_eq!(env.ok(&["-q", "agenda"]), "");
}
