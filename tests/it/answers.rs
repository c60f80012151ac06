//! One-click answers end to end: invitations sent through a real SMTP
//! server; the `mailto:` links of each received message parsed as a mail
//! client would (Python's `email` and `urllib.parse`, tests/answers/
//! mailclient.py); replies composed from them as Thunderbird, Gmail, an
//! iPhone, Outlook in French and a German client do; delivered into a
//! Maildir and into a real Dovecot; `jelly inbox` records them as `jelly
//! rsvp` would, latest by the server's receive time, and lists forged,
//! truncated, edited, old-sequence and contradictory tokens with the reason.

use std::collections::BTreeMap;
use std::process::Command;

use crate::harness::dovecot::{self, PASSWORD, USER};
use crate::harness::*;

/// One link as the client sees it.
#[derive(Debug, Clone, serde::Deserialize, PartialEq)]
pub struct Link {
    pub part: String,
    pub label: String,
    pub to: String,
    pub subject: String,
    pub body: String,
}

pub fn client() -> String {
    repo_root()
        .join("tests/answers/mailclient.py")
        .display()
        .to_string()
}

/// The links of a received message, parsed by Python.
pub fn links_of(message: &Received) -> Vec<Link> {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &message.data).unwrap();
    let out = Command::new("python3")
        .arg(client())
        .arg("links")
        .arg(file.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The reply a client of `style` composes from `link`, sent from `from`.
pub fn reply(style: &str, from: &str, subject: &str, body: &str, to: &str) -> Vec<u8> {
    let out = Command::new("python3")
        .arg(client())
        .args([
            "reply",
            style,
            from,
            to,
            subject,
            body,
            // A Date header in the past: never what decides.
            "Mon, 01 Jan 2001 08:00:00 +0000",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The demo association sending through `server`, reading `[inbox]`.
fn env_with(server: &MailServer, inbox: &str) -> TestEnv {
    let env = TestEnv::smtp(&server.url());
    env.mail_config(&server.url(), &format!("\n[inbox]\n{inbox}\n"));
    env
}

fn maildir(env: &TestEnv) {
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(env.file("Maildir").join(sub)).unwrap();
    }
}

/// Delivers into new/ with the delivery time `seconds` in the name.
fn deliver(env: &TestEnv, seconds: i64, n: usize, bytes: &[u8]) {
    let name = format!("{seconds}.M{n}P1.host");
    std::fs::write(env.file("Maildir/tmp").join(&name), bytes).unwrap();
    std::fs::rename(
        env.file("Maildir/tmp").join(&name),
        env.file("Maildir/new").join(&name),
    )
    .unwrap();
}

/// participant → their three text links (yes, maybe, no), checked equal to
/// the HTML ones.
fn invitation_links(server: &MailServer) -> BTreeMap<String, Vec<Link>> {
    let mut by_person = BTreeMap::new();
    for message in server.received() {
        let links = links_of(&message);
        let (text, html): (Vec<Link>, Vec<Link>) =
            links.into_iter().partition(|l| l.part == "text");
        assert_eq!(text.len(), 3, "{text:?}");
        let strip = |l: &Link| {
            (
                l.label.clone(),
                l.to.clone(),
                l.subject.clone(),
                l.body.clone(),
            )
        };
        assert_eq!(
            text.iter().map(strip).collect::<Vec<_>>(),
            html.iter().map(strip).collect::<Vec<_>>()
        );
        let labels: Vec<&str> = text.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["Je viens", "Peut-être", "Je ne viens pas"]);
        let person = message.to[0].trim_end_matches("@example.org").to_string();
        for (link, code) in text.iter().zip(["y", "m", "n"]) {
            assert_eq!(link.to, "contact@jelly.example.org");
            let token_start = format!("jelly-e.2026-12-03-anduze.{person}.{code}.0.");
            assert!(link.subject.contains(&token_start), "{}", link.subject);
            assert!(link.body.contains(&token_start), "{}", link.body);
            // Nothing in the link names the address.
            assert!(!link.subject.contains('@') && !link.body.contains('@'));
        }
        by_person.insert(person, text);
    }
    by_person
}

fn token_of(link: &Link) -> String {
    link.subject
        .split_whitespace()
        .find(|w| w.starts_with("jelly-e."))
        .unwrap()
        .to_string()
}

fn answers(env: &TestEnv, id: &str) -> BTreeMap<String, (String, String)> {
    let event = env.event(id);
    event
        .get("rsvp")
        .and_then(|r| r.as_table())
        .map(|t| {
            t.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        (
                            v["answer"].as_str().unwrap().to_string(),
                            v["at"].to_string(),
                        ),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// 2026-11-24T09:00Z, 10:00 in Paris.
const T0: i64 = 1_795_510_800;

#[test]
fn replies_from_every_client_become_answers_and_bad_tokens_are_listed() {
    if !needs("Python", "python3") {
        return;
    }
    let server = MailServer::start();
    // After the deliveries below (T0 and the minutes after it).
    let env = env_with(&server, "maildir = \"Maildir\"").at("2026-11-24T12:00");
    maildir(&env);
    let id = env.schedule_anduze();
    env.ok(&["invite", &id]);
    let links = invitation_links(&server);
    assert!(links.len() >= 8, "{}", links.len());
    let to = "contact@jelly.example.org";
    let mail = |p: &str| format!("{p}@example.org");
    let send =
        |style: &str, from: &str, link: &Link| reply(style, from, &link.subject, &link.body, to);

    // Sébastien answers « Je viens » then, received later, « Je ne viens
    // pas » — the second has the older Date header and still wins.
    deliver(
        &env,
        T0 + 600,
        1,
        &send("thunderbird", &mail("sebastien"), &links["sebastien"][2]),
    );
    deliver(
        &env,
        T0,
        2,
        &send("thunderbird", &mail("sebastien"), &links["sebastien"][0]),
    );
    deliver(
        &env,
        T0 + 60,
        3,
        &send("gmail", &mail("valerie"), &links["valerie"][2]),
    );
    deliver(
        &env,
        T0 + 120,
        4,
        &send("iphone", &mail("marie-france"), &links["marie-france"][1]),
    );
    deliver(
        &env,
        T0 + 180,
        5,
        &send("outlook-fr", &mail("edith"), &links["edith"][0]),
    );
    // From Jean-Luc's phone, with another address.
    deliver(
        &env,
        T0 + 240,
        6,
        &send(
            "forward-de",
            "jl.portable@example.net",
            &links["jean-luc"][0],
        ),
    );

    // Hostile: a forged answer letter, a truncated token, François's token
    // with Céline's name on it, and two different answers in one reply.
    let forged = token_of(&links["francois"][0]).replacen(".y.", ".n.", 1);
    deliver(
        &env,
        T0 + 300,
        7,
        &reply(
            "thunderbird",
            &mail("francois"),
            &format!("Je viens {forged}"),
            "",
            to,
        ),
    );
    let whole = token_of(&links["celine"][0]);
    let truncated = &whole[..whole.len() - 4];
    deliver(
        &env,
        T0 + 310,
        8,
        &reply(
            "iphone",
            &mail("celine"),
            &format!("Re: {truncated}"),
            truncated,
            to,
        ),
    );
    let other = token_of(&links["francois"][2]).replacen("francois", "celine", 1);
    deliver(
        &env,
        T0 + 320,
        9,
        &reply(
            "gmail",
            &mail("celine"),
            &format!("Je viens {other}"),
            &other,
            to,
        ),
    );
    let two = format!(
        "{} {}",
        token_of(&links["noemie"][0]),
        token_of(&links["noemie"][2])
    );
    deliver(
        &env,
        T0 + 330,
        10,
        &reply("thunderbird", &mail("noemie"), "Réponse", &two, to),
    );

    let report = env.json(&["inbox", "--format", "json"]);
    let recorded: BTreeMap<String, (String, bool, Option<String>)> = report["rsvp"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["participant"].as_str().unwrap().to_string(),
                (
                    r["answer"].as_str().unwrap().to_string(),
                    r["recorded"].as_bool().unwrap(),
                    r["from_other_address"].as_str().map(str::to_string),
                ),
            )
        })
        .collect();
    let expected: BTreeMap<String, (String, bool, Option<String>)> = [
        ("sebastien", "no", None),
        ("valerie", "no", None),
        ("marie-france", "maybe", None),
        ("edith", "yes", None),
        ("jean-luc", "yes", Some("jl.portable@example.net")),
    ]
    .into_iter()
    .map(|(p, a, o)| (p.to_string(), (a.to_string(), true, o.map(str::to_string))))
    .collect();
    assert_eq!(recorded, expected, "{report:#}");
    let mut whys: Vec<&str> = report["needs_a_person"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["why"].as_str().unwrap())
        .collect();
    whys.sort();
    assert_eq!(
        whys,
        [
            "invalid_token",
            "invalid_token",
            "invalid_token",
            "several_answers"
        ]
    );

    // In the session file, as `jelly rsvp` writes it, at the server's
    // receive time (Paris): Sébastien's later reply, 10:10.
    let answers = answers(&env, &id);
    assert_eq!(
        answers["sebastien"],
        ("no".into(), "2026-11-24T10:10:00".into())
    );
    assert_eq!(
        answers["edith"],
        ("yes".into(), "2026-11-24T10:03:00".into())
    );
    assert!(!answers.contains_key("francois") && !answers.contains_key("celine"));
    assert!(!answers.contains_key("noemie"));

    // A rerun changes nothing and says nothing.
    let before = env.snapshot();
    assert_eq!(env.ok(&["inbox"]), "");
    assert_eq!(env.snapshot(), before);

    // The session changes (a new SEQUENCE): the old links are refused.
    env.edit(
        &format!("events/{id}.toml"),
        "status = \"planned\"",
        "status = \"planned\"\nsequence = 1",
    );
    deliver(
        &env,
        T0 + 900,
        11,
        &send("gmail", &mail("helene"), &links["helene"][0]),
    );
    let (out, _) = env.ok_with_stderr(&["inbox"]);
    assert!(out.contains("ancienne version de la session"), "{out}");
    assert!(!answers_has(&env, &id, "helene"));
}

fn answers_has(env: &TestEnv, id: &str, who: &str) -> bool {
    answers(env, id).contains_key(who)
}

#[test]
fn replies_through_dovecot_become_answers_at_the_servers_time() {
    if !needs("Python", "python3") {
        return;
    }
    let Some(mut imap) = dovecot::start() else {
        return;
    };
    let server = MailServer::start();
    let env = env_with(
        &server,
        &format!(
            "imap_url = \"{}\"\nusername = \"{USER}\"\nfolder = \"INBOX\"\n\
             done_folder = \"jelly\"\nca_file = \"{}\"",
            imap.imaps_url(),
            imap.ca.display()
        ),
    );
    let id = env.schedule_anduze();
    env.ok(&["invite", &id]);
    let links = invitation_links(&server);
    let invitations = server.count();
    // A date poll too: its votes come through the same mailbox.
    let (poll, _) = env.ok_with_stderr(&[
        "poll",
        "new",
        "--date",
        "2027-01-14T18:30",
        "--date",
        "2027-01-21T18:30",
        "--venue",
        "ales-telecentre",
    ]);
    let poll = poll.trim().to_string();
    env.ok(&["poll", "send", &poll]);
    let poll_links: BTreeMap<String, Vec<Link>> = server.received()[invitations..]
        .iter()
        .map(|m| {
            let person = m.to[0].trim_end_matches("@example.org").to_string();
            let text = links_of(m)
                .into_iter()
                .filter(|l| l.part == "text")
                .collect();
            (person, text)
        })
        .collect();
    let to = "contact@jelly.example.org";
    let mail = |p: &str| format!("{p}@example.org");
    let vote = |style: &str, who: &str, index: usize| {
        let link = &poll_links[who][index];
        reply(style, &mail(who), &link.subject, &link.body, to)
    };
    // Received just before the harness's now (2026-11-23 09:00 in Paris),
    // whatever their Date headers say (2001).
    imap.deliver_at(
        &[
            reply(
                "gmail",
                &mail("valerie"),
                &links["valerie"][0].subject,
                &links["valerie"][0].body,
                to,
            ),
            reply(
                "outlook-fr",
                &mail("edith"),
                &links["edith"][2].subject,
                &links["edith"][2].body,
                to,
            ),
            reply(
                "iphone",
                &mail("noemie"),
                &links["noemie"][1].subject,
                &links["noemie"][1].body,
                to,
            ),
            // Option 1: Valérie « Oui », Edith « Si besoin »; option 2: Noémie « Non ».
            vote("thunderbird", "valerie", 0),
            vote("outlook-fr", "edith", 1),
            vote("gmail", "noemie", 5),
        ],
        1_795_413_600,
    );
    let report = env
        .run(&["inbox", "--format", "json"])
        .env("JELLY_IMAP_PASSWORD", PASSWORD)
        .json();
    assert_eq!(report["rsvp"].as_array().unwrap().len(), 3, "{report:#}");
    let answers = answers(&env, &id);
    assert_eq!(answers["valerie"].0, "yes");
    assert_eq!(answers["edith"].0, "no");
    assert_eq!(answers["noemie"].0, "maybe");
    // The server's INTERNALDATE, not the 2001 Date header.
    assert!(!answers["valerie"].1.starts_with("2001"), "{answers:?}");
    assert_eq!(report["votes"].as_array().unwrap().len(), 3, "{report:#}");
    assert_eq!(imap.count(".jelly"), 6, "{}", imap.log());
    let shown = env.json(&["poll", "show", &poll, "--format", "json"]);
    let counts = |o: usize| {
        let o = &shown["options"][o];
        (
            o["yes"].as_u64().unwrap(),
            o["if_need_be"].as_u64().unwrap(),
            o["no"].as_u64().unwrap(),
        )
    };
    assert_eq!(counts(0), (1, 1, 0), "{shown:#}");
    assert_eq!(counts(1), (0, 0, 1), "{shown:#}");
}
