//! The waiting list (issue 27): a 5-seat venue, 8 "yes", 2 withdrawals,
//! one offer accepted and one run out (with --now), checked at a real SMTP
//! server and in the session file; and invitations limited by `--invite`.

use std::collections::{BTreeMap, BTreeSet};

use crate::harness::{MailServer, Part, TestEnv, NOW};

/// Messages received per address, as (subject) lists in arrival order.
fn by_address(server: &MailServer) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in server.received() {
        let part = Part::parse(&r.data);
        map.entry(r.to[0].clone())
            .or_default()
            .push(part.decoded_header("Subject").unwrap_or_default());
    }
    map
}

fn answer(env: &TestEnv, event: &str, who: &str, what: &str, now: &str) -> String {
    env.ok(&["--now", now, "rsvp", event, who, what])
}

#[test]
fn five_seats_eight_yes_two_withdrawals_one_offer_run_out() {
    let server = MailServer::start();
    let env = TestEnv::smtp(&server.url());
    env.mail_config(
        &server.url(),
        "\n[rotation]\nwaitlist = true\nwaitlist_hold = \"48h\"\n",
    );
    let venues = env.read("venues.toml");
    let at = venues.find("id = \"anduze-mediatheque\"").unwrap();
    let patched = format!(
        "{}{}",
        &venues[..at],
        venues[at..].replacen("capacity = 20", "capacity = 5", 1)
    );
    env.write("venues.toml", patched);
    let event = env.schedule_anduze();
    let people: Vec<(String, String)> = env.invitees().into_iter().take(8).collect();
    assert_eq!(people.len(), 8);
    let id = |i: usize| people[i].0.as_str();
    let email = |i: usize| people[i].1.clone();
    // 8 yes, a minute apart: the first five get the seats.
    for i in 0..8 {
        let out = answer(&env, &event, id(i), "yes", &format!("2026-11-23T10:0{i}"));
        if i >= 5 {
            assert!(out.contains(&format!("en position {}", i - 4)), "{out}");
        }
    }
    let file = env.event(&event);
    let answer_of =
        |file: &toml::Table, who: &str| file["rsvp"][who]["answer"].as_str().unwrap().to_string();
    for i in 0..8 {
        let expected = if i < 5 { "yes" } else { "waitlist" };
        assert_eq!(answer_of(&file, id(i)), expected, "{}", id(i));
    }
    let mail = by_address(&server);
    assert_eq!(
        mail.keys().cloned().collect::<BTreeSet<_>>(),
        (5..8).map(email).collect(),
        "only the waiting list is told"
    );
    assert!(
        mail[&email(5)][0].starts_with("Liste d'attente"),
        "{mail:?}"
    );

    // Two withdrawals: the first two of the list are offered the seats.
    answer(&env, &event, id(1), "no", "2026-11-23T12:00");
    answer(&env, &event, id(3), "no", "2026-11-23T13:00");
    let file = env.event(&event);
    assert_eq!(
        file["rsvp"][id(5)]["offered"].to_string(),
        "2026-11-23T12:00:00"
    );
    assert_eq!(
        file["rsvp"][id(6)]["offered"].to_string(),
        "2026-11-23T13:00:00"
    );
    assert!(file["rsvp"][id(7)].get("offered").is_none());
    let mail = by_address(&server);
    assert_eq!(mail[&email(5)].len(), 2);
    assert!(
        mail[&email(5)][1].starts_with("Une place s'est libérée"),
        "{mail:?}"
    );
    // The offer carries the invitation: one click on "Accept" answers it.
    let offer = server
        .received()
        .into_iter()
        .rfind(|r| r.to[0] == email(5))
        .unwrap();
    assert!(Part::parse(&offer.data).find("text/calendar").is_some());

    // The first accepts in time; the second lets the offer run out.
    answer(&env, &event, id(5), "yes", "2026-11-24T09:00");
    env.ok(&["--now", "2026-11-25T12:59", "remind"]);
    assert!(
        env.event(&event)["rsvp"][id(6)].get("expired").is_none(),
        "not yet"
    );
    let count = server.count();
    let out = env.ok(&["--now", "2026-11-25T13:00", "remind"]);
    assert!(!out.is_empty());
    let file = env.event(&event);
    assert_eq!(answer_of(&file, id(5)), "yes");
    assert_eq!(answer_of(&file, id(6)), "waitlist");
    assert_eq!(file["rsvp"][id(6)]["expired"].as_bool(), Some(true));
    assert_eq!(
        file["rsvp"][id(7)]["offered"].to_string(),
        "2026-11-25T13:00:00"
    );
    assert_eq!(server.count(), count + 2, "the expiry and the new offer");
    let mail = by_address(&server);
    assert!(mail[&email(6)][2].starts_with("Offre expirée"), "{mail:?}");
    assert!(
        mail[&email(7)][1].starts_with("Une place s'est libérée"),
        "{mail:?}"
    );
    // Seats: 5 yes (0, 2, 4, 5 and the offer to 7 held).
    let yes = (0..8).filter(|i| answer_of(&file, id(*i)) == "yes").count();
    assert_eq!(yes, 4);

    // Never twice: remind again, nothing new.
    env.ok(&["--now", "2026-11-25T14:00", "remind"]);
    assert_eq!(server.count(), count + 2);
    // Per person, every message distinct (one per step).
    for (address, subjects) in by_address(&server) {
        let distinct: BTreeSet<&String> = subjects.iter().collect();
        assert_eq!(distinct.len(), subjects.len(), "{address}: {subjects:?}");
    }

    // The forecast and the sign-in sheet show the list.
    let forecast = env.json(&["forecast", &event]);
    assert_eq!(forecast["waitlist"], serde_json::json!([id(7)]));
    let sheet = env.ok(&["sheet", &event, "--html"]);
    let waiting = env.json(&["participants"]);
    let name = crate::harness::find(&waiting, "id", id(7))["name"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        sheet.contains(&format!("{name} (liste d&#x27;attente, n° 1)")),
        "{sheet}"
    );
}

#[test]
fn schedule_invites_only_those_near_the_venue() {
    let env = TestEnv::demo().at(NOW);
    env.write("merci.md", "x\n");
    // Those within 20 km of the Anduze library, as `jelly mail` selects them.
    let json = env.json(&[
        "mail",
        "--subject",
        "x",
        "--body",
        "merci.md",
        "--to",
        "near:anduze-mediatheque:20",
        "--dry-run",
    ]);
    let mut near: Vec<String> = crate::harness::column(&json["recipients"], "participant")
        .into_iter()
        .chain(crate::harness::column(&json["skipped"], "participant"))
        .map(str::to_string)
        .collect();
    near.sort();
    let id = env
        .ok(&[
            "schedule",
            "--date",
            "2026-12-03T18:30",
            "--venue",
            "anduze-mediatheque",
            "--invite",
            "near:anduze-mediatheque:20",
        ])
        .trim()
        .to_string();
    let mut invited = crate::harness::strings(&env.event(&id)["invited"]);
    invited.sort();
    assert_eq!(invited, near);
    let everyone = env.json(&["participants"]).as_array().unwrap().len();
    assert!(!invited.is_empty() && invited.len() < everyone);
    // The forecast counts only them.
    let forecast = env.json(&["forecast", &id]);
    assert_eq!(forecast["invited"].as_u64(), Some(invited.len() as u64));
    // A bad selector is refused, nothing written.
    let err = env.fails(
        2,
        &[
            "schedule",
            "--date",
            "2026-12-10T18:30",
            "--invite",
            "pres:x",
        ],
    );
    assert!(err.contains("--invite"), "{err}");
}

#[test]
fn a_calendar_accept_for_a_full_session_goes_on_the_list_through_inbox() {
    use crate::inbox::{fixture, inbox_env, EVENT, EVENT_FILE};
    let env = inbox_env("maildir = \"Maildir\"");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(env.file("Maildir").join(sub)).unwrap();
    }
    env.edit(
        "jelly.toml",
        "[rotation]\n",
        "[rotation]\nwaitlist = true\n",
    );
    let venues = env.read("venues.toml");
    let at = venues.find("id = \"ales-telecentre\"").unwrap();
    env.write(
        "venues.toml",
        format!(
            "{}{}",
            &venues[..at],
            venues[at..].replacen("capacity = 30", "capacity = 1", 1)
        ),
    );
    // Sébastien took the one seat by phone.
    env.write(
        &format!("events/{EVENT}.toml"),
        format!("{EVENT_FILE}sebastien = {{ answer = \"yes\", at = 2026-11-21T10:00:00 }}\n"),
    );
    let accepted = String::from_utf8(fixture("outlook-declined.eml"))
        .unwrap()
        .replace("DECLINED", "ACCEPTED")
        .replace("Declined:", "Accepted:");
    std::fs::write(env.file("Maildir/new").join("1764660000.a.host"), accepted).unwrap();
    let out = env.ok(&["--now", crate::inbox::NOW, "inbox"]);
    assert!(out.contains("liste d'attente"), "{out}");
    let file = env.event(EVENT);
    assert_eq!(file["rsvp"]["valerie"]["answer"].as_str(), Some("waitlist"));
    assert_eq!(file["rsvp"]["sebastien"]["answer"].as_str(), Some("yes"));
    let sent: Vec<String> = env
        .files_in("outbox")
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].contains("valerie.waitlisted"), "{sent:?}");
}
