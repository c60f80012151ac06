//! Date polls end to end: `poll new`, `poll send` through a real SMTP
//! server, the links of each received message parsed by Python per RFC
//! 6068, replies composed as several clients do and delivered into a
//! Maildir, `jelly inbox`, then `poll show --format json` equal to what was
//! voted; `remind` only to those who did not answer; `close` creates the
//! session with the votes as answers; export and forget.

use std::collections::BTreeMap;

use crate::answers::{links_of, reply, Link};
use crate::harness::*;

const DATES: [&str; 3] = ["2026-12-10T18:30", "2026-12-17T18:30", "2027-01-07T18:30"];
const TO: &str = "contact@jelly.example.org";

fn setup(server: &MailServer) -> TestEnv {
    let env = TestEnv::smtp(&server.url());
    env.mail_config(&server.url(), "\n[inbox]\nmaildir = \"Maildir\"\n");
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(env.file("Maildir").join(sub)).unwrap();
    }
    env
}

fn deliver(env: &TestEnv, seconds: i64, n: usize, bytes: &[u8]) {
    let name = format!("{seconds}.M{n}P2.host");
    std::fs::write(env.file("Maildir/tmp").join(&name), bytes).unwrap();
    std::fs::rename(
        env.file("Maildir/tmp").join(&name),
        env.file("Maildir/new").join(&name),
    )
    .unwrap();
}

/// participant → option → [yes, if need be, no] links.
fn poll_links(server: &MailServer, poll: &str) -> BTreeMap<String, Vec<Vec<Link>>> {
    let mut out = BTreeMap::new();
    for message in server.received() {
        let links = links_of(&message);
        let text: Vec<Link> = links.iter().filter(|l| l.part == "text").cloned().collect();
        let html: Vec<Link> = links.iter().filter(|l| l.part == "html").cloned().collect();
        assert_eq!(text.len(), 9, "{text:?}");
        assert_eq!(
            text.iter().map(|l| &l.subject).collect::<Vec<_>>(),
            html.iter().map(|l| &l.subject).collect::<Vec<_>>()
        );
        let person = message.to[0].trim_end_matches("@example.org").to_string();
        let mut options = Vec::new();
        for (n, chunk) in text.chunks(3).enumerate() {
            let labels: Vec<&str> = chunk.iter().map(|l| l.label.as_str()).collect();
            assert_eq!(labels, ["Oui", "Si besoin", "Non"]);
            for (link, code) in chunk.iter().zip(["y", "m", "n"]) {
                assert_eq!(link.to, TO);
                let start = format!("jelly-p.{poll}.{person}.{}{code}.0.", n + 1);
                assert!(link.subject.contains(&start), "{}", link.subject);
                assert!(link.body.contains(&start), "{}", link.body);
            }
            options.push(chunk.to_vec());
        }
        out.insert(person, options);
    }
    out
}

const T0: i64 = 1_795_510_800;

#[test]
fn a_poll_from_new_to_close() {
    if !needs("Python", "python3") {
        return;
    }
    let server = MailServer::start();
    let env = setup(&server);
    let (id, stderr) = env.ok_with_stderr(&[
        "poll",
        "new",
        "--date",
        DATES[0],
        "--date",
        DATES[1],
        "--date",
        DATES[2],
        "--theme",
        "Facturer sans se fâcher",
        "--close",
        "2026-12-05",
    ]);
    let id = id.trim().to_string();
    assert_eq!(id, "poll-2026-12-10");
    assert!(
        stderr.contains("jelly poll send poll-2026-12-10"),
        "{stderr}"
    );
    let file = env.toml(&format!("polls/{id}.toml"));
    assert_eq!(file["option"].as_array().unwrap().len(), 3);
    // Without --venue, each date's venue is `jelly next`'s choice.
    let next = env.json(&["next", "--date", DATES[1], "--format", "json"]);
    let choice = next["choice"]
        .as_str()
        .unwrap_or_else(|| panic!("{next:#}"));
    assert_eq!(file["option"][1]["venue"].as_str(), Some(choice));

    env.ok(&["poll", "send", &id]);
    let members = env.invitees();
    // Every active member counts, with an address or not.
    let active = env
        .json(&["participants"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["active"].as_bool().unwrap_or(true))
        .count();
    assert_eq!(shown_members(&env, &id), active);
    assert_eq!(server.count(), members.len());
    let links = poll_links(&server, &id);
    // Sent again: nothing goes twice.
    env.ok(&["poll", "send", &id]);
    assert_eq!(server.count(), members.len());

    // What each person votes, option by option (0 yes, 1 if need be, 2 no).
    let votes: &[(&str, &str, [Option<usize>; 3])] = &[
        ("sebastien", "thunderbird", [Some(0), Some(2), Some(1)]),
        ("valerie", "gmail", [Some(0), Some(0), None]),
        ("marie-france", "iphone", [Some(2), Some(0), Some(0)]),
        ("edith", "outlook-fr", [Some(1), Some(2), Some(2)]),
        ("jean-luc", "forward-de", [Some(0), None, Some(2)]),
    ];
    let mut n = 0;
    for (person, style, choice) in votes {
        for (option, vote) in choice.iter().enumerate() {
            let Some(vote) = vote else { continue };
            n += 1;
            let link = &links[*person][option][*vote];
            let from = format!("{person}@example.org");
            deliver(
                &env,
                T0 + n as i64 * 60,
                n,
                &reply(style, &from, &link.subject, &link.body, TO),
            );
        }
    }
    // Valérie changes her mind on option 2, later: « Non ».
    let link = &links["valerie"][1][2];
    deliver(
        &env,
        T0 + 3600,
        99,
        &reply(
            "gmail",
            "valerie@example.org",
            &link.subject,
            &link.body,
            TO,
        ),
    );
    let report = env.json(&["inbox", "--format", "json"]);
    assert_eq!(report["votes"].as_array().unwrap().len(), n, "{report:#}");

    let shown = env.json(&["poll", "show", &id, "--format", "json"]);
    let mut final_votes: Vec<(&str, [Option<usize>; 3])> =
        votes.iter().map(|(p, _, c)| (*p, *c)).collect();
    final_votes[1].1[1] = Some(2);
    for option in 0..3 {
        let o = &shown["options"][option];
        let count = |v: usize| {
            final_votes
                .iter()
                .filter(|(_, c)| c[option] == Some(v))
                .count()
        };
        let answered = final_votes
            .iter()
            .filter(|(_, c)| c[option].is_some())
            .count();
        assert_eq!(o["option"], option + 1);
        assert_eq!(o["date"].as_str().unwrap(), format!("{}:00", DATES[option]));
        assert_eq!(o["yes"], count(0), "{o:#}");
        assert_eq!(o["if_need_be"], count(1));
        assert_eq!(o["no"], count(2));
        assert_eq!(o["no_answer"], active - answered);
        let yes_names: Vec<&str> = final_votes
            .iter()
            .filter(|(_, c)| c[option] == Some(0))
            .map(|(p, _)| *p)
            .collect();
        let mut shown_names: Vec<&str> = o["names"]["yes"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_str().unwrap()).collect())
            .unwrap_or_default();
        shown_names.sort();
        let mut yes_names = yes_names;
        yes_names.sort();
        assert_eq!(shown_names, yes_names);
        assert!(o["expected_turnout"].as_f64().unwrap() > 0.0);
    }
    let recommended = shown["recommended"].as_u64().unwrap() as usize;
    let best = shown["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["expected_turnout"].as_f64().unwrap())
        .fold(f64::MIN, f64::max);
    assert!(
        (shown["options"][recommended - 1]["expected_turnout"]
            .as_f64()
            .unwrap()
            - best)
            .abs()
            < 0.051
    );
    // The table, in French.
    let table = env.ok(&["poll", "show", &id]);
    assert!(table.contains("Recommandé : l'option"), "{table}");
    assert!(table.contains("Oui (1) :"), "{table}");

    // The reminder goes only to those who did not answer, once.
    let before = server.count();
    env.ok(&["poll", "remind", &id]);
    assert_eq!(server.count() - before, members.len() - votes.len());
    assert_eq!(env.ok(&["poll", "remind", &id]), "");
    assert_eq!(server.count() - before, members.len() - votes.len());

    // Export, then close on option 1: the votes become answers.
    let export = env.json(&["participant", "export", "edith"]);
    assert_eq!(export["polls"][0]["poll"], id.as_str());
    assert_eq!(export["polls"][0]["votes"].as_array().unwrap().len(), 3);
    assert!(export["messages"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["kind"] == "poll"));
    let (session, _) = env.ok_with_stderr(&["poll", "close", &id, "--option", "1"]);
    let session = session.trim();
    assert_eq!(
        session,
        format!("2026-12-10-{}", village_of(&env, &file, 0))
    );
    let event = env.event(session);
    let invited: Vec<&str> = event["invited"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        invited.contains(&"marie-france"),
        "a « Non » is still invited"
    );
    assert_eq!(event["rsvp"]["marie-france"]["answer"].as_str(), Some("no"));
    assert_eq!(event["rsvp"]["sebastien"]["answer"].as_str(), Some("yes"));
    assert_eq!(event["rsvp"]["edith"]["answer"].as_str(), Some("maybe"));
    assert!(event["rsvp"].get("helene").is_none());
    let closed = env.toml(&format!("polls/{id}.toml"));
    assert_eq!(closed["status"].as_str(), Some("closed"));
    assert_eq!(closed["session"].as_str(), Some(session));
    let again = env.fails(2, &["poll", "close", &id]);
    assert!(again.contains("clos"), "{again}");

    // A late vote on a closed poll is listed, not recorded.
    let link = &links["helene"][0][0];
    deliver(
        &env,
        T0 + 7200,
        200,
        &reply(
            "iphone",
            "helene@example.org",
            &link.subject,
            &link.body,
            TO,
        ),
    );
    let (out, _) = env.ok_with_stderr(&["inbox"]);
    assert!(out.contains("sondage clos"), "{out}");

    // Forget: the votes go.
    env.ok_with_stderr(&["participant", "forget", "edith", "--yes"]);
    let after = env.read(&format!("polls/{id}.toml"));
    assert!(!after.contains("edith"), "{after}");
}

fn shown_members(env: &TestEnv, id: &str) -> usize {
    env.json(&["poll", "show", id, "--format", "json"])["members"]
        .as_u64()
        .unwrap() as usize
}

fn village_of(env: &TestEnv, poll: &toml::Table, option: usize) -> String {
    let venue = poll["option"][option]["venue"].as_str().unwrap();
    let venues = env.json(&["venues", "--format", "json"]);
    venues
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == venue)
        .unwrap()["village"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn poll_mistakes_exit_2_with_the_reason() {
    let env = TestEnv::demo().at(NOW);
    let out = env.fails(2, &["poll", "new"]);
    assert!(out.contains("--date"), "{out}");
    let out = env.fails(2, &["poll", "new", "--date", "2026-13-01"]);
    assert!(out.contains("--date"), "{out}");
    let out = env.fails(2, &["poll", "new", "--date", "2020-01-01T18:30"]);
    assert!(out.contains("passée"), "{out}");
    let out = env.fails(
        2,
        &[
            "poll",
            "new",
            "--date",
            "2026-12-10T18:30",
            "--date",
            "2026-12-10T18:30",
        ],
    );
    assert!(out.contains("deux fois"), "{out}");
    let out = env.fails(
        2,
        &[
            "poll",
            "new",
            "--date",
            "2026-12-10T18:30",
            "--close",
            "2026-12-20",
        ],
    );
    assert!(out.contains("--close"), "{out}");
    let out = env.fails(
        2,
        &[
            "poll",
            "new",
            "--date",
            "2026-12-10T18:30",
            "--venue",
            "nowhere",
        ],
    );
    assert!(out.contains("--venue"), "{out}");
    let (id, _) = env.ok_with_stderr(&[
        "poll",
        "new",
        "--date",
        "2026-12-10T18:30",
        "--venue",
        "ales-telecentre",
    ]);
    let id = id.trim();
    let out = env.fails(2, &["poll", "close", id, "--option", "4"]);
    assert!(out.contains("--option 4"), "{out}");
    let out = env.fails(2, &["poll", "show", "poll-2026-12-11"]);
    assert!(out.contains(id), "the closest id: {out}");
    // `check` reads the polls too: an unknown venue, an unknown voter.
    env.ok(&["check"]);
    env.edit(
        &format!("polls/{id}.toml"),
        "[votes]",
        "[votes]\npersonne = { 1 = { vote = \"yes\" } }",
    );
    let out = env.fails(2, &["check"]);
    assert!(
        out.contains(&format!("polls/{id}.toml:")) && out.contains("personne"),
        "{out}"
    );
    // A hand edit gone wrong: file:line:column.
    env.edit(
        &format!("polls/{id}.toml"),
        "venue = \"ales-telecentre\"",
        "venue = 3",
    );
    let out = env.fails(2, &["poll", "show", id]);
    assert!(out.contains(&format!("polls/{id}.toml:")), "{out}");
}
