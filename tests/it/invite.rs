//! Sessions and invitations against a real SMTP server on 127.0.0.1:
//! schedule, invite, rerun, cancel, refusals, a server down, a killed run,
//! STARTTLS, and the file transport of the demo.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use icalendar::{Component, EventLike};

use crate::harness::*;

#[test]
fn invitations_reach_every_invitee_once_and_cancel_reaches_the_same_people() {
    let server = MailServer::start();
    let env = TestEnv::smtp(&server.url());
    let id = env.schedule_anduze();
    let expected = env.invitees();
    assert!(expected.len() >= 10);

    let out = env.ok(&["invite", &id]);
    assert!(out.contains("pas d'e-mail"), "{out}");
    assert!(
        out.contains("Thierry"),
        "the participant without email is listed"
    );

    let received = server.received();
    let got: BTreeSet<String> = recipients(&received).into_iter().collect();
    assert_eq!(got.len(), received.len(), "nobody got two");
    assert_eq!(got, expected.values().cloned().collect::<BTreeSet<_>>());

    let noemie = message_to(&received, &expected["noemie"]);
    assert_eq!(noemie.mime_type(), "multipart/mixed");
    assert_eq!(noemie.parts[0].mime_type(), "multipart/alternative");
    let alternatives: Vec<String> = noemie.parts[0]
        .parts
        .iter()
        .map(super::harness::mime::Part::mime_type)
        .collect();
    assert_eq!(alternatives, ["text/plain", "text/html", "text/calendar"]);
    let attachment = &noemie.parts[1];
    assert!(attachment
        .header("Content-Disposition")
        .unwrap()
        .contains("invite.ics"));
    let subject = noemie.decoded_header("Subject").unwrap();
    assert_eq!(subject, "Jelly à Anduze, jeudi 3 décembre 2026 à 18:30");
    assert!(noemie.decoded_header("To").unwrap().contains("Noémie"));
    assert!(noemie
        .header("List-Unsubscribe")
        .unwrap()
        .contains("mailto:contact@jelly.example.org"));
    assert!(noemie.header("Message-ID").is_some() && noemie.header("Date").is_some());
    let text = noemie.find("text/plain").unwrap().text();
    assert!(text.contains("Bonjour Noémie,"), "{text}");
    assert!(text.contains("« Le télétravail, ça marche ? »"));
    assert!(text.contains("Médiathèque d'Anduze"));
    assert!(text.contains("km depuis"));
    assert!(text.contains("Vous recevez ce message parce que"));
    let html = noemie.find("text/html").unwrap().text();
    assert!(html.contains("Bonjour Noémie,"));

    let cal = calendar(&noemie);
    assert_eq!(cal.property_value("METHOD"), Some("REQUEST"));
    let event = the_event(&cal);
    let uid = event.get_uid().unwrap().to_string();
    assert_eq!(uid, format!("{id}@jelly.example.org"));
    assert_eq!(event.property_value("SEQUENCE"), Some("0"));
    // 18:30 in Paris in December is 17:30 UTC.
    assert_eq!(event.property_value("DTSTART"), Some("20261203T173000Z"));
    assert!(event.get_location().unwrap().contains("Médiathèque d"));
    assert!(event.property_value("GEO").is_some());
    assert!(event
        .property_value("ORGANIZER")
        .unwrap()
        .contains("contact@jelly.example.org"));
    let attendees: Vec<&str> = event
        .multi_properties()
        .get("ATTENDEE")
        .map(|list| list.iter().map(icalendar::Property::value).collect())
        .unwrap_or_default();
    assert_eq!(attendees, [format!("mailto:{}", expected["noemie"])]);
    let attached: icalendar::Calendar = attachment.text().parse().unwrap();
    assert_eq!(the_event(&attached).get_uid(), Some(uid.as_str()));

    let lines = env.journal(&id);
    assert_eq!(lines.len(), expected.len());
    assert!(lines
        .iter()
        .all(|l| l["outcome"] == "sent" && l["kind"] == "invitation"));
    assert!(lines
        .iter()
        .all(|l| l["message_id"].as_str().unwrap().starts_with('<')));

    // A rerun sends nothing.
    env.ok(&["invite", &id]);
    assert_eq!(server.count(), expected.len());

    // Cancel: exactly those invited, same UID, SEQUENCE 1, METHOD:CANCEL; the
    // file keeps its comment.
    let path = format!("events/{id}.toml");
    env.write(
        &path,
        format!("# prévu avec la mairie\n{}", env.read(&path)),
    );
    env.ok(&["cancel", &id, "--reason", "salle indisponible, désolé"]);
    let file = env.read(&path);
    assert!(file.starts_with("# prévu avec la mairie\n"));
    assert!(file.contains("status = \"cancelled\""));
    assert!(file.contains("sequence = 1"));
    let all = server.received();
    let cancellations = &all[expected.len()..];
    let got: BTreeSet<String> = recipients(cancellations).into_iter().collect();
    assert_eq!(got.len(), cancellations.len());
    assert_eq!(got, expected.values().cloned().collect::<BTreeSet<_>>());
    let cancel = message_to(cancellations, &expected["noemie"]);
    let cal = calendar(&cancel);
    assert_eq!(cal.property_value("METHOD"), Some("CANCEL"));
    let event = the_event(&cal);
    assert_eq!(event.get_uid(), Some(uid.as_str()));
    assert_eq!(event.property_value("SEQUENCE"), Some("1"));
    assert_eq!(event.property_value("STATUS"), Some("CANCELLED"));
    assert!(cancel
        .find("text/plain")
        .unwrap()
        .text()
        .contains("salle indisponible, désolé"));
    // Cancelling again sends nothing more; inviting is refused.
    env.ok(&["cancel", &id]);
    assert_eq!(server.count(), 2 * expected.len());
    env.fails(2, &["invite", &id]);
}

#[test]
fn reschedule_sends_an_update_with_the_next_sequence() {
    let server = MailServer::start();
    let env = TestEnv::smtp(&server.url());
    let id = env.schedule_anduze();
    let expected = env.invitees();
    env.ok(&["invite", &id, "--only", "noemie,agnes,thierry"]);
    assert_eq!(server.count(), 2, "thierry has no email");
    env.ok(&["reschedule", &id, "--date", "2026-12-10T18:00"]);
    let all = server.received();
    assert_eq!(
        all.len(),
        4,
        "the update goes only to those already invited"
    );
    let update = message_to(&all[2..], &expected["agnes"]);
    assert!(update
        .decoded_header("Subject")
        .unwrap()
        .starts_with("Modifiée"));
    let cal = calendar(&update);
    let event = the_event(&cal);
    assert_eq!(
        event.get_uid(),
        Some(format!("{id}@jelly.example.org").as_str())
    );
    assert_eq!(event.property_value("SEQUENCE"), Some("1"));
    assert_eq!(event.property_value("DTSTART"), Some("20261210T170000Z"));
    assert!(env
        .read(&format!("events/{id}.toml"))
        .contains("date = 2026-12-10T18:00:00"));
    // The others now get the invitation at SEQUENCE 1; the first two nothing.
    env.ok(&["invite", &id]);
    assert_eq!(server.count(), 4 + expected.len() - 2);
    let noemie_count = recipients(&server.received())
        .iter()
        .filter(|r| **r == expected["noemie"])
        .count();
    assert_eq!(noemie_count, 2);
}

#[test]
fn a_refused_recipient_is_journaled_as_failed_and_a_rerun_completes() {
    let server = MailServer::start();
    let env = TestEnv::smtp(&server.url());
    let id = env.schedule_anduze();
    let expected = env.invitees();
    server.refuse(&expected["gaetan"]);
    let (out, err) = env.fails_with_stdout(1, &["invite", &id]);
    assert!(err.contains(&expected["gaetan"]), "{err}");
    // The summary still shows every send, the refused one as refused.
    let rows = |result: &str| out.lines().filter(|l| l.contains(result)).count();
    assert_eq!(rows("┆ envoyé "), expected.len() - 1, "{out}");
    assert_eq!(rows("┆ refusé : permanent error (550)"), 1, "{out}");
    assert_eq!(server.count(), expected.len() - 1);
    let lines = env.journal(&id);
    let failed: Vec<_> = lines.iter().filter(|l| l["outcome"] == "failed").collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["participant"], "gaetan");
    assert!(
        failed[0]["error"].as_str().unwrap().contains("550"),
        "{:?}",
        failed[0]
    );
    assert_eq!(
        lines.iter().filter(|l| l["outcome"] == "sent").count(),
        expected.len() - 1
    );

    server.accept_all();
    env.ok(&["invite", &id]);
    let all = recipients(&server.received());
    assert_eq!(all.len(), expected.len());
    assert_eq!(all.last().unwrap(), &expected["gaetan"]);
}

#[test]
fn a_server_down_journals_nothing_and_a_later_run_sends_everything() {
    let env = TestEnv::smtp(&format!("smtp://127.0.0.1:{}", closed_port()));
    let id = env.schedule_anduze();
    let err = env.fails(1, &["invite", &id]);
    assert!(err.contains("envoi interrompu"), "{err}");
    assert!(env.journal(&id).iter().all(|l| l["outcome"] != "sent"));

    let server = MailServer::start();
    env.mail_config(&server.url(), "");
    env.ok(&["invite", &id]);
    assert_eq!(server.count(), env.invitees().len());
}

#[test]
fn a_killed_run_then_a_rerun_gives_everybody_one_invitation() {
    let server = MailServer::start();
    server.set_delay(Duration::from_millis(150));
    let env = TestEnv::smtp(&server.url());
    env.edit("jelly.toml", "connections = 4", "connections = 1");
    let id = env.schedule_anduze();
    let expected = env.invitees();
    let mut child = env.run(&["invite", &id]).spawn();
    let started = Instant::now();
    while server.count() < 4 && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = server.count();
    assert!(
        before >= 4 && before < expected.len(),
        "killed mid-run ({before})"
    );

    server.set_delay(Duration::ZERO);
    let (_, err) = env.ok_with_stderr(&["invite", &id]);
    // At most one message was in flight when the run was killed: it is
    // sent again, and the rerun says so.
    assert!(
        err.is_empty() || err.contains("avec le même Message-ID"),
        "{err}"
    );
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in recipients(&server.received()) {
        *counts.entry(r).or_default() += 1;
    }
    assert_eq!(
        counts.keys().cloned().collect::<BTreeSet<_>>(),
        expected.values().cloned().collect()
    );
    let duplicated = counts.values().filter(|&&c| c > 1).count();
    assert!(
        duplicated <= 1,
        "at most the message in flight twice: {counts:?}"
    );
    assert!(counts.values().all(|&c| c <= 2));
}

#[test]
fn starttls_with_a_private_certificate_authority() {
    let dir = tempfile::tempdir().unwrap();
    let server = MailServer::start_tls(dir.path());
    let env = TestEnv::smtp(&server.url());
    env.edit("jelly.toml", "tls = \"none\"", "tls = \"starttls\"");
    let id = env.schedule_anduze();
    // Without trusting the CA: a clear TLS failure, exit 1, nothing journaled.
    let err = env.fails(1, &["invite", &id]);
    assert!(
        err.contains("127.0.0.1") && err.contains("ca_file"),
        "the TLS failure names the host and the ca_file setting: {err}"
    );
    assert_eq!(server.count(), 0);
    assert!(env.journal_lines(&id).is_empty());
    let config = env.read("jelly.toml");
    env.write(
        "jelly.toml",
        format!(
            "{config}ca_file = \"{}\"\n",
            server.ca_file.as_ref().unwrap().display()
        ),
    );
    env.ok(&["invite", &id]);
    assert_eq!(server.count(), env.invitees().len());
    let noemie = message_to(&server.received(), "noemie@example.org");
    assert!(noemie.find("text/plain").unwrap().text().contains("Noémie"));
}

#[test]
fn plain_smtp_to_a_remote_host_is_refused() {
    let env = TestEnv::smtp("smtp://smtp.example.org:25");
    let err = env.fails(2, &["check"]);
    assert!(err.contains("jelly.toml"), "{err}");
}

#[test]
fn the_demo_invites_into_its_outbox_without_a_server() {
    let env = TestEnv::demo().at(NOW);
    let id = env.schedule_anduze();
    let dry = env.ok(&["invite", &id, "--dry-run"]);
    assert!(dry.contains("BEGIN:VCALENDAR"));
    assert!(!env.file("outbox").exists(), "a dry run sends nothing");
    let summary = env.ok(&["invite", &id]);
    env.golden("invite-demo", &summary);
    let files = env.files_in("outbox");
    assert_eq!(files.len(), env.invitees().len());
    calendar(&Part::parse(&std::fs::read(&files[0]).unwrap()));
}

#[test]
fn schedule_refuses_the_past_and_unknown_venues() {
    let env = TestEnv::demo().at(NOW);
    let err = env.fails(2, &["schedule", "--date", "2026-01-01"]);
    assert!(err.contains("--force"), "{err}");
    let err = env.fails(
        2,
        &["schedule", "--date", DATE, "--venue", "anduze-mediateque"],
    );
    assert!(err.contains("anduze-mediatheque"), "{err}");
    let id = env.schedule(DATE, None, None);
    let text = env.read(&format!("events/{id}.toml"));
    assert!(text.contains("status = \"planned\""));
    env.ok(&["check"]);
}

#[test]
fn two_invite_runs_at_once_never_send_twice() {
    let server = MailServer::start();
    server.set_delay(Duration::from_millis(50));
    let env = TestEnv::smtp(&server.url());
    let id = env.schedule_anduze();
    // The second starts while the first is surely sending (a message of
    // the first has reached the server), not whenever the two happen to
    // overlap.
    let first = env.run(&["invite", &id]).spawn();
    server.wait_for_data_end(1);
    let second = env.run(&["invite", &id]).spawn();
    finish(first).ok();
    finish(second).ok();
    let all = recipients(&server.received());
    let unique: BTreeSet<&String> = all.iter().collect();
    assert_eq!(all.len(), unique.len(), "nobody got two");
    assert_eq!(all.len(), env.invitees().len());
    assert_eq!(env.journal(&id).len(), all.len());
}

#[test]
fn only_refuses_people_not_invited() {
    let env = TestEnv::demo().at(NOW);
    let id = env.schedule_anduze();
    let err = env.fails(2, &["invite", &id, "--only", "noemie,personne"]);
    assert!(err.contains("personne"), "{err}");
    assert!(!env.file("outbox").exists());
}

/// Someone who joined after the session was scheduled: `--add` (an id or
/// a name) puts them among its guests and sends them, and only them, their
/// invitation, once; an unknown name, a past session or `--dry-run` change
/// nothing.
#[test]
fn add_invites_a_newcomer_to_a_scheduled_session_once() {
    let server = MailServer::start();
    let env = TestEnv::smtp(&server.url());
    let id = env.schedule_anduze();
    env.ok(&["invite", &id]);
    let before = server.received().len();
    env.ok(&[
        "participant",
        "add",
        "Léa Fabre",
        "--village",
        "anduze",
        "--email",
        "lea@example.org",
    ]);
    assert!(!env.event(&id)["invited"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v.as_str() == Some("lea-fabre")));

    let err = env.unchanged(|| env.fails(2, &["invite", &id, "--add", "Personne Inconnue"]));
    assert!(
        err.starts_with("--add: participant « Personne Inconnue » inconnu"),
        "{err}"
    );
    env.unchanged(|| env.fails(2, &["invite", &id, "--add", "lea-fabre", "--dry-run"]));
    let (out, err) = env.ok_with_stderr(&["invite", &id, "--add", "léa fabre"]);
    assert!(err.contains("Léa Fabre ajouté·e aux invités de"), "{err}");
    assert!(out.contains("Léa Fabre"), "{out}");
    let received = server.received();
    assert_eq!(received.len(), before + 1, "only the newcomer");
    assert_eq!(recipients(&received[before..]), ["lea@example.org"]);
    let invited = env.event(&id)["invited"].as_array().unwrap().clone();
    assert_eq!(
        invited
            .iter()
            .filter(|v| v.as_str() == Some("lea-fabre"))
            .count(),
        1
    );
    // Again: already a guest, already invited: nothing sent.
    let out = env.ok(&["invite", &id, "--add", "lea-fabre"]);
    assert!(out.contains("1 déjà reçu"), "{out}");
    assert_eq!(server.received().len(), before + 1);
    assert_eq!(
        env.event(&id)["invited"].as_array().unwrap().len(),
        invited.len()
    );
    env.ok(&["check"]);
    // A past session takes nobody new.
    env.unchanged(|| {
        env.fails(
            2,
            &[
                "--now",
                "2026-12-20T09:00",
                "invite",
                &id,
                "--add",
                "lea-fabre",
            ],
        )
    });
}

#[test]
fn a_past_session_is_not_invited_to() {
    let env = TestEnv::demo().at(NOW);
    let id = env.schedule_anduze();
    let err = env.unchanged(|| env.fails(2, &["--now", "2026-12-04T09:00", "invite", &id]));
    assert!(err.contains("a déjà eu lieu"), "{err}");
}

/// Once someone has bounced or asked for no more email, neither the update
/// nor the cancellation goes to them; the others still get theirs.
#[test]
fn updates_and_cancellations_skip_the_bounced_and_the_unsubscribed() {
    let server = MailServer::start();
    let env = TestEnv::smtp(&server.url());
    let id = env.schedule_anduze();
    env.ok(&["invite", &id]);
    let invited = server.count();
    env.edit(
        "participants.toml",
        "id = \"noemie\"\n",
        "id = \"noemie\"\nmail = false\n",
    );
    env.edit(
        "participants.toml",
        "id = \"valerie\"\n",
        "id = \"valerie\"\nbounced = 2026-11-24\n",
    );
    let expected = env.invitees();
    let (noemie, valerie) = (&expected["noemie"], &expected["valerie"]);

    let out = env.ok(&["reschedule", &id, "--date", "2026-12-04T18:30"]);
    assert!(out.contains("Noémie") && out.contains("Valérie"), "{out}");
    let updates = &server.received()[invited..];
    assert_eq!(updates.len(), invited - 2, "everyone but the two");
    let got = recipients(updates);
    assert!(!got.contains(noemie) && !got.contains(valerie), "{got:?}");

    let before = server.count();
    env.ok(&["cancel", &id]);
    let got = recipients(&server.received()[before..]);
    assert_eq!(got.len(), invited - 2);
    assert!(!got.contains(noemie) && !got.contains(valerie), "{got:?}");
}

/// What each person's last message says about the session, in the order
/// the server received them: (METHOD, DTSTART) of its calendar.
fn last_word(server: &MailServer) -> BTreeMap<String, (String, String)> {
    let mut last = BTreeMap::new();
    for received in server.received() {
        let message = received.parse();
        let calendar = calendar(&message);
        let method = calendar.property_value("METHOD").unwrap().to_string();
        let start = message
            .find("text/calendar")
            .unwrap()
            .text()
            .lines()
            .find(|l| l.starts_with("DTSTART"))
            .unwrap_or_default()
            .trim()
            .to_string();
        last.insert(received.to[0].clone(), (method, start));
    }
    last
}

/// `invite` and `cancel` of one session started together, and then `invite`
/// and `reschedule`: whichever runs first, nobody is left with a live
/// invitation to a cancelled session, nor with the old date after a
/// reschedule: each person's last message is the cancellation (or the
/// update), and later reruns send nothing.
#[test]
fn invite_racing_cancel_or_reschedule_leaves_nobody_with_a_stale_invitation() {
    for second in ["cancel", "reschedule"] {
        let server = MailServer::start();
        server.set_delay(Duration::from_millis(30));
        let env = TestEnv::smtp(&server.url());
        let id = env.schedule_anduze();
        let invite = env.run(&["invite", &id]).spawn();
        server.wait_for_data_end(1);
        let other = match second {
            "cancel" => env.run(&["cancel", &id, "--reason", "salle inondée"]),
            _ => env.run(&["reschedule", &id, "--date", "2026-12-10T18:30"]),
        }
        .spawn();
        for (name, child) in [("invite", invite), (second, other)] {
            let out = finish(child);
            // invite may find the session cancelled once it gets the lock.
            assert!(
                out.code == Some(0) || (name == "invite" && out.code == Some(2)),
                "{second}: {name} exited {:?}: {}",
                out.code,
                out.stderr
            );
        }
        server.set_delay(Duration::ZERO);
        // Whatever the order, the runs of cron and of an organiser finish the
        // job (invite after a reschedule sends the update to whoever lacks it).
        if second == "reschedule" {
            env.ok(&["invite", &id]);
        }
        let after = server.count();
        let last = last_word(&server);
        assert!(!last.is_empty(), "{second}: nothing sent");
        for (who, (method, start)) in &last {
            match second {
                "cancel" => assert_eq!(method, "CANCEL", "{who} keeps a live invitation"),
                _ => {
                    assert_eq!(method, "REQUEST", "{who}");
                    assert!(
                        start.contains("20261210T"),
                        "{who} keeps the old date: {start}"
                    );
                }
            }
        }
        // Reruns have nothing left to send.
        match second {
            "cancel" => {
                env.ok(&["cancel", &id]);
            }
            _ => {
                env.ok(&["invite", &id]);
            }
        }
        assert_eq!(server.count(), after, "{second}: a rerun sent again");
    }
}
